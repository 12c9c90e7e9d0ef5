/*
 * pdf.c — note cards and letters set with cairo's toy text API into one PDF.
 *
 * Each item is laid out by the layout of its kind (aNote, aLetter, and aLetter on A4 paper: page
 * size, margins, where the blocks go), one column at a time: the right column
 * (the sender's block on letters, then the date), the recipient's block at
 * the left, the body across the text width, then the room to sign and the
 * sender's name (a note card carries only the name). Text is wrapped here,
 * measured with cairo_text_extents: at spaces, and inside a word only when
 * the word alone is wider than the column, between UTF-8 characters (an
 * accent that combines stays with its letter). LF is a hard line break, an
 * empty line a paragraph gap. Each item is laid out twice, first without
 * drawing, so that the signature can take the body's last lines with it
 * when it does not fit on the page (see struct pdf).
 *
 * Invariants:
 *   1. No text is drawn outside a page's text area, except the foot line
 *      ("(continued)", "Page N"), which sits inside the bottom margin.
 *   2. Every byte of the input that is not a separator is drawn: a line that
 *      does not fit on the page moves to the next page, never off it.
 *   3. Every item starts on a page of its own size (cairo_pdf_surface_set_size
 *      before the page's first drawing).
 *   4. zPath is replaced only by a complete file; the temporary file never
 *      outlives hw_pdf_write().
 */
#include "io/pdf.h"

#include <cairo-pdf.h>		   /* pages of different sizes in one file, metadata */
#include <cairo.h>		   /* the toy text API: one face, sizes in points */
#include <fontconfig/fontconfig.h> /* FcFini, in hw_pdf_shutdown */
#include <errno.h>
#include <stdio.h>  /* rename, remove */
#include <stdlib.h> /* malloc */
#include <string.h>

#define FACE "DejaVu Serif" /* fonts-dejavu-core */
#define TITLE "hawser notes and letters"
#define LEADING 1.3 /* line height per point of font size */
#define IN 72.0	    /* points per inch */

enum { ALIGN_LEFT, ALIGN_RIGHT };

typedef struct layout {
	double w, h;			     /* the page, in points */
	double mLeft, mRight, mTop, mBottom; /* the text area */
	double szBlock, szBody, szFoot;	     /* font sizes */
	double dTo;			     /* first page: the recipient block's top edge */
	double wTo;			     /* its width (a window envelope shows 4.5 in) */
	double wRight;			     /* the right column: sender (letters), date */
	double dBody;	/* first page: the body starts at least this far down */
	double dGap;	/* between blocks */
	double dSign;	/* left blank after the body for a signature */
	double dFoot;	/* the foot line's baseline above the bottom edge */
	int bFromTop;	/* the sender's block heads the right column */
	int bContinued; /* "(continued)" at the foot of each page but an item's last */
	int bPageNo;	/* "Page N" at the foot of each page but an item's first */
} layout;

/* A card: the address small at the top, so that it shows through a window
 * envelope or can be copied onto one. */
static const layout aNote = {
    .w = 5 * IN,
    .h = 7 * IN,
    .mLeft = 0.5 * IN,
    .mRight = 0.5 * IN,
    .mTop = 0.5 * IN,
    .mBottom = 0.75 * IN,
    .szBlock = 9,
    .szBody = 11,
    .szFoot = 8,
    .dTo = 0.5 * IN,
    .wTo = 2.5 * IN,
    .wRight = 1.5 * IN,
    .dBody = 0,
    .dGap = 0.25 * IN,
    .dSign = 0.5 * IN,
    .dFoot = 40,
    .bFromTop = 0,
    .bContinued = 1,
    .bPageNo = 0,
};
/* A #10 envelope's window sits about 2 in from the top of a letter folded in
 * thirds and 1 in from its left edge; the body starts below the first fold
 * (about 4 in). */
static const layout aLetter = {
    .w = 8.5 * IN,
    .h = 11 * IN,
    .mLeft = 1 * IN,
    .mRight = 1 * IN,
    .mTop = 0.75 * IN,
    .mBottom = 1 * IN,
    .szBlock = 10,
    .szBody = 11,
    .szFoot = 9,
    .dTo = 2 * IN,
    .wTo = 3.5 * IN,
    .wRight = 3 * IN,
    .dBody = 4 * IN,
    .dGap = 0.25 * IN,
    .dSign = 1 * IN,
    .dFoot = 45,
    .bFromTop = 1,
    .bContinued = 0,
    .bPageNo = 1,
};

/* Where a block of text goes. */
typedef struct column {
	double x, w; /* left edge and width */
	double sz;   /* font size */
	int eAlign;
} column;

typedef struct pdf {
	cairo_surface_t *pSurf;
	cairo_t *cr;
	const layout *pL;
	int nPage;   /* pages begun in the file */
	int iPage;   /* 1-based page within the current item */
	double y;    /* top edge of the next line on this page */
	char *zLine; /* the line being built, NUL-terminated for cairo */
	size_t nAlloc;
	int bNoMem;
	/* An item is laid out twice: a dry run (measure, draw nothing) finds
	 * the pages of the body's last two lines and of the signature; if they
	 * differ, the real run breaks the page before the first of those lines,
	 * so the signature never stands alone nor with a single line. */
	int bDry;
	int bBody;	  /* putting body lines */
	int iLine;	  /* body lines put so far, blank ones too */
	int aKeep[2];	  /* the last two body lines with text, or -1 */
	int aKeepPage[2]; /* and their pages within the item */
	int iBreakAt;	  /* -1: no forced break */
} pdf;

static int is_sep(unsigned char c)
{
	return c != '\n' && (c <= ' ' || c == 0x7f);
}

/* The offset of the first byte that is not UTF-8 (strictly: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or -1. */
static long utf8_bad(const char *z)
{
	const unsigned char *s = (const unsigned char *)z;
	for (long i = 0; s[i];) {
		unsigned char c = s[i];
		int n;
		unsigned char lo = 0x80, hi = 0xbf;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			lo = c == 0xe0 ? 0xa0 : 0x80;
			hi = c == 0xed ? 0x9f : 0xbf;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			lo = c == 0xf0 ? 0x90 : 0x80;
			hi = c == 0xf4 ? 0x8f : 0xbf;
		} else {
			return i;
		}
		if (s[i + 1] < lo || s[i + 1] > hi)
			return i;
		for (int k = 2; k <= n; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
		i += n + 1;
	}
	return -1;
}

/* Bytes of the character at z (valid UTF-8), with the combining accents
 * (U+0300..U+036F) that follow it: a line break never separates them. */
static size_t char_len(const unsigned char *z, size_t n)
{
	size_t k = z[0] < 0x80 ? 1 : z[0] < 0xe0 ? 2 : z[0] < 0xf0 ? 3 : 4;
	while (k + 1 < n && (z[k] == 0xcc || (z[k] == 0xcd && z[k + 1] < 0xb0)))
		k += 2;
	return k < n ? k : n;
}

static double advance(pdf *p, const char *z)
{
	cairo_text_extents_t te;
	cairo_text_extents(p->cr, z, &te);
	return te.x_advance;
}

static void show_at(pdf *p, const char *z, double x, double yTop, double sz)
{
	cairo_font_extents_t fe;
	cairo_set_font_size(p->cr, sz);
	cairo_font_extents(p->cr, &fe);
	cairo_move_to(p->cr, x, yTop + fe.ascent);
	cairo_show_text(p->cr, z);
}

static void foot(pdf *p, const char *z)
{
	const layout *L = p->pL;
	if (p->bDry)
		return;
	cairo_set_font_size(p->cr, L->szFoot);
	double x = (L->w - advance(p, z)) / 2;
	cairo_move_to(p->cr, x, L->h - L->dFoot);
	cairo_show_text(p->cr, z);
}

static void page_begin(pdf *p)
{
	if (!p->bDry)
		cairo_pdf_surface_set_size(p->pSurf, p->pL->w, p->pL->h);
	p->nPage++;
	p->iPage++;
	p->y = p->pL->mTop;
	if (p->pL->bPageNo && p->iPage > 1) {
		char z[32];
		snprintf(z, sizeof z, "Page %d", p->iPage);
		foot(p, z);
	}
}

static void page_end(pdf *p, int bMore)
{
	if (bMore && p->pL->bContinued)
		foot(p, "(continued)");
	if (!p->bDry)
		cairo_show_page(p->cr);
}

static void page_break(pdf *p)
{
	page_end(p, 1);
	page_begin(p);
}

/* Draw p->zLine as one line of column c, on the next page if this one is
 * full. An empty line is a gap, except at the top of a page. */
static void put_line(pdf *p, const column *c)
{
	const layout *L = p->pL;
	double lead = c->sz * LEADING;
	int iBody = p->bBody ? p->iLine++ : -1;
	if (iBody >= 0 && iBody == p->iBreakAt && p->y > L->mTop)
		page_break(p);
	if (!p->zLine[0] && p->y <= L->mTop)
		return;
	if (p->y + lead > L->h - L->mBottom && p->y > L->mTop)
		page_break(p);
	if (iBody >= 0 && p->zLine[0]) {
		p->aKeep[0] = p->aKeep[1];
		p->aKeepPage[0] = p->aKeepPage[1];
		p->aKeep[1] = iBody;
		p->aKeepPage[1] = p->iPage;
	}
	if (p->zLine[0] && !p->bDry) {
		cairo_set_font_size(p->cr, c->sz);
		double x = c->x;
		if (c->eAlign == ALIGN_RIGHT)
			x = c->x + c->w - advance(p, p->zLine);
		show_at(p, p->zLine, x, p->y, c->sz);
	}
	p->y += lead;
}

/* The bytes of z[0..n) (no separator in it, n > 0) that fit in width w
 * on a line of their own: whole characters, at least one. */
static size_t fit_chars(pdf *p, const char *z, size_t n, double w)
{
	size_t k = char_len((const unsigned char *)z, n);
	while (k < n) {
		size_t k2 = k + char_len((const unsigned char *)z + k, n - k);
		memcpy(p->zLine, z, k2);
		p->zLine[k2] = 0;
		if (advance(p, p->zLine) > w)
			break;
		k = k2;
	}
	return k;
}

/* One hard line z[0..n) of column c, wrapped at separators; a word wider
 * than the column is broken between characters. */
static void wrap(pdf *p, const column *c, const char *z, size_t n)
{
	size_t nLine = 0, i = 0;
	int bAny = 0;
	if (n + 2 > p->nAlloc) {
		char *zNew = realloc(p->zLine, n + 2);
		if (!zNew) {
			p->bNoMem = 1;
			return;
		}
		p->zLine = zNew;
		p->nAlloc = n + 2;
	}
	cairo_set_font_size(p->cr, c->sz);
	p->zLine[0] = 0;
	while (i < n) {
		while (i < n && is_sep((unsigned char)z[i]))
			i++;
		if (i == n)
			break;
		size_t e = i;
		while (e < n && !is_sep((unsigned char)z[e]))
			e++;
		size_t nTry = nLine;
		if (nLine)
			p->zLine[nTry++] = ' ';
		memcpy(p->zLine + nTry, z + i, e - i);
		p->zLine[nTry + (e - i)] = 0;
		bAny = 1;
		if (advance(p, p->zLine) <= c->w) {
			nLine = nTry + (e - i);
			i = e;
			continue;
		}
		p->zLine[nLine] = 0;
		if (nLine) {
			put_line(p, c);
			cairo_set_font_size(p->cr, c->sz);
			nLine = 0;
			continue; /* the word again, on a line of its own */
		}
		/* The rest of the word goes on as a word: it may share the
		 * next line with the words after it. */
		size_t k = fit_chars(p, z + i, e - i, c->w);
		memcpy(p->zLine, z + i, k);
		p->zLine[k] = 0;
		put_line(p, c);
		cairo_set_font_size(p->cr, c->sz);
		i += k;
	}
	p->zLine[nLine] = 0;
	if (nLine || !bAny)
		put_line(p, c);
}

/* A block of LF-separated lines. */
static void text(pdf *p, const column *c, const char *z)
{
	while (!p->bNoMem) {
		size_t n = strcspn(z, "\n");
		wrap(p, c, z, n);
		if (!z[n])
			break;
		z += n + 1;
	}
}

static double max2(double a, double b)
{
	return a > b ? a : b;
}

static void lay_out(pdf *p, const hw_pdf_item *pI)
{
	layout a4 = aLetter; /* A4: the letter's layout on the other paper */
	const layout *L = pI->eKind == HW_PDF_NOTE ? &aNote : pI->bA4 ? &a4 : &aLetter;
	a4.w = 595;
	a4.h = 842;
	double wText = L->w - L->mLeft - L->mRight;
	column right = {L->w - L->mRight - L->wRight, L->wRight, L->szBlock, ALIGN_RIGHT};
	column to = {L->mLeft, L->wTo, L->szBlock, ALIGN_LEFT};
	column body = {L->mLeft, wText, L->szBody, ALIGN_LEFT};

	p->pL = L;
	p->iPage = 0;
	page_begin(p);
	if (L->bFromTop && pI->zFrom)
		text(p, &right, pI->zFrom);
	if (pI->zDate) {
		if (p->y > L->mTop)
			p->y += L->dGap;
		text(p, &right, pI->zDate);
	}
	/* The columns share the page: the lowest one decides where the body
	 * starts. An overlong right column (pages of sender) pushes the
	 * recipient below it rather than under it. */
	int iRight = p->iPage;
	double yRight = p->y;
	if (pI->zTo) {
		p->y = iRight == 1 ? max2(L->dTo, L->mTop) : p->y + L->dGap;
		text(p, &to, pI->zTo);
	}
	double yLow = p->iPage == iRight ? max2(p->y, yRight) : p->y;
	if (p->iPage == 1)
		p->y = max2(L->dBody, yLow > L->mTop ? yLow + L->dGap : L->mTop);
	else
		p->y = yLow + L->dGap;
	p->bBody = 1;
	p->iLine = 0;
	p->aKeep[0] = p->aKeep[1] = -1;
	text(p, &body, pI->zBody);
	p->bBody = 0;

	/* Room to sign, on the same page as the sender's typed name. */
	size_t nName = pI->zFrom ? strcspn(pI->zFrom, "\n") : 0;
	double need = L->dSign + (nName ? body.sz * LEADING : 0);
	if (p->y + need > L->h - L->mBottom && p->y > L->mTop)
		page_break(p);
	/* The dry run's verdict: the first kept line not on the signature's page. */
	if (p->bDry)
		for (int k = 0; k < 2 && p->iBreakAt < 0; k++)
			if (p->aKeep[k] >= 0 && p->aKeepPage[k] != p->iPage)
				p->iBreakAt = p->aKeep[k];
	p->y += L->dSign;
	if (nName && !p->bNoMem)
		wrap(p, &body, pI->zFrom, nName);
	page_end(p, 0);
	p->pL = NULL; /* it may point at this call's a4 */
}

static void item(pdf *p, const hw_pdf_item *pI)
{
	int nPage = p->nPage;
	p->bDry = 1;
	p->iBreakAt = -1;
	lay_out(p, pI);
	p->nPage = nPage;
	p->bDry = 0;
	lay_out(p, pI);
}

/* HW_OK, or HW_EINVAL with pErr naming the item and the field. */
static hw_rc check(const hw_pdf_item *aItem, int nItem, hw_err *pErr)
{
	for (int i = 0; i < nItem; i++) {
		const hw_pdf_item *pI = &aItem[i];
		const struct {
			const char *zName, *z;
		} aField[] = {
		    {"body", pI->zBody}, {"to", pI->zTo}, {"from", pI->zFrom}, {"date", pI->zDate}};
		if (pI->eKind != HW_PDF_NOTE && pI->eKind != HW_PDF_LETTER) {
			hw_err_set(pErr, "item %d: unknown kind %d; use a note or a letter", i + 1,
				   (int)pI->eKind);
			return HW_EINVAL;
		}
		if (!pI->zBody) {
			hw_err_at(pErr, NULL, 0, 0, "body",
				  "item %d has no text to print; render its template first", i + 1);
			return HW_EINVAL;
		}
		for (size_t k = 0; k < sizeof aField / sizeof aField[0]; k++) {
			long iBad = aField[k].z ? utf8_bad(aField[k].z) : -1;
			if (iBad >= 0) {
				hw_err_at(pErr, NULL, 0, 0, aField[k].zName,
					  "item %d: byte %ld is not UTF-8; convert the text to "
					  "UTF-8",
					  i + 1, iBad + 1);
				return HW_EINVAL;
			}
		}
	}
	return HW_OK;
}

hw_rc hw_pdf_write(const char *zPath, const hw_pdf_item *aItem, int nItem, int *pnPages,
		   hw_err *pErr)
{
	pdf p = {0};
	hw_rc rc;
	cairo_status_t st;

	if (pnPages)
		*pnPages = 0;
	if (!aItem || nItem <= 0) {
		hw_err_set(pErr, "nothing to print: the list of notes and letters is empty");
		return HW_EINVAL;
	}
	if (!zPath || !zPath[0]) {
		hw_err_set(pErr, "no file to write the PDF to; give a path");
		return HW_EINVAL;
	}
	if ((rc = check(aItem, nItem, pErr)) != HW_OK)
		return rc;

	size_t nPath = strlen(zPath);
	char *zTmp = malloc(nPath + 5);
	if (!zTmp) {
		hw_err_set(pErr, "out of memory");
		return HW_ENOMEM;
	}
	memcpy(zTmp, zPath, nPath);
	memcpy(zTmp + nPath, ".tmp", 5);

	p.pSurf = cairo_pdf_surface_create(zTmp, aNote.w, aNote.h);
	st = cairo_surface_status(p.pSurf);
	if (st == CAIRO_STATUS_SUCCESS) {
		cairo_pdf_surface_set_metadata(p.pSurf, CAIRO_PDF_METADATA_TITLE, TITLE);
		cairo_pdf_surface_set_metadata(p.pSurf, CAIRO_PDF_METADATA_CREATOR, "hawser");
		p.cr = cairo_create(p.pSurf);
		cairo_select_font_face(p.cr, FACE, CAIRO_FONT_SLANT_NORMAL,
				       CAIRO_FONT_WEIGHT_NORMAL);
		cairo_set_source_rgb(p.cr, 0, 0, 0);
		/* cairo's errors are sticky: after one, drawing does nothing. */
		for (int i = 0; i < nItem && !p.bNoMem && !cairo_status(p.cr); i++)
			item(&p, &aItem[i]);
		st = cairo_status(p.cr);
		cairo_destroy(p.cr);
		cairo_surface_finish(p.pSurf);
		if (st == CAIRO_STATUS_SUCCESS)
			st = cairo_surface_status(p.pSurf);
	}
	cairo_surface_destroy(p.pSurf);
	free(p.zLine);

	if (st != CAIRO_STATUS_SUCCESS || p.bNoMem) {
		remove(zTmp);
		if (p.bNoMem || st == CAIRO_STATUS_NO_MEMORY) {
			hw_err_set(pErr, "out of memory while writing %s", zPath);
			rc = HW_ENOMEM;
		} else {
			int bFile = st == CAIRO_STATUS_WRITE_ERROR ||
				    st == CAIRO_STATUS_FILE_NOT_FOUND ||
				    st == CAIRO_STATUS_TEMP_FILE_ERROR;
			hw_err_at(
			    pErr, zPath, 0, 0, NULL, "cannot write the PDF %s: %s; %s", zPath,
			    cairo_status_to_string(st),
			    bFile ? "check that its folder exists and is writable"
				  : "nothing was written (a fault in hawser: please report it)");
			rc = HW_EIO;
		}
	} else if (rename(zTmp, zPath) != 0) {
		int e = errno;
		remove(zTmp);
		hw_err_at(pErr, zPath, 0, 0, NULL,
			  "cannot put the PDF in place at %s: %s; check that it is not a folder "
			  "and that its folder is writable",
			  zPath, strerror(e));
		rc = HW_EIO;
	} else {
		rc = HW_OK;
		if (pnPages)
			*pnPages = p.nPage;
	}
	free(zTmp);
	return rc;
}

void hw_pdf_shutdown(void)
{
	cairo_debug_reset_static_data();
	FcFini();
}
