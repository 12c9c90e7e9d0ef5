/*
 * test_csv.c — the lead-list CSV reader (src/io/csv.c), table-driven.
 *
 * Each row of aCase is a file's bytes and what hw_csv must make of them: the
 * sniffed delimiter and encoding, every record's fields and starting line,
 * and the error (with line and column) when the file is refused. The cases
 * that need big inputs (a field over 64 KiB, chunk boundaries falling inside
 * a CRLF or a quote, a non-UTF-8 byte far into the file, a runaway quote) are
 * generated below the table. Fixtures are written to a fresh temporary
 * directory, because hw_csv reads files, not strings.
 */
#include <setjmp.h> /* cmocka needs these first */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "io/csv.h"

#include <stdio.h>    /* fopen, snprintf */
#include <stdlib.h>   /* malloc, mkdtemp */
#include <string.h>   /* strlen, strstr */
#include <sys/stat.h> /* mkdir */
#include <unistd.h>   /* unlink, rmdir */

#define MAX_REC 6
#define MAX_FLD 4

typedef struct exp_rec {
	long iLine;		      /* 0 ends the list */
	const char *azField[MAX_FLD]; /* NULL ends the fields */
} exp_rec;

typedef struct csv_case {
	const char *zName;
	const char *zIn;
	size_t nIn;  /* 0: strlen(zIn) */
	char cForce; /* delimiter given to hw_csv_open, or 0 to sniff */
	hw_rc rcOpen;
	char cDelim; /* expected when rcOpen is HW_OK */
	hw_csv_encoding eEnc;
	exp_rec aRec[MAX_REC];
	hw_rc rcEnd;   /* after the records: HW_ENOTFOUND, or an error */
	long iErrLine; /* for rcOpen or rcEnd errors */
	int iErrCol;
	const char *zMsg; /* substring of the error message, or of zWarning */
} csv_case;

#define OK HW_OK
#define END HW_ENOTFOUND
#define U8 HW_CSV_UTF8

/* One case to a row reads better than clang-format's one value to a line. */
/* clang-format off */
static const csv_case aCase[] = {
	{"lf", "name,phone\nBob,123\nAnn,456\n", 0, 0, OK, ',', U8,
	 {{1, {"name", "phone"}}, {2, {"Bob", "123"}}, {3, {"Ann", "456"}}}, END, 0, 0, NULL},
	{"crlf", "a,b\r\n1,2\r\n3,4\r\n", 0, 0, OK, ',', U8,
	 {{1, {"a", "b"}}, {2, {"1", "2"}}, {3, {"3", "4"}}}, END, 0, 0, NULL},
	{"cr_only_no_final_newline", "a,b\r1,2\r3,4", 0, 0, OK, ',', U8,
	 {{1, {"a", "b"}}, {2, {"1", "2"}}, {3, {"3", "4"}}}, END, 0, 0, NULL},
	{"mixed_line_ends", "a,b\r\n1,2\n3,4\r5,6\r\n", 0, 0, OK, ',', U8,
	 {{1, {"a", "b"}}, {2, {"1", "2"}}, {3, {"3", "4"}}, {4, {"5", "6"}}}, END, 0, 0, NULL},
	{"bom", "\xEF\xBB\xBFname,city\nBob,K\xC3\xB6ln\n", 0, 0, OK, ',', HW_CSV_UTF8_BOM,
	 {{1, {"name", "city"}}, {2, {"Bob", "K\xC3\xB6ln"}}}, END, 0, 0, NULL},
	{"utf8_multibyte", "name,note\nZo\xC3\xAB,\xE2\x82\xAC 5 \xF0\x9F\x93\x9E\n", 0, 0, OK, ',', U8,
	 {{1, {"name", "note"}}, {2, {"Zo\xC3\xAB", "\xE2\x82\xAC 5 \xF0\x9F\x93\x9E"}}}, END, 0, 0, NULL},
	{"windows1252", "name,price\nM\xFCller,\x80 5\n", 0, 0, OK, ',', HW_CSV_WINDOWS_1252,
	 {{1, {"name", "price"}}, {2, {"M\xC3\xBCller", "\xE2\x82\xAC 5"}}}, END, 0, 0,
	 "is not UTF-8"},
	{"latin1", "name;city\nCaf\xE9;S\xE3o Paulo\n", 0, 0, OK, ';', HW_CSV_WINDOWS_1252,
	 {{1, {"name", "city"}}, {2, {"Caf\xC3\xA9", "S\xC3\xA3o Paulo"}}}, END, 0, 0,
	 "Windows-1252/Latin-1"},
	/* 0x81 is undefined in 1252: kept as Latin-1's C1 control U+0081. */
	{"cp1252_undefined_byte", "a,b\nx\x81y,\x9Cz\n", 0, 0, OK, ',', HW_CSV_WINDOWS_1252,
	 {{1, {"a", "b"}}, {2, {"x\xC2\x81y", "\xC5\x93z"}}}, END, 0, 0, NULL},
	/* A BOM, then a byte that is not UTF-8: the BOM still goes. */
	{"bom_then_1252", "\xEF\xBB\xBFn\nM\xFCller\n", 0, 0, OK, ',', HW_CSV_WINDOWS_1252,
	 {{1, {"n"}}, {2, {"M\xC3\xBCller"}}}, END, 0, 0, NULL},
	{"overlong_is_not_utf8", "a\n\xC0\xAF\n", 0, 0, OK, ',', HW_CSV_WINDOWS_1252,
	 {{1, {"a"}}, {2, {"\xC3\x80\xC2\xAF"}}}, END, 0, 0, NULL},
	{"truncated_utf8_at_eof", "a\nx\xC3", 0, 0, OK, ',', HW_CSV_WINDOWS_1252,
	 {{1, {"a"}}, {2, {"x\xC3\x83"}}}, END, 0, 0, NULL},
	{"sniff_semicolon", "name;city;note\nBob;Bonn;a,b\nAnn;Ulm;c\n", 0, 0, OK, ';', U8,
	 {{1, {"name", "city", "note"}}, {2, {"Bob", "Bonn", "a,b"}}, {3, {"Ann", "Ulm", "c"}}},
	 END, 0, 0, NULL},
	{"sniff_tab", "name\tcity\nBob\tBonn, DE\nAnn\tUlm, DE\n", 0, 0, OK, '\t', U8,
	 {{1, {"name", "city"}}, {2, {"Bob", "Bonn, DE"}}, {3, {"Ann", "Ulm, DE"}}}, END, 0, 0, NULL},
	{"sniff_ignores_quoted", "a,b\n\"x;y;z\",2\n\"p;q\",3\n", 0, 0, OK, ',', U8,
	 {{1, {"a", "b"}}, {2, {"x;y;z", "2"}}, {3, {"p;q", "3"}}}, END, 0, 0, NULL},
	/* ',' is more frequent but varies per line; ';' is the same on every line. */
	{"sniff_consistency_wins", "a;b;c\n1,5;2;3,3\n4;5,5,5;6\n7;8;9\n", 0, 0, OK, ';', U8,
	 {{1, {"a", "b", "c"}}, {2, {"1,5", "2", "3,3"}}, {3, {"4", "5,5,5", "6"}}, {4, {"7", "8", "9"}}},
	 END, 0, 0, NULL},
	{"single_column", "phone\n+4930123\n+4930456\n", 0, 0, OK, ',', U8,
	 {{1, {"phone"}}, {2, {"+4930123"}}, {3, {"+4930456"}}}, END, 0, 0, NULL},
	{"forced_delimiter", "a;b,c\n1;2,3\n", 0, ';', OK, ';', U8,
	 {{1, {"a", "b,c"}}, {2, {"1", "2,3"}}}, END, 0, 0, NULL},
	{"forced_pipe", "a|b,c\n1|2,3\n", 0, '|', OK, '|', U8,
	 {{1, {"a", "b,c"}}, {2, {"1", "2,3"}}}, END, 0, 0, NULL},
	{"forced_tab_keeps_spaces", "a\tb\n x \t y\n", 0, '\t', OK, '\t', U8,
	 {{1, {"a", "b"}}, {2, {" x ", " y"}}}, END, 0, 0, NULL},
	{"forced_quote_refused", "a,b\n1,2\n", 0, '"', HW_EUSAGE, 0, U8, {{0, {NULL}}}, END, 0, 0,
	 "cannot be the delimiter"},
	{"quoted_delimiter", "a,b\n\"Doe, John\",\"x,y\"\n", 0, 0, OK, ',', U8,
	 {{1, {"a", "b"}}, {2, {"Doe, John", "x,y"}}}, END, 0, 0, NULL},
	{"quoted_newline", "a,b\n1,\"x\ny\"\n2,z\n", 0, 0, OK, ',', U8,
	 {{1, {"a", "b"}}, {2, {"1", "x\ny"}}, {4, {"2", "z"}}}, END, 0, 0, NULL},
	{"quoted_crlf_newlines", "a,b\r\n1,\"x\r\n\r\ny\"\r\n2,z\r\n", 0, 0, OK, ',', U8,
	 {{1, {"a", "b"}}, {2, {"1", "x\r\n\r\ny"}}, {5, {"2", "z"}}}, END, 0, 0, NULL},
	{"quoted_cr_newline", "a,b\r1,\"x\ry\"\r2,z\r", 0, 0, OK, ',', U8,
	 {{1, {"a", "b"}}, {2, {"1", "x\ry"}}, {4, {"2", "z"}}}, END, 0, 0, NULL},
	{"doubled_quotes", "a,b\n1,\"say \"\"hi\"\"\"\n\"\"\"\",\"\"\n", 0, 0, OK, ',', U8,
	 {{1, {"a", "b"}}, {2, {"1", "say \"hi\""}}, {3, {"\"", ""}}}, END, 0, 0, NULL},
	/* Not RFC 4180, but vendors write it: a quote inside an unquoted field. */
	{"stray_quote_unquoted", "name,h\nBob \"Bobby\" Lee,5'10\"\n", 0, 0, OK, ',', U8,
	 {{1, {"name", "h"}}, {2, {"Bob \"Bobby\" Lee", "5'10\""}}}, END, 0, 0, NULL},
	{"blank_lines", "a,b\n\n1,2\n\r\n\n3,4\n\n", 0, 0, OK, ',', U8,
	 {{1, {"a", "b"}}, {3, {"1", "2"}}, {6, {"3", "4"}}}, END, 0, 0, NULL},
	{"leading_blank_lines", "\n\r\na,b\n1,2\n", 0, 0, OK, ',', U8,
	 {{3, {"a", "b"}}, {4, {"1", "2"}}}, END, 0, 0, NULL},
	/* RFC 4180: spaces belong to the field; a line of only spaces is blank. */
	{"spaces_kept_space_line_skipped", "a,b\n  \n x , y \n", 0, 0, OK, ',', U8,
	 {{1, {"a", "b"}}, {3, {" x ", " y "}}}, END, 0, 0, NULL},
	{"empty_fields", "a,b,c\n,,\n1,,\"\"\n", 0, 0, OK, ',', U8,
	 {{1, {"a", "b", "c"}}, {2, {"", "", ""}}, {3, {"1", "", ""}}}, END, 0, 0, NULL},
	{"ragged_rows", "a,b,c\n1\n1,2,3,4\n", 0, 0, OK, ',', U8,
	 {{1, {"a", "b", "c"}}, {2, {"1"}}, {3, {"1", "2", "3", "4"}}}, END, 0, 0, NULL},
	{"quote_closed_at_eof", "a,b\n1,\"x\"", 0, 0, OK, ',', U8,
	 {{1, {"a", "b"}}, {2, {"1", "x"}}}, END, 0, 0, NULL},
	{"unterminated_quote", "a,b\n1,2\n3,\"open\n4,5\n", 0, 0, OK, ',', U8,
	 {{1, {"a", "b"}}, {2, {"1", "2"}}}, HW_EINVAL, 3, 2, "never closed"},
	{"unterminated_quote_first_row", "a,b\n\"open,1\n2,3\n", 0, 0, HW_EINVAL, 0, U8,
	 {{0, {NULL}}}, END, 2, 1, "a quoted field opened here is never closed"},
	{"empty", "", 0, 0, HW_EINVAL, 0, U8, {{0, {NULL}}}, END, 0, 0, "the file is empty"},
	{"bom_only", "\xEF\xBB\xBF", 0, 0, HW_EINVAL, 0, U8, {{0, {NULL}}}, END, 0, 0, "empty"},
	{"blank_lines_only", "\n\r\n  \n", 0, 0, HW_EINVAL, 0, U8, {{0, {NULL}}}, END, 0, 0,
	 "only blank lines"},
	{"header_only", "name,phone,email\n", 0, 0, HW_EINVAL, 0, U8, {{0, {NULL}}}, END, 1, 0,
	 "header line but no data rows"},
	{"header_only_blank_after", "\nname,phone\r\n\r\n\r\n", 0, 0, HW_EINVAL, 0, U8, {{0, {NULL}}},
	 END, 2, 0, "no data rows"},
	{"binary_nul", "a,b\n1,\0\0\0\0\n", 12, 0, HW_EINVAL, 0, U8, {{0, {NULL}}}, END, 0, 0,
	 "NUL bytes"},
	{"binary_control", "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f,\x10\x11\n1,2\n", 0, 0,
	 HW_EINVAL, 0, U8, {{0, {NULL}}}, END, 0, 0, "control characters"},
	{"utf16", "\xFF\xFE" "a\0,\0b\0\n\0", 10, 0, HW_EINVAL, 0, U8, {{0, {NULL}}}, END, 0, 0,
	 "UTF-16"},
	{"xlsx", "PK\3\4\x14\0\6\0", 8, 0, HW_EINVAL, 0, U8, {{0, {NULL}}}, END, 0, 0, "Excel"},
};
/* clang-format on */

static char zDir[64];

static void fixture_path(char *zPath, size_t nPath, const char *zName)
{
	snprintf(zPath, nPath, "%s/%s.csv", zDir, zName);
}

static void fixture_write(const char *zPath, const char *a, size_t n)
{
	FILE *pOut = fopen(zPath, "wb");
	assert_non_null(pOut);
	assert_int_equal(fwrite(a, 1, n, pOut), n);
	assert_int_equal(fclose(pOut), 0);
}

static void run_case(void **ppState)
{
	const csv_case *pCase = *ppState;
	char zPath[128], zMsg[1024];
	hw_csv *pCsv = NULL;
	hw_csv_info info;
	hw_err err;
	hw_rc rc;
	int i, j, nField;
	char **azField;
	size_t *anLen, nIn = pCase->nIn ? pCase->nIn : strlen(pCase->zIn);
	long iLine, iPrevOffset = 0;

	fixture_path(zPath, sizeof zPath, pCase->zName);
	fixture_write(zPath, pCase->zIn, nIn);
	rc = hw_csv_open(zPath, pCase->cForce, &pCsv, &info, &err);
	hw_err_format(&err, zMsg, sizeof zMsg);
	if (rc != pCase->rcOpen)
		fail_msg("%s: hw_csv_open gave %s (%s), want %s", pCase->zName, hw_rc_name(rc),
			 zMsg, hw_rc_name(pCase->rcOpen));
	if (rc != HW_OK) {
		assert_null(pCsv);
		assert_string_equal(err.zFile, zPath);
		assert_int_equal(err.iLine, pCase->iErrLine);
		assert_int_equal(err.iCol, pCase->iErrCol);
		if (!strstr(err.zMsg, pCase->zMsg))
			fail_msg("%s: message '%s' lacks '%s'", pCase->zName, err.zMsg,
				 pCase->zMsg);
		unlink(zPath);
		return;
	}
	assert_int_equal(info.cDelim, pCase->cDelim);
	assert_int_equal(info.eEncoding, pCase->eEnc);
	assert_int_equal(info.nBytes, (long long)nIn);
	if (pCase->eEnc == HW_CSV_WINDOWS_1252) {
		assert_non_null(strstr(info.zWarning, zPath));
		if (pCase->zMsg && !strstr(info.zWarning, pCase->zMsg))
			fail_msg("%s: warning '%s' lacks '%s'", pCase->zName, info.zWarning,
				 pCase->zMsg);
	} else {
		assert_string_equal(info.zWarning, "");
	}
	for (i = 0; i < MAX_REC && pCase->aRec[i].iLine; i++) {
		const exp_rec *pExp = &pCase->aRec[i];
		rc = hw_csv_next(pCsv, &nField, &azField, &anLen, &iLine, &err);
		hw_err_format(&err, zMsg, sizeof zMsg);
		if (rc != HW_OK)
			fail_msg("%s: record %d: %s (%s)", pCase->zName, i, hw_rc_name(rc), zMsg);
		if (iLine != pExp->iLine)
			fail_msg("%s: record %d starts on line %ld, want %ld", pCase->zName, i,
				 iLine, pExp->iLine);
		for (j = 0; j < MAX_FLD && pExp->azField[j]; j++) {
			assert_true(j < nField);
			assert_int_equal(anLen[j], strlen(pExp->azField[j]));
			if (strcmp(azField[j], pExp->azField[j]))
				fail_msg("%s: record %d field %d is '%s', want '%s'", pCase->zName,
					 i, j, azField[j], pExp->azField[j]);
		}
		assert_int_equal(nField, j);
		assert_true(hw_csv_offset(pCsv) >= iPrevOffset);
		iPrevOffset = (long)hw_csv_offset(pCsv);
	}
	rc = hw_csv_next(pCsv, &nField, &azField, &anLen, &iLine, &err);
	assert_int_equal(rc, pCase->rcEnd);
	assert_int_equal(nField, 0);
	assert_null(azField);
	if (rc == HW_ENOTFOUND) {
		assert_int_equal(hw_csv_offset(pCsv), (long long)nIn);
	} else {
		assert_string_equal(err.zFile, zPath);
		assert_int_equal(err.iLine, pCase->iErrLine);
		assert_int_equal(err.iCol, pCase->iErrCol);
		if (!strstr(err.zMsg, pCase->zMsg))
			fail_msg("%s: message '%s' lacks '%s'", pCase->zName, err.zMsg,
				 pCase->zMsg);
		/* The error sticks. */
		assert_int_equal(hw_csv_next(pCsv, &nField, &azField, &anLen, &iLine, &err),
				 pCase->rcEnd);
	}
	hw_csv_close(pCsv);
	unlink(zPath);
}

/* ---- generated cases ----------------------------------------------------- */

typedef struct buf {
	char *a;
	size_t n, nAlloc;
} buf;

static void buf_add(buf *p, const char *a, size_t n)
{
	if (p->n + n > p->nAlloc) {
		p->nAlloc = (p->n + n) * 2 + 1024;
		p->a = realloc(p->a, p->nAlloc);
		assert_non_null(p->a);
	}
	memcpy(p->a + p->n, a, n);
	p->n += n;
}

static void buf_str(buf *p, const char *z)
{
	buf_add(p, z, strlen(z));
}

static hw_csv *open_buf(const char *zName, const buf *p, hw_csv_info *pInfo, char *zPath,
			size_t nPath)
{
	hw_csv *pCsv = NULL;
	hw_err err;
	char zMsg[1024];
	hw_rc rc;
	fixture_path(zPath, nPath, zName);
	fixture_write(zPath, p->a, p->n);
	rc = hw_csv_open(zPath, 0, &pCsv, pInfo, &err);
	hw_err_format(&err, zMsg, sizeof zMsg);
	if (rc)
		fail_msg("%s: %s", zName, zMsg);
	return pCsv;
}

/* A 200 KiB quoted field with quotes and newlines in it, between rows. */
static void test_big_field(void **ppState)
{
	buf b = {0};
	char zPath[128], **azField;
	hw_csv *pCsv;
	hw_csv_info info;
	hw_err err;
	size_t *anLen, i, nBig = 0;
	int nField;
	long iLine;
	(void)ppState;
	buf_str(&b, "id,note\r\n1,\"");
	for (i = 0; i < 4000; i++) {
		buf_str(&b, "line with \"\"quotes\"\", commas; and tabs\t.\r\n");
		nBig += strlen("line with \"quotes\", commas; and tabs\t.\r\n");
	}
	buf_str(&b, "\"\r\n2,after\r\n");
	pCsv = open_buf("big_field", &b, &info, zPath, sizeof zPath);
	assert_int_equal(info.cDelim, ',');
	assert_int_equal(hw_csv_next(pCsv, &nField, &azField, &anLen, &iLine, &err), HW_OK);
	assert_int_equal(hw_csv_next(pCsv, &nField, &azField, &anLen, &iLine, &err), HW_OK);
	assert_int_equal(iLine, 2);
	assert_int_equal(nField, 2);
	assert_true(nBig > 64 * 1024);
	assert_int_equal(anLen[1], nBig);
	assert_int_equal(strlen(azField[1]), nBig);
	assert_memory_equal(azField[1], "line with \"quotes\", commas", 26);
	assert_int_equal(hw_csv_next(pCsv, &nField, &azField, &anLen, &iLine, &err), HW_OK);
	assert_int_equal(iLine, 2 + 4000 + 1);
	assert_string_equal(azField[1], "after");
	assert_int_equal(hw_csv_next(pCsv, &nField, &azField, &anLen, &iLine, &err), HW_ENOTFOUND);
	hw_csv_close(pCsv);
	unlink(zPath);
	free(b.a);
}

/* Move a tricky row across the 64 KiB read boundary one byte at a time, so
 * the boundary falls between CR and LF, inside "", right after an opening
 * quote and inside a quoted CRLF; every line number must stay exact. Run
 * for UTF-8 and for Windows-1252 (where the chunk is transcoded first). */
static void check_boundaries(int b1252)
{
	const char *zTricky =
	    b1252 ? "\"a\"\"b\r\nc\xFC\",\"\"\"\"\r\n" : "\"a\"\"b\r\nc\xC3\xBC\",\"\"\"\"\r\n";
	const char *zWant0 = "a\"b\r\nc\xC3\xBC";
	int iShift;
	for (iShift = 0; iShift < 24; iShift++) {
		buf b = {0};
		char zPath[128], zName[32], **azField, zPad[64];
		hw_csv *pCsv;
		hw_csv_info info;
		hw_err err;
		size_t *anLen;
		int nField, nRow = 0, bSeen = 0;
		long iLine, iWant = 1;
		hw_rc rc;
		buf_str(&b, "x,y\r\n");
		/* 10-byte rows, then one pad row, so that the tricky row starts
		 * iShift bytes before the boundary. */
		while (b.n + 10 <= 65536 - 12 - (size_t)iShift)
			buf_str(&b, "234,6789\r\n");
		snprintf(zPad, sizeof zPad, "%.*s,p\r\n", (int)(65536 - (size_t)iShift - b.n - 4),
			 "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq");
		buf_str(&b, zPad);
		assert_int_equal(b.n, 65536 - (size_t)iShift);
		buf_str(&b, zTricky);
		buf_str(&b, "\r\nlast,row");
		snprintf(zName, sizeof zName, "boundary_%d_%d", b1252, iShift);
		pCsv = open_buf(zName, &b, &info, zPath, sizeof zPath);
		assert_int_equal(info.eEncoding, b1252 ? HW_CSV_WINDOWS_1252 : HW_CSV_UTF8);
		while ((rc = hw_csv_next(pCsv, &nField, &azField, &anLen, &iLine, &err)) == HW_OK) {
			if (iLine != iWant)
				fail_msg("shift %d, 1252 %d: record %d on line %ld, want %ld",
					 iShift, b1252, nRow, iLine, iWant);
			assert_int_equal(nField, 2);
			if (azField[0][0] == 'a') {
				assert_string_equal(azField[0], zWant0);
				assert_string_equal(azField[1], "\"");
				iWant += 3; /* two lines, then a blank one */
				bSeen = 1;
			} else {
				iWant++;
			}
			nRow++;
		}
		assert_int_equal(rc, HW_ENOTFOUND);
		assert_true(bSeen);
		assert_string_equal(zPad + strlen(zPad) - 5, "q,p\r\n");
		assert_int_equal(hw_csv_offset(pCsv), (long long)b.n);
		hw_csv_close(pCsv);
		unlink(zPath);
		free(b.a);
	}
}

static void test_chunk_boundaries_utf8(void **ppState)
{
	(void)ppState;
	check_boundaries(0);
}

static void test_chunk_boundaries_1252(void **ppState)
{
	(void)ppState;
	check_boundaries(1);
}

/* The first non-UTF-8 byte 3 MiB in: the whole file is read as 1252, the
 * early rows included, and progress ends at the file size. */
static void test_late_1252_byte(void **ppState)
{
	buf b = {0};
	char zPath[128], **azField, zRow[64];
	hw_csv *pCsv;
	hw_csv_info info;
	hw_err err;
	size_t *anLen;
	int nField, i, nRow = 0;
	long iLine;
	long long iPrev = 0;
	(void)ppState;
	buf_str(&b, "name,n\n");
	for (i = 0; i < 150000; i++) {
		snprintf(zRow, sizeof zRow, "Name number %d,%d\n", i, i);
		buf_str(&b, zRow);
	}
	buf_str(&b, "M\xFCller,\x80\n");
	pCsv = open_buf("late_1252", &b, &info, zPath, sizeof zPath);
	assert_true(b.n > 3 * 1024 * 1024);
	assert_int_equal(info.eEncoding, HW_CSV_WINDOWS_1252);
	assert_non_null(strstr(info.zWarning, "not UTF-8"));
	while (hw_csv_next(pCsv, &nField, &azField, &anLen, &iLine, &err) == HW_OK) {
		assert_int_equal(iLine, nRow + 1);
		assert_true(hw_csv_offset(pCsv) >= iPrev);
		iPrev = hw_csv_offset(pCsv);
		nRow++;
		if (nRow == 150002) {
			assert_string_equal(azField[0], "M\xC3\xBCller");
			assert_string_equal(azField[1], "\xE2\x82\xAC");
		}
	}
	assert_int_equal(nRow, 150002);
	assert_int_equal(hw_csv_offset(pCsv), (long long)b.n);
	hw_csv_close(pCsv);
	unlink(zPath);
	free(b.a);
}

/* A quote opened on line 3 and never closed in a 6 MiB file: refused once
 * the field passes the 4 MiB cap, at line 3, without reading it all in. */
static void test_runaway_quote(void **ppState)
{
	buf b = {0};
	char zPath[128], **azField;
	hw_csv *pCsv;
	hw_csv_info info;
	hw_err err;
	size_t *anLen;
	int nField, i;
	long iLine;
	(void)ppState;
	buf_str(&b, "a,b\n1,2\n3,\"oops\n");
	for (i = 0; i < 300000; i++)
		buf_str(&b, "4,five and more text\n");
	pCsv = open_buf("runaway", &b, &info, zPath, sizeof zPath);
	assert_int_equal(hw_csv_next(pCsv, &nField, &azField, &anLen, &iLine, &err), HW_OK);
	assert_int_equal(hw_csv_next(pCsv, &nField, &azField, &anLen, &iLine, &err), HW_OK);
	assert_int_equal(hw_csv_next(pCsv, &nField, &azField, &anLen, &iLine, &err), HW_EINVAL);
	assert_int_equal(err.iLine, 3);
	assert_int_equal(err.iCol, 2);
	assert_non_null(strstr(err.zMsg, "close the quote"));
	assert_true(hw_csv_offset(pCsv) < (long long)b.n);
	hw_csv_close(pCsv);
	unlink(zPath);
	free(b.a);
}

static void test_missing_file(void **ppState)
{
	hw_csv *pCsv = (hw_csv *)&pCsv;
	hw_err err;
	char zPath[128];
	(void)ppState;
	fixture_path(zPath, sizeof zPath, "does_not_exist");
	assert_int_equal(hw_csv_open(zPath, 0, &pCsv, NULL, &err), HW_ENOTFOUND);
	assert_null(pCsv);
	assert_string_equal(err.zFile, zPath);
	assert_non_null(strstr(err.zMsg, "check the path"));
}

static void test_directory(void **ppState)
{
	hw_csv *pCsv = NULL;
	hw_err err;
	(void)ppState;
	assert_int_equal(hw_csv_open(zDir, 0, &pCsv, NULL, &err), HW_EINVAL);
	assert_null(pCsv);
	assert_non_null(strstr(err.zMsg, "directory"));
}

int main(void)
{
	static const struct CMUnitTest aFixed[] = {
	    cmocka_unit_test(test_big_field),
	    cmocka_unit_test(test_chunk_boundaries_utf8),
	    cmocka_unit_test(test_chunk_boundaries_1252),
	    cmocka_unit_test(test_late_1252_byte),
	    cmocka_unit_test(test_runaway_quote),
	    cmocka_unit_test(test_missing_file),
	    cmocka_unit_test(test_directory),
	};
	enum {
		N_CASE = sizeof aCase / sizeof aCase[0],
		N_FIXED = sizeof aFixed / sizeof aFixed[0]
	};
	struct CMUnitTest aTest[N_CASE + N_FIXED];
	size_t i;
	int rc;

	snprintf(zDir, sizeof zDir, "/tmp/hawser-test-csv-XXXXXX");
	if (!mkdtemp(zDir)) {
		perror("mkdtemp");
		return 1;
	}
	for (i = 0; i < N_CASE; i++) {
		struct CMUnitTest t = {aCase[i].zName, run_case, NULL, NULL, (void *)&aCase[i]};
		aTest[i] = t;
	}
	for (i = 0; i < N_FIXED; i++)
		aTest[N_CASE + i] = aFixed[i];
	rc = _cmocka_run_group_tests("csv", aTest, N_CASE + N_FIXED, NULL, NULL);
	rmdir(zDir);
	return rc;
}
