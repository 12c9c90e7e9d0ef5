/*
 * sqlite_out.c — the SQLite side of follow-ups beyond the phone: templates
 * by name, due non-call tasks and their holds, the email outbox, opt-out
 * links, calendar feed secrets, webhooks and their deliveries, and a user's
 * calendar. Same rules as sqlite.c: every statement is a constant of
 * azOut[], bound with parameters.
 */
#include "core/outcome.h"
#include "store/sqlite_int.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum {
	O_TEMPLATE_GET,
	O_TASKS_DUE,
	O_TASK_HOLD,
	O_TASK_FAIL,
	O_USER_PROFILE,
	O_USER_SET_ICAL,
	O_USER_BY_ICAL,
	O_OUTBOX_ADD,
	O_OUTBOX_DUE,
	O_OUTBOX_LIST,
	O_OUTBOX_LIST_LEAD,
	O_OUTBOX_UPDATE,
	O_OUTBOX_CLAIM,
	O_DELIVERY_CLAIM,
	O_OPTOUT_ADD,
	O_OPTOUT_FIND,
	O_OPTOUT_USE,
	O_TASKS_BY_EMAIL,
	O_WEBHOOK_ADD,
	O_WEBHOOK_LIST,
	O_WEBHOOK_DISABLE,
	O_WEBHOOK_QUEUE,
	O_DELIVERY_DUE,
	O_DELIVERY_LIST,
	O_DELIVERY_UPDATE,
	O_CAL_TASKS,
	O_CAL_MEETINGS,
	O_COUNT
};

_Static_assert(O_COUNT <= SQ_MAX_STMTS, "raise SQ_MAX_STMTS");

#define OUTBOX_COLS                                                                                \
	"id, task_id, lead_id, user_id, kind, template, from_name, from_addr, to_name, to_addr, "  \
	"subject, body, optout_url, meeting_at, meeting_zone, status, attempts, next_try_at, "     \
	"created_at, sent_at, last_error, touch_id, source_touch"
#define WEBHOOK_COLS "w.id, w.url, w.secret, w.events, w.allow_private, w.created_at, w.disabled_at"
#define DELIVERY_COLS                                                                              \
	"d.id, d.webhook_id, d.event, d.body, d.status, d.attempts, d.last_status, "               \
	"d.next_try_at, "                                                                          \
	"d.created_at, d.delivered_at, d.last_error, " WEBHOOK_COLS

static const char *const azOut[O_COUNT] = {
    [O_TEMPLATE_GET] = "SELECT channel, subject, body FROM templates WHERE name = ?1",
    [O_TASKS_DUE] = "SELECT " TASK_COLS " FROM tasks t JOIN leads l ON l.id = t.lead_id "
		    "WHERE t.status = 'open' AND t.channel = ?1 AND t.due_from < ?2 "
		    "AND (?3 IS NULL OR l.owner_id = ?3) AND (t.leased_by IS NULL OR "
		    "t.lease_until <= ?2) AND (?4 = 0 OR t.hold_at IS NULL OR t.hold_at < ?5) "
		    "ORDER BY t.due_from, t.id LIMIT ?6",
    [O_TASK_HOLD] = "UPDATE tasks SET hold_reason = ?2, hold_at = CASE WHEN ?2 IS NULL THEN "
		    "NULL ELSE ?3 END WHERE id = ?1 AND status = 'open'",
    [O_TASK_FAIL] = "UPDATE tasks SET status = 'cancelled', hold_reason = ?2, hold_at = ?3 "
		      "WHERE id = ?1 AND status = 'done'",
    [O_USER_PROFILE] = "UPDATE users SET email = coalesce(?2, email), purpose = "
		       "coalesce(?3, purpose) WHERE id = ?1",
    [O_USER_SET_ICAL] = "UPDATE users SET ical_hash = ?2 WHERE id = ?1",
    [O_USER_BY_ICAL] = "SELECT " USER_COLS " FROM users WHERE ical_hash = ?1 AND disabled = 0",
    [O_OUTBOX_ADD] =
	"INSERT INTO outbox (task_id, lead_id, user_id, kind, template, from_name, "
	"from_addr, to_name, to_addr, subject, body, optout_url, meeting_at, "
	"meeting_zone, source_touch, status, attempts, next_try_at, created_at) VALUES "
	"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?16, 'queued', "
	"0, ?15, ?15) ON CONFLICT (source_touch) WHERE source_touch IS NOT NULL DO NOTHING",
    [O_OUTBOX_DUE] = "SELECT " OUTBOX_COLS " FROM outbox WHERE status = 'queued' AND "
		     "next_try_at <= ?1 ORDER BY next_try_at, id LIMIT ?2",
    [O_OUTBOX_LIST] = "SELECT " OUTBOX_COLS " FROM outbox ORDER BY id DESC LIMIT ?2",
    /* one lead's (outbox_lead): "?1 IS NULL OR lead_id = ?1" would scan them all */
    [O_OUTBOX_LIST_LEAD] = "SELECT " OUTBOX_COLS " FROM outbox WHERE lead_id = ?1 "
			   "ORDER BY id DESC LIMIT ?2",
    [O_OUTBOX_UPDATE] = "UPDATE outbox SET status = ?2, attempts = ?3, next_try_at = ?4, "
			"last_error = ?5, sent_at = ?6, touch_id = ?7 WHERE id = ?1",
    [O_OUTBOX_CLAIM] = "UPDATE outbox SET next_try_at = ?5 WHERE id = ?1 AND status = 'queued' "
		       "AND attempts = ?2 AND next_try_at = ?3 AND next_try_at <= ?4",
    [O_DELIVERY_CLAIM] = "UPDATE webhook_deliveries SET next_try_at = ?5 WHERE id = ?1 AND "
			 "status = 'queued' AND attempts = ?2 AND next_try_at = ?3 AND "
			 "next_try_at <= ?4",
    [O_OPTOUT_ADD] = "INSERT INTO optout_links (token_hash, email, lead_id, created_at) "
		     "VALUES (?1, ?2, ?3, ?4)",
    [O_OPTOUT_FIND] = "SELECT email, lead_id, used_at FROM optout_links WHERE token_hash = ?1",
    [O_OPTOUT_USE] = "UPDATE optout_links SET used_at = ?2 WHERE token_hash = ?1 AND used_at IS NULL",
    [O_TASKS_BY_EMAIL] = "SELECT " TASK_COLS " FROM tasks t JOIN leads l ON l.id = t.lead_id "
			 "WHERE l.email = ?1 AND t.status = 'open' AND t.channel = 'email'",
    [O_WEBHOOK_ADD] = "INSERT INTO webhooks (url, secret, events, allow_private, created_by, "
		      "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [O_WEBHOOK_LIST] = "SELECT " WEBHOOK_COLS " FROM webhooks w ORDER BY w.id",
    [O_WEBHOOK_DISABLE] = "UPDATE webhooks SET disabled_at = ?2 WHERE id = ?1 AND "
			  "disabled_at IS NULL",
    /* events is a comma list: match the name between commas */
    [O_WEBHOOK_QUEUE] = "INSERT INTO webhook_deliveries (webhook_id, event, body, status, "
			"attempts, next_try_at, created_at) SELECT id, ?1, ?2, 'queued', 0, ?3, "
			"?3 FROM webhooks WHERE disabled_at IS NULL AND (',' || events || ',') "
			"LIKE ('%,' || ?1 || ',%')",
    [O_DELIVERY_DUE] = "SELECT " DELIVERY_COLS " FROM webhook_deliveries d JOIN webhooks w ON "
		       "w.id = d.webhook_id WHERE d.status = 'queued' AND d.next_try_at <= ?1 "
		       "ORDER BY d.next_try_at, d.id LIMIT ?2",
    [O_DELIVERY_LIST] = "SELECT " DELIVERY_COLS " FROM webhook_deliveries d JOIN webhooks w "
			"ON w.id = d.webhook_id WHERE ?1 IS NULL OR d.webhook_id = ?1 "
			"ORDER BY d.id DESC LIMIT ?2",
    [O_DELIVERY_UPDATE] = "UPDATE webhook_deliveries SET status = ?2, attempts = ?3, "
			  "next_try_at = ?4, last_status = ?5, last_error = ?6, "
			  "delivered_at = ?7 WHERE id = ?1",
    [O_CAL_TASKS] = "SELECT " TASK_COLS " FROM tasks t JOIN leads l ON l.id = t.lead_id "
		    "WHERE t.status = 'open' AND t.channel = 'call' AND t.priority >= ?3 AND "
		    "t.due_from >= ?2 AND (l.owner_id = ?1 OR t.leased_by = ?1) "
		    "ORDER BY t.due_from, t.id LIMIT 2000",
    [O_CAL_MEETINGS] = "SELECT " TOUCH_COLS " FROM touches WHERE outcome = 'meeting' AND "
		       "better_time >= ?2 AND user_id = ?1 ORDER BY better_time, id LIMIT 2000",
};

static sqlite3_stmt *ostmt(sq_store *p, int id)
{
	return sq_prepare(p, &p->apOut[id], azOut[id]);
}

void sq_out_finalize(sq_store *p)
{
	for (int i = 0; i < O_COUNT; i++)
		sqlite3_finalize(p->apOut[i]);
}

static hw_rc step_done(sqlite3_stmt *pS, int src)
{
	sqlite3_reset(pS);
	return src == SQLITE_ROW || src == SQLITE_DONE ? HW_OK : HW_ESTORE;
}

static hw_rc task_rows(sqlite3_stmt *pS, hw_task_cb xCb, void *pCtx)
{
	hw_task t;
	int src;
	while ((src = sqlite3_step(pS)) == SQLITE_ROW) {
		sq_task_row(pS, &t);
		if (xCb(pCtx, &t))
			break;
	}
	return step_done(pS, src);
}

hw_rc sq_template_get(hw_store *pBase, const char *zName, char *zChannel, size_t nChannel,
		      char *zSubject, size_t nSubject, char **pzBody)
{
	sqlite3_stmt *pS = ostmt((sq_store *)pBase, O_TEMPLATE_GET);
	int src;
	*pzBody = NULL;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, zName, -1, SQLITE_STATIC);
	src = sqlite3_step(pS);
	if (src == SQLITE_ROW) {
		sq_col_copy(pS, 0, zChannel, nChannel);
		sq_col_copy(pS, 1, zSubject, nSubject);
		*pzBody = strdup((const char *)sqlite3_column_text(pS, 2));
		sqlite3_reset(pS);
		return *pzBody ? HW_OK : HW_ENOMEM;
	}
	sqlite3_reset(pS);
	return src == SQLITE_DONE ? HW_ENOTFOUND : HW_ESTORE;
}

hw_rc sq_tasks_due(hw_store *pBase, int eChannel, hw_time tBefore, long long iUser, int bSkipHeld,
		   hw_time tHeldAfter, int nLimit, hw_task_cb xCb, void *pCtx)
{
	sqlite3_stmt *pS = ostmt((sq_store *)pBase, O_TASKS_DUE);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, hw_channel_names[eChannel], -1, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 2, tBefore);
	sq_bind_id(pS, 3, iUser);
	sqlite3_bind_int(pS, 4, bSkipHeld);
	sqlite3_bind_int64(pS, 5, tHeldAfter);
	sqlite3_bind_int(pS, 6, nLimit > 0 ? nLimit : 1000);
	return task_rows(pS, xCb, pCtx);
}

hw_rc sq_task_hold(hw_store *pBase, long long iTask, const char *zReason, hw_time tNow)
{
	sqlite3_stmt *pS = ostmt((sq_store *)pBase, O_TASK_HOLD);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iTask);
	sq_bind_text(pS, 2, zReason);
	sqlite3_bind_int64(pS, 3, tNow);
	return sq_run(pS);
}

hw_rc sq_task_fail(hw_store *pBase, long long iTask, const char *zReason, hw_time tNow)
{
	sqlite3_stmt *pS = ostmt((sq_store *)pBase, O_TASK_FAIL);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iTask);
	sq_bind_text(pS, 2, zReason);
	sqlite3_bind_int64(pS, 3, tNow);
	return sq_run(pS);
}

hw_rc sq_user_set_profile(hw_store *pBase, long long iUser, const char *zEmail,
			  const char *zPurpose)
{
	sqlite3_stmt *pS = ostmt((sq_store *)pBase, O_USER_PROFILE);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iUser);
	if (zEmail)
		sqlite3_bind_text(pS, 2, zEmail, -1, SQLITE_STATIC);
	if (zPurpose)
		sqlite3_bind_text(pS, 3, zPurpose, -1, SQLITE_STATIC);
	return sq_run(pS);
}

#define ICAL_HASH 32

hw_rc sq_user_set_ical(hw_store *pBase, long long iUser, const unsigned char *pHash)
{
	sqlite3_stmt *pS = ostmt((sq_store *)pBase, O_USER_SET_ICAL);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iUser);
	if (pHash)
		sqlite3_bind_blob(pS, 2, pHash, ICAL_HASH, SQLITE_STATIC);
	return sq_run(pS);
}

hw_rc sq_user_by_ical(hw_store *pBase, const unsigned char *pHash, hw_user *pOut)
{
	sqlite3_stmt *pS = ostmt((sq_store *)pBase, O_USER_BY_ICAL);
	int src;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_blob(pS, 1, pHash, ICAL_HASH, SQLITE_STATIC);
	src = sqlite3_step(pS);
	if (src == SQLITE_ROW)
		sq_user_row(pS, pOut);
	sqlite3_reset(pS);
	return src == SQLITE_ROW ? HW_OK : src == SQLITE_DONE ? HW_ENOTFOUND : HW_ESTORE;
}

/* ---- the outbox ---- */

static const char *const azOutStatus[] = {"queued", "sent", "failed"};

hw_rc sq_outbox_add(hw_store *pBase, hw_outbox *pO)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = ostmt(p, O_OUTBOX_ADD);
	hw_rc rc;
	if (!pS)
		return HW_ESTORE;
	sq_bind_id(pS, 1, pO->iTask);
	sqlite3_bind_int64(pS, 2, pO->iLead);
	sq_bind_id(pS, 3, pO->iUser);
	sqlite3_bind_text(pS, 4, pO->eKind == HW_OUT_INVITE ? "invite" : "email", -1,
			  SQLITE_STATIC);
	sq_bind_text(pS, 5, pO->zTemplate);
	sqlite3_bind_text(pS, 6, pO->zFromName, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 7, pO->zFromAddr, -1, SQLITE_STATIC);
	sq_bind_text(pS, 8, pO->zToName);
	sqlite3_bind_text(pS, 9, pO->zToAddr, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 10, pO->zSubject, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 11, pO->zBody ? pO->zBody : "", -1, SQLITE_STATIC);
	sq_bind_text(pS, 12, pO->zOptOutUrl);
	sq_bind_id(pS, 13, pO->tMeeting);
	sq_bind_text(pS, 14, pO->zMeetingZone);
	sqlite3_bind_int64(pS, 15, pO->tCreated);
	sq_bind_id(pS, 16, pO->iSourceTouch);
	/* an invitation already queued for the meeting: nothing added, iId 0 */
	if ((rc = sq_run(pS)) == HW_OK)
		pO->iId = sqlite3_changes(p->db) ? sqlite3_last_insert_rowid(p->db) : 0;
	return rc;
}

static void outbox_row(sqlite3_stmt *pS, hw_outbox *pO)
{
	const char *z;
	memset(pO, 0, sizeof *pO);
	pO->iId = sqlite3_column_int64(pS, 0);
	pO->iTask = sqlite3_column_int64(pS, 1);
	pO->iLead = sqlite3_column_int64(pS, 2);
	pO->iUser = sqlite3_column_int64(pS, 3);
	z = (const char *)sqlite3_column_text(pS, 4);
	pO->eKind = z && strcmp(z, "invite") == 0 ? HW_OUT_INVITE : HW_OUT_EMAIL;
	sq_col_copy(pS, 5, pO->zTemplate, sizeof pO->zTemplate);
	sq_col_copy(pS, 6, pO->zFromName, sizeof pO->zFromName);
	sq_col_copy(pS, 7, pO->zFromAddr, sizeof pO->zFromAddr);
	sq_col_copy(pS, 8, pO->zToName, sizeof pO->zToName);
	sq_col_copy(pS, 9, pO->zToAddr, sizeof pO->zToAddr);
	sq_col_copy(pS, 10, pO->zSubject, sizeof pO->zSubject);
	z = (const char *)sqlite3_column_text(pS, 11);
	pO->zBody = strdup(z ? z : "");
	sq_col_copy(pS, 12, pO->zOptOutUrl, sizeof pO->zOptOutUrl);
	pO->tMeeting = sqlite3_column_int64(pS, 13);
	sq_col_copy(pS, 14, pO->zMeetingZone, sizeof pO->zMeetingZone);
	z = (const char *)sqlite3_column_text(pS, 15);
	pO->eStatus = z && strcmp(z, "sent") == 0     ? HW_OUT_SENT
		      : z && strcmp(z, "failed") == 0 ? HW_OUT_FAILED
						      : HW_OUT_QUEUED;
	pO->nAttempts = sqlite3_column_int(pS, 16);
	pO->tNextTry = sqlite3_column_int64(pS, 17);
	pO->tCreated = sqlite3_column_int64(pS, 18);
	pO->tSent = sqlite3_column_int64(pS, 19);
	sq_col_copy(pS, 20, pO->zError, sizeof pO->zError);
	pO->iTouch = sqlite3_column_int64(pS, 21);
	pO->iSourceTouch = sqlite3_column_int64(pS, 22);
}

/*
 * Rows are read into an array first, then handed to the callback one by one:
 * the callback may write on the same connection (update the row, insert a
 * touch). Each row's body (at iBody, strdup'd by xFill) is freed after.
 */
static hw_rc collect_rows(sqlite3_stmt *pS, size_t nSize, size_t iBody,
			  void (*xFill)(sqlite3_stmt *, void *), void **paRow, int *pn)
{
	char *a = NULL;
	int n = 0, nCap = 0, src;
	hw_rc rc = HW_OK;
	while ((src = sqlite3_step(pS)) == SQLITE_ROW) {
		if (n == nCap) {
			char *aNew = realloc(a, (size_t)(nCap = nCap ? nCap * 2 : 16) * nSize);
			if (!aNew) {
				rc = HW_ENOMEM;
				break;
			}
			a = aNew;
		}
		xFill(pS, a + (size_t)n * nSize);
		if (!*(char **)(a + (size_t)n++ * nSize + iBody)) {
			rc = HW_ENOMEM;
			break;
		}
	}
	if (rc == HW_OK)
		rc = step_done(pS, src);
	else
		sqlite3_reset(pS);
	*paRow = a;
	*pn = n;
	return rc;
}

static void free_rows(void *aRow, int n, size_t nSize, size_t iBody)
{
	for (int i = 0; i < n; i++)
		free(*(char **)((char *)aRow + (size_t)i * nSize + iBody));
	free(aRow);
}

static void outbox_fill(sqlite3_stmt *pS, void *pRow)
{
	outbox_row(pS, pRow);
}

static hw_rc outbox_rows(sqlite3_stmt *pS, hw_outbox_cb xCb, void *pCtx)
{
	void *pv;
	hw_outbox *a;
	int n, i = 0;
	hw_rc rc = collect_rows(pS, sizeof *a, offsetof(hw_outbox, zBody), outbox_fill, &pv, &n);
	a = pv;
	while (rc == HW_OK && i < n && !xCb(pCtx, &a[i]))
		i++;
	free_rows(a, n, sizeof *a, offsetof(hw_outbox, zBody));
	return rc;
}

hw_rc sq_outbox_due(hw_store *pBase, hw_time tNow, int nLimit, hw_outbox_cb xCb, void *pCtx)
{
	sqlite3_stmt *pS = ostmt((sq_store *)pBase, O_OUTBOX_DUE);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, tNow);
	sqlite3_bind_int(pS, 2, nLimit > 0 ? nLimit : 100);
	return outbox_rows(pS, xCb, pCtx);
}

hw_rc sq_outbox_list(hw_store *pBase, long long iLead, int nLimit, hw_outbox_cb xCb, void *pCtx)
{
	sqlite3_stmt *pS = ostmt((sq_store *)pBase, iLead ? O_OUTBOX_LIST_LEAD : O_OUTBOX_LIST);
	if (!pS)
		return HW_ESTORE;
	if (iLead)
		sqlite3_bind_int64(pS, 1, iLead);
	sqlite3_bind_int(pS, 2, nLimit > 0 ? nLimit : 100);
	return outbox_rows(pS, xCb, pCtx);
}

hw_rc sq_outbox_update(hw_store *pBase, const hw_outbox *pO)
{
	sqlite3_stmt *pS = ostmt((sq_store *)pBase, O_OUTBOX_UPDATE);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, pO->iId);
	sqlite3_bind_text(pS, 2, azOutStatus[pO->eStatus], -1, SQLITE_STATIC);
	sqlite3_bind_int(pS, 3, pO->nAttempts);
	sqlite3_bind_int64(pS, 4, pO->tNextTry);
	sq_bind_text(pS, 5, pO->zError);
	sq_bind_id(pS, 6, pO->tSent);
	sq_bind_id(pS, 7, pO->iTouch);
	return sq_run(pS);
}

/* ---- opt-out links ---- */

hw_rc sq_optout_add(hw_store *pBase, const unsigned char *pHash, const char *zEmail, long long iLead,
		    hw_time tNow)
{
	sqlite3_stmt *pS = ostmt((sq_store *)pBase, O_OPTOUT_ADD);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_blob(pS, 1, pHash, HW_SECRET_HASH, SQLITE_STATIC);
	sqlite3_bind_text(pS, 2, zEmail, -1, SQLITE_STATIC);
	sq_bind_id(pS, 3, iLead);
	sqlite3_bind_int64(pS, 4, tNow);
	return sq_run(pS);
}

hw_rc sq_optout_find(hw_store *pBase, const unsigned char *pHash, char *zEmail, size_t nEmail,
		     long long *piLead, hw_time *ptUsed)
{
	sqlite3_stmt *pS = ostmt((sq_store *)pBase, O_OPTOUT_FIND);
	int src;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_blob(pS, 1, pHash, HW_SECRET_HASH, SQLITE_STATIC);
	src = sqlite3_step(pS);
	if (src == SQLITE_ROW) {
		sq_col_copy(pS, 0, zEmail, nEmail);
		*piLead = sqlite3_column_int64(pS, 1);
		*ptUsed = sqlite3_column_int64(pS, 2);
	}
	sqlite3_reset(pS);
	return src == SQLITE_ROW ? HW_OK : src == SQLITE_DONE ? HW_ENOTFOUND : HW_ESTORE;
}

hw_rc sq_optout_use(hw_store *pBase, const unsigned char *pHash, hw_time tNow)
{
	sqlite3_stmt *pS = ostmt((sq_store *)pBase, O_OPTOUT_USE);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_blob(pS, 1, pHash, HW_SECRET_HASH, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 2, tNow);
	return sq_run(pS);
}

hw_rc sq_tasks_by_email(hw_store *pBase, const char *zEmail, hw_task_cb xCb, void *pCtx)
{
	sqlite3_stmt *pS = ostmt((sq_store *)pBase, O_TASKS_BY_EMAIL);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, zEmail, -1, SQLITE_STATIC);
	return task_rows(pS, xCb, pCtx);
}

/* ---- webhooks ---- */

hw_rc sq_webhook_add(hw_store *pBase, hw_webhook *pW, long long iUser)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = ostmt(p, O_WEBHOOK_ADD);
	hw_rc rc;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, pW->zUrl, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 2, pW->zSecret, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 3, pW->zEvents, -1, SQLITE_STATIC);
	sqlite3_bind_int(pS, 4, pW->bAllowPrivate);
	sq_bind_id(pS, 5, iUser);
	sqlite3_bind_int64(pS, 6, pW->tCreated);
	if ((rc = sq_run(pS)) == HW_OK)
		pW->iId = sqlite3_last_insert_rowid(p->db);
	return rc;
}

static void webhook_row(sqlite3_stmt *pS, int i, hw_webhook *pW)
{
	memset(pW, 0, sizeof *pW);
	pW->iId = sqlite3_column_int64(pS, i);
	sq_col_copy(pS, i + 1, pW->zUrl, sizeof pW->zUrl);
	sq_col_copy(pS, i + 2, pW->zSecret, sizeof pW->zSecret);
	sq_col_copy(pS, i + 3, pW->zEvents, sizeof pW->zEvents);
	pW->bAllowPrivate = sqlite3_column_int(pS, i + 4);
	pW->tCreated = sqlite3_column_int64(pS, i + 5);
	pW->tDisabled = sqlite3_column_int64(pS, i + 6);
}

hw_rc sq_webhook_list(hw_store *pBase, hw_webhook_cb xCb, void *pCtx)
{
	sqlite3_stmt *pS = ostmt((sq_store *)pBase, O_WEBHOOK_LIST);
	hw_webhook w;
	int src;
	if (!pS)
		return HW_ESTORE;
	while ((src = sqlite3_step(pS)) == SQLITE_ROW) {
		webhook_row(pS, 0, &w);
		if (xCb(pCtx, &w))
			break;
	}
	return step_done(pS, src);
}

hw_rc sq_webhook_disable(hw_store *pBase, long long iId, hw_time tNow)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = ostmt(p, O_WEBHOOK_DISABLE);
	hw_rc rc;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iId);
	sqlite3_bind_int64(pS, 2, tNow);
	if ((rc = sq_run(pS)) == HW_OK && sqlite3_changes(p->db) == 0)
		rc = HW_ENOTFOUND;
	return rc;
}

hw_rc sq_webhook_queue(hw_store *pBase, const char *zEvent, const char *zBody, hw_time tNow,
		       int *pn)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = ostmt(p, O_WEBHOOK_QUEUE);
	hw_rc rc;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_text(pS, 1, zEvent, -1, SQLITE_STATIC);
	sqlite3_bind_text(pS, 2, zBody, -1, SQLITE_STATIC);
	sqlite3_bind_int64(pS, 3, tNow);
	rc = sq_run(pS);
	if (pn)
		*pn = rc == HW_OK ? sqlite3_changes(p->db) : 0;
	return rc;
}

static void delivery_fill(sqlite3_stmt *pS, void *pRow)
{
	hw_delivery *d = pRow;
	const char *z;
	memset(d, 0, sizeof *d);
	d->iId = sqlite3_column_int64(pS, 0);
	d->iWebhook = sqlite3_column_int64(pS, 1);
	sq_col_copy(pS, 2, d->zEvent, sizeof d->zEvent);
	z = (const char *)sqlite3_column_text(pS, 3);
	d->zBody = strdup(z ? z : "");
	z = (const char *)sqlite3_column_text(pS, 4);
	d->eStatus = z && strcmp(z, "delivered") == 0 ? HW_OUT_SENT
		     : z && strcmp(z, "failed") == 0  ? HW_OUT_FAILED
						      : HW_OUT_QUEUED;
	d->nAttempts = sqlite3_column_int(pS, 5);
	d->iLastStatus = sqlite3_column_int(pS, 6);
	d->tNextTry = sqlite3_column_int64(pS, 7);
	d->tCreated = sqlite3_column_int64(pS, 8);
	d->tDelivered = sqlite3_column_int64(pS, 9);
	sq_col_copy(pS, 10, d->zError, sizeof d->zError);
	webhook_row(pS, 11, &d->hook);
}

static hw_rc delivery_rows(sqlite3_stmt *pS, hw_delivery_cb xCb, void *pCtx)
{
	void *pv;
	hw_delivery *a;
	int n, i = 0;
	hw_rc rc =
	    collect_rows(pS, sizeof *a, offsetof(hw_delivery, zBody), delivery_fill, &pv, &n);
	a = pv;
	while (rc == HW_OK && i < n && !xCb(pCtx, &a[i]))
		i++;
	free_rows(a, n, sizeof *a, offsetof(hw_delivery, zBody));
	return rc;
}

hw_rc sq_delivery_due(hw_store *pBase, hw_time tNow, int nLimit, hw_delivery_cb xCb, void *pCtx)
{
	sqlite3_stmt *pS = ostmt((sq_store *)pBase, O_DELIVERY_DUE);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, tNow);
	sqlite3_bind_int(pS, 2, nLimit > 0 ? nLimit : 100);
	return delivery_rows(pS, xCb, pCtx);
}

hw_rc sq_delivery_list(hw_store *pBase, long long iWebhook, int nLimit, hw_delivery_cb xCb,
		       void *pCtx)
{
	sqlite3_stmt *pS = ostmt((sq_store *)pBase, O_DELIVERY_LIST);
	if (!pS)
		return HW_ESTORE;
	sq_bind_id(pS, 1, iWebhook);
	sqlite3_bind_int(pS, 2, nLimit > 0 ? nLimit : 100);
	return delivery_rows(pS, xCb, pCtx);
}

hw_rc sq_delivery_update(hw_store *pBase, const hw_delivery *pD)
{
	static const char *const az[] = {"queued", "delivered", "failed"};
	sqlite3_stmt *pS = ostmt((sq_store *)pBase, O_DELIVERY_UPDATE);
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, pD->iId);
	sqlite3_bind_text(pS, 2, az[pD->eStatus], -1, SQLITE_STATIC);
	sqlite3_bind_int(pS, 3, pD->nAttempts);
	sqlite3_bind_int64(pS, 4, pD->tNextTry);
	sq_bind_id(pS, 5, pD->iLastStatus);
	sq_bind_text(pS, 6, pD->zError);
	sq_bind_id(pS, 7, pD->tDelivered);
	return sq_run(pS);
}

/* ---- the calendar ---- */

hw_rc sq_calendar(hw_store *pBase, long long iUser, hw_time tFrom, int iMinPriority,
		  hw_task_cb xTask, hw_htouch_cb xMeeting, void *pCtx)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = ostmt(p, O_CAL_TASKS);
	hw_touch t;
	int src;
	hw_rc rc;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iUser);
	sqlite3_bind_int64(pS, 2, tFrom);
	sqlite3_bind_int(pS, 3, iMinPriority);
	if ((rc = task_rows(pS, xTask, pCtx)) != HW_OK)
		return rc;
	if (!(pS = ostmt(p, O_CAL_MEETINGS)))
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iUser);
	sqlite3_bind_int64(pS, 2, tFrom);
	while ((src = sqlite3_step(pS)) == SQLITE_ROW) {
		sq_touch_row(pS, &t);
		if (xMeeting(pCtx, &t))
			break;
	}
	return step_done(pS, src);
}

static hw_rc claim_row(hw_store *pBase, int iStmt, long long iId, int nAttempts, hw_time tNextTry,
		       hw_time tNow, hw_time tUntil, int *pbMine)
{
	sq_store *p = (sq_store *)pBase;
	sqlite3_stmt *pS = ostmt(p, iStmt);
	hw_rc rc;
	*pbMine = 0;
	if (!pS)
		return HW_ESTORE;
	sqlite3_bind_int64(pS, 1, iId);
	sqlite3_bind_int(pS, 2, nAttempts);
	sqlite3_bind_int64(pS, 3, tNextTry);
	sqlite3_bind_int64(pS, 4, tNow);
	sqlite3_bind_int64(pS, 5, tUntil);
	if ((rc = sq_run(pS)) == HW_OK)
		*pbMine = sqlite3_changes(p->db) == 1;
	return rc;
}

hw_rc sq_outbox_claim(hw_store *pBase, long long iId, int nAttempts, hw_time tNextTry,
		      hw_time tNow, hw_time tUntil, int *pbMine)
{
	return claim_row(pBase, O_OUTBOX_CLAIM, iId, nAttempts, tNextTry, tNow, tUntil, pbMine);
}

hw_rc sq_delivery_claim(hw_store *pBase, long long iId, int nAttempts, hw_time tNextTry,
			hw_time tNow, hw_time tUntil, int *pbMine)
{
	return claim_row(pBase, O_DELIVERY_CLAIM, iId, nAttempts, tNextTry, tNow, tUntil, pbMine);
}
