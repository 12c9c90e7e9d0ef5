/*
 * cmd_imports.c — 'hawser imports': every import with its status and counts,
 * so an interrupted one can be found and resumed or undone.
 */
#include "cli/cli.h"
#include "core/workjson.h"

#include <stdio.h> /* printf */

static int print_one(void *pCtx, const hw_import_rec *p)
{
	json_t *pArr = pCtx;
	if (pArr) {
		json_array_append_new(pArr, hw_import_json(p));
		return 0;
	}
	printf("%5lld  %-8s %8lld rows %8lld imported %7lld merged %7lld rejected  %s\n", p->iId,
	       hw_import_status_names[p->eStatus], p->nRows, p->nImported, p->nMerged,
	       p->nRejected, p->zFile);
	return 0;
}

int hw_cmd_imports(hw_cli *pCli)
{
	hw_store *pStore;
	json_t *pArr = NULL;
	hw_rc rc;

	if (pCli->argc > 1)
		return hw_cli_usage(pCli, "imports takes no arguments");
	if (hw_cli_open_store(pCli, &pStore) != HW_OK)
		return hw_cli_exit_code(HW_ESTORE);
	if (pCli->bJson)
		pArr = json_array();
	rc = pStore->pMethods->xImportList(pStore, print_one, pArr);
	if (rc == HW_OK && pArr)
		hw_cli_print_json(json_pack("{s:o}", "imports", pArr));
	else
		json_decref(pArr);
	hw_store_close(pStore);
	return hw_cli_exit_code(rc);
}
