/*
 * registry.h — national do-not-call registries as the core sees them: for
 * a number, whether a loaded registry copy lists it, and how old that copy
 * is. The copies themselves (index files) are io/'s business
 * (io/dnc_set.c); the core decides what the answer means for a call.
 *
 * A number on a registry may still be called with a consent that exempts
 * it (a written agreement; an established business relationship: 18 months
 * after a purchase, 3 months after an inquiry). Nothing exempts a number on
 * the internal list (a do-not-call request): that is the suppressions table.
 */
#ifndef HW_CORE_REGISTRY_H
#define HW_CORE_REGISTRY_H

#include "core/clock.h"
#include "core/hw.h"

typedef enum hw_reg_state {
	HW_REG_NONE = 0,  /* no loaded registry covers the number */
	HW_REG_CLEAR,     /* covered and not listed */
	HW_REG_LISTED,    /* on the registry */
	HW_REG_MISSING    /* the registry is loaded, but not this area code */
} hw_reg_state;

typedef struct hw_reg_hit {
	hw_reg_state eState;
	char zList[8];  /* "us", "ca" */
	int iArea;      /* the area code, for the messages */
	hw_time tCopy;  /* the date of the copy that answered */
} hw_reg_hit;

typedef struct hw_registry {
	/* Look zE164 up (zRegion: the number's ISO region, "" if unknown). */
	void (*xLookup)(void *pCtx, const char *zE164, const char *zRegion, hw_reg_hit *pOut);
	void *pCtx;
} hw_registry;

#define HW_DNC_MAX_AGE_DAYS 31 /* the Telemarketing Sales Rule's 31 days */

/* How old a copy is on day tNow, in whole UTC days. */
int hw_dnc_age_days(hw_time tCopy, hw_time tNow);

/* What a registry answer means for a call now. */
typedef enum hw_scrub_verdict {
	HW_SCRUB_OK = 0,   /* not covered, or covered and clear */
	HW_SCRUB_CONSENT,  /* listed, but a consent exempts it */
	HW_SCRUB_LISTED,   /* listed: may not be called */
	HW_SCRUB_STALE,    /* the copy is older than the limit: may not be called */
	HW_SCRUB_MISSING   /* the area code is not in the loaded copy */
} hw_scrub_verdict;

typedef struct hw_scrub {
	hw_scrub_verdict eVerdict;
	hw_reg_hit hit;
} hw_scrub;

/* Scrub one number: pReg may be NULL (no registry: HW_SCRUB_OK). tConsent is
 * the time until which a consent exempts the number (0: none). */
void hw_scrub_number(const hw_registry *pReg, const char *zE164, const char *zRegion,
		     hw_time tConsent, int nMaxAgeDays, hw_time tNow, hw_scrub *pOut);

/* Words for a verdict that blocks a call: "+12125550100 is on the US
 * national do-not-call registry (copy of 2026-11-20)". */
void hw_scrub_text(const hw_scrub *p, const char *zE164, char *zBuf, size_t nBuf);

/* Consent types and how long each exempts a registered number, in days
 * (0: until revoked). */
typedef struct hw_consent_type {
	const char *zName;
	const char *zWhat;
	int nDays;
} hw_consent_type;

extern const hw_consent_type hw_consent_types[];

/* The type named z, or NULL. */
const hw_consent_type *hw_consent_type_find(const char *z);

#endif
