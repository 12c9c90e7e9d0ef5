/*
 * sqlite_http.c — the SQLite side of what the server needs: passwords,
 * sessions and API tokens (stored as hashes of their secrets), teams, a
 * lead's owner, and the rule texts listed for reading. Same rules as
 * sqlite.c: every statement is a constant of azHttp[], bound with parameters.
 */
#include "store/sqlite_int.h"

#include <stdio.h>
#include <string.h>

enum {
	H_USER_PASSWORD,
	H_USER_SET_PASSWORD,
	H_TEAM_FIND,
	H_TEAM_INSERT,
	H_SESSION_CREATE,
	H_SESSION_FIND,
	H_SESSION_DELETE,
	H_SESSION_PURGE,
	H_TOKEN_CREATE,
	H_TOKEN_FIND,
	H_LEAD_SET_OWNER,
	H_TASK_SET_OWNER,
	H_TEMPLATE_LIST,
	H_CADENCE_LIST,
	H_COUNT
};

_Static_assert(H_COUNT <= SQ_MAX_STMTS, "raise SQ_MAX_STMTS");

static const char *const azHttp[H_COUNT] = {
	[H_USER_PASSWORD] = "SELECT " USER_COLS_U ", u.password_hash FROM users u "
			    "WHERE u.login = ?1 AND u.disabled = 0",
	[H_USER_SET_PASSWORD] = "UPDATE users SET password_hash = ?2 WHERE id = ?1",
	[H_TEAM_FIND] = "SELECT id FROM teams WHERE name = ?1",
	[H_TEAM_INSERT] = "INSERT INTO teams (name, created_at) VALUES (?1, ?2)",
	[H_SESSION_CREATE] = "INSERT INTO sessions (token_hash, user_id, csrf, created_at, "
			     "expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	[H_SESSION_FIND] = "SELECT " USER_COLS_U ", s.csrf FROM sessions s JOIN users u "
			   "ON u.id = s.user_id WHERE s.token_hash = ?1 AND s.expires_at > ?2 "
			   "AND u.disabled = 0",
	[H_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = ?1",
	[H_SESSION_PURGE] = "DELETE FROM sessions WHERE expires_at <= ?1",
	[H_TOKEN_CREATE] = "INSERT INTO api_tokens (token_hash, user_id, name, created_at) "
			   "VALUES (?1, ?2, ?3, ?4)",
	[H_TOKEN_FIND] = "SELECT " USER_COLS_U " FROM api_tokens t JOIN users u "
			 "ON u.id = t.user_id WHERE t.token_hash = ?1 AND t.revoked_at IS NULL "
			 "AND u.disabled = 0",
	[H_LEAD_SET_OWNER] = "UPDATE leads SET owner_id = ?2, updated_at = ?3 WHERE id = ?1",
	[H_TASK_SET_OWNER] = "UPDATE tasks SET owner_id = ?2 WHERE lead_id = ?1 "
			     "AND status = 'open'",
	[H_TEMPLATE_LIST] = "SELECT name, channel, subject, body FROM templates ORDER BY name",
	[H_CADENCE_LIST] = "SELECT name, is_default, source FROM cadences "
			   "ORDER BY is_default DESC, name",
};

static sqlite3_stmt *hstmt(sq_store *p, int id)
{
	return sq_prepare(p, &p->apHttp[id], azHttp[id]);
}

void sq_http_finalize(sq_store *p)
{
	for (int i = 0; i < H_COUNT; i++)
		sqlite3_finalize(p->apHttp[i]);
}

/* Step pS for one user row (and the text column 8 into zExtra). */
static hw_rc user_step(sqlite3_stmt *pS, hw_user *pOut, char *zExtra, size_t nExtra)
{
	int src = sqlite3_step(pS);
	if (src == SQLITE_ROW) {
		sq_user_row(pS, pOut);
		if (zExtra)
			sq_col_copy(pS, USER_NCOLS, zExtra, nExtra);
	}
	sqlite3_reset(pS);
	if (src == SQLITE_ROW)
		return HW_OK;
	return src == SQLITE_DONE ? HW_ENOTFOUND : HW_ESTORE;
}

hw_rc sq_user_password(hw_store *pBase, const char *zLogin, hw_user *pOut, char *zHash,
		       size_t nHash)
{
	sqlite3_stmt *pS = hstmt((sq_store *)pBase, H_USER_PASSWORD);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, zLogin, -1, SQLITE_STATIC);
	return user_step(pS, pOut, zHash, nHash);
}

hw_rc sq_user_set_password(hw_store *pBase, long long iUser, const char *zHash)
{
	sqlite3_stmt *pS = hstmt((sq_store *)pBase, H_USER_SET_PASSWORD);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iUser);
	sqlite3_bind_text(pS, 2, zHash, -1, SQLITE_STATIC);
	return sq_run(pS);
}

hw_rc sq_team_ensure(hw_store *pBase, const char *zName, hw_time tNow, long long *piTeam)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = hstmt(p, H_TEAM_FIND);
	int src;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, zName, -1, SQLITE_STATIC);
	src = sqlite3_step(pS);
	if (src == SQLITE_ROW)
		*piTeam = sqlite3_column_int64(pS, 0);
	sqlite3_reset(pS);
	if (src == SQLITE_ROW)
		return HW_OK;
	if (src != SQLITE_DONE || !(pS = hstmt(p, H_TEAM_INSERT)))
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, zName, -1, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 2, tNow);
	if (sq_run(pS) != HW_OK)
		return HW_ESTORE;
	*piTeam = sqlite3_last_insert_rowid(p->db);
	return HW_OK;
}

hw_rc sq_session_create(hw_store *pBase, const unsigned char *pHash, long long iUser,
			const char *zCsrf, hw_time tNow, hw_time tExpires)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = hstmt(p, H_SESSION_PURGE);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, tNow);
	if (sq_run(pS) != HW_OK || !(pS = hstmt(p, H_SESSION_CREATE)))
		return HW_ESTORE;
	sqlite3_bind_blob(pS, 1, pHash, HW_SECRET_HASH, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 2, iUser);
	sqlite3_bind_text(pS, 3, zCsrf, -1, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 4, tNow);
	sqlite3_bind_int64(pS, 5, tExpires);
	return sq_run(pS);
}

hw_rc sq_session_find(hw_store *pBase, const unsigned char *pHash, hw_time tNow, hw_user *pOut,
		      char *zCsrf, size_t nCsrf)
{
	sqlite3_stmt *pS = hstmt((sq_store *)pBase, H_SESSION_FIND);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_blob(pS, 1, pHash, HW_SECRET_HASH, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 2, tNow);
	return user_step(pS, pOut, zCsrf, nCsrf);
}

hw_rc sq_session_delete(hw_store *pBase, const unsigned char *pHash)
{
	sqlite3_stmt *pS = hstmt((sq_store *)pBase, H_SESSION_DELETE);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_blob(pS, 1, pHash, HW_SECRET_HASH, SQLITE_STATIC);
	return sq_run(pS);
}

hw_rc sq_token_create(hw_store *pBase, const unsigned char *pHash, long long iUser,
		      const char *zName, hw_time tNow, long long *piId)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = hstmt(p, H_TOKEN_CREATE);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_blob(pS, 1, pHash, HW_SECRET_HASH, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 2, iUser);
	sqlite3_bind_text(pS, 3, zName, -1, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 4, tNow);
	if (sq_run(pS) != HW_OK)
		return HW_ESTORE;
	*piId = sqlite3_last_insert_rowid(p->db);
	return HW_OK;
}

hw_rc sq_token_find(hw_store *pBase, const unsigned char *pHash, hw_user *pOut)
{
	sqlite3_stmt *pS = hstmt((sq_store *)pBase, H_TOKEN_FIND);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_blob(pS, 1, pHash, HW_SECRET_HASH, SQLITE_STATIC);
	return user_step(pS, pOut, NULL, 0);
}

hw_rc sq_lead_set_owner(hw_store *pBase, long long iLead, long long iOwner, hw_time tNow)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = hstmt(p, H_LEAD_SET_OWNER);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iLead);
	sq_bind_id(pS, 2, iOwner);
	sqlite3_bind_int64(pS, 3, tNow);
	if (sq_run(pS) != HW_OK || !(pS = hstmt(p, H_TASK_SET_OWNER)))
		return HW_ESTORE;
	/* tasks_queue keys on owner_id: 0 is the unowned pool, never NULL */
	sqlite3_bind_int64(pS, 1, iLead);
	sqlite3_bind_int64(pS, 2, iOwner);
	return sq_run(pS);
}

hw_rc sq_template_list(hw_store *pBase, hw_template_cb xCb, void *pCtx)
{
	sqlite3_stmt *pS = hstmt((sq_store *)pBase, H_TEMPLATE_LIST);
	int src;
	if (!pS)
		return HW_ESTORE;
	while ((src = sqlite3_step(pS)) == SQLITE_ROW)
		if (xCb(pCtx, (const char *)sqlite3_column_text(pS, 0),
			(const char *)sqlite3_column_text(pS, 1),
			(const char *)sqlite3_column_text(pS, 2),
			(const char *)sqlite3_column_text(pS, 3)))
			break;
	sqlite3_reset(pS);
	return src == SQLITE_ROW || src == SQLITE_DONE ? HW_OK : HW_ESTORE;
}

hw_rc sq_cadence_list(hw_store *pBase, hw_cadence_cb xCb, void *pCtx)
{
	sqlite3_stmt *pS = hstmt((sq_store *)pBase, H_CADENCE_LIST);
	int src;
	if (!pS)
		return HW_ESTORE;
	while ((src = sqlite3_step(pS)) == SQLITE_ROW)
		if (xCb(pCtx, (const char *)sqlite3_column_text(pS, 0), sqlite3_column_int(pS, 1),
			(const char *)sqlite3_column_text(pS, 2)))
			break;
	sqlite3_reset(pS);
	return src == SQLITE_ROW || src == SQLITE_DONE ? HW_OK : HW_ESTORE;
}
