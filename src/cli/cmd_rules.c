/*
 * cmd_rules.c — the team's rules as text: the cadence, the calling policy and
 * the ICP rules. 'show' prints what is in force (the stored text, else the
 * shipped default), 'check FILE' reports the first error as FILE:LINE, 'load
 * FILE' checks and then stores it (audited).
 */
#include "cli/cli.h"
#include "core/cadence.h"
#include "core/icp.h"
#include "core/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum rules_kind { RULES_CADENCE, RULES_POLICY, RULES_ICP } rules_kind;

static const char *const azKind[] = {"cadence", "policy", "icp"};

/* Parse zText as rules of kind e; the parsed value is thrown away. */
static hw_rc check_text(rules_kind e, const char *zText, const char *zFile, char *zName,
			size_t nName, hw_err *pErr)
{
	hw_rc rc;
	if (e == RULES_CADENCE) {
		hw_cadence *p = malloc(sizeof *p);
		if (!p)
			return HW_ENOMEM;
		rc = hw_cadence_parse(zText, zFile, p, pErr);
		if (rc == HW_OK)
			snprintf(zName, nName, "%s", p->zName);
		free(p);
	} else if (e == RULES_POLICY) {
		hw_policy *p = malloc(sizeof *p);
		if (!p)
			return HW_ENOMEM;
		rc = hw_policy_parse(zText, zFile, p, pErr);
		free(p);
	} else {
		hw_icp *p = NULL;
		rc = hw_icp_parse(zText, zFile, &p, pErr);
		hw_icp_free(p);
	}
	return rc;
}

static char *read_file(const char *zPath, hw_err *pErr)
{
	FILE *f = fopen(zPath, "rb");
	char *z = NULL;
	long n;
	if (!f) {
		hw_err_at(pErr, zPath, 0, 0, NULL, "cannot open the file; check the path");
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n < (1 << 20) &&
	    fseek(f, 0, SEEK_SET) == 0 && (z = malloc((size_t)n + 1)) != NULL) {
		if (fread(z, 1, (size_t)n, f) != (size_t)n) {
			free(z);
			z = NULL;
		} else {
			z[n] = 0;
			if (strlen(z) != (size_t)n) {
				free(z);
				z = NULL;
				hw_err_at(pErr, zPath, 0, 0, NULL, "the file holds NUL bytes: not a text file");
				fclose(f);
				return NULL;
			}
		}
	}
	if (!z)
		hw_err_at(pErr, zPath, 0, 0, NULL, "cannot read the file (larger than 1 MB?)");
	fclose(f);
	return z;
}

static int run_rules(hw_cli *pCli, rules_kind e)
{
	const char *zSub = pCli->argc > 1 ? pCli->argv[1] : "";
	hw_store *pStore = NULL;
	char zName[64] = "", *zText = NULL;
	long long iId = 0;
	hw_err err;
	hw_rc rc = HW_OK;

	hw_err_clear(&err);
	if (strcmp(zSub, "show") == 0 && pCli->argc == 2) {
		const char *zDefault = e == RULES_CADENCE  ? hw_cadence_default_text
				       : e == RULES_POLICY ? hw_policy_default_text
							   : hw_icp_default_text;
		if (hw_cli_open_store(pCli, &pStore) != HW_OK)
			return hw_cli_exit_code(HW_ESTORE);
		rc = e == RULES_CADENCE ? pStore->pMethods->xCadenceGet(pStore, NULL, &iId, &zText)
					: pStore->pMethods->xSettingGet(pStore, azKind[e], &zText);
		if (rc == HW_OK || rc == HW_ENOTFOUND) {
			const char *z = zText ? zText : zDefault;
			if (pCli->bJson)
				hw_cli_print_json(json_pack("{s:s,s:b,s:s}", "kind", azKind[e], "stored",
							    zText != NULL, "text", z));
			else
				fputs(z, stdout);
			rc = HW_OK;
		} else {
			hw_err_set(&err, "cannot read the %s: %s", azKind[e], hw_store_errmsg(pStore));
			hw_cli_fail(pCli, rc, &err);
		}
		free(zText);
		hw_store_close(pStore);
		return hw_cli_exit_code(rc);
	}
	if ((strcmp(zSub, "check") != 0 && strcmp(zSub, "load") != 0) || pCli->argc != 3)
		return hw_cli_usage(pCli, "usage: hawser %s show | check FILE | load FILE", azKind[e]);
	if (!(zText = read_file(pCli->argv[2], &err)))
		return hw_cli_fail(pCli, HW_EIO, &err);
	if ((rc = check_text(e, zText, pCli->argv[2], zName, sizeof zName, &err)) != HW_OK) {
		free(zText);
		return hw_cli_fail(pCli, rc, &err);
	}
	if (strcmp(zSub, "check") == 0) {
		free(zText);
		if (pCli->bJson)
			hw_cli_print_json(json_pack("{s:s,s:b}", "file", pCli->argv[2], "ok", 1));
		else
			printf("%s: a valid %s\n", pCli->argv[2], azKind[e]);
		return 0;
	}
	if (hw_cli_open_store(pCli, &pStore) != HW_OK) {
		free(zText);
		return hw_cli_exit_code(HW_ESTORE);
	}
	hw_time tNow = hw_clock_now(&pCli->clock);
	if ((rc = hw_store_begin(pStore, 1)) == HW_OK) {
		if (e == RULES_CADENCE)
			rc = pStore->pMethods->xCadenceSet(pStore, zName, zText, 1, tNow, &iId);
		else
			rc = pStore->pMethods->xSettingSet(pStore, azKind[e], zText, tNow);
		if (rc == HW_OK)
			rc = pStore->pMethods->xAudit(pStore, tNow, 0, "rules_load", azKind[e], iId, NULL);
		rc = rc == HW_OK ? hw_store_commit(pStore) : rc;
		if (rc != HW_OK)
			hw_store_rollback(pStore);
	}
	if (rc != HW_OK) {
		hw_err_set(&err, "cannot store the %s: %s", azKind[e], hw_store_errmsg(pStore));
		hw_cli_fail(pCli, rc, &err);
	} else if (pCli->bJson) {
		hw_cli_print_json(json_pack("{s:s,s:s,s:b}", "kind", azKind[e], "file", pCli->argv[2],
					    "loaded", 1));
	} else {
		printf("%s loaded from %s%s%s; it applies from the next touch\n", azKind[e],
		       pCli->argv[2], zName[0] ? " as " : "", zName);
	}
	free(zText);
	hw_store_close(pStore);
	return hw_cli_exit_code(rc);
}

int hw_cmd_cadence(hw_cli *pCli)
{
	return run_rules(pCli, RULES_CADENCE);
}

int hw_cmd_policy(hw_cli *pCli)
{
	return run_rules(pCli, RULES_POLICY);
}

int hw_cmd_icp(hw_cli *pCli)
{
	return run_rules(pCli, RULES_ICP);
}
