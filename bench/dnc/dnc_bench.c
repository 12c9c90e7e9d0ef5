/*
 * dnc_bench.c — bench/dnc's measuring program: hawser's do-not-call index
 * (src/io/dnc.c) built from the registry's flat text, loaded, looked up and
 * used to scrub a lead list, every answer checked against the generated
 * registry; and the SQLite baseline on the same files (dnc_sqlite.c).
 *
 *   dnc_bench build  --registry R --index I
 *   dnc_bench query  --registry R --index I --leads L --truth T [--lookups N] [--seed S]
 *                    [--repeat R]
 *   dnc_bench sqlite --registry R --db D --leads L --truth T [--numbers N] [--lookups N]
 *   dnc_bench calib  (what a page fault costs here, to read the rest by)
 *
 * Each prints one JSON line of figures (seconds, rates per second, kB) for
 * run.sh. A wrong answer anywhere ends it with "dnc_bench: FAILED: ..." and
 * exit 1. build and query are separate processes so that the memory query
 * reports is the open index's, not what the build left behind.
 */
#include "dnc_util.h"

#include "io/dnc.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define ORACLE_SAMPLE 1000000 /* keys checked against the text (a sorted merge) */
#define VERIFY_CHUNK 1000000  /* bench_reg_stream's most numbers per call */

static void fail_err(const char *zWhat, const hw_err *pErr)
{
	char zMsg[1024];
	hw_err_format(pErr, zMsg, sizeof zMsg);
	bench_fail("%s: %s", zWhat, zMsg);
}

static void json_mem(const char *zPrefix, const char *zIndex)
{
	bench_mem m;
	char zKey[64];
	bench_mem_get(&m);
	snprintf(zKey, sizeof zKey, "%s_rss_kb", zPrefix);
	bench_json_int(zKey, (uint64_t)m.nRss);
	snprintf(zKey, sizeof zKey, "%s_anon_kb", zPrefix);
	bench_json_int(zKey, (uint64_t)m.nAnon);
	snprintf(zKey, sizeof zKey, "%s_file_kb", zPrefix);
	bench_json_int(zKey, (uint64_t)m.nFile);
	if (zIndex) {
		snprintf(zKey, sizeof zKey, "%s_map_kb", zPrefix);
		bench_json_int(zKey, (uint64_t)bench_map_rss(zIndex));
	}
}

/* ---- build: flat text to index file ---- */

static int run_build(const bench_opts *o)
{
	hw_dnc_build *pB;
	hw_dnc_load_stats st;
	hw_err err;
	bench_mem m;
	uint64_t nLine = bench_file_size(o->zRegistry) / REG_LINE;
	double t0, t1, t2, t3, t4;

	hw_err_clear(&err);
	t0 = bench_now();
	if (hw_dnc_build_new("us", NULL, &pB, &err) != HW_OK)
		fail_err("hw_dnc_build_new", &err);
	t1 = bench_now();
	if (hw_dnc_build_load(pB, o->zRegistry, HW_DNC_AUTO, (hw_time)time(NULL), NULL, NULL, &st,
			      &err) != HW_OK)
		fail_err("hw_dnc_build_load", &err);
	t2 = bench_now();
	bench_mem_get(&m);
	if (hw_dnc_build_write(pB, o->zIndex, (hw_time)time(NULL), &err) != HW_OK)
		fail_err("hw_dnc_build_write", &err);
	t3 = bench_now();
	hw_dnc_build_free(pB);
	t4 = bench_now();
	if (st.nLines != nLine || st.nAdded != nLine || st.bChangeList)
		bench_fail("the build read %llu numbers (%s), the registry has %llu lines",
			   (unsigned long long)st.nLines, st.bChangeList ? "a change list" : "full",
			   (unsigned long long)nLine);
	bench_json_str("run", "build");
	bench_json_int("lines", nLine);
	bench_json_int("area_codes", (uint64_t)st.nNpaReplaced);
	bench_json_num("new_s", t1 - t0);
	bench_json_num("load_s", t2 - t1);
	bench_json_num("write_s", t3 - t2);
	bench_json_num("build_s", t3 - t0);
	bench_json_num("free_s", t4 - t3);
	bench_json_int("index_bytes", bench_file_size(o->zIndex));
	bench_json_int("loaded_anon_kb", (uint64_t)m.nAnon); /* the builder's bitmap, touched */
	bench_mem_get(&m);
	bench_json_int("peak_rss_kb", (uint64_t)m.nHwm); /* with the text mapping's pages */
	bench_json_end();
	return 0;
}

/* ---- query: load, look up, scrub, check ---- */

typedef struct look_job {
	const hw_dnc_index *pIdx;
	const uint64_t *aKey;
	uint8_t *aOut;
	size_t n;
	int bMany;
} look_job;

static void *look_run(void *pArg)
{
	look_job *j = pArg;
	if (j->bMany) {
		hw_dnc_has_many(j->pIdx, j->aKey, j->n, j->aOut);
	} else {
		for (size_t i = 0; i < j->n; i++)
			j->aOut[i] = (uint8_t)hw_dnc_has(j->pIdx, j->aKey[i]);
	}
	return NULL;
}

/* Lookups per second over all n keys, split among nThread threads. */
static double look_rate(const hw_dnc_index *pIdx, const uint64_t *aKey, uint8_t *aOut, size_t n,
			int bMany, int nThread)
{
	pthread_t aT[8];
	look_job aJ[8];
	double t0 = bench_now();
	for (int i = 0; i < nThread; i++) {
		size_t i0 = n * (size_t)i / (size_t)nThread,
		       i1 = n * (size_t)(i + 1) / (size_t)nThread;
		aJ[i] = (look_job){pIdx, aKey + i0, aOut + i0, i1 - i0, bMany};
		if (nThread > 1 && pthread_create(&aT[i], NULL, look_run, &aJ[i]) != 0)
			bench_fail("cannot start a thread");
	}
	if (nThread == 1)
		look_run(&aJ[0]);
	else
		for (int i = 0; i < nThread; i++)
			pthread_join(aT[i], NULL);
	return (double)n / (bench_now() - t0);
}

static void same_answers(const uint8_t *aRef, const uint8_t *aOut, const uint64_t *aKey, size_t n,
			 const char *zWhat)
{
	for (size_t i = 0; i < n; i++)
		if (aRef[i] != aOut[i])
			bench_fail("%s says %d for %010llu, hw_dnc_has said %d", zWhat, aOut[i],
				   (unsigned long long)aKey[i], aRef[i]);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The four kinds of lookup, timed in nRepeat rounds of all four (so a
 * disturbance of the machine lands on all of them, not on one), every answer
 * checked against aRef (hw_dnc_has, one thread, sets it before the first
 * round): "NAME_per_s" is the median, "NAME_runs" every run in M/s. */
static const struct {
	const char *zName;
	int bMany, nThread;
} aLook[] = {{"has_1t", 0, 1}, {"many_1t", 1, 1}, {"has_2t", 0, 2}, {"many_2t", 1, 2}};

static void look_all(const hw_dnc_index *pIdx, const uint64_t *aKey, uint8_t *aRef, uint8_t *aOut,
		     size_t n, int nRepeat)
{
	double aRate[4][16] = {{0}};
	char zKey[64], azRuns[4][256] = {""};
	size_t anRuns[4] = {0};
	for (size_t i = 0; i < n; i++)
		aRef[i] = (uint8_t)hw_dnc_has(pIdx, aKey[i]);
	for (int r = 0; r < nRepeat; r++)
		for (int k = 0; k < 4; k++) {
			memset(aOut, 0xFF, n);
			aRate[k][r] =
			    look_rate(pIdx, aKey, aOut, n, aLook[k].bMany, aLook[k].nThread);
			same_answers(aRef, aOut, aKey, n, aLook[k].zName);
			anRuns[k] +=
			    (size_t)snprintf(azRuns[k] + anRuns[k], sizeof azRuns[k] - anRuns[k],
					     "%s%.2f", r ? " " : "", aRate[k][r] / 1e6);
		}
	for (int k = 0; k < 4; k++) {
		qsort(aRate[k], (size_t)nRepeat, sizeof aRate[k][0], cmp_double);
		snprintf(zKey, sizeof zKey, "%s_per_s", aLook[k].zName);
		bench_json_num(zKey, aRate[k][nRepeat / 2]);
		snprintf(zKey, sizeof zKey, "%s_runs", aLook[k].zName);
		bench_json_str(zKey, azRuns[k]);
	}
}

/* Drop the index file from the page cache, so the next open reads the disk;
 * returns the share of its pages that were still cached before. */
static double drop_cache(const char *zPath)
{
	size_t n = bench_file_size(zPath), nPage = (n + 4095) / 4096, nIn = 0;
	unsigned char *aVec = bench_alloc(nPage);
	int fd = open(zPath, O_RDONLY | O_CLOEXEC);
	void *p;
	if (fd < 0)
		bench_fail("%s: %s", zPath, strerror(errno));
	if (fdatasync(fd) != 0 || posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) != 0)
		bench_fail("%s: cannot drop it from the page cache", zPath);
	p = mmap(NULL, n, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED || mincore(p, n, aVec) != 0)
		bench_fail("%s: mincore: %s", zPath, strerror(errno));
	for (size_t i = 0; i < nPage; i++)
		nIn += aVec[i] & 1;
	munmap(p, n);
	close(fd);
	free(aVec);
	return 100.0 * (double)nIn / (double)nPage;
}

static hw_dnc_index *open_timed(const char *zPath, double *pSec)
{
	hw_dnc_index *pIdx;
	hw_err err;
	double t0 = bench_now();
	hw_err_clear(&err);
	if (hw_dnc_open(zPath, &pIdx, &err) != HW_OK)
		fail_err("hw_dnc_open", &err);
	*pSec = bench_now() - t0;
	return pIdx;
}

static void look_many(void *pCtx, const uint64_t *aKey, size_t n, uint8_t *aOut)
{
	hw_dnc_has_many(pCtx, aKey, n, aOut);
}

/* The scrub (bench_scrub): leads read, parsed with hw_dnc_key, looked up in
 * batches; then every answer checked against the truth file. */
static void scrub(const hw_dnc_index *pIdx, const bench_opts *o)
{
	uint8_t *aTruth, *aOut;
	uint64_t *aKey;
	size_t nTruth = bench_truth_read(o->zTruth, &aTruth), nLead, nListed, nExpect = 0;
	double t0;

	aKey = bench_alloc(nTruth * sizeof *aKey + 1);
	aOut = bench_alloc(nTruth + 1);
	memset(aKey, 0xFF, nTruth * sizeof *aKey); /* touched before the clock */
	memset(aOut, 0xFF, nTruth);
	t0 = bench_now();
	nLead = bench_scrub(o->zLeads, look_many, (void *)pIdx, aKey, aOut, nTruth, &nListed);
	bench_json_num("scrub_s", bench_now() - t0);
	if (nLead != nTruth)
		bench_fail("%zu leads but %zu truth lines", nLead, nTruth);
	for (size_t i = 0; i < nLead; i++) {
		if (aKey[i] == 0)
			bench_fail("lead %zu is not a NANP number to hw_dnc_key", i + 1);
		if (aOut[i] != aTruth[i])
			bench_fail("lead %zu (+1%010llu) is %slisted, the index says %slisted",
				   i + 1, (unsigned long long)aKey[i], aTruth[i] ? "" : "not ",
				   aOut[i] ? "" : "not ");
		nExpect += aTruth[i];
	}
	bench_json_int("scrub_leads", nLead);
	bench_json_int("scrub_listed", nListed);
	bench_json_int("scrub_expected", nExpect);
	free(aTruth), free(aOut), free(aKey);
}

/* Every registry number listed, and the index holds no more numbers than the
 * registry's lines: the index is the registry exactly. */
typedef struct verify_ctx {
	const hw_dnc_index *pIdx;
	uint8_t *aOut;
	uint64_t nDone;
	double tLook;
} verify_ctx;

static void verify_chunk(void *pCtx, const uint64_t *aNum, size_t n)
{
	verify_ctx *c = pCtx;
	double t0 = bench_now();
	hw_dnc_has_many(c->pIdx, aNum, n, c->aOut);
	c->tLook += bench_now() - t0;
	for (size_t i = 0; i < n; i++)
		if (!c->aOut[i])
			bench_fail("registry number %010llu (line %llu) is not in the index",
				   (unsigned long long)aNum[i],
				   (unsigned long long)(c->nDone + i + 1));
	c->nDone += n;
}

static void verify_all(const hw_dnc_index *pIdx, const bench_opts *o)
{
	hw_dnc_info info;
	verify_ctx c = {.pIdx = pIdx, .aOut = bench_alloc(VERIFY_CHUNK)};
	double t0 = bench_now();
	bench_reg_stream(o->zRegistry, 0, verify_chunk, &c);
	hw_dnc_info_get(pIdx, &info);
	if (info.nNumbers != c.nDone)
		bench_fail("the index holds %llu numbers, the registry %llu",
			   (unsigned long long)info.nNumbers, (unsigned long long)c.nDone);
	bench_json_int("verified_numbers", c.nDone);
	bench_json_num("verify_s", bench_now() - t0);
	bench_json_num("sorted_many_1t_per_s", (double)c.nDone / c.tLook);
	free(c.aOut);
}

static int run_query(const bench_opts *o)
{
	hw_dnc_index *pIdx;
	hw_dnc_info info;
	size_t n = (size_t)o->nLookups, nSample = n < ORACLE_SAMPLE ? n : ORACLE_SAMPLE;
	uint64_t *aKey;
	uint8_t *aKnown, *aRef, *aOut;
	double tCold, tWarm, pctCached;

	/* the load: from the disk, then from the page cache */
	pctCached = drop_cache(o->zIndex);
	pIdx = open_timed(o->zIndex, &tCold);
	hw_dnc_close(pIdx);
	pIdx = open_timed(o->zIndex, &tWarm);
	hw_dnc_info_get(pIdx, &info);
	bench_json_str("run", "query");
	bench_json_num("cached_before_cold_pct", pctCached);
	bench_json_num("open_cold_s", tCold);
	bench_json_num("open_warm_s", tWarm);
	bench_json_int("index_bytes", info.nBytes);
	bench_json_int("numbers", info.nNumbers);
	bench_json_int("exchanges", info.nExchanges);
	bench_json_int("area_codes", (uint64_t)info.nNpa);
	json_mem("open", o->zIndex);

	/* random lookups, keys from the registry */
	aKey = bench_alloc(n * sizeof *aKey);
	aKnown = bench_alloc(n);
	aRef = bench_alloc(n);
	aOut = bench_alloc(n);
	bench_keys(o->zRegistry, bench_reg_lines(o->zRegistry), o->iSeed, n, aKey, aKnown);
	memset(aRef, 0xFF, n); /* touched before the clock: a first touch costs a fault */
	memset(aOut, 0xFF, n);
	hw_dnc_has_many(pIdx, aKey, n < 1000000 ? n : 1000000, aOut); /* warm the caches */
	bench_json_int("lookups", n);
	bench_json_int("repeat", (uint64_t)o->nRepeat);
	look_all(pIdx, aKey, aRef, aOut, n, o->nRepeat);
	json_mem("looked", o->zIndex);
	{
		uint64_t nListed = 0;
		for (size_t i = 0; i < n; i++) {
			if (aKnown[i] && !aRef[i])
				bench_fail("registry number %010llu is not in the index",
					   (unsigned long long)aKey[i]);
			nListed += aRef[i];
		}
		bench_json_num("lookups_listed_pct", 100.0 * (double)nListed / (double)n);
	}

	scrub(pIdx, o);

	/* ground truth from the text for a sample of the random keys */
	bench_truth_of(o->zRegistry, 0, aKey, nSample, aOut);
	for (size_t i = 0; i < nSample; i++)
		if (aOut[i] != aRef[i])
			bench_fail("%010llu: the registry says %slisted, the index %slisted",
				   (unsigned long long)aKey[i], aRef[i] ? "not " : "",
				   aRef[i] ? "" : "not ");
	bench_json_int("oracle_checked", nSample);
	free(aKey), free(aKnown), free(aRef), free(aOut);

	verify_all(pIdx, o);
	hw_dnc_close(pIdx);
	bench_json_end();
	return 0;
}

/* ---- calib: what the machine charges for memory, to read the rest by ---- */

/* Fresh anonymous memory touched page by page (a fault each), populated in one
 * call then touched, and touched again: on a VM with shadow page tables the
 * first two cost many times what they do on bare metal. */
static int run_calib(void)
{
	size_t n = 256u << 20, nPage = n / 4096;
	double t0, tFault, tPopulate, tTouch, tAgain;
	char *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		bench_fail("mmap: %s", strerror(errno));
	t0 = bench_now();
	for (size_t i = 0; i < n; i += 4096)
		p[i] = 1;
	tFault = bench_now() - t0;
	t0 = bench_now();
	for (size_t i = 0; i < n; i += 4096)
		p[i] = 2;
	tAgain = bench_now() - t0;
	munmap(p, n);
	p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1,
		 0);
	if (p == MAP_FAILED)
		bench_fail("mmap: %s", strerror(errno));
	t0 = bench_now();
	for (size_t i = 0; i < n; i += 4096)
		p[i] = 1;
	tTouch = bench_now() - t0;
	munmap(p, n);
	t0 = bench_now();
	p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1,
		 0);
	tPopulate = bench_now() - t0;
	if (p == MAP_FAILED)
		bench_fail("mmap: %s", strerror(errno));
	munmap(p, n);
	bench_json_str("run", "calib");
	bench_json_num("fault_us_per_page", tFault / (double)nPage * 1e6);
	bench_json_num("populate_us_per_page", tPopulate / (double)nPage * 1e6);
	bench_json_num("touch_after_populate_us_per_page", tTouch / (double)nPage * 1e6);
	bench_json_num("touch_again_us_per_page", tAgain / (double)nPage * 1e6);
	bench_json_end();
	return 0;
}

int main(int argc, char **argv)
{
	bench_opts o = {.nLookups = 20000000, .iSeed = 1, .nRepeat = 5};
	const char *zRun = argc > 1 ? argv[1] : "";
	for (int i = 2; i < argc; i += 2) {
		const char *z = argv[i], *zv = i + 1 < argc ? argv[i + 1] : NULL;
		if (!zv)
			goto usage;
		if (!strcmp(z, "--registry"))
			o.zRegistry = zv;
		else if (!strcmp(z, "--index"))
			o.zIndex = zv;
		else if (!strcmp(z, "--db"))
			o.zDb = zv;
		else if (!strcmp(z, "--leads"))
			o.zLeads = zv;
		else if (!strcmp(z, "--truth"))
			o.zTruth = zv;
		else if (!strcmp(z, "--numbers"))
			o.nNumbers = strtoull(zv, NULL, 10);
		else if (!strcmp(z, "--lookups"))
			o.nLookups = strtoull(zv, NULL, 10);
		else if (!strcmp(z, "--seed"))
			o.iSeed = strtoull(zv, NULL, 10);
		else if (!strcmp(z, "--repeat"))
			o.nRepeat = atoi(zv);
		else
			goto usage;
	}
	if (!strcmp(zRun, "calib"))
		return run_calib();
	if (!o.zRegistry || o.nLookups == 0 || o.nRepeat < 1 || o.nRepeat > 16)
		goto usage;
	if (!strcmp(zRun, "build") && o.zIndex)
		return run_build(&o);
	if (!strcmp(zRun, "query") && o.zIndex && o.zLeads && o.zTruth)
		return run_query(&o);
	if (!strcmp(zRun, "sqlite") && o.zDb && o.zLeads && o.zTruth)
		return dnc_sqlite_main(&o);
usage:
	fprintf(stderr,
		"usage: dnc_bench calib\n"
		"       dnc_bench build  --registry R --index I\n"
		"       dnc_bench query  --registry R --index I --leads L --truth T [--lookups N] "
		"[--seed S] [--repeat R]\n"
		"       dnc_bench sqlite --registry R --db D --leads L --truth T [--numbers N] "
		"[--lookups N] [--seed S]\n");
	return 2;
}
