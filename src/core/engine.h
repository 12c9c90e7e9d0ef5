/*
 * engine.h — the persistence engine: from a touch to the next tasks.
 *
 * Pure planning. Given the cadence, the calling policy, the lead as the
 * policy sees it, the lead's call history and the touch just logged, it
 * decides the lead's new status and the tasks to plan, each with the time
 * window in which it is due and a sentence saying why. It writes nothing:
 * work.c stores the plan in the same transaction as the touch.
 */
#ifndef HW_CORE_ENGINE_H
#define HW_CORE_ENGINE_H

#include "core/cadence.h"
#include "core/clock.h"
#include "core/policy.h"

/* What the lead's past calls say (before the touch being planned for). */
typedef struct hw_history {
	int nAttempts;          /* call attempts */
	int nNoConnect;         /* call attempts since a human last answered */
	int nConnects;          /* calls that reached a human */
	hw_time tFirstTouch;    /* 0: never touched */
	unsigned mFailedBlocks; /* blocks (bit per policy block) of unanswered calls */
	int iLastBlock;         /* block of the last call, or -1 */
	int bOtherNumber;       /* the lead has a live number besides the one dialed */
} hw_history;

/* The touch to plan for. eOutcome may be HW_OUTCOME_ENROLL (no touch). */
typedef struct hw_touch_in {
	int eOutcome;       /* hw_outcome or HW_OUTCOME_ENROLL */
	hw_reason eReason;
	hw_time tTime;      /* better time, callback, meeting; 0 = none */
	hw_time tAt;        /* when it happened */
	int iBlock;         /* the policy block it happened in, -1 = none */
} hw_touch_in;

#define HW_PLAN_MAX_TASKS HW_RULE_MAX_ACTIONS

typedef struct hw_planned {
	hw_channel eChannel;
	char zTemplate[48];
	hw_time tFrom, tUntil; /* due window; tUntil 0 = open-ended */
	int iPriority;         /* callbacks at their time first */
	int iRefer;            /* index in the plan of the task this one refers to, or -1 */
	char zWhy[256];
} hw_planned;

typedef struct hw_plan {
	const hw_rule *pRule;  /* NULL: no rule matched (nothing planned) */
	char zRule[96];        /* "smart-persistence:14" */
	int bStop;             /* end the lead's other open tasks */
	int bDnc;              /* do-not-call: suppress all numbers, end all tasks */
	int bDeadNumber;       /* mark the dialed number dead */
	int bStatus;
	hw_lead_status eStatus;
	hw_time tRecycle;      /* nurture: back in rotation then */
	int nTask;
	hw_planned aTask[HW_PLAN_MAX_TASKS];
} hw_plan;

/* Priorities of planned tasks (the queue orders by priority, then due time). */
#define HW_PRIO_CALLBACK 1000 /* a time the prospect or gatekeeper gave */
#define HW_PRIO_RETRY 100     /* a lead already in play */
#define HW_PRIO_NEW 0         /* enrolment; the ICP score is added */

/* The queue class of a task planned with priority iPriority (before the ICP
 * score is added) for a lead of ICP fit iIcp: callbacks, then leads in play,
 * then new leads; within each, the better ICP band first. */
int hw_task_class(int iPriority, int iIcp);

/* Plan the next touches. pT is the lead as the policy sees it (its recent
 * calls included), tNow the present. *pPlan is filled even when no rule
 * matches (then pRule is NULL and nothing is planned). */
hw_rc hw_engine_plan(const hw_cadence *pCad, const hw_policy *pPol, const hw_target *pT,
		     const hw_history *pH, const hw_touch_in *pTouch, hw_time tNow, hw_plan *pPlan,
		     hw_err *pErr);

/* The block a retry should use: the first one after the last block tried in
 * which no call has failed yet; when every block has failed, the next one. */
int hw_engine_pick_block(int nBlock, unsigned mFailed, int iLastBlock);

#endif
