/*
 * csv.h — reading lead lists: RFC 4180 CSV through libcsv, whatever the vendor.
 *
 * The reader sniffs what spreadsheets and CRMs really write: a UTF-8 BOM, or
 * Windows-1252 / Latin-1 bytes (transcoded to UTF-8 with iconv, and a warning
 * set); the delimiter (',' ';' or tab, chosen from the first lines outside
 * quotes); CR, LF or CRLF line ends; quoted fields with embedded delimiters,
 * doubled quotes and newlines. Each record comes with the 1-based line on
 * which it starts, so errors can say FILE:LINE:COLUMN.
 *
 * A file that is not text (NUL bytes or mostly control characters in its
 * first 64 KiB, UTF-16, a ZIP/.xlsx), empty, or has a header and no data row
 * fails hw_csv_open with one clear message. Fields are exactly as RFC 4180
 * says: spaces around them are kept; lines that are empty or only spaces are
 * skipped. A field over 4 MiB or a record over 8 MiB / 100000 fields is
 * refused (HW_EINVAL), which keeps a reader's memory bounded (a few MiB)
 * whatever the file size. The reader owns every string it returns; they stay
 * valid until the next hw_csv_next or hw_csv_close.
 */
#ifndef HW_IO_CSV_H
#define HW_IO_CSV_H

#include "core/hw.h"

#include <stdio.h> /* FILE */

typedef struct hw_csv hw_csv;

typedef enum hw_csv_encoding {
	HW_CSV_UTF8 = 0,
	HW_CSV_UTF8_BOM,
	HW_CSV_WINDOWS_1252, /* also covers Latin-1: 1252 is its superset */
} hw_csv_encoding;

typedef struct hw_csv_info {
	char cDelim;              /* ',' ';' '\t' */
	hw_csv_encoding eEncoding;
	long long nBytes;         /* file size, for progress */
	char zWarning[256];       /* "transcoded from Windows-1252", or "" */
} hw_csv_info;

/* Open zPath. On success *ppCsv is the reader and pInfo (may be NULL) says what
 * was sniffed. cDelim 0 means sniff; otherwise force that delimiter. Errors,
 * each with pErr->zFile set: HW_ENOTFOUND (no such file), HW_EIO (unreadable),
 * HW_EINVAL (a directory, empty, not text, header only, or a quote never
 * closed in the first rows), HW_EUSAGE (cDelim a quote, CR, LF or non-ASCII),
 * HW_ENOMEM. */
hw_rc hw_csv_open(const char *zPath, char cDelim, hw_csv **ppCsv,
		  hw_csv_info *pInfo, hw_err *pErr) HW_MUST_CHECK;

/* The next record: *pnField fields in *pazField (each NUL-terminated UTF-8,
 * *panLen their lengths), starting at line *piLine. Returns HW_OK, or
 * HW_ENOTFOUND at end of file, or HW_EINVAL/HW_EIO with pErr (e.g. a quote
 * never closed: FILE:LINE where it opened). */
hw_rc hw_csv_next(hw_csv *pCsv, int *pnField, char ***pazField, size_t **panLen,
		  long *piLine, hw_err *pErr) HW_MUST_CHECK;

/* Bytes of the (original) file consumed so far, for progress and ETA: up to
 * the end of the last record returned (interpolated within a 64 KiB chunk
 * when transcoding), the file size once hw_csv_next has said HW_ENOTFOUND. */
long long hw_csv_offset(const hw_csv *pCsv);

void hw_csv_close(hw_csv *pCsv);

#endif
