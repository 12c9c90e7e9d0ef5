/*
 * policy.c — when a lead may be called: the rules of an hw_policy applied to
 * one target at one instant (hw_policy_check), and the searches built on them
 * (the next slot in a time block, the n-th business day, the block at t).
 *
 * The searches jump from boundary to boundary instead of stepping minutes.
 * While some rule fails at t, each failing rule says when it stops failing:
 * the next window start in that zone, the end of that quiet window, the moment
 * enough counted calls have left the last 24 hours. Each of those rules fails
 * for every instant before its own moment, so nothing earlier than the latest
 * of them can pass, and t jumps there and is checked again. A typical search
 * takes two or three jumps. Legal windows, quiet windows and caps decide what
 * is allowed; business days and holidays only steer the scheduling searches.
 */
#include "core/policy_int.h"

#include <stdarg.h>  /* va_list */
#include <stdio.h>   /* vsnprintf */
#include <string.h>  /* strchr, strlen, memcpy */
#include <strings.h> /* strcasecmp, strncasecmp */

#define MAX_ZONES 8 /* as io/tz.h's HW_TZ_MAX: more than that is "too vague" */
#define ZONE_ID 64  /* longest IANA id is about 32 characters */
#define SEARCH_DAYS 31
#define MAX_JUMPS 1024 /* far more than 31 days of boundaries; a guard, not a limit */

const char *const hw_deny_names[] = {
    [HW_DENY_NONE] = "ok",
    [HW_DENY_UNKNOWN_LOCATION] = "unknown_location",
    [HW_DENY_LEGAL_WINDOW] = "legal_window",
    [HW_DENY_QUIET] = "quiet",
    [HW_DENY_CAP] = "cap",
    [HW_DENY_NO_WINDOW] = "no_window",
};

static const char *const azWeekday[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
					 "Friday", "Saturday", "Sunday"};

/* One target, resolved against the policy once per call. */
typedef struct Target {
	const hw_policy *p;
	const hw_target *pT;
	int nZone;
	char azZone[MAX_ZONES][ZONE_ID];
	const char *zJur;  /* the target's, "" when unknown */
	const char *zRule; /* whose windows apply: "US-FL", "US" or "*" (in p) */
	int nWin;
	const hw_window *apWin[HW_POLICY_MAX_WINDOWS];
	int nCap; /* of the zRule jurisdiction, 0 = none */
} Target;

/* What is true at one instant: the first failing rule, or why it is fine. */
typedef struct Finding {
	hw_deny eDeny;
	int iZone;			  /* the zone the failing rule is about */
	hw_local aLocal[MAX_ZONES];	  /* local time in each zone */
	const hw_quiet *pQuiet;		  /* HW_DENY_QUIET: which */
	const hw_window *apIn[MAX_ZONES]; /* HW_DENY_NONE: the window holding each zone */
	int nCalls;			  /* calls in the last 24 h */
} Finding;

/* The part of a jurisdiction before '-': "US-FL" -> 2, "US" -> 2, "*" -> 1. */
static size_t countryLen(const char *zJur)
{
	const char *zDash = strchr(zJur, '-');
	return zDash ? (size_t)(zDash - zJur) : strlen(zJur);
}

/* Windows of the exact jurisdiction, else of its country, else of "*". */
static void pickWindows(Target *c)
{
	const hw_policy *p = c->p;
	size_t nCountry = countryLen(c->zJur);
	for (int iTry = 0; iTry < 3 && !c->nWin; iTry++) {
		if (iTry < 2 && !c->zJur[0])
			continue;
		if (iTry == 1 && !c->zJur[nCountry])
			continue; /* no '-': the country is the jurisdiction, tried already */
		for (int i = 0; i < p->nWindow; i++) {
			const char *zW = p->aWindow[i].zJur;
			int bMatch = iTry == 0	 ? !strcasecmp(zW, c->zJur)
				     : iTry == 1 ? strlen(zW) == nCountry &&
						       !strncasecmp(zW, c->zJur, nCountry)
						 : !strcmp(zW, "*");
			if (!bMatch)
				continue;
			c->apWin[c->nWin++] = &p->aWindow[i];
			c->zRule = zW;
			if (p->aWindow[i].nCap > c->nCap)
				c->nCap = p->aWindow[i].nCap;
		}
	}
}

/* HW_ENOTFOUND when the target has no zone, HW_EINVAL when a zone is absurd. */
static hw_rc targetInit(Target *c, const hw_policy *p, const hw_target *pT)
{
	const char *z;
	memset(c, 0, sizeof *c);
	if (!p || !pT)
		return HW_EINVAL;
	c->p = p;
	c->pT = pT;
	c->zJur = pT->zJur ? pT->zJur : "";
	for (z = pT->zZones ? pT->zZones : ""; *z;) {
		size_t n = strcspn(z, "|");
		if (n > 0) {
			if (n >= ZONE_ID || c->nZone == MAX_ZONES)
				return HW_EINVAL;
			memcpy(c->azZone[c->nZone], z, n);
			c->azZone[c->nZone++][n] = 0;
		}
		z += n + (z[n] == '|');
	}
	if (!c->nZone)
		return HW_ENOTFOUND;
	pickWindows(c);
	return HW_OK;
}

static long long localDays(const hw_local *l)
{
	return hw_days_from_civil(l->iYear, l->iMonth, l->iDay);
}

/* The UTC instant of minute iMinute (0-1440) of day nDays in zone zZone. */
static hw_rc dayMinuteToUtc(const char *zZone, long long nDays, int iMinute, hw_time *pt)
{
	int y, m, d;
	hw_civil_from_days(nDays, &y, &m, &d);
	return hw_local_to_utc(zZone, y, m, d, iMinute, pt);
}

static const hw_window *windowAt(const Target *c, const hw_local *l)
{
	for (int i = 0; i < c->nWin; i++) {
		const hw_window *w = c->apWin[i];
		if ((w->mDays >> l->iWday & 1) && l->iMinute >= w->iStart && l->iMinute < w->iEnd)
			return w;
	}
	return NULL;
}

/* The first window start after local time l (l is outside every window). */
static hw_rc nextWindowStart(const Target *c, const char *zZone, const hw_local *l, hw_time *pt)
{
	long long nDays = localDays(l);
	for (int k = 0; k <= 7; k++) {
		int iWday = (l->iWday + k) % 7, iBest = HW_MINUTES_PER_DAY;
		for (int i = 0; i < c->nWin; i++) {
			const hw_window *w = c->apWin[i];
			if ((w->mDays >> iWday & 1) && (k > 0 || w->iStart > l->iMinute) &&
			    w->iStart < iBest)
				iBest = w->iStart;
		}
		if (iBest < HW_MINUTES_PER_DAY)
			return dayMinuteToUtc(zZone, nDays + k, iBest, pt);
	}
	return HW_ENOTFOUND; /* windows on no day at all */
}

/* Calls counted at t: those in (t - 24 h, t]. */
static int callsAt(const hw_target *pT, hw_time t)
{
	int n = 0;
	for (int i = 0; i < pT->nRecentCalls; i++)
		if (pT->aRecentCalls[i] > t - HW_SECONDS_PER_DAY && pT->aRecentCalls[i] <= t)
			n++;
	return n;
}

/*
 * When the count drops below nCap: when the (nCount - nCap + 1)-th oldest
 * counted call leaves the 24 hours. Quadratic in the counted calls, which are
 * about nCap, and allocates nothing.
 */
static hw_time capClears(const hw_target *pT, hw_time t, int nCount, int nCap)
{
	int k = nCount - nCap + 1;
	hw_time tBest = 0;
	for (int i = 0; i < pT->nRecentCalls; i++) {
		hw_time ti = pT->aRecentCalls[i];
		int nNotLater = 0;
		if (ti <= t - HW_SECONDS_PER_DAY || ti > t || (tBest && ti >= tBest))
			continue;
		for (int j = 0; j < pT->nRecentCalls; j++) {
			hw_time tj = pT->aRecentCalls[j];
			if (tj > t - HW_SECONDS_PER_DAY && tj <= ti)
				nNotLater++;
		}
		if (nNotLater >= k)
			tBest = ti;
	}
	return tBest + HW_SECONDS_PER_DAY;
}

/* Keep the failing rule a rep should hear about first: legal, quiet, cap. */
static void noteFailure(Finding *f, hw_deny e, int iZone)
{
	static const int aRank[] = {
	    [HW_DENY_LEGAL_WINDOW] = 1, [HW_DENY_QUIET] = 2, [HW_DENY_CAP] = 3};
	if (f->eDeny == HW_DENY_NONE || aRank[e] < aRank[f->eDeny]) {
		f->eDeny = e;
		f->iZone = iZone;
	}
}

/*
 * Every rule at t. *pF says which failed first (or HW_DENY_NONE); *ptClear is
 * the latest moment at which one of the failing rules stops failing.
 */
static hw_rc evalAt(const Target *c, hw_time t, Finding *pF, hw_time *ptClear)
{
	const hw_policy *p = c->p;
	hw_time tClear = t, tRule;

	pF->eDeny = HW_DENY_NONE;
	pF->iZone = 0;
	pF->pQuiet = NULL;
	for (int z = 0; z < c->nZone; z++) {
		hw_local *l = &pF->aLocal[z];
		const hw_quiet *pQuiet = NULL;
		hw_rc rc;
		if ((rc = hw_local_time(c->azZone[z], t, l)) != HW_OK)
			return rc;
		if (!(pF->apIn[z] = windowAt(c, l))) {
			if ((rc = nextWindowStart(c, c->azZone[z], l, &tRule)) != HW_OK)
				return rc;
			noteFailure(pF, HW_DENY_LEGAL_WINDOW, z);
			if (tRule > tClear)
				tClear = tRule;
		}
		/* Of overlapping quiet windows the one ending last saves a jump. */
		for (int i = 0; i < p->nQuiet; i++) {
			const hw_quiet *q = &p->aQuiet[i];
			if (l->iMinute >= q->iStart && l->iMinute < q->iEnd &&
			    (!pQuiet || q->iEnd > pQuiet->iEnd))
				pQuiet = q;
		}
		if (pQuiet) {
			if ((rc = dayMinuteToUtc(c->azZone[z], localDays(l), pQuiet->iEnd,
						 &tRule)) != HW_OK)
				return rc;
			noteFailure(pF, HW_DENY_QUIET, z);
			if (pF->eDeny == HW_DENY_QUIET && pF->iZone == z)
				pF->pQuiet = pQuiet;
			if (tRule > tClear)
				tClear = tRule;
		}
	}
	pF->nCalls = c->nCap > 0 ? callsAt(c->pT, t) : 0;
	if (c->nCap > 0 && pF->nCalls >= c->nCap) {
		noteFailure(pF, HW_DENY_CAP, 0);
		tRule = capClears(c->pT, t, pF->nCalls, c->nCap);
		if (tRule > tClear)
			tClear = tRule;
	}
	*ptClear = tClear;
	return HW_OK;
}

/*
 * The earliest instant in [t, tLimit] at which every rule passes, or 0.
 * *ptReached is how far the search proved that nothing passes (t when it does
 * at once). pFirst, when given, gets the finding at t itself.
 */
static hw_rc searchFrom(const Target *c, hw_time t, hw_time tLimit, Finding *pFirst,
			hw_time *ptNext, hw_time *ptReached)
{
	Finding f = {.eDeny = HW_DENY_NONE};
	hw_time tClear;

	*ptNext = 0;
	for (int i = 0; i < MAX_JUMPS && t <= tLimit; i++) {
		Finding *pF = i == 0 && pFirst ? pFirst : &f;
		hw_rc rc = evalAt(c, t, pF, &tClear);
		if (rc != HW_OK)
			return rc;
		if (pF->eDeny == HW_DENY_NONE) {
			*ptNext = t;
			break;
		}
		/* A rule that cannot say when it clears (a repeated local hour can
		 * put its moment behind t) lets the search move on one minute. */
		if (tClear <= t)
			tClear = t - ((t % 60) + 60) % 60 + 60;
		t = tClear;
	}
	if (ptReached)
		*ptReached = t;
	return HW_OK;
}

/* ---- the sentence --------------------------------------------------------- */

/* A sentence written into a fixed buffer, piece by piece; what does not fit
 * is cut (zWhy is for reading, 256 bytes are plenty in practice). */
typedef struct Say {
	char *z;
	size_t n, nMax;
} Say;

static void say(Say *p, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));
static void say(Say *p, const char *zFmt, ...)
{
	va_list ap;
	int k;
	if (p->n + 1 >= p->nMax)
		return;
	va_start(ap, zFmt);
	k = vsnprintf(p->z + p->n, p->nMax - p->n, zFmt, ap);
	va_end(ap);
	if (k > 0)
		p->n = p->n + (size_t)k < p->nMax ? p->n + (size_t)k : p->nMax - 1;
}

/* Minutes after midnight (0-1440) as "HH:MM". */
static void sayMinute(Say *p, int iMinute)
{
	say(p, "%02d:%02d", iMinute / 60, iMinute % 60);
}

/* "every day", "Monday to Friday", "Saturday and Sunday", "Monday, Wednesday". */
static void sayDays(Say *p, unsigned mDays)
{
	int iFirst = -1, iLast = -1, nDay = 0, bRun = 1;
	for (int i = 0; i < 7; i++)
		if (mDays >> i & 1) {
			if (iLast >= 0 && iLast != i - 1)
				bRun = 0;
			if (iFirst < 0)
				iFirst = i;
			iLast = i;
			nDay++;
		}
	if (nDay == 7) {
		say(p, "every day");
		return;
	}
	if (bRun && nDay >= 3) {
		say(p, "%s to %s", azWeekday[iFirst], azWeekday[iLast]);
		return;
	}
	for (int i = 0, k = 0; i < 7; i++)
		if (mDays >> i & 1) {
			k++;
			say(p, "%s%s", k == 1 ? "" : k == nDay ? " and " : ", ", azWeekday[i]);
		}
}

/* "08:00-21:00 every day" for each window of the jurisdiction, comma-joined. */
static void sayHours(Say *p, const Target *c)
{
	for (int i = 0; i < c->nWin; i++) {
		say(p, "%s", i ? ", " : "");
		sayMinute(p, c->apWin[i]->iStart);
		say(p, "-");
		sayMinute(p, c->apWin[i]->iEnd);
		say(p, " ");
		sayDays(p, c->apWin[i]->mDays);
	}
}

/* "; next at 13:00", "; next at 09:30 on Monday 2026-02-16", or that there is none. */
static void sayNext(Say *p, const char *zZone, const hw_local *pNow, hw_time tNext)
{
	hw_local l;
	if (!tNext || hw_local_time(zZone, tNext, &l) != HW_OK) {
		say(p, "; no time in the next %d days passes every rule", SEARCH_DAYS);
		return;
	}
	say(p, "; next at ");
	sayMinute(p, l.iMinute);
	if (l.iYear != pNow->iYear || l.iMonth != pNow->iMonth || l.iDay != pNow->iDay)
		say(p, " on %s %04d-%02d-%02d", azWeekday[l.iWday], l.iYear, l.iMonth, l.iDay);
}

static void explain(const Target *c, const Finding *f, hw_time tNext, hw_verdict *pV)
{
	const char *zZone = c->azZone[f->iZone];
	const hw_local *l = &f->aLocal[f->iZone];
	int bDefault = !strcmp(c->zRule, "*");
	Say s = {pV->zWhy, 0, sizeof pV->zWhy};

	switch (f->eDeny) {
	case HW_DENY_LEGAL_WINDOW:
		say(&s, "it is ");
		sayMinute(&s, l->iMinute);
		say(&s, " on %s in %s; %s%scalls are allowed ", azWeekday[l->iWday], zZone,
		    bDefault ? "" : c->zRule, bDefault ? "" : " ");
		sayHours(&s, c);
		say(&s, "%s", bDefault ? " (default hours)" : "");
		sayNext(&s, zZone, l, tNext);
		break;
	case HW_DENY_QUIET:
		sayMinute(&s, l->iMinute);
		say(&s, " in %s is in the quiet window ", zZone);
		sayMinute(&s, f->pQuiet->iStart);
		say(&s, "-");
		sayMinute(&s, f->pQuiet->iEnd);
		if (f->pQuiet->zReason[0])
			say(&s, " (%s)", f->pQuiet->zReason);
		sayNext(&s, zZone, l, tNext);
		break;
	case HW_DENY_CAP:
		say(&s, "%d call%s in the last 24 h reach%s the %s cap of %d", f->nCalls,
		    f->nCalls == 1 ? "" : "s", f->nCalls == 1 ? "es" : "", c->zRule, c->nCap);
		sayNext(&s, zZone, l, tNext);
		if (tNext)
			say(&s, " in %s", zZone);
		break;
	default:
		sayMinute(&s, l->iMinute);
		say(&s, " on %s in %s is inside %s hours ", azWeekday[l->iWday], zZone,
		    bDefault ? "the default" : c->zRule);
		sayMinute(&s, f->apIn[0]->iStart);
		say(&s, "-");
		sayMinute(&s, f->apIn[0]->iEnd);
		for (int z = 1; z < c->nZone; z++) {
			say(&s, ", as is ");
			sayMinute(&s, f->aLocal[z].iMinute);
			say(&s, " in %s", c->azZone[z]);
		}
		if (c->nCap > 0)
			say(&s, "; %d of the %s cap of %d calls used in the last 24 h", f->nCalls,
			    c->zRule, c->nCap);
		break;
	}
}

/* ---- the questions -------------------------------------------------------- */

hw_rc hw_policy_check(const hw_policy *p, const hw_target *pT, hw_time t, hw_verdict *pV)
{
	Target c;
	Finding f;
	Say s;
	hw_rc rc;

	if (!pV)
		return HW_EINVAL;
	memset(pV, 0, sizeof *pV);
	s = (Say){pV->zWhy, 0, sizeof pV->zWhy};
	rc = targetInit(&c, p, pT);
	if (rc == HW_ENOTFOUND) {
		pV->eDeny = HW_DENY_UNKNOWN_LOCATION;
		say(&s, "location unknown: no time zone could be inferred from the address or "
			"phone; add a time zone, state or country to the lead");
		return HW_OK;
	}
	if (rc != HW_OK)
		goto bad_zone;
	if (!c.nWin) {
		pV->eDeny = HW_DENY_NO_WINDOW;
		say(&s,
		    "the policy has no calling window for %s%s and no \"*\" default, so this "
		    "lead is never called; add a window for it or a \"*\" one",
		    c.zJur[0] ? "jurisdiction " : "leads of unknown jurisdiction", c.zJur);
		return HW_OK;
	}
	rc = searchFrom(&c, t, t + SEARCH_DAYS * HW_SECONDS_PER_DAY, &f, &pV->tNext, NULL);
	if (rc == HW_EINVAL)
		goto bad_zone;
	if (rc != HW_OK)
		return rc;
	pV->eDeny = f.eDeny;
	explain(&c, &f, pV->tNext, pV);
	return HW_OK;

bad_zone:
	pV->eDeny = HW_DENY_UNKNOWN_LOCATION;
	/* Name the zone ICU does not know rather than the whole list. */
	for (int z = 0; z < c.nZone; z++) {
		hw_local l;
		if (hw_local_time(c.azZone[z], t, &l) != HW_OK) {
			say(&s,
			    "time zone '%s' is unknown: expected an IANA id like "
			    "America/Chicago",
			    c.azZone[z]);
			return HW_EINVAL;
		}
	}
	say(&s,
	    "the lead's time zones '%.64s' cannot be read: expected at most %d IANA ids "
	    "separated by '|'",
	    pT && pT->zZones ? pT->zZones : "", MAX_ZONES);
	return HW_EINVAL;
}

/* A holiday of "*", of the jurisdiction itself, or of its country. */
static int isHoliday(const Target *c, int y, int m, int d)
{
	size_t nCountry = countryLen(c->zJur);
	for (int i = 0; i < c->p->nHoliday; i++) {
		const hw_holiday *h = &c->p->aHoliday[i];
		if (h->iDay != d || h->iMonth != m || h->iYear != y)
			continue;
		if (!strcmp(h->zJur, "*") || (c->zJur[0] && !strcasecmp(h->zJur, c->zJur)) ||
		    (c->zJur[0] && strlen(h->zJur) == nCountry &&
		     !strncasecmp(h->zJur, c->zJur, nCountry)))
			return 1;
	}
	return 0;
}

static int isBusinessDay(const Target *c, long long nDays)
{
	int y, m, d;
	if (!(c->p->mBusinessDays >> hw_weekday_of_days(nDays) & 1))
		return 0;
	hw_civil_from_days(nDays, &y, &m, &d);
	return !isHoliday(c, y, m, d);
}

hw_rc hw_policy_next_in_block(const hw_policy *p, const hw_target *pT, hw_time t, int iBlock,
			      int bBusinessDay, hw_time *ptOut)
{
	Target c;
	hw_local l;
	hw_time tFloor = t;
	long long nDay0;
	hw_rc rc;

	*ptOut = 0;
	if (!p || iBlock < 0 || iBlock >= p->nBlock)
		return HW_EINVAL;
	if ((rc = targetInit(&c, p, pT)) != HW_OK)
		return rc;
	if (!c.nWin)
		return HW_ENOTFOUND;
	if ((rc = hw_local_time(c.azZone[0], t, &l)) != HW_OK)
		return rc;
	nDay0 = localDays(&l);
	for (int k = 0; k <= SEARCH_DAYS; k++) {
		const hw_block *b = &p->aBlock[iBlock];
		hw_time tStart, tEnd, tNext;
		if (bBusinessDay && !isBusinessDay(&c, nDay0 + k))
			continue;
		if ((rc = dayMinuteToUtc(c.azZone[0], nDay0 + k, b->iStart, &tStart)) != HW_OK ||
		    (rc = dayMinuteToUtc(c.azZone[0], nDay0 + k, b->iEnd, &tEnd)) != HW_OK)
			return rc;
		if (tStart < tFloor)
			tStart = tFloor;
		if (tStart >= tEnd)
			continue;
		/* What the search proves failing stays failing for the next days too. */
		if ((rc = searchFrom(&c, tStart, tEnd - 1, NULL, &tNext, &tFloor)) != HW_OK)
			return rc;
		if (tNext) {
			*ptOut = tNext;
			return HW_OK;
		}
	}
	return HW_ENOTFOUND;
}

hw_rc hw_policy_business_days_after(const hw_policy *p, const hw_target *pT, hw_time t, int nDays,
				    hw_time *ptOut)
{
	Target c;
	hw_local l;
	long long nDay;
	hw_rc rc;

	*ptOut = 0;
	if (nDays < 0)
		return HW_EINVAL;
	if ((rc = targetInit(&c, p, pT)) != HW_OK)
		return rc;
	if ((rc = hw_local_time(c.azZone[0], t, &l)) != HW_OK)
		return rc;
	nDay = localDays(&l);
	/* Every week has a business day unless the policy has none or holidays
	 * fill whole weeks; both are bounded, so is the walk. */
	for (long long nLeft = nDays, nStep = 0; nLeft > 0; nStep++) {
		if (nStep > 7LL * (nDays + HW_POLICY_MAX_HOLIDAYS + 1))
			return HW_ENOTFOUND;
		if (isBusinessDay(&c, ++nDay))
			nLeft--;
	}
	return dayMinuteToUtc(c.azZone[0], nDay, 0, ptOut);
}

int hw_policy_block_at(const hw_policy *p, const hw_target *pT, hw_time t)
{
	Target c;
	hw_local l;
	if (targetInit(&c, p, pT) != HW_OK || hw_local_time(c.azZone[0], t, &l) != HW_OK)
		return -1;
	for (int i = 0; i < p->nBlock; i++)
		if (l.iMinute >= p->aBlock[i].iStart && l.iMinute < p->aBlock[i].iEnd)
			return i;
	return -1;
}
