/*
 * test_phone.c — hw_phone_parse and hw_phone_region_for_country, table-driven.
 *
 * Numbers are fictional where the plans reserve some: NANP 555-01XX, UK Ofcom
 * drama ranges (020 7946 0xxx), Australian 02 5550 xxxx and 0491 570 xxx. The
 * expectations are libphonenumber 8.12's metadata; a newer metadata release
 * may move an edge case, and the test then says which row.
 */
#include <setjmp.h> /* cmocka needs these three before its header */
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdio.h>  /* snprintf */
#include <string.h> /* strstr */

#include "io/phone.h"
#include "io/phone_internal.h" /* hw_phone_set_fast */

typedef struct ParseCase {
	const char *zRaw, *zRegion;
	hw_rc rc;
	const char *zE164, *zExt, *zRegionOut;
	int iCountryCode;
	hw_phone_type eType;
	int bValid;
	const char *zReason; /* a phrase the reason must contain, when rc != HW_OK */
} ParseCase;

static const ParseCase aParse[] = {
    /* Punctuation, extensions, country code or not. */
    {"+1 (201) 555-0123 x89", NULL, HW_OK, "+12015550123", "89", "US", 1, HW_PHONE_FIXED_OR_MOBILE,
     1, NULL},
    {"+1 201 555 0123 ext. 7", "", HW_OK, "+12015550123", "7", "US", 1, HW_PHONE_FIXED_OR_MOBILE, 1,
     NULL},
    {"(201) 555-0123", "US", HW_OK, "+12015550123", "", "US", 1, HW_PHONE_FIXED_OR_MOBILE, 1, NULL},
    {"2015550123", "us", HW_OK, "+12015550123", "", "US", 1, HW_PHONE_FIXED_OR_MOBILE, 1, NULL},
    {"1 201 555 0123", "US", HW_OK, "+12015550123", "", "US", 1, HW_PHONE_FIXED_OR_MOBILE, 1, NULL},
    /* Parseable but not valid: area code 555 does not exist. */
    {"+1 (555) 123-4567 x89", NULL, HW_OK, "+15551234567", "89", "", 1, HW_PHONE_UNKNOWN, 0, NULL},
    {"555-123-4567", "US", HW_OK, "+15551234567", "", "", 1, HW_PHONE_UNKNOWN, 0, NULL},
    {"07700 900123", "GB", HW_OK, "+447700900123", "", "", 44, HW_PHONE_UNKNOWN, 0, NULL},
    /* Vanity letters. */
    {"1-800-FLOWERS", "US", HW_OK, "+18003569377", "", "US", 1, HW_PHONE_TOLL_FREE, 1, NULL},
    /* Spreadsheet damage: undone where possible, refused where not. */
    {"'2015550123", "US", HW_OK, "+12015550123", "", "US", 1, HW_PHONE_FIXED_OR_MOBILE, 1, NULL},
    {"=\"2015550123\"", "US", HW_OK, "+12015550123", "", "US", 1, HW_PHONE_FIXED_OR_MOBILE, 1,
     NULL},
    {"2015550123.0", "US", HW_OK, "+12015550123", "", "US", 1, HW_PHONE_FIXED_OR_MOBILE, 1, NULL},
    {"5.55E+09", "US", HW_EINVAL, "", "", "", 0, HW_PHONE_UNKNOWN, 0, "scientific notation"},
    {"2.01555E+11", NULL, HW_EINVAL, "", "", "", 0, HW_PHONE_UNKNOWN, 0,
     "re-export the column formatted as text"},
    /* National numbers with a trunk zero. */
    {"020 7946 0123", "GB", HW_OK, "+442079460123", "", "GB", 44, HW_PHONE_FIXED_LINE, 1, NULL},
    {"+44 20 7946 0123", NULL, HW_OK, "+442079460123", "", "GB", 44, HW_PHONE_FIXED_LINE, 1, NULL},
    {"0800 123 4567", "GB", HW_OK, "+448001234567", "", "GB", 44, HW_PHONE_TOLL_FREE, 1, NULL},
    {"030 12345678", "DE", HW_OK, "+493012345678", "", "DE", 49, HW_PHONE_FIXED_LINE, 1, NULL},
    {"+49 151 23456789", NULL, HW_OK, "+4915123456789", "", "DE", 49, HW_PHONE_MOBILE, 1, NULL},
    {"0800 1234567", "DE", HW_OK, "+498001234567", "", "DE", 49, HW_PHONE_TOLL_FREE, 1, NULL},
    {"02 5550 1234", "AU", HW_OK, "+61255501234", "", "AU", 61, HW_PHONE_FIXED_LINE, 1, NULL},
    {"0491 570 156", "AU", HW_OK, "+61491570156", "", "AU", 61, HW_PHONE_MOBILE, 1, NULL},
    {"1800 123 456", "AU", HW_OK, "+611800123456", "", "AU", 61, HW_PHONE_TOLL_FREE, 1, NULL},
    /* NANP: the region comes from the area code, not the default region. */
    {"+1 613 555 0123", NULL, HW_OK, "+16135550123", "", "CA", 1, HW_PHONE_FIXED_OR_MOBILE, 1,
     NULL},
    {"416-555-0199", "US", HW_OK, "+14165550199", "", "CA", 1, HW_PHONE_FIXED_OR_MOBILE, 1, NULL},
    {"+1 800 555 0199", NULL, HW_OK, "+18005550199", "", "US", 1, HW_PHONE_TOLL_FREE, 1, NULL},
    {"268 464 1234", "AG", HW_OK, "+12684641234", "", "AG", 1, HW_PHONE_MOBILE, 1, NULL},
    {"201.555.0123 ext. 4567", "US", HW_OK, "+12015550123", "4567", "US", 1,
     HW_PHONE_FIXED_OR_MOBILE, 1, NULL},
    {"201 555 0123 X 0", "US", HW_OK, "+12015550123", "0", "US", 1, HW_PHONE_FIXED_OR_MOBILE, 1,
     NULL},
    {"2015550123 #7", "US", HW_OK, "+12015550123", "7", "US", 1, HW_PHONE_FIXED_OR_MOBILE, 1, NULL},
    {"+1 (201) 555-0123", "GB", HW_OK, "+12015550123", "", "US", 1, HW_PHONE_FIXED_OR_MOBILE, 1,
     NULL},
    /* "/ x" starts a second number to libphonenumber: the extension is dropped. */
    {"2015550123/x12", "US", HW_OK, "+12015550123", "", "US", 1, HW_PHONE_FIXED_OR_MOBILE, 1, NULL},
    /* Invalid, yet the area code alone names the region. */
    {"+1 268 000 0000", NULL, HW_OK, "+12680000000", "", "AG", 1, HW_PHONE_UNKNOWN, 0, NULL},
    /* Where the 7th digit decides the type (phone.cc, aNanpSlowNpa). */
    {"(246) 521-0123", "US", HW_OK, "+12465210123", "", "BB", 1, HW_PHONE_FIXED_LINE, 1, NULL},
    {"(246) 521-1123", "US", HW_OK, "+12465211123", "", "BB", 1, HW_PHONE_MOBILE, 1, NULL},
    {"1 (876) 606-0123", "JM", HW_OK, "+18766060123", "", "JM", 1, HW_PHONE_FIXED_LINE, 1, NULL},
    /* The 00 international prefix, whatever the region dials out with. */
    {"0044 20 7946 0123", NULL, HW_OK, "+442079460123", "", "GB", 44, HW_PHONE_FIXED_LINE, 1, NULL},
    {"0044 20 7946 0123", "DE", HW_OK, "+442079460123", "", "GB", 44, HW_PHONE_FIXED_LINE, 1, NULL},
    {"0044 20 7946 0123", "US", HW_OK, "+442079460123", "", "GB", 44, HW_PHONE_FIXED_LINE, 1, NULL},
    {"001 201 555 0123", "DE", HW_OK, "+12015550123", "", "US", 1, HW_PHONE_FIXED_OR_MOBILE, 1,
     NULL},
    {"011 44 20 7946 0123", "US", HW_OK, "+442079460123", "", "GB", 44, HW_PHONE_FIXED_LINE, 1,
     NULL},
    /* Not phone numbers. */
    {"", "US", HW_EINVAL, "", "", "", 0, HW_PHONE_UNKNOWN, 0, "empty"},
    {"   ", "US", HW_EINVAL, "", "", "", 0, HW_PHONE_UNKNOWN, 0, "empty"},
    {NULL, "US", HW_EINVAL, "", "", "", 0, HW_PHONE_UNKNOWN, 0, "empty"},
    {"2015550123", NULL, HW_EINVAL, "", "", "", 0, HW_PHONE_UNKNOWN, 0, "no country code"},
    {"1-800-FLOWERS", NULL, HW_EINVAL, "", "", "", 0, HW_PHONE_UNKNOWN, 0, "no country code"},
    {"12", "US", HW_EINVAL, "", "", "", 0, HW_PHONE_UNKNOWN, 0, "too few digits"},
    {"+1 201 555 0123 4567 8901", NULL, HW_EINVAL, "", "", "", 0, HW_PHONE_UNKNOWN, 0, "too long"},
    {"555-0123", "US", HW_EINVAL, "", "", "", 0, HW_PHONE_UNKNOWN, 0, "area code"},
    {"not a phone", "US", HW_EINVAL, "", "", "", 0, HW_PHONE_UNKNOWN, 0, "not a phone number"},
    {"+999 1234 5678", NULL, HW_EINVAL, "", "", "", 0, HW_PHONE_UNKNOWN, 0,
     "country code that does not exist"},
};

static void test_parse_row(void **state)
{
	const ParseCase *c = *state;
	hw_phone p;
	char zReason[256];
	hw_rc rc = hw_phone_parse(c->zRaw, c->zRegion, &p, zReason, sizeof zReason);
	if (rc != c->rc)
		fail_msg("rc %d, want %d (%s)", rc, c->rc, zReason);
	if (strcmp(p.zE164, c->zE164) || strcmp(p.zExt, c->zExt) ||
	    strcmp(p.zRegion, c->zRegionOut) || p.iCountryCode != c->iCountryCode ||
	    p.eType != c->eType || p.bValid != c->bValid)
		fail_msg("got '%s' ext '%s' region '%s' cc %d %s valid %d", p.zE164, p.zExt,
			 p.zRegion, p.iCountryCode, hw_phone_type_name(p.eType), p.bValid);
	if (c->rc == HW_OK && zReason[0])
		fail_msg("reason set on success: %s", zReason);
	if (c->zReason && !strstr(zReason, c->zReason))
		fail_msg("reason \"%s\" lacks \"%s\"", zReason, c->zReason);
	if (c->rc != HW_OK && (!zReason[0] || zReason[strlen(zReason) - 1] != '.'))
		fail_msg("reason is not a sentence: \"%s\"", zReason);
}

/* A caller that does not want the reason passes NULL; a short buffer truncates. */
static void test_parse_reason_buffers(void **state)
{
	hw_phone p;
	char zSmall[8];
	(void)state;
	assert_int_equal(hw_phone_parse("5.55E+09", "US", &p, NULL, 0), HW_EINVAL);
	assert_int_equal(hw_phone_parse("5.55E+09", "US", &p, zSmall, sizeof zSmall), HW_EINVAL);
	assert_int_equal(strlen(zSmall), sizeof zSmall - 1);
	assert_int_equal(hw_phone_parse("+12015550123", NULL, &p, NULL, 0), HW_OK);
	assert_string_equal(p.zE164, "+12015550123");
}

static void test_type_names(void **state)
{
	(void)state;
	assert_string_equal(hw_phone_type_name(HW_PHONE_UNKNOWN), "unknown");
	assert_string_equal(hw_phone_type_name(HW_PHONE_FIXED_LINE), "fixed_line");
	assert_string_equal(hw_phone_type_name(HW_PHONE_MOBILE), "mobile");
	assert_string_equal(hw_phone_type_name(HW_PHONE_FIXED_OR_MOBILE), "fixed_line_or_mobile");
	assert_string_equal(hw_phone_type_name(HW_PHONE_TOLL_FREE), "toll_free");
	assert_string_equal(hw_phone_type_name(HW_PHONE_VOICEMAIL), "voicemail");
	assert_string_equal(hw_phone_type_name((hw_phone_type)99), "unknown");
}

typedef struct CountryCase {
	const char *zCountry;
	hw_rc rc;
	const char *zRegion;
} CountryCase;

static const CountryCase aCountry[] = {
    {"US", HW_OK, "US"},
    {"us", HW_OK, "US"},
    {"USA", HW_OK, "US"},
    {"U.S.", HW_OK, "US"},
    {"U.S.A.", HW_OK, "US"},
    {"America", HW_OK, "US"},
    {"United States", HW_OK, "US"},
    {"  united   STATES ", HW_OK, "US"},
    {"United States of America", HW_OK, "US"},
    {"UK", HW_OK, "GB"},
    {"U.K.", HW_OK, "GB"},
    {"United Kingdom", HW_OK, "GB"},
    {"Great Britain", HW_OK, "GB"},
    {"England", HW_OK, "GB"},
    {"Scotland", HW_OK, "GB"},
    {"Wales", HW_OK, "GB"},
    {"GBR", HW_OK, "GB"},
    {"Germany", HW_OK, "DE"},
    {"Deutschland", HW_OK, "DE"},
    {"DEU", HW_OK, "DE"},
    {"Holland", HW_OK, "NL"},
    {"Netherlands", HW_OK, "NL"},
    {"The Netherlands", HW_OK, "NL"},
    {"Canada", HW_OK, "CA"},
    {"Australia", HW_OK, "AU"},
    {"France", HW_OK, "FR"},
    {"fr", HW_OK, "FR"},
    {"Côte d’Ivoire", HW_OK, "CI"},
    {"Cote d'Ivoire", HW_OK, "CI"},
    {"Ivory Coast", HW_OK, "CI"},
    {"St. Kitts & Nevis", HW_OK, "KN"},
    {"Saint Kitts and Nevis", HW_OK, "KN"},
    {"Bosnia and Herzegovina", HW_OK, "BA"},
    {"Österreich", HW_OK, "AT"},
    {"México", HW_OK, "MX"},
    {"Czech Republic", HW_OK, "CZ"},
    {"Japan", HW_OK, "JP"},
    {"Narnia", HW_ENOTFOUND, ""},
    {"", HW_ENOTFOUND, ""},
    {"...", HW_ENOTFOUND, ""},
    {NULL, HW_ENOTFOUND, ""},
};

static void test_country_row(void **state)
{
	const CountryCase *c = *state;
	char zRegion[4] = "??";
	hw_rc rc = hw_phone_region_for_country(c->zCountry, zRegion);
	if (rc != c->rc || strcmp(zRegion, c->zRegion))
		fail_msg("rc %d region '%s', want %d '%s'", rc, zRegion, c->rc, c->zRegion);
}

/*
 * The NANP fast path must answer exactly as libphonenumber does. Numbers are
 * drawn from a pool of NPA-NXX prefixes, so each prefix is met some 25 times
 * with other line digits, formats, extensions and default regions: the first
 * fills the fast path's cache, the rest are answered from it. The pool holds
 * random prefixes and the ones that must not be valid (0xx, 1xx, 555, N11,
 * 9xx area codes; 0xx, 1xx, N11 exchanges), plus the prefixes whose type
 * depends on the 7th digit. Some texts are damaged so that the fast path must
 * decline them (9 or 12 digits, other country codes, odd extensions).
 */
typedef struct Rng {
	unsigned long long x;
} Rng;

static unsigned rnd(Rng *p, unsigned n)
{
	p->x ^= p->x << 13;
	p->x ^= p->x >> 7;
	p->x ^= p->x << 17;
	return (unsigned)((p->x >> 11) % n);
}

/* Ten national digits with separators from zSep strewn between them. */
static void strewn(Rng *pRng, const char *zNsn, char *zOut)
{
	static const char zSep[] = " ()-./";
	size_t n = 0;
	for (int i = 0; i < 10; i++) {
		if (rnd(pRng, 3) == 0)
			zOut[n++] = zSep[rnd(pRng, sizeof zSep - 1)];
		zOut[n++] = zNsn[i];
	}
	zOut[n] = 0;
}

static void test_nanp_fast_matches_slow(void **state)
{
	static const char *const azExt[] = {
	    "",	      "",	  "",		"",	  " x123",
	    "x9",     " ext. 45", " ext 45",	"EXT.45", " extension 1234567",
	    " #7",    " X 0",	  " x12345678", " x",	  "/x12",
	    " - 12#", " ext: 4",  ", ext 4",	" x 1a"};
	static const char *const azRegion[] = {"US", "US", "US", "us", "CA", "AG", "BB", "JM",
					       "PR", "DO", "VG", "",   "GB", "DE", NULL};
	static const char *const azDeep[] = {"246521", "246522", "284496", "876606"};
	enum { N_POOL = 2000, N_NUMBER = 50000 };
	static char azPool[N_POOL][7];
	Rng rng = {0x9E3779B97F4A7C15ULL};
	int nBad = 0;
	(void)state;

	for (int i = 0; i < N_POOL; i++) {
		unsigned npa = 200 + rnd(&rng, 800), nxx = rnd(&rng, 1000);
		switch (rnd(&rng, 8)) {
		case 0:
			npa = rnd(&rng, 200); /* 0xx, 1xx */
			break;
		case 1:
			npa = rnd(&rng, 2) ? 555 : 100 * (2 + rnd(&rng, 8)) + 11; /* 555, N11 */
			break;
		case 2:
			npa = 900 + rnd(&rng, 100);
			break;
		case 3:
			nxx = rnd(&rng, 2) ? rnd(&rng, 200) : 100 * (2 + rnd(&rng, 8)) + 11;
			break;
		}
		snprintf(azPool[i], sizeof azPool[i], "%03u%03u", npa, nxx);
		if (i < (int)(sizeof azDeep / sizeof azDeep[0]))
			memcpy(azPool[i], azDeep[i], 7);
	}

	for (int i = 0; i < N_NUMBER; i++) {
		char zNsn[16], zBody[40], zRaw[64], zFast[256], zSlow[256];
		const char *zPre = azPool[rnd(&rng, N_POOL)];
		const char *zExt = azExt[rnd(&rng, sizeof azExt / sizeof azExt[0])];
		const char *zRegion = azRegion[rnd(&rng, sizeof azRegion / sizeof azRegion[0])];
		const char *n = zNsn;
		hw_phone fast, slow;

		snprintf(zNsn, sizeof zNsn, "%s%04u", zPre, rnd(&rng, 10000));
		switch (rnd(&rng, 14)) {
		case 0:
			snprintf(zBody, sizeof zBody, "(%.3s) %.3s-%s", n, n + 3, n + 6);
			break;
		case 1:
			snprintf(zBody, sizeof zBody, "%.3s.%.3s.%s", n, n + 3, n + 6);
			break;
		case 2:
			snprintf(zBody, sizeof zBody, "+1 %.3s %.3s %s", n, n + 3, n + 6);
			break;
		case 3:
			snprintf(zBody, sizeof zBody, "1%s", n);
			break;
		case 4:
			snprintf(zBody, sizeof zBody, "%s", n);
			break;
		case 5:
			snprintf(zBody, sizeof zBody, "+1%s", n);
			break;
		case 6:
			snprintf(zBody, sizeof zBody, "1 (%.3s) %.3s-%s", n, n + 3, n + 6);
			break;
		case 7:
			snprintf(zBody, sizeof zBody, "%.3s/%.3s-%s", n, n + 3, n + 6);
			break;
		case 8:
			strewn(&rng, n, zBody);
			break;
		case 9:
			zBody[0] = "+1"[rnd(&rng, 2)];
			zBody[1] = '1';
			strewn(&rng, n, zBody + 2);
			break;
		case 10: /* a digit short */
			snprintf(zBody, sizeof zBody, "%.3s-%.3s-%.3s", n, n + 3, n + 6);
			break;
		case 11: /* a digit too many, not a trunk prefix */
			snprintf(zBody, sizeof zBody, "%s%u", n, rnd(&rng, 10));
			break;
		case 12: /* another country */
			snprintf(zBody, sizeof zBody, "+%u %s", 2 + rnd(&rng, 98), n);
			break;
		default: /* 1 twice */
			snprintf(zBody, sizeof zBody, "+1 1 %s", n);
			break;
		}
		snprintf(zRaw, sizeof zRaw, "%s%s", zBody, zExt);

		hw_phone_set_fast(1);
		hw_rc rcFast = hw_phone_parse(zRaw, zRegion, &fast, zFast, sizeof zFast);
		hw_phone_set_fast(0);
		hw_rc rcSlow = hw_phone_parse(zRaw, zRegion, &slow, zSlow, sizeof zSlow);
		if (rcFast != rcSlow || strcmp(fast.zE164, slow.zE164) ||
		    strcmp(fast.zExt, slow.zExt) || strcmp(fast.zRegion, slow.zRegion) ||
		    fast.iCountryCode != slow.iCountryCode || fast.eType != slow.eType ||
		    fast.bValid != slow.bValid || strcmp(zFast, zSlow)) {
			if (nBad++ < 10)
				print_error(
				    "\"%s\" in %s: fast rc %d '%s' ext '%s' %s %s %d; slow rc "
				    "%d '%s' ext '%s' %s %s %d\n",
				    zRaw, zRegion ? zRegion : "(null)", rcFast, fast.zE164,
				    fast.zExt, fast.zRegion, hw_phone_type_name(fast.eType),
				    fast.bValid, rcSlow, slow.zE164, slow.zExt, slow.zRegion,
				    hw_phone_type_name(slow.eType), slow.bValid);
		}
	}
	hw_phone_set_fast(1);
	if (nBad)
		fail_msg("%d of %d numbers differ between the fast and the slow path", nBad,
			 (int)N_NUMBER);
}

#define N_PARSE (sizeof aParse / sizeof aParse[0])
#define N_COUNTRY (sizeof aCountry / sizeof aCountry[0])

/* One cmocka test per table row, named after the input, so a failure says which. */
int main(void)
{
	static char azName[N_PARSE + N_COUNTRY][80];
	static struct CMUnitTest aTest[N_PARSE + N_COUNTRY + 3];
	size_t n = 0, i;

	for (i = 0; i < N_PARSE; i++, n++) {
		snprintf(azName[n], sizeof azName[n], "parse \"%s\" in %s",
			 aParse[i].zRaw ? aParse[i].zRaw : "(null)",
			 aParse[i].zRegion && aParse[i].zRegion[0] ? aParse[i].zRegion : "-");
		aTest[n] =
		    (struct CMUnitTest){azName[n], test_parse_row, NULL, NULL, (void *)&aParse[i]};
	}
	for (i = 0; i < N_COUNTRY; i++, n++) {
		snprintf(azName[n], sizeof azName[n], "country \"%s\"",
			 aCountry[i].zCountry ? aCountry[i].zCountry : "(null)");
		aTest[n] = (struct CMUnitTest){azName[n], test_country_row, NULL, NULL,
					       (void *)&aCountry[i]};
	}
	aTest[n++] = (struct CMUnitTest)cmocka_unit_test(test_parse_reason_buffers);
	aTest[n++] = (struct CMUnitTest)cmocka_unit_test(test_type_names);
	aTest[n++] = (struct CMUnitTest)cmocka_unit_test(test_nanp_fast_matches_slow);
	if (n != sizeof aTest / sizeof aTest[0])
		return 1;
	return cmocka_run_group_tests_name("phone", aTest, NULL, NULL);
}
