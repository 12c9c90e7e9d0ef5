/*
 * csv.c — the lead-list reader behind csv.h: sniffing, transcoding and line
 * numbers around libcsv's RFC 4180 state machine.
 *
 * hw_csv_open reads the file once up front (streaming, 1 MiB at a time) to
 * decide the encoding, because a Windows-1252 byte may first appear on the
 * millionth line and a file must not change encoding half way. It then reads
 * again in 64 KiB chunks: transcodes (iconv) if needed, cuts each chunk after
 * every CR or LF and feeds those pieces to csv_parse. libcsv reports no
 * positions, but a record can only start in a piece fed while the parser is
 * between rows (pstate ROW_NOT_BEGUN), and we count the line of every piece
 * ourselves; that is how each record knows its starting line, across quoted
 * newlines, blank lines and chunk boundaries. Completed records are kept in
 * one arena (field bytes, offsets, record table) that is compacted before each
 * refill, so nothing is malloc'd per field and memory stays bounded by the
 * limits below whatever the file size.
 */
#include "io/csv.h"

#include <csv.h>      /* libcsv: csv_parse, csv_fini */
#include <errno.h>    /* errno, ENOENT */
#include <iconv.h>    /* iconv_open: Windows-1252 -> UTF-8 */
#include <stdint.h>   /* uint64_t */
#include <stdlib.h>   /* malloc, realloc, free */
#include <string.h>   /* memchr, memcpy, memmove, strerror */
#include <sys/stat.h> /* fstat */

/* Limits, in one place. Together they keep one reader under ~14 MiB whatever
 * the file: libcsv's field buffer (MAX_FIELD), the arena (MAX_RECORD plus one
 * transcoded chunk), the read buffers. */
#define CSV_CHUNK (64 * 1024)	 /* bytes read per refill */
#define CSV_SCAN (1024 * 1024)	 /* bytes read per encoding-scan step */
#define CSV_SNIFF (64 * 1024)	 /* prefix used to sniff type and delimiter */
#define CSV_SNIFF_LINES 20	 /* records looked at to sniff the delimiter */
#define CSV_MAX_FIELD (4 << 20)	 /* one field */
#define CSV_MAX_RECORD (8 << 20) /* the bytes of one record */
#define CSV_MAX_FIELDS 100000	 /* the fields of one record */

typedef struct csv_rec {
	size_t iField; /* first field in aOff/aLen */
	int nField;
	long iLine;	/* 1-based physical line where it starts */
	long long iEnd; /* original-file offset just past it */
} csv_rec;

struct hw_csv {
	FILE *pIn;
	char zPath[256];
	struct csv_parser parser;
	iconv_t cd;	     /* (iconv_t)-1 unless transcoding */
	unsigned char *aRaw; /* CSV_CHUNK bytes as read */
	char *aConv;	     /* the chunk in UTF-8, when transcoding */
	long long iOrig;     /* original-file bytes read so far */
	long long nBytes;

	long iLine;	     /* line of the next byte fed to libcsv */
	int bLastCR;	     /* the last byte fed was CR (CRLF counts once) */
	long iRecLine;	     /* line where the record being parsed started */
	long long iPieceEnd; /* original offset at the end of the piece fed */

	char *aData; /* field bytes, each followed by a NUL */
	size_t nData, nDataAlloc;
	size_t *aOff, *aLen; /* per field: offset in aData, length */
	size_t nFld, nFldAlloc;
	size_t iFldRec; /* first field of the record being parsed */
	csv_rec *aRec;
	size_t nRec, nRecAlloc, iRecNext;
	char **azOut; /* what hw_csv_next hands out */
	size_t nOutAlloc;
	long long iDone; /* original offset of the last record handed out */

	int bEof;    /* no more records will be parsed */
	hw_rc rcEnd; /* error to report once the queue is drained */
	hw_err errEnd;
};

/* ---- encoding and content sniffing ------------------------------------ */

/* Length of the longest prefix of a[0..n) that is complete, valid UTF-8
 * (no overlongs, surrogates or code points past U+10FFFF). *pbBad says an
 * invalid sequence starts there; otherwise the rest is an incomplete tail
 * that more input may complete. */
static size_t utf8_prefix(const unsigned char *a, size_t n, int *pbBad)
{
	size_t i = 0;
	*pbBad = 0;
	while (i < n) {
		unsigned c = a[i], lo = 0x80, hi = 0xBF;
		size_t len, k;
		if (c < 0x80) {
			/* Lead lists are nearly all ASCII: skip 8 bytes at a time. */
			for (;;) {
				uint64_t w;
				if (i + 8 > n)
					break;
				memcpy(&w, a + i, 8);
				if (w & 0x8080808080808080ull)
					break;
				i += 8;
			}
			while (i < n && a[i] < 0x80)
				i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else {
			*pbBad = 1;
			return i;
		}
		for (k = 1; k < len && i + k < n; k++) {
			unsigned b = a[i + k];
			if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) {
				*pbBad = 1;
				return i;
			}
		}
		if (k < len)
			return i;
		i += len;
	}
	return n;
}

/* Not text: NUL bytes, or more than 1 byte in 10 a control character no
 * text editor or spreadsheet writes. Returns a hint, or NULL for text. */
static const char *csv_not_text(const unsigned char *a, size_t n)
{
	size_t i, nCtl = 0;
	if (n >= 2 && ((a[0] == 0xFF && a[1] == 0xFE) || (a[0] == 0xFE && a[1] == 0xFF)))
		return "it is UTF-16 text; save it as \"CSV UTF-8\" and import that";
	if (n >= 4 && memcmp(a, "PK\3\4", 4) == 0)
		return "it looks like a ZIP or Excel (.xlsx) file; save it as CSV and import that";
	for (i = 0; i < n; i++) {
		if (a[i] == 0)
			return "it has NUL bytes, so it is not a text file; export the lead list "
			       "as CSV and import that";
		if ((a[i] < 0x20 && a[i] != '\t' && a[i] != '\n' && a[i] != '\r' && a[i] != '\f') ||
		    a[i] == 0x7F)
			nCtl++;
	}
	if (nCtl * 10 > n)
		return "it is mostly control characters, so it is not a text file; export the lead "
		       "list as CSV and import that";
	return NULL;
}

/* The delimiter among ',' ';' and tab: per record (outside quotes) over the
 * first lines, the one whose count is the same on the most records wins;
 * ties go to the higher count, then to the order below. ',' if none occurs.
 * As in libcsv, a quote opens a quoted field only at the start of a field. */
static char csv_sniff_delim(const unsigned char *a, size_t n, int bEof)
{
	static const char acCand[] = {',', ';', '\t'};
	int aan[3][CSV_SNIFF_LINES], an[3] = {0, 0, 0};
	int nLine = 0, bQuote = 0, bAny = 0, k, iBest = -1, nBestAgree = 0, nBestMode = 0;
	unsigned char cPrev = '\n';
	size_t i;
	for (i = 0; i < n && nLine < CSV_SNIFF_LINES; cPrev = a[i++]) {
		unsigned char c = a[i];
		if (bQuote) {
			if (c == '"' && i + 1 < n && a[i + 1] == '"')
				i++; /* a doubled quote; cPrev becomes '"', which opens nothing */
			else if (c == '"')
				bQuote = 0;
		} else if (c == '"' &&
			   (cPrev == '\n' || cPrev == '\r' || memchr(acCand, cPrev, 3))) {
			bQuote = 1;
			bAny = 1;
		} else if (c == '\n' || c == '\r') {
			if (bAny) {
				for (k = 0; k < 3; k++)
					aan[k][nLine] = an[k], an[k] = 0;
				nLine++;
			}
			bAny = 0;
		} else {
			bAny = 1;
			for (k = 0; k < 3; k++)
				an[k] += c == (unsigned char)acCand[k];
		}
	}
	/* A last line cut off by the sniff window would count short. */
	if (bAny && bEof && i == n && !bQuote && nLine < CSV_SNIFF_LINES) {
		for (k = 0; k < 3; k++)
			aan[k][nLine] = an[k];
		nLine++;
	}
	for (k = 0; k < 3; k++) {
		int nMode = 0, nAgree = 0, j, m;
		for (j = 0; j < nLine; j++) {
			int nSame = 0;
			for (m = 0; m < nLine; m++)
				nSame += aan[k][m] == aan[k][j];
			if (nSame > nAgree || (nSame == nAgree && aan[k][j] > nMode))
				nAgree = nSame, nMode = aan[k][j];
		}
		if (nMode == 0)
			continue;
		if (iBest < 0 || nAgree > nBestAgree || (nAgree == nBestAgree && nMode > nBestMode))
			iBest = k, nBestAgree = nAgree, nBestMode = nMode;
	}
	return iBest < 0 ? ',' : acCand[iBest];
}

/* ---- the arena, filled from libcsv's callbacks ------------------------- */

static int csv_grow(void **pa, size_t *pnAlloc, size_t nNeed, size_t szElem)
{
	size_t nNew = *pnAlloc ? *pnAlloc : 64;
	void *aNew;
	if (nNeed <= *pnAlloc)
		return 0;
	while (nNew < nNeed)
		nNew *= 2;
	aNew = realloc(*pa, nNew * szElem);
	if (!aNew)
		return -1;
	*pa = aNew;
	*pnAlloc = nNew;
	return 0;
}

/* aOff and aLen grow together (aLen is handed out as is by hw_csv_next). */
static int csv_grow_fields(hw_csv *p)
{
	size_t nAlloc = p->nFldAlloc, n = p->nFld + 1;
	if (n <= nAlloc)
		return 0;
	if (csv_grow((void **)&p->aLen, &nAlloc, n, sizeof(size_t)))
		return -1;
	return csv_grow((void **)&p->aOff, &p->nFldAlloc, n, sizeof(size_t));
}

static void csv_fail(hw_csv *p, hw_rc rc, long iLine, int iCol, const char *zMsg)
{
	if (p->rcEnd)
		return;
	p->rcEnd = rc;
	hw_err_at(&p->errEnd, p->zPath, iLine, iCol, NULL, "%s", zMsg);
}

static void on_field(void *s, size_t n, void *pArg)
{
	hw_csv *p = pArg;
	if (p->rcEnd)
		return;
	if (p->nData - (p->iFldRec < p->nFld ? p->aOff[p->iFldRec] : p->nData) + n >
		CSV_MAX_RECORD ||
	    p->nFld - p->iFldRec >= CSV_MAX_FIELDS) {
		csv_fail(
		    p, HW_EINVAL, p->iRecLine, 0,
		    "this record is larger than 8 MiB or 100000 fields; a quote is probably never "
		    "closed, or the file is not a lead list");
		return;
	}
	if (csv_grow((void **)&p->aData, &p->nDataAlloc, p->nData + n + 1, 1) ||
	    csv_grow_fields(p)) {
		csv_fail(p, HW_ENOMEM, p->iRecLine, 0, "out of memory while reading this record");
		return;
	}
	memcpy(p->aData + p->nData, s, n + 1); /* CSV_APPEND_NULL: s[n] is NUL */
	p->aOff[p->nFld] = p->nData;
	p->aLen[p->nFld] = n;
	p->nFld++;
	p->nData += n + 1;
}

static void on_row(int c, void *pArg)
{
	hw_csv *p = pArg;
	size_t nField = p->nFld - p->iFldRec, i;
	(void)c;
	if (p->rcEnd)
		return;
	/* RFC 4180 keeps spaces, so a line of only spaces would be a record;
	 * it looks blank to anyone reading the file, so skip it like a blank. */
	if (nField == 1) {
		const char *z = p->aData + p->aOff[p->iFldRec];
		for (i = 0; z[i] == ' ' || z[i] == '\t'; i++)
			;
		if (i == p->aLen[p->iFldRec]) {
			p->nData = p->aOff[p->iFldRec];
			p->nFld = p->iFldRec;
			return;
		}
	}
	if (csv_grow((void **)&p->aRec, &p->nRecAlloc, p->nRec + 1, sizeof(csv_rec))) {
		csv_fail(p, HW_ENOMEM, p->iRecLine, 0, "out of memory while reading this record");
		return;
	}
	p->aRec[p->nRec].iField = p->iFldRec;
	p->aRec[p->nRec].nField = (int)nField;
	p->aRec[p->nRec].iLine = p->iRecLine;
	p->aRec[p->nRec].iEnd = p->iPieceEnd;
	p->nRec++;
	p->iFldRec = p->nFld;
}

/* RFC 4180: spaces are part of a field, so libcsv must not trim them. */
static int is_space_never(unsigned char c)
{
	(void)c;
	return 0;
}

/* ---- feeding libcsv ---------------------------------------------------- */

/* Feed a[0..n), which came from nOrig original bytes starting at iOrig0, one
 * line piece at a time so every record learns the line it starts on. */
static void csv_feed(hw_csv *p, const char *a, size_t n, long long iOrig0, size_t nOrig)
{
	/* Next CR and LF at or after i, each found by memchr and reused until
	 * passed: a byte loop here cost as much as libcsv itself. */
	const char *zCR = memchr(a, '\r', n), *zLF = memchr(a, '\n', n);
	size_t i = 0, e;
	while (i < n && !p->rcEnd) {
		if (zCR && zCR < a + i)
			zCR = memchr(a + i, '\r', n - i);
		if (zLF && zLF < a + i)
			zLF = memchr(a + i, '\n', n - i);
		if (zCR && (!zLF || zCR < zLF))
			e = (size_t)(zCR - a);
		else
			e = zLF ? (size_t)(zLF - a) : n;
		if (e < n)
			e++;
		if (p->parser.pstate == 0 /* ROW_NOT_BEGUN */)
			p->iRecLine = p->iLine;
		/* Exact when not transcoding; interpolated within the chunk otherwise. */
		p->iPieceEnd =
		    iOrig0 + (nOrig == n ? (long long)e : (long long)(e * (double)nOrig / n));
		if (csv_parse(&p->parser, a + i, e - i, on_field, on_row, p) != e - i) {
			csv_fail(p, HW_ENOMEM, p->iRecLine, 0,
				 "out of memory while reading this record");
			return;
		}
		if (a[e - 1] == '\n') {
			if (!(e - i == 1 && p->bLastCR))
				p->iLine++;
			p->bLastCR = 0;
		} else if (a[e - 1] == '\r') {
			p->iLine++;
			p->bLastCR = 1;
		} else {
			p->bLastCR = 0;
		}
		if (p->parser.entry_pos > CSV_MAX_FIELD)
			csv_fail(p, HW_EINVAL, p->iRecLine, (int)(p->nFld - p->iFldRec) + 1,
				 p->parser.quoted ? "a quoted field opened here runs on for more "
						    "than 4 MiB; close the "
						    "quote or remove it"
						  : "a field here is longer than 4 MiB; this does "
						    "not look like a lead list");
		i = e;
	}
}

/* Windows-1252 -> UTF-8. glibc rejects the five bytes 1252 leaves undefined
 * (0x81 0x8D 0x8F 0x90 0x9D); read those as Latin-1's C1 controls, as
 * browsers do, so no byte is ever lost. Returns the output length. */
static size_t csv_transcode(hw_csv *p, unsigned char *a, size_t n)
{
	char *zIn = (char *)a, *zOut = p->aConv;
	size_t nIn = n, nOut = 3 * CSV_CHUNK;
	while (nIn > 0) {
		if (iconv(p->cd, &zIn, &nIn, &zOut, &nOut) != (size_t)-1 || errno != EILSEQ)
			break;
		/* nOut always suffices: at most 3 bytes out per byte in. */
		*zOut++ = (char)(0xC0 | ((unsigned char)*zIn >> 6));
		*zOut++ = (char)(0x80 | ((unsigned char)*zIn & 0x3F));
		nOut -= 2;
		zIn++;
		nIn--;
	}
	return (size_t)(zOut - p->aConv);
}

/* Drop the records already handed out, keep the rest and the record being
 * parsed, and move them to the front of the arena. */
static void csv_compact(hw_csv *p)
{
	size_t iFld = p->iRecNext < p->nRec ? p->aRec[p->iRecNext].iField : p->iFldRec;
	size_t iData = iFld < p->nFld ? p->aOff[iFld] : p->nData, i;
	if (p->iRecNext == 0)
		return;
	memmove(p->aData, p->aData + iData, p->nData - iData);
	p->nData -= iData;
	memmove(p->aOff, p->aOff + iFld, (p->nFld - iFld) * sizeof(size_t));
	memmove(p->aLen, p->aLen + iFld, (p->nFld - iFld) * sizeof(size_t));
	p->nFld -= iFld;
	for (i = 0; i < p->nFld; i++)
		p->aOff[i] -= iData;
	p->iFldRec -= iFld;
	memmove(p->aRec, p->aRec + p->iRecNext, (p->nRec - p->iRecNext) * sizeof(csv_rec));
	p->nRec -= p->iRecNext;
	for (i = 0; i < p->nRec; i++)
		p->aRec[i].iField -= iFld;
	p->iRecNext = 0;
}

/* Parse chunks until at least one new record is queued or the file ends. */
static void csv_fill(hw_csv *p)
{
	size_t nRec0;
	csv_compact(p);
	nRec0 = p->nRec;
	while (!p->bEof && p->nRec == nRec0) {
		size_t n = fread(p->aRaw, 1, CSV_CHUNK, p->pIn), nSkip = 0;
		long long iOrig0 = p->iOrig;
		if (n == 0) {
			if (ferror(p->pIn)) {
				csv_fail(p, HW_EIO, p->iLine, 0,
					 "reading the file failed; check the disk and try again");
			} else if (p->parser.pstate == 2 /* FIELD_BEGUN */ && p->parser.quoted) {
				csv_fail(p, HW_EINVAL, p->iRecLine, (int)(p->nFld - p->iFldRec) + 1,
					 "a quoted field opened here is never closed; close the "
					 "quote or remove it");
			} else {
				p->iPieceEnd = p->iOrig;
				csv_fini(&p->parser, on_field, on_row, p);
			}
			p->bEof = 1;
			break;
		}
		p->iOrig += (long long)n;
		if (iOrig0 == 0 && n >= 3 && memcmp(p->aRaw, "\xEF\xBB\xBF", 3) == 0)
			nSkip = 3;
		if (p->cd != (iconv_t)-1) {
			size_t nConv = csv_transcode(p, p->aRaw + nSkip, n - nSkip);
			csv_feed(p, p->aConv, nConv, iOrig0 + (long long)nSkip, n - nSkip);
		} else {
			csv_feed(p, (char *)p->aRaw + nSkip, n - nSkip, iOrig0 + (long long)nSkip,
				 n - nSkip);
		}
		if (p->rcEnd)
			p->bEof = 1;
	}
}

/* ---- the interface ----------------------------------------------------- */

/* Read the whole file once: the first CSV_SNIFF bytes into aSniff (for the
 * type and delimiter checks) and whether all of it is valid UTF-8. */
static hw_rc csv_scan(hw_csv *p, unsigned char *aSniff, size_t *pnSniff, long long *piBad,
		      hw_err *pErr)
{
	unsigned char *a = malloc(CSV_SCAN + 4);
	size_t nCarry = 0;
	long long iAt = 0;
	*pnSniff = 0;
	*piBad = -1;
	if (!a) {
		hw_err_at(pErr, p->zPath, 0, 0, NULL, "out of memory while opening the file");
		return HW_ENOMEM;
	}
	for (;;) {
		size_t n = fread(a + nCarry, 1, CSV_SCAN, p->pIn), nOk;
		int bBad;
		if (n == 0 && ferror(p->pIn)) {
			free(a);
			hw_err_at(pErr, p->zPath, 0, 0, NULL,
				  "reading the file failed (%s); check the file and try again",
				  strerror(errno));
			return HW_EIO;
		}
		if (iAt == 0 && *pnSniff == 0) {
			*pnSniff = n < CSV_SNIFF ? n : CSV_SNIFF;
			memcpy(aSniff, a, *pnSniff);
		}
		n += nCarry;
		nOk = utf8_prefix(a, n, &bBad);
		if (bBad || (nOk < n && feof(p->pIn))) {
			*piBad = iAt + (long long)nOk;
			break;
		}
		if (feof(p->pIn))
			break;
		nCarry = n - nOk;
		memmove(a, a + nOk, nCarry);
		iAt += (long long)nOk;
	}
	free(a);
	return HW_OK;
}

void hw_csv_close(hw_csv *p)
{
	if (!p)
		return;
	if (p->pIn)
		fclose(p->pIn);
	if (p->cd != (iconv_t)-1)
		iconv_close(p->cd);
	csv_free(&p->parser);
	free(p->aRaw);
	free(p->aConv);
	free(p->aData);
	free(p->aOff);
	free(p->aLen);
	free(p->aRec);
	free(p->azOut);
	free(p);
}

hw_rc hw_csv_open(const char *zPath, char cDelim, hw_csv **ppCsv, hw_csv_info *pInfo, hw_err *pErr)
{
	hw_csv *p;
	unsigned char *aSniff = NULL;
	size_t nSniff = 0, nBom;
	long long iBad = -1;
	const char *zWhy;
	struct stat st;
	hw_rc rc;

	*ppCsv = NULL;
	hw_err_clear(pErr);
	if (pInfo)
		memset(pInfo, 0, sizeof *pInfo);
	if (cDelim == '"' || cDelim == '\r' || cDelim == '\n' || (unsigned char)cDelim >= 0x80) {
		hw_err_at(pErr, zPath, 0, 0, NULL,
			  "a quote, a line break or a non-ASCII byte cannot be the delimiter; use "
			  "',' ';' or tab");
		return HW_EUSAGE;
	}
	p = calloc(1, sizeof *p);
	if (!p) {
		hw_err_at(pErr, zPath, 0, 0, NULL, "out of memory while opening the file");
		return HW_ENOMEM;
	}
	p->cd = (iconv_t)-1;
	snprintf(p->zPath, sizeof p->zPath, "%s", zPath);
	if (csv_init(&p->parser, CSV_APPEND_NULL)) {
		free(p);
		hw_err_at(pErr, zPath, 0, 0, NULL, "out of memory while opening the file");
		return HW_ENOMEM;
	}
	p->pIn = fopen(zPath, "rb");
	if (!p->pIn) {
		int e = errno;
		hw_err_at(pErr, zPath, 0, 0, NULL,
			  "cannot open the file (%s); check the path and its permissions",
			  strerror(e));
		rc = e == ENOENT || e == ENOTDIR ? HW_ENOTFOUND : HW_EIO;
		goto fail;
	}
	if (fstat(fileno(p->pIn), &st))
		memset(&st, 0, sizeof st);
	if (S_ISDIR(st.st_mode)) {
		hw_err_at(pErr, zPath, 0, 0, NULL,
			  "this is a directory; give the path of a CSV file");
		rc = HW_EINVAL;
		goto fail;
	}
	p->nBytes = S_ISREG(st.st_mode) ? (long long)st.st_size : 0;

	aSniff = malloc(CSV_SNIFF);
	if (!aSniff) {
		hw_err_at(pErr, zPath, 0, 0, NULL, "out of memory while opening the file");
		rc = HW_ENOMEM;
		goto fail;
	}
	rc = csv_scan(p, aSniff, &nSniff, &iBad, pErr);
	if (rc)
		goto fail;
	nBom = nSniff >= 3 && memcmp(aSniff, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	if (nSniff == nBom) {
		hw_err_at(pErr, zPath, 0, 0, NULL,
			  "the file is empty; export the lead list again with a header row and at "
			  "least one lead");
		rc = HW_EINVAL;
		goto fail;
	}
	zWhy = csv_not_text(aSniff + nBom, nSniff - nBom);
	if (zWhy) {
		hw_err_at(pErr, zPath, 0, 0, NULL, "%s", zWhy);
		rc = HW_EINVAL;
		goto fail;
	}
	if (!cDelim)
		cDelim = csv_sniff_delim(aSniff + nBom, nSniff - nBom, p->nBytes <= CSV_SNIFF);
	csv_set_delim(&p->parser, (unsigned char)cDelim);
	csv_set_space_func(&p->parser, is_space_never);
	/* Grow libcsv's field buffer in big steps: its default is 128 bytes. */
	csv_set_blk_size(&p->parser, 16 * 1024);

	if (pInfo) {
		pInfo->cDelim = cDelim;
		pInfo->nBytes = p->nBytes;
		pInfo->eEncoding = iBad >= 0 ? HW_CSV_WINDOWS_1252
				   : nBom    ? HW_CSV_UTF8_BOM
					     : HW_CSV_UTF8;
		if (iBad >= 0)
			snprintf(pInfo->zWarning, sizeof pInfo->zWarning,
				 "%s is not UTF-8 (first invalid byte at offset %lld); read it as "
				 "Windows-1252/Latin-1 and converted it",
				 zPath, iBad);
	}
	if (iBad >= 0) {
		p->cd = iconv_open("UTF-8", "WINDOWS-1252");
		p->aConv = malloc(3 * CSV_CHUNK);
		if (p->cd == (iconv_t)-1 || !p->aConv) {
			hw_err_at(pErr, zPath, 0, 0, NULL,
				  "the file is not UTF-8 and this system cannot convert from "
				  "Windows-1252 (%s); "
				  "save the file as \"CSV UTF-8\" and import that",
				  strerror(errno));
			rc = HW_EIO;
			goto fail;
		}
	}
	p->aRaw = malloc(CSV_CHUNK);
	if (!p->aRaw || fseek(p->pIn, 0, SEEK_SET)) {
		hw_err_at(pErr, zPath, 0, 0, NULL,
			  "cannot read the file twice (%s); copy it to a regular file first",
			  strerror(errno));
		rc = p->aRaw ? HW_EIO : HW_ENOMEM;
		goto fail;
	}
	p->iLine = 1;

	/* Parse a header and one data row now, so a useless file fails here. */
	while (p->nRec < 2 && !p->bEof)
		csv_fill(p);
	if (p->nRec < 2 && p->rcEnd) {
		rc = p->rcEnd;
		if (pErr)
			*pErr = p->errEnd;
		goto fail;
	}
	if (p->nRec < 2) {
		hw_err_at(
		    pErr, zPath, p->nRec ? p->aRec[0].iLine : 0, 0, NULL,
		    p->nRec
			? "the file has a header line but no data rows; export the lead list again "
			  "with the leads in it"
			: "the file has only blank lines; export the lead list again with a header "
			  "row and at least one lead");
		rc = HW_EINVAL;
		goto fail;
	}
	free(aSniff);
	*ppCsv = p;
	return HW_OK;

fail:
	free(aSniff);
	hw_csv_close(p);
	if (pInfo)
		memset(pInfo, 0, sizeof *pInfo);
	return rc;
}

hw_rc hw_csv_next(hw_csv *p, int *pnField, char ***pazField, size_t **panLen, long *piLine,
		  hw_err *pErr)
{
	csv_rec *pRec;
	int i;
	*pnField = 0;
	*pazField = NULL;
	*panLen = NULL;
	*piLine = 0;
	while (p->iRecNext >= p->nRec) {
		if (p->bEof) {
			p->iDone = p->iOrig; /* all of it, or as far as an error let us read */
			if (p->rcEnd) {
				if (pErr)
					*pErr = p->errEnd;
				return p->rcEnd;
			}
			return HW_ENOTFOUND;
		}
		csv_fill(p);
	}
	pRec = &p->aRec[p->iRecNext];
	if (csv_grow((void **)&p->azOut, &p->nOutAlloc, (size_t)pRec->nField, sizeof(char *))) {
		hw_err_at(pErr, p->zPath, pRec->iLine, 0, NULL,
			  "out of memory while reading this record");
		return HW_ENOMEM;
	}
	p->iRecNext++;
	for (i = 0; i < pRec->nField; i++)
		p->azOut[i] = p->aData + p->aOff[pRec->iField + (size_t)i];
	p->iDone = pRec->iEnd;
	*pnField = pRec->nField;
	*pazField = p->azOut;
	*panLen = p->aLen + pRec->iField;
	*piLine = pRec->iLine;
	return HW_OK;
}

long long hw_csv_offset(const hw_csv *p)
{
	return p->iDone;
}
