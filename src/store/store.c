/*
 * store.c — choosing a backend for a store target, and the store's shared
 * helpers. Today every target is a SQLite file; a "postgres://" target will
 * select the PostgreSQL backend when it exists.
 */
#include "store/store.h"

#include <stdlib.h> /* free */
#include <string.h> /* strncmp */

const char *const hw_import_status_names[HW_IMPORT_STATUS_COUNT] = {"running", "done", "undone"};

void hw_import_rec_clear(hw_import_rec *p)
{
	free(p->zFile);
	free(p->zOptions);
	memset(p, 0, sizeof *p);
}

hw_rc hw_store_open(const char *zTarget, hw_store **ppStore, hw_err *pErr)
{
	if (strncmp(zTarget, "postgres://", 11) == 0 || strncmp(zTarget, "postgresql://", 13) == 0) {
		*ppStore = NULL;
		hw_err_set(pErr,
			   "'%s': this build of hawser has no PostgreSQL backend yet; use a "
			   "SQLite file path",
			   zTarget);
		return HW_EUSAGE;
	}
	return hw_store_sqlite_open(zTarget, ppStore, pErr);
}
const char *const hw_task_status_names[3] = {"open", "done", "cancelled"};
