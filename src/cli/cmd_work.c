/*
 * cmd_work.c — working leads from the terminal: next, log, why, agenda,
 * stats, and the users they are for. Thin: every decision is in core/work.c.
 */
#include "cli/cli.h"
#include "cli/work_cli.h"
#include "io/phone.h"
#include "io/secret.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

hw_rc hw_cli_user(hw_cli *pCli, hw_store *pStore, const char *zLogin, hw_user *pU)
{
	hw_err err;
	hw_rc rc;
	hw_err_clear(&err);
	if (!zLogin) {
		hw_err_at(&err, NULL, 0, 0, "user", "say who is working: --user LOGIN");
		hw_cli_fail(pCli, HW_EUSAGE, &err);
		return HW_EUSAGE;
	}
	rc = pStore->pMethods->xUserFind(pStore, zLogin, pU);
	if (rc == HW_ENOTFOUND)
		hw_err_at(&err, NULL, 0, 0, "user",
			  "no user '%s'; add one with 'hawser user add %s' or list them with "
			  "'hawser users'",
			  zLogin, zLogin);
	else if (rc != HW_OK)
		hw_err_set(&err, "cannot look up user '%s': %s", zLogin, hw_store_errmsg(pStore));
	if (rc != HW_OK)
		hw_cli_fail(pCli, rc, &err);
	return rc;
}

static hw_rc open_work(hw_cli *pCli, hw_store **ppStore, hw_work *pW)
{
	hw_err err;
	hw_rc rc;
	hw_err_clear(&err);
	if ((rc = hw_cli_open_store(pCli, ppStore)) != HW_OK)
		return rc;
	if ((rc = hw_cli_work_open(pCli, *ppStore, pW)) != HW_OK)
		hw_store_close(*ppStore);
	return rc;
}

static int parse_id(const char *z, long long *pi)
{
	char *zEnd;
	long long v = strtoll(z, &zEnd, 10);
	if (*z == 0 || *zEnd || v <= 0)
		return 0;
	*pi = v;
	return 1;
}

/* ---- next ---- */

void hw_cli_print_offer(const hw_offer *p)
{
	char zName[128], zWhen[96];
	const hw_lead *l = &p->lead;
	printf("lead %lld: %s", l->iId, hw_lead_display_name(l, zName, sizeof zName));
	if (l->azField[HW_F_TITLE])
		printf(", %s", l->azField[HW_F_TITLE]);
	if (l->azField[HW_F_COMPANY])
		printf(" at %s", l->azField[HW_F_COMPANY]);
	if (l->bIcp)
		printf("  (ICP %d)", l->iIcp);
	printf("\n  dial     %s\n  local    %s\n", p->zPhone, p->zLocal);
	if (p->zCallerId[0])
		printf("  from     %s (your caller ID)\n", p->zCallerId);
	printf("  attempt  %d%s\n", p->nAttempts + 1, p->nAttempts ? "" : " (first call)");
	if (p->bLast) {
		hw_local_str(l->zTimeZones, p->last.tAt, zWhen, sizeof zWhen);
		printf("  last     %s %s on %s%s%s\n", hw_channel_names[p->last.eChannel],
		       p->last.zOutcome, zWhen, p->last.zNotes[0] ? ": " : "", p->last.zNotes);
	}
	for (int i = 0; i < p->nHistory; i++) {
		const hw_touch *t = &p->aHistory[i];
		hw_local_str(l->zTimeZones, t->tAt, zWhen, sizeof zWhen);
		printf("  before   %s %s on %s%s%.60s\n", hw_channel_names[t->eChannel], t->zOutcome,
		       zWhen, t->zNotes[0] ? ": " : "", t->zNotes);
	}
	if (p->bRefer) {
		hw_local_str(l->zTimeZones, p->refer.tDone ? p->refer.tDone : p->refer.tFrom, zWhen,
			     sizeof zWhen);
		printf("  refer to the %s '%s' (%s %s)\n", hw_channel_names[p->refer.eChannel],
		       p->refer.zTemplate, p->refer.eStatus == HW_TASK_DONE ? "sent" : "planned for",
		       zWhen);
	}
	if (l->azField[HW_F_NOTES])
		printf("  research %s\n", l->azField[HW_F_NOTES]);
	if (l->azField[HW_F_LINKEDIN])
		printf("  linkedin %s\n", l->azField[HW_F_LINKEDIN]);
	printf("  why now  %s\n", p->verdict.zWhy);
	printf("  task     %lld (%s): %s\n", p->task.iId, p->task.zRule, p->task.zWhy);
}

int hw_cmd_next(hw_cli *pCli)
{
	const char *zUser = NULL;
	hw_store *pStore;
	hw_work w;
	hw_user u;
	hw_offer offer;
	hw_err err;
	hw_rc rc;

	for (int i = 1; i < pCli->argc; i++) {
		int r = hw_cli_opt(pCli, &i, "--user", &zUser);
		if (r < 0)
			return hw_cli_exit_code(HW_EUSAGE);
		if (r == 0)
			return hw_cli_usage(pCli, "next: unknown argument '%s'; usage: hawser next --user U",
					    pCli->argv[i]);
	}
	if (open_work(pCli, &pStore, &w) != HW_OK)
		return hw_cli_exit_code(HW_ESTORE);
	if ((rc = hw_cli_user(pCli, pStore, zUser, &u)) != HW_OK)
		goto out;
	hw_err_clear(&err);
	rc = hw_work_next(&w, u.iId, &offer, &err);
	if (rc != HW_OK) {
		hw_cli_fail(pCli, rc, &err);
		goto out;
	}
	if (pCli->bJson) {
		hw_cli_print_json(hw_offer_json(&offer));
	} else {
		hw_cli_print_offer(&offer);
		printf("log it: hawser log %lld OUTCOME --user %s\n", offer.lead.iId, u.zLogin);
	}
	hw_offer_clear(&offer);
out:
	hw_work_close(&w);
	hw_store_close(pStore);
	return hw_cli_exit_code(rc);
}

/* ---- log ---- */

void hw_cli_print_log(const hw_log_out *pOut, const char *zZones)
{
	char zWhen[96];
	printf("touch %lld logged; the lead is now %s\n", pOut->iTouch, hw_status_names[pOut->eStatus]);
	if (pOut->zWarning[0])
		printf("WARNING: %s; the call is recorded and the audit log notes it\n",
		       pOut->zWarning);
	if (!pOut->plan.pRule) {
		printf("no cadence rule matched: nothing planned\n");
		return;
	}
	printf("rule %s: %s\n", pOut->plan.zRule, pOut->plan.pRule->zText);
	if (pOut->nSuppressed)
		printf("  %d number%s put on the do-not-call list\n", pOut->nSuppressed,
		       pOut->nSuppressed == 1 ? "" : "s");
	if (pOut->nCancelled)
		printf("  %d open task%s ended\n", pOut->nCancelled, pOut->nCancelled == 1 ? "" : "s");
	for (int i = 0; i < pOut->plan.nTask; i++) {
		const hw_planned *pP = &pOut->plan.aTask[i];
		hw_local_str(zZones, pP->tFrom, zWhen, sizeof zWhen);
		printf("  task %lld %-8s %s — %s\n", pOut->aTaskId[i], hw_channel_names[pP->eChannel],
		       zWhen, pP->zWhy);
	}
}

int hw_cmd_log(hw_cli *pCli)
{
	const char *zUser = NULL, *zReason = NULL, *zAt = NULL, *zNote = NULL, *zObj = NULL,
		   *zName = NULL, *zPhone = NULL, *zDur = NULL, *zNext = NULL;
	char zNoteAll[512];
	const char *azPos[2];
	int nPos = 0;
	hw_store *pStore;
	hw_work w;
	hw_user u;
	hw_log_in in;
	hw_log_out out;
	hw_lead lead;
	hw_err err;
	hw_rc rc;

	memset(&in, 0, sizeof in);
	memset(&u, 0, sizeof u);
	for (int i = 1; i < pCli->argc; i++) {
		int r;
		if ((r = hw_cli_opt(pCli, &i, "--user", &zUser)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--reason", &zReason)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--at", &zAt)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--note", &zNote)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--objection", &zObj)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--name", &zName)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--phone", &zPhone)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--duration", &zDur)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--next", &zNext)) == 0) {
			if (pCli->argv[i][0] == '-' || nPos == 2)
				return hw_cli_usage(pCli, "log: unexpected '%s'; usage: hawser log LEAD "
							  "OUTCOME [--reason R] [--at TIME] [--note TEXT] "
							  "[--user U]",
						    pCli->argv[i]);
			azPos[nPos++] = pCli->argv[i];
		}
		if (r < 0)
			return hw_cli_exit_code(HW_EUSAGE);
	}
	if (nPos != 2)
		return hw_cli_usage(pCli, "usage: hawser log LEAD OUTCOME [--reason R] [--at TIME] "
					  "[--note TEXT] [--user U]");
	if (!parse_id(azPos[0], &in.iLead))
		return hw_cli_usage(pCli, "log: '%s' is not a lead id (a positive number)", azPos[0]);
	if (hw_outcome_parse(azPos[1], &in.eOutcome) != HW_OK)
		return hw_cli_usage(pCli, "log: unknown outcome '%s': use no_answer, busy, voicemail, "
					  "gatekeeper, brush_off, not_interested, callback, "
					  "conversation, meeting, wrong_number, bad_number or "
					  "do_not_call",
				    azPos[1]);
	if (zReason && hw_reason_parse(zReason, &in.eReason) != HW_OK)
		return hw_cli_usage(pCli, "log: unknown reason '%s': use timing, no_need, no_fit, "
					  "has_provider or other",
				    zReason);
	if (zDur) {
		char *zEnd;
		long v = strtol(zDur, &zEnd, 10);
		if (*zEnd || v < 0 || v > 86400)
			return hw_cli_usage(pCli, "log: --duration '%s': expected seconds", zDur);
		in.nDuration = (int)v;
	}
	if (open_work(pCli, &pStore, &w) != HW_OK)
		return hw_cli_exit_code(HW_ESTORE);
	hw_err_clear(&err);
	if (zUser && (rc = hw_cli_user(pCli, pStore, zUser, &u)) != HW_OK)
		goto out;
	in.iUser = u.iId;
	memset(&lead, 0, sizeof lead);
	rc = pStore->pMethods->xLeadLoad(pStore, in.iLead, &lead);
	if (rc == HW_ENOTFOUND) {
		hw_err_at(&err, NULL, 0, 0, "lead", "no lead %lld; 'hawser leads' lists them", in.iLead);
		hw_cli_fail(pCli, rc, &err);
		goto out;
	}
	if (rc == HW_OK && zAt &&
	    hw_parse_lead_time(zAt, lead.zTimeZones, hw_clock_now(&pCli->clock), &in.tTime) != HW_OK) {
		hw_err_at(&err, NULL, 0, 0, "at",
			  "'%s' is not a time: use HH:MM or YYYY-MM-DDTHH:MM (the lead's local time) "
			  "or ISO 8601 with a zone",
			  zAt);
		rc = HW_EUSAGE;
		hw_lead_clear(&lead);
		hw_cli_fail(pCli, rc, &err);
		goto out;
	}
	/* a conversation's agreed next step leads the note (the touch's own words) */
	if (zNext) {
		snprintf(zNoteAll, sizeof zNoteAll, "next step: %s%s%s", zNext, zNote ? "; " : "",
			 zNote ? zNote : "");
		zNote = zNoteAll;
	}
	in.zNote = zNote;
	in.zObjection = zObj;
	in.zName = zName;
	in.zPhone = zPhone;
	rc = hw_work_log(&w, &in, &out, &err);
	if (rc != HW_OK)
		hw_cli_fail(pCli, rc, &err);
	else if (pCli->bJson)
		hw_cli_print_json(hw_log_json(&out));
	else
		hw_cli_print_log(&out, lead.zTimeZones);
	hw_lead_clear(&lead);
out:
	hw_work_close(&w);
	hw_store_close(pStore);
	return hw_cli_exit_code(rc);
}

/* ---- why ---- */

int hw_cmd_why(hw_cli *pCli)
{
	long long iLead;
	hw_store *pStore;
	hw_work w;
	hw_why why;
	hw_err err;
	hw_rc rc;

	if (pCli->argc != 2 || !parse_id(pCli->argv[1], &iLead))
		return hw_cli_usage(pCli, "usage: hawser why LEAD (a lead id)");
	if (open_work(pCli, &pStore, &w) != HW_OK)
		return hw_cli_exit_code(HW_ESTORE);
	hw_err_clear(&err);
	rc = hw_work_why(&w, iLead, &why, &err);
	if (rc != HW_OK) {
		hw_cli_fail(pCli, rc, &err);
	} else if (pCli->bJson) {
		hw_cli_print_json(hw_why_json(iLead, &why));
	} else {
		printf("lead %lld: %s\n", iLead, why.zWhy);
	}
	hw_work_close(&w);
	hw_store_close(pStore);
	return hw_cli_exit_code(rc);
}

/* ---- agenda ---- */

typedef struct agenda_ctx {
	hw_store *pStore;
	json_t *pArr;
	int n;
	const char *zZone;
} agenda_ctx;

static int agenda_cb(void *pv, const hw_task *t)
{
	agenda_ctx *a = pv;
	hw_lead lead;
	char zName[128] = "", zWhen[96], zIso[32];
	if (a->pStore->pMethods->xLeadLoad(a->pStore, t->iLead, &lead) == HW_OK) {
		hw_lead_display_name(&lead, zName, sizeof zName);
		hw_lead_clear(&lead);
	}
	a->n++;
	hw_iso(t->tFrom, zIso);
	if (a->pArr) {
		json_array_append_new(a->pArr, hw_task_json(t, zName));
		return 0;
	}
	hw_local_str(a->zZone, t->tFrom, zWhen, sizeof zWhen);
	printf("%s  %-8s lead %-6lld %-28.28s %s%s%s%s\n", zWhen + 4, hw_channel_names[t->eChannel],
	       t->iLead, zName, t->iPriority >= 1000 ? "CALLBACK " : "",
	       t->zTemplate[0] ? "template " : "", t->zTemplate,
	       t->eStatus == HW_TASK_OPEN ? "" : t->eStatus == HW_TASK_DONE ? " (done)" : " (cancelled)");
	return 0;
}

int hw_cmd_agenda(hw_cli *pCli)
{
	const char *zUser = NULL, *zDay = NULL;
	hw_store *pStore;
	hw_user u;
	agenda_ctx a;
	hw_task_filter f;
	hw_local lt;
	hw_err err;
	hw_rc rc;
	int y, m, d;

	for (int i = 1; i < pCli->argc; i++) {
		int r = hw_cli_opt(pCli, &i, "--user", &zUser);
		if (r == 0)
			r = hw_cli_opt(pCli, &i, "--day", &zDay);
		if (r < 0)
			return hw_cli_exit_code(HW_EUSAGE);
		if (r == 0)
			return hw_cli_usage(pCli, "agenda: unknown argument '%s'; usage: hawser agenda "
						  "[--user U] [--day YYYY-MM-DD]",
					    pCli->argv[i]);
	}
	if (zDay && (sscanf(zDay, "%4d-%2d-%2d", &y, &m, &d) != 3 || strlen(zDay) != 10))
		return hw_cli_usage(pCli, "agenda: --day '%s': expected YYYY-MM-DD", zDay);
	if (hw_cli_open_store(pCli, &pStore) != HW_OK)
		return hw_cli_exit_code(HW_ESTORE);
	memset(&u, 0, sizeof u);
	memset(&f, 0, sizeof f);
	if (zUser && (rc = hw_cli_user(pCli, pStore, zUser, &u)) != HW_OK)
		goto out;
	memset(&a, 0, sizeof a);
	a.pStore = pStore;
	a.zZone = u.zTimeZone[0] ? u.zTimeZone : "UTC";
	if (!zDay) {
		hw_local_time(a.zZone, hw_clock_now(&pCli->clock), &lt);
		y = lt.iYear, m = lt.iMonth, d = lt.iDay;
	}
	hw_err_clear(&err);
	if (hw_local_to_utc(a.zZone, y, m, d, 0, &f.tFrom) != HW_OK ||
	    hw_local_to_utc(a.zZone, y, m, d, 24 * 60, &f.tUntil) != HW_OK) {
		hw_err_at(&err, NULL, 0, 0, "day", "'%s' is not a day", zDay ? zDay : "today");
		rc = HW_EUSAGE;
		hw_cli_fail(pCli, rc, &err);
		goto out;
	}
	f.iUser = u.iId;
	if (pCli->bJson)
		a.pArr = json_array();
	else
		printf("agenda %04d-%02d-%02d (%s)%s%s\n", y, m, d, a.zZone, zUser ? " for " : "",
		       zUser ? zUser : "");
	rc = pStore->pMethods->xTaskList(pStore, &f, agenda_cb, &a);
	if (rc != HW_OK) {
		hw_err_set(&err, "cannot read the agenda: %s", hw_store_errmsg(pStore));
		json_decref(a.pArr);
		hw_cli_fail(pCli, rc, &err);
	} else if (a.pArr) {
		char zDate[16];
		snprintf(zDate, sizeof zDate, "%04d-%02d-%02d", y, m, d);
		hw_cli_print_json(json_pack("{s:s,s:s,s:o}", "day", zDate, "zone", a.zZone, "tasks",
					    a.pArr));
	} else if (a.n == 0) {
		printf("nothing planned that day\n");
	}
out:
	hw_store_close(pStore);
	return hw_cli_exit_code(rc);
}

/* ---- stats ---- */

int hw_cmd_stats(hw_cli *pCli)
{
	const char *zUser = NULL, *zSince = NULL;
	hw_store *pStore;
	hw_work w;
	hw_user u;
	hw_stats s;
	hw_time tSince = 0;
	hw_err err;
	hw_rc rc;

	for (int i = 1; i < pCli->argc; i++) {
		int r = hw_cli_opt(pCli, &i, "--user", &zUser);
		if (r == 0)
			r = hw_cli_opt(pCli, &i, "--since", &zSince);
		if (r < 0)
			return hw_cli_exit_code(HW_EUSAGE);
		if (r == 0)
			return hw_cli_usage(pCli, "stats: unknown argument '%s'; usage: hawser stats "
						  "[--user U] [--since DATE]",
					    pCli->argv[i]);
	}
	if (zSince && hw_parse_time(zSince, &tSince) != HW_OK)
		return hw_cli_usage(pCli, "stats: --since '%s': expected YYYY-MM-DD or ISO 8601", zSince);
	if (open_work(pCli, &pStore, &w) != HW_OK)
		return hw_cli_exit_code(HW_ESTORE);
	memset(&u, 0, sizeof u);
	if (zUser && (rc = hw_cli_user(pCli, pStore, zUser, &u)) != HW_OK)
		goto out;
	hw_err_clear(&err);
	if ((rc = hw_work_stats(&w, u.iId, tSince, &s, &err)) != HW_OK) {
		hw_cli_fail(pCli, rc, &err);
		goto out;
	}
	if (pCli->bJson) {
		hw_cli_print_json(hw_stats_json(&s));
		goto out;
	}
	printf("dials %lld · connects %lld (%.0f%%) · conversations %lld (%.0f%% of connects) · "
	       "meetings %lld (%.0f%% of conversations)\n",
	       s.nDials, s.nConnects, 100 * s.fConnectRate, s.nConversations,
	       100 * s.fConversationRate, s.nMeetings, 100 * s.fMeetingRate);
	if (s.nMeetings)
		printf("dials per meeting: %.1f\n", s.fDialsPerMeeting);
	else
		printf("dials per meeting: no meeting yet\n");
	printf("first reached on attempt:");
	for (int i = 0; i < HW_STATS_CURVE; i++)
		printf(" %d%s:%lld", i + 1, i == HW_STATS_CURVE - 1 ? "+" : "", s.anFirstReached[i]);
	printf("\nconnect rate by the lead's local hour:\n");
	for (int h = 0; h < 24; h++)
		if (s.anHourDials[h])
			printf("  %02d:00  %5lld dials  %3.0f%%\n", h, s.anHourDials[h],
			       100.0 * s.anHourConnects[h] / s.anHourDials[h]);
	printf("objections:");
	{
		int aOrder[HW_OBJ_COUNT], n = 0;
		for (int i = 1; i < HW_OBJ_COUNT; i++)
			if (s.anObjections[i])
				aOrder[n++] = i;
		for (int i = 1; i < n; i++)
			for (int j = i; j > 0 && s.anObjections[aOrder[j]] > s.anObjections[aOrder[j - 1]]; j--) {
				int k = aOrder[j];
				aOrder[j] = aOrder[j - 1];
				aOrder[j - 1] = k;
			}
		for (int i = 0; i < n; i++)
			printf(" %s %lld%s", hw_objection_names[aOrder[i]], s.anObjections[aOrder[i]],
			       i + 1 < n ? "," : "");
		printf("%s\n", n ? "" : " none recorded");
	}
	printf("rejections since the last yes: %lld\n", s.nRejectionsSinceYes);
	printf("today: %lld of %d dials · streak: %d business day%s\n", s.nToday, s.nGoal, s.nStreak,
	       s.nStreak == 1 ? "" : "s");
out:
	hw_work_close(&w);
	hw_store_close(pStore);
	return hw_cli_exit_code(rc);
}

/* ---- users ---- */

static int user_print(void *pv, const hw_user *u)
{
	json_t *pArr = pv;
	if (pArr)
		json_array_append_new(pArr, hw_user_json(u));
	else
		printf("%-4lld %-16s %-8s %-24s goal %d %s\n", u->iId, u->zLogin, u->zRole, u->zName,
		       u->nDailyGoal, u->zTimeZone);
	return 0;
}

int hw_cmd_users(hw_cli *pCli)
{
	hw_store *pStore;
	json_t *pArr = pCli->bJson ? json_array() : NULL;
	hw_rc rc;
	if (pCli->argc != 1) {
		json_decref(pArr);
		return hw_cli_usage(pCli, "usage: hawser users");
	}
	if (hw_cli_open_store(pCli, &pStore) != HW_OK) {
		json_decref(pArr);
		return hw_cli_exit_code(HW_ESTORE);
	}
	rc = pStore->pMethods->xUserList(pStore, user_print, pArr);
	if (pArr)
		hw_cli_print_json(json_pack("{s:o}", "users", pArr));
	hw_store_close(pStore);
	return hw_cli_exit_code(rc);
}

/* 'user token LOGIN [--name N]': an API token for an integration, printed once. */
static int user_token(hw_cli *pCli)
{
	const char *zName = "cli";
	char zSecret[HW_SECRET_TEXT];
	unsigned char aHash[HW_SECRET_HASH];
	long long iId = 0;
	hw_store *pStore;
	hw_user u;
	hw_err err;
	hw_rc rc;

	for (int i = 3; i < pCli->argc; i++) {
		int r = hw_cli_opt(pCli, &i, "--name", &zName);
		if (r < 0)
			return hw_cli_exit_code(HW_EUSAGE);
		if (r == 0)
			return hw_cli_usage(pCli, "user token: unknown argument '%s'; usage: hawser user "
						  "token LOGIN [--name N]",
					    pCli->argv[i]);
	}
	if (hw_secret_init() != HW_OK || hw_cli_open_store(pCli, &pStore) != HW_OK)
		return hw_cli_exit_code(HW_ESTORE);
	if ((rc = hw_cli_user(pCli, pStore, pCli->argv[2], &u)) != HW_OK)
		goto out;
	hw_secret_new(zSecret);
	hw_secret_hash(zSecret, aHash);
	hw_err_clear(&err);
	if ((rc = hw_store_begin(pStore, 1)) == HW_OK &&
	    (rc = pStore->pMethods->xTokenCreate(pStore, aHash, u.iId, zName,
						 hw_clock_now(&pCli->clock), &iId)) == HW_OK &&
	    (rc = pStore->pMethods->xAudit(pStore, hw_clock_now(&pCli->clock), 0, "token_create",
					   "api_token", iId, NULL)) == HW_OK)
		rc = hw_store_commit(pStore);
	if (rc != HW_OK) {
		hw_store_rollback(pStore);
		hw_err_set(&err, "cannot create the token: %s", hw_store_errmsg(pStore));
		hw_cli_fail(pCli, rc, &err);
	} else if (pCli->bJson) {
		hw_cli_print_json(json_pack("{s:I,s:s,s:s}", "id", (json_int_t)iId, "name", zName,
					    "token", zSecret));
	} else {
		printf("%s\n", zSecret);
	}
out:
	hw_store_close(pStore);
	return hw_cli_exit_code(rc);
}

int hw_cmd_user(hw_cli *pCli)
{
	const char *zName = NULL, *zRole = NULL, *zTz = NULL, *zGoal = NULL, *zCaller = NULL,
		   *zTeam = NULL;
	char zPw[1100] = "", zHash[HW_PASSWORD_HASH_MAX] = "";
	int bPwStdin = 0;
	hw_store *pStore;
	hw_user u;
	hw_err err;
	hw_rc rc;

	if (pCli->argc >= 3 && strcmp(pCli->argv[1], "token") == 0)
		return user_token(pCli);
	if (pCli->argc >= 2 && strcmp(pCli->argv[1], "callerid") == 0)
		return hw_cli_user_callerid(pCli);
	if (pCli->argc >= 2 && strcmp(pCli->argv[1], "profile") == 0)
		return hw_cli_user_profile(pCli);
	if (pCli->argc >= 2 && strcmp(pCli->argv[1], "ical") == 0)
		return hw_cli_user_ical(pCli);
	if (pCli->argc < 3 || strcmp(pCli->argv[1], "add") != 0)
		return hw_cli_usage(pCli, "usage: hawser user add LOGIN [--name N] [--role R] "
					  "[--tz ZONE] [--goal N] [--caller-id E164] [--team T] "
					  "[--password-stdin]");
	memset(&u, 0, sizeof u);
	if (strlen(pCli->argv[2]) >= sizeof u.zLogin || !pCli->argv[2][0] || pCli->argv[2][0] == '-')
		return hw_cli_usage(pCli, "user add: '%s' is not a login (1 to 63 characters)",
				    pCli->argv[2]);
	snprintf(u.zLogin, sizeof u.zLogin, "%s", pCli->argv[2]);
	for (int i = 3; i < pCli->argc; i++) {
		int r;
		if (strcmp(pCli->argv[i], "--password-stdin") == 0) {
			bPwStdin = 1;
			continue;
		}
		if ((r = hw_cli_opt(pCli, &i, "--name", &zName)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--team", &zTeam)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--role", &zRole)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--tz", &zTz)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--goal", &zGoal)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--caller-id", &zCaller)) == 0)
			return hw_cli_usage(pCli, "user add: unknown argument '%s'", pCli->argv[i]);
		if (r < 0)
			return hw_cli_exit_code(HW_EUSAGE);
	}
	if (zRole && strcmp(zRole, "rep") && strcmp(zRole, "manager") && strcmp(zRole, "admin"))
		return hw_cli_usage(pCli, "user add: --role '%s': use rep, manager or admin", zRole);
	if (zTz) {
		hw_local lt;
		if (hw_local_time(zTz, 0, &lt) != HW_OK)
			return hw_cli_usage(pCli, "user add: --tz '%s' is not a time zone (use an IANA "
						  "name such as America/Chicago)",
					    zTz);
	}
	if (zGoal) {
		char *zEnd;
		long v = strtol(zGoal, &zEnd, 10);
		if (*zEnd || v < 1 || v > 1000)
			return hw_cli_usage(pCli, "user add: --goal '%s': dials per day, 1 to 1000", zGoal);
		u.nDailyGoal = (int)v;
	}
	if (bPwStdin) {
		size_t n;
		if (!fgets(zPw, sizeof zPw, stdin))
			zPw[0] = 0;
		n = strcspn(zPw, "\r\n");
		zPw[n] = 0;
		if (hw_secret_init() != HW_OK || hw_password_hash(zPw, zHash) != HW_OK)
			return hw_cli_usage(pCli, "user add: the password (first line of stdin) must "
						  "be 8 to 1024 characters");
	}
	snprintf(u.zName, sizeof u.zName, "%s", zName ? zName : "");
	snprintf(u.zRole, sizeof u.zRole, "%s", zRole ? zRole : "rep");
	snprintf(u.zTimeZone, sizeof u.zTimeZone, "%s", zTz ? zTz : "");
	if (zCaller) {
		hw_phone ph;
		char zWhy[160];
		if (hw_phone_parse(zCaller, "US", &ph, zWhy, sizeof zWhy) != HW_OK || !ph.zE164[0])
			return hw_cli_usage(pCli, "user add: --caller-id '%s' is not a phone number: %s",
					    zCaller, zWhy);
		snprintf(u.zCallerId, sizeof u.zCallerId, "%s", ph.zE164);
	}
	if (hw_cli_open_store(pCli, &pStore) != HW_OK)
		return hw_cli_exit_code(HW_ESTORE);
	hw_err_clear(&err);
	if ((rc = hw_store_begin(pStore, 1)) == HW_OK) {
		if (zTeam)
			rc = pStore->pMethods->xTeamEnsure(pStore, zTeam, hw_clock_now(&pCli->clock),
							  &u.iTeam);
		if (rc == HW_OK)
			rc = pStore->pMethods->xUserAdd(pStore, &u, hw_clock_now(&pCli->clock));
		if (rc == HW_OK && zHash[0])
			rc = pStore->pMethods->xUserSetPassword(pStore, u.iId, zHash);
		if (rc == HW_OK)
			rc = pStore->pMethods->xAudit(pStore, hw_clock_now(&pCli->clock), 0, "user_add",
						      "user", u.iId, NULL);
		if (rc == HW_OK && u.zCallerId[0]) {
			char zD[96];
			snprintf(zD, sizeof zD, "{\"caller_id\":\"%s\"}", u.zCallerId);
			rc = pStore->pMethods->xAudit(pStore, hw_clock_now(&pCli->clock), 0,
						      "caller_id_verify", "user", u.iId, zD);
		}
		rc = rc == HW_OK ? hw_store_commit(pStore) : rc;
		if (rc != HW_OK)
			hw_store_rollback(pStore);
	}
	if (rc == HW_ECONFLICT)
		hw_err_at(&err, NULL, 0, 0, "login", "a user '%s' exists already", u.zLogin);
	else if (rc != HW_OK)
		hw_err_set(&err, "cannot add the user: %s", hw_store_errmsg(pStore));
	if (rc != HW_OK)
		hw_cli_fail(pCli, rc, &err);
	else if (pCli->bJson)
		hw_cli_print_json(json_pack("{s:I,s:s}", "id", (json_int_t)u.iId, "login", u.zLogin));
	else
		printf("user %lld '%s' added (%s)\n", u.iId, u.zLogin, u.zRole);
	hw_store_close(pStore);
	return hw_cli_exit_code(rc);
}
