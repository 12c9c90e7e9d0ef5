/*
 * commit.c — group commit for the calling cycle. Every next (a lease) and
 * every logged touch is a write transaction, and a touch is acknowledged
 * only once it is on disk (synchronous=FULL): one transaction per request
 * would pay the locks, the WAL writes and an fsync each time. So requests
 * queue here; whichever worker finds no leader becomes it, takes everything
 * queued (up to BATCH) and runs it as one transaction (hw_work_run: a
 * savepoint each, one fsync when a touch is among them), then wakes the
 * others with their results. While it works, the next batch gathers.
 */
#include "http/http_int.h"

#include <pthread.h>

#define BATCH 64

typedef struct pending {
	hw_work_op *pOp;
	int bDone;
	struct pending *pNext;
} pending;

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv = PTHREAD_COND_INITIALIZER;
static pending *g_pHead, **g_ppTail = &g_pHead;
static int g_bLeader;

static void run_queued(hw_work *w, hw_work_op *pOp)
{
	pending me = {pOp, 0, NULL};

	pthread_mutex_lock(&g_mu);
	*g_ppTail = &me;
	g_ppTail = &me.pNext;
	while (!me.bDone) {
		if (g_bLeader) {
			pthread_cond_wait(&g_cv, &g_mu);
			continue;
		}
		/* lead: take a batch off the queue (one leader at a time) */
		static pending *apBatch[BATCH];
		static hw_work_op *apOp[BATCH];
		int n = 0;
		g_bLeader = 1;
		while (g_pHead && n < BATCH) {
			apBatch[n] = g_pHead;
			apOp[n++] = g_pHead->pOp;
			g_pHead = g_pHead->pNext;
		}
		if (!g_pHead)
			g_ppTail = &g_pHead;
		pthread_mutex_unlock(&g_mu);
		hw_work_run(w, apOp, n);
		pthread_mutex_lock(&g_mu);
		for (int i = 0; i < n; i++)
			apBatch[i]->bDone = 1;
		g_bLeader = 0;
		pthread_cond_broadcast(&g_cv);
	}
	pthread_mutex_unlock(&g_mu);
}

hw_rc hw_commit_next(hw_work *w, long long iUser, hw_offer *pOut, hw_err *pErr)
{
	hw_work_op op = {.eKind = HW_OP_NEXT, .iUser = iUser, .pOffer = pOut};
	run_queued(w, &op);
	*pErr = op.err;
	return op.rc;
}

hw_rc hw_commit_log(hw_work *w, const hw_log_in *pIn, hw_log_out *pOut, hw_err *pErr)
{
	hw_work_op op = {.eKind = HW_OP_LOG, .pIn = pIn, .pOut = pOut};
	run_queued(w, &op);
	*pErr = op.err;
	return op.rc;
}
