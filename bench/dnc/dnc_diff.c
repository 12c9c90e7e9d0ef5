/*
 * dnc_diff.c — the differential test for a change to src/io/dnc.c: random
 * registry files, some clean, some full of mistakes, loaded by two versions
 * of the parser, which must agree on everything a caller sees: the result,
 * the error message with its FILE:LINE, the load statistics and, when the
 * build succeeds, the index file byte for byte.
 *
 * The candidate is compiled with its hw_dnc_* renamed p_* so both live in one
 * program, and with READ_CHUNK small so that every line crosses a read
 * boundary somewhere. bench/dnc/diff.sh builds and runs it:
 *
 *   bench/dnc/diff.sh [REV] [CASES]   the working tree's dnc.c against REV's
 */
#include "io/dnc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

hw_rc p_bn(const char *, const hw_dnc_index *, hw_dnc_build **, hw_err *);
void p_bf(hw_dnc_build *);
hw_rc p_bl(hw_dnc_build *, const char *, hw_dnc_mode, hw_time, hw_dnc_progress, void *,
	   hw_dnc_load_stats *, hw_err *);
hw_rc p_bt(hw_dnc_build *, const char *, const char *, size_t, hw_dnc_mode, hw_time,
	   hw_dnc_load_stats *, hw_err *);
hw_rc p_bw(hw_dnc_build *, const char *, hw_time, hw_err *);

#define TEXT_MAX (1 << 20)

static unsigned long long uSeed = 1;
static unsigned rnd(unsigned n)
{
	uSeed = uSeed * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)((uSeed >> 33) % n);
}

/* A registry file. Profiles: 0 a clean full list (some ten- and eleven-digit
 * lines), 1 a clean change list, 2 mostly clean, 3 anything. */
static size_t gen(char *z, size_t nCap, int eProf)
{
	size_t n = 0;
	int nLine = 1 + (int)rnd(rnd(10) == 0 ? 3000 : 60);
	int iNpa = 200 + (int)rnd(800), iNxx = 200 + (int)rnd(800);
	if (rnd(10) == 0) {
		memcpy(z, "\xEF\xBB\xBF", 3);
		n = 3;
	}
	for (int i = 0; i < nLine && n + 64 < nCap; i++) {
		const char *zEol = rnd(5) == 0 ? "\r\n" : "\n";
		int k = (int)rnd(100);
		if (eProf == 0)
			k = rnd(3) == 0 ? 60 + (int)rnd(8) : (int)rnd(60);
		else if (eProf == 1)
			k = 68 + (int)rnd(6);
		else if (eProf == 2 && rnd(10))
			k = (int)rnd(60);
		if (rnd(4) == 0) {
			iNpa = 200 + (int)rnd(800);
			iNxx = 200 + (int)rnd(800);
		}
		if (eProf == 3 && rnd(20) == 0)
			iNpa = (int)rnd(1000);
		if (eProf == 3 && rnd(20) == 0)
			iNxx = (int)rnd(1000);
		if (k < 60) {
			n +=
			    (size_t)sprintf(z + n, "%03d,%03d%04u%s", iNpa, iNxx, rnd(10000), zEol);
		} else if (k < 65) {
			n += (size_t)sprintf(z + n, "%03d%03d%04u%s", iNpa, iNxx, rnd(10000), zEol);
		} else if (k < 68) {
			n +=
			    (size_t)sprintf(z + n, "1%03d%03d%04u%s", iNpa, iNxx, rnd(10000), zEol);
		} else if (k < 74) {
			n += (size_t)sprintf(z + n, "%03d,%03d%04u,%s%s", iNpa, iNxx, rnd(10000),
					     rnd(2) ? "A" : "D", zEol);
		} else if (k < 77) {
			n += (size_t)sprintf(z + n, "areacode,phone%s", zEol);
		} else if (k < 80) {
			n += (size_t)sprintf(z + n, "%s", zEol);
		} else if (k < 90) { /* a good line with one byte wrong */
			static const char aBad[] = ":/;\xB3\x13 ,\r\"0";
			char zT[16];
			snprintf(zT, sizeof zT, "%03d,%03d%04u", iNpa % 1000, iNxx % 1000,
				 rnd(10000));
			zT[rnd(11)] = aBad[rnd(sizeof aBad - 1)];
			n += (size_t)sprintf(z + n, "%s%s", zT, zEol);
		} else if (k < 93) { /* no end of line: glued to the next */
			n += (size_t)sprintf(z + n, "%03d,%03d%04u", iNpa, iNxx, rnd(10000));
		} else if (k < 96) {
			n += (size_t)sprintf(z + n, "\"%03d\",\"%03d%04u\"%s", iNpa, iNxx,
					     rnd(10000), zEol);
		} else {
			for (int j = (int)rnd(20); j > 0; j--)
				z[n++] = (char)(32 + rnd(95));
			n += (size_t)sprintf(z + n, "%s", zEol);
		}
	}
	if (rnd(5) == 0 && n > 0 && z[n - 1] == '\n')
		n--; /* no final end of line */
	return n;
}

static int same_file(const char *zA, const char *zB)
{
	static char a[1 << 23], b[1 << 23];
	FILE *f = fopen(zA, "rb"), *g = fopen(zB, "rb");
	size_t na = f ? fread(a, 1, sizeof a, f) : 0, nb = g ? fread(b, 1, sizeof b, g) : 0;
	if (f)
		fclose(f);
	if (g)
		fclose(g);
	return f && g && na == nb && !memcmp(a, b, na);
}

int main(int argc, char **argv)
{
	int nIter = argc > 1 ? atoi(argv[1]) : 1000, nBuilt = 0, nRefused = 0;
	const char *zDir = argc > 2 ? argv[2] : "/tmp";
	char zIn[512], zA[512], zB[512];
	char *z = malloc(TEXT_MAX);
	if (!z)
		return 2;
	snprintf(zIn, sizeof zIn, "%s/dnc_diff.txt", zDir);
	snprintf(zA, sizeof zA, "%s/dnc_diff_a.dnc", zDir);
	snprintf(zB, sizeof zB, "%s/dnc_diff_b.dnc", zDir);
	for (int it = 0; it < nIter; it++) {
		hw_dnc_build *pA, *pB;
		hw_err eA, eB;
		hw_dnc_load_stats sA, sB;
		hw_rc rcA = HW_OK, rcB = HW_OK;
		int nFile = 1 + (int)rnd(3);
		hw_err_clear(&eA);
		hw_err_clear(&eB);
		if (hw_dnc_build_new("us", NULL, &pA, &eA) || p_bn("us", NULL, &pB, &eB))
			return 2;
		for (int f = 0; f < nFile && rcA == HW_OK; f++) {
			size_t n = gen(z, TEXT_MAX, (int)rnd(4));
			hw_dnc_mode eMode = (hw_dnc_mode)(rnd(3) == 0 ? rnd(5) : 0);
			int bFile = (int)rnd(2);
			char zMsgA[1024], zMsgB[1024];
			if (bFile) {
				FILE *fp = fopen(zIn, "wb");
				if (!fp || fwrite(z, 1, n, fp) != n || fclose(fp) != 0)
					return 2;
				rcA = hw_dnc_build_load(pA, zIn, eMode, 1000 + f, NULL, NULL, &sA,
							&eA);
				rcB = p_bl(pB, zIn, eMode, 1000 + f, NULL, NULL, &sB, &eB);
			} else {
				rcA = hw_dnc_build_text(pA, "t", z, n, eMode, 1000 + f, &sA, &eA);
				rcB = p_bt(pB, "t", z, n, eMode, 1000 + f, &sB, &eB);
			}
			hw_err_format(&eA, zMsgA, sizeof zMsgA);
			hw_err_format(&eB, zMsgB, sizeof zMsgB);
			if (rcA != rcB || memcmp(&sA, &sB, sizeof sA) || strcmp(zMsgA, zMsgB)) {
				printf(
				    "DIFFERENT: case %d file %d (%s, mode %d): rc %d / %d, '%s' / "
				    "'%s', lines %llu / %llu\n",
				    it, f, bFile ? "load" : "text", eMode, rcA, rcB, zMsgA, zMsgB,
				    (unsigned long long)sA.nLines, (unsigned long long)sB.nLines);
				return 1;
			}
		}
		if (rcA == HW_OK) {
			if (hw_dnc_build_write(pA, zA, 7, &eA) || p_bw(pB, zB, 7, &eB))
				return 2;
			if (!same_file(zA, zB)) {
				printf("DIFFERENT: case %d: the index files differ\n", it);
				return 1;
			}
			nBuilt++;
		} else {
			nRefused++;
		}
		hw_dnc_build_free(pA);
		p_bf(pB);
	}
	remove(zIn), remove(zA), remove(zB);
	free(z);
	printf("%d cases: %d built identical indexes, %d refused identically\n", nIter, nBuilt,
	       nRefused);
	return 0;
}
