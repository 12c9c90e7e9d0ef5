/*
 * hw.h — the one result type and error detail shared by every module.
 *
 * Every fallible function returns an hw_rc (HW_OK == 0) and, when it is given
 * an hw_err, fills it with what was wrong and where (file, line, column, field)
 * in words a user can act on. Out-parameters are set to NULL/zero on failure.
 * The CLI maps hw_rc to exit codes in one place (src/cli/exitcode.c).
 */
#ifndef HW_H
#define HW_H

#include <stddef.h> /* size_t */

typedef enum hw_rc {
	HW_OK = 0,
	HW_EUSAGE,    /* bad command line or argument */
	HW_EINVAL,    /* bad input data (a row, a field, a file format) */
	HW_ENOTFOUND, /* no such lead, import, file */
	HW_ECONFLICT, /* state forbids it (import already finished, …) */
	HW_EIO,       /* reading or writing a file failed */
	HW_ESTORE,    /* the database refused or failed */
	HW_ENOMEM,    /* out of memory */
	HW_EINTERNAL  /* a bug: an invariant did not hold */
} hw_rc;

#define HW_MUST_CHECK __attribute__((warn_unused_result))

typedef struct hw_err {
	char zFile[256];  /* input file, or "" */
	long iLine;       /* 1-based line in zFile, or 0 */
	int iCol;         /* 1-based column (CSV field index), or 0 */
	char zField[64];  /* field name, or "" */
	char zMsg[512];   /* what is wrong and what to do */
} hw_err;

/* Set only the message; location left empty. pErr may be NULL. */
void hw_err_set(hw_err *pErr, const char *zFmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Set message and location. zFile and zField may be NULL. */
void hw_err_at(hw_err *pErr, const char *zFile, long iLine, int iCol,
	       const char *zField, const char *zFmt, ...)
	__attribute__((format(printf, 6, 7)));

void hw_err_clear(hw_err *pErr);

/* "FILE:LINE:COL: field 'x': message" with the parts that are known. */
void hw_err_format(const hw_err *pErr, char *zBuf, size_t nBuf);

const char *hw_rc_name(hw_rc rc);

#endif
