/*
 * fuzz_tmpl.c — libFuzzer target for the template scanner and the render:
 * any text must check or be refused with a message and a place, never crash,
 * read out of bounds or hit undefined behaviour; a text that checks must
 * render, or be refused naming a known field; check, render and each_field
 * must agree.
 *
 * The first byte picks bNoNewline (bit 0) and how values look (bits 1-2: a
 * word, "" which counts as missing, a line break, a long value); the next
 * four bytes say which fields have a value (bit i for field i). The rest is
 * the template.
 *
 *   make fuzz                        build build/fuzz/fuzz_tmpl (clang)
 *   build/fuzz/fuzz_tmpl -max_total_time=600 tests/fuzz/corpus/tmpl
 *
 * 'make check' runs it for a few seconds (tests/e2e/fuzz.sh).
 */
#include "core/tmpl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct ctx {
	uint32_t uHas; /* bit i: field i has a value */
	int eStyle;    /* 0 word, 1 "", 2 with a line break, 3 long */
	int nCall;
} ctx;

static char zLong[5000];

static int field_index(const char *zField)
{
	int n;
	const hw_tmpl_field *a = hw_tmpl_fields(&n);
	for (int i = 0; i < n; i++)
		if (a[i].zName == zField) /* the table's own string, not a copy */
			return i;
	abort();
}

static int field_index_name(const char *zField)
{
	int n;
	const hw_tmpl_field *a = hw_tmpl_fields(&n);
	for (int i = 0; i < n; i++)
		if (!strcmp(a[i].zName, zField))
			return i;
	abort();
}

static const char *value(void *pCtx, const char *zField)
{
	ctx *c = pCtx;
	int i = field_index(zField);
	c->nCall++;
	if (!(c->uHas >> (i % 32) & 1))
		return NULL;
	switch (c->eStyle) {
	case 0:
		return "word";
	case 1:
		return "";
	case 2:
		return i % 2 ? "two\nlines" : "one line";
	default:
		return zLong;
	}
}

static void count_field(void *pCtx, const char *zField)
{
	int *an = pCtx;
	an[field_index(zField)]++;
}

int LLVMFuzzerTestOneInput(const uint8_t *a, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *a, size_t n)
{
	ctx c;
	hw_err errCheck, err;
	hw_rc rc;
	char *zText, *zOut = (char *)"unset";
	int nField, anSeen[64] = {0};
	if (n < 5)
		return 0;
	if (!zLong[0])
		memset(zLong, 'v', sizeof zLong - 1);
	hw_tmpl_fields(&nField);
	c.eStyle = (a[0] >> 1) & 3;
	c.uHas = (uint32_t)a[1] | (uint32_t)a[2] << 8 | (uint32_t)a[3] << 16 | (uint32_t)a[4] << 24;
	c.nCall = 0;
	if (!(zText = malloc(n - 5 + 1)))
		return 0;
	memcpy(zText, a + 5, n - 5);
	zText[n - 5] = 0; /* an inner NUL ends the text early, as in C */

	rc = hw_tmpl_check(zText, "fuzz", &errCheck);
	if (rc != HW_OK && rc != HW_EINVAL)
		abort();
	if (rc == HW_EINVAL && (!errCheck.zMsg[0] || strcmp(errCheck.zFile, "fuzz")))
		abort(); /* every refusal says why, and where */
	if (rc == HW_EINVAL && strlen(zText) <= HW_TMPL_MAX_TEXT &&
	    (errCheck.iLine < 1 || errCheck.iCol < 1))
		abort();

	hw_tmpl_each_field(zText, count_field, anSeen);
	for (int i = 0; i < nField; i++)
		if (anSeen[i] > 1 || (rc != HW_OK && anSeen[i]))
			abort(); /* once each, and nothing from a text that does not check */

	hw_rc rcRender = hw_tmpl_render(zText, value, &c, a[0] & 1, &zOut, &err);
	if (rcRender == HW_OK) {
		if (rc != HW_OK || !zOut)
			abort();
		/* the fallbacks hold no line break; style 2 is the only value with one */
		if ((a[0] & 1) && strpbrk(zOut, "\r\n") && !strpbrk(zText, "\r\n"))
			abort();
		free(zOut);
	} else {
		if (zOut || !err.zMsg[0])
			abort();
		if (rc != HW_OK) {
			/* refused as the check refused it, before asking for any value */
			if (rcRender != HW_EINVAL || c.nCall || err.iLine != errCheck.iLine ||
			    err.iCol != errCheck.iCol || strcmp(err.zField, errCheck.zField) ||
			    strcmp(err.zMsg, errCheck.zMsg))
				abort();
		} else if (rcRender == HW_EINVAL) {
			if (!hw_tmpl_is_field(err.zField) || !anSeen[field_index_name(err.zField)])
				abort(); /* a missing value names a field the text uses */
			if (err.iLine < 1 || err.iCol < 1)
				abort();
		} else if (rcRender != HW_ENOMEM) {
			abort();
		}
	}
	/* every field has a one-line value: a text that checks always renders */
	if (rc == HW_OK) {
		c.uHas = 0xffffffffu;
		c.eStyle = 0;
		if (hw_tmpl_render(zText, value, &c, 1, &zOut, &err) != HW_OK)
			abort();
		free(zOut);
	}
	free(zText);
	return 0;
}
