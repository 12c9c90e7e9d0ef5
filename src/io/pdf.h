/*
 * pdf.h — printed follow-ups: note cards and letters as one PDF (cairo).
 *
 * A note card is a 5 x 7 inch page (a card to handwrite over or to sign):
 * the recipient's address block, then the text, set in a serif face, with the
 * sender's name at the foot. A letter is a US Letter page (or A4 for leads
 * outside North America): the sender's address at the top right, the date,
 * the recipient's address block where a windowed envelope shows it, the
 * text, and room to sign. Long texts wrap at word boundaries and flow onto
 * further pages; nothing is cut off.
 */
#ifndef HW_IO_PDF_H
#define HW_IO_PDF_H

#include "core/hw.h"

typedef enum hw_pdf_kind { HW_PDF_NOTE = 0, HW_PDF_LETTER } hw_pdf_kind;

typedef struct hw_pdf_item {
	hw_pdf_kind eKind;
	const char *zTo;       /* the address block, lines separated by LF */
	const char *zFrom;     /* the sender's name and postal address, LF-separated */
	const char *zDate;     /* "November 24, 2026" (letters) */
	const char *zBody;     /* the rendered template text, UTF-8, LF line ends */
	int bA4;               /* letters: A4 instead of US Letter */
} hw_pdf_item;

/* Write the items, in order, to zPath (written to a temporary file and
 * renamed, so a reader never sees half a PDF). *pnPages: pages written. An
 * empty list is HW_EINVAL ("nothing to print"). */
hw_rc hw_pdf_write(const char *zPath, const hw_pdf_item *aItem, int nItem, int *pnPages,
		   hw_err *pErr);

/* Free cairo's and fontconfig's process-wide caches (fontconfig keeps its
 * configuration until FcFini). Call once at exit, after every PDF is
 * written, so leak checkers see a clean process; harmless when none was. */
void hw_pdf_shutdown(void);

#endif
