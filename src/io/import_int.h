/*
 * import_int.h — the inside of the importer, shared by import.c (the pipeline,
 * the store side, resume and undo) and import_row.c (one CSV row to a lead or
 * a reject). Not for use outside src/io/import*.c.
 *
 * Two threads work an import: the reader (CSV, mapping, phone numbers, time
 * zones: pure work) fills chunks of items; the writer (the caller's thread)
 * stores them in batches. The reader touches only the CSV and the read-only
 * header map; the writer only the store, the key maps and the record.
 */
#ifndef HW_IO_IMPORT_INT_H
#define HW_IO_IMPORT_INT_H

#include "core/fieldmap.h"
#include "core/icp.h"
#include "core/keymap.h"
#include "io/csv.h"
#include "io/import.h"

typedef struct importer {
	hw_store *pStore;
	hw_import_opts *pOpts;
	hw_import_rec *pRec;
	hw_csv *pCsv;
	const char *zShownFile; /* the path as the user gave it, for messages */
	char zRegion[4];        /* default region from --region */
	int nHeader;
	char **azHeader;        /* owned copies */
	hw_colmap *aMap;
	long nInBatch;
	/* Which lead has each number and email, and which account each company
	 * is: loaded once, so a new lead costs no look-up query. */
	hw_keymap mKeys;
	hw_keymap mAccounts;
	int bAnySuppressed; /* no suppressions at all: skip the per-row checks */
	hw_icp *pIcp;       /* the team's ICP rules: each lead gets its fit score */
} importer;

/* One row's outcome, made by the reader, consumed by the writer. */
typedef struct import_item {
	long iLine;
	int bReject;
	hw_lead lead;     /* when !bReject */
	int iCol;         /* when bReject: where and why */
	const char *zField; /* a header (lives as long as the importer) */
	char *zMsg;
	char *zRowJson;
} import_item;

/* Map one CSV row to an item. HW_OK whether the row became a lead or a
 * reject; another code only when memory ran out. */
hw_rc hw_import_row(const importer *p, long iLine, int nField, char **azField,
		    import_item *pItem) HW_MUST_CHECK;

void hw_import_item_clear(import_item *pItem);

/* Trim spaces and the apostrophe spreadsheets use to mark text (in place). */
char *hw_import_clean_cell(char *z);

#endif
