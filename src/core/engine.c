/*
 * engine.c — turn the matching cadence rule into dated tasks.
 *
 * Times are chosen in the lead's local time through the policy: a call lands
 * in a time block on a business day at a moment the policy allows (legal
 * window in every possible zone, no quiet window, under the cap); a retry
 * moves to a block in which no call has failed yet. A lead whose location is
 * unknown still gets its tasks (dated in UTC days), and the queue will not
 * offer its calls until a zone is known: why() says so.
 */
#include "core/engine.h"

#include <stdio.h>
#include <string.h>

typedef struct planner {
	unsigned mFailed; /* blocks where calls went unanswered, this one included */
	int iLastBlock;
	const hw_policy *pPol;
	const hw_target *pT;
	const hw_history *pH;
	const hw_touch_in *pTouch;
	hw_time tNow;
	hw_err *pErr;
} planner;

int hw_engine_pick_block(int nBlock, unsigned mFailed, int iLastBlock)
{
	if (nBlock <= 0)
		return -1;
	for (int k = 1; k <= nBlock; k++) {
		int i = (iLastBlock + k + nBlock) % nBlock;
		if (!((mFailed >> i) & 1))
			return i;
	}
	return (iLastBlock + 1 + nBlock) % nBlock;
}

int hw_task_class(int iPriority, int iIcp)
{
	int iKind = iPriority >= HW_PRIO_CALLBACK ? 2 : iPriority >= HW_PRIO_RETRY ? 1 : 0;
	int iBand = iIcp >= 70 ? 2 : iIcp >= 40 ? 1 : 0;
	return iKind * 3 + iBand;
}

static void fmt_local(const planner *p, hw_time t, char *zBuf, size_t nBuf)
{
	char zZone[64];
	hw_local lt;
	const char *z = p->pT->zZones;
	size_t n = z ? strcspn(z, "|") : 0;
	if (n == 0 || n >= sizeof zZone) {
		snprintf(zBuf, nBuf, "%lld (UTC seconds)", t);
		return;
	}
	memcpy(zZone, z, n);
	zZone[n] = 0;
	static const char *const azDay[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	if (hw_local_time(zZone, t, &lt) != HW_OK) {
		snprintf(zBuf, nBuf, "%lld (UTC seconds)", t);
		return;
	}
	snprintf(zBuf, nBuf, "%s %04d-%02d-%02d %02d:%02d in %s", azDay[lt.iWday], lt.iYear, lt.iMonth,
		 lt.iDay, lt.iMinute / 60, lt.iMinute % 60, zZone);
}

static int located(const planner *p)
{
	return p->pT->zZones && p->pT->zZones[0];
}

/* Local midnight starting the day WHEN names (or tNow itself for now/today). */
static hw_time day_of(const planner *p, const hw_action *pA)
{
	hw_time t = p->tNow;
	switch (pA->eWhen) {
	case HW_W_AT_TIME:
	case HW_W_NOW:
	case HW_W_TODAY:
		return p->tNow;
	case HW_W_BUSINESS_DAYS:
		if (!located(p) ||
		    hw_policy_business_days_after(p->pPol, p->pT, p->tNow, pA->nDays, &t) != HW_OK)
			t = p->tNow + (hw_time)pA->nDays * 86400;
		return t;
	case HW_W_DAYS:
		t = p->tNow + (hw_time)pA->nDays * 86400;
		if (located(p))
			(void)hw_policy_business_days_after(p->pPol, p->pT, t, 0, &t);
		return t;
	}
	return t;
}

/* The first moment >= tStart the policy allows, and the block it is in. */
static hw_time first_callable(const planner *p, hw_time tStart, char *zWhy, size_t nWhy)
{
	hw_verdict v;
	if (!located(p) || hw_policy_check(p->pPol, p->pT, tStart, &v) != HW_OK) {
		snprintf(zWhy, nWhy, "; the lead's location is unknown, so the queue holds the call "
				     "until a time zone is known");
		return tStart;
	}
	if (v.eDeny == HW_DENY_NONE)
		return tStart;
	if (v.tNext == 0) {
		snprintf(zWhy, nWhy, "; no legal moment in the next 31 days (%s)", v.zWhy);
		return tStart;
	}
	return v.tNext;
}

static void plan_call(const planner *p, const hw_action *pA, hw_planned *pOut)
{
	char zWhen[96], zExtra[320] = "";
	hw_time tStart = day_of(p, pA), t;
	int iBlock = -1;

	pOut->eChannel = HW_CH_CALL;
	pOut->iPriority = p->pTouch->eOutcome == HW_OUTCOME_ENROLL ? HW_PRIO_NEW : HW_PRIO_RETRY;
	if (tStart < p->tNow)
		tStart = p->tNow;
	if (pA->eWhen == HW_W_AT_TIME) {
		hw_time tAsked = p->pTouch->tTime > p->tNow ? p->pTouch->tTime : p->tNow;
		pOut->iPriority = HW_PRIO_CALLBACK;
		t = first_callable(p, tAsked, zExtra, sizeof zExtra);
		pOut->tFrom = t;
		pOut->tUntil = t + 30 * 60;
		fmt_local(p, t, zWhen, sizeof zWhen);
		if (t == tAsked)
			snprintf(pOut->zWhy, sizeof pOut->zWhy, "call at the time given: %.80s%.140s", zWhen,
				 zExtra);
		else
			snprintf(pOut->zWhy, sizeof pOut->zWhy,
				 "call at the first legal moment after the time given: %s", zWhen);
		return;
	}
	if (pA->bOtherBlock && located(p) && p->pPol->nBlock > 0) {
		int n = p->pPol->nBlock;
		int i0 = hw_engine_pick_block(n, p->mFailed, p->iLastBlock);
		for (int k = 0; k < n && iBlock < 0; k++) {
			int i = (i0 + k) % n;
			if (hw_policy_next_in_block(p->pPol, p->pT, tStart, i, 1, &t) == HW_OK)
				iBlock = i;
		}
	}
	if (iBlock < 0) {
		t = first_callable(p, tStart, zExtra, sizeof zExtra);
		pOut->tFrom = t;
		pOut->tUntil = 0;
		fmt_local(p, t, zWhen, sizeof zWhen);
		snprintf(pOut->zWhy, sizeof pOut->zWhy, "call from %.80s%.150s", zWhen, zExtra);
		return;
	}
	const hw_block *pB = &p->pPol->aBlock[iBlock];
	char zZone[64];
	hw_local lt;
	size_t nz = strcspn(p->pT->zZones, "|");
	pOut->tFrom = t;
	pOut->tUntil = 0;
	if (nz < sizeof zZone) {
		memcpy(zZone, p->pT->zZones, nz);
		zZone[nz] = 0;
		if (hw_local_time(zZone, t, &lt) == HW_OK && lt.iMinute < pB->iEnd)
			pOut->tUntil = t + (hw_time)(pB->iEnd - lt.iMinute) * 60;
	}
	fmt_local(p, t, zWhen, sizeof zWhen);
	if (p->mFailed)
		snprintf(pOut->zWhy, sizeof pOut->zWhy,
			 "call %s, in the %s block: calls in other blocks went unanswered", zWhen,
			 pB->zName);
	else
		snprintf(pOut->zWhy, sizeof pOut->zWhy, "call %s, in the %s block", zWhen, pB->zName);
}

static void plan_task(const planner *p, const hw_action *pA, hw_planned *pOut)
{
	char zWhen[96];
	hw_time tDay = day_of(p, pA), tEnd;
	pOut->eChannel = pA->eChannel;
	snprintf(pOut->zTemplate, sizeof pOut->zTemplate, "%s", pA->zTemplate);
	pOut->iPriority = HW_PRIO_RETRY;
	pOut->tFrom = tDay > p->tNow ? tDay : p->tNow;
	if (!located(p) || hw_policy_business_days_after(p->pPol, p->pT, pOut->tFrom, 1, &tEnd) != HW_OK)
		tEnd = pOut->tFrom + 86400;
	pOut->tUntil = tEnd;
	fmt_local(p, pOut->tFrom, zWhen, sizeof zWhen);
	snprintf(pOut->zWhy, sizeof pOut->zWhy, "%s with template '%s', due from %s",
		 hw_channel_names[pA->eChannel], pA->zTemplate, zWhen);
}

hw_rc hw_engine_plan(const hw_cadence *pCad, const hw_policy *pPol, const hw_target *pT,
		     const hw_history *pH, const hw_touch_in *pTouch, hw_time tNow, hw_plan *pPlan,
		     hw_err *pErr)
{
	planner p = {0, pH->iLastBlock, pPol, pT, pH, pTouch, tNow, pErr};
	hw_facts f;
	int bCall = pTouch->eOutcome != HW_OUTCOME_ENROLL;
	int bReached = bCall && (hw_outcomes[pTouch->eOutcome].mFlags & HW_OF_REACHED);

	memset(pPlan, 0, sizeof *pPlan);
	memset(&f, 0, sizeof f);
	f.eOutcome = (hw_outcome)pTouch->eOutcome;
	f.eReason = pTouch->eReason;
	f.bHasTime = pTouch->tTime != 0;
	f.bOtherNumber = pH->bOtherNumber;
	f.nAttempts = pH->nAttempts + bCall;
	f.nNoConnect = bReached ? 0 : pH->nNoConnect + bCall;
	f.nConnects = pH->nConnects + bReached;
	f.nDays = pH->tFirstTouch ? (int)((pTouch->tAt - pH->tFirstTouch) / 86400) : 0;
	p.mFailed = pH->mFailedBlocks;
	if (bCall && pTouch->iBlock >= 0 && pTouch->iBlock < 32) {
		p.iLastBlock = pTouch->iBlock;
		if (!bReached)
			p.mFailed |= 1u << pTouch->iBlock;
	}

	pPlan->pRule = hw_cadence_match(pCad, &f);
	if (!pPlan->pRule)
		return HW_OK;
	snprintf(pPlan->zRule, sizeof pPlan->zRule, "%s:%d", pCad->zName, pPlan->pRule->iLine);

	for (int i = 0; i < pPlan->pRule->nAction; i++) {
		const hw_action *pA = &pPlan->pRule->aAction[i];
		hw_planned *pOut = &pPlan->aTask[pPlan->nTask];
		switch (pA->eKind) {
		case HW_A_CALL:
			memset(pOut, 0, sizeof *pOut);
			pOut->iRefer = -1;
			plan_call(&p, pA, pOut);
			pPlan->nTask++;
			break;
		case HW_A_TASK:
			memset(pOut, 0, sizeof *pOut);
			pOut->iRefer = -1;
			plan_task(&p, pA, pOut);
			pPlan->nTask++;
			break;
		case HW_A_STATUS:
			pPlan->bStatus = 1;
			pPlan->eStatus = pA->eStatus;
			if (pA->eStatus == HW_STATUS_NURTURE) {
				hw_action back = {.eKind = HW_A_CALL, .eWhen = HW_W_DAYS,
						  .nDays = pA->nStatusDays, .bOtherBlock = 1, .eRefer = -1};
				char zWhy[256];
				pPlan->tRecycle = tNow + (hw_time)pA->nStatusDays * 86400;
				memset(pOut, 0, sizeof *pOut);
				pOut->iRefer = -1;
				plan_call(&p, &back, pOut);
				snprintf(zWhy, sizeof zWhy, "back in the rotation after %d days of nurture: %s",
					 pA->nStatusDays, pOut->zWhy);
				memcpy(pOut->zWhy, zWhy, sizeof zWhy);
				pPlan->nTask++;
			}
			break;
		case HW_A_STOP: pPlan->bStop = 1; break;
		case HW_A_DNC:
			pPlan->bDnc = pPlan->bStop = 1;
			pPlan->bStatus = 1;
			pPlan->eStatus = HW_STATUS_DO_NOT_CONTACT;
			break;
		case HW_A_DEAD_NUMBER: pPlan->bDeadNumber = 1; break;
		}
		if (pPlan->nTask > HW_PLAN_MAX_TASKS)
			return HW_EINTERNAL;
	}
	/* Resolve "refer CHANNEL" to the task of that channel in this plan. */
	for (int i = 0, k = 0; i < pPlan->pRule->nAction; i++) {
		const hw_action *pA = &pPlan->pRule->aAction[i];
		if (pA->eKind != HW_A_CALL && pA->eKind != HW_A_TASK &&
		    !(pA->eKind == HW_A_STATUS && pA->eStatus == HW_STATUS_NURTURE))
			continue;
		if (pA->eKind == HW_A_CALL && pA->eRefer >= 0) {
			for (int j = 0; j < pPlan->nTask; j++) {
				if ((int)pPlan->aTask[j].eChannel == pA->eRefer) {
					char zWhy[256];
					pPlan->aTask[k].iRefer = j;
					snprintf(zWhy, sizeof zWhy, "%s; refer to the %s ('%s')",
						 pPlan->aTask[k].zWhy, hw_channel_names[pA->eRefer],
						 pPlan->aTask[j].zTemplate);
					memcpy(pPlan->aTask[k].zWhy, zWhy, sizeof zWhy);
					break;
				}
			}
		}
		k++;
	}
	(void)pErr;
	return HW_OK;
}
