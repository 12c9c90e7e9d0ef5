/*
 * dnc_util.c — the helpers dnc_bench's runs share (see dnc_util.h).
 */
#include "dnc_util.h"

#include "io/dnc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

double bench_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void bench_fail(const char *zFmt, ...)
{
	va_list ap;
	fflush(stdout);
	fprintf(stderr, "dnc_bench: FAILED: ");
	va_start(ap, zFmt);
	vfprintf(stderr, zFmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(1);
}

void *bench_alloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);
	if (!p)
		bench_fail("out of memory (%zu bytes)", n);
	return p;
}

static long status_kb(const char *zText, const char *zKey)
{
	const char *z = strstr(zText, zKey);
	return z ? strtol(z + strlen(zKey), NULL, 10) : -1;
}

void bench_mem_get(bench_mem *pOut)
{
	char zBuf[8192];
	FILE *f = fopen("/proc/self/status", "r");
	size_t n = f ? fread(zBuf, 1, sizeof zBuf - 1, f) : 0;
	if (f)
		fclose(f);
	zBuf[n] = 0;
	pOut->nRss = status_kb(zBuf, "VmRSS:");
	pOut->nAnon = status_kb(zBuf, "RssAnon:");
	pOut->nFile = status_kb(zBuf, "RssFile:");
	pOut->nHwm = status_kb(zBuf, "VmHWM:");
}

long bench_map_rss(const char *zPath)
{
	char zLine[4096], zReal[4096];
	FILE *f = fopen("/proc/self/smaps", "r");
	long nKb = 0;
	int bIn = 0;
	if (!f || !realpath(zPath, zReal)) {
		if (f)
			fclose(f);
		return -1;
	}
	while (fgets(zLine, sizeof zLine, f)) {
		size_t n = strlen(zLine);
		if (n && zLine[n - 1] == '\n')
			zLine[--n] = 0;
		/* a mapping's first line: "start-end perms offset dev inode path" */
		if (strchr(zLine, '-') && strchr(zLine, '-') < strchr(zLine, ' ') &&
		    strncmp(zLine, "Rss:", 4) != 0) {
			const char *zName = strchr(zLine, '/');
			bIn = zName && !strcmp(zName, zReal);
		} else if (bIn && !strncmp(zLine, "Rss:", 4)) {
			nKb += strtol(zLine + 4, NULL, 10);
		}
	}
	fclose(f);
	return nKb;
}

/* ---- the registry ---- */

static int line_ok(const char *z)
{
	for (int i = 0; i < REG_LINE - 1; i++)
		if (i == 3 ? z[i] != ',' : (unsigned)(z[i] - '0') > 9)
			return 0;
	return z[REG_LINE - 1] == '\n';
}

static uint64_t num_at(const char *z)
{
	uint64_t v = 0;
	for (int i = 0; i < REG_LINE - 1; i++)
		if (i != 3)
			v = v * 10 + (uint64_t)(z[i] - '0');
	return v;
}

void bench_reg_parse(const char *a, size_t nLine, uint64_t *aOut)
{
	for (size_t i = 0; i < nLine; i++) {
		const char *z = a + i * REG_LINE;
		if (!line_ok(z))
			bench_fail("registry line '%.11s' is not NPA,NXXXXXX", z);
		aOut[i] = num_at(z);
	}
}

uint64_t bench_reg_lines(const char *zPath)
{
	size_t n = bench_file_size(zPath);
	if (n == 0 || n % REG_LINE != 0)
		bench_fail("%s: not dnc_gen's registry (lines of exactly \"NPA,NXXXXXX\\n\")",
			   zPath);
	return n / REG_LINE;
}

#define STREAM_LINES 1000000

uint64_t bench_reg_stream(const char *zPath, uint64_t nLine, bench_num_fn xNum, void *pCtx)
{
	char *aBuf = bench_alloc((size_t)STREAM_LINES * REG_LINE);
	uint64_t *aNum = bench_alloc(STREAM_LINES * sizeof *aNum), nDone = 0;
	int fd = open(zPath, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		bench_fail("%s: %s", zPath, strerror(errno));
	if (nLine == 0)
		nLine = bench_reg_lines(zPath);
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	while (nDone < nLine) {
		size_t nWant =
		    (size_t)(nLine - nDone < STREAM_LINES ? nLine - nDone : STREAM_LINES);
		size_t n = 0;
		ssize_t k;
		while (n < nWant * REG_LINE && (k = read(fd, aBuf + n, nWant * REG_LINE - n)) > 0)
			n += (size_t)k;
		if (n != nWant * REG_LINE)
			bench_fail("%s: shorter than %llu lines", zPath, (unsigned long long)nLine);
		bench_reg_parse(aBuf, nWant, aNum);
		xNum(pCtx, aNum, nWant);
		nDone += nWant;
	}
	close(fd);
	free(aBuf), free(aNum);
	return nDone;
}

static uint64_t rnd_next(uint64_t *pS) /* splitmix64 */
{
	uint64_t z = (*pS += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Stratified: key k comes from a random line of the k-th of n equal stretches
 * of the file, so one pass picks them all; then they are shuffled. */
typedef struct keys_ctx {
	uint64_t nLine, iLine, s;
	size_t n, k;
	uint64_t iNext; /* the line key k comes from */
	uint64_t *aKey;
	uint8_t *aKnown;
} keys_ctx;

static uint64_t keys_line(keys_ctx *c)
{
	uint64_t i0 = c->nLine * c->k / c->n, i1 = c->nLine * (c->k + 1) / c->n;
	return i0 + (i1 > i0 ? rnd_next(&c->s) % (i1 - i0) : 0);
}

static void keys_chunk(void *pCtx, const uint64_t *aNum, size_t n)
{
	keys_ctx *c = pCtx;
	while (c->k < c->n && c->iNext < c->iLine + n) {
		uint64_t r = rnd_next(&c->s), v = aNum[c->iNext - c->iLine];
		c->aKnown[c->k] = (r >> 63) == 0;
		if (!c->aKnown[c->k])
			v = v - v % 10000 + (r >> 40) % 10000;
		c->aKey[c->k++] = v;
		if (c->k < c->n)
			c->iNext = keys_line(c);
	}
	c->iLine += n;
}

void bench_keys(const char *zPath, uint64_t nLine, uint64_t iSeed, size_t n, uint64_t *aKey,
		uint8_t *aKnown)
{
	keys_ctx c = {.nLine = nLine,
		      .s = iSeed * 0x9E3779B97F4A7C15ull + 7,
		      .n = n,
		      .aKey = aKey,
		      .aKnown = aKnown};
	c.iNext = keys_line(&c);
	bench_reg_stream(zPath, nLine, keys_chunk, &c);
	if (c.k != n)
		bench_fail("%s: picked %zu keys of %zu", zPath, c.k, n);
	for (size_t i = n - 1; i > 0; i--) {
		size_t j = (size_t)(rnd_next(&c.s) % (i + 1));
		uint64_t t = aKey[i];
		uint8_t b = aKnown[i];
		aKey[i] = aKey[j], aKey[j] = t;
		aKnown[i] = aKnown[j], aKnown[j] = b;
	}
}

typedef struct truth_ctx {
	const uint64_t *aSorted; /* key << 30 | its index */
	size_t n, i;
	uint8_t *aOut;
} truth_ctx;

static void truth_chunk(void *pCtx, const uint64_t *aNum, size_t n)
{
	truth_ctx *c = pCtx;
	size_t j = 0;
	while (c->i < c->n && j < n) {
		uint64_t v = c->aSorted[c->i] >> 30;
		if (aNum[j] < v) {
			j++;
		} else {
			c->aOut[c->aSorted[c->i] & ((1u << 30) - 1)] = aNum[j] == v;
			c->i++;
		}
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

void bench_truth_of(const char *zPath, uint64_t nLine, const uint64_t *aKey, size_t n,
		    uint8_t *aOut)
{
	truth_ctx c = {.n = n, .aOut = aOut};
	uint64_t *aSorted = bench_alloc(n * sizeof *aSorted + 1);
	if (n >= (1u << 30))
		bench_fail("too many keys to check");
	for (size_t i = 0; i < n; i++)
		aSorted[i] = (aKey[i] & ((1ull << 34) - 1)) << 30 | i;
	qsort(aSorted, n, sizeof *aSorted, cmp_u64);
	c.aSorted = aSorted;
	memset(aOut, 0, n); /* past the last line: not listed */
	bench_reg_stream(zPath, nLine, truth_chunk, &c);
	free(aSorted);
}

/* ---- leads ---- */

static char *file_read(const char *zPath, size_t *pn)
{
	struct stat st;
	char *a;
	size_t n = 0;
	int fd = open(zPath, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0)
		bench_fail("%s: %s", zPath, strerror(errno));
	a = bench_alloc((size_t)st.st_size + 1);
	while (n < (size_t)st.st_size) {
		ssize_t k = read(fd, a + n, (size_t)st.st_size - n);
		if (k <= 0)
			bench_fail("%s: read: %s", zPath, k ? strerror(errno) : "short");
		n += (size_t)k;
	}
	close(fd);
	a[n] = 0;
	*pn = n;
	return a;
}

size_t bench_truth_read(const char *zPath, uint8_t **paOut)
{
	size_t n, k = 0;
	char *a = file_read(zPath, &n);
	uint8_t *aOut = bench_alloc(n / 2 + 1);
	for (size_t i = 0; i < n; i += 2) {
		if (i + 1 == n || (a[i] != '0' && a[i] != '1') || a[i + 1] != '\n')
			bench_fail("%s: line %zu is not 0 or 1", zPath, k + 1);
		aOut[k++] = (uint8_t)(a[i] - '0');
	}
	free(a);
	*paOut = aOut;
	return k;
}

size_t bench_scrub(const char *zPath, bench_look_fn xLook, void *pCtx, uint64_t *aKey,
		   uint8_t *aOut, size_t nMax, size_t *pnListed)
{
	enum { BUF = 1 << 20 };
	static char aBuf[BUF + 1];
	size_t nHave = 0, nLead = 0, nDone = 0, nListed = 0;
	int fd = open(zPath, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		bench_fail("%s: %s", zPath, strerror(errno));
	for (;;) {
		ssize_t k = read(fd, aBuf + nHave, BUF - nHave);
		char *z = aBuf, *zEnd;
		if (k < 0)
			bench_fail("%s: read: %s", zPath, strerror(errno));
		nHave += (size_t)k;
		if (k == 0 && nHave && aBuf[nHave - 1] != '\n')
			aBuf[nHave++] = '\n';
		zEnd = aBuf + nHave;
		for (;;) {
			char *zEol = memchr(z, '\n', (size_t)(zEnd - z));
			if (!zEol)
				break;
			if (zEol > z && zEol[-1] == '\r')
				zEol[-1] = 0;
			*zEol = 0;
			if (nLead == nMax)
				bench_fail("%s: more than %zu leads", zPath, nMax);
			aKey[nLead++] = hw_dnc_key(z);
			z = zEol + 1;
			if (nLead - nDone == SCRUB_BATCH) {
				xLook(pCtx, aKey + nDone, SCRUB_BATCH, aOut + nDone);
				nDone = nLead;
			}
		}
		nHave = (size_t)(zEnd - z);
		memmove(aBuf, z, nHave);
		if (k == 0)
			break;
	}
	close(fd);
	if (nLead > nDone)
		xLook(pCtx, aKey + nDone, nLead - nDone, aOut + nDone);
	for (size_t i = 0; i < nLead; i++)
		nListed += aOut[i];
	*pnListed = nListed;
	return nLead;
}

size_t bench_file_size(const char *zPath)
{
	struct stat st;
	return stat(zPath, &st) == 0 ? (size_t)st.st_size : 0;
}

/* ---- the report ---- */

static char zJson[16384];
static size_t nJson;

static void json_add(const char *zFmt, const char *zKey, const char *zVal)
{
	if (nJson < sizeof zJson)
		nJson += (size_t)snprintf(zJson + nJson, sizeof zJson - nJson, zFmt,
					  nJson ? "," : "{", zKey, zVal);
}

void bench_json_num(const char *zKey, double v)
{
	char z[64];
	snprintf(z, sizeof z, "%.6g", v);
	json_add("%s\"%s\":%s", zKey, z);
}

void bench_json_int(const char *zKey, uint64_t v)
{
	char z[32];
	snprintf(z, sizeof z, "%llu", (unsigned long long)v);
	json_add("%s\"%s\":%s", zKey, z);
}

void bench_json_str(const char *zKey, const char *zVal)
{
	json_add("%s\"%s\":\"%s\"", zKey, zVal);
}

void bench_json_end(void)
{
	printf("%s}\n", nJson ? zJson : "{");
	fflush(stdout);
	nJson = 0;
}
