/*
 * dnc_sqlite.c — the SQLite baseline of bench/dnc: the registry kept as an
 * indexed table, as an application that stores it in its database would.
 *
 * The table is "CREATE TABLE dnc(n INTEGER PRIMARY KEY)": the number is the
 * rowid, so the table is itself the B-tree on it, the smallest and fastest
 * form SQLite has (no second index, about 10 bytes a number). It is filled
 * the fast way: the registry's sorted numbers through one prepared INSERT in
 * one transaction, journal off, synchronous off, a 256 MB page cache, then
 * one fsync of the file, as hawser's build fsyncs its index. Lookups are a
 * prepared "SELECT 1 FROM dnc WHERE n=?" in one read transaction (a lookup on
 * its own would lock and unlock the file each time), with the file
 * memory-mapped (as much of it as SQLite allows, 2 GB) and the same 256 MB
 * cache. They are timed once on the connection just opened (cold: every page
 * read for the first time is a page fault), then on warm connections (every
 * page read once by counting the rows), one thread and two with a connection
 * each. The scrub, on the warm connection, reads and parses the leads as
 * hawser's does (hw_dnc_key) and looks each up.
 *
 * With --numbers N only the registry's first N lines are loaded (a stated
 * fraction when the whole would take too long); the lookups then draw from
 * those lines and the scrub's expected count is that of the leads among them.
 */
#include "dnc_util.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void fail_db(sqlite3 *db, const char *zWhat)
{
	bench_fail("sqlite: %s: %s", zWhat, db ? sqlite3_errmsg(db) : "cannot open");
}

static void exec(sqlite3 *db, const char *zSql)
{
	if (sqlite3_exec(db, zSql, NULL, NULL, NULL) != SQLITE_OK)
		fail_db(db, zSql);
}

typedef struct insert_ctx {
	sqlite3 *db;
	sqlite3_stmt *pIns;
	uint64_t iLast; /* the last number inserted */
} insert_ctx;

static void insert_chunk(void *pCtx, const uint64_t *aNum, size_t n)
{
	insert_ctx *c = pCtx;
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(c->pIns, 1, (sqlite3_int64)aNum[i]);
		if (sqlite3_step(c->pIns) != SQLITE_DONE)
			fail_db(c->db, "insert");
		sqlite3_reset(c->pIns);
	}
	if (n)
		c->iLast = aNum[n - 1];
}

/* The first nLine registry lines into a new database; returns the last number. */
static uint64_t build(const bench_opts *o, uint64_t nLine)
{
	insert_ctx c = {0};
	char zJournal[4096];
	int fd;

	snprintf(zJournal, sizeof zJournal, "%s-journal", o->zDb);
	unlink(o->zDb);
	unlink(zJournal);
	if (sqlite3_open_v2(o->zDb, &c.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK)
		fail_db(c.db, o->zDb);
	exec(c.db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE;"
		   "PRAGMA cache_size=-262144; CREATE TABLE dnc(n INTEGER PRIMARY KEY); BEGIN");
	if (sqlite3_prepare_v2(c.db, "INSERT INTO dnc(n) VALUES(?)", -1, &c.pIns, NULL) !=
	    SQLITE_OK)
		fail_db(c.db, "prepare");
	if (bench_reg_stream(o->zRegistry, nLine, insert_chunk, &c) != nLine)
		bench_fail("%s: shorter than %llu lines", o->zRegistry, (unsigned long long)nLine);
	sqlite3_finalize(c.pIns);
	exec(c.db, "COMMIT");
	if (sqlite3_close(c.db) != SQLITE_OK)
		fail_db(c.db, "close");
	if ((fd = open(o->zDb, O_RDONLY | O_CLOEXEC)) < 0 || fsync(fd) != 0)
		bench_fail("%s: fsync: %s", o->zDb, strerror(errno));
	close(fd);
	return c.iLast;
}

typedef struct conn {
	sqlite3 *db;
	sqlite3_stmt *pGet;
} conn;

static void conn_open(conn *c, const char *zDb)
{
	if (sqlite3_open_v2(zDb, &c->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK)
		fail_db(c->db, zDb);
	/* one read transaction for all the lookups: a statement on its own would
	 * take and drop the file lock each time (several system calls) */
	exec(c->db, "PRAGMA mmap_size=2147418112; PRAGMA cache_size=-262144; BEGIN");
	if (sqlite3_prepare_v2(c->db, "SELECT 1 FROM dnc WHERE n=?", -1, &c->pGet, NULL) !=
	    SQLITE_OK)
		fail_db(c->db, "prepare");
}

static void conn_close(conn *c)
{
	sqlite3_finalize(c->pGet);
	exec(c->db, "COMMIT");
	sqlite3_close(c->db);
}

static int conn_has(conn *c, uint64_t v)
{
	int rc;
	sqlite3_bind_int64(c->pGet, 1, (sqlite3_int64)v);
	rc = sqlite3_step(c->pGet);
	sqlite3_reset(c->pGet);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		fail_db(c->db, "select");
	return rc == SQLITE_ROW;
}

static void look_conn(void *pCtx, const uint64_t *aKey, size_t n, uint8_t *aOut)
{
	for (size_t i = 0; i < n; i++)
		aOut[i] = (uint8_t)(aKey[i] && conn_has(pCtx, aKey[i]));
}

/* Read every page once, counting the rows: the mapped part of the file is
 * then mapped in this connection (each connection maps the file anew), the
 * rest is in the OS page cache. A connection a server has used for a while
 * is like this; a fresh one pays a page fault per page it reads. */
static uint64_t conn_warm(conn *c)
{
	sqlite3_stmt *pCount;
	uint64_t n;
	if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM dnc", -1, &pCount, NULL) != SQLITE_OK ||
	    sqlite3_step(pCount) != SQLITE_ROW)
		fail_db(c->db, "count");
	n = (uint64_t)sqlite3_column_int64(pCount, 0);
	sqlite3_finalize(pCount);
	return n;
}

typedef struct look_job {
	conn *pConn; /* NULL: open and warm a connection of its own */
	const char *zDb;
	const uint64_t *aKey;
	uint8_t *aOut;
	size_t n;
	pthread_barrier_t *pStart;
} look_job;

static void *look_run(void *pArg)
{
	look_job *j = pArg;
	conn c, *pc = j->pConn;
	if (!pc) {
		conn_open(&c, j->zDb);
		conn_warm(&c);
		pc = &c;
	}
	pthread_barrier_wait(j->pStart);
	look_conn(pc, j->aKey, j->n, j->aOut);
	if (pc == &c)
		conn_close(&c);
	return NULL;
}

/* Lookups a second on warm connections: pMain's for one thread, one each of
 * their own for more; the clock starts when all are ready. */
static double look_rate(conn *pMain, const char *zDb, const uint64_t *aKey, uint8_t *aOut, size_t n,
			int nThread)
{
	pthread_t aT[8];
	look_job aJ[8];
	pthread_barrier_t start;
	double t0;
	pthread_barrier_init(&start, NULL, (unsigned)nThread + 1);
	for (int i = 0; i < nThread; i++) {
		size_t i0 = n * (size_t)i / (size_t)nThread,
		       i1 = n * (size_t)(i + 1) / (size_t)nThread;
		aJ[i] = (look_job){
		    nThread == 1 ? pMain : NULL, zDb, aKey + i0, aOut + i0, i1 - i0, &start};
		if (pthread_create(&aT[i], NULL, look_run, &aJ[i]) != 0)
			bench_fail("cannot start a thread");
	}
	pthread_barrier_wait(&start);
	t0 = bench_now();
	for (int i = 0; i < nThread; i++)
		pthread_join(aT[i], NULL);
	t0 = bench_now() - t0;
	pthread_barrier_destroy(&start);
	return (double)n / t0;
}

int dnc_sqlite_main(const bench_opts *o)
{
	bench_mem m;
	conn c;
	uint64_t nAll, nLine, iLast, nRows, *aKey, *aLead;
	uint8_t *aKnown, *aRef, *aOut, *aTruth, *aScrub;
	size_t n = (size_t)o->nLookups, nLead, nTruth, nListed = 0, nExpect = 0;
	double t0, tBuild, tOpen, tWarm, tScrub, rCold, r1, r2;

	/* no global memory statistics: their mutex would serialize the threads */
	if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
		bench_fail("sqlite: cannot turn off the memory statistics");
	nAll = bench_reg_lines(o->zRegistry);
	nLine = o->nNumbers && o->nNumbers < nAll ? o->nNumbers : nAll;
	t0 = bench_now();
	iLast = build(o, nLine);
	tBuild = bench_now() - t0;

	t0 = bench_now();
	conn_open(&c, o->zDb);
	conn_has(&c, iLast);
	tOpen = bench_now() - t0;

	aKey = bench_alloc(n * sizeof *aKey);
	aKnown = bench_alloc(n);
	aRef = bench_alloc(n);
	aOut = bench_alloc(n);
	bench_keys(o->zRegistry, nLine, o->iSeed, n, aKey, aKnown);
	memset(aRef, 0xFF, n);
	memset(aOut, 0xFF, n);
	/* cold: the connection just opened; then warm, one and two threads */
	t0 = bench_now();
	look_conn(&c, aKey, n, aRef);
	rCold = (double)n / (bench_now() - t0);
	t0 = bench_now();
	if ((nRows = conn_warm(&c)) != nLine)
		bench_fail("sqlite: the table has %llu rows, %llu were inserted",
			   (unsigned long long)nRows, (unsigned long long)nLine);
	tWarm = bench_now() - t0;
	r1 = look_rate(&c, o->zDb, aKey, aOut, n, 1);
	for (size_t i = 0; i < n; i++)
		if (aRef[i] != aOut[i])
			bench_fail("sqlite: %010llu found cold and not warm, or the other way",
				   (unsigned long long)aKey[i]);
	memset(aOut, 0xFF, n);
	r2 = look_rate(&c, o->zDb, aKey, aOut, n, 2);
	for (size_t i = 0; i < n; i++) {
		if (aRef[i] != aOut[i])
			bench_fail("sqlite: %010llu found by one thread and not by two",
				   (unsigned long long)aKey[i]);
		if (aKnown[i] && !aRef[i])
			bench_fail("sqlite: registry number %010llu is not in the table",
				   (unsigned long long)aKey[i]);
	}

	/* the scrub, on the connection opened above */
	nTruth = bench_truth_read(o->zTruth, &aTruth);
	aLead = bench_alloc(nTruth * sizeof *aLead + 1);
	aScrub = bench_alloc(nTruth + 1);
	memset(aLead, 0xFF, nTruth * sizeof *aLead);
	memset(aScrub, 0xFF, nTruth);
	t0 = bench_now();
	nLead = bench_scrub(o->zLeads, look_conn, &c, aLead, aScrub, nTruth, &nListed);
	tScrub = bench_now() - t0;
	if (nLead != nTruth)
		bench_fail("%zu leads but %zu truth lines", nLead, nTruth);
	for (size_t i = 0; i < nLead; i++) {
		/* listed in the part loaded: listed, and not past its last number */
		int bExpect = aTruth[i] && aLead[i] <= iLast, bGot = aScrub[i];
		if (bGot != bExpect)
			bench_fail("sqlite: lead %zu (+1%010llu) should be %slisted", i + 1,
				   (unsigned long long)aLead[i], bExpect ? "" : "not ");
		nExpect += (size_t)bExpect;
	}
	if (nListed != nExpect)
		bench_fail("sqlite: the scrub counted %zu listed, %zu expected", nListed, nExpect);
	bench_mem_get(&m);

	bench_truth_of(o->zRegistry, nLine, aKey, n, aOut); /* every key */
	for (size_t i = 0; i < n; i++)
		if (aOut[i] != aRef[i])
			bench_fail(
			    "sqlite: %010llu: the registry says %slisted, the table %slisted",
			    (unsigned long long)aKey[i], aRef[i] ? "not " : "",
			    aRef[i] ? "" : "not ");

	bench_json_str("run", "sqlite");
	bench_json_int("numbers", nLine);
	bench_json_int("registry_numbers", nAll);
	bench_json_num("build_s", tBuild);
	bench_json_int("db_bytes", bench_file_size(o->zDb));
	bench_json_num("open_s", tOpen);
	bench_json_int("lookups", n);
	bench_json_num("has_cold_per_s", rCold);
	bench_json_num("warm_s", tWarm);
	bench_json_num("has_1t_per_s", r1);
	bench_json_num("has_2t_per_s", r2);
	bench_json_num("scrub_s", tScrub);
	bench_json_int("scrub_leads", nLead);
	bench_json_int("scrub_listed", nListed);
	bench_json_int("scrub_expected", nExpect);
	bench_json_int("looked_rss_kb", (uint64_t)m.nRss);
	bench_json_int("looked_map_kb", (uint64_t)bench_map_rss(o->zDb));
	bench_json_int("peak_rss_kb", (uint64_t)m.nHwm);
	bench_json_end();
	conn_close(&c);
	free(aKey), free(aKnown), free(aRef), free(aOut), free(aTruth), free(aLead), free(aScrub);
	return 0;
}
