/*
 * api_setup.c — what sending needs, set up over HTTP: webhooks (admins),
 * the mail settings (admins; the SMTP password is write-only), a user's
 * sending profile (their address and purpose line), and templates (managers
 * and admins), refused when a merge field would leave a hole, with the
 * honesty check's warnings. The CLI does the same in cmd_out.c and
 * cmd_lint.c; the checks and messages are the same.
 */
#include "http/http_int.h"

#include "channels/outreach.h"
#include "channels/webhook.h"
#include "core/lint.h"
#include "core/tmpl.h"
#include "io/secret.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>



/* Commit what was written since hw_store_begin (rc: how it went); 0 when
 * it failed and was answered. */
static int saved(hw_req *r, hw_rc rc, const char *zWhat)
{
	hw_store *s = r->pT->pStore;
	if (rc == HW_OK && (rc = hw_store_commit(s)) == HW_OK)
		return 1;
	hw_store_rollback(s);
	hw_answer_error(r, hw_http_status(rc), NULL, "cannot save %s: %s", zWhat,
			hw_store_errmsg(s));
	return 0;
}

/* ---- webhooks ---- */

typedef struct hook_find {
	long long iId;
	json_t *pArr;
	int bFound;
} hook_find;

static int hook_cb(void *pv, const hw_webhook *w)
{
	hook_find *f = pv;
	if (w->iId == f->iId)
		f->bFound = 1;
	if (f->pArr)
		json_array_append_new(
		    f->pArr, json_pack("{s:I,s:s,s:s,s:b,s:b}", "id", (json_int_t)w->iId, "url",
				       w->zUrl, "events", w->zEvents, "allow_private",
				       w->bAllowPrivate, "active", !w->tDisabled));
	return 0;
}

void hw_api_webhooks(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	hook_find f = {0, json_array(), 0};
	if (s->pMethods->xWebhookList(s, hook_cb, &f) != HW_OK) {
		json_decref(f.pArr);
		hw_answer_error(r, 503, NULL, "cannot read the webhooks: %s", hw_store_errmsg(s));
		return;
	}
	hw_answer_json(r, 200, json_pack("{s:o}", "webhooks", f.pArr));
}

void hw_api_webhook_add(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	json_t *pPriv = json_object_get(r->pJson, "allow_private");
	const char *zUrl, *zEvents, *zSecret;
	hw_webhook wh;
	hw_err err;
	hw_rc rc;

	static const char *const azKey[] = {"url", "events", "allow_private", "secret", NULL};
	memset(&wh, 0, sizeof wh);
	if (!hw_body_keys_ok(r, azKey) || !hw_body_str(r, "url", sizeof wh.zUrl - 1, &zUrl) ||
	    !hw_body_str(r, "events", sizeof wh.zEvents - 1, &zEvents) ||
	    !hw_body_str(r, "secret", sizeof wh.zSecret - 1, &zSecret))
		return;
	if (!zUrl) {
		hw_answer_error(r, 400, "url", "'url' is required: where to POST the events");
		return;
	}
	if (!zEvents || !hw_webhook_events_ok(zEvents)) {
		hw_answer_error(
		    r, 400, "events",
		    "unknown event in '%s': the events are meeting.booked, dnc.requested, "
		    "import.finished",
		    zEvents ? zEvents : "");
		return;
	}
	if (pPriv && !json_is_null(pPriv) && !json_is_boolean(pPriv)) {
		hw_answer_error(r, 400, "allow_private", "'allow_private' must be true or false");
		return;
	}
	if (zSecret && strlen(zSecret) < 16) {
		hw_answer_error(r, 400, "secret",
				"a secret of at least 16 characters, or none (one is made)");
		return;
	}
	wh.bAllowPrivate = pPriv && json_is_true(pPriv);
	hw_err_clear(&err);
	if ((rc = hw_webhook_check_url(zUrl, wh.bAllowPrivate, &err)) != HW_OK) {
		hw_answer_rc(r, rc, &err);
		return;
	}
	snprintf(wh.zUrl, sizeof wh.zUrl, "%s", zUrl);
	snprintf(wh.zEvents, sizeof wh.zEvents, "%s", zEvents);
	if (zSecret)
		snprintf(wh.zSecret, sizeof wh.zSecret, "%s", zSecret);
	else
		hw_secret_new(wh.zSecret);
	wh.tCreated = r->tNow;
	if ((rc = hw_store_begin(s, 1)) == HW_OK &&
	    (rc = s->pMethods->xWebhookAdd(s, &wh, r->user.iId)) == HW_OK)
		rc = s->pMethods->xAudit(s, r->tNow, r->user.iId, "webhook_add", "webhook", wh.iId,
					 NULL);
	if (!saved(r, rc, "the webhook"))
		return;
	hw_answer_json(r, 201,
		       json_pack("{s:I,s:s,s:s,s:b,s:s}", "id", (json_int_t)wh.iId, "url", wh.zUrl,
				 "events", wh.zEvents, "allow_private", wh.bAllowPrivate, "secret",
				 wh.zSecret));
}

void hw_api_webhook_remove(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	hw_rc rc;
	if ((rc = hw_store_begin(s, 1)) == HW_OK &&
	    (rc = s->pMethods->xWebhookDisable(s, r->iId, r->tNow)) == HW_OK)
		rc = s->pMethods->xAudit(s, r->tNow, r->user.iId, "webhook_remove", "webhook",
					 r->iId, NULL);
	if (rc == HW_ENOTFOUND) {
		hw_store_rollback(s);
		hw_answer_error(r, 404, NULL, "no active webhook %lld", r->iId);
		return;
	}
	if (!saved(r, rc, "the webhook"))
		return;
	hw_answer_json(r, 200, json_pack("{s:I,s:b}", "id", (json_int_t)r->iId, "removed", 1));
}

static int delivery_cb(void *pv, hw_delivery *d)
{
	static const char *const az[] = {"queued", "delivered", "failed"};
	json_array_append_new(pv, json_pack("{s:I,s:I,s:s,s:s,s:i,s:i,s:s?}", "id",
					    (json_int_t)d->iId, "webhook", (json_int_t)d->iWebhook,
					    "event", d->zEvent, "status", az[d->eStatus],
					    "attempts", d->nAttempts, "last_status", d->iLastStatus,
					    "error", d->zError[0] ? d->zError : NULL));
	return 0;
}

void hw_api_webhook_deliveries(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	hook_find f = {r->iId, NULL, 0};
	json_t *pArr;
	if (s->pMethods->xWebhookList(s, hook_cb, &f) != HW_OK) {
		hw_answer_error(r, 503, NULL, "cannot read the webhooks: %s", hw_store_errmsg(s));
		return;
	}
	if (!f.bFound) {
		hw_answer_error(r, 404, NULL, "no webhook %lld", r->iId);
		return;
	}
	pArr = json_array();
	if (s->pMethods->xDeliveryList(s, r->iId, 100, delivery_cb, pArr) != HW_OK) {
		json_decref(pArr);
		hw_answer_error(r, 503, NULL, "cannot read the deliveries: %s", hw_store_errmsg(s));
		return;
	}
	hw_answer_json(r, 200, json_pack("{s:o}", "deliveries", pArr));
}

/* ---- mail settings ---- */

static const char *const azMail[] = {
    HW_SET_SMTP_URL,	  HW_SET_SMTP_USER, HW_SET_SMTP_PASSWORD, HW_SET_SMTP_STARTTLS,
    HW_SET_SMTP_INSECURE, HW_SET_COMPANY,   HW_SET_ADDRESS,	  HW_SET_PUBLIC_URL,
};
#define N_MAIL (int)(sizeof azMail / sizeof azMail[0])

/* Where the user:password of an SMTP URL ends ('@' before the path), or
 * NULL: curl would log in with it, so it is a password too. */
static const char *url_userinfo_end(const char *zUrl)
{
	const char *z = strstr(zUrl, "://");
	const char *zAt;
	if (!z)
		return NULL;
	z += 3;
	zAt = strchr(z, '@');
	return zAt && zAt < z + strcspn(z, "/?#") ? zAt : NULL;
}

static void mail_answer(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	json_t *pObj = json_object();
	for (int i = 0; i < N_MAIL; i++) {
		char *z = NULL;
		int bSecret = strcmp(azMail[i], HW_SET_SMTP_PASSWORD) == 0;
		hw_rc rc = s->pMethods->xSettingGet(s, azMail[i], &z);
		if (rc != HW_OK && rc != HW_ENOTFOUND) {
			free(z);
			json_decref(pObj);
			hw_answer_error(r, 503, NULL, "cannot read the mail settings: %s",
					hw_store_errmsg(s));
			return;
		}
		/* the password is never shown, only whether there is one; nor
		 * one in the URL (set at the command line) */
		if (z && !bSecret && strcmp(azMail[i], HW_SET_SMTP_URL) == 0 &&
		    url_userinfo_end(z)) {
			const char *zAt = url_userinfo_end(z);
			char zShow[1100];
			snprintf(zShow, sizeof zShow, "%.*s(hidden)%s",
				 (int)(strstr(z, "://") + 3 - z), z, zAt);
			json_object_set_new(pObj, azMail[i], json_string(zShow));
		} else {
			json_object_set_new(pObj, azMail[i],
					    z && z[0] ? json_string(bSecret ? "(set)" : z)
						      : json_null());
		}
		free(z);
	}
	hw_answer_json(r, 200, pObj);
}

void hw_api_mail(hw_req *r)
{
	mail_answer(r);
}

/* {"smtp.url": "smtp://host:587", "smtp.password": "...", "mail.company": null, ...}:
 * the settings named (null clears one), the others left as they are. */
void hw_api_mail_set(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	const char *zKey;
	json_t *pVal, *pChanged = json_array(), *pDetail;
	char *zDetail;
	hw_rc rc;

	json_object_foreach(r->pJson, zKey, pVal)
	{
		const char *z;
		int k = 0;
		while (k < N_MAIL && strcmp(azMail[k], zKey) != 0)
			k++;
		if (k == N_MAIL) {
			json_decref(pChanged);
			hw_answer_error(
			    r, 400, zKey,
			    "'%s' is not a mail setting: smtp.url, smtp.user, smtp.password, "
			    "smtp.starttls, smtp.insecure, mail.company, mail.address, "
			    "mail.public_url",
			    zKey);
			return;
		}
		if (!hw_body_str(r, zKey, 1000, &z)) {
			json_decref(pChanged);
			return;
		}
		/* values go into SMTP commands and headers: one line each; the
		 * postal address alone may take several (it is printed as a block) */
		if (z &&
		    (strchr(z, '\r') || (strchr(z, '\n') && strcmp(zKey, HW_SET_ADDRESS) != 0))) {
			json_decref(pChanged);
			hw_answer_error(r, 400, zKey, "a %s in %s: one line only",
					strchr(z, '\r') ? "carriage return" : "line break", zKey);
			return;
		}
		/* smtp.c sends only to these; a user:password in the URL would be
		 * shown by GET: they go in smtp.user and smtp.password */
		if (z && z[0] && strcmp(zKey, HW_SET_SMTP_URL) == 0 &&
		    ((strncasecmp(z, "smtp://", 7) != 0 && strncasecmp(z, "smtps://", 8) != 0) ||
		     url_userinfo_end(z))) {
			json_decref(pChanged);
			hw_answer_error(r, 400, zKey,
					url_userinfo_end(z)
					    ? "no user or password in smtp.url: set smtp.user and "
					      "smtp.password"
					    : "smtp.url is smtp://host:587 or smtps://host:465");
			return;
		}
		json_array_append_new(pChanged, json_string(zKey));
	}
	pDetail = json_pack("{s:o}", "changed", pChanged); /* names only: never the password */
	zDetail = pDetail ? json_dumps(pDetail, JSON_COMPACT) : NULL;
	json_decref(pDetail);
	rc = hw_store_begin(s, 1);
	json_object_foreach(r->pJson, zKey, pVal)
	{
		if (rc != HW_OK)
			break;
		rc = s->pMethods->xSettingSet(
		    s, zKey, json_is_string(pVal) ? json_string_value(pVal) : "", r->tNow);
	}
	if (rc == HW_OK)
		rc = s->pMethods->xAudit(s, r->tNow, r->user.iId, "mail_config", "settings", 0,
					 zDetail);
	free(zDetail);
	if (saved(r, rc, "the mail settings"))
		mail_answer(r);
}

/* ---- a user's sending profile ---- */

/* {"email"?, "purpose"?}: an admin for anyone, a user for themself (a
 * manager sees their team but does not speak for them). */
void hw_api_profile(hw_req *r)
{
	static const char *const azKey[] = {"email", "purpose", NULL};
	hw_store *s = r->pT->pStore;
	const char *zEmail, *zPurpose;
	hw_user u;
	hw_err err;

	if (s->pMethods->xUserLoad(s, r->iId, &u) != HW_OK || !hw_auth_user_ok(r, &u)) {
		hw_answer_error(r, 404, NULL, "no user %lld that you may see", r->iId);
		return;
	}
	if (r->eRole != HW_ROLE_ADMIN && u.iId != r->user.iId) {
		hw_answer_error(r, 403, NULL, "only an admin changes another user's profile");
		return;
	}
	if (!hw_body_keys_ok(r, azKey) || !hw_body_str(r, "email", 1000, &zEmail) ||
	    !hw_body_str(r, "purpose", 1000, &zPurpose))
		return;
	hw_err_clear(&err);
	if (zEmail && (!hw_email_ok(zEmail) || strlen(zEmail) >= sizeof u.zEmail)) {
		hw_answer_error(r, 400, "email", "'%s' is not an email address", zEmail);
		return;
	}
	if (zPurpose && (strpbrk(zPurpose, "\r\n") || strlen(zPurpose) >= sizeof u.zPurpose ||
			 hw_tmpl_check(zPurpose, "purpose", &err) != HW_OK)) {
		char zWhy[700];
		hw_err_format(&err, zWhy, sizeof zWhy);
		if (!err.zMsg[0])
			hw_answer_error(r, 400, "purpose",
					"one line of at most %zu bytes, without merge fields",
					sizeof u.zPurpose - 1);
		else /* "purpose:1:12: field 'lead.frist_name': unknown field ..." */
			hw_answer_error(r, 400, "purpose", "%s", zWhy);
		return;
	}
	if (zEmail || zPurpose) {
		hw_rc rc;
		if ((rc = hw_store_begin(s, 1)) == HW_OK &&
		    (rc = s->pMethods->xUserSetProfile(s, u.iId, zEmail, zPurpose)) == HW_OK)
			rc = s->pMethods->xAudit(s, r->tNow, r->user.iId, "user_profile", "user",
						 u.iId, NULL);
		if (!saved(r, rc, "the profile"))
			return;
	}
	if (s->pMethods->xUserLoad(s, u.iId, &u) != HW_OK) {
		hw_answer_error(r, 503, NULL, "cannot read the profile: %s", hw_store_errmsg(s));
		return;
	}
	hw_answer_json(r, 200,
		       json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)u.iId, "login", u.zLogin,
				 "email", u.zEmail, "purpose", u.zPurpose));
}

/* ---- templates ---- */

typedef struct lint_ctx {
	const char *zWhere;
	json_t *pArr;
} lint_ctx;

static int finding_cb(void *pv, const hw_lint_finding *f)
{
	lint_ctx *c = pv;
	json_array_append_new(c->pArr, json_pack("{s:s,s:i,s:i,s:s,s:s,s:s}", "where", c->zWhere,
						 "line", f->iLine, "column", f->iCol, "rule",
						 f->zRule, "phrase", f->zPhrase, "why", f->zWhy));
	return 0;
}

/* The longest subject rendering reads back (outreach.c render_with reads
 * it into 256 bytes): a longer one would be cut, maybe inside a merge field. */
#define TEMPLATE_SUBJECT_MAX 255

/* PUT /api/v1/templates/{name} {"channel", "subject"?, "body"}: a field that
 * is not known or malformed is refused with 422 and where it is (a template
 * that would leave a hole in what the prospect reads is never saved); the
 * honesty check warns, it does not refuse. */
void hw_api_template_set(hw_req *r)
{
	static const char *const azChannel[] = {"email",     "note",   "letter", "linkedin",
						"voicemail", "opener", NULL};
	static const char *const azKey[] = {"channel", "subject", "body", NULL};
	hw_store *s = r->pT->pStore;
	const char *zName = r->zParam, *zChannel, *zSubject, *zBody;
	char zWhere[160], zWhereBody[160], *zDetail;
	json_t *pDetail;
	lint_ctx c;
	hw_err err;
	int k = 0;
	hw_rc rc;

	if (strlen(zName) > 47) {
		hw_answer_error(r, 400, "name", "a template's name is at most 47 characters");
		return;
	}
	if (!hw_body_keys_ok(r, azKey) || !hw_body_str(r, "channel", 16, &zChannel) ||
	    !hw_body_str(r, "subject", TEMPLATE_SUBJECT_MAX, &zSubject) ||
	    !hw_body_str(r, "body", HW_TMPL_MAX_TEXT, &zBody))
		return;
	/* the subject is a header of the email: one line (mail.c refuses to
	 * send any other, so every email of the template would fail) */
	if (zSubject && strpbrk(zSubject, "\r\n")) {
		hw_answer_error(r, 400, "subject", "the subject is one line: no line break");
		return;
	}
	while (zChannel && azChannel[k] && strcmp(zChannel, azChannel[k]))
		k++;
	if (!zChannel || !azChannel[k]) {
		hw_answer_error(
		    r, 400, "channel",
		    "'channel' must be email, note, letter, linkedin, voicemail or opener");
		return;
	}
	if (!zBody || !zBody[0]) {
		hw_answer_error(r, 400, "body", "'body' is required: the template's text");
		return;
	}
	hw_err_clear(&err);
	snprintf(zWhere, sizeof zWhere, "template %s, subject", zName);
	snprintf(zWhereBody, sizeof zWhereBody, "template %s", zName);
	if ((zSubject && hw_tmpl_check(zSubject, zWhere, &err) != HW_OK) ||
	    hw_tmpl_check(zBody, zWhereBody, &err) != HW_OK) {
		hw_answer_err_at(r, 422, &err);
		return;
	}
	c.pArr = json_array();
	if (zSubject && zSubject[0]) {
		c.zWhere = zWhere;
		hw_lint_text(zSubject, finding_cb, &c);
	}
	c.zWhere = zWhereBody;
	hw_lint_text(zBody, finding_cb, &c);
	pDetail = json_pack("{s:s,s:s}", "name", zName, "channel", zChannel);
	zDetail = pDetail ? json_dumps(pDetail, JSON_COMPACT) : NULL;
	json_decref(pDetail);
	if ((rc = hw_store_begin(s, 1)) == HW_OK &&
	    (rc = s->pMethods->xTemplateSet(s, zName, zChannel, zSubject, zBody, r->tNow)) == HW_OK)
		rc = s->pMethods->xAudit(s, r->tNow, r->user.iId, "template_set", "template", 0,
					 zDetail);
	free(zDetail);
	if (!saved(r, rc, "the template")) {
		json_decref(c.pArr);
		return;
	}
	hw_answer_json(
	    r, 200,
	    json_pack("{s:s,s:s,s:o}", "name", zName, "channel", zChannel, "warnings", c.pArr));
}
