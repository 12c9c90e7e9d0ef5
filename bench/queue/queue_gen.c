/*
 * queue_gen.c — a big, realistic, entirely fictional queue for the queue
 * benchmark, written fast.
 *
 *   queue_gen --db FILE --leads N --tasks-per-lead K [--users U] [--seed S] [--now T]
 *   queue_gen --key     (what a cached database must have been made with)
 *
 * The schema comes from hawser itself (hw_store_open migrates a fresh file),
 * the default cadence from hw_work_open and the U reps from the store's
 * xUserAdd; leads, phones, tasks and touches are then written by this program
 * through the sqlite3 API in one transaction, with the indexes of those four
 * tables dropped first and built again after (the same CREATE INDEX text the
 * migrations wrote), which is many times faster than the import.
 *
 * Every lead is in the US, in one of 25 states across the four mainland time
 * zones, with one number NPA-555-nnnn: a real area code of its state and the
 * 555 exchange, whose lines outside 01XX are never given to a subscriber
 * (555-1212 and 555-4334 are skipped). Time zones and jurisdiction come from
 * the state through hawser's own tz code, as an import sets them. 90% of
 * leads are 'working' and owned by one of the reps, 10% 'new' (enrolled,
 * nobody's yet). Each lead has exactly one open call task (25% due now, within
 * the last week; 75% due in the next two weeks; 3% of the owned ones are
 * callbacks) and K-1 closed tasks before it: its history, two days apart,
 * mostly calls that were done (each with its touch: no answer, voicemail,
 * busy, gatekeeper, brush-off), some emails and LinkedIn touches, 15%
 * cancelled. Deterministic for a seed. Prints one JSON line of counts.
 */
#include "core/engine.h"
#include "core/work.h"
#include "io/tz.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Bump when what is generated changes: run.sh caches databases by this key. */
#define GEN_VERSION 1
#define DAY 86400
#define DUE_NOW_PCT 25
#define OWNED_PCT 90
#define CALLBACK_PCT 3

/* States and real area codes of each; every NPA holds 9,998 fictional lines. */
static const struct {
	const char *zState, *zCity, *zNpa;
} aState[] = {
    {"NY", "New York", "212 646 332 917 718 347 929 516 631 914"},
    {"PA", "Philadelphia", "215 267 445 412 878 610 484"},
    {"MA", "Boston", "617 857 508 774 781 339 978"},
    {"GA", "Atlanta", "404 470 678 770"},
    {"NC", "Charlotte", "704 980 919 984 336"},
    {"OH", "Columbus", "614 380 216 513 283 330 234 440"},
    {"VA", "Richmond", "804 703 571 757"},
    {"NJ", "Newark", "973 862 201 551 732 848 908"},
    {"MD", "Baltimore", "410 443 667 301 240"},
    {"MI", "Detroit", "313 248 586 734"},
    {"FL", "Miami", "305 786 407 689 813 656"},
    {"IL", "Chicago", "312 773 872 630 331 847 224 708"},
    {"MN", "Minneapolis", "612 651 952 763"},
    {"MO", "St. Louis", "314 816 636"},
    {"WI", "Milwaukee", "414 262 608"},
    {"OK", "Oklahoma City", "405 572 918"},
    {"AL", "Birmingham", "205 659 256"},
    {"LA", "New Orleans", "504 225"},
    {"TX", "Houston", "713 281 832 346 214 469 972"},
    {"CO", "Denver", "303 720 719"},
    {"AZ", "Phoenix", "602 623 480 520"},
    {"UT", "Salt Lake City", "801 385"},
    {"CA", "Los Angeles",
     "213 323 310 424 818 747 415 628 619 858 408 669 916 279 510 341 "
     "559 949 562 714 657 626"},
    {"WA", "Seattle", "206 425 253 509 360"},
    {"NV", "Las Vegas", "702 725"},
};
#define N_STATE (sizeof aState / sizeof aState[0])
#define MAX_NPA 160
#define MAX_INDEX 32
#define LINES_PER_NPA 9998 /* 0000..9999 but 1212 and 4334 */

typedef struct npa {
	char zNpa[4];
	int iState;
} npa;

static npa aNpa[MAX_NPA];
static int nNpa;
static char azZones[N_STATE][128]; /* "America/Chicago" or "A|B" */
static char azJur[N_STATE][8];

static uint64_t uSeed;
static unsigned rnd(unsigned n) /* splitmix64 */
{
	uint64_t z = (uSeed += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return (unsigned)((z ^ (z >> 31)) % n);
}

static void die(const char *zWhat, sqlite3 *db)
{
	fprintf(stderr, "queue_gen: %s%s%s\n", zWhat, db ? ": " : "", db ? sqlite3_errmsg(db) : "");
	exit(1);
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void exec(sqlite3 *db, const char *zSql)
{
	if (sqlite3_exec(db, zSql, NULL, NULL, NULL) != SQLITE_OK)
		die(zSql, db);
}

static sqlite3_stmt *prep(sqlite3 *db, const char *zSql)
{
	sqlite3_stmt *pS;
	if (sqlite3_prepare_v2(db, zSql, -1, &pS, NULL) != SQLITE_OK)
		die(zSql, db);
	return pS;
}

static void step(sqlite3 *db, sqlite3_stmt *pS)
{
	if (sqlite3_step(pS) != SQLITE_DONE)
		die("insert", db);
	sqlite3_reset(pS);
}

/* The area codes, and each state's zones and jurisdiction as an import sets them. */
static void places(void)
{
	for (size_t i = 0; i < N_STATE; i++) {
		hw_tz_set tz;
		char zNpas[160];
		size_t n = 0;
		if (hw_tz_from_address("US", aState[i].zState, &tz) != HW_OK || tz.nZone == 0 ||
		    hw_tz_jurisdiction("US", aState[i].zState, azJur[i]) != HW_OK)
			die("a state hawser's tz code does not know", NULL);
		for (int k = 0; k < tz.nZone; k++)
			n += (size_t)snprintf(azZones[i] + n, sizeof azZones[i] - n, "%s%s",
					      k ? "|" : "", tz.azZone[k]);
		snprintf(zNpas, sizeof zNpas, "%s", aState[i].zNpa);
		for (char *z = strtok(zNpas, " "); z; z = strtok(NULL, " ")) {
			if (nNpa == MAX_NPA)
				die("raise MAX_NPA", NULL);
			snprintf(aNpa[nNpa].zNpa, sizeof aNpa[nNpa].zNpa, "%s", z);
			aNpa[nNpa++].iState = (int)i;
		}
	}
}

/* Line k (0..LINES_PER_NPA-1) of an NPA's 555 exchange, skipping 1212 and 4334. */
static int line_of(long k)
{
	return (int)(k + (k >= 1212) + (k >= 4333));
}

static hw_time fixed_now(void *pCtx)
{
	return *(const hw_time *)pCtx;
}

/* The schema, the default cadence and the reps, through hawser. */
static long long hawser_setup(const char *zDb, int nUsers, hw_time tNow)
{
	hw_store *pStore;
	hw_work w;
	hw_err err;
	hw_time t = tNow;
	hw_clock clk = {fixed_now, &t};
	long long iCadence;

	hw_err_clear(&err);
	if (hw_store_open(zDb, &pStore, &err) != HW_OK)
		die(err.zMsg, NULL);
	if (hw_work_open(&w, pStore, &clk, &err) != HW_OK)
		die(err.zMsg, NULL);
	iCadence = w.iCadenceId;
	if (hw_store_begin(pStore, 0) != HW_OK)
		die(hw_store_errmsg(pStore), NULL);
	for (int i = 1; i <= nUsers; i++) {
		hw_user u;
		memset(&u, 0, sizeof u);
		snprintf(u.zLogin, sizeof u.zLogin, "rep%03d", i);
		snprintf(u.zName, sizeof u.zName, "Rep %03d", i);
		/* the one outbound number: fictional too, 555-01xx */
		snprintf(u.zCallerId, sizeof u.zCallerId, "+1%s55501%02d", i <= 100 ? "312" : "212",
			 (i - 1) % 100);
		snprintf(u.zTimeZone, sizeof u.zTimeZone, "America/Chicago");
		if (pStore->pMethods->xUserAdd(pStore, &u, tNow) != HW_OK)
			die(hw_store_errmsg(pStore), NULL);
	}
	if (hw_store_commit(pStore) != HW_OK)
		die(hw_store_errmsg(pStore), NULL);
	hw_work_close(&w);
	hw_store_close(pStore);
	return iCadence;
}

typedef struct gen {
	sqlite3 *db;
	sqlite3_stmt *pLead, *pPhone, *pTask, *pTouch;
	long long iCadence;
	int nUsers, nPerLead;
	hw_time tNow;
	long long nTasks, nOpen, nDue, nTouches, nOwned, nCallbacks;
} gen;

static long long task(gen *g, long long iLead, long long iOwner, const char *zChannel,
		      const char *zTemplate, const char *zStatus, hw_time tDue, hw_time tDone,
		      int iPrio, int iIcp, const char *zWhy)
{
	sqlite3_stmt *pS = g->pTask;
	char zRule[32];
	snprintf(zRule, sizeof zRule, "smart-persistence:%d", 40 + (int)(iLead % 13));
	sqlite3_bind_int64(pS, 1, iLead);
	sqlite3_bind_int64(pS, 2, g->iCadence);
	sqlite3_bind_text(pS, 3, zRule, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 4, zChannel, -1, SQLITE_STATIC);
	if (zTemplate)
		sqlite3_bind_text(pS, 5, zTemplate, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(pS, 5);
	sqlite3_bind_int64(pS, 6, tDue);
	sqlite3_bind_int(pS, 7, iPrio + iIcp);
	sqlite3_bind_text(pS, 8, zStatus, -1, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 9, tDue - DAY);
	if (tDone)
		sqlite3_bind_int64(pS, 10, tDone);
	else
		sqlite3_bind_null(pS, 10);
	sqlite3_bind_text(pS, 11, zWhy, -1, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 12, tDue);
	sqlite3_bind_int64(pS, 13, iOwner);
	sqlite3_bind_int(pS, 14, hw_task_class(iPrio, iIcp));
	step(g->db, pS);
	g->nTasks++;
	return sqlite3_last_insert_rowid(g->db);
}

static void touch(gen *g, long long iLead, long long iUser, long long iTask, hw_time tAt,
		  const char *zPhone)
{
	static const struct {
		const char *zOutcome;
		int nWeight, bReached, bConversation;
	} aOut[] = {{"no_answer", 55, 0, 0},
		    {"voicemail", 25, 0, 0},
		    {"busy", 5, 0, 0},
		    {"gatekeeper", 10, 1, 0},
		    {"brush_off", 5, 1, 0}};
	sqlite3_stmt *pS = g->pTouch;
	char zCaller[24];
	unsigned r = rnd(100);
	size_t k = 0;
	while (r >= (unsigned)aOut[k].nWeight)
		r -= (unsigned)aOut[k++].nWeight;
	snprintf(zCaller, sizeof zCaller, "+1%s55501%02lld", iUser <= 100 ? "312" : "212",
		 (iUser - 1) % 100);
	sqlite3_bind_int64(pS, 1, iLead);
	sqlite3_bind_int64(pS, 2, iUser);
	sqlite3_bind_int64(pS, 3, iTask);
	sqlite3_bind_text(pS, 4, aOut[k].zOutcome, -1, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 5, tAt);
	sqlite3_bind_int(pS, 6, aOut[k].bReached ? 20 + (int)rnd(100) : 25);
	sqlite3_bind_text(pS, 7, zPhone, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 8, zCaller, -1, SQLITE_STATIC);
	sqlite3_bind_int(pS, 9, aOut[k].bReached);
	sqlite3_bind_int(pS, 10, aOut[k].bConversation);
	step(g->db, pS);
	g->nTouches++;
}

/* Lead i (1-based) with its number, its history and its one open call task. */
static void lead(gen *g, long long i)
{
	long k = (long)((i - 1) / nNpa);
	const npa *pN = &aNpa[(i - 1) % nNpa];
	int iSt = pN->iState;
	int bOwned = (int)rnd(100) < OWNED_PCT;
	long long iOwner = bOwned ? 1 + (long long)rnd((unsigned)g->nUsers) : 0;
	int iIcp = (int)rnd(101);
	char zPhone[16], zFirst[24], zLast[24], zFull[48], zCompany[48], zEmail[80];
	hw_time tCreated = g->tNow - (hw_time)(g->nPerLead * 2 + 3) * DAY - rnd(DAY);
	sqlite3_stmt *pS = g->pLead;
	hw_time tDue;
	int iPrio;

	snprintf(zPhone, sizeof zPhone, "+1%s555%04d", pN->zNpa, line_of(k));
	snprintf(zFirst, sizeof zFirst, "Lead%lld", i);
	snprintf(zLast, sizeof zLast, "Benchmark%u", rnd(1000));
	snprintf(zFull, sizeof zFull, "%s %s", zFirst, zLast);
	snprintf(zCompany, sizeof zCompany, "Company %lld Inc", (i + 3) / 4);
	snprintf(zEmail, sizeof zEmail, "lead%lld@company%lld.example", i, (i + 3) / 4);
	sqlite3_bind_int64(pS, 1, i);
	sqlite3_bind_text(pS, 2, zFirst, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 3, zLast, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 4, zFull, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 5, "Head of Operations", -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 6, zCompany, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 7, zEmail, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 8, aState[iSt].zCity, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 9, aState[iSt].zState, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 10, azZones[iSt], -1, SQLITE_STATIC);
	if (iOwner)
		sqlite3_bind_int64(pS, 11, iOwner);
	else
		sqlite3_bind_null(pS, 11);
	sqlite3_bind_text(pS, 12, bOwned ? "working" : "new", -1, SQLITE_STATIC);
	sqlite3_bind_int(pS, 13, iIcp);
	sqlite3_bind_int64(pS, 14, g->iCadence);
	sqlite3_bind_int64(pS, 15, tCreated);
	sqlite3_bind_text(pS, 16, azJur[iSt], -1, SQLITE_STATIC);
	step(g->db, pS);

	pS = g->pPhone;
	sqlite3_bind_int64(pS, 1, i);
	sqlite3_bind_text(pS, 2, zPhone, -1, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 3, tCreated);
	step(g->db, pS);

	/* the history: one closed task every two days, oldest first */
	for (int j = 0; j < g->nPerLead - 1; j++) {
		hw_time tDay =
		    g->tNow - (hw_time)(g->nPerLead - 1 - j) * 2 * DAY - 3600 - rnd(8 * 3600);
		unsigned r = rnd(100);
		int bCancelled = rnd(100) < 15;
		const char *zCh = r < 80 ? "call" : r < 90 ? "email" : "linkedin";
		const char *zTpl = r < 80 ? NULL : r < 90 ? "no-answer-email" : "linkedin-connect";
		long long iTask;
		if (!bOwned && r < 80) /* nobody has called a lead nobody owns */
			bCancelled = 1;
		iTask = task(g, i, iOwner, zCh, zTpl, bCancelled ? "cancelled" : "done", tDay,
			     tDay + 60 + rnd(3600), HW_PRIO_RETRY, iIcp, "history (generated)");
		if (!bCancelled && r < 80)
			touch(g, i, iOwner, iTask, tDay + 60, zPhone);
	}

	/* the open call task */
	if ((int)rnd(100) < DUE_NOW_PCT) {
		tDue = g->tNow - (hw_time)rnd(7 * DAY);
		g->nDue++;
	} else {
		tDue = g->tNow + 3600 + (hw_time)rnd(14 * DAY);
	}
	iPrio = !bOwned			       ? HW_PRIO_NEW
		: (int)rnd(100) < CALLBACK_PCT ? HW_PRIO_CALLBACK
					       : HW_PRIO_RETRY;
	g->nCallbacks += iPrio == HW_PRIO_CALLBACK;
	g->nOwned += bOwned;
	task(g, i, iOwner, "call", NULL, "open", tDue, 0, iPrio, iIcp,
	     bOwned ? "next call (generated)" : "enrolled: call today (generated)");
	g->nOpen++;
}

int main(int argc, char **argv)
{
	const char *zDb = NULL;
	long long nLeads = 0;
	gen g;
	char *azIndex[MAX_INDEX], azName[MAX_INDEX][80];
	int nIndex = 0;
	sqlite3_stmt *pS;
	double t0 = seconds(), tRows, tIndex;

	memset(&g, 0, sizeof g);
	g.nUsers = 200;
	g.nPerLead = 1;
	g.tNow = 1795536000; /* Tue 2026-11-24 16:00 UTC: 10:00 in Chicago */
	uSeed = 1;
	for (int i = 1; i < argc; i++) {
		const char *zArg = argv[i], *zVal = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(zArg, "--key") == 0) {
			printf("g%d-s%d\n", GEN_VERSION, hw_store_schema_latest());
			return 0;
		}
		if (!zVal)
			die("usage: queue_gen --db FILE --leads N --tasks-per-lead K [--users U] "
			    "[--seed S] [--now T] | --key",
			    NULL);
		i++;
		if (strcmp(zArg, "--db") == 0)
			zDb = zVal;
		else if (strcmp(zArg, "--leads") == 0)
			nLeads = atoll(zVal);
		else if (strcmp(zArg, "--tasks-per-lead") == 0)
			g.nPerLead = atoi(zVal);
		else if (strcmp(zArg, "--users") == 0)
			g.nUsers = atoi(zVal);
		else if (strcmp(zArg, "--seed") == 0)
			uSeed = strtoull(zVal, NULL, 10);
		else if (strcmp(zArg, "--now") == 0)
			g.tNow = atoll(zVal);
		else
			die("unknown option", NULL);
	}
	places();
	if (!zDb || nLeads <= 0 || g.nPerLead < 1 || g.nUsers < 1)
		die("--db, a positive --leads and --tasks-per-lead, --users are needed", NULL);
	if (nLeads > (long long)nNpa * LINES_PER_NPA)
		die("more leads than fictional numbers (about 1.38 million)", NULL);
	uSeed = uSeed * 0x9E3779B97F4A7C15ull + 1;

	unlink(zDb);
	g.iCadence = hawser_setup(zDb, g.nUsers, g.tNow);

	if (sqlite3_open(zDb, &g.db) != SQLITE_OK)
		die(zDb, g.db);
	/* Nobody else has the file: no journal, no syncs, a big cache. */
	exec(g.db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1048576; "
		   "PRAGMA temp_store=MEMORY; PRAGMA locking_mode=EXCLUSIVE");
	/* The indexes of the four tables go, to be built again after the rows. */
	pS = prep(g.db,
		  "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT "
		  "NULL AND tbl_name IN ('leads', 'phones', 'tasks', 'touches') ORDER BY name");
	while (sqlite3_step(pS) == SQLITE_ROW) {
		if (nIndex == MAX_INDEX)
			die("raise MAX_INDEX", NULL);
		snprintf(azName[nIndex], sizeof azName[0], "DROP INDEX %s",
			 sqlite3_column_text(pS, 0));
		azIndex[nIndex++] = strdup((const char *)sqlite3_column_text(pS, 1));
	}
	sqlite3_finalize(pS);
	for (int i = 0; i < nIndex; i++)
		exec(g.db, azName[i]);

	exec(g.db, "BEGIN");
	g.pLead =
	    prep(g.db, "INSERT INTO leads (id, first_name, last_name, full_name, title, "
		       "company, email, city, state, country, region, time_zones, tz_source, "
		       "owner_id, status, icp_score, cadence_id, created_at, updated_at, "
		       "jurisdiction) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'US', 'US', "
		       "?10, 'address', ?11, ?12, ?13, ?14, ?15, ?15, ?16)");
	g.pPhone = prep(g.db, "INSERT INTO phones (lead_id, e164, ext, raw, kind, type, region, "
			      "valid, created_at) VALUES (?1, ?2, '', ?2, 'phone', 'fixed_line', "
			      "'US', 1, ?3)");
	g.pTask =
	    prep(g.db, "INSERT INTO tasks (lead_id, cadence_id, rule, channel, template, "
		       "due_from, priority, status, created_at, done_at, why, ready_at, "
		       "owner_id, class) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
		       "?12, ?13, ?14)");
	g.pTouch =
	    prep(g.db, "INSERT INTO touches (lead_id, user_id, task_id, channel, outcome, "
		       "at, duration_s, phone_e164, caller_id, reached, conversation) VALUES "
		       "(?1, ?2, ?3, 'call', ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	for (long long i = 1; i <= nLeads; i++)
		lead(&g, i);
	sqlite3_finalize(g.pLead);
	sqlite3_finalize(g.pPhone);
	sqlite3_finalize(g.pTask);
	sqlite3_finalize(g.pTouch);
	exec(g.db, "COMMIT");
	tRows = seconds();
	for (int i = 0; i < nIndex; i++) {
		exec(g.db, azIndex[i]);
		free(azIndex[i]);
	}
	exec(g.db, "PRAGMA locking_mode=NORMAL; PRAGMA journal_mode=WAL");
	tIndex = seconds();
	sqlite3_close(g.db);

	printf("{\"leads\":%lld,\"tasks\":%lld,\"open_call_tasks\":%lld,\"due_now\":%lld,"
	       "\"owned_leads\":%lld,\"callbacks\":%lld,\"touches\":%lld,\"users\":%d,"
	       "\"area_codes\":%d,\"rows_seconds\":%.2f,\"index_seconds\":%.2f,\"seconds\":%.2f}\n",
	       nLeads, g.nTasks, g.nOpen, g.nDue, g.nOwned, g.nCallbacks, g.nTouches, g.nUsers,
	       nNpa, tRows - t0, tIndex - tRows, tIndex - t0);
	return 0;
}
