/*
 * api.c — the JSON API's handlers. Each is a thin face over the core
 * (core/work.h) and the store, answering with the same JSON as the CLI's
 * --json (core/workjson.c). Input is checked field by field; an error names
 * the field. Objects the caller may not see answer 404.
 */
#include "http/http_int.h"

#include "channels/outreach.h"
#include "core/leadjson.h"
#include "core/outcome.h"
#include "core/workjson.h"
#include "io/phone.h"
#include "io/secret.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* The lead of the path, if the caller may see it; else answered. */
static int path_lead(hw_req *r, hw_lead *pLead)
{
	hw_store *s = r->pT->pStore;
	hw_rc rc = s->pMethods->xLeadLoad(s, r->iId, pLead);
	if (rc == HW_OK && hw_auth_lead_ok(r, pLead))
		return 1;
	if (rc == HW_OK)
		hw_lead_clear(pLead);
	if (rc == HW_ESTORE)
		hw_answer_error(r, 503, NULL, "cannot read lead %lld: %s", r->iId, hw_store_errmsg(s));
	else
		hw_answer_error(r, 404, NULL, "no lead %lld that you may see", r->iId);
	return 0;
}

/* ---- health, OpenAPI ---- */

void hw_api_health(hw_req *r)
{
	hw_answer_json(r, 200, json_pack("{s:b,s:s}", "ok", 1, "version", HW_VERSION));
}

void hw_api_openapi(hw_req *r)
{
	const char *z = hw_http_openapi();
	hw_answer_text(r, 200, "application/json", z, strlen(z));
}

/* ---- the calling screen ---- */

typedef struct opener_ctx {
	const char *zWant;
	char *zBody; /* the template's text (free()) */
} opener_ctx;

static int opener_cb(void *pv, const char *zName, const char *zChannel, const char *zSubject,
		     const char *zBody)
{
	opener_ctx *c = pv;
	(void)zSubject;
	if (strcmp(zChannel, "opener") || strcmp(zName, c->zWant))
		return 0;
	c->zBody = strdup(zBody ? zBody : "");
	return 1;
}

void hw_api_next(hw_req *r)
{
	hw_work *w = hw_req_work(r);
	hw_store *s = r->pT->pStore;
	hw_offer offer;
	hw_err err;
	hw_rc rc;
	json_t *pOut;
	opener_ctx oc = {"callback-opener", NULL};

	if (!w)
		return;
	hw_err_clear(&err);
	if ((rc = hw_commit_next(w, r->user.iId, &offer, &err)) != HW_OK) {
		hw_answer_rc(r, rc, &err);
		return;
	}
	pOut = hw_offer_json(&offer);
	/* the opener that refers to the note sent after the last call, filled in
	 * for this lead; left out when a field of it has no value */
	if (offer.bRefer)
		s->pMethods->xTemplateList(s, opener_cb, &oc);
	if (oc.zBody) {
		char *z = NULL;
		if (hw_out_render_text(w, oc.zBody, offer.lead.iId, r->user.iId, 0, &z, &err) == HW_OK)
			json_object_set_new(pOut, "opener",
					    json_pack("{s:s,s:s}", "name", oc.zWant, "body", z));
		free(z);
		free(oc.zBody);
	}
	json_object_set_new(pOut, "goal", json_pack("{s:i}", "daily_goal", r->user.nDailyGoal));
	hw_offer_clear(&offer);
	hw_answer_json(r, 200, pOut);
}

void hw_api_log(hw_req *r)
{
	hw_work *w = hw_req_work(r);
	const char *zOutcome, *zReason, *zAt, *zNote, *zObj, *zName, *zPhone, *zNext;
	char zNoteAll[512];
	json_t *pDur = json_object_get(r->pJson, "duration");
	hw_log_in in;
	hw_log_out out;
	hw_lead lead;
	hw_err err;
	hw_rc rc;

	if (!w)
		return;
	if (!hw_body_str(r, "outcome", 32, &zOutcome) || !hw_body_str(r, "reason", 32, &zReason) ||
	    !hw_body_str(r, "at", 64, &zAt) || !hw_body_str(r, "note", 500, &zNote) ||
	    !hw_body_str(r, "objection", 32, &zObj) || !hw_body_str(r, "name", 100, &zName) ||
	    !hw_body_str(r, "phone", 32, &zPhone) || !hw_body_str(r, "next", 200, &zNext))
		return;
	memset(&in, 0, sizeof in);
	if (!zOutcome || hw_outcome_parse(zOutcome, &in.eOutcome) != HW_OK) {
		hw_answer_error(r, 400, "outcome",
				"'outcome' must be one of no_answer, busy, voicemail, gatekeeper, "
				"brush_off, not_interested, callback, conversation, meeting, "
				"wrong_number, bad_number, do_not_call");
		return;
	}
	if (zReason && hw_reason_parse(zReason, &in.eReason) != HW_OK) {
		hw_answer_error(r, 400, "reason",
				"'reason' must be timing, no_need, no_fit, has_provider or other");
		return;
	}
	if (pDur && !json_is_null(pDur)) {
		if (!json_is_integer(pDur) || json_integer_value(pDur) < 0 ||
		    json_integer_value(pDur) > 86400) {
			hw_answer_error(r, 400, "duration", "'duration' must be seconds, 0 to 86400");
			return;
		}
		in.nDuration = (int)json_integer_value(pDur);
	}
	if (!path_lead(r, &lead))
		return;
	hw_err_clear(&err);
	if (zAt && hw_parse_lead_time(zAt, lead.zTimeZones, r->tNow, &in.tTime) != HW_OK) {
		hw_lead_clear(&lead);
		hw_answer_error(r, 400, "at",
				"'%s' is not a time: use HH:MM or YYYY-MM-DD HH:MM (the lead's local "
				"time) or ISO 8601 with a zone",
				zAt);
		return;
	}
	hw_lead_clear(&lead);
	if (zNext) {
		snprintf(zNoteAll, sizeof zNoteAll, "next step: %s%s%s", zNext, zNote ? "; " : "",
			 zNote ? zNote : "");
		zNote = zNoteAll;
	}
	in.iLead = r->iId;
	in.iUser = r->user.iId;
	in.zNote = zNote;
	in.zObjection = zObj;
	in.zName = zName;
	in.zPhone = zPhone;
	if ((rc = hw_commit_log(w, &in, &out, &err)) != HW_OK) {
		hw_answer_rc(r, rc, &err);
		return;
	}
	hw_answer_json(r, 201, hw_log_json(&out));
}

void hw_api_why(hw_req *r)
{
	hw_work *w = hw_req_work(r);
	hw_lead lead;
	hw_why why;
	hw_err err;
	hw_rc rc;
	if (!w || !path_lead(r, &lead))
		return;
	hw_lead_clear(&lead);
	hw_err_clear(&err);
	if ((rc = hw_work_why(w, r->iId, &why, &err)) != HW_OK)
		hw_answer_rc(r, rc, &err);
	else
		hw_answer_json(r, 200, hw_why_json(r->iId, &why));
}

void hw_api_outcomes(hw_req *r)
{
	static const char *const azNeed[4] = {"time", "reason", "name", "next"};
	json_t *pO = json_array(), *pR = json_array(), *pB = json_array();
	for (int i = 0; i < HW_O_COUNT; i++) {
		const hw_outcome_info *p = &hw_outcomes[i];
		char zKey[2] = {p->cKey, 0};
		json_t *pNeeds = json_array(), *pReq = json_array();
		for (int b = 0; b < 4; b++) {
			if (p->mNeeds & (1u << b))
				json_array_append_new(pNeeds, json_string(azNeed[b]));
			if (p->mRequired & (1u << b))
				json_array_append_new(pReq, json_string(azNeed[b]));
		}
		json_array_append_new(
			pO, json_pack("{s:s,s:s,s:s,s:o,s:o,s:s?,s:b,s:b,s:b,s:b}", "name", p->zName,
				      "label", p->zLabel, "key", zKey, "needs", pNeeds, "required",
				      pReq, "time_label", p->zTimeLabel, "reached",
				      !!(p->mFlags & HW_OF_REACHED), "conversation",
				      !!(p->mFlags & HW_OF_CONVERSATION), "negative",
				      !!(p->mFlags & HW_OF_NEGATIVE), "terminal",
				      !!(p->mFlags & HW_OF_TERMINAL)));
	}
	for (int i = 1; i < HW_R_COUNT; i++)
		json_array_append_new(pR, json_string(hw_reason_names[i]));
	for (int i = 1; i < HW_OBJ_COUNT; i++)
		json_array_append_new(pB, json_string(hw_objection_names[i]));
	hw_answer_json(r, 200,
		       json_pack("{s:o,s:o,s:o}", "outcomes", pO, "reasons", pR, "objections", pB));
}

/* ---- agenda and numbers ---- */

/* The visible tasks of the day, gathered first: rendering one reads the
 * lead's tasks, which must not happen inside the task list's own scan. */
typedef struct agenda_ctx {
	hw_store *pStore;
	hw_req *pReq;
	hw_task *aTask;
	char (*azName)[128];
	int n, nCap;
} agenda_ctx;

static int agenda_cb(void *pv, const hw_task *t)
{
	agenda_ctx *a = pv;
	hw_lead lead;
	char zName[128] = "";
	if (a->pStore->pMethods->xLeadLoad(a->pStore, t->iLead, &lead) == HW_OK) {
		int bOk = hw_auth_lead_ok(a->pReq, &lead);
		hw_lead_display_name(&lead, zName, sizeof zName);
		hw_lead_clear(&lead);
		if (!bOk)
			return 0;
	}
	if (a->n == a->nCap) {
		int nCap = a->nCap ? a->nCap * 2 : 64;
		hw_task *aT = realloc(a->aTask, (size_t)nCap * sizeof *aT);
		char(*az)[128] = aT ? realloc(a->azName, (size_t)nCap * sizeof *az) : NULL;
		if (aT)
			a->aTask = aT;
		if (!az)
			return 1;
		a->azName = az;
		a->nCap = nCap;
	}
	a->aTask[a->n] = *t;
	memcpy(a->azName[a->n++], zName, sizeof zName);
	return 0;
}

void hw_api_agenda(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	hw_work *w = hw_req_work(r);
	const char *zDay = hw_query(r, "day");
	long long iUser;
	hw_user u = r->user;
	hw_task_filter f;
	hw_local lt;
	agenda_ctx a;
	int y, m, d;
	char zDate[16];
	const char *zZone;
	json_t *pArr;
	hw_err err;
	hw_rc rc;

	if (!w || !hw_auth_subject(r, &iUser))
		return;
	if (iUser && iUser != r->user.iId && s->pMethods->xUserLoad(s, iUser, &u) != HW_OK) {
		hw_answer_error(r, 404, "user", "no user %lld", iUser);
		return;
	}
	zZone = u.zTimeZone[0] ? u.zTimeZone : "UTC";
	if (zDay) {
		if (strlen(zDay) != 10 || sscanf(zDay, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 ||
		    m > 12 || d < 1 || d > 31) {
			hw_answer_error(r, 400, "day", "'day' must be YYYY-MM-DD");
			return;
		}
	} else {
		hw_local_time(zZone, r->tNow, &lt);
		y = lt.iYear, m = lt.iMonth, d = lt.iDay;
	}
	memset(&f, 0, sizeof f);
	if (hw_local_to_utc(zZone, y, m, d, 0, &f.tFrom) != HW_OK ||
	    hw_local_to_utc(zZone, y, m, d, 24 * 60, &f.tUntil) != HW_OK) {
		hw_answer_error(r, 400, "day", "'%s' is not a day", zDay ? zDay : "today");
		return;
	}
	f.iUser = iUser;
	f.nLimit = 1000;
	memset(&a, 0, sizeof a);
	a.pStore = s;
	a.pReq = r;
	rc = s->pMethods->xTaskList(s, &f, agenda_cb, &a);
	pArr = json_array();
	hw_err_clear(&err);
	/* non-call tasks come with their text as the prospect will read it */
	for (int i = 0; rc == HW_OK && i < a.n; i++) {
		json_t *pT = hw_task_json(&a.aTask[i], a.azName[i]);
		if (a.aTask[i].eChannel != HW_CH_CALL)
			rc = hw_api_task_text(w, &a.aTask[i], u.iId, pT, &err);
		json_array_append_new(pArr, pT);
	}
	free(a.aTask);
	free(a.azName);
	if (rc != HW_OK) {
		json_decref(pArr);
		hw_answer_error(r, 503, NULL, "cannot read the agenda: %s",
				err.zMsg[0] ? err.zMsg : hw_store_errmsg(s));
		return;
	}
	snprintf(zDate, sizeof zDate, "%04d-%02d-%02d", y, m, d);
	hw_answer_json(r, 200, json_pack("{s:s,s:s,s:o}", "day", zDate, "zone", zZone, "tasks", pArr));
}

void hw_api_stats(hw_req *r)
{
	hw_work *w = hw_req_work(r);
	const char *zSince = hw_query(r, "since");
	hw_time tSince = 0;
	long long iUser;
	hw_stats st;
	hw_err err;
	hw_rc rc;
	if (!w || !hw_auth_subject(r, &iUser))
		return;
	if (zSince && hw_parse_time(zSince, &tSince) != HW_OK) {
		hw_answer_error(r, 400, "since", "'since' must be YYYY-MM-DD or ISO 8601");
		return;
	}
	hw_err_clear(&err);
	if ((rc = hw_work_stats(w, iUser, tSince, &st, &err)) != HW_OK)
		hw_answer_rc(r, rc, &err);
	else
		hw_answer_json(r, 200, hw_stats_json(&st));
}

/* ---- leads ---- */

typedef struct list_ctx {
	json_t *pArr;
	long long iLast;
	long n;
} list_ctx;

static int list_cb(void *pv, const hw_lead *pLead)
{
	list_ctx *c = pv;
	json_array_append_new(c->pArr, hw_lead_to_json(pLead));
	c->iLast = pLead->iId;
	c->n++;
	return 0;
}

static int query_int(hw_req *r, const char *zName, long long lo, long long hi, long long *pv)
{
	const char *z = hw_query(r, zName);
	char *zEnd;
	long long v;
	if (!z)
		return 1;
	v = strtoll(z, &zEnd, 10);
	if (!*z || *zEnd || v < lo || v > hi) {
		hw_answer_error(r, 400, zName, "'%s' must be a number from %lld to %lld", zName, lo, hi);
		return 0;
	}
	*pv = v;
	return 1;
}

void hw_api_leads(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	const char *zStatus = hw_query(r, "status"), *zQ = hw_query(r, "q");
	long long nLimit = 50, iAfter = 0;
	hw_lead_filter f;
	list_ctx c = {NULL, 0, 0};
	char zLike[260];

	memset(&f, 0, sizeof f);
	if (!query_int(r, "limit", 1, 500, &nLimit) || !query_int(r, "after", 0, (1LL << 53), &iAfter))
		return;
	if (zStatus && zStatus[0]) {
		if (hw_status_parse(zStatus, &f.eStatus) != HW_OK) {
			hw_answer_error(r, 400, "status",
					"'status' must be new, working, meeting, nurture, "
					"disqualified or do_not_contact");
			return;
		}
		f.bStatus = 1;
	}
	if (zQ && zQ[0]) {
		if (strlen(zQ) > 200) {
			hw_answer_error(r, 400, "q", "'q' is at most 200 characters");
			return;
		}
		snprintf(zLike, sizeof zLike, "%%%s%%", zQ);
		f.zLike = zLike;
	}
	if (r->eRole == HW_ROLE_REP) {
		f.iScopeOwner = r->user.iId;
	} else if (r->eRole == HW_ROLE_MANAGER) {
		f.iScopeManager = r->user.iId;
		f.iScopeTeam = r->user.iTeam;
	}
	f.iAfterId = iAfter;
	f.nLimit = (long)nLimit;
	c.pArr = json_array();
	if (s->pMethods->xLeadList(s, &f, list_cb, &c) != HW_OK) {
		json_decref(c.pArr);
		hw_answer_error(r, 503, NULL, "cannot list leads: %s", hw_store_errmsg(s));
		return;
	}
	hw_answer_json(r, 200,
		       json_pack("{s:o,s:o}", "leads", c.pArr, "next_after",
				 c.n == nLimit ? json_integer(c.iLast) : json_null()));
}

static int touch_cb(void *pv, const hw_touch_row *t)
{
	char zAt[32];
	hw_iso(t->tAt, zAt);
	json_array_append_new(pv, json_pack("{s:I,s:s,s:s,s:s?,s:s?,s:s?}", "id", (json_int_t)t->iId,
					    "at", zAt, "channel", t->zChannel, "outcome",
					    t->zOutcome, "notes", t->zNotes, "user", t->zUser));
	return 0;
}

static int task_cb(void *pv, const hw_task *t)
{
	json_array_append_new(pv, hw_task_json(t, ""));
	return 0;
}

static void answer_lead(hw_req *r, const hw_lead *pLead, int iStatus)
{
	hw_store *s = r->pT->pStore;
	json_t *pObj = hw_lead_to_json(pLead), *pTouches = json_array(), *pTasks = json_array();
	hw_task_filter f;
	memset(&f, 0, sizeof f);
	f.iLead = pLead->iId;
	f.bOpenOnly = 1;
	f.tUntil = (hw_time)1 << 40;
	f.nLimit = 100;
	if (s->pMethods->xTouchList(s, pLead->iId, touch_cb, pTouches) != HW_OK ||
	    s->pMethods->xTaskList(s, &f, task_cb, pTasks) != HW_OK) {
		json_decref(pObj);
		json_decref(pTouches);
		json_decref(pTasks);
		hw_answer_error(r, 503, NULL, "cannot read the lead's history: %s", hw_store_errmsg(s));
		return;
	}
	json_object_set_new(pObj, "owner_id",
			    pLead->iOwner ? json_integer(pLead->iOwner) : json_null());
	json_object_set_new(pObj, "touches", pTouches);
	json_object_set_new(pObj, "tasks", pTasks);
	hw_answer_json(r, iStatus, pObj);
}

void hw_api_lead(hw_req *r)
{
	hw_lead lead;
	if (!path_lead(r, &lead))
		return;
	answer_lead(r, &lead, 200);
	hw_lead_clear(&lead);
}

/* What PATCH may change: contact fields. Location fields decide the legal
 * calling window and come from the import; status, do-not-call and the rest
 * change through outcomes, never through an edit. */
static const hw_field aEditable[] = {
	HW_F_FIRST_NAME, HW_F_LAST_NAME, HW_F_FULL_NAME, HW_F_TITLE,    HW_F_COMPANY,
	HW_F_EMAIL,      HW_F_LINKEDIN,  HW_F_WEBSITE,   HW_F_STREET,   HW_F_CITY,
	HW_F_POSTAL_CODE, HW_F_INDUSTRY, HW_F_EMPLOYEES, HW_F_NOTES,
};

static int editable(const char *zKey, hw_field *pe)
{
	for (size_t i = 0; i < sizeof aEditable / sizeof aEditable[0]; i++)
		if (strcmp(hw_lead_fields[aEditable[i]].zName, zKey) == 0) {
			*pe = aEditable[i];
			return 1;
		}
	return 0;
}

void hw_api_lead_edit(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	hw_lead lead;
	const char *zKey;
	json_t *pVal;
	long long iOwner = -1;
	char *zDetail;
	hw_rc rc = HW_OK;

	if (!path_lead(r, &lead))
		return;
	json_object_foreach(r->pJson, zKey, pVal)
	{
		hw_field e;
		if (strcmp(zKey, "owner_id") == 0) {
			hw_user u;
			if (r->eRole == HW_ROLE_REP) {
				hw_answer_error(r, 403, zKey, "a rep cannot give a lead away; ask a manager");
				goto out;
			}
			if (json_is_null(pVal)) {
				iOwner = 0;
				continue;
			}
			if (!json_is_integer(pVal) ||
			    s->pMethods->xUserLoad(s, json_integer_value(pVal), &u) != HW_OK ||
			    !hw_auth_user_ok(r, &u)) {
				hw_answer_error(r, 400, zKey, "'owner_id' must be the id of a user you manage");
				goto out;
			}
			iOwner = u.iId;
			continue;
		}
		if (!editable(zKey, &e)) {
			int bKnown = !strcmp(zKey, "status") || !strcmp(zKey, "do_not_call") ||
				     !strcmp(zKey, "suppressed") || !strcmp(zKey, "id") ||
				     !strcmp(zKey, "icp") || !strcmp(zKey, "role") ||
				     !strcmp(zKey, "phones") || !strcmp(zKey, "time_zones");
			if (bKnown)
				hw_answer_error(r, 403, zKey,
						"'%s' is not set by an edit: it follows from outcomes, "
						"imports and the do-not-call list",
						zKey);
			else
				hw_answer_error(r, 400, zKey, "'%s' is not a field you can edit", zKey);
			goto out;
		}
		if (!json_is_string(pVal) && !json_is_null(pVal)) {
			hw_answer_error(r, 400, zKey, "'%s' must be a string or null", zKey);
			goto out;
		}
		if (json_is_string(pVal) && (json_string_length(pVal) > 2000 ||
					     strlen(json_string_value(pVal)) != json_string_length(pVal))) {
			hw_answer_error(r, 400, zKey, "'%s' must be text of at most 2000 bytes", zKey);
			goto out;
		}
		if (e == HW_F_EMAIL && json_is_string(pVal)) {
			char zEmail[256];
			size_t k = 0;
			for (const char *c = json_string_value(pVal); *c && k + 1 < sizeof zEmail; c++)
				zEmail[k++] = (char)tolower((unsigned char)*c);
			zEmail[k] = 0;
			if (!hw_email_ok(zEmail) || json_string_length(pVal) >= sizeof zEmail) {
				hw_answer_error(r, 400, zKey, "'%s' is not an email address (name@domain.tld)",
						json_string_value(pVal));
				goto out;
			}
			if (hw_lead_set(&lead, e, zEmail) != HW_OK) {
				hw_answer_error(r, 500, NULL, "out of memory");
				goto out;
			}
			continue;
		}
		if (hw_lead_set(&lead, e, json_is_string(pVal) ? json_string_value(pVal) : NULL) !=
		    HW_OK) {
			hw_answer_error(r, 500, NULL, "out of memory");
			goto out;
		}
	}
	lead.tUpdated = r->tNow;
	zDetail = json_dumps(r->pJson, JSON_COMPACT);
	if ((rc = hw_store_begin(s, 1)) == HW_OK && (rc = s->pMethods->xLeadUpdate(s, &lead, 0)) == HW_OK &&
	    (iOwner < 0 || (rc = s->pMethods->xLeadSetOwner(s, lead.iId, iOwner, r->tNow)) == HW_OK) &&
	    (rc = s->pMethods->xAudit(s, r->tNow, r->user.iId, "lead_edit", "lead", lead.iId,
				      zDetail)) == HW_OK)
		rc = hw_store_commit(s);
	free(zDetail);
	if (rc != HW_OK) {
		hw_store_rollback(s);
		hw_answer_error(r, hw_http_status(rc), NULL, "cannot save lead %lld: %s", lead.iId,
				hw_store_errmsg(s));
		goto out;
	}
	if (iOwner >= 0)
		lead.iOwner = iOwner;
	answer_lead(r, &lead, 200);
out:
	hw_lead_clear(&lead);
}

/* ---- rules, users ---- */

static int cadence_cb(void *pv, const char *zName, int bDefault, const char *zSource)
{
	json_array_append_new(pv, json_pack("{s:s,s:b,s:s}", "name", zName, "default", bDefault,
					    "source", zSource ? zSource : ""));
	return 0;
}

void hw_api_cadences(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	json_t *pArr = json_array();
	if (!hw_req_work(r)) { /* stores the shipped default on first use */
		json_decref(pArr);
		return;
	}
	if (s->pMethods->xCadenceList(s, cadence_cb, pArr) != HW_OK) {
		json_decref(pArr);
		hw_answer_error(r, 503, NULL, "cannot list cadences: %s", hw_store_errmsg(s));
		return;
	}
	hw_answer_json(r, 200, json_pack("{s:o}", "cadences", pArr));
}

static int template_cb(void *pv, const char *zName, const char *zChannel, const char *zSubject,
		       const char *zBody)
{
	json_array_append_new(pv, json_pack("{s:s,s:s,s:s?,s:s}", "name", zName, "channel",
					    zChannel, "subject", zSubject, "body",
					    zBody ? zBody : ""));
	return 0;
}

void hw_api_templates(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	json_t *pArr = json_array();
	if (s->pMethods->xTemplateList(s, template_cb, pArr) != HW_OK) {
		json_decref(pArr);
		hw_answer_error(r, 503, NULL, "cannot list templates: %s", hw_store_errmsg(s));
		return;
	}
	hw_answer_json(r, 200, json_pack("{s:o}", "templates", pArr));
}

typedef struct users_ctx {
	hw_req *pReq;
	json_t *pArr;
} users_ctx;

static int users_cb(void *pv, const hw_user *u)
{
	users_ctx *c = pv;
	if (hw_auth_user_ok(c->pReq, u))
		json_array_append_new(c->pArr, hw_user_json(u));
	return 0;
}

void hw_api_users(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	users_ctx c = {r, json_array()};
	if (s->pMethods->xUserList(s, users_cb, &c) != HW_OK) {
		json_decref(c.pArr);
		hw_answer_error(r, 503, NULL, "cannot list users: %s", hw_store_errmsg(s));
		return;
	}
	hw_answer_json(r, 200, json_pack("{s:o}", "users", c.pArr));
}

void hw_api_user_add(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	const char *zLogin, *zName, *zPw, *zRole, *zTeam, *zTz, *zCaller;
	char zHash[HW_PASSWORD_HASH_MAX];
	hw_user u;
	hw_rc rc;

	if (!hw_body_str(r, "login", 63, &zLogin) || !hw_body_str(r, "name", 127, &zName) ||
	    !hw_body_str(r, "password", 1024, &zPw) || !hw_body_str(r, "role", 15, &zRole) ||
	    !hw_body_str(r, "team", 100, &zTeam) || !hw_body_str(r, "time_zone", 63, &zTz) ||
	    !hw_body_str(r, "caller_id", 32, &zCaller))
		return;
	if (!zLogin || !zLogin[0]) {
		hw_answer_error(r, 400, "login", "'login' is required");
		return;
	}
	if (zRole && strcmp(zRole, "rep") && strcmp(zRole, "manager") && strcmp(zRole, "admin")) {
		hw_answer_error(r, 400, "role", "'role' must be rep, manager or admin");
		return;
	}
	if (zTz) {
		hw_local lt;
		if (hw_local_time(zTz, 0, &lt) != HW_OK) {
			hw_answer_error(r, 400, "time_zone", "'%s' is not an IANA time zone", zTz);
			return;
		}
	}
	if (!zPw || hw_password_hash(zPw, zHash) != HW_OK) {
		hw_answer_error(r, 400, "password", "'password' must be 8 to 1024 characters");
		return;
	}
	memset(&u, 0, sizeof u);
	snprintf(u.zLogin, sizeof u.zLogin, "%s", zLogin);
	snprintf(u.zName, sizeof u.zName, "%s", zName ? zName : zLogin);
	snprintf(u.zRole, sizeof u.zRole, "%s", zRole ? zRole : "rep");
	snprintf(u.zTimeZone, sizeof u.zTimeZone, "%s", zTz ? zTz : "");
	if (zCaller) {
		/* the admin adding the user verifies the company's number */
		hw_phone ph;
		char zWhy[160];
		if (hw_phone_parse(zCaller, "US", &ph, zWhy, sizeof zWhy) != HW_OK || !ph.zE164[0]) {
			hw_answer_error(r, 400, "caller_id", "'%s' is not a phone number: %s", zCaller,
					zWhy);
			return;
		}
		snprintf(u.zCallerId, sizeof u.zCallerId, "%s", ph.zE164);
	}
	if ((rc = hw_store_begin(s, 1)) == HW_OK &&
	    (!zTeam || (rc = s->pMethods->xTeamEnsure(s, zTeam, r->tNow, &u.iTeam)) == HW_OK) &&
	    (rc = s->pMethods->xUserAdd(s, &u, r->tNow)) == HW_OK &&
	    (rc = s->pMethods->xUserSetPassword(s, u.iId, zHash)) == HW_OK &&
	    (!u.zCallerId[0] ||
	     ((rc = s->pMethods->xUserSetCallerId(s, u.iId, u.zCallerId, r->user.iId, r->tNow)) ==
		      HW_OK &&
	      (rc = s->pMethods->xAudit(s, r->tNow, r->user.iId, "caller_id_verify", "user", u.iId,
					NULL)) == HW_OK)) &&
	    (rc = s->pMethods->xAudit(s, r->tNow, r->user.iId, "user_add", "user", u.iId, NULL)) ==
		    HW_OK)
		rc = hw_store_commit(s);
	if (rc != HW_OK) {
		hw_store_rollback(s);
		if (rc == HW_ECONFLICT)
			hw_answer_error(r, 409, "login", "a user '%s' exists already", zLogin);
		else
			hw_answer_error(r, 503, NULL, "cannot add the user: %s", hw_store_errmsg(s));
		return;
	}
	u.nDailyGoal = u.nDailyGoal ? u.nDailyGoal : 50;
	hw_answer_json(r, 201, hw_user_json(&u));
}
