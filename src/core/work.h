/*
 * work.h — working leads: the queue, logging a touch, why, the agenda and
 * the numbers. The functions every face (CLI now, HTTP later) calls.
 *
 * They run on the store interface and an injected clock, never on SQL or the
 * wall clock. Each is one transaction: next() takes a lease atomically;
 * log() stores the touch, closes the task, applies the engine's plan and the
 * lead's new state together and durably (synchronous=FULL), so a touch that
 * was acknowledged survives a crash with everything it caused.
 */
#ifndef HW_CORE_WORK_H
#define HW_CORE_WORK_H

#include "core/cadence.h"
#include "core/engine.h"
#include "core/icp.h"
#include "core/policy.h"
#include "core/registry.h"
#include "store/store.h"

typedef struct hw_work {
	hw_store *pStore;
	const hw_clock *pClock;
	hw_policy *pPolicy;
	hw_cadence *pCadence;
	long long iCadenceId;
	hw_icp *pIcp;
	int nLeaseSeconds; /* how long next() holds a lead for a rep (300) */
	/* National do-not-call registries (NULL: none loaded); the caller sets
	 * it after hw_work_open. nDncMaxAge: days a copy stays good (setting
	 * dnc_max_age_days, else HW_DNC_MAX_AGE_DAYS). */
	const hw_registry *pRegistry;
	int nDncMaxAge;
} hw_work;

/* Load the team's policy, default cadence and ICP rules from the store (the
 * shipped defaults where none is stored; the default cadence is stored on
 * first use so tasks can name it). */
hw_rc hw_work_open(hw_work *p, hw_store *pStore, const hw_clock *pClock, hw_err *pErr);
void hw_work_close(hw_work *p);

/* Fill pErr for a store failure (HW_ESTORE: the database's message; HW_ENOMEM)
 * as "zWhat: ..."; other codes keep pErr. Returns rc. */
hw_rc hw_work_fail(hw_work *p, hw_rc rc, hw_err *pErr, const char *zWhat);

/* The lead offered to a rep, with what the card shows. */
typedef struct hw_offer {
	hw_task task;
	hw_lead lead;        /* owned: hw_offer_clear */
	char zPhone[24];     /* the number to dial */
	char zCallerId[24];  /* the rep's verified caller ID, presented */
	char zLocal[80];     /* "Tue 10:05 in America/Chicago" */
	hw_verdict verdict;  /* why it may be called now */
	int bLast;
	hw_touch last;       /* the last touch, to refer to */
	int nHistory;        /* the touches before it, newest first (at most 3) */
	hw_touch aHistory[3];
	int bRefer;
	hw_task refer;       /* the note or email this call refers to */
	int nAttempts;       /* calls so far */
	int bNew;            /* enrolled just now */
} hw_offer;

void hw_offer_clear(hw_offer *p);

/* The next lead for iUser now, leased to them for nLeaseSeconds. A rep who
 * already holds a lease gets that lead again. HW_ENOTFOUND: nothing may be
 * called now (pErr says so). */
hw_rc hw_work_next(hw_work *p, long long iUser, hw_offer *pOut, hw_err *pErr);

/* A touch to record. */
typedef struct hw_log_in {
	long long iLead;
	long long iUser;       /* 0: nobody (imports, tests) */
	hw_outcome eOutcome;
	hw_reason eReason;     /* not_interested */
	hw_time tTime;         /* better time / callback / meeting; 0 = none */
	hw_time tAt;           /* when it happened; 0 = now */
	const char *zNote;
	const char *zObjection; /* hw_objection name, or NULL */
	const char *zName;      /* the gatekeeper's name */
	const char *zPhone;     /* the number dialed; NULL = the lead's first live one */
	int nDuration;
} hw_log_in;

typedef struct hw_log_out {
	long long iTouch;
	hw_plan plan;
	long long aTaskId[HW_PLAN_MAX_TASKS];
	int nCancelled;          /* open tasks the plan ended */
	hw_lead_status eStatus;  /* the lead's status afterwards */
	int nSuppressed;         /* numbers put on the do-not-call list */
	/* The number dialed was on a do-not-call list when the call was logged
	 * (the list changed after the offer): the call is recorded as it
	 * happened, flagged and audited, and this says so. "" = none. */
	char zWarning[300];
} hw_log_out;

hw_rc hw_work_log(hw_work *p, const hw_log_in *pIn, hw_log_out *pOut, hw_err *pErr);

/* Several next() and log() calls in one transaction (a server's group
 * commit: one commit, and one fsync when a touch is among them). Each runs in
 * its own savepoint, so one that fails (its rc and err) changes nothing and
 * the others stand. The op structs and what they point to are the caller's. */
typedef enum hw_op_kind { HW_OP_NEXT = 0, HW_OP_LOG } hw_op_kind;
typedef struct hw_work_op {
	hw_op_kind eKind;
	long long iUser;      /* next: for whom */
	hw_offer *pOffer;     /* next: out (hw_offer_clear when rc is HW_OK) */
	const hw_log_in *pIn; /* log: in */
	hw_log_out *pOut;     /* log: out */
	hw_rc rc;
	hw_err err;
} hw_work_op;

void hw_work_run(hw_work *p, hw_work_op **apOp, int n);

/* Why a lead may or may not be called now. */
typedef struct hw_why {
	int bCallable;
	const char *zCode;  /* "callable", "suppressed", "registry", "status", "no_task", "not_due",
			       "leased", "unknown_location", "legal_window", "quiet", "cap" */
	char zWhy[512];
	hw_time tNext;      /* when it next may be called, 0 = not foreseeable */
	int bTask;
	hw_task task;       /* the open call task, if any */
} hw_why;

hw_rc hw_work_why(hw_work *p, long long iLead, hw_why *pOut, hw_err *pErr);

/* Enrol up to n new leads (first call task, best ICP first); *pnDone. */
hw_rc hw_work_enroll(hw_work *p, int n, int *pnDone, hw_err *pErr);

/* The numbers. */
#define HW_STATS_CURVE 10 /* attempts 1..9, then 10 and more */
typedef struct hw_stats {
	long long nDials, nConnects, nConversations, nMeetings;
	double fConnectRate, fConversationRate, fMeetingRate; /* per dial, per connect, per conversation */
	double fDialsPerMeeting;                               /* 0 when no meeting */
	long long anFirstReached[HW_STATS_CURVE];  /* leads first reached on attempt i+1 */
	long long anHourDials[24], anHourConnects[24]; /* by the lead's local hour */
	long long anObjections[HW_OBJ_COUNT];
	long long nRejectionsSinceYes;  /* negative outcomes since the last meeting */
	int nGoal;                      /* dials per day */
	long long nToday;               /* dials today */
	int nStreak;                    /* business days in a row the goal was met */
} hw_stats;

/* iUser 0: the whole team. tSince 0: all time. Days are the user's local days. */
hw_rc hw_work_stats(hw_work *p, long long iUser, hw_time tSince, hw_stats *pOut, hw_err *pErr);

#endif
