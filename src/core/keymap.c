/*
 * keymap.c — open-addressing hash map of 64-bit keys to ids.
 */
#include "core/keymap.h"

#include <stdlib.h> /* calloc, free */

uint64_t hw_keymap_hash(const char *z)
{
	/* FNV-1a, then a final mix so nearby strings spread over the table. */
	uint64_t h = 0xcbf29ce484222325ull;
	for (; *z; z++) {
		h ^= (unsigned char)*z;
		h *= 0x100000001b3ull;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h ? h : 1; /* 0 marks an empty slot */
}

static hw_rc grow(hw_keymap *p)
{
	size_t nNew = p->nSlot ? p->nSlot * 2 : 1024;
	uint64_t *aKey = calloc(nNew, sizeof *aKey);
	long long *aVal = calloc(nNew, sizeof *aVal);
	if (!aKey || !aVal) {
		free(aKey);
		free(aVal);
		return HW_ENOMEM;
	}
	for (size_t i = 0; i < p->nSlot; i++) {
		if (!p->aKey[i])
			continue;
		size_t j = p->aKey[i] & (nNew - 1);
		while (aKey[j])
			j = (j + 1) & (nNew - 1);
		aKey[j] = p->aKey[i];
		aVal[j] = p->aVal[i];
	}
	free(p->aKey);
	free(p->aVal);
	p->aKey = aKey;
	p->aVal = aVal;
	p->nSlot = nNew;
	return HW_OK;
}

hw_rc hw_keymap_put(hw_keymap *p, uint64_t uKey, long long iVal)
{
	size_t i;
	if (!uKey)
		uKey = 1;
	if ((p->nUsed + 1) * 2 > p->nSlot && grow(p) != HW_OK)
		return HW_ENOMEM;
	i = uKey & (p->nSlot - 1);
	while (p->aKey[i] && p->aKey[i] != uKey)
		i = (i + 1) & (p->nSlot - 1);
	if (!p->aKey[i])
		p->nUsed++;
	p->aKey[i] = uKey;
	p->aVal[i] = iVal;
	return HW_OK;
}

long long hw_keymap_get(const hw_keymap *p, uint64_t uKey)
{
	size_t i;
	if (!p->nSlot)
		return 0;
	if (!uKey)
		uKey = 1;
	i = uKey & (p->nSlot - 1);
	while (p->aKey[i]) {
		if (p->aKey[i] == uKey)
			return p->aVal[i];
		i = (i + 1) & (p->nSlot - 1);
	}
	return 0;
}

void hw_keymap_free(hw_keymap *p)
{
	free(p->aKey);
	free(p->aVal);
	p->aKey = NULL;
	p->aVal = NULL;
	p->nSlot = p->nUsed = 0;
}
