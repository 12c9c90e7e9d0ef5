/*
 * sqlite_int.h — what the SQLite backend's files share: the connection
 * struct and the statement helpers. Not for use outside src/store/sqlite*.c.
 */
#ifndef HW_STORE_SQLITE_INT_H
#define HW_STORE_SQLITE_INT_H

#include "store/store.h"

#include <sqlite3.h>
#include <string.h>

#define SQ_MAX_STMTS 64

typedef struct sq_store {
	hw_store base; /* must be first */
	sqlite3 *db;
	sqlite3_stmt *apStmt[SQ_MAX_STMTS]; /* sqlite.c's azSql[] */
	sqlite3_stmt *apWork[SQ_MAX_STMTS]; /* sqlite_work.c's azWork[] */
	sqlite3_stmt *apHttp[SQ_MAX_STMTS]; /* sqlite_http.c's azHttp[] */
	sqlite3_stmt *apDnc[SQ_MAX_STMTS];  /* sqlite_dnc.c's azDnc[] */
	sqlite3_stmt *apOut[SQ_MAX_STMTS];  /* sqlite_out.c's azOut[] */
	int bDurable; /* the open transaction is durable (its commit fsyncs) */
	int bWriter;  /* holds the process's writer mutex (sqlite.c) */
} sq_store;

/* *pp prepared once from zSql (persistent), then reset and unbound on each
 * use; NULL on error (sqlite3_errmsg says why). */
static inline sqlite3_stmt *sq_prepare(sq_store *p, sqlite3_stmt **pp, const char *zSql)
{
	if (!*pp) {
		if (sqlite3_prepare_v3(p->db, zSql, -1, SQLITE_PREPARE_PERSISTENT, pp, NULL) !=
		    SQLITE_OK)
			return NULL;
	} else {
		sqlite3_reset(*pp);
		sqlite3_clear_bindings(*pp);
	}
	return *pp;
}

/* Step a statement that returns no rows (or ignores them). */
static inline hw_rc sq_run(sqlite3_stmt *pS)
{
	int rc;
	if (!pS)
		return HW_ESTORE;
	rc = sqlite3_step(pS);
	sqlite3_reset(pS);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? HW_OK : HW_ESTORE;
}

/* NULL for a NULL or empty string. */
static inline void sq_bind_text(sqlite3_stmt *pS, int i, const char *z)
{
	if (z && z[0])
		sqlite3_bind_text(pS, i, z, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(pS, i);
}

/* NULL for 0. */
static inline void sq_bind_id(sqlite3_stmt *pS, int i, long long v)
{
	if (v)
		sqlite3_bind_int64(pS, i, v);
	else
		sqlite3_bind_null(pS, i);
}

/* Copy column i into a fixed buffer ("" for NULL). */
static inline void sq_col_copy(sqlite3_stmt *pS, int i, char *zBuf, size_t nBuf)
{
	const unsigned char *z = sqlite3_column_text(pS, i);
	size_t n = z ? (size_t)sqlite3_column_bytes(pS, i) : 0;
	if (n >= nBuf)
		n = nBuf - 1;
	if (n)
		memcpy(zBuf, z, n);
	zBuf[n] = 0;
}

/* The user columns, in the order sq_user_row reads them. */
/* The caller ID only once it is verified: an unverified one is never shown. */
#define USER_COLS                                                                           \
	"id, login, name, role, team_id, CASE WHEN caller_id_verified_at IS NOT NULL THEN " \
	"caller_id END, time_zone, daily_goal, email, purpose"
#define USER_COLS_U                                                                         \
	"u.id, u.login, u.name, u.role, u.team_id, CASE WHEN u.caller_id_verified_at IS NOT " \
	"NULL THEN u.caller_id END, u.time_zone, u.daily_goal, u.email, u.purpose"
#define USER_NCOLS 10 /* columns in USER_COLS: what a query adds after it starts here */
void sq_user_row(sqlite3_stmt *pS, hw_user *pU);

/* A task's columns (tasks aliased t), in the order sq_task_row reads them. */
#define TASK_COLS                                                                       \
	"t.id, t.lead_id, t.rule, t.channel, t.template, t.due_from, t.due_until, "     \
	"t.ready_at, t.priority, t.status, t.leased_by, t.lease_until, t.refers_to_task, " \
	"t.why, t.created_at, t.done_at, t.class, t.owner_id, t.dial, t.hold_reason, t.hold_at"
void sq_task_row(sqlite3_stmt *pS, hw_task *pT);

/* A touch's columns, in the order sq_touch_row reads them (an hw_touch *). */
#define TOUCH_COLS                                                                        \
	"id, lead_id, user_id, task_id, channel, outcome, at, duration_s, phone_e164, "   \
	"caller_id, template, objection, reason, better_time, notes, data, local_hour, " \
	"block, reached, conversation, registry"
void sq_touch_row(sqlite3_stmt *pS, void *pTouch);

void sq_dnc_finalize(sq_store *p);
void sq_out_finalize(sq_store *p);

void sq_work_finalize(sq_store *p);
void sq_http_finalize(sq_store *p);
void sq_writer_unlock(sq_store *p);

/* The methods sqlite_work.c implements (the engine, the queue, users). */
hw_rc sq_user_add(hw_store *, hw_user *, hw_time);
hw_rc sq_user_find(hw_store *, const char *, hw_user *);
hw_rc sq_user_load(hw_store *, long long, hw_user *);
hw_rc sq_user_list(hw_store *, hw_user_cb, void *);
hw_rc sq_setting_get(hw_store *, const char *, char **);
hw_rc sq_setting_set(hw_store *, const char *, const char *, hw_time);
hw_rc sq_cadence_get(hw_store *, const char *, long long *, char **);
hw_rc sq_cadence_set(hw_store *, const char *, const char *, int, hw_time, long long *);
hw_rc sq_task_insert(hw_store *, hw_task *);
hw_rc sq_task_load(hw_store *, long long, hw_task *);
hw_rc sq_task_list(hw_store *, const hw_task_filter *, hw_task_cb, void *);
hw_rc sq_task_close(hw_store *, long long, hw_task_status, hw_time);
hw_rc sq_task_cancel_open(hw_store *, long long, int, long long, hw_time, int *);
hw_rc sq_task_lease(hw_store *, long long, long long, hw_time, hw_time, const char *, int *);
hw_rc sq_task_release(hw_store *, long long, long long);
hw_rc sq_task_snooze(hw_store *, long long, hw_time);
hw_rc sq_task_held(hw_store *, long long, hw_time, hw_task *);
hw_rc sq_task_candidates(hw_store *, long long, hw_time, int, hw_task_cb, void *);
hw_rc sq_explain_claim(hw_store *, char *, size_t);
hw_rc sq_enroll_candidates(hw_store *, int, hw_id_cb, void *);
hw_rc sq_touch_insert(hw_store *, hw_touch *);
hw_rc sq_touch_history(hw_store *, long long, hw_htouch_cb, void *);
hw_rc sq_touch_scan(hw_store *, const hw_stats_filter *, hw_htouch_cb, void *);
hw_rc sq_lead_set_state(hw_store *, long long, hw_lead_status, long long, hw_time, hw_time);
hw_rc sq_lead_set_dnc(hw_store *, long long, hw_time);
hw_rc sq_lead_set_icp(hw_store *, long long, int);
hw_rc sq_lead_enroll(hw_store *, long long, long long);
hw_rc sq_phone_set_dead(hw_store *, long long, const char *, hw_time);

/* The methods sqlite_http.c implements (sign-in, tokens, teams, rules lists). */
hw_rc sq_user_password(hw_store *, const char *, hw_user *, char *, size_t);
hw_rc sq_user_set_password(hw_store *, long long, const char *);
hw_rc sq_team_ensure(hw_store *, const char *, hw_time, long long *);
hw_rc sq_session_create(hw_store *, const unsigned char *, long long, const char *, hw_time,
			hw_time);
hw_rc sq_session_find(hw_store *, const unsigned char *, hw_time, hw_user *, char *, size_t);
hw_rc sq_session_delete(hw_store *, const unsigned char *);
hw_rc sq_token_create(hw_store *, const unsigned char *, long long, const char *, hw_time,
		      long long *);
hw_rc sq_token_find(hw_store *, const unsigned char *, hw_user *);
hw_rc sq_lead_set_owner(hw_store *, long long, long long, hw_time);
hw_rc sq_template_list(hw_store *, hw_template_cb, void *);
hw_rc sq_cadence_list(hw_store *, hw_cadence_cb, void *);

/* sqlite_dnc.c */
hw_rc sq_leads_by_phone(hw_store *, const char *, hw_id_cb, void *);
hw_rc sq_suppress_get(hw_store *, const char *, const char *, hw_suppression *);
hw_rc sq_suppress_lift(hw_store *, const char *, const char *, long long, const char *, hw_time,
		       int *);
hw_rc sq_lead_clear_dnc(hw_store *, long long, hw_time);
hw_rc sq_phone_set_registry(hw_store *, const char *, const char *, hw_time);
hw_rc sq_consent_add(hw_store *, hw_consent *);
hw_rc sq_consent_revoke(hw_store *, long long, hw_time);
hw_rc sq_consent_list(hw_store *, const char *, hw_consent_cb, void *);
hw_rc sq_dnc_load_save(hw_store *, hw_dnc_load_rec *);
hw_rc sq_dnc_load_list(hw_store *, const char *, hw_dnc_load_cb, void *);
hw_rc sq_user_set_caller_id(hw_store *, long long, const char *, long long, hw_time);
hw_rc sq_record_scan(hw_store *, hw_time, hw_time, hw_record_cb, void *);
hw_rc sq_phone_scan(hw_store *, const char *, hw_phone_scan_cb, void *);
hw_rc sq_template_set(hw_store *, const char *, const char *, const char *, const char *,
		      hw_time);

/* sqlite_out.c */
hw_rc sq_template_get(hw_store *, const char *, char *, size_t, char *, size_t, char **);
hw_rc sq_tasks_due(hw_store *, int, hw_time, long long, int, hw_time, int, hw_task_cb, void *);
hw_rc sq_task_hold(hw_store *, long long, const char *, hw_time);
hw_rc sq_task_fail(hw_store *, long long, const char *, hw_time);
hw_rc sq_user_set_profile(hw_store *, long long, const char *, const char *);
hw_rc sq_user_set_ical(hw_store *, long long, const unsigned char *);
hw_rc sq_user_by_ical(hw_store *, const unsigned char *, hw_user *);
hw_rc sq_outbox_add(hw_store *, hw_outbox *);
hw_rc sq_outbox_due(hw_store *, hw_time, int, hw_outbox_cb, void *);
hw_rc sq_outbox_list(hw_store *, long long, int, hw_outbox_cb, void *);
hw_rc sq_outbox_update(hw_store *, const hw_outbox *);
hw_rc sq_optout_add(hw_store *, const unsigned char *, const char *, long long, hw_time);
hw_rc sq_optout_find(hw_store *, const unsigned char *, char *, size_t, long long *, hw_time *);
hw_rc sq_optout_use(hw_store *, const unsigned char *, hw_time);
hw_rc sq_tasks_by_email(hw_store *, const char *, hw_task_cb, void *);
hw_rc sq_webhook_add(hw_store *, hw_webhook *, long long);
hw_rc sq_webhook_list(hw_store *, hw_webhook_cb, void *);
hw_rc sq_webhook_disable(hw_store *, long long, hw_time);
hw_rc sq_webhook_queue(hw_store *, const char *, const char *, hw_time, int *);
hw_rc sq_delivery_due(hw_store *, hw_time, int, hw_delivery_cb, void *);
hw_rc sq_delivery_list(hw_store *, long long, int, hw_delivery_cb, void *);
hw_rc sq_delivery_update(hw_store *, const hw_delivery *);
hw_rc sq_outbox_claim(hw_store *, long long, int, hw_time, hw_time, hw_time, int *);
hw_rc sq_delivery_claim(hw_store *, long long, int, hw_time, hw_time, hw_time, int *);
hw_rc sq_calendar(hw_store *, long long, hw_time, int, hw_task_cb, hw_htouch_cb, void *);

#endif
