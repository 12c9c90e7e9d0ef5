/*
 * sender.c — the server's periodic sending: a thread of its own, with its
 * own store connection and work context (like the workers'), runs
 * hw_out_dispatch (channels/outreach.h) every `--send-every` seconds: due
 * email tasks rendered into the outbox, invitations, SMTP delivery, webhook
 * deliveries. What `hawser send` does at the command line, so a team that
 * runs the server needs nothing else.
 *
 * It stops with the server: hw_sender_stop() wakes it, the pass in progress
 * ends before its next email or webhook (each is its own transaction, so a
 * stop between two loses nothing), and joins it. A failed pass is reported on stderr and tried
 * again at the next tick.
 */
#include "http/http_int.h"

#include "channels/outreach.h"

#include <pthread.h>
#include <stdio.h>
#include <time.h>

static struct {
	pthread_t thread;
	int bRunning; /* started and not yet joined */
	int bStop;
	pthread_mutex_t mu;
	pthread_cond_t cv;
} g = {.mu = PTHREAD_MUTEX_INITIALIZER};

/* Sleep nSeconds or until stopped; 1 when stopped. */
static int nap(int nSeconds)
{
	struct timespec ts;
	int bStop;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += nSeconds;
	pthread_mutex_lock(&g.mu);
	while (!g.bStop && pthread_cond_timedwait(&g.cv, &g.mu, &ts) == 0)
		;
	bStop = g.bStop;
	pthread_mutex_unlock(&g.mu);
	return bStop;
}

/* hw_out_dispatch asks before each email: the server is stopping. */
static int stopping(void *pv)
{
	int b;
	(void)pv;
	pthread_mutex_lock(&g.mu);
	b = g.bStop;
	pthread_mutex_unlock(&g.mu);
	return b;
}

static void *sender_main(void *pv)
{
	const hw_http_opts *o = pv;
	hw_store *pStore = NULL;
	hw_work w;
	int bWork = 0;
	hw_err err;

	do {
		hw_out_stats st;
		hw_rc rc = HW_OK;
		hw_err_clear(&err);
		if (!pStore)
			rc = hw_store_open(o->zDb, &pStore, &err);
		if (rc == HW_OK && !bWork &&
		    (rc = hw_work_open(&w, pStore, o->pClock, &err)) == HW_OK)
			bWork = 1;
		if (rc == HW_OK)
			rc = hw_out_dispatch(&w, stopping, NULL, &st, &err);
		if (rc != HW_OK) {
			char zMsg[800];
			hw_err_format(&err, zMsg, sizeof zMsg);
			fprintf(stderr, "hawser serve: sending: %s\n", zMsg);
		}
	} while (!nap(o->nSendEvery));
	if (bWork)
		hw_work_close(&w);
	if (pStore)
		hw_store_close(pStore);
	hw_policy_thread_cleanup();
	return NULL;
}

hw_rc hw_sender_start(const hw_http_opts *pOpts, hw_err *pErr)
{
	pthread_condattr_t a;
	int e;
	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(&g.cv, &a);
	pthread_condattr_destroy(&a);
	g.bStop = 0;
	if ((e = pthread_create(&g.thread, NULL, sender_main, (void *)pOpts)) != 0) {
		pthread_cond_destroy(&g.cv);
		hw_err_set(pErr, "cannot start the sending thread (error %d)", e);
		return HW_EINTERNAL;
	}
	g.bRunning = 1;
	return HW_OK;
}

void hw_sender_stop(void)
{
	if (!g.bRunning)
		return;
	pthread_mutex_lock(&g.mu);
	g.bStop = 1;
	pthread_cond_broadcast(&g.cv);
	pthread_mutex_unlock(&g.mu);
	pthread_join(g.thread, NULL);
	pthread_cond_destroy(&g.cv);
	g.bRunning = 0;
}
