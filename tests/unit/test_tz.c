/*
 * test_tz.c — zone names, addresses and phone prefixes to time-zone sets,
 * table-driven, one cmocka test per row. Expected zones are written joined
 * ("A|B", sorted) as hw_tz_join prints them; jurisdictions as the calling
 * policy names them ("US-FL"). Phone expectations come from the
 * python3-phonenumbers 8.12 data the build generates build/gen/tzmap.c from.
 */
#include <setjmp.h> /* cmocka needs these three before its header */
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdio.h>  /* snprintf */
#include <string.h> /* strcmp */

#include "io/tz.h"

/* ---- hw_tz_canonical ---------------------------------------------------- */

typedef struct CanonCase {
	const char *zName;
	hw_rc rc;
	const char *zCanon;
} CanonCase;

static const CanonCase aCanon[] = {
    {"America/Chicago", HW_OK, "America/Chicago"},
    {"america/chicago", HW_OK, "America/Chicago"},
    {"  Europe/London ", HW_OK, "Europe/London"},
    {"America/New York", HW_OK, "America/New_York"},
    {"US/Eastern", HW_OK, "America/New_York"},
    {"EST", HW_OK, "America/New_York"},
    {"EDT", HW_OK, "America/New_York"},
    {"ET", HW_OK, "America/New_York"},
    {"Eastern", HW_OK, "America/New_York"},
    {"Eastern Time", HW_OK, "America/New_York"},
    {"Eastern Time (US & Canada)", HW_OK, "America/New_York"},
    {"Eastern Standard Time", HW_OK, "America/New_York"},
    {"CST", HW_OK, "America/Chicago"},
    {"Central", HW_OK, "America/Chicago"},
    {"MST", HW_OK, "America/Denver"},
    {"Mountain", HW_OK, "America/Denver"},
    {"Arizona", HW_OK, "America/Phoenix"},
    {"PST", HW_OK, "America/Los_Angeles"},
    {"Pacific", HW_OK, "America/Los_Angeles"},
    {"Pacific Standard Time", HW_OK, "America/Los_Angeles"},
    {"AKST", HW_OK, "America/Anchorage"},
    {"Alaska", HW_OK, "America/Anchorage"},
    {"HST", HW_OK, "Pacific/Honolulu"},
    {"Hawaii", HW_OK, "Pacific/Honolulu"},
    {"AST", HW_OK, "America/Halifax"},
    {"BST", HW_OK, "Europe/London"},
    {"AEST", HW_OK, "Australia/Sydney"},
    /* The rest of the alias table, so that every target is checked. */
    {"CDT", HW_OK, "America/Chicago"},
    {"CT", HW_OK, "America/Chicago"},
    {"MDT", HW_OK, "America/Denver"},
    {"MT", HW_OK, "America/Denver"},
    {"PDT", HW_OK, "America/Los_Angeles"},
    {"PT", HW_OK, "America/Los_Angeles"},
    {"AKDT", HW_OK, "America/Anchorage"},
    {"HAST", HW_OK, "Pacific/Honolulu"},
    {"ADT", HW_OK, "America/Halifax"},
    {"Atlantic", HW_OK, "America/Halifax"},
    {"NST", HW_OK, "America/St_Johns"},
    {"NDT", HW_OK, "America/St_Johns"},
    {"Newfoundland", HW_OK, "America/St_Johns"},
    {"AEDT", HW_OK, "Australia/Sydney"},
    {"ACST", HW_OK, "Australia/Adelaide"},
    {"ACDT", HW_OK, "Australia/Adelaide"},
    {"AWST", HW_OK, "Australia/Perth"},
    {"EEST", HW_OK, "EET"},
    {"WEST", HW_OK, "WET"},
    {"UTC", HW_OK, "Etc/UTC"},
    {"GMT", HW_OK, "Etc/GMT"},
    {"CET", HW_OK, "CET"},
    {"CEST", HW_OK, "CET"},
    {"UTC-5", HW_OK, "Etc/GMT+5"},
    {"GMT+1", HW_OK, "Etc/GMT-1"},
    {"UTC+5:00", HW_OK, "Etc/GMT-5"},
    {"GMT-10", HW_OK, "Etc/GMT+10"},
    {"Asia/Kolkata", HW_OK, "Asia/Calcutta"},
    {"America/Indiana/Indianapolis", HW_OK, "America/Indianapolis"},
    {"UTC+05:30", HW_EINVAL, NULL},
    {"UTC+15", HW_EINVAL, NULL},
    {"Mars/Olympus", HW_EINVAL, NULL},
    {"", HW_EINVAL, NULL},
    {"   ", HW_EINVAL, NULL},
    {NULL, HW_EINVAL, NULL},
};

static void test_canon_row(void **state)
{
	const CanonCase *c = *state;
	const char *z = "unset", *zAgain = NULL;
	hw_rc rc = hw_tz_canonical(c->zName, &z);
	if (rc != c->rc)
		fail_msg("rc %d, want %d", rc, c->rc);
	if (!c->zCanon) {
		assert_null(z);
		return;
	}
	assert_non_null(z);
	assert_string_equal(z, c->zCanon);
	/* The answer is canonical itself, and the same static string every time. */
	assert_int_equal(hw_tz_canonical(z, &zAgain), HW_OK);
	assert_ptr_equal(zAgain, z);
	assert_int_equal(hw_tz_canonical(c->zName, &zAgain), HW_OK);
	assert_ptr_equal(zAgain, z);
}

/* ---- hw_tz_from_address ------------------------------------------------- */

typedef struct AddrCase {
	const char *zRegion, *zState;
	hw_rc rc;
	const char *zZones;
} AddrCase;

static const AddrCase aAddr[] = {
    {"US", "TX", HW_OK, "America/Chicago|America/Denver"},
    {"US", "Texas", HW_OK, "America/Chicago|America/Denver"},
    {"us", "texas", HW_OK, "America/Chicago|America/Denver"},
    {"US", "AZ", HW_OK, "America/Phoenix"},
    {"US", "Arizona", HW_OK, "America/Phoenix"},
    {"US", "IN", HW_OK, "America/Chicago|America/Indianapolis"},
    {"US", "Indiana", HW_OK, "America/Chicago|America/Indianapolis"},
    {"US", "FL", HW_OK, "America/Chicago|America/New_York"},
    {"US", "TN", HW_OK, "America/Chicago|America/New_York"},
    {"US", "KY", HW_OK, "America/Chicago|America/New_York"},
    {"US", "ID", HW_OK, "America/Boise|America/Los_Angeles"},
    {"US", "OR", HW_OK, "America/Boise|America/Los_Angeles"},
    {"US", "ND", HW_OK, "America/Chicago|America/Denver"},
    {"US", "New York", HW_OK, "America/New_York"},
    {"US", "NY", HW_OK, "America/New_York"},
    {"US", "D.C.", HW_OK, "America/New_York"},
    {"US", "Washington, D.C.", HW_OK, "America/New_York"},
    {"US", "HI", HW_OK, "Pacific/Honolulu"},
    {"US", "AK", HW_OK, "America/Adak|America/Anchorage"},
    {"US", "PR", HW_OK, "America/Puerto_Rico"},
    {"CA", "ON", HW_OK, "America/Toronto"},
    {"CA", "Ontario", HW_OK, "America/Toronto"},
    {"CA", "Quebec", HW_OK, "America/Toronto"},
    {"CA", "Québec", HW_OK, "America/Toronto"},
    {"CA", "BC", HW_OK, "America/Fort_Nelson|America/Vancouver"},
    {"CA", "NL", HW_OK, "America/Halifax|America/St_Johns"},
    {"AU", "NSW", HW_OK, "Australia/Broken_Hill|Australia/Sydney"},
    {"AU", "N.S.W.", HW_OK, "Australia/Broken_Hill|Australia/Sydney"},
    {"AU", "Queensland", HW_OK, "Australia/Brisbane"},
    {"AU", "WA", HW_OK, "Australia/Perth"},
    {"US", "WA", HW_OK, "America/Los_Angeles"},
    /* Country alone: the zones the phone data gives the region. */
    {"GB", NULL, HW_OK, "Europe/London"},
    {"GB", "Kent", HW_OK, "Europe/London"},
    {"DE", NULL, HW_OK, "Europe/Berlin"},
    {"JM", NULL, HW_OK, "America/Jamaica"},
    {"PR", NULL, HW_OK, "America/Puerto_Rico"},
    {"AU", NULL, HW_OK,
     "Australia/Adelaide|Australia/Brisbane|Australia/Eucla|Australia/Lord_Howe|"
     "Australia/Perth|Australia/Sydney"},
    {"CA", NULL, HW_OK,
     "America/Edmonton|America/Fort_Nelson|America/Halifax|America/Regina|"
     "America/St_Johns|America/Toronto|America/Vancouver|America/Winnipeg"},
    /* Too vague (more than HW_TZ_MAX zones) or unknown. */
    {"US", NULL, HW_ENOTFOUND, ""},
    {"US", "Narnia", HW_ENOTFOUND, ""},
    {"RU", NULL, HW_ENOTFOUND, ""},
    {"XX", NULL, HW_ENOTFOUND, ""},
    {"", NULL, HW_ENOTFOUND, ""},
    {NULL, NULL, HW_ENOTFOUND, ""},
    /* No country: a state only one country has, never an ambiguous one. */
    {NULL, "TX", HW_OK, "America/Chicago|America/Denver"},
    {NULL, "Ontario", HW_OK, "America/Toronto"},
    {NULL, "WA", HW_ENOTFOUND, ""},
    {NULL, "NT", HW_ENOTFOUND, ""},
};

static void test_addr_row(void **state)
{
	const AddrCase *c = *state;
	hw_tz_set s;
	char zBuf[512];
	hw_rc rc = hw_tz_from_address(c->zRegion, c->zState, &s);
	hw_tz_join(&s, zBuf, sizeof zBuf);
	if (rc != c->rc || strcmp(zBuf, c->zZones))
		fail_msg("rc %d \"%s\", want %d \"%s\"", rc, zBuf, c->rc, c->zZones);
	assert_int_equal(s.eSource, rc == HW_OK ? HW_TZ_ADDRESS : HW_TZ_NONE);
}

/* Every zone the state table hands out must be spelled as ICU canonicalises. */
static void test_state_zones_canonical(void **state)
{
	static const char *const azUs[] = {
	    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
	    "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
	    "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD",
	    "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR", "GU", "VI", "AS", "MP",
	};
	static const char *const azCa[] = {"AB", "BC", "MB", "NB", "NL", "NS", "NT",
					   "NU", "ON", "PE", "QC", "SK", "YT"};
	static const char *const azAu[] = {"NSW", "VIC", "QLD", "SA", "WA", "TAS", "NT", "ACT"};
	static const struct {
		const char *zRegion;
		const char *const *az;
		size_t n;
	} aList[] = {{"US", azUs, sizeof azUs / sizeof *azUs},
		     {"CA", azCa, sizeof azCa / sizeof *azCa},
		     {"AU", azAu, sizeof azAu / sizeof *azAu}};
	(void)state;
	for (size_t l = 0; l < 3; l++)
		for (size_t i = 0; i < aList[l].n; i++) {
			hw_tz_set s;
			if (hw_tz_from_address(aList[l].zRegion, aList[l].az[i], &s) != HW_OK ||
			    s.nZone < 1)
				fail_msg("%s %s: no zones", aList[l].zRegion, aList[l].az[i]);
			for (int j = 0; j < s.nZone; j++) {
				const char *z = NULL;
				if (hw_tz_canonical(s.azZone[j], &z) != HW_OK ||
				    strcmp(z, s.azZone[j]))
					fail_msg("%s %s: %s is not canonical (%s)",
						 aList[l].zRegion, aList[l].az[i], s.azZone[j],
						 z ? z : "unknown");
				if (j > 0 && strcmp(s.azZone[j - 1], s.azZone[j]) >= 0)
					fail_msg("%s %s: not sorted", aList[l].zRegion,
						 aList[l].az[i]);
			}
		}
}

/* ---- hw_tz_from_e164 ---------------------------------------------------- */

typedef struct PhoneCase {
	const char *zE164;
	hw_rc rc;
	const char *zZones;
} PhoneCase;

static const PhoneCase aPhone[] = {
    {"+12015550123", HW_OK, "America/New_York"},
    {"+12125550100", HW_OK, "America/New_York"},
    {"+13125550100", HW_OK, "America/Chicago"},
    {"+14155550100", HW_OK, "America/Los_Angeles"},
    {"+19155550100", HW_OK, "America/Denver"}, /* El Paso, TX */
    {"+12085550100", HW_OK, "America/Boise|America/Los_Angeles"},
    {"+16025550100", HW_OK, "America/Denver|America/Phoenix"},
    {"+16135550123", HW_OK, "America/Toronto"},
    {"+442079460123", HW_OK, "Europe/London"},
    {"+493012345678", HW_OK, "Europe/Berlin"},
    {"+61255501234", HW_OK, "Australia/Sydney"},
    {"+61491570156", HW_OK, "Australia/Sydney"},
    {"+33123456789", HW_OK, "Europe/Paris"},
    /* Only the country code matches and it spans too many zones. */
    {"+15551234567", HW_ENOTFOUND, ""},
    {"+18885550123", HW_ENOTFOUND, ""},
    {"+9991234567", HW_ENOTFOUND, ""},
    /* Not E.164. */
    {"12015550123", HW_EINVAL, ""},
    {"+1201555012x", HW_EINVAL, ""},
    {"+", HW_EINVAL, ""},
    {"+1234567890123456", HW_EINVAL, ""},
    {"", HW_EINVAL, ""},
    {NULL, HW_EINVAL, ""},
};

static void test_phone_row(void **state)
{
	const PhoneCase *c = *state;
	hw_tz_set s;
	char zBuf[512];
	hw_rc rc = hw_tz_from_e164(c->zE164, &s);
	hw_tz_join(&s, zBuf, sizeof zBuf);
	if (rc != c->rc || strcmp(zBuf, c->zZones))
		fail_msg("rc %d \"%s\", want %d \"%s\"", rc, zBuf, c->rc, c->zZones);
	assert_int_equal(s.eSource, rc == HW_OK ? HW_TZ_PHONE : HW_TZ_NONE);
}

/* ---- hw_tz_jurisdiction ------------------------------------------------- */

typedef struct JurCase {
	const char *zRegion, *zState;
	hw_rc rc;
	const char *zJur;
} JurCase;

static const JurCase aJur[] = {
    {"US", "Florida", HW_OK, "US-FL"},
    {"US", "FL", HW_OK, "US-FL"},
    {"US", "fl", HW_OK, "US-FL"},
    {"us", "texas", HW_OK, "US-TX"},
    {"US", "Washington, D.C.", HW_OK, "US-DC"}, /* a spelling row borrows DC */
    {"US", "WA", HW_OK, "US-WA"},
    {"US", "Puerto Rico", HW_OK, "US-PR"},
    {"CA", "Ontario", HW_OK, "CA-ON"},
    {"CA", "ON", HW_OK, "CA-ON"},
    {"CA", "Québec", HW_OK, "CA-QC"},
    {"CA", "Newfoundland", HW_OK, "CA-NL"},
    {"AU", "NSW", HW_OK, "AU-NSW"},
    {"AU", "New South Wales", HW_OK, "AU-NSW"},
    {"AU", "N.S.W.", HW_OK, "AU-NSW"},
    {"AU", "Queensland", HW_OK, "AU-QLD"},
    {"AU", "ACT", HW_OK, "AU-ACT"},
    {"AU", "WA", HW_OK, "AU-WA"},
    /* No state, or one we do not know: the country. */
    {"US", NULL, HW_OK, "US"},
    {"US", "", HW_OK, "US"},
    {"US", "Narnia", HW_OK, "US"},
    {"CA", "Florida", HW_OK, "CA"},
    {"GB", "Kent", HW_OK, "GB"},
    {"gb", NULL, HW_OK, "GB"},
    /* No usable region. */
    {NULL, "FL", HW_ENOTFOUND, ""},
    {"", NULL, HW_ENOTFOUND, ""},
    {"USA", "FL", HW_ENOTFOUND, ""},
    {"1A", NULL, HW_ENOTFOUND, ""},
};

static void test_jur_row(void **state)
{
	const JurCase *c = *state;
	char zJur[8] = "junk";
	hw_rc rc = hw_tz_jurisdiction(c->zRegion, c->zState, zJur);
	if (rc != c->rc || strcmp(zJur, c->zJur))
		fail_msg("rc %d \"%s\", want %d \"%s\"", rc, zJur, c->rc, c->zJur);
}

/* ---- hw_tz_intersect and hw_tz_join ------------------------------------- */

static hw_tz_set addr(const char *zRegion, const char *zState)
{
	hw_tz_set s;
	assert_int_equal(hw_tz_from_address(zRegion, zState, &s), HW_OK);
	return s;
}

static hw_tz_set phone(const char *zE164)
{
	hw_tz_set s;
	assert_int_equal(hw_tz_from_e164(zE164, &s), HW_OK);
	return s;
}

static void test_intersect(void **state)
{
	hw_tz_set a, b, none = {0};
	char zBuf[256];
	(void)state;

	a = addr("US", "TX"), b = phone("+19155550100");
	hw_tz_intersect(&a, &b);
	hw_tz_join(&a, zBuf, sizeof zBuf);
	assert_string_equal(zBuf, "America/Denver");
	assert_int_equal(a.eSource, HW_TZ_ADDRESS);

	a = addr("US", "FL"), b = addr("US", "TN");
	hw_tz_intersect(&a, &b);
	hw_tz_join(&a, zBuf, sizeof zBuf);
	assert_string_equal(zBuf, "America/Chicago|America/New_York");

	a = addr("US", "TX"), b = addr("US", "FL");
	hw_tz_intersect(&a, &b);
	hw_tz_join(&a, zBuf, sizeof zBuf);
	assert_string_equal(zBuf, "America/Chicago");

	/* Two phones with a multi-zone prefix each: Boise|LA and LA. */
	a = phone("+12085550100"), b = phone("+14155550100");
	hw_tz_intersect(&a, &b);
	hw_tz_join(&a, zBuf, sizeof zBuf);
	assert_string_equal(zBuf, "America/Los_Angeles");

	/* Contradiction: nothing left, the location is unknown again. */
	a = addr("US", "FL"), b = phone("+14155550100");
	hw_tz_intersect(&a, &b);
	assert_int_equal(a.nZone, 0);
	assert_int_equal(a.eSource, HW_TZ_NONE);

	/* An unknown set rules nothing out. */
	a = addr("US", "TX");
	hw_tz_intersect(&a, &none);
	assert_int_equal(a.nZone, 2);
	a = none, b = phone("+442079460123");
	hw_tz_intersect(&a, &b);
	hw_tz_join(&a, zBuf, sizeof zBuf);
	assert_string_equal(zBuf, "Europe/London");
	assert_int_equal(a.eSource, HW_TZ_PHONE);
}

static void test_join(void **state)
{
	hw_tz_set s = addr("US", "TX"), none = {0};
	char zBuf[64], zSmall[20], zTiny[4];
	(void)state;
	hw_tz_join(&s, zBuf, sizeof zBuf);
	assert_string_equal(zBuf, "America/Chicago|America/Denver");
	/* Whole names only: what does not fit is left off. */
	hw_tz_join(&s, zSmall, sizeof zSmall);
	assert_string_equal(zSmall, "America/Chicago");
	hw_tz_join(&s, zTiny, sizeof zTiny);
	assert_string_equal(zTiny, "");
	hw_tz_join(&none, zBuf, sizeof zBuf);
	assert_string_equal(zBuf, "");
	hw_tz_join(&s, zBuf, 0); /* must not write */
}

#define N_CANON (sizeof aCanon / sizeof aCanon[0])
#define N_ADDR (sizeof aAddr / sizeof aAddr[0])
#define N_PHONE (sizeof aPhone / sizeof aPhone[0])
#define N_JUR (sizeof aJur / sizeof aJur[0])
#define N_ROW (N_CANON + N_ADDR + N_PHONE + N_JUR)

static char azName[N_ROW][96];

static size_t addRow(struct CMUnitTest *a, size_t n, CMUnitTestFunction x, const char *zWhat,
		     const char *zArg1, const char *zArg2, const void *pRow)
{
	snprintf(azName[n], sizeof azName[n], "%s \"%s\"%s%s", zWhat, zArg1 ? zArg1 : "(null)",
		 zArg2 ? " " : "", zArg2 ? zArg2 : "");
	a[n] = (struct CMUnitTest){azName[n], x, NULL, NULL, (void *)pRow};
	return n + 1;
}

/* One cmocka test per table row, named after its input, so a failure says which. */
int main(void)
{
	static struct CMUnitTest aTest[N_ROW + 3];
	size_t n = 0, i;

	for (i = 0; i < N_CANON; i++)
		n = addRow(aTest, n, test_canon_row, "canonical", aCanon[i].zName, NULL,
			   &aCanon[i]);
	for (i = 0; i < N_ADDR; i++)
		n = addRow(aTest, n, test_addr_row, "address", aAddr[i].zRegion, aAddr[i].zState,
			   &aAddr[i]);
	for (i = 0; i < N_PHONE; i++)
		n = addRow(aTest, n, test_phone_row, "phone", aPhone[i].zE164, NULL, &aPhone[i]);
	for (i = 0; i < N_JUR; i++)
		n = addRow(aTest, n, test_jur_row, "jurisdiction", aJur[i].zRegion, aJur[i].zState,
			   &aJur[i]);
	aTest[n++] = (struct CMUnitTest)cmocka_unit_test(test_state_zones_canonical);
	aTest[n++] = (struct CMUnitTest)cmocka_unit_test(test_intersect);
	aTest[n++] = (struct CMUnitTest)cmocka_unit_test(test_join);
	if (n != sizeof aTest / sizeof aTest[0])
		return 1;
	return cmocka_run_group_tests_name("tz", aTest, NULL, NULL);
}
