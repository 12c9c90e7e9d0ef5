/*
 * sqlite_dnc.c — the SQLite side of do-not-call and compliance: the
 * internal list's entries and their lifting, registry flags on phones,
 * consents, the record of registry loads, verified caller IDs and the call
 * records an audit asks for. Same rules as sqlite.c: every statement is a
 * constant of azDnc[], bound with parameters.
 */
#include "store/sqlite_int.h"

#include <stdio.h>
#include <string.h>

enum {
	D_LEADS_BY_PHONE,
	D_SUPPRESS_GET,
	D_SUPPRESS_LIFT,
	D_LEAD_CLEAR_DNC,
	D_PHONE_SET_REGISTRY,
	D_CONSENT_ADD,
	D_CONSENT_REVOKE,
	D_CONSENT_LIST,
	D_LOAD_SAVE,
	D_LOAD_LIST,
	D_USER_CALLER_ID,
	D_RECORD_SCAN,
	D_PHONE_SCAN,
	D_TEMPLATE_SET,
	D_COUNT
};

_Static_assert(D_COUNT <= SQ_MAX_STMTS, "raise SQ_MAX_STMTS");

#define CONSENT_COLS                                                                   \
	"c.id, c.phone_id, p.lead_id, p.e164, c.type, c.source, c.given_at, c.expires_at, " \
	"c.revoked_at, c.created_by, c.created_at"

static const char *const azDnc[D_COUNT] = {
	[D_LEADS_BY_PHONE] = "SELECT DISTINCT lead_id FROM phones WHERE e164 = ?1 ORDER BY lead_id",
	[D_SUPPRESS_GET] = "SELECT id, source, reason, created_at FROM suppressions "
			   "WHERE kind = ?1 AND value = ?2 AND lifted_at IS NULL",
	[D_SUPPRESS_LIFT] = "UPDATE suppressions SET lifted_at = ?3, lifted_by = ?4, "
			    "lift_reason = ?5 WHERE kind = ?1 AND value = ?2 AND lifted_at IS NULL",
	[D_LEAD_CLEAR_DNC] = "UPDATE leads SET do_not_call = 0, status = 'working', "
			     "recycle_at = NULL, updated_at = ?2 WHERE id = ?1 AND do_not_call = 1",
	[D_PHONE_SET_REGISTRY] = "UPDATE phones SET registry = ?2, registry_at = ?3 "
				 "WHERE e164 = ?1",
	[D_CONSENT_ADD] = "INSERT INTO consents (phone_id, type, source, given_at, expires_at, "
			  "created_by, created_at) SELECT id, ?2, ?3, ?4, ?5, ?6, ?7 FROM phones "
			  "WHERE e164 = ?1 ORDER BY id",
	[D_CONSENT_REVOKE] = "UPDATE consents SET revoked_at = ?2 WHERE id = ?1 AND revoked_at "
			     "IS NULL",
	[D_CONSENT_LIST] = "SELECT " CONSENT_COLS " FROM consents c JOIN phones p "
			   "ON p.id = c.phone_id WHERE ?1 IS NULL OR p.e164 = ?1 "
			   "ORDER BY c.given_at DESC, c.id DESC",
	[D_LOAD_SAVE] = "INSERT INTO dnc_loads (list, file, kind, copy_date, lines, added, "
			"deleted, numbers, user_id, loaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
			"?8, ?9, ?10)",
	[D_LOAD_LIST] = "SELECT id, list, file, kind, copy_date, lines, added, deleted, numbers, "
			"user_id, loaded_at FROM dnc_loads WHERE ?1 IS NULL OR list = ?1 "
			"ORDER BY loaded_at DESC, id DESC",
	[D_USER_CALLER_ID] = "UPDATE users SET caller_id = ?2, caller_id_verified_by = ?3, "
			     "caller_id_verified_at = CASE WHEN ?2 IS NULL THEN NULL ELSE ?4 END "
			     "WHERE id = ?1",
	[D_RECORD_SCAN] = "SELECT x.*, u.login, coalesce(l.full_name, trim(coalesce(l.first_name, "
			  "'') || ' ' || coalesce(l.last_name, ''))) FROM (SELECT " TOUCH_COLS
			  " FROM touches WHERE channel IN ('call', 'voicemail') AND at >= ?1 AND "
			  "at < ?2) x LEFT JOIN users u ON u.id = x.user_id LEFT JOIN leads l ON "
			  "l.id = x.lead_id ORDER BY x.at, x.id",
	[D_TEMPLATE_SET] = "INSERT INTO templates (name, channel, subject, body, created_at, "
			   "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT(name) DO UPDATE "
			   "SET channel = ?2, subject = ?3, body = ?4, updated_at = ?5",
	[D_PHONE_SCAN] = "SELECT e164, coalesce(max(region), ''), coalesce(max(registry), '') "
			 "FROM phones WHERE e164 >= ?1 AND e164 < ?1 || x'7f' GROUP BY e164",
};

static sqlite3_stmt *dstmt(sq_store *p, int id)
{
	return sq_prepare(p, &p->apDnc[id], azDnc[id]);
}

void sq_dnc_finalize(sq_store *p)
{
	for (int i = 0; i < D_COUNT; i++)
		sqlite3_finalize(p->apDnc[i]);
}

hw_rc sq_leads_by_phone(hw_store *pBase, const char *zE164, hw_id_cb xCb, void *pCtx)
{
	sqlite3_stmt *pS = dstmt((sq_store *)pBase, D_LEADS_BY_PHONE);
	int src;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, zE164, -1, SQLITE_STATIC);
	while ((src = sqlite3_step(pS)) == SQLITE_ROW)
		if (xCb(pCtx, sqlite3_column_int64(pS, 0)))
			break;
	sqlite3_reset(pS);
	return src == SQLITE_ROW || src == SQLITE_DONE ? HW_OK : HW_ESTORE;
}

hw_rc sq_suppress_get(hw_store *pBase, const char *zKind, const char *zValue,
		      hw_suppression *pOut)
{
	sqlite3_stmt *pS = dstmt((sq_store *)pBase, D_SUPPRESS_GET);
	int src;
	memset(pOut, 0, sizeof *pOut);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, zKind, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 2, zValue, -1, SQLITE_STATIC);
	if ((src = sqlite3_step(pS)) == SQLITE_ROW) {
		pOut->iId = sqlite3_column_int64(pS, 0);
		sq_col_copy(pS, 1, pOut->zSource, sizeof pOut->zSource);
		sq_col_copy(pS, 2, pOut->zReason, sizeof pOut->zReason);
		pOut->tAt = sqlite3_column_int64(pS, 3);
	}
	sqlite3_reset(pS);
	if (src == SQLITE_ROW)
		return HW_OK;
	return src == SQLITE_DONE ? HW_ENOTFOUND : HW_ESTORE;
}

hw_rc sq_suppress_lift(hw_store *pBase, const char *zKind, const char *zValue, long long iUser,
		       const char *zReason, hw_time tNow, int *pb)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = dstmt(p, D_SUPPRESS_LIFT);
	*pb = 0;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, zKind, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 2, zValue, -1, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 3, tNow);
	sq_bind_id(pS, 4, iUser);
	sqlite3_bind_text(pS, 5, zReason, -1, SQLITE_STATIC);
	if (sq_run(pS) != HW_OK)
		return HW_ESTORE;
	*pb = sqlite3_changes(p->db) > 0;
	return HW_OK;
}

hw_rc sq_lead_clear_dnc(hw_store *pBase, long long iLead, hw_time tNow)
{
	sqlite3_stmt *pS = dstmt((sq_store *)pBase, D_LEAD_CLEAR_DNC);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iLead);
	sqlite3_bind_int64(pS, 2, tNow);
	return sq_run(pS);
}

hw_rc sq_phone_set_registry(hw_store *pBase, const char *zE164, const char *zList, hw_time tNow)
{
	sqlite3_stmt *pS = dstmt((sq_store *)pBase, D_PHONE_SET_REGISTRY);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, zE164, -1, SQLITE_STATIC);
	sq_bind_text(pS, 2, zList);
	sqlite3_bind_int64(pS, 3, tNow);
	return sq_run(pS);
}

hw_rc sq_consent_add(hw_store *pBase, hw_consent *pC)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = dstmt(p, D_CONSENT_ADD);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, pC->zE164, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 2, pC->zType, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 3, pC->zSource, -1, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 4, pC->tGiven);
	sq_bind_id(pS, 5, pC->tExpires);
	sq_bind_id(pS, 6, pC->iUser);
	sqlite3_bind_int64(pS, 7, pC->tCreated);
	if (sq_run(pS) != HW_OK)
		return HW_ESTORE;
	if (sqlite3_changes(p->db) == 0)
		return HW_ENOTFOUND;
	pC->iId = sqlite3_last_insert_rowid(p->db) - sqlite3_changes(p->db) + 1;
	return HW_OK;
}

hw_rc sq_consent_revoke(hw_store *pBase, long long iId, hw_time tNow)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = dstmt(p, D_CONSENT_REVOKE);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iId);
	sqlite3_bind_int64(pS, 2, tNow);
	if (sq_run(pS) != HW_OK)
		return HW_ESTORE;
	return sqlite3_changes(p->db) ? HW_OK : HW_ENOTFOUND;
}

hw_rc sq_consent_list(hw_store *pBase, const char *zE164, hw_consent_cb xCb, void *pCtx)
{
	sqlite3_stmt *pS = dstmt((sq_store *)pBase, D_CONSENT_LIST);
	hw_consent c;
	int src;
	if (!pS)
		return HW_ESTORE;
	sq_bind_text(pS, 1, zE164);
	while ((src = sqlite3_step(pS)) == SQLITE_ROW) {
		memset(&c, 0, sizeof c);
		c.iId = sqlite3_column_int64(pS, 0);
		c.iPhone = sqlite3_column_int64(pS, 1);
		c.iLead = sqlite3_column_int64(pS, 2);
		sq_col_copy(pS, 3, c.zE164, sizeof c.zE164);
		sq_col_copy(pS, 4, c.zType, sizeof c.zType);
		sq_col_copy(pS, 5, c.zSource, sizeof c.zSource);
		c.tGiven = sqlite3_column_int64(pS, 6);
		c.tExpires = sqlite3_column_int64(pS, 7);
		c.tRevoked = sqlite3_column_int64(pS, 8);
		c.iUser = sqlite3_column_int64(pS, 9);
		c.tCreated = sqlite3_column_int64(pS, 10);
		if (xCb(pCtx, &c))
			break;
	}
	sqlite3_reset(pS);
	return src == SQLITE_ROW || src == SQLITE_DONE ? HW_OK : HW_ESTORE;
}

hw_rc sq_dnc_load_save(hw_store *pBase, hw_dnc_load_rec *pR)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = dstmt(p, D_LOAD_SAVE);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, pR->zList, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 2, pR->zFile, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 3, pR->bChange ? "change" : "full", -1, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 4, pR->tCopy);
	sqlite3_bind_int64(pS, 5, pR->nLines);
	sqlite3_bind_int64(pS, 6, pR->nAdded);
	sqlite3_bind_int64(pS, 7, pR->nDeleted);
	sqlite3_bind_int64(pS, 8, pR->nNumbers);
	sq_bind_id(pS, 9, pR->iUser);
	sqlite3_bind_int64(pS, 10, pR->tLoaded);
	if (sq_run(pS) != HW_OK)
		return HW_ESTORE;
	pR->iId = sqlite3_last_insert_rowid(p->db);
	return HW_OK;
}

hw_rc sq_dnc_load_list(hw_store *pBase, const char *zList, hw_dnc_load_cb xCb, void *pCtx)
{
	sqlite3_stmt *pS = dstmt((sq_store *)pBase, D_LOAD_LIST);
	hw_dnc_load_rec r;
	int src;
	if (!pS)
		return HW_ESTORE;
	sq_bind_text(pS, 1, zList);
	while ((src = sqlite3_step(pS)) == SQLITE_ROW) {
		char zKind[8];
		memset(&r, 0, sizeof r);
		r.iId = sqlite3_column_int64(pS, 0);
		sq_col_copy(pS, 1, r.zList, sizeof r.zList);
		sq_col_copy(pS, 2, r.zFile, sizeof r.zFile);
		sq_col_copy(pS, 3, zKind, sizeof zKind);
		r.bChange = !strcmp(zKind, "change");
		r.tCopy = sqlite3_column_int64(pS, 4);
		r.nLines = sqlite3_column_int64(pS, 5);
		r.nAdded = sqlite3_column_int64(pS, 6);
		r.nDeleted = sqlite3_column_int64(pS, 7);
		r.nNumbers = sqlite3_column_int64(pS, 8);
		r.iUser = sqlite3_column_int64(pS, 9);
		r.tLoaded = sqlite3_column_int64(pS, 10);
		if (xCb(pCtx, &r))
			break;
	}
	sqlite3_reset(pS);
	return src == SQLITE_ROW || src == SQLITE_DONE ? HW_OK : HW_ESTORE;
}

hw_rc sq_user_set_caller_id(hw_store *pBase, long long iUser, const char *zE164, long long iBy,
			    hw_time tNow)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = dstmt(p, D_USER_CALLER_ID);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iUser);
	sq_bind_text(pS, 2, zE164);
	sq_bind_id(pS, 3, iBy);
	sqlite3_bind_int64(pS, 4, tNow);
	if (sq_run(pS) != HW_OK)
		return HW_ESTORE;
	return sqlite3_changes(p->db) ? HW_OK : HW_ENOTFOUND;
}

hw_rc sq_record_scan(hw_store *pBase, hw_time tFrom, hw_time tTo, hw_record_cb xCb, void *pCtx)
{
	sqlite3_stmt *pS = dstmt((sq_store *)pBase, D_RECORD_SCAN);
	hw_touch t;
	int src;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, tFrom);
	sqlite3_bind_int64(pS, 2, tTo);
	while ((src = sqlite3_step(pS)) == SQLITE_ROW) {
		const char *zLogin = (const char *)sqlite3_column_text(pS, 21);
		const char *zLead = (const char *)sqlite3_column_text(pS, 22);
		sq_touch_row(pS, &t);
		if (xCb(pCtx, &t, zLogin ? zLogin : "", zLead ? zLead : ""))
			break;
	}
	sqlite3_reset(pS);
	return src == SQLITE_ROW || src == SQLITE_DONE ? HW_OK : HW_ESTORE;
}

hw_rc sq_phone_scan(hw_store *pBase, const char *zPrefix, hw_phone_scan_cb xCb, void *pCtx)
{
	sqlite3_stmt *pS = dstmt((sq_store *)pBase, D_PHONE_SCAN);
	int src;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, zPrefix, -1, SQLITE_STATIC);
	while ((src = sqlite3_step(pS)) == SQLITE_ROW)
		if (xCb(pCtx, (const char *)sqlite3_column_text(pS, 0),
			(const char *)sqlite3_column_text(pS, 1),
			(const char *)sqlite3_column_text(pS, 2)))
			break;
	sqlite3_reset(pS);
	return src == SQLITE_ROW || src == SQLITE_DONE ? HW_OK : HW_ESTORE;
}

hw_rc sq_template_set(hw_store *pBase, const char *zName, const char *zChannel,
		      const char *zSubject, const char *zBody, hw_time tNow)
{
	sqlite3_stmt *pS = dstmt((sq_store *)pBase, D_TEMPLATE_SET);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, zName, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 2, zChannel, -1, SQLITE_STATIC);
	sq_bind_text(pS, 3, zSubject);
	sqlite3_bind_text(pS, 4, zBody, -1, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 5, tNow);
	return sq_run(pS);
}
