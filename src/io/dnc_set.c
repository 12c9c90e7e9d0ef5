/*
 * dnc_set.c — the registry index files of one database, kept mapped.
 */
#include "io/dnc_set.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
