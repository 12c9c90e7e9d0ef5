/*
 * ical.c — the calendar feed and the meeting invitation, built as libical
 * components and serialized by libical, which folds lines and escapes text.
 *
 * A time is written as a wall-clock time with the TZID of the event's zone,
 * and the calendar carries that zone's VTIMEZONE (libical's built-in data,
 * read from the system tzdata), so a client shows the lead's local time on
 * either side of a daylight-saving change. The TZID is the IANA name the
 * caller gave ("America/Chicago"), not libical's "/freeassociation…/" form,
 * so clients that know IANA names (Google) need not read the VTIMEZONE.
 *
 * Invariants:
 *   1. Every DTSTART/DTEND means exactly the instant given. A wall-clock
 *      time that occurs twice (the hour repeated when clocks go back) is
 *      read as its first occurrence by RFC 5545 (3.3.5) but as its second
 *      by libical itself, so an event that starts or ends in that hour is
 *      written in UTC, as is an event in an unknown zone.
 *   2. A VTIMEZONE is in the calendar once for each TZID an event uses, and
 *      before the events.
 *   3. Text goes to libical without CR or control characters other than
 *      TAB and LF (CRLF and CR become LF), since libical passes them raw
 *      and they would break or smuggle content lines.
 *
 * libical caches the built-in zones for the process (thread-safe in libical
 * 3, freed only by icaltimezone_free_builtin_timezones()); components built
 * here are cloned from them and freed before returning.
 */
#include "io/ical.h"

#include <stdlib.h> /* malloc, free */
#include <string.h> /* strlen, strchr, strcmp */

#include <libical/ical.h> /* icalcomponent_*, icalproperty_*, icaltimezone_* */

#define PRODID "-//hawser//hawser 0.1//EN"
#define MAX_MINUTES (7 * 24 * 60) /* an event longer than a week is a bug */
#define MAX_TIME 253402300799LL	  /* 9999-12-31T23:59:59Z, the last DATE-TIME */
#define MAX_ZONE 64		  /* longest IANA name is ~32 */
#define MAX_ADDR 254		  /* RFC 5321 path limit */
#define DAY 86400

/* An IANA name, which libical turns into a path under the zoneinfo directory:
 * letters, digits, "_+-" and single slashes, so never "..". */
static int zone_name_ok(const char *z)
{
	size_t n = strlen(z);
	if (n == 0 || n >= MAX_ZONE || z[0] == '/' || strstr(z, "//"))
		return 0;
	for (const char *p = z; *p; p++) {
		int c = (unsigned char)*p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '+' || c == '-' || c == '/'))
			return 0;
	}
	return 1;
}

/* The built-in zone called zName, or NULL for UTC (no name, an unknown one). */
static icaltimezone *zone_get(const char *zName)
{
	if (!zName || !zone_name_ok(zName))
		return NULL;
	icaltimezone *pZone = icaltimezone_get_builtin_timezone(zName);
	if (pZone == icaltimezone_get_utc_timezone())
		return NULL;
	return pZone;
}

static struct icaltimetype utc_time(hw_time t)
{
	return icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
}

/* Seconds east of UTC in pZone at instant t. */
static int zone_offset(icaltimezone *pZone, hw_time t)
{
	struct icaltimetype tt = utc_time(t);
	int bDaylight = 0;
	return icaltimezone_get_utc_offset_of_utc_time(pZone, &tt, &bDaylight);
}

/* Whether t's wall-clock time in pZone happens only once (invariant 1). The
 * offsets a day either side are the only others that can be in play, since
 * zones do not change offset twice within two days. */
static int wall_clock_unique(icaltimezone *pZone, hw_time t)
{
	hw_time tWall = t + zone_offset(pZone, t);
	const int aOff[2] = {zone_offset(pZone, t - DAY), zone_offset(pZone, t + DAY)};
	for (int i = 0; i < 2; i++) {
		hw_time tOther = tWall - aOff[i];
		if (tOther != t && zone_offset(pZone, tOther) == aOff[i])
			return 0;
	}
	return 1;
}

/* The zone p's times are written in, or NULL for UTC. */
static icaltimezone *event_zone(const hw_ical_event *p)
{
	icaltimezone *pZone = zone_get(p->zZone);
	if (pZone && (!wall_clock_unique(pZone, p->tStart) ||
		      !wall_clock_unique(pZone, p->tStart + (hw_time)p->nMinutes * 60)))
		return NULL;
	return pZone;
}

/* DTSTART or DTEND (xNew) at t: wall clock with TZID=zZone, or UTC. */
static icalproperty *time_prop(icalproperty *(*xNew)(struct icaltimetype), hw_time t,
			       icaltimezone *pZone, const char *zZone)
{
	if (!pZone)
		return xNew(utc_time(t));
	struct icaltimetype tt = icaltime_from_timet_with_zone((time_t)t, 0, pZone);
	tt.zone = NULL; /* libical 3.0 marks it UTC; the TZID parameter says the zone */
	icalproperty *pProp = xNew(tt);
	icalproperty_add_parameter(pProp, icalparameter_new_tzid(zZone));
	return pProp;
}

/* Adds pZone's VTIMEZONE as TZID zZone unless pCal has it (invariant 2). */
static hw_rc add_vtimezone(icalcomponent *pCal, icaltimezone *pZone, const char *zZone)
{
	for (icalcomponent *c = icalcomponent_get_first_component(pCal, ICAL_VTIMEZONE_COMPONENT);
	     c; c = icalcomponent_get_next_component(pCal, ICAL_VTIMEZONE_COMPONENT)) {
		icalproperty *pTzid = icalcomponent_get_first_property(c, ICAL_TZID_PROPERTY);
		if (pTzid && strcmp(icalproperty_get_tzid(pTzid), zZone) == 0)
			return HW_OK;
	}
	icalcomponent *pBuiltin = icaltimezone_get_component(pZone);
	icalcomponent *pVtz = pBuiltin ? icalcomponent_new_clone(pBuiltin) : NULL;
	if (!pVtz)
		return HW_ENOMEM;
	icalproperty *pTzid = icalcomponent_get_first_property(pVtz, ICAL_TZID_PROPERTY);
	if (pTzid)
		icalproperty_set_tzid(pTzid, zZone);
	else
		icalcomponent_add_property(pVtz, icalproperty_new_tzid(zZone));
	icalcomponent_add_component(pCal, pVtz);
	return HW_OK;
}

/* A copy of z fit for a TEXT value (invariant 3), or NULL when out of memory. */
static char *clean_text(const char *z)
{
	char *zOut = malloc(strlen(z) + 1);
	char *q = zOut;
	if (!zOut)
		return NULL;
	for (const char *p = z; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '\r') {
			*q++ = '\n';
			if (p[1] == '\n')
				p++;
		} else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
			*q++ = ' ';
		} else {
			*q++ = (char)c;
		}
	}
	*q = 0;
	return zOut;
}

/* Adds xNew(clean z) to pComp; z NULL or "" adds nothing (libical's parser
 * drops an empty value). */
static hw_rc add_text(icalcomponent *pComp, icalproperty *(*xNew)(const char *), const char *z)
{
	if (!z || !z[0])
		return HW_OK;
	char *zClean = clean_text(z);
	if (!zClean)
		return HW_ENOMEM;
	icalcomponent_add_property(pComp, xNew(zClean));
	free(zClean);
	return HW_OK;
}

static int has_control(const char *z)
{
	for (; *z; z++)
		if ((unsigned char)*z < 0x20 || *z == 0x7f)
			return 1;
	return 0;
}

/* The checks an event must pass; iEvent is its index for the message. */
static hw_rc event_check(const hw_ical_event *p, int iEvent, hw_err *pErr)
{
	if (!p->zUid || !p->zUid[0] || has_control(p->zUid)) {
		hw_err_at(pErr, NULL, 0, 0, "uid",
			  "event %d has no UID or one with a line break or control character; "
			  "give each event a stable one-line id such as \"task-42@hawser\"",
			  iEvent + 1);
		return HW_EINVAL;
	}
	if (p->nMinutes < 1 || p->nMinutes > MAX_MINUTES) {
		hw_err_at(pErr, NULL, 0, 0, "minutes",
			  "event '%s' lasts %d minutes; give a duration from 1 to %d minutes",
			  p->zUid, p->nMinutes, MAX_MINUTES);
		return HW_EINVAL;
	}
	if (p->tStart < 0 || p->tStart > MAX_TIME - MAX_MINUTES * 60) {
		hw_err_at(pErr, NULL, 0, 0, "start",
			  "event '%s' starts at %lld, outside 1970 to 9999; pass seconds since "
			  "the Unix epoch, UTC",
			  p->zUid, p->tStart);
		return HW_EINVAL;
	}
	if (p->tStamp < 0 || p->tStamp > MAX_TIME) {
		hw_err_at(pErr, NULL, 0, 0, "stamp",
			  "event '%s' has DTSTAMP %lld, outside 1970 to 9999; pass seconds since "
			  "the Unix epoch, UTC",
			  p->zUid, p->tStamp);
		return HW_EINVAL;
	}
	if (p->iSequence < 0) {
		hw_err_at(pErr, NULL, 0, 0, "sequence",
			  "event '%s' has sequence %d; start at 0 and add 1 on each update",
			  p->zUid, p->iSequence);
		return HW_EINVAL;
	}
	return HW_OK;
}

/* Adds p's VTIMEZONE (if any) and then its VEVENT to pCal; *ppEvent (OUT,
 * may be NULL) is the VEVENT, owned by pCal. Call for all events' zones
 * first (bZoneOnly) so the VTIMEZONEs come before the events. */
static hw_rc add_event(icalcomponent *pCal, const hw_ical_event *p, int bZoneOnly,
		       icalcomponent **ppEvent)
{
	icaltimezone *pZone = event_zone(p);
	hw_rc rc = HW_OK;
	if (bZoneOnly)
		return pZone ? add_vtimezone(pCal, pZone, p->zZone) : HW_OK;

	icalcomponent *pEv = icalcomponent_new_vevent();
	if (!pEv)
		return HW_ENOMEM;
	icalcomponent_add_component(pCal, pEv);
	icalcomponent_add_property(pEv, icalproperty_new_uid(p->zUid));
	icalcomponent_add_property(pEv, icalproperty_new_dtstamp(utc_time(p->tStamp)));
	icalcomponent_add_property(pEv,
				   time_prop(icalproperty_new_dtstart, p->tStart, pZone, p->zZone));
	icalcomponent_add_property(pEv, time_prop(icalproperty_new_dtend,
						  p->tStart + (hw_time)p->nMinutes * 60, pZone,
						  p->zZone));
	if ((rc = add_text(pEv, icalproperty_new_summary, p->zSummary)) != HW_OK ||
	    (rc = add_text(pEv, icalproperty_new_description, p->zDescription)) != HW_OK ||
	    (rc = add_text(pEv, icalproperty_new_location, p->zLocation)) != HW_OK)
		return rc;
	icalcomponent_add_property(pEv, icalproperty_new_sequence(p->iSequence));
	icalcomponent_add_property(
	    pEv,
	    icalproperty_new_status(p->bCancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
	if (ppEvent)
		*ppEvent = pEv;
	return HW_OK;
}

static hw_rc nomem(hw_err *pErr)
{
	hw_err_at(pErr, NULL, 0, 0, NULL,
		  "out of memory while building the calendar; try again with fewer events");
	return HW_ENOMEM;
}

static icalcomponent *calendar_new(icalproperty_method eMethod)
{
	icalcomponent *pCal = icalcomponent_new_vcalendar();
	if (!pCal)
		return NULL;
	icalcomponent_add_property(pCal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(pCal, icalproperty_new_prodid(PRODID));
	icalcomponent_add_property(pCal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(pCal, icalproperty_new_method(eMethod));
	return pCal;
}

/* Serializes and frees pCal into *pzOut. */
static hw_rc calendar_finish(icalcomponent *pCal, hw_rc rc, char **pzOut, hw_err *pErr)
{
	if (rc == HW_OK) {
		/* the _r variant is malloc'd for us; the plain one is libical's ring buffer */
		*pzOut = icalcomponent_as_ical_string_r(pCal);
		if (!*pzOut)
			rc = HW_ENOMEM;
	}
	icalcomponent_free(pCal);
	return rc == HW_ENOMEM ? nomem(pErr) : rc;
}

hw_rc hw_ical_feed(const char *zName, const hw_ical_event *aEvent, int nEvent, char **pzOut,
		   hw_err *pErr)
{
	hw_rc rc = HW_OK;
	*pzOut = NULL;
	if (nEvent < 0 || (nEvent > 0 && !aEvent)) {
		hw_err_at(pErr, NULL, 0, 0, NULL, "no events given (%d); pass an array of nEvent",
			  nEvent);
		return HW_EINVAL;
	}
	for (int i = 0; i < nEvent; i++)
		if ((rc = event_check(&aEvent[i], i, pErr)) != HW_OK)
			return rc;

	icalcomponent *pCal = calendar_new(ICAL_METHOD_PUBLISH);
	if (!pCal)
		return nomem(pErr);
	if (zName && zName[0]) {
		char *zClean = clean_text(zName);
		if (!zClean)
			return calendar_finish(pCal, HW_ENOMEM, pzOut, pErr);
		icalproperty *pName = icalproperty_new_x(zClean);
		icalproperty_set_x_name(pName, "X-WR-CALNAME");
		icalcomponent_add_property(pCal, pName);
		free(zClean);
	}
	for (int i = 0; rc == HW_OK && i < nEvent; i++)
		rc = add_event(pCal, &aEvent[i], 1, NULL);
	for (int i = 0; rc == HW_OK && i < nEvent; i++)
		rc = add_event(pCal, &aEvent[i], 0, NULL);
	return calendar_finish(pCal, rc, pzOut, pErr);
}

/* An e-mail address fit for a mailto: URI in a content line. */
static int addr_ok(const char *z)
{
	const char *zAt = strchr(z, '@');
	size_t n = strlen(z);
	if (!zAt || zAt == z || !zAt[1] || strchr(zAt + 1, '@') || n > MAX_ADDR)
		return 0;
	for (; *z; z++)
		if ((unsigned char)*z <= 0x20 || *z == 0x7f || strchr("\"(),:;<>[\\]", *z))
			return 0;
	return 1;
}

/* ORGANIZER or ATTENDEE (xNew) mailto:zAddr with CN=zName when given. */
static icalproperty *person_prop(icalproperty *(*xNew)(const char *), const char *zName,
				 const char *zAddr)
{
	size_t n = strlen(zAddr) + sizeof "mailto:";
	char *zUri = malloc(n);
	if (!zUri)
		return NULL;
	memcpy(zUri, "mailto:", sizeof "mailto:" - 1);
	memcpy(zUri + sizeof "mailto:" - 1, zAddr, strlen(zAddr) + 1);
	icalproperty *pProp = xNew(zUri);
	free(zUri);
	/* libical quotes the value and caret-encodes '"' (RFC 6868) */
	if (pProp && zName && zName[0])
		icalproperty_add_parameter(pProp, icalparameter_new_cn(zName));
	return pProp;
}

hw_rc hw_ical_invite(const hw_ical_event *pEvent, const char *zOrganizerName,
		     const char *zOrganizerAddr, const char *zAttendeeName,
		     const char *zAttendeeAddr, char **pzOut, hw_err *pErr)
{
	static const struct {
		const char *zField;
		const char *zWho;
		int bAddr;
	} aArg[] = {
	    {"organizer_name", "the organizer's name", 0},
	    {"organizer_addr", "the organizer's address", 1},
	    {"attendee_name", "the attendee's name", 0},
	    {"attendee_addr", "the attendee's address", 1},
	};
	const char *azArg[] = {zOrganizerName, zOrganizerAddr, zAttendeeName, zAttendeeAddr};
	hw_rc rc;

	*pzOut = NULL;
	if (!pEvent) {
		hw_err_at(pErr, NULL, 0, 0, NULL, "no meeting given; pass the event to invite to");
		return HW_EINVAL;
	}
	for (size_t i = 0; i < sizeof aArg / sizeof aArg[0]; i++) {
		const char *z = azArg[i];
		if (z && has_control(z)) {
			hw_err_at(pErr, NULL, 0, 0, aArg[i].zField,
				  "%s contains a line break or control character; remove it, "
				  "it would start a new line in the invitation",
				  aArg[i].zWho);
			return HW_EINVAL;
		}
		if (aArg[i].bAddr && (!z || !addr_ok(z))) {
			hw_err_at(pErr, NULL, 0, 0, aArg[i].zField,
				  "%s '%s' is not an e-mail address; give one like "
				  "ada@example.com, without a name, brackets or \"mailto:\"",
				  aArg[i].zWho, z ? z : "");
			return HW_EINVAL;
		}
	}
	if ((rc = event_check(pEvent, 0, pErr)) != HW_OK)
		return rc;

	icalcomponent *pCal =
	    calendar_new(pEvent->bCancelled ? ICAL_METHOD_CANCEL : ICAL_METHOD_REQUEST);
	icalcomponent *pEv = NULL;
	if (!pCal)
		return nomem(pErr);
	if ((rc = add_event(pCal, pEvent, 1, NULL)) != HW_OK ||
	    (rc = add_event(pCal, pEvent, 0, &pEv)) != HW_OK)
		return calendar_finish(pCal, rc, pzOut, pErr);

	icalproperty *pOrg =
	    person_prop(icalproperty_new_organizer, zOrganizerName, zOrganizerAddr);
	icalproperty *pAtt = person_prop(icalproperty_new_attendee, zAttendeeName, zAttendeeAddr);
	if (!pOrg || !pAtt) {
		if (pOrg)
			icalproperty_free(pOrg);
		if (pAtt)
			icalproperty_free(pAtt);
		return calendar_finish(pCal, HW_ENOMEM, pzOut, pErr);
	}
	icalcomponent_add_property(pEv, pOrg);
	icalproperty_add_parameter(pAtt, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
	icalproperty_add_parameter(pAtt, icalparameter_new_partstat(ICAL_PARTSTAT_NEEDSACTION));
	icalproperty_add_parameter(pAtt, icalparameter_new_rsvp(ICAL_RSVP_TRUE));
	icalcomponent_add_property(pEv, pAtt);
	return calendar_finish(pCal, HW_OK, pzOut, pErr);
}
