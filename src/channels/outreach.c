/*
 * outreach.c — carrying out email, note, letter and LinkedIn tasks, the
 * outbox's delivery, opt-outs, invitations, webhooks and the calendar feed.
 * See outreach.h.
 */
#include "channels/outreach.h"

#include "channels/smtp.h"
#include "channels/webhook.h"
#include "core/tmpl.h"
#include "io/ical.h"
#include "io/secret.h"

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S(p) ((p)->pStore->pMethods)

static const char *const azMonth[] = {"January",   "February", "March",	   "April",
				      "May",	   "June",     "July",	   "August",
				      "September", "October",  "November", "December"};
static const char *const azWday[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
				     "Friday", "Saturday", "Sunday"};

/* ---- the values of merge fields ---- */

typedef struct merge {
	hw_work *p;
	hw_lead lead;
	hw_user user;
	char zZone[64];
	char zUserFirst[128];
	char zPhone[24];
	char zLastDate[64], zLastDay[16];
	char zNextDate[64], zNextDay[16], zNextTime[16];
	char zMeetDate[64], zMeetTime[16];
	char zToday[64];
	char *zCompany, *zAddress;
	const char *zOptOut;
	hw_time tLast, tNext, tMeet;
} merge;

static void fmt_date(const char *zZone, hw_time t, char *zDate, size_t nDate, char *zDay,
		     size_t nDay, char *zTime, size_t nTime)
{
	hw_local lt;
	if (hw_local_time(zZone[0] ? zZone : "UTC", t, &lt) != HW_OK &&
	    hw_local_time("UTC", t, &lt) != HW_OK)
		return;
	if (zDate)
		snprintf(zDate, nDate, "%s, %s %d", azWday[lt.iWday], azMonth[lt.iMonth - 1],
			 lt.iDay);
	if (zDay)
		snprintf(zDay, nDay, "%s", azWday[lt.iWday]);
	if (zTime) {
		int h = lt.iMinute / 60, m = lt.iMinute % 60;
		snprintf(zTime, nTime, "%d:%02d %s", h % 12 ? h % 12 : 12, m, h < 12 ? "AM" : "PM");
	}
}

/* {{last_touch.*}} is the last call: the note after a brush-off, printed
 * a day later, still speaks of the call, not of itself. */
static int last_touch(void *pv, const hw_touch *pT)
{
	merge *m = pv;
	if (pT->eChannel == HW_CH_CALL && pT->tAt >= m->tLast)
		m->tLast = pT->tAt;
	if (strcmp(pT->zOutcome, "meeting") == 0 && pT->tTime)
		m->tMeet = pT->tTime;
	return 0;
}

static int next_call(void *pv, const hw_task *pT)
{
	merge *m = pv;
	if (pT->eChannel == HW_CH_CALL && pT->eStatus == HW_TASK_OPEN &&
	    (!m->tNext || pT->tFrom < m->tNext))
		m->tNext = pT->tFrom;
	return 0;
}

/* A setting set to "" (or blanks) is not set: `mail show` says so, and a
 * blank postal address must hold the email like a missing one. */
static void blank_is_null(char **pz)
{
	if (*pz && !(*pz)[strspn(*pz, " \t\r\n")]) {
		free(*pz);
		*pz = NULL;
	}
}

static void merge_clear(merge *m)
{
	hw_lead_clear(&m->lead);
	free(m->zCompany);
	free(m->zAddress);
}

/* Load what the fields of a lead's template can name. iUser: who it is done
 * for when the lead has no owner. */
static hw_rc merge_load(hw_work *p, long long iLead, long long iUser, merge *m, hw_err *pErr)
{
	hw_task_filter f = {0};
	hw_time tNow = hw_clock_now(p->pClock);
	const char *zZones;
	hw_rc rc;

	memset(m, 0, sizeof *m);
	m->p = p;
	if ((rc = S(p)->xLeadLoad(p->pStore, iLead, &m->lead)) != HW_OK) {
		if (rc == HW_ENOTFOUND)
			hw_err_at(pErr, NULL, 0, 0, "lead", "no lead %lld", iLead);
		return rc;
	}
	if (m->lead.iOwner)
		iUser = m->lead.iOwner;
	if (iUser && (rc = S(p)->xUserLoad(p->pStore, iUser, &m->user)) != HW_OK)
		return rc;
	zZones = m->lead.zTimeZones;
	if (zZones && strcspn(zZones, "|") < sizeof m->zZone)
		snprintf(m->zZone, sizeof m->zZone, "%.*s", (int)strcspn(zZones, "|"), zZones);
	else if (m->user.zTimeZone[0])
		snprintf(m->zZone, sizeof m->zZone, "%s", m->user.zTimeZone);
	snprintf(m->zUserFirst, sizeof m->zUserFirst, "%.*s", (int)strcspn(m->user.zName, " "),
		 m->user.zName);
	for (int i = 0; i < m->lead.nPhone; i++)
		if (m->lead.aPhone[i].bValid && !m->lead.aPhone[i].bDead) {
			snprintf(m->zPhone, sizeof m->zPhone, "%s", m->lead.aPhone[i].zE164);
			break;
		}
	if ((rc = S(p)->xTouchHistory(p->pStore, iLead, last_touch, m)) != HW_OK)
		return rc;
	f.iLead = iLead;
	f.bOpenOnly = 1;
	f.tFrom = tNow;
	f.tUntil = tNow + 400 * 86400LL;
	if ((rc = S(p)->xTaskList(p->pStore, &f, next_call, m)) != HW_OK)
		return rc;
	if (m->tLast)
		fmt_date(m->zZone, m->tLast, m->zLastDate, sizeof m->zLastDate, m->zLastDay,
			 sizeof m->zLastDay, NULL, 0);
	if (m->tNext)
		fmt_date(m->zZone, m->tNext, m->zNextDate, sizeof m->zNextDate, m->zNextDay,
			 sizeof m->zNextDay, m->zNextTime, sizeof m->zNextTime);
	if (m->tMeet)
		fmt_date(m->zZone, m->tMeet, m->zMeetDate, sizeof m->zMeetDate, NULL, 0,
			 m->zMeetTime, sizeof m->zMeetTime);
	fmt_date(m->zZone, tNow, m->zToday, sizeof m->zToday, NULL, 0, NULL, 0);
	rc = S(p)->xSettingGet(p->pStore, HW_SET_COMPANY, &m->zCompany);
	if (rc == HW_OK || rc == HW_ENOTFOUND)
		rc = S(p)->xSettingGet(p->pStore, HW_SET_ADDRESS, &m->zAddress);
	blank_is_null(&m->zCompany);
	blank_is_null(&m->zAddress);
	return rc == HW_ENOTFOUND ? HW_OK : rc;
}

static const struct {
	const char *zName;
	hw_field e;
} aLeadField[] = {
    {"lead.first_name", HW_F_FIRST_NAME}, {"lead.last_name", HW_F_LAST_NAME},
    {"lead.full_name", HW_F_FULL_NAME},	  {"lead.title", HW_F_TITLE},
    {"lead.company", HW_F_COMPANY},	  {"lead.email", HW_F_EMAIL},
    {"lead.street", HW_F_STREET},	  {"lead.city", HW_F_CITY},
    {"lead.state", HW_F_STATE},		  {"lead.postal_code", HW_F_POSTAL_CODE},
    {"lead.country", HW_F_COUNTRY},	  {"lead.linkedin_url", HW_F_LINKEDIN},
    {"lead.website", HW_F_WEBSITE},	  {"lead.industry", HW_F_INDUSTRY},
    {"account.name", HW_F_COMPANY},
};

/* The fields that are text the merge holds: where, and whether it is a
 * pointer (NULL: no value) or an array ("": no value). */
#define MF(zName, member, bPtr)                                                                    \
	{                                                                                          \
		zName, offsetof(merge, member), bPtr                                               \
	}
static const struct {
	const char *zName;
	size_t iOff;
	int bPtr;
} aMergeField[] = {
    MF("lead.phone", zPhone, 0),	  MF("user.name", user.zName, 0),
    MF("user.first_name", zUserFirst, 0), MF("user.email", user.zEmail, 0),
    MF("user.phone", user.zCallerId, 0),  MF("user.purpose", user.zPurpose, 0),
    MF("last_touch.date", zLastDate, 0),  MF("last_touch.day", zLastDay, 0),
    MF("next_call.date", zNextDate, 0),	  MF("next_call.day", zNextDay, 0),
    MF("next_call.time", zNextTime, 0),	  MF("meeting.date", zMeetDate, 0),
    MF("meeting.time", zMeetTime, 0),	  MF("today.date", zToday, 0),
    MF("sender.company", zCompany, 1),	  MF("sender.address", zAddress, 1),
    MF("optout.link", zOptOut, 1),
};
#undef MF

static const char *merge_value(void *pv, const char *zField)
{
	merge *m = pv;
	for (size_t i = 0; i < sizeof aLeadField / sizeof aLeadField[0]; i++)
		if (strcmp(zField, aLeadField[i].zName) == 0)
			return m->lead.azField[aLeadField[i].e];
	for (size_t i = 0; i < sizeof aMergeField / sizeof aMergeField[0]; i++)
		if (strcmp(zField, aMergeField[i].zName) == 0) {
			const char *p = (const char *)m + aMergeField[i].iOff;
			return aMergeField[i].bPtr ? *(const char *const *)p : p;
		}
	return NULL;
}

/* ---- rendering a task ---- */

void hw_rendered_clear(hw_rendered *p)
{
	free(p->zSubject);
	free(p->zBody);
	free(p->zAddress);
	memset(p, 0, sizeof *p);
}

/* The lead's postal address block: name, company, street, city state zip,
 * country; "" when there is no street or city. */
static char *address_block(const hw_lead *pL)
{
	char zName[256], *z;
	const char *const *a = (const char *const *)pL->azField;
	size_t n = 1024;
	if (!a[HW_F_STREET] && !a[HW_F_CITY])
		return strdup("");
	if (!(z = malloc(n)))
		return NULL;
	hw_lead_display_name(pL, zName, sizeof zName);
	snprintf(z, n, "%s%s%s%s%s%s%s%s%s%s%s%s", zName, a[HW_F_COMPANY] ? "\n" : "",
		 a[HW_F_COMPANY] ? a[HW_F_COMPANY] : "", a[HW_F_STREET] ? "\n" : "",
		 a[HW_F_STREET] ? a[HW_F_STREET] : "", "\n", a[HW_F_CITY] ? a[HW_F_CITY] : "",
		 a[HW_F_STATE] ? (a[HW_F_CITY] ? ", " : "") : "",
		 a[HW_F_STATE] ? a[HW_F_STATE] : "", a[HW_F_POSTAL_CODE] ? " " : "",
		 a[HW_F_POSTAL_CODE] ? a[HW_F_POSTAL_CODE] : "",
		 pL->zRegion[0] && strcmp(pL->zRegion, "US") != 0 && a[HW_F_COUNTRY] ? "" : "");
	if (pL->zRegion[0] && strcmp(pL->zRegion, "US") != 0 && a[HW_F_COUNTRY]) {
		size_t k = strlen(z);
		snprintf(z + k, n - k, "\n%s", a[HW_F_COUNTRY]);
	}
	return z;
}

static hw_rc render_with(hw_work *p, merge *m, const hw_task *pTask, hw_rendered *pOut,
			 hw_err *pErr)
{
	char zChannel[16] = "", zSubject[256] = "", zWhere[96];
	char *zBody = NULL;
	const char *zWant = hw_channel_names[pTask->eChannel];
	hw_rc rc;

	snprintf(pOut->zTemplate, sizeof pOut->zTemplate, "%s", pTask->zTemplate);
	snprintf(pOut->zChannel, sizeof pOut->zChannel, "%s", zWant);
	snprintf(pOut->zZone, sizeof pOut->zZone, "%s", m->zZone);
	snprintf(pOut->zRegion, sizeof pOut->zRegion, "%s", m->lead.zRegion);
	if (!pTask->zTemplate[0]) {
		hw_err_at(pErr, NULL, 0, 0, "template", "the task names no template");
		return HW_EINVAL;
	}
	rc = S(p)->xTemplateGet(p->pStore, pTask->zTemplate, zChannel, sizeof zChannel, zSubject,
				sizeof zSubject, &zBody);
	if (rc == HW_ENOTFOUND) {
		hw_err_at(pErr, NULL, 0, 0, "template",
			  "no template '%s': add it with `hawser template set %s FILE`",
			  pTask->zTemplate, pTask->zTemplate);
		return HW_EINVAL;
	}
	if (rc != HW_OK)
		return rc;
	/* a note task may use a letter template and the other way round */
	if (strcmp(zChannel, zWant) != 0 &&
	    !((strcmp(zWant, "note") == 0 || strcmp(zWant, "letter") == 0) &&
	      (strcmp(zChannel, "note") == 0 || strcmp(zChannel, "letter") == 0))) {
		hw_err_at(pErr, NULL, 0, 0, "template", "template '%s' is for %s, the task is %s",
			  pTask->zTemplate, zChannel, zWant);
		free(zBody);
		return HW_EINVAL;
	}
	snprintf(zWhere, sizeof zWhere, "template %s", pTask->zTemplate);
	rc = hw_tmpl_render(zBody, merge_value, m, 0, &pOut->zBody, pErr);
	if (rc == HW_OK) {
		snprintf(zWhere, sizeof zWhere, "template %s, subject", pTask->zTemplate);
		rc = hw_tmpl_render(zSubject, merge_value, m, 1, &pOut->zSubject, pErr);
	}
	if (rc != HW_OK && pErr && !pErr->zFile[0])
		snprintf(pErr->zFile, sizeof pErr->zFile, "%s", zWhere);
	free(zBody);
	if (rc != HW_OK)
		return rc;
	if (m->lead.azField[HW_F_EMAIL])
		snprintf(pOut->zTo, sizeof pOut->zTo, "%s", m->lead.azField[HW_F_EMAIL]);
	hw_lead_display_name(&m->lead, pOut->zToName, sizeof pOut->zToName);
	if (m->lead.azField[HW_F_LINKEDIN])
		snprintf(pOut->zLinkedIn, sizeof pOut->zLinkedIn, "%s",
			 m->lead.azField[HW_F_LINKEDIN]);
	if (!(pOut->zAddress = address_block(&m->lead)))
		return HW_ENOMEM;
	return HW_OK;
}

hw_rc hw_out_render(hw_work *p, const hw_task *pTask, long long iUser, const char *zOptOutUrl,
		    hw_rendered *pOut, hw_err *pErr)
{
	merge m;
	hw_rc rc;
	memset(pOut, 0, sizeof *pOut);
	if ((rc = merge_load(p, pTask->iLead, iUser, &m, pErr)) == HW_OK) {
		m.zOptOut = zOptOutUrl;
		rc = render_with(p, &m, pTask, pOut, pErr);
	}
	merge_clear(&m);
	if (rc != HW_OK)
		hw_rendered_clear(pOut);
	return hw_work_fail(p, rc, pErr, "render the template");
}

hw_rc hw_out_render_text(hw_work *p, const char *zText, long long iLead, long long iUser,
			 int bNoNewline, char **pzOut, hw_err *pErr)
{
	merge m;
	hw_rc rc;
	*pzOut = NULL;
	if ((rc = merge_load(p, iLead, iUser, &m, pErr)) == HW_OK)
		rc = hw_tmpl_render(zText, merge_value, &m, bNoNewline, pzOut, pErr);
	merge_clear(&m);
	return hw_work_fail(p, rc, pErr, "render the template");
}

/* ---- touches, holds, audit ---- */

static hw_rc touch_sent(hw_work *p, long long iLead, long long iUser, long long iTask,
			hw_channel eCh, const char *zTemplate, const char *zNote,
			long long *piTouch)
{
	hw_touch t;
	hw_rc rc;
	memset(&t, 0, sizeof t);
	t.iLead = iLead;
	t.iUser = iUser;
	t.iTask = iTask;
	t.eChannel = (int)eCh;
	snprintf(t.zOutcome, sizeof t.zOutcome, "sent");
	t.tAt = hw_clock_now(p->pClock);
	t.iLocalHour = -1;
	t.iBlock = -1;
	snprintf(t.zTemplate, sizeof t.zTemplate, "%s", zTemplate ? zTemplate : "");
	snprintf(t.zNotes, sizeof t.zNotes, "%s", zNote ? zNote : "");
	if ((rc = S(p)->xTouchInsert(p->pStore, &t)) == HW_OK && piTouch)
		*piTouch = t.iId;
	return rc;
}

static hw_rc audit(hw_work *p, long long iUser, const char *zAction, const char *zObject,
		   long long iObject, json_t *pDetail)
{
	char *z = pDetail ? json_dumps(pDetail, JSON_COMPACT) : NULL;
	hw_rc rc = pDetail && !z ? HW_ENOMEM
				 : S(p)->xAudit(p->pStore, hw_clock_now(p->pClock), iUser, zAction,
						zObject, iObject, z);
	free(z);
	json_decref(pDetail);
	return rc;
}

static hw_rc finish(hw_work *p, hw_rc rc, hw_err *pErr, const char *zWhat)
{
	if (rc == HW_OK && (rc = hw_store_commit(p->pStore)) == HW_OK)
		return HW_OK;
	hw_store_rollback(p->pStore);
	return hw_work_fail(p, rc, pErr, zWhat);
}

static hw_rc hold(hw_work *p, long long iTask, const hw_err *pWhy)
{
	char zWhy[600];
	hw_err_format(pWhy, zWhy, sizeof zWhy);
	zWhy[199] = 0;
	return S(p)->xTaskHold(p->pStore, iTask, zWhy, hw_clock_now(p->pClock));
}

hw_rc hw_out_task_done(hw_work *p, long long iTask, long long iUser, const char *zNote,
		       long long *piTouch, hw_err *pErr)
{
	hw_task t;
	hw_rc rc;
	if ((rc = hw_store_begin(p->pStore, 1)) != HW_OK)
		return hw_work_fail(p, rc, pErr, "mark the task done");
	rc = S(p)->xTaskLoad(p->pStore, iTask, &t);
	if (rc == HW_ENOTFOUND || (rc == HW_OK && t.eStatus != HW_TASK_OPEN)) {
		hw_store_rollback(p->pStore);
		hw_err_at(pErr, NULL, 0, 0, "task", "no open task %lld", iTask);
		return HW_ENOTFOUND;
	}
	if (rc == HW_OK && t.eChannel == HW_CH_CALL) {
		hw_store_rollback(p->pStore);
		hw_err_at(pErr, NULL, 0, 0, "task",
			  "task %lld is a call: log it with its outcome (hawser log)", iTask);
		return HW_ECONFLICT;
	}
	if (rc == HW_OK)
		rc = touch_sent(p, t.iLead, iUser, t.iId, (hw_channel)t.eChannel, t.zTemplate,
				zNote, piTouch);
	if (rc == HW_OK) /* done another way: the hold, if any, is over */
		rc = S(p)->xTaskHold(p->pStore, t.iId, NULL, hw_clock_now(p->pClock));
	if (rc == HW_OK)
		rc = S(p)->xTaskClose(p->pStore, t.iId, HW_TASK_DONE, hw_clock_now(p->pClock));
	if (rc == HW_OK)
		rc = audit(p, iUser, "task_done", "task", t.iId,
			   json_pack("{s:s, s:I}", "channel", hw_channel_names[t.eChannel], "lead",
				     (json_int_t)t.iLead));
	return finish(p, rc, pErr, "mark the task done");
}

/* ---- opt-out ---- */

static int cancel_task(void *pv, const hw_task *pT)
{
	hw_work *p = pv;
	return S(p)->xTaskClose(p->pStore, pT->iId, HW_TASK_CANCELLED, hw_clock_now(p->pClock)) !=
	       HW_OK;
}

hw_rc hw_out_optout(hw_work *p, const char *zToken, char *zEmail, size_t nEmail, hw_err *pErr)
{
	long long iLead = 0;
	hw_time tUsed = 0, tNow = hw_clock_now(p->pClock);
	int bSuppressed = 0;
	unsigned char aHash[HW_SECRET_HASH];
	hw_rc rc;

	hw_secret_hash(zToken, aHash);
	if ((rc = hw_store_begin(p->pStore, 1)) != HW_OK)
		return hw_work_fail(p, rc, pErr, "opt out");
	rc = S(p)->xOptoutFind(p->pStore, aHash, zEmail, nEmail, &iLead, &tUsed);
	if (rc == HW_ENOTFOUND) {
		hw_store_rollback(p->pStore);
		hw_err_at(pErr, NULL, 0, 0, "token", "this opt-out link is not known");
		return HW_ENOTFOUND;
	}
	if (rc == HW_OK)
		rc = S(p)->xSuppressed(p->pStore, "email", zEmail, &bSuppressed);
	if (rc == HW_OK && !bSuppressed)
		rc = S(p)->xSuppressAdd(p->pStore, "email", zEmail, "opt_out",
					"the opt-out link of a sales email", tNow);
	if (rc == HW_OK && !tUsed)
		rc = S(p)->xOptoutUse(p->pStore, aHash, tNow);
	if (rc == HW_OK)
		rc = S(p)->xTasksByEmail(p->pStore, zEmail, cancel_task, p);
	if (rc == HW_OK && !bSuppressed)
		rc = audit(p, 0, "email_opt_out", "lead", iLead,
			   json_pack("{s:s}", "email", zEmail));
	return finish(p, rc, pErr, "opt out");
}

/* ---- queueing email tasks ---- */

typedef struct due_list {
	hw_task *a;
	int n, nCap;
} due_list;

static int due_add(void *pv, const hw_task *pT)
{
	due_list *d = pv;
	if (d->n == d->nCap) {
		hw_task *aNew =
		    realloc(d->a, (size_t)(d->nCap = d->nCap ? d->nCap * 2 : 32) * sizeof *aNew);
		if (!aNew)
			return 1;
		d->a = aNew;
	}
	d->a[d->n++] = *pT;
	return 0;
}

static char *setting(hw_work *p, const char *zName)
{
	char *z = NULL;
	if (S(p)->xSettingGet(p->pStore, zName, &z) != HW_OK)
		return NULL;
	blank_is_null(&z);
	return z;
}

/* Why an email for this lead and user cannot go now, or HW_OK. */
static hw_rc email_ready(hw_work *p, const merge *m, hw_err *pErr)
{
	const char *zTo = m->lead.azField[HW_F_EMAIL];
	int bSup = 0;
	hw_rc rc;
	if (!zTo || !zTo[0]) {
		hw_err_at(pErr, NULL, 0, 0, "email",
			  "the lead has no email address: add one to the lead, or do the task "
			  "another way and mark it done");
		return HW_EINVAL;
	}
	if ((rc = S(p)->xSuppressed(p->pStore, "email", zTo, &bSup)) != HW_OK)
		return rc;
	if (bSup) {
		hw_err_at(pErr, NULL, 0, 0, "email", "%s has opted out of email", zTo);
		return HW_ECONFLICT;
	}
	if (!m->user.iId) {
		hw_err_at(pErr, NULL, 0, 0, "user",
			  "the lead has no owner to send from: assign it to a rep");
		return HW_EINVAL;
	}
	if (!m->user.zEmail[0]) {
		hw_err_at(
		    pErr, NULL, 0, 0, "user",
		    "%s has no email address to send from: hawser user profile %s --email ADDRESS",
		    m->user.zLogin, m->user.zLogin);
		return HW_EINVAL;
	}
	if (!m->zAddress) {
		hw_err_at(pErr, NULL, 0, 0, "mail.address",
			  "sales email must carry the company's postal address: hawser mail config "
			  "--address 'STREET, CITY'");
		return HW_EINVAL;
	}
	return HW_OK;
}

/* The footer every sales email carries. */
static char *with_footer(const char *zBody, const merge *m, const char *zUrl)
{
	size_t n = strlen(zBody) + strlen(m->zAddress) + strlen(zUrl) + 256 +
		   (m->zCompany ? strlen(m->zCompany) : 0);
	char *z = malloc(n);
	if (z)
		snprintf(z, n, "%s\n\n-- \n%s%s%s\nTo stop receiving these emails: %s\n", zBody,
			 m->zCompany ? m->zCompany : "", m->zCompany ? "\n" : "", m->zAddress,
			 zUrl);
	return z;
}

/*
 * The task as it is now, inside the transaction: the list was read before
 * it, and another dispatcher (`hawser send` beside the server's thread) may
 * have queued, held or closed the task since. 1: still ours to queue.
 */
static int still_due(hw_work *p, long long iTask, hw_time tNow, hw_task *pT, hw_rc *pRc)
{
	*pRc = S(p)->xTaskLoad(p->pStore, iTask, pT);
	if (*pRc == HW_ENOTFOUND)
		*pRc = HW_OK;
	else if (*pRc == HW_OK && pT->eStatus == HW_TASK_OPEN &&
		 !(pT->iLeasedBy && pT->tLeaseUntil > tNow + 1) &&
		 !(pT->tHold && pT->tHold >= tNow - HW_OUT_HOLD_RETRY))
		return 1;
	return 0;
}

static hw_rc queue_email(hw_work *p, const hw_task *pListed, const char *zBase,
			 hw_out_stats *pSt, hw_err *pErr)
{
	char zToken[HW_SECRET_TEXT], zUrl[512];
	hw_time tNow = hw_clock_now(p->pClock);
	hw_rendered r;
	hw_outbox o;
	hw_task task, *pT = &task;
	merge m;
	hw_rc rc;

	memset(&r, 0, sizeof r);
	hw_secret_new(zToken);
	snprintf(zUrl, sizeof zUrl, "%s/o/%s", zBase, zToken);
	if ((rc = hw_store_begin(p->pStore, 1)) != HW_OK)
		return rc;
	if (!still_due(p, pListed->iId, tNow, pT, &rc)) {
		hw_store_rollback(p->pStore);
		return rc;
	}
	if ((rc = merge_load(p, pT->iLead, pT->iOwner, &m, pErr)) == HW_OK) {
		m.zOptOut = zUrl;
		if ((rc = email_ready(p, &m, pErr)) == HW_OK)
			rc = render_with(p, &m, pT, &r, pErr);
	}
	if (rc == HW_ECONFLICT) {
		/* an opted-out address never becomes sendable: the task ends, saying why */
		rc = hold(p, pT->iId, pErr);
		if (rc == HW_OK)
			rc = S(p)->xTaskClose(p->pStore, pT->iId, HW_TASK_CANCELLED, tNow);
		pSt->nHeld++;
	} else if (rc == HW_EINVAL) {
		rc = hold(p, pT->iId, pErr);
		pSt->nHeld++;
	} else if (rc == HW_OK) {
		memset(&o, 0, sizeof o);
		o.iTask = pT->iId;
		o.iLead = pT->iLead;
		o.iUser = m.user.iId;
		o.eKind = HW_OUT_EMAIL;
		snprintf(o.zTemplate, sizeof o.zTemplate, "%s", r.zTemplate);
		snprintf(o.zFromName, sizeof o.zFromName, "%s", m.user.zName);
		snprintf(o.zFromAddr, sizeof o.zFromAddr, "%s", m.user.zEmail);
		snprintf(o.zToName, sizeof o.zToName, "%s", r.zToName);
		snprintf(o.zToAddr, sizeof o.zToAddr, "%s", r.zTo);
		snprintf(o.zSubject, sizeof o.zSubject, "%s", r.zSubject);
		snprintf(o.zOptOutUrl, sizeof o.zOptOutUrl, "%s", zUrl);
		o.tCreated = tNow;
		if (!(o.zBody = with_footer(r.zBody, &m, zUrl)))
			rc = HW_ENOMEM;
		if (rc == HW_OK) {
			unsigned char aHash[HW_SECRET_HASH];
			hw_secret_hash(zToken, aHash); /* only the hash is kept */
			rc = S(p)->xOptoutAdd(p->pStore, aHash, r.zTo, pT->iLead, tNow);
		}
		if (rc == HW_OK)
			rc = S(p)->xOutboxAdd(p->pStore, &o);
		/* a hold fixed since is over: the done task no longer says "held" */
		if (rc == HW_OK)
			rc = S(p)->xTaskHold(p->pStore, pT->iId, NULL, tNow);
		if (rc == HW_OK)
			rc = S(p)->xTaskClose(p->pStore, pT->iId, HW_TASK_DONE, tNow);
		free(o.zBody);
		pSt->nQueued += rc == HW_OK;
	}
	merge_clear(&m);
	hw_rendered_clear(&r);
	return finish(p, rc, pErr, "queue the email");
}

static hw_rc queue_due_email(hw_work *p, const char *zBase, hw_out_stats *pSt, hw_err *pErr)
{
	hw_time tNow = hw_clock_now(p->pClock);
	due_list d = {0};
	hw_rc rc = S(p)->xTasksDue(p->pStore, HW_CH_EMAIL, tNow + 1, 0, 1, tNow - HW_OUT_HOLD_RETRY,
				   200, due_add, &d);
	for (int i = 0; rc == HW_OK && i < d.n; i++) {
		hw_err e;
		hw_err_clear(&e);
		rc = queue_email(p, &d.a[i], zBase, pSt, &e);
		if (rc != HW_OK && pErr)
			*pErr = e;
	}
	free(d.a);
	return rc;
}

/* ---- invitations for meetings just booked ---- */

typedef struct meet_scan {
	hw_work *p;
	hw_touch *a;
	int n, nCap;
} meet_scan;

static int meet_add(void *pv, const hw_touch *pT)
{
	meet_scan *s = pv;
	if (strcmp(pT->zOutcome, "meeting") != 0 || !pT->tTime)
		return 0;
	if (s->n == s->nCap) {
		hw_touch *aNew =
		    realloc(s->a, (size_t)(s->nCap = s->nCap ? s->nCap * 2 : 8) * sizeof *aNew);
		if (!aNew)
			return 1;
		s->a = aNew;
	}
	s->a[s->n++] = *pT;
	return 0;
}

static int invite_exists(void *pv, hw_outbox *pO)
{
	long long *pTouch = pv;
	if (pO->eKind == HW_OUT_INVITE && pO->iSourceTouch == *pTouch)
		*pTouch = 0;
	return 0;
}

/* A meeting logged in the last day with a time to come gets one invitation
 * (the outbox row names the meeting's touch). */
static hw_rc queue_invites(hw_work *p, hw_out_stats *pSt, hw_err *pErr)
{
	hw_time tNow = hw_clock_now(p->pClock);
	hw_stats_filter f = {0, tNow - 86400};
	meet_scan s = {p, NULL, 0, 0};
	hw_rc rc = S(p)->xTouchScan(p->pStore, &f, meet_add, &s);
	for (int i = 0; rc == HW_OK && i < s.n; i++) {
		hw_touch *pM = &s.a[i];
		long long iKey = pM->iId;
		merge m;
		hw_outbox o;
		if (pM->tTime <= tNow)
			continue;
		if ((rc = hw_store_begin(p->pStore, 1)) != HW_OK)
			break;
		/* looked for inside the transaction: another dispatcher may have
		 * queued it since the scan (outbox_invite makes sure of it) */
		memset(&m, 0, sizeof m);
		if ((rc = S(p)->xOutboxList(p->pStore, pM->iLead, 1 << 30, invite_exists, &iKey)) ==
			HW_OK &&
		    iKey && (rc = merge_load(p, pM->iLead, pM->iUser, &m, pErr)) == HW_OK &&
		    email_ready(p, &m, NULL) == HW_OK) {
			char zBody[1024];
			/* this meeting's time, not the lead's latest meeting's */
			m.zMeetDate[0] = m.zMeetTime[0] = 0;
			fmt_date(m.zZone, pM->tTime, m.zMeetDate, sizeof m.zMeetDate, NULL, 0,
				 m.zMeetTime, sizeof m.zMeetTime);
			memset(&o, 0, sizeof o);
			o.iLead = pM->iLead;
			o.iUser = m.user.iId;
			o.eKind = HW_OUT_INVITE;
			snprintf(o.zFromName, sizeof o.zFromName, "%s", m.user.zName);
			snprintf(o.zFromAddr, sizeof o.zFromAddr, "%s", m.user.zEmail);
			hw_lead_display_name(&m.lead, o.zToName, sizeof o.zToName);
			snprintf(o.zToAddr, sizeof o.zToAddr, "%s", m.lead.azField[HW_F_EMAIL]);
			snprintf(o.zSubject, sizeof o.zSubject,
				 "Invitation: %.60s and %.60s, %s %s", o.zToName, m.user.zName,
				 m.zMeetDate, m.zMeetTime);
			snprintf(zBody, sizeof zBody,
				 "Thank you for your time today. As agreed, we meet on %s at %s "
				 "(%s).\n\nThe invitation is attached.\n\n%s\n%s\n\n-- \n%s%s%s",
				 m.zMeetDate, m.zMeetTime, m.zZone[0] ? m.zZone : "UTC",
				 m.user.zName, m.user.zCallerId, m.zCompany ? m.zCompany : "",
				 m.zCompany ? "\n" : "", m.zAddress);
			o.zBody = zBody;
			o.tMeeting = pM->tTime;
			snprintf(o.zMeetingZone, sizeof o.zMeetingZone, "%s", m.zZone);
			o.tCreated = tNow;
			o.iSourceTouch = pM->iId;
			if ((rc = S(p)->xOutboxAdd(p->pStore, &o)) == HW_OK && o.iId)
				pSt->nInvites++;
		}
		merge_clear(&m);
		rc = finish(p, rc, pErr, "queue the invitation");
	}
	free(s.a);
	return rc;
}

/* ---- delivery ---- */

static const int aBackoff[HW_OUT_MAX_ATTEMPTS - 1] = {60, 300, 1800, 7200, 21600, 86400};

typedef struct deliver_ctx {
	hw_work *p;
	hw_smtp_conf conf;
	hw_out_stats *pSt;
	hw_rc rc;
	hw_err *pErr;
	int (*xStop)(void *); /* asked before each delivery; NULL: never */
	void *pStopCtx;
} deliver_ctx;

static char *build_ics(const hw_outbox *pO, hw_err *pErr)
{
	char zUid[64], zSummary[300];
	char *zIcs = NULL;
	hw_ical_event ev;
	memset(&ev, 0, sizeof ev);
	snprintf(zUid, sizeof zUid, "meeting-%lld@hawser", pO->iSourceTouch);
	snprintf(zSummary, sizeof zSummary, "%s and %s", pO->zToName, pO->zFromName);
	ev.zUid = zUid;
	ev.tStart = pO->tMeeting;
	ev.nMinutes = 30;
	ev.zZone = pO->zMeetingZone[0] ? pO->zMeetingZone : NULL;
	ev.zSummary = zSummary;
	ev.tStamp = pO->tCreated;
	if (hw_ical_invite(&ev, pO->zFromName, pO->zFromAddr, pO->zToName, pO->zToAddr, &zIcs,
			   pErr) != HW_OK)
		return NULL;
	return zIcs;
}

/* How long a row taken for delivery is left alone by other dispatchers (a
 * crash while sending: tried again after this). */
#define HW_OUT_CLAIM (10 * 60)

/*
 * Take a row for one attempt: it was read before any transaction, and `hawser
 * send` and the server's thread may both have read it. The store's
 * compare-and-set lets one of them take it (its next try moves past the
 * attempt); the others see it taken. *pbMine: 1 when taken here.
 */
static hw_rc claim(hw_work *p, int bHook, long long iId, int nAttempts, hw_time *ptNextTry,
		   hw_time tNow, int *pbMine)
{
	hw_rc rc;
	*pbMine = 0;
	if ((rc = hw_store_begin(p->pStore, 1)) != HW_OK)
		return rc;
	rc = bHook ? S(p)->xDeliveryClaim(p->pStore, iId, nAttempts, *ptNextTry, tNow,
					 tNow + HW_OUT_CLAIM, pbMine)
		   : S(p)->xOutboxClaim(p->pStore, iId, nAttempts, *ptNextTry, tNow,
					tNow + HW_OUT_CLAIM, pbMine);
	if (rc == HW_OK && (rc = hw_store_commit(p->pStore)) == HW_OK) {
		if (*pbMine)
			*ptNextTry = tNow + HW_OUT_CLAIM;
		return HW_OK;
	}
	*pbMine = 0;
	hw_store_rollback(p->pStore);
	return rc;
}

static int deliver_one(void *pv, hw_outbox *pO)
{
	deliver_ctx *c = pv;
	hw_work *p = c->p;
	hw_time tNow = hw_clock_now(p->pClock);
	char *zMsg = NULL, *zIcs = NULL;
	size_t nMsg = 0;
	hw_err e;
	hw_mail mail;
	hw_smtp_result eRes = HW_SMTP_FAILED;
	int bSup = 0, bMine = 0;
	hw_rc rc;

	hw_err_clear(&e);
	memset(&mail, 0, sizeof mail);
	if (c->xStop && c->xStop(c->pStopCtx))
		return 1; /* stopping: the rest waits for the next pass */
	if ((rc = claim(p, 0, pO->iId, pO->nAttempts, &pO->tNextTry, tNow, &bMine)) != HW_OK)
		return c->rc = hw_work_fail(p, rc, c->pErr, "take the email for delivery"), 1;
	if (!bMine)
		return 0;
	if ((rc = S(p)->xSuppressed(p->pStore, "email", pO->zToAddr, &bSup)) != HW_OK)
		return c->rc = rc, 1;
	if (bSup)
		hw_err_set(&e, "%s opted out before the email went", pO->zToAddr);
	else if (pO->eKind == HW_OUT_INVITE && !(zIcs = build_ics(pO, &e)))
		;
	else {
		mail.zFromName = pO->zFromName;
		mail.zFromAddr = pO->zFromAddr;
		mail.zToName = pO->zToName[0] ? pO->zToName : NULL;
		mail.zToAddr = pO->zToAddr;
		mail.zSubject = pO->zSubject;
		mail.zBody = pO->zBody;
		mail.zOptOutUrl = pO->zOptOutUrl[0] ? pO->zOptOutUrl : NULL;
		mail.tDate = tNow;
		mail.zIcs = zIcs;
		if (hw_mail_build(&mail, &zMsg, &nMsg, &e) == HW_OK)
			eRes = hw_smtp_send(&c->conf, pO->zFromAddr, pO->zToAddr, zMsg, nMsg, &e);
	}
	free(zMsg);
	free(zIcs);
	pO->nAttempts++;
	if ((rc = hw_store_begin(p->pStore, 1)) != HW_OK)
		return c->rc = rc, 1;
	if (eRes == HW_SMTP_SENT) {
		long long iTouch = 0;
		pO->eStatus = HW_OUT_SENT;
		pO->tSent = tNow;
		pO->zError[0] = 0;
		rc = touch_sent(p, pO->iLead, pO->iUser, pO->iTask, HW_CH_EMAIL,
				pO->eKind == HW_OUT_INVITE ? "meeting-invitation" : pO->zTemplate,
				pO->zSubject, &iTouch);
		pO->iTouch = iTouch;
		c->pSt->nSent++;
	} else {
		hw_err_format(&e, pO->zError, sizeof pO->zError);
		if (eRes == HW_SMTP_RETRY && pO->nAttempts < HW_OUT_MAX_ATTEMPTS) {
			pO->tNextTry = tNow + aBackoff[pO->nAttempts - 1];
			c->pSt->nRetry++;
		} else {
			pO->eStatus = HW_OUT_FAILED;
			c->pSt->nFailed++;
			/* the task ends with the reason: sent again, it would bounce
			 * again (the rep sees why in the agenda and the outbox) */
			if (pO->iTask)
				rc = S(p)->xTaskFail(p->pStore, pO->iTask, pO->zError, tNow);
			if (rc == HW_OK)
				rc = audit(p, 0, "email_failed", "lead", pO->iLead,
					   json_pack("{s:s, s:s}", "to", pO->zToAddr, "error",
						     pO->zError));
		}
	}
	if (rc == HW_OK)
		rc = S(p)->xOutboxUpdate(p->pStore, pO);
	if ((rc = finish(p, rc, c->pErr, "record the delivery")) != HW_OK)
		return c->rc = rc, 1;
	return 0;
}

static void smtp_conf(hw_work *p, hw_smtp_conf *pC, char **azFree)
{
	char *z;
	memset(pC, 0, sizeof *pC);
	pC->zUrl = azFree[0] = setting(p, HW_SET_SMTP_URL);
	pC->zUser = azFree[1] = setting(p, HW_SET_SMTP_USER);
	pC->zPassword = azFree[2] = setting(p, HW_SET_SMTP_PASSWORD);
	z = setting(p, HW_SET_SMTP_STARTTLS);
	pC->bStartTls = z && z[0] == '1';
	free(z);
	z = setting(p, HW_SET_SMTP_INSECURE);
	pC->bInsecure = z && z[0] == '1';
	free(z);
	pC->nTimeoutSeconds = 30;
}

/* ---- webhooks ---- */

typedef struct hook_ctx {
	hw_work *p;
	hw_out_stats *pSt;
	hw_rc rc;
	hw_err *pErr;
	int (*xStop)(void *);
	void *pStopCtx;
} hook_ctx;

static int deliver_hook(void *pv, hw_delivery *pD)
{
	hook_ctx *c = pv;
	hw_work *p = c->p;
	hw_time tNow = hw_clock_now(p->pClock);
	int iStatus = 0;
	hw_err e;
	hw_webhook_result eRes;
	int bMine = 0;
	hw_rc rc;

	hw_err_clear(&e);
	if (c->xStop && c->xStop(c->pStopCtx))
		return 1;
	if ((rc = claim(p, 1, pD->iId, pD->nAttempts, &pD->tNextTry, tNow, &bMine)) != HW_OK) {
		c->rc = hw_work_fail(p, rc, c->pErr, "take the webhook delivery");
		return 1;
	}
	if (!bMine)
		return 0; /* another sender has it */
	if (pD->hook.tDisabled) {
		eRes = HW_WEBHOOK_FAILED;
		hw_err_set(&e, "the webhook was removed");
	} else {
		eRes = hw_webhook_post(pD->hook.zUrl, pD->hook.bAllowPrivate, pD->hook.zSecret,
				       pD->zEvent, pD->iId, tNow, pD->zBody, 10, &iStatus, &e);
	}
	pD->nAttempts++;
	pD->iLastStatus = iStatus;
	if (eRes == HW_WEBHOOK_DELIVERED) {
		pD->eStatus = HW_OUT_SENT;
		pD->tDelivered = tNow;
		pD->zError[0] = 0;
		c->pSt->nHooks++;
	} else {
		hw_err_format(&e, pD->zError, sizeof pD->zError);
		if (eRes == HW_WEBHOOK_RETRY && pD->nAttempts < HW_OUT_MAX_ATTEMPTS) {
			pD->tNextTry = tNow + aBackoff[pD->nAttempts - 1];
			c->pSt->nHookRetry++;
		} else {
			pD->eStatus = HW_OUT_FAILED;
			c->pSt->nHookFailed++;
		}
	}
	if ((rc = hw_store_begin(p->pStore, 1)) == HW_OK)
		rc = finish(p, S(p)->xDeliveryUpdate(p->pStore, pD), c->pErr,
			    "record the webhook delivery");
	else
		rc = hw_work_fail(p, rc, c->pErr, "record the webhook delivery");
	if (rc != HW_OK) {
		c->rc = rc;
		return 1;
	}
	return 0;
}

hw_rc hw_out_dispatch(hw_work *p, int (*xStop)(void *), void *pStopCtx, hw_out_stats *pSt,
		      hw_err *pErr)
{
	char *zBase = setting(p, HW_SET_PUBLIC_URL), *azFree[3] = {0};
	hw_time tNow = hw_clock_now(p->pClock);
	deliver_ctx d;
	hook_ctx h = {p, pSt, HW_OK, pErr, xStop, pStopCtx};
	hw_rc rc;

	memset(pSt, 0, sizeof *pSt);
	rc = queue_due_email(p, zBase ? zBase : "http://127.0.0.1:8080", pSt, pErr);
	free(zBase);
	if (rc == HW_OK)
		rc = queue_invites(p, pSt, pErr);
	smtp_conf(p, &d.conf, azFree);
	d.p = p;
	d.pSt = pSt;
	d.rc = HW_OK;
	d.pErr = pErr;
	d.xStop = xStop;
	d.pStopCtx = pStopCtx;
	if (rc == HW_OK && d.conf.zUrl) {
		rc = S(p)->xOutboxDue(p->pStore, tNow, 50, deliver_one, &d);
		if (rc == HW_OK)
			rc = d.rc;
	}
	for (int i = 0; i < 3; i++)
		free(azFree[i]);
	if (rc == HW_OK) {
		rc = S(p)->xDeliveryDue(p->pStore, tNow, 50, deliver_hook, &h);
		if (rc == HW_OK)
			rc = h.rc;
	}
	return hw_work_fail(p, rc, pErr, "dispatch");
}

/* ---- the day's notes and letters ---- */

void hw_notes_clear(hw_notes *p)
{
	for (int i = 0; i < p->nItem; i++)
		hw_rendered_clear(&p->aR[i]);
	free(p->aItem);
	free(p->aR);
	free(p->aTask);
	free(p->aSkippedTask);
	free(p->azSkipped);
	memset(p, 0, sizeof *p);
}

static hw_rc notes_grow(hw_notes *p, int nCap)
{
	hw_pdf_item *aI = realloc(p->aItem, (size_t)nCap * sizeof *aI);
	if (aI)
		p->aItem = aI;
	hw_rendered *aR = realloc(p->aR, (size_t)nCap * sizeof *aR);
	if (aR)
		p->aR = aR;
	long long *aT = realloc(p->aTask, (size_t)nCap * sizeof *aT);
	if (aT)
		p->aTask = aT;
	long long *aS = realloc(p->aSkippedTask, (size_t)nCap * sizeof *aS);
	if (aS)
		p->aSkippedTask = aS;
	char(*az)[300] = realloc(p->azSkipped, (size_t)nCap * sizeof *az);
	if (az)
		p->azSkipped = az;
	return aI && aR && aT && aS && az ? HW_OK : HW_ENOMEM;
}

/* Letters go on A4 except where US Letter is the paper: North America and
 * the few countries that follow it. Unknown: Letter. */
static int a4_country(const char *zRegion)
{
	static const char *const azLetter[] = {"US", "CA", "MX", "PR", "PH", "CL", "CO",
					       "VE", "GT", "CR", "PA", "DO", "SV", NULL};
	if (!zRegion[0])
		return 0;
	for (int i = 0; azLetter[i]; i++)
		if (strcmp(zRegion, azLetter[i]) == 0)
			return 0;
	return 1;
}

hw_rc hw_notes_collect(hw_work *p, long long iUser, hw_time tDayEnd, hw_notes *pOut, hw_err *pErr)
{
	due_list d = {0};
	char *zCompany = setting(p, HW_SET_COMPANY), *zAddress = setting(p, HW_SET_ADDRESS);
	hw_rc rc;

	memset(pOut, 0, sizeof *pOut);
	rc = S(p)->xTasksDue(p->pStore, HW_CH_NOTE, tDayEnd, iUser, 0, 0, 500, due_add, &d);
	if (rc == HW_OK)
		rc = S(p)->xTasksDue(p->pStore, HW_CH_LETTER, tDayEnd, iUser, 0, 0, 500, due_add,
				     &d);
	if (rc == HW_OK && d.n)
		rc = notes_grow(pOut, d.n);
	for (int i = 0; rc == HW_OK && i < d.n; i++) {
		hw_rendered *pR = &pOut->aR[pOut->nItem];
		hw_err e;
		hw_err_clear(&e);
		rc = hw_out_render(p, &d.a[i], iUser, NULL, pR, &e);
		if (rc == HW_EINVAL) {
			hw_err_format(&e, pOut->azSkipped[pOut->nSkipped], 300);
			pOut->aSkippedTask[pOut->nSkipped++] = d.a[i].iId;
			if ((rc = hw_store_begin(p->pStore, 1)) == HW_OK)
				rc = finish(p,
					    S(p)->xTaskHold(p->pStore, d.a[i].iId,
							    pOut->azSkipped[pOut->nSkipped - 1],
							    hw_clock_now(p->pClock)),
					    pErr, "hold the task");
			continue;
		}
		if (rc != HW_OK)
			break;
		{
			hw_pdf_item *pI = &pOut->aItem[pOut->nItem];
			size_t n = (zCompany ? strlen(zCompany) : 0) +
				   (zAddress ? strlen(zAddress) : 0) + 200;
			hw_user u;
			char *zFrom = malloc(n);
			memset(pI, 0, sizeof *pI);
			memset(&u, 0, sizeof u);
			if (!zFrom) {
				hw_rendered_clear(pR);
				rc = HW_ENOMEM;
				break;
			}
			if (d.a[i].iOwner)
				(void)S(p)->xUserLoad(p->pStore, d.a[i].iOwner, &u);
			snprintf(zFrom, n, "%s%s%s%s%s", u.zName, u.zName[0] ? "\n" : "",
				 zCompany ? zCompany : "", zCompany ? "\n" : "",
				 zAddress ? zAddress : "");
			/* the rendered struct owns the strings the PDF item points to */
			free(pR->zSubject);
			pR->zSubject = zFrom;
			pI->eKind = d.a[i].eChannel == HW_CH_LETTER ? HW_PDF_LETTER : HW_PDF_NOTE;
			pI->zTo = pR->zAddress;
			pI->zFrom = pR->zSubject;
			pI->zBody = pR->zBody;
			pI->bA4 = a4_country(pR->zRegion);
			pOut->aTask[pOut->nItem++] = d.a[i].iId;
		}
	}
	free(d.a);
	free(zCompany);
	free(zAddress);
	if (rc != HW_OK)
		hw_notes_clear(pOut);
	return hw_work_fail(p, rc, pErr, "collect the notes");
}

hw_rc hw_notes_print(hw_work *p, hw_notes *pN, long long iUser, const char *zPath, int *pnPages,
		     hw_err *pErr)
{
	char zDate[64] = "";
	hw_local lt;
	hw_rc rc;
	if (hw_local_time("UTC", hw_clock_now(p->pClock), &lt) == HW_OK)
		snprintf(zDate, sizeof zDate, "%s %d, %d", azMonth[lt.iMonth - 1], lt.iDay,
			 lt.iYear);
	for (int i = 0; i < pN->nItem; i++) {
		const char *zZone = pN->aR[i].zZone;
		if (zZone[0] && hw_local_time(zZone, hw_clock_now(p->pClock), &lt) == HW_OK)
			snprintf(pN->aR[i].zToName, sizeof pN->aR[i].zToName, "%s %d, %d",
				 azMonth[lt.iMonth - 1], lt.iDay, lt.iYear);
		else
			snprintf(pN->aR[i].zToName, sizeof pN->aR[i].zToName, "%s", zDate);
		pN->aItem[i].zDate = pN->aR[i].zToName;
		/* letters to leads outside North America go on A4 */
	}
	if ((rc = hw_pdf_write(zPath, pN->aItem, pN->nItem, pnPages, pErr)) != HW_OK)
		return rc;
	for (int i = 0; rc == HW_OK && i < pN->nItem; i++) {
		hw_err e;
		rc = hw_out_task_done(p, pN->aTask[i], iUser, "printed", NULL, &e);
		if (rc == HW_ENOTFOUND) /* done meanwhile by someone else */
			rc = HW_OK;
		else if (rc != HW_OK && pErr)
			*pErr = e;
	}
	return rc;
}

/* ---- the calendar ---- */

typedef struct cal_ctx {
	hw_work *p;
	hw_ical_event *a;
	char (*azText)[4][300];
	int n, nCap;
	hw_rc rc;
} cal_ctx;

static hw_ical_event *cal_add(cal_ctx *c)
{
	if (c->n == c->nCap) {
		int nCap = c->nCap ? c->nCap * 2 : 16;
		hw_ical_event *a = realloc(c->a, (size_t)nCap * sizeof *a);
		char(*az)[4][300] = a ? realloc(c->azText, (size_t)nCap * sizeof *az) : NULL;
		if (a)
			c->a = a;
		if (!az) {
			c->rc = HW_ENOMEM;
			return NULL;
		}
		c->azText = az;
		c->nCap = nCap;
	}
	memset(&c->a[c->n], 0, sizeof c->a[c->n]);
	return &c->a[c->n++];
}

/* Who, at which company, and the lead's first zone. */
static void cal_lead(cal_ctx *c, long long iLead, char *zWho, size_t nWho, char *zZone,
		     size_t nZone)
{
	hw_lead l;
	zWho[0] = zZone[0] = 0;
	if (S(c->p)->xLeadLoad(c->p->pStore, iLead, &l) != HW_OK)
		return;
	hw_lead_display_name(&l, zWho, nWho);
	if (l.azField[HW_F_COMPANY]) {
		size_t k = strlen(zWho);
		snprintf(zWho + k, nWho - k, " (%s)", l.azField[HW_F_COMPANY]);
	}
	if (l.zTimeZones)
		snprintf(zZone, nZone, "%.*s", (int)strcspn(l.zTimeZones, "|"), l.zTimeZones);
	hw_lead_clear(&l);
}

/* One event: the lead's name and zone, a UID, a summary and a description,
 * kept in the context's text slots (the events array may move). */
static int cal_event(cal_ctx *c, long long iLead, const char *zKind, long long iId,
		     const char *zWhat, const char *zWhy, hw_time tStart, int nMinutes,
		     hw_time tStamp)
{
	hw_ical_event *e = cal_add(c);
	char zWho[200], (*az)[300];
	if (!e)
		return 1;
	az = c->azText[c->n - 1];
	cal_lead(c, iLead, zWho, sizeof zWho, az[2], sizeof az[2]);
	snprintf(az[0], sizeof az[0], "%s-%lld@hawser", zKind, iId);
	snprintf(az[1], sizeof az[1], "%s %s", zWhat, zWho);
	snprintf(az[3], sizeof az[3], "%s", zWhy);
	e->tStart = tStart;
	e->nMinutes = nMinutes;
	e->tStamp = tStamp;
	return 0;
}

static int cal_task(void *pv, const hw_task *pT)
{
	return cal_event(pv, pT->iLead, "task", pT->iId, "Call back", pT->zWhy, pT->tFrom, 15,
			 pT->tCreated);
}

static int cal_meeting(void *pv, const hw_touch *pT)
{
	return cal_event(pv, pT->iLead, "meeting", pT->iId, "Meeting with", "", pT->tTime, 30,
			 pT->tAt);
}

hw_rc hw_out_calendar(hw_work *p, const hw_user *pUser, char **pzOut, hw_err *pErr)
{
	cal_ctx c = {p, NULL, NULL, 0, 0, HW_OK};
	char zName[200];
	hw_rc rc;
	*pzOut = NULL;
	rc = S(p)->xCalendar(p->pStore, pUser->iId, hw_clock_now(p->pClock) - 30 * 86400,
			     HW_PRIO_CALLBACK, cal_task, cal_meeting, &c);
	if (rc == HW_OK)
		rc = c.rc;
	/* the text pointers of events moved with realloc: point them again */
	for (int i = 0; rc == HW_OK && i < c.n; i++) {
		c.a[i].zUid = c.azText[i][0];
		c.a[i].zSummary = c.azText[i][1];
		c.a[i].zZone = c.azText[i][2][0] ? c.azText[i][2] : NULL;
		c.a[i].zDescription = c.azText[i][3][0] ? c.azText[i][3] : NULL;
	}
	snprintf(zName, sizeof zName, "hawser: %s", pUser->zName);
	if (rc == HW_OK)
		rc = hw_ical_feed(zName, c.a, c.n, pzOut, pErr);
	free(c.a);
	free(c.azText);
	return hw_work_fail(p, rc, pErr, "make the calendar");
}

hw_rc hw_out_calendar_link(hw_work *p, long long iUser, char *zUrl, size_t nUrl, hw_err *pErr)
{
	char zSecret[HW_SECRET_TEXT], *zBase = setting(p, HW_SET_PUBLIC_URL);
	unsigned char aHash[32];
	hw_rc rc;
	hw_secret_new(zSecret);
	hw_secret_hash(zSecret, aHash);
	if ((rc = hw_store_begin(p->pStore, 1)) == HW_OK)
		rc = finish(p, S(p)->xUserSetIcal(p->pStore, iUser, aHash), pErr,
			    "make the calendar link");
	if (rc == HW_OK)
		snprintf(zUrl, nUrl, "%s/ical/%s.ics", zBase ? zBase : "http://127.0.0.1:8080",
			 zSecret);
	free(zBase);
	return hw_work_fail(p, rc, pErr, "make the calendar link");
}
