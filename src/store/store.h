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
	hw_time tStarted, tFinished;
} hw_import_rec;

void hw_import_rec_clear(hw_import_rec *p);

typedef struct hw_lead_filter {
	int bStatus;              /* filter on eStatus */
	hw_lead_status eStatus;
	long long iImport;        /* 0 = any */
	long long iAfterId;       /* keyset paging: id > iAfterId */
	long nLimit;              /* 0 = no limit */
} hw_lead_filter;

typedef struct hw_touch_row {
	long long iId;
	hw_time tAt;
	const char *zChannel, *zOutcome, *zNotes, *zUser;
} hw_touch_row;

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

typedef struct hw_store_methods {
	const char *zName;
	void (*xClose)(hw_store *);
	const char *(*xErrmsg)(hw_store *);
	hw_rc (*xBegin)(hw_store *, int bDurable);
	hw_rc (*xCommit)(hw_store *);
	hw_rc (*xRollback)(hw_store *);
	/* Bulk mode on/off, outside a transaction: a larger page cache while an
	 * import rewrites index pages batch after batch. Foreign keys stay on. */
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
