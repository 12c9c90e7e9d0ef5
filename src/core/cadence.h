/*
 * cadence.h — the persistence rules as data.
 *
 * A cadence is a text a team can read and edit. One rule per line; the first
 * rule whose outcome and conditions match a logged touch decides what happens
 * next, and the task it plans names that rule ("smart-persistence:14"), so
 * every decision can be explained.
 *
 *   cadence NAME
 *   on OUTCOME[, OUTCOME...] [if COND [and COND]...] do ACTION[, ACTION...]
 *
 * OUTCOME is a disposition of outcome.h ("no_answer", "voicemail", ...) or
 * "enroll" (a lead entering the cadence). COND is one of
 *   reason = R | reason in R1,R2     (not interested: timing, no_need, ...)
 *   has time | has other_number      (a better/callback time was given; the
 *                                     lead has another live number)
 *   attempts|no_connect|connects|days  OP N   (OP: = != < <= > >=)
 *       attempts    call attempts so far, this one included
 *       no_connect  call attempts since a human last answered, this one included
 *       connects    calls that reached a human, this one included
 *       days        whole days since the lead's first touch
 * ACTION is one of
 *   call at time                     exactly at the given time (or the first
 *                                    legal moment after it)
 *   call WHEN [other block] [refer CHANNEL]
 *   email|linkedin|note|letter TEMPLATE WHEN
 *   status nurture N days | status disqualified | status meeting | status working
 *   stop                             end every other open task of the lead
 *   do_not_call                      suppress every number, end every task
 *   mark number dead                 the dialed number is wrong or dead
 * WHEN is "now", "today", "next business day", "in N business days" or
 * "in N days". "other block" moves the call to a time block of the lead's day
 * in which no call has failed yet; "refer note" makes the call's task refer to
 * the note (or email, ...) planned by the same rule.
 */
#ifndef HW_CORE_CADENCE_H
#define HW_CORE_CADENCE_H

#include "core/hw.h"
#include "core/lead.h"
#include "core/outcome.h"

#define HW_CADENCE_MAX_RULES 64
#define HW_RULE_MAX_CONDS 4
#define HW_RULE_MAX_ACTIONS 6
#define HW_OUTCOME_ENROLL HW_O_COUNT /* bit index of the "enroll" pseudo-outcome */

typedef enum hw_cond_var {
	HW_CV_REASON = 0,
	HW_CV_HAS_TIME,
	HW_CV_HAS_OTHER_NUMBER,
	HW_CV_ATTEMPTS,
	HW_CV_NO_CONNECT,
	HW_CV_CONNECTS,
	HW_CV_DAYS
} hw_cond_var;

typedef enum hw_cmp { HW_CMP_EQ = 0, HW_CMP_NE, HW_CMP_LT, HW_CMP_LE, HW_CMP_GT, HW_CMP_GE } hw_cmp;

typedef struct hw_cond {
	hw_cond_var eVar;
	hw_cmp eCmp;
	int iValue;
	unsigned mReasons; /* HW_CV_REASON: bit per hw_reason */
} hw_cond;

typedef enum hw_action_kind {
	HW_A_CALL = 0,
	HW_A_TASK,  /* a non-call channel with a template */
	HW_A_STATUS,
	HW_A_STOP,
	HW_A_DNC,
	HW_A_DEAD_NUMBER
} hw_action_kind;

typedef enum hw_when {
	HW_W_AT_TIME = 0, /* the outcome's time */
	HW_W_NOW,
	HW_W_TODAY,
	HW_W_BUSINESS_DAYS, /* nDays business days later (next business day: 1) */
	HW_W_DAYS           /* nDays calendar days later */
} hw_when;

typedef struct hw_action {
	hw_action_kind eKind;
	hw_channel eChannel;
	char zTemplate[48];
	hw_when eWhen;
	int nDays;
	int bOtherBlock;
	int eRefer;             /* hw_channel the call refers to, or -1 */
	hw_lead_status eStatus; /* HW_A_STATUS */
	int nStatusDays;        /* nurture: back in the rotation after that many days */
} hw_action;

typedef struct hw_rule {
	int iLine;
	char zText[192]; /* the rule as written, for explanations */
	unsigned mOutcomes; /* bit per hw_outcome, and HW_OUTCOME_ENROLL */
	int nCond;
	hw_cond aCond[HW_RULE_MAX_CONDS];
	int nAction;
	hw_action aAction[HW_RULE_MAX_ACTIONS];
} hw_rule;

typedef struct hw_cadence {
	char zName[64];
	int nRule;
	hw_rule aRule[HW_CADENCE_MAX_RULES];
} hw_cadence;

/* The shipped "smart persistence" cadence of DESIGN.md. */
extern const char hw_cadence_default_text[];

hw_rc hw_cadence_parse(const char *zText, const char *zFile, hw_cadence *p, hw_err *pErr);

/* What a rule's conditions are evaluated against. */
typedef struct hw_facts {
	hw_outcome eOutcome; /* or HW_OUTCOME_ENROLL */
	hw_reason eReason;
	int bHasTime;
	int bOtherNumber;
	int nAttempts, nNoConnect, nConnects, nDays;
} hw_facts;

/* The first rule matching the facts, or NULL. */
const hw_rule *hw_cadence_match(const hw_cadence *p, const hw_facts *pF);

#endif
