/*
 * compliance.c — the internal do-not-call list, consents and verified
 * caller IDs: role checks, one durable transaction each, the audit log.
 */
#include "core/compliance.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400

static int e164_ok(const char *z)
{
	size_t n;
	if (!z || z[0] != '+')
		return 0;
	n = strspn(z + 1, "0123456789");
	return z[1 + n] == 0 && n >= 8 && n <= 15;
}

static hw_rc bad_number(const char *z, hw_err *pErr)
{
	hw_err_at(pErr, NULL, 0, 0, "number",
		  "'%s' is not a number in E.164 form (+ country code and digits)", z ? z : "");
	return HW_EINVAL;
}



/* Commit when rc is HW_OK, else roll back; the error says what failed. */
static hw_rc finish(hw_work *p, hw_rc rc, hw_err *pErr, const char *zWhat)
{
	if (rc == HW_OK && (rc = hw_store_commit(p->pStore)) == HW_OK)
		return HW_OK;
	hw_store_rollback(p->pStore);
	return hw_work_fail(p, rc, pErr, zWhat);
}

/* An audit entry whose detail is built with jansson (values escaped). */
static hw_rc audit(hw_work *p, long long iUser, const char *zAction, const char *zObject,
		   long long iObject, json_t *pDetail)
{
	char *z = pDetail ? json_dumps(pDetail, JSON_COMPACT) : NULL;
	hw_rc rc = pDetail && !z ? HW_ENOMEM
				 : p->pStore->pMethods->xAudit(p->pStore, hw_clock_now(p->pClock),
							       iUser, zAction, zObject, iObject, z);
	free(z);
	json_decref(pDetail);
	return rc;
}

hw_rc hw_role_check(hw_work *p, long long iUser, int iLevel, const char *zWhat, hw_user *pU,
		    hw_err *pErr)
{
	hw_rc rc;
	memset(pU, 0, sizeof *pU);
	if (!iUser) {
		hw_err_at(pErr, NULL, 0, 0, "user", "say who %s: --user LOGIN", zWhat);
		return HW_EUSAGE;
	}
	if ((rc = p->pStore->pMethods->xUserLoad(p->pStore, iUser, pU)) != HW_OK) {
		hw_err_at(pErr, NULL, 0, 0, "user", "no user %lld", iUser);
		return rc == HW_ENOTFOUND ? HW_EUSAGE : hw_work_fail(p, rc, pErr, "cannot check the user");
	}
	if (!strcmp(pU->zRole, "admin") || (iLevel == 1 && !strcmp(pU->zRole, "manager")))
		return HW_OK;
	hw_err_at(pErr, NULL, 0, 0, "user", "%s is a %s; only %s %s", pU->zLogin, pU->zRole,
		  iLevel == 1 ? "a manager or an admin" : "an admin", zWhat);
	return HW_ECONFLICT;
}

hw_rc hw_lead_dnc_apply(hw_work *p, const hw_lead *pLead, long long iUser, const char *zSource,
			const char *zReason, hw_time tNow, int *pnNumbers)
{
	const hw_store_methods *pM = p->pStore->pMethods;
	hw_rc rc = HW_OK;
	(void)iUser;
	*pnNumbers = 0;
	for (int i = 0; rc == HW_OK && i < pLead->nPhone; i++) {
		int bAlready = 0;
		rc = pM->xSuppressed(p->pStore, "phone", pLead->aPhone[i].zE164, &bAlready);
		if (rc == HW_OK && !bAlready) {
			rc = pM->xSuppressAdd(p->pStore, "phone", pLead->aPhone[i].zE164, zSource,
					      zReason, tNow);
			++*pnNumbers;
		}
	}
	if (rc == HW_OK)
		rc = pM->xLeadSetDnc(p->pStore, pLead->iId, tNow);
	return rc;
}

typedef struct id_list {
	long long a[64];
	int n;
} id_list;

static int id_cb(void *pv, long long iId)
{
	id_list *l = pv;
	l->a[l->n++] = iId;
	return l->n == 64;
}

hw_rc hw_dnc_add(hw_work *p, const char *zE164, long long iUser, const char *zReason,
		 hw_dnc_change *pOut, hw_err *pErr)
{
	const hw_store_methods *pM = p->pStore->pMethods;
	hw_time tNow = hw_clock_now(p->pClock);
	hw_suppression s;
	id_list ids = {.n = 0};
	hw_user u;
	hw_rc rc;

	memset(pOut, 0, sizeof *pOut);
	if (!e164_ok(zE164))
		return bad_number(zE164, pErr);
	if ((rc = hw_role_check(p, iUser, 1, "may add a number to the do-not-call list", &u,
				pErr)) != HW_OK)
		return rc;
	if ((rc = hw_store_begin(p->pStore, 1)) != HW_OK)
		return hw_work_fail(p, rc, pErr, "cannot add the number");
	rc = pM->xSuppressGet(p->pStore, "phone", zE164, &s);
	pOut->bWas = rc == HW_OK;
	if (rc == HW_ENOTFOUND)
		rc = pM->xSuppressAdd(p->pStore, "phone", zE164, "manual",
				      zReason && zReason[0] ? zReason : "added by a manager", tNow);
	if (rc == HW_OK)
		rc = pM->xLeadsByPhone(p->pStore, zE164, id_cb, &ids);
	for (int i = 0; rc == HW_OK && i < ids.n; i++) {
		hw_lead lead;
		int nNum = 0, nTask = 0;
		if ((rc = pM->xLeadLoad(p->pStore, ids.a[i], &lead)) != HW_OK)
			break;
		pOut->nLeads++;
		if (!lead.bDoNotCall) {
			rc = hw_lead_dnc_apply(p, &lead, iUser, "internal_request",
					       "the number was added to the do-not-call list", tNow,
					       &nNum);
			if (rc == HW_OK)
				rc = pM->xTaskCancelOpen(p->pStore, lead.iId, 0, 0, tNow, &nTask);
			if (rc == HW_OK)
				rc = audit(p, iUser, "do_not_call", "lead", lead.iId,
					   json_pack("{s:s,s:i,s:i}", "number", zE164, "numbers",
						     nNum, "tasks_ended", nTask));
			pOut->nNumbers += nNum;
			pOut->nTasks += nTask;
		}
		hw_lead_clear(&lead);
	}
	if (rc == HW_OK)
		rc = audit(p, iUser, "dnc_add", "number", 0,
			   json_pack("{s:s,s:s?,s:i,s:b}", "number", zE164, "reason", zReason,
				     "leads", pOut->nLeads, "already", pOut->bWas));
	return finish(p, rc, pErr, "cannot add the number");
}

typedef struct check_ctx {
	hw_dnc_verdict *pV;
	hw_time tNow, tBest;
} check_ctx;

static int check_consent_cb(void *pv, const hw_consent *c)
{
	check_ctx *x = pv;
	hw_time tUntil = c->tExpires ? c->tExpires : 9000000000000000000LL;
	if (!c->tRevoked && tUntil > x->tNow && tUntil > x->tBest)
		x->tBest = tUntil;
	if (x->pV->nConsent < HW_CHECK_MAX)
		x->pV->aConsent[x->pV->nConsent++] = *c;
	return 0;
}

static int check_lead_cb(void *pv, long long iId)
{
	hw_dnc_verdict *v = pv;
	v->aLead[v->nLead++] = iId;
	return v->nLead == HW_CHECK_MAX;
}

/* A lifted lead: callable again, with a call planned from now. */
static hw_rc back_in_rotation(hw_work *p, long long iLead, const char *zReason, hw_time tNow,
			      int *pnTasks)
{
	const hw_store_methods *pM = p->pStore->pMethods;
	hw_lead lead;
	hw_task t;
	int bWas;
	hw_rc rc = pM->xLeadLoad(p->pStore, iLead, &lead);
	if (rc != HW_OK)
		return rc;
	bWas = lead.bDoNotCall;
	if (bWas && (rc = pM->xLeadClearDnc(p->pStore, iLead, tNow)) == HW_OK) {
		memset(&t, 0, sizeof t);
		t.iLead = iLead;
		snprintf(t.zRule, sizeof t.zRule, "dnc-lifted");
		t.eChannel = HW_CH_CALL;
		t.tFrom = tNow;
		t.iPriority = lead.bIcp ? lead.iIcp : 0;
		t.iClass = hw_task_class(0, lead.bIcp ? lead.iIcp : 0);
		t.iOwner = lead.iOwner;
		snprintf(t.zWhy, sizeof t.zWhy, "back in the rotation: the do-not-call entry was lifted (%s)",
			 zReason);
		t.tCreated = tNow;
		if ((rc = pM->xTaskInsert(p->pStore, &t)) == HW_OK)
			++*pnTasks;
	}
	hw_lead_clear(&lead);
	return rc;
}

hw_rc hw_dnc_check(hw_work *p, const char *zE164, const char *zRegion, hw_dnc_verdict *pOut,
		   hw_err *pErr)
{
	const hw_store_methods *pM = p->pStore->pMethods;
	check_ctx x = {pOut, hw_clock_now(p->pClock), 0};
	hw_rc rc;
	memset(pOut, 0, sizeof *pOut);
	if (!e164_ok(zE164))
		return bad_number(zE164, pErr);
	snprintf(pOut->zE164, sizeof pOut->zE164, "%s", zE164);
	rc = pM->xSuppressGet(p->pStore, "phone", zE164, &pOut->internal);
	pOut->bInternal = rc == HW_OK;
	if (rc == HW_OK || rc == HW_ENOTFOUND)
		rc = pM->xConsentList(p->pStore, zE164, check_consent_cb, &x);
	if (rc == HW_OK)
		rc = pM->xLeadsByPhone(p->pStore, zE164, check_lead_cb, pOut);
	if (rc != HW_OK)
		return hw_work_fail(p, rc, pErr, "cannot check the number");
	hw_scrub_number(p->pRegistry, zE164, zRegion, x.tBest, p->nDncMaxAge, x.tNow, &pOut->scrub);
	hw_scrub_text(&pOut->scrub, zE164, pOut->zText, sizeof pOut->zText);
	pOut->bMayCall = !pOut->bInternal && (pOut->scrub.eVerdict == HW_SCRUB_OK ||
					      pOut->scrub.eVerdict == HW_SCRUB_CONSENT);
	return HW_OK;
}

hw_rc hw_dnc_remove(hw_work *p, const char *zE164, long long iUser, const char *zReason,
		    hw_dnc_change *pOut, hw_err *pErr)
{
	const hw_store_methods *pM = p->pStore->pMethods;
	hw_time tNow = hw_clock_now(p->pClock);
	id_list ids = {.n = 0};
	hw_user u;
	size_t nReason = 0;
	hw_rc rc;

	memset(pOut, 0, sizeof *pOut);
	if (!e164_ok(zE164))
		return bad_number(zE164, pErr);
	if ((rc = hw_role_check(p, iUser, 2, "may take a number off the do-not-call list", &u,
				pErr)) != HW_OK)
		return rc;
	for (const char *z = zReason; z && *z; z++) /* letters; any non-ASCII byte counts */
		nReason += (*z >= 'a' && *z <= 'z') || (*z >= 'A' && *z <= 'Z') || (*z & 0x80);
	if (nReason < HW_LIFT_REASON_MIN) {
		hw_err_at(pErr, NULL, 0, 0, "reason",
			  "taking a number off the do-not-call list needs a written reason (at "
			  "least %d letters): who asked, when and how, e.g. --reason 'signed "
			  "request of 2026-11-20 to be called again'",
			  HW_LIFT_REASON_MIN);
		return HW_EUSAGE;
	}
	if ((rc = hw_store_begin(p->pStore, 1)) != HW_OK)
		return hw_work_fail(p, rc, pErr, "cannot lift the number");
	rc = pM->xSuppressLift(p->pStore, "phone", zE164, iUser, zReason, tNow, &pOut->bWas);
	if (rc == HW_OK && !pOut->bWas) {
		hw_store_rollback(p->pStore);
		hw_err_at(pErr, NULL, 0, 0, "number", "%s is not on the internal do-not-call list",
			  zE164);
		return HW_ENOTFOUND;
	}
	if (rc == HW_OK)
		rc = pM->xLeadsByPhone(p->pStore, zE164, id_cb, &ids);
	for (int i = 0; rc == HW_OK && i < ids.n; i++) {
		pOut->nLeads++;
		rc = back_in_rotation(p, ids.a[i], zReason, tNow, &pOut->nTasks);
	}
	if (rc == HW_OK)
		rc = audit(p, iUser, "dnc_remove", "number", 0,
			   json_pack("{s:s,s:s,s:i}", "number", zE164, "reason", zReason, "leads",
				     pOut->nLeads));
	return finish(p, rc, pErr, "cannot lift the number");
}

hw_rc hw_consent_record(hw_work *p, hw_consent *pC, hw_err *pErr)
{
	const hw_consent_type *pT = hw_consent_type_find(pC->zType);
	hw_time tNow = hw_clock_now(p->pClock);
	hw_user u;
	hw_rc rc;

	if (!e164_ok(pC->zE164))
		return bad_number(pC->zE164, pErr);
	if (!pT) {
		hw_err_at(pErr, NULL, 0, 0, "type",
			  "unknown consent type '%s': use written, ebr_purchase or ebr_inquiry",
			  pC->zType);
		return HW_EUSAGE;
	}
	if (!pC->zSource[0]) {
		hw_err_at(pErr, NULL, 0, 0, "source",
			  "say where the consent came from (--source 'signed form, web "
			  "order 1234, …')");
		return HW_EUSAGE;
	}
	if (pC->tGiven <= 0 || pC->tGiven > tNow) {
		hw_err_at(pErr, NULL, 0, 0, "date", "the consent's date must be given and not in "
						     "the future");
		return HW_EUSAGE;
	}
	if ((rc = hw_role_check(p, pC->iUser, 1, "may record a consent", &u, pErr)) != HW_OK)
		return rc;
	pC->tExpires = pT->nDays ? pC->tGiven + (hw_time)pT->nDays * DAY : 0;
	pC->tCreated = tNow;
	if ((rc = hw_store_begin(p->pStore, 1)) != HW_OK)
		return hw_work_fail(p, rc, pErr, "cannot record the consent");
	rc = p->pStore->pMethods->xConsentAdd(p->pStore, pC);
	if (rc == HW_ENOTFOUND) {
		hw_store_rollback(p->pStore);
		hw_err_at(pErr, NULL, 0, 0, "number", "no lead has the number %s", pC->zE164);
		return rc;
	}
	if (rc == HW_OK)
		rc = audit(p, pC->iUser, "consent_add", "consent", pC->iId,
			   json_pack("{s:s,s:s,s:s,s:I}", "number", pC->zE164, "type", pC->zType,
				     "source", pC->zSource, "given_at", (json_int_t)pC->tGiven));
	return finish(p, rc, pErr, "cannot record the consent");
}

hw_rc hw_consent_withdraw(hw_work *p, long long iId, long long iUser, hw_err *pErr)
{
	hw_user u;
	hw_rc rc;
	if ((rc = hw_role_check(p, iUser, 1, "may withdraw a consent", &u, pErr)) != HW_OK)
		return rc;
	if ((rc = hw_store_begin(p->pStore, 1)) != HW_OK)
		return hw_work_fail(p, rc, pErr, "cannot withdraw the consent");
	rc = p->pStore->pMethods->xConsentRevoke(p->pStore, iId, hw_clock_now(p->pClock));
	if (rc == HW_ENOTFOUND) {
		hw_store_rollback(p->pStore);
		hw_err_at(pErr, NULL, 0, 0, "consent", "no consent %lld in force", iId);
		return rc;
	}
	if (rc == HW_OK)
		rc = audit(p, iUser, "consent_revoke", "consent", iId, NULL);
	return finish(p, rc, pErr, "cannot withdraw the consent");
}

hw_rc hw_caller_id_set(hw_work *p, long long iUser, const char *zE164, long long iBy,
		       hw_err *pErr)
{
	hw_user u, by;
	hw_rc rc;
	if (zE164 && !e164_ok(zE164))
		return bad_number(zE164, pErr);
	if (iBy && (rc = hw_role_check(p, iBy, 2, "may verify a caller ID", &by, pErr)) != HW_OK)
		return rc;
	if ((rc = p->pStore->pMethods->xUserLoad(p->pStore, iUser, &u)) != HW_OK) {
		hw_err_at(pErr, NULL, 0, 0, "user", "no user %lld", iUser);
		return rc;
	}
	if ((rc = hw_store_begin(p->pStore, 1)) != HW_OK)
		return hw_work_fail(p, rc, pErr, "cannot set the caller ID");
	rc = p->pStore->pMethods->xUserSetCallerId(p->pStore, iUser, zE164, iBy,
						    hw_clock_now(p->pClock));
	if (rc == HW_OK)
		rc = audit(p, iBy, zE164 ? "caller_id_verify" : "caller_id_clear", "user", iUser,
			   json_pack("{s:s?,s:s}", "caller_id", zE164, "login", u.zLogin));
	return finish(p, rc, pErr, "cannot set the caller ID");
}
