/*
 * test_demo.c — the demo lead list never holds a number that could ring a
 * real person. Every Phone and Mobile cell of 2,000 rows of each mix is parsed
 * with hw_phone_parse and its E.164 form checked against the ranges reserved
 * for fiction that demo.c documents; so are the wide NPA-555 numbers used above
 * 10,000 rows. Also: the header is exactly the documented one, a seed gives the
 * same bytes every time, emails stay on RFC 2606 domains, leads in Germany and
 * the Netherlands (no fiction range) carry no phone, every lead has a phone or
 * an email, and the mixes hold the countries they promise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "io/demo.h"
#include "io/phone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCOL 18
#define COL_PHONE 7
#define COL_MOBILE 8
#define COL_EMAIL 9
#define COL_COUNTRY 15

static const char zHeader[] =
    "First Name,Last Name,Title,Company,Company Website,Industry,Employees,Phone,Mobile,"
    "Email,LinkedIn URL,Street,City,State,Postal Code,Country,Notes,Lead Source";

/* Non-NANP fiction ranges: E.164 prefix, then nFree digits within [nLo, nHi]. */
static const struct {
	const char *zPre;
	int nFree;
	unsigned nLo, nHi;
} aRange[] = {
    {"+442079460", 3, 0, 999},	/* Ofcom drama: London 020 7946 0xxx */
    {"+441134960", 3, 0, 999},	/* Leeds */
    {"+441144960", 3, 0, 999},	/* Sheffield */
    {"+441164960", 3, 0, 999},	/* Leicester */
    {"+441174960", 3, 0, 999},	/* Bristol */
    {"+441184960", 3, 0, 999},	/* Reading */
    {"+441214960", 3, 0, 999},	/* Birmingham */
    {"+441314960", 3, 0, 999},	/* Edinburgh */
    {"+441414960", 3, 0, 999},	/* Glasgow */
    {"+441514960", 3, 0, 999},	/* Liverpool */
    {"+441614960", 3, 0, 999},	/* Manchester */
    {"+441914980", 3, 0, 999},	/* Tyneside */
    {"+442896496", 3, 0, 999},	/* Northern Ireland 028 9649 6xxx */
    {"+442920180", 3, 0, 999},	/* Cardiff 029 2018 0xxx */
    {"+6125550", 4, 0, 9999},	/* ACMA fiction: 02 5550 xxxx */
    {"+6137010", 4, 0, 9999},	/* 03 7010 xxxx */
    {"+6175550", 4, 0, 9999},	/* 07 5550 xxxx */
    {"+6187010", 4, 0, 9999},	/* 08 7010 xxxx */
    {"+61491570", 3, 110, 110}, /* ACMA fictional mobiles */
    {"+61491570", 3, 156, 159}, {"+61491570", 3, 313, 313},
    {"+61491570", 3, 737, 737}, {"+3319900", 4, 0, 9999}, /* ARCEP fiction: 01 99 00 xx xx */
    {"+3326191", 4, 0, 9999},				  /* 02 61 91 xx xx */
    {"+3335301", 4, 0, 9999},				  /* 03 53 01 xx xx */
    {"+3346571", 4, 0, 9999},				  /* 04 65 71 xx xx */
    {"+3353649", 4, 0, 9999},				  /* 05 36 49 xx xx */
};

/* The country cell (also its messy spellings) to an ISO region. */
static const char *region_of(const char *zCountry)
{
	static const struct {
		const char *zKey, *zRegion;
	} a[] = {
	    {"unitedstates", "US"},   {"usa", "US"},	       {"us", "US"},
	    {"canada", "CA"},	      {"unitedkingdom", "GB"}, {"uk", "GB"},
	    {"greatbritain", "GB"},   {"australia", "AU"},     {"france", "FR"},
	    {"germany", "DE"},	      {"deutschland", "DE"},   {"netherlands", "NL"},
	    {"thenetherlands", "NL"},
	};
	char zKey[64];
	size_t n = 0;
	for (const char *z = zCountry; *z && n + 1 < sizeof zKey; z++)
		if ((*z >= 'a' && *z <= 'z') || (*z >= 'A' && *z <= 'Z'))
			zKey[n++] = (char)(*z | 0x20);
	zKey[n] = 0;
	for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
		if (!strcmp(zKey, a[i].zKey))
			return a[i].zRegion;
	return NULL;
}

static int digits(const char *z, int n, unsigned *pV)
{
	unsigned v = 0;
	for (int i = 0; i < n; i++) {
		if (z[i] < '0' || z[i] > '9')
			return 0;
		v = v * 10 + (unsigned)(z[i] - '0');
	}
	*pV = v;
	return z[n] == 0;
}

/* +1 NPA 555 XXXX: 01XX always; any line but 1212 and 4334 when bWide. */
static int nanp_fictional(const char *zE164, int bWide)
{
	unsigned nLine;
	if (strlen(zE164) != 12 || strncmp(zE164, "+1", 2) || zE164[2] < '2' ||
	    strncmp(zE164 + 5, "555", 3) || !digits(zE164 + 8, 4, &nLine))
		return 0;
	if (nLine >= 100 && nLine <= 199)
		return 1;
	return bWide && nLine != 1212 && nLine != 4334;
}

static int fictional(const char *zE164, int bWide)
{
	if (!strncmp(zE164, "+1", 2))
		return nanp_fictional(zE164, bWide);
	for (size_t i = 0; i < sizeof aRange / sizeof aRange[0]; i++) {
		size_t n = strlen(aRange[i].zPre);
		unsigned v;
		if (!strncmp(zE164, aRange[i].zPre, n) && digits(zE164 + n, aRange[i].nFree, &v) &&
		    v >= aRange[i].nLo && v <= aRange[i].nHi)
			return 1;
	}
	return 0;
}

/* Split one CSV line (the generator writes no newline inside a cell) in place. */
static int split(char *zLine, char **azCol, int nMax)
{
	int n = 0;
	char *r = zLine, *w;
	for (;;) {
		if (n == nMax)
			return -1;
		azCol[n++] = w = r;
		if (*r == '"') {
			r++;
			for (;;) {
				if (!*r)
					return -1;
				if (*r == '"' && r[1] == '"') {
					*w++ = '"';
					r += 2;
				} else if (*r == '"') {
					r++;
					break;
				} else {
					*w++ = *r++;
				}
			}
		} else {
			while (*r && *r != ',')
				*w++ = *r++;
		}
		if (*r == ',') {
			*w = 0;
			r++;
			continue;
		}
		if (*r)
			return -1;
		*w = 0;
		return n;
	}
}

static FILE *generate(long nRows, unsigned uSeed, hw_demo_mix eMix)
{
	hw_err err;
	FILE *f = tmpfile();
	assert_non_null(f);
	assert_int_equal(hw_demo_write_csv(f, nRows, uSeed, eMix, &err), HW_OK);
	rewind(f);
	return f;
}

static char *slurp(FILE *f, size_t *pN)
{
	long n;
	char *z;
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	z = malloc((size_t)n + 1);
	assert_non_null(z);
	assert_int_equal(fread(z, 1, (size_t)n, f), (size_t)n);
	z[n] = 0;
	*pN = (size_t)n;
	return z;
}

typedef struct tally {
	long nRow, nPhone, nDistinctish;
	long aCountry[7]; /* US CA GB AU FR DE NL */
} tally;

static int country_index(const char *zRegion)
{
	static const char *const az[] = {"US", "CA", "GB", "AU", "FR", "DE", "NL"};
	for (int i = 0; i < 7; i++)
		if (!strcmp(az[i], zRegion))
			return i;
	return -1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read every row; check each phone, email and country; count distinct numbers. */
static void check_rows(FILE *f, long nRows, int bWide, tally *pT)
{
	char *zLine = NULL, *azCol[NCOL + 1], **azSeen;
	size_t nCap = 0;
	long nSeen = 0;
	ssize_t n;
	memset(pT, 0, sizeof *pT);
	azSeen = calloc((size_t)nRows * 2 + 1, sizeof *azSeen);
	assert_non_null(azSeen);
	assert_true(getline(&zLine, &nCap, f) > 0);
	while ((n = getline(&zLine, &nCap, f)) > 0) {
		assert_int_equal(zLine[n - 1], '\n');
		zLine[n - 1] = 0;
		assert_int_equal(split(zLine, azCol, NCOL + 1), NCOL);
		pT->nRow++;
		const char *zRegion = region_of(azCol[COL_COUNTRY]);
		if (!zRegion)
			fail_msg("row %ld: unknown country '%s'", pT->nRow, azCol[COL_COUNTRY]);
		int iCountry = country_index(zRegion);
		assert_true(iCountry >= 0);
		pT->aCountry[iCountry]++;

		const char *zAt = strchr(azCol[COL_EMAIL], '@');
		if (azCol[COL_EMAIL][0]) {
			assert_non_null(zAt);
			size_t nDom = strlen(zAt);
			int bReserved = (nDom > 8 && !strcmp(zAt + nDom - 8, ".example")) ||
					(nDom > 12 && (!strcmp(zAt + nDom - 12, ".example.com") ||
						       !strcmp(zAt + nDom - 12, ".example.net") ||
						       !strcmp(zAt + nDom - 12, ".example.org")));
			if (!bReserved)
				fail_msg("row %ld: email %s not on an RFC 2606 domain", pT->nRow,
					 azCol[COL_EMAIL]);
		}

		/* a lead without both would be a reject, and the list has none */
		assert_true(azCol[COL_PHONE][0] || azCol[COL_MOBILE][0] || azCol[COL_EMAIL][0]);
		for (int c = COL_PHONE; c <= COL_MOBILE; c++) {
			hw_phone ph;
			char zReason[128];
			if (!azCol[c][0])
				continue;
			if (iCountry >= 5)
				fail_msg("row %ld: %s has a phone but no fiction range", pT->nRow,
					 zRegion);
			if (hw_phone_parse(azCol[c], zRegion, &ph, zReason, sizeof zReason) !=
			    HW_OK)
				fail_msg("row %ld: '%s' does not parse: %s", pT->nRow, azCol[c],
					 zReason);
			if (!fictional(ph.zE164, bWide))
				fail_msg("row %ld: '%s' = %s is outside the fiction ranges",
					 pT->nRow, azCol[c], ph.zE164);
			if (!ph.bValid)
				fail_msg("row %ld: '%s' = %s is not valid", pT->nRow, azCol[c],
					 ph.zE164);
			if (strcmp(ph.zRegion, zRegion))
				fail_msg("row %ld: %s is in %s, the lead in %s", pT->nRow, ph.zE164,
					 ph.zRegion, zRegion);
			azSeen[nSeen] = strdup(ph.zE164);
			assert_non_null(azSeen[nSeen]);
			nSeen++;
			pT->nPhone++;
		}
	}
	assert_int_equal(pT->nRow, nRows);
	qsort(azSeen, (size_t)nSeen, sizeof *azSeen, cmp_str);
	for (long i = 0; i < nSeen; i++)
		pT->nDistinctish += i == 0 || strcmp(azSeen[i], azSeen[i - 1]);
	for (long i = 0; i < nSeen; i++)
		free(azSeen[i]);
	free(azSeen);
	free(zLine);
}

static void test_header(void **state)
{
	(void)state;
	size_t n;
	FILE *f = generate(0, 1, HW_DEMO_US);
	char *z = slurp(f, &n);
	assert_int_equal(n, strlen(zHeader) + 1);
	assert_memory_equal(z, zHeader, strlen(zHeader));
	assert_int_equal(z[n - 1], '\n');
	free(z);
	fclose(f);

	f = generate(5, 1, HW_DEMO_INTL);
	z = slurp(f, &n);
	assert_memory_equal(z, zHeader, strlen(zHeader));
	assert_int_equal(z[strlen(zHeader)], '\n');
	free(z);
	fclose(f);
}

static void test_deterministic(void **state)
{
	(void)state;
	for (int m = HW_DEMO_US; m <= HW_DEMO_INTL; m++) {
		size_t nA, nB, nC;
		FILE *fA = generate(2000, 7, (hw_demo_mix)m);
		FILE *fB = generate(2000, 7, (hw_demo_mix)m);
		FILE *fC = generate(2000, 8, (hw_demo_mix)m);
		char *zA = slurp(fA, &nA), *zB = slurp(fB, &nB), *zC = slurp(fC, &nC);
		assert_int_equal(nA, nB);
		assert_memory_equal(zA, zB, nA);
		assert_true(nA != nC || memcmp(zA, zC, nA) != 0);
		free(zA);
		free(zB);
		free(zC);
		fclose(fA);
		fclose(fB);
		fclose(fC);
	}
}

static void test_us_fictional(void **state)
{
	(void)state;
	tally t;
	FILE *f = generate(2000, 42, HW_DEMO_US);
	check_rows(f, 2000, 0, &t);
	fclose(f);
	/* ~90% US, the rest Canada, nothing else */
	assert_true(t.aCountry[0] > 1700 && t.aCountry[0] < 1900);
	assert_int_equal(t.aCountry[0] + t.aCountry[1], 2000);
	assert_true(t.nPhone > 2000);
	/* the strict pools still give distinct numbers at this size, but for the
	 * ~1% duplicate people */
	assert_true(t.nDistinctish > t.nPhone * 95 / 100);
}

static void test_intl_fictional(void **state)
{
	(void)state;
	tally t;
	FILE *f = generate(2000, 42, HW_DEMO_INTL);
	check_rows(f, 2000, 0, &t);
	fclose(f);
	for (int i = 0; i < 7; i++)
		assert_true(t.aCountry[i] > 40);
	assert_true(t.aCountry[0] < 1000);
}

static void test_wide_pools(void **state)
{
	(void)state;
	tally t;
	FILE *f = generate(12000, 3, HW_DEMO_US);
	check_rows(f, 12000, 1, &t);
	fclose(f);
	assert_true(t.nDistinctish > t.nPhone * 98 / 100);
}

/* The checker itself: a test that accepts everything would prove nothing. */
static void test_range_checker(void **state)
{
	(void)state;
	assert_true(fictional("+12125550142", 0));
	assert_false(fictional("+12125550200", 0));
	assert_true(fictional("+12125550200", 1));
	assert_false(fictional("+12125551212", 1));
	assert_false(fictional("+12125560142", 1));
	assert_true(fictional("+442079460999", 0));
	assert_false(fictional("+442079461000", 0));
	assert_false(fictional("+4420794609990", 0));
	assert_true(fictional("+61491570157", 0));
	assert_false(fictional("+61491570160", 0));
	assert_true(fictional("+33199001234", 0));
	assert_false(fictional("+33199011234", 0));
	assert_false(fictional("+4930123456", 0));
}

static void test_bad_args(void **state)
{
	(void)state;
	hw_err err;
	FILE *f = tmpfile();
	assert_non_null(f);
	assert_int_equal(hw_demo_write_csv(NULL, 1, 1, HW_DEMO_US, &err), HW_EUSAGE);
	assert_true(err.zMsg[0] != 0);
	assert_int_equal(hw_demo_write_csv(f, -1, 1, HW_DEMO_US, &err), HW_EUSAGE);
	assert_int_equal(hw_demo_write_csv(f, 1, 1, (hw_demo_mix)9, NULL), HW_EUSAGE);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_header),	 cmocka_unit_test(test_deterministic),
	    cmocka_unit_test(test_us_fictional), cmocka_unit_test(test_intl_fictional),
	    cmocka_unit_test(test_wide_pools),	 cmocka_unit_test(test_range_checker),
	    cmocka_unit_test(test_bad_args),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
