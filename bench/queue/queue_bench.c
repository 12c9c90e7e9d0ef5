/*
 * queue_bench.c — claims and logs against a big queue (made by queue_gen), timed.
 *
 *   queue_bench --db FILE --mode hawser|naive --claims N [--users U] [--procs P]
 *               [--now T] [--step-ms S] [--seed S] [--budget SECONDS]
 *
 * hawser: U reps work the queue the way a calling session does. Each rep holds
 * one lead at a time; in turn (round robin) a rep logs the lead it holds with
 * a random outcome (hw_work_log: a durable transaction, synchronous=FULL, that
 * plans the next tasks) and claims the next (hw_work_next: picks and leases a
 * lead). So about U leases are live at any moment, as in a real team. The
 * first round (one claim per rep) warms SQLite's cache and is not counted;
 * then N cycles of log + claim are timed one call at a time with
 * CLOCK_MONOTONIC. With --procs P the reps are split over P processes on the
 * same file, each with its own connection (SQLite has one writer: they queue
 * on the write lock).
 *
 * naive: the baseline, a claim as a first version would write it: one query
 * over tasks joined to leads, owner and due date in a WHERE clause, ordered by
 * priority and due date, then a lease UPDATE, in the same kind of transaction
 * (BEGIN IMMEDIATE, synchronous=NORMAL). It checks no calling window, so it
 * does less than hawser's claim. Before a rep claims again the lead it held is
 * closed (untimed), standing in for the log. One untimed claim warms the
 * cache; it stops after N claims or after --budget seconds spent claiming,
 * whichever comes first.
 *
 * Time is simulated: it starts at --now (default Tue 2026-11-24 16:00 UTC,
 * 10:00 in Chicago) and advances --step-ms (300) per claim, which is 200 reps
 * at 60 dials an hour each. Prints one JSON line; latencies are milliseconds.
 */
#include "core/work.h"
#include "timed_store.h"

#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PROCS 8
#define SLOW_CLAIM_MS 1.0 /* the target: a claim slower than this is "slow" */
#define SLOW_LOG_MS 10.0

typedef struct opts {
	const char *zDb, *zMode;
	long nClaims;
	int nUsers, nProcs, nStepMs;
	hw_time tStart;
	uint64_t uSeed;
	double fBudget;
} opts;

/* What one process measured. */
typedef struct result {
	long nClaim, nLog, nEmpty;
	double tStart, tEnd;	   /* CLOCK_MONOTONIC around the timed loop */
	double fClaimSec, fLogSec; /* time spent inside the calls */
	timed_sum aClaimPart[2];   /* where the time went: [0] fast claims, [1] slow ones */
	timed_sum aLogPart[2];
} result;

static void die(const char *zWhat, const char *zWhy)
{
	fprintf(stderr, "queue_bench: %s%s%s\n", zWhat, zWhy ? ": " : "", zWhy ? zWhy : "");
	exit(1);
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t uRand;
static unsigned rnd(unsigned n) /* splitmix64 */
{
	uint64_t z = (uRand += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return (unsigned)((z ^ (z >> 31)) % n);
}

/* The simulated clock: --step-ms per claim, counted over all processes. */
static hw_time tSim;
static hw_time sim_now(void *pCtx)
{
	(void)pCtx;
	return tSim;
}

static void tick(const opts *o, long iClaim, int iProc)
{
	long long nMs = ((long long)iClaim * o->nProcs + iProc) * o->nStepMs;
	tSim = o->tStart + nMs / 1000;
}

/* ---- hawser ---- */

/* A cold-calling day's outcomes, per mille. */
static const struct {
	hw_outcome e;
	int nWeight;
} aOutcome[] = {
    {HW_O_NO_ANSWER, 500}, {HW_O_VOICEMAIL, 200},     {HW_O_BUSY, 40},	    {HW_O_GATEKEEPER, 80},
    {HW_O_BRUSH_OFF, 50},  {HW_O_NOT_INTERESTED, 40}, {HW_O_CALLBACK, 30},  {HW_O_CONVERSATION, 30},
    {HW_O_MEETING, 10},	   {HW_O_WRONG_NUMBER, 10},   {HW_O_BAD_NUMBER, 5}, {HW_O_DO_NOT_CALL, 5},
};

/* Log the lead pOffer holds with a random outcome; the milliseconds it took. */
static double log_random(hw_work *w, hw_offer *pOffer, long long iUser)
{
	hw_log_in in;
	hw_log_out out;
	hw_err err;
	unsigned r = rnd(1000);
	size_t k = 0;
	double t0;
	while (r >= (unsigned)aOutcome[k].nWeight)
		r -= (unsigned)aOutcome[k++].nWeight;
	memset(&in, 0, sizeof in);
	in.iLead = pOffer->lead.iId;
	in.iUser = iUser;
	in.eOutcome = aOutcome[k].e;
	in.zPhone = pOffer->zPhone;
	in.nDuration = 20 + (int)rnd(120);
	if (in.eOutcome == HW_O_NOT_INTERESTED)
		in.eReason = (hw_reason)(1 + rnd(HW_R_COUNT - 1));
	if (in.eOutcome == HW_O_CALLBACK || in.eOutcome == HW_O_MEETING)
		in.tTime = tSim + 86400 + (hw_time)rnd(48) * 1800;
	if (in.eOutcome == HW_O_GATEKEEPER && rnd(2))
		in.tTime = tSim + 7200;
	if (in.eOutcome == HW_O_BRUSH_OFF)
		in.zObjection = "no_time";
	hw_err_clear(&err);
	timed_store_reset();
	t0 = seconds();
	if (hw_work_log(w, &in, &out, &err) != HW_OK)
		die("hw_work_log", err.zMsg);
	t0 = seconds() - t0;
	hw_offer_clear(pOffer);
	return t0 * 1e3;
}

/* One rep claims; 1 when a lead was offered; *pfMs the milliseconds it took. */
static int claim(hw_work *w, long long iUser, hw_offer *pOffer, double *pfMs)
{
	hw_err err;
	double t0;
	hw_rc rc;
	hw_err_clear(&err);
	timed_store_reset();
	t0 = seconds();
	rc = hw_work_next(w, iUser, pOffer, &err);
	*pfMs = (seconds() - t0) * 1e3;
	if (rc != HW_OK && rc != HW_ENOTFOUND)
		die("hw_work_next", err.zMsg);
	return rc == HW_OK;
}

/* Process iProc's share of the reps; latencies into aClaim / aLog. */
static void run_hawser(const opts *o, int iProc, long nCycles, result *pR, double *aClaim,
		       double *aLog)
{
	hw_store *pStore;
	hw_work w;
	hw_err err;
	hw_clock clk = {sim_now, NULL};
	int nMine = 0;
	long long *aUser = malloc(sizeof *aUser * (size_t)o->nUsers);
	hw_offer *aOffer = calloc((size_t)o->nUsers, sizeof *aOffer);
	int *abHeld = calloc((size_t)o->nUsers, sizeof *abHeld);
	long iClaim = 0;
	double fMs;

	if (!aUser || !aOffer || !abHeld)
		die("out of memory", NULL);
	uRand = o->uSeed * 1000003u + (uint64_t)iProc;
	hw_err_clear(&err);
	tick(o, 0, iProc);
	if (hw_store_open(o->zDb, &pStore, &err) != HW_OK || hw_work_open(&w, pStore, &clk, &err))
		die(o->zDb, err.zMsg);
	timed_store_install(pStore);
	for (int u = 1 + iProc; u <= o->nUsers; u += o->nProcs)
		aUser[nMine++] = u;
	if (nMine == 0)
		die("fewer reps than processes", NULL);
	for (int i = 0; i < nMine; i++) { /* the warm-up round */
		tick(o, iClaim++, iProc);
		abHeld[i] = claim(&w, aUser[i], &aOffer[i], &fMs);
	}
	memset(pR, 0, sizeof *pR);
	pR->tStart = seconds();
	for (long c = 0; c < nCycles; c++) {
		int i = (int)(c % nMine);
		tick(o, iClaim++, iProc);
		if (abHeld[i]) {
			fMs = aLog[pR->nLog++] = log_random(&w, &aOffer[i], aUser[i]);
			pR->fLogSec += fMs / 1e3;
			timed_store_add(&pR->aLogPart[fMs >= SLOW_LOG_MS], fMs / 1e3);
		}
		abHeld[i] = claim(&w, aUser[i], &aOffer[i], &fMs);
		aClaim[pR->nClaim++] = fMs;
		pR->fClaimSec += fMs / 1e3;
		timed_store_add(&pR->aClaimPart[fMs >= SLOW_CLAIM_MS], fMs / 1e3);
		pR->nEmpty += !abHeld[i];
	}
	pR->tEnd = seconds();
	for (int i = 0; i < nMine; i++)
		if (abHeld[i])
			(void)log_random(&w, &aOffer[i], aUser[i]);
	hw_work_close(&w);
	hw_store_close(pStore);
	free(aUser);
	free(aOffer);
	free(abHeld);
}

/* ---- the naive baseline ---- */

#define NAIVE_SQL                                                                                  \
	"SELECT t.id FROM tasks t JOIN leads l ON l.id = t.lead_id "                               \
	"WHERE t.status = 'open' AND t.channel = 'call' AND t.due_from <= ?1 "                     \
	"AND (t.owner_id = ?2 OR t.owner_id = 0) "                                                 \
	"AND (t.leased_by IS NULL OR t.lease_until <= ?1) "                                        \
	"AND l.do_not_call = 0 AND l.status IN ('new', 'working', 'nurture') "                     \
	"ORDER BY t.priority DESC, t.due_from LIMIT 1"

static void sq_exec(sqlite3 *db, const char *zSql)
{
	if (sqlite3_exec(db, zSql, NULL, NULL, NULL) != SQLITE_OK)
		die(zSql, sqlite3_errmsg(db));
}

static sqlite3_stmt *sq_prep(sqlite3 *db, const char *zSql)
{
	sqlite3_stmt *pS;
	if (sqlite3_prepare_v2(db, zSql, -1, &pS, NULL) != SQLITE_OK)
		die(zSql, sqlite3_errmsg(db));
	return pS;
}

/* The plan of zSql as EXPLAIN QUERY PLAN lines, into zBuf. */
static void explain(sqlite3 *db, const char *zSql, char *zBuf, size_t nBuf)
{
	char zQ[1024];
	sqlite3_stmt *pS;
	size_t n = 0;
	snprintf(zQ, sizeof zQ, "EXPLAIN QUERY PLAN %s", zSql);
	pS = sq_prep(db, zQ);
	zBuf[0] = 0;
	while (sqlite3_step(pS) == SQLITE_ROW && n < nBuf)
		n += (size_t)snprintf(zBuf + n, nBuf - n, "%s%s", n ? "\n" : "",
				      (const char *)sqlite3_column_text(pS, 3));
	sqlite3_finalize(pS);
}

typedef struct naive {
	sqlite3 *db;
	sqlite3_stmt *pPick, *pLease, *pClose;
} naive;

static long long naive_claim(naive *q, long long iUser, double *pfMs)
{
	long long iTask = 0;
	double t0 = seconds();
	sq_exec(q->db, "BEGIN IMMEDIATE");
	sqlite3_bind_int64(q->pPick, 1, tSim);
	sqlite3_bind_int64(q->pPick, 2, iUser);
	if (sqlite3_step(q->pPick) == SQLITE_ROW)
		iTask = sqlite3_column_int64(q->pPick, 0);
	sqlite3_reset(q->pPick);
	if (iTask) {
		sqlite3_bind_int64(q->pLease, 1, iTask);
		sqlite3_bind_int64(q->pLease, 2, iUser);
		sqlite3_bind_int64(q->pLease, 3, tSim + 300);
		if (sqlite3_step(q->pLease) != SQLITE_DONE)
			die("lease", sqlite3_errmsg(q->db));
		sqlite3_reset(q->pLease);
	}
	sq_exec(q->db, "COMMIT");
	if (pfMs)
		*pfMs = (seconds() - t0) * 1e3;
	return iTask;
}

static void naive_close(naive *q, long long iTask)
{
	sq_exec(q->db, "BEGIN IMMEDIATE");
	sqlite3_bind_int64(q->pClose, 1, iTask);
	sqlite3_bind_int64(q->pClose, 2, tSim);
	if (sqlite3_step(q->pClose) != SQLITE_DONE)
		die("close", sqlite3_errmsg(q->db));
	sqlite3_reset(q->pClose);
	sq_exec(q->db, "COMMIT");
}

static void run_naive(const opts *o, result *pR, double *aClaim, char *zPlan, size_t nPlan)
{
	naive q;
	long long *aHeld = calloc((size_t)o->nUsers, sizeof *aHeld);
	long iClaim = 0;
	if (!aHeld)
		die("out of memory", NULL);
	if (sqlite3_open(o->zDb, &q.db) != SQLITE_OK)
		die(o->zDb, sqlite3_errmsg(q.db));
	/* the store's own settings (src/store/sqlite.c) */
	sqlite3_busy_timeout(q.db, 10000);
	sq_exec(q.db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
		      "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536");
	explain(q.db, NAIVE_SQL, zPlan, nPlan);
	q.pPick = sq_prep(q.db, NAIVE_SQL);
	q.pLease = sq_prep(q.db, "UPDATE tasks SET leased_by = ?2, lease_until = ?3 WHERE id = ?1");
	q.pClose =
	    sq_prep(q.db, "UPDATE tasks SET status = 'done', done_at = ?2, leased_by = NULL, "
			  "lease_until = NULL WHERE id = ?1");
	/* One claim warms the cache: a whole round would take minutes. */
	tick(o, iClaim++, 0);
	aHeld[0] = naive_claim(&q, 1, NULL);
	memset(pR, 0, sizeof *pR);
	pR->tStart = seconds();
	for (long c = 1; c <= o->nClaims && pR->fClaimSec < o->fBudget; c++) {
		int u = (int)(c % o->nUsers);
		tick(o, iClaim++, 0);
		if (aHeld[u])
			naive_close(&q, aHeld[u]);
		aHeld[u] = naive_claim(&q, u + 1, &aClaim[pR->nClaim]);
		pR->fClaimSec += aClaim[pR->nClaim++] / 1e3;
		pR->nEmpty += !aHeld[u];
	}
	pR->tEnd = seconds();
	sqlite3_finalize(q.pPick);
	sqlite3_finalize(q.pLease);
	sqlite3_finalize(q.pClose);
	sqlite3_close(q.db);
	free(aHeld);
}

/* ---- reporting ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* "name":{"p50":..,"p99":..,"max":..,"mean":..} of n latencies (sorted here). */
static void print_lat(const char *zName, double *a, long n)
{
	double fSum = 0;
	if (n == 0) {
		printf("\"%s\":null", zName);
		return;
	}
	qsort(a, (size_t)n, sizeof *a, cmp_double);
	for (long i = 0; i < n; i++)
		fSum += a[i];
	/* nearest rank */
	printf("\"%s\":{\"p50\":%.4f,\"p99\":%.4f,\"max\":%.4f,\"mean\":%.4f}", zName,
	       a[(long)ceil(0.50 * n) - 1], a[(long)ceil(0.99 * n) - 1], a[n - 1], fSum / n);
}

static void print_json_str(const char *zName, const char *z)
{
	printf("\"%s\":\"", zName);
	for (; *z; z++) {
		if (*z == '\n')
			printf("\\n");
		else if (*z == '"' || *z == '\\')
			printf("\\%c", *z);
		else if ((unsigned char)*z >= 0x20)
			putchar(*z);
	}
	putchar('"');
}

static void sum_add(timed_sum *pTo, const timed_sum *pFrom)
{
	pTo->n += pFrom->n;
	pTo->fSec += pFrom->fSec;
	pTo->nProbeRows += pFrom->nProbeRows;
	for (int i = 0; i < TP_COUNT; i++) {
		pTo->afSec[i] += pFrom->afSec[i];
		pTo->anCalls[i] += pFrom->anCalls[i];
	}
}

/* "name":{"slow_ms":..,"fast":{..},"slow":{..}}: per call, the mean time in
 * each part and the mean number of calls of each method. */
static void print_parts(const char *zName, const timed_sum a[2], double fSlowMs)
{
	printf("\"%s\":{\"slow_ms\":%g", zName, fSlowMs);
	for (int k = 0; k < 2; k++) {
		double n = a[k].n ? (double)a[k].n : 1;
		printf(",\"%s\":{\"n\":%ld,\"mean_ms\":%.4f,\"probe_rows\":%.2f,\"ms\":{",
		       k ? "slow" : "fast", a[k].n, a[k].fSec * 1e3 / n, a[k].nProbeRows / n);
		for (int i = 0; i < TP_COUNT; i++)
			printf("%s\"%s\":%.4f", i ? "," : "", timed_part_names[i],
			       a[k].afSec[i] * 1e3 / n);
		printf("},\"calls\":{");
		for (int i = 0; i < TP_OTHER; i++)
			printf("%s\"%s\":%.2f", i ? "," : "", timed_part_names[i],
			       a[k].anCalls[i] / n);
		printf("}}");
	}
	printf("}");
}

static void report(const opts *o, const result *aR, int nR, double *aClaim, double *aLog,
		   const char *zPlan)
{
	result t;
	double tStart = aR[0].tStart, tEnd = aR[0].tEnd;
	memset(&t, 0, sizeof t);
	for (int k = 0; k < nR; k++) {
		for (int j = 0; j < 2; j++) {
			sum_add(&t.aClaimPart[j], &aR[k].aClaimPart[j]);
			sum_add(&t.aLogPart[j], &aR[k].aLogPart[j]);
		}
		t.nClaim += aR[k].nClaim;
		t.nLog += aR[k].nLog;
		t.nEmpty += aR[k].nEmpty;
		t.fClaimSec += aR[k].fClaimSec;
		t.fLogSec += aR[k].fLogSec;
		tStart = aR[k].tStart < tStart ? aR[k].tStart : tStart;
		tEnd = aR[k].tEnd > tEnd ? aR[k].tEnd : tEnd;
	}
	printf("{\"mode\":\"%s\",\"procs\":%d,\"users\":%d,\"step_ms\":%d,\"claims\":%ld,"
	       "\"logs\":%ld,\"empty_claims\":%ld,\"wall_seconds\":%.3f,\"claim_seconds\":%.3f,"
	       "\"log_seconds\":%.3f,\"claims_per_claim_second\":%.1f,\"cycles_per_s\":%.1f,",
	       o->zMode, nR, o->nUsers, o->nStepMs, t.nClaim, t.nLog, t.nEmpty, tEnd - tStart,
	       t.fClaimSec, t.fLogSec, t.fClaimSec > 0 ? t.nClaim / t.fClaimSec : 0,
	       tEnd > tStart ? t.nClaim / (tEnd - tStart) : 0);
	print_lat("claim_ms", aClaim, t.nClaim);
	printf(",");
	print_lat("log_ms", aLog, t.nLog);
	printf(",");
	if (strcmp(o->zMode, "hawser") == 0) {
		print_parts("claim_parts", t.aClaimPart, SLOW_CLAIM_MS);
		printf(",");
		print_parts("log_parts", t.aLogPart, SLOW_LOG_MS);
		printf(",");
	}
	print_json_str("plan", zPlan);
	printf("}\n");
}

int main(int argc, char **argv)
{
	opts o = {NULL, "hawser", 20000, 200, 1, 300, 1795536000, 1, 30.0};
	result aR[MAX_PROCS];
	double *aClaim, *aLog;
	char zPlan[2048];

	for (int i = 1; i < argc; i++) {
		const char *zArg = argv[i], *zVal = i + 1 < argc ? argv[i + 1] : NULL;
		if (!zVal)
			die("usage: queue_bench --db FILE --mode hawser|naive --claims N [--users "
			    "U] "
			    "[--procs P] [--now T] [--step-ms S] [--seed S] [--budget SECONDS]",
			    NULL);
		i++;
		if (strcmp(zArg, "--db") == 0)
			o.zDb = zVal;
		else if (strcmp(zArg, "--mode") == 0)
			o.zMode = zVal;
		else if (strcmp(zArg, "--claims") == 0)
			o.nClaims = atol(zVal);
		else if (strcmp(zArg, "--users") == 0)
			o.nUsers = atoi(zVal);
		else if (strcmp(zArg, "--procs") == 0)
			o.nProcs = atoi(zVal);
		else if (strcmp(zArg, "--now") == 0)
			o.tStart = atoll(zVal);
		else if (strcmp(zArg, "--step-ms") == 0)
			o.nStepMs = atoi(zVal);
		else if (strcmp(zArg, "--seed") == 0)
			o.uSeed = strtoull(zVal, NULL, 10);
		else if (strcmp(zArg, "--budget") == 0)
			o.fBudget = atof(zVal);
		else
			die("unknown option", zArg);
	}
	if (!o.zDb || o.nClaims < 1 || o.nUsers < 1 || o.nProcs < 1 || o.nProcs > MAX_PROCS ||
	    o.nStepMs < 0)
		die("--db, --claims >= 1, --users >= 1 and --procs 1..8 are needed", NULL);
	aClaim = calloc((size_t)o.nClaims + 1, sizeof *aClaim);
	aLog = calloc((size_t)o.nClaims + 1, sizeof *aLog);
	if (!aClaim || !aLog)
		die("out of memory", NULL);

	if (strcmp(o.zMode, "naive") == 0) {
		o.nProcs = 1;
		run_naive(&o, &aR[0], aClaim, zPlan, sizeof zPlan);
		report(&o, aR, 1, aClaim, aLog, zPlan);
		return 0;
	}
	if (strcmp(o.zMode, "hawser") != 0)
		die("--mode is hawser or naive", o.zMode);

	{ /* the probe's plan, on a connection closed before any fork */
		hw_store *pStore;
		hw_err err;
		hw_err_clear(&err);
		if (hw_store_open(o.zDb, &pStore, &err) != HW_OK)
			die(o.zDb, err.zMsg);
		if (pStore->pMethods->xExplainClaim(pStore, zPlan, sizeof zPlan) != HW_OK)
			die("xExplainClaim", hw_store_errmsg(pStore));
		hw_store_close(pStore);
	}
	/* Each process sends back its result and latencies through a pipe. */
	{
		int aFd[MAX_PROCS];
		pid_t aPid[MAX_PROCS];
		long nDone = 0, nLogDone = 0;
		for (int k = 0; k < o.nProcs; k++) {
			int fd[2];
			long nCycles = o.nClaims / o.nProcs + (k < o.nClaims % o.nProcs);
			if (pipe(fd) != 0)
				die("pipe", NULL);
			fflush(stdout);
			if ((aPid[k] = fork()) < 0)
				die("fork", NULL);
			if (aPid[k] == 0) {
				result r;
				close(fd[0]);
				run_hawser(&o, k, nCycles, &r, aClaim, aLog);
				if (write(fd[1], &r, sizeof r) != (ssize_t)sizeof r ||
				    write(fd[1], aClaim, sizeof *aClaim * (size_t)r.nClaim) !=
					(ssize_t)(sizeof *aClaim * (size_t)r.nClaim) ||
				    write(fd[1], aLog, sizeof *aLog * (size_t)r.nLog) !=
					(ssize_t)(sizeof *aLog * (size_t)r.nLog))
					die("write to the parent", NULL);
				_exit(0);
			}
			close(fd[1]);
			aFd[k] = fd[0];
		}
		for (int k = 0; k < o.nProcs; k++) {
			FILE *pIn = fdopen(aFd[k], "rb");
			int status;
			if (!pIn || fread(&aR[k], sizeof aR[k], 1, pIn) != 1 ||
			    fread(aClaim + nDone, sizeof *aClaim, (size_t)aR[k].nClaim, pIn) !=
				(size_t)aR[k].nClaim ||
			    fread(aLog + nLogDone, sizeof *aLog, (size_t)aR[k].nLog, pIn) !=
				(size_t)aR[k].nLog)
				die("a worker process failed", NULL);
			fclose(pIn);
			nDone += aR[k].nClaim;
			nLogDone += aR[k].nLog;
			if (waitpid(aPid[k], &status, 0) < 0 || !WIFEXITED(status) ||
			    WEXITSTATUS(status) != 0)
				die("a worker process failed", NULL);
		}
	}
	report(&o, aR, o.nProcs, aClaim, aLog, zPlan);
	return 0;
}
