/*
 * workjson.c — the JSON every face prints for the work functions (next, log,
 * why, agenda, stats, users), and the time formats they read and write. The
 * CLI's --json and the HTTP API answer with the same objects.
 */
#include "core/workjson.h"
#include "core/compliance.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void hw_iso(hw_time t, char zBuf[32])
{
	struct tm tm;
	time_t tt = (time_t)t;
	gmtime_r(&tt, &tm);
	strftime(zBuf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* "Tue 2026-11-24 14:00" in zZone (or UTC). */
void hw_local_str(const char *zZones, hw_time t, char *zBuf, size_t nBuf)
{
	static const char *const azDay[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	char zZone[64] = "UTC";
	hw_local lt;
	size_t n = zZones ? strcspn(zZones, "|") : 0;
	if (n > 0 && n < sizeof zZone) {
		memcpy(zZone, zZones, n);
		zZone[n] = 0;
	}
	if (hw_local_time(zZone, t, &lt) != HW_OK) {
		char zIso[32];
		hw_iso(t, zIso);
		snprintf(zBuf, nBuf, "%s", zIso);
		return;
	}
	snprintf(zBuf, nBuf, "%s %04d-%02d-%02d %02d:%02d %.40s", azDay[lt.iWday], lt.iYear, lt.iMonth,
		 lt.iDay, lt.iMinute / 60, lt.iMinute % 60, zZone);
}

/*
 * A time for --at: ISO 8601 with a zone or offset is absolute; without one
 * ("2026-11-24T14:00", "2026-11-24 14:00") or as "HH:MM" (the next such time)
 * it is the lead's local time, as the prospect or the gatekeeper said it.
 */
hw_rc hw_parse_lead_time(const char *z, const char *zZones, hw_time tNow, hw_time *pt)
{
	char zZone[64] = "UTC";
	int y, mo, d, h, mi, n = 0;
	size_t nz = zZones ? strcspn(zZones, "|") : 0;
	if (nz > 0 && nz < sizeof zZone) {
		memcpy(zZone, zZones, nz);
		zZone[nz] = 0;
	}
	if (sscanf(z, "%2d:%2d%n", &h, &mi, &n) == 2 && z[n] == 0 && h < 24 && mi < 60) {
		hw_local lt;
		if (hw_local_time(zZone, tNow, &lt) != HW_OK)
			return HW_EINVAL;
		for (int k = 0; k < 3; k++) {
			hw_time t;
			hw_local_time(zZone, tNow + (hw_time)k * 86400, &lt);
			if (hw_local_to_utc(zZone, lt.iYear, lt.iMonth, lt.iDay, h * 60 + mi, &t) ==
				    HW_OK &&
			    t > tNow) {
				*pt = t;
				return HW_OK;
			}
		}
		return HW_EINVAL;
	}
	n = 0;
	if (sscanf(z, "%4d-%2d-%2d%*1[T ]%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) == 5 &&
	    (z[n] == 0 || (z[n] == ':' && strlen(z + n) == 3)) && mo >= 1 && mo <= 12 && d >= 1 &&
	    d <= 31 && h < 24 && mi < 60)
		return hw_local_to_utc(zZone, y, mo, d, h * 60 + mi, pt);
	return hw_parse_time(z, pt);
}

hw_rc hw_parse_time(const char *z, hw_time *pt)
{
	struct tm tm = {0};
	int nOff = 0, n = 0;
	char c;

	if (sscanf(z, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &n) != 3)
		return HW_EINVAL;
	z += n;
	if (*z == 'T' || *z == ' ') {
		n = 0;
		if (sscanf(z + 1, "%2d:%2d%n", &tm.tm_hour, &tm.tm_min, &n) != 2)
			return HW_EINVAL;
		z += 1 + n;
		if (*z == ':') {
			n = 0;
			if (sscanf(z + 1, "%2d%n", &tm.tm_sec, &n) != 1)
				return HW_EINVAL;
			z += 1 + n;
		}
	}
	if (*z == 'Z') {
		z++;
	} else if (*z == '+' || *z == '-') {
		int h, m = 0;
		c = *z;
		n = 0;
		if (sscanf(z + 1, "%2d:%2d%n", &h, &m, &n) != 2 &&
		    sscanf(z + 1, "%2d%n", &h, &n) != 1)
			return HW_EINVAL;
		nOff = (h * 3600 + m * 60) * (c == '-' ? -1 : 1);
		z += 1 + n;
	}
	if (*z || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return HW_EINVAL;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*pt = (hw_time)timegm(&tm) - nOff;
	return HW_OK;
}

json_t *hw_offer_json(const hw_offer *p)
{
	char zA[32], zB[32];
	json_t *pObj = hw_lead_to_json(&p->lead);
	hw_iso(p->task.tFrom, zA);
	hw_iso(p->task.tLeaseUntil, zB);
	json_t *pTask = json_pack("{s:I,s:s,s:s,s:s,s:s,s:i}", "id", (json_int_t)p->task.iId, "rule",
				  p->task.zRule, "due_from", zA, "leased_until", zB, "why",
				  p->task.zWhy, "priority", p->task.iPriority);
	json_t *pOut = json_pack("{s:o,s:o,s:s,s:s,s:s,s:i}", "lead", pObj, "task", pTask, "dial",
				 p->zPhone, "local_time", p->zLocal, "why_now", p->verdict.zWhy,
				 "attempts", p->nAttempts);
	if (p->zCallerId[0])
		json_object_set_new(pOut, "caller_id", json_string(p->zCallerId));
	if (p->lead.bIcp)
		json_object_set_new(pOut, "icp", json_integer(p->lead.iIcp));
	if (p->bLast) {
		hw_iso(p->last.tAt, zA);
		json_object_set_new(pOut, "last_touch",
				    json_pack("{s:s,s:s,s:s,s:s}", "at", zA, "channel",
					      hw_channel_names[p->last.eChannel], "outcome",
					      p->last.zOutcome, "notes", p->last.zNotes));
	}
	if (p->nHistory) {
		json_t *pH = json_array();
		for (int i = 0; i < p->nHistory; i++) {
			hw_iso(p->aHistory[i].tAt, zA);
			json_array_append_new(pH, json_pack("{s:s,s:s,s:s,s:s}", "at", zA, "channel",
							    hw_channel_names[p->aHistory[i].eChannel],
							    "outcome", p->aHistory[i].zOutcome, "notes",
							    p->aHistory[i].zNotes));
		}
		json_object_set_new(pOut, "history", pH);
	}
	if (p->bRefer) {
		hw_iso(p->refer.tFrom, zA);
		json_object_set_new(pOut, "refers_to",
				    json_pack("{s:I,s:s,s:s,s:s,s:s}", "task", (json_int_t)p->refer.iId,
					      "channel", hw_channel_names[p->refer.eChannel], "template",
					      p->refer.zTemplate, "due_from", zA, "status",
					      hw_task_status_names[p->refer.eStatus]));
		if (p->refer.tDone) {
			hw_iso(p->refer.tDone, zA);
			json_object_set_new(json_object_get(pOut, "refers_to"), "done_at", json_string(zA));
		}
	}
	return pOut;
}

json_t *hw_log_json(const hw_log_out *pOut)
{
	json_t *pTasks = json_array();
	char zA[32], zB[32];
	for (int i = 0; i < pOut->plan.nTask; i++) {
		const hw_planned *pP = &pOut->plan.aTask[i];
		hw_iso(pP->tFrom, zA);
		json_t *pT = json_pack("{s:I,s:s,s:s,s:s,s:i}", "id", (json_int_t)pOut->aTaskId[i],
				       "channel", hw_channel_names[pP->eChannel], "due_from", zA, "why",
				       pP->zWhy, "priority", pP->iPriority);
		if (pP->tUntil) {
			hw_iso(pP->tUntil, zB);
			json_object_set_new(pT, "due_until", json_string(zB));
		}
		if (pP->zTemplate[0])
			json_object_set_new(pT, "template", json_string(pP->zTemplate));
		if (pP->iRefer >= 0)
			json_object_set_new(pT, "refers_to_task",
					    json_integer(pOut->aTaskId[pP->iRefer]));
		json_array_append_new(pTasks, pT);
	}
	json_t *pObj = json_pack("{s:I,s:s,s:o,s:i,s:i}", "touch", (json_int_t)pOut->iTouch, "status",
				 hw_status_names[pOut->eStatus], "tasks", pTasks, "cancelled",
				 pOut->nCancelled, "suppressed", pOut->nSuppressed);
	if (pOut->zWarning[0])
		json_object_set_new(pObj, "warning", json_string(pOut->zWarning));
	if (pOut->plan.pRule) {
		json_object_set_new(pObj, "rule", json_string(pOut->plan.zRule));
		json_object_set_new(pObj, "rule_text", json_string(pOut->plan.pRule->zText));
	}
	return pObj;
}

json_t *hw_why_json(long long iLead, const hw_why *p)
{
	json_t *pObj = json_pack("{s:I,s:b,s:s,s:s}", "lead", (json_int_t)iLead, "callable",
			 p->bCallable, "code", p->zCode, "why", p->zWhy);
	if (p->tNext) {
		char z[32];
		hw_iso(p->tNext, z);
		json_object_set_new(pObj, "next", json_string(z));
	}
	if (p->bTask)
		json_object_set_new(pObj, "task", json_integer(p->task.iId));
	return pObj;
}

json_t *hw_stats_json(const hw_stats *p)
{
	json_t *pCurve = json_array(), *pHours = json_array(), *pObj = json_object();
	for (int i = 0; i < HW_STATS_CURVE; i++)
		json_array_append_new(pCurve, json_integer(p->anFirstReached[i]));
	for (int h = 0; h < 24; h++)
		json_array_append_new(pHours, json_pack("{s:i,s:I,s:I}", "hour", h, "dials",
							(json_int_t)p->anHourDials[h], "connects",
							(json_int_t)p->anHourConnects[h]));
	for (int i = 1; i < HW_OBJ_COUNT; i++)
		if (p->anObjections[i])
			json_object_set_new(pObj, hw_objection_names[i],
					    json_integer(p->anObjections[i]));
	return json_pack(
		"{s:I,s:I,s:I,s:I,s:f,s:f,s:f,s:f,s:o,s:o,s:o,s:I,s:i,s:I,s:i}", "dials",
		(json_int_t)p->nDials, "connects", (json_int_t)p->nConnects, "conversations",
		(json_int_t)p->nConversations, "meetings", (json_int_t)p->nMeetings,
		"connect_rate", p->fConnectRate, "conversation_rate", p->fConversationRate,
		"meeting_rate", p->fMeetingRate, "dials_per_meeting", p->fDialsPerMeeting,
		"first_reached_on_attempt", pCurve, "by_local_hour", pHours, "objections", pObj,
		"rejections_since_yes", (json_int_t)p->nRejectionsSinceYes, "daily_goal", p->nGoal,
		"dials_today", (json_int_t)p->nToday, "streak_days", p->nStreak);
}

json_t *hw_task_json(const hw_task *t, const char *zLeadName)
{
	char zIso[32];
	hw_iso(t->tFrom, zIso);
	json_t *pT = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:i,s:s}", "task", (json_int_t)t->iId,
			       "lead", (json_int_t)t->iLead, "name", zLeadName, "channel",
			       hw_channel_names[t->eChannel], "due_from", zIso, "status",
			       hw_task_status_names[t->eStatus], "why", t->zWhy, "priority",
			       t->iPriority, "rule", t->zRule);
	if (t->zTemplate[0])
		json_object_set_new(pT, "template", json_string(t->zTemplate));
	if (t->iPriority >= HW_PRIO_CALLBACK)
		json_object_set_new(pT, "callback", json_true());
	if (t->iOwner)
		json_object_set_new(pT, "owner", json_integer(t->iOwner));
	return pT;
}

json_t *hw_user_json(const hw_user *u)
{
	json_t *p = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:i}", "id", (json_int_t)u->iId, "login",
			      u->zLogin, "name", u->zName, "role", u->zRole, "caller_id",
			      u->zCallerId, "time_zone", u->zTimeZone, "daily_goal", u->nDailyGoal);
	json_object_set_new(p, "team", u->iTeam ? json_integer(u->iTeam) : json_null());
	return p;
}

json_t *hw_import_json(const hw_import_rec *p)
{
	char zA[32];
	json_t *pObj;
	hw_iso(p->tStarted, zA);
	pObj = json_pack("{s:I,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:s}", "id", (json_int_t)p->iId,
			 "status", hw_import_status_names[p->eStatus], "file", p->zFile ? p->zFile : "",
			 "bytes", (json_int_t)p->nBytes, "rows", (json_int_t)p->nRows, "imported",
			 (json_int_t)p->nImported, "merged", (json_int_t)p->nMerged, "rejected",
			 (json_int_t)p->nRejected, "suppressed", (json_int_t)p->nSuppressed,
			 "last_line", (json_int_t)p->iLastLine, "started_at", zA);
	json_object_set_new(pObj, "registry", json_integer(p->nRegistry));
	if (p->tFinished) {
		hw_iso(p->tFinished, zA);
		json_object_set_new(pObj, "finished_at", json_string(zA));
	}
	return pObj;
}

static void day_iso(hw_time t, char z[16])
{
	char zA[32];
	hw_iso(t, zA);
	snprintf(z, 16, "%.10s", zA);
}

json_t *hw_dnc_verdict_json(const hw_dnc_verdict *p)
{
	static const char *const azState[] = {"not_covered", "clear", "listed", "area_missing"};
	static const char *const azVerdict[] = {"ok", "consent", "listed", "stale", "area_missing"};
	json_t *pC = json_array(), *pL = json_array(), *pOut, *pReg;
	char zA[16], zB[16];
	for (int i = 0; i < p->nConsent; i++) {
		const hw_consent *c = &p->aConsent[i];
		day_iso(c->tGiven, zA);
		if (c->tExpires)
			day_iso(c->tExpires, zB);
		json_array_append_new(pC, json_pack("{s:I,s:s,s:s,s:s,s:s?,s:b}", "id",
						    (json_int_t)c->iId, "type", c->zType, "source",
						    c->zSource, "given", zA, "expires",
						    c->tExpires ? zB : NULL, "revoked", c->tRevoked != 0));
	}
	for (int i = 0; i < p->nLead; i++)
		json_array_append_new(pL, json_integer(p->aLead[i]));
	pReg = json_pack("{s:s,s:s,s:s}", "list", p->scrub.hit.zList, "state",
			 azState[p->scrub.hit.eState], "verdict", azVerdict[p->scrub.eVerdict]);
	if (p->scrub.hit.tCopy) {
		day_iso(p->scrub.hit.tCopy, zA);
		json_object_set_new(pReg, "copy_date", json_string(zA));
	}
	if (p->scrub.eVerdict != HW_SCRUB_OK)
		json_object_set_new(pReg, "why", json_string(p->zText));
	pOut = json_pack("{s:s,s:b,s:o,s:o,s:o}", "number", p->zE164, "may_call", p->bMayCall,
			 "registry", pReg, "consents", pC, "leads", pL);
	if (p->bInternal) {
		day_iso(p->internal.tAt, zA);
		json_object_set_new(pOut, "internal",
				    json_pack("{s:s,s:s,s:s}", "source", p->internal.zSource, "reason",
					      p->internal.zReason, "since", zA));
	} else {
		json_object_set_new(pOut, "internal", json_null());
	}
	return pOut;
}
