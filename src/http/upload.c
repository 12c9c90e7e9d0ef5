/*
 * upload.c — imports through the API: the CSV body is streamed to a file in
 * the data folder (server.c), then imported by a thread of its own with its
 * own store connection, in small batches so the calling screens keep their
 * turn at the writer. The upload answers 202 with the import's id as soon as
 * the import is recorded; GET /api/v1/imports/{id} shows its progress.
 */
#include "http/http_int.h"

#include "core/workjson.h"
#include "io/dnc_set.h"
#include "io/import.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_JOBS 64

typedef struct job {
	pthread_t thread;
	int bUsed, bStarted, bDone;
	long long iImport;
	long long nBytesDone, nBytesTotal;
	hw_rc rc;
	hw_err err;
	char zFile[640];
	char zName[128];
	char zRegion[8];
	const char *zDb;
	const hw_clock *pClock;
} job;

static job aJob[MAX_JOBS];
static pthread_mutex_t g_jobs = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_jobs_cond = PTHREAD_COND_INITIALIZER;

static void on_progress(void *pv, const hw_import_progress *p)
{
	job *j = pv;
	pthread_mutex_lock(&g_jobs);
	j->iImport = p->iImport;
	j->nBytesDone = p->nBytesDone;
	j->nBytesTotal = p->nBytesTotal;
	j->bStarted = 1;
	pthread_cond_broadcast(&g_jobs_cond);
	pthread_mutex_unlock(&g_jobs);
}

static void *job_main(void *pv)
{
	job *j = pv;
	hw_store *s = NULL;
	hw_import_opts o;
	hw_dnc_set *pDnc = NULL;
	hw_import_rec rec;
	hw_err err;
	hw_rc rc;

	hw_err_clear(&err);
	memset(&rec, 0, sizeof rec);
	memset(&o, 0, sizeof o);
	o.zFile = j->zFile;
	o.zRegion = j->zRegion[0] ? j->zRegion : NULL;
	o.nBatch = 2000; /* short transactions: the writer is shared with the callers */
	o.pClock = j->pClock;
	o.xProgress = on_progress;
	o.pProgressCtx = j;
	if ((rc = hw_store_open(j->zDb, &s, &err)) == HW_OK &&
	    (rc = hw_dnc_set_open(j->zDb, &pDnc, &err)) == HW_OK) {
		o.pRegistry = hw_dnc_set_registry(pDnc);
		rc = hw_import_run(s, &o, &rec, &err);
		hw_import_rec_clear(&rec);
	}
	hw_dnc_set_close(pDnc);
	if (s)
		hw_store_close(s);
	hw_policy_thread_cleanup();
	pthread_mutex_lock(&g_jobs);
	j->rc = rc;
	j->err = err;
	j->bDone = 1;
	if (rc == HW_OK)
		j->nBytesDone = j->nBytesTotal;
	pthread_cond_broadcast(&g_jobs_cond);
	pthread_mutex_unlock(&g_jobs);
	return NULL;
}

/* A file name a user gave, made safe for a path and a header: letters,
 * digits, '.', '-', '_' kept, everything else '_'. */
static void safe_name(const char *z, char *zOut, size_t nOut)
{
	size_t n = 0;
	const char *zBase = z ? strrchr(z, '/') : NULL;
	z = zBase ? zBase + 1 : z;
	if (!z || !z[0] || z[0] == '.')
		z = "upload.csv";
	for (; *z && n + 1 < nOut; z++) {
		char c = *z;
		zOut[n++] = ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			     c == '.' || c == '-' || c == '_')
				    ? c
				    : '_';
	}
	zOut[n] = 0;
}

void hw_api_import_start(hw_req *r)
{
	const char *zName = hw_query(r, "name"), *zRegion = hw_query(r, "region");
	char zSafe[100];
	job *j = NULL;

	if (zRegion && (strlen(zRegion) != 2 || zRegion[0] < 'A' || zRegion[0] > 'Z' ||
			zRegion[1] < 'A' || zRegion[1] > 'Z')) {
		hw_answer_error(r, 400, "region", "'region' must be a two-letter country code, e.g. US");
		return;
	}
	if (r->nBody == 0) {
		hw_answer_error(r, 400, NULL, "the body is empty: send the CSV file as the body");
		return;
	}
	if (zName && strpbrk(zName, "\r\n\"\\")) {
		hw_answer_error(r, 400, "name", "'name' must be a plain file name");
		return;
	}
	safe_name(zName, zSafe, sizeof zSafe);
	pthread_t tOld = 0;
	pthread_mutex_lock(&g_jobs);
	for (int i = 0; i < MAX_JOBS && !j; i++)
		if (!aJob[i].bUsed)
			j = &aJob[i];
	for (int i = 0; i < MAX_JOBS && !j; i++)
		if (aJob[i].bDone) { /* a finished one's slot: its thread has returned */
			j = &aJob[i];
			tOld = j->thread;
		}
	if (j) {
		memset(j, 0, sizeof *j);
		j->bUsed = 1;
	}
	pthread_mutex_unlock(&g_jobs);
	if (tOld)
		pthread_join(tOld, NULL);
	if (!j) {
		hw_answer_error(r, 503, NULL, "%d imports are running; wait for one to finish", MAX_JOBS);
		return;
	}
	fclose(r->pUpload);
	r->pUpload = NULL;
	snprintf(j->zFile, sizeof j->zFile, "%s-%s", r->zUpload, zSafe);
	if (rename(r->zUpload, j->zFile) != 0) {
		pthread_mutex_lock(&g_jobs);
		j->bUsed = 0;
		pthread_mutex_unlock(&g_jobs);
		hw_answer_error(r, 500, NULL, "cannot keep the upload in %s", r->pSrv->zDataDir);
		return;
	}
	r->zUpload[0] = 0; /* the job's file now */
	snprintf(j->zName, sizeof j->zName, "%s", zSafe);
	snprintf(j->zRegion, sizeof j->zRegion, "%s", zRegion ? zRegion : "");
	j->zDb = r->pSrv->pOpts->zDb;
	j->pClock = r->pSrv->pOpts->pClock;
	if (pthread_create(&j->thread, NULL, job_main, j) != 0) {
		unlink(j->zFile);
		pthread_mutex_lock(&g_jobs);
		j->bUsed = 0;
		pthread_mutex_unlock(&g_jobs);
		hw_answer_error(r, 503, NULL, "cannot start the import");
		return;
	}
	pthread_mutex_lock(&g_jobs);
	while (!j->bStarted && !j->bDone)
		pthread_cond_wait(&g_jobs_cond, &g_jobs);
	if (!j->bStarted) { /* not a lead list: nothing was recorded */
		hw_err err = j->err;
		hw_rc rc = j->rc;
		pthread_t t = j->thread;
		pthread_mutex_unlock(&g_jobs);
		pthread_join(t, NULL);
		unlink(j->zFile);
		pthread_mutex_lock(&g_jobs);
		j->bUsed = 0;
		pthread_mutex_unlock(&g_jobs);
		if (err.iLine)
			hw_answer_error(r, hw_http_status(rc), err.zField, "%s:%ld:%d: %s", zSafe,
					err.iLine, err.iCol, err.zMsg);
		else
			hw_answer_error(r, hw_http_status(rc), err.zField, "%s: %s", zSafe, err.zMsg);
		return;
	}
	long long iImport = j->iImport;
	pthread_mutex_unlock(&g_jobs);
	hw_answer_json(r, 202, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)iImport, "status",
					 "running", "name", zSafe));
}

static int list_cb(void *pv, const hw_import_rec *p)
{
	json_array_append_new(pv, hw_import_json(p));
	return 0;
}

void hw_api_imports(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	json_t *pArr = json_array();
	if (s->pMethods->xImportList(s, list_cb, pArr) != HW_OK) {
		json_decref(pArr);
		hw_answer_error(r, 503, NULL, "cannot list imports: %s", hw_store_errmsg(s));
		return;
	}
	hw_answer_json(r, 200, json_pack("{s:o}", "imports", pArr));
}

void hw_api_import(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	hw_import_rec rec;
	json_t *pObj;
	long long nDone = -1;
	hw_rc rc = s->pMethods->xImportLoad(s, r->iId, &rec);

	if (rc != HW_OK) {
		hw_answer_error(r, rc == HW_ENOTFOUND ? 404 : 503, NULL, "no import %lld", r->iId);
		return;
	}
	pObj = hw_import_json(&rec);
	pthread_mutex_lock(&g_jobs);
	for (int i = 0; i < MAX_JOBS; i++)
		if (aJob[i].bUsed && aJob[i].iImport == r->iId) {
			nDone = aJob[i].nBytesDone;
			if (aJob[i].bDone && aJob[i].rc != HW_OK)
				json_object_set_new(pObj, "error", json_string(aJob[i].err.zMsg));
		}
	pthread_mutex_unlock(&g_jobs);
	if (nDone < 0)
		nDone = rec.eStatus == HW_IMPORT_RUNNING ? 0 : rec.nBytes;
	/* the record says done only once its last batch is committed */
	if (rec.eStatus != HW_IMPORT_RUNNING)
		nDone = rec.nBytes;
	json_object_set_new(pObj, "bytes_done", json_integer(nDone));
	hw_import_rec_clear(&rec);
	hw_answer_json(r, 200, pObj);
}

void hw_api_import_rejects(hw_req *r)
{
	hw_store *s = r->pT->pStore;
	hw_import_rec rec;
	hw_err err;
	char zPath[600], zName[64];
	long n = 0;
	int fd;
	hw_rc rc = s->pMethods->xImportLoad(s, r->iId, &rec);

	if (rc != HW_OK) {
		hw_answer_error(r, rc == HW_ENOTFOUND ? 404 : 503, NULL, "no import %lld", r->iId);
		return;
	}
	hw_import_rec_clear(&rec);
	snprintf(zPath, sizeof zPath, "%s/rejects-XXXXXX", r->pSrv->zDataDir);
	if ((fd = mkstemp(zPath)) < 0) {
		hw_answer_error(r, 500, NULL, "cannot write the rejects in %s", r->pSrv->zDataDir);
		return;
	}
	close(fd);
	hw_err_clear(&err);
	if ((rc = hw_import_write_rejects(s, r->iId, zPath, &n, &err)) != HW_OK) {
		unlink(zPath);
		hw_answer_rc(r, rc, &err);
		return;
	}
	if (n == 0) { /* nothing rejected: the header alone */
		unlink(zPath);
		hw_answer_text(r, 200, "text/csv; charset=utf-8", "error\r\n", 7);
		return;
	}
	snprintf(zName, sizeof zName, "import-%lld-rejects.csv", r->iId);
	hw_answer_file(r, "text/csv; charset=utf-8", zPath, zName);
	unlink(zPath); /* the response holds the open file */
}

void hw_upload_shutdown(void)
{
	for (int i = 0; i < MAX_JOBS; i++) {
		pthread_t t;
		pthread_mutex_lock(&g_jobs);
		t = aJob[i].bUsed ? aJob[i].thread : 0;
		aJob[i].thread = 0;
		pthread_mutex_unlock(&g_jobs);
		if (t)
			pthread_join(t, NULL);
	}
}
