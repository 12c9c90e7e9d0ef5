/*
 * mail.c — the sales email message. hw_mail_build() checks every field first
 * (so no value can carry a line break into the headers), then writes RFC 5322
 * headers (RFC 2047 encoded words for non-ASCII names and subjects, folded
 * under 78 columns) and a MIME body: the text as UTF-8 quoted-printable,
 * beside an invitation (text/calendar, base64) when there is one. Delivery is
 * smtp.c's.
 *
 * The text's line ends become CRLF; nothing else about it changes: decoding
 * the quoted-printable part gives back the caller's bytes, a missing final
 * line break included (a soft line break ends the part). Lines that start with
 * "." are left alone: libcurl dot-stuffs the upload (test_smtp checks that
 * ".", ".." and ".x" lines arrive intact).
 */
#include "channels/smtp.h"

#include <sodium.h>  /* randombytes_buf, sodium_bin2base64 */
#include <stdarg.h>  /* va_list */
#include <stdio.h>   /* snprintf */
#include <stdlib.h>  /* realloc, free */
#include <string.h>  /* memcpy, strlen, strchr, strstr */
#include <strings.h> /* strncasecmp */
#include <time.h>    /* gmtime_r */

/* The caps, in one place. */
#define MAIL_MAX_LOCAL 64    /* RFC 5321 4.5.3.1.1 */
#define MAIL_MAX_NAME 256    /* a display name, bytes */
#define MAIL_MAX_SUBJECT 512 /* bytes, before encoding */
#define MAIL_MAX_URL 900     /* List-Unsubscribe stays under 998 columns */
#define MAIL_MAX_MSGID 250
#define MAIL_MAX_BODY (1 << 20)
#define MAIL_MAX_ICS (1 << 20)
#define HDR_WIDTH 78  /* RFC 5322 2.1.1: lines SHOULD be at most 78 */
#define EW_SUBJECT 66 /* an encoded word: "Subject: " and one fit in 78 */
#define EW_MAX 75     /* RFC 2047 2: the longest encoded word */
#define PLAIN_WORD 60 /* a longer ASCII word is encoded, so it can fold */
#define QP_WIDTH 76   /* RFC 2045 6.7 */
#define B64_CHUNK 57  /* bytes per base64 line: 76 characters */

/* ---- a growing buffer; an allocation failure is remembered, not checked
 * at every append ---- */

typedef struct buf {
	char *z;
	size_t n, nAlloc;
	int bOom;
} buf;

static void buf_add(buf *p, const void *z, size_t n)
{
	if (p->bOom)
		return;
	if (p->n + n + 1 > p->nAlloc) {
		size_t nNew = p->nAlloc ? p->nAlloc * 2 : 4096;
		while (nNew < p->n + n + 1)
			nNew *= 2;
		char *zNew = realloc(p->z, nNew);
		if (!zNew) {
			p->bOom = 1;
			return;
		}
		p->z = zNew;
		p->nAlloc = nNew;
	}
	memcpy(p->z + p->n, z, n);
	p->n += n;
	p->z[p->n] = 0;
}

static void buf_str(buf *p, const char *z)
{
	buf_add(p, z, strlen(z));
}

static void hex(char *zOut, const unsigned char *a, size_t n)
{
	static const char azHex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		zOut[2 * i] = azHex[a[i] >> 4];
		zOut[2 * i + 1] = azHex[a[i] & 15];
	}
	zOut[2 * n] = 0;
}

/* ---- checking ---- */

/* Length of the valid UTF-8 character at z (of n bytes), or 0. */
static size_t utf8_len(const unsigned char *z, size_t n)
{
	unsigned c = z[0], cp, min;
	size_t len;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, cp = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, cp = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, cp = c & 0x07, min = 0x10000;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((z[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (z[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* Sets pErr for zField and returns HW_EINVAL. */
static hw_rc field_err(hw_err *pErr, const char *zField, const char *zFmt, ...)
    __attribute__((format(printf, 3, 4)));
static hw_rc field_err(hw_err *pErr, const char *zField, const char *zFmt, ...)
{
	char zMsg[sizeof pErr->zMsg];
	va_list ap;
	va_start(ap, zFmt);
	vsnprintf(zMsg, sizeof zMsg, zFmt, ap);
	va_end(ap);
	hw_err_at(pErr, NULL, 0, 0, zField, "%s", zMsg);
	return HW_EINVAL;
}

static const char zLineBreak[] = "contains a line break (CR or LF); a header value is one "
				 "line (a line break could add headers: header injection)";

/* Why text z cannot be used (NULL: it can). bLine: it goes into a header, so
 * no CR or LF; other control characters but TAB are refused everywhere. */
static const char *text_problem(const char *z, int bLine, size_t *piAt)
{
	size_t n = strlen(z);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)z[i];
		*piAt = i + 1;
		if (c == '\r' || c == '\n') {
			if (bLine)
				return zLineBreak;
			continue;
		}
		if ((c < 0x20 && c != '\t') || c == 0x7F)
			return "contains a control character";
		if (c >= 0x80) {
			size_t len = utf8_len((const unsigned char *)z + i, n - i);
			if (!len)
				return "is not valid UTF-8";
			i += len - 1;
		}
	}
	return NULL;
}

static hw_rc check_text(const char *zField, const char *z, size_t nMax, int bRequired, int bLine,
			hw_err *pErr)
{
	size_t iAt = 0;
	const char *zWhy;
	if (!z || !*z)
		return bRequired ? field_err(pErr, zField, "%s is missing; give one", zField)
				 : HW_OK;
	if (strlen(z) > nMax)
		return field_err(pErr, zField, "%s is %zu bytes long; at most %zu are allowed",
				 zField, strlen(z), nMax);
	if ((zWhy = text_problem(z, bLine, &iAt)) != NULL)
		return field_err(pErr, zField, "%s %s at byte %zu; remove it", zField, zWhy, iAt);
	return HW_OK;
}

static int is_atext(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

/* Why z is not a plain address (local@domain, ASCII, no quoting), or NULL. */
const char *hw_mail_addr_problem(const char *z)
{
	size_t n = strlen(z), nAt = 0, iAt = 0;
	if (n > HW_MAIL_MAX_ADDR)
		return "it is longer than 254 bytes";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)z[i];
		if (c == '\r' || c == '\n')
			return "it contains a line break (CR or LF)";
		if (c == ' ' || c == '\t')
			return "it contains a space";
		if (c < 0x20 || c == 0x7F)
			return "it contains a control character";
		if (c >= 0x80)
			return "it is not ASCII (internationalized addresses are not supported)";
		if (c == '<' || c == '>' || c == ',' || c == ';' || c == '"')
			return "it contains <, >, a comma, a semicolon or a quote: give the bare "
			       "address only, one of them";
		if (c == '@')
			nAt++, iAt = i;
	}
	if (nAt != 1)
		return "it must contain exactly one @";
	if (iAt == 0 || iAt > MAIL_MAX_LOCAL)
		return "the part before the @ must be 1 to 64 characters";
	if (z[0] == '.' || z[iAt - 1] == '.' || strstr(z, "..") != NULL)
		return "it has a dot at the start or end of a part, or two dots in a row";
	for (size_t i = 0; i < iAt; i++)
		if (!is_atext((unsigned char)z[i]) && z[i] != '.')
			return "the part before the @ has a character that would need quoting";
	const char *zDom = z + iAt + 1;
	if (!*zDom || zDom[strlen(zDom) - 1] == '.')
		return "the domain after the @ is missing or ends in a dot";
	for (const char *p = zDom; *p; p++)
		if (!(*p == '.' || *p == '-' || (*p >= '0' && *p <= '9') ||
		      (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			return "the domain may only have letters, digits, dots and hyphens";
	return NULL;
}

/* At most 60 bytes of z, unprintable bytes shown as '?', for a message. */
const char *hw_mail_shown(const char *z, char zOut[64])
{
	size_t i;
	for (i = 0; z[i] && i < 60; i++)
		zOut[i] = (z[i] >= 0x20 && z[i] < 0x7F) ? z[i] : '?';
	zOut[i] = 0;
	if (z[i])
		memcpy(zOut + 57, "...", 4);
	return zOut;
}

static hw_rc check_addr(const char *zField, const char *z, hw_err *pErr)
{
	char zShow[64];
	const char *zWhy;
	if (!z || !*z)
		return field_err(pErr, zField,
				 "%s is missing; give an address like ada@example.com", zField);
	if ((zWhy = hw_mail_addr_problem(z)) != NULL)
		return field_err(pErr, zField,
				 "%s '%s' is not a usable address: %s; give a bare address like "
				 "ada@example.com",
				 zField, hw_mail_shown(z, zShow), zWhy);
	return HW_OK;
}

/* A header value of printable ASCII without blanks or angle brackets. */
static const char *token_problem(const char *z)
{
	for (const char *p = z; *p; p++) {
		if (*p == '\r' || *p == '\n')
			return zLineBreak;
		if (*p <= 0x20 || *p >= 0x7F)
			return "contains a space, a control character or a non-ASCII byte";
		if (*p == '<' || *p == '>' || *p == '"')
			return "contains <, > or a quote";
	}
	return NULL;
}

static hw_rc check_url(const char *z, hw_err *pErr)
{
	const char *zWhy;
	if (strpbrk(z, "\r\n"))
		return field_err(pErr, "optout_url", "optout_url %s", zLineBreak);
	if (strlen(z) > MAIL_MAX_URL)
		return field_err(pErr, "optout_url", "optout_url is longer than %d bytes",
				 MAIL_MAX_URL);
	if ((zWhy = token_problem(z)) != NULL)
		return field_err(pErr, "optout_url", "optout_url %s; give the link as a URL", zWhy);
	if (strncasecmp(z, "https://", 8) != 0 && strncasecmp(z, "http://", 7) != 0)
		return field_err(pErr, "optout_url",
				 "optout_url must be an https:// (or http://) link: one-click "
				 "unsubscribe (RFC 8058) is a POST to it");
	return HW_OK;
}

static hw_rc check_msgid(const char *z, hw_err *pErr)
{
	const char *zWhy, *zAt;
	size_t n = strlen(z);
	if (strpbrk(z, "\r\n"))
		return field_err(pErr, "message_id", "message_id %s", zLineBreak);
	if (n > MAIL_MAX_MSGID)
		return field_err(pErr, "message_id", "message_id is longer than %d bytes",
				 MAIL_MAX_MSGID);
	if (n < 5 || z[0] != '<' || z[n - 1] != '>')
		return field_err(pErr, "message_id", "message_id must look like <id@host>");
	char zIn[MAIL_MAX_MSGID + 1];
	memcpy(zIn, z + 1, n - 2);
	zIn[n - 2] = 0;
	if ((zWhy = token_problem(zIn)) != NULL)
		return field_err(pErr, "message_id", "message_id %s", zWhy);
	zAt = strchr(zIn, '@');
	if (!zAt || zAt == zIn || !zAt[1] || strchr(zAt + 1, '@'))
		return field_err(
		    pErr, "message_id",
		    "message_id must have one @ with text on both sides, like <id@host>");
	return HW_OK;
}

/* An invitation is a calendar whose METHOD matches the part's (RFC 6047 2.4). */
static hw_rc check_ics(const char *z, hw_err *pErr)
{
	hw_rc rc = check_text("ics", z, MAIL_MAX_ICS, 1, 0, pErr);
	if (rc)
		return rc;
	if (strncmp(z, "BEGIN:VCALENDAR", 15) != 0)
		return field_err(pErr, "ics", "ics must start with BEGIN:VCALENDAR");
	const char *p = strstr(z, "\nMETHOD:REQUEST");
	if (!p || (p[15] != '\r' && p[15] != '\n'))
		return field_err(pErr, "ics",
				 "ics must have METHOD:REQUEST (it is sent as an invitation)");
	return HW_OK;
}

static hw_rc mail_check(const hw_mail *m, hw_err *pErr)
{
	hw_rc rc;
	if ((rc = check_text("from_name", m->zFromName, MAIL_MAX_NAME, 0, 1, pErr)) ||
	    (rc = check_addr("from_addr", m->zFromAddr, pErr)) ||
	    (rc = check_text("to_name", m->zToName, MAIL_MAX_NAME, 0, 1, pErr)) ||
	    (rc = check_addr("to_addr", m->zToAddr, pErr)) ||
	    (rc = check_text("subject", m->zSubject, MAIL_MAX_SUBJECT, 1, 1, pErr)))
		return rc;
	if (!m->zBody)
		return field_err(pErr, "body", "body is missing; give the text of the email");
	if (*m->zBody && (rc = check_text("body", m->zBody, MAIL_MAX_BODY, 1, 0, pErr)))
		return rc;
	if (m->zOptOutUrl && (rc = check_url(m->zOptOutUrl, pErr)))
		return rc;
	if (m->zMessageId && (rc = check_msgid(m->zMessageId, pErr)))
		return rc;
	if (m->zIcs && (rc = check_ics(m->zIcs, pErr)))
		return rc;
	if (m->tDate < 0 || m->tDate >= 253402300800LL) /* 10000-01-01 */
		return field_err(pErr, "date", "the date is out of range (1970 to 9999)");
	return HW_OK;
}

/* ---- headers ---- */

/* A header being written: tokens go on the line, or after a fold (CRLF and
 * a space) when the line would pass HDR_WIDTH. */
typedef struct hdr {
	buf *b;
	size_t iCol;
	int nTok;
} hdr;

static void hdr_begin(hdr *h, buf *b, const char *zName)
{
	h->b = b;
	buf_str(b, zName);
	buf_add(b, ":", 1);
	h->iCol = strlen(zName) + 1;
	h->nTok = 0;
}

static void hdr_token(hdr *h, const char *z, size_t n)
{
	/* the first token too may go on a line of its own (RFC 5322 allows
	 * "From:" CRLF SP ...), when it fits there */
	if (h->iCol + 1 + n > HDR_WIDTH && (h->nTok || n < HDR_WIDTH)) {
		buf_add(h->b, "\r\n ", 3);
		h->iCol = 1;
	} else {
		buf_add(h->b, " ", 1);
		h->iCol++;
	}
	buf_add(h->b, z, n);
	h->iCol += n;
	h->nTok++;
}

static void hdr_end(hdr *h)
{
	buf_add(h->b, "\r\n", 2);
}

/* Printable ASCII words between single spaces, none too long to fold, and
 * no "=?" a reader could take for an encoded word. */
static int is_plain(const char *z)
{
	size_t nWord = 0;
	if (!*z)
		return 1;
	if (*z == ' ' || strstr(z, "=?") || strstr(z, "  "))
		return 0;
	for (const char *p = z; *p; p++) {
		if (*p < 0x20 || *p >= 0x7F)
			return 0;
		nWord = *p == ' ' ? 0 : nWord + 1;
		if (nWord > PLAIN_WORD)
			return 0;
	}
	return z[strlen(z) - 1] != ' ';
}

static void hdr_words(hdr *h, const char *z)
{
	while (*z) {
		size_t n = strcspn(z, " ");
		hdr_token(h, z, n);
		z += n;
		z += *z == ' ';
	}
}

/* RFC 2047 Q encoding, with only the characters allowed in a phrase left
 * as they are (5.3), so the same words serve subjects and names. */
static size_t q_char(unsigned char c, char *zOut)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    (c && strchr("!*+-/", c))) {
		zOut[0] = (char)c;
		return 1;
	}
	if (c == ' ') {
		zOut[0] = '_';
		return 1;
	}
	snprintf(zOut, 4, "=%02X", c);
	return 3;
}

/* z as Q-encoded words of at most nMax characters; a word never splits a
 * UTF-8 character (RFC 2047 5). z is valid UTF-8. */
static void hdr_q_words(hdr *h, const char *z, size_t nMax)
{
	static const char zPre[] = "=?UTF-8?Q?";
	const size_t nPre = sizeof zPre - 1;
	char zWord[EW_MAX + 1];
	size_t n = nPre, nAll = strlen(z);
	memcpy(zWord, zPre, nPre);
	for (size_t i = 0; i < nAll;) {
		size_t len = utf8_len((const unsigned char *)z + i, nAll - i), nEnc = 0;
		char zEnc[16];
		for (size_t k = 0; k < len; k++)
			nEnc += q_char((unsigned char)z[i + k], zEnc + nEnc);
		if (n + nEnc + 2 > nMax) {
			memcpy(zWord + n, "?=", 2);
			hdr_token(h, zWord, n + 2);
			n = nPre;
		}
		memcpy(zWord + n, zEnc, nEnc);
		n += nEnc;
		i += len;
	}
	if (n > nPre) {
		memcpy(zWord + n, "?=", 2);
		hdr_token(h, zWord, n + 2);
	}
}

/* The same in B encoding (base64), which is shorter for most non-Latin text. */
static void hdr_b_words(hdr *h, const char *z)
{
	size_t nAll = strlen(z);
	for (size_t i = 0; i < nAll;) {
		size_t n = 0;
		while (i + n < nAll) {
			size_t len = utf8_len((const unsigned char *)z + i + n, nAll - i - n);
			if (12 + 4 * ((n + len + 2) / 3) > EW_MAX)
				break;
			n += len;
		}
		char zWord[EW_MAX + 2] = "=?UTF-8?B?";
		sodium_bin2base64(zWord + 10, sizeof zWord - 12, (const unsigned char *)z + i, n,
				  sodium_base64_VARIANT_ORIGINAL);
		strcat(zWord, "?=");
		hdr_token(h, zWord, strlen(zWord));
		i += n;
	}
}

/* A display name as few encoded words as can be: RFC 2047 says the blank
 * between two words is not part of the name, but some readers keep it
 * (Python 3.11's email policy.default does), so a name that fits in one
 * word gets one. */
static void hdr_name_words(hdr *h, const char *z)
{
	size_t nQ = 12;
	char zEnc[4];
	for (const char *p = z; *p; p++)
		nQ += q_char((unsigned char)*p, zEnc);
	if (nQ <= EW_MAX)
		hdr_q_words(h, z, EW_MAX);
	else
		hdr_b_words(h, z);
}

static void hdr_subject(buf *b, const char *z)
{
	hdr h;
	hdr_begin(&h, b, "Subject");
	if (is_plain(z))
		hdr_words(&h, z);
	else
		hdr_q_words(&h, z, EW_SUBJECT);
	hdr_end(&h);
}

/* "Name <addr>": the name as atoms when it can be, else quoted, else (not
 * ASCII, or too long to quote on one line) encoded words. */
static void hdr_mailbox(buf *b, const char *zHeader, const char *zName, const char *zAddr)
{
	hdr h;
	buf a = {0};
	hdr_begin(&h, b, zHeader);
	if (!zName || !*zName) {
		hdr_token(&h, zAddr, strlen(zAddr));
		hdr_end(&h);
		return;
	}
	int bAtoms = is_plain(zName);
	for (const char *p = zName; bAtoms && *p; p++)
		bAtoms = *p == ' ' || is_atext((unsigned char)*p);
	if (bAtoms)
		hdr_words(&h, zName);
	else if (is_plain(zName) && strlen(zName) < PLAIN_WORD) {
		buf_add(&a, "\"", 1);
		for (const char *p = zName; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_add(&a, "\\", 1);
			buf_add(&a, p, 1);
		}
		buf_add(&a, "\"", 1);
		if (a.bOom)
			b->bOom = 1;
		else
			hdr_token(&h, a.z, a.n);
		free(a.z);
	} else
		hdr_name_words(&h, zName);
	char zAngle[HW_MAIL_MAX_ADDR + 3];
	int n = snprintf(zAngle, sizeof zAngle, "<%s>", zAddr);
	hdr_token(&h, zAngle, (size_t)n);
	hdr_end(&h);
}

static void hdr_date(buf *b, hw_time t)
{
	static const char azDay[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char azMon[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t tt = (time_t)t;
	struct tm tm;
	char z[64];
	gmtime_r(&tt, &tm);
	snprintf(z, sizeof z, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", azDay[tm.tm_wday],
		 tm.tm_mday, azMon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	buf_str(b, z);
}

/* ---- bodies ---- */

/* Quoted-printable (RFC 2045 6.7), line by line: LF and CRLF become CRLF,
 * every other byte survives decoding. A last line without a line break ends
 * in a soft break. */
static void qp_body(buf *b, const char *z)
{
	const unsigned char *p = (const unsigned char *)z;
	while (*p) {
		size_t n = 0, iCol = 0;
		while (p[n] && p[n] != '\n' && !(p[n] == '\r' && p[n + 1] == '\n'))
			n++;
		/* "From " at a line start is mangled by some mailboxes (mbox). */
		int bFrom = n >= 5 && memcmp(p, "From ", 5) == 0;
		int bHard = p[n] != 0; /* else the line ends in a soft break too */
		for (size_t i = 0; i < n; i++) {
			unsigned char c = p[i];
			char zEnc[4];
			size_t nEnc = 1;
			int bLast = i + 1 == n;
			if (c == '=' || c >= 0x7F || (c < 0x20 && c != '\t') ||
			    ((c == ' ' || c == '\t') && bLast) || (i == 0 && bFrom))
				nEnc = (size_t)snprintf(zEnc, sizeof zEnc, "=%02X", c);
			else
				zEnc[0] = (char)c;
			/* room for the soft break's "=", unless this ends the line */
			if (iCol + nEnc > QP_WIDTH - 1 &&
			    !(bLast && bHard && iCol + nEnc <= QP_WIDTH)) {
				buf_add(b, "=\r\n", 3);
				iCol = 0;
			}
			buf_add(b, zEnc, nEnc);
			iCol += nEnc;
		}
		p += n;
		if (!*p) {
			buf_add(b, "=\r\n", 3);
			break;
		}
		p += *p == '\r' ? 2 : 1;
		buf_add(b, "\r\n", 2);
	}
}

/* Base64 in lines of 76, of z with LF made CRLF (iCalendar's line end). */
static void b64_body(buf *b, const char *z)
{
	buf crlf = {0};
	for (const char *p = z; *p; p++) {
		if (*p == '\n' && (p == z || p[-1] != '\r'))
			buf_add(&crlf, "\r", 1);
		buf_add(&crlf, p, 1);
	}
	if (crlf.bOom) {
		b->bOom = 1;
		free(crlf.z);
		return;
	}
	for (size_t i = 0; i < crlf.n; i += B64_CHUNK) {
		size_t n = crlf.n - i < B64_CHUNK ? crlf.n - i : B64_CHUNK;
		char zLine[sodium_base64_ENCODED_LEN(B64_CHUNK, sodium_base64_VARIANT_ORIGINAL)];
		sodium_bin2base64(zLine, sizeof zLine, (const unsigned char *)crlf.z + i, n,
				  sodium_base64_VARIANT_ORIGINAL);
		buf_str(b, zLine);
		buf_add(b, "\r\n", 2);
	}
	free(crlf.z);
}

static const char zTextHeaders[] = "Content-Type: text/plain; charset=UTF-8\r\n"
				   "Content-Transfer-Encoding: quoted-printable\r\n";

hw_rc hw_mail_build(const hw_mail *pMail, char **pzOut, size_t *pnOut, hw_err *pErr)
{
	buf b = {0};
	hw_rc rc;
	char zLine[MAIL_MAX_URL + 64];
	if (pzOut)
		*pzOut = NULL;
	if (pnOut)
		*pnOut = 0;
	hw_err_clear(pErr);
	if (!pMail || !pzOut || !pnOut) {
		hw_err_set(pErr, "hw_mail_build: no mail or no place for the result");
		return HW_EINTERNAL;
	}
	if ((rc = mail_check(pMail, pErr)) != HW_OK)
		return rc;
	if (sodium_init() < 0) {
		hw_err_set(pErr,
			   "libsodium could not start (no random numbers for the Message-ID)");
		return HW_EINTERNAL;
	}

	hdr_date(&b, pMail->tDate);
	hdr_mailbox(&b, "From", pMail->zFromName, pMail->zFromAddr);
	hdr_mailbox(&b, "To", pMail->zToName, pMail->zToAddr);
	hdr_subject(&b, pMail->zSubject);
	if (pMail->zMessageId) {
		snprintf(zLine, sizeof zLine, "Message-ID: %s\r\n", pMail->zMessageId);
	} else {
		unsigned char aRand[16];
		char zHex[33];
		randombytes_buf(aRand, sizeof aRand);
		hex(zHex, aRand, sizeof aRand);
		snprintf(zLine, sizeof zLine, "Message-ID: <%s@%s>\r\n", zHex,
			 strchr(pMail->zFromAddr, '@') + 1);
	}
	buf_str(&b, zLine);
	buf_str(&b, "MIME-Version: 1.0\r\n");
	if (pMail->zOptOutUrl) {
		snprintf(zLine, sizeof zLine, "List-Unsubscribe: <%s>\r\n", pMail->zOptOutUrl);
		buf_str(&b, zLine);
		buf_str(&b, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
	}
	if (!pMail->zIcs) {
		buf_str(&b, zTextHeaders);
		buf_str(&b, "\r\n");
		qp_body(&b, pMail->zBody);
	} else {
		/* "=_" never occurs in quoted-printable or base64 text. */
		unsigned char aRand[12];
		char zHex[25], zBound[40];
		randombytes_buf(aRand, sizeof aRand);
		hex(zHex, aRand, sizeof aRand);
		snprintf(zBound, sizeof zBound, "=_hw_%s", zHex);
		snprintf(zLine, sizeof zLine,
			 "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n--%s\r\n",
			 zBound, zBound);
		buf_str(&b, zLine);
		buf_str(&b, zTextHeaders);
		buf_str(&b, "\r\n");
		qp_body(&b, pMail->zBody);
		snprintf(zLine, sizeof zLine,
			 "\r\n--%s\r\n"
			 "Content-Type: text/calendar; method=REQUEST; charset=UTF-8\r\n"
			 "Content-Transfer-Encoding: base64\r\n\r\n",
			 zBound);
		buf_str(&b, zLine);
		b64_body(&b, pMail->zIcs);
		snprintf(zLine, sizeof zLine, "\r\n--%s--\r\n", zBound);
		buf_str(&b, zLine);
	}
	if (b.bOom) {
		free(b.z);
		hw_err_set(pErr, "out of memory building the email");
		return HW_ENOMEM;
	}
	*pzOut = b.z;
	*pnOut = b.n;
	return HW_OK;
}
