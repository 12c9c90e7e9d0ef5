/*
 * test_sim.c — months of calling in seconds, on the injected clock.
 *
 * 10,000 fictional leads across time zones (hawser demo's international mix,
 * imported into a real SQLite file), a team of reps asking for the next lead
 * every 20 simulated minutes around the clock for 90 days, and random call
 * outcomes. The simulated days span the daylight-saving changes in both
 * directions (US and EU spring forward, Sydney falls back). At every offer
 * and every logged touch the test checks the invariants of DESIGN.md with an
 * oracle of its own (glibc's time zones, the windows written out from the
 * issue), not with the policy code under test:
 *   - no lead offered outside its legal window in any of its possible zones,
 *     inside a quiet window, above its jurisdiction's cap, or after a
 *     do-not-call request;
 *   - no lead held by two reps at once;
 *   - every brush-off planned a note and a call at least three days later
 *     that refers to it, and that call, when offered, shows the note;
 *   - every do-not-call request ended all of the lead's tasks at once and put
 *     every number on the list.
 * HAWSER_SIM_LEADS and HAWSER_SIM_DAYS scale it (tests/run.sh runs the
 * sanitizer build smaller); HAWSER_SIM_KEEP=1 keeps the database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/work.h"
#include "io/demo.h"
#include "io/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NUSERS 8
#define STEP (20 * 60)

static hw_time tSim;
static hw_time sim_now(void *p)
{
	(void)p;
	return tSim;
}
static const hw_clock clk = {sim_now, NULL};

/* xorshift: the same run every time */
static unsigned long long uRand = 0x2545F4914F6CDD1DULL;
static unsigned rnd(unsigned n)
{
	uRand ^= uRand << 13;
	uRand ^= uRand >> 7;
	uRand ^= uRand << 17;
	return (unsigned)(uRand % n);
}

typedef struct lead_state {
	long long iHolder;   /* user holding it (abandoned offer), 0 none */
	hw_time tHeldUntil;
	hw_time aCall[8];    /* last calls, for the cap */
	int nCall;
	int bDnc;
	long long iReferCall; /* the call task planned after a brush-off */
	long long iReferNote;
} lead_state;

static lead_state *aLead;
static long nLeads;
static long long nOffers, nLogs, nBrushOffs, nDncs, nReferShown, nCapChecks, nAbandons;
static long long anOfferInDst[2];

/* ---- the oracle ---- */

static int local_tm(const char *zZone, hw_time t, struct tm *pTm)
{
	time_t tt = (time_t)t;
	setenv("TZ", zZone, 1);
	tzset();
	return localtime_r(&tt, pTm) != NULL;
}

/* Is minute m (local) on weekday w (0 = Sunday, tm_wday) inside the legal
 * window of jurisdiction zJur, as the issue writes them? */
static int legal(const char *zJur, int w, int m)
{
	if (strcmp(zJur, "US-FL") == 0 || strcmp(zJur, "US-OK") == 0 || strcmp(zJur, "US-MD") == 0)
		return m >= 8 * 60 && m < 20 * 60;
	if (strncmp(zJur, "US", 2) == 0)
		return m >= 8 * 60 && m < 21 * 60;
	if (strncmp(zJur, "CA", 2) == 0)
		return w >= 1 && w <= 5 ? m >= 9 * 60 && m < 21 * 60 + 30 : m >= 10 * 60 && m < 18 * 60;
	if (strncmp(zJur, "AU", 2) == 0)
		return w >= 1 && w <= 5 ? m >= 9 * 60 && m < 20 * 60 : w == 6 ? m >= 9 * 60 && m < 17 * 60 : 0;
	/* the default for others */
	return w >= 1 && w <= 5 ? m >= 9 * 60 && m < 20 * 60 : w == 6 ? m >= 10 * 60 && m < 17 * 60 : 0;
}

static int quiet(int m)
{
	return (m >= 9 * 60 && m < 9 * 60 + 30) || (m >= 12 * 60 && m < 13 * 60) ||
	       (m >= 17 * 60 && m < 17 * 60 + 30);
}

static int capped(const char *zJur)
{
	return strcmp(zJur, "US-FL") == 0 || strcmp(zJur, "US-OK") == 0 || strcmp(zJur, "US-MD") == 0;
}

static void check_offer(const hw_offer *o, long long iUser)
{
	const hw_lead *l = &o->lead;
	lead_state *s = &aLead[l->iId];
	char zZones[512];
	assert_true(l->iId > 0 && l->iId <= nLeads);
	if (s->bDnc)
		fail_msg("lead %lld offered after a do-not-call request", l->iId);
	if (s->iHolder && s->iHolder != iUser && s->tHeldUntil > tSim)
		fail_msg("lead %lld offered to user %lld while user %lld holds it", l->iId, iUser,
			 s->iHolder);
	if (!l->zTimeZones || !l->zTimeZones[0])
		fail_msg("lead %lld offered with an unknown location", l->iId);
	snprintf(zZones, sizeof zZones, "%s", l->zTimeZones);
	for (char *z = strtok(zZones, "|"); z; z = strtok(NULL, "|")) {
		struct tm tm;
		int m;
		assert_true(local_tm(z, tSim, &tm));
		m = tm.tm_hour * 60 + tm.tm_min;
		if (!legal(l->zJur, tm.tm_wday, m))
			fail_msg("lead %lld (%s) offered at %02d:%02d on weekday %d in %s: outside "
				 "the legal window",
				 l->iId, l->zJur, tm.tm_hour, tm.tm_min, tm.tm_wday, z);
		if (quiet(m))
			fail_msg("lead %lld offered at %02d:%02d in %s: a quiet window", l->iId,
				 tm.tm_hour, tm.tm_min, z);
		anOfferInDst[tm.tm_isdst > 0]++;
	}
	if (capped(l->zJur)) {
		int n = 0;
		for (int i = 0; i < s->nCall; i++)
			n += s->aCall[i] > tSim - 86400;
		nCapChecks++;
		if (n >= 3)
			fail_msg("lead %lld (%s) offered after %d calls in 24 h", l->iId, l->zJur, n);
	}
	if (s->iReferCall && o->task.iId == s->iReferCall) {
		if (!o->bRefer || o->refer.iId != s->iReferNote || o->refer.eChannel != HW_CH_NOTE)
			fail_msg("lead %lld: the call after a brush-off does not show the note", l->iId);
		nReferShown++;
	}
}

typedef struct count_ctx {
	int n;
} count_ctx;

static int count_cb(void *pv, const hw_task *t)
{
	(void)t;
	((count_ctx *)pv)->n++;
	return 0;
}

static void log_random(hw_work *w, const hw_offer *o, long long iUser)
{
	static const struct {
		hw_outcome e;
		int nWeight;
	} aOut[] = {
		{HW_O_NO_ANSWER, 45}, {HW_O_VOICEMAIL, 20},     {HW_O_BUSY, 5},
		{HW_O_GATEKEEPER, 7}, {HW_O_BRUSH_OFF, 6},      {HW_O_NOT_INTERESTED, 4},
		{HW_O_CALLBACK, 3},   {HW_O_CONVERSATION, 3},   {HW_O_MEETING, 2},
		{HW_O_WRONG_NUMBER, 2}, {HW_O_BAD_NUMBER, 1},   {HW_O_DO_NOT_CALL, 2},
	};
	hw_log_in in;
	hw_log_out out;
	hw_err err;
	unsigned r = rnd(100);
	size_t k = 0;
	lead_state *s = &aLead[o->lead.iId];

	while (r >= (unsigned)aOut[k].nWeight) {
		r -= (unsigned)aOut[k].nWeight;
		k++;
	}
	memset(&in, 0, sizeof in);
	in.iLead = o->lead.iId;
	in.iUser = iUser;
	in.eOutcome = aOut[k].e;
	in.zPhone = o->zPhone;
	if (in.eOutcome == HW_O_NOT_INTERESTED)
		in.eReason = (hw_reason)(1 + rnd(HW_R_COUNT - 1));
	if (in.eOutcome == HW_O_CALLBACK || in.eOutcome == HW_O_MEETING)
		in.tTime = tSim + 86400 + (hw_time)rnd(48) * 1800;
	if (in.eOutcome == HW_O_GATEKEEPER && rnd(2))
		in.tTime = tSim + 7200;
	if (in.eOutcome == HW_O_BRUSH_OFF)
		in.zObjection = "no_time";
	hw_err_clear(&err);
	if (hw_work_log(w, &in, &out, &err) != HW_OK)
		fail_msg("log failed: %s", err.zMsg);
	nLogs++;
	if (s->nCall == 8)
		memmove(s->aCall, s->aCall + 1, 7 * sizeof s->aCall[0]), s->nCall--;
	s->aCall[s->nCall++] = tSim;
	s->iHolder = 0;

	if (in.eOutcome == HW_O_BRUSH_OFF) {
		int iNote = -1, iCall = -1;
		for (int i = 0; i < out.plan.nTask; i++) {
			if (out.plan.aTask[i].eChannel == HW_CH_NOTE)
				iNote = i;
			if (out.plan.aTask[i].eChannel == HW_CH_CALL)
				iCall = i;
		}
		if (iNote < 0 || iCall < 0 || out.plan.aTask[iCall].iRefer != iNote)
			fail_msg("lead %lld: a brush-off did not plan a note and a call referring to it",
				 in.iLead);
		/* three business days later: at least three local dates on */
		struct tm a, b;
		char zZone[64];
		snprintf(zZone, sizeof zZone, "%.*s", (int)strcspn(o->lead.zTimeZones, "|"),
			 o->lead.zTimeZones);
		assert_true(local_tm(zZone, tSim, &a) && local_tm(zZone, out.plan.aTask[iCall].tFrom, &b));
		long nDays = (long)(timegm(&b) / 86400 - timegm(&a) / 86400);
		if (nDays < 3)
			fail_msg("lead %lld: the call after a brush-off comes %ld days later, not three "
				 "business days",
				 in.iLead, nDays);
		s->iReferCall = out.aTaskId[iCall];
		s->iReferNote = out.aTaskId[iNote];
		nBrushOffs++;
	}
	if (in.eOutcome == HW_O_DO_NOT_CALL) {
		hw_task_filter f = {.iLead = in.iLead, .bOpenOnly = 1};
		count_ctx c = {0};
		hw_lead l;
		assert_int_equal(w->pStore->pMethods->xTaskList(w->pStore, &f, count_cb, &c), HW_OK);
		if (c.n != 0)
			fail_msg("lead %lld: %d tasks still open after a do-not-call request", in.iLead,
				 c.n);
		assert_int_equal(w->pStore->pMethods->xLeadLoad(w->pStore, in.iLead, &l), HW_OK);
		for (int i = 0; i < l.nPhone; i++)
			if (!l.aPhone[i].bSuppressed)
				fail_msg("lead %lld: %s not suppressed after a do-not-call request",
					 in.iLead, l.aPhone[i].zE164);
		hw_lead_clear(&l);
		s->bDnc = 1;
		nDncs++;
	}
}

static long env_long(const char *zName, long nDefault)
{
	const char *z = getenv(zName);
	return z && atol(z) > 0 ? atol(z) : nDefault;
}

static void test_simulation(void **state)
{
	char zDir[64], zCsv[300], zDb[300];
	hw_store *pStore;
	hw_work w;
	hw_err err;
	hw_import_rec rec;
	long long aUser[NUSERS];
	long nDays = env_long("HAWSER_SIM_DAYS", 90);
	FILE *f;
	(void)state;

	nLeads = env_long("HAWSER_SIM_LEADS", 10000);
	/* tmpfs when there is one: every touch is an fsync'd transaction */
	snprintf(zDir, sizeof zDir, "%s/hawser-sim-XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	assert_non_null(mkdtemp(zDir));
	snprintf(zCsv, sizeof zCsv, "%s/leads.csv", zDir);
	snprintf(zDb, sizeof zDb, "%s/sim.db", zDir);
	assert_non_null(f = fopen(zCsv, "w"));
	assert_int_equal(hw_demo_write_csv(f, nLeads, 7, HW_DEMO_INTL, &err), HW_OK);
	fclose(f);

	/* 2027-01-20 (Wednesday) 00:00 UTC, then 90 days: through 2027-03-14
	 * (US spring forward), 2027-03-28 (EU) and 2027-04-04 (Sydney falls back). */
	tSim = 1800403200;
	assert_int_equal(hw_store_open(zDb, &pStore, &err), HW_OK);
	hw_import_opts opts = {.zFile = zCsv, .pClock = &clk};
	assert_int_equal(hw_import_run(pStore, &opts, &rec, &err), HW_OK);
	nLeads = rec.nImported; /* merged duplicates: the ids run 1..imported */
	hw_import_rec_clear(&rec);
	aLead = calloc((size_t)nLeads + 1, sizeof *aLead);
	assert_non_null(aLead);
	for (int i = 0; i < NUSERS; i++) {
		hw_user u;
		memset(&u, 0, sizeof u);
		snprintf(u.zLogin, sizeof u.zLogin, "rep%d", i);
		/* the company's number, verified as the user is added */
		snprintf(u.zCallerId, sizeof u.zCallerId, "+1312555010%d", i);
		assert_int_equal(hw_store_begin(pStore, 1), HW_OK);
		assert_int_equal(pStore->pMethods->xUserAdd(pStore, &u, tSim), HW_OK);
		assert_int_equal(hw_store_commit(pStore), HW_OK);
		aUser[i] = u.iId;
	}
	hw_err_clear(&err);
	assert_int_equal(hw_work_open(&w, pStore, &clk, &err), HW_OK);

	hw_time tEnd = tSim + nDays * 86400;
	int abSkip[NUSERS] = {0};
	for (; tSim < tEnd; tSim += STEP) {
		for (int u = 0; u < NUSERS; u++) {
			hw_offer o;
			hw_rc rc;
			if (abSkip[u]) {
				abSkip[u]--;
				continue;
			}
			hw_err_clear(&err);
			rc = hw_work_next(&w, aUser[u], &o, &err);
			if (rc == HW_ENOTFOUND)
				continue;
			if (rc != HW_OK)
				fail_msg("next failed: %s", err.zMsg);
			nOffers++;
			check_offer(&o, aUser[u]);
			if (rnd(100) < 3) {
				/* the rep walks away: the lead stays held until the lease ends */
				lead_state *s = &aLead[o.lead.iId];
				s->iHolder = aUser[u];
				s->tHeldUntil = o.task.tLeaseUntil;
				abSkip[u] = 1;
				nAbandons++;
			} else {
				log_random(&w, &o, aUser[u]);
			}
			hw_offer_clear(&o);
		}
	}
	print_message("simulated %ld days, %ld leads, %d reps: %lld offers, %lld touches, "
		      "%lld brush-offs (%lld referring calls offered with their note), %lld "
		      "do-not-call requests, %lld abandoned leases, %lld capped-state checks, "
		      "offers in standard/daylight time %lld/%lld\n",
		      nDays, nLeads, NUSERS, nOffers, nLogs, nBrushOffs, nReferShown, nDncs,
		      nAbandons, nCapChecks, anOfferInDst[0], anOfferInDst[1]);
	/* the run exercised what it checks (scaled down runs too) */
	assert_true(nOffers > nDays * 20);
	assert_true(nBrushOffs > 0 && nDncs > 0 && nAbandons > 0);
	if (nDays >= 60)
		assert_true(anOfferInDst[0] > 0 && anOfferInDst[1] > 0);
	hw_work_close(&w);
	hw_store_close(pStore);
	free(aLead);
	char zCmd[400];
	snprintf(zCmd, sizeof zCmd, "rm -rf '%s'", zDir);
	if (getenv("HAWSER_SIM_KEEP")) /* to look at the database afterwards */
		print_message("kept %s\n", zDir);
	else
		assert_int_equal(system(zCmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simulation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
