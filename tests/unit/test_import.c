/*
 * test_import.c — dedupe through the whole import pipeline on a real SQLite
 * file: duplicates inside the file and against the store merge (whatever
 * the number's format or the email's case), a merge never clears
 * do-not-call, suppressed rows are counted, undo restores, and the rows a
 * table names come back in the counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "io/import.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char zDir[] = "/tmp/hawser-import-XXXXXX";
static hw_time tFixed = 1795000000;

static hw_time fixed_now(void *p)
{
	(void)p;
	return tFixed;
}
static const hw_clock clk = {fixed_now, NULL};

static int setup(void **state)
{
	(void)state;
	return mkdtemp(zDir) ? 0 : -1;
}

static int teardown(void **state)
{
	char z[300];
	(void)state;
	snprintf(z, sizeof z, "rm -rf '%s'", zDir);
	return system(z) == 0 ? 0 : -1;
}

/* The import writes without foreign-key checks (bulk mode): every key it
 * wrote must still name a row. */
static void fk_check(const char *zDb)
{
	sqlite3 *db;
	sqlite3_stmt *pS;
	assert_int_equal(sqlite3_open(zDb, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &pS, NULL),
			 SQLITE_OK);
	if (sqlite3_step(pS) == SQLITE_ROW)
		fail_msg("%s: table %s row %lld names a missing %s", zDb,
			 (const char *)sqlite3_column_text(pS, 0), sqlite3_column_int64(pS, 1),
			 (const char *)sqlite3_column_text(pS, 2));
	sqlite3_finalize(pS);
	sqlite3_close(db);
}

/* Write zCsv to a file and import it into zDb; return the record. */
static hw_import_rec run(const char *zDb, const char *zName, const char *zCsv, const char *zRegion)
{
	char zPath[300];
	hw_store *pStore;
	hw_import_rec rec;
	hw_err err;
	FILE *f;
	snprintf(zPath, sizeof zPath, "%s/%s", zDir, zName);
	f = fopen(zPath, "w");
	assert_non_null(f);
	fputs(zCsv, f);
	fclose(f);
	assert_int_equal(hw_store_open(zDb, &pStore, &err), HW_OK);
	hw_import_opts opts = {.zFile = zPath, .zRegion = zRegion, .pClock = &clk, .nBatch = 2};
	hw_rc rc = hw_import_run(pStore, &opts, &rec, &err);
	if (rc != HW_OK)
		fail_msg("import failed: %s", err.zMsg);
	hw_store_close(pStore);
	fk_check(zDb);
	return rec;
}

static long long one_int(const char *zDb, const char *zSql)
{
	sqlite3 *db;
	sqlite3_stmt *pS;
	long long v = -1;
	assert_int_equal(sqlite3_open(zDb, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, zSql, -1, &pS, NULL), SQLITE_OK);
	if (sqlite3_step(pS) == SQLITE_ROW)
		v = sqlite3_column_int64(pS, 0);
	sqlite3_finalize(pS);
	sqlite3_close(db);
	return v;
}

static void exec(const char *zDb, const char *zSql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(zDb, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, zSql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void test_dedupe_cases(void **state)
{
	static const struct {
		const char *zName, *zCsv;
		long long nImported, nMerged, nRejected, nLeads;
	} aCase[] = {
		{"same number, three formats",
		 "Name,Phone\nA,(201) 555-0101\nB,+1 201 555 0101\nC,201.555.0101\n", 1, 2, 0, 1},
		{"same email, different case",
		 "Name,Email\nA,Ada@Example.com\nB,ada@example.COM\n", 1, 1, 0, 1},
		{"number in one row, mobile in the next",
		 "Name,Phone,Mobile\nA,2015550102,\nB,,+12015550102\n", 1, 1, 0, 1},
		{"different people",
		 "Name,Phone,Email\nA,2015550103,a@example.com\nB,2015550104,b@example.com\n", 2, 0,
		 0, 2},
		{"a switchboard's extensions are different people",
		 "Name,Phone\nA,201-555-0105 x1\nB,201-555-0105 x2\n", 2, 0, 0, 2},
		{"same number, same extension",
		 "Name,Phone\nA,201-555-0107 ext. 12\nB,(201) 555-0107 x12\n", 1, 1, 0, 1},
		{"bad row between duplicates",
		 "Name,Phone\nA,2015550106\nB,5.55E+09\nC,2015550106\n", 1, 1, 1, 1},
	};
	(void)state;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		char zDb[300];
		snprintf(zDb, sizeof zDb, "%s/case%zu.db", zDir, i);
		hw_import_rec rec = run(zDb, "case.csv", aCase[i].zCsv, "US");
		long long nLeads = one_int(zDb, "SELECT count(*) FROM leads");
		if (rec.nImported != aCase[i].nImported || rec.nMerged != aCase[i].nMerged ||
		    rec.nRejected != aCase[i].nRejected || nLeads != aCase[i].nLeads)
			fail_msg("%s: imported %lld merged %lld rejected %lld leads %lld", aCase[i].zName,
				 rec.nImported, rec.nMerged, rec.nRejected, nLeads);
		assert_int_equal(rec.eStatus, HW_IMPORT_DONE);
		hw_import_rec_clear(&rec);
	}
}

static void test_against_store(void **state)
{
	char zDb[300];
	hw_import_rec rec;
	(void)state;
	snprintf(zDb, sizeof zDb, "%s/store.db", zDir);
	rec = run(zDb, "first.csv", "Name,Phone,Email,Title\nAda Lovelace,2015550110,ada@example.com,\n",
		  "US");
	hw_import_rec_clear(&rec);
	exec(zDb, "UPDATE leads SET do_not_call = 1, status = 'do_not_contact';"
		  "INSERT INTO suppressions (kind, value, source, created_at) "
		  "VALUES ('phone', '+12015550110', 'internal_request', 1)");
	rec = run(zDb, "second.csv",
		  "Name,Phone,Email,Title\nA. Lovelace,(201) 555-0110,,Countess\n"
		  "Bob,2015550111,ADA@example.com,\n",
		  "US");
	assert_int_equal(rec.nImported, 0);
	assert_int_equal(rec.nMerged, 2);
	assert_int_equal(rec.nSuppressed, 1);
	assert_int_equal(one_int(zDb, "SELECT count(*) FROM leads"), 1);
	assert_int_equal(one_int(zDb, "SELECT count(*) FROM phones"), 2);
	assert_int_equal(one_int(zDb, "SELECT do_not_call FROM leads"), 1);
	assert_int_equal(one_int(zDb, "SELECT status = 'do_not_contact' FROM leads"), 1);
	assert_int_equal(one_int(zDb, "SELECT title = 'Countess' FROM leads"), 1);
	assert_int_equal(one_int(zDb, "SELECT full_name = 'Ada Lovelace' FROM leads"), 1);

	/* Undo puts the lead back as it was and drops the number it added. */
	hw_store *pStore;
	hw_err err;
	hw_import_rec undo;
	assert_int_equal(hw_store_open(zDb, &pStore, &err), HW_OK);
	assert_int_equal(hw_import_undo(pStore, rec.iId, &clk, &undo, &err), HW_OK);
	assert_int_equal(undo.eStatus, HW_IMPORT_UNDONE);
	hw_import_rec_clear(&undo);
	assert_int_equal(hw_import_undo(pStore, rec.iId, &clk, &undo, &err), HW_ECONFLICT);
	assert_null(undo.zFile); /* out-parameter cleared on failure */
	hw_store_close(pStore);
	hw_import_rec_clear(&undo);
	assert_int_equal(one_int(zDb, "SELECT title IS NULL FROM leads"), 1);
	assert_int_equal(one_int(zDb, "SELECT count(*) FROM phones"), 1);
	assert_int_equal(one_int(zDb, "SELECT do_not_call FROM leads"), 1);
	fk_check(zDb);
	hw_import_rec_clear(&rec);
}

/* Rows that merge into a lead the same import made keep no snapshot (undo
 * deletes that lead anyway); undo still leaves nothing of the import. */
static void test_merge_into_own_lead(void **state)
{
	char zDb[300];
	hw_import_rec rec, undo;
	hw_store *pStore;
	hw_err err;
	(void)state;
	snprintf(zDb, sizeof zDb, "%s/own.db", zDir);
	rec = run(zDb, "old.csv", "Name,Phone\nOld Lead,2015550120\n", "US");
	hw_import_rec_clear(&rec);
	rec = run(zDb, "own.csv",
		  "Name,Phone,Title,Email\nAda,2015550121,,\nAda L.,(201) 555-0121,CEO,\n"
		  "A. Lovelace,201.555.0121,,ada@example.com\nOld,2015550120,CFO,\n",
		  "US");
	assert_int_equal(rec.nImported, 1);
	assert_int_equal(rec.nMerged, 3);
	assert_int_equal(one_int(zDb, "SELECT count(*) FROM leads"), 2);
	assert_int_equal(one_int(zDb, "SELECT title = 'CEO' AND email = 'ada@example.com' "
				      "FROM leads WHERE full_name = 'Ada'"),
			 1);
	/* only the lead of the earlier import has a snapshot */
	assert_int_equal(one_int(zDb, "SELECT count(*) FROM import_merges"), 1);
	assert_int_equal(one_int(zDb, "SELECT l.full_name = 'Old Lead' FROM import_merges m "
				      "JOIN leads l ON l.id = m.lead_id"),
			 1);
	assert_int_equal(hw_store_open(zDb, &pStore, &err), HW_OK);
	assert_int_equal(hw_import_undo(pStore, rec.iId, &clk, &undo, &err), HW_OK);
	hw_store_close(pStore);
	hw_import_rec_clear(&undo);
	assert_int_equal(one_int(zDb, "SELECT count(*) FROM leads"), 1);
	assert_int_equal(one_int(zDb, "SELECT title IS NULL FROM leads"), 1);
	assert_int_equal(one_int(zDb, "SELECT count(*) FROM phones"), 1);
	fk_check(zDb);
	hw_import_rec_clear(&rec);
}

static void test_not_a_list_changes_nothing(void **state)
{
	char zDb[300], zPath[300];
	hw_store *pStore;
	hw_import_rec rec;
	hw_err err;
	(void)state;
	snprintf(zDb, sizeof zDb, "%s/nothing.db", zDir);
	snprintf(zPath, sizeof zPath, "%s/header.csv", zDir);
	FILE *f = fopen(zPath, "w");
	fputs("Name,Phone\n", f);
	fclose(f);
	assert_int_equal(hw_store_open(zDb, &pStore, &err), HW_OK);
	hw_import_opts opts = {.zFile = zPath, .pClock = &clk};
	assert_int_not_equal(hw_import_run(pStore, &opts, &rec, &err), HW_OK);
	assert_non_null(strstr(err.zFile, "header.csv"));
	hw_import_rec_clear(&rec);
	hw_store_close(pStore);
	assert_int_equal(one_int(zDb, "SELECT count(*) FROM imports"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dedupe_cases),
		cmocka_unit_test(test_against_store),
		cmocka_unit_test(test_merge_into_own_lead),
		cmocka_unit_test(test_not_a_list_changes_nothing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
