/*
 * api_out.c — follow-ups beyond the phone over HTTP: a task shown with its
 * template rendered and marked done, the day's notes and letters printed as
 * one PDF, the outbox, a calendar feed link and the feed itself, and the
 * opt-out links every sales email carries. The work is channels/outreach.c's,
 * as for the CLI (cmd_out.c), and the messages are the same.
 *
 * The feed (/ical/SECRET.ics) and the opt-out link (/o/TOKEN) are public:
 * the secret in the path is the permission (a 256-bit random value; the
 * store keeps only the feed secret's hash). An opt-out is a POST, so a link
 * checker that fetches the link stops nothing; the GET shows the question.
 */
#include "http/http_int.h"

#include "channels/outreach.h"
#include "core/workjson.h"
#include "io/secret.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What {{optout.link}} shows before an email is queued (the link is made then). */
#define OPTOUT_PLACEHOLDER "(the opt-out link)"


/* The task of the path, if the caller may see its lead; else answered (404
 * for another's, as if absent). */
static int path_task(hw_req *r, hw_task *pT)
{
	hw_store *s = r->pT->pStore;
	hw_lead lead;
	hw_rc rc = s->pMethods->xTaskLoad(s, r->iId, pT);
	if (rc == HW_OK && (rc = s->pMethods->xLeadLoad(s, pT->iLead, &lead)) == HW_OK) {
		int bOk = hw_auth_lead_ok(r, &lead);
		hw_lead_clear(&lead);
		if (bOk)
			return 1;
		rc = HW_ENOTFOUND;
	}
	if (rc == HW_ESTORE)
		hw_answer_error(r, 503, NULL, "cannot read task %lld: %s", r->iId,
				hw_store_errmsg(s));
	else
		hw_answer_error(r, 404, NULL, "no task %lld that you may see", r->iId);
	return 0;
}

/* Render a non-call task: HW_OK (pOut filled), HW_EINVAL (zWhy says why it
 * cannot be), or the store's failure (pErr). */
static hw_rc render(hw_work *w, const hw_task *t, long long iUser, hw_rendered *pOut, char *zWhy,
		    size_t nWhy, hw_err *pErr)
{
	hw_err e;
	hw_rc rc;
	hw_err_clear(&e);
	rc = hw_out_render(w, t, iUser, OPTOUT_PLACEHOLDER, pOut, &e);
	if (rc == HW_EINVAL)
		hw_err_format(&e, zWhy, nWhy);
	else if (rc != HW_OK)
		*pErr = e;
	return rc;
}

hw_rc hw_api_task_text(hw_work *w, const hw_task *t, long long iUser, json_t *pObj, hw_err *pErr)
{
	hw_rendered rd;
	char zWhy[700];
	hw_rc rc = render(w, t, iUser, &rd, zWhy, sizeof zWhy, pErr);
	json_object_set_new(pObj, "held", t->zHold[0] ? json_string(t->zHold) : json_null());
	if (rc == HW_EINVAL) {
		json_object_set_new(pObj, "cannot_render", json_string(zWhy));
		return HW_OK;
	}
	if (rc != HW_OK)
		return rc;
	json_object_set_new(pObj, "text", json_string(rd.zBody));
	json_object_set_new(pObj, "subject",
			    rd.zSubject[0] ? json_string(rd.zSubject) : json_null());
	json_object_set_new(pObj, "linkedin",
			    rd.zLinkedIn[0] ? json_string(rd.zLinkedIn) : json_null());
	hw_rendered_clear(&rd);
	return HW_OK;
}

/* ---- a task ---- */

void hw_api_task(hw_req *r)
{
	hw_work *w = hw_req_work(r);
	hw_task t;
	hw_rendered rd;
	json_t *pObj;
	char zIso[32], zWhy[700];
	hw_err err;
	hw_rc rc;

	if (!w || !path_task(r, &t))
		return;
	hw_iso(t.tFrom, zIso);
	pObj = json_pack("{s:I,s:I,s:s,s:s,s:s?,s:s,s:s,s:s,s:o}", "id", (json_int_t)t.iId, "lead",
			 (json_int_t)t.iLead, "channel", hw_channel_names[t.eChannel], "status",
			 hw_task_status_names[t.eStatus], "template",
			 t.zTemplate[0] ? t.zTemplate : NULL, "due_from", zIso, "why", t.zWhy,
			 "rule", t.zRule, "held", t.zHold[0] ? json_string(t.zHold) : json_null());
	if (!pObj) {
		hw_answer_error(r, 500, NULL, "out of memory");
		return;
	}
	hw_err_clear(&err);
	if (t.eChannel == HW_CH_CALL) {
		snprintf(zWhy, sizeof zWhy, "a call: no template to show");
		rc = HW_EINVAL;
	} else {
		rc = render(w, &t, r->user.iId, &rd, zWhy, sizeof zWhy, &err);
	}
	if (rc == HW_OK) {
		json_object_set_new(pObj, "text",
				    json_pack("{s:s?,s:s,s:s?}", "subject",
					      rd.zSubject[0] ? rd.zSubject : NULL, "body", rd.zBody,
					      "linkedin", rd.zLinkedIn[0] ? rd.zLinkedIn : NULL));
		hw_rendered_clear(&rd);
	} else if (rc == HW_EINVAL) {
		json_object_set_new(pObj, "cannot_render", json_string(zWhy));
	} else {
		json_decref(pObj);
		hw_answer_rc(r, rc, &err);
		return;
	}
	hw_answer_json(r, 200, pObj);
}

void hw_api_task_done(hw_req *r)
{
	hw_work *w = hw_req_work(r);
	json_t *pNote = r->pJson ? json_object_get(r->pJson, "note") : NULL;
	const char *zNote = NULL;
	long long iTouch = 0;
	hw_task t;
	hw_err err;
	hw_rc rc;

	static const char *const azKey[] = {"note", NULL};
	if (!w || !hw_body_keys_ok(r, azKey))
		return;
	if (pNote && !json_is_null(pNote)) {
		if (!json_is_string(pNote) || json_string_length(pNote) > 500 ||
		    strlen(json_string_value(pNote)) != json_string_length(pNote)) {
			hw_answer_error(r, 400, "note", "'note' must be text of at most 500 bytes");
			return;
		}
		zNote = json_string_value(pNote);
	}
	if (!path_task(r, &t))
		return;
	hw_err_clear(&err);
	if ((rc = hw_out_task_done(w, t.iId, r->user.iId, zNote, &iTouch, &err)) != HW_OK) {
		hw_answer_rc(r, rc, &err);
		return;
	}
	hw_answer_json(
	    r, 200, json_pack("{s:I,s:I}", "task", (json_int_t)t.iId, "touch", (json_int_t)iTouch));
}

/* ---- the day's notes and letters ---- */

/* The user whose notes to print: yourself, or "user" (someone you may see:
 * a manager their team, an admin anyone). 0 when answered. */
static int notes_user(hw_req *r, hw_user *pU)
{
	hw_store *s = r->pT->pStore;
	json_t *p = r->pJson ? json_object_get(r->pJson, "user") : NULL;
	long long v;
	*pU = r->user;
	if (!p || json_is_null(p))
		return 1;
	if (!json_is_integer(p) || (v = json_integer_value(p)) <= 0) {
		hw_answer_error(r, 400, "user", "'user' must be a user id");
		return 0;
	}
	if (s->pMethods->xUserLoad(s, v, pU) != HW_OK || !hw_auth_user_ok(r, pU)) {
		hw_answer_error(r, 404, "user", "no user %lld that you may see", v);
		return 0;
	}
	return 1;
}

/* "YYYY-MM-DD" exactly (sscanf alone takes "2026-1-011" or " 2026-1-01");
 * the day itself is checked by hw_local_to_utc. */
static int day_parse(const char *z, int *py, int *pm, int *pd)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? z[i] != '-' : !(z[i] >= '0' && z[i] <= '9'))
			return 0;
	return z[10] == 0 && sscanf(z, "%4d-%2d-%2d", py, pm, pd) == 3;
}

/*
 * The PDF is made in a folder of its own (mkdtemp: mode 0700, a random
 * name) and never beside other users' files: hw_pdf_write writes
 * "FILE.tmp" with the process's umask and renames it over FILE, so in a
 * shared TMPDIR the notes (names, addresses) would be readable by anyone
 * for a moment and the ".tmp" name next to a mkstemp file guessable (a
 * symlink planted there). The file and its folder go on every path; the
 * answer holds the file open.
 */
void hw_api_notes_print(hw_req *r)
{
	hw_work *w = hw_req_work(r);
	json_t *pDay = r->pJson ? json_object_get(r->pJson, "day") : NULL;
	static const char *const azKey[] = {"day", "user", NULL};
	const char *zDay = NULL, *zTmp = getenv("TMPDIR"), *zZone;
	char zDir[600], zPath[640], zDate[16];
	int y, m, d, nPages = 0;
	hw_user u;
	hw_notes n;
	hw_local lt;
	hw_time tEnd;
	hw_err err;
	hw_rc rc;

	if (!w || !hw_body_keys_ok(r, azKey) || !notes_user(r, &u))
		return;
	if (pDay && !json_is_null(pDay)) {
		zDay = json_is_string(pDay) ? json_string_value(pDay) : "";
		if (!day_parse(zDay, &y, &m, &d)) {
			hw_answer_error(r, 400, "day", "'day' must be YYYY-MM-DD");
			return;
		}
	}
	zZone = u.zTimeZone[0] ? u.zTimeZone : "UTC";
	if (!zDay) {
		hw_local_time(zZone, r->tNow, &lt);
		y = lt.iYear, m = lt.iMonth, d = lt.iDay;
	}
	if (hw_local_to_utc(zZone, y, m, d, 24 * 60, &tEnd) != HW_OK) {
		hw_answer_error(r, 400, "day", "'%s' is not a day", zDay ? zDay : "today");
		return;
	}
	snprintf(zDate, sizeof zDate, "%04d-%02d-%02d", y, m, d);
	hw_err_clear(&err);
	if ((rc = hw_notes_collect(w, u.iId, tEnd, &n, &err)) != HW_OK) {
		hw_answer_rc(r, rc, &err);
		return;
	}
	if (n.nItem == 0) {
		if (n.nSkipped)
			hw_answer_error(
			    r, 404, "day",
			    "nothing to print for %s (%d held: GET /api/v1/agenda says why)", zDate,
			    n.nSkipped);
		else
			hw_answer_error(r, 404, "day", "nothing to print for %s", zDate);
		hw_notes_clear(&n);
		return;
	}
	if (!zTmp || !zTmp[0])
		zTmp = "/tmp";
	if ((size_t)snprintf(zDir, sizeof zDir, "%s/hawser-notes-XXXXXX", zTmp) >= sizeof zDir ||
	    !mkdtemp(zDir)) {
		hw_notes_clear(&n);
		hw_answer_error(r, 500, NULL,
				"cannot make a temporary folder for the PDF in %.400s", zTmp);
		return;
	}
	snprintf(zPath, sizeof zPath, "%s/notes.pdf", zDir);
	rc = hw_notes_print(w, &n, u.iId, zPath, &nPages, &err);
	if (rc == HW_OK) {
		char zName[64];
		snprintf(zName, sizeof zName, "notes-%s.pdf", zDate);
		hw_answer_header(r, "X-Hawser-Printed", "%d", n.nItem);
		hw_answer_header(r, "X-Hawser-Held", "%d", n.nSkipped);
		hw_answer_header(r, "X-Hawser-Pages", "%d", nPages);
		hw_answer_file(r, "application/pdf", zPath, zName); /* holds the file open */
	} else {
		hw_answer_rc(r, rc, &err);
	}
	unlink(zPath);
	rmdir(zDir); /* hw_pdf_write removed its ".tmp" on failure */
	hw_notes_clear(&n);
}

/* ---- the calendar feed ---- */

void hw_api_calendar_link(hw_req *r)
{
	hw_work *w = hw_req_work(r);
	char zUrl[600];
	hw_err err;
	hw_rc rc;
	if (!w)
		return;
	hw_err_clear(&err);
	if ((rc = hw_out_calendar_link(w, r->user.iId, zUrl, sizeof zUrl, &err)) != HW_OK)
		hw_answer_rc(r, rc, &err);
	else
		hw_answer_json(r, 201, json_pack("{s:s}", "url", zUrl));
}

void hw_api_ical(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	unsigned char aHash[HW_SECRET_HASH];
	hw_work *w;
	hw_user u;
	char *z = NULL;
	hw_err err;
	hw_rc rc;

	hw_secret_hash(r->zParam, aHash);
	rc = s->pMethods->xUserByIcal(s, aHash, &u);
	if (rc == HW_ENOTFOUND) {
		hw_answer_error(
		    r, 404, NULL,
		    "no calendar at this address: the link was replaced by a newer one, "
		    "or never existed");
		return;
	}
	if (rc != HW_OK) {
		hw_answer_error(r, 503, NULL, "cannot read the calendar: %s", hw_store_errmsg(s));
		return;
	}
	if (!(w = hw_req_work(r)))
		return;
	hw_err_clear(&err);
	if ((rc = hw_out_calendar(w, &u, &z, &err)) != HW_OK) {
		hw_answer_rc(r, rc, &err);
		return;
	}
	hw_answer_text(r, 200, "text/calendar; charset=utf-8", z, strlen(z));
	free(z);
}

/* ---- opt-out links ---- */

static void optout_unknown(hw_req *r)
{
	static const char z[] = "This opt-out link is not known here. To get no more email from "
				"us, reply to the email and say so.\n";
	hw_answer_text(r, 404, "text/plain; charset=utf-8", z, sizeof z - 1);
}

void hw_api_optout_page(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	char zEmail[256];
	long long iLead = 0;
	hw_time tUsed = 0;
	unsigned char aHash[HW_SECRET_HASH];
	hw_rc rc;
	hw_secret_hash(r->zParam, aHash);
	rc = s->pMethods->xOptoutFind(s, aHash, zEmail, sizeof zEmail, &iLead, &tUsed);
	if (rc == HW_ENOTFOUND)
		optout_unknown(r);
	else if (rc != HW_OK)
		hw_answer_error(r, 503, NULL, "cannot read the link: %s", hw_store_errmsg(s));
	else
		hw_answer_page(r, 200, "/optout.html"); /* the address is not shown */
}

/* The body is empty (the page's button sends "List-Unsubscribe=One-Click"
 * too) or RFC 8058's one-click "List-Unsubscribe=One-Click": either stops
 * the email, and nothing in it is read. */
void hw_api_optout(hw_req *r)
{
	hw_work *w = hw_req_work(r);
	char zEmail[256];
	hw_err err;
	hw_rc rc;
	if (!w)
		return;
	hw_err_clear(&err);
	rc = hw_out_optout(w, r->zParam, zEmail, sizeof zEmail, &err);
	if (rc == HW_ENOTFOUND)
		optout_unknown(r);
	else if (rc != HW_OK)
		hw_answer_rc(r, rc, &err);
	else
		hw_answer_page(r, 200, "/optout-done.html");
}

/* ---- the outbox ---- */

typedef struct outbox_ctx {
	hw_req *pReq;
	int bFilter; /* check each row's lead (a rep, a manager) */
	long long nWant, n;
	json_t *pArr;
	hw_rc rc;
} outbox_ctx;

static int outbox_cb(void *pv, hw_outbox *o)
{
	static const char *const az[] = {"queued", "sent", "failed"};
	outbox_ctx *c = pv;
	if (c->bFilter) {
		hw_store *s = c->pReq->pT->pStore;
		hw_lead lead;
		int bOk;
		if ((c->rc = s->pMethods->xLeadLoad(s, o->iLead, &lead)) != HW_OK)
			return c->rc != HW_ENOTFOUND ? 1 : (c->rc = HW_OK, 0);
		bOk = hw_auth_lead_ok(c->pReq, &lead);
		hw_lead_clear(&lead);
		if (!bOk)
			return 0;
	}
	json_array_append_new(
	    c->pArr, json_pack("{s:I,s:I,s:o,s:s,s:s,s:s,s:s,s:s,s:i,s:I,s:s?}", "id",
			       (json_int_t)o->iId, "lead", (json_int_t)o->iLead, "task",
			       o->iTask ? json_integer(o->iTask) : json_null(), "kind",
			       o->eKind == HW_OUT_INVITE ? "invite" : "email", "template",
			       o->zTemplate, "to", o->zToAddr, "subject", o->zSubject, "status",
			       az[o->eStatus], "attempts", o->nAttempts, "next_try",
			       (json_int_t)o->tNextTry, "error", o->zError[0] ? o->zError : NULL));
	return ++c->n >= c->nWant;
}

void hw_api_outbox(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	const char *zLead = hw_query(r, "lead"), *zLimit = hw_query(r, "limit");
	outbox_ctx c = {r, 0, 100, 0, NULL, HW_OK};
	long long iLead = 0;
	char *zEnd;
	hw_rc rc;

	if (zLimit) {
		c.nWant = strtoll(zLimit, &zEnd, 10);
		if (!*zLimit || *zEnd || c.nWant < 1 || c.nWant > 500) {
			hw_answer_error(r, 400, "limit", "'limit' must be a number from 1 to 500");
			return;
		}
	}
	if (zLead) {
		hw_lead lead;
		iLead = strtoll(zLead, &zEnd, 10);
		if (!*zLead || *zEnd || iLead <= 0) {
			hw_answer_error(r, 400, "lead", "'%s' is not a lead id", zLead);
			return;
		}
		rc = s->pMethods->xLeadLoad(s, iLead, &lead);
		if (rc == HW_OK) {
			int bOk = hw_auth_lead_ok(r, &lead);
			hw_lead_clear(&lead);
			rc = bOk ? HW_OK : HW_ENOTFOUND;
		}
		if (rc != HW_OK) {
			hw_answer_error(r, rc == HW_ESTORE ? 503 : 404, "lead",
					"no lead %lld that you may see", iLead);
			return;
		}
	} else {
		c.bFilter = r->eRole != HW_ROLE_ADMIN;
	}
	c.pArr = json_array();
	/* filtered rows are read until enough are visible */
	rc = s->pMethods->xOutboxList(s, iLead, c.bFilter ? 1 << 30 : (int)c.nWant, outbox_cb, &c);
	if (rc == HW_OK)
		rc = c.rc;
	if (rc != HW_OK) {
		json_decref(c.pArr);
		hw_answer_error(r, 503, NULL, "cannot read the outbox: %s", hw_store_errmsg(s));
		return;
	}
	hw_answer_json(r, 200, json_pack("{s:o}", "outbox", c.pArr));
}
