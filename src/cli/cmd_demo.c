/*
 * cmd_demo.c — 'hawser demo': a fictional lead list, written as CSV and, unless
 * --csv names the file to keep, imported into the database through the same
 * pipeline as a real list.
 */
#include "cli/cli.h"
#include "io/demo.h"
#include "io/dnc.h"
#include "io/import.h"

#include <stdio.h>  /* fopen */
#include <stdlib.h> /* strtol */
#include <string.h> /* strcmp */
#include <unistd.h> /* unlink */

/* --registry: a fictional registry full list for the database's leads. */
typedef struct reg_ctx {
	FILE *pOut;
	unsigned char aNpa[1000];  /* area codes seen */
	long nListed;
} reg_ctx;

static int reg_cb(void *pv, const char *zE164, const char *zRegion, const char *zRegistry)
{
	reg_ctx *c = pv;
	uint64_t n = hw_dnc_key(zE164);
	(void)zRegistry;
	if (!n || strcmp(zRegion, "US") != 0) /* the US list: US numbers only */
		return 0;
	c->aNpa[n / 10000000u] = 1;
	/* about one number in eight, as the real registry lists */
	if ((n * 2654435761u >> 7) % 8 == 0) {
		fprintf(c->pOut, "%03u,%07u\n", (unsigned)(n / 10000000u), (unsigned)(n % 10000000u));
		c->nListed++;
	}
	return 0;
}

static int demo_registry(hw_cli *pCli, const char *zFile)
{
	reg_ctx c;
	hw_store *pStore;
	hw_err err;
	hw_rc rc;
	memset(&c, 0, sizeof c);
	hw_err_clear(&err);
	if (!(c.pOut = fopen(zFile, "w"))) {
		hw_err_at(&err, zFile, 0, 0, NULL, "cannot write the demo registry: %m");
		return hw_cli_fail(pCli, HW_EIO, &err);
	}
	if ((rc = hw_cli_open_store(pCli, &pStore)) != HW_OK) {
		fclose(c.pOut);
		return hw_cli_exit_code(rc);
	}
	rc = pStore->pMethods->xPhoneScan(pStore, "+1", reg_cb, &c);
	hw_store_close(pStore);
	/* every area code of the leads is in the copy, also those with none listed:
	 * a number of its reserved 555-01XX range that no lead has */
	for (int i = 200; i < 1000; i++)
		if (c.aNpa[i])
			fprintf(c.pOut, "%03d,5550199\n", i), c.nListed++;
	if (fclose(c.pOut) != 0 && rc == HW_OK)
		rc = HW_EIO;
	if (rc != HW_OK) {
		hw_err_at(&err, zFile, 0, 0, NULL, "cannot write the demo registry");
		return hw_cli_fail(pCli, rc, &err);
	}
	if (pCli->bJson)
		hw_cli_print_json(json_pack("{s:s,s:i}", "registry", zFile, "numbers", (int)c.nListed));
	else
		printf("wrote a fictional do-not-call registry of %ld numbers to %s (load it with "
		       "'hawser dnc load %s')\n",
		       c.nListed, zFile, zFile);
	return 0;
}

int hw_cmd_demo(hw_cli *pCli)
{
	long nRows = 500;
	unsigned uSeed = 1;
	hw_demo_mix eMix = HW_DEMO_INTL;
	const char *zVal, *zCsv = NULL;
	char zTmp[] = "/tmp/hawser-demo-XXXXXX.csv";
	hw_err err;
	hw_rc rc;
	int m;

	for (int i = 1; i < pCli->argc; i++) {
		if ((m = hw_cli_opt(pCli, &i, "--rows", &zVal)) != 0) {
			char *zEnd;
			if (m < 0)
				return hw_cli_exit_code(HW_EUSAGE);
			nRows = strtol(zVal, &zEnd, 10);
			if (*zEnd || nRows <= 0)
				return hw_cli_usage(pCli, "--rows '%s': expected a positive number",
						    zVal);
		} else if ((m = hw_cli_opt(pCli, &i, "--seed", &zVal)) != 0) {
			if (m < 0)
				return hw_cli_exit_code(HW_EUSAGE);
			uSeed = (unsigned)strtoul(zVal, NULL, 10);
		} else if ((m = hw_cli_opt(pCli, &i, "--mix", &zVal)) != 0) {
			if (m < 0)
				return hw_cli_exit_code(HW_EUSAGE);
			if (strcmp(zVal, "us") == 0)
				eMix = HW_DEMO_US;
			else if (strcmp(zVal, "intl") == 0)
				eMix = HW_DEMO_INTL;
			else
				return hw_cli_usage(pCli, "--mix '%s': use us or intl", zVal);
		} else if ((m = hw_cli_opt(pCli, &i, "--registry", &zVal)) != 0) {
			if (m < 0)
				return hw_cli_exit_code(HW_EUSAGE);
			return demo_registry(pCli, zVal);
		} else if ((m = hw_cli_opt(pCli, &i, "--csv", &zVal)) != 0) {
			if (m < 0)
				return hw_cli_exit_code(HW_EUSAGE);
			zCsv = zVal;
		} else {
			return hw_cli_usage(pCli, "demo: unknown argument '%s'; see 'hawser help demo'",
					    pCli->argv[i]);
		}
	}

	FILE *pOut;
	if (zCsv) {
		pOut = fopen(zCsv, "w");
	} else {
		int fd = mkstemps(zTmp, 4);
		pOut = fd >= 0 ? fdopen(fd, "w") : NULL;
	}
	if (!pOut) {
		hw_err_at(&err, zCsv ? zCsv : zTmp, 0, 0, NULL, "cannot write the demo list: %m");
		return hw_cli_fail(pCli, HW_EIO, &err);
	}
	hw_err_clear(&err);
	rc = hw_demo_write_csv(pOut, nRows, uSeed, eMix, &err);
	if (fclose(pOut) != 0 && rc == HW_OK) {
		hw_err_at(&err, zCsv ? zCsv : zTmp, 0, 0, NULL, "cannot write the demo list: %m");
		rc = HW_EIO;
	}
	if (rc != HW_OK || zCsv) {
		if (!zCsv)
			unlink(zTmp);
		if (rc != HW_OK)
			return hw_cli_fail(pCli, rc, &err);
		if (!pCli->bJson)
			printf("wrote %ld fictional leads to %s\n", nRows, zCsv);
		else
			hw_cli_print_json(json_pack("{s:s,s:I}", "csv", zCsv, "rows",
						    (json_int_t)nRows));
		return 0;
	}

	hw_store *pStore;
	hw_import_opts opts = {.zFile = zTmp, .pClock = &pCli->clock};
	hw_import_rec rec = {0};
	if (hw_cli_open_store(pCli, &pStore) != HW_OK) {
		unlink(zTmp);
		return hw_cli_exit_code(HW_ESTORE);
	}
	rc = hw_import_run(pStore, &opts, &rec, &err);
	unlink(zTmp);
	hw_store_close(pStore);
	if (rc != HW_OK) {
		hw_import_rec_clear(&rec);
		return hw_cli_fail(pCli, rc, &err);
	}
	if (pCli->bJson)
		hw_cli_print_json(json_pack("{s:s,s:I,s:I,s:I,s:I}", "db", pCli->zDb, "import_id",
					    (json_int_t)rec.iId, "rows", (json_int_t)rec.nRows,
					    "imported", (json_int_t)rec.nImported, "merged",
					    (json_int_t)rec.nMerged));
	else
		printf("demo database %s: %lld fictional leads imported (%lld merged as "
		       "duplicates)\n",
		       pCli->zDb, rec.nImported, rec.nMerged);
	hw_import_rec_clear(&rec);
	return 0;
}
