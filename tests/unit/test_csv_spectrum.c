/*
 * test_csv_spectrum.c — hw_csv against the csv-spectrum conformance suite.
 *
 * csv-spectrum (npm, pinned in package.json) ships csvs/NAME.csv with the
 * expected rows in json/NAME.json: an array of objects keyed by the header.
 * Every case becomes one cmocka test: parse with hw_csv (delimiter sniffed,
 * as in a real import), then compare row count, keys and every value. The
 * suite is found in node_modules/csv-spectrum under the current directory
 * (tests run from the repository root) or in $HAWSER_CSV_SPECTRUM. Missing
 * suite is a failure, not a skip: a silent skip would hide that conformance
 * was never checked. Two known mistakes in csv-spectrum 2.0.0's own JSON are
 * corrected in aErratum, each with its upstream issue.
 */
#include <setjmp.h> /* cmocka needs these first */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "io/csv.h"

#include <dirent.h>  /* opendir, readdir */
#include <jansson.h> /* json_load_file */
#include <stdio.h>   /* snprintf */
#include <stdlib.h>  /* getenv, qsort */
#include <string.h>  /* strcmp, strlen */

/* Where csv-spectrum 2.0.0's JSON disagrees with its own CSV. */
typedef struct erratum {
	const char *zCase;
	const char *zKey;
	const char *zValue; /* what the CSV really says */
	const char *zWhy;
} erratum;

static const erratum aErratum[] = {
    {"location_coordinates", "Contact Phone Number", "2095257564",
     "the JSON says 1234567890, the CSV 2095257564 "
     "(https://github.com/max-mapper/csv-spectrum/issues/20)"},
};
/* Also location_coordinates.json is one object, not an array of one
 * (https://github.com/max-mapper/csv-spectrum/issues/22): read it as a row. */

#define MAX_CASE 64

static char zSuite[1024];
static char azCase[MAX_CASE][128];
static int nCase;

static const char *erratum_value(const char *zCase, const char *zKey)
{
	size_t i;
	for (i = 0; i < sizeof aErratum / sizeof aErratum[0]; i++)
		if (!strcmp(aErratum[i].zCase, zCase) && !strcmp(aErratum[i].zKey, zKey))
			return aErratum[i].zValue;
	return NULL;
}

static void run_case(void **ppState)
{
	const char *zCase = *ppState;
	char zCsv[1400], zJson[1400], zMsg[1024], **azField, **azHead = NULL;
	size_t *anLen, *anHead = NULL;
	hw_csv *pCsv = NULL;
	hw_csv_info info;
	hw_err err;
	json_error_t jerr;
	json_t *pJson, *pRows;
	int nField, nHead = 0, i;
	long iLine;
	size_t iRow = 0;
	hw_rc rc;

	snprintf(zCsv, sizeof zCsv, "%s/csvs/%s.csv", zSuite, zCase);
	snprintf(zJson, sizeof zJson, "%s/json/%s.json", zSuite, zCase);
	pJson = json_load_file(zJson, 0, &jerr);
	if (!pJson)
		fail_msg("%s: %s:%d: %s", zCase, zJson, jerr.line, jerr.text);
	if (json_is_object(pJson)) {
		pRows = json_array();
		json_array_append(pRows, pJson);
	} else {
		pRows = json_incref(pJson);
	}
	assert_true(json_is_array(pRows));

	rc = hw_csv_open(zCsv, 0, &pCsv, &info, &err);
	hw_err_format(&err, zMsg, sizeof zMsg);
	if (rc)
		fail_msg("%s: hw_csv_open: %s", zCase, zMsg);
	assert_int_equal(info.cDelim, ',');

	while ((rc = hw_csv_next(pCsv, &nField, &azField, &anLen, &iLine, &err)) == HW_OK) {
		json_t *pRow;
		if (!azHead) {
			/* The header: copied, as the reader reuses its strings. */
			nHead = nField;
			azHead = calloc((size_t)nField, sizeof *azHead);
			anHead = calloc((size_t)nField, sizeof *anHead);
			assert_non_null(azHead);
			assert_non_null(anHead);
			for (i = 0; i < nField; i++) {
				azHead[i] = strdup(azField[i]);
				anHead[i] = anLen[i];
			}
			continue;
		}
		if (iRow >= json_array_size(pRows))
			fail_msg("%s: line %ld: a row the JSON does not have", zCase, iLine);
		pRow = json_array_get(pRows, iRow);
		assert_true(json_is_object(pRow));
		if (nField != nHead || json_object_size(pRow) != (size_t)nHead)
			fail_msg("%s: line %ld: %d fields, header %d, JSON %zu", zCase, iLine,
				 nField, nHead, json_object_size(pRow));
		for (i = 0; i < nField; i++) {
			json_t *pVal = json_object_get(pRow, azHead[i]);
			const char *zWant = erratum_value(zCase, azHead[i]);
			size_t nWant;
			if (!zWant) {
				if (!json_is_string(pVal))
					fail_msg("%s: JSON row %zu has no string '%s'", zCase, iRow,
						 azHead[i]);
				zWant = json_string_value(pVal);
				nWant = json_string_length(pVal);
			} else {
				nWant = strlen(zWant);
			}
			if (anLen[i] != nWant || memcmp(azField[i], zWant, nWant))
				fail_msg("%s: line %ld, '%s': got '%s', want '%s'", zCase, iLine,
					 azHead[i], azField[i], zWant);
		}
		iRow++;
	}
	hw_err_format(&err, zMsg, sizeof zMsg);
	if (rc != HW_ENOTFOUND)
		fail_msg("%s: hw_csv_next: %s", zCase, zMsg);
	assert_int_equal(iRow, json_array_size(pRows));
	for (i = 0; i < nHead; i++)
		free(azHead[i]);
	free(azHead);
	free(anHead);
	hw_csv_close(pCsv);
	json_decref(pRows);
	json_decref(pJson);
}

static void suite_missing(void **ppState)
{
	(void)ppState;
	fail_msg(
	    "csv-spectrum not found at %s (no csvs/*.csv); run `npm ci` in the repository root, "
	    "or point HAWSER_CSV_SPECTRUM at the csv-spectrum directory",
	    zSuite);
}

static int by_name(const void *pA, const void *pB)
{
	return strcmp(pA, pB);
}

/* Fills azCase with the NAME of every csvs/NAME.csv that has a json/NAME.json
 * (a CSV without its JSON becomes a case too, and fails on the load). */
static void find_cases(void)
{
	char zDir[1100];
	DIR *pDir;
	struct dirent *pEnt;
	snprintf(zDir, sizeof zDir, "%s/csvs", zSuite);
	pDir = opendir(zDir);
	if (!pDir)
		return;
	while ((pEnt = readdir(pDir)) != NULL && nCase < MAX_CASE) {
		size_t n = strlen(pEnt->d_name);
		if (n > 4 && n - 4 < sizeof azCase[0] && !strcmp(pEnt->d_name + n - 4, ".csv"))
			snprintf(azCase[nCase++], sizeof azCase[0], "%.*s", (int)(n - 4),
				 pEnt->d_name);
	}
	closedir(pDir);
	qsort(azCase, (size_t)nCase, sizeof azCase[0], by_name);
}

int main(void)
{
	static struct CMUnitTest aTest[MAX_CASE];
	const char *zEnv = getenv("HAWSER_CSV_SPECTRUM");
	int i;
	snprintf(zSuite, sizeof zSuite, "%s", zEnv && *zEnv ? zEnv : "node_modules/csv-spectrum");
	find_cases();
	if (nCase == 0) {
		static const struct CMUnitTest aMissing[] = {cmocka_unit_test(suite_missing)};
		return cmocka_run_group_tests_name("csv_spectrum", aMissing, NULL, NULL);
	}
	for (i = 0; i < nCase; i++) {
		struct CMUnitTest t = {azCase[i], run_case, NULL, NULL, azCase[i]};
		aTest[i] = t;
	}
	return _cmocka_run_group_tests("csv_spectrum", aTest, (size_t)nCase, NULL, NULL);
}
