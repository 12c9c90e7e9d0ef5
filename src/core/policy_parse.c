/*
 * policy_parse.c — the calling policy's text format into an hw_policy, and the
 * policy hawser ships with (hw_policy_default_text).
 *
 * The format is one directive per line (policy.h describes it). The parser is
 * strict: the policy decides when calling someone is legal, so a line it does
 * not understand is an error naming the line, the word and what was expected,
 * never something skipped. Jurisdictions are kept upper case ("us-fl" reads
 * as "US-FL"); directives and day names are read in any case.
 */
#include "core/policy_int.h"

#include <ctype.h>   /* isspace, isalpha, isalnum, isdigit, toupper */
#include <stdarg.h>  /* va_list */
#include <stdio.h>   /* vsnprintf, sscanf */
#include <stdlib.h>  /* strtol */
#include <string.h>  /* strlen, strchr, strcspn, strspn, memchr, memcpy */
#include <strings.h> /* strcasecmp, strncasecmp */

/*
 * Hours in the called party's local time. The legal lines follow the laws
 * named beside them as they stood when written; check them against current
 * law for the markets you call (this is not legal advice).
 */
const char hw_policy_default_text[] =
    "# hawser calling policy. One directive per line; '#' starts a comment.\n"
    "# Times are HH:MM in the called party's local time; an end is exclusive\n"
    "# (08:00 21:00 allows 20:59, not 21:00) and may be 24:00.\n"
    "# Days: mon tue wed thu fri sat sun, ranges (mon-fri), lists (mon,wed,fri).\n"
    "\n"
    "# ---- Legal calling windows ------------------------------------------\n"
    "# window JURISDICTION DAYS START END [cap N]\n"
    "# A jurisdiction is a country (US), a state or province (US-FL, CA-ON,\n"
    "# AU-NSW) or * for everyone else. A state with windows of its own uses\n"
    "# only those; a state without (US-TX) uses its country's; a country\n"
    "# without uses *. \"cap N\": at most N calls to one lead in any 24 hours.\n"
    "\n"
    "# US federal rule (TCPA): 8 am to 9 pm.\n"
    "window US     mon-sun  08:00 21:00\n"
    "# Florida, Oklahoma and Maryland: 8 am to 8 pm, and no more than three\n"
    "# calls to a person in 24 hours.\n"
    "window US-FL  mon-sun  08:00 20:00 cap 3\n"
    "window US-OK  mon-sun  08:00 20:00 cap 3\n"
    "window US-MD  mon-sun  08:00 20:00 cap 3\n"
    "\n"
    "# Canada (CRTC telemarketing rules): weekdays 9 am to 9:30 pm, weekends\n"
    "# 10 am to 6 pm.\n"
    "window CA     mon-fri  09:00 21:30\n"
    "window CA     sat-sun  10:00 18:00\n"
    "\n"
    "# Australia (telemarketing industry standard): weekdays 9 am to 8 pm,\n"
    "# Saturday 9 am to 5 pm, never on Sunday. The standard also forbids\n"
    "# national public holidays: the holiday lines below keep retries off\n"
    "# them, but only the windows decide whether a call is legal.\n"
    "window AU     mon-fri  09:00 20:00\n"
    "window AU     sat      09:00 17:00\n"
    "\n"
    "# Everyone else: business hours.\n"
    "window *      mon-fri  09:00 20:00\n"
    "window *      sat      10:00 17:00\n"
    "\n"
    "# ---- Quiet windows ---------------------------------------------------\n"
    "# quiet START END [reason]: legal but a bad moment, so never called then.\n"
    "# Applies every day, in every jurisdiction.\n"
    "quiet 09:00 09:30 first half hour of the business day\n"
    "quiet 12:00 13:00 lunch\n"
    "quiet 17:00 17:30 leaving at five\n"
    "\n"
    "# ---- Business days and holidays --------------------------------------\n"
    "# Retries that must land on a business day skip the other days and the\n"
    "# holidays of the lead's jurisdiction (a US holiday covers US-FL too; a\n"
    "# holiday for * covers everyone). Legality is the windows' business.\n"
    "business-days mon-fri\n"
    "\n"
    "# holiday YYYY-MM-DD JURISDICTION [name]\n"
    "# US federal holidays on their observed dates: a Saturday holiday is\n"
    "# observed the Friday before, a Sunday one the Monday after. Washington's\n"
    "# Birthday, Columbus Day and Veterans Day are left out: most businesses\n"
    "# work then. Add each new year before it starts.\n"
    "holiday 2026-01-01 US New Year's Day\n"
    "holiday 2026-01-19 US Martin Luther King Jr. Day\n"
    "holiday 2026-05-25 US Memorial Day\n"
    "holiday 2026-06-19 US Juneteenth\n"
    "holiday 2026-07-03 US Independence Day (observed)\n"
    "holiday 2026-09-07 US Labor Day\n"
    "holiday 2026-11-26 US Thanksgiving Day\n"
    "holiday 2026-12-25 US Christmas Day\n"
    "holiday 2027-01-01 US New Year's Day\n"
    "holiday 2027-01-18 US Martin Luther King Jr. Day\n"
    "holiday 2027-05-31 US Memorial Day\n"
    "holiday 2027-06-18 US Juneteenth (observed)\n"
    "holiday 2027-07-05 US Independence Day (observed)\n"
    "holiday 2027-09-06 US Labor Day\n"
    "holiday 2027-11-25 US Thanksgiving Day\n"
    "holiday 2027-12-24 US Christmas Day (observed)\n"
    "holiday 2027-12-31 US New Year's Day 2028 (observed)\n"
    "\n"
    "# Examples for Canada and Australia (national ones only; provinces and\n"
    "# states have more, e.g. 'holiday 2026-02-16 CA-ON Family Day').\n"
    "holiday 2026-01-01 CA New Year's Day\n"
    "holiday 2026-07-01 CA Canada Day\n"
    "holiday 2026-12-25 CA Christmas Day\n"
    "holiday 2026-01-01 AU New Year's Day\n"
    "holiday 2026-01-26 AU Australia Day\n"
    "holiday 2026-04-03 AU Good Friday\n"
    "holiday 2026-04-06 AU Easter Monday\n"
    "holiday 2026-12-25 AU Christmas Day\n"
    "\n"
    "# ---- Time blocks -----------------------------------------------------\n"
    "# block NAME START END: retries rotate through these, so a lead who never\n"
    "# answers in the morning is tried in the afternoon. The gaps between them\n"
    "# are the quiet windows. At most 8 blocks.\n"
    "block early      08:00 09:00\n"
    "block morning    09:30 12:00\n"
    "block midday     13:00 15:00\n"
    "block afternoon  15:00 17:00\n"
    "block evening    17:30 20:00\n";

#define LINE_MAX_CHARS 512
#define WORD_MAX 64

typedef struct Parse {
	const char *zFile;
	long iLine;
	hw_policy *p;
	hw_err *pErr;
	const char *zCur; /* the rest of the line being read */
	long iBusinessDaysLine;
} Parse;

/* Report what is wrong on the current line; always returns 1 (an error). */
static int perr(Parse *pP, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));
static int perr(Parse *pP, const char *zFmt, ...)
{
	char zMsg[sizeof pP->pErr->zMsg];
	va_list ap;
	va_start(ap, zFmt);
	vsnprintf(zMsg, sizeof zMsg, zFmt, ap);
	va_end(ap);
	hw_err_at(pP->pErr, pP->zFile, pP->iLine, 0, NULL, "%s", zMsg);
	return 1;
}

/* The next blank-separated word of the line into zOut; 0 at the end. */
static int word(Parse *pP, char zOut[WORD_MAX])
{
	size_t n = 0;
	const char *z = pP->zCur;
	while (isspace((unsigned char)*z))
		z++;
	while (*z && !isspace((unsigned char)*z)) {
		if (n + 1 < WORD_MAX)
			zOut[n++] = *z;
		else
			zOut[WORD_MAX - 2] = '~'; /* too long: spoil it so no check passes */
		z++;
	}
	zOut[n] = 0;
	pP->zCur = z;
	return n > 0;
}

/* The rest of the line, trimmed, as free text (a reason, a holiday name). */
static int rest(Parse *pP, char *zOut, size_t nOut, const char *zWhat)
{
	const char *z = pP->zCur;
	size_t n;
	while (isspace((unsigned char)*z))
		z++;
	n = strlen(z);
	while (n && isspace((unsigned char)z[n - 1]))
		n--;
	if (n >= nOut)
		return perr(pP, "%s is too long: at most %zu characters", zWhat, nOut - 1);
	memcpy(zOut, z, n);
	zOut[n] = 0;
	return 0;
}

/* Nothing may follow the last argument of a directive. */
static int lineEnd(Parse *pP, const char *zDirective, const char *zExpected)
{
	char zWord[WORD_MAX];
	if (word(pP, zWord))
		return perr(pP, "unexpected '%s' after %s: expected %s", zWord, zDirective,
			    zExpected);
	return 0;
}

/* "H:MM" or "HH:MM" from 00:00 to 23:59, and 24:00 when it ends a span. */
static int parseTime(Parse *pP, const char *z, int bEnd, int *piMinute)
{
	char *zEnd;
	long h, m;
	const char *zColon = strchr(z, ':');
	if (!zColon || zColon == z || zColon - z > 2 || strlen(zColon + 1) != 2 ||
	    !isdigit((unsigned char)z[0]) || !isdigit((unsigned char)zColon[1]) ||
	    !isdigit((unsigned char)zColon[2]))
		goto bad;
	h = strtol(z, &zEnd, 10);
	if (zEnd != zColon)
		goto bad;
	m = (zColon[1] - '0') * 10 + (zColon[2] - '0');
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		goto bad;
	if (h == 24 && !bEnd)
		return perr(pP,
			    "bad start time '%s': expected HH:MM between 00:00 and 23:59 "
			    "(24:00 can only end a span)",
			    z);
	*piMinute = (int)(h * 60 + m);
	return 0;
bad:
	return perr(pP, "bad time '%s': expected HH:MM between 00:00 and 24:00", z);
}

/* START END, the end after the start; zWhat names the span in errors. */
static int parseSpan(Parse *pP, const char *zWhat, int *piStart, int *piEnd)
{
	char zStart[WORD_MAX], zEnd[WORD_MAX];
	if (!word(pP, zStart) || !word(pP, zEnd))
		return perr(pP, "%s needs a start and an end time: expected HH:MM HH:MM", zWhat);
	if (parseTime(pP, zStart, 0, piStart) || parseTime(pP, zEnd, 1, piEnd))
		return 1;
	if (*piEnd <= *piStart)
		return perr(pP,
			    "%s end %s is not after its start %s (a span cannot cross midnight: "
			    "split it in two)",
			    zWhat, zEnd, zStart);
	return 0;
}

static const char *const azDayAbbr[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

static int dayIndex(const char *z, size_t n)
{
	for (int i = 0; i < 7; i++)
		if (n == 3 && !strncasecmp(z, azDayAbbr[i], 3))
			return i;
	return -1;
}

/* "mon-fri", "sat", "mon,wed,fri", "mon-wed,fri"; a range may wrap ("fri-mon"). */
static int parseDays(Parse *pP, const char *zDays, unsigned *pmDays)
{
	const char *z = zDays;
	unsigned m = 0;
	while (*z) {
		size_t n = strcspn(z, ",");
		const char *zDash = memchr(z, '-', n);
		int iFrom, iTo;
		if (zDash) {
			iFrom = dayIndex(z, (size_t)(zDash - z));
			iTo = dayIndex(zDash + 1, n - (size_t)(zDash - z) - 1);
		} else {
			iFrom = iTo = dayIndex(z, n);
		}
		if (iFrom < 0 || iTo < 0)
			return perr(pP,
				    "bad days '%s': expected mon, tue, wed, thu, fri, sat, sun, "
				    "a range like mon-fri or a list like mon,wed,fri",
				    zDays);
		for (int i = iFrom;; i = (i + 1) % 7) {
			m |= 1u << i;
			if (i == iTo)
				break;
		}
		z += n;
		if (*z == ',' && *++z == 0)
			return perr(pP, "bad days '%s': a list cannot end with ','", zDays);
	}
	if (!m)
		return perr(pP, "bad days '%s': expected at least one day", zDays);
	*pmDays = m;
	return 0;
}

/* "*", a country "US" or a subdivision "US-FL", "AU-NSW"; upper-cased. */
static int parseJur(Parse *pP, const char *z, char zOut[HW_JUR_MAX])
{
	size_t n = strlen(z), i;
	int bOk =
	    !strcmp(z, "*") || (n >= 2 && n < HW_JUR_MAX && isalpha((unsigned char)z[0]) &&
				isalpha((unsigned char)z[1]) && (n == 2 || (z[2] == '-' && n > 3)));
	for (i = 3; bOk && i < n; i++)
		bOk = isalnum((unsigned char)z[i]);
	if (!bOk)
		return perr(pP,
			    "bad jurisdiction '%s': expected *, a country code like US or a "
			    "state like US-FL",
			    z);
	for (i = 0; i <= n; i++)
		zOut[i] = (char)toupper((unsigned char)z[i]);
	return 0;
}

static int parseWindow(Parse *pP)
{
	hw_policy *p = pP->p;
	char zJur[WORD_MAX], zDays[WORD_MAX], zWord[WORD_MAX];
	hw_window w;

	memset(&w, 0, sizeof w);
	if (p->nWindow == HW_POLICY_MAX_WINDOWS)
		return perr(pP, "too many windows: at most %d", HW_POLICY_MAX_WINDOWS);
	if (!word(pP, zJur) || !word(pP, zDays))
		return perr(pP, "window needs JURISDICTION DAYS START END, e.g. "
				"'window US mon-fri 08:00 21:00'");
	if (parseJur(pP, zJur, w.zJur) || parseDays(pP, zDays, &w.mDays) ||
	    parseSpan(pP, "window", &w.iStart, &w.iEnd))
		return 1;
	if (word(pP, zWord)) {
		char *zEnd;
		long n;
		if (strcasecmp(zWord, "cap"))
			return perr(pP,
				    "unexpected '%s' after window: expected 'cap N' or the end "
				    "of the line",
				    zWord);
		if (!word(pP, zWord))
			return perr(pP, "cap needs a number: expected 'cap N', N calls per lead "
					"per 24 hours");
		n = strtol(zWord, &zEnd, 10);
		if (*zEnd || !isdigit((unsigned char)zWord[0]) || n < 1 || n > 1000)
			return perr(pP, "bad cap '%s': expected a number of calls from 1 to 1000",
				    zWord);
		w.nCap = (int)n;
		if (lineEnd(pP, "the cap", "the end of the line"))
			return 1;
	}
	/* One cap per jurisdiction: two windows saying different things is a typo. */
	for (int i = 0; i < p->nWindow && w.nCap; i++)
		if (!strcmp(p->aWindow[i].zJur, w.zJur) && p->aWindow[i].nCap &&
		    p->aWindow[i].nCap != w.nCap)
			return perr(pP,
				    "cap %d for %s differs from the cap %d of an earlier %s "
				    "window: a jurisdiction has one cap",
				    w.nCap, w.zJur, p->aWindow[i].nCap, w.zJur);
	p->aWindow[p->nWindow++] = w;
	return 0;
}

static int parseQuiet(Parse *pP)
{
	hw_policy *p = pP->p;
	hw_quiet *q;
	if (p->nQuiet == HW_POLICY_MAX_QUIET)
		return perr(pP, "too many quiet windows: at most %d", HW_POLICY_MAX_QUIET);
	q = &p->aQuiet[p->nQuiet];
	memset(q, 0, sizeof *q);
	if (parseSpan(pP, "quiet window", &q->iStart, &q->iEnd) ||
	    rest(pP, q->zReason, sizeof q->zReason, "the quiet window's reason"))
		return 1;
	p->nQuiet++;
	return 0;
}

static int parseBusinessDays(Parse *pP)
{
	char zDays[WORD_MAX];
	if (pP->iBusinessDaysLine)
		return perr(pP, "business-days given twice (first on line %ld): keep one",
			    pP->iBusinessDaysLine);
	if (!word(pP, zDays))
		return perr(pP, "business-days needs days, e.g. 'business-days mon-fri'");
	if (parseDays(pP, zDays, &pP->p->mBusinessDays) ||
	    lineEnd(pP, "business-days", "the end of the line"))
		return 1;
	pP->iBusinessDaysLine = pP->iLine;
	return 0;
}

static int parseHoliday(Parse *pP)
{
	hw_policy *p = pP->p;
	char zDate[WORD_MAX], zJur[WORD_MAX];
	hw_holiday *h;
	int y, m, d, nUsed = 0;

	if (p->nHoliday == HW_POLICY_MAX_HOLIDAYS)
		return perr(pP, "too many holidays: at most %d", HW_POLICY_MAX_HOLIDAYS);
	h = &p->aHoliday[p->nHoliday];
	memset(h, 0, sizeof *h);
	if (!word(pP, zDate) || !word(pP, zJur))
		return perr(pP, "holiday needs a date and a jurisdiction, e.g. "
				"'holiday 2026-11-26 US Thanksgiving Day'");
	if (strlen(zDate) != 10 || sscanf(zDate, "%4d-%2d-%2d%n", &y, &m, &d, &nUsed) != 3 ||
	    nUsed != 10 || y < 1900 || m < 1 || m > 12 || d < 1 || d > hw_days_in_month(y, m))
		return perr(pP, "bad date '%s': expected YYYY-MM-DD, a real day", zDate);
	if (parseJur(pP, zJur, h->zJur) || rest(pP, h->zName, sizeof h->zName, "the holiday name"))
		return 1;
	h->iYear = y, h->iMonth = m, h->iDay = d;
	p->nHoliday++;
	return 0;
}

static int parseBlock(Parse *pP)
{
	hw_policy *p = pP->p;
	char zName[WORD_MAX];
	hw_block *b;
	size_t n;

	if (p->nBlock == HW_POLICY_MAX_BLOCKS)
		return perr(pP, "too many blocks: at most %d", HW_POLICY_MAX_BLOCKS);
	b = &p->aBlock[p->nBlock];
	memset(b, 0, sizeof *b);
	if (!word(pP, zName))
		return perr(pP, "block needs NAME START END, e.g. 'block morning 09:30 12:00'");
	n = strlen(zName);
	if (n >= sizeof b->zName || strspn(zName, "abcdefghijklmnopqrstuvwxyz"
						  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != n)
		return perr(pP,
			    "bad block name '%s': expected up to %zu letters, digits, '_' "
			    "or '-'",
			    zName, sizeof b->zName - 1);
	for (int i = 0; i < p->nBlock; i++)
		if (!strcasecmp(p->aBlock[i].zName, zName))
			return perr(pP, "block '%s' is defined twice: block names must differ",
				    zName);
	memcpy(b->zName, zName, n + 1);
	if (parseSpan(pP, "block", &b->iStart, &b->iEnd) ||
	    lineEnd(pP, "block", "the end of the line"))
		return 1;
	p->nBlock++;
	return 0;
}

/* Directives, as the table of what each line may start with. */
static const struct {
	const char *zName;
	int (*xParse)(Parse *);
} aDirective[] = {
    {"window", parseWindow},   {"quiet", parseQuiet}, {"business-days", parseBusinessDays},
    {"holiday", parseHoliday}, {"block", parseBlock},
};

static int parseLine(Parse *pP, char *zLine)
{
	char zWord[WORD_MAX];
	char *zHash = strchr(zLine, '#');
	if (zHash)
		*zHash = 0;
	pP->zCur = zLine;
	if (!word(pP, zWord))
		return 0; /* blank or comment */
	for (size_t i = 0; i < sizeof aDirective / sizeof aDirective[0]; i++)
		if (!strcasecmp(zWord, aDirective[i].zName))
			return aDirective[i].xParse(pP);
	return perr(pP,
		    "unknown directive '%s': expected window, quiet, business-days, "
		    "holiday or block",
		    zWord);
}

hw_rc hw_policy_parse(const char *zText, const char *zFile, hw_policy *p, hw_err *pErr)
{
	Parse s;
	const char *z = zText;

	memset(p, 0, sizeof *p);
	memset(&s, 0, sizeof s);
	s.zFile = zFile, s.p = p, s.pErr = pErr;
	p->mBusinessDays = 0x1f; /* mon-fri unless the text says otherwise */
	if (!zText) {
		hw_err_at(pErr, zFile, 0, 0, NULL, "no policy text");
		return HW_EINVAL;
	}
	while (*z) {
		char zLine[LINE_MAX_CHARS];
		size_t n = strcspn(z, "\n");
		s.iLine++;
		if (n >= sizeof zLine) {
			perr(&s, "line too long: at most %d characters", LINE_MAX_CHARS - 1);
			return HW_EINVAL;
		}
		memcpy(zLine, z, n);
		zLine[n] = 0;
		if (n && zLine[n - 1] == '\r')
			zLine[n - 1] = 0;
		if (parseLine(&s, zLine))
			return HW_EINVAL;
		z += n;
		if (*z)
			z++;
	}
	return HW_OK;
}
