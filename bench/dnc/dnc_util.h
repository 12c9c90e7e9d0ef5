/*
 * dnc_util.h — what dnc_bench's runs (hawser's index, the SQLite baseline)
 * share: the clock, memory figures from /proc, the generated registry as
 * ground truth, the random lookup keys, the leads and their truth, and the
 * one-line JSON report.
 *
 * Every check that fails ends the program through bench_fail with exit 1 and
 * a line that starts "dnc_bench: FAILED:": a benchmark of wrong answers is
 * worth nothing.
 */
#ifndef HW_BENCH_DNC_UTIL_H
#define HW_BENCH_DNC_UTIL_H

#include <stddef.h>
#include <stdint.h>

#define REG_LINE 12 /* "NPA,NXXXXXX\n": dnc_gen writes nothing else */

/* The command line, for every run. */
typedef struct bench_opts {
	const char *zRegistry, *zIndex, *zDb, *zLeads, *zTruth;
	uint64_t nNumbers; /* the SQLite baseline: the registry's first N lines (0: all) */
	uint64_t nLookups; /* random lookups timed */
	uint64_t iSeed;
	int nRepeat; /* rounds of the four kinds of lookup; the median counts */
} bench_opts;

/* The SQLite baseline (dnc_sqlite.c). */
int dnc_sqlite_main(const bench_opts *pOpt);

double bench_now(void); /* CLOCK_MONOTONIC, seconds */
void bench_fail(const char *zFmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void *bench_alloc(size_t n); /* zeroed; fails the run when out of memory */

/* The process's memory, kB, from /proc/self/status. */
typedef struct bench_mem {
	long nRss, nAnon, nFile, nHwm;
} bench_mem;
void bench_mem_get(bench_mem *pOut);

/* Resident kB of this process's mappings of the file zPath (/proc/self/smaps). */
long bench_map_rss(const char *zPath);

/*
 * The registry, streamed: its first nLine lines (0: all) read through a buffer
 * and parsed, up to a million numbers per call of xNum, in file order (dnc_gen
 * writes them sorted). Read, not mapped: on a VM with shadow page tables a
 * mapping's first touch of each page is a fault of ~10 us. Fails on a line
 * that is not "NPA,NXXXXXX\n". Returns the lines read.
 */
typedef void (*bench_num_fn)(void *pCtx, const uint64_t *aNum, size_t n);
uint64_t bench_reg_stream(const char *zPath, uint64_t nLine, bench_num_fn xNum, void *pCtx);
uint64_t bench_reg_lines(const char *zPath); /* its lines: the size over REG_LINE */

/* Parse nLine whole registry lines at a into aOut; fails on any other form. */
void bench_reg_parse(const char *a, size_t nLine, uint64_t *aOut);

/*
 * n random lookup keys from the first nLine lines, in random order: a line's
 * number as it is (aKnown[i] = 1: listed for sure), or half the time another
 * line of the same exchange (listed or not, 12% of them are). Every key hits a
 * listed exchange, the harder case; lead lists mostly do.
 */
void bench_keys(const char *zPath, uint64_t nLine, uint64_t iSeed, size_t n, uint64_t *aKey,
		uint8_t *aKnown);

/* Ground truth from the text: aOut[i] = 1 when aKey[i] is on one of the first
 * nLine lines (the keys sorted and merged with the stream). */
void bench_truth_of(const char *zPath, uint64_t nLine, const uint64_t *aKey, size_t n,
		    uint8_t *aOut);

/* The truth file: one '0' or '1' line per lead. Returns the count, *paOut malloc'd. */
size_t bench_truth_read(const char *zPath, uint8_t **paOut);

/*
 * The scrub: the leads file read through a 1 MB buffer, each line parsed with
 * hw_dnc_key into aKey, and every batch of up to SCRUB_BATCH keys handed to
 * xLook, which sets aOut. Returns the leads read (at most nMax) and sets
 * *pnListed. aKey and aOut are the caller's, touched before the clock starts:
 * the scrub reuses its memory, as a server does.
 */
#define SCRUB_BATCH 65536
typedef void (*bench_look_fn)(void *pCtx, const uint64_t *aKey, size_t n, uint8_t *aOut);
size_t bench_scrub(const char *zPath, bench_look_fn xLook, void *pCtx, uint64_t *aKey,
		   uint8_t *aOut, size_t nMax, size_t *pnListed);

size_t bench_file_size(const char *zPath);

/* The JSON line: bench_json_num/str append "key":value; bench_json_end prints it. */
void bench_json_num(const char *zKey, double v);
void bench_json_int(const char *zKey, uint64_t v);
void bench_json_str(const char *zKey, const char *zVal);
void bench_json_end(void);

#endif
