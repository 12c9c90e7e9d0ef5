/*
 * store.h — the one face of persistence. The core and the faces (CLI, HTTP)
 * speak only to this; each backend (sqlite.c now, postgres later) is one file
 * exporting a table of methods, like SQLite's sqlite3_io_methods.
 *
 * Ownership: structs passed in are borrowed; structs filled (hw_lead,
 * hw_import_rec) own their strings and are released with hw_lead_clear /
 * hw_import_rec_clear. Every method returns hw_rc and fills pErr from the
 * handle (hw_store_errmsg) on HW_ESTORE.
 *
 * Durability: hw_store_begin(p, 1) opens a transaction whose commit is flushed
 * to disk before it returns (synchronous=FULL): do-not-call entries, touches.
 * Bulk work (imports) uses hw_store_begin(p, 0): consistent after a crash,
 * and the import record in the same transaction says how far it got.
 */
#ifndef HW_STORE_STORE_H
#define HW_STORE_STORE_H

#include "core/clock.h"
#include "core/hw.h"
#include "core/lead.h"

typedef struct hw_store hw_store;

typedef enum hw_import_status {
	HW_IMPORT_RUNNING = 0, /* started, or killed before it finished */
	HW_IMPORT_DONE,
	HW_IMPORT_UNDONE,
	HW_IMPORT_STATUS_COUNT
} hw_import_status;

extern const char *const hw_import_status_names[HW_IMPORT_STATUS_COUNT];

typedef struct hw_import_rec {
	long long iId;
	char *zFile;      /* absolute path of the input */
	char *zOptions;   /* JSON: region, map, delimiter — what resume must reuse */
	long long nBytes; /* input size when started; resume refuses a changed file */
	hw_import_status eStatus;
	long iLastLine;   /* last input line whose row is committed */
	long long nRows, nImported, nMerged, nRejected, nSuppressed;
	long long nRegistry; /* rows with a number on a national registry */
	hw_time tStarted, tFinished;
} hw_import_rec;

void hw_import_rec_clear(hw_import_rec *p);

typedef struct hw_lead_filter {
	int bStatus;              /* filter on eStatus */
	hw_lead_status eStatus;
	long long iImport;        /* 0 = any */
	long long iAfterId;       /* keyset paging: id > iAfterId */
	long nLimit;              /* 0 = no limit */
	const char *zLike;        /* LIKE pattern on names, company, email, title, numbers */
	long long iScopeOwner;    /* a rep: only leads this user owns (0 = any) */
	long long iScopeManager;  /* a manager: theirs, their team's and unowned (0 = any) */
	long long iScopeTeam;     /* that manager's team (0 = none) */
} hw_lead_filter;

typedef struct hw_touch_row {
	long long iId;
	hw_time tAt;
	const char *zChannel, *zOutcome, *zNotes, *zUser;
} hw_touch_row;

/* A user of hawser: a rep, manager or admin. */
typedef struct hw_user {
	long long iId;
	char zLogin[64];
	char zName[128];
	char zRole[16];     /* rep, manager, admin */
	long long iTeam;    /* 0 = none */
	char zCallerId[24]; /* E.164 presented when calling, once an admin has
			       verified it as the company's; "" = none */
	char zTimeZone[64]; /* IANA; "" = UTC */
	int nDailyGoal;     /* dials per day */
	char zEmail[256];   /* the address their sales email comes from, "" */
	char zPurpose[256]; /* one line: why they call ({{user.purpose}}), "" */
} hw_user;

#define HW_TASK_CLASSES 9

typedef enum hw_task_status { HW_TASK_OPEN = 0, HW_TASK_DONE, HW_TASK_CANCELLED } hw_task_status;
extern const char *const hw_task_status_names[3];

/* A planned touch. Strings are inline so rows copy without ownership. */
typedef struct hw_task {
	long long iId, iLead;
	char zRule[96];     /* "smart-persistence:14" */
	int eChannel;       /* hw_channel */
	char zTemplate[48]; /* "" for calls */
	hw_time tFrom, tUntil; /* due window; tUntil 0 = open-ended */
	hw_time tReady;     /* the queue looks at it again from then (policy snooze) */
	int iPriority;
	int iClass;         /* queue class 0..HW_TASK_CLASSES-1, higher first */
	long long iOwner;   /* the lead's owner when planned, 0 = nobody yet */
	hw_task_status eStatus;
	long long iLeasedBy;
	hw_time tLeaseUntil;
	long long iRefersTask; /* the task (a note, an email) this call refers to */
	char zWhy[256];
	hw_time tCreated, tDone;
	char zDial[24];     /* the number offered with the lease, "" */
	char zHold[200];    /* why it could not be carried out when due, "" */
	hw_time tHold;
} hw_task;

/* A touch: something that happened. */
typedef struct hw_touch {
	long long iId, iLead, iUser, iTask;
	int eChannel;       /* hw_channel */
	char zOutcome[24];  /* hw_outcome name, or "sent", "done" for other channels */
	hw_time tAt;
	int nDuration;      /* seconds, 0 = unknown */
	char zPhone[24];    /* number dialed */
	char zCallerId[24]; /* number presented */
	char zTemplate[48];
	char zObjection[24];
	char zReason[24];
	hw_time tTime;      /* better time, callback, meeting; 0 = none */
	char zNotes[512];
	char zData[256];    /* the outcome's structured data, JSON */
	int iLocalHour;     /* the lead's local hour, -1 = unknown */
	int iBlock;         /* policy block, -1 = none */
	int bReached, bConversation;
	char zRegistry[24]; /* a list blocked the number when the call was logged:
			       "us", "us-stale", "internal"; "" = none */
} hw_touch;

/* Which tasks to list. */
typedef struct hw_task_filter {
	long long iLead;  /* 0 = any */
	long long iUser;  /* owner of the lead or holder of the lease; 0 = any */
	int bOpenOnly;
	hw_time tFrom, tUntil; /* due_from in [tFrom, tUntil); 0,0 = any */
	int nLimit;
} hw_task_filter;

/* Counts for the numbers (stats). */
typedef struct hw_stats_filter {
	long long iUser; /* 0 = everyone */
	hw_time tSince;  /* 0 = all time */
} hw_stats_filter;

typedef struct hw_reject_row {
	long iLine;
	int iCol;
	const char *zField, *zMsg, *zRowJson;
} hw_reject_row;

/* Callbacks return 0 to go on, non-zero to stop (the method then returns HW_OK). */
typedef int (*hw_lead_cb)(void *pCtx, const hw_lead *pLead);
typedef int (*hw_touch_cb)(void *pCtx, const hw_touch_row *pRow);
typedef int (*hw_reject_cb)(void *pCtx, const hw_reject_row *pRow);
typedef int (*hw_merge_cb)(void *pCtx, long long iLead, const char *zBeforeJson);
typedef int (*hw_import_cb)(void *pCtx, const hw_import_rec *pRec);
typedef int (*hw_key_cb)(void *pCtx, const char *zKey, long long iLead);
typedef int (*hw_user_cb)(void *pCtx, const hw_user *pUser);
typedef int (*hw_task_cb)(void *pCtx, const hw_task *pTask);
typedef int (*hw_htouch_cb)(void *pCtx, const hw_touch *pTouch);
typedef int (*hw_id_cb)(void *pCtx, long long iId);
/* A template or a cadence as stored (borrowed strings, valid in the callback). */
typedef int (*hw_template_cb)(void *pCtx, const char *zName, const char *zChannel,
			      const char *zSubject, const char *zBody);
typedef int (*hw_cadence_cb)(void *pCtx, const char *zName, int bDefault, const char *zSource);

enum { HW_SP_BEGIN = 0, HW_SP_RELEASE, HW_SP_UNDO };

/* An email in the outbox (sqlite_out.c): the rendered parts, built into a
 * message at delivery. Strings are owned by the row (fixed buffers) except
 * zBody, which the store allocates on reads (free()) and borrows on add. */
typedef enum hw_out_kind { HW_OUT_EMAIL = 0, HW_OUT_INVITE } hw_out_kind;
typedef enum hw_out_status { HW_OUT_QUEUED = 0, HW_OUT_SENT, HW_OUT_FAILED } hw_out_status;
typedef struct hw_outbox {
	long long iId, iTask, iLead, iUser;
	hw_out_kind eKind;
	char zTemplate[48];
	char zFromName[128], zFromAddr[256], zToName[128], zToAddr[256];
	char zSubject[256];
	char *zBody;
	char zOptOutUrl[512];
	long long iSourceTouch; /* invitations: the meeting's touch */
	hw_time tMeeting;   /* invitations: when, and the zone to show it in */
	char zMeetingZone[64];
	hw_out_status eStatus;
	int nAttempts;
	hw_time tNextTry, tCreated, tSent;
	char zError[300];
	long long iTouch;
} hw_outbox;
typedef int (*hw_outbox_cb)(void *pCtx, hw_outbox *pRow);

/* A webhook and a delivery of an event to it. */
typedef struct hw_webhook {
	long long iId;
	char zUrl[512];
	char zSecret[80];
	char zEvents[160]; /* "meeting.booked,dnc.requested" */
	int bAllowPrivate;
	hw_time tCreated, tDisabled;
} hw_webhook;
typedef int (*hw_webhook_cb)(void *pCtx, const hw_webhook *p);
typedef struct hw_delivery {
	long long iId, iWebhook;
	char zEvent[32];
	char *zBody;       /* owned by the row during the callback */
	hw_out_status eStatus; /* queued, sent = delivered, failed */
	int nAttempts, iLastStatus;
	hw_time tNextTry, tCreated, tDelivered;
	char zError[300];
	hw_webhook hook;   /* the webhook it goes to */
} hw_delivery;
typedef int (*hw_delivery_cb)(void *pCtx, hw_delivery *p);

/* A consent to be called at a number (types: core/registry.h). */
typedef struct hw_consent {
	long long iId, iPhone, iLead;
	char zE164[24];
	char zType[24];
	char zSource[160];
	hw_time tGiven;
	hw_time tExpires; /* 0: until revoked */
	hw_time tRevoked; /* 0: in force */
	long long iUser;  /* who recorded it */
	hw_time tCreated;
} hw_consent;
typedef int (*hw_consent_cb)(void *pCtx, const hw_consent *);

/* The active do-not-call entry of a value. */
typedef struct hw_suppression {
	long long iId;
	char zSource[24]; /* national_registry, internal_request, manual, … */
	char zReason[256];
	hw_time tAt;
} hw_suppression;

/* One registry file loaded. */
typedef struct hw_dnc_load_rec {
	long long iId;
	char zList[8];
	char zFile[512];
	int bChange;
	hw_time tCopy;
	long long nLines, nAdded, nDeleted, nNumbers;
	long long iUser;
	hw_time tLoaded;
} hw_dnc_load_rec;
typedef int (*hw_dnc_load_cb)(void *pCtx, const hw_dnc_load_rec *);

typedef int (*hw_phone_scan_cb)(void *pCtx, const char *zE164, const char *zRegion,
				const char *zRegistry);

/* A call record for an audit: the touch, the user's login, the lead's name. */
typedef int (*hw_record_cb)(void *pCtx, const hw_touch *pT, const char *zLogin,
			    const char *zLead);

/* The size of a stored secret's hash (sessions, API tokens). */
#define HW_SECRET_HASH 32

typedef struct hw_store_methods {
	const char *zName;
	void (*xClose)(hw_store *);
	const char *(*xErrmsg)(hw_store *);
	hw_rc (*xBegin)(hw_store *, int bDurable);
	hw_rc (*xCommit)(hw_store *);
	hw_rc (*xRollback)(hw_store *);
	/* Inside a transaction: HW_SP_BEGIN marks a savepoint, HW_SP_RELEASE
	 * keeps what followed it, HW_SP_UNDO undoes it (and releases it). */
	hw_rc (*xSavepoint)(hw_store *, int eOp);
	/* Bulk mode on/off, outside a transaction: a larger page cache while an
	 * import rewrites index pages batch after batch, and foreign keys not
	 * checked (10% of a 1M-lead import): every key an import writes names a
	 * row it found or made itself in the same transaction, and its tests
	 * check the result with PRAGMA foreign_key_check. Off turns them on. */
	hw_rc (*xBulk)(hw_store *, int bOn);

	/* Leads. Find returns HW_ENOTFOUND when no lead has any of the keys. */
	hw_rc (*xLeadFind)(hw_store *, const hw_lead *pKeys, long long *piLead);
	hw_rc (*xLeadLoad)(hw_store *, long long iLead, hw_lead *pOut);
	hw_rc (*xLeadInsert)(hw_store *, hw_lead *pLead);
	hw_rc (*xLeadUpdate)(hw_store *, hw_lead *pLead, long long iImport);
	hw_rc (*xLeadList)(hw_store *, const hw_lead_filter *, hw_lead_cb, void *);
	hw_rc (*xLeadCount)(hw_store *, const hw_lead_filter *, long long *pn);
	/* Every dedupe key (E.164 numbers, emails) with its lead. */
	hw_rc (*xLeadKeys)(hw_store *, hw_key_cb, void *);
	hw_rc (*xAccountEnsure)(hw_store *, const hw_lead *, long long iImport, hw_time tNow,
				long long *piAccount);
	hw_rc (*xTouchList)(hw_store *, long long iLead, hw_touch_cb, void *);

	/* Suppressions: is this number / address on a do-not-contact list? */
	hw_rc (*xSuppressed)(hw_store *, const char *zKind, const char *zValue, int *pb);
	hw_rc (*xSuppressionCount)(hw_store *, long long *pn); /* active ones */
	hw_rc (*xSuppressAdd)(hw_store *, const char *zKind, const char *zValue,
			      const char *zSource, const char *zReason, hw_time tNow);

	/* Imports. */
	hw_rc (*xImportCreate)(hw_store *, hw_import_rec *);
	hw_rc (*xImportSave)(hw_store *, const hw_import_rec *);
	hw_rc (*xImportLoad)(hw_store *, long long iId, hw_import_rec *);
	hw_rc (*xImportList)(hw_store *, hw_import_cb, void *);
	hw_rc (*xImportReject)(hw_store *, long long iImport, const hw_reject_row *);
	hw_rc (*xImportRejects)(hw_store *, long long iImport, hw_reject_cb, void *);
	hw_rc (*xImportMergeSave)(hw_store *, long long iImport, long long iLead,
				  const char *zBeforeJson);
	hw_rc (*xImportMerges)(hw_store *, long long iImport, hw_merge_cb, void *);
	/* Delete what the import created: its leads, phones, accounts, rejects. */
	hw_rc (*xImportPurge)(hw_store *, long long iImport);

	hw_rc (*xAudit)(hw_store *, hw_time tAt, long long iUser, const char *zAction,
			const char *zObject, long long iObject, const char *zDetailJson);

	/* Users. Find by login; HW_ENOTFOUND when there is none. */
	hw_rc (*xUserAdd)(hw_store *, hw_user *, hw_time tNow);
	hw_rc (*xUserFind)(hw_store *, const char *zLogin, hw_user *pOut);
	hw_rc (*xUserLoad)(hw_store *, long long iId, hw_user *pOut);
	hw_rc (*xUserList)(hw_store *, hw_user_cb, void *);

	/* Settings: the team's policy, ICP rules ... as text. *pz is malloc'd;
	 * HW_ENOTFOUND when unset. */
	hw_rc (*xSettingGet)(hw_store *, const char *zName, char **pz);
	hw_rc (*xSettingSet)(hw_store *, const char *zName, const char *zValue, hw_time tNow);
	/* The cadence a lead follows (its own, else the default); *pz malloc'd,
	 * HW_ENOTFOUND when none is stored. */
	hw_rc (*xCadenceGet)(hw_store *, const char *zName, long long *piId, char **pz);
	hw_rc (*xCadenceSet)(hw_store *, const char *zName, const char *zSource, int bDefault,
			     hw_time tNow, long long *piId);

	/* Tasks. */
	hw_rc (*xTaskInsert)(hw_store *, hw_task *);
	hw_rc (*xTaskLoad)(hw_store *, long long iId, hw_task *pOut);
	hw_rc (*xTaskList)(hw_store *, const hw_task_filter *, hw_task_cb, void *);
	/* Close a task (done or cancelled) and clear its lease. */
	hw_rc (*xTaskClose)(hw_store *, long long iId, hw_task_status e, hw_time tNow);
	/* Cancel the lead's open tasks created before tBefore (a plan replaces
	 * them); bCallsOnly: only call tasks. *pn counts them. */
	hw_rc (*xTaskCancelOpen)(hw_store *, long long iLead, int bCallsOnly, long long iKeepFrom,
				 hw_time tNow, int *pn);
	/* Lease iTask to iUser until tUntil if nobody else holds it now, with the
	 * number offered (zDial); *pbGot. */
	hw_rc (*xTaskLease)(hw_store *, long long iTask, long long iUser, hw_time tNow,
			    hw_time tUntil, const char *zDial, int *pbGot);
	hw_rc (*xTaskRelease)(hw_store *, long long iTask, long long iUser);
	/* The queue will not look at iTask before tReady. */
	hw_rc (*xTaskSnooze)(hw_store *, long long iTask, hw_time tReady);
	/* The call task iUser holds a live lease on, if any (HW_ENOTFOUND). */
	hw_rc (*xTaskHeld)(hw_store *, long long iUser, hw_time tNow, hw_task *pOut);
	/* Open call tasks ready now, not leased by someone else, on leads that
	 * are iUser's or nobody's: the highest class first, in each class the
	 * user's own before the unowned, each oldest ready first. */
	hw_rc (*xTaskCandidates)(hw_store *, long long iUser, hw_time tNow, int nLimit, hw_task_cb,
				 void *);
	/* The query plan of one claim probe (EXPLAIN QUERY PLAN), for tests. */
	hw_rc (*xExplainClaim)(hw_store *, char *zBuf, size_t nBuf);
	/* New, unowned leads in no cadence yet, best ICP score first. */
	hw_rc (*xEnrollCandidates)(hw_store *, int nLimit, hw_id_cb, void *);

	/* Touches, oldest first. */
	hw_rc (*xTouchInsert)(hw_store *, hw_touch *);
	hw_rc (*xTouchHistory)(hw_store *, long long iLead, hw_htouch_cb, void *);
	/* Every touch matching the filter (the numbers), oldest first. */
	hw_rc (*xTouchScan)(hw_store *, const hw_stats_filter *, hw_htouch_cb, void *);

	/* Lead state the engine changes. iOwner 0 keeps the owner; tRecycle 0
	 * clears it. */
	hw_rc (*xLeadSetState)(hw_store *, long long iLead, hw_lead_status e, long long iOwner,
			       hw_time tRecycle, hw_time tNow);
	hw_rc (*xLeadSetDnc)(hw_store *, long long iLead, hw_time tNow);
	hw_rc (*xLeadSetIcp)(hw_store *, long long iLead, int iScore);
	/* The lead follows cadence iCadence from now on (out of the new-lead pool). */
	hw_rc (*xLeadEnroll)(hw_store *, long long iLead, long long iCadence);
	hw_rc (*xPhoneSetDead)(hw_store *, long long iLead, const char *zE164, hw_time tNow);

	/* Sign-in. The user with their password hash (zHash, "" when none is
	 * set); HW_ENOTFOUND for an unknown or disabled login. */
	hw_rc (*xUserPassword)(hw_store *, const char *zLogin, hw_user *pOut, char *zHash,
			       size_t nHash);
	hw_rc (*xUserSetPassword)(hw_store *, long long iUser, const char *zHash);
	/* The team called zName, created if new. */
	hw_rc (*xTeamEnsure)(hw_store *, const char *zName, hw_time tNow, long long *piTeam);
	/* Sessions and API tokens, by the hash of their secret. Find returns
	 * HW_ENOTFOUND for an unknown, expired or revoked one, or a disabled user. */
	hw_rc (*xSessionCreate)(hw_store *, const unsigned char *pHash, long long iUser,
				const char *zCsrf, hw_time tNow, hw_time tExpires);
	hw_rc (*xSessionFind)(hw_store *, const unsigned char *pHash, hw_time tNow, hw_user *pOut,
			      char *zCsrf, size_t nCsrf);
	hw_rc (*xSessionDelete)(hw_store *, const unsigned char *pHash);
	hw_rc (*xTokenCreate)(hw_store *, const unsigned char *pHash, long long iUser,
			      const char *zName, hw_time tNow, long long *piId);
	hw_rc (*xTokenFind)(hw_store *, const unsigned char *pHash, hw_user *pOut);
	/* Give the lead (and its open tasks) to iOwner (0: nobody). */
	hw_rc (*xLeadSetOwner)(hw_store *, long long iLead, long long iOwner, hw_time tNow);
	hw_rc (*xTemplateList)(hw_store *, hw_template_cb, void *);
	hw_rc (*xCadenceList)(hw_store *, hw_cadence_cb, void *);

	/* Do-not-call, consent, records (sqlite_dnc.c). */
	/* The leads that have the number zE164 (any extension). */
	hw_rc (*xLeadsByPhone)(hw_store *, const char *zE164, hw_id_cb, void *);
	/* The active entry of (kind, value); HW_ENOTFOUND when none. */
	hw_rc (*xSuppressGet)(hw_store *, const char *zKind, const char *zValue,
			      hw_suppression *pOut);
	/* Lift the active entry of (kind, value), with who and why; *pb: there was one. */
	hw_rc (*xSuppressLift)(hw_store *, const char *zKind, const char *zValue, long long iUser,
			       const char *zReason, hw_time tNow, int *pb);
	/* The lead may be called again: do_not_call cleared, status working
	 * (the caller plans its next call). */
	hw_rc (*xLeadClearDnc)(hw_store *, long long iLead, hw_time tNow);
	/* Flag every phone with number zE164 with the registry listing it (NULL: none). */
	hw_rc (*xPhoneSetRegistry)(hw_store *, const char *zE164, const char *zList, hw_time tNow);
	/* Record a consent for every phone with number pC->zE164 (HW_ENOTFOUND:
	 * no lead has it); pC->iId is set to the first. */
	hw_rc (*xConsentAdd)(hw_store *, hw_consent *pC);
	hw_rc (*xConsentRevoke)(hw_store *, long long iId, hw_time tNow);
	/* The consents for a number ("" / NULL: all), newest first. */
	hw_rc (*xConsentList)(hw_store *, const char *zE164, hw_consent_cb, void *);
	hw_rc (*xDncLoadSave)(hw_store *, hw_dnc_load_rec *);
	/* The loads of a list (NULL: all), newest first. */
	hw_rc (*xDncLoadList)(hw_store *, const char *zList, hw_dnc_load_cb, void *);
	/* The user's caller ID, verified by iBy (0: the database's owner, at the
	 * command line); NULL clears it. */
	hw_rc (*xUserSetCallerId)(hw_store *, long long iUser, const char *zE164, long long iBy,
				  hw_time tNow);
	/* Each distinct number starting with zPrefix ("+1"), with its region and
	 * registry flag ("" for none), for a scrub of the whole database. */
	hw_rc (*xPhoneScan)(hw_store *, const char *zPrefix, hw_phone_scan_cb, void *);
	/* Save a template (new, or replacing the one of that name). */
	hw_rc (*xTemplateSet)(hw_store *, const char *zName, const char *zChannel,
			      const char *zSubject, const char *zBody, hw_time tNow);
	/* Call records (calls and voicemails) in [tFrom, tTo), oldest first. */
	hw_rc (*xRecordScan)(hw_store *, hw_time tFrom, hw_time tTo, hw_record_cb, void *);

	/* Follow-ups beyond the phone (sqlite_out.c). */
	/* A template by name: its channel, subject ("" none) and body (free()). */
	hw_rc (*xTemplateGet)(hw_store *, const char *zName, char *zChannel, size_t nChannel,
			      char *zSubject, size_t nSubject, char **pzBody);
	/* Open tasks of a channel due before tBefore, not leased, oldest first;
	 * iUser: the lead's owner (0 any); bSkipHeld: leave out tasks held
	 * since tHeldAfter (they wait for someone to fix them). */
	hw_rc (*xTasksDue)(hw_store *, int eChannel, hw_time tBefore, long long iUser,
			   int bSkipHeld, hw_time tHeldAfter, int nLimit, hw_task_cb, void *);
	/* Hold an open task with the reason ("" clears it). */
	hw_rc (*xTaskHold)(hw_store *, long long iTask, const char *zReason, hw_time tNow);
	/* A done task ends as cancelled with the reason (an email that failed
	 * for good). */
	hw_rc (*xTaskFail)(hw_store *, long long iTask, const char *zReason, hw_time tNow);
	/* A user's email address and purpose line (NULL: leave as is). */
	hw_rc (*xUserSetProfile)(hw_store *, long long iUser, const char *zEmail,
				 const char *zPurpose);
	/* The hash of the user's calendar feed secret (NULL: no feed), and the
	 * user a hash belongs to (HW_ENOTFOUND: none, or a disabled user). */
	hw_rc (*xUserSetIcal)(hw_store *, long long iUser, const unsigned char *pHash);
	hw_rc (*xUserByIcal)(hw_store *, const unsigned char *pHash, hw_user *pOut);
	hw_rc (*xOutboxAdd)(hw_store *, hw_outbox *);
	/* Queued rows due by tNow, oldest first (zBody freed after the callback). */
	hw_rc (*xOutboxDue)(hw_store *, hw_time tNow, int nLimit, hw_outbox_cb, void *);
	/* A lead's rows (nLimit newest), or every lead's (iLead 0). */
	hw_rc (*xOutboxList)(hw_store *, long long iLead, int nLimit, hw_outbox_cb, void *);
	/* Store a row's status, attempts, next try, error, sent time and touch. */
	hw_rc (*xOutboxUpdate)(hw_store *, const hw_outbox *);
	/* Take a queued row (or a delivery, below) for one attempt: it is still
	 * queued with these attempts and this next try, which is due by tNow;
	 * its next try moves to tUntil. *pbMine: 1 when it was taken here (a
	 * compare-and-set: of two senders, one takes it). */
	hw_rc (*xOutboxClaim)(hw_store *, long long iId, int nAttempts, hw_time tNextTry,
			      hw_time tNow, hw_time tUntil, int *pbMine);
	/* Opt-out links, by the hash of their token (HW_SECRET_HASH bytes). */
	hw_rc (*xOptoutAdd)(hw_store *, const unsigned char *pHash, const char *zEmail, long long iLead,
			    hw_time tNow);
	/* The address of a token; *ptUsed: when it was used (0: not yet). */
	hw_rc (*xOptoutFind)(hw_store *, const unsigned char *pHash, char *zEmail, size_t nEmail,
			     long long *piLead, hw_time *ptUsed);
	hw_rc (*xOptoutUse)(hw_store *, const unsigned char *pHash, hw_time tNow);
	/* Open tasks of leads with this email address, other than calls: the
	 * ones an opt-out ends. */
	hw_rc (*xTasksByEmail)(hw_store *, const char *zEmail, hw_task_cb, void *);
	hw_rc (*xWebhookAdd)(hw_store *, hw_webhook *, long long iUser);
	hw_rc (*xWebhookList)(hw_store *, hw_webhook_cb, void *);
	hw_rc (*xWebhookDisable)(hw_store *, long long iId, hw_time tNow);
	/* A delivery of the event to every active webhook that takes it; *pn: how many. */
	hw_rc (*xWebhookQueue)(hw_store *, const char *zEvent, const char *zBody, hw_time tNow,
			       int *pn);
	hw_rc (*xDeliveryDue)(hw_store *, hw_time tNow, int nLimit, hw_delivery_cb, void *);
	hw_rc (*xDeliveryList)(hw_store *, long long iWebhook, int nLimit, hw_delivery_cb, void *);
	hw_rc (*xDeliveryUpdate)(hw_store *, const hw_delivery *);
	hw_rc (*xDeliveryClaim)(hw_store *, long long iId, int nAttempts, hw_time tNextTry,
				hw_time tNow, hw_time tUntil, int *pbMine);
	/* A user's calendar: open call tasks at a set time (callbacks, priority
	 * >= iMinPriority) and meetings (touches with a meeting time) from
	 * tFrom on, for leads they own or tasks they hold. */
	hw_rc (*xCalendar)(hw_store *, long long iUser, hw_time tFrom, int iMinPriority,
			   hw_task_cb xTask, hw_htouch_cb xMeeting, void *);
} hw_store_methods;

struct hw_store {
	const hw_store_methods *pMethods;
};

/*
 * Open the store named by zTarget: a file path for SQLite (created and
 * migrated to the latest schema if needed). Fills pErr on failure.
 */
hw_rc hw_store_open(const char *zTarget, hw_store **ppStore, hw_err *pErr) HW_MUST_CHECK;
hw_rc hw_store_sqlite_open(const char *zPath, hw_store **ppStore, hw_err *pErr) HW_MUST_CHECK;

/* The schema version the running binary expects, and the one the store has. */
int hw_store_schema_latest(void);

/* Thin wrappers over the method table for the calls every user makes. */
static inline void hw_store_close(hw_store *p)
{
	p->pMethods->xClose(p);
}
static inline const char *hw_store_errmsg(hw_store *p)
{
	return p->pMethods->xErrmsg(p);
}
static inline hw_rc hw_store_begin(hw_store *p, int bDurable)
{
	return p->pMethods->xBegin(p, bDurable);
}
static inline hw_rc hw_store_commit(hw_store *p)
{
	return p->pMethods->xCommit(p);
}
static inline hw_rc hw_store_rollback(hw_store *p)
{
	return p->pMethods->xRollback(p);
}

#endif
