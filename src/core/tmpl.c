/*
 * tmpl.c — the merge-field table, the template scanner, and the render.
 *
 * One scanner (walk()) reads a text once, front to back, and hands each piece
 * to a callback: a run of literal bytes, or a field already resolved to its
 * row in aField[] with its fallback. Check, render and each_field are three
 * callbacks on it, so the three can never disagree about what a text means.
 * Nothing is allocated but the rendered output.
 *
 * Invariants of walk():
 *   1. A field's "{{" and "}}" are on one line, with no other "{{" between:
 *      an unclosed "{{" is reported where it opens, not where a later field
 *      happens to close.
 *   2. "{{{{" is always the literal "{{", tested before a field is looked for.
 *   3. A piece handed to the callback is valid: a field is in aField[], a
 *      fallback is 1..MAX_FALLBACK bytes with no brace and no line break.
 *   4. Columns count code points: every byte but a UTF-8 continuation byte
 *      starts one. CR, LF and CRLF each end a line.
 */
#include "core/tmpl.h"

#include <stdint.h> /* SIZE_MAX */
#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* malloc, realloc, free */
#include <string.h> /* memcpy, strnlen */

#define MAX_FALLBACK 100 /* bytes, the header's promise */
#define MAX_NAME 64	 /* a written name longer than this is near no field */
#define MAX_SHOW 80	 /* bytes of a written name quoted in a message */
#define MAX_SUGGEST 4	 /* fields named in one "did you mean" */

/* In the order the manual lists them; `hawser template fields` prints it. */
static const hw_tmpl_field aField[] = {
    {"lead.first_name", "the lead's first name"},
    {"lead.last_name", "the lead's last name"},
    {"lead.full_name", "the lead's first and last name"},
    {"lead.title", "the lead's job title"},
    {"lead.company", "the lead's company, as written on the lead"},
    {"lead.email", "the lead's email address"},
    {"lead.phone", "the lead's phone number"},
    {"lead.street", "the lead's street address"},
    {"lead.city", "the lead's city"},
    {"lead.state", "the lead's state or region"},
    {"lead.postal_code", "the lead's postal code"},
    {"lead.country", "the lead's country"},
    {"lead.linkedin_url", "the address of the lead's LinkedIn profile"},
    {"lead.website", "the lead's company website"},
    {"lead.industry", "the lead's industry"},
    {"account.name", "the name of the account (company) the lead belongs to"},
    {"user.name", "your full name (the rep who sends or calls)"},
    {"user.first_name", "your first name"},
    {"user.email", "your email address"},
    {"user.phone", "your phone number"},
    {"user.purpose", "why you call, in one line from your profile"},
    {"last_touch.date", "the day of the last call, e.g. \"Tuesday, November 24\""},
    {"last_touch.day", "the weekday of the last call, e.g. \"Tuesday\""},
    {"next_call.date", "the day of the next planned call, e.g. \"Friday, November 27\""},
    {"next_call.day", "the weekday of the next planned call, e.g. \"Friday\""},
    {"next_call.time", "the time of the next planned call, e.g. \"10:30 AM\""},
    {"meeting.date", "the day of the booked meeting, e.g. \"Friday, November 27\""},
    {"meeting.time", "the time of the booked meeting, e.g. \"10:30 AM\""},
    {"today.date", "today's date, e.g. \"Monday, November 23\""},
    {"sender.company", "your company's name, as it signs its mail"},
    {"sender.address", "your company's postal address (several lines)"},
    {"optout.link", "the link that takes the lead off your list"},
};
#define N_FIELD ((int)(sizeof aField / sizeof aField[0]))

/* A fallback to show in "no value" messages, one per row of aField[]. */
static const char *const azExample[] = {
    "there",		/* lead.first_name */
    "there",		/* lead.last_name */
    "there",		/* lead.full_name */
    "your role",	/* lead.title */
    "your company",	/* lead.company */
    "your email",	/* lead.email */
    "your number",	/* lead.phone */
    "your street",	/* lead.street */
    "your city",	/* lead.city */
    "your state",	/* lead.state */
    "your postal code", /* lead.postal_code */
    "your country",	/* lead.country */
    "LinkedIn",		/* lead.linkedin_url */
    "your website",	/* lead.website */
    "your industry",	/* lead.industry */
    "your company",	/* account.name */
    "our team",		/* user.name */
    "our team",		/* user.first_name */
    "our email",	/* user.email */
    "our number",	/* user.phone */
    "a question",	/* user.purpose */
    "last week",	/* last_touch.date */
    "last week",	/* last_touch.day */
    "next week",	/* next_call.date */
    "next week",	/* next_call.day */
    "the usual time",	/* next_call.time */
    "our meeting day",	/* meeting.date */
    "the agreed time",	/* meeting.time */
    "today",		/* today.date */
    "our company",	/* sender.company */
    "our address",	/* sender.address */
    "reply STOP",	/* optout.link */
};
_Static_assert(sizeof azExample / sizeof azExample[0] == sizeof aField / sizeof aField[0],
	       "one example fallback per field");

/* What the user does to give a namespace's fields a value. */
static const struct {
	const char *zNs;
	const char *zHint;
} aNs[] = {
    {"lead", "fill it in on the lead"},
    {"account", "fill it in on the account"},
    {"user", "fill it in on your profile"},
    {"last_touch", "use it only after a first touch"},
    {"next_call", "plan the next call first"},
    {"meeting", "book the meeting first"},
    {"today", "set the date"},
    {"sender", "set it in the sender settings"},
    {"optout", "set the opt-out link in the sender settings"},
};

const hw_tmpl_field *hw_tmpl_fields(int *pnField)
{
	if (pnField)
		*pnField = N_FIELD;
	return aField;
}

/* The row of the n-byte name z, or -1. */
static int field_find(const char *z, size_t n)
{
	for (int i = 0; i < N_FIELD; i++)
		if (strlen(aField[i].zName) == n && !memcmp(aField[i].zName, z, n))
			return i;
	return -1;
}

int hw_tmpl_is_field(const char *zName)
{
	return zName && field_find(zName, strlen(zName)) >= 0;
}

static const char *ns_hint(const char *zName)
{
	size_t n = strcspn(zName, ".");
	for (size_t i = 0; i < sizeof aNs / sizeof aNs[0]; i++)
		if (strlen(aNs[i].zNs) == n && !memcmp(aNs[i].zNs, zName, n))
			return aNs[i].zHint;
	return "fill it in";
}

/* Edit distance counting a swap of two neighbours as one edit ("frist"). */
static int distance(const char *a, size_t na, const char *b, size_t nb)
{
	int d[MAX_NAME + 1][MAX_NAME + 1];
	if (na > MAX_NAME || nb > MAX_NAME)
		return MAX_NAME;
	for (size_t i = 0; i <= na; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= nb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= na; i++) {
		for (size_t j = 1; j <= nb; j++) {
			int v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[na][nb];
}

/*
 * The known fields an unknown name probably meant, as "a", "a or b" or
 * "a, b or c" in zOut ("" when none): the nearest within two edits, else
 * every field with the same last part under another namespace.
 */
static void suggest(const char *z, size_t n, char *zOut, size_t nOut)
{
	int aHit[MAX_SUGGEST], nHit = 0, iBest = 3;
	const char *zDot = memrchr(z, '.', n);
	const char *zLast = zDot ? zDot + 1 : z;
	size_t nLast = n - (size_t)(zLast - z);
	for (int i = 0; i < N_FIELD; i++) {
		int d = distance(z, n, aField[i].zName, strlen(aField[i].zName));
		if (d < iBest) {
			iBest = d;
			nHit = 0;
		}
		if (d == iBest && nHit < MAX_SUGGEST)
			aHit[nHit++] = i;
	}
	if (nHit == 0 && nLast > 0) {
		for (int i = 0; i < N_FIELD && nHit < MAX_SUGGEST; i++) {
			const char *zKnown = strchr(aField[i].zName, '.') + 1;
			if (strlen(zKnown) == nLast && !memcmp(zKnown, zLast, nLast))
				aHit[nHit++] = i;
		}
	}
	zOut[0] = 0;
	for (int k = 0, m = 0; k < nHit; k++)
		m += snprintf(zOut + m, nOut - (size_t)m, "%s%s",
			      k == 0	      ? ""
			      : k == nHit - 1 ? " or "
					      : ", ",
			      aField[aHit[k]].zName);
}

/* One piece of a text: literal bytes (iField < 0) or a field. */
typedef struct piece {
	const char *z; /* literal: the bytes to copy */
	size_t n;
	int iField;	 /* field: its row in aField[], else -1 */
	const char *zFb; /* field: its fallback (nFb bytes), nFb 0 when none */
	size_t nFb;
	long iLine; /* field: where its "{{" is */
	int iCol;
} piece;

/* Handles one piece; an error fills pErr (zWhere goes in its zFile). */
typedef hw_rc (*piece_fn)(void *pCtx, const piece *p, const char *zWhere, hw_err *pErr);

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Trim blanks from both ends of [*pa, *pb). */
static void trim(const char *z, size_t *pa, size_t *pb)
{
	while (*pa < *pb && is_blank(z[*pa]))
		(*pa)++;
	while (*pb > *pa && is_blank(z[*pb - 1]))
		(*pb)--;
}

/*
 * The field whose "{{" is at z[i]: on success *p is the piece and *piEnd the
 * byte after its "}}". Every refusal names where the "{{" is.
 */
static hw_rc field_parse(const char *z, size_t n, size_t i, long iLine, int iCol,
			 const char *zWhere, hw_err *pErr, piece *p, size_t *piEnd)
{
	size_t a = i + 2, k = a, b, f, g;
	int bBar;
	char zName[MAX_SHOW + 1];
	while (k < n && !(z[k] == '}' && k + 1 < n && z[k + 1] == '}')) {
		if (z[k] == '\n' || z[k] == '\r' || (z[k] == '{' && k + 1 < n && z[k + 1] == '{'))
			break;
		k++;
	}
	/* the name is up to '|' or the end, the fallback after it */
	for (b = a; b < k && z[b] != '|'; b++)
		;
	bBar = b < k;
	f = bBar ? b + 1 : k;
	g = k;
	trim(z, &a, &b);
	trim(z, &f, &g);
	snprintf(zName, sizeof zName, "%.*s", (int)(b - a < MAX_SHOW ? b - a : MAX_SHOW), z + a);
	if (k >= n || z[k] != '}') {
		hw_err_at(pErr, zWhere, iLine, iCol, zName,
			  "unclosed '{{': close the field with '}}' on the same line, or write "
			  "'{{{{' for a literal '{{'");
		return HW_EINVAL;
	}
	if (a == b) {
		if (bBar)
			hw_err_at(pErr, zWhere, iLine, iCol, "",
				  "no field name before '|': write the field first, as in "
				  "{{lead.first_name|there}}");
		else
			hw_err_at(pErr, zWhere, iLine, iCol, "",
				  "empty field '{{}}': name a field inside, as in "
				  "{{lead.first_name}}, or write '{{{{' for a literal '{{'");
		return HW_EINVAL;
	}
	for (size_t j = a; j < b; j++) {
		unsigned char c = (unsigned char)z[j];
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.')
			continue;
		if (c >= 'A' && c <= 'Z') {
			char zLower[MAX_SHOW + 1];
			for (size_t m = 0; m < sizeof zLower; m++)
				zLower[m] =
				    (char)(zName[m] >= 'A' && zName[m] <= 'Z' ? zName[m] - 'A' + 'a'
									      : zName[m]);
			hw_err_at(pErr, zWhere, iLine, iCol, zName,
				  "field names are lowercase: write {{%s}}", zLower);
		} else if (c == '{' || c == '}')
			hw_err_at(pErr, zWhere, iLine, iCol, zName,
				  "a field has two braces on each side, as in {{lead.first_name}}; "
				  "write '{{{{' for a literal '{{'");
		else if (c >= 0x20 && c < 0x7f)
			hw_err_at(pErr, zWhere, iLine, iCol, zName,
				  "bad character '%c' in field '%s': a field name has only a-z, "
				  "0-9, '_' and '.', as in {{lead.first_name}}",
				  c, zName);
		else
			hw_err_at(
			    pErr, zWhere, iLine, iCol, zName,
			    "bad character (byte 0x%02x) in field '%s': a field name has only "
			    "a-z, 0-9, '_' and '.', as in {{lead.first_name}}",
			    c, zName);
		return HW_EINVAL;
	}
	p->iField = field_find(z + a, b - a);
	if (p->iField < 0) {
		char zSuggest[4 * MAX_SHOW];
		suggest(z + a, b - a, zSuggest, sizeof zSuggest);
		if (zSuggest[0])
			hw_err_at(pErr, zWhere, iLine, iCol, zName,
				  "unknown field '%s': did you mean %s? `hawser template fields` "
				  "lists them",
				  zName, zSuggest);
		else
			hw_err_at(pErr, zWhere, iLine, iCol, zName,
				  "unknown field '%s': `hawser template fields` lists the fields",
				  zName);
		return HW_EINVAL;
	}
	if (bBar && f == g) {
		hw_err_at(pErr, zWhere, iLine, iCol, zName,
			  "empty fallback after '|': write the text to use when the field has no "
			  "value, as in {{%s|%s}}, or remove the '|'",
			  zName, azExample[p->iField]);
		return HW_EINVAL;
	}
	if (memchr(z + f, '{', g - f) || memchr(z + f, '}', g - f)) {
		hw_err_at(pErr, zWhere, iLine, iCol, zName,
			  "the fallback of {{%s}} has a brace: a fallback is plain text, as in "
			  "{{%s|%s}}",
			  zName, zName, azExample[p->iField]);
		return HW_EINVAL;
	}
	if (g - f > MAX_FALLBACK) {
		hw_err_at(pErr, zWhere, iLine, iCol, zName,
			  "the fallback of {{%s}} is %zu bytes, over the %d allowed: shorten it",
			  zName, g - f, MAX_FALLBACK);
		return HW_EINVAL;
	}
	p->z = z + i;
	p->n = k + 2 - i;
	p->zFb = z + f;
	p->nFb = g - f;
	p->iLine = iLine;
	p->iCol = iCol;
	*piEnd = k + 2;
	return HW_OK;
}

static hw_rc literal(const char *z, size_t n, piece_fn xPiece, void *pCtx, const char *zWhere,
		     hw_err *pErr)
{
	piece p = {.z = z, .n = n, .iField = -1};
	return n && xPiece ? xPiece(pCtx, &p, zWhere, pErr) : HW_OK;
}

/* Scan zText, handing each piece to xPiece (which may be NULL). */
static hw_rc walk(const char *zText, const char *zWhere, hw_err *pErr, piece_fn xPiece, void *pCtx)
{
	size_t n, i = 0, iLit = 0;
	long iLine = 1;
	int iCol = 1, bEscaped = 0;
	hw_rc rc;

	hw_err_clear(pErr);
	if (!zText) {
		hw_err_at(pErr, zWhere, 0, 0, NULL, "no template text: give one, even empty");
		return HW_EINVAL;
	}
	n = strnlen(zText, HW_TMPL_MAX_TEXT + 1);
	if (n > HW_TMPL_MAX_TEXT) {
		hw_err_at(pErr, zWhere, 0, 0, NULL,
			  "the text is over %d bytes: shorten it (a template is a few KB)",
			  HW_TMPL_MAX_TEXT);
		return HW_EINVAL;
	}
	while (i < n) {
		unsigned char c = (unsigned char)zText[i];
		int bTwo = i + 1 < n && zText[i + 1] == (char)c;
		if (c == '{' && bTwo && i + 3 < n && zText[i + 2] == '{' && zText[i + 3] == '{') {
			/* the escape writes its first two braces */
			if ((rc = literal(zText + iLit, i + 2 - iLit, xPiece, pCtx, zWhere, pErr)))
				return rc;
			i += 4;
			iCol += 4;
			iLit = i;
			bEscaped = 1;
		} else if (c == '{' && bTwo) {
			piece p;
			size_t iEnd;
			if ((rc = literal(zText + iLit, i - iLit, xPiece, pCtx, zWhere, pErr)))
				return rc;
			if ((rc = field_parse(zText, n, i, iLine, iCol, zWhere, pErr, &p, &iEnd)))
				return rc;
			if (xPiece && (rc = xPiece(pCtx, &p, zWhere, pErr)) != HW_OK)
				return rc;
			for (; i < iEnd; i++)
				iCol += ((unsigned char)zText[i] & 0xC0) != 0x80;
			iLit = i;
		} else if (c == '}' && bTwo) {
			hw_err_at(pErr, zWhere, iLine, iCol, NULL,
				  bEscaped
				      ? "'}}' without an opening '{{' ('{{{{' writes a literal "
					"'{{' and opens nothing): remove it, or open the field "
					"with '{{'"
				      : "'}}' without an opening '{{': remove it, or open the "
					"field with '{{'");
			return HW_EINVAL;
		} else if (c == '\n' || c == '\r') {
			if (c == '\r' && i + 1 < n && zText[i + 1] == '\n')
				i++;
			i++;
			iLine++;
			iCol = 1;
		} else {
			iCol += (c & 0xC0) != 0x80;
			i++;
		}
	}
	return literal(zText + iLit, n - iLit, xPiece, pCtx, zWhere, pErr);
}

hw_rc hw_tmpl_check(const char *zText, const char *zWhere, hw_err *pErr)
{
	return walk(zText, zWhere, pErr, NULL, NULL);
}

/* The render's state: the output grows by doubling. */
typedef struct render {
	hw_tmpl_value xValue;
	void *pCtx;
	int bNoNewline;
	char *z;
	size_t n, nAlloc;
} render;

static hw_rc append(render *r, const char *z, size_t n)
{
	if (n > SIZE_MAX / 2 - r->n - 1)
		return HW_ENOMEM;
	if (r->n + n + 1 > r->nAlloc) {
		size_t nNew = r->nAlloc ? r->nAlloc : 256;
		char *zNew;
		while (nNew < r->n + n + 1)
			nNew *= 2;
		if (!(zNew = realloc(r->z, nNew)))
			return HW_ENOMEM;
		r->z = zNew;
		r->nAlloc = nNew;
	}
	memcpy(r->z + r->n, z, n);
	r->n += n;
	r->z[r->n] = 0;
	return HW_OK;
}

static hw_rc render_piece(void *pCtx, const piece *p, const char *zWhere, hw_err *pErr)
{
	render *r = pCtx;
	const char *zName, *zVal;
	if (p->iField < 0)
		return append(r, p->z, p->n);
	zName = aField[p->iField].zName;
	zVal = r->xValue ? r->xValue(r->pCtx, zName) : NULL;
	if (!zVal || !zVal[0]) {
		if (!p->nFb) {
			hw_err_at(pErr, zWhere, p->iLine, p->iCol, zName,
				  "no value for {{%s}} (line %ld, column %d): %s or give a "
				  "fallback, {{%s|%s}}",
				  zName, p->iLine, p->iCol, ns_hint(zName), zName,
				  azExample[p->iField]);
			return HW_EINVAL;
		}
		return append(r, p->zFb, p->nFb);
	}
	if (r->bNoNewline && strpbrk(zVal, "\r\n")) {
		hw_err_at(pErr, zWhere, p->iLine, p->iCol, zName,
			  "the value of {{%s}} (line %ld, column %d) has a line break, which "
			  "cannot go in a subject or a header: take the break out of the value, "
			  "or use the field in the body",
			  zName, p->iLine, p->iCol);
		return HW_EINVAL;
	}
	return append(r, zVal, strlen(zVal));
}

hw_rc hw_tmpl_render(const char *zText, hw_tmpl_value xValue, void *pCtx, int bNoNewline,
		     char **pzOut, hw_err *pErr)
{
	render r = {xValue, pCtx, bNoNewline, NULL, 0, 0};
	hw_rc rc;
	*pzOut = NULL;
	/* a broken template is reported before any missing value */
	if ((rc = hw_tmpl_check(zText, NULL, pErr)) != HW_OK)
		return rc;
	if ((rc = append(&r, "", 0)) == HW_OK)
		rc = walk(zText, NULL, pErr, render_piece, &r);
	if (rc != HW_OK) {
		if (rc == HW_ENOMEM)
			hw_err_set(pErr, "out of memory rendering the template");
		free(r.z);
		return rc;
	}
	*pzOut = r.z;
	return HW_OK;
}

typedef struct each {
	void (*xField)(void *, const char *);
	void *pCtx;
	unsigned char aSeen[N_FIELD];
} each;

static hw_rc each_piece(void *pCtx, const piece *p, const char *zWhere, hw_err *pErr)
{
	each *e = pCtx;
	(void)zWhere;
	(void)pErr;
	if (p->iField >= 0 && !e->aSeen[p->iField]) {
		e->aSeen[p->iField] = 1;
		e->xField(e->pCtx, aField[p->iField].zName);
	}
	return HW_OK;
}

/* A text that does not check names nothing: no field is reported from it. */
void hw_tmpl_each_field(const char *zText, void (*xField)(void *, const char *zField), void *pCtx)
{
	each e = {xField, pCtx, {0}};
	if (xField && hw_tmpl_check(zText, NULL, NULL) == HW_OK)
		(void)walk(zText, NULL, NULL, each_piece, &e);
}
