/*
 * policy.h — when a lead may be called.
 *
 * The calling policy is data: a small text format (below) that a team can
 * edit, parsed into an hw_policy. It holds the legal windows per jurisdiction
 * in the called party's local time, per-lead caps over a rolling 24 hours, the
 * quiet windows (bad moments in the prospect's day), the business days, the
 * holidays and the daily time blocks that retries rotate through.
 *
 * Every question is answered for a target (the lead's possible zones and its
 * jurisdiction) at a time t given by the caller: the policy never reads the
 * clock. Local time comes from ICU's calendar (ucal_*), so daylight-saving
 * changes, Arizona and Indiana are right. A lead with several possible zones
 * may be called only when every zone allows it (the intersection); a lead with
 * no zone ("location unknown") never.
 *
 * The text format, one directive per line, '#' starts a comment:
 *
 *   window  JUR DAYS HH:MM HH:MM [cap N]   legal window; JUR is "US", "US-FL",
 *                                          "CA", "AU", ... or "*" (default);
 *                                          DAYS "mon-fri", "sat", "sun",
 *                                          "mon-sun", "mon,wed"; end exclusive;
 *                                          "cap N": at most N calls per lead
 *                                          per rolling 24 h in JUR
 *   quiet   HH:MM HH:MM [reason...]        never call then (local time)
 *   business-days DAYS                     default mon-fri
 *   holiday YYYY-MM-DD JUR [name...]       not a business day in JUR (and its
 *                                          sub-jurisdictions: "US" covers "US-FL")
 *   block   NAME HH:MM HH:MM               a time block for retry rotation
 *
 * A jurisdiction without windows of its own uses its country's ("US-TX" →
 * "US"), then "*". Errors are reported as FILE:LINE: what is wrong.
 */
#ifndef HW_CORE_POLICY_H
#define HW_CORE_POLICY_H

#include "core/clock.h"
#include "core/hw.h"

#define HW_POLICY_MAX_WINDOWS 64
#define HW_POLICY_MAX_QUIET 16
#define HW_POLICY_MAX_HOLIDAYS 256
#define HW_POLICY_MAX_BLOCKS 8
#define HW_JUR_MAX 8 /* "US-FL" + NUL, padded */

typedef struct hw_window {
	char zJur[HW_JUR_MAX]; /* "US", "US-FL", "*" */
	unsigned mDays;        /* bit 0 = Monday ... bit 6 = Sunday */
	int iStart, iEnd;      /* minutes after local midnight, [iStart, iEnd) */
	int nCap;              /* calls per lead per rolling 24 h, 0 = none */
} hw_window;

typedef struct hw_quiet {
	int iStart, iEnd;
	char zReason[64];
} hw_quiet;

typedef struct hw_holiday {
	int iYear, iMonth, iDay;
	char zJur[HW_JUR_MAX];
	char zName[48];
} hw_holiday;

typedef struct hw_block {
	char zName[16];
	int iStart, iEnd;
} hw_block;

typedef struct hw_policy {
	int nWindow;
	hw_window aWindow[HW_POLICY_MAX_WINDOWS];
	int nQuiet;
	hw_quiet aQuiet[HW_POLICY_MAX_QUIET];
	unsigned mBusinessDays;
	int nHoliday;
	hw_holiday aHoliday[HW_POLICY_MAX_HOLIDAYS];
	int nBlock;
	hw_block aBlock[HW_POLICY_MAX_BLOCKS];
} hw_policy;

/* The shipped default policy, in the text format (DESIGN.md and issue 3). */
extern const char hw_policy_default_text[];

/* Parse zText (named zFile in errors) into *p. On error *p is unusable and
 * pErr says FILE:LINE and what is wrong. */
hw_rc hw_policy_parse(const char *zText, const char *zFile, hw_policy *p, hw_err *pErr);

/* What the policy is asked about: one lead. */
typedef struct hw_target {
	const char *zZones;          /* "America/New_York|America/Chicago"; NULL or "" = unknown */
	const char *zJur;            /* "US-FL", "US", "CA-ON", "" = unknown (uses "*") */
	const hw_time *aRecentCalls; /* times of calls to this lead (any order), may be NULL */
	int nRecentCalls;
} hw_target;

typedef enum hw_deny {
	HW_DENY_NONE = 0,
	HW_DENY_UNKNOWN_LOCATION, /* no zone: never callable */
	HW_DENY_LEGAL_WINDOW,     /* outside the legal window in some zone */
	HW_DENY_QUIET,            /* inside a quiet window in some zone */
	HW_DENY_CAP,              /* the jurisdiction's 24 h cap is reached */
	HW_DENY_NO_WINDOW         /* the policy never allows this target */
} hw_deny;

extern const char *const hw_deny_names[]; /* "ok", "unknown_location", ... */

typedef struct hw_verdict {
	hw_deny eDeny;
	hw_time tNext;  /* earliest time >= t at which every rule passes; 0 when
			   none within 31 days or the location is unknown */
	char zWhy[256]; /* one sentence a rep can read, naming the zone, the
			   local time and the rule: "it is 07:40 on Tuesday in
			   America/Chicago; US calls are allowed 08:00-21:00" */
} hw_verdict;

/* May the target be called at t? Fills *pV; HW_OK unless a zone is unknown
 * to ICU (HW_EINVAL) or the like. */
hw_rc hw_policy_check(const hw_policy *p, const hw_target *pT, hw_time t, hw_verdict *pV);

/* Earliest time >= t inside block iBlock of the target's first zone's local
 * day at which hw_policy_check passes, searching up to 31 days ahead; with
 * bBusinessDay only on business days (not weekends per business-days, not
 * holidays of the jurisdiction). HW_ENOTFOUND when there is none. */
hw_rc hw_policy_next_in_block(const hw_policy *p, const hw_target *pT, hw_time t, int iBlock,
			      int bBusinessDay, hw_time *ptOut);

/* Local midnight (as UTC seconds) of the nDays-th business day after t's
 * local date in the target's first zone (nDays = 0: t's own date, business
 * day or not). HW_ENOTFOUND for an unknown location. */
hw_rc hw_policy_business_days_after(const hw_policy *p, const hw_target *pT, hw_time t,
				    int nDays, hw_time *ptOut);

/* The block that contains t in the target's first zone, or -1. */
int hw_policy_block_at(const hw_policy *p, const hw_target *pT, hw_time t);

/* Broken-down local time in an IANA zone, through ICU. */
typedef struct hw_local {
	int iYear, iMonth, iDay; /* month 1-12 */
	int iWday;               /* 0 = Monday ... 6 = Sunday */
	int iMinute;             /* minutes after midnight */
	int iOffset;             /* seconds east of UTC, DST included */
} hw_local;

hw_rc hw_local_time(const char *zZone, hw_time t, hw_local *pOut);

/* The UTC time of a local date and minute in zZone. A local time that does
 * not exist (spring forward) maps to the first instant after the gap; one that
 * exists twice (fall back) to the first. iMinute may be 1440 (24:00, the next
 * day's midnight). HW_EINVAL for an unknown zone or an impossible date
 * (years 1600-9999). */
hw_rc hw_local_to_utc(const char *zZone, int iYear, int iMonth, int iDay, int iMinute,
		      hw_time *ptOut);

/* Local time keeps the last few ICU calendars it opened per thread. A thread
 * that exits frees its own; this frees the calling thread's now (the main
 * thread, before exit, for leak checkers). Later calls simply reopen them. */
void hw_policy_thread_cleanup(void);

#endif
