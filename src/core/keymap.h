/*
 * keymap.h — a hash map from 64-bit key hashes to ids, for the hot loops that
 * must not ask the database about every row (an import's "is this number or
 * email already a lead?", "which account is this company?").
 *
 * Keys are 64-bit hashes of strings (hw_keymap_hash), so a hit means "probably
 * this id": callers verify a hit against the real record before trusting it,
 * and a miss is certain. Open addressing, linear probing, grown at three
 * quarters full; a key and its value share a slot (one cache line per probe).
 */
#ifndef HW_CORE_KEYMAP_H
#define HW_CORE_KEYMAP_H

#include "core/hw.h"

#include <stdint.h> /* uint64_t */

typedef struct hw_keymap_slot {
	uint64_t uKey; /* 0 = empty slot */
	long long iVal;
} hw_keymap_slot;

typedef struct hw_keymap {
	hw_keymap_slot *aSlot;
	size_t nSlot;   /* a power of two, or 0 before the first put */
	size_t nUsed;
} hw_keymap;

uint64_t hw_keymap_hash(const char *z);

/* Insert or replace. HW_ENOMEM when it cannot grow. */
hw_rc hw_keymap_put(hw_keymap *p, uint64_t uKey, long long iVal) HW_MUST_CHECK;

/* The value for uKey, or 0 when absent. */
long long hw_keymap_get(const hw_keymap *p, uint64_t uKey);

void hw_keymap_free(hw_keymap *p);

#endif
