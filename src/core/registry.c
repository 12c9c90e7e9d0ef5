/*
 * registry.c — what a registry answer means for a call: listed, stale,
 * missing area code, or exempt by consent.
 */
#include "core/registry.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define DAY 86400

const hw_consent_type hw_consent_types[] = {
	{"written", "a signed written agreement to be called at this number", 0},
	{"ebr_purchase", "an established business relationship: a purchase, delivery or payment",
	 548},
	{"ebr_inquiry", "an established business relationship: an inquiry or application", 92},
	{NULL, NULL, 0},
};

const hw_consent_type *hw_consent_type_find(const char *z)
{
	for (int i = 0; z && hw_consent_types[i].zName; i++)
		if (!strcmp(z, hw_consent_types[i].zName))
			return &hw_consent_types[i];
	return NULL;
}

int hw_dnc_age_days(hw_time tCopy, hw_time tNow)
{
	hw_time d0 = tCopy >= 0 ? tCopy / DAY : (tCopy - DAY + 1) / DAY;
	hw_time d1 = tNow >= 0 ? tNow / DAY : (tNow - DAY + 1) / DAY;
	return (int)(d1 - d0);
}

void hw_scrub_number(const hw_registry *pReg, const char *zE164, const char *zRegion,
		     hw_time tConsent, int nMaxAgeDays, hw_time tNow, hw_scrub *pOut)
{
	memset(pOut, 0, sizeof *pOut);
	if (!pReg || !pReg->xLookup || !zE164 || !zE164[0])
		return;
	pReg->xLookup(pReg->pCtx, zE164, zRegion ? zRegion : "", &pOut->hit);
	switch (pOut->hit.eState) {
	case HW_REG_NONE:
	case HW_REG_CLEAR:
		break;
	case HW_REG_MISSING:
		pOut->eVerdict = HW_SCRUB_MISSING;
		break;
	case HW_REG_LISTED:
		pOut->eVerdict = tConsent > tNow ? HW_SCRUB_CONSENT : HW_SCRUB_LISTED;
		break;
	}
	/* a stale copy answers nothing: a number added since may be listed. Age
	 * in whole days (UTC): a copy of the 20th is good through the 20th + N. */
	if ((pOut->hit.eState == HW_REG_CLEAR || pOut->eVerdict == HW_SCRUB_LISTED) &&
	    nMaxAgeDays > 0 && hw_dnc_age_days(pOut->hit.tCopy, tNow) > nMaxAgeDays)
		pOut->eVerdict = HW_SCRUB_STALE;
}

static void day_text(hw_time t, char *z, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(z, n, "%Y-%m-%d", &tm);
}

static void list_name(const char *zList, char *z, size_t n)
{
	if (!strcmp(zList, "us"))
		snprintf(z, n, "US National Do Not Call Registry");
	else if (!strcmp(zList, "ca"))
		snprintf(z, n, "Canadian National DNCL");
	else
		snprintf(z, n, "'%s' registry", zList);
}

void hw_scrub_text(const hw_scrub *p, const char *zE164, char *zBuf, size_t nBuf)
{
	char zDay[16], zName[64];
	day_text(p->hit.tCopy, zDay, sizeof zDay);
	list_name(p->hit.zList, zName, sizeof zName);
	switch (p->eVerdict) {
	case HW_SCRUB_OK:
		snprintf(zBuf, nBuf, "%s may be called", zE164);
		break;
	case HW_SCRUB_CONSENT:
		snprintf(zBuf, nBuf, "%s is on the %s (copy of %s), exempt by a recorded consent",
			 zE164, zName, zDay);
		break;
	case HW_SCRUB_LISTED:
		snprintf(zBuf, nBuf,
			 "%s is on the %s (copy of %s); record a consent ('hawser consent add') "
			 "only if the person gave one",
			 zE164, zName, zDay);
		break;
	case HW_SCRUB_STALE:
		snprintf(zBuf, nBuf,
			 "the %s copy for area code %d is from %s, older than the limit; load a "
			 "fresh copy with 'hawser dnc load'",
			 zName, p->hit.iArea, zDay);
		break;
	case HW_SCRUB_MISSING:
		snprintf(zBuf, nBuf,
			 "area code %d of %s is not in the loaded %s copy; load its list with "
			 "'hawser dnc load'",
			 p->hit.iArea, zE164, zName);
		break;
	}
}
