/*
 * test_pdf.c — note cards and letters, checked on the pages poppler reads
 * back: the page count and sizes (pdfinfo), the text in order with nothing
 * lost or cut (pdftotext -layout), where the blocks sit (pdftotext -bbox),
 * and at 30 dpi (pdftoppm -gray) that each page has ink and none of it in
 * the outer margin band. Also: long texts flow onto further pages with
 * "(continued)" or page numbers, overlong words are broken and kept, the
 * temporary file never remains, and bad input or an unwritable path fails
 * with an error naming it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "io/pdf.h"

#include <cairo.h> /* cairo_debug_reset_static_data */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h> /* mkdir */
#include <unistd.h>   /* access, rmdir */

#define DPI 30
#define MAX_PAGES 64

static char g_zDir[64];

static const char *path_of(const char *zName)
{
	static char z[4][256];
	static int i;
	i = (i + 1) % 4;
	snprintf(z[i], sizeof z[i], "%s/%s", g_zDir, zName);
	return z[i];
}

static int exists(const char *zPath)
{
	return access(zPath, F_OK) == 0;
}

static int tmp_exists(const char *zPath)
{
	char z[300];
	snprintf(z, sizeof z, "%s.tmp", zPath);
	return exists(z);
}

/* The standard output of a command that must succeed; free() it. */
static char *run(const char *zFmt, ...)
{
	char zCmd[1024];
	va_list ap;
	va_start(ap, zFmt);
	vsnprintf(zCmd, sizeof zCmd, zFmt, ap);
	va_end(ap);
	FILE *pIn = popen(zCmd, "r");
	assert_non_null(pIn);
	size_t n = 0, nAlloc = 4096;
	char *z = malloc(nAlloc);
	assert_non_null(z);
	size_t k;
	while ((k = fread(z + n, 1, nAlloc - n - 1, pIn)) > 0) {
		n += k;
		if (nAlloc - n < 2) {
			nAlloc *= 2;
			char *zNew = realloc(z, nAlloc);
			assert_non_null(zNew);
			z = zNew;
		}
	}
	z[n] = 0;
	int rc = pclose(pIn);
	if (rc != 0)
		fail_msg("'%s' failed (%d)", zCmd, rc);
	return z;
}

/* pdfinfo: the page count and each page's size in points. */
typedef struct info {
	int nPage;
	double aW[MAX_PAGES], aH[MAX_PAGES];
	char zTitle[128];
} info;

static void pdf_info(const char *zPdf, info *pInfo)
{
	char *z = run("pdfinfo -f 1 -l %d '%s'", MAX_PAGES, zPdf);
	memset(pInfo, 0, sizeof *pInfo);
	for (char *zLine = strtok(z, "\n"); zLine; zLine = strtok(NULL, "\n")) {
		int i;
		double w, h;
		if (sscanf(zLine, "Pages: %d", &pInfo->nPage) == 1)
			continue;
		if (sscanf(zLine, "Page %d size: %lf x %lf", &i, &w, &h) == 3 && i >= 1 &&
		    i <= MAX_PAGES) {
			pInfo->aW[i - 1] = w;
			pInfo->aH[i - 1] = h;
		} else if (!strncmp(zLine, "Title:", 6)) {
			const char *zT = zLine + 6;
			zT += strspn(zT, " ");
			snprintf(pInfo->zTitle, sizeof pInfo->zTitle, "%s", zT);
		}
	}
	free(z);
}

static void expect_sizes(const info *pInfo, const double (*aWH)[2], int n)
{
	assert_int_equal(pInfo->nPage, n);
	for (int i = 0; i < n; i++)
		if (fabs(pInfo->aW[i] - aWH[i][0]) > 0.5 || fabs(pInfo->aH[i] - aWH[i][1]) > 0.5)
			fail_msg("page %d is %g x %g pt, want %g x %g", i + 1, pInfo->aW[i],
				 pInfo->aH[i], aWH[i][0], aWH[i][1]);
}

/* The text of page iPage (1-based) in pdftotext's output (pages end in
 * form feeds), as a new string. */
static char *page_text(const char *zAll, int iPage)
{
	const char *z = zAll;
	for (int i = 1; i < iPage; i++) {
		z = strchr(z, '\f');
		assert_non_null(z);
		z++;
	}
	size_t n = strcspn(z, "\f");
	char *zPage = malloc(n + 1);
	assert_non_null(zPage);
	memcpy(zPage, z, n);
	zPage[n] = 0;
	return zPage;
}

/* Each word of az appears in z, in this order. */
static void expect_in_order(const char *z, const char *const *az, int n)
{
	const char *zAt = z;
	for (int i = 0; i < n; i++) {
		const char *zHit = strstr(zAt, az[i]);
		if (!zHit)
			fail_msg("\"%s\" (word %d) is missing or out of order in:\n%.2000s", az[i],
				 i + 1, z);
		zAt = zHit + strlen(az[i]);
	}
}

/* The box of a word's iNth (0-based) occurrence in pdftotext -bbox's
 * output; 0 if there is none. */
typedef struct box {
	double x0, y0, x1, y1;
} box;

static int find_box(const char *zHtml, const char *zWord, int iNth, box *pBox)
{
	char zKey[128];
	snprintf(zKey, sizeof zKey, ">%s</word>", zWord);
	const char *zHit = strstr(zHtml, zKey);
	for (int i = 0; i < iNth && zHit; i++)
		zHit = strstr(zHit + 1, zKey);
	if (!zHit)
		return 0;
	const char *zTag = zHit;
	while (zTag > zHtml && strncmp(zTag, "<word ", 6))
		zTag--;
	return sscanf(zTag, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &pBox->x0,
		      &pBox->y0, &pBox->x1, &pBox->y1) == 4;
}

static box word_box(const char *zHtml, const char *zWord)
{
	box b;
	if (!find_box(zHtml, zWord, 0, &b))
		fail_msg("no word \"%s\" on the page", zWord);
	return b;
}

/* Render every page in gray at DPI and check each: the size in pixels
 * matches the page, it has ink, and the outer band of width aBand[i]
 * inches is clean. */
static void expect_pages_drawn(const char *zPdf, const info *pInfo, const double *aBand)
{
	char zPrefix[256];
	snprintf(zPrefix, sizeof zPrefix, "%s/page", g_zDir);
	free(run("pdftoppm -r %d -gray '%s' '%s'", DPI, zPdf, zPrefix));
	for (int i = 0; i < pInfo->nPage; i++) {
		char zPgm[300];
		FILE *pIn = NULL;
		for (int nDigit = 1; nDigit <= 3 && !pIn; nDigit++) {
			snprintf(zPgm, sizeof zPgm, "%s-%0*d.pgm", zPrefix, nDigit, i + 1);
			pIn = fopen(zPgm, "rb");
		}
		if (!pIn)
			fail_msg("pdftoppm wrote no image of page %d", i + 1);
		int w, h, nMax;
		assert_int_equal(fscanf(pIn, "P5 %d %d %d", &w, &h, &nMax), 3);
		assert_int_equal(nMax, 255);
		fgetc(pIn);
		unsigned char *a = malloc((size_t)w * h);
		assert_non_null(a);
		assert_int_equal(fread(a, 1, (size_t)w * h, pIn), (size_t)w * h);
		fclose(pIn);
		remove(zPgm);

		assert_true(fabs(w - pInfo->aW[i] * DPI / 72) <= 1.0);
		assert_true(fabs(h - pInfo->aH[i] * DPI / 72) <= 1.0);
		int nBand = (int)(aBand[i] * DPI), nInk = 0, nStray = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				if (a[y * w + x] >= 192)
					continue;
				nInk++;
				if (x < nBand || y < nBand || x >= w - nBand || y >= h - nBand)
					nStray++;
			}
		free(a);
		if (nInk < 10)
			fail_msg("page %d is blank (%d dark pixels)", i + 1, nInk);
		if (nStray)
			fail_msg("page %d: %d dark pixels in the outer %.2f in", i + 1, nStray,
				 aBand[i]);
	}
}

static void write_ok(const char *zPdf, const hw_pdf_item *aItem, int nItem, int *pnPage)
{
	hw_err err;
	hw_rc rc = hw_pdf_write(zPdf, aItem, nItem, pnPage, &err);
	if (rc != HW_OK)
		fail_msg("hw_pdf_write: %s: %s", hw_rc_name(rc), err.zMsg);
	assert_false(tmp_exists(zPdf));
}

#define NOTE_BAND 0.4	/* the note's margins are 0.5 in */
#define LETTER_BAND 0.5 /* the letter's are 0.75 in and more */

static const char *const zTo = "Zoë Müller\nAcme GmbH\nHauptstraße 5\n10115 Berlin";
static const char *const zFrom =
    "Sam Rivers\nHawser Supply Co.\n12 Harbor Road\nPortland, ME 04101";

/* A short note: one card, its blocks and text in order, non-ASCII intact. */
static void test_note(void **state)
{
	(void)state;
	const char *zPdf = path_of("note.pdf");
	hw_pdf_item a = {HW_PDF_NOTE,
			 zTo,
			 zFrom,
			 NULL,
			 "Dear Zoë,\n\nI have the feeling I called you at a bad time. I will try "
			 "again on Thursday, when the Ångström figures are out.\n\nWarm regards,",
			 0};
	int nPage = -1;
	/* an old file at the path is replaced */
	FILE *pOut = fopen(zPdf, "w");
	assert_non_null(pOut);
	fputs("old", pOut);
	fclose(pOut);
	write_ok(zPdf, &a, 1, &nPage);
	assert_int_equal(nPage, 1);

	info inf;
	static const double aWH[][2] = {{360, 504}};
	pdf_info(zPdf, &inf);
	expect_sizes(&inf, aWH, 1);
	assert_string_equal(inf.zTitle, "hawser notes and letters");

	char *zText = run("pdftotext -layout '%s' -", zPdf);
	static const char *const azWant[] = {
	    "Zoë Müller", "Acme GmbH", "Hauptstraße 5", "10115 Berlin",	 "Dear Zoë,", "I",
	    "have",	  "the",       "feeling",	"bad",		 "time.",     "Thursday,",
	    "Ångström",	  "figures",   "out.",		"Warm regards,", "Sam Rivers"};
	expect_in_order(zText, azWant, sizeof azWant / sizeof azWant[0]);
	assert_null(strstr(zText, "(continued)"));
	assert_null(strstr(zText, "12 Harbor Road")); /* a card carries the name only */
	free(zText);

	/* the address at the top left, the text below it, the name last */
	char *zHtml = run("pdftotext -bbox '%s' -", zPdf);
	box bTo = word_box(zHtml, "Zoë"), bDear = word_box(zHtml, "Dear");
	box bName = word_box(zHtml, "Rivers");
	assert_true(fabs(bTo.x0 - 36) < 2 && bTo.y0 > 30 && bTo.y0 < 50);
	assert_true(fabs(bDear.x0 - 36) < 2 && bDear.y0 > bTo.y1 + 40);
	assert_true(bName.y0 > word_box(zHtml, "regards,").y1 + 30);
	free(zHtml);

	double aBand[] = {NOTE_BAND};
	expect_pages_drawn(zPdf, &inf, aBand);
}

/* Letters (US Letter and A4) and a note in one file: each item on its own
 * page of its own size, the blocks where a window envelope shows them. */
static void test_letters(void **state)
{
	(void)state;
	const char *zPdf = path_of("letters.pdf");
	hw_pdf_item a[] = {
	    {HW_PDF_LETTER, zTo, zFrom, "November 24, 2026",
	     "Dear Ms. Müller,\n\nThank you for the time on the phone.\n\nSincerely,", 0},
	    {HW_PDF_LETTER, zTo, zFrom, "24 November 2026",
	     "Dear Ms. Müller,\n\nThe A4 edition.\n\nSincerely,", 1},
	    {HW_PDF_NOTE, "Jo Park", NULL, "Nov 24", "A card between letters.", 0},
	    {HW_PDF_LETTER, NULL, NULL, NULL, "Bare letter body.", 0},
	};
	int nPage = -1;
	write_ok(zPdf, a, 4, &nPage);
	assert_int_equal(nPage, 4);

	info inf;
	static const double aWH[][2] = {{612, 792}, {595, 842}, {360, 504}, {612, 792}};
	pdf_info(zPdf, &inf);
	expect_sizes(&inf, aWH, 4);

	static const struct {
		double w;	    /* the page width */
		const char *zDate;  /* its last word */
		const char *zFirst; /* the body's first word */
	} aPage[] = {{612, "2026", "Dear"}, {595, "2026", "Dear"}};
	for (int i = 0; i < 2; i++) {
		char *zHtml = run("pdftotext -bbox -f %d -l %d '%s' -", i + 1, i + 1, zPdf);
		double xRight = aPage[i].w - 72;
		/* the sender at the top right, right-aligned, the date below it */
		box bCo = word_box(zHtml, "Co."), bMe = word_box(zHtml, "04101");
		box bRivers = word_box(zHtml, "Rivers"), bDate = word_box(zHtml, aPage[i].zDate);
		assert_true(fabs(bCo.x1 - xRight) < 2 && fabs(bMe.x1 - xRight) < 2);
		assert_true(fabs(bRivers.x1 - xRight) < 2 && bRivers.y0 > 50 && bRivers.y0 < 70);
		assert_true(fabs(bDate.x1 - xRight) < 2 && bDate.y0 > bMe.y1);
		/* the recipient about 2 in down and 1 in in: a #10 window */
		box bZoe = word_box(zHtml, "Zoë"), bCity = word_box(zHtml, "Berlin");
		assert_true(fabs(bZoe.x0 - 72) < 2 && bZoe.y0 > 140 && bZoe.y0 < 156);
		assert_true(bCity.y1 < 4 * 72 - 20 && bCity.x1 < 72 + 4.5 * 72);
		/* the text from about 4 in down */
		box bBody = word_box(zHtml, aPage[i].zFirst);
		assert_true(fabs(bBody.x0 - 72) < 2 && bBody.y0 > 4 * 72 - 4 &&
			    bBody.y0 < 4 * 72 + 12);
		/* room to sign, then the name */
		box bSinc = word_box(zHtml, "Sincerely,");
		box bSam;
		assert_true(find_box(zHtml, "Sam", 1, &bSam));
		assert_true(bSam.y0 - bSinc.y1 > 60 && bSam.y0 - bSinc.y1 < 90);
		assert_true(fabs(bSam.x0 - 72) < 2);
		free(zHtml);
	}

	char *zText = run("pdftotext -layout '%s' -", zPdf);
	char *zP3 = page_text(zText, 3), *zP4 = page_text(zText, 4);
	assert_non_null(strstr(zP3, "Jo Park"));
	assert_non_null(strstr(zP3, "Nov 24"));
	assert_non_null(strstr(zP3, "A card between letters."));
	assert_null(strstr(zP3, "Sincerely"));
	assert_non_null(strstr(zP4, "Bare letter body."));
	assert_null(strstr(zP4, "Zoë"));
	assert_null(strstr(zP4, "Page"));
	free(zP3);
	free(zP4);
	free(zText);

	double aBand[] = {LETTER_BAND, LETTER_BAND, NOTE_BAND, LETTER_BAND};
	expect_pages_drawn(zPdf, &inf, aBand);
}

#define N_WORDS 1500

/* ~1,500 words flow onto further pages, every word in order; notes say
 * "(continued)" at the foot of each card but the last, letters number the
 * pages after the first. */
static void test_long(void **state)
{
	(void)state;
	static const char *const azStem[] = {"call", "again",	    "a",	   "prospect",
					     "note", "letter",	    "appointment", "persistence",
					     "to",   "conversation"};
	static char azWord[N_WORDS][24];
	static const char *apWord[N_WORDS];
	size_t nBody = 0, nAlloc = N_WORDS * 24;
	char *zBody = malloc(nAlloc);
	assert_non_null(zBody);
	for (int i = 0; i < N_WORDS; i++) {
		snprintf(azWord[i], sizeof azWord[i], "%s%04d", azStem[i % 10], i);
		apWord[i] = azWord[i];
		/* a paragraph every 97 words, a hard break every 41 */
		const char *zSep = i == 0 ? "" : i % 97 == 0 ? "\n\n" : i % 41 == 0 ? "\n" : " ";
		nBody += (size_t)snprintf(zBody + nBody, nAlloc - nBody, "%s%s", zSep, azWord[i]);
	}
	static const struct {
		hw_pdf_kind eKind;
		int bA4;
		double w, h;
		int nMin, nMax; /* pages expected */
		double band;
	} aCase[] = {
	    {HW_PDF_NOTE, 0, 360, 504, 10, 24, NOTE_BAND},
	    {HW_PDF_LETTER, 0, 612, 792, 4, 10, LETTER_BAND},
	    {HW_PDF_LETTER, 1, 595, 842, 4, 10, LETTER_BAND},
	};
	for (size_t c = 0; c < sizeof aCase / sizeof aCase[0]; c++) {
		const char *zPdf = path_of("long.pdf");
		hw_pdf_item a = {aCase[c].eKind,      zTo,   zFrom,
				 "November 24, 2026", zBody, aCase[c].bA4};
		int nPage = -1;
		write_ok(zPdf, &a, 1, &nPage);
		if (nPage < aCase[c].nMin || nPage > aCase[c].nMax)
			fail_msg("case %zu: %d pages", c, nPage);

		info inf;
		double aWH[MAX_PAGES][2], aBand[MAX_PAGES];
		for (int i = 0; i < nPage; i++) {
			aWH[i][0] = aCase[c].w;
			aWH[i][1] = aCase[c].h;
			aBand[i] = aCase[c].band;
		}
		pdf_info(zPdf, &inf);
		expect_sizes(&inf, (const double(*)[2])aWH, nPage);

		char *zText = run("pdftotext -layout '%s' -", zPdf);
		expect_in_order(zText, apWord, N_WORDS);
		for (int i = 1; i <= nPage; i++) {
			char *zPage = page_text(zText, i);
			char zNo[16];
			snprintf(zNo, sizeof zNo, "Page %d", i);
			int bCont = strstr(zPage, "(continued)") != NULL;
			int bNo = strstr(zPage, zNo) != NULL;
			if (aCase[c].eKind == HW_PDF_NOTE) {
				if (bCont != (i < nPage))
					fail_msg("case %zu page %d: \"(continued)\" %s", c, i,
						 bCont ? "on the last card" : "missing");
				assert_false(bNo);
			} else {
				if (bNo != (i > 1))
					fail_msg("case %zu page %d: \"%s\" %s", c, i, zNo,
						 bNo ? "on the first page" : "missing");
				assert_false(bCont);
			}
			free(zPage);
		}
		/* the name after the last word, on the last page */
		char *zLast = page_text(zText, nPage);
		const char *zEnd = strstr(zLast, azWord[N_WORDS - 1]);
		assert_non_null(zEnd);
		assert_non_null(strstr(zEnd, "Sam Rivers"));
		free(zLast);
		free(zText);
		expect_pages_drawn(zPdf, &inf, aBand);
	}
	free(zBody);
}

/* Whatever the length of the body, the signature never stands on a page
 * alone: when the room to sign does not fit, the body's last lines go over
 * with it. Bodies of 20 to 44 lines cross the end of the first page. */
static void test_signature(void **state)
{
	(void)state;
	enum { N_MIN = 20, N_MAX = 44, N_ITEM = 2 * (N_MAX - N_MIN + 1) };
	static char azBody[N_ITEM][N_MAX * 8], azFrom[N_ITEM][32];
	hw_pdf_item a[N_ITEM];
	for (int i = 0; i < N_ITEM; i++) {
		int nLine = N_MIN + i / 2;
		size_t n = 0;
		for (int k = 0; k < nLine; k++)
			n += (size_t)snprintf(azBody[i] + n, sizeof azBody[i] - n, "%si%02dl%02d",
					      k ? "\n" : "", i, k);
		snprintf(azFrom[i], sizeof azFrom[i], "Signer%02d\nAddress", i);
		hw_pdf_item it = {
		    i % 2 ? HW_PDF_LETTER : HW_PDF_NOTE, NULL, azFrom[i], NULL, azBody[i], 0};
		a[i] = it;
	}
	const char *zPdf = path_of("sign.pdf");
	int nPage = -1;
	write_ok(zPdf, a, N_ITEM, &nPage);
	char *zText = run("pdftotext -layout '%s' -", zPdf);
	int iPage = 1;
	for (int i = 0; i < N_ITEM; i++) {
		int nLine = N_MIN + i / 2;
		char zName[32], zLast[32], zBefore[32];
		snprintf(zName, sizeof zName, "Signer%02d", i);
		snprintf(zLast, sizeof zLast, "i%02dl%02d", i, nLine - 1);
		snprintf(zBefore, sizeof zBefore, "i%02dl%02d", i, nLine - 2);
		/* the page with the body's last line: the line before it there
		 * too, and the name after it */
		char *zPage = NULL;
		for (; iPage <= nPage; iPage++) {
			zPage = page_text(zText, iPage);
			if (strstr(zPage, zLast))
				break;
			free(zPage);
			zPage = NULL;
		}
		if (!zPage)
			fail_msg("item %d: no page with %s", i, zLast);
		const char *zAt = strstr(zPage, zBefore);
		if (!zAt || !strstr(zAt, zLast) || !strstr(strstr(zAt, zLast), zName))
			fail_msg("item %d (%d lines): the signature is without the last lines:\n%s",
				 i, nLine, zPage);
		free(zPage);
	}
	free(zText);
}

/* The text with all white space removed, as a new string. */
static char *squeeze(const char *z)
{
	char *zOut = malloc(strlen(z) + 1), *p = zOut;
	assert_non_null(zOut);
	for (; *z; z++)
		if (!strchr(" \t\r\n\f", *z))
			*p++ = *z;
	*p = 0;
	return zOut;
}

/* Hard line breaks, paragraph gaps, and words wider than the card broken
 * between characters (never inside one) rather than cut off. */
static void test_wrap(void **state)
{
	(void)state;
	char zLong[400] = "", zLong2[200] = "", zBody[1200];
	for (int i = 0; i < 30; i++)
		strcat(zLong, "Ångström"); /* 300 bytes, ~1.6 card widths */
	for (int i = 0; i < 60; i++)
		strcat(zLong2, i % 2 ? "\xe2\x82\xac" : "x"); /* € and x */
	snprintf(zBody, sizeof zBody,
		 "alpha beta\ngamma\n\ndelta\r\nepsilon\tzeta\n%s omega\n%s psi", zLong, zLong2);
	hw_pdf_item a = {HW_PDF_NOTE, NULL, NULL, NULL, zBody, 0};
	const char *zPdf = path_of("wrap.pdf");
	int nPage = -1;
	write_ok(zPdf, &a, 1, &nPage);
	assert_int_equal(nPage, 1);

	char *zHtml = run("pdftotext -bbox '%s' -", zPdf);
	box bA = word_box(zHtml, "alpha"), bB = word_box(zHtml, "beta");
	box bG = word_box(zHtml, "gamma"), bD = word_box(zHtml, "delta");
	box bE = word_box(zHtml, "epsilon"), bZ = word_box(zHtml, "zeta");
	double lead = 11 * 1.3;
	assert_true(fabs(bA.x0 - 36) < 2 && fabs(bA.y0 - 36) < 4); /* no blocks: at the top */
	assert_true(fabs(bB.y0 - bA.y0) < 0.5);			   /* one line */
	assert_true(fabs(bG.y0 - bA.y0 - lead) < 1 && fabs(bG.x0 - 36) < 2);
	assert_true(fabs(bD.y0 - bG.y0 - 2 * lead) < 1);	 /* a paragraph gap */
	assert_true(fabs(bE.y0 - bD.y0 - lead) < 1);		 /* CR LF: one break */
	assert_true(fabs(bZ.y0 - bE.y0) < 0.5 && bZ.x0 > bE.x1); /* a tab: a space */
	free(zHtml);

	char *zText = run("pdftotext -layout '%s' -", zPdf);
	char *zFlat = squeeze(zText);
	static const char *const azWant[] = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta"};
	expect_in_order(zText, azWant, 6);
	/* every character of the long words kept, in order, over several lines */
	const char *zHit = strstr(zFlat, zLong);
	if (!zHit)
		fail_msg("the overlong word was cut:\n%s", zText);
	assert_non_null(strstr(zHit, "omega"));
	zHit = strstr(zFlat, zLong2);
	if (!zHit)
		fail_msg("the second overlong word was cut:\n%s", zText);
	assert_non_null(strstr(zHit, "psi"));
	assert_null(strstr(zText, zLong));
	assert_null(strstr(zText, zLong2));
	assert_null(strstr(zText, "\xef\xbf\xbd")); /* no U+FFFD from a split character */
	free(zFlat);
	free(zText);

	info inf;
	pdf_info(zPdf, &inf);
	double aBand[] = {NOTE_BAND};
	expect_pages_drawn(zPdf, &inf, aBand);
}

/* Bad input and unwritable paths fail with the error that says so, and
 * leave no file behind. */
static void test_errors(void **state)
{
	(void)state;
	hw_pdf_item ok = {HW_PDF_NOTE, "To", "From", NULL, "Body", 0};
	hw_pdf_item noBody = {HW_PDF_LETTER, "To", "From", "Today", NULL, 0};
	hw_pdf_item badUtf8 = {HW_PDF_NOTE, "To", NULL, NULL, "caf\xe9 au lait", 0};
	hw_pdf_item badTo = {HW_PDF_NOTE, "\xc3", NULL, NULL, "fine", 0};
	hw_pdf_item aMixed[] = {ok, noBody};
	char zMissing[256], zDirPath[256];
	snprintf(zMissing, sizeof zMissing, "%s", path_of("no/such/folder/out.pdf"));
	snprintf(zDirPath, sizeof zDirPath, "%s", path_of("a-folder"));
	assert_int_equal(mkdir(zDirPath, 0700), 0);

	const struct {
		const char *zPath;
		const hw_pdf_item *aItem;
		int nItem;
		hw_rc rc;
		const char *zMsg;   /* in the message */
		const char *zField; /* pErr->zField, or NULL */
	} aCase[] = {
	    {path_of("e1.pdf"), NULL, 0, HW_EINVAL, "nothing to print", NULL},
	    {path_of("e2.pdf"), &ok, 0, HW_EINVAL, "nothing to print", NULL},
	    {path_of("e3.pdf"), aMixed, 2, HW_EINVAL, "item 2", "body"},
	    {path_of("e4.pdf"), &badUtf8, 1, HW_EINVAL, "byte 4 is not UTF-8", "body"},
	    {path_of("e5.pdf"), &badTo, 1, HW_EINVAL, "not UTF-8", "to"},
	    {zMissing, &ok, 1, HW_EIO, zMissing, NULL},
	    {zDirPath, &ok, 1, HW_EIO, zDirPath, NULL},
	};
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		hw_err err;
		int nPage = -1;
		hw_rc rc =
		    hw_pdf_write(aCase[i].zPath, aCase[i].aItem, aCase[i].nItem, &nPage, &err);
		if (rc != aCase[i].rc || !strstr(err.zMsg, aCase[i].zMsg))
			fail_msg("case %zu: %s \"%s\", want %s \"%s\"", i, hw_rc_name(rc), err.zMsg,
				 hw_rc_name(aCase[i].rc), aCase[i].zMsg);
		if (aCase[i].zField)
			assert_string_equal(err.zField, aCase[i].zField);
		if (rc == HW_EIO)
			assert_string_equal(err.zFile, aCase[i].zPath);
		assert_int_equal(nPage, 0);
		assert_false(tmp_exists(aCase[i].zPath));
		if (aCase[i].zPath != zDirPath)
			assert_false(exists(aCase[i].zPath));
	}
	/* NULL pnPages and pErr are allowed */
	assert_int_equal(hw_pdf_write(path_of("e6.pdf"), NULL, 0, NULL, NULL), HW_EINVAL);
	assert_int_equal(hw_pdf_write(path_of("ok.pdf"), &ok, 1, NULL, NULL), HW_OK);
	assert_true(exists(path_of("ok.pdf")));
	rmdir(zDirPath);
}

static int setup(void **state)
{
	(void)state;
	snprintf(g_zDir, sizeof g_zDir, "/tmp/hw_test_pdf_XXXXXX");
	return mkdtemp(g_zDir) ? 0 : -1;
}

static int teardown(void **state)
{
	char zCmd[128];
	(void)state;
	snprintf(zCmd, sizeof zCmd, "rm -rf '%s'", g_zDir);
	int rc = system(zCmd);
	/* cairo's font caches and fontconfig's configuration, so that valgrind
	 * and LeakSanitizer see only what leaks: fontconfig 2.14 loses a block
	 * at load that only FcFini frees. */
	hw_pdf_shutdown();
	return rc == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest aTest[] = {
	    cmocka_unit_test(test_note),      cmocka_unit_test(test_letters),
	    cmocka_unit_test(test_long),      cmocka_unit_test(test_wrap),
	    cmocka_unit_test(test_signature), cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(aTest, setup, teardown);
}
