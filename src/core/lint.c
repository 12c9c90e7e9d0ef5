/*
 * lint.c — the dishonest-phrase rules and the matcher that finds them.
 *
 * The text is never copied: a cursor (unit()) reads it one canonical unit at
 * a time — a lowercase ASCII character, one space for a run of blanks and
 * dashes, ' for any apostrophe, or a marker for what no pattern can match (a
 * merge field, a symbol, a letter beyond ASCII). Patterns are matched on
 * those units by backtracking, so a match always ends at a word boundary and
 * the columns are counted on the original text.
 *
 * Invariants of hw_lint_text():
 *   1. A match starts only at the start of a word, and ends before a
 *      character that cannot continue a word.
 *   2. Per rule, a match is not reported again from inside itself ("I think
 *      we were disconnected" is one finding, not a second one at "we").
 *   3. Findings come in the order of their start; at one start, in the order
 *      of the rule table.
 */
#include "core/lint.h"

#include <stdio.h>
#include <string.h>

/* Units beyond ASCII. */
#define U_END 0
#define U_WORD 0x100 /* a letter or digit beyond ASCII: continues a word */
#define U_MARK 0x101 /* a merge field, a symbol: no pattern matches it */

#define MAX_PHRASE 160 /* the canonical phrase; the longest pattern is shorter */
#define N_BEFORE 4     /* words before a match where "pretend" excuses it */

/* "I'm", "we're": the subject of most denials. */
#define SUBJ "(i'm|i am|im|we're|we are)"
#define SUBJ_ADV "(" SUBJ " (really |honestly |truly )?)?"
#define IS_NOT "( is not| isn't| isnt|'s not| s not| won't be| will not be| is really not)"

static const char *const azNotSelling[] = {
    SUBJ_ADV "not (really |honestly |even )?(trying|here|calling|looking|ringing|phoning|"
	     "reaching out|out|writing|emailing)( you)? to (sell|pitch)"
	     "!( (your|their) (data|details|information|info|number|numbers|contact|contacts|"
	     "list|personal))",
    SUBJ_ADV "not selling( you)? (anything|a thing|something)",
    "(i've|i have|we've|we have|i've got|we've got) nothing to sell",
    "(this|it|this call|that)" IS_NOT " (a sales (call|pitch)|a pitch|about (selling|sales))",
    /* a promise about today only can be kept: "I won't sell you anything today" */
    "(i won't|i will not|i'm not going to|i am not going to|im not going to|we won't|"
    "we will not|we're not going to|we are not going to) (try (to|and) )?(sell|pitch) you "
    "anything!( (today|on this call|now))",
    "not a sales (call|pitch)",
    "no sales pitch",
    NULL,
};

static const char *const azNotSolicitation[] = {
    "(this|it|this call)" IS_NOT " a solicitation",
    "not a solicitation",
    SUBJ_ADV "not soliciting",
    NULL,
};

static const char *const azNotSalesperson[] = {
    "(i'm|i am|im) (really |honestly )?not (really )?(a|an) (salesperson|sales person|"
    "salesman|saleswoman|sales rep|sales representative|sales guy|sales agent|telemarketer)",
    "(i'm|i am|im) not (in|from) (the )?sales",
    "(we're|we are) not (salespeople|sales people|salesmen|telemarketers|a sales (company|team))",
    NULL,
};

static const char *const azFakeDisconnect[] = {
    "((i think|i believe|it seems|it looks like|looks like|seems like|sorry) )?(we|i|you)"
    "( were| was| got| have been|'ve been| must have been| must have got| must have gotten|"
    " just got) (disconnected|cut off)!( from)",
    "((i think|i believe|it seems|it looks like|looks like|seems like) (that )?)?"
    "(the|our|my|this) (line|call|connection|phone|phone line|phone call)( just)? "
    "(dropped|must have dropped|dropped out|cut out|went dead|died|disconnected|"
    "(was|got) (dropped|cut off|disconnected))!( from)",
    "((i think|i believe|sorry) )?(i|we) lost (you|the line|the connection|our connection|"
    "the call)!( (to|with|from))",
    "sorry (about|for) (the|that|our) dropped (call|line)",
    NULL,
};

static const char *const azFakeReturnCall[] = {
    "((i'm|i am|im|just|i'm just|i am just|i was|i was just|we're|we are) )?returning your "
    "(call|calls|phone call|voicemail|voice mail|message|email|e mail)",
    "((so )?sorry )?(i|we) (just )?missed your call",
    NULL,
};

static const char *const azFalseRequest[] = {
    "you requested (some |more )?(information|info|details|a call|a callback|a call back|"
    "a quote|a demo|a brochure)",
    "you asked (us|me) to (call|phone|ring|contact|reach out|get in touch)!(( you)? back)",
    "you (expressed|showed|indicated|registered) (an |some )?interest",
    NULL,
};

static const char *const azSurveyPretext[] = {
    "(i'm|i am|im|we're|we are|we|i)( just)? (conducting|doing|running|carrying out) "
    "(a |an |some |a little |a bit of )?(quick |short |brief |little |two minute |2 minute |"
    "one minute |1 minute |few minute )?(survey|market research|research (study|project|call)|"
    "poll|questionnaire)",
    "(this is|it's|its|it is)( just| only)?( a| an)?( quick| short| brief| little)? "
    "(survey|research call|market research call|poll|questionnaire)",
    "(answer|take|do|complete|(calling|call) (for|about|with)) (a|one) (quick|short|brief|little) "
    "survey",
    NULL,
};

static const char *const azCourtesyCall[] = {
    "((this is|it's|its|it is|i'm making|i am making|we're making|we are making|just)"
    "( just| only)? )?(a )?(quick |brief |short )?courtesy call",
    NULL,
};

const hw_lint_rule hw_lint_rules[HW_LINT_NRULE] = {
    {"not-selling", "denies selling",
     "You are calling to sell and the prospect knows it, so the denial is the first thing "
     "they catch and makes the rest suspect; say plainly why you call (\"I'm calling because "
     "...\").",
     "I'm not trying to sell you anything.", azNotSelling},
    {"not-solicitation", "denies soliciting",
     "A call that offers something for sale is a solicitation, so denying it is false (and a "
     "line prospects know from scam calls); say who you are, your company and why you call.",
     "This is not a solicitation.", azNotSolicitation},
    {"not-salesperson", "denies being in sales",
     "Someone calling to sell is a salesperson whatever the title, so the denial is false; "
     "give your name, your company and the reason for the call.",
     "I'm not a salesperson.", azNotSalesperson},
    {"fake-disconnect", "fakes a dropped call",
     "A hang-up is the prospect's answer, and calling back as if the line had dropped is a "
     "lie they recognise; log the hang-up and try another day or another channel.",
     "I think we were disconnected.", azFakeDisconnect},
    {"fake-return-call", "claims the prospect called",
     "A cold prospect never called you, so \"returning your call\" is a pretext they can "
     "check; say that you are calling them, and why.",
     "Just returning your call.", azFakeReturnCall},
    {"false-request", "claims the prospect asked",
     "A cold prospect did not ask to be contacted, so saying they did is a pretext; if this "
     "lead really asked, say when (\"you asked me on Tuesday to call back today\"), otherwise "
     "say why you call.",
     "You requested information about our service.", azFalseRequest},
    {"survey-pretext", "poses as a survey",
     "Selling under the cover of a survey or research (\"sugging\") is a known deceptive "
     "practice; say that you call about your product and ask your question as yourself.",
     "This is a quick survey about your phone system.", azSurveyPretext},
    {"courtesy-call", "poses as a courtesy call",
     "A cold sales call is no courtesy to the prospect, and calling it one dresses a pitch "
     "as a service; say who you are and why you call.",
     "This is a courtesy call from Acme.", azCourtesyCall},
};

/* Words that excuse a match shortly after them in the same sentence. */
static const char zExcuse[] = "(pretend|pretends|pretended|pretending|claim|claims|claimed|"
			      "claiming)";

typedef struct text {
	const unsigned char *z;
	size_t n; /* bytes to read, at most HW_LINT_MAX_TEXT */
} text;

/* The code point at i and its length; a byte that is not valid UTF-8 is
 * U+FFFD of length 1, so every byte belongs to exactly one character. */
static int decode(const text *t, size_t i, size_t *pn)
{
	const unsigned char *z = t->z + i;
	size_t nLeft = t->n - i;
	int c = z[0], n, cMin;
	if (c < 0x80) {
		*pn = 1;
		return c;
	}
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, c &= 0x1F, cMin = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, c &= 0x0F, cMin = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, c &= 0x07, cMin = 0x10000;
	else
		goto bad;
	if ((size_t)n > nLeft)
		goto bad;
	for (int k = 1; k < n; k++) {
		if ((z[k] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (z[k] & 0x3F);
	}
	if (c < cMin || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*pn = (size_t)n;
	return c;
bad:
	*pn = 1;
	return 0xFFFD;
}

/* Blanks, line breaks and dashes: a run of them is one space. */
static int is_blank(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == '-' || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200A) || (c >= 0x2010 && c <= 0x2015) || c == 0x2028 ||
	       c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x2212 || c == 0x3000;
}

/* Invisible characters a copy from a word processor brings along. */
static int is_invisible(int c)
{
	return c == 0xAD || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF;
}

static int is_apostrophe(int c)
{
	return c == '\'' || c == '`' || c == 0xB4 || c == 0x2BC || c == 0x2018 || c == 0x2019 ||
	       c == 0x2032;
}

/* Beyond ASCII, punctuation and symbols end a word; anything else is taken
 * for a letter (no tables: a wrong guess only moves a word boundary). */
static int is_word_beyond_ascii(int c)
{
	return !((c >= 0x80 && c <= 0xBF) || c == 0xD7 || c == 0xF7 ||
		 (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
		 (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF0F) || c == 0xFFFD ||
		 c >= 0x1F000);
}

static int is_word(int u)
{
	return (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == U_WORD;
}

/* The end of the merge field at i ("{{...}}" on one line), or 0. */
static size_t merge_field_end(const text *t, size_t i)
{
	if (i + 1 >= t->n || t->z[i] != '{' || t->z[i + 1] != '{')
		return 0;
	for (size_t j = i + 2; j + 1 < t->n && t->z[j] != '\n'; j++)
		if (t->z[j] == '}' && t->z[j + 1] == '}')
			return j + 2;
	return 0;
}

/* The canonical unit at i: *piAt is where it starts (past invisible
 * characters), *piNext where the next one may start. */
static int unit(const text *t, size_t i, size_t *piAt, size_t *piNext)
{
	size_t n;
	int c;
	for (;;) {
		if (i >= t->n) {
			*piAt = *piNext = t->n;
			return U_END;
		}
		c = decode(t, i, &n);
		if (!is_invisible(c))
			break;
		i += n;
	}
	*piAt = i;
	size_t iEnd = merge_field_end(t, i);
	if (iEnd) {
		*piNext = iEnd;
		return U_MARK;
	}
	if (is_blank(c)) {
		for (i += n; i < t->n; i += n) {
			c = decode(t, i, &n);
			if (!is_blank(c) && !is_invisible(c))
				break;
		}
		*piNext = i;
		return ' ';
	}
	*piNext = i + n;
	if (is_apostrophe(c))
		return '\'';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 'a';
	if (c < 0x80)
		return c;
	return is_word_beyond_ascii(c) ? U_WORD : U_MARK;
}

/* What is left to match after the current group: a pattern span, then the
 * continuation of the group around it. */
typedef struct cont {
	const char *p, *pEnd;
	const struct cont *pUp;
} cont;

static int match(const text *t, const char *p, const char *pEnd, const cont *k, size_t i,
		 size_t *piEnd);

/* The ')' closing the '(' at p, or NULL for a malformed pattern. */
static const char *group_end(const char *p)
{
	int nDepth = 0;
	for (; *p; p++) {
		if (*p == '(')
			nDepth++;
		else if (*p == ')' && --nDepth == 0)
			return p;
	}
	return NULL;
}

/* Try each alternative of the group p..q (its parentheses), then k. */
static int match_group(const text *t, const char *p, const char *q, const cont *k, size_t i,
		       size_t *piEnd)
{
	int nDepth = 0;
	const char *a = p + 1;
	for (const char *b = a; b <= q; b++) {
		if (*b == '(') {
			nDepth++;
		} else if (*b == ')' && b < q) {
			nDepth--;
		} else if (b == q || (*b == '|' && nDepth == 0)) {
			if (match(t, a, b, k, i, piEnd))
				return 1;
			a = b + 1;
		}
	}
	return 0;
}

/* Match p..pEnd, then the continuations, at i; the whole must end at a word
 * boundary. *piEnd: where the match ends. */
static int match(const text *t, const char *p, const char *pEnd, const cont *k, size_t i,
		 size_t *piEnd)
{
	size_t iAt, iNext;
	while (p < pEnd) {
		if (*p == '(' || *p == '!') {
			int bNot = *p == '!';
			const char *q0 = p + bNot;
			const char *q = group_end(q0);
			if (!q || q >= pEnd)
				return 0;
			int bOpt = q + 1 < pEnd && q[1] == '?';
			const char *pRest = q + 1 + bOpt;
			if (bNot) {
				size_t iIgnored;
				if (match_group(t, q0, q, NULL, i, &iIgnored))
					return 0;
			} else {
				cont up = {pRest, pEnd, k};
				if (match_group(t, q0, q, &up, i, piEnd))
					return 1;
				if (!bOpt)
					return 0;
			}
			p = pRest;
			continue;
		}
		if (unit(t, i, &iAt, &iNext) != (unsigned char)*p)
			return 0;
		i = iNext;
		p++;
	}
	if (k)
		return match(t, k->p, k->pEnd, k->pUp, i, piEnd);
	if (is_word(unit(t, i, &iAt, &iNext)))
		return 0;
	*piEnd = i;
	return 1;
}

static int match_pattern(const text *t, const char *zPattern, size_t i, size_t *piEnd)
{
	return match(t, zPattern, zPattern + strlen(zPattern), NULL, i, piEnd);
}

/* Move the line and column over the bytes i..iEnd; "\r\n" is one break. */
static void advance(const text *t, size_t i, size_t iEnd, int *piLine, int *piCol)
{
	while (i < iEnd) {
		size_t n;
		int c = decode(t, i, &n);
		if (c == '\n' || (c == '\r' && !(i + 1 < t->n && t->z[i + 1] == '\n'))) {
			++*piLine;
			*piCol = 1;
		} else if (c != '\r') {
			++*piCol;
		}
		i += n;
	}
}

/* The canonical text of the match i..iEnd (all ASCII: patterns are). */
static void phrase(const text *t, size_t i, size_t iEnd, char *zOut, size_t nOut)
{
	size_t n = 0, iAt;
	while (i < iEnd && n + 1 < nOut) {
		int u = unit(t, i, &iAt, &i);
		if (u > 0 && u < 0x80)
			zOut[n++] = (char)u;
	}
	zOut[n] = 0;
}

int hw_lint_text(const char *zText, int (*xFinding)(void *pCtx, const hw_lint_finding *p),
		 void *pCtx)
{
	if (!zText)
		return 0;
	text t = {(const unsigned char *)zText, strnlen(zText, HW_LINT_MAX_TEXT)};
	size_t aSkip[HW_LINT_NRULE] = {0}; /* per rule: where its last match ended */
	size_t aBefore[N_BEFORE];	   /* starts of the last words of the sentence */
	int nBefore = 0, nFound = 0, iLine = 1, iCol = 1;
	int uPrev = ' ', uPrev2 = ' ';
	size_t i = 0;

	for (;;) {
		size_t iAt, iNext;
		int u = unit(&t, i, &iAt, &iNext);
		advance(&t, i, iAt, &iLine, &iCol);
		if (u == U_END)
			break;
		/* "don't": the t after an apostrophe inside a word starts nothing */
		int bStart = is_word(u) && !is_word(uPrev) && !(uPrev == '\'' && is_word(uPrev2));
		for (int r = 0; bStart && r < HW_LINT_NRULE; r++) {
			const hw_lint_rule *pRule = &hw_lint_rules[r];
			size_t iEnd = 0;
			int bMatch = 0;
			if (iAt < aSkip[r])
				continue;
			for (int j = 0; !bMatch && pRule->azPattern[j]; j++)
				bMatch = match_pattern(&t, pRule->azPattern[j], iAt, &iEnd);
			if (!bMatch)
				continue;
			aSkip[r] = iEnd;
			int bExcused = 0;
			for (int j = 0; !bExcused && j < nBefore; j++) {
				size_t iIgnored;
				bExcused = match_pattern(&t, zExcuse, aBefore[j], &iIgnored);
			}
			if (bExcused)
				continue;
			nFound++;
			if (xFinding) {
				char zPhrase[MAX_PHRASE];
				phrase(&t, iAt, iEnd, zPhrase, sizeof zPhrase);
				hw_lint_finding f = {.iLine = iLine,
						     .iCol = iCol,
						     .iOffset = (int)iAt,
						     .nByte = (int)(iEnd - iAt),
						     .zRule = pRule->zRule,
						     .zPhrase = zPhrase,
						     .zWhy = pRule->zWhy};
				if (xFinding(pCtx, &f))
					return nFound;
			}
		}
		if (bStart) {
			if (nBefore == N_BEFORE)
				memmove(aBefore, aBefore + 1, (N_BEFORE - 1) * sizeof aBefore[0]);
			else
				nBefore++;
			aBefore[nBefore - 1] = iAt;
		} else if (u == '.' || u == '!' || u == '?' || u == ';') {
			nBefore = 0;
		}
		advance(&t, iAt, iNext, &iLine, &iCol);
		uPrev2 = uPrev;
		uPrev = u;
		i = iNext;
	}
	return nFound;
}

const hw_lint_rule *hw_lint_rule_find(const char *zRule)
{
	for (int i = 0; zRule && i < HW_LINT_NRULE; i++)
		if (!strcmp(zRule, hw_lint_rules[i].zRule))
			return &hw_lint_rules[i];
	return NULL;
}

void hw_lint_format(const hw_lint_finding *p, const char *zWhere, char *zBuf, size_t nBuf)
{
	int bWhere = zWhere && zWhere[0];
	snprintf(zBuf, nBuf, "%s%s%d:%d: warning: \"%s\" (%s): %s", bWhere ? zWhere : "",
		 bWhere ? ":" : "", p->iLine, p->iCol, p->zPhrase, p->zRule, p->zWhy);
}
