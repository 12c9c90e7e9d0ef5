/*
 * cmd_dnc.c — do-not-call and compliance from the terminal: the national
 * registries (load, status, config), the internal list (check, add,
 * remove), consents, verified caller IDs and the call records an audit asks
 * for. Decisions are in core/compliance.c and core/registry.c; the index in
 * io/dnc.c.
 */
#include "cli/cli.h"
#include "cli/work_cli.h"
#include "core/compliance.h"
#include "io/dnc_set.h"
#include "io/phone.h"
#include "io/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DAY 86400

static void day_str(hw_time t, char z[16])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(z, 16, "%Y-%m-%d", &tm);
}

/* YYYY-MM-DD as midnight UTC. */
static int parse_day(const char *z, hw_time *pt)
{
	struct tm tm;
	char *zEnd;
	memset(&tm, 0, sizeof tm);
	if (!(zEnd = strptime(z, "%Y-%m-%d", &tm)) || *zEnd)
		return 0;
	*pt = (hw_time)timegm(&tm);
	return 1;
}

/* A number as a user types it ("(212) 555-0100", "+44 20 …") into E.164. */
static hw_rc parse_number(hw_cli *pCli, const char *z, const char *zRegion, char zOut[24])
{
	hw_phone ph;
	char zWhy[200];
	hw_err err;
	hw_err_clear(&err);
	if (hw_phone_parse(z, zRegion ? zRegion : "US", &ph, zWhy, sizeof zWhy) != HW_OK ||
	    !ph.zE164[0]) {
		hw_err_at(&err, NULL, 0, 0, "number", "'%s' is not a phone number: %s", z, zWhy);
		hw_cli_fail(pCli, HW_EUSAGE, &err);
		return HW_EUSAGE;
	}
	memcpy(zOut, ph.zE164, 24);
	return HW_OK;
}

/* --user LOGIN into an id (0 when not given and not required). */
static hw_rc acting_user(hw_cli *pCli, hw_store *pStore, const char *zLogin, int bRequired,
			 hw_user *pU)
{
	memset(pU, 0, sizeof *pU);
	if (!zLogin && !bRequired)
		return HW_OK;
	return hw_cli_user(pCli, pStore, zLogin, pU);
}

/* ---- dnc load ---- */

typedef struct load_bar {
	hw_progress *p;
	int iPhase;
} load_bar;

static void load_progress(void *pCtx, int iPhase, int iFile, uint64_t nDone, uint64_t nTotal)
{
	load_bar *b = pCtx;
	(void)iFile;
	if (iPhase != b->iPhase) {
		hw_progress_finish(b->p);
		b->p = hw_progress_start("scrubbing");
		b->iPhase = iPhase;
	}
	hw_progress_update(b->p, (long long)nDone, (long long)nTotal, 0);
}

static int dnc_load(hw_cli *pCli)
{
	const char *zList = "us", *zDate = NULL, *zUser = NULL;
	const char *azFile[HW_DNC_LOAD_FILES];
	hw_dnc_mode eMode = HW_DNC_AUTO;
	hw_dnc_load_result *pRes = NULL;
	char zDay[16];
	hw_store *pStore = NULL;
	hw_time tCopy;
	hw_user u;
	hw_err err;
	load_bar bar = {NULL, 0};
	int nFile = 0, ret = 0;
	hw_rc rc;

	hw_err_clear(&err);
	for (int i = 2; i < pCli->argc; i++) {
		const char *z = pCli->argv[i];
		int r;
		if (!strcmp(z, "--full") || !strcmp(z, "--change") || !strcmp(z, "--additions") ||
		    !strcmp(z, "--deletions")) {
			eMode = z[2] == 'f' ? HW_DNC_FULL
				: z[2] == 'c' ? HW_DNC_CHANGE
				: z[2] == 'a' ? HW_DNC_ADD
					      : HW_DNC_DELETE;
			continue;
		}
		if ((r = hw_cli_opt(pCli, &i, "--list", &zList)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--date", &zDate)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--user", &zUser)) == 0) {
			if (z[0] == '-')
				return hw_cli_usage(pCli, "dnc load: unknown option '%s'", z);
			if (nFile == HW_DNC_LOAD_FILES)
				return hw_cli_usage(pCli, "dnc load: at most %d files at once",
						    HW_DNC_LOAD_FILES);
			azFile[nFile++] = z;
		}
		if (r < 0)
			return hw_cli_exit_code(HW_EUSAGE);
	}
	if (nFile == 0)
		return hw_cli_usage(pCli, "usage: hawser dnc load FILE... [--list us|ca] [--date "
					  "YYYY-MM-DD] [--full|--change|--additions|--deletions]");
	if (!hw_dnc_list_find(zList))
		return hw_cli_usage(pCli, "dnc load: --list '%s': use us or ca", zList);
	tCopy = hw_clock_now(&pCli->clock) / DAY * DAY;
	if (zDate && !parse_day(zDate, &tCopy))
		return hw_cli_usage(pCli, "dnc load: --date '%s': expected YYYY-MM-DD, the day the "
					  "registry copy was downloaded",
				    zDate);
	if (tCopy > hw_clock_now(&pCli->clock))
		return hw_cli_usage(pCli, "dnc load: --date %s is in the future", zDate);
	if (!(pRes = calloc(1, sizeof *pRes)))
		return hw_cli_exit_code(HW_ENOMEM);
	if ((rc = hw_cli_open_store(pCli, &pStore)) != HW_OK) {
		free(pRes);
		return hw_cli_exit_code(rc);
	}
	if ((rc = acting_user(pCli, pStore, zUser, 0, &u)) != HW_OK) {
		ret = hw_cli_exit_code(rc);
		goto done;
	}
	bar.p = hw_progress_start("loading");
	rc = hw_dnc_load_files(pCli->zDb, pStore, zList, azFile, nFile, eMode, tCopy, u.iId,
			       hw_clock_now(&pCli->clock), load_progress, &bar, pRes, &err);
	hw_progress_finish(bar.p);
	if (rc != HW_OK) {
		ret = hw_cli_fail(pCli, rc, &err);
		goto done;
	}
	day_str(tCopy, zDay);
	if (pCli->bJson) {
		json_t *pF = json_array();
		for (int i = 0; i < nFile; i++) {
			const hw_dnc_load_stats *st = &pRes->aFile[i];
			json_array_append_new(pF, json_pack("{s:s,s:s,s:I,s:I,s:I,s:i}", "file", azFile[i],
							    "kind", st->bChangeList ? "change" : "full",
							    "lines", (json_int_t)st->nLines, "added",
							    (json_int_t)st->nAdded, "deleted",
							    (json_int_t)st->nDeleted,
							    "area_codes_replaced", st->nNpaReplaced));
		}
		hw_cli_print_json(json_pack("{s:s,s:s,s:s,s:o,s:I,s:I,s:i,s:I,s:{s:I,s:I,s:I}}", "list",
					    zList, "index", pRes->zIndex, "copy_date", zDay, "files",
					    pF, "numbers", (json_int_t)pRes->info.nNumbers, "exchanges",
					    (json_int_t)pRes->info.nExchanges, "area_codes",
					    pRes->info.nNpa, "bytes", (json_int_t)pRes->info.nBytes,
					    "scrub", "numbers", (json_int_t)pRes->scrub.nNumbers,
					    "listed", (json_int_t)pRes->scrub.nListed, "changed",
					    (json_int_t)pRes->scrub.nChanged));
	} else {
		for (int i = 0; i < nFile; i++) {
			const hw_dnc_load_stats *st = &pRes->aFile[i];
			printf("%s: %s list, %llu numbers (%llu added, %llu deleted%s)\n", azFile[i],
			       st->bChangeList ? "change" : "full", (unsigned long long)st->nLines,
			       (unsigned long long)st->nAdded, (unsigned long long)st->nDeleted,
			       st->nNpaReplaced ? ", its area codes replaced" : "");
		}
		printf("%s copy of %s: %llu numbers in %d area codes, %.1f MB index %s\n",
		       hw_dnc_list_find(zList)->zName, zDay, (unsigned long long)pRes->info.nNumbers,
		       pRes->info.nNpa, (double)pRes->info.nBytes / 1e6, pRes->zIndex);
		printf("scrubbed %lld lead numbers: %lld on the registry, %lld flags changed\n",
		       pRes->scrub.nNumbers, pRes->scrub.nListed, pRes->scrub.nChanged);
	}
done:
	free(pRes);
	hw_store_close(pStore);
	return ret;
}

/* ---- dnc check ---- */

static int dnc_check(hw_cli *pCli)
{
	const char *zNum = NULL, *zRegion = NULL;
	char zE164[24], zDay[16], zWhy[64];
	hw_store *pStore;
	hw_work w;
	hw_phone ph;
	hw_dnc_verdict v;
	hw_err err;
	hw_rc rc;

	for (int i = 2; i < pCli->argc; i++) {
		int r = hw_cli_opt(pCli, &i, "--region", &zRegion);
		if (r < 0)
			return hw_cli_exit_code(HW_EUSAGE);
		if (r == 0 && !zNum && pCli->argv[i][0] != '-')
			zNum = pCli->argv[i];
		else if (r == 0)
			return hw_cli_usage(pCli, "dnc check: unexpected '%s'", pCli->argv[i]);
	}
	if (!zNum)
		return hw_cli_usage(pCli, "usage: hawser dnc check NUMBER [--region R]");
	if (parse_number(pCli, zNum, zRegion, zE164) != HW_OK)
		return hw_cli_exit_code(HW_EUSAGE);
	if (hw_phone_parse(zE164, NULL, &ph, zWhy, sizeof zWhy) != HW_OK)
		ph.zRegion[0] = 0;
	if ((rc = hw_cli_open_all(pCli, &pStore, &w)) != HW_OK)
		return hw_cli_exit_code(rc);
	hw_err_clear(&err);
	if ((rc = hw_dnc_check(&w, zE164, ph.zRegion, &v, &err)) != HW_OK) {
		hw_cli_fail(pCli, rc, &err);
	} else if (pCli->bJson) {
		hw_cli_print_json(hw_dnc_verdict_json(&v));
	} else {
		printf("%s: %s\n", zE164, v.bMayCall ? "may be called" : "MAY NOT BE CALLED");
		if (v.bInternal) {
			day_str(v.internal.tAt, zDay);
			printf("  internal list: yes, since %s (%s%s%s)\n", zDay, v.internal.zSource,
			       v.internal.zReason[0] ? ": " : "", v.internal.zReason);
		} else {
			printf("  internal list: no\n");
		}
		if (v.scrub.hit.eState == HW_REG_NONE) {
			printf("  national registry: no loaded copy covers this number\n");
		} else if (v.scrub.eVerdict == HW_SCRUB_OK) {
			day_str(v.scrub.hit.tCopy, zDay);
			printf("  national registry: not listed (copy of %s)\n", zDay);
		} else {
			printf("  national registry: %s\n", v.zText);
		}
		for (int i = 0; i < v.nConsent; i++) {
			const hw_consent *c = &v.aConsent[i];
			char zG[16];
			day_str(c->tGiven, zG);
			printf("  consent %lld: %s, given %s%s (%s)\n", c->iId, c->zType, zG,
			       c->tRevoked ? ", revoked" : "", c->zSource);
		}
		printf("  leads with this number: %d", v.nLead);
		for (int i = 0; i < v.nLead; i++)
			printf("%s%lld", i ? ", " : " (", v.aLead[i]);
		printf("%s\n", v.nLead ? ")" : "");
	}
	hw_work_close(&w);
	hw_store_close(pStore);
	return hw_cli_exit_code(rc);
}

/* ---- dnc add / remove ---- */

static int dnc_change(hw_cli *pCli, int bAdd)
{
	const char *zNum = NULL, *zUser = NULL, *zReason = NULL, *zRegion = NULL;
	char zE164[24];
	hw_store *pStore;
	hw_work w;
	hw_user u;
	hw_dnc_change ch;
	hw_err err;
	hw_rc rc;

	for (int i = 2; i < pCli->argc; i++) {
		int r;
		if ((r = hw_cli_opt(pCli, &i, "--user", &zUser)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--reason", &zReason)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--region", &zRegion)) == 0) {
			if (zNum || pCli->argv[i][0] == '-')
				return hw_cli_usage(pCli, "dnc %s: unexpected '%s'",
						    bAdd ? "add" : "remove", pCli->argv[i]);
			zNum = pCli->argv[i];
		}
		if (r < 0)
			return hw_cli_exit_code(HW_EUSAGE);
	}
	if (!zNum)
		return hw_cli_usage(pCli, bAdd ? "usage: hawser dnc add NUMBER --user U [--reason TEXT]"
					       : "usage: hawser dnc remove NUMBER --user ADMIN --reason "
						 "TEXT");
	if (parse_number(pCli, zNum, zRegion, zE164) != HW_OK)
		return hw_cli_exit_code(HW_EUSAGE);
	if ((rc = hw_cli_open_all(pCli, &pStore, &w)) != HW_OK)
		return hw_cli_exit_code(rc);
	hw_err_clear(&err);
	if ((rc = acting_user(pCli, pStore, zUser, 1, &u)) == HW_OK) {
		rc = bAdd ? hw_dnc_add(&w, zE164, u.iId, zReason, &ch, &err)
			  : hw_dnc_remove(&w, zE164, u.iId, zReason, &ch, &err);
		if (rc != HW_OK)
			hw_cli_fail(pCli, rc, &err);
	}
	if (rc == HW_OK && pCli->bJson)
		hw_cli_print_json(json_pack("{s:s,s:s,s:b,s:i,s:i,s:i}", "number", zE164, "action",
					    bAdd ? "added" : "removed", "was_listed", ch.bWas,
					    "leads", ch.nLeads, "numbers", ch.nNumbers,
					    bAdd ? "tasks_ended" : "calls_planned", ch.nTasks));
	else if (rc == HW_OK && bAdd)
		printf("%s is on the do-not-call list%s; %d lead%s with it: %d more number%s "
		       "listed, %d task%s ended\n",
		       zE164, ch.bWas ? " (it was already)" : "", ch.nLeads, ch.nLeads == 1 ? "" : "s",
		       ch.nNumbers, ch.nNumbers == 1 ? "" : "s", ch.nTasks, ch.nTasks == 1 ? "" : "s");
	else if (rc == HW_OK)
		printf("%s is off the internal do-not-call list (audited); %d lead%s with it back "
		       "in the rotation, a call planned for %d\n",
		       zE164, ch.nLeads, ch.nLeads == 1 ? "" : "s", ch.nTasks);
	hw_work_close(&w);
	hw_store_close(pStore);
	return hw_cli_exit_code(rc);
}

/* ---- dnc status / config ---- */

typedef struct loads_ctx {
	json_t *pArr;
	int n;
} loads_ctx;

static int loads_cb(void *pv, const hw_dnc_load_rec *r)
{
	loads_ctx *c = pv;
	char zC[16], zL[32];
	day_str(r->tCopy, zC);
	hw_iso(r->tLoaded, zL);
	json_array_append_new(c->pArr, json_pack("{s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:I}", "list",
						 r->zList, "file", r->zFile, "kind",
						 r->bChange ? "change" : "full", "copy_date", zC,
						 "lines", (json_int_t)r->nLines, "added",
						 (json_int_t)r->nAdded, "deleted",
						 (json_int_t)r->nDeleted, "numbers",
						 (json_int_t)r->nNumbers));
	json_object_set_new(json_array_get(c->pArr, json_array_size(c->pArr) - 1), "loaded_at",
			    json_string(zL));
	return ++c->n == 10;
}

static int dnc_status(hw_cli *pCli)
{
	hw_store *pStore;
	hw_work w;
	json_t *pLists = json_array();
	loads_ctx lc = {json_array(), 0};
	long long nInternal = 0;
	hw_time tNow = hw_clock_now(&pCli->clock);
	hw_rc rc;

	if ((rc = hw_cli_open_all(pCli, &pStore, &w)) != HW_OK) {
		json_decref(pLists);
		json_decref(lc.pArr);
		return hw_cli_exit_code(rc);
	}
	(void)pStore->pMethods->xSuppressionCount(pStore, &nInternal);
	(void)pStore->pMethods->xDncLoadList(pStore, NULL, loads_cb, &lc);
	for (int i = 0; hw_dnc_lists[i].zList; i++) {
		const hw_dnc_index *pIdx = hw_dnc_set_index(pCli->pDnc, hw_dnc_lists[i].zList);
		hw_dnc_info info;
		char zO[16], zN[16], zPath[4096];
		json_t *pL;
		int nAge;
		hw_dnc_path(pCli->zDb, hw_dnc_lists[i].zList, zPath, sizeof zPath);
		if (!pIdx) {
			json_array_append_new(pLists, json_pack("{s:s,s:s,s:b}", "list",
								hw_dnc_lists[i].zList, "name",
								hw_dnc_lists[i].zName, "loaded", 0));
			if (!pCli->bJson)
				printf("%s: no copy loaded (its numbers are not checked; 'hawser dnc "
				       "load FILE --list %s')\n",
				       hw_dnc_lists[i].zName, hw_dnc_lists[i].zList);
			continue;
		}
		hw_dnc_info_get(pIdx, &info);
		day_str(info.tOldest, zO);
		day_str(info.tNewest, zN);
		nAge = hw_dnc_age_days(info.tOldest, tNow);
		pL = json_pack("{s:s,s:s,s:b,s:s,s:I,s:I,s:i,s:s,s:s,s:i,s:i,s:b}", "list",
			       hw_dnc_lists[i].zList, "name", hw_dnc_lists[i].zName, "loaded", 1,
			       "index", zPath, "numbers", (json_int_t)info.nNumbers, "bytes",
			       (json_int_t)info.nBytes, "area_codes", info.nNpa, "oldest_copy", zO,
			       "newest_copy", zN, "age_days", nAge, "max_age_days", w.nDncMaxAge,
			       "stale", nAge > w.nDncMaxAge);
		json_array_append_new(pLists, pL);
		if (!pCli->bJson) {
			printf("%s: %llu numbers, %d area codes, copy of %s%s%s (%d day%s old; good "
			       "for %d)\n",
			       hw_dnc_lists[i].zName, (unsigned long long)info.nNumbers, info.nNpa, zO,
			       strcmp(zO, zN) ? " to " : "", strcmp(zO, zN) ? zN : "", nAge,
			       nAge == 1 ? "" : "s", w.nDncMaxAge);
			if (nAge > w.nDncMaxAge)
				printf("  STALE: its numbers are not offered until a fresh copy is "
				       "loaded ('hawser dnc load')\n");
		}
	}
	if (pCli->bJson) {
		hw_cli_print_json(json_pack("{s:o,s:I,s:i,s:o}", "registries", pLists, "internal",
					    (json_int_t)nInternal, "max_age_days", w.nDncMaxAge,
					    "loads", lc.pArr));
	} else {
		printf("internal do-not-call list: %lld entr%s\n", nInternal,
		       nInternal == 1 ? "y" : "ies");
		for (size_t i = 0; i < json_array_size(lc.pArr); i++) {
			json_t *l = json_array_get(lc.pArr, i);
			printf("  loaded %s: %s %s list %s, copy of %s\n",
			       json_string_value(json_object_get(l, "loaded_at")),
			       json_string_value(json_object_get(l, "list")),
			       json_string_value(json_object_get(l, "kind")),
			       json_string_value(json_object_get(l, "file")),
			       json_string_value(json_object_get(l, "copy_date")));
		}
		json_decref(pLists);
		json_decref(lc.pArr);
	}
	hw_work_close(&w);
	hw_store_close(pStore);
	return 0;
}

static int dnc_config(hw_cli *pCli)
{
	const char *zAge = NULL;
	hw_store *pStore;
	hw_rc rc;
	int n;
	for (int i = 2; i < pCli->argc; i++) {
		int r = hw_cli_opt(pCli, &i, "--max-age", &zAge);
		if (r < 0)
			return hw_cli_exit_code(HW_EUSAGE);
		if (r == 0)
			return hw_cli_usage(pCli, "dnc config: unknown argument '%s'", pCli->argv[i]);
	}
	n = zAge ? atoi(zAge) : 0;
	if (!zAge || n < 1 || n > 31)
		return hw_cli_usage(pCli, "usage: hawser dnc config --max-age DAYS (1 to 31: the "
					  "Telemarketing Sales Rule allows a copy at most 31 days)");
	if ((rc = hw_cli_open_store(pCli, &pStore)) != HW_OK)
		return hw_cli_exit_code(rc);
	{
		char z[16];
		snprintf(z, sizeof z, "%d", n);
		if ((rc = hw_store_begin(pStore, 1)) == HW_OK &&
		    (rc = pStore->pMethods->xSettingSet(pStore, "dnc_max_age_days", z,
							hw_clock_now(&pCli->clock))) == HW_OK)
			rc = hw_store_commit(pStore);
		if (rc != HW_OK) {
			hw_err err;
			hw_store_rollback(pStore);
			hw_err_set(&err, "cannot save the setting: %s", hw_store_errmsg(pStore));
			hw_store_close(pStore);
			return hw_cli_fail(pCli, rc, &err);
		}
	}
	hw_store_close(pStore);
	if (pCli->bJson)
		hw_cli_print_json(json_pack("{s:i}", "max_age_days", n));
	else
		printf("registry copies are good for %d days\n", n);
	return 0;
}

int hw_cmd_dnc(hw_cli *pCli)
{
	const char *z = pCli->argc > 1 ? pCli->argv[1] : "";
	if (!strcmp(z, "load"))
		return dnc_load(pCli);
	if (!strcmp(z, "check"))
		return dnc_check(pCli);
	if (!strcmp(z, "add"))
		return dnc_change(pCli, 1);
	if (!strcmp(z, "remove"))
		return dnc_change(pCli, 0);
	if (!strcmp(z, "status"))
		return dnc_status(pCli);
	if (!strcmp(z, "config"))
		return dnc_config(pCli);
	return hw_cli_usage(pCli, "usage: hawser dnc load FILE... | check NUMBER | add NUMBER | "
				  "remove NUMBER | status | config --max-age DAYS");
}

/* ---- consent ---- */

typedef struct clist_ctx {
	hw_cli *pCli;
	json_t *pArr;
} clist_ctx;

static int consent_list_cb(void *pv, const hw_consent *c)
{
	clist_ctx *x = pv;
	char zG[16], zE[16] = "until revoked", zR[16] = "";
	day_str(c->tGiven, zG);
	if (c->tExpires)
		day_str(c->tExpires, zE);
	if (c->tRevoked)
		day_str(c->tRevoked, zR);
	if (x->pArr)
		json_array_append_new(x->pArr,
				      json_pack("{s:I,s:s,s:I,s:s,s:s,s:s,s:s?,s:s?}", "id",
						(json_int_t)c->iId, "number", c->zE164, "lead",
						(json_int_t)c->iLead, "type", c->zType, "source",
						c->zSource, "given", zG, "expires",
						c->tExpires ? zE : NULL, "revoked", c->tRevoked ? zR : NULL));
	else
		printf("%lld  %-14s %-13s given %s, %s%s%s  (%s)\n", c->iId, c->zE164, c->zType, zG,
		       c->tRevoked ? "revoked " : c->tExpires ? "until " : "",
		       c->tRevoked ? zR : zE, "", c->zSource);
	return 0;
}

int hw_cmd_consent(hw_cli *pCli)
{
	const char *zSub = pCli->argc > 1 ? pCli->argv[1] : "", *zType = NULL, *zSource = NULL,
		   *zDate = NULL, *zUser = NULL, *zArg = NULL;
	char zE164[24] = "";
	hw_store *pStore;
	hw_work w;
	hw_user u;
	hw_err err;
	hw_rc rc;

	if (strcmp(zSub, "add") && strcmp(zSub, "list") && strcmp(zSub, "revoke"))
		return hw_cli_usage(pCli, "usage: hawser consent add NUMBER --type T --source S "
					  "[--date YYYY-MM-DD] --user U | list [NUMBER] | revoke ID "
					  "--user U");
	for (int i = 2; i < pCli->argc; i++) {
		int r;
		if ((r = hw_cli_opt(pCli, &i, "--type", &zType)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--source", &zSource)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--date", &zDate)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--user", &zUser)) == 0) {
			if (zArg || pCli->argv[i][0] == '-')
				return hw_cli_usage(pCli, "consent %s: unexpected '%s'", zSub,
						    pCli->argv[i]);
			zArg = pCli->argv[i];
		}
		if (r < 0)
			return hw_cli_exit_code(HW_EUSAGE);
	}
	if (zArg && strcmp(zSub, "revoke") && parse_number(pCli, zArg, NULL, zE164) != HW_OK)
		return hw_cli_exit_code(HW_EUSAGE);
	if ((rc = hw_cli_open_all(pCli, &pStore, &w)) != HW_OK)
		return hw_cli_exit_code(rc);
	hw_err_clear(&err);
	if (!strcmp(zSub, "list")) {
		clist_ctx x = {pCli, pCli->bJson ? json_array() : NULL};
		rc = pStore->pMethods->xConsentList(pStore, zE164[0] ? zE164 : NULL, consent_list_cb,
						     &x);
		if (rc != HW_OK)
			hw_err_set(&err, "cannot list consents: %s", hw_store_errmsg(pStore));
		if (rc == HW_OK && x.pArr)
			hw_cli_print_json(json_pack("{s:o}", "consents", x.pArr));
		else
			json_decref(x.pArr);
	} else if (!strcmp(zSub, "revoke")) {
		long long iId = zArg ? atoll(zArg) : 0;
		if (iId <= 0)
			hw_err_at(&err, NULL, 0, 0, "id", "say which consent: consent revoke ID"),
				rc = HW_EUSAGE;
		else if ((rc = acting_user(pCli, pStore, zUser, 1, &u)) == HW_OK &&
			 (rc = hw_consent_withdraw(&w, iId, u.iId, &err)) == HW_OK && !pCli->bJson)
			printf("consent %lld withdrawn\n", iId);
		if (rc == HW_OK && pCli->bJson)
			hw_cli_print_json(json_pack("{s:I,s:b}", "id", (json_int_t)iId, "revoked", 1));
	} else {
		hw_consent c;
		memset(&c, 0, sizeof c);
		snprintf(c.zE164, sizeof c.zE164, "%s", zE164);
		snprintf(c.zType, sizeof c.zType, "%s", zType ? zType : "");
		snprintf(c.zSource, sizeof c.zSource, "%s", zSource ? zSource : "");
		c.tGiven = hw_clock_now(&pCli->clock);
		if (!zArg) {
			hw_err_at(&err, NULL, 0, 0, "number", "say whose consent: consent add NUMBER");
			rc = HW_EUSAGE;
		} else if (zDate && !parse_day(zDate, &c.tGiven)) {
			hw_err_at(&err, NULL, 0, 0, "date", "--date '%s': expected YYYY-MM-DD", zDate);
			rc = HW_EUSAGE;
		} else if ((rc = acting_user(pCli, pStore, zUser, 1, &u)) == HW_OK) {
			c.iUser = u.iId;
			rc = hw_consent_record(&w, &c, &err);
		}
		if (rc == HW_OK) {
			char zG[16], zE[16] = "until revoked";
			day_str(c.tGiven, zG);
			if (c.tExpires)
				day_str(c.tExpires, zE);
			if (pCli->bJson)
				hw_cli_print_json(json_pack("{s:I,s:s,s:s,s:s,s:s?}", "id",
							    (json_int_t)c.iId, "number", c.zE164,
							    "type", c.zType, "given", zG, "expires",
							    c.tExpires ? zE : NULL));
			else
				printf("consent %lld recorded for %s: %s, given %s, exempts it from "
				       "national registries %s%s\n",
				       c.iId, c.zE164, c.zType, zG, c.tExpires ? "until " : "", zE);
		}
	}
	if (rc != HW_OK && err.zMsg[0])
		hw_cli_fail(pCli, rc, &err);
	hw_work_close(&w);
	hw_store_close(pStore);
	return hw_cli_exit_code(rc);
}

/* ---- user callerid ---- */

int hw_cli_user_callerid(hw_cli *pCli)
{
	const char *zLogin = pCli->argc > 2 ? pCli->argv[2] : NULL, *zNum = NULL, *zBy = NULL;
	char zE164[24];
	int bClear = 0;
	hw_store *pStore;
	hw_work w;
	hw_user u, by;
	hw_err err;
	hw_rc rc;

	for (int i = 3; i < pCli->argc; i++) {
		int r;
		if (!strcmp(pCli->argv[i], "--clear")) {
			bClear = 1;
			continue;
		}
		if ((r = hw_cli_opt(pCli, &i, "--user", &zBy)) == 0) {
			if (zNum || pCli->argv[i][0] == '-')
				return hw_cli_usage(pCli, "user callerid: unexpected '%s'", pCli->argv[i]);
			zNum = pCli->argv[i];
		}
		if (r < 0)
			return hw_cli_exit_code(HW_EUSAGE);
	}
	if (!zLogin || (!zNum && !bClear))
		return hw_cli_usage(pCli, "usage: hawser user callerid LOGIN NUMBER [--user ADMIN] | "
					  "user callerid LOGIN --clear");
	if (zNum && parse_number(pCli, zNum, NULL, zE164) != HW_OK)
		return hw_cli_exit_code(HW_EUSAGE);
	if ((rc = hw_cli_open_all(pCli, &pStore, &w)) != HW_OK)
		return hw_cli_exit_code(rc);
	hw_err_clear(&err);
	if ((rc = hw_cli_user(pCli, pStore, zLogin, &u)) == HW_OK &&
	    (rc = acting_user(pCli, pStore, zBy, 0, &by)) == HW_OK) {
		if ((rc = hw_caller_id_set(&w, u.iId, bClear ? NULL : zE164, by.iId, &err)) != HW_OK)
			hw_cli_fail(pCli, rc, &err);
		else if (pCli->bJson)
			hw_cli_print_json(json_pack("{s:s,s:s?}", "login", u.zLogin, "caller_id",
						    bClear ? NULL : zE164));
		else if (bClear)
			printf("%s has no caller ID now and may not call\n", u.zLogin);
		else
			printf("%s calls from %s, verified%s%s\n", u.zLogin, zE164,
			       by.iId ? " by " : "", by.iId ? by.zLogin : "");
	}
	hw_work_close(&w);
	hw_store_close(pStore);
	return hw_cli_exit_code(rc);
}

/* ---- records ---- */

int hw_cmd_records(hw_cli *pCli)
{
	const char *zFrom = NULL, *zTo = NULL, *zOut = NULL;
	hw_time tFrom = 0, tTo = 4102444800LL; /* 2100 */
	struct {
		FILE *pOut;
		long long n;
	} c = {stdout, 0};
	hw_store *pStore;
	hw_err err;
	hw_rc rc;

	for (int i = 1; i < pCli->argc; i++) {
		int r;
		if ((r = hw_cli_opt(pCli, &i, "--from", &zFrom)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--to", &zTo)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--out", &zOut)) == 0)
			return hw_cli_usage(pCli, "records: unknown argument '%s'; usage: hawser "
						  "records [--from YYYY-MM-DD] [--to YYYY-MM-DD] "
						  "[--out FILE]",
					    pCli->argv[i]);
		if (r < 0)
			return hw_cli_exit_code(HW_EUSAGE);
	}
	if ((zFrom && !parse_day(zFrom, &tFrom)) || (zTo && !parse_day(zTo, &tTo)))
		return hw_cli_usage(pCli, "records: --from and --to take YYYY-MM-DD");
	if (zTo)
		tTo += DAY; /* the whole last day */
	if ((rc = hw_cli_open_store(pCli, &pStore)) != HW_OK)
		return hw_cli_exit_code(rc);
	hw_err_clear(&err);
	if (zOut && !(c.pOut = fopen(zOut, "w"))) {
		hw_err_at(&err, zOut, 0, 0, NULL, "cannot write the records file");
		hw_store_close(pStore);
		return hw_cli_fail(pCli, HW_EIO, &err);
	}
	rc = hw_records_csv(pStore, tFrom, tTo, c.pOut, &c.n);
	if (rc != HW_OK)
		hw_err_set(&err, "cannot read the call records: %s", hw_store_errmsg(pStore));
	if (zOut && fclose(c.pOut) != 0 && rc == HW_OK) {
		hw_err_at(&err, zOut, 0, 0, NULL, "cannot write the records file");
		rc = HW_EIO;
	}
	hw_store_close(pStore);
	if (rc != HW_OK)
		return hw_cli_fail(pCli, rc, &err);
	if (zOut)
		fprintf(stderr, "%lld call records written to %s\n", c.n, zOut);
	return 0;
}
