/*
 * tz.c — which IANA time zones a lead may be in: a zone name a list gives, an
 * address, or a phone prefix. Zone names come back in ICU's canonical (CLDR)
 * spelling, "Asia/Calcutta" rather than "Asia/Kolkata", because that is the
 * spelling of python3-phonenumbers' data in build/gen/tzmap.c and of ucal_*, so
 * sets from different sources can be intersected by name. Country and phone
 * prefix answers come from the generated tables only; the one hand-kept table
 * here is the sub-national one (US states, Canadian provinces, Australian
 * states), which the phone data cannot give. Lookups used per imported row are
 * bsearches over tables built once (pthread_once) and never freed, so every
 * string handed out lives for the process.
 */
#include "io/tz.h"
#include "io/tzmap.h"

#include <ctype.h>   /* tolower, toupper, isdigit, isalnum, isalpha */
#include <pthread.h> /* pthread_once */
#include <stdio.h>   /* snprintf */
#include <stdlib.h>  /* bsearch, qsort, malloc */
#include <string.h>  /* strcmp, strlen */

#include <unicode/ucal.h>    /* ucal_openTimeZones, ucal_getCanonicalTimeZoneID */
#include <unicode/uenum.h>   /* uenum_next */
#include <unicode/ustring.h> /* u_uastrncpy, u_austrncpy */

#define TZ_KEY 48 /* longest normalised name we look up, NUL included */

/*
 * What people type in a time-zone column that ICU reads differently or not at
 * all. ICU takes "EST" as a fixed UTC-5 with no daylight time, "AST" as Alaska
 * and "BST" as Bangladesh; a lead list means the US East coast, the Atlantic
 * provinces and British Summer Time. Keys are normalised (see tzKey) and the
 * targets must be ICU canonical ids (test_tz.c has a row for every alias).
 */
static const struct {
	const char *zKey;
	const char *zZone;
} aAlias[] = {
    {"est", "America/New_York"},
    {"edt", "America/New_York"},
    {"et", "America/New_York"},
    {"eastern", "America/New_York"},
    {"eastern_time", "America/New_York"},
    {"eastern_time_(us_&_canada)", "America/New_York"},
    {"cst", "America/Chicago"},
    {"cdt", "America/Chicago"},
    {"ct", "America/Chicago"},
    {"central", "America/Chicago"},
    {"central_time", "America/Chicago"},
    {"central_time_(us_&_canada)", "America/Chicago"},
    {"mst", "America/Denver"},
    {"mdt", "America/Denver"},
    {"mt", "America/Denver"},
    {"mountain", "America/Denver"},
    {"mountain_time", "America/Denver"},
    {"mountain_time_(us_&_canada)", "America/Denver"},
    {"arizona", "America/Phoenix"},
    {"pst", "America/Los_Angeles"},
    {"pdt", "America/Los_Angeles"},
    {"pt", "America/Los_Angeles"},
    {"pacific", "America/Los_Angeles"},
    {"pacific_time", "America/Los_Angeles"},
    {"pacific_time_(us_&_canada)", "America/Los_Angeles"},
    {"akst", "America/Anchorage"},
    {"akdt", "America/Anchorage"},
    {"alaska", "America/Anchorage"},
    {"hst", "Pacific/Honolulu"},
    {"hast", "Pacific/Honolulu"},
    {"hawaii", "Pacific/Honolulu"},
    {"ast", "America/Halifax"},
    {"adt", "America/Halifax"},
    {"atlantic", "America/Halifax"},
    {"nst", "America/St_Johns"},
    {"ndt", "America/St_Johns"},
    {"newfoundland", "America/St_Johns"},
    {"bst", "Europe/London"},
    {"aest", "Australia/Sydney"},
    {"aedt", "Australia/Sydney"},
    {"acst", "Australia/Adelaide"},
    {"acdt", "Australia/Adelaide"},
    {"awst", "Australia/Perth"},
    {"cest", "CET"},
    {"eest", "EET"},
    {"west", "WET"},
};

/* One row of the name table: a normalised key and the zone it means. */
typedef struct TzName {
	char zKey[TZ_KEY];
	char zId[TZ_KEY];   /* the id as ICU spells it (rows from ICU only) */
	const char *zCanon; /* static: a zId of this table or an aAlias target */
	int iPrio;	    /* 0 alias, 1 ICU id: aliases win on equal keys */
} TzName;

static pthread_once_t nameOnce = PTHREAD_ONCE_INIT;
static TzName *aName; /* built once, never freed: callers keep zCanon */
static int nName;

/* Lower-case, trimmed, inner blanks as '_'; 0 when it does not fit. */
static int tzKey(const char *z, char *zOut)
{
	size_t n = 0, nLen = strlen(z);
	while (nLen && isspace((unsigned char)z[nLen - 1]))
		nLen--;
	while (nLen && isspace((unsigned char)*z))
		z++, nLen--;
	if (!nLen || nLen >= TZ_KEY)
		return 0;
	for (size_t i = 0; i < nLen; i++) {
		unsigned char c = (unsigned char)z[i];
		if (isspace(c)) {
			if (n && zOut[n - 1] == '_')
				continue;
			c = '_';
		}
		zOut[n++] = (char)tolower(c);
	}
	zOut[n] = 0;
	return 1;
}

static int nameCmp(const void *a, const void *b)
{
	const TzName *p = a, *q = b;
	int c = strcmp(p->zKey, q->zKey);
	return c ? c : p->iPrio - q->iPrio;
}

static int keyCmp(const void *pKey, const void *pRow)
{
	return strcmp(pKey, ((const TzName *)pRow)->zKey);
}

static const TzName *nameFind(const char *zKey)
{
	return bsearch(zKey, aName, (size_t)nName, sizeof *aName, keyCmp);
}

/*
 * Every id ICU knows (about 640, aliases included) plus aAlias, sorted by key
 * with duplicates dropped. The canonical form is computed here once so that a
 * lookup never calls into ICU.
 */
static void nameBuild(void)
{
	UErrorCode st = U_ZERO_ERROR;
	UEnumeration *pEnum = ucal_openTimeZones(&st);
	int nIcu = U_SUCCESS(st) ? uenum_count(pEnum, &st) : 0;
	int nAlias = (int)(sizeof aAlias / sizeof aAlias[0]);
	TzName *a = calloc((size_t)(nIcu + nAlias), sizeof *a);
	const char *zId;
	int n = 0, i, j;

	if (!a) {
		uenum_close(pEnum);
		return;
	}
	while (U_SUCCESS(st) && n < nIcu && (zId = uenum_next(pEnum, NULL, &st))) {
		if (strlen(zId) >= TZ_KEY || !tzKey(zId, a[n].zKey))
			continue;
		snprintf(a[n].zId, TZ_KEY, "%s", zId);
		a[n].iPrio = 1;
		n++;
	}
	uenum_close(pEnum);
	for (i = 0; i < nAlias; i++, n++) {
		snprintf(a[n].zKey, TZ_KEY, "%s", aAlias[i].zKey);
		a[n].zCanon = aAlias[i].zZone;
	}
	qsort(a, (size_t)n, sizeof *a, nameCmp);
	for (i = j = 0; i < n; i++)
		if (!j || strcmp(a[j - 1].zKey, a[i].zKey))
			a[j++] = a[i];
	aName = a;
	nName = j;

	/* Canonical ids are themselves in the table, so point at their row. */
	for (i = 0; i < nName; i++) {
		UChar uId[TZ_KEY], uCanon[TZ_KEY];
		char zCanon[TZ_KEY], zKey[TZ_KEY];
		const TzName *p;
		if (a[i].iPrio == 0)
			continue;
		st = U_ZERO_ERROR;
		u_uastrncpy(uId, a[i].zId, TZ_KEY);
		if (ucal_getCanonicalTimeZoneID(uId, -1, uCanon, TZ_KEY, NULL, &st) <= 0 ||
		    U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING) {
			a[i].zCanon = a[i].zId;
			continue;
		}
		u_austrncpy(zCanon, uCanon, TZ_KEY);
		p = tzKey(zCanon, zKey) ? nameFind(zKey) : NULL;
		a[i].zCanon = p && p->iPrio == 1 && !strcmp(p->zId, zCanon) ? p->zId : a[i].zId;
	}
	/* Aliases answer with the same pointer as the id they stand for. */
	for (i = 0; i < nName; i++) {
		char zKey[TZ_KEY];
		const TzName *p;
		if (a[i].iPrio != 0)
			continue;
		p = tzKey(a[i].zCanon, zKey) ? nameFind(zKey) : NULL;
		if (p && p->iPrio == 1)
			a[i].zCanon = p->zCanon;
	}
}

/* "utc-5", "gmt+01", "utc+5:00" -> "etc/gmt+5" (POSIX sign: inverted). */
static int offsetKey(const char *zKey, char *zOut)
{
	int iHour = 0, nDigit = 0;
	char cSign;
	if (strncmp(zKey, "utc", 3) && strncmp(zKey, "gmt", 3))
		return 0;
	zKey += 3;
	cSign = *zKey++;
	if (cSign != '+' && cSign != '-')
		return 0;
	while (isdigit((unsigned char)*zKey) && nDigit < 2)
		iHour = iHour * 10 + (*zKey++ - '0'), nDigit++;
	if (!nDigit || (*zKey && strcmp(zKey, ":00") && strcmp(zKey, "00")))
		return 0;
	if ((cSign == '+' && iHour > 14) || (cSign == '-' && iHour > 12))
		return 0;
	snprintf(zOut, TZ_KEY, "etc/gmt%c%d", cSign == '+' ? '-' : '+', iHour);
	return 1;
}

hw_rc hw_tz_canonical(const char *zName, const char **pzCanon)
{
	char zKey[TZ_KEY], zOff[TZ_KEY];
	const TzName *p = NULL;

	*pzCanon = NULL;
	pthread_once(&nameOnce, nameBuild);
	if (!zName || !tzKey(zName, zKey))
		return HW_EINVAL;
	p = nameFind(zKey);
	if (!p && offsetKey(zKey, zOff))
		p = nameFind(zOff);
	if (!p) {
		/* Windows names ("Eastern Standard Time") come from Outlook exports. */
		UChar uWin[TZ_KEY], uId[TZ_KEY];
		char zId[TZ_KEY];
		UErrorCode st = U_ZERO_ERROR;
		int32_t n;
		if (strlen(zName) >= TZ_KEY)
			return HW_EINVAL;
		u_uastrncpy(uWin, zName, TZ_KEY);
		n = ucal_getTimeZoneIDForWindowsID(uWin, -1, NULL, uId, TZ_KEY, &st);
		if (n <= 0 || n >= TZ_KEY || U_FAILURE(st))
			return HW_EINVAL;
		u_austrncpy(zId, uId, TZ_KEY);
		p = tzKey(zId, zKey) ? nameFind(zKey) : NULL;
	}
	if (!p || !p->zCanon)
		return HW_EINVAL;
	*pzCanon = p->zCanon;
	return HW_OK;
}

/*
 * States and provinces. Rows name every zone a state spans, in ICU canonical
 * spelling (the unit test checks that); the lead's own zone column, when there
 * is one, is stronger. Keep a state's zones within HW_TZ_MAX. A row that adds
 * a spelling (zAbbr NULL) comes right after the row of the state it spells:
 * hw_tz_jurisdiction takes the postal code from there.
 */
typedef struct TzState {
	const char *zRegion;
	const char *zAbbr; /* postal code, or NULL on a row that adds a spelling */
	const char *zName;
	const char *azZone[4];
} TzState;

#define NY "America/New_York"
#define CHI "America/Chicago"
#define DEN "America/Denver"
#define LA "America/Los_Angeles"
static const TzState aState[] = {
    {"US", "AL", "Alabama", {CHI}},
    {"US", "AK", "Alaska", {"America/Anchorage", "America/Adak"}},
    {"US", "AZ", "Arizona", {"America/Phoenix"}},
    {"US", "AR", "Arkansas", {CHI}},
    {"US", "CA", "California", {LA}},
    {"US", "CO", "Colorado", {DEN}},
    {"US", "CT", "Connecticut", {NY}},
    {"US", "DE", "Delaware", {NY}},
    {"US", "DC", "District of Columbia", {NY}},
    {"US", NULL, "Washington DC", {NY}},
    {"US", "FL", "Florida", {NY, CHI}},
    {"US", "GA", "Georgia", {NY}},
    {"US", "HI", "Hawaii", {"Pacific/Honolulu"}},
    {"US", "ID", "Idaho", {"America/Boise", LA}},
    {"US", "IL", "Illinois", {CHI}},
    {"US", "IN", "Indiana", {"America/Indianapolis", CHI}},
    {"US", "IA", "Iowa", {CHI}},
    {"US", "KS", "Kansas", {CHI, DEN}},
    {"US", "KY", "Kentucky", {NY, CHI}},
    {"US", "LA", "Louisiana", {CHI}},
    {"US", "ME", "Maine", {NY}},
    {"US", "MD", "Maryland", {NY}},
    {"US", "MA", "Massachusetts", {NY}},
    {"US", "MI", "Michigan", {NY, CHI}},
    {"US", "MN", "Minnesota", {CHI}},
    {"US", "MS", "Mississippi", {CHI}},
    {"US", "MO", "Missouri", {CHI}},
    {"US", "MT", "Montana", {DEN}},
    {"US", "NE", "Nebraska", {CHI, DEN}},
    {"US", "NV", "Nevada", {LA}},
    {"US", "NH", "New Hampshire", {NY}},
    {"US", "NJ", "New Jersey", {NY}},
    {"US", "NM", "New Mexico", {DEN}},
    {"US", "NY", "New York", {NY}},
    {"US", "NC", "North Carolina", {NY}},
    {"US", "ND", "North Dakota", {CHI, DEN}},
    {"US", "OH", "Ohio", {NY}},
    {"US", "OK", "Oklahoma", {CHI}},
    {"US", "OR", "Oregon", {LA, "America/Boise"}},
    {"US", "PA", "Pennsylvania", {NY}},
    {"US", "RI", "Rhode Island", {NY}},
    {"US", "SC", "South Carolina", {NY}},
    {"US", "SD", "South Dakota", {CHI, DEN}},
    {"US", "TN", "Tennessee", {NY, CHI}},
    {"US", "TX", "Texas", {CHI, DEN}},
    {"US", "UT", "Utah", {DEN}},
    {"US", "VT", "Vermont", {NY}},
    {"US", "VA", "Virginia", {NY}},
    {"US", "WA", "Washington", {LA}},
    {"US", "WV", "West Virginia", {NY}},
    {"US", "WI", "Wisconsin", {CHI}},
    {"US", "WY", "Wyoming", {DEN}},
    {"US", "PR", "Puerto Rico", {"America/Puerto_Rico"}},
    {"US", "GU", "Guam", {"Pacific/Guam"}},
    {"US", "VI", "U.S. Virgin Islands", {"America/St_Thomas"}},
    {"US", "AS", "American Samoa", {"Pacific/Pago_Pago"}},
    {"US", "MP", "Northern Mariana Islands", {"Pacific/Saipan"}},
    {"CA", "AB", "Alberta", {"America/Edmonton"}},
    {"CA", "BC", "British Columbia", {"America/Vancouver", "America/Fort_Nelson"}},
    {"CA", "MB", "Manitoba", {"America/Winnipeg"}},
    {"CA", "NB", "New Brunswick", {"America/Halifax"}},
    {"CA", "NL", "Newfoundland and Labrador", {"America/St_Johns", "America/Halifax"}},
    {"CA", NULL, "Newfoundland", {"America/St_Johns", "America/Halifax"}},
    {"CA", "NS", "Nova Scotia", {"America/Halifax"}},
    {"CA", "NT", "Northwest Territories", {"America/Edmonton"}},
    {"CA", "NU", "Nunavut", {"America/Toronto", "America/Winnipeg", "America/Edmonton"}},
    {"CA", "ON", "Ontario", {"America/Toronto"}},
    {"CA", "PE", "Prince Edward Island", {"America/Halifax"}},
    {"CA", "QC", "Quebec", {"America/Toronto"}},
    {"CA", NULL, "Québec", {"America/Toronto"}},
    {"CA", "SK", "Saskatchewan", {"America/Regina"}},
    {"CA", "YT", "Yukon", {"America/Whitehorse"}},
    {"AU", "NSW", "New South Wales", {"Australia/Sydney", "Australia/Broken_Hill"}},
    {"AU", "VIC", "Victoria", {"Australia/Melbourne"}},
    {"AU", "QLD", "Queensland", {"Australia/Brisbane"}},
    {"AU", "SA", "South Australia", {"Australia/Adelaide"}},
    {"AU", "WA", "Western Australia", {"Australia/Perth"}},
    {"AU", "TAS", "Tasmania", {"Australia/Hobart"}},
    {"AU", "NT", "Northern Territory", {"Australia/Darwin"}},
    {"AU", "ACT", "Australian Capital Territory", {"Australia/Sydney"}},
};
#undef NY
#undef CHI
#undef DEN
#undef LA

#define STATE_KEY 40
typedef struct StateKey {
	char zKey[STATE_KEY]; /* "US" + letters and digits of a name, lower case */
	const TzState *pState;
} StateKey;

static pthread_once_t stateOnce = PTHREAD_ONCE_INIT;
static StateKey aStateKey[2 * sizeof aState / sizeof aState[0]];
static int nStateKey;

/* zRegion + the letters and digits of zName lower-cased: "Washington, D.C." */
static int stateKey(const char *zRegion, const char *zName, char *zOut)
{
	size_t n = 0;
	if (strlen(zRegion) != 2)
		return 0;
	zOut[n++] = (char)toupper((unsigned char)zRegion[0]);
	zOut[n++] = (char)toupper((unsigned char)zRegion[1]);
	for (; *zName; zName++) {
		if (!isalnum((unsigned char)*zName))
			continue;
		if (n + 1 >= STATE_KEY)
			return 0;
		zOut[n++] = (char)tolower((unsigned char)*zName);
	}
	zOut[n] = 0;
	return n > 2;
}

static int stateCmp(const void *a, const void *b)
{
	return strcmp(((const StateKey *)a)->zKey, ((const StateKey *)b)->zKey);
}

static void stateBuild(void)
{
	for (size_t i = 0; i < sizeof aState / sizeof aState[0]; i++) {
		const TzState *p = &aState[i];
		if (p->zAbbr && stateKey(p->zRegion, p->zAbbr, aStateKey[nStateKey].zKey))
			aStateKey[nStateKey++].pState = p;
		if (stateKey(p->zRegion, p->zName, aStateKey[nStateKey].zKey))
			aStateKey[nStateKey++].pState = p;
	}
	qsort(aStateKey, (size_t)nStateKey, sizeof *aStateKey, stateCmp);
}

static const TzState *stateFind(const char *zRegion, const char *zState)
{
	StateKey k;
	const StateKey *p;
	if (!stateKey(zRegion, zState, k.zKey))
		return NULL;
	p = bsearch(&k, aStateKey, (size_t)nStateKey, sizeof *aStateKey, stateCmp);
	return p ? p->pState : NULL;
}

/* Add zZone to the sorted set unless it is there; 0 when the set is full. */
static int setAdd(hw_tz_set *pSet, const char *zZone)
{
	int i = pSet->nZone, c = 1;
	while (i > 0 && (c = strcmp(pSet->azZone[i - 1], zZone)) > 0)
		i--;
	if (i > 0 && c == 0)
		return 1;
	if (pSet->nZone == HW_TZ_MAX)
		return 0;
	memmove(&pSet->azZone[i + 1], &pSet->azZone[i],
		(size_t)(pSet->nZone - i) * sizeof pSet->azZone[0]);
	pSet->azZone[i] = zZone;
	pSet->nZone++;
	return 1;
}

/* A generated row into pOut; more zones than HW_TZ_MAX is "too vague". */
static hw_rc setFromRow(const hw_tzmap_entry *pRow, hw_tz_source eSource, hw_tz_set *pOut)
{
	if (!pRow || pRow->nZone == 0 || pRow->nZone > HW_TZ_MAX)
		return HW_ENOTFOUND;
	for (int i = 0; i < pRow->nZone; i++)
		setAdd(pOut, hw_tzmap_azZone[hw_tzmap_aList[pRow->iFirst + i]]);
	pOut->eSource = eSource;
	return HW_OK;
}

static int rowCmp(const void *pKey, const void *pRow)
{
	return strcmp(pKey, ((const hw_tzmap_entry *)pRow)->zKey);
}

hw_rc hw_tz_from_address(const char *zRegion, const char *zState, hw_tz_set *pOut)
{
	static const char *const azStateRegion[] = {"US", "CA", "AU"};
	const TzState *pState = NULL;
	char zReg[3] = {0};

	memset(pOut, 0, sizeof *pOut);
	pthread_once(&stateOnce, stateBuild);
	if (zRegion && strlen(zRegion) == 2) {
		zReg[0] = (char)toupper((unsigned char)zRegion[0]);
		zReg[1] = (char)toupper((unsigned char)zRegion[1]);
	}
	if (zState && zReg[0]) {
		pState = stateFind(zReg, zState);
	} else if (zState) {
		/* No country: a state name or code that only one country uses. */
		for (size_t i = 0; i < 3; i++) {
			const TzState *p = stateFind(azStateRegion[i], zState);
			if (p && pState)
				return HW_ENOTFOUND; /* "WA", "NT": ambiguous */
			if (p)
				pState = p;
		}
	}
	if (pState) {
		for (int i = 0; i < 4 && pState->azZone[i]; i++)
			setAdd(pOut, pState->azZone[i]);
		pOut->eSource = HW_TZ_ADDRESS;
		return HW_OK;
	}
	if (!zReg[0])
		return HW_ENOTFOUND;
	return setFromRow(bsearch(zReg, hw_tzmap_aRegion, (size_t)hw_tzmap_nRegion,
				  sizeof *hw_tzmap_aRegion, rowCmp),
			  HW_TZ_ADDRESS, pOut);
}

hw_rc hw_tz_from_e164(const char *zE164, hw_tz_set *pOut)
{
	char zKey[HW_TZMAP_PREFIX_MAX];
	size_t n = 0;

	memset(pOut, 0, sizeof *pOut);
	if (!zE164 || zE164[0] != '+')
		return HW_EINVAL;
	while (isdigit((unsigned char)zE164[1 + n]))
		n++;
	if (!n || zE164[1 + n] || n > 15)
		return HW_EINVAL;
	if (n >= sizeof zKey)
		n = sizeof zKey - 1;
	memcpy(zKey, zE164 + 1, n);
	for (; n > 0; n--) {
		const hw_tzmap_entry *p;
		zKey[n] = 0;
		p = bsearch(zKey, hw_tzmap_aPrefix, (size_t)hw_tzmap_nPrefix,
			    sizeof *hw_tzmap_aPrefix, rowCmp);
		if (p)
			return setFromRow(p, HW_TZ_PHONE, pOut);
	}
	return HW_ENOTFOUND;
}

/*
 * An empty set means "location unknown", which rules nothing out, so it leaves
 * the other set standing. Two known sets that share no zone contradict each
 * other and the result is unknown again (eSource HW_TZ_NONE).
 */
void hw_tz_intersect(hw_tz_set *pA, const hw_tz_set *pB)
{
	int i, j, n = 0;
	if (pB->nZone == 0)
		return;
	if (pA->nZone == 0) {
		*pA = *pB;
		return;
	}
	for (i = 0; i < pA->nZone; i++)
		for (j = 0; j < pB->nZone; j++)
			if (!strcmp(pA->azZone[i], pB->azZone[j])) {
				pA->azZone[n++] = pA->azZone[i];
				break;
			}
	pA->nZone = n;
	if (!n)
		pA->eSource = HW_TZ_NONE;
}

/* Zones that do not fit whole are left out rather than cut in the middle. */
void hw_tz_join(const hw_tz_set *pSet, char *zBuf, size_t nBuf)
{
	size_t n = 0;
	if (!nBuf)
		return;
	zBuf[0] = 0;
	for (int i = 0; i < pSet->nZone; i++) {
		size_t nZone = strlen(pSet->azZone[i]) + (i > 0);
		if (n + nZone >= nBuf)
			break;
		snprintf(zBuf + n, nBuf - n, "%s%s", i > 0 ? "|" : "", pSet->azZone[i]);
		n += nZone;
	}
}

/* The postal code of a state row; a row that adds a spelling borrows it. */
static const char *stateAbbr(const TzState *p)
{
	while (!p->zAbbr && p > aState && !strcmp(p[-1].zRegion, p->zRegion))
		p--;
	return p->zAbbr;
}

hw_rc hw_tz_jurisdiction(const char *zRegion, const char *zState, char zOut[8])
{
	const TzState *pState = NULL;
	const char *zAbbr;
	char zReg[3] = {0};

	zOut[0] = 0;
	if (!zRegion || strlen(zRegion) != 2 || !isalpha((unsigned char)zRegion[0]) ||
	    !isalpha((unsigned char)zRegion[1]))
		return HW_ENOTFOUND;
	zReg[0] = (char)toupper((unsigned char)zRegion[0]);
	zReg[1] = (char)toupper((unsigned char)zRegion[1]);
	pthread_once(&stateOnce, stateBuild);
	if (zState)
		pState = stateFind(zReg, zState);
	zAbbr = pState ? stateAbbr(pState) : NULL;
	/* "AU-" + a code of up to 4 letters fits HW_JUR_MAX (8); none is longer. */
	if (zAbbr && strlen(zAbbr) <= 4)
		snprintf(zOut, 8, "%s-%s", zReg, zAbbr);
	else
		snprintf(zOut, 8, "%s", zReg);
	return HW_OK;
}
