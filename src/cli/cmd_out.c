/*
 * cmd_out.c — follow-ups beyond the phone at the command line: mail
 * settings, sending (the outbox and webhooks), the day's notes as a PDF,
 * non-call tasks shown and marked done, webhooks, a user's sending profile
 * and calendar link. The work itself is channels/outreach.c.
 */
#include "channels/outreach.h"
#include "channels/smtp.h"
#include "channels/webhook.h"
#include "cli/work_cli.h"
#include "core/tmpl.h"
#include "io/secret.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void close_all(hw_store *pStore, hw_work *pW)
{
	hw_work_close(pW);
	hw_store_close(pStore);
}

static int parse_id(const char *z, long long *pi)
{
	char *zEnd;
	long long v = z ? strtoll(z, &zEnd, 10) : 0;
	if (!z || !*z || *zEnd || v <= 0)
		return 0;
	*pi = v;
	return 1;
}

/* ---- mail: the sending settings ---- */

static const struct {
	const char *zOpt, *zSetting, *zHelp;
} aMailOpt[] = {
    {"--smtp", HW_SET_SMTP_URL, "SMTP server, smtp://host:587 or smtps://host:465"},
    {"--smtp-user", HW_SET_SMTP_USER, "SMTP AUTH user"},
    {"--smtp-password", HW_SET_SMTP_PASSWORD, "SMTP AUTH password ('-': read from stdin)"},
    {"--starttls", HW_SET_SMTP_STARTTLS, "1: require STARTTLS"},
    {"--insecure", HW_SET_SMTP_INSECURE, "1: do not check the server's certificate"},
    {"--company", HW_SET_COMPANY, "the company's name under every email"},
    {"--address", HW_SET_ADDRESS, "the company's postal address (required for email)"},
    {"--public-url", HW_SET_PUBLIC_URL, "the address hawser serve is reached at"},
};
#define N_MAIL_OPT (int)(sizeof aMailOpt / sizeof aMailOpt[0])

static int mail_show(hw_cli *pCli, hw_store *pStore)
{
	json_t *pJ = pCli->bJson ? json_object() : NULL;
	for (int i = 0; i < N_MAIL_OPT; i++) {
		char *z = NULL;
		int bSecret = strcmp(aMailOpt[i].zSetting, HW_SET_SMTP_PASSWORD) == 0;
		(void)pStore->pMethods->xSettingGet(pStore, aMailOpt[i].zSetting, &z);
		if (pJ)
			json_object_set_new(pJ, aMailOpt[i].zSetting,
					    z && z[0] ? json_string(bSecret ? "(set)" : z)
						      : json_null());
		else
			printf("%-16s %s\n", aMailOpt[i].zSetting,
			       z && z[0] ? (bSecret ? "(set)" : z) : "(not set)");
		free(z);
	}
	if (pJ)
		hw_cli_print_json(pJ);
	return 0;
}

static int cmd_mail(hw_cli *pCli)
{
	static char zPassword[512];
	const char *azVal[N_MAIL_OPT] = {0};
	int bConfig = pCli->argc > 1 && strcmp(pCli->argv[1], "config") == 0, nSet = 0;
	hw_store *pStore;
	hw_err err;
	hw_rc rc = HW_OK;

	if (pCli->argc > 1 && !bConfig && strcmp(pCli->argv[1], "show") != 0)
		return hw_cli_usage(pCli, "usage: hawser mail show | mail config [--smtp URL] ...");
	for (int i = 2; bConfig && i < pCli->argc; i++) {
		int r = 0;
		for (int k = 0; k < N_MAIL_OPT && r == 0; k++)
			if ((r = hw_cli_opt(pCli, &i, aMailOpt[k].zOpt, &azVal[k])) == 1)
				nSet++;
		if (r < 0)
			return hw_cli_exit_code(HW_EUSAGE);
		if (r == 0)
			return hw_cli_usage(pCli,
					    "mail config: unknown option '%s' (hawser help mail)",
					    pCli->argv[i]);
	}
	hw_err_clear(&err);
	/* --smtp-password -: the first line of stdin, kept out of ps and history */
	for (int k = 0; k < N_MAIL_OPT; k++)
		if (azVal[k] && strcmp(azVal[k], "-") == 0 &&
		    strcmp(aMailOpt[k].zSetting, HW_SET_SMTP_PASSWORD) == 0) {
			if (!fgets(zPassword, sizeof zPassword, stdin) || !zPassword[0]) {
				hw_err_at(&err, NULL, 0, 0, "smtp.password",
					  "--smtp-password -: no password on standard input");
				return hw_cli_fail(pCli, HW_EUSAGE, &err);
			}
			zPassword[strcspn(zPassword, "\r\n")] = 0;
			azVal[k] = zPassword;
		}
	for (int k = 0; k < N_MAIL_OPT; k++)
		if (azVal[k] && strchr(azVal[k], '\r')) {
			hw_err_at(&err, NULL, 0, 0, aMailOpt[k].zSetting, "a carriage return in %s",
				  aMailOpt[k].zOpt);
			return hw_cli_fail(pCli, HW_EUSAGE, &err);
		}
	if ((rc = hw_cli_open_store(pCli, &pStore)) != HW_OK)
		return hw_cli_exit_code(rc);
	if (nSet && (rc = hw_store_begin(pStore, 1)) == HW_OK) {
		for (int k = 0; rc == HW_OK && k < N_MAIL_OPT; k++)
			if (azVal[k])
				rc = pStore->pMethods->xSettingSet(pStore, aMailOpt[k].zSetting,
								   azVal[k],
								   hw_clock_now(&pCli->clock));
		if (rc == HW_OK)
			rc = hw_store_commit(pStore);
		else
			hw_store_rollback(pStore);
	}
	if (rc != HW_OK) {
		hw_err_set(&err, "cannot save the mail settings: %s", hw_store_errmsg(pStore));
		hw_store_close(pStore);
		return hw_cli_fail(pCli, rc, &err);
	}
	mail_show(pCli, pStore);
	hw_store_close(pStore);
	return 0;
}

/* ---- send: the periodic work, once or in a loop ---- */

static volatile sig_atomic_t bStop;
static void on_stop(int iSig)
{
	(void)iSig;
	bStop = 1;
}

static int stop_asked(void *pv)
{
	(void)pv;
	return bStop;
}

static void print_stats(hw_cli *pCli, const hw_out_stats *s)
{
	if (pCli->bJson)
		hw_cli_print_json(json_pack("{s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i}", "queued",
					    s->nQueued, "held", s->nHeld, "invites", s->nInvites,
					    "sent", s->nSent, "retry", s->nRetry, "failed",
					    s->nFailed, "webhooks", s->nHooks, "webhooks_retry",
					    s->nHookRetry, "webhooks_failed", s->nHookFailed));
	else
		printf("queued %d, held %d, invitations %d; sent %d, to retry %d, failed %d; "
		       "webhooks delivered %d, to retry %d, failed %d\n",
		       s->nQueued, s->nHeld, s->nInvites, s->nSent, s->nRetry, s->nFailed,
		       s->nHooks, s->nHookRetry, s->nHookFailed);
}

static int cmd_send(hw_cli *pCli)
{
	const char *zEvery = NULL;
	int bOnce = 0, nEvery = 30;
	hw_store *pStore;
	hw_work w;
	hw_out_stats st;
	hw_err err;
	hw_rc rc;

	for (int i = 1; i < pCli->argc; i++) {
		int r;
		if (strcmp(pCli->argv[i], "--once") == 0) {
			bOnce = 1;
			continue;
		}
		if ((r = hw_cli_opt(pCli, &i, "--every", &zEvery)) < 0)
			return hw_cli_exit_code(HW_EUSAGE);
		if (r == 0)
			return hw_cli_usage(pCli, "usage: hawser send [--once] [--every SECONDS]");
	}
	if (zEvery && ((nEvery = atoi(zEvery)) < 1 || nEvery > 86400))
		return hw_cli_usage(pCli, "send: --every '%s': seconds, 1 to 86400", zEvery);
	hw_smtp_global_init();
	hw_secret_init(); /* opt-out tokens */
	if ((rc = hw_cli_open_all(pCli, &pStore, &w)) != HW_OK)
		return hw_cli_exit_code(rc);
	signal(SIGINT, on_stop);
	signal(SIGTERM, on_stop);
	do {
		hw_err_clear(&err);
		rc = hw_out_dispatch(&w, stop_asked, NULL, &st, &err);
		if (rc != HW_OK) {
			hw_cli_fail(pCli, rc, &err);
			break;
		}
		if (bOnce || st.nQueued || st.nSent || st.nFailed || st.nHeld || st.nHooks)
			print_stats(pCli, &st);
		for (int s = 0; !bOnce && !bStop && s < nEvery; s++)
			sleep(1);
	} while (!bOnce && !bStop);
	close_all(pStore, &w);
	return hw_cli_exit_code(rc);
}

/* ---- outbox ---- */

typedef struct outbox_ctx {
	hw_cli *pCli;
	json_t *pArr;
} outbox_ctx;

static int outbox_cb(void *pv, hw_outbox *o)
{
	outbox_ctx *c = pv;
	static const char *const az[] = {"queued", "sent", "failed"};
	if (c->pArr)
		json_array_append_new(
		    c->pArr,
		    json_pack("{s:I,s:I,s:o?,s:s,s:s,s:s,s:s,s:s,s:i,s:I,s:s?}", "id",
			      (json_int_t)o->iId, "lead", (json_int_t)o->iLead, "task",
			      o->iTask ? json_integer(o->iTask) : NULL, "kind",
			      o->eKind == HW_OUT_INVITE ? "invite" : "email", "template",
			      o->zTemplate, "to", o->zToAddr, "subject", o->zSubject, "status",
			      az[o->eStatus], "attempts", o->nAttempts, "next_try",
			      (json_int_t)o->tNextTry, "error", o->zError[0] ? o->zError : NULL));
	else
		printf("%-6lld lead %-6lld %-7s %-6s %-28s %s%s%s\n", o->iId, o->iLead,
		       az[o->eStatus], o->eKind == HW_OUT_INVITE ? "invite" : "email", o->zToAddr,
		       o->zSubject, o->zError[0] ? "  -- " : "", o->zError);
	return 0;
}

static int cmd_outbox(hw_cli *pCli)
{
	const char *zLead = NULL, *zLimit = NULL;
	long long iLead = 0;
	outbox_ctx c = {pCli, NULL};
	hw_store *pStore;
	hw_err err;
	hw_rc rc;
	for (int i = 1; i < pCli->argc; i++) {
		int r = hw_cli_opt(pCli, &i, "--lead", &zLead);
		if (r == 0)
			r = hw_cli_opt(pCli, &i, "--limit", &zLimit);
		if (r < 0)
			return hw_cli_exit_code(HW_EUSAGE);
		if (r == 0)
			return hw_cli_usage(pCli, "usage: hawser outbox [--lead ID] [--limit N]");
	}
	if (zLead && !parse_id(zLead, &iLead))
		return hw_cli_usage(pCli, "outbox: --lead '%s': a lead id", zLead);
	if ((rc = hw_cli_open_store(pCli, &pStore)) != HW_OK)
		return hw_cli_exit_code(rc);
	c.pArr = pCli->bJson ? json_array() : NULL;
	rc = pStore->pMethods->xOutboxList(pStore, iLead, zLimit ? atoi(zLimit) : 100, outbox_cb,
					   &c);
	if (rc != HW_OK) {
		hw_err_set(&err, "cannot read the outbox: %s", hw_store_errmsg(pStore));
		json_decref(c.pArr);
		hw_store_close(pStore);
		return hw_cli_fail(pCli, rc, &err);
	}
	if (c.pArr)
		hw_cli_print_json(c.pArr);
	hw_store_close(pStore);
	return 0;
}

/* ---- notes print ---- */

static int cmd_notes(hw_cli *pCli)
{
	const char *zDay = NULL, *zUser = NULL, *zOut = "notes.pdf";
	hw_store *pStore;
	hw_work w;
	hw_user u;
	hw_notes n;
	hw_err err;
	hw_local lt;
	hw_time tEnd;
	int y, m, d, nPages = 0;
	hw_rc rc;

	if (pCli->argc < 2 || strcmp(pCli->argv[1], "print") != 0)
		return hw_cli_usage(pCli, "usage: hawser notes print [--day YYYY-MM-DD] [--user U] "
					  "[--out FILE]");
	for (int i = 2; i < pCli->argc; i++) {
		int r = hw_cli_opt(pCli, &i, "--day", &zDay);
		if (r == 0)
			r = hw_cli_opt(pCli, &i, "--user", &zUser);
		if (r == 0)
			r = hw_cli_opt(pCli, &i, "--out", &zOut);
		if (r < 0)
			return hw_cli_exit_code(HW_EUSAGE);
		if (r == 0)
			return hw_cli_usage(pCli, "notes print: unknown argument '%s'",
					    pCli->argv[i]);
	}
	if (zDay && (strlen(zDay) != 10 || sscanf(zDay, "%4d-%2d-%2d", &y, &m, &d) != 3))
		return hw_cli_usage(pCli, "notes print: --day '%s': expected YYYY-MM-DD", zDay);
	if ((rc = hw_cli_open_all(pCli, &pStore, &w)) != HW_OK)
		return hw_cli_exit_code(rc);
	memset(&u, 0, sizeof u);
	hw_err_clear(&err);
	if (zUser && (rc = hw_cli_user(pCli, pStore, zUser, &u)) != HW_OK)
		goto out;
	{
		const char *zZone = u.zTimeZone[0] ? u.zTimeZone : "UTC";
		if (!zDay) {
			hw_local_time(zZone, hw_clock_now(&pCli->clock), &lt);
			y = lt.iYear, m = lt.iMonth, d = lt.iDay;
		}
		if (hw_local_to_utc(zZone, y, m, d, 24 * 60, &tEnd) != HW_OK) {
			hw_err_at(&err, NULL, 0, 0, "day", "'%s' is not a day", zDay);
			hw_cli_fail(pCli, HW_EUSAGE, &err);
			rc = HW_EUSAGE;
			goto out;
		}
	}
	if ((rc = hw_notes_collect(&w, u.iId, tEnd, &n, &err)) != HW_OK) {
		hw_cli_fail(pCli, rc, &err);
		goto out;
	}
	for (int i = 0; i < n.nSkipped && !pCli->bJson; i++)
		fprintf(stderr, "hawser: task %lld held: %s\n", n.aSkippedTask[i], n.azSkipped[i]);
	if (n.nItem == 0) {
		if (pCli->bJson)
			hw_cli_print_json(
			    json_pack("{s:i,s:i,s:n}", "printed", 0, "held", n.nSkipped, "file"));
		else
			printf("nothing to print for %04d-%02d-%02d%s\n", y, m, d,
			       n.nSkipped ? " (see the held tasks above)" : "");
	} else if ((rc = hw_notes_print(&w, &n, u.iId, zOut, &nPages, &err)) != HW_OK) {
		hw_cli_fail(pCli, rc, &err);
	} else if (pCli->bJson) {
		json_t *pHeld = json_array();
		for (int i = 0; i < n.nSkipped; i++)
			json_array_append_new(pHeld, json_pack("{s:I,s:s}", "task",
							       (json_int_t)n.aSkippedTask[i],
							       "reason", n.azSkipped[i]));
		hw_cli_print_json(json_pack("{s:i,s:i,s:s,s:o}", "printed", n.nItem, "pages",
					    nPages, "file", zOut, "held", pHeld));
	} else {
		printf("%s: %d note%s and letter%s on %d page%s, marked done\n", zOut, n.nItem,
		       n.nItem == 1 ? "" : "s", n.nItem == 1 ? "" : "s", nPages,
		       nPages == 1 ? "" : "s");
	}
	hw_notes_clear(&n);
	hw_pdf_shutdown(); /* the process ends after this command */
out:
	close_all(pStore, &w);
	return hw_cli_exit_code(rc);
}

/* ---- task show / done ---- */

static int cmd_task(hw_cli *pCli)
{
	const char *zSub = pCli->argc > 1 ? pCli->argv[1] : "", *zUser = NULL, *zNote = NULL;
	long long iTask = 0, iTouch = 0;
	hw_store *pStore;
	hw_work w;
	hw_user u;
	hw_task t;
	hw_err err;
	hw_rc rc;

	if ((strcmp(zSub, "show") && strcmp(zSub, "done")) || pCli->argc < 3 ||
	    !parse_id(pCli->argv[2], &iTask))
		return hw_cli_usage(pCli, "usage: hawser task show ID | task done ID --user U "
					  "[--note TEXT]");
	for (int i = 3; i < pCli->argc; i++) {
		int r = hw_cli_opt(pCli, &i, "--user", &zUser);
		if (r == 0)
			r = hw_cli_opt(pCli, &i, "--note", &zNote);
		if (r < 0)
			return hw_cli_exit_code(HW_EUSAGE);
		if (r == 0)
			return hw_cli_usage(pCli, "task: unknown argument '%s'", pCli->argv[i]);
	}
	if ((rc = hw_cli_open_all(pCli, &pStore, &w)) != HW_OK)
		return hw_cli_exit_code(rc);
	memset(&u, 0, sizeof u);
	hw_err_clear(&err);
	if (!strcmp(zSub, "done")) {
		if ((rc = hw_cli_user(pCli, pStore, zUser, &u)) != HW_OK)
			goto out;
		if ((rc = hw_out_task_done(&w, iTask, u.iId, zNote, &iTouch, &err)) != HW_OK)
			hw_cli_fail(pCli, rc, &err);
		else if (pCli->bJson)
			hw_cli_print_json(json_pack("{s:I,s:I}", "task", (json_int_t)iTask, "touch",
						    (json_int_t)iTouch));
		else
			printf("task %lld done (touch %lld)\n", iTask, iTouch);
		goto out;
	}
	if ((rc = pStore->pMethods->xTaskLoad(pStore, iTask, &t)) != HW_OK) {
		hw_err_at(&err, NULL, 0, 0, "task", "no task %lld", iTask);
		hw_cli_fail(pCli, rc, &err);
		goto out;
	}
	{
		hw_rendered r;
		hw_rc rr = t.eChannel == HW_CH_CALL
			       ? (hw_err_set(&err, "a call: no template to show"), HW_EINVAL)
			       : hw_out_render(&w, &t, 0, "(the opt-out link)", &r, &err);
		char zWhy[600] = "";
		if (rr != HW_OK && rr != HW_EINVAL) {
			rc = rr;
			hw_cli_fail(pCli, rc, &err);
			goto out;
		}
		if (rr != HW_OK)
			hw_err_format(&err, zWhy, sizeof zWhy);
		if (pCli->bJson) {
			hw_cli_print_json(json_pack(
			    "{s:I,s:I,s:s,s:s,s:s?,s:s?,s:s?,s:s?,s:s?,s:s?}", "id",
			    (json_int_t)t.iId, "lead", (json_int_t)t.iLead, "channel",
			    hw_channel_names[t.eChannel], "status", hw_task_status_names[t.eStatus],
			    "template", t.zTemplate[0] ? t.zTemplate : NULL, "subject",
			    rr == HW_OK && r.zSubject[0] ? r.zSubject : NULL, "body",
			    rr == HW_OK ? r.zBody : NULL, "linkedin",
			    rr == HW_OK && r.zLinkedIn[0] ? r.zLinkedIn : NULL, "cannot_render",
			    zWhy[0] ? zWhy : NULL, "held", t.zHold[0] ? t.zHold : NULL));
		} else {
			printf("task %lld: %s for lead %lld, %s%s%s\n", t.iId,
			       hw_channel_names[t.eChannel], t.iLead,
			       hw_task_status_names[t.eStatus], t.zHold[0] ? ", held: " : "",
			       t.zHold);
			if (rr == HW_OK) {
				if (r.zLinkedIn[0])
					printf("profile: %s\n", r.zLinkedIn);
				if (r.zSubject[0])
					printf("subject: %s\n", r.zSubject);
				printf("\n%s\n", r.zBody);
			} else {
				printf("cannot be rendered: %s\n", zWhy);
			}
		}
		if (rr == HW_OK)
			hw_rendered_clear(&r);
	}
out:
	close_all(pStore, &w);
	return hw_cli_exit_code(rc);
}

/* ---- webhooks ---- */

static int hook_list_cb(void *pv, const hw_webhook *w)
{
	json_t *pArr = pv;
	if (pArr)
		json_array_append_new(pArr, json_pack("{s:I,s:s,s:s,s:b,s:b}", "id",
						      (json_int_t)w->iId, "url", w->zUrl, "events",
						      w->zEvents, "allow_private", w->bAllowPrivate,
						      "active", !w->tDisabled));
	else
		printf("%-4lld %-8s %-44s %s%s\n", w->iId, w->tDisabled ? "removed" : "active",
		       w->zUrl, w->zEvents, w->bAllowPrivate ? " (private allowed)" : "");
	return 0;
}

static int hook_delivery_cb(void *pv, hw_delivery *d)
{
	json_t *pArr = pv;
	static const char *const az[] = {"queued", "delivered", "failed"};
	if (pArr)
		json_array_append_new(pArr, json_pack("{s:I,s:I,s:s,s:s,s:i,s:i,s:s?}", "id",
						      (json_int_t)d->iId, "webhook",
						      (json_int_t)d->iWebhook, "event", d->zEvent,
						      "status", az[d->eStatus], "attempts",
						      d->nAttempts, "last_status", d->iLastStatus,
						      "error", d->zError[0] ? d->zError : NULL));
	else
		printf("%-6lld hook %-4lld %-16s %-9s attempts %d%s%s\n", d->iId, d->iWebhook,
		       d->zEvent, az[d->eStatus], d->nAttempts, d->zError[0] ? "  -- " : "",
		       d->zError);
	return 0;
}

static int cmd_webhook(hw_cli *pCli)
{
	const char *zSub = pCli->argc > 1 ? pCli->argv[1] : "list";
	hw_store *pStore;
	hw_err err;
	hw_rc rc;

	hw_err_clear(&err);
	if (!strcmp(zSub, "add")) {
		const char *zUrl = NULL, *zEvents = NULL, *zSecret = NULL;
		hw_webhook wh;
		for (int i = 2; i < pCli->argc; i++) {
			int r;
			if (!strcmp(pCli->argv[i], "--allow-private")) {
				zSub = "add-private";
				continue;
			}
			r = hw_cli_opt(pCli, &i, "--events", &zEvents);
			if (r == 0)
				r = hw_cli_opt(pCli, &i, "--secret", &zSecret);
			if (r < 0)
				return hw_cli_exit_code(HW_EUSAGE);
			if (r == 0) {
				if (zUrl || pCli->argv[i][0] == '-')
					return hw_cli_usage(pCli, "webhook add: unexpected '%s'",
							    pCli->argv[i]);
				zUrl = pCli->argv[i];
			}
		}
		if (!zUrl || !zEvents)
			return hw_cli_usage(pCli, "usage: hawser webhook add URL --events "
						  "meeting.booked,dnc.requested,import.finished "
						  "[--secret S] [--allow-private]");
		if (!hw_webhook_events_ok(zEvents)) {
			hw_err_at(
			    &err, NULL, 0, 0, "events",
			    "unknown event in '%s': the events are meeting.booked, dnc.requested, "
			    "import.finished",
			    zEvents);
			return hw_cli_fail(pCli, HW_EUSAGE, &err);
		}
		memset(&wh, 0, sizeof wh);
		wh.bAllowPrivate = strcmp(zSub, "add-private") == 0;
		if ((rc = hw_webhook_check_url(zUrl, wh.bAllowPrivate, &err)) != HW_OK)
			return hw_cli_fail(pCli, rc, &err);
		if (strlen(zUrl) >= sizeof wh.zUrl || strlen(zEvents) >= sizeof wh.zEvents ||
		    (zSecret && (strlen(zSecret) < 16 || strlen(zSecret) >= sizeof wh.zSecret))) {
			hw_err_at(&err, NULL, 0, 0, zSecret ? "secret" : "url",
				  "too long (or a secret shorter than 16 characters)");
			return hw_cli_fail(pCli, HW_EUSAGE, &err);
		}
		snprintf(wh.zUrl, sizeof wh.zUrl, "%s", zUrl);
		snprintf(wh.zEvents, sizeof wh.zEvents, "%s", zEvents);
		if (zSecret)
			snprintf(wh.zSecret, sizeof wh.zSecret, "%s", zSecret);
		else {
			hw_secret_init();
			hw_secret_new(wh.zSecret);
		}
		if ((rc = hw_cli_open_store(pCli, &pStore)) != HW_OK)
			return hw_cli_exit_code(rc);
		wh.tCreated = hw_clock_now(&pCli->clock);
		if ((rc = hw_store_begin(pStore, 1)) == HW_OK &&
		    (rc = pStore->pMethods->xWebhookAdd(pStore, &wh, 0)) == HW_OK &&
		    (rc = pStore->pMethods->xAudit(pStore, wh.tCreated, 0, "webhook_add", "webhook",
						   wh.iId, NULL)) == HW_OK)
			rc = hw_store_commit(pStore);
		if (rc != HW_OK) {
			hw_store_rollback(pStore);
			hw_err_set(&err, "cannot save the webhook: %s", hw_store_errmsg(pStore));
			hw_store_close(pStore);
			return hw_cli_fail(pCli, rc, &err);
		}
		hw_store_close(pStore);
		if (pCli->bJson)
			hw_cli_print_json(json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)wh.iId,
						    "url", wh.zUrl, "events", wh.zEvents, "secret",
						    wh.zSecret));
		else
			printf("webhook %lld: %s for %s; signing secret (shown once): %s\n", wh.iId,
			       wh.zUrl, wh.zEvents, wh.zSecret);
		return 0;
	}
	if (!strcmp(zSub, "remove")) {
		long long iId;
		if (pCli->argc != 3 || !parse_id(pCli->argv[2], &iId))
			return hw_cli_usage(pCli, "usage: hawser webhook remove ID");
		if ((rc = hw_cli_open_store(pCli, &pStore)) != HW_OK)
			return hw_cli_exit_code(rc);
		rc = pStore->pMethods->xWebhookDisable(pStore, iId, hw_clock_now(&pCli->clock));
		if (rc == HW_ENOTFOUND)
			hw_err_at(&err, NULL, 0, 0, "id", "no active webhook %lld", iId);
		else if (rc != HW_OK)
			hw_err_set(&err, "cannot remove the webhook: %s", hw_store_errmsg(pStore));
		hw_store_close(pStore);
		if (rc != HW_OK)
			return hw_cli_fail(pCli, rc, &err);
		if (!pCli->bJson)
			printf("webhook %lld removed\n", iId);
		else
			hw_cli_print_json(
			    json_pack("{s:I,s:b}", "id", (json_int_t)iId, "removed", 1));
		return 0;
	}
	if (!strcmp(zSub, "list") || !strcmp(zSub, "deliveries")) {
		json_t *pArr = pCli->bJson ? json_array() : NULL;
		long long iId = 0;
		if (!strcmp(zSub, "deliveries") && pCli->argc == 3 &&
		    !parse_id(pCli->argv[2], &iId))
			return hw_cli_usage(pCli, "usage: hawser webhook deliveries [ID]");
		if ((rc = hw_cli_open_store(pCli, &pStore)) != HW_OK) {
			json_decref(pArr);
			return hw_cli_exit_code(rc);
		}
		rc =
		    !strcmp(zSub, "list")
			? pStore->pMethods->xWebhookList(pStore, hook_list_cb, pArr)
			: pStore->pMethods->xDeliveryList(pStore, iId, 100, hook_delivery_cb, pArr);
		if (rc != HW_OK)
			hw_err_set(&err, "cannot read the webhooks: %s", hw_store_errmsg(pStore));
		hw_store_close(pStore);
		if (rc != HW_OK) {
			json_decref(pArr);
			return hw_cli_fail(pCli, rc, &err);
		}
		if (pArr)
			hw_cli_print_json(pArr);
		return 0;
	}
	return hw_cli_usage(pCli, "usage: hawser webhook add URL --events E | list | remove ID | "
				  "deliveries [ID]");
}

/* ---- user profile / user ical ---- */

int hw_cli_user_profile(hw_cli *pCli)
{
	const char *zLogin = pCli->argc > 2 ? pCli->argv[2] : NULL, *zEmail = NULL,
		   *zPurpose = NULL;
	hw_store *pStore;
	hw_user u;
	hw_err err;
	hw_rc rc;
	for (int i = 3; i < pCli->argc; i++) {
		int r = hw_cli_opt(pCli, &i, "--email", &zEmail);
		if (r == 0)
			r = hw_cli_opt(pCli, &i, "--purpose", &zPurpose);
		if (r < 0)
			return hw_cli_exit_code(HW_EUSAGE);
		if (r == 0)
			return hw_cli_usage(pCli, "user profile: unexpected '%s'", pCli->argv[i]);
	}
	if (!zLogin || zLogin[0] == '-')
		return hw_cli_usage(pCli, "usage: hawser user profile LOGIN [--email ADDRESS] "
					  "[--purpose TEXT]");
	hw_err_clear(&err);
	if (zEmail && (!hw_email_ok(zEmail) || strlen(zEmail) >= sizeof u.zEmail)) {
		hw_err_at(&err, NULL, 0, 0, "email", "'%s' is not an email address", zEmail);
		return hw_cli_fail(pCli, HW_EUSAGE, &err);
	}
	if (zPurpose && (strpbrk(zPurpose, "\r\n") || strlen(zPurpose) >= sizeof u.zPurpose ||
			 hw_tmpl_check(zPurpose, "purpose", &err) != HW_OK)) {
		if (!err.zMsg[0])
			hw_err_at(&err, NULL, 0, 0, "purpose",
				  "one line of at most %zu bytes, without merge fields",
				  sizeof u.zPurpose - 1);
		return hw_cli_fail(pCli, HW_EUSAGE, &err);
	}
	if ((rc = hw_cli_open_store(pCli, &pStore)) != HW_OK)
		return hw_cli_exit_code(rc);
	if ((rc = hw_cli_user(pCli, pStore, zLogin, &u)) == HW_OK) {
		if ((zEmail || zPurpose) && (rc = pStore->pMethods->xUserSetProfile(
						 pStore, u.iId, zEmail, zPurpose)) != HW_OK) {
			hw_err_set(&err, "cannot save the profile: %s", hw_store_errmsg(pStore));
			hw_cli_fail(pCli, rc, &err);
		} else if ((rc = pStore->pMethods->xUserLoad(pStore, u.iId, &u)) == HW_OK) {
			if (pCli->bJson)
				hw_cli_print_json(json_pack("{s:s,s:s,s:s}", "login", u.zLogin,
							    "email", u.zEmail, "purpose",
							    u.zPurpose));
			else
				printf("%s: email %s, purpose: %s\n", u.zLogin,
				       u.zEmail[0] ? u.zEmail : "(none)",
				       u.zPurpose[0] ? u.zPurpose : "(none)");
		}
	}
	hw_store_close(pStore);
	return hw_cli_exit_code(rc);
}

int hw_cli_user_ical(hw_cli *pCli)
{
	const char *zLogin = pCli->argc == 3 ? pCli->argv[2] : NULL;
	char zUrl[512];
	hw_store *pStore;
	hw_work w;
	hw_user u;
	hw_err err;
	hw_rc rc;
	if (!zLogin)
		return hw_cli_usage(pCli, "usage: hawser user ical LOGIN");
	hw_secret_init();
	if ((rc = hw_cli_open_all(pCli, &pStore, &w)) != HW_OK)
		return hw_cli_exit_code(rc);
	hw_err_clear(&err);
	if ((rc = hw_cli_user(pCli, pStore, zLogin, &u)) == HW_OK) {
		if ((rc = hw_out_calendar_link(&w, u.iId, zUrl, sizeof zUrl, &err)) != HW_OK)
			hw_cli_fail(pCli, rc, &err);
		else if (pCli->bJson)
			hw_cli_print_json(json_pack("{s:s,s:s}", "login", u.zLogin, "url", zUrl));
		else
			printf("%s's calendar (subscribe to it; shown once, a new one replaces "
			       "it):\n%s\n",
			       u.zLogin, zUrl);
	}
	close_all(pStore, &w);
	return hw_cli_exit_code(rc);
}

/* ---- the command table's entry points ---- */

int hw_cmd_mail(hw_cli *pCli)
{
	return cmd_mail(pCli);
}
int hw_cmd_send(hw_cli *pCli)
{
	return cmd_send(pCli);
}
int hw_cmd_outbox(hw_cli *pCli)
{
	return cmd_outbox(pCli);
}
int hw_cmd_notes(hw_cli *pCli)
{
	return cmd_notes(pCli);
}
int hw_cmd_task(hw_cli *pCli)
{
	return cmd_task(pCli);
}
int hw_cmd_webhook(hw_cli *pCli)
{
	return cmd_webhook(pCli);
}
