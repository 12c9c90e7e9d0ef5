/*
 * test_outreach.c — channels/outreach.c on a real SQLite file: a callback and
 * a meeting logged through the work functions come out of the user's
 * calendar feed at the right instants in the lead's zone (parsed back with
 * libical); a template that names a field the lead lacks is refused naming
 * the field; an opt-out link suppresses its address once, audited once, and
 * ends the open email tasks of the lead.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "channels/outreach.h"
#include "io/import.h"

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
	assert_int_equal(s->pMethods->xOptoutAdd(s, "tok-1", "zoe@brightpoint.example", f->iFull,
						 tNow),
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

int main(void)
{
	const struct CMUnitTest aTest[] = {
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_render_names_the_missing_field),
		cmocka_unit_test(test_optout),
	};
	return cmocka_run_group_tests(aTest, setup, teardown);
}
