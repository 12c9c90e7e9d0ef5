/*
 * tz.h — which IANA time zones a lead may be in.
 *
 * Three sources, strongest first: an explicit zone the list gives; the address
 * (state or province within a country, else the country); the phone number's
 * prefix, looked up in a table generated at build time from Debian's
 * python3-phonenumbers time-zone data (build/gen/tzmap.c, never hand-kept).
 * A lead may end with several possible zones (the calling policy will use the
 * intersection of their legal windows) or none ("location unknown").
 */
#ifndef HW_IO_TZ_H
#define HW_IO_TZ_H

#include "core/hw.h"

#define HW_TZ_MAX 8 /* zones kept per lead; more than this is "too vague" */

typedef enum hw_tz_source {
	HW_TZ_NONE = 0, /* location unknown */
	HW_TZ_EXPLICIT, /* a time-zone column */
	HW_TZ_ADDRESS,  /* state/province/country */
	HW_TZ_PHONE     /* phone prefix */
} hw_tz_source;

typedef struct hw_tz_set {
	int nZone;
	const char *azZone[HW_TZ_MAX]; /* static strings (IANA ids), sorted */
	hw_tz_source eSource;
} hw_tz_set;

/*
 * Is zName a time zone ICU knows (an IANA id like "America/Chicago", or a
 * common alias: "EST", "Eastern", "US/Eastern", "CET", "UTC-5" …)? On success
 * *pzCanon is the canonical IANA id (a static string). HW_EINVAL otherwise.
 */
hw_rc hw_tz_canonical(const char *zName, const char **pzCanon);

/*
 * Zones of an address. zRegion is alpha-2 (from hw_phone_region_for_country);
 * zState may be a name or postal abbreviation ("TX", "Texas", "ON", "NSW",
 * "Queensland") or NULL. A state in a multi-zone country narrows the set; a
 * state spanning zones (e.g. "TN", "FL") yields each of them. HW_ENOTFOUND when
 * nothing is known.
 */
hw_rc hw_tz_from_address(const char *zRegion, const char *zState, hw_tz_set *pOut);

/*
 * The jurisdiction the calling policy knows a lead by: "US-FL" for a state or
 * province the address names (zState a name or abbreviation, any case), the
 * bare region "US" when the state is missing or unknown, "" and HW_ENOTFOUND
 * when zRegion is not an alpha-2 code. zOut has room for HW_JUR_MAX (8).
 */
hw_rc hw_tz_jurisdiction(const char *zRegion, const char *zState, char zOut[8]);

/* Zones of an E.164 number by longest prefix ("+12125550100" -> New_York). */
hw_rc hw_tz_from_e164(const char *zE164, hw_tz_set *pOut);

/* The zones both sets allow (used when a lead has several phones). */
void hw_tz_intersect(hw_tz_set *pA, const hw_tz_set *pB);

/* "America/Chicago" or "America/Chicago|America/Denver" into zBuf. */
void hw_tz_join(const hw_tz_set *pSet, char *zBuf, size_t nBuf);

#endif
