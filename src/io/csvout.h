/*
 * csvout.h — writing CSV that spreadsheets open safely (RFC 4180 quoting, and
 * cells starting with = + - @ tab or CR neutralized with a leading apostrophe,
 * so a hostile lead list cannot become a formula in the rep's spreadsheet; the
 * importer strips that apostrophe again on the way back in).
 */
#ifndef HW_IO_CSVOUT_H
#define HW_IO_CSVOUT_H

#include <stdio.h> /* FILE */

/* Write one cell; a comma before it unless it is the first of its row. */
void hw_csvout_cell(FILE *pOut, const char *z, int bFirst);
/* End the row (CRLF, as RFC 4180 says). */
void hw_csvout_end(FILE *pOut);

#endif
