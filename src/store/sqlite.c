/*
 * sqlite.c — the SQLite backend of the store: one file, one method table.
 *
 * Every statement is prepared once per connection from the constant table
 * azSql[] and reused with bound parameters; nothing user-given ever becomes
 * SQL text. The database runs in WAL mode with foreign keys on. Durable
 * transactions switch the connection to synchronous=FULL for their commit;
 * others use NORMAL, which in WAL mode is consistent after a crash but may
 * lose the last commits on power loss — acceptable for re-runnable bulk work,
 * never for touches or do-not-call entries.
 */
#include "store/migrations.h"
#include "store/sqlite_int.h"

#include <pthread.h> /* pthread_once */
#include <sqlite3.h> /* the embedded database */
#include <stdio.h>   /* snprintf */
#include <stdlib.h>  /* calloc, free */
#include <string.h>  /* strcmp, memset */

/* Page cache in KiB: the import's random-key indexes (emails, numbers)
 * are read and rewritten all over; more of them cached, fewer re-reads. */
#define HW_CACHE_KIB "65536"
#define HW_BULK_CACHE_KIB "131072"

/* The statements, by name. azSql[] must stay in the same order. */
enum {
	S_BEGIN,
	S_COMMIT,
	S_ROLLBACK,
	S_SYNC_FULL,
	S_SYNC_NORMAL,
	S_FIND_PHONE,
	S_FIND_EMAIL,
	S_LEAD_LOAD,
	S_LEAD_INSERT,
	S_LEAD_UPDATE,
	S_LEAD_LIST,
	S_LEAD_COUNT,
	S_KEYS_PHONES,
	S_KEYS_EMAILS,
	S_SUPPRESS_COUNT,
	S_PHONES_LOAD,
	S_PHONE_INSERT,
	S_ACCOUNT_FIND,
	S_ACCOUNT_INSERT,
	S_TOUCH_LIST,
	S_SUPPRESSED,
	S_SUPPRESS_ADD,
	S_IMPORT_CREATE,
	S_IMPORT_SAVE,
	S_IMPORT_LOAD,
	S_IMPORT_LIST,
	S_REJECT_ADD,
	S_REJECT_LIST,
	S_MERGE_SAVE,
	S_MERGE_LIST,
	S_PURGE_CHECK,
	S_PURGE_PHONES,
	S_PURGE_LEADS,
	S_PURGE_ACCOUNTS,
	S_PURGE_MERGES,
	S_AUDIT,
	S_BULK_CACHE,
	S_SAVEPOINT,
	S_RELEASE,
	S_UNDO,
	S_NORMAL_CACHE,
	S_FK_OFF,
	S_FK_ON,
	S_COUNT
};

/* Lead columns in hw_field order, then the rest; LEAD_COLS must match. */
#define LEAD_FIELDS                                                                        \
	"first_name, last_name, full_name, title, company, email, linkedin_url, website, " \
	"street, city, state, postal_code, country, time_zone, industry, employees, "      \
	"research_notes"
#define LEAD_COLS                                                                     \
	LEAD_FIELDS ", id, account_id, custom, time_zones, tz_source, region, status, " \
		    "do_not_call, owner_id, import_id, created_at, updated_at, jurisdiction, icp_score"

static const char *const azSql[S_COUNT] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_SYNC_FULL] = "PRAGMA synchronous=FULL",
	[S_SYNC_NORMAL] = "PRAGMA synchronous=NORMAL",
	[S_FIND_PHONE] = "SELECT lead_id FROM phones WHERE e164 = ?1 AND ext = ?2",
	[S_FIND_EMAIL] = "SELECT id FROM leads WHERE email = ?1",
	[S_LEAD_LOAD] = "SELECT " LEAD_COLS " FROM leads WHERE id = ?1",
	[S_LEAD_INSERT] =
		"INSERT INTO leads (" LEAD_FIELDS ", account_id, custom, time_zones, tz_source, "
		"region, status, do_not_call, owner_id, import_id, created_at, updated_at, "
		"jurisdiction, icp_score) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
		"?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30)",
	[S_LEAD_UPDATE] = "UPDATE leads SET first_name = ?1, last_name = ?2, full_name = ?3, "
			  "title = ?4, company = ?5, email = ?6, linkedin_url = ?7, "
			  "website = ?8, street = ?9, city = ?10, state = ?11, "
			  "postal_code = ?12, country = ?13, time_zone = ?14, industry = ?15, "
			  "employees = ?16, research_notes = ?17, account_id = ?18, "
			  "custom = ?19, time_zones = ?20, tz_source = ?21, region = ?22, "
			  "updated_at = ?23, jurisdiction = ?25, icp_score = ?26 WHERE id = ?24",
	/* The filter's scope: a rep's own leads (?6), or a manager's (?7): theirs,
	 * their team's (?8) and the unowned pool. ?5: a LIKE pattern. */
	[S_LEAD_LIST] = "SELECT " LEAD_COLS " FROM leads WHERE (?1 IS NULL OR status = ?1) "
			"AND (?2 = 0 OR import_id = ?2) "
			"AND (?5 IS NULL OR first_name LIKE ?5 OR last_name LIKE ?5 OR full_name LIKE ?5 "
			"OR company LIKE ?5 OR email LIKE ?5 OR title LIKE ?5 OR id IN "
			"(SELECT lead_id FROM phones WHERE e164 LIKE ?5)) "
			"AND (?6 = 0 OR owner_id = ?6) AND (?7 = 0 OR owner_id IS NULL OR owner_id = ?7 "
			"OR owner_id IN (SELECT id FROM users WHERE team_id = ?8)) "
			"AND id > ?3 ORDER BY id LIMIT ?4",
	[S_LEAD_COUNT] = "SELECT count(*) FROM leads WHERE (?1 IS NULL OR status = ?1) "
			 "AND (?2 = 0 OR import_id = ?2) "
			 "AND (?5 IS NULL OR first_name LIKE ?5 OR last_name LIKE ?5 OR full_name LIKE ?5 "
			 "OR company LIKE ?5 OR email LIKE ?5 OR title LIKE ?5 OR id IN "
			 "(SELECT lead_id FROM phones WHERE e164 LIKE ?5)) "
			 "AND (?6 = 0 OR owner_id = ?6) AND (?7 = 0 OR owner_id IS NULL OR owner_id = ?7 "
			 "OR owner_id IN (SELECT id FROM users WHERE team_id = ?8)) ",
	/* The same key as hw_phone_key(): "+12125550100" or "+12125550100x12". */
	[S_KEYS_PHONES] = "SELECT CASE ext WHEN '' THEN e164 ELSE e164 || 'x' || ext END, "
			  "lead_id FROM phones",
	[S_KEYS_EMAILS] = "SELECT email, id FROM leads WHERE email IS NOT NULL",
	[S_SUPPRESS_COUNT] = "SELECT count(*) FROM suppressions WHERE lifted_at IS NULL",
	[S_PHONES_LOAD] = "SELECT p.id, p.e164, p.ext, p.raw, p.kind, p.type, p.region, "
			  "p.valid, EXISTS (SELECT 1 FROM suppressions s WHERE "
			  "s.kind = 'phone' AND s.value = p.e164 AND s.lifted_at IS NULL), p.dead, "
			  "(SELECT max(coalesce(c.expires_at, 9000000000000000000)) FROM consents c "
			  "WHERE c.phone_id = p.id AND c.revoked_at IS NULL), p.registry "
			  "FROM phones p WHERE p.lead_id = ?1 ORDER BY p.id",
	[S_PHONE_INSERT] = "INSERT INTO phones (lead_id, e164, ext, raw, kind, type, region, "
			   "valid, import_id, created_at, registry, registry_at) "
			   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
			   "CASE WHEN ?11 IS NOT NULL THEN ?10 END)",
	[S_ACCOUNT_FIND] = "SELECT id FROM accounts WHERE name_key = ?1 ORDER BY id LIMIT 1",
	[S_ACCOUNT_INSERT] = "INSERT INTO accounts (name, name_key, domain, industry, employees, "
			     "country, street, city, state, postal_code, import_id, created_at) "
			     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[S_TOUCH_LIST] = "SELECT t.id, t.at, t.channel, t.outcome, t.notes, u.login "
			 "FROM touches t LEFT JOIN users u ON u.id = t.user_id "
			 "WHERE t.lead_id = ?1 ORDER BY t.at, t.id",
	[S_SUPPRESSED] = "SELECT 1 FROM suppressions WHERE kind = ?1 AND value = ?2 "
			 "AND lifted_at IS NULL",
	[S_SUPPRESS_ADD] = "INSERT OR IGNORE INTO suppressions (kind, value, source, reason, "
			   "created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_IMPORT_CREATE] = "INSERT INTO imports (file, options, bytes, status, started_at) "
			    "VALUES (?1, ?2, ?3, 'running', ?4)",
	[S_IMPORT_SAVE] = "UPDATE imports SET status = ?2, last_line = ?3, rows = ?4, "
			  "imported = ?5, merged = ?6, rejected = ?7, suppressed = ?8, "
			  "finished_at = ?9, registry = ?10 WHERE id = ?1",
	[S_IMPORT_LOAD] = "SELECT id, file, options, bytes, status, last_line, rows, imported, "
			  "merged, rejected, suppressed, started_at, finished_at, registry "
			  "FROM imports WHERE id = ?1",
	[S_IMPORT_LIST] = "SELECT id, file, options, bytes, status, last_line, rows, imported, "
			  "merged, rejected, suppressed, started_at, finished_at, registry "
			  "FROM imports ORDER BY id",
	[S_REJECT_ADD] = "INSERT INTO import_rejects (import_id, line, col, field, message, "
			 "row) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[S_REJECT_LIST] = "SELECT line, col, field, message, row FROM import_rejects "
			  "WHERE import_id = ?1 ORDER BY line, id",
	[S_MERGE_SAVE] = "INSERT OR IGNORE INTO import_merges (import_id, lead_id, before) "
			 "VALUES (?1, ?2, ?3)",
	[S_MERGE_LIST] = "SELECT lead_id, before FROM import_merges WHERE import_id = ?1",
	[S_PURGE_CHECK] = "SELECT (SELECT count(*) FROM touches t JOIN leads l "
			  "ON l.id = t.lead_id WHERE l.import_id = ?1) + "
			  "(SELECT count(*) FROM tasks k JOIN leads l ON l.id = k.lead_id "
			  "WHERE l.import_id = ?1)",
	[S_PURGE_PHONES] = "DELETE FROM phones WHERE import_id = ?1",
	[S_PURGE_LEADS] = "DELETE FROM leads WHERE import_id = ?1",
	[S_PURGE_ACCOUNTS] = "DELETE FROM accounts WHERE import_id = ?1 AND NOT EXISTS "
			     "(SELECT 1 FROM leads l WHERE l.account_id = accounts.id)",
	[S_PURGE_MERGES] = "DELETE FROM import_merges WHERE import_id = ?1",
	[S_AUDIT] = "INSERT INTO audit_log (at, user_id, action, object, object_id, detail) "
		    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	/* Bulk mode (imports): a larger page cache holds more of the random-key
	 * indexes that every batch rewrites (HW_BULK_CACHE_KIB). */
	[S_SAVEPOINT] = "SAVEPOINT hw_one",
	[S_RELEASE] = "RELEASE hw_one",
	[S_UNDO] = "ROLLBACK TO hw_one",
	[S_BULK_CACHE] = "PRAGMA cache_size=-" HW_BULK_CACHE_KIB,
	[S_NORMAL_CACHE] = "PRAGMA cache_size=-" HW_CACHE_KIB,
	[S_FK_OFF] = "PRAGMA foreign_keys=OFF",
	[S_FK_ON] = "PRAGMA foreign_keys=ON",
};

_Static_assert(S_COUNT <= SQ_MAX_STMTS, "raise SQ_MAX_STMTS");

static const hw_store_methods sq_methods;

/* The prepared statement for id, reset and ready to bind; NULL on error. */
static sqlite3_stmt *stmt(sq_store *p, int id)
{
	return sq_prepare(p, &p->apStmt[id], azSql[id]);
}

#define run(p, pS) sq_run(pS)
#define bind_text sq_bind_text
#define bind_id sq_bind_id

static hw_rc col_text(sqlite3_stmt *pS, int i, char **pz)
{
	const char *z = (const char *)sqlite3_column_text(pS, i);
	return hw_lead_set_str(pz, z);
}

static void sq_close(hw_store *pBase)
{
	sq_store *p = (sq_store *)pBase;
	if (!p)
		return;
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(p->apStmt[i]);
	sq_work_finalize(p);
	sq_http_finalize(p);
	sq_dnc_finalize(p);
	sq_out_finalize(p);
	sq_writer_unlock(p);
	sqlite3_close(p->db);
	free(p);
}

static const char *sq_errmsg(hw_store *pBase)
{
	return sqlite3_errmsg(((sq_store *)pBase)->db);
}

/*
 * One writer at a time per process, in arrival order: the server's workers
 * each have a connection, and SQLite's busy handler (sleep and retry) would
 * let a waiting writer starve for milliseconds while others slip in. Writers
 * queue on this mutex instead; other processes still meet the busy timeout.
 */
static pthread_mutex_t g_writer = PTHREAD_MUTEX_INITIALIZER;

void sq_writer_unlock(sq_store *p)
{
	if (p->bWriter) {
		p->bWriter = 0;
		pthread_mutex_unlock(&g_writer);
	}
}

static hw_rc sq_begin(hw_store *pBase, int bDurable)
{
	sq_store *p = (sq_store *)pBase;
	hw_rc rc = run(p, stmt(p, bDurable ? S_SYNC_FULL : S_SYNC_NORMAL));
	p->bDurable = bDurable;
	if (rc != HW_OK)
		return rc;
	if (!p->bWriter) {
		pthread_mutex_lock(&g_writer);
		p->bWriter = 1;
	}
	if ((rc = run(p, stmt(p, S_BEGIN))) != HW_OK)
		sq_writer_unlock(p);
	return rc;
}

static hw_rc sq_bulk(hw_store *pBase, int bOn)
{
	sq_store *p = (sq_store *)pBase;
	hw_rc rc = run(p, stmt(p, bOn ? S_BULK_CACHE : S_NORMAL_CACHE));
	if (rc == HW_OK)
		rc = run(p, stmt(p, bOn ? S_FK_OFF : S_FK_ON));
	return rc;
}

static hw_rc sq_commit(hw_store *pBase)
{
	sq_store *p = (sq_store *)pBase;
	hw_rc rc = run(p, stmt(p, S_COMMIT));
	if (sqlite3_get_autocommit(p->db))
		sq_writer_unlock(p);
	return rc;
}

static hw_rc sq_rollback(hw_store *pBase)
{
	sq_store *p = (sq_store *)pBase;
	hw_rc rc = HW_OK;
	if (!sqlite3_get_autocommit(p->db))
		rc = run(p, stmt(p, S_ROLLBACK));
	sq_writer_unlock(p);
	return rc;
}

static hw_rc sq_savepoint(hw_store *pBase, int eOp)
{
	sq_store *p = (sq_store *)pBase;
	if (eOp == HW_SP_UNDO) {
		hw_rc rc = run(p, stmt(p, S_UNDO));
		return rc ? rc : run(p, stmt(p, S_RELEASE));
	}
	return run(p, stmt(p, eOp == HW_SP_BEGIN ? S_SAVEPOINT : S_RELEASE));
}

static hw_rc find_one(sq_store *p, int id, const char *zKey, long long *piOut)
{
	sqlite3_stmt *pS = stmt(p, id);
	int rc;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, zKey, -1, SQLITE_STATIC);
	rc = sqlite3_step(pS);
	if (rc == SQLITE_ROW)
		*piOut = sqlite3_column_int64(pS, 0);
	sqlite3_reset(pS);
	if (rc == SQLITE_ROW)
		return HW_OK;
	return rc == SQLITE_DONE ? HW_ENOTFOUND : HW_ESTORE;
}

static hw_rc sq_lead_find(hw_store *pBase, const hw_lead *pKeys, long long *piLead)
{
	sq_store *p = (sq_store *)pBase;
	*piLead = 0;
	for (int i = 0; i < pKeys->nPhone; i++) {
		sqlite3_stmt *pS = stmt(p, S_FIND_PHONE);
		int src;
		if (!pS)
			return HW_ESTORE;
		sqlite3_bind_text(pS, 1, pKeys->aPhone[i].zE164, -1, SQLITE_STATIC);
		sqlite3_bind_text(pS, 2, pKeys->aPhone[i].zExt, -1, SQLITE_STATIC);
		src = sqlite3_step(pS);
		if (src == SQLITE_ROW)
			*piLead = sqlite3_column_int64(pS, 0);
		sqlite3_reset(pS);
		if (src == SQLITE_ROW)
			return HW_OK;
		if (src != SQLITE_DONE)
			return HW_ESTORE;
	}
	if (pKeys->azField[HW_F_EMAIL])
		return find_one(p, S_FIND_EMAIL, pKeys->azField[HW_F_EMAIL], piLead);
	return HW_ENOTFOUND;
}

static hw_rc load_phones(sq_store *p, hw_lead *pLead)
{
	sqlite3_stmt *pS = stmt(p, S_PHONES_LOAD);
	int rc;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, pLead->iId);
	pLead->nPhone = 0;
	while ((rc = sqlite3_step(pS)) == SQLITE_ROW && pLead->nPhone < HW_LEAD_MAX_PHONES) {
		hw_lead_phone *pP = &pLead->aPhone[pLead->nPhone++];
		const char *zKind = (const char *)sqlite3_column_text(pS, 4);
		memset(pP, 0, sizeof *pP);
		pP->iId = sqlite3_column_int64(pS, 0);
		snprintf(pP->zE164, sizeof pP->zE164, "%s", sqlite3_column_text(pS, 1));
		snprintf(pP->zExt, sizeof pP->zExt, "%s",
			 sqlite3_column_text(pS, 2) ? (const char *)sqlite3_column_text(pS, 2) : "");
		if (col_text(pS, 3, &pP->zRaw) != HW_OK) {
			sqlite3_reset(pS);
			return HW_ENOMEM;
		}
		for (int k = 0; k < HW_PK_COUNT; k++)
			if (zKind && strcmp(zKind, hw_phone_kind_names[k]) == 0)
				pP->eKind = (hw_phone_kind)k;
		snprintf(pP->zType, sizeof pP->zType, "%s", sqlite3_column_text(pS, 5));
		snprintf(pP->zRegion, sizeof pP->zRegion, "%s",
			 sqlite3_column_text(pS, 6) ? (const char *)sqlite3_column_text(pS, 6) : "");
		pP->bValid = sqlite3_column_int(pS, 7);
		pP->bSuppressed = sqlite3_column_int(pS, 8);
		pP->bDead = sqlite3_column_int(pS, 9);
		pP->tConsent = sqlite3_column_int64(pS, 10);
		sq_col_copy(pS, 11, pP->zRegistry, sizeof pP->zRegistry);
	}
	sqlite3_reset(pS);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? HW_OK : HW_ESTORE;
}

/* Fill pLead from a row of LEAD_COLS. */
static hw_rc lead_from_row(sqlite3_stmt *pS, hw_lead *pLead)
{
	int i;
	const char *z;
	for (i = 0; i < HW_F_COUNT; i++)
		if (col_text(pS, i, &pLead->azField[i]) != HW_OK)
			return HW_ENOMEM;
	pLead->iId = sqlite3_column_int64(pS, i++);
	pLead->iAccountId = sqlite3_column_int64(pS, i++);
	if (col_text(pS, i++, &pLead->zCustom) != HW_OK ||
	    col_text(pS, i++, &pLead->zTimeZones) != HW_OK)
		return HW_ENOMEM;
	z = (const char *)sqlite3_column_text(pS, i++);
	pLead->zTzSource = hw_lead_tz_source(z);
	z = (const char *)sqlite3_column_text(pS, i++);
	snprintf(pLead->zRegion, sizeof pLead->zRegion, "%s", z ? z : "");
	z = (const char *)sqlite3_column_text(pS, i++);
	if (!z || hw_status_parse(z, &pLead->eStatus) != HW_OK)
		pLead->eStatus = HW_STATUS_NEW;
	pLead->bDoNotCall = sqlite3_column_int(pS, i++);
	pLead->iOwner = sqlite3_column_int64(pS, i++);
	pLead->iImport = sqlite3_column_int64(pS, i++);
	pLead->tCreated = sqlite3_column_int64(pS, i++);
	pLead->tUpdated = sqlite3_column_int64(pS, i++);
	sq_col_copy(pS, i++, pLead->zJur, sizeof pLead->zJur);
	pLead->bIcp = sqlite3_column_type(pS, i) != SQLITE_NULL;
	pLead->iIcp = sqlite3_column_int(pS, i++);
	return HW_OK;
}

static hw_rc sq_lead_load(hw_store *pBase, long long iLead, hw_lead *pOut)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = stmt(p, S_LEAD_LOAD);
	hw_rc rc;
	int src;
	memset(pOut, 0, sizeof *pOut);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iLead);
	src = sqlite3_step(pS);
	if (src != SQLITE_ROW) {
		sqlite3_reset(pS);
		return src == SQLITE_DONE ? HW_ENOTFOUND : HW_ESTORE;
	}
	rc = lead_from_row(pS, pOut);
	sqlite3_reset(pS);
	if (rc == HW_OK)
		rc = load_phones(p, pOut);
	if (rc != HW_OK)
		hw_lead_clear(pOut);
	return rc;
}

static hw_rc insert_phones(sq_store *p, hw_lead *pLead, long long iImport)
{
	for (int i = 0; i < pLead->nPhone; i++) {
		hw_lead_phone *pP = &pLead->aPhone[i];
		sqlite3_stmt *pS;
		if (pP->iId)
			continue;
		if (!(pS = stmt(p, S_PHONE_INSERT)))
			return HW_ESTORE;
		sqlite3_bind_int64(pS, 1, pLead->iId);
		sqlite3_bind_text(pS, 2, pP->zE164, -1, SQLITE_STATIC);
		sqlite3_bind_text(pS, 3, pP->zExt, -1, SQLITE_STATIC); /* '' when none */
		bind_text(pS, 4, pP->zRaw);
		sqlite3_bind_text(pS, 5, hw_phone_kind_names[pP->eKind], -1, SQLITE_STATIC);
		sqlite3_bind_text(pS, 6, pP->zType[0] ? pP->zType : "unknown", -1, SQLITE_STATIC);
		bind_text(pS, 7, pP->zRegion);
		sqlite3_bind_int(pS, 8, pP->bValid);
		bind_id(pS, 9, iImport);
		sqlite3_bind_int64(pS, 10, pLead->tUpdated);
		bind_text(pS, 11, pP->zRegistry[0] ? pP->zRegistry : NULL);
		if (run(p, pS) != HW_OK)
			return HW_ESTORE;
		pP->iId = sqlite3_last_insert_rowid(p->db);
	}
	return HW_OK;
}

static void bind_fields(sqlite3_stmt *pS, const hw_lead *pLead)
{
	for (int i = 0; i < HW_F_COUNT; i++)
		bind_text(pS, i + 1, pLead->azField[i]);
	bind_id(pS, 18, pLead->iAccountId);
	bind_text(pS, 19, pLead->zCustom);
	bind_text(pS, 20, pLead->zTimeZones);
	bind_text(pS, 21, pLead->zTzSource);
	bind_text(pS, 22, pLead->zRegion);
}

static hw_rc sq_lead_insert(hw_store *pBase, hw_lead *pLead)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = stmt(p, S_LEAD_INSERT);
	if (!pS)
		return HW_ESTORE;
	bind_fields(pS, pLead);
	sqlite3_bind_text(pS, 23, hw_status_names[pLead->eStatus], -1, SQLITE_STATIC);
	sqlite3_bind_int(pS, 24, pLead->bDoNotCall);
	bind_id(pS, 25, pLead->iOwner);
	bind_id(pS, 26, pLead->iImport);
	sqlite3_bind_int64(pS, 27, pLead->tCreated);
	sqlite3_bind_int64(pS, 28, pLead->tUpdated);
	bind_text(pS, 29, pLead->zJur);
	if (pLead->bIcp)
		sqlite3_bind_int(pS, 30, pLead->iIcp);
	if (run(p, pS) != HW_OK)
		return HW_ESTORE;
	pLead->iId = sqlite3_last_insert_rowid(p->db);
	return insert_phones(p, pLead, pLead->iImport);
}

static hw_rc sq_lead_update(hw_store *pBase, hw_lead *pLead, long long iImport)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = stmt(p, S_LEAD_UPDATE);
	if (!pS)
		return HW_ESTORE;
	bind_fields(pS, pLead);
	sqlite3_bind_int64(pS, 23, pLead->tUpdated);
	sqlite3_bind_int64(pS, 24, pLead->iId);
	bind_text(pS, 25, pLead->zJur);
	if (pLead->bIcp)
		sqlite3_bind_int(pS, 26, pLead->iIcp);
	if (run(p, pS) != HW_OK)
		return HW_ESTORE;
	return insert_phones(p, pLead, iImport);
}

static void bind_filter(sqlite3_stmt *pS, const hw_lead_filter *pF)
{
	if (pF->bStatus)
		sqlite3_bind_text(pS, 1, hw_status_names[pF->eStatus], -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(pS, 1);
	sqlite3_bind_int64(pS, 2, pF->iImport);
	sq_bind_text(pS, 5, pF->zLike);
	sqlite3_bind_int64(pS, 6, pF->iScopeOwner);
	sqlite3_bind_int64(pS, 7, pF->iScopeManager);
	sqlite3_bind_int64(pS, 8, pF->iScopeTeam);
}

static hw_rc sq_lead_list(hw_store *pBase, const hw_lead_filter *pF, hw_lead_cb xCb, void *pCtx)
{
	sq_store *p = (sq_store *)pBase;
	hw_lead_filter f = *pF;
	hw_rc rc = HW_OK;
	long nLeft = pF->nLimit ? pF->nLimit : -1;

	/* Keyset pages of 512, so the statement is never held across the
	 * phone look-ups of a lead (one statement in flight at a time). */
	while (rc == HW_OK && nLeft != 0) {
		sqlite3_stmt *pS = stmt(p, S_LEAD_LIST);
		hw_lead aPage[64];
		int n = 0, src, bStop = 0;
		if (!pS)
			return HW_ESTORE;
		bind_filter(pS, &f);
		sqlite3_bind_int64(pS, 3, f.iAfterId);
		sqlite3_bind_int64(pS, 4, nLeft > 0 && nLeft < 64 ? nLeft : 64);
		memset(aPage, 0, sizeof aPage);
		while (n < 64 && (src = sqlite3_step(pS)) == SQLITE_ROW) {
			if ((rc = lead_from_row(pS, &aPage[n++])) != HW_OK)
				break;
		}
		sqlite3_reset(pS);
		for (int i = 0; i < n; i++) {
			if (rc == HW_OK)
				rc = load_phones(p, &aPage[i]);
			if (rc == HW_OK && !bStop)
				bStop = xCb(pCtx, &aPage[i]);
			f.iAfterId = aPage[i].iId;
			hw_lead_clear(&aPage[i]);
		}
		if (nLeft > 0)
			nLeft -= n;
		if (n < 64 || bStop)
			break;
	}
	return rc;
}

static hw_rc sq_lead_count(hw_store *pBase, const hw_lead_filter *pF, long long *pn)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = stmt(p, S_LEAD_COUNT);
	int src;
	if (!pS)
		return HW_ESTORE;
	bind_filter(pS, pF);
	src = sqlite3_step(pS);
	*pn = src == SQLITE_ROW ? sqlite3_column_int64(pS, 0) : 0;
	sqlite3_reset(pS);
	return src == SQLITE_ROW ? HW_OK : HW_ESTORE;
}

static hw_rc sq_lead_keys(hw_store *pBase, hw_key_cb xCb, void *pCtx)
{
	sq_store *p = (sq_store *)pBase;
	static const int aId[] = {S_KEYS_PHONES, S_KEYS_EMAILS};
	for (size_t i = 0; i < sizeof aId / sizeof aId[0]; i++) {
		sqlite3_stmt *pS = stmt(p, aId[i]);
		int src, bStop = 0;
		if (!pS)
			return HW_ESTORE;
		while (!bStop && (src = sqlite3_step(pS)) == SQLITE_ROW)
			bStop = xCb(pCtx, (const char *)sqlite3_column_text(pS, 0),
				    sqlite3_column_int64(pS, 1));
		sqlite3_reset(pS);
		if (bStop)
			return HW_EINTERNAL;
		if (src != SQLITE_DONE)
			return HW_ESTORE;
	}
	return HW_OK;
}

static hw_rc sq_suppression_count(hw_store *pBase, long long *pn)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = stmt(p, S_SUPPRESS_COUNT);
	int src;
	if (!pS)
		return HW_ESTORE;
	src = sqlite3_step(pS);
	*pn = src == SQLITE_ROW ? sqlite3_column_int64(pS, 0) : 0;
	sqlite3_reset(pS);
	return src == SQLITE_ROW ? HW_OK : HW_ESTORE;
}

static hw_rc sq_account_ensure(hw_store *pBase, const hw_lead *pLead, long long iImport,
			       hw_time tNow, long long *piAccount)
{
	sq_store *p = (sq_store *)pBase;
	const char *zName = pLead->azField[HW_F_COMPANY];
	char zKey[256];
	hw_rc rc;
	sqlite3_stmt *pS;

	*piAccount = 0;
	if (!zName)
		return HW_OK;
	hw_account_key(zName, zKey, sizeof zKey);
	rc = find_one(p, S_ACCOUNT_FIND, zKey, piAccount);
	if (rc != HW_ENOTFOUND)
		return rc;
	if (!(pS = stmt(p, S_ACCOUNT_INSERT)))
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, zName, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 2, zKey, -1, SQLITE_STATIC);
	bind_text(pS, 3, pLead->azField[HW_F_WEBSITE]);
	bind_text(pS, 4, pLead->azField[HW_F_INDUSTRY]);
	bind_text(pS, 5, pLead->azField[HW_F_EMPLOYEES]);
	bind_text(pS, 6, pLead->zRegion);
	bind_text(pS, 7, pLead->azField[HW_F_STREET]);
	bind_text(pS, 8, pLead->azField[HW_F_CITY]);
	bind_text(pS, 9, pLead->azField[HW_F_STATE]);
	bind_text(pS, 10, pLead->azField[HW_F_POSTAL_CODE]);
	bind_id(pS, 11, iImport);
	sqlite3_bind_int64(pS, 12, tNow);
	if (run(p, pS) != HW_OK)
		return HW_ESTORE;
	*piAccount = sqlite3_last_insert_rowid(p->db);
	return HW_OK;
}

static hw_rc sq_touch_list(hw_store *pBase, long long iLead, hw_touch_cb xCb, void *pCtx)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = stmt(p, S_TOUCH_LIST);
	int src;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iLead);
	while ((src = sqlite3_step(pS)) == SQLITE_ROW) {
		hw_touch_row r = {
			.iId = sqlite3_column_int64(pS, 0),
			.tAt = sqlite3_column_int64(pS, 1),
			.zChannel = (const char *)sqlite3_column_text(pS, 2),
			.zOutcome = (const char *)sqlite3_column_text(pS, 3),
			.zNotes = (const char *)sqlite3_column_text(pS, 4),
			.zUser = (const char *)sqlite3_column_text(pS, 5),
		};
		if (xCb(pCtx, &r))
			break;
	}
	sqlite3_reset(pS);
	return src == SQLITE_ROW || src == SQLITE_DONE ? HW_OK : HW_ESTORE;
}

static hw_rc sq_suppressed(hw_store *pBase, const char *zKind, const char *zValue, int *pb)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = stmt(p, S_SUPPRESSED);
	int src;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, zKind, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 2, zValue, -1, SQLITE_STATIC);
	src = sqlite3_step(pS);
	*pb = src == SQLITE_ROW;
	sqlite3_reset(pS);
	return src == SQLITE_ROW || src == SQLITE_DONE ? HW_OK : HW_ESTORE;
}

static hw_rc sq_suppress_add(hw_store *pBase, const char *zKind, const char *zValue,
			     const char *zSource, const char *zReason, hw_time tNow)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = stmt(p, S_SUPPRESS_ADD);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, zKind, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 2, zValue, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 3, zSource, -1, SQLITE_STATIC);
	bind_text(pS, 4, zReason);
	sqlite3_bind_int64(pS, 5, tNow);
	return run(p, pS);
}

static hw_rc sq_import_create(hw_store *pBase, hw_import_rec *pRec)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = stmt(p, S_IMPORT_CREATE);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, pRec->zFile, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 2, pRec->zOptions ? pRec->zOptions : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 3, pRec->nBytes);
	sqlite3_bind_int64(pS, 4, pRec->tStarted);
	if (run(p, pS) != HW_OK)
		return HW_ESTORE;
	pRec->iId = sqlite3_last_insert_rowid(p->db);
	pRec->eStatus = HW_IMPORT_RUNNING;
	return HW_OK;
}

static hw_rc sq_import_save(hw_store *pBase, const hw_import_rec *pRec)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = stmt(p, S_IMPORT_SAVE);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, pRec->iId);
	sqlite3_bind_text(pS, 2, hw_import_status_names[pRec->eStatus], -1, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 3, pRec->iLastLine);
	sqlite3_bind_int64(pS, 4, pRec->nRows);
	sqlite3_bind_int64(pS, 5, pRec->nImported);
	sqlite3_bind_int64(pS, 6, pRec->nMerged);
	sqlite3_bind_int64(pS, 7, pRec->nRejected);
	sqlite3_bind_int64(pS, 8, pRec->nSuppressed);
	bind_id(pS, 9, pRec->tFinished);
	sqlite3_bind_int64(pS, 10, pRec->nRegistry);
	return run(p, pS);
}

static hw_rc import_from_row(sqlite3_stmt *pS, hw_import_rec *pRec)
{
	const char *z;
	memset(pRec, 0, sizeof *pRec);
	pRec->iId = sqlite3_column_int64(pS, 0);
	if (col_text(pS, 1, &pRec->zFile) != HW_OK || col_text(pS, 2, &pRec->zOptions) != HW_OK) {
		hw_import_rec_clear(pRec);
		return HW_ENOMEM;
	}
	pRec->nBytes = sqlite3_column_int64(pS, 3);
	z = (const char *)sqlite3_column_text(pS, 4);
	for (int i = 0; z && i < HW_IMPORT_STATUS_COUNT; i++)
		if (strcmp(z, hw_import_status_names[i]) == 0)
			pRec->eStatus = (hw_import_status)i;
	pRec->iLastLine = (long)sqlite3_column_int64(pS, 5);
	pRec->nRows = sqlite3_column_int64(pS, 6);
	pRec->nImported = sqlite3_column_int64(pS, 7);
	pRec->nMerged = sqlite3_column_int64(pS, 8);
	pRec->nRejected = sqlite3_column_int64(pS, 9);
	pRec->nSuppressed = sqlite3_column_int64(pS, 10);
	pRec->tStarted = sqlite3_column_int64(pS, 11);
	pRec->tFinished = sqlite3_column_int64(pS, 12);
	pRec->nRegistry = sqlite3_column_int64(pS, 13);
	return HW_OK;
}

static hw_rc sq_import_load(hw_store *pBase, long long iId, hw_import_rec *pRec)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = stmt(p, S_IMPORT_LOAD);
	hw_rc rc;
	int src;

	memset(pRec, 0, sizeof *pRec);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iId);
	src = sqlite3_step(pS);
	if (src != SQLITE_ROW) {
		sqlite3_reset(pS);
		return src == SQLITE_DONE ? HW_ENOTFOUND : HW_ESTORE;
	}
	rc = import_from_row(pS, pRec);
	sqlite3_reset(pS);
	return rc;
}

static hw_rc sq_import_list(hw_store *pBase, hw_import_cb xCb, void *pCtx)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = stmt(p, S_IMPORT_LIST);
	hw_rc rc = HW_OK;
	int src;
	if (!pS)
		return HW_ESTORE;
	while ((src = sqlite3_step(pS)) == SQLITE_ROW) {
		hw_import_rec rec;
		if ((rc = import_from_row(pS, &rec)) != HW_OK)
			break;
		int bStop = xCb(pCtx, &rec);
		hw_import_rec_clear(&rec);
		if (bStop)
			break;
	}
	sqlite3_reset(pS);
	if (rc == HW_OK && src != SQLITE_ROW && src != SQLITE_DONE)
		rc = HW_ESTORE;
	return rc;
}

static hw_rc sq_import_reject(hw_store *pBase, long long iImport, const hw_reject_row *pR)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = stmt(p, S_REJECT_ADD);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iImport);
	sqlite3_bind_int64(pS, 2, pR->iLine);
	sqlite3_bind_int(pS, 3, pR->iCol);
	bind_text(pS, 4, pR->zField);
	sqlite3_bind_text(pS, 5, pR->zMsg, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 6, pR->zRowJson ? pR->zRowJson : "[]", -1, SQLITE_STATIC);
	return run(p, pS);
}

static hw_rc sq_import_rejects(hw_store *pBase, long long iImport, hw_reject_cb xCb, void *pCtx)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = stmt(p, S_REJECT_LIST);
	int src;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iImport);
	while ((src = sqlite3_step(pS)) == SQLITE_ROW) {
		hw_reject_row r = {
			.iLine = (long)sqlite3_column_int64(pS, 0),
			.iCol = sqlite3_column_int(pS, 1),
			.zField = (const char *)sqlite3_column_text(pS, 2),
			.zMsg = (const char *)sqlite3_column_text(pS, 3),
			.zRowJson = (const char *)sqlite3_column_text(pS, 4),
		};
		if (xCb(pCtx, &r))
			break;
	}
	sqlite3_reset(pS);
	return src == SQLITE_ROW || src == SQLITE_DONE ? HW_OK : HW_ESTORE;
}

static hw_rc sq_import_merge_save(hw_store *pBase, long long iImport, long long iLead,
				  const char *zBefore)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = stmt(p, S_MERGE_SAVE);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iImport);
	sqlite3_bind_int64(pS, 2, iLead);
	sqlite3_bind_text(pS, 3, zBefore, -1, SQLITE_STATIC);
	return run(p, pS);
}

static hw_rc sq_import_merges(hw_store *pBase, long long iImport, hw_merge_cb xCb, void *pCtx)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = stmt(p, S_MERGE_LIST);
	hw_rc rc = HW_OK;
	int src;
	/* The callback updates leads, so collect first: one statement at a time. */
	struct {
		long long iLead;
		char *zJson;
	} *a = NULL;
	size_t n = 0, nAlloc = 0;

	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iImport);
	while ((src = sqlite3_step(pS)) == SQLITE_ROW) {
		if (n == nAlloc) {
			nAlloc = nAlloc ? nAlloc * 2 : 64;
			void *pNew = realloc(a, nAlloc * sizeof *a);
			if (!pNew) {
				rc = HW_ENOMEM;
				break;
			}
			a = pNew;
		}
		a[n].iLead = sqlite3_column_int64(pS, 0);
		a[n].zJson = NULL;
		if (col_text(pS, 1, &a[n].zJson) != HW_OK) {
			rc = HW_ENOMEM;
			break;
		}
		n++;
	}
	sqlite3_reset(pS);
	if (rc == HW_OK && src != SQLITE_DONE)
		rc = HW_ESTORE;
	for (size_t i = 0; i < n; i++) {
		if (rc == HW_OK && xCb(pCtx, a[i].iLead, a[i].zJson))
			rc = HW_EINTERNAL;
		free(a[i].zJson);
	}
	free(a);
	return rc;
}

static hw_rc sq_import_purge(hw_store *pBase, long long iImport)
{
	sq_store *p = (sq_store *)pBase;
	static const int aStep[] = {S_PURGE_PHONES, S_PURGE_LEADS, S_PURGE_ACCOUNTS,
				    S_PURGE_MERGES};
	sqlite3_stmt *pS = stmt(p, S_PURGE_CHECK);
	long long nHistory;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iImport);
	if (sqlite3_step(pS) != SQLITE_ROW) {
		sqlite3_reset(pS);
		return HW_ESTORE;
	}
	nHistory = sqlite3_column_int64(pS, 0);
	sqlite3_reset(pS);
	/* Undo must never lose history: leads already worked stay. */
	if (nHistory > 0)
		return HW_ECONFLICT;
	for (size_t i = 0; i < sizeof aStep / sizeof aStep[0]; i++) {
		if (!(pS = stmt(p, aStep[i])))
			return HW_ESTORE;
		sqlite3_bind_int64(pS, 1, iImport);
		if (run(p, pS) != HW_OK)
			return HW_ESTORE;
	}
	return HW_OK;
}

static hw_rc sq_audit(hw_store *pBase, hw_time tAt, long long iUser, const char *zAction,
		      const char *zObject, long long iObject, const char *zDetail)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = stmt(p, S_AUDIT);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, tAt);
	bind_id(pS, 2, iUser);
	sqlite3_bind_text(pS, 3, zAction, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 4, zObject, -1, SQLITE_STATIC);
	bind_id(pS, 5, iObject);
	bind_text(pS, 6, zDetail);
	return run(p, pS);
}

static const hw_store_methods sq_methods = {
	.zName = "sqlite",
	.xClose = sq_close,
	.xErrmsg = sq_errmsg,
	.xBegin = sq_begin,
	.xCommit = sq_commit,
	.xRollback = sq_rollback,
	.xSavepoint = sq_savepoint,
	.xBulk = sq_bulk,
	.xLeadFind = sq_lead_find,
	.xLeadLoad = sq_lead_load,
	.xLeadInsert = sq_lead_insert,
	.xLeadUpdate = sq_lead_update,
	.xLeadList = sq_lead_list,
	.xLeadCount = sq_lead_count,
	.xLeadKeys = sq_lead_keys,
	.xAccountEnsure = sq_account_ensure,
	.xTouchList = sq_touch_list,
	.xSuppressed = sq_suppressed,
	.xSuppressionCount = sq_suppression_count,
	.xSuppressAdd = sq_suppress_add,
	.xImportCreate = sq_import_create,
	.xImportSave = sq_import_save,
	.xImportLoad = sq_import_load,
	.xImportList = sq_import_list,
	.xImportReject = sq_import_reject,
	.xImportRejects = sq_import_rejects,
	.xImportMergeSave = sq_import_merge_save,
	.xImportMerges = sq_import_merges,
	.xImportPurge = sq_import_purge,
	.xAudit = sq_audit,
	.xUserAdd = sq_user_add,
	.xUserFind = sq_user_find,
	.xUserLoad = sq_user_load,
	.xUserList = sq_user_list,
	.xSettingGet = sq_setting_get,
	.xSettingSet = sq_setting_set,
	.xCadenceGet = sq_cadence_get,
	.xCadenceSet = sq_cadence_set,
	.xTaskInsert = sq_task_insert,
	.xTaskLoad = sq_task_load,
	.xTaskList = sq_task_list,
	.xTaskClose = sq_task_close,
	.xTaskCancelOpen = sq_task_cancel_open,
	.xTaskLease = sq_task_lease,
	.xTaskRelease = sq_task_release,
	.xTaskSnooze = sq_task_snooze,
	.xTaskHeld = sq_task_held,
	.xTaskCandidates = sq_task_candidates,
	.xExplainClaim = sq_explain_claim,
	.xEnrollCandidates = sq_enroll_candidates,
	.xTouchInsert = sq_touch_insert,
	.xTouchHistory = sq_touch_history,
	.xTouchScan = sq_touch_scan,
	.xLeadSetState = sq_lead_set_state,
	.xLeadSetDnc = sq_lead_set_dnc,
	.xLeadSetIcp = sq_lead_set_icp,
	.xLeadEnroll = sq_lead_enroll,
	.xPhoneSetDead = sq_phone_set_dead,
	.xUserPassword = sq_user_password,
	.xUserSetPassword = sq_user_set_password,
	.xTeamEnsure = sq_team_ensure,
	.xSessionCreate = sq_session_create,
	.xSessionFind = sq_session_find,
	.xSessionDelete = sq_session_delete,
	.xTokenCreate = sq_token_create,
	.xTokenFind = sq_token_find,
	.xLeadSetOwner = sq_lead_set_owner,
	.xTemplateList = sq_template_list,
	.xCadenceList = sq_cadence_list,
	.xLeadsByPhone = sq_leads_by_phone,
	.xSuppressGet = sq_suppress_get,
	.xSuppressLift = sq_suppress_lift,
	.xLeadClearDnc = sq_lead_clear_dnc,
	.xPhoneSetRegistry = sq_phone_set_registry,
	.xConsentAdd = sq_consent_add,
	.xConsentRevoke = sq_consent_revoke,
	.xConsentList = sq_consent_list,
	.xDncLoadSave = sq_dnc_load_save,
	.xDncLoadList = sq_dnc_load_list,
	.xUserSetCallerId = sq_user_set_caller_id,
	.xRecordScan = sq_record_scan,
	.xPhoneScan = sq_phone_scan,
	.xTemplateSet = sq_template_set,
	.xTemplateGet = sq_template_get,
	.xTasksDue = sq_tasks_due,
	.xTaskHold = sq_task_hold,
	.xTaskFail = sq_task_fail,
	.xUserSetProfile = sq_user_set_profile,
	.xUserSetIcal = sq_user_set_ical,
	.xUserByIcal = sq_user_by_ical,
	.xOutboxAdd = sq_outbox_add,
	.xOutboxDue = sq_outbox_due,
	.xOutboxList = sq_outbox_list,
	.xOutboxUpdate = sq_outbox_update,
	.xOptoutAdd = sq_optout_add,
	.xOptoutFind = sq_optout_find,
	.xOptoutUse = sq_optout_use,
	.xTasksByEmail = sq_tasks_by_email,
	.xWebhookAdd = sq_webhook_add,
	.xWebhookList = sq_webhook_list,
	.xWebhookDisable = sq_webhook_disable,
	.xWebhookQueue = sq_webhook_queue,
	.xDeliveryDue = sq_delivery_due,
	.xDeliveryList = sq_delivery_list,
	.xDeliveryUpdate = sq_delivery_update,
	.xOutboxClaim = sq_outbox_claim,
	.xDeliveryClaim = sq_delivery_claim,
	.xCalendar = sq_calendar,
};

/* Bring the schema to the latest version, one transaction per migration;
 * *pnApplied counts the migrations run. */
static hw_rc migrate(sq_store *p, const char *zPath, int *pnApplied, hw_err *pErr)
{
	sqlite3_stmt *pS = NULL;
	int iHave = 0;

	*pnApplied = 0;
	if (sqlite3_exec(p->db,
			 "CREATE TABLE IF NOT EXISTS schema_migrations ("
			 "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER "
			 "NOT NULL DEFAULT (unixepoch()))",
			 NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	if (sqlite3_prepare_v2(p->db, "SELECT coalesce(max(version), 0) FROM schema_migrations",
			       -1, &pS, NULL) != SQLITE_OK)
		goto fail;
	if (sqlite3_step(pS) == SQLITE_ROW)
		iHave = sqlite3_column_int(pS, 0);
	sqlite3_finalize(pS);
	pS = NULL;
	if (iHave > hw_migration_count) {
		hw_err_at(pErr, zPath, 0, 0, NULL,
			  "database schema version %d is newer than this hawser knows (%d); "
			  "use a newer hawser",
			  iHave, hw_migration_count);
		return HW_ECONFLICT;
	}
	for (int i = iHave; i < hw_migration_count; i++) {
		const hw_migration *pM = &hw_migrations[i];
		if (sqlite3_exec(p->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(p->db, pM->zSql, NULL, NULL, NULL) != SQLITE_OK)
			goto fail_rollback;
		if (sqlite3_prepare_v2(p->db,
				       "INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)",
				       -1, &pS, NULL) != SQLITE_OK)
			goto fail_rollback;
		sqlite3_bind_int(pS, 1, pM->iVersion);
		sqlite3_bind_text(pS, 2, pM->zName, -1, SQLITE_STATIC);
		if (sqlite3_step(pS) != SQLITE_DONE)
			goto fail_rollback;
		sqlite3_finalize(pS);
		pS = NULL;
		if (sqlite3_exec(p->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			goto fail_rollback;
		(*pnApplied)++;
	}
	return HW_OK;

fail_rollback:
	hw_err_at(pErr, zPath, 0, 0, NULL, "could not migrate the database schema: %s",
		  sqlite3_errmsg(p->db));
	sqlite3_finalize(pS);
	sqlite3_exec(p->db, "ROLLBACK", NULL, NULL, NULL);
	return HW_ESTORE;
fail:
	hw_err_at(pErr, zPath, 0, 0, NULL, "could not read the database schema: %s",
		  sqlite3_errmsg(p->db));
	sqlite3_finalize(pS);
	return HW_ESTORE;
}

int hw_store_schema_latest(void)
{
	return hw_migration_count;
}

/*
 * Once per process, before the first connection: every connection is used by
 * one thread at a time (SQLITE_OPEN_NOMUTEX below), so SQLite needs no
 * serializing mutexes, and no global memory statistics (a global mutex taken
 * on every allocation). A library user that initialized SQLite itself keeps
 * its own configuration: sqlite3_config then refuses, harmlessly.
 */
static pthread_once_t g_sqlite_once = PTHREAD_ONCE_INIT;

static void sqlite_configure(void)
{
	if (sqlite3_config(SQLITE_CONFIG_MULTITHREAD) == SQLITE_OK)
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

/*
 * When the WAL is copied back into the database (a checkpoint, which syncs
 * the file). SQLite's default does it in whichever commit crosses 1000 pages,
 * so one claim of the queue in a hundred would pay for it. Durable commits
 * (touches, do-not-call entries) fsync anyway: they take the checkpoint; other
 * commits only when the WAL has grown well past that (a long import).
 */
#define HW_WAL_CHECKPOINT_PAGES 1000
#define HW_WAL_FORCE_PAGES 8000

static int wal_hook(void *pCtx, sqlite3 *db, const char *zDb, int nPages)
{
	sq_store *p = pCtx;
	if ((p->bDurable && nPages >= HW_WAL_CHECKPOINT_PAGES) || nPages >= HW_WAL_FORCE_PAGES)
		sqlite3_wal_checkpoint_v2(db, zDb, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return SQLITE_OK;
}

/* Open the file with hawser's settings; a file that is not a database fails
 * here, on first read. */
static hw_rc sq_connect(sq_store *p, const char *zPath, hw_err *pErr)
{
	if (sqlite3_open_v2(zPath, &p->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		hw_err_at(pErr, zPath, 0, 0, NULL,
			  "cannot open the database: %s; check the path and its permissions",
			  p->db ? sqlite3_errmsg(p->db) : "out of memory");
		return HW_ESTORE;
	}
	sqlite3_busy_timeout(p->db, 10000);
	sqlite3_wal_hook(p->db, wal_hook, p);
	if (sqlite3_exec(p->db,
			 "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
			 "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-" HW_CACHE_KIB,
			 NULL, NULL, NULL) != SQLITE_OK) {
		hw_err_at(pErr, zPath, 0, 0, NULL, "cannot use the database: %s",
			  sqlite3_errmsg(p->db));
		return HW_ESTORE;
	}
	return HW_OK;
}

hw_rc hw_store_sqlite_open(const char *zPath, hw_store **ppStore, hw_err *pErr)
{
	sq_store *p;
	int nApplied = 0;
	hw_rc rc;

	*ppStore = NULL;
	pthread_once(&g_sqlite_once, sqlite_configure);
	if (!(p = calloc(1, sizeof *p)))
		return HW_ENOMEM;
	p->base.pMethods = &sq_methods;
	rc = sq_connect(p, zPath, pErr);
	if (rc == HW_OK)
		rc = migrate(p, zPath, &nApplied, pErr);
	/* A migration may edit table definitions in place (006): this connection
	 * keeps the definitions it parsed before, so it starts again. */
	if (rc == HW_OK && nApplied > 0) {
		sqlite3_close(p->db);
		p->db = NULL;
		rc = sq_connect(p, zPath, pErr);
	}
	if (rc != HW_OK) {
		sq_close(&p->base);
		return rc;
	}
	*ppStore = &p->base;
	return HW_OK;
}
