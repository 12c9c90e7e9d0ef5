/*
 * compliance.h — the internal do-not-call list, consents and caller IDs:
 * the changes that decide who may be called, each one transaction, checked
 * for the role that may make it, and audited.
 *
 *   add      a manager or admin puts a number on the internal list: every
 *            lead with it becomes do-not-contact at once, all its numbers
 *            join the list and its open tasks end (as a do-not-call request
 *            logged on a call does)
 *   remove   only an admin, only with a written reason, lifts a number
 *   consent  a manager or admin records one for a number (type, date,
 *            source); it exempts the number from a national registry for
 *            the type's time, never from the internal list
 *   caller   an admin verifies a user's one outbound number
 */
#ifndef HW_CORE_COMPLIANCE_H
#define HW_CORE_COMPLIANCE_H

#include "core/work.h"

#define HW_LIFT_REASON_MIN 15 /* a written reason, not a word */

typedef struct hw_dnc_change {
	int bWas;       /* add: already listed; remove: was listed */
	int nLeads;     /* leads that have the number */
	int nNumbers;   /* numbers newly put on the list (all the leads' numbers) */
	int nTasks;     /* add: open tasks ended; remove: calls planned again */
} hw_dnc_change;

/* zE164: a number in E.164. iUser: who (a manager or admin). */
hw_rc hw_dnc_add(hw_work *p, const char *zE164, long long iUser, const char *zReason,
		 hw_dnc_change *pOut, hw_err *pErr);
hw_rc hw_dnc_remove(hw_work *p, const char *zE164, long long iUser, const char *zReason,
		    hw_dnc_change *pOut, hw_err *pErr);

/* Put every number of the lead on the internal list and the lead out of
 * reach (inside the caller's transaction); *pnNumbers counts the new entries. */
hw_rc hw_lead_dnc_apply(hw_work *p, const hw_lead *pLead, long long iUser, const char *zSource,
			const char *zReason, hw_time tNow, int *pnNumbers);

/* Record pC (zE164, zType, zSource, tGiven; iUser) for every phone with the
 * number; sets iId and tExpires. HW_ENOTFOUND: no lead has the number. */
hw_rc hw_consent_record(hw_work *p, hw_consent *pC, hw_err *pErr);
hw_rc hw_consent_withdraw(hw_work *p, long long iId, long long iUser, hw_err *pErr);

/* iBy (an admin; 0: the database's owner at the command line) verifies
 * zE164 as iUser's caller ID; NULL clears it. */
hw_rc hw_caller_id_set(hw_work *p, long long iUser, const char *zE164, long long iBy,
		       hw_err *pErr);

/* May the number be called, and why: the internal list, the registry, the
 * consents on record, the leads that have it. */
#define HW_CHECK_MAX 16
typedef struct hw_dnc_verdict {
	char zE164[24];
	int bMayCall;
	int bInternal;
	hw_suppression internal; /* when bInternal */
	hw_scrub scrub;          /* the registry's answer, with consents applied */
	char zText[400];         /* the registry verdict in words */
	int nConsent;
	hw_consent aConsent[HW_CHECK_MAX]; /* newest first */
	int nLead;
	long long aLead[HW_CHECK_MAX];
} hw_dnc_verdict;

hw_rc hw_dnc_check(hw_work *p, const char *zE164, const char *zRegion, hw_dnc_verdict *pOut,
		   hw_err *pErr);

/* The user may (role) do it: 1 manager or admin, 2 admin only. */
hw_rc hw_role_check(hw_work *p, long long iUser, int iLevel, const char *zWhat, hw_user *pU,
		    hw_err *pErr);

#endif
