/*
 * test_dnc.c — the do-not-call registry index and what its answers mean:
 * a random set round-trips through build, write and map exactly (both
 * container kinds, batched and single lookups); a full list replaces the
 * area codes it holds; change lists add and delete; every format error names
 * FILE:LINE and leaves the index file as it was; zip files are read; damaged
 * index files are refused; the scrub verdicts (listed, consent, stale,
 * missing area code) and consent types.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/registry.h"
#include "io/dnc.h"
#include "io/dnc_set.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#define DAY 86400
static const hw_time T0 = 1795392000; /* 2026-11-23 */

static char zDir[] = "/tmp/hawser-test-dnc-XXXXXX";

static int setup(void **pp)
{
	(void)pp;
	return mkdtemp(zDir) ? 0 : -1;
}

static int teardown(void **pp)
{
	char zCmd[128];
	(void)pp;
	snprintf(zCmd, sizeof zCmd, "rm -rf '%s'", zDir);
	return system(zCmd) == 0 ? 0 : -1;
}

static void path(const char *zName, char *zBuf, size_t n)
{
	snprintf(zBuf, n, "%s/%s", zDir, zName);
}

static void write_file(const char *zPath, const char *z)
{
	FILE *f = fopen(zPath, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(z, 1, strlen(z), f), strlen(z));
	fclose(f);
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
	return *s;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int in_set(const uint64_t *a, size_t n, uint64_t v)
{
	return bsearch(&v, a, n, sizeof v, cmp_u64) != NULL;
}

/* Build from a text of numbers, write, map. */
static hw_dnc_index *build_text(const char *zName, const char *zText, hw_dnc_mode e,
				hw_dnc_index *pBase, hw_time tCopy)
{
	char zPath[256];
	hw_dnc_build *pB;
	hw_dnc_index *pIdx;
	hw_dnc_load_stats st;
	hw_err err;
	path(zName, zPath, sizeof zPath);
	assert_int_equal(hw_dnc_build_new("us", pBase, &pB, &err), HW_OK);
	assert_int_equal(hw_dnc_build_text(pB, "t.txt", zText, strlen(zText), e, tCopy, &st, &err),
			 HW_OK);
	assert_int_equal(hw_dnc_build_write(pB, zPath, T0, &err), HW_OK);
	hw_dnc_build_free(pB);
	assert_int_equal(hw_dnc_open(zPath, &pIdx, &err), HW_OK);
	return pIdx;
}

/* 200,000 random numbers in a few exchanges (bitmaps) and many sparse ones
 * (arrays): every listed number is found, and a million others are not. */
static void test_roundtrip(void **pp)
{
	enum { N = 200000 };
	uint64_t *a = malloc(N * sizeof *a), s = 88172645463325252ull;
	size_t n = 0, cap = (size_t)N * 14;
	char *zText = malloc(cap), *z = zText;
	hw_dnc_index *pIdx;
	hw_dnc_info info;
	uint8_t *aOut;
	(void)pp;
	assert_non_null(a);
	assert_non_null(zText);
	for (int i = 0; i < N; i++) {
		uint64_t v;
		if (i % 4 == 0) /* sparse: anywhere */
			v = (200 + rnd(&s) % 800) * 10000000ull + (200 + rnd(&s) % 800) * 10000ull +
			    rnd(&s) % 10000;
		else /* dense: 30 exchanges of area code 212 */
			v = 2120000000ull + (200 + rnd(&s) % 30) * 10000ull + rnd(&s) % 10000;
		a[n++] = v;
		z += sprintf(z, (i & 1) ? "%03llu,%07llu\n" : "%010llu\r\n",
			     (i & 1) ? (unsigned long long)(v / 10000000) : (unsigned long long)v,
			     (unsigned long long)(v % 10000000));
	}
	qsort(a, n, sizeof *a, cmp_u64);
	pIdx = build_text("rt.idx", zText, HW_DNC_AUTO, NULL, T0);
	hw_dnc_info_get(pIdx, &info);
	{
		size_t nDistinct = 0;
		for (size_t i = 0; i < n; i++)
			nDistinct += i == 0 || a[i] != a[i - 1];
		assert_int_equal(info.nNumbers, nDistinct);
	}
	assert_string_equal(info.zList, "us");
	assert_int_equal(info.tOldest, T0);
	for (size_t i = 0; i < n; i++)
		assert_true(hw_dnc_has(pIdx, a[i]));
	aOut = malloc(1000000);
	assert_non_null(aOut);
	{
		uint64_t *q = malloc(1000000 * sizeof *q);
		assert_non_null(q);
		for (int i = 0; i < 1000000; i++)
			q[i] = i % 3 ? (2000000000ull + rnd(&s) % 8000000000ull) : a[rnd(&s) % n];
		hw_dnc_has_many(pIdx, q, 1000000, aOut);
		for (int i = 0; i < 1000000; i++) {
			int bTruth = in_set(a, n, q[i]);
			assert_int_equal(aOut[i], bTruth);
			assert_int_equal(hw_dnc_has(pIdx, q[i]), bTruth);
		}
		free(q);
	}
	/* out of the plan: never listed, never a crash */
	assert_false(hw_dnc_has(pIdx, 1125550100ull));
	assert_false(hw_dnc_has(pIdx, 99999999999ull));
	assert_int_equal(hw_dnc_npa_date(pIdx, 212), T0);
	assert_int_equal(hw_dnc_npa_date(pIdx, 100), 0);
	hw_dnc_close(pIdx);
	free(aOut);
	free(a);
	free(zText);
}

static void test_full_and_change(void **pp)
{
	hw_dnc_index *p1, *p2, *p3;
	hw_dnc_info info;
	(void)pp;
	p1 = build_text("a.idx", "AreaCode,PhoneNumber\n212,5550100\n212,5550101\n312,5550102\n",
			HW_DNC_AUTO, NULL, T0 - 10 * DAY);
	assert_true(hw_dnc_has(p1, 2125550100ull));
	assert_true(hw_dnc_has(p1, 3125550102ull));
	/* a full list of 212 replaces 212 only; 312 keeps its number and date */
	p2 = build_text("b.idx", "2125550199\n", HW_DNC_AUTO, p1, T0);
	assert_false(hw_dnc_has(p2, 2125550100ull));
	assert_true(hw_dnc_has(p2, 2125550199ull));
	assert_true(hw_dnc_has(p2, 3125550102ull));
	assert_int_equal(hw_dnc_npa_date(p2, 212), T0);
	assert_int_equal(hw_dnc_npa_date(p2, 312), T0 - 10 * DAY);
	/* a change list: additions and deletions, every loaded area code dated */
	p3 = build_text("c.idx", "312,5550102,D,2026-11-23\n415,5550103,A\n12125550150,add\n",
			HW_DNC_AUTO, p2, T0 + DAY);
	assert_false(hw_dnc_has(p3, 3125550102ull));
	assert_true(hw_dnc_has(p3, 4155550103ull));
	assert_true(hw_dnc_has(p3, 2125550150ull));
	assert_true(hw_dnc_has(p3, 2125550199ull));
	assert_int_equal(hw_dnc_npa_date(p3, 312), T0 + DAY);
	assert_int_equal(hw_dnc_npa_date(p3, 415), T0 + DAY);
	hw_dnc_info_get(p3, &info);
	assert_int_equal(info.nNumbers, 3);
	assert_int_equal(info.nNpa, 3);
	hw_dnc_close(p1);
	hw_dnc_close(p2);
	hw_dnc_close(p3);
}

/* Each bad file: FILE:LINE, and the index already written stays as it was. */
static void test_errors(void **pp)
{
	static const struct {
		const char *zText;
		hw_dnc_mode e;
		long iLine;
		const char *zWant;
	} a[] = {
		{"212,5550100\n212,555010\n", HW_DNC_AUTO, 2, "expected a number"},
		{"212,5550100\n112,5550100\n", HW_DNC_AUTO, 2, "begin with 2 to 9"},
		{"212,1550100\n", HW_DNC_AUTO, 1, "begin with 2 to 9"},
		{"212,5550100,A\n212,5550101\n", HW_DNC_AUTO, 2, "without its A (add) or D"},
		{"212,5550100\n212,5550101,D\n", HW_DNC_AUTO, 2, "flag in a full list"},
		{"212,5550100,A\n", HW_DNC_FULL, 1, "loaded as a full list"},
		{"212,5550100,A,D\n", HW_DNC_AUTO, 1, "two add/delete flags"},
		{"\n\nhello world 7\n", HW_DNC_AUTO, 3, "expected a number"},
		{"1,2,3,4,5,6,7,8,9\n", HW_DNC_AUTO, 1, "too many fields"},
		{"(212) 555-0100\n", HW_DNC_AUTO, 1, "expected a number"},
	};
	char zIdx[256], zTxt[256];
	hw_dnc_index *pIdx;
	hw_dnc_build *pB;
	hw_dnc_load_stats st;
	hw_err err;
	(void)pp;
	pIdx = build_text("keep.idx", "212,5550100\n", HW_DNC_AUTO, NULL, T0);
	hw_dnc_close(pIdx);
	path("keep.idx", zIdx, sizeof zIdx);
	path("bad.txt", zTxt, sizeof zTxt);
	for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
		hw_dnc_index *pBase;
		write_file(zTxt, a[i].zText);
		assert_int_equal(hw_dnc_open(zIdx, &pBase, &err), HW_OK);
		assert_int_equal(hw_dnc_build_new("us", pBase, &pB, &err), HW_OK);
		hw_err_clear(&err);
		assert_int_equal(hw_dnc_build_load(pB, zTxt, a[i].e, T0, NULL, NULL, &st, &err),
				 HW_EINVAL);
		assert_string_equal(err.zFile, zTxt);
		assert_int_equal(err.iLine, a[i].iLine);
		if (!strstr(err.zMsg, a[i].zWant))
			fail_msg("case %zu: '%s' lacks '%s'", i, err.zMsg, a[i].zWant);
		hw_dnc_build_free(pB); /* never written */
		hw_dnc_close(pBase);
		assert_int_equal(hw_dnc_open(zIdx, &pIdx, &err), HW_OK);
		assert_true(hw_dnc_has(pIdx, 2125550100ull));
		hw_dnc_close(pIdx);
	}
	/* empty, binary, missing */
	assert_int_equal(hw_dnc_build_new("us", NULL, &pB, &err), HW_OK);
	write_file(zTxt, "");
	assert_int_equal(hw_dnc_build_load(pB, zTxt, HW_DNC_AUTO, T0, NULL, NULL, &st, &err),
			 HW_EINVAL);
	assert_non_null(strstr(err.zMsg, "empty"));
	{
		FILE *f = fopen(zTxt, "wb");
		assert_non_null(f);
		fwrite("\x7f" "ELF\0\0\0\1", 1, 8, f);
		fclose(f);
	}
	assert_int_equal(hw_dnc_build_load(pB, zTxt, HW_DNC_AUTO, T0, NULL, NULL, &st, &err),
			 HW_EINVAL);
	assert_non_null(strstr(err.zMsg, "binary"));
	write_file(zTxt, "Area,Number\n\n");
	assert_int_equal(hw_dnc_build_load(pB, zTxt, HW_DNC_AUTO, T0, NULL, NULL, &st, &err),
			 HW_EINVAL);
	assert_non_null(strstr(err.zMsg, "no numbers"));
	path("nope.txt", zTxt, sizeof zTxt);
	assert_int_equal(hw_dnc_build_load(pB, zTxt, HW_DNC_AUTO, T0, NULL, NULL, &st, &err),
			 HW_ENOTFOUND);
	hw_dnc_build_free(pB);
}

static void test_zip(void **pp)
{
	static const char zA[] = "212,5550100\n212,5550101\n", zB[] = "3125550102\n";
	char zZip[256], zIdx[256];
	zip_t *z;
	int iErr;
	hw_dnc_build *pB;
	hw_dnc_index *pIdx;
	hw_dnc_load_stats st;
	hw_err err;
	(void)pp;
	path("list.zip", zZip, sizeof zZip);
	path("zip.idx", zIdx, sizeof zIdx);
	z = zip_open(zZip, ZIP_CREATE | ZIP_TRUNCATE, &iErr);
	assert_non_null(z);
	assert_true(zip_file_add(z, "212.txt", zip_source_buffer(z, zA, strlen(zA), 0), 0) >= 0);
	assert_true(zip_dir_add(z, "more", 0) >= 0);
	assert_true(zip_file_add(z, "more/312.txt", zip_source_buffer(z, zB, strlen(zB), 0), 0) >=
		    0);
	assert_int_equal(zip_close(z), 0);
	assert_int_equal(hw_dnc_build_new("us", NULL, &pB, &err), HW_OK);
	assert_int_equal(hw_dnc_build_load(pB, zZip, HW_DNC_AUTO, T0, NULL, NULL, &st, &err), HW_OK);
	assert_int_equal(hw_dnc_build_write(pB, zIdx, T0, &err), HW_OK);
	hw_dnc_build_free(pB);
	assert_int_equal(hw_dnc_open(zIdx, &pIdx, &err), HW_OK);
	assert_true(hw_dnc_has(pIdx, 2125550101ull));
	assert_true(hw_dnc_has(pIdx, 3125550102ull));
	hw_dnc_close(pIdx);
	/* a bad line inside an entry: the entry is named */
	z = zip_open(zZip, ZIP_CREATE | ZIP_TRUNCATE, &iErr);
	assert_non_null(z);
	assert_true(zip_file_add(z, "bad.txt", zip_source_buffer(z, "212,5550100\nxyz 1\n", 18, 0),
				 0) >= 0);
	assert_int_equal(zip_close(z), 0);
	assert_int_equal(hw_dnc_build_new("us", NULL, &pB, &err), HW_OK);
	assert_int_equal(hw_dnc_build_load(pB, zZip, HW_DNC_AUTO, T0, NULL, NULL, &st, &err),
			 HW_EINVAL);
	assert_non_null(strstr(err.zFile, "list.zip/bad.txt"));
	assert_int_equal(err.iLine, 2);
	hw_dnc_build_free(pB);
}

static void read_all(const char *zPath, char **pa, long *pn)
{
	FILE *f = fopen(zPath, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	*pn = ftell(f);
	rewind(f);
	*pa = malloc((size_t)*pn + 1);
	assert_non_null(*pa);
	assert_int_equal(fread(*pa, 1, (size_t)*pn, f), (size_t)*pn);
	fclose(f);
}

/* Load a file (flat or zip) and write its index; the load's result. */
static hw_rc load_to(const char *zSrc, const char *zIdx, hw_err *pErr)
{
	hw_dnc_build *pB;
	hw_dnc_load_stats st;
	hw_rc rc;
	assert_int_equal(hw_dnc_build_new("us", NULL, &pB, pErr), HW_OK);
	rc = hw_dnc_build_load(pB, zSrc, HW_DNC_AUTO, T0, NULL, NULL, &st, pErr);
	if (rc == HW_OK)
		assert_int_equal(hw_dnc_build_write(pB, zIdx, T0, pErr), HW_OK);
	hw_dnc_build_free(pB);
	return rc;
}

/* Files and zip entries are read a buffer at a time: 3 MB of lines in both
 * forms, ending without a newline, give the index built from the same text
 * in memory byte for byte, and an error past the first buffer names its line. */
static void test_streamed(void **pp)
{
	enum { N = 250000 };
	uint64_t s = 0x9E3779B97F4A7C15ull;
	size_t cap = (size_t)N * 14 + 64;
	char *zText = malloc(cap), *z = zText, *aRef, *aGot;
	char zTxt[256], zZip[256], zRef[256], zIdx[256];
	long nRef, nGot;
	zip_t *pZip;
	int iErr;
	hw_err err;
	(void)pp;
	assert_non_null(zText);
	for (int i = 0; i < N; i++) {
		uint64_t v = (200 + rnd(&s) % 40) * 10000000ull + (200 + rnd(&s) % 50) * 10000ull +
			     rnd(&s) % 10000;
		z += sprintf(z, i % 3 == 0 ? "%010llu\r\n" : "%03llu,%07llu\n",
			     (unsigned long long)(i % 3 == 0 ? v : v / 10000000),
			     (unsigned long long)(v % 10000000));
	}
	z += sprintf(z, "2125550123"); /* the last line has no newline */
	path("st.txt", zTxt, sizeof zTxt);
	path("st.zip", zZip, sizeof zZip);
	path("st-ref.idx", zRef, sizeof zRef);
	path("st.idx", zIdx, sizeof zIdx);
	write_file(zTxt, zText);
	hw_dnc_close(build_text("st-ref.idx", zText, HW_DNC_AUTO, NULL, T0));
	read_all(zRef, &aRef, &nRef);

	assert_int_equal(load_to(zTxt, zIdx, &err), HW_OK);
	read_all(zIdx, &aGot, &nGot);
	assert_int_equal(nGot, nRef);
	assert_memory_equal(aGot, aRef, (size_t)nRef);
	free(aGot);

	pZip = zip_open(zZip, ZIP_CREATE | ZIP_TRUNCATE, &iErr);
	assert_non_null(pZip);
	assert_true(zip_file_add(pZip, "all.txt",
				 zip_source_buffer(pZip, zText, strlen(zText), 0), 0) >= 0);
	assert_int_equal(zip_close(pZip), 0);
	assert_int_equal(load_to(zZip, zIdx, &err), HW_OK);
	read_all(zIdx, &aGot, &nGot);
	assert_int_equal(nGot, nRef);
	assert_memory_equal(aGot, aRef, (size_t)nRef);
	free(aGot);
	free(aRef);

	/* a bad line 200,001 (about 2.5 MB in): named, nothing written */
	{
		char *zBad = zText;
		for (int i = 0; i < 200000; i++)
			zBad = strchr(zBad, '\n') + 1;
		memcpy(zBad, "21x", 3);
	}
	write_file(zTxt, zText);
	unlink(zIdx);
	assert_int_equal(load_to(zTxt, zIdx, &err), HW_EINVAL);
	assert_int_equal(err.iLine, 200001);
	assert_non_null(strstr(err.zFile, "st.txt"));
	assert_int_equal(access(zIdx, F_OK), -1);
	free(zText);
}

/* A damaged or foreign file is refused, never read past its end. */
static void test_damaged(void **pp)
{
	char zIdx[256], zCmd[600];
	hw_dnc_index *pIdx;
	hw_err err;
	FILE *f;
	(void)pp;
	pIdx = build_text("d.idx", "212,5550100\n", HW_DNC_AUTO, NULL, T0);
	hw_dnc_close(pIdx);
	path("d.idx", zIdx, sizeof zIdx);
	/* a directory slot pointing past the end */
	f = fopen(zIdx, "r+b");
	assert_non_null(f);
	{
		uint64_t d = ((uint64_t)1 << 40) << 16 | 0xFFFF;
		long off = 8192 + (long)((212 - 200) * 800 + (555 - 200)) * 8;
		assert_int_equal(fseek(f, off, SEEK_SET), 0);
		assert_int_equal(fwrite(&d, 8, 1, f), 1);
	}
	fclose(f);
	assert_int_equal(hw_dnc_open(zIdx, &pIdx, &err), HW_EINVAL);
	assert_non_null(strstr(err.zMsg, "damaged"));
	snprintf(zCmd, sizeof zCmd, "truncate -s 1000 '%s'", zIdx);
	assert_int_equal(system(zCmd), 0);
	assert_int_equal(hw_dnc_open(zIdx, &pIdx, &err), HW_EINVAL);
	write_file(zIdx, "not an index at all");
	assert_int_equal(hw_dnc_open(zIdx, &pIdx, &err), HW_EINVAL);
	path("missing.idx", zIdx, sizeof zIdx);
	assert_int_equal(hw_dnc_open(zIdx, &pIdx, &err), HW_ENOTFOUND);
}

static void test_keys(void **pp)
{
	(void)pp;
	assert_int_equal(hw_dnc_key("+12125550100"), 2125550100ull);
	assert_int_equal(hw_dnc_key("+11125550100"), 0);  /* area code 112 */
	assert_int_equal(hw_dnc_key("+12121550100"), 0);  /* exchange 155 */
	assert_int_equal(hw_dnc_key("+442071234567"), 0); /* not NANP */
	assert_int_equal(hw_dnc_key("+1212555010"), 0);
	assert_int_equal(hw_dnc_key("+121255501000"), 0);
	assert_int_equal(hw_dnc_key("2125550100"), 0);
	assert_int_equal(hw_dnc_key(NULL), 0);
}

/* The set over a database's files: regions pick the list. */
static void test_set(void **pp)
{
	char zDb[256], zUs[300], zCa[300];
	hw_dnc_build *pB;
	hw_dnc_load_stats st;
	hw_dnc_set *pSet;
	hw_reg_hit h;
	hw_err err;
	const hw_registry *pReg;
	(void)pp;
	path("x.db", zDb, sizeof zDb);
	hw_dnc_path(zDb, "us", zUs, sizeof zUs);
	hw_dnc_path(zDb, "ca", zCa, sizeof zCa);
	assert_int_equal(hw_dnc_set_open(zDb, &pSet, &err), HW_OK);
	pReg = hw_dnc_set_registry(pSet);
	pReg->xLookup(pReg->pCtx, "+12125550100", "US", &h);
	assert_int_equal(h.eState, HW_REG_NONE);
	assert_int_equal(hw_dnc_build_new("us", NULL, &pB, &err), HW_OK);
	assert_int_equal(hw_dnc_build_text(pB, "u", "2125550100\n", 11, HW_DNC_AUTO, T0, &st, &err),
			 HW_OK);
	assert_int_equal(hw_dnc_build_write(pB, zUs, T0, &err), HW_OK);
	hw_dnc_build_free(pB);
	assert_int_equal(hw_dnc_build_new("ca", NULL, &pB, &err), HW_OK);
	assert_int_equal(hw_dnc_build_text(pB, "c", "4165550100\n", 11, HW_DNC_AUTO, T0, &st, &err),
			 HW_OK);
	assert_int_equal(hw_dnc_build_write(pB, zCa, T0, &err), HW_OK);
	hw_dnc_build_free(pB);
	assert_int_equal(hw_dnc_set_refresh(pSet, &err), HW_OK);
	pReg->xLookup(pReg->pCtx, "+12125550100", "US", &h);
	assert_int_equal(h.eState, HW_REG_LISTED);
	assert_string_equal(h.zList, "us");
	assert_int_equal(h.tCopy, T0);
	pReg->xLookup(pReg->pCtx, "+12125550101", "US", &h);
	assert_int_equal(h.eState, HW_REG_CLEAR);
	pReg->xLookup(pReg->pCtx, "+13125550101", "US", &h);
	assert_int_equal(h.eState, HW_REG_MISSING);
	assert_int_equal(h.iArea, 312);
	pReg->xLookup(pReg->pCtx, "+14165550100", "CA", &h);
	assert_int_equal(h.eState, HW_REG_LISTED);
	assert_string_equal(h.zList, "ca");
	pReg->xLookup(pReg->pCtx, "+14165550100", "", &h); /* region unknown: any list */
	assert_int_equal(h.eState, HW_REG_LISTED);
	pReg->xLookup(pReg->pCtx, "+442071234567", "GB", &h);
	assert_int_equal(h.eState, HW_REG_NONE);
	/* removed: no copy any more */
	unlink(zCa);
	assert_int_equal(hw_dnc_set_refresh(pSet, &err), HW_OK);
	pReg->xLookup(pReg->pCtx, "+14165550100", "CA", &h);
	assert_int_equal(h.eState, HW_REG_NONE);
	hw_dnc_set_close(pSet);
}

/* ---- what an answer means ---- */

typedef struct fake {
	hw_reg_hit hit;
} fake;

static void fake_lookup(void *pv, const char *z, const char *zRegion, hw_reg_hit *pOut)
{
	(void)z, (void)zRegion;
	*pOut = ((fake *)pv)->hit;
}

static void test_scrub(void **pp)
{
	fake f;
	hw_registry reg = {fake_lookup, &f};
	hw_scrub s;
	char z[400];
	(void)pp;
	memset(&f, 0, sizeof f);
	hw_scrub_number(NULL, "+12125550100", "US", 0, 31, T0, &s);
	assert_int_equal(s.eVerdict, HW_SCRUB_OK);
	f.hit = (hw_reg_hit){HW_REG_LISTED, "us", 212, T0 - 5 * DAY};
	hw_scrub_number(&reg, "+12125550100", "US", 0, 31, T0, &s);
	assert_int_equal(s.eVerdict, HW_SCRUB_LISTED);
	hw_scrub_text(&s, "+12125550100", z, sizeof z);
	assert_non_null(strstr(z, "US National Do Not Call Registry (copy of 2026-11-18)"));
	/* a consent in force exempts; one that ran out does not */
	hw_scrub_number(&reg, "+12125550100", "US", T0 + DAY, 31, T0, &s);
	assert_int_equal(s.eVerdict, HW_SCRUB_CONSENT);
	hw_scrub_number(&reg, "+12125550100", "US", T0 - 1, 31, T0, &s);
	assert_int_equal(s.eVerdict, HW_SCRUB_LISTED);
	/* 31 days is still good, 32 is stale: clear and listed alike */
	f.hit = (hw_reg_hit){HW_REG_CLEAR, "us", 212, T0 - 31 * DAY};
	hw_scrub_number(&reg, "+12125550100", "US", 0, 31, T0, &s);
	assert_int_equal(s.eVerdict, HW_SCRUB_OK);
	/* whole days: the copy of day D is good through the end of day D + 31 */
	hw_scrub_number(&reg, "+12125550100", "US", 0, 31, T0 + DAY - 1, &s);
	assert_int_equal(s.eVerdict, HW_SCRUB_OK);
	hw_scrub_number(&reg, "+12125550100", "US", 0, 31, T0 + DAY, &s);
	assert_int_equal(s.eVerdict, HW_SCRUB_STALE);
	assert_int_equal(hw_dnc_age_days(T0 - 31 * DAY, T0 + DAY - 1), 31);
	f.hit.tCopy = T0 - 31 * DAY - 1;
	hw_scrub_number(&reg, "+12125550100", "US", 0, 31, T0, &s);
	assert_int_equal(s.eVerdict, HW_SCRUB_STALE);
	hw_scrub_text(&s, "+12125550100", z, sizeof z);
	assert_non_null(strstr(z, "area code 212"));
	assert_non_null(strstr(z, "hawser dnc load"));
	hw_scrub_number(&reg, "+12125550100", "US", 0, 40, T0, &s);
	assert_int_equal(s.eVerdict, HW_SCRUB_OK); /* a longer limit configured */
	f.hit = (hw_reg_hit){HW_REG_MISSING, "us", 415, 0};
	hw_scrub_number(&reg, "+14155550100", "US", 0, 31, T0, &s);
	assert_int_equal(s.eVerdict, HW_SCRUB_MISSING);
	hw_scrub_text(&s, "+14155550100", z, sizeof z);
	assert_non_null(strstr(z, "area code 415"));
}

static void test_consent_types(void **pp)
{
	(void)pp;
	assert_int_equal(hw_consent_type_find("written")->nDays, 0);
	assert_int_equal(hw_consent_type_find("ebr_purchase")->nDays, 548);
	assert_int_equal(hw_consent_type_find("ebr_inquiry")->nDays, 92);
	assert_null(hw_consent_type_find("verbal"));
	assert_null(hw_consent_type_find(NULL));
}

int main(void)
{
	const struct CMUnitTest aTest[] = {
		cmocka_unit_test(test_roundtrip), cmocka_unit_test(test_full_and_change),
		cmocka_unit_test(test_errors),    cmocka_unit_test(test_zip),
		cmocka_unit_test(test_damaged),   cmocka_unit_test(test_keys),
		cmocka_unit_test(test_set),       cmocka_unit_test(test_scrub),
		cmocka_unit_test(test_consent_types), cmocka_unit_test(test_streamed),
	};
	return cmocka_run_group_tests(aTest, setup, teardown);
}
