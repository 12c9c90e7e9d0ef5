/*
 * dnc.h — a national do-not-call registry (the US registry, Canada's DNCL,
 * any list of ten-digit NANP numbers) as a compact index file.
 *
 * The index holds, per exchange (NPA-NXX, 640,000 possible), either a bitmap
 * of its 10,000 line numbers (1,256 bytes) or, when few are listed, a sorted
 * array of them (2 bytes each); a directory of 640,000 slots finds the
 * container in one read. Each area code carries the date of the registry copy
 * it came from (0: not loaded), so a stale or missing area code is known
 * number by number. The full US registry (about 250M numbers) takes about
 * 250 MB; bench/dnc measures it.
 *
 * Files are written whole to a temporary name and renamed, so a reader that
 * maps the index (hw_dnc_open) never sees half a file.
 */
#ifndef HW_IO_DNC_H
#define HW_IO_DNC_H

#include <stdint.h>

#include "core/clock.h"
#include "core/hw.h"

#define HW_DNC_NPA 800             /* area codes 200..999 */
#define HW_DNC_EXCHANGES (800 * 800) /* NPA-NXX, both 200..999 */

typedef struct hw_dnc_index hw_dnc_index;

/* Map the index file zPath (read-only). HW_ENOTFOUND when there is none. */
hw_rc hw_dnc_open(const char *zPath, hw_dnc_index **ppOut, hw_err *pErr);
void hw_dnc_close(hw_dnc_index *p);

/* The ten-digit number n (NPA NXX XXXX as an integer) is listed. */
int hw_dnc_has(const hw_dnc_index *p, uint64_t n);

/* Many numbers at once, with prefetching: aOut[i] = hw_dnc_has(aNum[i]). */
void hw_dnc_has_many(const hw_dnc_index *p, const uint64_t *aNum, size_t n, uint8_t *aOut);

/* The date of the copy the area code came from; 0 when it is not loaded. */
hw_time hw_dnc_npa_date(const hw_dnc_index *p, int iNpa);

typedef struct hw_dnc_info {
	char zList[16];       /* "us", "ca" */
	uint64_t nNumbers;    /* numbers listed */
	uint64_t nExchanges;  /* exchanges with at least one */
	uint64_t nBytes;      /* size of the file */
	int nNpa;             /* area codes loaded */
	hw_time tOldest;      /* the oldest area code's copy date */
	hw_time tNewest;
	hw_time tBuilt;       /* when the file was written */
} hw_dnc_info;

void hw_dnc_info_get(const hw_dnc_index *p, hw_dnc_info *pOut);

/*
 * The number as the index keys it: E.164 "+1NPANXXXXXX" with a valid NANP
 * area code and exchange (first digits 2..9). 0 when it is not one.
 */
uint64_t hw_dnc_key(const char *zE164);

/* ---- building ---- */

typedef enum hw_dnc_mode {
	HW_DNC_AUTO = 0,  /* a full list, unless its lines carry add/delete flags */
	HW_DNC_FULL,      /* replaces the area codes it contains */
	HW_DNC_ADD,       /* every line an addition */
	HW_DNC_DELETE,    /* every line a deletion */
	HW_DNC_CHANGE     /* a change list: every line must carry its flag */
} hw_dnc_mode;

typedef struct hw_dnc_load_stats {
	uint64_t nLines;     /* numbers read */
	uint64_t nAdded;     /* lines that added a number (full or change list) */
	uint64_t nDeleted;   /* deletion lines */
	int nNpaReplaced;    /* area codes a full list replaced */
	int bChangeList;     /* the file was read as a change list */
} hw_dnc_load_stats;

/* Bytes read so far of nTotal, for a progress bar; non-zero stops the load. */
typedef int (*hw_dnc_progress)(void *pCtx, uint64_t nDone, uint64_t nTotal);

typedef struct hw_dnc_build hw_dnc_build;

/* Start from pBase (NULL: an empty list named zList). */
hw_rc hw_dnc_build_new(const char *zList, const hw_dnc_index *pBase, hw_dnc_build **ppOut,
		       hw_err *pErr);
void hw_dnc_build_free(hw_dnc_build *p);

/*
 * Read one registry file: flat text, one number per line as "NPA,NXXXXXX" or
 * ten digits (an eleventh, leading 1 allowed), CR LF or LF; a change list has
 * a further field A/D (add, delete, addition, deletion, …) on each line. A
 * .zip file is read entry by entry. tCopy is the date of the registry copy.
 * A format error names FILE:LINE; the build is then half loaded and must be
 * freed without writing (the index file on disk is untouched).
 */
hw_rc hw_dnc_build_load(hw_dnc_build *p, const char *zPath, hw_dnc_mode eMode, hw_time tCopy,
			hw_dnc_progress xProgress, void *pCtx, hw_dnc_load_stats *pStats,
			hw_err *pErr);

/* Read from memory (the fuzz target and tests); zName names it in errors. */
hw_rc hw_dnc_build_text(hw_dnc_build *p, const char *zName, const char *a, size_t n,
			hw_dnc_mode eMode, hw_time tCopy, hw_dnc_load_stats *pStats, hw_err *pErr);

/* Add or delete one number (ten digits as an integer). */
hw_rc hw_dnc_build_set(hw_dnc_build *p, uint64_t n, int bListed);

/* Write the index to zPath (through a temporary file and a rename). */
hw_rc hw_dnc_build_write(hw_dnc_build *p, const char *zPath, hw_time tBuilt, hw_err *pErr);

#endif
