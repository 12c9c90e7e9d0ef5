/*
 * test_store.c — the SQLite backend behind the store interface, on a real
 * file: migrations (idempotent, WAL), leads and phones round-trip, duplicate
 * look-ups, filters and keyset paging, suppressions, import records, rejects,
 * merge snapshots, and a purge that refuses to delete worked leads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "store/migrations.h"
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char zDir[] = "/tmp/hawser-store-XXXXXX";
static char zPath[256];

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(zDir))
		return -1;
	snprintf(zPath, sizeof zPath, "%s/t.db", zDir);
	return 0;
}

static int teardown(void **state)
{
	char z[300];
	(void)state;
	snprintf(z, sizeof z, "rm -rf '%s'", zDir);
	return system(z) == 0 ? 0 : -1;
}

static hw_store *open_store(void)
{
	hw_store *p = NULL;
	hw_err err;
	assert_int_equal(hw_store_open(zPath, &p, &err), HW_OK);
	return p;
}

static void make_lead(hw_lead *p, const char *zName, const char *zEmail, const char *zE164)
{
	memset(p, 0, sizeof *p);
	assert_int_equal(hw_lead_set(p, HW_F_FULL_NAME, zName), HW_OK);
	assert_int_equal(hw_lead_set(p, HW_F_EMAIL, zEmail), HW_OK);
	if (zE164) {
		hw_lead_phone *pP = &p->aPhone[p->nPhone++];
		strcpy(pP->zE164, zE164);
		strcpy(pP->zType, "fixed_line");
		pP->eKind = HW_PK_MOBILE;
		pP->bValid = 1;
		assert_int_equal(hw_lead_set_str(&pP->zRaw, zE164), HW_OK);
	}
	p->tCreated = p->tUpdated = 1000;
}

static void test_migrate_twice(void **state)
{
	sqlite3 *db;
	sqlite3_stmt *pS;
	(void)state;
	hw_store_close(open_store());
	hw_store_close(open_store()); /* already at the latest: nothing to do */
	assert_int_equal(sqlite3_open(zPath, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*), max(version) FROM schema_migrations",
					    -1, &pS, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(pS), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(pS, 0), hw_store_schema_latest());
	assert_int_equal(sqlite3_column_int(pS, 1), hw_store_schema_latest());
	sqlite3_finalize(pS);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &pS, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(pS), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(pS, 0), "wal");
	sqlite3_finalize(pS);
	/* Every table of the domain exists from day one. */
	static const char *const azTable[] = {
		"users", "teams", "accounts", "leads", "phones", "touches", "tasks", "cadences",
		"templates", "suppressions", "settings",
		"audit_log", "imports", "import_rejects", "import_merges", "consents"};
	for (size_t i = 0; i < sizeof azTable / sizeof azTable[0]; i++) {
		assert_int_equal(sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_schema WHERE name = ?1",
						    -1, &pS, NULL),
				 SQLITE_OK);
		sqlite3_bind_text(pS, 1, azTable[i], -1, SQLITE_STATIC);
		if (sqlite3_step(pS) != SQLITE_ROW)
			fail_msg("table %s missing", azTable[i]);
		sqlite3_finalize(pS);
	}
	sqlite3_close(db);
}

/* The queue's claim probe is one index range: equality on every filter
 * column, a range on the ready time, no table scan and no sort. */
static void test_claim_plan(void **state)
{
	char zDb[300], zPlan[512];
	hw_store *pStore;
	hw_err err;
	(void)state;
	snprintf(zDb, sizeof zDb, "%s/plan.db", zDir);
	assert_int_equal(hw_store_open(zDb, &pStore, &err), HW_OK);
	assert_int_equal(pStore->pMethods->xExplainClaim(pStore, zPlan, sizeof zPlan), HW_OK);
	if (!strstr(zPlan, "USING INDEX tasks_queue (status=? AND channel=? AND owner_id=? AND "
			   "class=? AND ready_at<?)") ||
	    strstr(zPlan, "SCAN") || strstr(zPlan, "TEMP B-TREE"))
		fail_msg("the claim's plan is not one index range: %s", zPlan);
	hw_store_close(pStore);
}

static void test_not_a_database(void **state)
{
	char zBad[300];
	hw_store *p;
	hw_err err;
	FILE *f;
	(void)state;
	snprintf(zBad, sizeof zBad, "%s/bad.db", zDir);
	f = fopen(zBad, "w");
	fputs("this is not a database, just text that is long enough to fill a header....."
	      "..................................................",
	      f);
	fclose(f);
	assert_int_equal(hw_store_open(zBad, &p, &err), HW_ESTORE);
	assert_null(p);
	assert_string_equal(err.zFile, zBad);
	assert_int_equal(hw_store_open("postgres://x", &p, &err), HW_EUSAGE);
}

static void test_leads(void **state)
{
	hw_store *p = open_store();
	const hw_store_methods *pM = p->pMethods;
	hw_lead a, b, got, keys;
	long long iFound, n;
	(void)state;

	assert_int_equal(hw_store_begin(p, 0), HW_OK);
	make_lead(&a, "Ada Lovelace", "ada@example.com", "+12015550123");
	assert_int_equal(hw_lead_set(&a, HW_F_COMPANY, "Acme, Inc."), HW_OK);
	assert_int_equal(pM->xAccountEnsure(p, &a, 0, 1000, &a.iAccountId), HW_OK);
	assert_int_equal(pM->xLeadInsert(p, &a), HW_OK);
	make_lead(&b, "Bob Smith", NULL, "+12015550124");
	assert_int_equal(hw_lead_set(&b, HW_F_COMPANY, "ACME Inc"), HW_OK);
	assert_int_equal(pM->xAccountEnsure(p, &b, 0, 1000, &b.iAccountId), HW_OK);
	assert_int_equal(b.iAccountId, a.iAccountId); /* one company, one account */
	b.eStatus = HW_STATUS_NURTURE;
	assert_int_equal(pM->xLeadInsert(p, &b), HW_OK);
	assert_int_equal(hw_store_commit(p), HW_OK);

	make_lead(&keys, "x", NULL, "+12015550124");
	assert_int_equal(pM->xLeadFind(p, &keys, &iFound), HW_OK);
	assert_int_equal(iFound, b.iId);
	hw_lead_clear(&keys);
	make_lead(&keys, "x", "ada@example.com", "+19999999999");
	assert_int_equal(pM->xLeadFind(p, &keys, &iFound), HW_OK);
	assert_int_equal(iFound, a.iId);
	hw_lead_clear(&keys);
	make_lead(&keys, "x", "nobody@example.com", NULL);
	assert_int_equal(pM->xLeadFind(p, &keys, &iFound), HW_ENOTFOUND);
	hw_lead_clear(&keys);

	assert_int_equal(pM->xLeadLoad(p, a.iId, &got), HW_OK);
	assert_string_equal(got.azField[HW_F_FULL_NAME], "Ada Lovelace");
	assert_int_equal(got.nPhone, 1);
	assert_string_equal(got.aPhone[0].zE164, "+12015550123");
	assert_int_equal(got.aPhone[0].eKind, HW_PK_MOBILE);
	assert_int_equal(got.aPhone[0].bSuppressed, 0);

	/* Update fills a field and adds a phone; status is not the update's. */
	assert_int_equal(hw_lead_set(&got, HW_F_TITLE, "CTO"), HW_OK);
	hw_lead_phone *pP = &got.aPhone[got.nPhone++];
	memset(pP, 0, sizeof *pP);
	strcpy(pP->zE164, "+12015550125");
	strcpy(pP->zType, "mobile");
	got.eStatus = HW_STATUS_MEETING;
	assert_int_equal(pM->xLeadUpdate(p, &got, 0), HW_OK);
	hw_lead_clear(&got);
	assert_int_equal(pM->xLeadLoad(p, a.iId, &got), HW_OK);
	assert_string_equal(got.azField[HW_F_TITLE], "CTO");
	assert_int_equal(got.nPhone, 2);
	assert_int_equal(got.eStatus, HW_STATUS_NEW);
	hw_lead_clear(&got);

	/* A number belongs to one lead. */
	assert_int_equal(hw_store_begin(p, 0), HW_OK);
	hw_lead c;
	make_lead(&c, "Copy", NULL, "+12015550123");
	assert_int_equal(pM->xLeadInsert(p, &c), HW_ESTORE);
	assert_int_equal(hw_store_rollback(p), HW_OK);
	hw_lead_clear(&c);

	hw_lead_filter f = {.bStatus = 1, .eStatus = HW_STATUS_NURTURE};
	assert_int_equal(pM->xLeadCount(p, &f, &n), HW_OK);
	assert_int_equal(n, 1);
	f.bStatus = 0;
	assert_int_equal(pM->xLeadCount(p, &f, &n), HW_OK);
	assert_int_equal(n, 2);
	assert_int_equal(pM->xLeadLoad(p, 12345, &got), HW_ENOTFOUND);

	/* Suppression shows on the phone. */
	int bS;
	assert_int_equal(pM->xSuppressAdd(p, "phone", "+12015550123", "internal_request", "asked",
					  1000),
			 HW_OK);
	assert_int_equal(pM->xSuppressed(p, "phone", "+12015550123", &bS), HW_OK);
	assert_true(bS);
	assert_int_equal(pM->xSuppressed(p, "phone", "+12015550124", &bS), HW_OK);
	assert_false(bS);
	assert_int_equal(pM->xLeadLoad(p, a.iId, &got), HW_OK);
	assert_int_equal(got.aPhone[0].bSuppressed, 1);
	hw_lead_clear(&got);

	hw_lead_clear(&a);
	hw_lead_clear(&b);
	hw_store_close(p);
}

static int count_cb(void *pCtx, const hw_lead *pLead)
{
	long long *pLast = pCtx;
	assert_true(pLead->iId > *pLast); /* in id order, each once */
	*pLast = pLead->iId;
	return 0;
}

static void test_paging(void **state)
{
	hw_store *p = open_store();
	const hw_store_methods *pM = p->pMethods;
	long long iLast = 0, n = 0;
	(void)state;
	assert_int_equal(hw_store_begin(p, 0), HW_OK);
	for (int i = 0; i < 300; i++) {
		hw_lead l;
		char zE[24], zMail[40];
		snprintf(zE, sizeof zE, "+1201555%04d", 1000 + i);
		snprintf(zMail, sizeof zMail, "p%d@example.com", i);
		make_lead(&l, "P", zMail, zE);
		assert_int_equal(pM->xLeadInsert(p, &l), HW_OK);
		hw_lead_clear(&l);
	}
	assert_int_equal(hw_store_commit(p), HW_OK);
	hw_lead_filter f = {0};
	assert_int_equal(pM->xLeadList(p, &f, count_cb, &iLast), HW_OK);
	assert_int_equal(pM->xLeadCount(p, &f, &n), HW_OK);
	f.nLimit = 70;
	f.iAfterId = 10;
	iLast = 10;
	assert_int_equal(pM->xLeadList(p, &f, count_cb, &iLast), HW_OK);
	assert_int_equal(iLast, 80);
	hw_store_close(p);
}

static int reject_cb(void *pCtx, const hw_reject_row *pR)
{
	int *pn = pCtx;
	assert_int_equal(pR->iLine, 7);
	assert_string_equal(pR->zField, "Phone");
	(*pn)++;
	return 0;
}

static void test_imports(void **state)
{
	hw_store *p = open_store();
	const hw_store_methods *pM = p->pMethods;
	hw_import_rec rec = {.zFile = "/x/leads.csv", .nBytes = 99, .tStarted = 5}, got;
	int n = 0;
	(void)state;
	assert_int_equal(pM->xImportCreate(p, &rec), HW_OK);
	assert_true(rec.iId > 0);
	rec.iLastLine = 42;
	rec.nRows = 41;
	rec.nImported = 40;
	rec.nRejected = 1;
	assert_int_equal(pM->xImportSave(p, &rec), HW_OK);
	hw_reject_row r = {.iLine = 7, .iCol = 3, .zField = "Phone", .zMsg = "bad",
			   .zRowJson = "[\"a\"]"};
	assert_int_equal(pM->xImportReject(p, rec.iId, &r), HW_OK);
	assert_int_equal(pM->xImportRejects(p, rec.iId, reject_cb, &n), HW_OK);
	assert_int_equal(n, 1);
	assert_int_equal(pM->xImportLoad(p, rec.iId, &got), HW_OK);
	assert_string_equal(got.zFile, "/x/leads.csv");
	assert_int_equal(got.iLastLine, 42);
	assert_int_equal(got.nImported, 40);
	assert_int_equal(got.eStatus, HW_IMPORT_RUNNING);
	hw_import_rec_clear(&got);
	assert_int_equal(pM->xImportLoad(p, 999, &got), HW_ENOTFOUND);

	/* A lead of this import that has been called cannot be purged. */
	hw_lead l;
	make_lead(&l, "Worked", "w@example.com", "+12015550999");
	l.iImport = rec.iId;
	assert_int_equal(pM->xLeadInsert(p, &l), HW_OK);
	assert_int_equal(pM->xImportPurge(p, rec.iId - 0 + 1000), HW_OK); /* other import */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(zPath, &db), SQLITE_OK);
	sqlite3_stmt *pS;
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO touches (lead_id, channel, outcome, at) "
						"VALUES (?1, 'call', 'no_answer', 1)",
					    -1, &pS, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(pS, 1, l.iId);
	assert_int_equal(sqlite3_step(pS), SQLITE_DONE);
	sqlite3_finalize(pS);
	sqlite3_close(db);
	assert_int_equal(pM->xImportPurge(p, rec.iId), HW_ECONFLICT);
	hw_lead_clear(&l);
	hw_store_close(p);
}

/* Rows of EXPLAIN zSql that open an ephemeral b-tree. */
static int ephemeral_opens(sqlite3 *db, const char *zSql)
{
	sqlite3_stmt *pS;
	int n = 0;
	if (sqlite3_prepare_v2(db, zSql, -1, &pS, NULL) != SQLITE_OK)
		fail_msg("%s: %s", zSql, sqlite3_errmsg(db));
	while (sqlite3_step(pS) == SQLITE_ROW)
		n += strcmp((const char *)sqlite3_column_text(pS, 1), "OpenEphemeral") == 0;
	sqlite3_finalize(pS);
	return n;
}

static int exec_rc(sqlite3 *db, const char *zSql)
{
	return sqlite3_exec(db, zSql, NULL, NULL, NULL);
}

/*
 * Migration 006 rewrites the CHECKs of a database made by the previous
 * hawser (schema 5) in place: its rows stay, no statement builds an ephemeral
 * b-tree any more, and the constraints refuse what they refused.
 */
static void test_checks_in_place(void **state)
{
	static const char *const azExplain[] = {
		"EXPLAIN INSERT INTO users DEFAULT VALUES",
		"EXPLAIN INSERT INTO imports DEFAULT VALUES",
		"EXPLAIN INSERT INTO leads DEFAULT VALUES",
		"EXPLAIN INSERT INTO phones DEFAULT VALUES",
		"EXPLAIN INSERT INTO accounts DEFAULT VALUES",
		"EXPLAIN INSERT INTO templates DEFAULT VALUES",
		"EXPLAIN INSERT INTO touches DEFAULT VALUES",
		"EXPLAIN INSERT INTO tasks DEFAULT VALUES",
		"EXPLAIN INSERT INTO suppressions DEFAULT VALUES",
		"EXPLAIN INSERT INTO outbox DEFAULT VALUES",
		"EXPLAIN INSERT INTO webhook_deliveries DEFAULT VALUES",
		"EXPLAIN INSERT INTO dnc_loads DEFAULT VALUES",
		"EXPLAIN UPDATE leads SET status = ?1, tz_source = ?2 WHERE id = ?3",
		"EXPLAIN UPDATE tasks SET status = ?1, channel = ?2 WHERE id = ?3",
		"EXPLAIN UPDATE users SET role = ?1 WHERE id = ?2",
	};
	char zOld[300];
	sqlite3 *db;
	sqlite3_stmt *pS;
	hw_store *p = NULL;
	hw_err err;
	(void)state;

	/* A database as hawser left it at schema 5, with a lead in it. */
	snprintf(zOld, sizeof zOld, "%s/schema5.db", zDir);
	assert_int_equal(sqlite3_open(zOld, &db), SQLITE_OK);
	assert_int_equal(exec_rc(db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
				     "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
				     "name TEXT NOT NULL, applied_at INTEGER NOT NULL DEFAULT 0)"),
			 SQLITE_OK);
	assert_true(hw_store_schema_latest() >= 6);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(exec_rc(db, hw_migrations[i].zSql), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO schema_migrations (version, name) "
							"VALUES (?1, ?2)",
						    -1, &pS, NULL),
				 SQLITE_OK);
		sqlite3_bind_int(pS, 1, hw_migrations[i].iVersion);
		sqlite3_bind_text(pS, 2, hw_migrations[i].zName, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(pS), SQLITE_DONE);
		sqlite3_finalize(pS);
	}
	assert_int_equal(ephemeral_opens(db, "EXPLAIN INSERT INTO leads DEFAULT VALUES"), 2);
	assert_int_equal(exec_rc(db, "INSERT INTO leads (first_name, status, tz_source, created_at, "
				     "updated_at) VALUES ('Ada', 'working', 'phone', 1, 1)"),
			 SQLITE_OK);
	sqlite3_close(db);

	/* hawser opens it: 006 runs, and the store works on the new definitions. */
	assert_int_equal(hw_store_open(zOld, &p, &err), HW_OK);
	hw_lead l;
	assert_int_equal(p->pMethods->xLeadLoad(p, 1, &l), HW_OK);
	assert_string_equal(l.azField[HW_F_FIRST_NAME], "Ada");
	hw_lead_clear(&l);
	hw_store_close(p);

	assert_int_equal(sqlite3_open(zOld, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &pS, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(pS), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(pS, 0), "ok");
	sqlite3_finalize(pS);
	for (size_t i = 0; i < sizeof azExplain / sizeof azExplain[0]; i++)
		if (ephemeral_opens(db, azExplain[i]) != 0)
			fail_msg("%s still builds an ephemeral b-tree", azExplain[i]);
	/* Same values accepted, same refused. */
	assert_int_equal(exec_rc(db, "UPDATE leads SET status = 'do_not_contact', tz_source = "
				     "'explicit' WHERE id = 1"),
			 SQLITE_OK);
	assert_int_equal(exec_rc(db, "UPDATE leads SET status = 'bogus' WHERE id = 1"),
			 SQLITE_CONSTRAINT);
	assert_int_equal(exec_rc(db, "UPDATE leads SET tz_source = 'guess' WHERE id = 1"),
			 SQLITE_CONSTRAINT);
	assert_int_equal(exec_rc(db, "INSERT INTO tasks (lead_id, channel, due_from, created_at) "
				     "VALUES (1, 'call', 0, 1)"),
			 SQLITE_OK);
	assert_int_equal(exec_rc(db, "INSERT INTO tasks (lead_id, channel, due_from, created_at) "
				     "VALUES (1, 'fax', 0, 1)"),
			 SQLITE_CONSTRAINT);
	assert_int_equal(exec_rc(db, "UPDATE tasks SET status = 'later'"), SQLITE_CONSTRAINT);
	assert_int_equal(exec_rc(db, "UPDATE tasks SET status = 'cancelled'"), SQLITE_OK);
	assert_int_equal(exec_rc(db, "INSERT INTO touches (lead_id, channel, outcome, at) "
				     "VALUES (1, 'call', 'no_answer', 1)"),
			 SQLITE_OK);
	assert_int_equal(exec_rc(db, "INSERT INTO touches (lead_id, channel, outcome, at) "
				     "VALUES (1, 'telegram', 'no_answer', 1)"),
			 SQLITE_CONSTRAINT);
	assert_int_equal(exec_rc(db, "INSERT INTO users (login, name, role, created_at) "
				     "VALUES ('m', 'M', 'manager', 1)"),
			 SQLITE_OK);
	assert_int_equal(exec_rc(db, "INSERT INTO users (login, name, role, created_at) "
				     "VALUES ('x', 'X', 'owner', 1)"),
			 SQLITE_CONSTRAINT);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_twice),
		cmocka_unit_test(test_checks_in_place),
		cmocka_unit_test(test_claim_plan),
		cmocka_unit_test(test_not_a_database),
		cmocka_unit_test(test_leads),
		cmocka_unit_test(test_paging),
		cmocka_unit_test(test_imports),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
