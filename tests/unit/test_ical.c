/*
 * test_ical.c — the calendar feed and the invitation, parsed back with
 * libical: each start is the instant given, shown at the right wall-clock
 * time with its TZID on either side of the 2027 daylight-saving changes (and
 * in UTC where the wall clock repeats), using the VTIMEZONE in the calendar
 * itself, one per zone; durations, text with RFC 5545's special characters,
 * unknown zones, cancellation; the invitation's METHOD, ORGANIZER and
 * ATTENDEE; and names or addresses that try to inject lines are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "io/ical.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

/* "2027-03-14T06:59Z" as seconds since the epoch. */
static hw_time utc(const char *z)
{
	struct tm tm = {0};
	if (sscanf(z, "%d-%d-%dT%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min) != 5)
		fail_msg("bad time in the test: %s", z);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (hw_time)timegm(&tm);
}

/* When a case starts, in which zone, and how a client must show it. */
static const struct {
	const char *zZone;
	const char *zStart; /* UTC */
	int nMinutes;
	const char *zWall; /* DTSTART's wall clock with TZID=zZone; NULL: written in UTC */
} aTime[] = {
    /* US spring forward, 2027-03-14 02:00 local */
    {"America/New_York", "2027-03-14T06:59Z", 15, "20270314T015900"},
    {"America/New_York", "2027-03-14T07:00Z", 15, "20270314T030000"},
    {"America/New_York", "2027-03-14T06:50Z", 30, "20270314T015000"}, /* ends after */
    {"America/New_York", "2027-03-15T14:00Z", 30, "20270315T100000"},
    /* US fall back, 2027-11-07 02:00 local: 01:00-01:59 happen twice, which
     * RFC 5545 reads as the first and libical as the second: UTC */
    {"America/New_York", "2027-11-07T04:44Z", 15, "20271107T004400"},
    {"America/New_York", "2027-11-07T04:45Z", 15, NULL}, /* ends at the first 01:00 */
    {"America/New_York", "2027-11-07T05:30Z", 15, NULL}, /* the first 01:30 */
    {"America/New_York", "2027-11-07T06:30Z", 15, NULL}, /* the second 01:30 */
    {"America/New_York", "2027-11-07T06:59Z", 1, NULL},
    {"America/New_York", "2027-11-07T07:00Z", 15, "20271107T020000"},
    {"America/Chicago", "2027-03-14T07:59Z", 15, "20270314T015900"},
    {"America/Chicago", "2027-03-14T08:00Z", 15, "20270314T030000"},
    {"America/Chicago", "2027-11-07T05:30Z", 15, "20271107T003000"},
    {"America/Chicago", "2027-11-07T06:59Z", 15, NULL},
    {"America/Chicago", "2027-11-07T07:00Z", 15, NULL},
    {"America/Chicago", "2027-11-07T08:00Z", 15, "20271107T020000"},
    {"America/Chicago", "2027-07-01T15:00Z", 30, "20270701T100000"},
    /* no daylight time */
    {"America/Phoenix", "2027-03-14T09:00Z", 15, "20270314T020000"},
    {"America/Phoenix", "2027-11-07T08:30Z", 15, "20271107T013000"},
    {"America/Phoenix", "2027-07-01T17:00Z", 30, "20270701T100000"},
    /* EU, 2027-03-28 01:00 UTC and 2027-10-31 01:00 UTC */
    {"Europe/London", "2027-03-28T00:59Z", 15, "20270328T005900"},
    {"Europe/London", "2027-03-28T01:00Z", 15, "20270328T020000"},
    {"Europe/London", "2027-10-30T23:44Z", 15, "20271031T004400"},
    {"Europe/London", "2027-10-31T00:30Z", 15, NULL},
    {"Europe/London", "2027-10-31T01:30Z", 15, NULL},
    {"Europe/London", "2027-10-31T02:00Z", 15, "20271031T020000"},
    /* Sydney: back 2027-04-04 03:00 AEDT, forward 2027-10-03 02:00 AEST */
    {"Australia/Sydney", "2027-04-03T14:30Z", 15, "20270404T013000"},
    {"Australia/Sydney", "2027-04-03T15:00Z", 15, NULL},
    {"Australia/Sydney", "2027-04-03T15:59Z", 15, NULL},
    {"Australia/Sydney", "2027-04-03T16:00Z", 15, NULL},
    {"Australia/Sydney", "2027-04-03T17:00Z", 15, "20270404T030000"},
    {"Australia/Sydney", "2027-10-02T15:59Z", 15, "20271003T015900"},
    {"Australia/Sydney", "2027-10-02T16:00Z", 15, "20271003T030000"},
    /* half-hour offset */
    {"Asia/Kolkata", "2027-03-15T14:00Z", 30, "20270315T193000"},
    {"Asia/Kolkata", "2027-12-31T20:00Z", 30, "20280101T013000"},
    /* the name ICU gives for it (io/tz.c) */
    {"Asia/Calcutta", "2027-03-15T14:00Z", 30, "20270315T193000"},
    /* unknown or unsafe: UTC */
    {"Mars/Olympus_Mons", "2027-03-15T14:00Z", 15, NULL},
    {"../../../etc/localtime", "2027-03-15T14:00Z", 15, NULL},
    {"", "2027-03-15T14:00Z", 15, NULL},
    {NULL, "2027-03-15T14:00Z", 15, NULL},
    {"UTC", "2027-03-15T14:00Z", 15, NULL},
};
#define N_TIME (sizeof aTime / sizeof aTime[0])

static icalproperty *prop1(icalcomponent *c, icalproperty_kind e)
{
	icalproperty *p = icalcomponent_get_first_property(c, e);
	if (!p)
		fail_msg("no %s", icalproperty_kind_to_string(e));
	if (icalcomponent_get_next_property(c, e))
		fail_msg("more than one %s", icalproperty_kind_to_string(e));
	return p;
}

static const char *tzid_of(icalproperty *p)
{
	icalparameter *pTz = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	return pTz ? icalparameter_get_tzid(pTz) : NULL;
}

/* The instant DTSTART/DTEND p means, read with the VTIMEZONE in pCal. */
static hw_time instant(icalcomponent *pCal, icalproperty *p, int bEnd)
{
	struct icaltimetype tt = bEnd ? icalproperty_get_dtend(p) : icalproperty_get_dtstart(p);
	const char *zTzid = tzid_of(p);
	if (!zTzid) {
		assert_true(icaltime_is_utc(tt));
		return (hw_time)icaltime_as_timet(tt);
	}
	icaltimezone *pZone = icalcomponent_get_timezone(pCal, zTzid);
	if (!pZone)
		fail_msg("TZID=%s has no VTIMEZONE in the calendar", zTzid);
	return (hw_time)icaltime_as_timet_with_zone(tt, pZone);
}

static icalcomponent *event_by_uid(icalcomponent *pCal, const char *zUid)
{
	for (icalcomponent *c = icalcomponent_get_first_component(pCal, ICAL_VEVENT_COMPONENT); c;
	     c = icalcomponent_get_next_component(pCal, ICAL_VEVENT_COMPONENT))
		if (strcmp(icalproperty_get_uid(prop1(c, ICAL_UID_PROPERTY)), zUid) == 0)
			return c;
	fail_msg("no event %s", zUid);
	return NULL;
}

static int count(icalcomponent *c, icalcomponent_kind e)
{
	int n = 0;
	for (icalcomponent *p = icalcomponent_get_first_component(c, e); p;
	     p = icalcomponent_get_next_component(c, e))
		n++;
	return n;
}

static int count_vtimezone(icalcomponent *pCal, const char *zTzid)
{
	int n = 0;
	for (icalcomponent *c = icalcomponent_get_first_component(pCal, ICAL_VTIMEZONE_COMPONENT);
	     c; c = icalcomponent_get_next_component(pCal, ICAL_VTIMEZONE_COMPONENT))
		n += strcmp(icalproperty_get_tzid(prop1(c, ICAL_TZID_PROPERTY)), zTzid) == 0;
	return n;
}

/* Lines end in CRLF and are folded at 75 octets, never inside a UTF-8 character. */
static void check_lines(const char *z)
{
	while (*z) {
		const char *zEnd = strstr(z, "\r\n");
		if (!zEnd)
			fail_msg("a line without CRLF: %.40s", z);
		if (zEnd - z > 75)
			fail_msg("a line of %d octets: %.*s", (int)(zEnd - z), (int)(zEnd - z), z);
		for (const char *p = z; p < zEnd; p++)
			assert_true(*p != '\r' && *p != '\n');
		const char *p = z + (*z == ' '); /* continuation */
		assert_false(((unsigned char)*p & 0xC0) == 0x80);
		z = zEnd + 2;
	}
}

/* Parses z (and checks its lines); icalcomponent_free() it. */
static icalcomponent *parse(const char *z)
{
	check_lines(z);
	icalcomponent *pCal = icalparser_parse_string(z);
	assert_non_null(pCal);
	assert_int_equal(icalcomponent_isa(pCal), ICAL_VCALENDAR_COMPONENT);
	assert_string_equal(icalproperty_get_version(prop1(pCal, ICAL_VERSION_PROPERTY)), "2.0");
	assert_string_equal(icalproperty_get_prodid(prop1(pCal, ICAL_PRODID_PROPERTY)),
			    "-//hawser//hawser 0.1//EN");
	assert_string_equal(icalproperty_get_calscale(prop1(pCal, ICAL_CALSCALE_PROPERTY)),
			    "GREGORIAN");
	/* VTIMEZONEs come before the events */
	int bEvent = 0;
	for (icalcomponent *c = icalcomponent_get_first_component(pCal, ICAL_ANY_COMPONENT); c;
	     c = icalcomponent_get_next_component(pCal, ICAL_ANY_COMPONENT)) {
		bEvent |= icalcomponent_isa(c) == ICAL_VEVENT_COMPONENT;
		assert_false(bEvent && icalcomponent_isa(c) == ICAL_VTIMEZONE_COMPONENT);
	}
	return pCal;
}

/* Event i of aTime; zUid is a buffer for its UID. */
static hw_ical_event time_event(size_t i, char *zUid, size_t nUid)
{
	snprintf(zUid, nUid, "task-%zu@hawser", i);
	return (hw_ical_event){.zUid = zUid,
			       .tStart = utc(aTime[i].zStart),
			       .nMinutes = aTime[i].nMinutes,
			       .zZone = aTime[i].zZone,
			       .zSummary = "Call back",
			       .tStamp = utc("2027-01-02T03:04Z"),
			       .iSequence = (int)i};
}

/* The times of case i in pEv, with the zones of pCal. */
static void check_times(icalcomponent *pCal, icalcomponent *pEv, size_t i)
{
	icalproperty *pStart = prop1(pEv, ICAL_DTSTART_PROPERTY);
	icalproperty *pEnd = prop1(pEv, ICAL_DTEND_PROPERTY);
	const char *zTzid = tzid_of(pStart);
	hw_time tStart = utc(aTime[i].zStart);

	if (aTime[i].zWall) {
		struct icaltimetype tt = icalproperty_get_dtstart(pStart);
		char zWall[32];
		snprintf(zWall, sizeof zWall, "%04d%02d%02dT%02d%02d%02d", tt.year, tt.month,
			 tt.day, tt.hour, tt.minute, tt.second);
		if (!zTzid || strcmp(zTzid, aTime[i].zZone))
			fail_msg("case %zu: TZID=%s, want %s", i, zTzid ? zTzid : "(none)",
				 aTime[i].zZone);
		assert_false(icaltime_is_utc(tt));
		if (strcmp(zWall, aTime[i].zWall))
			fail_msg("case %zu (%s %s): wall clock %s, want %s", i, aTime[i].zZone,
				 aTime[i].zStart, zWall, aTime[i].zWall);
		assert_string_equal(tzid_of(pEnd), aTime[i].zZone);
	} else if (zTzid || tzid_of(pEnd)) {
		fail_msg("case %zu (%s %s): TZID=%s, want UTC", i,
			 aTime[i].zZone ? aTime[i].zZone : "NULL", aTime[i].zStart,
			 zTzid ? zTzid : tzid_of(pEnd));
	}
	if (instant(pCal, pStart, 0) != tStart)
		fail_msg("case %zu (%s %s): DTSTART means %lld, want %lld", i, aTime[i].zZone,
			 aTime[i].zStart, instant(pCal, pStart, 0), tStart);
	assert_int_equal(instant(pCal, pEnd, 1) - instant(pCal, pStart, 0), aTime[i].nMinutes * 60);

	icalproperty *pStamp = prop1(pEv, ICAL_DTSTAMP_PROPERTY);
	assert_true(icaltime_is_utc(icalproperty_get_dtstamp(pStamp)));
	assert_int_equal(icaltime_as_timet(icalproperty_get_dtstamp(pStamp)),
			 utc("2027-01-02T03:04Z"));
	assert_int_equal(icalproperty_get_sequence(prop1(pEv, ICAL_SEQUENCE_PROPERTY)), (int)i);
}

/* All of aTime in one feed: times, and one VTIMEZONE per zone used. */
static void test_feed_times(void **state)
{
	hw_ical_event aEv[N_TIME];
	char azUid[N_TIME][32];
	char *zOut = NULL;
	hw_err err;
	(void)state;
	for (size_t i = 0; i < N_TIME; i++)
		aEv[i] = time_event(i, azUid[i], sizeof azUid[i]);
	assert_int_equal(hw_ical_feed("Ada's calls", aEv, (int)N_TIME, &zOut, &err), HW_OK);
	icalcomponent *pCal = parse(zOut);

	assert_int_equal(icalproperty_get_method(prop1(pCal, ICAL_METHOD_PROPERTY)),
			 ICAL_METHOD_PUBLISH);
	assert_int_equal(count(pCal, ICAL_VEVENT_COMPONENT), (int)N_TIME);
	int nZone = 0;
	for (size_t i = 0; i < N_TIME; i++) {
		check_times(pCal, event_by_uid(pCal, azUid[i]), i);
		if (!aTime[i].zZone || !aTime[i].zZone[0])
			continue;
		int bUsed = 0, bFirst = 1; /* the zone is in a TZID; i is its first case */
		for (size_t j = 0; j < N_TIME; j++) {
			if (aTime[j].zZone && strcmp(aTime[i].zZone, aTime[j].zZone) == 0) {
				bUsed |= aTime[j].zWall != NULL;
				bFirst &= j >= i;
			}
		}
		assert_int_equal(count_vtimezone(pCal, aTime[i].zZone), bUsed);
		nZone += bUsed && bFirst;
	}
	assert_int_equal(nZone, 7);
	assert_int_equal(count(pCal, ICAL_VTIMEZONE_COMPONENT), nZone);
	icalcomponent_free(pCal);
	free(zOut);
}

/* Each case alone in an invitation: the same times, the zone's VTIMEZONE only. */
static void test_invite_times(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_TIME; i++) {
		char zUid[32];
		char *zOut = NULL;
		hw_err err;
		hw_ical_event ev = time_event(i, zUid, sizeof zUid);
		assert_int_equal(hw_ical_invite(&ev, "Rep", "rep@hawser.test", "Ada",
						"ada@example.com", &zOut, &err),
				 HW_OK);
		icalcomponent *pCal = parse(zOut);
		assert_int_equal(count(pCal, ICAL_VEVENT_COMPONENT), 1);
		assert_int_equal(count(pCal, ICAL_VTIMEZONE_COMPONENT), aTime[i].zWall ? 1 : 0);
		check_times(pCal, event_by_uid(pCal, zUid), i);
		icalcomponent_free(pCal);
		free(zOut);
	}
}

/* Text with RFC 5545's special characters, read back as given. */
static void test_text(void **state)
{
	static const struct {
		const char *zIn;
		const char *zOut; /* NULL: as given */
	} aText[] = {
	    {"Call back Ada Lovelace (Acme)", NULL},
	    {"Lovelace, Ada; Acme \\ Analytical Engines", NULL},
	    {"line one\nline two\n\nline four", NULL},
	    {"crlf\r\nand cr\ronly", "crlf\nand cr\nonly"},
	    {"tab\there", NULL},
	    {"bell\x07 and del\x7f.", "bell  and del ."},
	    {"a\\nb is not a newline, a\\,b not a comma", NULL},
	    {"\xc3\x85ngstr\xc3\xb6m \xe2\x82\xac \xf0\x9f\x93\x9e "
	     "\xc3\x85\xc3\x85\xc3\x85\xc3\x85\xc3\x85\xc3\x85\xc3\x85\xc3\x85\xc3\x85\xc3\x85"
	     "\xc3\x85\xc3\x85\xc3\x85\xc3\x85\xc3\x85\xc3\x85\xc3\x85\xc3\x85\xc3\x85\xc3\x85"
	     "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
	     "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac",
	     NULL},
	    /* a line break cannot start a property */
	    {"x\r\nATTENDEE:mailto:evil@example.com\r\nEND:VEVENT", "x\nATTENDEE:mailto:evil@"
								    "example.com\nEND:VEVENT"},
	    {"", NULL}, /* left out */
	};
	(void)state;
	for (size_t i = 0; i < sizeof aText / sizeof aText[0]; i++) {
		const char *zWant = aText[i].zOut ? aText[i].zOut : aText[i].zIn;
		hw_ical_event ev = {.zUid = "task-1@hawser",
				    .tStart = utc("2027-03-15T14:00Z"),
				    .nMinutes = 15,
				    .zZone = "America/New_York",
				    .zSummary = aText[i].zIn,
				    .zDescription = aText[i].zIn,
				    .zLocation = aText[i].zIn};
		char *zOut = NULL;
		hw_err err;
		assert_int_equal(hw_ical_feed(aText[i].zIn, &ev, 1, &zOut, &err), HW_OK);
		icalcomponent *pCal = parse(zOut);
		icalcomponent *pEv = event_by_uid(pCal, "task-1@hawser");
		if (!zWant[0]) {
			assert_null(icalcomponent_get_first_property(pEv, ICAL_SUMMARY_PROPERTY));
			assert_null(
			    icalcomponent_get_first_property(pEv, ICAL_DESCRIPTION_PROPERTY));
			assert_null(icalcomponent_get_first_property(pEv, ICAL_LOCATION_PROPERTY));
			assert_null(icalcomponent_get_first_property(pCal, ICAL_X_PROPERTY));
			icalcomponent_free(pCal);
			free(zOut);
			continue;
		}
		const char *azGot[] = {
		    icalproperty_get_summary(prop1(pEv, ICAL_SUMMARY_PROPERTY)),
		    icalproperty_get_description(prop1(pEv, ICAL_DESCRIPTION_PROPERTY)),
		    icalproperty_get_location(prop1(pEv, ICAL_LOCATION_PROPERTY)),
		    icalproperty_get_x(prop1(pCal, ICAL_X_PROPERTY)),
		};
		assert_string_equal(icalproperty_get_x_name(prop1(pCal, ICAL_X_PROPERTY)),
				    "X-WR-CALNAME");
		for (size_t j = 0; j < sizeof azGot / sizeof azGot[0]; j++)
			if (strcmp(azGot[j], zWant))
				fail_msg("text %zu, property %zu: got \"%s\", want \"%s\"\n%s", i,
					 j, azGot[j], zWant, zOut);
		assert_null(icalcomponent_get_first_property(pEv, ICAL_ATTENDEE_PROPERTY));
		icalcomponent_free(pCal);
		free(zOut);
	}
}

/* What is left out when not given, STATUS and an empty feed. */
static void test_feed_fields(void **state)
{
	hw_ical_event aEv[] = {
	    {.zUid = "task-1@hawser", .tStart = utc("2027-03-15T14:00Z"), .nMinutes = 15},
	    {.zUid = "meeting-2@hawser",
	     .tStart = utc("2027-03-16T14:00Z"),
	     .nMinutes = 30,
	     .zSummary = "Demo",
	     .zLocation = "+1 212 555 0100",
	     .iSequence = 3,
	     .bCancelled = 1},
	};
	char *zOut = NULL;
	hw_err err;
	(void)state;
	assert_int_equal(hw_ical_feed(NULL, aEv, 2, &zOut, &err), HW_OK);
	icalcomponent *pCal = parse(zOut);
	assert_null(icalcomponent_get_first_property(pCal, ICAL_X_PROPERTY));
	icalcomponent *pEv = event_by_uid(pCal, "task-1@hawser");
	assert_int_equal(icalproperty_get_status(prop1(pEv, ICAL_STATUS_PROPERTY)),
			 ICAL_STATUS_CONFIRMED);
	assert_null(icalcomponent_get_first_property(pEv, ICAL_SUMMARY_PROPERTY));
	assert_null(icalcomponent_get_first_property(pEv, ICAL_DESCRIPTION_PROPERTY));
	assert_null(icalcomponent_get_first_property(pEv, ICAL_LOCATION_PROPERTY));
	assert_int_equal(icalproperty_get_sequence(prop1(pEv, ICAL_SEQUENCE_PROPERTY)), 0);
	pEv = event_by_uid(pCal, "meeting-2@hawser");
	assert_int_equal(icalproperty_get_status(prop1(pEv, ICAL_STATUS_PROPERTY)),
			 ICAL_STATUS_CANCELLED);
	assert_string_equal(icalproperty_get_location(prop1(pEv, ICAL_LOCATION_PROPERTY)),
			    "+1 212 555 0100");
	assert_int_equal(icalproperty_get_sequence(prop1(pEv, ICAL_SEQUENCE_PROPERTY)), 3);
	assert_null(icalcomponent_get_first_property(pEv, ICAL_ORGANIZER_PROPERTY));
	icalcomponent_free(pCal);
	free(zOut);

	assert_int_equal(hw_ical_feed("Empty", NULL, 0, &zOut, &err), HW_OK);
	pCal = parse(zOut);
	assert_int_equal(count(pCal, ICAL_ANY_COMPONENT), 0);
	assert_string_equal(icalproperty_get_x(prop1(pCal, ICAL_X_PROPERTY)), "Empty");
	icalcomponent_free(pCal);
	free(zOut);
}

/* Events the feed and the invitation refuse. */
static void test_bad_event(void **state)
{
	static const struct {
		hw_ical_event ev;
		const char *zField;
	} aBad[] = {
	    {{.zUid = NULL, .nMinutes = 15}, "uid"},
	    {{.zUid = "", .nMinutes = 15}, "uid"},
	    {{.zUid = "a\r\nX-EVIL:1", .nMinutes = 15}, "uid"},
	    {{.zUid = "u", .nMinutes = 0}, "minutes"},
	    {{.zUid = "u", .nMinutes = -5}, "minutes"},
	    {{.zUid = "u", .nMinutes = 7 * 24 * 60 + 1}, "minutes"},
	    {{.zUid = "u", .nMinutes = 15, .tStart = -1}, "start"},
	    {{.zUid = "u", .nMinutes = 15, .tStart = 253402300800LL}, "start"},
	    {{.zUid = "u", .nMinutes = 15, .tStamp = -1}, "stamp"},
	    {{.zUid = "u", .nMinutes = 15, .iSequence = -1}, "sequence"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof aBad / sizeof aBad[0]; i++) {
		hw_ical_event aEv[2] = {
		    {.zUid = "ok@hawser", .tStart = utc("2027-03-15T14:00Z"), .nMinutes = 15},
		    aBad[i].ev};
		char *zOut = (char *)"untouched";
		hw_err err;
		assert_int_equal(hw_ical_feed("x", aEv, 2, &zOut, &err), HW_EINVAL);
		assert_null(zOut);
		if (strcmp(err.zField, aBad[i].zField))
			fail_msg("bad %zu: field '%s', want '%s'", i, err.zField, aBad[i].zField);
		assert_true(err.zMsg[0] != 0);
		zOut = (char *)"untouched";
		assert_int_equal(
		    hw_ical_invite(&aBad[i].ev, "R", "r@x.test", "A", "a@x.test", &zOut, &err),
		    HW_EINVAL);
		assert_null(zOut);
		assert_string_equal(err.zField, aBad[i].zField);
	}
	char *zOut = NULL;
	hw_err err;
	assert_int_equal(hw_ical_feed("x", NULL, 1, &zOut, &err), HW_EINVAL);
	assert_int_equal(hw_ical_feed("x", NULL, -1, &zOut, &err), HW_EINVAL);
	assert_int_equal(hw_ical_invite(NULL, "R", "r@x.test", "A", "a@x.test", &zOut, &err),
			 HW_EINVAL);
	assert_null(zOut);
}

static const hw_ical_event evMeeting = {.zUid = "meeting-7@hawser",
					.tStart = 1805032800LL + 86400, /* 2027-03-15 14:00Z */
					.nMinutes = 30,
					.zZone = "America/New_York",
					.zSummary = "Acme x Hawser",
					.zDescription = "Agenda: pricing, rollout",
					.zLocation = "https://meet.example.com/abc",
					.tStamp = 1805032800LL,
					.iSequence = 1};

/* METHOD, ORGANIZER and ATTENDEE with their parameters, names as given. */
static void test_invite(void **state)
{
	static const struct {
		const char *zOrgName, *zOrgAddr, *zAttName, *zAttAddr;
		int bCancelled;
	} aCase[] = {
	    {"Rita Rep", "rita@hawser.test", "Ada Lovelace", "ada@example.com", 0},
	    {"Rep, Rita; \"RR\": Sales", "rita@hawser.test", "Ren\xc3\xa9\x65 O'Brien",
	     "r.obrien+sales@example.co.uk", 0},
	    {NULL, "rita@hawser.test", "", "ada@example.com", 0},
	    {"Rita Rep", "rita@hawser.test", "Ada Lovelace", "ada@example.com", 1},
	};
	(void)state;
	assert_int_equal(utc("2027-03-15T14:00Z"), evMeeting.tStart);
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		hw_ical_event ev = evMeeting;
		char *zOut = NULL;
		hw_err err;
		ev.bCancelled = aCase[i].bCancelled;
		assert_int_equal(hw_ical_invite(&ev, aCase[i].zOrgName, aCase[i].zOrgAddr,
						aCase[i].zAttName, aCase[i].zAttAddr, &zOut, &err),
				 HW_OK);
		icalcomponent *pCal = parse(zOut);
		assert_int_equal(icalproperty_get_method(prop1(pCal, ICAL_METHOD_PROPERTY)),
				 aCase[i].bCancelled ? ICAL_METHOD_CANCEL : ICAL_METHOD_REQUEST);
		assert_int_equal(count_vtimezone(pCal, "America/New_York"), 1);
		icalcomponent *pEv = event_by_uid(pCal, "meeting-7@hawser");
		assert_int_equal(icalproperty_get_status(prop1(pEv, ICAL_STATUS_PROPERTY)),
				 aCase[i].bCancelled ? ICAL_STATUS_CANCELLED
						     : ICAL_STATUS_CONFIRMED);
		icalproperty *pStart = prop1(pEv, ICAL_DTSTART_PROPERTY);
		assert_string_equal(tzid_of(pStart), "America/New_York");
		assert_int_equal(icalproperty_get_dtstart(pStart).hour, 10);
		assert_int_equal(instant(pCal, pStart, 0), evMeeting.tStart);
		assert_string_equal(icalproperty_get_summary(prop1(pEv, ICAL_SUMMARY_PROPERTY)),
				    "Acme x Hawser");

		char zWant[128];
		icalproperty *pOrg = prop1(pEv, ICAL_ORGANIZER_PROPERTY);
		snprintf(zWant, sizeof zWant, "mailto:%s", aCase[i].zOrgAddr);
		assert_string_equal(icalproperty_get_organizer(pOrg), zWant);
		icalparameter *pCn = icalproperty_get_first_parameter(pOrg, ICAL_CN_PARAMETER);
		if (aCase[i].zOrgName && aCase[i].zOrgName[0])
			assert_string_equal(icalparameter_get_cn(pCn), aCase[i].zOrgName);
		else
			assert_null(pCn);

		icalproperty *pAtt = prop1(pEv, ICAL_ATTENDEE_PROPERTY);
		snprintf(zWant, sizeof zWant, "mailto:%s", aCase[i].zAttAddr);
		assert_string_equal(icalproperty_get_attendee(pAtt), zWant);
		pCn = icalproperty_get_first_parameter(pAtt, ICAL_CN_PARAMETER);
		if (aCase[i].zAttName && aCase[i].zAttName[0])
			assert_string_equal(icalparameter_get_cn(pCn), aCase[i].zAttName);
		else
			assert_null(pCn);
		assert_int_equal(icalparameter_get_role(
				     icalproperty_get_first_parameter(pAtt, ICAL_ROLE_PARAMETER)),
				 ICAL_ROLE_REQPARTICIPANT);
		assert_int_equal(icalparameter_get_partstat(icalproperty_get_first_parameter(
				     pAtt, ICAL_PARTSTAT_PARAMETER)),
				 ICAL_PARTSTAT_NEEDSACTION);
		assert_int_equal(icalparameter_get_rsvp(
				     icalproperty_get_first_parameter(pAtt, ICAL_RSVP_PARAMETER)),
				 ICAL_RSVP_TRUE);
		/* the raw line, as the brief of this module spells it */
		if (i == 0)
			assert_non_null(strstr(zOut,
					       "ATTENDEE;CN=Ada Lovelace;ROLE=REQ-PARTICIPANT;"
					       "PARTSTAT=NEEDS-ACTION;\r\n RSVP=TRUE:mailto:"
					       "ada@example.com\r\n"));
		icalcomponent_free(pCal);
		free(zOut);
	}
}

/* Names and addresses that would start a new line or are no address. */
static void test_invite_refused(void **state)
{
	static const struct {
		int iArg; /* 0 organizer name, 1 organizer addr, 2 attendee name, 3 addr */
		const char *z;
		const char *zField;
	} aBad[] = {
	    {0, "Rita\r\nATTENDEE:mailto:evil@example.com", "organizer_name"},
	    {0, "Rita\nX", "organizer_name"},
	    {0, "Rita\rX", "organizer_name"},
	    {0, "Rita\x01", "organizer_name"},
	    {1, "rita@hawser.test\r\nATTENDEE:mailto:evil@example.com", "organizer_addr"},
	    {1, "rita.hawser.test", "organizer_addr"},
	    {1, NULL, "organizer_addr"},
	    {1, "", "organizer_addr"},
	    {2, "Ada\nLovelace", "attendee_name"},
	    {2, "Ada\r", "attendee_name"},
	    {3, "ada@example.com\n", "attendee_addr"},
	    {3, "ada@example.com\r\nBEGIN:VALARM", "attendee_addr"},
	    {3, "ada", "attendee_addr"},
	    {3, "@example.com", "attendee_addr"},
	    {3, "ada@", "attendee_addr"},
	    {3, "ada@example.com;RSVP=FALSE", "attendee_addr"},
	    {3, "ada@example.com:x", "attendee_addr"},
	    {3, "Ada <ada@example.com>", "attendee_addr"},
	    {3, "mailto:ada@example.com", "attendee_addr"},
	    {3, "a@b@example.com", "attendee_addr"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof aBad / sizeof aBad[0]; i++) {
		const char *az[4] = {"Rita", "rita@hawser.test", "Ada", "ada@example.com"};
		char *zOut = (char *)"untouched";
		hw_err err;
		az[aBad[i].iArg] = aBad[i].z;
		assert_int_equal(
		    hw_ical_invite(&evMeeting, az[0], az[1], az[2], az[3], &zOut, &err), HW_EINVAL);
		assert_null(zOut);
		if (strcmp(err.zField, aBad[i].zField))
			fail_msg("bad %zu: field '%s', want '%s'", i, err.zField, aBad[i].zField);
		assert_true(err.zMsg[0] != 0);
	}
}

static int teardown(void **state)
{
	(void)state;
	icaltimezone_free_builtin_timezones();
	return 0;
}

int main(void)
{
	const struct CMUnitTest aTest[] = {
	    cmocka_unit_test(test_feed_times),	   cmocka_unit_test(test_invite_times),
	    cmocka_unit_test(test_text),	   cmocka_unit_test(test_feed_fields),
	    cmocka_unit_test(test_bad_event),	   cmocka_unit_test(test_invite),
	    cmocka_unit_test(test_invite_refused),
	};
	return cmocka_run_group_tests_name("ical", aTest, NULL, teardown);
}
