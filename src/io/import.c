/*
 * import.c — the import pipeline: CSV rows -> leads, merged or inserted in
 * batches, with rejects recorded and progress reported. See import.h for the
 * lifecycle and the crash contract.
 */
#include "io/import_int.h"

#include "core/leadjson.h"
#include "io/csvout.h"
#include "io/phone.h"

#include <jansson.h>  /* options and rejects are JSON */
#include <limits.h>   /* PATH_MAX */
#include <pthread.h>  /* the reader thread */
#include <stdlib.h>   /* realpath */
#include <string.h>   /* strlen */
#include <sys/stat.h> /* stat */

#define DEFAULT_BATCH 50000
#define MAX_COLUMNS 512


void hw_import_rejects_path(const char *zFile, char *zBuf, size_t nBuf)
{
	size_t n = strlen(zFile);
	if (n > 4 && strcasecmp(zFile + n - 4, ".csv") == 0)
		n -= 4;
	snprintf(zBuf, nBuf, "%.*s.rejects.csv", (int)n, zFile);
}

static hw_rc is_suppressed(hw_store *pStore, const hw_lead *pLead, int *pb)
{
	hw_rc rc = HW_OK;
	*pb = 0;
	for (int i = 0; i < pLead->nPhone && !*pb && rc == HW_OK; i++)
		rc = pStore->pMethods->xSuppressed(pStore, "phone", pLead->aPhone[i].zE164, pb);
	if (rc == HW_OK && !*pb && pLead->azField[HW_F_EMAIL])
		rc = pStore->pMethods->xSuppressed(pStore, "email", pLead->azField[HW_F_EMAIL], pb);
	return rc;
}

static int key_loaded(void *pCtx, const char *zKey, long long iLead)
{
	return hw_keymap_put(pCtx, hw_keymap_hash(zKey), iLead) != HW_OK;
}

/* Remember the lead's numbers and email as its own. */
static hw_rc remember_keys(importer *p, const hw_lead *pLead)
{
	char zKey[HW_PHONE_KEY_MAX];
	hw_rc rc = HW_OK;
	for (int i = 0; i < pLead->nPhone && rc == HW_OK; i++)
		rc = hw_keymap_put(&p->mKeys, hw_keymap_hash(hw_phone_key(&pLead->aPhone[i], zKey)),
				   pLead->iId);
	if (rc == HW_OK && pLead->azField[HW_F_EMAIL])
		rc = hw_keymap_put(&p->mKeys, hw_keymap_hash(pLead->azField[HW_F_EMAIL]), pLead->iId);
	return rc;
}

/* Does pOld really share a number or the email with pNew (a hash hit could
 * in theory be a collision)? */
static int same_person(const hw_lead *pOld, const hw_lead *pNew)
{
	const char *zA = pOld->azField[HW_F_EMAIL], *zB = pNew->azField[HW_F_EMAIL];
	if (zA && zB && strcmp(zA, zB) == 0)
		return 1;
	for (int i = 0; i < pNew->nPhone; i++)
		for (int j = 0; j < pOld->nPhone; j++)
			if (hw_phone_same(&pNew->aPhone[i], &pOld->aPhone[j]))
				return 1;
	return 0;
}

static hw_rc ensure_account(importer *p, hw_lead *pLead, hw_time tNow)
{
	char zKey[256];
	uint64_t uHash;
	hw_rc rc;
	if (!pLead->azField[HW_F_COMPANY])
		return HW_OK;
	hw_account_key(pLead->azField[HW_F_COMPANY], zKey, sizeof zKey);
	uHash = hw_keymap_hash(zKey);
	if ((pLead->iAccountId = hw_keymap_get(&p->mAccounts, uHash)) != 0)
		return HW_OK;
	rc = p->pStore->pMethods->xAccountEnsure(p->pStore, pLead, p->pRec->iId, tNow,
						 &pLead->iAccountId);
	if (rc == HW_OK && pLead->iAccountId)
		rc = hw_keymap_put(&p->mAccounts, uHash, pLead->iAccountId);
	return rc;
}

/*
 * A row can name two leads at once: its number is lead A's, its mobile or email
 * lead B's. It merges into A; the keys B owns stay B's (one number, one lead)
 * and are dropped from the row here. *pnDropped counts them.
 */
static hw_rc drop_foreign_keys(importer *p, hw_lead *pLead, long long iTarget, int *pnDropped)
{
	const hw_store_methods *pM = p->pStore->pMethods;
	hw_lead probe;
	long long iOwner;
	char zKey[HW_PHONE_KEY_MAX];
	hw_rc rc = HW_OK;
	int n = 0;

	*pnDropped = 0;
	memset(&probe, 0, sizeof probe);
	for (int i = 0; i < pLead->nPhone; i++) {
		hw_lead_phone *pP = &pLead->aPhone[i];
		iOwner = hw_keymap_get(&p->mKeys, hw_keymap_hash(hw_phone_key(pP, zKey)));
		if (iOwner && iOwner != iTarget) {
			probe.nPhone = 1;
			probe.aPhone[0] = *pP; /* borrowed: probe is never cleared */
			rc = pM->xLeadFind(p->pStore, &probe, &iOwner);
			if (rc == HW_OK && iOwner != iTarget) {
				free(pP->zRaw);
				(*pnDropped)++;
				continue;
			}
			if (rc != HW_OK && rc != HW_ENOTFOUND)
				return rc;
		}
		pLead->aPhone[n++] = *pP;
	}
	pLead->nPhone = n;
	const char *zEmail = pLead->azField[HW_F_EMAIL];
	if (zEmail && (iOwner = hw_keymap_get(&p->mKeys, hw_keymap_hash(zEmail))) != 0 &&
	    iOwner != iTarget) {
		probe.nPhone = 0;
		probe.azField[HW_F_EMAIL] = (char *)zEmail;
		rc = pM->xLeadFind(p->pStore, &probe, &iOwner);
		if (rc == HW_OK && iOwner != iTarget) {
			rc = hw_lead_set(pLead, HW_F_EMAIL, NULL);
			(*pnDropped)++;
		} else if (rc == HW_ENOTFOUND) {
			rc = HW_OK;
		}
	}
	return rc;
}

/* Flag the numbers a national registry lists; 1 when one is. */
static int flag_registry(importer *p, hw_lead *pLead, hw_time tNow)
{
	int bAny = 0;
	for (int i = 0; p->pOpts->pRegistry && i < pLead->nPhone; i++) {
		hw_lead_phone *pP = &pLead->aPhone[i];
		hw_scrub s;
		hw_scrub_number(p->pOpts->pRegistry, pP->zE164, pP->zRegion, 0, 0, tNow, &s);
		if (s.hit.eState == HW_REG_LISTED) {
			snprintf(pP->zRegistry, sizeof pP->zRegistry, "%s", s.hit.zList);
			bAny = 1;
		}
	}
	return bAny;
}

/* Store one good lead: merge into its duplicate or insert it. */
static hw_rc store_lead(importer *p, hw_lead *pLead)
{
	hw_store *pS = p->pStore;
	const hw_store_methods *pM = pS->pMethods;
	hw_time tNow = hw_clock_now(p->pOpts->pClock);
	char zKey[HW_PHONE_KEY_MAX];
	long long iFound = 0;
	int bSuppressed = 0;
	hw_lead old;
	hw_rc rc;

	if (p->bAnySuppressed && (rc = is_suppressed(pS, pLead, &bSuppressed)) != HW_OK)
		return rc;
	if (bSuppressed)
		p->pRec->nSuppressed++;
	if (flag_registry(p, pLead, tNow))
		p->pRec->nRegistry++;
	pLead->tCreated = pLead->tUpdated = tNow;
	for (int i = 0; i < pLead->nPhone && !iFound; i++)
		iFound = hw_keymap_get(&p->mKeys, hw_keymap_hash(hw_phone_key(&pLead->aPhone[i], zKey)));
	if (!iFound && pLead->azField[HW_F_EMAIL])
		iFound = hw_keymap_get(&p->mKeys, hw_keymap_hash(pLead->azField[HW_F_EMAIL]));
	memset(&old, 0, sizeof old);
	if (iFound) {
		if ((rc = pM->xLeadLoad(pS, iFound, &old)) != HW_OK && rc != HW_ENOTFOUND)
			return rc;
		if (rc == HW_ENOTFOUND || !same_person(&old, pLead)) {
			hw_lead_clear(&old);
			rc = pM->xLeadFind(pS, pLead, &iFound);
			if (rc == HW_ENOTFOUND)
				iFound = 0;
			else if (rc != HW_OK || (rc = pM->xLeadLoad(pS, iFound, &old)) != HW_OK)
				return rc;
		}
	}
	if (!iFound) {
		pLead->iImport = p->pRec->iId;
		rc = ensure_account(p, pLead, tNow);
		if (rc == HW_OK)
			rc = pM->xLeadInsert(pS, pLead);
		if (rc == HW_OK)
			rc = remember_keys(p, pLead);
		if (rc == HW_OK)
			p->pRec->nImported++;
		return rc;
	}

	/* A duplicate: fill what the existing lead lacks, keep all it has. */
	int nChanged, nDropped;
	if ((rc = drop_foreign_keys(p, pLead, old.iId, &nDropped)) != HW_OK) {
		hw_lead_clear(&old);
		return rc;
	}
	/* Undo needs the lead as it was before this import, unless this import
	 * made it: undo deletes those. (A list with many rows per number merges
	 * into its own new leads again and again: 6% of the writer's time in
	 * the intl benchmark went to snapshots nobody would read.) */
	char *zBefore = NULL;
	if (old.iImport != p->pRec->iId && !(zBefore = hw_lead_snapshot(&old))) {
		hw_lead_clear(&old);
		return HW_ENOMEM;
	}
	rc = hw_lead_merge(&old, pLead, &nChanged);
	if (!old.zJur[0] && pLead->zJur[0]) {
		memcpy(old.zJur, pLead->zJur, sizeof old.zJur);
		nChanged++;
	}
	if (!old.bIcp && pLead->bIcp) {
		old.bIcp = 1;
		old.iIcp = pLead->iIcp;
		nChanged++;
	}
	if (rc == HW_OK && !old.iAccountId)
		rc = ensure_account(p, &old, tNow);
	if (rc == HW_OK && nChanged > 0) {
		old.tUpdated = tNow;
		if (zBefore)
			rc = pM->xImportMergeSave(pS, p->pRec->iId, old.iId, zBefore);
		if (rc == HW_OK)
			rc = pM->xLeadUpdate(pS, &old, p->pRec->iId);
		if (rc == HW_OK)
			rc = remember_keys(p, &old);
	}
	if (rc == HW_OK)
		p->pRec->nMerged++;
	free(zBefore);
	hw_lead_clear(&old);
	return rc;
}

/* Load what the store knows before the first row. */
static hw_rc load_known(importer *p, hw_err *pErr)
{
	long long nSuppressed = 0;
	char *zIcp = NULL;
	hw_rc rc = p->pStore->pMethods->xSettingGet(p->pStore, "icp", &zIcp);
	if (rc == HW_OK || rc == HW_ENOTFOUND) {
		rc = hw_icp_parse(zIcp ? zIcp : hw_icp_default_text, zIcp ? "icp (stored)" : "icp (default)",
				  &p->pIcp, pErr);
		free(zIcp);
		if (rc != HW_OK)
			return rc;
	}
	if (rc == HW_OK)
		rc = p->pStore->pMethods->xLeadKeys(p->pStore, key_loaded, &p->mKeys);
	if (rc == HW_OK)
		rc = p->pStore->pMethods->xSuppressionCount(p->pStore, &nSuppressed);
	p->bAnySuppressed = nSuppressed > 0;
	if (rc != HW_OK)
		hw_err_set(pErr, "cannot read the existing leads: %s",
			   rc == HW_ESTORE ? hw_store_errmsg(p->pStore) : hw_rc_name(rc));
	return rc;
}

static void progress(importer *p, long long nOffset)
{
	if (!p->pOpts->xProgress)
		return;
	hw_import_progress pr = {
		.iImport = p->pRec->iId,
		.nBytesDone = nOffset,
		.nBytesTotal = p->pRec->nBytes,
		.nRows = p->pRec->nRows,
		.nImported = p->pRec->nImported,
		.nMerged = p->pRec->nMerged,
		.nRejected = p->pRec->nRejected,
	};
	p->pOpts->xProgress(p->pOpts->pProgressCtx, &pr);
}

/* Commit the batch with the record of how far it got, and open the next. */
static hw_rc checkpoint(importer *p, int bLast, hw_err *pErr)
{
	hw_store *pS = p->pStore;
	hw_rc rc;
	if (bLast) {
		p->pRec->eStatus = HW_IMPORT_DONE;
		p->pRec->tFinished = hw_clock_now(p->pOpts->pClock);
	}
	rc = pS->pMethods->xImportSave(pS, p->pRec);
	if (rc == HW_OK && bLast) {
		/* the webhooks' import.finished, in the import's last transaction */
		char zBody[320];
		snprintf(zBody, sizeof zBody,
			 "{\"event\":\"import.finished\",\"import_id\":%lld,\"rows\":%lld,"
			 "\"imported\":%lld,\"merged\":%lld,\"rejected\":%lld,\"at\":%lld}",
			 p->pRec->iId, p->pRec->nRows, p->pRec->nImported, p->pRec->nMerged,
			 p->pRec->nRejected, p->pRec->tFinished);
		rc = pS->pMethods->xWebhookQueue(pS, "import.finished", zBody, p->pRec->tFinished,
						 NULL);
	}
	if (rc == HW_OK)
		rc = hw_store_commit(pS);
	if (rc == HW_OK && !bLast)
		rc = hw_store_begin(pS, 0);
	if (rc != HW_OK)
		hw_err_set(pErr, "import %lld: could not save a batch: %s", p->pRec->iId,
			   hw_store_errmsg(pS));
	p->nInBatch = 0;
	return rc;
}

/*
 * The reader thread hands rows to the writer in chunks through a small ring:
 * the reader blocks when all slots are full, the writer when all are empty.
 * Either side can stop the other (end of file, an error, a store failure).
 * The writer gives each chunk it has stored back (pDone), and the reader
 * frees its rows and fills it again: the writer, the import's bottleneck,
 * spends no time on free().
 */
#define CHUNK_ITEMS 512
#define RING_SLOTS 4

typedef struct chunk {
	int nItem;
	import_item aItem[CHUNK_ITEMS];
	long long nOffset; /* bytes of the file read when the chunk was filled */
	int bLast;         /* no chunk after this one */
	hw_rc rcEnd;       /* with bLast: HW_OK at end of file, else the error */
	hw_err err;
	struct chunk *pNext; /* in the list of stored chunks */
} chunk;

typedef struct ring {
	importer *pImp;
	long iSkipThrough;
	chunk *aSlot[RING_SLOTS];
	int iHead, iTail, nFull;
	chunk *pDone; /* stored by the writer, for the reader to clear and reuse */
	int bStop;       /* the writer gave up: the reader must end */
	int bReaderDone; /* the reader ended: no chunk will come after the queued */
	pthread_mutex_t mu;
	pthread_cond_t cvFull, cvEmpty;
} ring;

static void chunk_clear(chunk *c)
{
	for (int i = 0; i < c->nItem; i++)
		hw_import_item_clear(&c->aItem[i]);
	c->nItem = 0;
}

/* Reader: give a filled chunk to the writer; 0 if the writer stopped. */
static int ring_push(ring *r, chunk *c)
{
	int bOk;
	pthread_mutex_lock(&r->mu);
	while (r->nFull == RING_SLOTS && !r->bStop)
		pthread_cond_wait(&r->cvEmpty, &r->mu);
	bOk = !r->bStop;
	if (bOk) {
		r->aSlot[r->iHead] = c;
		r->iHead = (r->iHead + 1) % RING_SLOTS;
		r->nFull++;
		pthread_cond_signal(&r->cvFull);
	}
	pthread_mutex_unlock(&r->mu);
	return bOk;
}

static chunk *ring_pop(ring *r)
{
	chunk *c;
	pthread_mutex_lock(&r->mu);
	while (r->nFull == 0 && !r->bReaderDone)
		pthread_cond_wait(&r->cvFull, &r->mu);
	if (r->nFull == 0) {
		pthread_mutex_unlock(&r->mu);
		return NULL;
	}
	c = r->aSlot[r->iTail];
	r->iTail = (r->iTail + 1) % RING_SLOTS;
	r->nFull--;
	pthread_cond_signal(&r->cvEmpty);
	pthread_mutex_unlock(&r->mu);
	return c;
}

/* Writer: hand a stored chunk back. */
static void ring_done(ring *r, chunk *c)
{
	pthread_mutex_lock(&r->mu);
	c->pNext = r->pDone;
	r->pDone = c;
	pthread_mutex_unlock(&r->mu);
}

/* Reader: an empty chunk, a stored one cleared if there is one. */
static chunk *ring_reuse(ring *r)
{
	chunk *c;
	pthread_mutex_lock(&r->mu);
	if ((c = r->pDone) != NULL)
		r->pDone = c->pNext;
	pthread_mutex_unlock(&r->mu);
	if (!c)
		return calloc(1, sizeof *c);
	chunk_clear(c);
	c->nOffset = 0;
	c->bLast = 0;
	c->rcEnd = HW_OK;
	memset(&c->err, 0, sizeof c->err);
	c->pNext = NULL;
	return c;
}

static void ring_stop(ring *r)
{
	pthread_mutex_lock(&r->mu);
	r->bStop = 1;
	pthread_cond_broadcast(&r->cvEmpty);
	pthread_mutex_unlock(&r->mu);
}

static void reader_done(ring *r)
{
	pthread_mutex_lock(&r->mu);
	r->bReaderDone = 1;
	pthread_cond_broadcast(&r->cvFull);
	pthread_mutex_unlock(&r->mu);
}

static void *reader_main(void *pArg)
{
	ring *r = pArg;
	importer *p = r->pImp;
	int nField;
	char **azField;
	size_t *anLen;
	long iLine;

	for (;;) {
		chunk *c = ring_reuse(r);
		hw_rc rc = HW_OK;
		if (!c) {
			reader_done(r); /* the writer sees the end without a last chunk */
			return NULL;
		}
		while (c->nItem < CHUNK_ITEMS &&
		       (rc = hw_csv_next(p->pCsv, &nField, &azField, &anLen, &iLine, &c->err)) ==
			       HW_OK) {
			if (iLine <= r->iSkipThrough)
				continue;
			if ((rc = hw_import_row(p, iLine, nField, azField, &c->aItem[c->nItem])) !=
			    HW_OK) {
				hw_err_at(&c->err, p->zShownFile, iLine, 0, NULL,
					  "cannot read this row: %s", hw_rc_name(rc));
				break;
			}
			c->nItem++;
		}
		c->nOffset = hw_csv_offset(p->pCsv);
		if (rc != HW_OK) {
			c->bLast = 1;
			c->rcEnd = rc == HW_ENOTFOUND ? HW_OK : rc;
		}
		int bLast = c->bLast;
		if (!ring_push(r, c)) {
			chunk_clear(c);
			free(c);
			reader_done(r);
			return NULL;
		}
		if (bLast) {
			reader_done(r);
			return NULL;
		}
	}
}

/* Writer: store one item. */
static hw_rc write_item(importer *p, import_item *pItem)
{
	p->pRec->nRows++;
	if (pItem->bReject) {
		hw_reject_row r = {.iLine = pItem->iLine,
				   .iCol = pItem->iCol,
				   .zField = pItem->zField,
				   .zMsg = pItem->zMsg,
				   .zRowJson = pItem->zRowJson};
		p->pRec->nRejected++;
		return p->pStore->pMethods->xImportReject(p->pStore, p->pRec->iId, &r);
	}
	return store_lead(p, &pItem->lead);
}

/* The rows after the header, from iSkipThrough (resume) on. */
static hw_rc import_rows(importer *p, long iSkipThrough, hw_err *pErr)
{
	long nBatch = p->pOpts->nBatch > 0 ? p->pOpts->nBatch : DEFAULT_BATCH;
	ring r = {.pImp = p, .iSkipThrough = iSkipThrough};
	pthread_t tReader;
	long long nOffset = 0;
	int bEnd = 0;
	hw_rc rc;

	if ((rc = p->pStore->pMethods->xBulk(p->pStore, 1)) != HW_OK ||
	    (rc = hw_store_begin(p->pStore, 0)) != HW_OK) {
		hw_err_set(pErr, "cannot start a transaction: %s", hw_store_errmsg(p->pStore));
		(void)p->pStore->pMethods->xBulk(p->pStore, 0);
		return rc;
	}
	pthread_mutex_init(&r.mu, NULL);
	pthread_cond_init(&r.cvFull, NULL);
	pthread_cond_init(&r.cvEmpty, NULL);
	if (pthread_create(&tReader, NULL, reader_main, &r) != 0) {
		hw_store_rollback(p->pStore);
		hw_err_set(pErr, "cannot start the import's reader thread");
		rc = HW_ENOMEM;
		goto done_sync;
	}
	while (!bEnd && rc == HW_OK) {
		chunk *c = ring_pop(&r);
		if (!c) {
			hw_err_set(pErr, "the import's reader stopped: out of memory");
			rc = HW_ENOMEM;
			break;
		}
		for (int i = 0; i < c->nItem && rc == HW_OK; i++) {
			import_item *pItem = &c->aItem[i];
			if ((rc = write_item(p, pItem)) != HW_OK) {
				hw_err_at(pErr, p->zShownFile, pItem->iLine, 0, NULL,
					  "could not store this row: %s",
					  rc == HW_ESTORE ? hw_store_errmsg(p->pStore)
							  : hw_rc_name(rc));
				break;
			}
			p->pRec->iLastLine = pItem->iLine;
			if (++p->nInBatch >= nBatch) {
				if ((rc = checkpoint(p, 0, pErr)) != HW_OK)
					break;
				nOffset = c->nOffset;
				progress(p, nOffset);
			}
		}
		if (rc == HW_OK && c->bLast) {
			bEnd = 1;
			rc = c->rcEnd;
			if (rc != HW_OK && pErr)
				*pErr = c->err;
		}
		nOffset = c->nOffset;
		ring_done(&r, c);
	}
	if (!bEnd) {
		/* The writer failed: stop the reader and drain what it queued. */
		ring_stop(&r);
		pthread_mutex_lock(&r.mu);
		while (r.nFull) {
			chunk *c = r.aSlot[r.iTail];
			r.iTail = (r.iTail + 1) % RING_SLOTS;
			r.nFull--;
			chunk_clear(c);
			free(c);
		}
		pthread_mutex_unlock(&r.mu);
	}
	pthread_join(tReader, NULL);
	while (r.pDone) {
		chunk *c = r.pDone;
		r.pDone = c->pNext;
		chunk_clear(c);
		free(c);
	}
	if (rc == HW_OK)
		rc = checkpoint(p, 1, pErr);
	else
		hw_store_rollback(p->pStore);
	progress(p, nOffset);
done_sync:
	if (p->pStore->pMethods->xBulk(p->pStore, 0) != HW_OK && rc == HW_OK) {
		hw_err_set(pErr, "cannot leave bulk mode: %s", hw_store_errmsg(p->pStore));
		rc = HW_ESTORE;
	}
	pthread_cond_destroy(&r.cvFull);
	pthread_cond_destroy(&r.cvEmpty);
	pthread_mutex_destroy(&r.mu);
	return rc;
}

static void importer_free(importer *p)
{
	for (int i = 0; i < p->nHeader; i++)
		free(p->azHeader[i]);
	free(p->azHeader);
	free(p->aMap);
	hw_keymap_free(&p->mKeys);
	hw_keymap_free(&p->mAccounts);
	hw_icp_free(p->pIcp);
	p->pIcp = NULL;
	hw_csv_close(p->pCsv);
}

/* Open the CSV, read and map the header. */
static hw_rc importer_open(importer *p, const char *zPath, char cDelim, char **azMap, int nMap,
			   hw_err *pErr)
{
	hw_csv_info info;
	int nField;
	char **azField;
	size_t *anLen;
	long iLine;
	hw_rc rc;

	if ((rc = hw_csv_open(zPath, cDelim, &p->pCsv, &info, pErr)) != HW_OK)
		return rc;
	snprintf(p->pOpts->zWarning, sizeof p->pOpts->zWarning, "%s", info.zWarning);
	if ((rc = hw_csv_next(p->pCsv, &nField, &azField, &anLen, &iLine, pErr)) != HW_OK) {
		if (rc == HW_ENOTFOUND) {
			hw_err_at(pErr, p->zShownFile, 0, 0, NULL,
				  "the file is empty; export the lead list with a header row");
			rc = HW_EINVAL;
		}
		return rc;
	}
	if (nField > MAX_COLUMNS) {
		hw_err_at(pErr, p->zShownFile, iLine, 0, NULL,
			  "the header has %d columns; at most %d are supported", nField,
			  MAX_COLUMNS);
		return HW_EINVAL;
	}
	p->nHeader = nField;
	p->azHeader = calloc((size_t)nField, sizeof *p->azHeader);
	p->aMap = calloc((size_t)nField, sizeof *p->aMap);
	if (!p->azHeader || !p->aMap)
		return HW_ENOMEM;
	for (int i = 0; i < nField; i++) {
		if (!(p->azHeader[i] = strdup(hw_import_clean_cell(azField[i]))))
			return HW_ENOMEM;
	}
	rc = hw_fieldmap_build(p->azHeader, nField, azMap, nMap, p->aMap, pErr);
	if (rc == HW_EINVAL && pErr && !pErr->zFile[0])
		snprintf(pErr->zFile, sizeof pErr->zFile, "%s", p->zShownFile);
	if (rc != HW_OK)
		return rc;
	int bUseful = 0;
	for (int i = 0; i < nField; i++)
		bUseful |= p->aMap[i].eField == HW_F_PHONE || p->aMap[i].eField == HW_F_EMAIL;
	if (!bUseful) {
		hw_err_at(pErr, p->zShownFile, iLine, 0, NULL,
			  "no column holds a phone number or an email (header: '%s'%s); name "
			  "them (Phone, Mobile, Email, …) or map them with --map 'Column=phone'",
			  p->azHeader[0], nField > 1 ? ", …" : "");
		return HW_EINVAL;
	}
	return HW_OK;
}

static char *options_json(const importer *p, const char *zRegion, char cDelim)
{
	const hw_import_opts *pOpts = p->pOpts;
	json_t *pO = json_object(), *pMap = json_array(), *pHeader = json_array();
	char zD[2] = {cDelim, 0};
	char *z;
	for (int i = 0; i < pOpts->nMap; i++)
		json_array_append_new(pMap, json_string(pOpts->azMap[i]));
	json_object_set_new(pO, "region", json_string(zRegion));
	json_object_set_new(pO, "delimiter", json_string(zD));
	json_object_set_new(pO, "map", pMap);
	for (int i = 0; i < p->nHeader; i++)
		json_array_append_new(pHeader, json_string(p->azHeader[i]));
	json_object_set_new(pO, "header", pHeader);
	z = json_dumps(pO, JSON_COMPACT);
	json_decref(pO);
	return z;
}

static hw_rc resolve_region(const char *zIn, char zRegion[4], hw_err *pErr)
{
	zRegion[0] = 0;
	if (!zIn || !zIn[0])
		return HW_OK;
	if (hw_phone_region_for_country(zIn, zRegion) != HW_OK) {
		hw_err_set(pErr, "--region '%s' is not a country hawser knows; use an ISO code "
				 "such as US or GB",
			   zIn);
		return HW_EUSAGE;
	}
	return HW_OK;
}

hw_rc hw_import_run(hw_store *pStore, hw_import_opts *pOpts, hw_import_rec *pRec, hw_err *pErr)
{
	importer imp = {.pStore = pStore, .pOpts = pOpts, .pRec = pRec, .zShownFile = pOpts->zFile};
	char zAbs[PATH_MAX];
	struct stat st;
	hw_rc rc;

	memset(pRec, 0, sizeof *pRec);
	if ((rc = resolve_region(pOpts->zRegion, imp.zRegion, pErr)) != HW_OK)
		return rc;
	if ((rc = importer_open(&imp, pOpts->zFile, pOpts->cDelim, pOpts->azMap, pOpts->nMap,
				pErr)) != HW_OK)
		goto done;
	if (!realpath(pOpts->zFile, zAbs) || stat(zAbs, &st) != 0) {
		hw_err_at(pErr, pOpts->zFile, 0, 0, NULL, "cannot resolve the file's path");
		rc = HW_EIO;
		goto done;
	}
	pRec->zFile = strdup(zAbs);
	pRec->zOptions = options_json(&imp, imp.zRegion, pOpts->cDelim);
	pRec->nBytes = st.st_size;
	pRec->tStarted = hw_clock_now(pOpts->pClock);
	if (!pRec->zFile || !pRec->zOptions) {
		rc = HW_ENOMEM;
		goto done;
	}
	/* The record is committed alone first, so a crash leaves an id to resume. */
	if ((rc = hw_store_begin(pStore, 1)) != HW_OK ||
	    (rc = pStore->pMethods->xImportCreate(pStore, pRec)) != HW_OK ||
	    (rc = hw_store_commit(pStore)) != HW_OK) {
		hw_store_rollback(pStore);
		hw_err_set(pErr, "cannot record the import: %s", hw_store_errmsg(pStore));
		goto done;
	}
	progress(&imp, 0); /* the id is known: a server can answer the upload */
	if ((rc = load_known(&imp, pErr)) == HW_OK)
		rc = import_rows(&imp, 0, pErr);
done:
	importer_free(&imp);
	return rc;
}

hw_rc hw_import_resume(hw_store *pStore, long long iId, hw_import_opts *pOpts, hw_import_rec *pRec,
		       hw_err *pErr)
{
	importer imp = {.pStore = pStore, .pOpts = pOpts, .pRec = pRec};
	struct stat st;
	json_t *pO = NULL;
	char **azMap = NULL;
	int nMap = 0;
	hw_rc rc;

	rc = pStore->pMethods->xImportLoad(pStore, iId, pRec);
	if (rc == HW_ENOTFOUND) {
		hw_err_set(pErr, "there is no import %lld; 'hawser imports' lists them", iId);
		return rc;
	}
	if (rc != HW_OK)
		return rc;
	if (pRec->eStatus != HW_IMPORT_RUNNING) {
		hw_err_set(pErr, "import %lld is %s already; only an interrupted import can be "
				 "resumed",
			   iId, hw_import_status_names[pRec->eStatus]);
		return HW_ECONFLICT;
	}
	imp.zShownFile = pRec->zFile;
	if (stat(pRec->zFile, &st) != 0 || st.st_size != pRec->nBytes) {
		hw_err_at(pErr, pRec->zFile, 0, 0, NULL,
			  "the file is missing or changed since import %lld started (%lld bytes "
			  "then); resume needs the same file, or undo the import with --undo %lld",
			  iId, pRec->nBytes, iId);
		return HW_ECONFLICT;
	}
	pO = json_loads(pRec->zOptions, 0, NULL);
	json_t *pMap = json_object_get(pO, "map");
	const char *zDelim = json_string_value(json_object_get(pO, "delimiter"));
	snprintf(imp.zRegion, sizeof imp.zRegion, "%s",
		 json_string_value(json_object_get(pO, "region"))
			 ? json_string_value(json_object_get(pO, "region"))
			 : "");
	nMap = (int)json_array_size(pMap);
	if (nMap && !(azMap = calloc((size_t)nMap, sizeof *azMap))) {
		rc = HW_ENOMEM;
		goto done;
	}
	for (int i = 0; i < nMap; i++)
		azMap[i] = (char *)json_string_value(json_array_get(pMap, (size_t)i));
	rc = importer_open(&imp, pRec->zFile, zDelim ? zDelim[0] : 0, azMap, nMap, pErr);
	if (rc == HW_OK)
		rc = load_known(&imp, pErr);
	if (rc == HW_OK)
		rc = import_rows(&imp, pRec->iLastLine, pErr);
done:
	free(azMap);
	json_decref(pO);
	importer_free(&imp);
	return rc;
}

typedef struct undo_ctx {
	hw_store *pStore;
	hw_time tNow;
	hw_rc rc;
} undo_ctx;

static int undo_merge(void *pCtx, long long iLead, const char *zBefore)
{
	undo_ctx *pU = pCtx;
	hw_lead lead;
	pU->rc = pU->pStore->pMethods->xLeadLoad(pU->pStore, iLead, &lead);
	if (pU->rc == HW_ENOTFOUND) {
		pU->rc = HW_OK; /* removed since by a later undo: nothing to restore */
		return 0;
	}
	if (pU->rc == HW_OK)
		pU->rc = hw_lead_restore(&lead, zBefore);
	lead.tUpdated = pU->tNow;
	/* All phones are already stored (iId set), so none is re-inserted. */
	if (pU->rc == HW_OK)
		pU->rc = pU->pStore->pMethods->xLeadUpdate(pU->pStore, &lead, 0);
	hw_lead_clear(&lead);
	return pU->rc != HW_OK;
}

hw_rc hw_import_undo(hw_store *pStore, long long iId, const hw_clock *pClock, hw_import_rec *pRec,
		     hw_err *pErr)
{
	const hw_store_methods *pM = pStore->pMethods;
	undo_ctx u = {.pStore = pStore, .tNow = hw_clock_now(pClock)};
	char zDetail[128];
	hw_rc rc;

	memset(pRec, 0, sizeof *pRec);
	if ((rc = hw_store_begin(pStore, 1)) != HW_OK)
		goto fail_store;
	rc = pM->xImportLoad(pStore, iId, pRec);
	if (rc == HW_ENOTFOUND) {
		hw_err_set(pErr, "there is no import %lld", iId);
		goto fail;
	}
	if (rc != HW_OK)
		goto fail_store;
	if (pRec->eStatus == HW_IMPORT_UNDONE) {
		hw_err_set(pErr, "import %lld was undone already", iId);
		rc = HW_ECONFLICT;
		goto fail;
	}
	rc = pM->xImportMerges(pStore, iId, undo_merge, &u);
	if (rc == HW_OK)
		rc = u.rc;
	if (rc != HW_OK)
		goto fail_store;
	rc = pM->xImportPurge(pStore, iId);
	if (rc == HW_ECONFLICT) {
		hw_err_set(pErr, "import %lld cannot be undone: some of its leads have been "
				 "called or have tasks since, and undo never deletes history",
			   iId);
		goto fail;
	}
	if (rc != HW_OK)
		goto fail_store;
	pRec->eStatus = HW_IMPORT_UNDONE;
	pRec->tFinished = u.tNow;
	snprintf(zDetail, sizeof zDetail, "{\"imported\":%lld,\"merged\":%lld}",
		 pRec->nImported, pRec->nMerged);
	if ((rc = pM->xImportSave(pStore, pRec)) != HW_OK ||
	    (rc = pM->xAudit(pStore, u.tNow, 0, "import.undo", "import", iId, zDetail)) != HW_OK ||
	    (rc = hw_store_commit(pStore)) != HW_OK)
		goto fail_store;
	return HW_OK;

fail_store:
	hw_err_set(pErr, "undo of import %lld failed: %s", iId,
		   rc == HW_ESTORE ? hw_store_errmsg(pStore) : hw_rc_name(rc));
fail:
	hw_store_rollback(pStore);
	hw_import_rec_clear(pRec);
	return rc;
}

typedef struct rejects_ctx {
	FILE *pOut;
	const char *zFile;
	long n;
} rejects_ctx;

static int write_reject(void *pCtx, const hw_reject_row *pR)
{
	rejects_ctx *pC = pCtx;
	char zWhere[600];
	json_t *pRow = json_loads(pR->zRowJson, 0, NULL);
	size_t i;
	json_t *pV;

	if (pR->iCol > 0)
		snprintf(zWhere, sizeof zWhere, "%s:%ld:%d: %s%s%s%s", pC->zFile, pR->iLine,
			 pR->iCol, pR->zField ? "field '" : "", pR->zField ? pR->zField : "",
			 pR->zField ? "': " : "", pR->zMsg);
	else
		snprintf(zWhere, sizeof zWhere, "%s:%ld: %s", pC->zFile, pR->iLine, pR->zMsg);
	hw_csvout_cell(pC->pOut, zWhere, 1);
	json_array_foreach(pRow, i, pV) hw_csvout_cell(pC->pOut, json_string_value(pV), 0);
	hw_csvout_end(pC->pOut);
	json_decref(pRow);
	pC->n++;
	return 0;
}

hw_rc hw_import_write_rejects(hw_store *pStore, long long iId, const char *zPath, long *pn,
			      hw_err *pErr)
{
	hw_import_rec rec;
	rejects_ctx c = {0};
	hw_rc rc;

	*pn = 0;
	if ((rc = pStore->pMethods->xImportLoad(pStore, iId, &rec)) != HW_OK) {
		hw_err_set(pErr, "there is no import %lld", iId);
		return rc;
	}
	if (!rec.nRejected) {
		remove(zPath); /* no stale rejects from an earlier run */
		hw_import_rec_clear(&rec);
		return HW_OK;
	}
	if (!(c.pOut = fopen(zPath, "w"))) {
		hw_err_at(pErr, zPath, 0, 0, NULL, "cannot write the rejects file: %m");
		hw_import_rec_clear(&rec);
		return HW_EIO;
	}
	c.zFile = strrchr(rec.zFile, '/') ? strrchr(rec.zFile, '/') + 1 : rec.zFile;
	/* The reason, then the row under its own header: fix the cells, then
	 * import this file with --map error=ignore. */
	json_t *pO = json_loads(rec.zOptions, 0, NULL), *pH;
	size_t i;
	hw_csvout_cell(c.pOut, "error", 1);
	json_array_foreach(json_object_get(pO, "header"), i, pH)
		hw_csvout_cell(c.pOut, json_string_value(pH), 0);
	hw_csvout_end(c.pOut);
	json_decref(pO);
	rc = pStore->pMethods->xImportRejects(pStore, iId, write_reject, &c);
	if (fclose(c.pOut) != 0 && rc == HW_OK) {
		hw_err_at(pErr, zPath, 0, 0, NULL, "cannot write the rejects file: %m");
		rc = HW_EIO;
	}
	*pn = c.n;
	hw_import_rec_clear(&rec);
	return rc;
}
