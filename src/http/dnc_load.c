/*
 * dnc_load.c — a registry file uploaded to the server (an admin), loaded
 * by a thread of its own (io/dnc_set.c: hw_dnc_load_files, as the CLI does)
 * while GET /api/v1/dnc/loads/{id} shows its progress: the bytes read, then
 * the lead numbers scrubbed, then the result or the error with FILE:LINE.
 * Jobs live in memory (the loads themselves are recorded in dnc_loads).
 */
#include "http/http_int.h"

#include "io/dnc_set.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_LOADS 16

typedef struct load_job {
	pthread_t thread;
	int bUsed, bDone;
	long long iId;
	int iPhase;            /* 0 reading the file, 1 scrubbing the leads */
	uint64_t nDone, nTotal;
	char zList[8];
	char zName[128];
	char zFile[640];
	hw_dnc_mode eMode;
	hw_time tCopy;
	long long iUser;
	const char *zDb;
	const hw_clock *pClock;
	hw_rc rc;
	hw_err err;
	hw_dnc_load_result res;
} load_job;

static load_job aLoad[MAX_LOADS];
static long long iNextLoad = 1;
static pthread_mutex_t g_loads = PTHREAD_MUTEX_INITIALIZER;

static void on_progress(void *pv, int iPhase, int iFile, uint64_t nDone, uint64_t nTotal)
{
	load_job *j = pv;
	(void)iFile;
	pthread_mutex_lock(&g_loads);
	j->iPhase = iPhase;
	j->nDone = nDone;
	j->nTotal = nTotal;
	pthread_mutex_unlock(&g_loads);
}

static void *load_main(void *pv)
{
	load_job *j = pv;
	const char *azFile[1] = {j->zFile};
	hw_store *s = NULL;
	hw_err err;
	hw_rc rc;
	hw_err_clear(&err);
	if ((rc = hw_store_open(j->zDb, &s, &err)) == HW_OK)
		rc = hw_dnc_load_files(j->zDb, s, j->zList, azFile, 1, j->eMode, j->tCopy, j->iUser,
				       hw_clock_now(j->pClock), on_progress, j, &j->res, &err);
	if (s)
		hw_store_close(s);
	hw_policy_thread_cleanup();
	unlink(j->zFile);
	pthread_mutex_lock(&g_loads);
	j->rc = rc;
	j->err = err;
	j->bDone = 1;
	pthread_mutex_unlock(&g_loads);
	return NULL;
}

static int parse_day(const char *z, hw_time *pt)
{
	struct tm tm;
	char *zEnd;
	memset(&tm, 0, sizeof tm);
	if (!(zEnd = strptime(z, "%Y-%m-%d", &tm)) || *zEnd)
		return 0;
	*pt = (hw_time)timegm(&tm);
	return 1;
}

void hw_api_dnc_load(hw_req *r)
{
	const char *zList = hw_query(r, "list"), *zDate = hw_query(r, "date"),
		   *zKind = hw_query(r, "kind"), *zName = hw_query(r, "name");
	hw_dnc_mode eMode = HW_DNC_AUTO;
	hw_time tCopy = r->tNow / 86400 * 86400;
	pthread_t tOld = 0;
	load_job *j = NULL;
	long long iId;

	if (!zList)
		zList = "us";
	if (!hw_dnc_list_find(zList)) {
		hw_answer_error(r, 400, "list", "'list' must be us or ca");
		return;
	}
	if (zDate && (!parse_day(zDate, &tCopy) || tCopy > r->tNow)) {
		hw_answer_error(r, 400, "date", "'date' is the day the copy was downloaded, "
						"YYYY-MM-DD, not in the future");
		return;
	}
	if (zKind) {
		if (!strcmp(zKind, "full"))
			eMode = HW_DNC_FULL;
		else if (!strcmp(zKind, "additions"))
			eMode = HW_DNC_ADD;
		else if (!strcmp(zKind, "deletions"))
			eMode = HW_DNC_DELETE;
		else if (!strcmp(zKind, "change"))
			eMode = HW_DNC_CHANGE;
		else if (strcmp(zKind, "auto")) {
			hw_answer_error(r, 400, "kind",
					"'kind' must be full, change, additions or deletions");
			return;
		}
	}
	if (r->nBody == 0) {
		hw_answer_error(r, 400, NULL, "the body is empty: send the registry file (flat "
					      "text or zip) as the body");
		return;
	}
	if (zName && strpbrk(zName, "\r\n\"\\/")) {
		hw_answer_error(r, 400, "name", "'name' must be a plain file name");
		return;
	}
	pthread_mutex_lock(&g_loads);
	for (int i = 0; i < MAX_LOADS && !j; i++)
		if (!aLoad[i].bUsed)
			j = &aLoad[i];
	for (int i = 0; i < MAX_LOADS && !j; i++)
		if (aLoad[i].bDone) { /* the oldest finished one's slot */
			j = &aLoad[i];
			tOld = j->thread;
		}
	if (j) {
		memset(j, 0, sizeof *j);
		j->bUsed = 1;
		j->iId = iId = iNextLoad++;
	}
	pthread_mutex_unlock(&g_loads);
	if (tOld)
		pthread_join(tOld, NULL);
	if (!j) {
		hw_answer_error(r, 503, NULL, "%d registry loads are running; wait for one", MAX_LOADS);
		return;
	}
	fclose(r->pUpload);
	r->pUpload = NULL;
	snprintf(j->zFile, sizeof j->zFile, "%s-dnc", r->zUpload);
	snprintf(j->zName, sizeof j->zName, "%s", zName ? zName : "upload");
	if (rename(r->zUpload, j->zFile) != 0) {
		pthread_mutex_lock(&g_loads);
		j->bUsed = 0;
		pthread_mutex_unlock(&g_loads);
		hw_answer_error(r, 500, NULL, "cannot keep the upload in %s", r->pSrv->zDataDir);
		return;
	}
	r->zUpload[0] = 0;
	snprintf(j->zList, sizeof j->zList, "%s", zList);
	j->eMode = eMode;
	j->tCopy = tCopy;
	j->iUser = r->user.iId;
	j->zDb = r->pSrv->pOpts->zDb;
	j->pClock = r->pSrv->pOpts->pClock;
	j->nTotal = (uint64_t)r->nBody;
	if (pthread_create(&j->thread, NULL, load_main, j) != 0) {
		unlink(j->zFile);
		pthread_mutex_lock(&g_loads);
		j->bUsed = 0;
		pthread_mutex_unlock(&g_loads);
		hw_answer_error(r, 503, NULL, "cannot start the load");
		return;
	}
	hw_answer_json(r, 202, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)iId, "status", "running",
					 "list", zList));
}

void hw_api_dnc_load_status(hw_req *r)
{
	load_job *j = NULL;
	json_t *pOut;
	pthread_mutex_lock(&g_loads);
	for (int i = 0; i < MAX_LOADS && !j; i++)
		if (aLoad[i].bUsed && aLoad[i].iId == r->iId)
			j = &aLoad[i];
	if (!j) {
		pthread_mutex_unlock(&g_loads);
		hw_answer_error(r, 404, NULL, "no registry load %lld since the server started", r->iId);
		return;
	}
	pOut = json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:I}", "id", (json_int_t)j->iId, "list", j->zList,
			 "name", j->zName, "status",
			 !j->bDone ? "running" : j->rc == HW_OK ? "done" : "failed", "phase",
			 j->bDone ? "finished" : j->iPhase ? "scrubbing" : "loading",
			 j->iPhase ? "numbers_done" : "bytes_done",
			 (json_int_t)(j->bDone && !j->iPhase && j->rc == HW_OK ? j->nTotal : j->nDone),
			 "bytes", (json_int_t)j->nTotal);
	if (j->bDone && j->rc == HW_OK)
		json_object_set_new(pOut, "result",
				    json_pack("{s:I,s:i,s:I,s:I,s:I,s:I,s:I}", "numbers",
					      (json_int_t)j->res.info.nNumbers, "area_codes",
					      j->res.info.nNpa, "added",
					      (json_int_t)j->res.aFile[0].nAdded, "deleted",
					      (json_int_t)j->res.aFile[0].nDeleted, "scrubbed",
					      (json_int_t)j->res.scrub.nNumbers, "listed",
					      (json_int_t)j->res.scrub.nListed, "flags_changed",
					      (json_int_t)j->res.scrub.nChanged));
	else if (j->bDone) /* the upload's own name, not the server's file */
		json_object_set_new(pOut, "error",
				    json_pack("{s:s,s:s,s:I}", "file", j->zName, "message",
					      j->err.zMsg, "line", (json_int_t)j->err.iLine));
	pthread_mutex_unlock(&g_loads);
	hw_answer_json(r, 200, pOut);
}

void hw_dnc_load_shutdown(void)
{
	for (int i = 0; i < MAX_LOADS; i++) {
		pthread_t t;
		pthread_mutex_lock(&g_loads);
		t = aLoad[i].bUsed ? aLoad[i].thread : 0;
		aLoad[i].thread = 0;
		pthread_mutex_unlock(&g_loads);
		if (t)
			pthread_join(t, NULL);
	}
}
