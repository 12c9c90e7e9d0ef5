/*
 * work.c — the queue, logging, why, the agenda's enrolment and the numbers,
 * on the store interface and the injected clock.
 */
#include "core/work.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/compliance.h"
#include "core/keymap.h"

#define HW_LEASE_SECONDS 300
/* A claim reads candidates in pages: most claims take the first task they
 * look at (bench/queue: 1.8 examined on average), so the first page is small
 * and pages grow when a quiet window or a closed zone snoozes them all. */
#define HW_CANDIDATES 32
#define HW_FIRST_PAGE 4
#define HW_ENROLL_BATCH 50
#define DAY 86400

/* The setting that overrides the registry copies' good-for days. */
#define HW_SETTING_DNC_MAX_AGE "dnc_max_age_days"

static hw_time now(const hw_work *p)
{
	return hw_clock_now(p->pClock);
}

hw_rc hw_work_fail(hw_work *p, hw_rc rc, hw_err *pErr, const char *zWhat)
{
	if (rc == HW_ESTORE)
		hw_err_set(pErr, "%s: the database failed: %s", zWhat, hw_store_errmsg(p->pStore));
	else if (rc == HW_ENOMEM)
		hw_err_set(pErr, "%s: out of memory", zWhat);
	return rc;
}

hw_rc hw_work_open(hw_work *p, hw_store *pStore, const hw_clock *pClock, hw_err *pErr)
{
	const hw_store_methods *pM = pStore->pMethods;
	char *zText = NULL;
	hw_rc rc;

	memset(p, 0, sizeof *p);
	p->pStore = pStore;
	p->pClock = pClock;
	p->nLeaseSeconds = HW_LEASE_SECONDS;
	p->nDncMaxAge = HW_DNC_MAX_AGE_DAYS;
	p->pPolicy = malloc(sizeof *p->pPolicy);
	p->pCadence = malloc(sizeof *p->pCadence);
	if (!p->pPolicy || !p->pCadence) {
		hw_work_close(p);
		return HW_ENOMEM;
	}
	rc = pM->xSettingGet(pStore, HW_SETTING_DNC_MAX_AGE, &zText);
	if (rc == HW_OK && atoi(zText) > 0)
		p->nDncMaxAge = atoi(zText);
	free(zText);
	zText = NULL;
	rc = pM->xSettingGet(pStore, "policy", &zText);
	if (rc == HW_OK || rc == HW_ENOTFOUND)
		rc = hw_policy_parse(zText ? zText : hw_policy_default_text,
				     zText ? "policy (stored)" : "policy (default)", p->pPolicy, pErr);
	free(zText);
	zText = NULL;
	if (rc == HW_OK) {
		rc = pM->xSettingGet(pStore, "icp", &zText);
		if (rc == HW_OK || rc == HW_ENOTFOUND)
			rc = hw_icp_parse(zText ? zText : hw_icp_default_text,
					  zText ? "icp (stored)" : "icp (default)", &p->pIcp, pErr);
		free(zText);
		zText = NULL;
	}
	if (rc == HW_OK) {
		rc = pM->xCadenceGet(pStore, NULL, &p->iCadenceId, &zText);
		if (rc == HW_ENOTFOUND) {
			/* First use: store the shipped cadence so tasks can name it. */
			rc = hw_cadence_parse(hw_cadence_default_text, "cadence (default)", p->pCadence,
					      pErr);
			if (rc == HW_OK && (rc = hw_store_begin(pStore, 1)) == HW_OK) {
				rc = pM->xCadenceSet(pStore, p->pCadence->zName, hw_cadence_default_text,
						     1, now(p), &p->iCadenceId);
				rc = rc == HW_OK ? hw_store_commit(pStore) : rc;
				if (rc != HW_OK)
					hw_store_rollback(pStore);
			}
		} else if (rc == HW_OK) {
			rc = hw_cadence_parse(zText, "cadence (stored)", p->pCadence, pErr);
		}
		free(zText);
	}
	if (rc != HW_OK) {
		hw_work_fail(p, rc, pErr, "cannot load the calling policy, cadence and ICP rules");
		hw_work_close(p);
	}
	return rc;
}

void hw_work_close(hw_work *p)
{
	free(p->pPolicy);
	free(p->pCadence);
	hw_icp_free(p->pIcp);
	memset(p, 0, sizeof *p);
}

void hw_offer_clear(hw_offer *p)
{
	hw_lead_clear(&p->lead);
	memset(p, 0, sizeof *p);
}

/* ---- what the engine and the policy need to know about a lead ---- */

typedef struct lead_ctx {
	hw_lead lead;
	hw_history hist;
	hw_time aRecent[64]; /* calls in the last 24 h (the cap) */
	int nRecent;
	hw_target target;
	hw_touch last;
	int bLast;
	hw_touch aPrev[3]; /* the three touches before the last, oldest first */
	int nPrev;
	hw_time tNow;
	const hw_policy *pPol;
	const char *zDialed;
} lead_ctx;

static int history_cb(void *pv, const hw_touch *t)
{
	lead_ctx *c = pv;
	if (!c->hist.tFirstTouch)
		c->hist.tFirstTouch = t->tAt;
	if (c->bLast) {
		if (c->nPrev == 3)
			memmove(c->aPrev, c->aPrev + 1, 2 * sizeof c->aPrev[0]), c->nPrev--;
		c->aPrev[c->nPrev++] = c->last;
	}
	c->last = *t;
	c->bLast = 1;
	if (t->eChannel != HW_CH_CALL)
		return 0;
	c->hist.nAttempts++;
	if (t->bReached) {
		c->hist.nConnects++;
		c->hist.nNoConnect = 0;
	} else {
		c->hist.nNoConnect++;
		if (t->iBlock >= 0 && t->iBlock < 32)
			c->hist.mFailedBlocks |= 1u << t->iBlock;
	}
	c->hist.iLastBlock = t->iBlock;
	if (t->tAt > c->tNow - DAY && t->tAt <= c->tNow && c->nRecent < 64)
		c->aRecent[c->nRecent++] = t->tAt;
	return 0;
}

/* Scrub a number against the national registries now. */
static void scrub(const hw_work *p, const hw_lead_phone *pP, hw_time tNow, hw_scrub *pOut)
{
	hw_scrub_number(p->pRegistry, pP->zE164, pP->zRegion, pP->tConsent, p->nDncMaxAge, tNow,
			pOut);
}

static int scrub_ok(const hw_scrub *s)
{
	return s->eVerdict == HW_SCRUB_OK || s->eVerdict == HW_SCRUB_CONSENT;
}

/* A number that may be dialed now: not dead, not on the internal list, and
 * not blocked by a national registry (listed, or its copy stale or missing). */
static int dialable(const hw_work *p, const hw_lead_phone *pP, hw_time tNow, hw_scrub *pS)
{
	hw_scrub s;
	if (pP->bDead || pP->bSuppressed)
		return 0;
	scrub(p, pP, tNow, pS ? pS : &s);
	return scrub_ok(pS ? pS : &s);
}

/* The first dialable number; *piBlocked: the first number a registry blocks
 * (-1: none), with its verdict in *pBlock. */
static const char *first_dialable(const hw_work *p, const hw_lead *pL, hw_time tNow,
				  int *piBlocked, hw_scrub *pBlock)
{
	if (piBlocked)
		*piBlocked = -1;
	for (int i = 0; i < pL->nPhone; i++) {
		hw_scrub s;
		if (dialable(p, &pL->aPhone[i], tNow, &s))
			return pL->aPhone[i].zE164;
		if (piBlocked && *piBlocked < 0 && !pL->aPhone[i].bDead &&
		    !pL->aPhone[i].bSuppressed) {
			*piBlocked = i;
			*pBlock = s;
		}
	}
	return NULL;
}

static hw_rc lead_ctx_load(hw_work *p, long long iLead, lead_ctx *c)
{
	const hw_store_methods *pM = p->pStore->pMethods;
	hw_rc rc;
	memset(c, 0, sizeof *c);
	c->hist.iLastBlock = -1;
	c->tNow = now(p);
	c->pPol = p->pPolicy;
	if ((rc = pM->xLeadLoad(p->pStore, iLead, &c->lead)) != HW_OK)
		return rc;
	if ((rc = pM->xTouchHistory(p->pStore, iLead, history_cb, c)) != HW_OK) {
		hw_lead_clear(&c->lead);
		return rc;
	}
	c->target.zZones = c->lead.zTimeZones;
	c->target.zJur = c->lead.zJur;
	c->target.aRecentCalls = c->aRecent;
	c->target.nRecentCalls = c->nRecent;
	return HW_OK;
}

/* The lead's local time as a card shows it. */
static void local_text(const lead_ctx *c, hw_time t, char *zBuf, size_t nBuf)
{
	static const char *const azDay[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	char zZone[64];
	hw_local lt;
	const char *z = c->lead.zTimeZones;
	size_t n = z ? strcspn(z, "|") : 0;
	if (n == 0 || n >= sizeof zZone) {
		snprintf(zBuf, nBuf, "local time unknown");
		return;
	}
	memcpy(zZone, z, n);
	zZone[n] = 0;
	if (hw_local_time(zZone, t, &lt) != HW_OK) {
		snprintf(zBuf, nBuf, "local time unknown");
		return;
	}
	snprintf(zBuf, nBuf, "%s %02d:%02d in %.60s", azDay[lt.iWday], lt.iMinute / 60, lt.iMinute % 60,
		 zZone);
}

/* ---- enrolment: new leads get their first call task ---- */

typedef struct enroll_ctx {
	long long aId[HW_ENROLL_BATCH];
	int n;
} enroll_ctx;

static int enroll_cb(void *pv, long long iId)
{
	enroll_ctx *e = pv;
	e->aId[e->n++] = iId;
	return e->n == HW_ENROLL_BATCH;
}

/* Plan and store the first tasks of lead iLead (inside a transaction). */
static hw_rc enroll_one(hw_work *p, long long iLead)
{
	const hw_store_methods *pM = p->pStore->pMethods;
	lead_ctx c;
	hw_touch_in in = {.eOutcome = HW_OUTCOME_ENROLL, .iBlock = -1};
	hw_plan plan;
	hw_rc rc = lead_ctx_load(p, iLead, &c);
	if (rc != HW_OK)
		return rc;
	in.tAt = c.tNow;
	if (!c.lead.bIcp) {
		c.lead.bIcp = 1;
		c.lead.iIcp = hw_icp_score(p->pIcp, &c.lead);
		rc = pM->xLeadSetIcp(p->pStore, iLead, c.lead.iIcp);
	}
	if (rc == HW_OK)
		rc = pM->xLeadEnroll(p->pStore, iLead, p->iCadenceId);
	if (rc == HW_OK)
		rc = hw_engine_plan(p->pCadence, p->pPolicy, &c.target, &c.hist, &in, c.tNow, &plan,
				    NULL);
	for (int i = 0; rc == HW_OK && i < plan.nTask; i++) {
		hw_task t;
		memset(&t, 0, sizeof t);
		t.iLead = iLead;
		snprintf(t.zRule, sizeof t.zRule, "%s", plan.zRule);
		t.eChannel = (int)plan.aTask[i].eChannel;
		memcpy(t.zTemplate, plan.aTask[i].zTemplate, sizeof t.zTemplate);
		t.tFrom = plan.aTask[i].tFrom;
		t.tUntil = plan.aTask[i].tUntil;
		t.iPriority = plan.aTask[i].iPriority + c.lead.iIcp;
		t.iClass = hw_task_class(plan.aTask[i].iPriority, c.lead.iIcp);
		t.iOwner = c.lead.iOwner;
		memcpy(t.zWhy, plan.aTask[i].zWhy, sizeof t.zWhy);
		t.tCreated = c.tNow;
		rc = pM->xTaskInsert(p->pStore, &t);
	}
	hw_lead_clear(&c.lead);
	return rc;
}

static hw_rc enroll_batch(hw_work *p, int nMax, int *pnDone)
{
	enroll_ctx e;
	hw_rc rc;
	memset(&e, 0, sizeof e);
	*pnDone = 0;
	rc = p->pStore->pMethods->xEnrollCandidates(p->pStore, nMax < HW_ENROLL_BATCH ? nMax : HW_ENROLL_BATCH,
						      enroll_cb, &e);
	for (int i = 0; rc == HW_OK && i < e.n; i++)
		if ((rc = enroll_one(p, e.aId[i])) == HW_OK)
			(*pnDone)++;
	return rc;
}

hw_rc hw_work_enroll(hw_work *p, int n, int *pnDone, hw_err *pErr)
{
	hw_rc rc = HW_OK;
	*pnDone = 0;
	while (rc == HW_OK && *pnDone < n) {
		int nBatch = 0;
		if ((rc = hw_store_begin(p->pStore, 0)) != HW_OK)
			break;
		rc = enroll_batch(p, n - *pnDone, &nBatch);
		rc = rc == HW_OK ? hw_store_commit(p->pStore) : rc;
		if (rc != HW_OK)
			hw_store_rollback(p->pStore);
		*pnDone += nBatch;
		if (nBatch == 0)
			break;
	}
	return hw_work_fail(p, rc, pErr, "cannot enrol new leads");
}

/* ---- the queue ---- */

typedef struct cand_ctx {
	hw_task a[HW_CANDIDATES];
	int n, nMax;
} cand_ctx;

static int cand_cb(void *pv, const hw_task *t)
{
	cand_ctx *c = pv;
	c->a[c->n++] = *t;
	return c->n == c->nMax;
}

/*
 * May task t be offered now? When not, the task is snoozed until the first
 * moment it may (so the next claim does not look at it again) and 0 returned.
 */
static hw_rc try_offer(hw_work *p, long long iUser, const char *zCallerId, const hw_task *t,
		       hw_offer *pOut, int *pbOk)
{
	const hw_store_methods *pM = p->pStore->pMethods;
	lead_ctx c;
	hw_verdict v;
	const char *zPhone;
	int bGot = 0;
	hw_rc rc = lead_ctx_load(p, t->iLead, &c);

	*pbOk = 0;
	if (rc == HW_ENOTFOUND)
		return pM->xTaskClose(p->pStore, t->iId, HW_TASK_CANCELLED, c.tNow);
	if (rc != HW_OK)
		return rc;
	zPhone = first_dialable(p, &c.lead, c.tNow, NULL, NULL);
	if (c.lead.bDoNotCall || !zPhone || c.lead.eStatus == HW_STATUS_MEETING ||
	    c.lead.eStatus == HW_STATUS_DISQUALIFIED || c.lead.eStatus == HW_STATUS_DO_NOT_CONTACT) {
		/* nothing to dial: look again in a day (a number may be added) */
		rc = pM->xTaskSnooze(p->pStore, t->iId, c.tNow + DAY);
		goto done;
	}
	if ((rc = hw_policy_check(p->pPolicy, &c.target, c.tNow, &v)) != HW_OK) {
		rc = pM->xTaskSnooze(p->pStore, t->iId, c.tNow + DAY);
		goto done;
	}
	if (v.eDeny != HW_DENY_NONE) {
		rc = pM->xTaskSnooze(p->pStore, t->iId, v.tNext ? v.tNext : c.tNow + DAY);
		goto done;
	}
	rc = pM->xTaskLease(p->pStore, t->iId, iUser, c.tNow, c.tNow + p->nLeaseSeconds, zPhone,
			    &bGot);
	if (rc != HW_OK || !bGot)
		goto done;
	*pbOk = 1;
	pOut->task = *t;
	pOut->task.iLeasedBy = iUser;
	pOut->task.tLeaseUntil = c.tNow + p->nLeaseSeconds;
	snprintf(pOut->zPhone, sizeof pOut->zPhone, "%s", zPhone);
	snprintf(pOut->zCallerId, sizeof pOut->zCallerId, "%s", zCallerId);
	local_text(&c, c.tNow, pOut->zLocal, sizeof pOut->zLocal);
	pOut->lead = c.lead;
	memset(&c.lead, 0, sizeof c.lead); /* moved */
	pOut->verdict = v;
	pOut->bLast = c.bLast;
	pOut->last = c.last;
	for (int i = 0; i < c.nPrev; i++)
		pOut->aHistory[i] = c.aPrev[c.nPrev - 1 - i];
	pOut->nHistory = c.nPrev;
	pOut->nAttempts = c.hist.nAttempts;
	if (t->iRefersTask &&
	    pM->xTaskLoad(p->pStore, t->iRefersTask, &pOut->refer) == HW_OK)
		pOut->bRefer = 1;
done:
	hw_lead_clear(&c.lead);
	return rc;
}

static hw_rc next_locked(hw_work *p, long long iUser, hw_offer *pOut, hw_err *pErr)
{
	const hw_store_methods *pM = p->pStore->pMethods;
	hw_time tNow = now(p);
	hw_task held;
	hw_user u;
	int bOk = 0;
	hw_rc rc;

	/* honest caller ID: a rep calls only with the number an admin verified */
	memset(&u, 0, sizeof u);
	if (iUser && (rc = pM->xUserLoad(p->pStore, iUser, &u)) != HW_OK)
		return rc;
	if (iUser && !u.zCallerId[0]) {
		hw_err_at(pErr, NULL, 0, 0, "caller_id",
			  "%s has no verified caller ID, so may not call: an admin sets the "
			  "company's number for them with 'hawser user callerid %s +1…'",
			  u.zLogin, u.zLogin);
		return HW_ECONFLICT;
	}
	if ((rc = pM->xTaskHeld(p->pStore, iUser, tNow, &held)) == HW_OK) {
		if ((rc = try_offer(p, iUser, u.zCallerId, &held, pOut, &bOk)) != HW_OK || bOk)
			return rc;
		/* no longer callable (the window closed): let it go */
		if ((rc = pM->xTaskRelease(p->pStore, held.iId, iUser)) != HW_OK)
			return rc;
	} else if (rc != HW_ENOTFOUND) {
		return rc;
	}
	for (int iRound = 0, nPage = HW_FIRST_PAGE; iRound < 12; iRound++) {
		cand_ctx cc;
		int nEnrolled = 0;
		cc.n = 0;
		cc.nMax = nPage;
		if ((rc = pM->xTaskCandidates(p->pStore, iUser, tNow, nPage, cand_cb, &cc)) != HW_OK)
			return rc;
		for (int i = 0; i < cc.n; i++) {
			if ((rc = try_offer(p, iUser, u.zCallerId, &cc.a[i], pOut, &bOk)) != HW_OK)
				return rc;
			if (bOk)
				return HW_OK;
		}
		if (cc.n == nPage) {
			/* all snoozed: the next page, a larger one */
			nPage = nPage * 2 < HW_CANDIDATES ? nPage * 2 : HW_CANDIDATES;
			continue;
		}
		if ((rc = enroll_batch(p, HW_ENROLL_BATCH, &nEnrolled)) != HW_OK)
			return rc;
		if (nEnrolled == 0)
			break;
		pOut->bNew = 1;
	}
	hw_err_set(pErr, "no lead may be called now: every planned call is outside its lead's "
			 "calling window, in a quiet time, held by another rep or not due yet; "
			 "'hawser agenda' shows what is coming");
	return HW_ENOTFOUND;
}

hw_rc hw_work_next(hw_work *p, long long iUser, hw_offer *pOut, hw_err *pErr)
{
	hw_work_op op, *pOp = &op;
	memset(&op, 0, sizeof op);
	op.eKind = HW_OP_NEXT;
	op.iUser = iUser;
	op.pOffer = pOut;
	hw_work_run(p, &pOp, 1);
	*pErr = op.err;
	return op.rc;
}

/* ---- logging a touch ---- */

typedef struct open_ctx {
	long long iTask; /* the open call task to close */
	long long iLeasedBy;
	char zDial[24];  /* the number it was offered with */
} open_ctx;

static int open_call_cb(void *pv, const hw_task *t)
{
	open_ctx *o = pv;
	if (t->eChannel == HW_CH_CALL && t->eStatus == HW_TASK_OPEN && !o->iTask) {
		o->iTask = t->iId;
		o->iLeasedBy = t->iLeasedBy;
		memcpy(o->zDial, t->zDial, sizeof o->zDial);
	}
	return 0;
}

/* The number offered most recently for the lead, within a lease's time (its
 * task may have ended since: a do-not-call entry cancels it). */
typedef struct offered_ctx {
	long long iTask;
	hw_time tSince;
	char zDial[24];
} offered_ctx;

static int offered_cb(void *pv, const hw_task *t)
{
	offered_ctx *o = pv;
	if (t->eChannel == HW_CH_CALL && t->zDial[0] && t->iId > o->iTask &&
	    (t->eStatus == HW_TASK_OPEN || t->tDone >= o->tSince)) {
		o->iTask = t->iId;
		memcpy(o->zDial, t->zDial, sizeof o->zDial);
	}
	return 0;
}

static hw_rc validate(const hw_log_in *pIn, hw_err *pErr)
{
	const hw_outcome_info *pO;
	hw_objection eObj;
	if ((unsigned)pIn->eOutcome >= HW_O_COUNT) {
		hw_err_at(pErr, NULL, 0, 0, "outcome", "unknown outcome");
		return HW_EINVAL;
	}
	pO = &hw_outcomes[pIn->eOutcome];
	if ((pO->mRequired & HW_OD_TIME) && !pIn->tTime) {
		hw_err_at(pErr, NULL, 0, 0, "at", "'%s' needs the %s: give it with --at TIME", pO->zName,
			  pO->zTimeLabel);
		return HW_EINVAL;
	}
	if ((pO->mRequired & HW_OD_REASON) && pIn->eReason == HW_R_NONE) {
		hw_err_at(pErr, NULL, 0, 0, "reason",
			  "'%s' needs a reason: --reason timing, no_need, no_fit, has_provider or other",
			  pO->zName);
		return HW_EINVAL;
	}
	if (pIn->zObjection && hw_objection_parse(pIn->zObjection, &eObj) != HW_OK) {
		hw_err_at(pErr, NULL, 0, 0, "objection",
			  "unknown objection '%s': use no_time, not_interested, no_need, "
			  "has_provider, price, send_info, not_decision_maker, bad_timing or other",
			  pIn->zObjection);
		return HW_EINVAL;
	}
	return HW_OK;
}

static hw_rc apply_plan(hw_work *p, lead_ctx *c, const hw_log_in *pIn, long long iTouch,
			const char *zDialed, hw_log_out *pOut)
{
	const hw_store_methods *pM = p->pStore->pMethods;
	hw_plan *pPlan = &pOut->plan;
	hw_lead_status eStatus = c->lead.eStatus;
	hw_time tRecycle = 0;
	int bHasCall = 0, n = 0;
	hw_rc rc = HW_OK;

	for (int i = 0; i < pPlan->nTask; i++)
		bHasCall |= pPlan->aTask[i].eChannel == HW_CH_CALL;
	/* A plan replaces what was pending: every task on stop, else the calls. */
	if (pPlan->bStop || bHasCall)
		rc = pM->xTaskCancelOpen(p->pStore, c->lead.iId, !pPlan->bStop, 0, c->tNow, &n);
	pOut->nCancelled = n;
	for (int i = 0; rc == HW_OK && i < pPlan->nTask; i++) {
		const hw_planned *pP = &pPlan->aTask[i];
		hw_task t;
		memset(&t, 0, sizeof t);
		t.iLead = c->lead.iId;
		snprintf(t.zRule, sizeof t.zRule, "%s", pPlan->zRule);
		t.eChannel = (int)pP->eChannel;
		memcpy(t.zTemplate, pP->zTemplate, sizeof t.zTemplate);
		t.tFrom = pP->tFrom;
		t.tUntil = pP->tUntil;
		t.iPriority = pP->iPriority + (c->lead.bIcp ? c->lead.iIcp : 0);
		t.iClass = hw_task_class(pP->iPriority, c->lead.bIcp ? c->lead.iIcp : 0);
		t.iOwner = c->lead.iOwner ? c->lead.iOwner : pIn->iUser;
		t.iRefersTask = pP->iRefer >= 0 && pP->iRefer < i ? pOut->aTaskId[pP->iRefer] : 0;
		memcpy(t.zWhy, pP->zWhy, sizeof t.zWhy);
		t.tCreated = c->tNow;
		if ((rc = pM->xTaskInsert(p->pStore, &t)) == HW_OK)
			pOut->aTaskId[i] = t.iId;
	}
	if (rc == HW_OK && pPlan->bDeadNumber && zDialed)
		rc = pM->xPhoneSetDead(p->pStore, c->lead.iId, zDialed, c->tNow);
	if (rc == HW_OK && pPlan->bDnc) {
		char zDetail[160];
		if (rc == HW_OK)
			rc = hw_lead_dnc_apply(p, &c->lead, pIn->iUser, "internal_request",
					       "do-not-call request on a call", c->tNow,
					       &pOut->nSuppressed);
		snprintf(zDetail, sizeof zDetail, "{\"touch\":%lld,\"numbers\":%d,\"tasks_ended\":%d}",
			 iTouch, pOut->nSuppressed, n);
		if (rc == HW_OK)
			rc = pM->xAudit(p->pStore, c->tNow, pIn->iUser, "do_not_call", "lead",
					c->lead.iId, zDetail);
	}
	if (pPlan->bStatus) {
		eStatus = pPlan->eStatus;
		tRecycle = pPlan->tRecycle;
	} else if (eStatus == HW_STATUS_NEW || eStatus == HW_STATUS_NURTURE) {
		eStatus = HW_STATUS_WORKING;
	}
	pOut->eStatus = eStatus;
	if (rc == HW_OK && !pPlan->bDnc)
		rc = pM->xLeadSetState(p->pStore, c->lead.iId, eStatus,
				       c->lead.iOwner ? 0 : pIn->iUser, tRecycle, c->tNow);
	else if (rc == HW_OK && !c->lead.iOwner && pIn->iUser)
		rc = pM->xLeadSetState(p->pStore, c->lead.iId, HW_STATUS_DO_NOT_CONTACT, pIn->iUser, 0,
				       c->tNow);
	return rc;
}

static hw_rc scrub_dialed(hw_work *p, lead_ctx *c, const hw_log_in *pIn, const char *zDialed,
			  hw_touch *t, hw_log_out *pOut)
{
	const hw_store_methods *pM = p->pStore->pMethods;
	const hw_lead_phone *pP = NULL;
	char zDetail[400];
	hw_scrub s;
	for (int i = 0; i < c->lead.nPhone && !pP; i++)
		if (!strcmp(c->lead.aPhone[i].zE164, zDialed))
			pP = &c->lead.aPhone[i];
	if (!pP)
		return HW_OK;
	if (pP->bSuppressed || c->lead.bDoNotCall) {
		snprintf(t->zRegistry, sizeof t->zRegistry, "internal");
		snprintf(pOut->zWarning, sizeof pOut->zWarning,
			 "%s is on the internal do-not-call list: it was not to be called", zDialed);
	} else {
		scrub(p, pP, c->tNow, &s);
		if (scrub_ok(&s))
			return HW_OK;
		snprintf(t->zRegistry, sizeof t->zRegistry, "%s%s", s.hit.zList,
			 s.eVerdict == HW_SCRUB_STALE     ? "-stale"
			 : s.eVerdict == HW_SCRUB_MISSING ? "-missing"
							  : "");
		hw_scrub_text(&s, zDialed, pOut->zWarning, sizeof pOut->zWarning);
		if (s.eVerdict == HW_SCRUB_LISTED)
			(void)pM->xPhoneSetRegistry(p->pStore, zDialed, s.hit.zList, c->tNow);
	}
	snprintf(zDetail, sizeof zDetail, "{\"number\":\"%s\",\"list\":\"%s\"}", zDialed,
		 t->zRegistry);
	return pM->xAudit(p->pStore, c->tNow, pIn->iUser, "call_to_blocked_number", "lead",
			  c->lead.iId, zDetail);
}

/* The webhooks' event for a touch, queued in the touch's transaction (a
 * delivery row per webhook that takes the event; none when there is none). */
static hw_rc queue_event(hw_work *p, const hw_lead *pL, const hw_touch *pT, const char *zEvent)
{
	char zName[256];
	json_t *pJ;
	char *z;
	hw_rc rc;
	hw_lead_display_name(pL, zName, sizeof zName);
	pJ = json_pack("{s:s, s:I, s:I, s:I, s:s, s:s?, s:s?, s:I}", "event", zEvent, "lead_id",
		       (json_int_t)pL->iId, "touch_id", (json_int_t)pT->iId, "user_id",
		       (json_int_t)pT->iUser, "lead_name", zName, "company",
		       pL->azField[HW_F_COMPANY], "email", pL->azField[HW_F_EMAIL], "at",
		       (json_int_t)pT->tAt);
	if (pJ && pT->tTime)
		json_object_set_new(pJ, "meeting_at", json_integer(pT->tTime));
	z = pJ ? json_dumps(pJ, JSON_COMPACT) : NULL;
	json_decref(pJ);
	if (!z)
		return HW_ENOMEM;
	rc = p->pStore->pMethods->xWebhookQueue(p->pStore, zEvent, z, pT->tAt, NULL);
	free(z);
	return rc;
}

static hw_rc log_locked(hw_work *p, const hw_log_in *pIn, hw_log_out *pOut, hw_err *pErr)
{
	const hw_store_methods *pM = p->pStore->pMethods;
	const hw_outcome_info *pO = &hw_outcomes[pIn->eOutcome];
	lead_ctx c;
	hw_touch t;
	hw_touch_in in;
	open_ctx oc = {0};
	hw_task_filter f = {.iLead = pIn->iLead, .bOpenOnly = 1};
	const char *zDialed;
	hw_rc rc = lead_ctx_load(p, pIn->iLead, &c);

	if (rc == HW_ENOTFOUND) {
		hw_err_at(pErr, NULL, 0, 0, "lead", "no lead %lld; 'hawser leads' lists them",
			  pIn->iLead);
		return rc;
	}
	if (rc != HW_OK)
		return rc;
	/* the number dialed: as given, else the one offered with the lease, else
	 * the first dialable */
	if ((rc = pM->xTaskList(p->pStore, &f, open_call_cb, &oc)) != HW_OK) {
		hw_lead_clear(&c.lead);
		return rc;
	}
	zDialed = pIn->zPhone;
	if (!zDialed && !oc.iTask) {
		hw_task_filter fAll = {.iLead = pIn->iLead};
		offered_ctx off = {0, c.tNow - p->nLeaseSeconds, ""};
		if ((rc = pM->xTaskList(p->pStore, &fAll, offered_cb, &off)) != HW_OK) {
			hw_lead_clear(&c.lead);
			return rc;
		}
		memcpy(oc.zDial, off.zDial, sizeof oc.zDial);
	}
	if (!zDialed && oc.zDial[0] && (!oc.iLeasedBy || oc.iLeasedBy == pIn->iUser))
		for (int i = 0; i < c.lead.nPhone && !zDialed; i++)
			if (!strcmp(c.lead.aPhone[i].zE164, oc.zDial))
				zDialed = c.lead.aPhone[i].zE164;
	if (!zDialed)
		zDialed = first_dialable(p, &c.lead, c.tNow, NULL, NULL);
	for (int i = 0; !zDialed && i < c.lead.nPhone; i++)
		if (!c.lead.aPhone[i].bDead)
			zDialed = c.lead.aPhone[i].zE164; /* blocked since the offer */
	if (pIn->zPhone) {
		int bFound = 0;
		for (int i = 0; i < c.lead.nPhone; i++)
			bFound |= strcmp(c.lead.aPhone[i].zE164, pIn->zPhone) == 0;
		if (!bFound) {
			hw_err_at(pErr, NULL, 0, 0, "phone",
				  "%s is not a number of lead %lld; 'hawser lead show %lld' lists them",
				  pIn->zPhone, pIn->iLead, pIn->iLead);
			hw_lead_clear(&c.lead);
			return HW_EINVAL;
		}
	}
	for (int i = 0; i < c.lead.nPhone; i++)
		if (dialable(p, &c.lead.aPhone[i], c.tNow, NULL) &&
		    (!zDialed || strcmp(c.lead.aPhone[i].zE164, zDialed)))
			c.hist.bOtherNumber = 1;

	memset(&t, 0, sizeof t);
	t.iLead = pIn->iLead;
	t.iUser = pIn->iUser;
	t.eChannel = HW_CH_CALL;
	snprintf(t.zOutcome, sizeof t.zOutcome, "%s", pO->zName);
	t.tAt = pIn->tAt ? pIn->tAt : c.tNow;
	t.nDuration = pIn->nDuration;
	snprintf(t.zPhone, sizeof t.zPhone, "%s", zDialed ? zDialed : "");
	if (pIn->iUser) {
		hw_user u;
		if (pM->xUserLoad(p->pStore, pIn->iUser, &u) == HW_OK)
			memcpy(t.zCallerId, u.zCallerId, sizeof t.zCallerId);
	}
	snprintf(t.zObjection, sizeof t.zObjection, "%s", pIn->zObjection ? pIn->zObjection : "");
	if (pIn->eReason != HW_R_NONE)
		snprintf(t.zReason, sizeof t.zReason, "%s", hw_reason_names[pIn->eReason]);
	t.tTime = pIn->tTime;
	snprintf(t.zNotes, sizeof t.zNotes, "%s", pIn->zNote ? pIn->zNote : "");
	if (pIn->zName) {
		char zEsc[128];
		size_t k = 0;
		for (const char *z = pIn->zName; *z && k + 7 < sizeof zEsc; z++) {
			unsigned char ch = (unsigned char)*z;
			if (ch == '"' || ch == '\\') {
				zEsc[k++] = '\\';
				zEsc[k++] = (char)ch;
			} else if (ch < 0x20) {
				k += (size_t)snprintf(zEsc + k, sizeof zEsc - k, "\\u%04x", ch);
			} else {
				zEsc[k++] = (char)ch;
			}
		}
		zEsc[k] = 0;
		snprintf(t.zData, sizeof t.zData, "{\"gatekeeper\":\"%s\"}", zEsc);
	}
	t.iLocalHour = -1;
	t.iBlock = hw_policy_block_at(p->pPolicy, &c.target, t.tAt);
	if (c.lead.zTimeZones && c.lead.zTimeZones[0]) {
		char zZone[64];
		size_t n = strcspn(c.lead.zTimeZones, "|");
		hw_local lt;
		if (n < sizeof zZone) {
			memcpy(zZone, c.lead.zTimeZones, n);
			zZone[n] = 0;
			if (hw_local_time(zZone, t.tAt, &lt) == HW_OK)
				t.iLocalHour = lt.iMinute / 60;
		}
	}
	t.bReached = (pO->mFlags & HW_OF_REACHED) != 0;
	t.bConversation = (pO->mFlags & HW_OF_CONVERSATION) != 0;
	/* Scrubbed again as the dial is recorded, in this transaction: a list
	 * that changed since the offer flags the record and the audit log. */
	if (zDialed && (rc = scrub_dialed(p, &c, pIn, zDialed, &t, pOut)) != HW_OK) {
		hw_lead_clear(&c.lead);
		return rc;
	}

	/* The call task being worked is done. */
	t.iTask = oc.iTask;
	rc = pM->xTouchInsert(p->pStore, &t);
	if (rc == HW_OK && oc.iTask)
		rc = pM->xTaskClose(p->pStore, oc.iTask, HW_TASK_DONE, c.tNow);
	pOut->iTouch = t.iId;

	memset(&in, 0, sizeof in);
	in.eOutcome = (int)pIn->eOutcome;
	in.eReason = pIn->eReason;
	in.tTime = pIn->tTime;
	in.tAt = t.tAt;
	in.iBlock = t.iBlock;
	/* the cap counts this call too */
	if (c.nRecent < 64)
		c.aRecent[c.nRecent++] = t.tAt;
	c.target.nRecentCalls = c.nRecent;
	if (rc == HW_OK)
		rc = hw_engine_plan(p->pCadence, p->pPolicy, &c.target, &c.hist, &in, c.tNow,
				    &pOut->plan, pErr);
	if (rc == HW_OK)
		rc = apply_plan(p, &c, pIn, t.iId, zDialed, pOut);
	if (rc == HW_OK && (pIn->eOutcome == HW_O_MEETING || pOut->plan.bDnc))
		rc = queue_event(p, &c.lead, &t, pIn->eOutcome == HW_O_MEETING ? "meeting.booked"
										 : "dnc.requested");
	hw_lead_clear(&c.lead);
	return rc;
}

hw_rc hw_work_log(hw_work *p, const hw_log_in *pIn, hw_log_out *pOut, hw_err *pErr)
{
	hw_work_op op, *pOp = &op;
	memset(&op, 0, sizeof op);
	op.eKind = HW_OP_LOG;
	op.pIn = pIn;
	op.pOut = pOut;
	hw_work_run(p, &pOp, 1);
	*pErr = op.err;
	return op.rc;
}

/* One operation inside the batch's transaction, in its own savepoint. */
static hw_rc run_one(hw_work *p, hw_work_op *o)
{
	const hw_store_methods *m = p->pStore->pMethods;
	hw_rc rc;
	if ((rc = m->xSavepoint(p->pStore, HW_SP_BEGIN)) != HW_OK)
		return rc;
	if (o->eKind == HW_OP_LOG)
		rc = log_locked(p, o->pIn, o->pOut, &o->err);
	else
		rc = next_locked(p, o->iUser, o->pOffer, &o->err);
	/* nothing callable still keeps the snoozes it wrote */
	if (m->xSavepoint(p->pStore, rc == HW_OK || (o->eKind == HW_OP_NEXT && rc == HW_ENOTFOUND)
						? HW_SP_RELEASE
						: HW_SP_UNDO) != HW_OK)
		rc = HW_ESTORE;
	if (rc != HW_OK && o->eKind == HW_OP_NEXT)
		hw_offer_clear(o->pOffer);
	return rc;
}

static const char *op_what(const hw_work_op *o)
{
	return o->eKind == HW_OP_LOG ? "cannot log the touch" : "cannot take the next lead";
}

void hw_work_run(hw_work *p, hw_work_op **apOp, int n)
{
	hw_store *s = p->pStore;
	int bDurable = 0;
	hw_rc rc;

	for (int i = 0; i < n; i++) {
		hw_work_op *o = apOp[i];
		hw_err_clear(&o->err);
		o->rc = HW_OK;
		if (o->eKind == HW_OP_LOG) {
			memset(o->pOut, 0, sizeof *o->pOut);
			o->rc = validate(o->pIn, &o->err);
			bDurable = 1;
		} else {
			memset(o->pOffer, 0, sizeof *o->pOffer);
		}
	}
	if ((rc = hw_store_begin(s, bDurable)) != HW_OK) {
		for (int i = 0; i < n; i++)
			if (apOp[i]->rc == HW_OK)
				apOp[i]->rc = hw_work_fail(p, rc, &apOp[i]->err, op_what(apOp[i]));
		return;
	}
	for (int i = 0; i < n; i++) {
		hw_work_op *o = apOp[i];
		if (o->rc != HW_OK)
			continue;
		o->rc = run_one(p, o);
		if (o->rc != HW_OK && o->rc != HW_ENOTFOUND && o->rc != HW_EINVAL)
			hw_work_fail(p, o->rc, &o->err, op_what(o));
	}
	if ((rc = hw_store_commit(s)) != HW_OK) {
		hw_store_rollback(s);
		for (int i = 0; i < n; i++) {
			hw_work_op *o = apOp[i];
			if (o->rc == HW_OK && o->eKind == HW_OP_NEXT)
				hw_offer_clear(o->pOffer);
			if (o->rc == HW_OK || (o->eKind == HW_OP_NEXT && o->rc == HW_ENOTFOUND))
				o->rc = hw_work_fail(p, rc, &o->err, op_what(o));
		}
	}
}

/* ---- why ---- */

typedef struct why_ctx {
	hw_task call, other;
	int bCall, bOther;
} why_ctx;

static int why_task_cb(void *pv, const hw_task *t)
{
	why_ctx *w = pv;
	if (t->eChannel == HW_CH_CALL && !w->bCall) {
		w->call = *t;
		w->bCall = 1;
	} else if (t->eChannel != HW_CH_CALL && !w->bOther) {
		w->other = *t;
		w->bOther = 1;
	}
	return 0;
}

hw_rc hw_work_why(hw_work *p, long long iLead, hw_why *pOut, hw_err *pErr)
{
	const hw_store_methods *pM = p->pStore->pMethods;
	lead_ctx c;
	why_ctx w;
	hw_scrub sBlock;
	int iBlocked = -1;
	hw_task_filter f = {.iLead = iLead, .bOpenOnly = 1};
	hw_verdict v;
	char zWhen[80];
	hw_rc rc;

	memset(pOut, 0, sizeof *pOut);
	memset(&w, 0, sizeof w);
	rc = lead_ctx_load(p, iLead, &c);
	if (rc == HW_ENOTFOUND) {
		hw_err_at(pErr, NULL, 0, 0, "lead", "no lead %lld; 'hawser leads' lists them", iLead);
		return rc;
	}
	if (rc != HW_OK)
		return hw_work_fail(p, rc, pErr, "cannot explain the lead");
	if ((rc = pM->xTaskList(p->pStore, &f, why_task_cb, &w)) != HW_OK) {
		hw_lead_clear(&c.lead);
		return hw_work_fail(p, rc, pErr, "cannot explain the lead");
	}
	pOut->bTask = w.bCall;
	if (w.bCall)
		pOut->task = w.call;
	if (c.lead.bDoNotCall) {
		pOut->zCode = "suppressed";
		snprintf(pOut->zWhy, sizeof pOut->zWhy,
			 "never: the lead asked not to be called; every number is on the do-not-call "
			 "list (only an admin can lift it, with a written reason)");
	} else if (!first_dialable(p, &c.lead, c.tNow, &iBlocked, &sBlock) && iBlocked >= 0) {
		pOut->zCode = "registry";
		hw_scrub_text(&sBlock, c.lead.aPhone[iBlocked].zE164, pOut->zWhy, sizeof pOut->zWhy);
	} else if (!first_dialable(p, &c.lead, c.tNow, NULL, NULL)) {
		pOut->zCode = "suppressed";
		snprintf(pOut->zWhy, sizeof pOut->zWhy,
			 c.lead.nPhone ? "no number may be dialed: each is on a do-not-call list or "
					 "marked wrong or dead"
				       : "the lead has no phone number; add one to call it");
	} else if (c.lead.eStatus == HW_STATUS_MEETING || c.lead.eStatus == HW_STATUS_DISQUALIFIED ||
		   c.lead.eStatus == HW_STATUS_DO_NOT_CONTACT) {
		pOut->zCode = "status";
		snprintf(pOut->zWhy, sizeof pOut->zWhy, "the lead is %s: its cadence has ended",
			 hw_status_names[c.lead.eStatus]);
	} else if (!w.bCall) {
		pOut->zCode = "no_task";
		if (w.bOther) {
			local_text(&c, w.other.tFrom, zWhen, sizeof zWhen);
			snprintf(pOut->zWhy, sizeof pOut->zWhy,
				 "no call is planned; the next touch is a %s ('%s') due %s",
				 hw_channel_names[w.other.eChannel], w.other.zTemplate, zWhen);
		} else {
			snprintf(pOut->zWhy, sizeof pOut->zWhy,
				 c.lead.eStatus == HW_STATUS_NEW
					 ? "no call is planned yet: the lead is new and enters the queue "
					   "by ICP fit when a rep asks for the next lead"
					 : "no call is planned: log a touch or enrol the lead again");
		}
	} else if (w.call.iLeasedBy && w.call.tLeaseUntil > c.tNow) {
		hw_user u;
		pOut->zCode = "leased";
		pOut->tNext = w.call.tLeaseUntil;
		if (pM->xUserLoad(p->pStore, w.call.iLeasedBy, &u) != HW_OK)
			snprintf(u.zLogin, sizeof u.zLogin, "user %lld", w.call.iLeasedBy);
		local_text(&c, w.call.tLeaseUntil, zWhen, sizeof zWhen);
		snprintf(pOut->zWhy, sizeof pOut->zWhy, "%s holds the lead until %s", u.zLogin, zWhen);
	} else if (w.call.tFrom > c.tNow) {
		pOut->zCode = "not_due";
		pOut->tNext = w.call.tFrom;
		local_text(&c, w.call.tFrom, zWhen, sizeof zWhen);
		snprintf(pOut->zWhy, sizeof pOut->zWhy, "the next call is due %s (%s: %s)", zWhen,
			 w.call.zRule, w.call.zWhy);
	} else if ((rc = hw_policy_check(p->pPolicy, &c.target, c.tNow, &v)) != HW_OK) {
		pOut->zCode = "unknown_location";
		snprintf(pOut->zWhy, sizeof pOut->zWhy, "the lead's time zone '%s' is not known",
			 c.lead.zTimeZones ? c.lead.zTimeZones : "");
		rc = HW_OK;
	} else if (v.eDeny != HW_DENY_NONE) {
		static const char *const azCode[] = {"callable", "unknown_location", "legal_window",
						     "quiet", "cap", "legal_window"};
		pOut->zCode = azCode[v.eDeny];
		pOut->tNext = v.tNext;
		if (v.tNext) {
			local_text(&c, v.tNext, zWhen, sizeof zWhen);
			snprintf(pOut->zWhy, sizeof pOut->zWhy, "not now: %s; next %s", v.zWhy, zWhen);
		} else {
			snprintf(pOut->zWhy, sizeof pOut->zWhy, "not now: %s", v.zWhy);
		}
	} else {
		pOut->bCallable = 1;
		pOut->zCode = "callable";
		pOut->tNext = c.tNow;
		snprintf(pOut->zWhy, sizeof pOut->zWhy, "may be called now: %s", v.zWhy);
	}
	hw_lead_clear(&c.lead);
	return rc;
}

/* ---- the numbers ---- */

typedef struct stats_ctx {
	hw_stats *pS;
	hw_keymap mLead;  /* lead -> attempts so far (+ 1<<40 once reached) */
	const char *zZone; /* the user's zone for days */
	int iToday;       /* days since epoch, local */
	long *anDay;     /* dials per local day, the last one today */
	int nDay0, nDays;
	hw_rc rc;
} stats_ctx;

static int local_day(const char *zZone, hw_time t)
{
	hw_local lt;
	if (hw_local_time(zZone, t, &lt) != HW_OK)
		return (int)(t / DAY);
	return (int)((t + lt.iOffset) / DAY - (t + lt.iOffset < 0));
}

static int stats_cb(void *pv, const hw_touch *t)
{
	stats_ctx *s = pv;
	hw_stats *pS = s->pS;
	hw_outcome e;
	hw_objection eObj;
	if (t->eChannel != HW_CH_CALL)
		return 0;
	pS->nDials++;
	pS->nConnects += t->bReached;
	pS->nConversations += t->bConversation;
	if (hw_outcome_parse(t->zOutcome, &e) == HW_OK) {
		if (e == HW_O_MEETING) {
			pS->nMeetings++;
			pS->nRejectionsSinceYes = 0;
		} else if (hw_outcomes[e].mFlags & HW_OF_NEGATIVE) {
			pS->nRejectionsSinceYes++;
		}
	}
	if (t->iLocalHour >= 0 && t->iLocalHour < 24) {
		pS->anHourDials[t->iLocalHour]++;
		pS->anHourConnects[t->iLocalHour] += t->bReached;
	}
	if (t->zObjection[0] && hw_objection_parse(t->zObjection, &eObj) == HW_OK)
		pS->anObjections[eObj]++;
	/* the persistence curve: the attempt on which each lead was first reached */
	uint64_t uKey = (uint64_t)t->iLead * 0x9E3779B97F4A7C15ull | 1;
	long long v = hw_keymap_get(&s->mLead, uKey);
	long long nAttempt = (v & ((1LL << 40) - 1)) + 1, bReached = v >> 40;
	if (t->bReached && !bReached) {
		pS->anFirstReached[nAttempt < HW_STATS_CURVE ? nAttempt - 1 : HW_STATS_CURVE - 1]++;
		bReached = 1;
	}
	if (hw_keymap_put(&s->mLead, uKey, nAttempt | (bReached << 40)) != HW_OK) {
		s->rc = HW_ENOMEM;
		return 1;
	}
	/* dials per local day, for the goal and the streak */
	int iDay = local_day(s->zZone, t->tAt) - s->nDay0;
	if (iDay >= 0 && iDay < s->nDays)
		s->anDay[iDay]++;
	return 0;
}

hw_rc hw_work_stats(hw_work *p, long long iUser, hw_time tSince, hw_stats *pOut, hw_err *pErr)
{
	const hw_store_methods *pM = p->pStore->pMethods;
	hw_stats_filter f = {.iUser = iUser, .tSince = tSince};
	hw_user u;
	stats_ctx s;
	hw_time tNow = now(p);
	hw_rc rc;

	memset(pOut, 0, sizeof *pOut);
	memset(&s, 0, sizeof s);
	memset(&u, 0, sizeof u);
	u.nDailyGoal = 50;
	if (iUser && (rc = pM->xUserLoad(p->pStore, iUser, &u)) != HW_OK)
		return hw_work_fail(p, rc, pErr, "cannot load the user");
	s.pS = pOut;
	s.zZone = u.zTimeZone[0] ? u.zTimeZone : "UTC";
	s.iToday = local_day(s.zZone, tNow);
	s.nDays = 400; /* the streak looks back at most this far */
	s.nDay0 = s.iToday - s.nDays + 1;
	if (!(s.anDay = calloc((size_t)s.nDays, sizeof *s.anDay)))
		return HW_ENOMEM;
	pOut->nGoal = u.nDailyGoal;
	rc = pM->xTouchScan(p->pStore, &f, stats_cb, &s);
	if (rc == HW_OK)
		rc = s.rc;
	if (rc == HW_OK) {
		pOut->fConnectRate = pOut->nDials ? (double)pOut->nConnects / pOut->nDials : 0;
		pOut->fConversationRate =
			pOut->nConnects ? (double)pOut->nConversations / pOut->nConnects : 0;
		pOut->fMeetingRate =
			pOut->nConversations ? (double)pOut->nMeetings / pOut->nConversations : 0;
		pOut->fDialsPerMeeting = pOut->nMeetings ? (double)pOut->nDials / pOut->nMeetings : 0;
		pOut->nToday = s.anDay[s.nDays - 1];
		/* The streak: business days in a row, back from today (today counts
		 * once met; a day not yet met does not break it), weekends skipped. */
		for (int i = s.nDays - 1; i >= 0; i--) {
			int iWday = (int)(((long long)(s.nDay0 + i) % 7 + 7 + 3) % 7); /* 1970-01-01: Thu */
			if (!((p->pPolicy->mBusinessDays >> iWday) & 1))
				continue;
			if (s.anDay[i] >= pOut->nGoal)
				pOut->nStreak++;
			else if (i != s.nDays - 1)
				break;
		}
	}
	free(s.anDay);
	hw_keymap_free(&s.mLead);
	return hw_work_fail(p, rc, pErr, "cannot compute the numbers");
}
