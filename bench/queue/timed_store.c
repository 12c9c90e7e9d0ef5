/*
 * timed_store.c — the method table that times a store's methods (see
 * timed_store.h). Each wrapper calls the real method between two
 * CLOCK_MONOTONIC reads (tens of nanoseconds through the vDSO, against the
 * hundreds of microseconds of a claim).
 */
#include "timed_store.h"

#include <string.h>
#include <time.h>

const char *const timed_part_names[TP_COUNT] = {
    "begin", "held", "probe", "lead", "history", "snooze", "lease", "enroll", "commit", "other",
};

static const hw_store_methods *pReal; /* the store's own methods */
static hw_store_methods timed;	      /* the copy in front of them */
static double afSec[TP_COUNT];
static long anCalls[TP_COUNT];
static long nProbeRows;

static double now_sec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Time one call of the real method as part P. */
#define TIMED(P, CALL)                                                                             \
	do {                                                                                       \
		double t0 = now_sec();                                                             \
		hw_rc rc = (CALL);                                                                 \
		afSec[P] += now_sec() - t0;                                                        \
		anCalls[P]++;                                                                      \
		return rc;                                                                         \
	} while (0)

static hw_rc t_begin(hw_store *p, int bDurable)
{
	TIMED(TP_BEGIN, pReal->xBegin(p, bDurable));
}

static hw_rc t_commit(hw_store *p)
{
	TIMED(TP_COMMIT, pReal->xCommit(p));
}

static hw_rc t_held(hw_store *p, long long iUser, hw_time tNow, hw_task *pOut)
{
	TIMED(TP_HELD, pReal->xTaskHeld(p, iUser, tNow, pOut));
}

typedef struct probe_ctx {
	hw_task_cb xCb;
	void *pCtx;
} probe_ctx;

static int probe_row(void *pv, const hw_task *t)
{
	probe_ctx *c = pv;
	nProbeRows++;
	return c->xCb(c->pCtx, t);
}

static hw_rc t_probe(hw_store *p, long long iUser, hw_time tNow, int nLimit, hw_task_cb xCb,
		     void *pCtx)
{
	probe_ctx c = {xCb, pCtx};
	TIMED(TP_PROBE, pReal->xTaskCandidates(p, iUser, tNow, nLimit, probe_row, &c));
}

static hw_rc t_lead(hw_store *p, long long iLead, hw_lead *pOut)
{
	TIMED(TP_LEAD, pReal->xLeadLoad(p, iLead, pOut));
}

static hw_rc t_history(hw_store *p, long long iLead, hw_htouch_cb xCb, void *pCtx)
{
	TIMED(TP_HISTORY, pReal->xTouchHistory(p, iLead, xCb, pCtx));
}

static hw_rc t_snooze(hw_store *p, long long iTask, hw_time tReady)
{
	TIMED(TP_SNOOZE, pReal->xTaskSnooze(p, iTask, tReady));
}

static hw_rc t_lease(hw_store *p, long long iTask, long long iUser, hw_time tNow, hw_time tUntil,
		     const char *zDial, int *pbGot)
{
	TIMED(TP_LEASE, pReal->xTaskLease(p, iTask, iUser, tNow, tUntil, zDial, pbGot));
}

static hw_rc t_enroll(hw_store *p, int nLimit, hw_id_cb xCb, void *pCtx)
{
	TIMED(TP_ENROLL, pReal->xEnrollCandidates(p, nLimit, xCb, pCtx));
}

void timed_store_install(hw_store *pStore)
{
	pReal = pStore->pMethods;
	timed = *pReal;
	timed.xBegin = t_begin;
	timed.xCommit = t_commit;
	timed.xTaskHeld = t_held;
	timed.xTaskCandidates = t_probe;
	timed.xLeadLoad = t_lead;
	timed.xTouchHistory = t_history;
	timed.xTaskSnooze = t_snooze;
	timed.xTaskLease = t_lease;
	timed.xEnrollCandidates = t_enroll;
	pStore->pMethods = &timed;
}

void timed_store_reset(void)
{
	memset(afSec, 0, sizeof afSec);
	memset(anCalls, 0, sizeof anCalls);
	nProbeRows = 0;
}

void timed_store_add(timed_sum *pSum, double fSec)
{
	double fCounted = 0;
	for (int i = 0; i < TP_COUNT; i++) {
		pSum->afSec[i] += afSec[i];
		pSum->anCalls[i] += anCalls[i];
		fCounted += afSec[i];
	}
	pSum->afSec[TP_OTHER] += fSec > fCounted ? fSec - fCounted : 0;
	pSum->anCalls[TP_OTHER]++;
	pSum->nProbeRows += nProbeRows;
	pSum->fSec += fSec;
	pSum->n++;
}
