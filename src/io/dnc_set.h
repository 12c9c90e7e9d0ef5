/*
 * dnc_set.h — the registry copies a database uses: one index file per list
 * next to the database ("hawser.db.dnc-us", "hawser.db.dnc-ca"), mapped
 * read-only, and the hw_registry the core looks numbers up through.
 *
 * A set belongs to one thread. hw_dnc_set_refresh() maps a file again when
 * 'hawser dnc load' has replaced it (the rename makes the swap atomic; the
 * old mapping stays valid until it is unmapped here), so a running server
 * picks up a new copy without a restart.
 */
#ifndef HW_IO_DNC_SET_H
#define HW_IO_DNC_SET_H

#include "core/registry.h"
#include "io/dnc.h"
#include "store/store.h"

typedef struct hw_dnc_list {
	const char *zList;    /* "us" */
	const char *zName;    /* "US National Do Not Call Registry" */
	const char *zRegions; /* ISO regions it covers, space-separated */
} hw_dnc_list;

extern const hw_dnc_list hw_dnc_lists[]; /* ends with a zeroed entry */
const hw_dnc_list *hw_dnc_list_find(const char *zList);

/* The index file of zList for database zDb. */
void hw_dnc_path(const char *zDb, const char *zList, char *zBuf, size_t nBuf);

typedef struct hw_dnc_set hw_dnc_set;

hw_rc hw_dnc_set_open(const char *zDb, hw_dnc_set **ppOut, hw_err *pErr);
void hw_dnc_set_close(hw_dnc_set *p);

/* Map again the files that changed on disk since the last look. */
hw_rc hw_dnc_set_refresh(hw_dnc_set *p, hw_err *pErr);

/* The core's view of the set (valid while the set is open). */
const hw_registry *hw_dnc_set_registry(hw_dnc_set *p);

/* The mapped index of zList, or NULL when none is loaded. */
const hw_dnc_index *hw_dnc_set_index(const hw_dnc_set *p, const char *zList);

/*
 * Scrub every North American number in the store against the set and
 * bring the phones' registry flags up to date (after a load), in one
 * transaction. xProgress gets the numbers looked at so far (total 0).
 */
typedef struct hw_rescrub {
	long long nNumbers; /* distinct +1 numbers looked at */
	long long nListed;  /* on a registry now */
	long long nChanged; /* flags set or cleared */
} hw_rescrub;

hw_rc hw_dnc_rescrub(hw_store *pStore, const hw_registry *pReg, hw_time tNow,
		     hw_dnc_progress xProgress, void *pCtx, hw_rescrub *pOut, hw_err *pErr);

/*
 * Load registry files into list zList of database zDb: the current copy,
 * plus each file (hw_dnc_build_load), written whole and renamed into place,
 * each file recorded in dnc_loads, then every lead number scrubbed again.
 * One load per list at a time (a lock file beside the index). A bad file
 * stops it before anything is written. xProgress sees the bytes of the file
 * being read (phase 0) and then the numbers scrubbed (phase 1).
 */
typedef struct hw_dnc_load_result {
	hw_dnc_load_stats aFile[16]; /* per file */
	hw_dnc_info info;            /* the new copy */
	hw_rescrub scrub;
	char zIndex[4096];
} hw_dnc_load_result;

#define HW_DNC_LOAD_FILES 16

typedef void (*hw_dnc_load_progress)(void *pCtx, int iPhase, int iFile, uint64_t nDone,
				     uint64_t nTotal);

hw_rc hw_dnc_load_files(const char *zDb, hw_store *pStore, const char *zList,
			const char *const *azFile, int nFile, hw_dnc_mode eMode, hw_time tCopy,
			long long iUser, hw_time tNow, hw_dnc_load_progress xProgress, void *pCtx,
			hw_dnc_load_result *pOut, hw_err *pErr);

#endif
