/*
 * fuzz_dnc.c — libFuzzer target for the registry file parser
 * (hw_dnc_build_text, and hw_dnc_build_load for zip files): any input must
 * give HW_OK or an error with a line number, never a crash, a read out of
 * bounds or undefined behaviour. The first byte picks the mode.
 *
 *   make fuzz                        build build/fuzz/fuzz_dnc (clang)
 *   build/fuzz/fuzz_dnc -max_total_time=600 tests/fuzz/corpus/dnc
 *
 * 'make check' runs it for a few seconds (tests/e2e/fuzz.sh).
 */
#include "io/dnc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static hw_dnc_build *pBuild;
static char zTmp[64];

int LLVMFuzzerTestOneInput(const uint8_t *a, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *a, size_t n)
{
	hw_dnc_load_stats st;
	hw_err err;
	hw_rc rc;
	if (n < 1)
		return 0;
	if (!pBuild && hw_dnc_build_new("us", NULL, &pBuild, &err) != HW_OK)
		abort();
	hw_err_clear(&err);
	if (n >= 5 && !memcmp(a + 1, "PK\3\4", 4)) {
		FILE *f;
		if (!zTmp[0])
			snprintf(zTmp, sizeof zTmp, "/tmp/fuzz_dnc.%ld.zip", (long)getpid());
		if (!(f = fopen(zTmp, "wb")))
			abort();
		fwrite(a + 1, 1, n - 1, f);
		fclose(f);
		rc = hw_dnc_build_load(pBuild, zTmp, (hw_dnc_mode)(a[0] % 5), 1795392000, NULL, NULL,
				       &st, &err);
	} else {
		rc = hw_dnc_build_text(pBuild, "fuzz", (const char *)a + 1, n - 1,
				       (hw_dnc_mode)(a[0] % 5), 1795392000, &st, &err);
	}
	if (rc == HW_EINVAL && err.zMsg[0] == 0)
		abort(); /* every refusal says why */
	if (rc != HW_OK && rc != HW_EINVAL && rc != HW_ENOTFOUND && rc != HW_ENOMEM)
		abort();
	return 0;
}
