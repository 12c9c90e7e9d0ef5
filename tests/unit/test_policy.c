/*
 * test_policy.c — the calling policy: its text format (errors name the line
 * and what was expected), the shipped policy, local time through ICU across
 * daylight-saving changes, and verdicts and searches for leads in the US,
 * Canada, Australia and Britain, one cmocka test per table row.
 *
 * Every expected instant was worked out by hand from the rules and the zones'
 * offsets (the reasoning is beside each row), never copied from the output.
 * Instants are written as UTC ISO strings and converted with timegm. Offsets
 * used: Chicago CST -6 / CDT -5, New York and Toronto EST -5 / EDT -4, Los
 * Angeles PST -8, Denver MDT -6, Phoenix MST -7 all year, Sydney AEDT +11 /
 * AEST +10, London GMT 0 / BST +1. 2026-02-10 is a Tuesday, 2026-02-14 a
 * Saturday; US DST runs 2026-03-08 to 2026-11-01, UK 2026-03-29 to 10-25.
 */
#include <setjmp.h> /* cmocka needs these three before its header */
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <pthread.h> /* pthread_create: the cache of a thread that exits */
#include <stdio.h>   /* snprintf, sscanf */
#include <stdlib.h>  /* malloc */
#include <string.h>  /* strstr, strcmp */
#include <time.h>    /* timegm, struct tm */

#include <unicode/ucal.h>    /* the reference local time is checked against */
#include <unicode/uenum.h>   /* uenum_next: every zone ICU has */
#include <unicode/ustring.h> /* u_uastrncpy */

#include "core/policy.h"

/* "2026-02-10T13:40Z" -> seconds; NULL -> 0 (no time). */
static hw_time iso(const char *z)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (!z)
		return 0;
	if (sscanf(z, "%d-%d-%dT%d:%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min) != 5)
		fail_msg("bad ISO time in the test table: %s", z);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (hw_time)timegm(&tm);
}

/* "07:40" -> 460 */
static int hm(const char *z)
{
	int h = 0, m = 0;
	if (sscanf(z, "%d:%d", &h, &m) != 2)
		fail_msg("bad HH:MM in the test table: %s", z);
	return h * 60 + m;
}

static void fmtIso(hw_time t, char zOut[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!t) {
		snprintf(zOut, 32, "none");
		return;
	}
	gmtime_r(&tt, &tm);
	strftime(zOut, 32, "%Y-%m-%dT%H:%MZ", &tm);
}

static hw_policy gShipped; /* the default policy, parsed once in setup */

/* ---- parse errors --------------------------------------------------------- */

typedef struct ErrCase {
	const char *zText;
	long iLine;
	const char *zMsg; /* a part of the message */
} ErrCase;

static const ErrCase aErr[] = {
    {"windw US mon-fri 08:00 21:00", 1,
     "unknown directive 'windw': expected window, quiet, business-days, holiday or block"},
    {"# comment\n\nwindow US mon-fri 25:00 21:00\n", 3,
     "bad time '25:00': expected HH:MM between 00:00 and 24:00"},
    {"window US mon-fri 21:00 08:00", 1, "window end 08:00 is not after its start 21:00"},
    {"window US mon-fri 08:00 21:00\nwindow US mon-fry 08:00 21:00", 2,
     "bad days 'mon-fry': expected mon, tue, wed, thu, fri, sat, sun"},
    {"window US mon-fri 08:00", 1, "window needs a start and an end time"},
    {"window US mon-fri", 1, "window needs a start and an end time"},
    {"window US", 1, "window needs JURISDICTION DAYS START END"},
    {"window US mon-fri 08:00 21:00 cap", 1, "cap needs a number"},
    {"window US mon-fri 08:00 21:00 cap 0", 1, "bad cap '0': expected a number of calls"},
    {"window US mon-fri 08:00 21:00 cap three", 1, "bad cap 'three'"},
    {"window US mon-fri 08:00 21:00 extra", 1, "unexpected 'extra' after window: expected 'cap N'"},
    {"window US mon-fri 08:00 21:00 cap 3 4", 1, "unexpected '4' after the cap"},
    {"window USA mon-fri 08:00 21:00", 1, "bad jurisdiction 'USA': expected *"},
    {"window US- mon-fri 08:00 21:00", 1, "bad jurisdiction 'US-'"},
    {"window US-FL mon-sun 08:00 20:00 cap 3\nwindow US-FL sat 09:00 10:00 cap 2", 2,
     "cap 2 for US-FL differs from the cap 3"},
    {"window US mon-fri 24:00 24:00", 1, "bad start time '24:00'"},
    {"window US mon-fri 08:60 21:00", 1, "bad time '08:60'"},
    {"window US mon-fri 8 21:00", 1, "bad time '8'"},
    {"window US mon-fri 08:00 24:01", 1, "bad time '24:01'"},
    {"window US mon,,fri 08:00 21:00", 1, "bad days 'mon,,fri'"},
    {"window US mon-fri 08:00 21:00 # fine\r\nwindow US sat 08:00 20:0\r\n", 2, "bad time '20:0'"},
    {"quiet 12:00", 1, "quiet window needs a start and an end time"},
    {"quiet 13:00 12:00 lunch", 1, "quiet window end 12:00 is not after its start 13:00"},
    {"quiet 12:00 13:00 a reason that goes on and on and on well past sixty-three characters", 1,
     "reason is too long: at most 63 characters"},
    {"business-days", 1, "business-days needs days"},
    {"business-days mon,fri,", 1, "a list cannot end with ','"},
    {"business-days mon-fri\nbusiness-days mon-sat", 2,
     "business-days given twice (first on line 1)"},
    {"holiday 2026-11-26", 1, "holiday needs a date and a jurisdiction"},
    {"holiday 2026-02-30 US", 1, "bad date '2026-02-30': expected YYYY-MM-DD"},
    {"holiday 2027-02-29 US", 1, "bad date '2027-02-29'"},
    {"holiday 26-11-26 US", 1, "bad date '26-11-26'"},
    {"holiday 2026-11-26 United-States", 1, "bad jurisdiction 'United-States'"},
    {"block morning 09:30 12:00\nblock Morning 13:00 14:00", 2, "block 'Morning' is defined twice"},
    {"block a-very-long-block-name 08:00 09:00", 1, "bad block name 'a-very-long-block-name'"},
    {"block late 20:00", 1, "block needs a start and an end time"},
    {"block late 20:00 21:00 22:00", 1, "unexpected '22:00' after block"},
    {"block b1 08:00 09:00\nblock b2 08:00 09:00\nblock b3 08:00 09:00\n"
     "block b4 08:00 09:00\nblock b5 08:00 09:00\nblock b6 08:00 09:00\n"
     "block b7 08:00 09:00\nblock b8 08:00 09:00\nblock b9 08:00 09:00\n",
     9, "too many blocks: at most 8"},
};

static void test_parse_error_row(void **state)
{
	const ErrCase *c = *state;
	static hw_policy p;
	hw_err e;
	memset(&e, 0, sizeof e);
	assert_int_equal(hw_policy_parse(c->zText, "test.policy", &p, &e), HW_EINVAL);
	if (e.iLine != c->iLine || !strstr(e.zMsg, c->zMsg))
		fail_msg("line %ld \"%s\", want line %ld \"%s\"", e.iLine, e.zMsg, c->iLine,
			 c->zMsg);
	assert_string_equal(e.zFile, "test.policy");
}

/* The message a user reads: FILE:LINE: what is wrong. */
static void test_parse_error_format(void **state)
{
	static hw_policy p;
	hw_err e;
	char zBuf[600];
	(void)state;
	assert_int_equal(
	    hw_policy_parse("\n\nwindow US mon-fri 25:00 21:00\n", "team.policy", &p, &e),
	    HW_EINVAL);
	hw_err_format(&e, zBuf, sizeof zBuf);
	assert_string_equal(zBuf, "team.policy:3: bad time '25:00': expected HH:MM between "
				  "00:00 and 24:00");
	assert_int_equal(hw_policy_parse(NULL, "x", &p, &e), HW_EINVAL);
}

static void test_parse_too_many_windows(void **state)
{
	static hw_policy p;
	size_t nText = (HW_POLICY_MAX_WINDOWS + 1) * 40, n = 0;
	char *zText = malloc(nText);
	hw_err e;
	(void)state;
	assert_non_null(zText);
	for (int i = 0; i <= HW_POLICY_MAX_WINDOWS; i++)
		n += (size_t)snprintf(zText + n, nText - n, "window US mon 08:00 09:00\n");
	assert_int_equal(hw_policy_parse(zText, "w.policy", &p, &e), HW_EINVAL);
	assert_int_equal(e.iLine, HW_POLICY_MAX_WINDOWS + 1);
	assert_non_null(strstr(e.zMsg, "too many windows: at most 64"));
	/* One fewer is fine. */
	zText[n - 26] = 0;
	assert_int_equal(hw_policy_parse(zText, "w.policy", &p, &e), HW_OK);
	assert_int_equal(p.nWindow, HW_POLICY_MAX_WINDOWS);
	free(zText);
}

static void test_parse_ok(void **state)
{
	static hw_policy p;
	hw_err e;
	const char *zText = "# a comment line\n"
			    "  window us-fl Mon,Wed-Fri 8:00 24:00 cap 2   # trailing comment\r\n"
			    "window AU fri-mon 09:00 17:00\n"
			    "QUIET 12:00 13:00   long lunch  \n"
			    "quiet 17:00 17:30\n"
			    "business-days tue-sat\n"
			    "holiday 2028-02-29 * Leap Day\n"
			    "block a_b-1 00:00 00:30";
	(void)state;
	memset(&e, 0, sizeof e);
	if (hw_policy_parse(zText, "ok.policy", &p, &e) != HW_OK)
		fail_msg("%ld: %s", e.iLine, e.zMsg);
	assert_int_equal(p.nWindow, 2);
	assert_string_equal(p.aWindow[0].zJur, "US-FL");
	assert_int_equal(p.aWindow[0].mDays, 1 | 4 | 8 | 16); /* mon, wed, thu, fri */
	assert_int_equal(p.aWindow[0].iStart, 8 * 60);
	assert_int_equal(p.aWindow[0].iEnd, 24 * 60);
	assert_int_equal(p.aWindow[0].nCap, 2);
	assert_string_equal(p.aWindow[1].zJur, "AU");
	assert_int_equal(p.aWindow[1].mDays, 16 | 32 | 64 | 1); /* fri, sat, sun, mon */
	assert_int_equal(p.aWindow[1].nCap, 0);
	assert_int_equal(p.nQuiet, 2);
	assert_int_equal(p.aQuiet[0].iStart, 12 * 60);
	assert_int_equal(p.aQuiet[0].iEnd, 13 * 60);
	assert_string_equal(p.aQuiet[0].zReason, "long lunch");
	assert_string_equal(p.aQuiet[1].zReason, "");
	assert_int_equal(p.mBusinessDays, 2 | 4 | 8 | 16 | 32);
	assert_int_equal(p.nHoliday, 1);
	assert_int_equal(p.aHoliday[0].iYear, 2028);
	assert_int_equal(p.aHoliday[0].iMonth, 2);
	assert_int_equal(p.aHoliday[0].iDay, 29);
	assert_string_equal(p.aHoliday[0].zJur, "*");
	assert_string_equal(p.aHoliday[0].zName, "Leap Day");
	assert_int_equal(p.nBlock, 1);
	assert_string_equal(p.aBlock[0].zName, "a_b-1");
	assert_int_equal(p.aBlock[0].iEnd, 30);

	/* Without a business-days line: Monday to Friday. An empty text is a policy
	 * that allows nothing. */
	assert_int_equal(hw_policy_parse("", "empty", &p, &e), HW_OK);
	assert_int_equal(p.mBusinessDays, 0x1f);
	assert_int_equal(p.nWindow, 0);
}

/* ---- the shipped policy --------------------------------------------------- */

/* The US federal holidays it must hold, with the weekday each falls on. */
static const struct {
	int y, m, d;
	int iWday; /* 0 = Monday */
} aUsHoliday[] = {
    {2026, 1, 1, 3},   /* New Year's Day, Thursday */
    {2026, 1, 19, 0},  /* MLK: third Monday of January (5, 12, 19) */
    {2026, 5, 25, 0},  /* Memorial: last Monday of May (May 31 is a Sunday) */
    {2026, 6, 19, 4},  /* Juneteenth, Friday */
    {2026, 7, 3, 4},   /* July 4 is a Saturday: observed Friday the 3rd */
    {2026, 9, 7, 0},   /* Labor: first Monday of September (Sept 1 is a Tuesday) */
    {2026, 11, 26, 3}, /* Thanksgiving: fourth Thursday (5, 12, 19, 26) */
    {2026, 12, 25, 4}, /* Christmas, Friday */
    {2027, 1, 1, 4},   /* New Year's Day, Friday */
    {2027, 1, 18, 0},  /* MLK: Mondays 4, 11, 18 */
    {2027, 5, 31, 0},  /* Memorial: May 31 is a Monday */
    {2027, 6, 18, 4},  /* June 19 is a Saturday: observed Friday */
    {2027, 7, 5, 0},   /* July 4 is a Sunday: observed Monday */
    {2027, 9, 6, 0},   /* Labor: Sept 1 is a Wednesday, first Monday the 6th */
    {2027, 11, 25, 3}, /* Thanksgiving: Thursdays 4, 11, 18, 25 */
    {2027, 12, 24, 4}, /* Christmas is a Saturday: observed Friday */
};

static void test_shipped(void **state)
{
	static const char *const azBlock[] = {"early", "morning", "midday", "afternoon", "evening"};
	static const int aBlock[][2] = {
	    {480, 540}, {570, 720}, {780, 900}, {900, 1020}, {1050, 1200}};
	(void)state;
	assert_int_equal(gShipped.nWindow, 10);
	assert_int_equal(gShipped.nQuiet, 3);
	assert_int_equal(gShipped.mBusinessDays, 0x1f);
	assert_int_equal(gShipped.nBlock, 5);
	for (int i = 0; i < 5; i++) {
		assert_string_equal(gShipped.aBlock[i].zName, azBlock[i]);
		assert_int_equal(gShipped.aBlock[i].iStart, aBlock[i][0]);
		assert_int_equal(gShipped.aBlock[i].iEnd, aBlock[i][1]);
	}
	for (size_t i = 0; i < sizeof aUsHoliday / sizeof aUsHoliday[0]; i++) {
		int bFound = 0;
		struct tm tm = {.tm_year = aUsHoliday[i].y - 1900,
				.tm_mon = aUsHoliday[i].m - 1,
				.tm_mday = aUsHoliday[i].d,
				.tm_hour = 12};
		time_t tt = timegm(&tm);
		gmtime_r(&tt, &tm);
		if ((tm.tm_wday + 6) % 7 != aUsHoliday[i].iWday)
			fail_msg("%d-%02d-%02d is not the weekday the table says", aUsHoliday[i].y,
				 aUsHoliday[i].m, aUsHoliday[i].d);
		for (int j = 0; j < gShipped.nHoliday; j++)
			bFound |= gShipped.aHoliday[j].iYear == aUsHoliday[i].y &&
				  gShipped.aHoliday[j].iMonth == aUsHoliday[i].m &&
				  gShipped.aHoliday[j].iDay == aUsHoliday[i].d &&
				  !strcmp(gShipped.aHoliday[j].zJur, "US");
		if (!bFound)
			fail_msg("US holiday %d-%02d-%02d missing", aUsHoliday[i].y,
				 aUsHoliday[i].m, aUsHoliday[i].d);
	}
	assert_string_equal(hw_deny_names[HW_DENY_NONE], "ok");
	assert_string_equal(hw_deny_names[HW_DENY_UNKNOWN_LOCATION], "unknown_location");
	assert_string_equal(hw_deny_names[HW_DENY_NO_WINDOW], "no_window");
}

/* ---- local time ----------------------------------------------------------- */

typedef struct LocalCase {
	const char *zZone, *zUtc;
	int iYear, iMonth, iDay, iWday;
	const char *zLocal;
	int iOffset;
} LocalCase;

static const LocalCase aLocal[] = {
    /* US spring forward, Sunday 2026-03-08 at 02:00 local. */
    {"America/Chicago", "2026-03-08T07:59Z", 2026, 3, 8, 6, "01:59", -6 * 3600},
    {"America/Chicago", "2026-03-08T08:00Z", 2026, 3, 8, 6, "03:00", -5 * 3600},
    {"America/New_York", "2026-03-08T06:59Z", 2026, 3, 8, 6, "01:59", -5 * 3600},
    {"America/New_York", "2026-03-08T07:00Z", 2026, 3, 8, 6, "03:00", -4 * 3600},
    /* US fall back, Sunday 2026-11-01: 01:30 happens twice. */
    {"America/Chicago", "2026-11-01T06:30Z", 2026, 11, 1, 6, "01:30", -5 * 3600},
    {"America/Chicago", "2026-11-01T07:30Z", 2026, 11, 1, 6, "01:30", -6 * 3600},
    /* UK: 2026-03-29 and 2026-10-25, both at 01:00 UTC. */
    {"Europe/London", "2026-03-29T00:59Z", 2026, 3, 29, 6, "00:59", 0},
    {"Europe/London", "2026-03-29T01:00Z", 2026, 3, 29, 6, "02:00", 3600},
    {"Europe/London", "2026-10-25T00:30Z", 2026, 10, 25, 6, "01:30", 3600},
    {"Europe/London", "2026-10-25T01:30Z", 2026, 10, 25, 6, "01:30", 0},
    /* Sydney: DST ends 2026-04-05 03:00 AEDT, starts 2026-10-04 02:00 AEST. */
    {"Australia/Sydney", "2026-04-04T15:30Z", 2026, 4, 5, 6, "02:30", 11 * 3600},
    {"Australia/Sydney", "2026-04-04T16:30Z", 2026, 4, 5, 6, "02:30", 10 * 3600},
    {"Australia/Sydney", "2026-10-03T15:59Z", 2026, 10, 4, 6, "01:59", 10 * 3600},
    {"Australia/Sydney", "2026-10-03T16:00Z", 2026, 10, 4, 6, "03:00", 11 * 3600},
    /* Arizona keeps standard time; Denver does not. */
    {"America/Phoenix", "2026-07-14T14:30Z", 2026, 7, 14, 1, "07:30", -7 * 3600},
    {"America/Denver", "2026-07-14T14:30Z", 2026, 7, 14, 1, "08:30", -6 * 3600},
    {"America/Phoenix", "2026-02-10T14:30Z", 2026, 2, 10, 1, "07:30", -7 * 3600},
    /* Indiana has kept DST since 2006; the IANA id and ICU's spelling. */
    {"America/Indiana/Indianapolis", "2026-07-14T12:30Z", 2026, 7, 14, 1, "08:30", -4 * 3600},
    {"America/Indianapolis", "2026-02-10T12:30Z", 2026, 2, 10, 1, "07:30", -5 * 3600},
    /* Half-hour offset; the local date behind and before UTC's. */
    {"Asia/Kolkata", "2026-02-10T00:00Z", 2026, 2, 10, 1, "05:30", 19800},
    {"America/Chicago", "2026-01-01T05:59Z", 2025, 12, 31, 2, "23:59", -6 * 3600},
    {"Pacific/Kiritimati", "2026-02-10T10:00Z", 2026, 2, 11, 2, "00:00", 14 * 3600},
    /* Before 1970: the Moon landing, a Sunday, New York on EDT. */
    {"America/New_York", "1969-07-20T20:17Z", 1969, 7, 20, 6, "16:17", -4 * 3600},
};

static void test_local_row(void **state)
{
	const LocalCase *c = *state;
	hw_local l;
	assert_int_equal(hw_local_time(c->zZone, iso(c->zUtc), &l), HW_OK);
	if (l.iYear != c->iYear || l.iMonth != c->iMonth || l.iDay != c->iDay ||
	    l.iWday != c->iWday || l.iMinute != hm(c->zLocal) || l.iOffset != c->iOffset)
		fail_msg("got %04d-%02d-%02d wday %d %02d:%02d offset %d", l.iYear, l.iMonth,
			 l.iDay, l.iWday, l.iMinute / 60, l.iMinute % 60, l.iOffset);
}

static void test_local_unknown(void **state)
{
	hw_local l;
	hw_time t;
	(void)state;
	assert_int_equal(hw_local_time("Mars/Olympus", 0, &l), HW_EINVAL);
	assert_int_equal(hw_local_time("Etc/Unknown", 0, &l), HW_EINVAL);
	assert_int_equal(hw_local_time("", 0, &l), HW_EINVAL);
	assert_int_equal(hw_local_time(NULL, 0, &l), HW_EINVAL);
	assert_int_equal(hw_local_to_utc("Mars/Olympus", 2026, 1, 1, 0, &t), HW_EINVAL);
	assert_int_equal(t, 0);
}

typedef struct ToUtcCase {
	const char *zZone;
	int iYear, iMonth, iDay;
	const char *zLocal;
	hw_rc rc;
	const char *zUtc;
} ToUtcCase;

static const ToUtcCase aToUtc[] = {
    /* The gap: 02:00-02:59 does not exist; the first instant after is 03:00 EDT. */
    {"America/New_York", 2026, 3, 8, "02:30", HW_OK, "2026-03-08T07:00Z"},
    {"America/New_York", 2026, 3, 8, "01:59", HW_OK, "2026-03-08T06:59Z"},
    {"America/New_York", 2026, 3, 8, "03:00", HW_OK, "2026-03-08T07:00Z"},
    {"America/Chicago", 2026, 3, 8, "02:00", HW_OK, "2026-03-08T08:00Z"},
    {"America/Chicago", 2026, 3, 8, "02:59", HW_OK, "2026-03-08T08:00Z"},
    /* The overlap: the first 01:30 is still EDT/CDT. */
    {"America/New_York", 2026, 11, 1, "01:30", HW_OK, "2026-11-01T05:30Z"},
    {"America/New_York", 2026, 11, 1, "02:00", HW_OK, "2026-11-01T07:00Z"},
    {"America/Chicago", 2026, 11, 1, "01:00", HW_OK, "2026-11-01T06:00Z"},
    {"Europe/London", 2026, 3, 29, "01:30", HW_OK, "2026-03-29T01:00Z"},
    {"Europe/London", 2026, 10, 25, "01:30", HW_OK, "2026-10-25T00:30Z"},
    {"Australia/Sydney", 2026, 10, 4, "02:30", HW_OK, "2026-10-03T16:00Z"},
    {"Australia/Sydney", 2026, 4, 5, "02:30", HW_OK, "2026-04-04T15:30Z"},
    /* No DST in Arizona: the same wall time is ordinary. */
    {"America/Phoenix", 2026, 3, 8, "02:30", HW_OK, "2026-03-08T09:30Z"},
    /* Far from any transition; 24:00 is the next midnight. */
    {"America/Chicago", 2026, 7, 1, "12:00", HW_OK, "2026-07-01T17:00Z"},
    {"America/Chicago", 2026, 2, 10, "24:00", HW_OK, "2026-02-11T06:00Z"},
    {"America/Chicago", 2026, 12, 31, "24:00", HW_OK, "2027-01-01T06:00Z"},
    {"Asia/Kolkata", 2026, 2, 10, "05:30", HW_OK, "2026-02-10T00:00Z"},
    /* Impossible dates. */
    {"America/Chicago", 2026, 2, 29, "12:00", HW_EINVAL, NULL},
    {"America/Chicago", 2026, 13, 1, "12:00", HW_EINVAL, NULL},
    {"America/Chicago", 2026, 2, 10, "24:01", HW_EINVAL, NULL},
};

static void test_to_utc_row(void **state)
{
	const ToUtcCase *c = *state;
	hw_time t = -1;
	char zGot[32];
	hw_rc rc = hw_local_to_utc(c->zZone, c->iYear, c->iMonth, c->iDay, hm(c->zLocal), &t);
	fmtIso(t, zGot);
	if (rc != c->rc || t != iso(c->zUtc))
		fail_msg("rc %d %s, want %d %s", rc, zGot, c->rc, c->zUtc ? c->zUtc : "none");
}

/*
 * The cached offset spans against ICU asked directly, and local -> UTC -> local
 * round trips, every 5 h 11 min over two years in zones with odd rules: half
 * and quarter hours, a 30-minute DST (Lord Howe), southern DST, none.
 */
static void test_local_against_icu(void **state)
{
	static const char *const azZone[] = {
	    "America/Chicago", "Europe/London",	      "Australia/Sydney", "America/Phoenix",
	    "Asia/Kolkata",    "Australia/Lord_Howe", "Pacific/Chatham",  "America/Santiago",
	};
	(void)state;
	for (size_t z = 0; z < sizeof azZone / sizeof azZone[0]; z++) {
		UChar uId[64];
		UErrorCode st = U_ZERO_ERROR;
		UCalendar *pCal;
		u_uastrncpy(uId, azZone[z], 64);
		pCal = ucal_open(uId, -1, "en_US_POSIX", UCAL_GREGORIAN, &st);
		assert_true(U_SUCCESS(st));
		for (hw_time t = iso("2025-06-01T00:00Z"); t < iso("2027-06-01T00:00Z");
		     t += 5 * 3600 + 11 * 60) {
			hw_local l, l2;
			hw_time tBack;
			int iWant;
			st = U_ZERO_ERROR;
			ucal_setMillis(pCal, (UDate)t * 1000.0, &st);
			iWant = (ucal_get(pCal, UCAL_ZONE_OFFSET, &st) +
				 ucal_get(pCal, UCAL_DST_OFFSET, &st)) /
				1000;
			assert_int_equal(hw_local_time(azZone[z], t, &l), HW_OK);
			if (l.iOffset != iWant || l.iYear != ucal_get(pCal, UCAL_YEAR, &st) ||
			    l.iMonth != ucal_get(pCal, UCAL_MONTH, &st) + 1 ||
			    l.iDay != ucal_get(pCal, UCAL_DATE, &st) ||
			    l.iMinute != ucal_get(pCal, UCAL_HOUR_OF_DAY, &st) * 60 +
					     ucal_get(pCal, UCAL_MINUTE, &st) ||
			    l.iWday != (ucal_get(pCal, UCAL_DAY_OF_WEEK, &st) + 5) % 7)
				fail_msg("%s at %lld: offset %d, ICU %d", azZone[z], t, l.iOffset,
					 iWant);
			/* Back to UTC: the same instant, or the first of a repeated hour. */
			assert_int_equal(hw_local_to_utc(azZone[z], l.iYear, l.iMonth, l.iDay,
							 l.iMinute, &tBack),
					 HW_OK);
			assert_int_equal(hw_local_time(azZone[z], tBack, &l2), HW_OK);
			if (tBack > t - t % 60 || l2.iMinute != l.iMinute || l2.iDay != l.iDay ||
			    (tBack != t - t % 60 && l2.iOffset <= l.iOffset))
				fail_msg("%s at %lld: back to %lld", azZone[z], t, tBack);
		}
		ucal_close(pCal);
	}
}

/* Every zone ICU has, twice over: far more than the per-thread cache holds, so
 * calendars are evicted and reopened, and each still agrees with ICU. */
static void test_cache_all_zones(void **state)
{
	hw_time t = iso("2026-07-14T12:00Z");
	int nZone = 0;
	(void)state;
	for (int iPass = 0; iPass < 2; iPass++) {
		UErrorCode st = U_ZERO_ERROR;
		UEnumeration *pEnum = ucal_openTimeZones(&st);
		const char *zId;
		assert_true(U_SUCCESS(st));
		while ((zId = uenum_next(pEnum, NULL, &st)) != NULL) {
			UChar uId[64];
			UCalendar *pCal;
			hw_local l;
			int iWant;
			if (!strcmp(zId, "Etc/Unknown"))
				continue;
			u_uastrncpy(uId, zId, 64);
			pCal = ucal_open(uId, -1, "en_US_POSIX", UCAL_GREGORIAN, &st);
			ucal_setMillis(pCal, (UDate)t * 1000.0, &st);
			iWant = (ucal_get(pCal, UCAL_ZONE_OFFSET, &st) +
				 ucal_get(pCal, UCAL_DST_OFFSET, &st)) /
				1000;
			ucal_close(pCal);
			assert_true(U_SUCCESS(st));
			if (hw_local_time(zId, t, &l) != HW_OK || l.iOffset != iWant)
				fail_msg("%s: offset %d, ICU %d", zId, l.iOffset, iWant);
			nZone += iPass == 0;
		}
		uenum_close(pEnum);
	}
	assert_true(nZone > 400);
	assert_int_equal(hw_local_time("Etc/Unknown", t, &(hw_local){0}), HW_EINVAL);
}

/* Zones evicted and reopened answer as before, checked by hand for February. */
static void test_cache_eviction(void **state)
{
	static const char *const azZone[] = {
	    "America/Chicago", "Europe/London",	    "Australia/Sydney", "America/Phoenix",
	    "Asia/Kolkata",    "Europe/Berlin",	    "Asia/Tokyo",	"America/Denver",
	    "Africa/Lagos",    "America/Sao_Paulo", "Pacific/Auckland", "America/Halifax",
	};
	static const int aOffset[] = {-6, 0, 11, -7, 0, 1, 9, -7, 1, -3, 13, -4}; /* Feb, hours */
	hw_time t = iso("2026-02-10T12:00Z");
	(void)state;
	for (int iPass = 0; iPass < 3; iPass++)
		for (size_t i = 0; i < sizeof azZone / sizeof azZone[0]; i++) {
			hw_local l;
			assert_int_equal(hw_local_time(azZone[i], t, &l), HW_OK);
			if (i == 4)
				assert_int_equal(l.iOffset, 19800);
			else
				assert_int_equal(l.iOffset, aOffset[i] * 3600);
		}
	hw_policy_thread_cleanup();
	hw_policy_thread_cleanup(); /* twice is harmless */
}

/* A thread that uses local time and exits frees its cache (valgrind checks). */
static void *threadBody(void *pArg)
{
	hw_local l;
	int *pRc = pArg;
	*pRc = hw_local_time("America/Chicago", iso("2026-02-10T12:00Z"), &l) == HW_OK &&
	       l.iMinute == 6 * 60 &&
	       hw_local_time("Europe/London", iso("2026-02-10T12:00Z"), &l) == HW_OK &&
	       l.iMinute == 12 * 60;
	return NULL;
}

static void test_thread_exit(void **state)
{
	pthread_t th;
	int bOk = 0;
	(void)state;
	assert_int_equal(pthread_create(&th, NULL, threadBody, &bOk), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_true(bOk);
}

/* ---- hw_policy_check with the shipped policy ------------------------------ */

#define NY "America/New_York"
#define CHI "America/Chicago"
#define MAXC 4

typedef struct CheckCase {
	const char *zName;
	const char *zZones, *zJur;
	const char *azCall[MAXC]; /* recent calls, NULL-terminated */
	const char *zAt;
	hw_rc rc;
	hw_deny eDeny;
	const char *zNext; /* NULL: tNext is 0 */
	const char *zWhy;  /* a part of zWhy */
} CheckCase;

static const CheckCase aCheck[] = {
    /* Chicago, Tuesday 2026-02-10, CST (UTC-6). */
    {"chicago 07:40",
     CHI,
     "US",
     {NULL},
     "2026-02-10T13:40Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-02-10T14:00Z",
     "it is 07:40 on Tuesday in America/Chicago; US calls are allowed 08:00-21:00 every day; "
     "next at 08:00"},
    {"chicago 07:59",
     CHI,
     "US",
     {NULL},
     "2026-02-10T13:59Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-02-10T14:00Z",
     "07:59"},
    {"chicago 08:00",
     CHI,
     "US",
     {NULL},
     "2026-02-10T14:00Z",
     HW_OK,
     HW_DENY_NONE,
     "2026-02-10T14:00Z",
     "08:00 on Tuesday in America/Chicago is inside US hours 08:00-21:00"},
    {"chicago 09:00 quiet",
     CHI,
     "US",
     {NULL},
     "2026-02-10T15:00Z",
     HW_OK,
     HW_DENY_QUIET,
     "2026-02-10T15:30Z",
     "09:00 in America/Chicago is in the quiet window 09:00-09:30 (first half hour of the "
     "business day); next at 09:30"},
    {"chicago 09:29 quiet",
     CHI,
     "US",
     {NULL},
     "2026-02-10T15:29Z",
     HW_OK,
     HW_DENY_QUIET,
     "2026-02-10T15:30Z",
     "quiet window 09:00-09:30"},
    {"chicago 09:30",
     CHI,
     "US",
     {NULL},
     "2026-02-10T15:30Z",
     HW_OK,
     HW_DENY_NONE,
     "2026-02-10T15:30Z",
     "09:30 on Tuesday"},
    {"chicago 12:15 lunch",
     CHI,
     "US",
     {NULL},
     "2026-02-10T18:15Z",
     HW_OK,
     HW_DENY_QUIET,
     "2026-02-10T19:00Z",
     "12:15 in America/Chicago is in the quiet window 12:00-13:00 (lunch)"},
    {"chicago 17:10",
     CHI,
     "US",
     {NULL},
     "2026-02-10T23:10Z",
     HW_OK,
     HW_DENY_QUIET,
     "2026-02-10T23:30Z",
     "17:00-17:30 (leaving at five)"},
    {"chicago 20:59",
     CHI,
     "US",
     {NULL},
     "2026-02-11T02:59Z",
     HW_OK,
     HW_DENY_NONE,
     "2026-02-11T02:59Z",
     "20:59"},
    /* 21:00 is the exclusive end: next is Wednesday 08:00 CST. */
    {"chicago 21:00",
     CHI,
     "US",
     {NULL},
     "2026-02-11T03:00Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-02-11T14:00Z",
     "next at 08:00 on Wednesday 2026-02-11"},
    {"chicago saturday",
     CHI,
     "US",
     {NULL},
     "2026-02-14T16:00Z",
     HW_OK,
     HW_DENY_NONE,
     "2026-02-14T16:00Z",
     "10:00 on Saturday"},
    /* Texas has no windows of its own: the US ones, till 21:00. */
    {"texas 20:30",
     CHI,
     "US-TX",
     {NULL},
     "2026-02-11T02:30Z",
     HW_OK,
     HW_DENY_NONE,
     "2026-02-11T02:30Z",
     "inside US hours 08:00-21:00"},
    /* Saturday 21:00 CST; Sunday is spring-forward day, 08:00 CDT = 13:00 UTC. */
    {"chicago across spring forward",
     CHI,
     "US",
     {NULL},
     "2026-03-08T03:00Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-03-08T13:00Z",
     "21:00 on Saturday"},
    {"chicago dst 07:59 CDT",
     CHI,
     "US",
     {NULL},
     "2026-03-08T12:59Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-03-08T13:00Z",
     "07:59 on Sunday"},
    {"chicago dst 08:00 CDT",
     CHI,
     "US",
     {NULL},
     "2026-03-08T13:00Z",
     HW_OK,
     HW_DENY_NONE,
     "2026-03-08T13:00Z",
     "08:00 on Sunday"},
    /* Fall back: 13:00 UTC is 07:00 CST now (it was 08:00 CDT the day before). */
    {"chicago fall back 07:00 CST",
     CHI,
     "US",
     {NULL},
     "2026-11-01T13:00Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-11-01T14:00Z",
     "07:00 on Sunday"},
    {"chicago fall back 07:59 CST",
     CHI,
     "US",
     {NULL},
     "2026-11-01T13:59Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-11-01T14:00Z",
     "07:59"},

    /* Florida (New York zone, EST): 08:00-20:00 and 3 calls per rolling 24 h. */
    {"florida 2 calls",
     NY,
     "US-FL",
     {"2026-02-09T15:00Z", "2026-02-09T19:00Z", "2026-02-10T13:45Z", NULL},
     "2026-02-10T16:00Z",
     HW_OK,
     HW_DENY_NONE,
     "2026-02-10T16:00Z",
     "11:00 on Tuesday in America/New_York is inside US-FL hours 08:00-20:00; 2 of the US-FL "
     "cap of 3 calls used in the last 24 h"},
    /* Oldest counted call 2026-02-09 16:30 UTC + 24 h = 11:30 EST, inside the window. */
    {"florida cap",
     NY,
     "US-FL",
     {"2026-02-09T16:30Z", "2026-02-09T19:00Z", "2026-02-10T13:45Z", NULL},
     "2026-02-10T16:00Z",
     HW_OK,
     HW_DENY_CAP,
     "2026-02-10T16:30Z",
     "3 calls in the last 24 h reach the US-FL cap of 3; next at 11:30 in America/New_York"},
    /* A callback logged Monday 20:30 EST: +24 h is Tuesday 20:30, after the window;
     * Wednesday 08:00 EST both calls of Tuesday are still counted but only two. */
    {"florida cap then window",
     NY,
     "US-FL",
     {"2026-02-10T01:30Z", "2026-02-10T14:40Z", "2026-02-10T15:00Z", NULL},
     "2026-02-10T16:00Z",
     HW_OK,
     HW_DENY_CAP,
     "2026-02-11T13:00Z",
     "next at 08:00 on Wednesday 2026-02-11 in America/New_York"},
    /* (t - 24 h, t]: a call exactly 24 h ago no longer counts... */
    {"florida call 24 h ago",
     NY,
     "US-FL",
     {"2026-02-09T16:00Z", "2026-02-09T19:00Z", "2026-02-10T13:45Z", NULL},
     "2026-02-10T16:00Z",
     HW_OK,
     HW_DENY_NONE,
     "2026-02-10T16:00Z",
     "2 of the US-FL cap"},
    /* ...one at t does; the oldest (19:00 UTC) leaves at 14:00 EST. */
    {"florida call at t",
     NY,
     "US-FL",
     {"2026-02-09T19:00Z", "2026-02-10T13:45Z", "2026-02-10T16:00Z", NULL},
     "2026-02-10T16:00Z",
     HW_OK,
     HW_DENY_CAP,
     "2026-02-10T19:00Z",
     "3 calls"},
    /* Four counted (in any order): two must leave, the second oldest at 19:00 UTC. */
    {"florida 4 calls",
     NY,
     "US-FL",
     {"2026-02-10T14:40Z", "2026-02-09T20:00Z", "2026-02-09T18:00Z", "2026-02-09T19:00Z"},
     "2026-02-10T16:00Z",
     HW_OK,
     HW_DENY_CAP,
     "2026-02-10T19:00Z",
     "4 calls in the last 24 h reach the US-FL cap of 3"},
    {"florida 20:30",
     NY,
     "US-FL",
     {NULL},
     "2026-02-11T01:30Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-02-11T13:00Z",
     "US-FL calls are allowed 08:00-20:00 every day"},

    /* Ontario (Toronto, EST): CA hours, weekends 10:00-18:00. */
    {"ontario sat 09:45",
     "America/Toronto",
     "CA-ON",
     {NULL},
     "2026-02-14T14:45Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-02-14T15:00Z",
     "it is 09:45 on Saturday in America/Toronto; CA calls are allowed 09:00-21:30 Monday to "
     "Friday, 10:00-18:00 Saturday and Sunday"},
    {"ontario sat 10:00",
     "America/Toronto",
     "CA-ON",
     {NULL},
     "2026-02-14T15:00Z",
     HW_OK,
     HW_DENY_NONE,
     "2026-02-14T15:00Z",
     "inside CA hours 10:00-18:00"},
    {"ontario sat 18:00",
     "America/Toronto",
     "CA-ON",
     {NULL},
     "2026-02-14T23:00Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-02-15T15:00Z",
     "next at 10:00 on Sunday 2026-02-15"},
    {"ontario fri 21:15",
     "America/Toronto",
     "CA-ON",
     {NULL},
     "2026-02-14T02:15Z",
     HW_OK,
     HW_DENY_NONE,
     "2026-02-14T02:15Z",
     "21:15 on Friday"},
    {"ontario fri 21:30",
     "America/Toronto",
     "CA-ON",
     {NULL},
     "2026-02-14T02:30Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-02-14T15:00Z",
     "21:30 on Friday"},
    {"ontario sun 17:10",
     "America/Toronto",
     "CA-ON",
     {NULL},
     "2026-02-15T22:10Z",
     HW_OK,
     HW_DENY_QUIET,
     "2026-02-15T22:30Z",
     "quiet window 17:00-17:30"},
    {"ontario mon 09:10",
     "America/Toronto",
     "CA-ON",
     {NULL},
     "2026-02-16T14:10Z",
     HW_OK,
     HW_DENY_QUIET,
     "2026-02-16T14:30Z",
     "09:10"},

    /* Sydney (AEDT +11 in February): never on Sunday; Monday 09:00-09:30 is quiet. */
    {"sydney sunday",
     "Australia/Sydney",
     "AU-NSW",
     {NULL},
     "2026-02-15T00:00Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-02-15T22:30Z",
     "it is 11:00 on Sunday in Australia/Sydney; AU calls are allowed 09:00-20:00 Monday to "
     "Friday, 09:00-17:00 Saturday; next at 09:30 on Monday 2026-02-16"},
    {"sydney sat 16:59",
     "Australia/Sydney",
     "AU-NSW",
     {NULL},
     "2026-02-14T05:59Z",
     HW_OK,
     HW_DENY_NONE,
     "2026-02-14T05:59Z",
     "16:59 on Saturday"},
    {"sydney sat 17:00",
     "Australia/Sydney",
     "AU-NSW",
     {NULL},
     "2026-02-14T06:00Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-02-15T22:30Z",
     "17:00 on Saturday"},
    /* June, AEST +10: Monday 09:30 is 23:30 UTC on Sunday. */
    {"sydney winter sunday",
     "Australia/Sydney",
     "AU",
     {NULL},
     "2026-06-14T02:00Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-06-14T23:30Z",
     "12:00 on Sunday"},

    /* Britain falls under "*"; so does a lead of unknown jurisdiction. */
    {"london lunch",
     "Europe/London",
     "GB",
     {NULL},
     "2026-02-10T12:15Z",
     HW_OK,
     HW_DENY_QUIET,
     "2026-02-10T13:00Z",
     "12:15 in Europe/London is in the quiet window 12:00-13:00 (lunch)"},
    {"london saturday 17:00",
     "Europe/London",
     "GB",
     {NULL},
     "2026-02-14T17:00Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-02-16T09:30Z",
     "calls are allowed 09:00-20:00 Monday to Friday, 10:00-17:00 Saturday (default hours)"},
    {"london no jurisdiction",
     "Europe/London",
     "",
     {NULL},
     "2026-02-10T10:00Z",
     HW_OK,
     HW_DENY_NONE,
     "2026-02-10T10:00Z",
     "inside the default hours 09:00-20:00"},
    /* BST: 07:45 UTC is 08:45; the window opens at 09:00 into a quiet half hour. */
    {"london summer",
     "Europe/London",
     NULL,
     {NULL},
     "2026-07-14T07:45Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-07-14T08:30Z",
     "08:45 on Tuesday"},

    /* New York and Los Angeles: both must allow it. US hours are 13:00-02:00 UTC
     * in New York, 16:00-05:00 UTC in Los Angeles. */
    {"two zones: LA too early",
     NY "|America/Los_Angeles",
     "US",
     {NULL},
     "2026-02-10T14:00Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-02-10T16:00Z",
     "it is 06:00 on Tuesday in America/Los_Angeles"},
    {"two zones: both inside",
     NY "|America/Los_Angeles",
     "US",
     {NULL},
     "2026-02-10T16:30Z",
     HW_OK,
     HW_DENY_NONE,
     "2026-02-10T16:30Z",
     "11:30 on Tuesday in America/New_York is inside US hours 08:00-21:00, as is 08:30 in "
     "America/Los_Angeles"},
    /* 12:00 EST lunch and 09:00 PST quiet: the later end, 13:00 EST, wins. */
    {"two zones: both quiet",
     NY "|America/Los_Angeles",
     "US",
     {NULL},
     "2026-02-10T17:00Z",
     HW_OK,
     HW_DENY_QUIET,
     "2026-02-10T18:00Z",
     "12:00 in America/New_York"},
    {"two zones: LA lunch",
     NY "|America/Los_Angeles",
     "US",
     {NULL},
     "2026-02-10T20:30Z",
     HW_OK,
     HW_DENY_QUIET,
     "2026-02-10T21:00Z",
     "12:30 in America/Los_Angeles"},
    {"two zones: LA 17:10",
     NY "|America/Los_Angeles",
     "US",
     {NULL},
     "2026-02-11T01:10Z",
     HW_OK,
     HW_DENY_QUIET,
     "2026-02-11T01:30Z",
     "17:10 in America/Los_Angeles"},
    {"two zones: 20:45 EST",
     NY "|America/Los_Angeles",
     "US",
     {NULL},
     "2026-02-11T01:45Z",
     HW_OK,
     HW_DENY_NONE,
     "2026-02-11T01:45Z",
     "20:45"},
    /* 21:00 EST: New York reopens at 13:00 UTC, Los Angeles at 16:00 UTC. */
    {"two zones: NY closed",
     NY "|America/Los_Angeles",
     "US",
     {NULL},
     "2026-02-11T02:00Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-02-11T16:00Z",
     "it is 21:00 on Tuesday in America/New_York"},

    /* Arizona stays on MST; Denver moves to MDT. */
    {"phoenix july",
     "America/Phoenix",
     "US-AZ",
     {NULL},
     "2026-07-14T14:30Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-07-14T15:00Z",
     "07:30 on Tuesday in America/Phoenix"},
    {"denver july",
     "America/Denver",
     "US-CO",
     {NULL},
     "2026-07-14T14:30Z",
     HW_OK,
     HW_DENY_NONE,
     "2026-07-14T14:30Z",
     "08:30 on Tuesday in America/Denver"},
    {"phoenix february",
     "America/Phoenix",
     "US-AZ",
     {NULL},
     "2026-02-10T14:30Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-02-10T15:00Z",
     "07:30"},
    {"denver february",
     "America/Denver",
     "US-CO",
     {NULL},
     "2026-02-10T14:30Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-02-10T15:00Z",
     "07:30"},
    {"indiana july",
     "America/Indiana/Indianapolis",
     "US-IN",
     {NULL},
     "2026-07-14T12:30Z",
     HW_OK,
     HW_DENY_NONE,
     "2026-07-14T12:30Z",
     "08:30"},
    {"indiana july early",
     "America/Indiana/Indianapolis",
     "US-IN",
     {NULL},
     "2026-07-14T11:30Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-07-14T12:00Z",
     "07:30"},
    {"indiana february",
     "America/Indiana/Indianapolis",
     "US-IN",
     {NULL},
     "2026-02-10T12:30Z",
     HW_OK,
     HW_DENY_LEGAL_WINDOW,
     "2026-02-10T13:00Z",
     "07:30"},

    /* No zone: never. A zone ICU does not know: an error. */
    {"unknown location",
     NULL,
     "US",
     {NULL},
     "2026-02-10T16:00Z",
     HW_OK,
     HW_DENY_UNKNOWN_LOCATION,
     NULL,
     "location unknown: no time zone could be inferred from the address or phone; add a time "
     "zone, state or country to the lead"},
    {"empty zones",
     "",
     "",
     {NULL},
     "2026-02-10T16:00Z",
     HW_OK,
     HW_DENY_UNKNOWN_LOCATION,
     NULL,
     "location unknown"},
    {"only separators",
     "|",
     "US",
     {NULL},
     "2026-02-10T16:00Z",
     HW_OK,
     HW_DENY_UNKNOWN_LOCATION,
     NULL,
     "location unknown"},
    {"bad zone",
     "Mars/Olympus",
     "US",
     {NULL},
     "2026-02-10T16:00Z",
     HW_EINVAL,
     HW_DENY_UNKNOWN_LOCATION,
     NULL,
     "Mars/Olympus"},
    {"one bad zone of two",
     CHI "|Mars/Olympus",
     "US",
     {NULL},
     "2026-02-10T16:00Z",
     HW_EINVAL,
     HW_DENY_UNKNOWN_LOCATION,
     NULL,
     "time zone 'Mars/Olympus' is unknown"},
};

static void checkOne(const hw_policy *p, const CheckCase *c)
{
	hw_time aCall[MAXC];
	hw_target tg = {c->zZones, c->zJur, aCall, 0};
	hw_verdict v;
	char zGot[32];
	hw_rc rc;
	for (int i = 0; i < MAXC && c->azCall[i]; i++)
		aCall[tg.nRecentCalls++] = iso(c->azCall[i]);
	rc = hw_policy_check(p, &tg, iso(c->zAt), &v);
	fmtIso(v.tNext, zGot);
	if (rc != c->rc || v.eDeny != c->eDeny || v.tNext != iso(c->zNext) ||
	    !strstr(v.zWhy, c->zWhy))
		fail_msg("rc %d %s next %s \"%s\"; want rc %d %s next %s \"...%s...\"", rc,
			 hw_deny_names[v.eDeny], zGot, v.zWhy, c->rc, hw_deny_names[c->eDeny],
			 c->zNext ? c->zNext : "none", c->zWhy);
}

static void test_check_row(void **state)
{
	checkOne(&gShipped, *state);
}

/* Policies made for one rule each. */
static void test_check_custom(void **state)
{
	static hw_policy p;
	hw_err e;
	/* Only US windows: a British lead is never callable. */
	static const CheckCase noWindow = {"",
					   "Europe/London",
					   "GB",
					   {NULL},
					   "2026-02-10T12:00Z",
					   HW_OK,
					   HW_DENY_NO_WINDOW,
					   NULL,
					   "no calling window for jurisdiction GB"};
	/* Monday 09:00-10:00 at UTC+14 is Sunday 19:00-20:00 UTC, at UTC-11 Monday
	 * 20:00-21:00 UTC: never both, so the search gives up after 31 days. */
	static const CheckCase never = {"",
					"Pacific/Kiritimati|Pacific/Pago_Pago",
					"",
					{NULL},
					"2026-02-10T12:00Z",
					HW_OK,
					HW_DENY_LEGAL_WINDOW,
					NULL,
					"no time in the next 31 days passes every rule"};
	/* Overlapping quiet windows: 10:15 waits for the end of both, 12:00; at
	 * 10:45, inside both, the one ending later is named. A window
	 * to 24:00 and one from 00:00 meet at midnight. */
	static const CheckCase chain = {
	    "",
	    "Etc/UTC",
	    "",
	    {NULL},
	    "2026-02-10T10:15Z",
	    HW_OK,
	    HW_DENY_QUIET,
	    "2026-02-10T12:00Z",
	    "10:15 in Etc/UTC is in the quiet window 10:00-11:00 (a); next at 12:00"};
	static const CheckCase both = {"",
				       "Etc/UTC",
				       "",
				       {NULL},
				       "2026-02-10T10:45Z",
				       HW_OK,
				       HW_DENY_QUIET,
				       "2026-02-10T12:00Z",
				       "10:45 in Etc/UTC is in the quiet window 10:30-12:00 (b)"};
	static const CheckCase midnight = {
	    "",		  "Etc/UTC",	       "",
	    {NULL},	  "2026-02-10T23:59Z", HW_OK,
	    HW_DENY_NONE, "2026-02-10T23:59Z", "inside the default hours 00:00-24:00"};
	static const CheckCase chainEnd = {"",
					   "Etc/UTC",
					   "",
					   {NULL},
					   "2026-02-10T11:59Z",
					   HW_OK,
					   HW_DENY_QUIET,
					   "2026-02-10T12:00Z",
					   "next at 12:00"};
	(void)state;
	assert_int_equal(hw_policy_parse("window US mon-sun 08:00 21:00\n", "us", &p, &e), HW_OK);
	checkOne(&p, &noWindow);
	assert_int_equal(hw_policy_parse("window * mon 09:00 10:00\n", "mon", &p, &e), HW_OK);
	checkOne(&p, &never);
	assert_int_equal(hw_policy_parse("window * mon-sun 00:00 24:00\n"
					 "quiet 10:00 11:00 a\nquiet 10:30 12:00 b\n",
					 "q", &p, &e),
			 HW_OK);
	checkOne(&p, &chain);
	checkOne(&p, &both);
	checkOne(&p, &midnight);
	checkOne(&p, &chainEnd);
}

/* ---- hw_policy_next_in_block ---------------------------------------------- */

enum { EARLY, MORNING, MIDDAY, AFTERNOON, EVENING };

typedef struct BlockCase {
	const char *zName;
	const char *zZones, *zJur;
	const char *azCall[MAXC];
	const char *zAt;
	int iBlock, bBusinessDay;
	hw_rc rc;
	const char *zWant;
} BlockCase;

static const BlockCase aBlockCase[] = {
    /* Chicago, Tuesday 2026-02-10 CST: morning is 09:30-12:00 = 15:30-18:00 UTC. */
    {"before the block",
     CHI,
     "US",
     {NULL},
     "2026-02-10T13:00Z",
     MORNING,
     1,
     HW_OK,
     "2026-02-10T15:30Z"},
    {"inside the block",
     CHI,
     "US",
     {NULL},
     "2026-02-10T16:00Z",
     MORNING,
     1,
     HW_OK,
     "2026-02-10T16:00Z"},
    {"after the block: tomorrow",
     CHI,
     "US",
     {NULL},
     "2026-02-10T18:30Z",
     MORNING,
     1,
     HW_OK,
     "2026-02-11T15:30Z"},
    {"friday afternoon: monday",
     CHI,
     "US",
     {NULL},
     "2026-02-13T22:00Z",
     MORNING,
     1,
     HW_OK,
     "2026-02-16T15:30Z"},
    {"friday afternoon: saturday",
     CHI,
     "US",
     {NULL},
     "2026-02-13T22:00Z",
     MORNING,
     0,
     HW_OK,
     "2026-02-14T15:30Z"},
    {"before thanksgiving: friday",
     CHI,
     "US",
     {NULL},
     "2026-11-25T19:00Z",
     MORNING,
     1,
     HW_OK,
     "2026-11-27T15:30Z"},
    {"before thanksgiving: any day",
     CHI,
     "US",
     {NULL},
     "2026-11-25T19:00Z",
     MORNING,
     0,
     HW_OK,
     "2026-11-26T15:30Z"},
    {"thanksgiving is not canadian",
     "America/Toronto",
     "CA-ON",
     {NULL},
     "2026-11-25T18:00Z",
     MORNING,
     1,
     HW_OK,
     "2026-11-26T14:30Z"},
    {"thanksgiving covers florida",
     NY,
     "US-FL",
     {NULL},
     "2026-11-25T18:00Z",
     MORNING,
     1,
     HW_OK,
     "2026-11-27T14:30Z"},
    /* Saturday 20:00 CST before spring forward: Monday 09:30 CDT. */
    {"across spring forward",
     CHI,
     "US",
     {NULL},
     "2026-03-08T02:00Z",
     MORNING,
     1,
     HW_OK,
     "2026-03-09T14:30Z"},
    {"early block in florida",
     NY,
     "US-FL",
     {NULL},
     "2026-02-10T11:00Z",
     EARLY,
     1,
     HW_OK,
     "2026-02-10T13:00Z"},
    {"evening: past midday",
     CHI,
     "US",
     {NULL},
     "2026-02-10T19:00Z",
     EVENING,
     1,
     HW_OK,
     "2026-02-10T23:30Z"},
    /* Saturday evening is after AU's 17:00, Sunday is closed: Monday 17:30 AEDT. */
    {"sydney evening",
     "Australia/Sydney",
     "AU-NSW",
     {NULL},
     "2026-02-13T21:00Z",
     EVENING,
     0,
     HW_OK,
     "2026-02-16T06:30Z"},
    /* AU never opens before 09:00: the early block never fits. */
    {"sydney early never",
     "Australia/Sydney",
     "AU-NSW",
     {NULL},
     "2026-02-13T21:00Z",
     EARLY,
     0,
     HW_ENOTFOUND,
     NULL},
    /* Florida cap: the oldest of three calls leaves at 10:15 EST, inside the block. */
    {"cap clears in the block",
     NY,
     "US-FL",
     {"2026-02-09T15:15Z", "2026-02-09T19:00Z", "2026-02-09T20:00Z", NULL},
     "2026-02-10T14:00Z",
     MORNING,
     1,
     HW_OK,
     "2026-02-10T15:15Z"},
    /* ...here at 13:30 EST, after the block: Wednesday's block, by then clear. */
    {"cap clears after the block",
     NY,
     "US-FL",
     {"2026-02-09T18:30Z", "2026-02-09T21:00Z", "2026-02-10T13:10Z", NULL},
     "2026-02-10T13:30Z",
     MORNING,
     1,
     HW_OK,
     "2026-02-11T14:30Z"},
    /* Blocks are New York's; Los Angeles opens at 11:00 EST, inside the morning. */
    {"two zones",
     NY "|America/Los_Angeles",
     "US",
     {NULL},
     "2026-02-10T12:00Z",
     MORNING,
     1,
     HW_OK,
     "2026-02-10T16:00Z"},
    {"block out of range", CHI, "US", {NULL}, "2026-02-10T12:00Z", 5, 1, HW_EINVAL, NULL},
    {"negative block", CHI, "US", {NULL}, "2026-02-10T12:00Z", -1, 1, HW_EINVAL, NULL},
    {"unknown location", "", "US", {NULL}, "2026-02-10T12:00Z", MORNING, 1, HW_ENOTFOUND, NULL},
    {"bad zone", "Mars/Olympus", "US", {NULL}, "2026-02-10T12:00Z", MORNING, 1, HW_EINVAL, NULL},
};

static void test_block_row(void **state)
{
	const BlockCase *c = *state;
	hw_time aCall[MAXC], t = -1;
	hw_target tg = {c->zZones, c->zJur, aCall, 0};
	hw_verdict v;
	char zGot[32];
	hw_rc rc;
	for (int i = 0; i < MAXC && c->azCall[i]; i++)
		aCall[tg.nRecentCalls++] = iso(c->azCall[i]);
	rc = hw_policy_next_in_block(&gShipped, &tg, iso(c->zAt), c->iBlock, c->bBusinessDay, &t);
	fmtIso(t, zGot);
	if (rc != c->rc || t != iso(c->zWant))
		fail_msg("rc %d %s, want %d %s", rc, zGot, c->rc, c->zWant ? c->zWant : "none");
	if (rc == HW_OK) {
		/* The answer is callable and lies in the block, in the first zone. */
		char zZone[64];
		hw_local l;
		assert_int_equal(hw_policy_check(&gShipped, &tg, t, &v), HW_OK);
		assert_int_equal(v.eDeny, HW_DENY_NONE);
		snprintf(zZone, sizeof zZone, "%.*s", (int)strcspn(c->zZones, "|"), c->zZones);
		assert_int_equal(hw_local_time(zZone, t, &l), HW_OK);
		assert_true(l.iMinute >= gShipped.aBlock[c->iBlock].iStart &&
			    l.iMinute < gShipped.aBlock[c->iBlock].iEnd);
		assert_int_equal(hw_policy_block_at(&gShipped, &tg, t), c->iBlock);
	}
}

/* ---- hw_policy_business_days_after ---------------------------------------- */

typedef struct BizCase {
	const char *zName;
	const char *zZones, *zJur;
	const char *zAt;
	int nDays;
	hw_rc rc;
	const char *zWant; /* local midnight, in UTC */
} BizCase;

static const BizCase aBiz[] = {
    {"friday +1: monday", CHI, "US", "2026-02-13T21:00Z", 1, HW_OK, "2026-02-16T06:00Z"},
    {"friday +0: friday", CHI, "US", "2026-02-13T21:00Z", 0, HW_OK, "2026-02-13T06:00Z"},
    {"saturday +0: saturday", CHI, "US", "2026-02-14T18:00Z", 0, HW_OK, "2026-02-14T06:00Z"},
    {"saturday +1: monday", CHI, "US", "2026-02-14T18:00Z", 1, HW_OK, "2026-02-16T06:00Z"},
    {"wednesday +5", CHI, "US", "2026-02-11T18:00Z", 5, HW_OK, "2026-02-18T06:00Z"},
    /* Thanksgiving Thursday is skipped. */
    {"thanksgiving +1", CHI, "US", "2026-11-25T16:00Z", 1, HW_OK, "2026-11-27T06:00Z"},
    {"thanksgiving +2", CHI, "US", "2026-11-25T16:00Z", 2, HW_OK, "2026-11-30T06:00Z"},
    /* Friday before spring forward: Monday's midnight is CDT. */
    {"across spring forward", CHI, "US", "2026-03-06T18:00Z", 1, HW_OK, "2026-03-09T05:00Z"},
    /* Christmas Friday and a weekend. */
    {"christmas eve +1", CHI, "US", "2026-12-24T16:00Z", 1, HW_OK, "2026-12-28T06:00Z"},
    {"christmas eve +2", CHI, "US", "2026-12-24T16:00Z", 2, HW_OK, "2026-12-29T06:00Z"},
    /* Independence Day observed Friday 2026-07-03. */
    {"july 2 +1", CHI, "US", "2026-07-02T17:00Z", 1, HW_OK, "2026-07-06T05:00Z"},
    {"canada works thanksgiving", "America/Toronto", "CA-ON", "2026-11-25T15:00Z", 1, HW_OK,
     "2026-11-26T05:00Z"},
    {"florida keeps thanksgiving", NY, "US-FL", "2026-11-25T15:00Z", 1, HW_OK, "2026-11-27T05:00Z"},
    /* Australia Day, Monday 2026-01-26; midnight AEDT is 13:00 UTC the day before. */
    {"australia day", "Australia/Sydney", "AU-NSW", "2026-01-23T02:00Z", 1, HW_OK,
     "2026-01-26T13:00Z"},
    /* The first zone decides: Thursday 22:30 in Los Angeles, already Friday in NY. */
    {"first zone's date", "America/Los_Angeles|" NY, "US", "2026-02-13T06:30Z", 1, HW_OK,
     "2026-02-13T08:00Z"},
    {"unknown location", "", "US", "2026-02-13T06:30Z", 1, HW_ENOTFOUND, NULL},
    {"negative", CHI, "US", "2026-02-13T06:30Z", -1, HW_EINVAL, NULL},
};

static void test_biz_row(void **state)
{
	const BizCase *c = *state;
	hw_target tg = {c->zZones, c->zJur, NULL, 0};
	hw_time t = -1;
	char zGot[32];
	hw_rc rc = hw_policy_business_days_after(&gShipped, &tg, iso(c->zAt), c->nDays, &t);
	fmtIso(t, zGot);
	if (rc != c->rc || t != iso(c->zWant))
		fail_msg("rc %d %s, want %d %s", rc, zGot, c->rc, c->zWant ? c->zWant : "none");
}

/* ---- hw_policy_block_at ---------------------------------------------------- */

static void test_block_at(void **state)
{
	static const struct {
		const char *zZones, *zAt;
		int iWant;
	} aCase[] = {
	    {CHI, "2026-02-10T16:00Z", MORNING},   /* 10:00 CST */
	    {CHI, "2026-02-10T18:30Z", -1},	   /* 12:30, lunch: no block */
	    {CHI, "2026-02-10T14:00Z", EARLY},	   /* 08:00 */
	    {CHI, "2026-02-11T01:59Z", EVENING},   /* 19:59 */
	    {CHI, "2026-02-11T02:00Z", -1},	   /* 20:00, the end is exclusive */
	    {CHI, "2026-02-10T21:00Z", AFTERNOON}, /* 15:00: midday ends, afternoon starts */
	    {"Australia/Sydney|" CHI, "2026-02-10T02:00Z", MIDDAY}, /* 13:00 AEDT, first zone */
	    {"", "2026-02-10T16:00Z", -1},
	    {"Mars/Olympus", "2026-02-10T16:00Z", -1},
	};
	(void)state;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		hw_target tg = {aCase[i].zZones, "US", NULL, 0};
		int iGot = hw_policy_block_at(&gShipped, &tg, iso(aCase[i].zAt));
		if (iGot != aCase[i].iWant)
			fail_msg("%s at %s: block %d, want %d", aCase[i].zZones, aCase[i].zAt, iGot,
				 aCase[i].iWant);
	}
}

/* ---- the runner ------------------------------------------------------------ */

static int setup(void **state)
{
	hw_err e;
	(void)state;
	if (hw_policy_parse(hw_policy_default_text, "default", &gShipped, &e) != HW_OK) {
		fprintf(stderr, "default policy: %ld: %s\n", e.iLine, e.zMsg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	hw_policy_thread_cleanup();
	return 0;
}

#define N_ERR (sizeof aErr / sizeof aErr[0])
#define N_LOCAL (sizeof aLocal / sizeof aLocal[0])
#define N_TO_UTC (sizeof aToUtc / sizeof aToUtc[0])
#define N_CHECK (sizeof aCheck / sizeof aCheck[0])
#define N_BLOCK (sizeof aBlockCase / sizeof aBlockCase[0])
#define N_BIZ (sizeof aBiz / sizeof aBiz[0])
#define N_ROW (N_ERR + N_LOCAL + N_TO_UTC + N_CHECK + N_BLOCK + N_BIZ)
#define N_SINGLE 11

static char azName[N_ROW][112];

static size_t addRow(struct CMUnitTest *a, size_t n, CMUnitTestFunction x, const char *zWhat,
		     const char *zArg, const void *pRow)
{
	snprintf(azName[n], sizeof azName[n], "%s: %.90s", zWhat, zArg);
	a[n] = (struct CMUnitTest){azName[n], x, NULL, NULL, (void *)pRow};
	return n + 1;
}

/* One cmocka test per table row, named after it, so a failure says which. */
int main(void)
{
	static struct CMUnitTest aTest[N_ROW + N_SINGLE];
	char zArg[96];
	size_t n = 0, i;

	for (i = 0; i < N_ERR; i++) {
		snprintf(zArg, sizeof zArg, "%.*s", (int)strcspn(aErr[i].zText, "\n"),
			 aErr[i].zText);
		n = addRow(aTest, n, test_parse_error_row, "parse error", zArg, &aErr[i]);
	}
	for (i = 0; i < N_LOCAL; i++) {
		snprintf(zArg, sizeof zArg, "%s %s", aLocal[i].zZone, aLocal[i].zUtc);
		n = addRow(aTest, n, test_local_row, "local", zArg, &aLocal[i]);
	}
	for (i = 0; i < N_TO_UTC; i++) {
		snprintf(zArg, sizeof zArg, "%s %04d-%02d-%02d %s", aToUtc[i].zZone,
			 aToUtc[i].iYear, aToUtc[i].iMonth, aToUtc[i].iDay, aToUtc[i].zLocal);
		n = addRow(aTest, n, test_to_utc_row, "to utc", zArg, &aToUtc[i]);
	}
	for (i = 0; i < N_CHECK; i++)
		n = addRow(aTest, n, test_check_row, "check", aCheck[i].zName, &aCheck[i]);
	for (i = 0; i < N_BLOCK; i++)
		n = addRow(aTest, n, test_block_row, "next in block", aBlockCase[i].zName,
			   &aBlockCase[i]);
	for (i = 0; i < N_BIZ; i++)
		n = addRow(aTest, n, test_biz_row, "business days", aBiz[i].zName, &aBiz[i]);
	aTest[n++] = (struct CMUnitTest)cmocka_unit_test(test_parse_error_format);
	aTest[n++] = (struct CMUnitTest)cmocka_unit_test(test_parse_too_many_windows);
	aTest[n++] = (struct CMUnitTest)cmocka_unit_test(test_parse_ok);
	aTest[n++] = (struct CMUnitTest)cmocka_unit_test(test_shipped);
	aTest[n++] = (struct CMUnitTest)cmocka_unit_test(test_local_unknown);
	aTest[n++] = (struct CMUnitTest)cmocka_unit_test(test_local_against_icu);
	aTest[n++] = (struct CMUnitTest)cmocka_unit_test(test_cache_all_zones);
	aTest[n++] = (struct CMUnitTest)cmocka_unit_test(test_cache_eviction);
	aTest[n++] = (struct CMUnitTest)cmocka_unit_test(test_thread_exit);
	aTest[n++] = (struct CMUnitTest)cmocka_unit_test(test_check_custom);
	aTest[n++] = (struct CMUnitTest)cmocka_unit_test(test_block_at);
	if (n != sizeof aTest / sizeof aTest[0])
		return 1;
	return cmocka_run_group_tests_name("policy", aTest, setup, teardown);
}
