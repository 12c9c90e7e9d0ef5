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
	hw_keymap_slot *aNew = calloc(nNew, sizeof *aNew);
	if (!aNew)
		return HW_ENOMEM;
	for (size_t i = 0; i < p->nSlot; i++) {
		if (!p->aSlot[i].uKey)
			continue;
		size_t j = p->aSlot[i].uKey & (nNew - 1);
		while (aNew[j].uKey)
			j = (j + 1) & (nNew - 1);
		aNew[j] = p->aSlot[i];
	}
	free(p->aSlot);
	p->aSlot = aNew;
	p->nSlot = nNew;
	return HW_OK;
}

hw_rc hw_keymap_put(hw_keymap *p, uint64_t uKey, long long iVal)
{
	size_t i;
	if (!uKey)
		uKey = 1;
	if ((p->nUsed + 1) * 4 > p->nSlot * 3 && grow(p) != HW_OK)
		return HW_ENOMEM;
	i = uKey & (p->nSlot - 1);
	while (p->aSlot[i].uKey && p->aSlot[i].uKey != uKey)
		i = (i + 1) & (p->nSlot - 1);
	if (!p->aSlot[i].uKey)
		p->nUsed++;
	p->aSlot[i].uKey = uKey;
	p->aSlot[i].iVal = iVal;
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
	while (p->aSlot[i].uKey) {
		if (p->aSlot[i].uKey == uKey)
			return p->aSlot[i].iVal;
		i = (i + 1) & (p->nSlot - 1);
	}
	return 0;
}

void hw_keymap_free(hw_keymap *p)
{
	free(p->aSlot);
	p->aSlot = NULL;
	p->nSlot = p->nUsed = 0;
}
