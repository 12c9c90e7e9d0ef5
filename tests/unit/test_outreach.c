/*
 * test_outreach.c — channels/outreach.c on a real SQLite file: a callback and
 * a meeting logged through the work functions come out of the user's
 * calendar feed at the right instants in the lead's zone (parsed back with
 * libical); a template that names a field the lead lacks is refused naming
 * the field; an opt-out link suppresses its address once, audited once, and
 * ends the open email tasks of the lead.
 *
 * Then, each on a fresh database: two dispatchers at once (`hawser send`
 * beside the server's thread, two connections to one file) queue one email
 * per task, deliver it once and queue one invitation per meeting; the
 * invitation shows its own meeting's time; a blank postal address holds the
 * email; a hold ends when the email goes; the writes run in transactions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "channels/outreach.h"
#include "channels/smtp.h"
#include "io/import.h"
#include "io/secret.h"

#include <libical/ical.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static hw_time tNow;
static hw_time now_cb(void *p)
{
	(void)p;
	return tNow;
}
static const hw_clock clk = {now_cb, NULL};

typedef struct fixture {
	char zDir[64], zDb[128];
	hw_store *pStore;
	hw_work w;
	long long iUser, iFull, iNoName;
} fixture;

static long long lead_by(const char *zDb, const char *zLast)
{
	sqlite3 *db;
	sqlite3_stmt *pS;
	long long i = 0;
	assert_int_equal(sqlite3_open(zDb, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT id FROM leads WHERE last_name = ?1", -1, &pS,
					    NULL),
			 SQLITE_OK);
	sqlite3_bind_text(pS, 1, zLast, -1, SQLITE_STATIC);
	if (sqlite3_step(pS) == SQLITE_ROW)
		i = sqlite3_column_int64(pS, 0);
	sqlite3_finalize(pS);
	sqlite3_close(db);
	return i;
}

static long long count(const char *zDb, const char *zSql)
{
	sqlite3 *db;
	sqlite3_stmt *pS;
	long long n = -1;
	assert_int_equal(sqlite3_open(zDb, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, zSql, -1, &pS, NULL), SQLITE_OK);
	if (sqlite3_step(pS) == SQLITE_ROW)
		n = sqlite3_column_int64(pS, 0);
	sqlite3_finalize(pS);
	sqlite3_close(db);
	return n;
}

static int setup(void **pp)
{
	fixture *f = calloc(1, sizeof *f);
	char zCsv[160];
	hw_import_rec rec;
	hw_user u;
	hw_err err;
	FILE *fp;
	if (!f)
		return -1;
	snprintf(f->zDir, sizeof f->zDir, "/tmp/hawser-test-out-XXXXXX");
	if (!mkdtemp(f->zDir))
		return -1;
	snprintf(zCsv, sizeof zCsv, "%s/l.csv", f->zDir);
	snprintf(f->zDb, sizeof f->zDb, "%s/t.db", f->zDir);
	if (!(fp = fopen(zCsv, "w")))
		return -1;
	fputs("First Name,Last Name,Company,Phone,Email,State,Country\n"
	      "Zoë,Allen,Bright Point,+1 212 555 0101,zoe@brightpoint.example,NY,US\n"
	      ",Nameless,Contoso,+1 212 555 0103,nameless@contoso.example,NY,US\n",
	      fp);
	fclose(fp);
	tNow = 1800457200; /* Wed 2027-01-20 15:00 UTC, 10:00 in New York */
	if (hw_store_open(f->zDb, &f->pStore, &err) != HW_OK)
		return -1;
	hw_import_opts o = {.zFile = zCsv, .pClock = &clk};
	if (hw_import_run(f->pStore, &o, &rec, &err) != HW_OK)
		return -1;
	hw_import_rec_clear(&rec);
	memset(&u, 0, sizeof u);
	snprintf(u.zLogin, sizeof u.zLogin, "ada");
	snprintf(u.zName, sizeof u.zName, "Ada Rep");
	snprintf(u.zCallerId, sizeof u.zCallerId, "+12125550100");
	snprintf(u.zTimeZone, sizeof u.zTimeZone, "America/New_York");
	if (hw_store_begin(f->pStore, 1) != HW_OK ||
	    f->pStore->pMethods->xUserAdd(f->pStore, &u, tNow) != HW_OK ||
	    f->pStore->pMethods->xUserSetProfile(f->pStore, u.iId, "ada@example.com",
						 "we help teams call well") != HW_OK ||
	    hw_store_commit(f->pStore) != HW_OK)
		return -1;
	f->iUser = u.iId;
	if (hw_work_open(&f->w, f->pStore, &clk, &err) != HW_OK)
		return -1;
	f->iFull = lead_by(f->zDb, "Allen");
	f->iNoName = lead_by(f->zDb, "Nameless");
	*pp = f;
	return 0;
}

static int teardown(void **pp)
{
	fixture *f = *pp;
	char zCmd[128];
	hw_work_close(&f->w);
	hw_store_close(f->pStore);
	snprintf(zCmd, sizeof zCmd, "rm -rf '%s'", f->zDir);
	int rc = system(zCmd);
	free(f);
	icaltimezone_free_builtin_timezones();
	return rc == 0 ? 0 : -1;
}

static void log_touch(fixture *f, long long iLead, hw_outcome e, hw_time tTime)
{
	hw_log_in in = {.iLead = iLead, .iUser = f->iUser, .eOutcome = e, .tTime = tTime};
	hw_log_out out;
	hw_err err;
	hw_err_clear(&err);
	assert_int_equal(hw_work_log(&f->w, &in, &out, &err), HW_OK);
}

/* The event whose SUMMARY starts with zWhat: its DTSTART's TZID and instant. */
static int find_event(icalcomponent *pCal, const char *zWhat, char *zTzid, size_t nTzid,
		      hw_time *pt)
{
	for (icalcomponent *e = icalcomponent_get_first_component(pCal, ICAL_VEVENT_COMPONENT); e;
	     e = icalcomponent_get_next_component(pCal, ICAL_VEVENT_COMPONENT)) {
		const char *zSum = icalcomponent_get_summary(e);
		icalproperty *pP = icalcomponent_get_first_property(e, ICAL_DTSTART_PROPERTY);
		icalparameter *pTz = pP ? icalproperty_get_first_parameter(pP, ICAL_TZID_PARAMETER)
					: NULL;
		struct icaltimetype t;
		if (!zSum || strncmp(zSum, zWhat, strlen(zWhat)) != 0 || !pP)
			continue;
		snprintf(zTzid, nTzid, "%s", pTz ? icalparameter_get_tzid(pTz) : "");
		t = icalproperty_get_dtstart(pP);
		if (pTz) {
			icaltimezone *z = icalcomponent_get_timezone(pCal, icalparameter_get_tzid(pTz));
			assert_non_null(z);
			*pt = (hw_time)icaltime_as_timet_with_zone(t, z);
		} else {
			*pt = (hw_time)icaltime_as_timet_with_zone(t, icaltimezone_get_utc_timezone());
		}
		return 1;
	}
	return 0;
}

static void test_calendar(void **pp)
{
	fixture *f = *pp;
	hw_time tCallback = 1800634500; /* Fri 2027-01-22 16:15 UTC = 11:15 in New York */
	hw_time tMeeting = 1801152000;  /* Thu 2027-01-28 16:00 UTC = 11:00 */
	hw_user u;
	hw_err err;
	char *zFeed = NULL, zTzid[64];
	hw_time t = 0;
	icalcomponent *pCal;

	log_touch(f, f->iFull, HW_O_CALLBACK, tCallback);
	log_touch(f, f->iNoName, HW_O_MEETING, tMeeting);
	assert_int_equal(f->pStore->pMethods->xUserLoad(f->pStore, f->iUser, &u), HW_OK);
	hw_err_clear(&err);
	assert_int_equal(hw_out_calendar(&f->w, &u, &zFeed, &err), HW_OK);
	assert_non_null(pCal = icalparser_parse_string(zFeed));
	assert_true(find_event(pCal, "Call back Zoë Allen (Bright Point)", zTzid, sizeof zTzid, &t));
	assert_string_equal(zTzid, "America/New_York");
	assert_int_equal(t, tCallback);
	assert_true(find_event(pCal, "Meeting with", zTzid, sizeof zTzid, &t));
	assert_string_equal(zTzid, "America/New_York");
	assert_int_equal(t, tMeeting);
	icalcomponent_free(pCal);
	free(zFeed);
}

static void test_render_names_the_missing_field(void **pp)
{
	fixture *f = *pp;
	hw_task t;
	hw_rendered r;
	hw_err err;
	memset(&t, 0, sizeof t);
	t.iLead = f->iNoName;
	t.eChannel = HW_CH_EMAIL;
	snprintf(t.zTemplate, sizeof t.zTemplate, "voicemail-follow-up");
	hw_err_clear(&err);
	assert_int_equal(hw_out_render(&f->w, &t, f->iUser, "https://x.example/o/t", &r, &err),
			 HW_EINVAL);
	assert_string_equal(err.zField, "lead.first_name");
	assert_non_null(strstr(err.zMsg, "{{lead.first_name}}"));
	/* the lead with a first name renders, every field filled in */
	t.iLead = f->iFull;
	hw_err_clear(&err);
	assert_int_equal(hw_out_render(&f->w, &t, f->iUser, "https://x.example/o/t", &r, &err),
			 HW_OK);
	assert_string_equal(r.zSubject, "My voicemail today");
	assert_non_null(strstr(r.zBody, "Hello Zoë,"));
	assert_non_null(strstr(r.zBody, "we help teams call well"));
	assert_null(strstr(r.zBody, "{{"));
	assert_string_equal(r.zTo, "zoe@brightpoint.example");
	hw_rendered_clear(&r);
}

static void test_optout(void **pp)
{
	fixture *f = *pp;
	char zEmail[256];
	hw_err err;
	hw_task t;
	hw_store *s = f->pStore;
	/* an open email task for the lead, which the opt-out ends */
	memset(&t, 0, sizeof t);
	t.iLead = f->iFull;
	t.eChannel = HW_CH_EMAIL;
	snprintf(t.zTemplate, sizeof t.zTemplate, "voicemail-follow-up");
	t.tFrom = tNow;
	assert_int_equal(hw_store_begin(s, 1), HW_OK);
	assert_int_equal(s->pMethods->xTaskInsert(s, &t), HW_OK);
	unsigned char aHash[HW_SECRET_HASH];
	hw_secret_hash("tok-1", aHash);
	assert_int_equal(s->pMethods->xOptoutAdd(s, aHash, "zoe@brightpoint.example", f->iFull, tNow),
			 HW_OK);
	assert_int_equal(hw_store_commit(s), HW_OK);

	hw_err_clear(&err);
	assert_int_equal(hw_out_optout(&f->w, "tok-unknown", zEmail, sizeof zEmail, &err),
			 HW_ENOTFOUND);
	assert_int_equal(hw_out_optout(&f->w, "tok-1", zEmail, sizeof zEmail, &err), HW_OK);
	assert_string_equal(zEmail, "zoe@brightpoint.example");
	assert_int_equal(hw_out_optout(&f->w, "tok-1", zEmail, sizeof zEmail, &err), HW_OK);
	assert_int_equal(count(f->zDb, "SELECT count(*) FROM suppressions WHERE kind = 'email' AND "
				       "value = 'zoe@brightpoint.example' AND source = 'opt_out' AND "
				       "lifted_at IS NULL"),
			 1);
	assert_int_equal(count(f->zDb, "SELECT count(*) FROM audit_log WHERE action = "
				       "'email_opt_out'"),
			 1);
	{
		char zSql[160];
		snprintf(zSql, sizeof zSql, "SELECT status = 'cancelled' FROM tasks WHERE id = %lld",
			 t.iId);
		assert_int_equal(count(f->zDb, zSql), 1);
	}
}

/* ---- two dispatchers at once ----
 *
 * The fixture's store gets a copy of its method table with hooks: the other
 * dispatcher (its own connection, as the server's thread has) runs once in
 * the window between a read and the transaction that acts on it, and writes
 * made outside a transaction are counted. */

static hw_store_methods gHook;
static const hw_store_methods *gReal;
static hw_work *gOther;
static hw_out_stats gOtherSt;
/* where the other dispatcher runs */
enum { AT_TASKS_DUE, AT_OUTBOX_LIST, AT_DUE_ROW };
static int eAt;
static int bInTx, nOutside;
static hw_outbox_cb xDueCb;
static void *pDueCtx;

static void run_other(int eHere)
{
	hw_work *w = gOther;
	hw_err e;
	if (!w || bInTx || eHere != eAt)
		return;
	gOther = NULL;
	hw_err_clear(&e);
	assert_int_equal(hw_out_dispatch(w, NULL, NULL, &gOtherSt, &e), HW_OK);
}

static hw_rc h_begin(hw_store *s, int bDurable)
{
	hw_rc rc = gReal->xBegin(s, bDurable);
	bInTx = rc == HW_OK;
	return rc;
}
static hw_rc h_commit(hw_store *s)
{
	bInTx = 0;
	return gReal->xCommit(s);
}
static hw_rc h_rollback(hw_store *s)
{
	bInTx = 0;
	return gReal->xRollback(s);
}
static hw_rc h_tasks_due(hw_store *s, int e, hw_time tBefore, long long iUser, int bSkip,
			 hw_time tHeld, int n, hw_task_cb x, void *pv)
{
	hw_rc rc = gReal->xTasksDue(s, e, tBefore, iUser, bSkip, tHeld, n, x, pv);
	run_other(AT_TASKS_DUE);
	return rc;
}
static hw_rc h_outbox_list(hw_store *s, long long iLead, int n, hw_outbox_cb x, void *pv)
{
	hw_rc rc = gReal->xOutboxList(s, iLead, n, x, pv);
	run_other(AT_OUTBOX_LIST);
	return rc;
}
static int h_due_row(void *pv, hw_outbox *pO)
{
	(void)pv;
	run_other(AT_DUE_ROW);
	return xDueCb(pDueCtx, pO);
}
static hw_rc h_outbox_due(hw_store *s, hw_time t, int n, hw_outbox_cb x, void *pv)
{
	xDueCb = x;
	pDueCtx = pv;
	return gReal->xOutboxDue(s, t, n, h_due_row, NULL);
}
static hw_rc h_task_hold(hw_store *s, long long iTask, const char *zWhy, hw_time t)
{
	nOutside += !bInTx;
	return gReal->xTaskHold(s, iTask, zWhy, t);
}
static hw_rc h_set_ical(hw_store *s, long long iUser, const unsigned char *pHash)
{
	nOutside += !bInTx;
	return gReal->xUserSetIcal(s, iUser, pHash);
}
static hw_rc h_delivery_update(hw_store *s, const hw_delivery *pD)
{
	nOutside += !bInTx;
	return gReal->xDeliveryUpdate(s, pD);
}
static hw_rc h_outbox_update(hw_store *s, const hw_outbox *pO)
{
	nOutside += !bInTx;
	return gReal->xOutboxUpdate(s, pO);
}

static void hook(fixture *f, hw_work *pOther, int eWhere)
{
	eAt = eWhere;
	gReal = f->pStore->pMethods;
	gHook = *gReal;
	gHook.xBegin = h_begin;
	gHook.xCommit = h_commit;
	gHook.xRollback = h_rollback;
	gHook.xTasksDue = h_tasks_due;
	gHook.xOutboxList = h_outbox_list;
	gHook.xOutboxDue = h_outbox_due;
	gHook.xTaskHold = h_task_hold;
	gHook.xUserSetIcal = h_set_ical;
	gHook.xDeliveryUpdate = h_delivery_update;
	gHook.xOutboxUpdate = h_outbox_update;
	f->pStore->pMethods = &gHook;
	gOther = pOther;
	memset(&gOtherSt, 0, sizeof gOtherSt);
	bInTx = nOutside = 0;
}

static void unhook(fixture *f)
{
	f->pStore->pMethods = gReal;
	gOther = NULL;
}

/* The other dispatcher: its own connection to the same file. */
typedef struct other {
	hw_store *pStore;
	hw_work w;
} other;

static void other_open(fixture *f, other *o)
{
	hw_err err;
	assert_int_equal(hw_store_open(f->zDb, &o->pStore, &err), HW_OK);
	assert_int_equal(hw_work_open(&o->w, o->pStore, &clk, &err), HW_OK);
}

static void other_close(other *o)
{
	hw_work_close(&o->w);
	hw_store_close(o->pStore);
}

static void set_setting(fixture *f, const char *zName, const char *zValue)
{
	hw_store *s = f->pStore;
	assert_int_equal(hw_store_begin(s, 1), HW_OK);
	assert_int_equal(s->pMethods->xSettingSet(s, zName, zValue, tNow), HW_OK);
	assert_int_equal(hw_store_commit(s), HW_OK);
}

static long long add_task(fixture *f, long long iLead, hw_channel e, const char *zTemplate)
{
	hw_store *s = f->pStore;
	hw_task t;
	memset(&t, 0, sizeof t);
	t.iLead = iLead;
	t.iOwner = f->iUser;
	t.eChannel = e;
	snprintf(t.zTemplate, sizeof t.zTemplate, "%s", zTemplate);
	t.tFrom = tNow - 60;
	assert_int_equal(hw_store_begin(s, 1), HW_OK);
	assert_int_equal(s->pMethods->xTaskInsert(s, &t), HW_OK);
	assert_int_equal(hw_store_commit(s), HW_OK);
	return t.iId;
}

static void dispatch(fixture *f, hw_out_stats *pSt)
{
	hw_err err;
	hw_err_clear(&err);
	assert_int_equal(hw_out_dispatch(&f->w, NULL, NULL, pSt, &err), HW_OK);
}

static void test_one_email_per_task(void **pp)
{
	fixture *f = *pp;
	hw_out_stats st;
	other o;
	char zSql[160];
	long long iTask;
	set_setting(f, HW_SET_ADDRESS, "1 Harbour St, Portland, ME 04101");
	iTask = add_task(f, f->iFull, HW_CH_EMAIL, "voicemail-follow-up");
	other_open(f, &o);
	hook(f, &o.w, AT_TASKS_DUE); /* the other one queues it after our list was read */
	dispatch(f, &st);
	unhook(f);
	other_close(&o);
	assert_int_equal(gOtherSt.nQueued + st.nQueued, 1);
	snprintf(zSql, sizeof zSql, "SELECT count(*) FROM outbox WHERE task_id = %lld", iTask);
	assert_int_equal(count(f->zDb, zSql), 1);
	assert_int_equal(count(f->zDb, "SELECT count(*) FROM optout_links"), 1);
	/* only the token's hash is kept */
	assert_int_equal(count(f->zDb, "SELECT length(token_hash) FROM optout_links"), 32);
}

static void test_one_delivery_per_email(void **pp)
{
	fixture *f = *pp;
	hw_out_stats st;
	other o;
	set_setting(f, HW_SET_ADDRESS, "1 Harbour St, Portland, ME 04101");
	add_task(f, f->iFull, HW_CH_EMAIL, "voicemail-follow-up");
	dispatch(f, &st);
	assert_int_equal(st.nQueued, 1);
	/* nothing listens there: each try is a quick retry, and counted */
	set_setting(f, HW_SET_SMTP_URL, "smtp://127.0.0.1:1");
	other_open(f, &o);
	hook(f, &o.w, AT_DUE_ROW); /* the other one delivers it after our list was read */
	dispatch(f, &st);
	unhook(f);
	other_close(&o);
	assert_int_equal(gOtherSt.nRetry, 1);
	assert_int_equal(st.nRetry + st.nSent + st.nFailed, 0);
	assert_int_equal(count(f->zDb, "SELECT attempts FROM outbox"), 1);
	assert_int_equal(count(f->zDb, "SELECT next_try_at FROM outbox"), tNow + 60);
}

static int always(void *pv)
{
	(void)pv;
	return 1;
}

/* A stop asked before a delivery ends the pass there: nothing is tried, and
 * the next pass delivers it. */
static void test_stop_before_delivery(void **pp)
{
	fixture *f = *pp;
	hw_out_stats st;
	hw_err err;
	set_setting(f, HW_SET_ADDRESS, "1 Harbour St, Portland, ME 04101");
	add_task(f, f->iFull, HW_CH_EMAIL, "voicemail-follow-up");
	set_setting(f, HW_SET_SMTP_URL, "smtp://127.0.0.1:1");
	hw_err_clear(&err);
	assert_int_equal(hw_out_dispatch(&f->w, always, NULL, &st, &err), HW_OK);
	assert_int_equal(st.nQueued, 1);
	assert_int_equal(st.nRetry + st.nSent + st.nFailed, 0);
	assert_int_equal(count(f->zDb, "SELECT attempts FROM outbox"), 0);
	dispatch(f, &st);
	assert_int_equal(st.nRetry, 1);
	assert_int_equal(count(f->zDb, "SELECT attempts FROM outbox"), 1);
}

static void test_one_invitation_per_meeting(void **pp)
{
	fixture *f = *pp;
	hw_out_stats st;
	other o;
	set_setting(f, HW_SET_ADDRESS, "1 Harbour St, Portland, ME 04101");
	log_touch(f, f->iFull, HW_O_MEETING, 1801152000);
	other_open(f, &o);
	hook(f, &o.w, AT_OUTBOX_LIST); /* the other one queues it after we looked */
	dispatch(f, &st);
	unhook(f);
	other_close(&o);
	assert_int_equal(gOtherSt.nInvites + st.nInvites, 1);
	assert_int_equal(count(f->zDb, "SELECT count(*) FROM outbox WHERE kind = 'invite'"), 1);
	dispatch(f, &st);
	assert_int_equal(st.nInvites, 0);
	assert_int_equal(count(f->zDb, "SELECT count(*) FROM outbox WHERE kind = 'invite'"), 1);
}

static void test_invitation_shows_its_meeting(void **pp)
{
	fixture *f = *pp;
	hw_out_stats st;
	set_setting(f, HW_SET_ADDRESS, "1 Harbour St, Portland, ME 04101");
	log_touch(f, f->iFull, HW_O_MEETING, 1801152000);	  /* Thu Jan 28, 11:00 in New York */
	log_touch(f, f->iFull, HW_O_MEETING, 1801152000 + 86400); /* then Fri Jan 29 */
	dispatch(f, &st);
	assert_int_equal(st.nInvites, 2);
	assert_int_equal(count(f->zDb, "SELECT count(*) FROM outbox o JOIN touches t ON t.id = "
				       "o.source_touch WHERE t.better_time = 1801152000 AND "
				       "o.subject LIKE '%Thursday, January 28 11:00 AM' AND o.body "
				       "LIKE '%we meet on Thursday, January 28 at 11:00 AM%'"),
			 1);
	assert_int_equal(count(f->zDb, "SELECT count(*) FROM outbox WHERE subject LIKE "
				       "'%Friday, January 29 11:00 AM'"),
			 1);
}

static void test_blank_postal_address_holds(void **pp)
{
	fixture *f = *pp;
	hw_out_stats st;
	char zSql[200];
	long long iTask;
	set_setting(f, HW_SET_ADDRESS, ""); /* `hawser mail config --address ''` */
	iTask = add_task(f, f->iFull, HW_CH_EMAIL, "voicemail-follow-up");
	dispatch(f, &st);
	assert_int_equal(st.nQueued, 0);
	assert_int_equal(st.nHeld, 1);
	assert_int_equal(count(f->zDb, "SELECT count(*) FROM outbox"), 0);
	snprintf(zSql, sizeof zSql,
		 "SELECT hold_reason LIKE '%%postal address%%' FROM tasks WHERE id = %lld", iTask);
	assert_int_equal(count(f->zDb, zSql), 1);
}

static void test_hold_ends_when_sent(void **pp)
{
	fixture *f = *pp;
	hw_out_stats st;
	char zSql[200];
	long long iTask = add_task(f, f->iFull, HW_CH_EMAIL, "voicemail-follow-up");
	dispatch(f, &st); /* no postal address yet */
	assert_int_equal(st.nHeld, 1);
	set_setting(f, HW_SET_ADDRESS, "1 Harbour St, Portland, ME 04101");
	tNow += HW_OUT_HOLD_RETRY + 1;
	dispatch(f, &st);
	assert_int_equal(st.nQueued, 1);
	snprintf(zSql, sizeof zSql,
		 "SELECT status = 'done' AND hold_reason IS NULL AND hold_at IS NULL FROM tasks "
		 "WHERE id = %lld",
		 iTask);
	assert_int_equal(count(f->zDb, zSql), 1);
}

static int first_delivery(void *pv, hw_delivery *pD)
{
	*(hw_delivery *)pv = *pD;
	((hw_delivery *)pv)->zBody = NULL; /* freed by the store after the callback */
	return 1;
}

/* Of two senders that read the same webhook delivery, one takes it. */
static void test_one_webhook_delivery(void **pp)
{
	fixture *f = *pp;
	hw_store *s = f->pStore;
	hw_webhook wh;
	hw_delivery d;
	int n = 0, bA = 0, bB = 0;
	memset(&wh, 0, sizeof wh);
	memset(&d, 0, sizeof d);
	snprintf(wh.zUrl, sizeof wh.zUrl, "http://127.0.0.1:9/x");
	snprintf(wh.zSecret, sizeof wh.zSecret, "0123456789abcdef");
	snprintf(wh.zEvents, sizeof wh.zEvents, "meeting.booked");
	wh.bAllowPrivate = 1;
	assert_int_equal(hw_store_begin(s, 1), HW_OK);
	assert_int_equal(s->pMethods->xWebhookAdd(s, &wh, 0), HW_OK);
	assert_int_equal(s->pMethods->xWebhookQueue(s, "meeting.booked", "{}", tNow, &n), HW_OK);
	assert_int_equal(hw_store_commit(s), HW_OK);
	assert_int_equal(n, 1);
	assert_int_equal(s->pMethods->xDeliveryDue(s, tNow, 10, first_delivery, &d), HW_OK);
	assert_true(d.iId > 0);
	/* both read the row as it was; each tries to take it */
	assert_int_equal(s->pMethods->xDeliveryClaim(s, d.iId, d.nAttempts, d.tNextTry, tNow,
						      tNow + 600, &bA),
			 HW_OK);
	assert_int_equal(s->pMethods->xDeliveryClaim(s, d.iId, d.nAttempts, d.tNextTry, tNow,
						      tNow + 600, &bB),
			 HW_OK);
	assert_int_equal(bA + bB, 1);
	/* and it is not due again until the claim runs out */
	memset(&d, 0, sizeof d);
	assert_int_equal(s->pMethods->xDeliveryDue(s, tNow, 10, first_delivery, &d), HW_OK);
	assert_int_equal(d.iId, 0);
}

static void test_writes_in_transactions(void **pp)
{
	fixture *f = *pp;
	hw_store *s = f->pStore;
	hw_out_stats st;
	hw_notes n;
	hw_webhook wh;
	hw_err err;
	char zUrl[300];
	/* a note that cannot be rendered (no first name) is held */
	add_task(f, f->iNoName, HW_CH_NOTE, "bad-time-note");
	memset(&wh, 0, sizeof wh);
	snprintf(wh.zUrl, sizeof wh.zUrl, "http://127.0.0.1:1/hook");
	snprintf(wh.zSecret, sizeof wh.zSecret, "s3cret-s3cret-s3cret");
	snprintf(wh.zEvents, sizeof wh.zEvents, "meeting.booked");
	wh.bAllowPrivate = 1;
	wh.tCreated = tNow;
	assert_int_equal(hw_store_begin(s, 1), HW_OK);
	assert_int_equal(s->pMethods->xWebhookAdd(s, &wh, f->iUser), HW_OK);
	assert_int_equal(s->pMethods->xWebhookQueue(s, "meeting.booked", "{}", tNow, NULL), HW_OK);
	assert_int_equal(hw_store_commit(s), HW_OK);

	hook(f, NULL, AT_TASKS_DUE);
	hw_err_clear(&err);
	assert_int_equal(hw_notes_collect(&f->w, 0, tNow + 86400, &n, &err), HW_OK);
	assert_int_equal(n.nSkipped, 1);
	hw_notes_clear(&n);
	assert_int_equal(hw_out_calendar_link(&f->w, f->iUser, zUrl, sizeof zUrl, &err), HW_OK);
	dispatch(f, &st);
	unhook(f);
	assert_int_equal(st.nHookRetry, 1);
	assert_int_equal(nOutside, 0);
	assert_int_equal(count(f->zDb, "SELECT count(*) FROM tasks WHERE hold_reason IS NOT NULL"),
			 1);
	assert_int_equal(count(f->zDb, "SELECT count(*) FROM users WHERE ical_hash IS NOT NULL"), 1);
	assert_int_equal(count(f->zDb, "SELECT attempts FROM webhook_deliveries"), 1);
}

int main(void)
{
	const struct CMUnitTest aTest[] = {
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_render_names_the_missing_field),
		cmocka_unit_test(test_optout),
	};
	/* each on a database of its own */
	const struct CMUnitTest aFresh[] = {
		cmocka_unit_test_setup_teardown(test_one_email_per_task, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_delivery_per_email, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_invitation_per_meeting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invitation_shows_its_meeting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blank_postal_address_holds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hold_ends_when_sent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writes_in_transactions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_webhook_delivery, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_before_delivery, setup, teardown),
	};
	hw_smtp_global_init();
	return cmocka_run_group_tests(aTest, setup, teardown) |
	       cmocka_run_group_tests(aFresh, NULL, NULL);
}
