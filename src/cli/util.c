/*
 * util.c — what every command shares: the exit-code map, error printing in
 * one format, option values, JSON output, ISO 8601 times.
 */
#include "cli/cli.h"
#include "core/work.h"
#include "io/dnc_set.h"

#include <stdarg.h> /* va_list */
#include <stdio.h>  /* fprintf */
#include <stdlib.h> /* free */
#include <string.h> /* strcmp */
#include <time.h>   /* timegm */

int hw_cli_exit_code(hw_rc rc)
{
	static const int aCode[] = {
		[HW_OK] = 0,        [HW_EUSAGE] = 2, [HW_EINVAL] = 3,
		[HW_ENOTFOUND] = 4, [HW_ECONFLICT] = 5, [HW_EIO] = 6,
		[HW_ESTORE] = 7,    [HW_ENOMEM] = 1, [HW_EINTERNAL] = 1,
	};
	if ((unsigned)rc < sizeof aCode / sizeof aCode[0])
		return aCode[rc];
	return 1;
}

int hw_cli_fail(hw_cli *pCli, hw_rc rc, const hw_err *pErr)
{
	char zMsg[1024];
	if (pErr && (pErr->zMsg[0] || pErr->zFile[0]))
		hw_err_format(pErr, zMsg, sizeof zMsg);
	else
		snprintf(zMsg, sizeof zMsg, "%s", hw_rc_name(rc));
	if (pCli->bJson) {
		json_t *pE = json_pack("{s:s,s:s}", "code", hw_rc_name(rc), "message", zMsg);
		if (pErr && pErr->zFile[0])
			json_object_set_new(pE, "file", json_string(pErr->zFile));
		if (pErr && pErr->iLine)
			json_object_set_new(pE, "line", json_integer(pErr->iLine));
		if (pErr && pErr->iCol)
			json_object_set_new(pE, "column", json_integer(pErr->iCol));
		if (pErr && pErr->zField[0])
			json_object_set_new(pE, "field", json_string(pErr->zField));
		hw_cli_print_json(json_pack("{s:o}", "error", pE));
	} else {
		fprintf(stderr, "hawser: %s\n", zMsg);
	}
	return hw_cli_exit_code(rc);
}

int hw_cli_usage(hw_cli *pCli, const char *zFmt, ...)
{
	hw_err err;
	va_list ap;
	hw_err_clear(&err);
	va_start(ap, zFmt);
	vsnprintf(err.zMsg, sizeof err.zMsg, zFmt, ap);
	va_end(ap);
	return hw_cli_fail(pCli, HW_EUSAGE, &err);
}

hw_rc hw_cli_open_store(hw_cli *pCli, hw_store **ppStore)
{
	hw_err err;
	hw_rc rc;
	hw_err_clear(&err);
	if ((rc = hw_store_open(pCli->zDb, ppStore, &err)) != HW_OK)
		hw_cli_fail(pCli, rc, &err);
	return rc;
}

hw_rc hw_cli_work_open(hw_cli *pCli, hw_store *pStore, hw_work *pW)
{
	hw_err err;
	hw_rc rc;
	hw_err_clear(&err);
	if (!pCli->pDnc && (rc = hw_dnc_set_open(pCli->zDb, &pCli->pDnc, &err)) != HW_OK)
		return hw_cli_fail(pCli, rc, &err), rc;
	if ((rc = hw_work_open(pW, pStore, &pCli->clock, &err)) != HW_OK)
		return hw_cli_fail(pCli, rc, &err), rc;
	pW->pRegistry = hw_dnc_set_registry(pCli->pDnc);
	return HW_OK;
}

hw_rc hw_cli_open_all(hw_cli *pCli, hw_store **ppStore, hw_work *pW)
{
	hw_rc rc;
	if ((rc = hw_cli_open_store(pCli, ppStore)) != HW_OK)
		return rc;
	if ((rc = hw_cli_work_open(pCli, *ppStore, pW)) != HW_OK)
		hw_store_close(*ppStore);
	return rc;
}

int hw_cli_opt(hw_cli *pCli, int *pi, const char *zName, const char **pzVal)
{
	const char *z = pCli->argv[*pi];
	size_t n = strlen(zName);
	if (strncmp(z, zName, n) != 0)
		return 0;
	if (z[n] == '=') {
		*pzVal = z + n + 1;
		return 1;
	}
	if (z[n] != 0)
		return 0;
	if (*pi + 1 >= pCli->argc) {
		hw_cli_usage(pCli, "%s needs a value; 'hawser help %s' shows the options", zName,
			     pCli->argv[0]);
		return -1;
	}
	*pzVal = pCli->argv[++*pi];
	return 1;
}

void hw_cli_print_json(json_t *pVal)
{
	char *z = json_dumps(pVal, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (z) {
		fputs(z, stdout);
		fputc('\n', stdout);
		free(z);
	}
	json_decref(pVal);
}
