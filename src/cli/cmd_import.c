/*
 * cmd_import.c — 'hawser import': import, resume or undo a lead list, with a
 * progress bar on a terminal and the rejects written next to the input.
 */
#include "cli/cli.h"
#include "io/dnc_set.h"
#include "io/import.h"

#include <limits.h> /* PATH_MAX */
#include <stdio.h>  /* printf */
#include <stdlib.h> /* strtoll */
#include <string.h> /* strcmp */
#include <time.h>   /* clock_gettime */

static void on_progress(void *pCtx, const hw_import_progress *p)
{
	hw_progress_update(pCtx, p->nBytesDone, p->nBytesTotal, p->nRows);
}

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int parse_id(hw_cli *pCli, const char *zOpt, const char *z, long long *piId)
{
	char *zEnd;
	*piId = strtoll(z, &zEnd, 10);
	if (*zEnd || *piId <= 0) {
		hw_cli_usage(pCli, "%s '%s': expected an import id (a positive number)", zOpt, z);
		return 0;
	}
	return 1;
}

static int report(hw_cli *pCli, hw_store *pStore, const hw_import_rec *pRec, const char *zWarning,
		  double rSeconds, const char *zVerb)
{
	char zRejects[PATH_MAX];
	long nRejects = 0;
	hw_err err;
	hw_rc rc;

	hw_err_clear(&err);
	hw_import_rejects_path(pRec->zFile, zRejects, sizeof zRejects);
	if (pRec->eStatus == HW_IMPORT_DONE &&
	    (rc = hw_import_write_rejects(pStore, pRec->iId, zRejects, &nRejects, &err)) != HW_OK)
		return hw_cli_fail(pCli, rc, &err);
	if (pCli->bJson) {
		json_t *pO = json_pack("{s:I,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:f}", "import_id",
				       (json_int_t)pRec->iId, "status",
				       hw_import_status_names[pRec->eStatus], "file", pRec->zFile,
				       "rows", (json_int_t)pRec->nRows, "imported",
				       (json_int_t)pRec->nImported, "merged",
				       (json_int_t)pRec->nMerged, "rejected",
				       (json_int_t)pRec->nRejected, "suppressed",
				       (json_int_t)pRec->nSuppressed, "seconds", rSeconds);
		json_object_set_new(pO, "registry", json_integer(pRec->nRegistry));
		json_object_set_new(pO, "rejects_file", nRejects ? json_string(zRejects) : json_null());
		json_object_set_new(pO, "warning",
				    zWarning && zWarning[0] ? json_string(zWarning) : json_null());
		hw_cli_print_json(pO);
		return 0;
	}
	if (zWarning && zWarning[0])
		fprintf(stderr, "hawser: warning: %s\n", zWarning);
	printf("import %lld %s: %lld rows: %lld imported, %lld merged, %lld rejected, "
	       "%lld with suppressed numbers (%.1fs)\n",
	       pRec->iId, zVerb, pRec->nRows, pRec->nImported, pRec->nMerged, pRec->nRejected,
	       pRec->nSuppressed, rSeconds);
	if (pRec->nRegistry)
		printf("%lld rows have a number on a national do-not-call registry: kept and "
		       "flagged; those numbers are not offered for calls\n",
		       pRec->nRegistry);
	if (nRejects)
		printf("rejected rows, with the reason for each: %s\n", zRejects);
	return 0;
}

int hw_cmd_import(hw_cli *pCli)
{
	hw_import_opts opts = {.pClock = &pCli->clock, .xProgress = on_progress};
	hw_import_rec rec = {0};
	hw_store *pStore = NULL;
	long long iResume = 0, iUndo = 0;
	const char *zVal;
	hw_err err;
	hw_rc rc;
	int m, ret;

	opts.azMap = calloc((size_t)pCli->argc, sizeof *opts.azMap);
	if (!opts.azMap)
		return hw_cli_exit_code(HW_ENOMEM);
	for (int i = 1; i < pCli->argc; i++) {
		if ((m = hw_cli_opt(pCli, &i, "--map", &zVal)) != 0) {
			if (m < 0)
				goto usage_done;
			opts.azMap[opts.nMap++] = (char *)zVal;
		} else if ((m = hw_cli_opt(pCli, &i, "--region", &zVal)) != 0) {
			if (m < 0)
				goto usage_done;
			opts.zRegion = zVal;
		} else if ((m = hw_cli_opt(pCli, &i, "--delimiter", &zVal)) != 0) {
			if (m < 0)
				goto usage_done;
			if (strcmp(zVal, "tab") == 0 || strcmp(zVal, "\\t") == 0)
				opts.cDelim = '\t';
			else if (strlen(zVal) == 1 && strchr(",;\t|", zVal[0]))
				opts.cDelim = zVal[0];
			else {
				ret = hw_cli_usage(pCli, "--delimiter '%s': use ',' ';' '|' or 'tab'",
						   zVal);
				goto done;
			}
		} else if ((m = hw_cli_opt(pCli, &i, "--batch", &zVal)) != 0) {
			if (m < 0)
				goto usage_done;
			opts.nBatch = atol(zVal);
			if (opts.nBatch <= 0) {
				ret = hw_cli_usage(pCli, "--batch '%s': expected a positive number", zVal);
				goto done;
			}
		} else if ((m = hw_cli_opt(pCli, &i, "--resume", &zVal)) != 0) {
			if (m < 0 || !parse_id(pCli, "--resume", zVal, &iResume))
				goto usage_done;
		} else if ((m = hw_cli_opt(pCli, &i, "--undo", &zVal)) != 0) {
			if (m < 0 || !parse_id(pCli, "--undo", zVal, &iUndo))
				goto usage_done;
		} else if (pCli->argv[i][0] == '-' && pCli->argv[i][1]) {
			ret = hw_cli_usage(pCli, "import: unknown option '%s'; see 'hawser help import'",
					   pCli->argv[i]);
			goto done;
		} else if (!opts.zFile) {
			opts.zFile = pCli->argv[i];
		} else {
			ret = hw_cli_usage(pCli, "import takes one file; got '%s' and '%s'", opts.zFile,
					   pCli->argv[i]);
			goto done;
		}
	}
	if (!!opts.zFile + !!iResume + !!iUndo != 1) {
		ret = hw_cli_usage(pCli, "import needs exactly one of FILE, --resume ID, --undo ID; "
					 "see 'hawser help import'");
		goto done;
	}
	if (hw_cli_open_store(pCli, &pStore) != HW_OK) {
		ret = hw_cli_exit_code(HW_ESTORE);
		goto done;
	}

	hw_err_clear(&err);
	double t0 = mono();
	if (iUndo) {
		rc = hw_import_undo(pStore, iUndo, &pCli->clock, &rec, &err);
		if (rc != HW_OK) {
			ret = hw_cli_fail(pCli, rc, &err);
			goto done;
		}
		ret = report(pCli, pStore, &rec, NULL, mono() - t0, "undone");
		goto done;
	}
	if (!pCli->pDnc && (rc = hw_dnc_set_open(pCli->zDb, &pCli->pDnc, &err)) != HW_OK) {
		ret = hw_cli_fail(pCli, rc, &err);
		goto done;
	}
	opts.pRegistry = hw_dnc_set_registry(pCli->pDnc);
	hw_progress *pBar = hw_progress_start(iResume ? "resuming" : "importing");
	opts.pProgressCtx = pBar;
	if (iResume)
		rc = hw_import_resume(pStore, iResume, &opts, &rec, &err);
	else
		rc = hw_import_run(pStore, &opts, &rec, &err);
	hw_progress_finish(pBar);
	if (rc != HW_OK) {
		if (rec.iId && rec.eStatus == HW_IMPORT_RUNNING && !pCli->bJson)
			fprintf(stderr, "hawser: import %lld stopped at line %ld; 'hawser import "
					"--resume %lld' finishes it, --undo %lld removes it\n",
				rec.iId, rec.iLastLine, rec.iId, rec.iId);
		ret = hw_cli_fail(pCli, rc, &err);
		goto done;
	}
	ret = report(pCli, pStore, &rec, opts.zWarning, mono() - t0,
		     iResume ? "resumed and finished" : "finished");
	goto done;

usage_done:
	ret = hw_cli_exit_code(HW_EUSAGE);
done:
	hw_import_rec_clear(&rec);
	if (pStore)
		hw_store_close(pStore);
	free(opts.azMap);
	return ret;
}
