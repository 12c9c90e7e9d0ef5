/*
 * ical.h — iCalendar (RFC 5545) with libical: a user's feed of callbacks and
 * meetings, which Google Calendar or Outlook subscribe to by URL, and the
 * invitation (METHOD:REQUEST, RFC 5546) a booked meeting sends the prospect.
 *
 * Times are given as UTC instants with the IANA zone they should be shown in;
 * events carry DTSTART/DTEND with that TZID and a VTIMEZONE for each zone
 * used (from libical's built-in zone data), so clients show the lead's
 * local time correctly across daylight-saving changes.
 */
#ifndef HW_IO_ICAL_H
#define HW_IO_ICAL_H

#include "core/clock.h"
#include "core/hw.h"

typedef struct hw_ical_event {
	const char *zUid;         /* stable: "task-42@hawser" */
	hw_time tStart;           /* UTC */
	int nMinutes;             /* duration (callbacks 15, meetings 30) */
	const char *zZone;        /* "America/Chicago"; NULL or unknown: UTC */
	const char *zSummary;     /* "Call back Ada Lovelace (Acme)" */
	const char *zDescription; /* may be NULL; any text (escaped as RFC 5545 says) */
	const char *zLocation;    /* may be NULL: a phone number, a link */
	hw_time tStamp;           /* DTSTAMP */
	int iSequence;            /* SEQUENCE, for updates */
	int bCancelled;           /* STATUS:CANCELLED */
} hw_ical_event;

/* A feed: VCALENDAR with PRODID, X-WR-CALNAME zName, the events. *pzOut: free(). */
hw_rc hw_ical_feed(const char *zName, const hw_ical_event *aEvent, int nEvent, char **pzOut,
		   hw_err *pErr);

/* An invitation to one meeting: METHOD:REQUEST, ORGANIZER (the rep) and one
 * ATTENDEE (the prospect, RSVP=TRUE); METHOD:CANCEL when the event is
 * cancelled (RFC 5546). Names and addresses with CR/LF or other control
 * characters, and addresses that are not a bare user@domain, are HW_EINVAL.
 * *pzOut: free(). */
hw_rc hw_ical_invite(const hw_ical_event *pEvent, const char *zOrganizerName,
		     const char *zOrganizerAddr, const char *zAttendeeName,
		     const char *zAttendeeAddr, char **pzOut, hw_err *pErr);

#endif
