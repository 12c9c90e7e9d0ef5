/*
 * sqlite_work.c — the SQLite side of the engine and the queue: users,
 * settings, cadences, tasks (with their leases), touches and the lead state
 * the engine changes. Same rules as sqlite.c: every statement is a constant
 * of azWork[], prepared once, bound with parameters.
 */
#include "core/outcome.h"
#include "store/sqlite_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	W_USER_ADD,
	W_USER_FIND,
	W_USER_LOAD,
	W_USER_LIST,
	W_SETTING_GET,
	W_SETTING_SET,
	W_CADENCE_GET,
	W_CADENCE_DEFAULT,
	W_CADENCE_SET,
	W_CADENCE_UNDEFAULT,
	W_TASK_INSERT,
	W_TASK_LOAD,
	W_TASK_LIST,
	W_TASK_LIST_LEAD,
	W_TASK_CLOSE,
	W_TASK_CANCEL_OPEN,
	W_TASK_LEASE,
	W_TASK_RELEASE,
	W_TASK_SNOOZE,
	W_TASK_HELD,
	W_TASK_CANDIDATES,
	W_TASK_EXPLAIN,
	W_TASK_SET_OWNER,
	W_ENROLL_CANDIDATES,
	W_TOUCH_INSERT,
	W_TOUCH_HISTORY,
	W_TOUCH_SCAN,
	W_LEAD_SET_STATE,
	W_LEAD_SET_DNC,
	W_LEAD_SET_ICP,
	W_LEAD_ENROLL,
	W_PHONE_SET_DEAD,
	W_COUNT
};

_Static_assert(W_COUNT <= SQ_MAX_STMTS, "raise SQ_MAX_STMTS");

static const char *const azWork[W_COUNT] = {
	/* a caller ID given when the user is added is verified by whoever adds
	 * them: the database's owner at the command line, or an admin */
	[W_USER_ADD] = "INSERT INTO users (login, name, role, team_id, caller_id, time_zone, "
		       "daily_goal, created_at, caller_id_verified_at) VALUES (?1, ?2, ?3, ?4, "
		       "?5, ?6, ?7, ?8, CASE WHEN ?5 IS NOT NULL THEN ?8 END)",
	[W_USER_FIND] = "SELECT " USER_COLS " FROM users WHERE login = ?1",
	[W_USER_LOAD] = "SELECT " USER_COLS " FROM users WHERE id = ?1",
	[W_USER_LIST] = "SELECT " USER_COLS " FROM users ORDER BY login",
	[W_SETTING_GET] = "SELECT value FROM settings WHERE name = ?1",
	[W_SETTING_SET] = "INSERT INTO settings (name, value, updated_at) VALUES (?1, ?2, ?3) "
			  "ON CONFLICT (name) DO UPDATE SET value = ?2, updated_at = ?3",
	[W_CADENCE_GET] = "SELECT id, source FROM cadences WHERE name = ?1",
	[W_CADENCE_DEFAULT] = "SELECT id, source FROM cadences WHERE is_default = 1 "
			      "ORDER BY id LIMIT 1",
	[W_CADENCE_SET] = "INSERT INTO cadences (name, source, is_default, created_at, updated_at) "
			  "VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT (name) DO UPDATE SET "
			  "source = ?2, is_default = max(is_default, ?3), updated_at = ?4 "
			  "RETURNING id",
	[W_CADENCE_UNDEFAULT] = "UPDATE cadences SET is_default = 0 WHERE name <> ?1",
	[W_TASK_INSERT] = "INSERT INTO tasks (lead_id, rule, channel, template, due_from, "
			  "due_until, ready_at, priority, status, refers_to_task, why, created_at, "
			  "class, owner_id) "
			  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'open', ?9, ?10, ?11, ?12, ?13)",
	[W_TASK_LOAD] = "SELECT " TASK_COLS " FROM tasks t WHERE t.id = ?1",
	/* Due in the window (tasks_due), the lead's owner or the lease holder. */
	[W_TASK_LIST] = "SELECT " TASK_COLS " FROM tasks t JOIN leads l ON l.id = t.lead_id "
			"WHERE t.due_from >= ?4 AND t.due_from < ?5 "
			"AND (?2 = 0 OR l.owner_id = ?2 OR t.leased_by = ?2) "
			"AND (?3 = 0 OR t.status = 'open') "
			"ORDER BY t.due_from, t.id LIMIT ?6",
	/* One lead's tasks (tasks_lead). */
	[W_TASK_LIST_LEAD] = "SELECT " TASK_COLS " FROM tasks t INDEXED BY tasks_lead "
			     "WHERE t.lead_id = ?1 AND (?3 = 0 OR t.status = 'open') "
			     "AND t.due_from >= ?4 AND t.due_from < ?5 "
			     "ORDER BY t.due_from, t.id LIMIT ?6",
	[W_TASK_CLOSE] = "UPDATE tasks SET status = ?2, done_at = ?3, leased_by = NULL, "
			 "lease_until = NULL WHERE id = ?1 AND status = 'open'",
	[W_TASK_CANCEL_OPEN] = "UPDATE tasks SET status = 'cancelled', done_at = ?4, "
			       "leased_by = NULL, lease_until = NULL WHERE lead_id = ?1 "
			       "AND status = 'open' AND (?2 = 0 OR channel = 'call') AND id < ?3",
	/* Taken only if free: no lease, an expired one, or the same user's. */
	[W_TASK_LEASE] = "UPDATE tasks SET leased_by = ?2, lease_until = ?4, dial = ?5 WHERE id = ?1 "
			 "AND status = 'open' AND (leased_by IS NULL OR lease_until <= ?3 "
			 "OR leased_by = ?2)",
	[W_TASK_RELEASE] = "UPDATE tasks SET leased_by = NULL, lease_until = NULL "
			   "WHERE id = ?1 AND leased_by = ?2",
	[W_TASK_SNOOZE] = "UPDATE tasks SET ready_at = ?2 WHERE id = ?1",
	[W_TASK_HELD] = "SELECT " TASK_COLS " FROM tasks t WHERE t.leased_by = ?1 "
			"AND t.lease_until > ?2 AND t.status = 'open' AND t.channel = 'call' "
			"ORDER BY t.lease_until DESC LIMIT 1",
	/*
	 * One probe of the claim: equality on (status, channel, owner_id, class)
	 * and a range on ready_at, all in tasks_queue, oldest ready first. A task
	 * another rep holds a live lease on is skipped (few rows: leases last
	 * minutes). Leads that leave the queue (do-not-call, meeting, nurture,
	 * disqualified) have their tasks ended or dated by the engine, so the
	 * probe needs no join.
	 */
	[W_TASK_CANDIDATES] =
		"SELECT " TASK_COLS " FROM tasks t INDEXED BY tasks_queue "
		"WHERE t.status = 'open' AND t.channel = 'call' AND t.owner_id = ?1 "
		"AND t.class = ?2 AND t.ready_at <= ?3 "
		"AND (t.leased_by IS NULL OR t.lease_until <= ?3 OR t.leased_by = ?4) "
		"ORDER BY t.ready_at LIMIT ?5",
	[W_TASK_EXPLAIN] =
		"EXPLAIN QUERY PLAN SELECT " TASK_COLS " FROM tasks t "
		"WHERE t.status = 'open' AND t.channel = 'call' AND t.owner_id = ?1 "
		"AND t.class = ?2 AND t.ready_at <= ?3 "
		"AND (t.leased_by IS NULL OR t.lease_until <= ?3 OR t.leased_by = ?4) "
		"ORDER BY t.ready_at LIMIT ?5",
	[W_TASK_SET_OWNER] = "UPDATE tasks SET owner_id = ?2 WHERE lead_id = ?1 AND status = 'open'",
	[W_ENROLL_CANDIDATES] =
		"SELECT l.id FROM leads l INDEXED BY leads_enroll WHERE l.status = 'new' "
		"AND l.owner_id IS NULL AND l.do_not_call = 0 AND l.cadence_id IS NULL "
		"ORDER BY l.icp_score DESC, l.id LIMIT ?1",
	[W_TOUCH_INSERT] = "INSERT INTO touches (lead_id, user_id, task_id, channel, outcome, at, "
			   "duration_s, phone_e164, caller_id, template, objection, reason, "
			   "better_time, notes, data, local_hour, block, reached, conversation, "
			   "registry) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
			   "?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
	[W_TOUCH_HISTORY] = "SELECT " TOUCH_COLS " FROM touches WHERE lead_id = ?1 "
			    "ORDER BY at, id",
	[W_TOUCH_SCAN] = "SELECT " TOUCH_COLS " FROM touches WHERE (?1 = 0 OR user_id = ?1) "
			 "AND at >= ?2 ORDER BY at, id",
	[W_LEAD_SET_STATE] = "UPDATE leads SET status = ?2, owner_id = coalesce(?3, owner_id), "
			     "recycle_at = ?4, updated_at = ?5 WHERE id = ?1",
	[W_LEAD_SET_DNC] = "UPDATE leads SET do_not_call = 1, status = 'do_not_contact', "
			   "updated_at = ?2 WHERE id = ?1",
	[W_LEAD_SET_ICP] = "UPDATE leads SET icp_score = ?2 WHERE id = ?1",
	[W_LEAD_ENROLL] = "UPDATE leads SET cadence_id = ?2 WHERE id = ?1",
	[W_PHONE_SET_DEAD] = "UPDATE phones SET dead = 1, dead_at = ?3 WHERE lead_id = ?1 "
			     "AND e164 = ?2",
};

static sqlite3_stmt *wstmt(sq_store *p, int id)
{
	return sq_prepare(p, &p->apWork[id], azWork[id]);
}

void sq_work_finalize(sq_store *p)
{
	for (int i = 0; i < W_COUNT; i++)
		sqlite3_finalize(p->apWork[i]);
}

/* Run statement id with two integer parameters ?1 and ?2. */
static hw_rc run2(hw_store *pBase, int id, long long a, long long b)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, id);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, a);
	sqlite3_bind_int64(pS, 2, b);
	return sq_run(pS);
}

/* Step a SELECT that fills one row through xRow; HW_ENOTFOUND when none. */
static hw_rc one_row(sqlite3_stmt *pS, void (*xRow)(sqlite3_stmt *, void *), void *pOut)
{
	int src = sqlite3_step(pS);
	if (src == SQLITE_ROW)
		xRow(pS, pOut);
	sqlite3_reset(pS);
	if (src == SQLITE_ROW)
		return HW_OK;
	return src == SQLITE_DONE ? HW_ENOTFOUND : HW_ESTORE;
}

/*
 * ROWS(name, T, fill, callback type): a function that steps pS, fills a T
 * with fill() per row and hands it to the callback until the callback says
 * stop. One loop for users, tasks and touches, with their own typed callbacks.
 */
#define ROWS(zName, T, xFill, CbType)                                         \
	static hw_rc zName(sqlite3_stmt *pS, CbType xCb, void *pCtx)          \
	{                                                                     \
		T row;                                                        \
		int src;                                                      \
		while ((src = sqlite3_step(pS)) == SQLITE_ROW) {              \
			xFill(pS, &row);                                      \
			if (xCb(pCtx, &row))                                  \
				break;                                        \
		}                                                             \
		sqlite3_reset(pS);                                            \
		return src == SQLITE_ROW || src == SQLITE_DONE ? HW_OK : HW_ESTORE; \
	}

/* ---- users ---- */

void sq_user_row(sqlite3_stmt *pS, hw_user *pU)
{
	memset(pU, 0, sizeof *pU);
	pU->iId = sqlite3_column_int64(pS, 0);
	sq_col_copy(pS, 1, pU->zLogin, sizeof pU->zLogin);
	sq_col_copy(pS, 2, pU->zName, sizeof pU->zName);
	sq_col_copy(pS, 3, pU->zRole, sizeof pU->zRole);
	pU->iTeam = sqlite3_column_int64(pS, 4);
	sq_col_copy(pS, 5, pU->zCallerId, sizeof pU->zCallerId);
	sq_col_copy(pS, 6, pU->zTimeZone, sizeof pU->zTimeZone);
	pU->nDailyGoal = sqlite3_column_int(pS, 7);
	sq_col_copy(pS, 8, pU->zEmail, sizeof pU->zEmail);
	sq_col_copy(pS, 9, pU->zPurpose, sizeof pU->zPurpose);
}

static void user_row(sqlite3_stmt *pS, void *pv)
{
	sq_user_row(pS, pv);
}

ROWS(user_rows, hw_user, user_row, hw_user_cb)

hw_rc sq_user_add(hw_store *pBase, hw_user *pU, hw_time tNow)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, W_USER_ADD);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, pU->zLogin, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 2, pU->zName[0] ? pU->zName : pU->zLogin, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 3, pU->zRole[0] ? pU->zRole : "rep", -1, SQLITE_STATIC);
	sq_bind_id(pS, 4, pU->iTeam);
	sq_bind_text(pS, 5, pU->zCallerId);
	sq_bind_text(pS, 6, pU->zTimeZone);
	sqlite3_bind_int(pS, 7, pU->nDailyGoal > 0 ? pU->nDailyGoal : 50);
	sqlite3_bind_int64(pS, 8, tNow);
	if (sqlite3_step(pS) != SQLITE_DONE) {
		int ext = sqlite3_extended_errcode(p->db);
		sqlite3_reset(pS);
		return ext == SQLITE_CONSTRAINT_UNIQUE ? HW_ECONFLICT : HW_ESTORE;
	}
	sqlite3_reset(pS);
	pU->iId = sqlite3_last_insert_rowid(p->db);
	return HW_OK;
}

hw_rc sq_user_find(hw_store *pBase, const char *zLogin, hw_user *pOut)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, W_USER_FIND);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, zLogin, -1, SQLITE_STATIC);
	return one_row(pS, user_row, pOut);
}

hw_rc sq_user_load(hw_store *pBase, long long iId, hw_user *pOut)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, W_USER_LOAD);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iId);
	return one_row(pS, user_row, pOut);
}

hw_rc sq_user_list(hw_store *pBase, hw_user_cb xCb, void *pCtx)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, W_USER_LIST);
	if (!pS)
		return HW_ESTORE;
	return user_rows(pS, xCb, pCtx);
}

/* ---- settings and cadences ---- */

static hw_rc text_row(sqlite3_stmt *pS, int iCol, long long *piId, char **pz)
{
	int src = sqlite3_step(pS);
	hw_rc rc = HW_OK;
	*pz = NULL;
	if (src == SQLITE_ROW) {
		const char *z = (const char *)sqlite3_column_text(pS, iCol);
		if (piId)
			*piId = sqlite3_column_int64(pS, 0);
		if (!(*pz = strdup(z ? z : "")))
			rc = HW_ENOMEM;
	} else {
		rc = src == SQLITE_DONE ? HW_ENOTFOUND : HW_ESTORE;
	}
	sqlite3_reset(pS);
	return rc;
}

hw_rc sq_setting_get(hw_store *pBase, const char *zName, char **pz)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, W_SETTING_GET);
	*pz = NULL;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, zName, -1, SQLITE_STATIC);
	return text_row(pS, 0, NULL, pz);
}

hw_rc sq_setting_set(hw_store *pBase, const char *zName, const char *zValue, hw_time tNow)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, W_SETTING_SET);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, zName, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 2, zValue, -1, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 3, tNow);
	return sq_run(pS);
}

hw_rc sq_cadence_get(hw_store *pBase, const char *zName, long long *piId, char **pz)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, zName ? W_CADENCE_GET : W_CADENCE_DEFAULT);
	*pz = NULL;
	*piId = 0;
	if (!pS)
		return HW_ESTORE;
	if (zName)
		sqlite3_bind_text(pS, 1, zName, -1, SQLITE_STATIC);
	return text_row(pS, 1, piId, pz);
}

hw_rc sq_cadence_set(hw_store *pBase, const char *zName, const char *zSource, int bDefault,
		     hw_time tNow, long long *piId)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, W_CADENCE_SET);
	int src;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, zName, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 2, zSource, -1, SQLITE_STATIC);
	sqlite3_bind_int(pS, 3, bDefault != 0);
	sqlite3_bind_int64(pS, 4, tNow);
	src = sqlite3_step(pS);
	if (src == SQLITE_ROW)
		*piId = sqlite3_column_int64(pS, 0);
	while (src == SQLITE_ROW)
		src = sqlite3_step(pS);
	sqlite3_reset(pS);
	if (src != SQLITE_DONE)
		return HW_ESTORE;
	if (bDefault) {
		if (!(pS = wstmt(p, W_CADENCE_UNDEFAULT)))
			return HW_ESTORE;
		sqlite3_bind_text(pS, 1, zName, -1, SQLITE_STATIC);
		return sq_run(pS);
	}
	return HW_OK;
}

/* ---- tasks ---- */

static void task_row(sqlite3_stmt *pS, void *pv)
{
	hw_task *pT = pv;
	hw_channel eCh = HW_CH_CALL;
	const char *zStatus;
	memset(pT, 0, sizeof *pT);
	pT->iId = sqlite3_column_int64(pS, 0);
	pT->iLead = sqlite3_column_int64(pS, 1);
	sq_col_copy(pS, 2, pT->zRule, sizeof pT->zRule);
	(void)hw_channel_parse((const char *)sqlite3_column_text(pS, 3), &eCh);
	pT->eChannel = (int)eCh;
	sq_col_copy(pS, 4, pT->zTemplate, sizeof pT->zTemplate);
	pT->tFrom = sqlite3_column_int64(pS, 5);
	pT->tUntil = sqlite3_column_int64(pS, 6);
	pT->tReady = sqlite3_column_int64(pS, 7);
	pT->iPriority = sqlite3_column_int(pS, 8);
	zStatus = (const char *)sqlite3_column_text(pS, 9);
	pT->eStatus = !zStatus || strcmp(zStatus, "open") == 0 ? HW_TASK_OPEN
		      : strcmp(zStatus, "done") == 0		 ? HW_TASK_DONE
								 : HW_TASK_CANCELLED;
	pT->iLeasedBy = sqlite3_column_int64(pS, 10);
	pT->tLeaseUntil = sqlite3_column_int64(pS, 11);
	pT->iRefersTask = sqlite3_column_int64(pS, 12);
	sq_col_copy(pS, 13, pT->zWhy, sizeof pT->zWhy);
	pT->tCreated = sqlite3_column_int64(pS, 14);
	pT->tDone = sqlite3_column_int64(pS, 15);
	pT->iClass = sqlite3_column_int(pS, 16);
	pT->iOwner = sqlite3_column_int64(pS, 17);
	sq_col_copy(pS, 18, pT->zDial, sizeof pT->zDial);
	sq_col_copy(pS, 19, pT->zHold, sizeof pT->zHold);
	pT->tHold = sqlite3_column_int64(pS, 20);
}

void sq_task_row(sqlite3_stmt *pS, hw_task *pT)
{
	task_row(pS, pT);
}

ROWS(task_rows, hw_task, task_row, hw_task_cb)

hw_rc sq_task_insert(hw_store *pBase, hw_task *pT)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, W_TASK_INSERT);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, pT->iLead);
	sq_bind_text(pS, 2, pT->zRule);
	sqlite3_bind_text(pS, 3, hw_channel_names[pT->eChannel], -1, SQLITE_STATIC);
	sq_bind_text(pS, 4, pT->zTemplate);
	sqlite3_bind_int64(pS, 5, pT->tFrom);
	sq_bind_id(pS, 6, pT->tUntil);
	sqlite3_bind_int64(pS, 7, pT->tReady ? pT->tReady : pT->tFrom);
	sqlite3_bind_int(pS, 8, pT->iPriority);
	sq_bind_id(pS, 9, pT->iRefersTask);
	sq_bind_text(pS, 10, pT->zWhy);
	sqlite3_bind_int64(pS, 11, pT->tCreated);
	sqlite3_bind_int(pS, 12, pT->iClass);
	sqlite3_bind_int64(pS, 13, pT->iOwner);
	if (sq_run(pS) != HW_OK)
		return HW_ESTORE;
	pT->iId = sqlite3_last_insert_rowid(p->db);
	return HW_OK;
}

hw_rc sq_task_load(hw_store *pBase, long long iId, hw_task *pOut)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, W_TASK_LOAD);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iId);
	return one_row(pS, task_row, pOut);
}

hw_rc sq_task_list(hw_store *pBase, const hw_task_filter *pF, hw_task_cb xCb, void *pCtx)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, pF->iLead ? W_TASK_LIST_LEAD : W_TASK_LIST);
	int bWindow = pF->tFrom || pF->tUntil;
	if (!pS)
		return HW_ESTORE;
	if (pF->iLead)
		sqlite3_bind_int64(pS, 1, pF->iLead);
	else
		sqlite3_bind_int64(pS, 2, pF->iUser);
	sqlite3_bind_int(pS, 3, pF->bOpenOnly);
	sqlite3_bind_int64(pS, 4, bWindow ? pF->tFrom : -((hw_time)1 << 62));
	sqlite3_bind_int64(pS, 5, bWindow && pF->tUntil ? pF->tUntil : (hw_time)1 << 62);
	sqlite3_bind_int(pS, 6, pF->nLimit > 0 ? pF->nLimit : -1);
	return task_rows(pS, xCb, pCtx);
}

hw_rc sq_task_close(hw_store *pBase, long long iId, hw_task_status e, hw_time tNow)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, W_TASK_CLOSE);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iId);
	sqlite3_bind_text(pS, 2, hw_task_status_names[e], -1, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 3, tNow);
	return sq_run(pS);
}

hw_rc sq_task_cancel_open(hw_store *pBase, long long iLead, int bCallsOnly, long long iKeepFrom,
			  hw_time tNow, int *pn)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, W_TASK_CANCEL_OPEN);
	*pn = 0;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iLead);
	sqlite3_bind_int(pS, 2, bCallsOnly);
	sqlite3_bind_int64(pS, 3, iKeepFrom > 0 ? iKeepFrom : (long long)1 << 62);
	sqlite3_bind_int64(pS, 4, tNow);
	if (sq_run(pS) != HW_OK)
		return HW_ESTORE;
	*pn = sqlite3_changes(p->db);
	return HW_OK;
}

hw_rc sq_task_lease(hw_store *pBase, long long iTask, long long iUser, hw_time tNow,
		    hw_time tUntil, const char *zDial, int *pbGot)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, W_TASK_LEASE);
	*pbGot = 0;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iTask);
	sqlite3_bind_int64(pS, 2, iUser);
	sqlite3_bind_int64(pS, 3, tNow);
	sqlite3_bind_int64(pS, 4, tUntil);
	sq_bind_text(pS, 5, zDial);
	if (sq_run(pS) != HW_OK)
		return HW_ESTORE;
	*pbGot = sqlite3_changes(p->db) == 1;
	return HW_OK;
}

hw_rc sq_task_release(hw_store *pBase, long long iTask, long long iUser)
{
	return run2(pBase, W_TASK_RELEASE, iTask, iUser);
}

hw_rc sq_task_snooze(hw_store *pBase, long long iTask, hw_time tReady)
{
	return run2(pBase, W_TASK_SNOOZE, iTask, tReady);
}

hw_rc sq_task_held(hw_store *pBase, long long iUser, hw_time tNow, hw_task *pOut)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, W_TASK_HELD);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iUser);
	sqlite3_bind_int64(pS, 2, tNow);
	return one_row(pS, task_row, pOut);
}

typedef struct limit_ctx {
	hw_task_cb xCb;
	void *pCtx;
	int nLeft, bStop;
} limit_ctx;

static int limit_cb(void *pv, const hw_task *t)
{
	limit_ctx *l = pv;
	l->nLeft--;
	l->bStop = l->xCb(l->pCtx, t) != 0;
	return l->bStop || l->nLeft <= 0;
}

hw_rc sq_task_candidates(hw_store *pBase, long long iUser, hw_time tNow, int nLimit,
			 hw_task_cb xCb, void *pCtx)
{
	sq_store *p = (sq_store *)pBase;
	limit_ctx l = {xCb, pCtx, nLimit, 0};
	hw_rc rc = HW_OK;
	for (int iClass = HW_TASK_CLASSES - 1; iClass >= 0 && rc == HW_OK; iClass--) {
		for (int k = 0; k < 2 && rc == HW_OK; k++) {
			sqlite3_stmt *pS;
			if (l.nLeft <= 0 || l.bStop)
				return HW_OK;
			if (k == 0 && iUser == 0)
				continue;
			if (!(pS = wstmt(p, W_TASK_CANDIDATES)))
				return HW_ESTORE;
			sqlite3_bind_int64(pS, 1, k == 0 ? iUser : 0);
			sqlite3_bind_int(pS, 2, iClass);
			sqlite3_bind_int64(pS, 3, tNow);
			sqlite3_bind_int64(pS, 4, iUser);
			sqlite3_bind_int(pS, 5, l.nLeft);
			rc = task_rows(pS, limit_cb, &l);
		}
	}
	return rc;
}

hw_rc sq_explain_claim(hw_store *pBase, char *zBuf, size_t nBuf)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, W_TASK_EXPLAIN);
	size_t n = 0;
	int src;
	if (!pS || nBuf == 0)
		return HW_ESTORE;
	zBuf[0] = 0;
	while ((src = sqlite3_step(pS)) == SQLITE_ROW) {
		const char *z = (const char *)sqlite3_column_text(pS, 3);
		int k = snprintf(zBuf + n, nBuf - n, "%s%s", n ? "\n" : "", z ? z : "");
		if (k < 0 || (size_t)k >= nBuf - n)
			break;
		n += (size_t)k;
	}
	sqlite3_reset(pS);
	return src == SQLITE_ROW || src == SQLITE_DONE ? HW_OK : HW_ESTORE;
}

hw_rc sq_enroll_candidates(hw_store *pBase, int nLimit, hw_id_cb xCb, void *pCtx)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, W_ENROLL_CANDIDATES);
	int src;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int(pS, 1, nLimit);
	while ((src = sqlite3_step(pS)) == SQLITE_ROW)
		if (xCb(pCtx, sqlite3_column_int64(pS, 0)))
			break;
	sqlite3_reset(pS);
	return src == SQLITE_ROW || src == SQLITE_DONE ? HW_OK : HW_ESTORE;
}

/* ---- touches ---- */

void sq_touch_row(sqlite3_stmt *pS, void *pv)
{
	hw_touch *pT = pv;
	hw_channel eCh = HW_CH_CALL;
	memset(pT, 0, sizeof *pT);
	pT->iId = sqlite3_column_int64(pS, 0);
	pT->iLead = sqlite3_column_int64(pS, 1);
	pT->iUser = sqlite3_column_int64(pS, 2);
	pT->iTask = sqlite3_column_int64(pS, 3);
	(void)hw_channel_parse((const char *)sqlite3_column_text(pS, 4), &eCh);
	pT->eChannel = (int)eCh;
	sq_col_copy(pS, 5, pT->zOutcome, sizeof pT->zOutcome);
	pT->tAt = sqlite3_column_int64(pS, 6);
	pT->nDuration = sqlite3_column_int(pS, 7);
	sq_col_copy(pS, 8, pT->zPhone, sizeof pT->zPhone);
	sq_col_copy(pS, 9, pT->zCallerId, sizeof pT->zCallerId);
	sq_col_copy(pS, 10, pT->zTemplate, sizeof pT->zTemplate);
	sq_col_copy(pS, 11, pT->zObjection, sizeof pT->zObjection);
	sq_col_copy(pS, 12, pT->zReason, sizeof pT->zReason);
	pT->tTime = sqlite3_column_int64(pS, 13);
	sq_col_copy(pS, 14, pT->zNotes, sizeof pT->zNotes);
	sq_col_copy(pS, 15, pT->zData, sizeof pT->zData);
	pT->iLocalHour = sqlite3_column_type(pS, 16) == SQLITE_NULL ? -1 : sqlite3_column_int(pS, 16);
	pT->iBlock = sqlite3_column_type(pS, 17) == SQLITE_NULL ? -1 : sqlite3_column_int(pS, 17);
	pT->bReached = sqlite3_column_int(pS, 18);
	pT->bConversation = sqlite3_column_int(pS, 19);
	sq_col_copy(pS, 20, pT->zRegistry, sizeof pT->zRegistry);
}

ROWS(touch_rows, hw_touch, sq_touch_row, hw_htouch_cb)

hw_rc sq_touch_insert(hw_store *pBase, hw_touch *pT)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, W_TOUCH_INSERT);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, pT->iLead);
	sq_bind_id(pS, 2, pT->iUser);
	sq_bind_id(pS, 3, pT->iTask);
	sqlite3_bind_text(pS, 4, hw_channel_names[pT->eChannel], -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 5, pT->zOutcome, -1, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 6, pT->tAt);
	sq_bind_id(pS, 7, pT->nDuration);
	sq_bind_text(pS, 8, pT->zPhone);
	sq_bind_text(pS, 9, pT->zCallerId);
	sq_bind_text(pS, 10, pT->zTemplate);
	sq_bind_text(pS, 11, pT->zObjection);
	sq_bind_text(pS, 12, pT->zReason);
	sq_bind_id(pS, 13, pT->tTime);
	sq_bind_text(pS, 14, pT->zNotes);
	sq_bind_text(pS, 15, pT->zData);
	if (pT->iLocalHour >= 0)
		sqlite3_bind_int(pS, 16, pT->iLocalHour);
	if (pT->iBlock >= 0)
		sqlite3_bind_int(pS, 17, pT->iBlock);
	sqlite3_bind_int(pS, 18, pT->bReached);
	sqlite3_bind_int(pS, 19, pT->bConversation);
	sq_bind_text(pS, 20, pT->zRegistry);
	if (sq_run(pS) != HW_OK)
		return HW_ESTORE;
	pT->iId = sqlite3_last_insert_rowid(p->db);
	return HW_OK;
}

hw_rc sq_touch_history(hw_store *pBase, long long iLead, hw_htouch_cb xCb, void *pCtx)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, W_TOUCH_HISTORY);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iLead);
	return touch_rows(pS, xCb, pCtx);
}

hw_rc sq_touch_scan(hw_store *pBase, const hw_stats_filter *pF, hw_htouch_cb xCb, void *pCtx)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, W_TOUCH_SCAN);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, pF->iUser);
	sqlite3_bind_int64(pS, 2, pF->tSince);
	return touch_rows(pS, xCb, pCtx);
}

/* ---- lead state ---- */

hw_rc sq_lead_set_state(hw_store *pBase, long long iLead, hw_lead_status e, long long iOwner,
			hw_time tRecycle, hw_time tNow)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, W_LEAD_SET_STATE);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iLead);
	sqlite3_bind_text(pS, 2, hw_status_names[e], -1, SQLITE_STATIC);
	sq_bind_id(pS, 3, iOwner);
	sq_bind_id(pS, 4, tRecycle);
	sqlite3_bind_int64(pS, 5, tNow);
	if (sq_run(pS) != HW_OK)
		return HW_ESTORE;
	if (!iOwner)
		return HW_OK;
	/* the lead's open tasks move to its owner's queue */
	if (!(pS = wstmt(p, W_TASK_SET_OWNER)))
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iLead);
	sqlite3_bind_int64(pS, 2, iOwner);
	return sq_run(pS);
}

hw_rc sq_lead_set_dnc(hw_store *pBase, long long iLead, hw_time tNow)
{
	return run2(pBase, W_LEAD_SET_DNC, iLead, tNow);
}

hw_rc sq_lead_set_icp(hw_store *pBase, long long iLead, int iScore)
{
	return run2(pBase, W_LEAD_SET_ICP, iLead, iScore);
}

hw_rc sq_lead_enroll(hw_store *pBase, long long iLead, long long iCadence)
{
	return run2(pBase, W_LEAD_ENROLL, iLead, iCadence);
}

hw_rc sq_phone_set_dead(hw_store *pBase, long long iLead, const char *zE164, hw_time tNow)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = wstmt(p, W_PHONE_SET_DEAD);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iLead);
	sqlite3_bind_text(pS, 2, zE164, -1, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 3, tNow);
	return sq_run(pS);
}
