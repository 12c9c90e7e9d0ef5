/*
 * err.c — filling and formatting hw_err, the error detail a user reads.
 */
#include "core/hw.h"

#include <stdarg.h> /* va_list */
#include <stdio.h>  /* vsnprintf */
#include <string.h> /* memset */

void hw_err_clear(hw_err *pErr)
{
	if (pErr)
		memset(pErr, 0, sizeof *pErr);
}

void hw_err_set(hw_err *pErr, const char *zFmt, ...)
{
	va_list ap;
	if (!pErr)
		return;
	hw_err_clear(pErr);
	va_start(ap, zFmt);
	vsnprintf(pErr->zMsg, sizeof pErr->zMsg, zFmt, ap);
	va_end(ap);
}

void hw_err_at(hw_err *pErr, const char *zFile, long iLine, int iCol,
	       const char *zField, const char *zFmt, ...)
{
	va_list ap;
	if (!pErr)
		return;
	hw_err_clear(pErr);
	snprintf(pErr->zFile, sizeof pErr->zFile, "%s", zFile ? zFile : "");
	snprintf(pErr->zField, sizeof pErr->zField, "%s", zField ? zField : "");
	pErr->iLine = iLine;
	pErr->iCol = iCol;
	va_start(ap, zFmt);
	vsnprintf(pErr->zMsg, sizeof pErr->zMsg, zFmt, ap);
	va_end(ap);
}

void hw_err_format(const hw_err *pErr, char *zBuf, size_t nBuf)
{
	size_t n = 0;
	if (!nBuf)
		return;
	zBuf[0] = 0;
	if (pErr->zFile[0]) {
		n += snprintf(zBuf + n, nBuf - n, "%s:", pErr->zFile);
		if (n < nBuf && pErr->iLine > 0)
			n += snprintf(zBuf + n, nBuf - n, "%ld:", pErr->iLine);
		if (n < nBuf && pErr->iLine > 0 && pErr->iCol > 0)
			n += snprintf(zBuf + n, nBuf - n, "%d:", pErr->iCol);
		if (n < nBuf)
			n += snprintf(zBuf + n, nBuf - n, " ");
	}
	if (n < nBuf && pErr->zField[0])
		n += snprintf(zBuf + n, nBuf - n, "field '%s': ", pErr->zField);
	if (n < nBuf)
		snprintf(zBuf + n, nBuf - n, "%s", pErr->zMsg);
}

const char *hw_rc_name(hw_rc rc)
{
	static const char *const azName[] = {
		[HW_OK] = "ok",
		[HW_EUSAGE] = "usage",
		[HW_EINVAL] = "invalid input",
		[HW_ENOTFOUND] = "not found",
		[HW_ECONFLICT] = "conflict",
		[HW_EIO] = "i/o error",
		[HW_ESTORE] = "database error",
		[HW_ENOMEM] = "out of memory",
		[HW_EINTERNAL] = "internal error",
	};
	if ((unsigned)rc < sizeof azName / sizeof azName[0] && azName[rc])
		return azName[rc];
	return "unknown";
}
