/*
 * cmd_leads.c — looking at leads: 'hawser leads' (a list), 'hawser lead show
 * ID' (one lead with its phones and history) and 'hawser export' (all of them
 * as spreadsheet-safe CSV). They share the lead filter and the walk.
 */
#include "cli/cli.h"
#include "core/leadjson.h"
#include "io/csvout.h"

#include <stdio.h>  /* printf */
#include <stdlib.h> /* strtoll */
#include <string.h> /* strcmp */
#include <time.h>   /* gmtime_r */

typedef struct list_ctx {
	json_t *pArr; /* --json */
} list_ctx;

/* Print z cut or padded to nWidth characters (UTF-8 aware, so "Clément"
 * lines up with "Clement"). */
static void print_cell(const char *z, int nWidth)
{
	int nChar = 0;
	const char *zEnd = z;
	while (*zEnd && nChar < nWidth) {
		zEnd++;
		while ((*zEnd & 0xC0) == 0x80)
			zEnd++;
		nChar++;
	}
	printf("%.*s%*s ", (int)(zEnd - z), z, nWidth - nChar, "");
}

static int print_row(void *pCtx, const hw_lead *p)
{
	list_ctx *pC = pCtx;
	char zName[128];
	if (pC->pArr) {
		json_array_append_new(pC->pArr, hw_lead_to_json(p));
		return 0;
	}
	printf("%7lld  %-14s ", p->iId, hw_status_names[p->eStatus]);
	print_cell(hw_lead_display_name(p, zName, sizeof zName), 28);
	print_cell(p->azField[HW_F_COMPANY] ? p->azField[HW_F_COMPANY] : "", 24);
	printf("%-16s %s\n", p->nPhone ? p->aPhone[0].zE164 : "-",
	       p->zTimeZones ? p->zTimeZones : "location unknown");
	return 0;
}

/* Shared by leads and export: --status S. */
static int parse_status(hw_cli *pCli, const char *z, hw_lead_filter *pF)
{
	if (hw_status_parse(z, &pF->eStatus) != HW_OK) {
		hw_cli_usage(pCli, "--status '%s': use new, working, meeting, nurture, "
				   "disqualified or do_not_contact",
			     z);
		return 0;
	}
	pF->bStatus = 1;
	return 1;
}

int hw_cmd_leads(hw_cli *pCli)
{
	hw_lead_filter f = {.nLimit = 50};
	list_ctx c = {0};
	hw_store *pStore;
	const char *zVal;
	long long nTotal = 0;
	hw_rc rc;
	int m;

	for (int i = 1; i < pCli->argc; i++) {
		if ((m = hw_cli_opt(pCli, &i, "--status", &zVal)) != 0) {
			if (m < 0 || !parse_status(pCli, zVal, &f))
				return hw_cli_exit_code(HW_EUSAGE);
		} else if ((m = hw_cli_opt(pCli, &i, "--limit", &zVal)) != 0) {
			if (m < 0)
				return hw_cli_exit_code(HW_EUSAGE);
			char *zEnd;
			f.nLimit = strtol(zVal, &zEnd, 10);
			if (*zEnd || f.nLimit < 0)
				return hw_cli_usage(pCli, "--limit '%s': expected a number", zVal);
		} else if ((m = hw_cli_opt(pCli, &i, "--after", &zVal)) != 0) {
			if (m < 0)
				return hw_cli_exit_code(HW_EUSAGE);
			f.iAfterId = strtoll(zVal, NULL, 10);
		} else {
			return hw_cli_usage(pCli, "leads: unknown argument '%s'; see 'hawser help "
						  "leads'",
					    pCli->argv[i]);
		}
	}
	if (hw_cli_open_store(pCli, &pStore) != HW_OK)
		return hw_cli_exit_code(HW_ESTORE);
	if (pCli->bJson)
		c.pArr = json_array();
	rc = pStore->pMethods->xLeadCount(pStore, &f, &nTotal);
	if (rc == HW_OK)
		rc = pStore->pMethods->xLeadList(pStore, &f, print_row, &c);
	if (rc != HW_OK) {
		hw_err err;
		hw_err_set(&err, "cannot list leads: %s", hw_store_errmsg(pStore));
		json_decref(c.pArr);
		hw_store_close(pStore);
		return hw_cli_fail(pCli, rc, &err);
	}
	if (c.pArr)
		hw_cli_print_json(json_pack("{s:I,s:o}", "total", (json_int_t)nTotal, "leads", c.pArr));
	else if (nTotal == 0)
		printf("no leads%s; 'hawser import FILE' brings some in\n",
		       f.bStatus ? " with that status" : "");
	else
		printf("(%lld lead%s in all)\n", nTotal, nTotal == 1 ? "" : "s");
	hw_store_close(pStore);
	return 0;
}

static int print_touch(void *pCtx, const hw_touch_row *p)
{
	json_t *pArr = pCtx;
	char zAt[32];
	struct tm tm;
	time_t t = (time_t)p->tAt;
	gmtime_r(&t, &tm);
	strftime(zAt, sizeof zAt, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (pArr) {
		json_array_append_new(pArr, json_pack("{s:I,s:s,s:s,s:s,s:s?,s:s?}", "id",
						      (json_int_t)p->iId, "at", zAt, "channel",
						      p->zChannel, "outcome", p->zOutcome, "notes",
						      p->zNotes, "user", p->zUser));
	} else {
		printf("  %s  %-9s %-20s %s%s%s\n", zAt, p->zChannel, p->zOutcome,
		       p->zUser ? p->zUser : "", p->zNotes ? "  " : "", p->zNotes ? p->zNotes : "");
	}
	return 0;
}

int hw_cmd_lead(hw_cli *pCli)
{
	hw_store *pStore;
	hw_lead lead;
	long long iId;
	char *zEnd;
	hw_rc rc;
	hw_err err;

	if (pCli->argc != 3 || strcmp(pCli->argv[1], "show") != 0)
		return hw_cli_usage(pCli, "usage: hawser lead show ID");
	iId = strtoll(pCli->argv[2], &zEnd, 10);
	if (*zEnd || iId <= 0)
		return hw_cli_usage(pCli, "lead show '%s': expected a lead id (a positive number)",
				    pCli->argv[2]);
	if (hw_cli_open_store(pCli, &pStore) != HW_OK)
		return hw_cli_exit_code(HW_ESTORE);
	rc = pStore->pMethods->xLeadLoad(pStore, iId, &lead);
	if (rc != HW_OK) {
		hw_err_set(&err, rc == HW_ENOTFOUND ? "there is no lead %lld; 'hawser leads' lists them"
						    : "cannot load lead %lld",
			   iId);
		hw_store_close(pStore);
		return hw_cli_fail(pCli, rc, &err);
	}
	if (pCli->bJson) {
		json_t *pObj = hw_lead_to_json(&lead), *pT = json_array();
		rc = pStore->pMethods->xTouchList(pStore, iId, print_touch, pT);
		json_object_set_new(pObj, "touches", pT);
		hw_cli_print_json(pObj);
	} else {
		char zName[128];
		printf("lead %lld: %s\n", lead.iId, hw_lead_display_name(&lead, zName, sizeof zName));
		for (int i = 0; i < HW_F_COUNT; i++) {
			if (lead.azField[i] && i != HW_F_FULL_NAME)
				printf("  %-12s %s\n", hw_lead_fields[i].zName, lead.azField[i]);
		}
		printf("  %-12s %s\n", "status", hw_status_names[lead.eStatus]);
		if (lead.bDoNotCall)
			printf("  %-12s yes\n", "do_not_call");
		if (lead.zTimeZones)
			printf("  %-12s %s (from the %s)\n", "time zones", lead.zTimeZones,
			       strcmp(lead.zTzSource ? lead.zTzSource : "", "explicit") == 0
				       ? "list's time-zone column"
				       : lead.zTzSource ? lead.zTzSource : "?");
		else
			printf("  %-12s location unknown: never callable until a zone is known\n",
			       "time zones");
		for (int i = 0; i < lead.nPhone; i++) {
			const hw_lead_phone *pP = &lead.aPhone[i];
			printf("  %-12s %s%s%s  %s, %s%s  (as written: %s)\n",
			       hw_phone_kind_names[pP->eKind], pP->zE164, pP->zExt[0] ? " ext. " : "",
			       pP->zExt, pP->zType, pP->bValid ? "valid" : "NOT VALID",
			       pP->bSuppressed ? ", DO NOT CALL" : "", pP->zRaw ? pP->zRaw : "");
		}
		if (lead.zCustom)
			printf("  %-12s %s\n", "custom", lead.zCustom);
		printf("history:\n");
		rc = pStore->pMethods->xTouchList(pStore, iId, print_touch, NULL);
	}
	hw_lead_clear(&lead);
	hw_store_close(pStore);
	return hw_cli_exit_code(rc);
}

typedef struct export_ctx {
	FILE *pOut;
} export_ctx;

static int export_row(void *pCtx, const hw_lead *p)
{
	export_ctx *pC = pCtx;
	char zId[24];
	snprintf(zId, sizeof zId, "%lld", p->iId);
	hw_csvout_cell(pC->pOut, zId, 1);
	hw_csvout_cell(pC->pOut, hw_status_names[p->eStatus], 0);
	for (int i = 0; i < HW_F_COUNT; i++)
		hw_csvout_cell(pC->pOut, p->azField[i], 0);
	/* One column per phone kind: the first number of that kind. */
	for (int k = 0; k < HW_PK_COUNT; k++) {
		const char *z = NULL;
		for (int i = 0; i < p->nPhone && !z; i++)
			if (p->aPhone[i].eKind == (hw_phone_kind)k)
				z = p->aPhone[i].zE164;
		hw_csvout_cell(pC->pOut, z, 0);
	}
	hw_csvout_cell(pC->pOut, p->zTimeZones, 0);
	hw_csvout_cell(pC->pOut, p->bDoNotCall ? "yes" : "no", 0);
	hw_csvout_end(pC->pOut);
	return ferror(pC->pOut) != 0;
}

int hw_cmd_export(hw_cli *pCli)
{
	hw_lead_filter f = {0};
	export_ctx c = {.pOut = stdout};
	const char *zVal, *zOut = NULL;
	hw_store *pStore;
	hw_rc rc;
	int m;

	for (int i = 1; i < pCli->argc; i++) {
		if ((m = hw_cli_opt(pCli, &i, "--status", &zVal)) != 0) {
			if (m < 0 || !parse_status(pCli, zVal, &f))
				return hw_cli_exit_code(HW_EUSAGE);
		} else if ((m = hw_cli_opt(pCli, &i, "--out", &zVal)) != 0) {
			if (m < 0)
				return hw_cli_exit_code(HW_EUSAGE);
			zOut = zVal;
		} else {
			return hw_cli_usage(pCli, "export: unknown argument '%s'; see 'hawser help "
						  "export'",
					    pCli->argv[i]);
		}
	}
	if (hw_cli_open_store(pCli, &pStore) != HW_OK)
		return hw_cli_exit_code(HW_ESTORE);
	if (zOut && !(c.pOut = fopen(zOut, "w"))) {
		hw_err err;
		hw_err_at(&err, zOut, 0, 0, NULL, "cannot write the export: %m");
		hw_store_close(pStore);
		return hw_cli_fail(pCli, HW_EIO, &err);
	}
	hw_csvout_cell(c.pOut, "id", 1);
	hw_csvout_cell(c.pOut, "status", 0);
	for (int i = 0; i < HW_F_COUNT; i++)
		hw_csvout_cell(c.pOut, hw_lead_fields[i].zName, 0);
	for (int k = 0; k < HW_PK_COUNT; k++)
		hw_csvout_cell(c.pOut, hw_phone_kind_names[k], 0);
	hw_csvout_cell(c.pOut, "time_zones", 0);
	hw_csvout_cell(c.pOut, "do_not_call", 0);
	hw_csvout_end(c.pOut);
	rc = pStore->pMethods->xLeadList(pStore, &f, export_row, &c);
	if (fflush(c.pOut) != 0 || ferror(c.pOut))
		rc = HW_EIO;
	if (zOut && fclose(c.pOut) != 0)
		rc = HW_EIO;
	hw_store_close(pStore);
	if (rc != HW_OK) {
		hw_err err;
		hw_err_at(&err, zOut ? zOut : "<stdout>", 0, 0, NULL, "export failed");
		return hw_cli_fail(pCli, rc, &err);
	}
	return 0;
}
