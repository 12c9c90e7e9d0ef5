/*
 * dnc_set.c — the registry index files of one database, kept mapped.
 */
#include "io/dnc_set.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

const hw_dnc_list hw_dnc_lists[] = {
	{"us", "US National Do Not Call Registry", "US PR VI GU AS MP"},
	{"ca", "Canadian National Do Not Call List", "CA"},
	{NULL, NULL, NULL},
};

#define N_LISTS 2

const hw_dnc_list *hw_dnc_list_find(const char *zList)
{
	for (int i = 0; zList && hw_dnc_lists[i].zList; i++)
		if (!strcmp(hw_dnc_lists[i].zList, zList))
			return &hw_dnc_lists[i];
	return NULL;
}

void hw_dnc_path(const char *zDb, const char *zList, char *zBuf, size_t nBuf)
{
	snprintf(zBuf, nBuf, "%s.dnc-%s", zDb, zList);
}

typedef struct set_file {
	char zPath[4096];
	hw_dnc_index *pIdx;
	dev_t dev;
	ino_t ino;
	struct timespec mtime;
	off_t size;
} set_file;

struct hw_dnc_set {
	set_file a[N_LISTS];
	hw_registry reg;
};

static int region_in(const char *zRegions, const char *zRegion)
{
	size_t n = strlen(zRegion);
	for (const char *z = zRegions; n && *z;) {
		size_t k = strcspn(z, " ");
		if (k == n && !memcmp(z, zRegion, n))
			return 1;
		z += k;
		z += *z == ' ';
	}
	return 0;
}

static void set_lookup(void *pCtx, const char *zE164, const char *zRegion, hw_reg_hit *pOut)
{
	hw_dnc_set *p = pCtx;
	uint64_t n = hw_dnc_key(zE164);
	memset(pOut, 0, sizeof *pOut);
	if (!n)
		return;
	pOut->iArea = (int)(n / 10000000u);
	for (int i = 0; i < N_LISTS; i++) {
		const hw_dnc_index *pIdx = p->a[i].pIdx;
		hw_time t;
		/* an unknown region: any loaded NANP list may hold the number */
		if (!pIdx || (zRegion[0] && !region_in(hw_dnc_lists[i].zRegions, zRegion)))
			continue;
		snprintf(pOut->zList, sizeof pOut->zList, "%s", hw_dnc_lists[i].zList);
		t = hw_dnc_npa_date(pIdx, pOut->iArea);
		if (!t) {
			if (zRegion[0])
				pOut->eState = HW_REG_MISSING;
			continue;
		}
		pOut->tCopy = t;
		pOut->eState = hw_dnc_has(pIdx, n) ? HW_REG_LISTED : HW_REG_CLEAR;
		if (pOut->eState == HW_REG_LISTED || zRegion[0])
			return;
	}
}

hw_rc hw_dnc_set_open(const char *zDb, hw_dnc_set **ppOut, hw_err *pErr)
{
	hw_dnc_set *p = calloc(1, sizeof *p);
	hw_rc rc;
	*ppOut = NULL;
	if (!p)
		return HW_ENOMEM;
	for (int i = 0; i < N_LISTS; i++)
		hw_dnc_path(zDb, hw_dnc_lists[i].zList, p->a[i].zPath, sizeof p->a[i].zPath);
	p->reg.xLookup = set_lookup;
	p->reg.pCtx = p;
	if ((rc = hw_dnc_set_refresh(p, pErr)) != HW_OK) {
		hw_dnc_set_close(p);
		return rc;
	}
	*ppOut = p;
	return HW_OK;
}

void hw_dnc_set_close(hw_dnc_set *p)
{
	if (!p)
		return;
	for (int i = 0; i < N_LISTS; i++)
		hw_dnc_close(p->a[i].pIdx);
	free(p);
}

hw_rc hw_dnc_set_refresh(hw_dnc_set *p, hw_err *pErr)
{
	for (int i = 0; i < N_LISTS; i++) {
		set_file *f = &p->a[i];
		struct stat st;
		hw_dnc_index *pNew = NULL;
		hw_rc rc;
		if (stat(f->zPath, &st) != 0) {
			hw_dnc_close(f->pIdx); /* removed: no copy any more */
			f->pIdx = NULL;
			continue;
		}
		if (f->pIdx && st.st_dev == f->dev && st.st_ino == f->ino && st.st_size == f->size &&
		    st.st_mtim.tv_sec == f->mtime.tv_sec && st.st_mtim.tv_nsec == f->mtime.tv_nsec)
			continue;
		if ((rc = hw_dnc_open(f->zPath, &pNew, pErr)) != HW_OK && rc != HW_ENOTFOUND)
			return rc;
		hw_dnc_close(f->pIdx);
		f->pIdx = pNew;
		f->dev = st.st_dev;
		f->ino = st.st_ino;
		f->size = st.st_size;
		f->mtime = st.st_mtim;
	}
	return HW_OK;
}

const hw_registry *hw_dnc_set_registry(hw_dnc_set *p)
{
	return p ? &p->reg : NULL;
}

const hw_dnc_index *hw_dnc_set_index(const hw_dnc_set *p, const char *zList)
{
	for (int i = 0; p && i < N_LISTS; i++)
		if (!strcmp(hw_dnc_lists[i].zList, zList))
			return p->a[i].pIdx;
	return NULL;
}

typedef struct rescrub_ctx {
	const hw_registry *pReg;
	hw_time tNow;
	hw_rescrub *pOut;
	char (*aChange)[32]; /* "+1NPANXXXXXX" then the list after a NUL */
	size_t nChange, nAlloc;
	hw_dnc_progress xProgress;
	void *pCtx;
	int bNoMem, bStop;
} rescrub_ctx;

static int rescrub_cb(void *pv, const char *zE164, const char *zRegion, const char *zRegistry)
{
	rescrub_ctx *c = pv;
	hw_scrub s;
	const char *zNow;
	c->pOut->nNumbers++;
	hw_scrub_number(c->pReg, zE164, zRegion, 0, 0, c->tNow, &s);
	zNow = s.hit.eState == HW_REG_LISTED ? s.hit.zList : "";
	c->pOut->nListed += zNow[0] != 0;
	if (strcmp(zNow, zRegistry) != 0 && strlen(zE164) < 20) {
		if (c->nChange == c->nAlloc) {
			size_t n = c->nAlloc ? c->nAlloc * 2 : 1024;
			void *pNew = realloc(c->aChange, n * sizeof c->aChange[0]);
			if (!pNew) {
				c->bNoMem = 1;
				return 1;
			}
			c->aChange = pNew;
			c->nAlloc = n;
		}
		memset(c->aChange[c->nChange], 0, 32);
		memcpy(c->aChange[c->nChange], zE164, strlen(zE164));
		snprintf(c->aChange[c->nChange] + 20, 12, "%s", zNow);
		c->nChange++;
	}
	if (c->xProgress && c->pOut->nNumbers % 65536 == 0 &&
	    c->xProgress(c->pCtx, (uint64_t)c->pOut->nNumbers, 0))
		return c->bStop = 1;
	return 0;
}

hw_rc hw_dnc_rescrub(hw_store *pStore, const hw_registry *pReg, hw_time tNow,
		     hw_dnc_progress xProgress, void *pCtx, hw_rescrub *pOut, hw_err *pErr)
{
	const hw_store_methods *pM = pStore->pMethods;
	rescrub_ctx c = {.pReg = pReg, .tNow = tNow, .pOut = pOut, .xProgress = xProgress,
			 .pCtx = pCtx};
	hw_rc rc;
	memset(pOut, 0, sizeof *pOut);
	if ((rc = hw_store_begin(pStore, 0)) != HW_OK)
		goto fail;
	rc = pM->xPhoneScan(pStore, "+1", rescrub_cb, &c);
	if (rc == HW_OK && c.bNoMem)
		rc = HW_ENOMEM;
	if (rc == HW_OK && c.bStop)
		rc = HW_ECONFLICT;
	for (size_t i = 0; rc == HW_OK && i < c.nChange; i++) {
		const char *zList = c.aChange[i] + 20;
		rc = pM->xPhoneSetRegistry(pStore, c.aChange[i], zList[0] ? zList : NULL, tNow);
	}
	pOut->nChanged = (long long)c.nChange;
	if (rc == HW_OK)
		rc = hw_store_commit(pStore);
	if (rc != HW_OK)
		hw_store_rollback(pStore);
fail:
	free(c.aChange);
	if (rc != HW_OK)
		hw_err_set(pErr, "cannot scrub the leads' numbers: %s",
			   rc == HW_ESTORE ? hw_store_errmsg(pStore) : hw_rc_name(rc));
	return rc;
}

typedef struct load_prog {
	hw_dnc_load_progress x;
	void *pCtx;
	int iPhase, iFile;
} load_prog;

static int load_prog_cb(void *pv, uint64_t nDone, uint64_t nTotal)
{
	load_prog *l = pv;
	if (l->x)
		l->x(l->pCtx, l->iPhase, l->iFile, nDone, nTotal);
	return 0;
}

hw_rc hw_dnc_load_files(const char *zDb, hw_store *pStore, const char *zList,
			const char *const *azFile, int nFile, hw_dnc_mode eMode, hw_time tCopy,
			long long iUser, hw_time tNow, hw_dnc_load_progress xProgress, void *pCtx,
			hw_dnc_load_result *pOut, hw_err *pErr)
{
	char zLock[4200];
	hw_dnc_index *pBase = NULL, *pNew = NULL;
	hw_dnc_build *pB = NULL;
	hw_dnc_set *pSet = NULL;
	load_prog lp = {xProgress, pCtx, 0, 0};
	int fdLock;
	hw_rc rc;

	memset(pOut, 0, sizeof *pOut);
	if (nFile < 1 || nFile > HW_DNC_LOAD_FILES) {
		hw_err_set(pErr, "load 1 to %d files at once", HW_DNC_LOAD_FILES);
		return HW_EUSAGE;
	}
	hw_dnc_path(zDb, zList, pOut->zIndex, sizeof pOut->zIndex);
	snprintf(zLock, sizeof zLock, "%s.lock", pOut->zIndex);
	if ((fdLock = open(zLock, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0 ||
	    flock(fdLock, LOCK_EX) != 0) {
		hw_err_at(pErr, zLock, 0, 0, NULL, "cannot lock the registry copy: %s",
			  strerror(errno));
		if (fdLock >= 0)
			close(fdLock);
		return HW_EIO;
	}
	if ((rc = hw_dnc_open(pOut->zIndex, &pBase, pErr)) != HW_OK && rc != HW_ENOTFOUND)
		goto done;
	if ((rc = hw_dnc_build_new(zList, pBase, &pB, pErr)) != HW_OK)
		goto done;
	for (int i = 0; i < nFile; i++) {
		lp.iFile = i;
		if ((rc = hw_dnc_build_load(pB, azFile[i], eMode, tCopy, load_prog_cb, &lp,
					    &pOut->aFile[i], pErr)) != HW_OK)
			goto done; /* the copy on disk is untouched */
	}
	if ((rc = hw_dnc_build_write(pB, pOut->zIndex, tNow, pErr)) != HW_OK ||
	    (rc = hw_dnc_open(pOut->zIndex, &pNew, pErr)) != HW_OK)
		goto done;
	hw_dnc_build_free(pB);
	pB = NULL;
	hw_dnc_info_get(pNew, &pOut->info);
	if ((rc = hw_store_begin(pStore, 1)) != HW_OK)
		goto store_fail;
	for (int i = 0; rc == HW_OK && i < nFile; i++) {
		hw_dnc_load_rec rec;
		memset(&rec, 0, sizeof rec);
		snprintf(rec.zList, sizeof rec.zList, "%s", zList);
		snprintf(rec.zFile, sizeof rec.zFile, "%s", azFile[i]);
		rec.bChange = pOut->aFile[i].bChangeList;
		rec.tCopy = tCopy;
		rec.nLines = (long long)pOut->aFile[i].nLines;
		rec.nAdded = (long long)pOut->aFile[i].nAdded;
		rec.nDeleted = (long long)pOut->aFile[i].nDeleted;
		rec.nNumbers = (long long)pOut->info.nNumbers;
		rec.iUser = iUser;
		rec.tLoaded = tNow;
		rc = pStore->pMethods->xDncLoadSave(pStore, &rec);
	}
	if (rc == HW_OK)
		rc = hw_store_commit(pStore);
	if (rc != HW_OK) {
		hw_store_rollback(pStore);
		goto store_fail;
	}
	/* the leads' flags follow the new copy */
	if ((rc = hw_dnc_set_open(zDb, &pSet, pErr)) != HW_OK)
		goto done;
	lp.iPhase = 1;
	rc = hw_dnc_rescrub(pStore, hw_dnc_set_registry(pSet), tNow, load_prog_cb, &lp,
			    &pOut->scrub, pErr);
	goto done;
store_fail:
	hw_err_set(pErr, "cannot record the load: %s", hw_store_errmsg(pStore));
done:
	hw_dnc_set_close(pSet);
	hw_dnc_build_free(pB);
	hw_dnc_close(pBase);
	hw_dnc_close(pNew);
	close(fdLock); /* and the lock with it */
	return rc;
}
