/*
 * commit.c — group commit for logged touches. A touch is acknowledged only
 * once it is on disk (synchronous=FULL), and an fsync costs milliseconds: one
 * per request would cap the whole team at a few hundred touches a second.
 * So requests queue here; whichever worker finds no leader becomes it, takes
 * everything queued (up to BATCH) and logs it in one durable transaction
 * (hw_work_log_many: a savepoint each), then wakes the others with their
 * results. While it waits on the disk, the next batch gathers.
 */
#include "http/http_int.h"

#include <pthread.h>

#define BATCH 64

typedef struct pending {
	const hw_log_in *pIn;
	hw_log_out *pOut;
	hw_err *pErr;
	hw_rc rc;
	int bDone;
	struct pending *pNext;
} pending;

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv = PTHREAD_COND_INITIALIZER;
static pending *g_pHead, **g_ppTail = &g_pHead;
static int g_bLeader;

hw_rc hw_commit_log(hw_work *w, const hw_log_in *pIn, hw_log_out *pOut, hw_err *pErr)
{
	pending me = {pIn, pOut, pErr, HW_OK, 0, NULL};

	pthread_mutex_lock(&g_mu);
	*g_ppTail = &me;
	g_ppTail = &me.pNext;
	while (!me.bDone) {
		if (g_bLeader) {
			pthread_cond_wait(&g_cv, &g_mu);
			continue;
		}
		/* lead: take a batch off the queue (one leader at a time: the
		 * batch buffers are static) */
		static pending *apBatch[BATCH];
		static hw_log_in aIn[BATCH];
		static hw_log_out aOut[BATCH];
		static hw_rc aRc[BATCH];
		static hw_err aErr[BATCH];
		int n = 0;
		g_bLeader = 1;
		while (g_pHead && n < BATCH) {
			apBatch[n] = g_pHead;
			aIn[n] = *g_pHead->pIn;
			hw_err_clear(&aErr[n]);
			n++;
			g_pHead = g_pHead->pNext;
		}
		if (!g_pHead)
			g_ppTail = &g_pHead;
		pthread_mutex_unlock(&g_mu);
		hw_work_log_many(w, n, aIn, aOut, aRc, aErr);
		pthread_mutex_lock(&g_mu);
		for (int i = 0; i < n; i++) {
			*apBatch[i]->pOut = aOut[i];
			*apBatch[i]->pErr = aErr[i];
			apBatch[i]->rc = aRc[i];
			apBatch[i]->bDone = 1;
		}
		g_bLeader = 0;
		pthread_cond_broadcast(&g_cv);
	}
	pthread_mutex_unlock(&g_mu);
	return me.rc;
}
