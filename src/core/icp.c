/*
 * icp.c — the Ideal Customer Profile: parsing the rules text (icp.h has the
 * format) and scoring a lead against the rules.
 *
 * Values are folded once, at parse, so scoring only folds the lead's side
 * byte by byte as it compares, without copying. A lead's custom fields are a
 * JSON object; they are parsed once per scored lead, and only when some rule
 * reads them.
 */
#include "core/icp.h"

#include <jansson.h> /* custom fields are a JSON object */
#include <stdarg.h>  /* va_list */
#include <stdio.h>   /* snprintf */
#include <stdlib.h>  /* calloc, realloc, free */
#include <string.h>  /* memcpy, strlen, strchr */

/* Rule targets that are not azField slots. */
#define ICP_REGION (-1) /* hw_lead.zRegion */
#define ICP_CUSTOM (-2) /* a key of hw_lead.zCustom */

#define ICP_BASE_DEFAULT 50

/* A line is FIELD OPERATOR VALUE... POINTS: the values and three more. */
#define ICP_MAX_TOKENS (HW_ICP_MAX_VALUES + 3)

/* Fields a rule may read; custom.KEY is recognised apart. */
static const struct {
	const char *zName;
	int iField; /* hw_field, or ICP_REGION */
} aIcpField[] = {
	{"title", HW_F_TITLE},
	{"industry", HW_F_INDUSTRY},
	{"employees", HW_F_EMPLOYEES},
	{"region", ICP_REGION},
	{"country", HW_F_COUNTRY},
	{"company", HW_F_COMPANY},
	{"state", HW_F_STATE},
	{"city", HW_F_CITY},
};

typedef enum icp_op { ICP_HAS = 0, ICP_IS, ICP_BETWEEN, ICP_OP_COUNT } icp_op;

/* Indexed by icp_op. */
static const char *const azIcpOp[ICP_OP_COUNT] = {"has", "is", "between"};

typedef struct icp_value {
	const char *zShow; /* as the profile wrote it, trimmed: for explain */
	const char *zFold; /* ASCII lower case, trimmed, without a prefix '*' */
	size_t nFold;
	int bPrefix; /* "market*": the match may end inside a word */
} icp_value;

typedef struct icp_rule {
	int iField;        /* hw_field, ICP_REGION or ICP_CUSTOM */
	const char *zName; /* "title", or "custom.KEY" as written */
	const char *zKey;  /* the KEY of custom.KEY, else NULL */
	icp_op eOp;
	int nValue; /* has, is */
	icp_value aValue[HW_ICP_MAX_VALUES];
	long long iLo, iHi; /* between, both included */
	int iPoints;
	char *zStore; /* owns the strings above that are not static */
} icp_rule;

struct hw_icp {
	int iBase;
	int bCustom; /* some rule reads custom fields */
	int nRule;
	int nAlloc;
	icp_rule *aRule;
};

typedef struct icp_tok {
	const char *z;
	size_t n;
	int bQuoted;
} icp_tok;

/* Where the parser is, for errors. */
typedef struct icp_at {
	const char *zFile;
	long iLine;
	hw_err *pErr;
} icp_at;

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* UTF-8 lead and continuation bytes are letters: no word ends inside "Zürich". */
static int is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c >= 0x80;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Keywords and custom keys are compared ignoring ASCII case. */
static int tok_is(const icp_tok *pTok, const char *zWord)
{
	size_t n = strlen(zWord);
	if (pTok->n != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (fold((unsigned char)pTok->z[i]) != fold((unsigned char)zWord[i]))
			return 0;
	return 1;
}

/*
 * One number as lists and profiles write head counts: digits with optional
 * thousands commas, then an optional 'k'. Advances *pz past it. Huge values
 * are refused rather than wrapped.
 */
static int read_number(const char **pz, long long *pi)
{
	const char *z = *pz;
	long long i = 0;
	int nDigit = 0;
	for (;; z++) {
		if (is_digit(*z)) {
			if (i >= 1000000000000000LL)
				return 0;
			i = i * 10 + (*z - '0');
			nDigit++;
		} else if (!(*z == ',' && nDigit && is_digit(z[1]))) {
			break;
		}
	}
	if (!nDigit)
		return 0;
	if (*z == 'k' || *z == 'K') {
		i *= 1000;
		z++;
	}
	/* "60x" is not a count; "51–200" with an en dash is. */
	if ((unsigned char)*z < 0x80 && is_word((unsigned char)*z))
		return 0;
	*pz = z;
	*pi = i;
	return 1;
}

static const char *skip_space(const char *z)
{
	while (is_space(*z))
		z++;
	return z;
}

/*
 * The head count in an employees value: "1000", "1,200", "500+", "2k", or a
 * band ("51-200", "51 – 200", "11 to 50") counted as its low end, since the
 * company is at least that big. Anything else ("n/a", "unknown") is no count.
 */
static int parse_count(const char *z, long long *pi)
{
	long long iHi;
	z = skip_space(z);
	if (!read_number(&z, pi))
		return 0;
	z = skip_space(z);
	if (*z == '+') {
		z++;
	} else if (*z == '-' || strncmp(z, "\xE2\x80\x93", 3) == 0 || strncmp(z, "to ", 3) == 0) {
		z += *z == '-' ? 1 : 3;
		z = skip_space(z);
		if (!read_number(&z, &iHi))
			return 0;
		if (*z == '+')
			z++;
	}
	return *skip_space(z) == 0;
}

/* Does zHay hold pV as whole words (or a word prefix, for "market*")? */
static int has_words(const char *zHay, const icp_value *pV)
{
	const unsigned char *h = (const unsigned char *)zHay;
	const unsigned char *v = (const unsigned char *)pV->zFold;
	size_t nHay = strlen(zHay), n = pV->nFold;

	for (size_t i = 0; i + n <= nHay; i++) {
		size_t j = 0;
		if (i > 0 && is_word(v[0]) && is_word(h[i - 1]))
			continue;
		while (j < n && fold(h[i + j]) == v[j])
			j++;
		if (j < n)
			continue;
		if (!pV->bPrefix && i + n < nHay && is_word(v[n - 1]) && is_word(h[i + n]))
			continue;
		return 1;
	}
	return 0;
}

/* Is zText, trimmed, equal to pV after folding? */
static int is_equal(const char *zText, const icp_value *pV)
{
	const char *zEnd;
	zText = skip_space(zText);
	zEnd = zText + strlen(zText);
	while (zEnd > zText && is_space(zEnd[-1]))
		zEnd--;
	if ((size_t)(zEnd - zText) != pV->nFold)
		return 0;
	for (size_t i = 0; i < pV->nFold; i++)
		if (fold((unsigned char)zText[i]) != (unsigned char)pV->zFold[i])
			return 0;
	return 1;
}

/*
 * Custom keys are the headers of the imported list as written ("Lead
 * Source"), so they are found ignoring ASCII case. Numbers and booleans are
 * written as text, so "between" can read a numeric custom field.
 */
static const char *custom_text(json_t *pCustom, const char *zKey, char *zBuf, size_t nBuf)
{
	const char *zK;
	json_t *pV, *pHit = NULL;
	json_object_foreach(pCustom, zK, pV)
	{
		icp_tok tok = {zK, strlen(zK), 0};
		if (tok_is(&tok, zKey)) {
			pHit = pV;
			break;
		}
	}
	if (json_is_string(pHit))
		return json_string_value(pHit);
	if (json_is_integer(pHit))
		snprintf(zBuf, nBuf, "%lld", (long long)json_integer_value(pHit));
	else if (json_is_real(pHit))
		snprintf(zBuf, nBuf, "%.0f", json_real_value(pHit));
	else if (json_is_boolean(pHit))
		snprintf(zBuf, nBuf, "%s", json_is_true(pHit) ? "true" : "false");
	else
		return NULL;
	return zBuf;
}

/* The lead's text the rule reads, or NULL when the lead has none. */
static const char *rule_text(const icp_rule *pR, const hw_lead *pLead, json_t *pCustom, char *zBuf,
			     size_t nBuf)
{
	if (pR->iField == ICP_REGION)
		return pLead->zRegion[0] ? pLead->zRegion : NULL;
	if (pR->iField == ICP_CUSTOM)
		return pCustom ? custom_text(pCustom, pR->zKey, zBuf, nBuf) : NULL;
	return pLead->azField[pR->iField];
}

/* Does the rule match zText? *ppHit is the value that matched (has, is). */
static int rule_match(const icp_rule *pR, const char *zText, const icp_value **ppHit)
{
	long long iCount;
	*ppHit = NULL;
	if (!zText || !zText[0])
		return 0;
	if (pR->eOp == ICP_BETWEEN)
		return parse_count(zText, &iCount) && iCount >= pR->iLo && iCount <= pR->iHi;
	for (int i = 0; i < pR->nValue; i++) {
		const icp_value *pV = &pR->aValue[i];
		if (pR->eOp == ICP_HAS ? has_words(zText, pV) : is_equal(zText, pV)) {
			*ppHit = pV;
			return 1;
		}
	}
	return 0;
}

/* The explain text being written: capped at n bytes, NUL included. */
typedef struct icp_out {
	char *z;
	size_t n;
	size_t i;
	int bFull;
} icp_out;

static void out_append(icp_out *p, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));

static void out_append(icp_out *p, const char *zFmt, ...)
{
	va_list ap;
	int r;
	size_t nDots, iCut;

	if (p->bFull || p->n == 0)
		return;
	va_start(ap, zFmt);
	r = vsnprintf(p->z + p->i, p->n - p->i, zFmt, ap);
	va_end(ap);
	if (r >= 0 && (size_t)r < p->n - p->i) {
		p->i += (size_t)r;
		return;
	}
	if (r < 0) {
		/* Nothing usable was written: keep what came before. */
		p->bFull = 1;
		p->z[p->i] = 0;
		return;
	}
	/* Cut so the reader sees it was cut, and never inside a UTF-8 sequence:
	 * the text may go on to JSON, which must be valid UTF-8. */
	p->bFull = 1;
	nDots = p->n >= 4 ? 3 : 0;
	iCut = p->n - 1 - nDots;
	while (iCut > 0 && ((unsigned char)p->z[iCut] & 0xC0) == 0x80)
		iCut--;
	memcpy(p->z + iCut, "...", nDots);
	p->z[iCut + nDots] = 0;
}

static int score(const hw_icp *pIcp, const hw_lead *pLead, icp_out *pOut)
{
	json_t *pCustom = NULL;
	long long iSum = pIcp->iBase;
	int nHit = 0;
	char zNum[32];

	if (pIcp->bCustom && pLead->zCustom)
		pCustom = json_loads(pLead->zCustom, 0, NULL);
	if (!json_is_object(pCustom)) {
		json_decref(pCustom);
		pCustom = NULL;
	}
	for (int i = 0; i < pIcp->nRule; i++) {
		const icp_rule *pR = &pIcp->aRule[i];
		const icp_value *pHit;
		const char *zText = rule_text(pR, pLead, pCustom, zNum, sizeof zNum);
		if (!rule_match(pR, zText, &pHit))
			continue;
		iSum += pR->iPoints;
		if (!pOut)
			continue;
		if (pR->eOp == ICP_BETWEEN)
			out_append(pOut, "%s%s %lld-%lld %+d", nHit ? "; " : "", pR->zName, pR->iLo,
				   pR->iHi, pR->iPoints);
		else
			out_append(pOut, "%s%s %s '%s' %+d", nHit ? "; " : "", pR->zName,
				   azIcpOp[pR->eOp], pHit->zShow, pR->iPoints);
		nHit++;
	}
	json_decref(pCustom);
	return iSum < 0 ? 0 : iSum > 100 ? 100 : (int)iSum;
}

int hw_icp_score(const hw_icp *pIcp, const hw_lead *pLead)
{
	return score(pIcp, pLead, NULL);
}

int hw_icp_explain(const hw_icp *pIcp, const hw_lead *pLead, char *zBuf, size_t nBuf)
{
	icp_out out = {zBuf, nBuf, 0, 0};
	if (nBuf)
		zBuf[0] = 0;
	return score(pIcp, pLead, &out);
}

/* ---- Parsing ---------------------------------------------------------- */

static hw_rc fail(const icp_at *pAt, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));

static hw_rc fail(const icp_at *pAt, const char *zFmt, ...)
{
	char zMsg[sizeof pAt->pErr->zMsg];
	va_list ap;
	if (!pAt->pErr)
		return HW_EINVAL;
	va_start(ap, zFmt);
	vsnprintf(zMsg, sizeof zMsg, zFmt, ap);
	va_end(ap);
	hw_err_at(pAt->pErr, pAt->zFile, pAt->iLine, 0, NULL, "%s", zMsg);
	return HW_EINVAL;
}

/*
 * Split the line [z, zEnd) into words and quoted strings. A '#' that starts a
 * word starts a comment; inside a word ("c#") or a quote it is text.
 */
static hw_rc tokenize(const icp_at *pAt, const char *z, const char *zEnd, icp_tok *aTok, int *pnTok)
{
	const char *zLine = z;
	int nTok = 0;

	*pnTok = 0;
	for (;;) {
		while (z < zEnd && is_space(*z))
			z++;
		if (z == zEnd || *z == '#')
			break;
		if (nTok == ICP_MAX_TOKENS)
			return fail(pAt, "too many values: at most %d on one rule",
				    HW_ICP_MAX_VALUES);
		if (*z == '"') {
			const char *zClose = memchr(z + 1, '"', (size_t)(zEnd - z - 1));
			if (!zClose)
				return fail(pAt, "unterminated quote at column %d",
					    (int)(z - zLine) + 1);
			aTok[nTok++] = (icp_tok){z + 1, (size_t)(zClose - z - 1), 1};
			z = zClose + 1;
			if (z < zEnd && !is_space(*z) && *z != '#')
				return fail(pAt,
					    "expected a space after the closing '\"' at column %d",
					    (int)(z - zLine));
		} else {
			const char *zStart = z;
			while (z < zEnd && !is_space(*z))
				z++;
			aTok[nTok++] = (icp_tok){zStart, (size_t)(z - zStart), 0};
		}
	}
	*pnTok = nTok;
	return HW_OK;
}

/* "+N" or "-N" with N at most HW_ICP_MAX_POINTS. */
static int parse_points(const icp_tok *pTok, int *piPoints)
{
	int i = 0;
	if (pTok->bQuoted || pTok->n < 2 || pTok->n > 5 || (pTok->z[0] != '+' && pTok->z[0] != '-'))
		return 0;
	for (size_t j = 1; j < pTok->n; j++) {
		if (!is_digit(pTok->z[j]))
			return 0;
		i = i * 10 + (pTok->z[j] - '0');
	}
	if (i > HW_ICP_MAX_POINTS)
		return 0;
	*piPoints = pTok->z[0] == '-' ? -i : i;
	return 1;
}

static int tok_digits(const icp_tok *pTok)
{
	if (pTok->bQuoted || pTok->n == 0)
		return 0;
	for (size_t i = 0; i < pTok->n; i++)
		if (!is_digit(pTok->z[i]))
			return 0;
	return 1;
}

/* A bound of "between": a whole number as read_number reads it, alone. */
static int parse_bound(const icp_tok *pTok, long long *pi)
{
	char zBuf[32];
	const char *z = zBuf;
	if (pTok->n == 0 || pTok->n >= sizeof zBuf)
		return 0;
	memcpy(zBuf, pTok->z, pTok->n);
	zBuf[pTok->n] = 0;
	return read_number(&z, pi) && *z == 0;
}

static hw_rc parse_base(hw_icp *p, const icp_at *pAt, const icp_tok *aTok, int nTok,
			long *piBaseLine)
{
	int iBase = 0;
	if (*piBaseLine)
		return fail(pAt, "base is set twice (first on line %ld)", *piBaseLine);
	if (nTok != 2 || !tok_digits(&aTok[1]) || aTok[1].n > 3)
		return fail(pAt, "base takes one whole number from 0 to 100, e.g. 'base 50'");
	for (size_t i = 0; i < aTok[1].n; i++)
		iBase = iBase * 10 + (aTok[1].z[i] - '0');
	if (iBase > 100)
		return fail(pAt, "base takes one whole number from 0 to 100, not %d", iBase);
	p->iBase = iBase;
	*piBaseLine = pAt->iLine;
	return HW_OK;
}

/* Which field the first word names; an error listing them when none. */
static hw_rc parse_field(const icp_at *pAt, const icp_tok *pTok, icp_rule *pR)
{
	char zList[256];
	size_t n = 0;

	for (size_t i = 0; i < sizeof aIcpField / sizeof aIcpField[0]; i++) {
		if (tok_is(pTok, aIcpField[i].zName)) {
			pR->iField = aIcpField[i].iField;
			pR->zName = aIcpField[i].zName;
			return HW_OK;
		}
	}
	if (pTok->n >= 7 && tok_is(&(icp_tok){pTok->z, 7, 0}, "custom.")) {
		if (pTok->n == 7)
			return fail(pAt,
				    "custom. needs a key: custom.KEY, e.g. \"custom.Lead Source\"");
		pR->iField = ICP_CUSTOM;
		return HW_OK; /* zName and zKey are copied to the rule's store */
	}
	for (size_t i = 0; i < sizeof aIcpField / sizeof aIcpField[0]; i++)
		n += (size_t)snprintf(zList + n, sizeof zList - n, "%s, ", aIcpField[i].zName);
	return fail(pAt, "unknown field '%.*s'; expected one of %scustom.KEY", (int)pTok->n,
		    pTok->z, zList);
}

/* Copy [z, z+n) trimmed into the store at *pz; returns the copy. */
static char *store_trimmed(char **pz, const char *z, size_t n, int bFold)
{
	char *zOut = *pz;
	while (n && is_space(*z))
		z++, n--;
	while (n && is_space(z[n - 1]))
		n--;
	for (size_t i = 0; i < n; i++)
		zOut[i] = bFold ? (char)fold((unsigned char)z[i]) : z[i];
	zOut[n] = 0;
	*pz = zOut + n + 1;
	return zOut;
}

static hw_rc parse_values(const icp_at *pAt, const icp_tok *aVal, int nVal, icp_rule *pR)
{
	if (pR->eOp == ICP_BETWEEN) {
		if (pR->iField != HW_F_EMPLOYEES && pR->iField != ICP_CUSTOM)
			return fail(pAt, "between works on employees or custom.KEY, not %s",
				    pR->zName);
		if (nVal > 2)
			return fail(pAt, "too many values: between takes two numbers, LOW HIGH");
		if (nVal < 2)
			return fail(pAt, "between takes two numbers, LOW HIGH, e.g. "
					 "'employees between 11 500 +20'");
		for (int i = 0; i < 2; i++) {
			const icp_tok *pV = &aVal[i];
			if (!parse_bound(pV, i ? &pR->iHi : &pR->iLo))
				return fail(pAt, "between needs whole numbers: '%.*s' is not one",
					    (int)pV->n, pV->z);
		}
		if (pR->iLo > pR->iHi)
			return fail(pAt, "between %lld %lld: LOW is above HIGH", pR->iLo, pR->iHi);
		return HW_OK;
	}
	char *z = pR->zStore;
	z += strlen(z) + 1; /* past the field word, kept first for custom.KEY */
	for (int i = 0; i < nVal; i++) {
		icp_value *pV = &pR->aValue[i];
		pV->zShow = store_trimmed(&z, aVal[i].z, aVal[i].n, 0);
		pV->zFold = store_trimmed(&z, aVal[i].z, aVal[i].n, 1);
		pV->nFold = strlen(pV->zFold);
		if (pR->eOp == ICP_HAS && pV->nFold && pV->zFold[pV->nFold - 1] == '*') {
			pV->bPrefix = 1;
			pV->nFold--;
		}
		if (pV->nFold == 0)
			return fail(pAt, "empty value '%s': a value needs at least one character",
				    pV->zShow);
	}
	pR->nValue = nVal;
	return HW_OK;
}

/*
 * FIELD OPERATOR VALUE... POINTS into *pR. The last word is the points when
 * it is signed; an unsigned number there is taken for points without a sign,
 * unless the rule needs it as a value ("employees between 11 500").
 */
static hw_rc parse_rule(const icp_at *pAt, const icp_tok *aTok, int nTok, icp_rule *pR)
{
	const icp_tok *pLast = &aTok[nTok - 1];
	int nVal, nNeed, iOp;
	size_t nStore;
	hw_rc rc;

	if ((rc = parse_field(pAt, &aTok[0], pR)) != HW_OK)
		return rc;
	if (nTok < 2)
		return fail(pAt, "expected an operator after '%.*s': has, is or between",
			    (int)aTok[0].n, aTok[0].z);
	for (iOp = 0; iOp < ICP_OP_COUNT; iOp++)
		if (tok_is(&aTok[1], azIcpOp[iOp]))
			break;
	if (iOp == ICP_OP_COUNT)
		return fail(pAt, "unknown operator '%.*s'; expected has, is or between",
			    (int)aTok[1].n, aTok[1].z);
	pR->eOp = (icp_op)iOp;
	nNeed = pR->eOp == ICP_BETWEEN ? 2 : 1;
	if (!pLast->bQuoted && (pLast->z[0] == '+' || pLast->z[0] == '-') && nTok > 2) {
		if (!parse_points(pLast, &pR->iPoints))
			return fail(pAt,
				    "points '%.*s' must be +N or -N, N a whole number up to %d",
				    (int)pLast->n, pLast->z, HW_ICP_MAX_POINTS);
	} else if (tok_digits(pLast) && nTok - 3 >= nNeed) {
		return fail(pAt, "points '%.*s' need a sign: +%.*s or -%.*s", (int)pLast->n,
			    pLast->z, (int)pLast->n, pLast->z, (int)pLast->n, pLast->z);
	} else {
		return fail(pAt, "missing points at the end of the rule: +N or -N");
	}
	nVal = nTok - 3;
	if (nVal == 0)
		return fail(pAt, "missing values between '%s' and the points", azIcpOp[pR->eOp]);

	/* One block holds the custom field's name and each value twice (as
	 * written and folded), each with its NUL. */
	nStore = aTok[0].n + 1;
	for (int i = 0; i < nVal; i++)
		nStore += 2 * (aTok[2 + i].n + 1);
	if (!(pR->zStore = malloc(nStore)))
		return HW_ENOMEM;
	memcpy(pR->zStore, aTok[0].z, aTok[0].n);
	pR->zStore[aTok[0].n] = 0;
	if (pR->iField == ICP_CUSTOM) {
		pR->zName = pR->zStore;
		pR->zKey = pR->zStore + 7;
	}
	return parse_values(pAt, &aTok[2], nVal, pR);
}

static void rule_free(icp_rule *pR)
{
	free(pR->zStore);
}

void hw_icp_free(hw_icp *pIcp)
{
	if (!pIcp)
		return;
	for (int i = 0; i < pIcp->nRule; i++)
		rule_free(&pIcp->aRule[i]);
	free(pIcp->aRule);
	free(pIcp);
}

hw_rc hw_icp_parse(const char *zText, const char *zFile, hw_icp **ppIcp, hw_err *pErr)
{
	icp_tok aTok[ICP_MAX_TOKENS];
	icp_at at = {zFile, 0, pErr};
	long iBaseLine = 0;
	int nTok;
	hw_icp *p;
	hw_rc rc = HW_OK;

	*ppIcp = NULL;
	if (!(p = calloc(1, sizeof *p))) {
		hw_err_set(pErr, "out of memory");
		return HW_ENOMEM;
	}
	p->iBase = ICP_BASE_DEFAULT;
	for (const char *z = zText; *z;) {
		const char *zEol = strchr(z, '\n');
		if (!zEol)
			zEol = z + strlen(z);
		at.iLine++;
		if ((rc = tokenize(&at, z, zEol, aTok, &nTok)) != HW_OK)
			goto fail;
		z = *zEol ? zEol + 1 : zEol;
		if (nTok == 0)
			continue;
		if (tok_is(&aTok[0], "base")) {
			if ((rc = parse_base(p, &at, aTok, nTok, &iBaseLine)) != HW_OK)
				goto fail;
			continue;
		}
		if (p->nRule == p->nAlloc) {
			int nNew = p->nAlloc ? p->nAlloc * 2 : 16;
			icp_rule *aNew = realloc(p->aRule, (size_t)nNew * sizeof *aNew);
			if (!aNew) {
				rc = HW_ENOMEM;
				goto fail;
			}
			p->aRule = aNew;
			p->nAlloc = nNew;
		}
		icp_rule *pR = &p->aRule[p->nRule];
		memset(pR, 0, sizeof *pR);
		rc = parse_rule(&at, aTok, nTok, pR);
		if (rc != HW_OK) {
			rule_free(pR);
			goto fail;
		}
		p->bCustom |= pR->iField == ICP_CUSTOM;
		p->nRule++;
	}
	*ppIcp = p;
	return HW_OK;

fail:
	if (rc == HW_ENOMEM)
		hw_err_set(pErr, "out of memory");
	hw_icp_free(p);
	return rc;
}

/* The shipped profile. Keep it readable: teams copy and edit it. */
const char hw_icp_default_text[] =
	"# hawser's ideal customer profile: which leads are worth calling first.\n"
	"#\n"
	"# Every lead gets a fit score from 0 to 100, and the calling queue dials the\n"
	"# best fits first. Copy this file, edit it for the market you sell to, and\n"
	"# give hawser your copy. One rule per line:\n"
	"#\n"
	"#   FIELD OPERATOR VALUE... POINTS\n"
	"#\n"
	"# FIELD is title, industry, employees, region (the two-letter ISO code of the\n"
	"# lead's country), country, company, state, city, or custom.KEY for a column\n"
	"# the import kept as a custom field (\"custom.Lead Source\", quoted for the\n"
	"# space). OPERATOR is\n"
	"#   has      some value occurs as whole words: \"vp\" matches \"VP Sales\" but\n"
	"#            not \"VPN\" or \"SVP\"; end a value with * for a prefix: \"market*\"\n"
	"#   is       the whole field equals some value\n"
	"#   between  LOW HIGH, head counts (employees or custom.KEY); a band such as\n"
	"#            \"51-200\" counts as its low end, \"500+\" as 500\n"
	"# POINTS is +N or -N. Case does not matter; quote values with spaces. Every\n"
	"# rule that matches adds its points, once, to the base; the sum is kept\n"
	"# within 0..100.\n"
	"\n"
	"# A lead we know nothing about starts a little below the middle, so any real\n"
	"# sign of fit lifts a lead above the unknowns.\n"
	"base 40\n"
	"\n"
	"# Who: people who can sign, or who run the team that would use the product.\n"
	"# \"founder\" also matches \"Co-Founder\": '-' ends a word.\n"
	"title has \"chief\" \"ceo\" \"cfo\" \"coo\" \"cto\" \"cio\" \"cmo\" \"cro\" "
	"\"founder\" \"cofounder\" \"owner\" \"vice president\" \"president\" \"vp\" \"svp\" "
	"\"evp\" \"head of\" \"director\" +30\n"
	"\n"
	"# Managers run the work and often champion a purchase.\n"
	"title has \"manager\" \"team lead\" +10\n"
	"\n"
	"# Gatekeepers and people without a budget.\n"
	"title has \"intern\" \"internship\" \"student\" \"trainee\" \"apprentice\" \"assistant\" "
	"\"receptionist\" \"retired\" -30\n"
	"\n"
	"# What: industries that buy what we sell. List your best customers' industries.\n"
	"industry has \"software\" \"saas\" \"information technology\" \"internet\" \"computer*\" "
	"\"marketing\" \"advertising\" \"financial services\" +15\n"
	"\n"
	"# Long procurement: worth calling when the pipeline is thin, not first.\n"
	"industry has \"government\" \"public sector\" \"education\" \"non-profit\" "
	"\"nonprofit\" -10\n"
	"\n"
	"# Size: big enough to have the problem, small enough to decide quickly.\n"
	"employees between 1 10        -10\n"
	"employees between 11 50        +5\n"
	"employees between 51 1000     +20\n"
	"employees between 1001 10000  +10\n"
	"\n"
	"# Where: the countries the team sells to, in its language and hours.\n"
	"region is US CA GB IE AU NZ +10\n";
