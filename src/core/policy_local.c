/*
 * policy_local.c — local time in an IANA zone, through ICU's calendar.
 *
 * Opening a UCalendar costs microseconds and a 90-day simulation asks about
 * the same zones millions of times, so each thread keeps the last ZONE_CACHE
 * calendars it opened (the least recently used one goes). A lead base spans
 * a dozen or two zones and a simulation walks its leads in turn, which an LRU
 * smaller than that set would turn into a miss per question, hence 32. Each
 * entry also remembers the span between the two transitions of its zone
 * around the last instant ICU was asked about: inside that span the UTC offset
 * is one number, so a local date is arithmetic on t + offset, and ICU is asked
 * again only when a question leaves the span (about twice a year per zone).
 *
 * Local to UTC is the same arithmetic when the answer lies well inside the
 * span (MARGIN), where no other offset can produce the same wall time; near a
 * transition ICU decides, with the wall-time options that make a skipped time
 * the first instant after the gap and a repeated one its first occurrence.
 *
 * A thread that used the cache frees it when it exits (a pthread key
 * destructor). exit() runs no such destructor for the main thread, which calls
 * hw_policy_thread_cleanup() itself when it wants valgrind quiet.
 */
#include "core/policy_int.h"

#include <math.h>    /* floor, ceil */
#include <pthread.h> /* pthread_key_create, pthread_once */
#include <string.h>  /* strcmp, strlen, memset */

#include <unicode/ucal.h>    /* ucal_open, ucal_get, ucal_getTimeZoneTransitionDate */
#include <unicode/ustring.h> /* u_uastrncpy, u_austrncpy */

#define ZONE_CACHE 32
#define ZONE_ID_MAX 64
#define FAR_PAST (-(1LL << 60)) /* no transition before: far enough, never overflows */
#define FAR_FUTURE (1LL << 60)
#define TIME_MAX (1LL << 40) /* beyond 30,000 years ICU refuses, and so do we */
/* No zone has moved its offset by as much as a day at once (Samoa 2011: 24 h). */
#define MARGIN (2LL * HW_SECONDS_PER_DAY)

typedef struct Zone {
	char zId[ZONE_ID_MAX]; /* as the caller spelled it; "" = free slot */
	UCalendar *pCal;
	hw_time tLo, tHi; /* iOffset holds for [tLo, tHi); empty when tLo > tHi */
	int iOffset;	  /* seconds east of UTC, daylight time included */
	unsigned iStamp;  /* last use, for eviction */
} Zone;

static _Thread_local Zone aZone[ZONE_CACHE];
static _Thread_local unsigned iClock;
static _Thread_local int iLast; /* the last hit: most questions repeat it */

static pthread_key_t exitKey;
static pthread_once_t exitOnce = PTHREAD_ONCE_INIT;
static int bExitKey;

static void exitCleanup(void *pUnused)
{
	(void)pUnused;
	hw_policy_thread_cleanup();
}

static void exitKeyMake(void)
{
	bExitKey = pthread_key_create(&exitKey, exitCleanup) == 0;
}

void hw_policy_thread_cleanup(void)
{
	for (int i = 0; i < ZONE_CACHE; i++) {
		if (aZone[i].pCal)
			ucal_close(aZone[i].pCal);
		memset(&aZone[i], 0, sizeof aZone[i]);
	}
	iLast = 0;
}

/*
 * A calendar for zId, or NULL when ICU does not know the zone. ucal_open never
 * fails on a bad id: it quietly answers for "Etc/Unknown", which is GMT, so the
 * id is checked first.
 */
static UCalendar *zoneOpen(const char *zId)
{
	UChar uId[ZONE_ID_MAX], uCanon[ZONE_ID_MAX];
	char zCanon[ZONE_ID_MAX];
	UErrorCode st = U_ZERO_ERROR;
	UCalendar *pCal;
	int32_t n;

	u_uastrncpy(uId, zId, ZONE_ID_MAX);
	n = ucal_getCanonicalTimeZoneID(uId, -1, uCanon, ZONE_ID_MAX, NULL, &st);
	if (U_FAILURE(st) || n <= 0 || n >= ZONE_ID_MAX)
		return NULL;
	u_austrncpy(zCanon, uCanon, ZONE_ID_MAX);
	if (!strcmp(zCanon, "Etc/Unknown"))
		return NULL;
	/* Gregorian whatever the default locale's calendar is (Buddhist, ...). */
	pCal = ucal_open(uId, -1, "en_US_POSIX", UCAL_GREGORIAN, &st);
	if (U_FAILURE(st)) {
		if (pCal)
			ucal_close(pCal);
		return NULL;
	}
	ucal_setAttribute(pCal, UCAL_REPEATED_WALL_TIME, UCAL_WALLTIME_FIRST);
	ucal_setAttribute(pCal, UCAL_SKIPPED_WALL_TIME, UCAL_WALLTIME_NEXT_VALID);
	return pCal;
}

/* The cache entry for zId, opening it if need be; NULL for an unknown zone. */
static Zone *zoneGet(const char *zId)
{
	int i, iVictim = 0;
	Zone *p = &aZone[iLast];
	UCalendar *pCal;

	if (p->pCal && !strcmp(p->zId, zId)) {
		p->iStamp = ++iClock;
		return p;
	}
	for (i = 0; i < ZONE_CACHE; i++) {
		if (aZone[i].pCal && !strcmp(aZone[i].zId, zId)) {
			iLast = i;
			aZone[i].iStamp = ++iClock;
			return &aZone[i];
		}
		if (!aZone[i].pCal ||
		    (aZone[iVictim].pCal && aZone[i].iStamp < aZone[iVictim].iStamp))
			iVictim = i;
	}
	if (strlen(zId) >= ZONE_ID_MAX || !(pCal = zoneOpen(zId)))
		return NULL;
	pthread_once(&exitOnce, exitKeyMake);
	if (bExitKey)
		pthread_setspecific(exitKey, aZone); /* any non-NULL value arms it */
	p = &aZone[iVictim];
	if (p->pCal)
		ucal_close(p->pCal);
	memset(p, 0, sizeof *p);
	strcpy(p->zId, zId);
	p->pCal = pCal;
	p->tLo = FAR_FUTURE;
	p->tHi = FAR_PAST;
	p->iStamp = ++iClock;
	iLast = iVictim;
	return p;
}

/* The offset at t, from the remembered span or else from ICU (which moves it). */
static hw_rc zoneOffset(Zone *p, hw_time t, int *piOffset)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t iRaw, iDst;
	UDate d;

	if (t >= p->tLo && t < p->tHi) {
		*piOffset = p->iOffset;
		return HW_OK;
	}
	if (t <= -TIME_MAX || t >= TIME_MAX)
		return HW_EINVAL;
	ucal_setMillis(p->pCal, (UDate)t * 1000.0, &st);
	iRaw = ucal_get(p->pCal, UCAL_ZONE_OFFSET, &st);
	iDst = ucal_get(p->pCal, UCAL_DST_OFFSET, &st);
	if (U_FAILURE(st))
		return HW_EINTERNAL;
	p->iOffset = (iRaw + iDst) / 1000;
	p->tLo = FAR_PAST;
	p->tHi = FAR_FUTURE;
	if (ucal_getTimeZoneTransitionDate(p->pCal, UCAL_TZ_TRANSITION_PREVIOUS_INCLUSIVE, &d,
					   &st) &&
	    U_SUCCESS(st))
		p->tLo = (hw_time)ceil(d / 1000.0);
	st = U_ZERO_ERROR;
	if (ucal_getTimeZoneTransitionDate(p->pCal, UCAL_TZ_TRANSITION_NEXT, &d, &st) &&
	    U_SUCCESS(st))
		p->tHi = (hw_time)ceil(d / 1000.0);
	/* A span that does not hold t would be a lie: remember nothing then. */
	if (t < p->tLo || t >= p->tHi) {
		p->tLo = FAR_FUTURE;
		p->tHi = FAR_PAST;
	}
	*piOffset = p->iOffset;
	return HW_OK;
}

hw_rc hw_local_time(const char *zZone, hw_time t, hw_local *pOut)
{
	long long nDays, nSec;
	int iOffset;
	Zone *p;
	hw_rc rc;

	memset(pOut, 0, sizeof *pOut);
	if (!zZone || !(p = zoneGet(zZone)))
		return HW_EINVAL;
	if ((rc = zoneOffset(p, t, &iOffset)) != HW_OK)
		return rc;
	nSec = t + iOffset;
	nDays = nSec / HW_SECONDS_PER_DAY;
	if (nSec % HW_SECONDS_PER_DAY < 0)
		nDays--;
	nSec -= nDays * HW_SECONDS_PER_DAY;
	hw_civil_from_days(nDays, &pOut->iYear, &pOut->iMonth, &pOut->iDay);
	pOut->iWday = hw_weekday_of_days(nDays);
	pOut->iMinute = (int)(nSec / 60);
	pOut->iOffset = iOffset;
	return HW_OK;
}

hw_rc hw_local_to_utc(const char *zZone, int iYear, int iMonth, int iDay, int iMinute,
		      hw_time *ptOut)
{
	UErrorCode st = U_ZERO_ERROR;
	long long nDays;
	hw_time tWall, t;
	int iOffset;
	UDate d;
	Zone *p;

	*ptOut = 0;
	if (iYear < 1600 || iYear > 9999 || iMonth < 1 || iMonth > 12 || iDay < 1 ||
	    iDay > hw_days_in_month(iYear, iMonth) || iMinute < 0 || iMinute > HW_MINUTES_PER_DAY)
		return HW_EINVAL;
	if (!zZone || !(p = zoneGet(zZone)))
		return HW_EINVAL;
	nDays = hw_days_from_civil(iYear, iMonth, iDay);
	if (iMinute == HW_MINUTES_PER_DAY) { /* 24:00, the end of a window: next midnight */
		hw_civil_from_days(++nDays, &iYear, &iMonth, &iDay);
		iMinute = 0;
	}
	tWall = nDays * HW_SECONDS_PER_DAY + iMinute * 60LL;

	t = tWall - p->iOffset;
	if (p->tLo <= p->tHi && t - p->tLo >= MARGIN && p->tHi - t > MARGIN) {
		*ptOut = t;
		return HW_OK;
	}
	ucal_clear(p->pCal);
	ucal_setDateTime(p->pCal, iYear, iMonth - 1, iDay, iMinute / 60, iMinute % 60, 0, &st);
	d = ucal_getMillis(p->pCal, &st);
	if (U_FAILURE(st))
		return HW_EINTERNAL;
	t = (hw_time)floor(d / 1000.0);
	/* Move the span to the answer: the next question is usually near it. */
	if (zoneOffset(p, t, &iOffset) != HW_OK)
		return HW_EINTERNAL;
	*ptOut = t;
	return HW_OK;
}
