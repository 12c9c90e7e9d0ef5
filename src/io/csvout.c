/*
 * csvout.c — spreadsheet-safe CSV cells.
 */
#include "io/csvout.h"

#include <string.h> /* strpbrk */

void hw_csvout_cell(FILE *pOut, const char *z, int bFirst)
{
	if (!bFirst)
		fputc(',', pOut);
	if (!z || !z[0])
		return;
	int bFormula = strchr("=+-@\t\r", z[0]) != NULL;
	int bQuote = bFormula || strpbrk(z, ",\"\r\n") != NULL;
	if (bQuote)
		fputc('"', pOut);
	if (bFormula)
		fputc('\'', pOut);
	for (; *z; z++) {
		if (*z == '"')
			fputc('"', pOut);
		fputc(*z, pOut);
	}
	if (bQuote)
		fputc('"', pOut);
}

void hw_csvout_end(FILE *pOut)
{
	fputs("\r\n", pOut);
}
