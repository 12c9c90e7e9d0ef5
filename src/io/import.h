/*
 * import.h — turning a purchased lead list into clean, callable leads.
 *
 * One pass over the CSV: each row is mapped to a lead (fieldmap), its phones
 * normalized (phone.h), its time zones inferred (tz.h), then merged into the
 * lead it duplicates (same E.164 number or email, in the file or already in
 * the store) or inserted. Bad rows never stop the file: each becomes a reject
 * with FILE:LINE:COLUMN and the reason, kept in the store and written to a
 * rejects CSV next to the input.
 *
 * Rows are committed in batches; each batch's transaction also records the
 * last line it holds, so a crash (kill -9) leaves a consistent store and
 * hw_import_resume finishes the file from there. hw_import_undo removes what
 * the import created and puts merged leads back as they were.
 *
 * Lifecycle of an import record:
 *   running --(last batch committed: hw_import_run/resume)--> done
 *   running|done --(hw_import_undo)--> undone
 */
#ifndef HW_IO_IMPORT_H
#define HW_IO_IMPORT_H

#include "core/clock.h"
#include "core/registry.h"
#include "store/store.h"

typedef struct hw_import_progress {
	long long iImport; /* the import's id (set once it is recorded) */
	long long nBytesDone, nBytesTotal;
	long long nRows; /* data rows read so far (this run and before a resume) */
	long long nImported, nMerged, nRejected;
} hw_import_progress;

typedef struct hw_import_opts {
	const char *zFile;
	const char *zRegion;  /* default region for numbers without a country code */
	char cDelim;          /* 0: sniff */
	char **azMap;         /* "Column Name=field" overrides */
	int nMap;
	long nBatch;          /* rows per transaction; 0: default (50000) */
	const hw_clock *pClock;
	/* National registries to flag numbers with (NULL: none); a flagged lead
	 * is kept, never dropped: the queue scrubs again before each call. */
	const hw_registry *pRegistry;
	/* Called every few thousand rows and at the end; may be NULL. */
	void (*xProgress)(void *pCtx, const hw_import_progress *p);
	void *pProgressCtx;
	/* Out: warnings worth showing (encoding converted), or "". */
	char zWarning[256];
} hw_import_opts;

/* Import pOpts->zFile. On HW_OK *pRec is the finished import record (owned by
 * the caller: hw_import_rec_clear). A file that is not a lead list (binary,
 * empty, header only, unknown --map field) fails with pErr and changes nothing. */
hw_rc hw_import_run(hw_store *pStore, hw_import_opts *pOpts, hw_import_rec *pRec,
		    hw_err *pErr) HW_MUST_CHECK;

/* Finish import iId after a crash, with the options it was started with
 * (pOpts supplies the clock and progress callback only). */
hw_rc hw_import_resume(hw_store *pStore, long long iId, hw_import_opts *pOpts,
		       hw_import_rec *pRec, hw_err *pErr) HW_MUST_CHECK;

/* Remove import iId: leads and phones it created, fields it filled in merged
 * leads. Refused (HW_ECONFLICT) when its leads have been worked since. */
hw_rc hw_import_undo(hw_store *pStore, long long iId, const hw_clock *pClock,
		     hw_import_rec *pRec, hw_err *pErr) HW_MUST_CHECK;

/* Write the rejects of import iId as CSV to zPath: the reason, line, column,
 * field, then the row as it was. *pn is the number of rejects written. */
hw_rc hw_import_write_rejects(hw_store *pStore, long long iId, const char *zPath, long *pn,
			      hw_err *pErr) HW_MUST_CHECK;

/* Where the rejects of zFile go: "DIR/NAME.rejects.csv" next to it. */
void hw_import_rejects_path(const char *zFile, char *zBuf, size_t nBuf);

#endif
