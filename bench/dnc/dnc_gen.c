/*
 * dnc_gen.c — a generated national do-not-call registry for bench/dnc, in the
 * US registry's full-list flat format, and a lead list to scrub against it.
 *
 *   dnc_gen [-n NUMBERS] [-s SEED] [-m LEADS] -o REGISTRY -l LEADS -t TRUTH
 *
 * REGISTRY gets NUMBERS lines "NPA,NXXXXXX" (LF, sorted, no duplicates),
 * spread as the real registry is: about 1,244 numbers per exchange on
 * average (12% of its 10,000 lines), ~670 exchanges in each of ~300 area
 * codes at 250M numbers (NPA and NXX begin with 2..9, never N11; no N9X area
 * code), 90% of exchanges dense (a random 0.5..1.5 of the mean, so bitmaps in
 * the index) and 10% sparse (1..300 numbers, so sorted arrays). LEADS gets
 * LEADS numbers "+1NPANXXXXXX" in random order: half listed (drawn uniformly
 * from the registry), 40% unlisted lines of listed exchanges, 10% in
 * exchanges the registry does not have. TRUTH has, line for line, "1" when
 * the lead is listed, "0" when not: the ground truth the benchmark checks.
 *
 * The numbers are random, not fictional: they are data for a benchmark that
 * dials nothing. Deterministic for a seed and a count. Prints one JSON line.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MEAN_PER_EXCHANGE 1244 /* 250M numbers over ~201k exchanges */
#define EX_PER_NPA 670
#define SPARSE_PCT 10
#define SPARSE_MAX 300
#define LINES 10000
#define WORDS 157 /* 10,000 bits */
#define OUTBUF (8u << 20)

/* ---- random numbers: splitmix64 ---- */

static uint64_t rnd_next(uint64_t *pS)
{
	uint64_t z = (*pS += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Uniform in 0..n-1 (n < 2^32) without a division. */
static uint32_t rnd_below(uint64_t *pS, uint32_t n)
{
	return (uint32_t)(((rnd_next(pS) >> 32) * (uint64_t)n) >> 32);
}

static void die(const char *zWhat)
{
	fprintf(stderr, "dnc_gen: %s%s%s\n", zWhat, errno ? ": " : "",
		errno ? strerror(errno) : "");
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- buffered output: a writer thread writes one buffer while the
 * generator fills the other, so making the text and copying it into the page
 * cache (half the time each) overlap ---- */

typedef struct out {
	int fd;
	const char *zPath;
	char *aBuf[2];
	int iCur; /* the buffer being filled */
	char *a;  /* == aBuf[iCur] */
	size_t n;
	uint64_t nTotal;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t nPending; /* bytes of aBuf[!iCur] the writer has yet to write */
	int bStop;
} out;

static void *out_writer(void *pArg)
{
	out *o = pArg;
	pthread_mutex_lock(&o->mu);
	for (;;) {
		while (!o->nPending && !o->bStop)
			pthread_cond_wait(&o->cv, &o->mu);
		if (!o->nPending)
			break;
		{
			const char *a = o->aBuf[!o->iCur];
			size_t n = o->nPending;
			pthread_mutex_unlock(&o->mu);
			for (size_t i = 0; i < n;) {
				ssize_t k = write(o->fd, a + i, n - i);
				if (k < 0 && errno == EINTR)
					continue;
				if (k <= 0)
					die(o->zPath);
				i += (size_t)k;
			}
			pthread_mutex_lock(&o->mu);
		}
		o->nPending = 0;
		pthread_cond_broadcast(&o->cv);
	}
	pthread_mutex_unlock(&o->mu);
	return NULL;
}

static void out_open(out *o, const char *zPath)
{
	memset(o, 0, sizeof *o);
	o->zPath = zPath;
	o->aBuf[0] = xmalloc(OUTBUF);
	o->aBuf[1] = xmalloc(OUTBUF);
	o->a = o->aBuf[0];
	/* a new file: truncating an old one waits for its writeback */
	if (unlink(zPath) != 0 && errno != ENOENT)
		die(zPath);
	if ((o->fd = open(zPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
		die(zPath);
	errno = 0;
	pthread_mutex_init(&o->mu, NULL);
	pthread_cond_init(&o->cv, NULL);
	if (pthread_create(&o->thread, NULL, out_writer, o) != 0)
		die("cannot start the writer thread");
}

/* Hand the full buffer to the writer; carry on in the other one. */
static void out_flush(out *o)
{
	pthread_mutex_lock(&o->mu);
	while (o->nPending)
		pthread_cond_wait(&o->cv, &o->mu);
	o->nPending = o->n;
	o->iCur = !o->iCur;
	pthread_cond_broadcast(&o->cv);
	pthread_mutex_unlock(&o->mu);
	o->a = o->aBuf[o->iCur];
	o->nTotal += o->n;
	o->n = 0;
}

/* Room for at least nNeed more bytes. */
static char *out_room(out *o, size_t nNeed)
{
	if (OUTBUF - o->n < nNeed)
		out_flush(o);
	return o->a + o->n;
}

static void out_close(out *o)
{
	out_flush(o);
	pthread_mutex_lock(&o->mu);
	o->bStop = 1;
	pthread_cond_broadcast(&o->cv);
	pthread_mutex_unlock(&o->mu);
	pthread_join(o->thread, NULL);
	if (close(o->fd) != 0)
		die(o->zPath);
	free(o->aBuf[0]);
	free(o->aBuf[1]);
	pthread_mutex_destroy(&o->mu);
	pthread_cond_destroy(&o->cv);
}

/* ---- the registry's shape ---- */

typedef struct exch {
	uint16_t iNpa, iNxx;
	uint32_t nNum; /* numbers listed */
} exch;

typedef struct lead {
	uint64_t iNum;	/* the ten digits, once known */
	uint32_t iEx;	/* its exchange (listed and unlisted-in-exchange kinds) */
	uint32_t iRank; /* listed: the rank of its line among the exchange's */
	uint8_t eKind;	/* LEAD_* */
} lead;

enum { LEAD_LISTED = 1, LEAD_UNLISTED, LEAD_ABSENT };

static int code_ok(int i, int bNpa)
{
	if (i < 200 || i > 999 || (i % 100 == 11))
		return 0;
	return !bNpa || (i / 10) % 10 != 9; /* N9X area codes are reserved */
}

/* k distinct codes of the valid ones, sorted. */
static int pick_codes(uint64_t *pS, int bNpa, int k, uint16_t *aOut)
{
	uint16_t aAll[800];
	int n = 0;
	for (int i = 200; i <= 999; i++)
		if (code_ok(i, bNpa))
			aAll[n++] = (uint16_t)i;
	if (k > n)
		k = n;
	for (int i = 0; i < k; i++) {
		int j = i + (int)rnd_below(pS, (uint32_t)(n - i));
		uint16_t t = aAll[i];
		aAll[i] = aAll[j];
		aAll[j] = t;
	}
	memcpy(aOut, aAll, (size_t)k * sizeof *aOut);
	for (int i = 1; i < k; i++) /* insertion sort: k <= 800 */
		for (int j = i; j > 0 && aOut[j - 1] > aOut[j]; j--) {
			uint16_t t = aOut[j];
			aOut[j] = aOut[j - 1];
			aOut[j - 1] = t;
		}
	return k;
}

/* The exchanges and their counts, which sum to nTotal exactly. */
static exch *plan_exchanges(uint64_t *pS, uint64_t nTotal, uint32_t *pnEx)
{
	uint16_t aNpa[800], aNxx[800];
	uint64_t nEx = (nTotal + MEAN_PER_EXCHANGE - 1) / MEAN_PER_EXCHANGE;
	uint64_t nSparse = 0, nDenseWant;
	double *aW, wSum = 0, acc = 0;
	uint32_t nNpa, iEx = 0, nDense = 0;
	uint64_t nDone = 0;
	exch *aEx;

	if (nEx == 0)
		nEx = 1;
	nNpa = (uint32_t)((nEx + EX_PER_NPA - 1) / EX_PER_NPA);
	if (nNpa > 712 || nTotal > 712ull * 792 * LINES)
		die("too many numbers for the NANP");
	nNpa = (uint32_t)pick_codes(pS, 1, (int)nNpa, aNpa);
	if (nEx > (uint64_t)nNpa * 792)
		nEx = (uint64_t)nNpa * 792;
	aEx = xmalloc(nEx * sizeof *aEx);
	aW = xmalloc(nEx * sizeof *aW);
	for (uint32_t i = 0; i < nNpa; i++) {
		uint32_t k = (uint32_t)(nEx / nNpa + (i < nEx % nNpa));
		int nGot = pick_codes(pS, 0, (int)k, aNxx);
		for (int j = 0; j < nGot; j++) {
			aEx[iEx].iNpa = aNpa[i];
			aEx[iEx++].iNxx = aNxx[j];
		}
	}
	nEx = iEx;
	/* sparse exchanges first (none in a tiny registry), then the dense
	 * ones share the rest in proportion to a random weight */
	for (uint32_t i = 0; i < nEx; i++) {
		if (nEx >= 10 && rnd_below(pS, 100) < SPARSE_PCT &&
		    nSparse + SPARSE_MAX < nTotal / 20) {
			aEx[i].nNum = 1 + rnd_below(pS, SPARSE_MAX);
			nSparse += aEx[i].nNum;
			aW[i] = 0;
		} else {
			aW[i] = 0.5 + rnd_below(pS, 1000001) / 1e6;
			wSum += aW[i];
			nDense++;
		}
	}
	if (nDense == 0)
		die("no dense exchange: give more numbers");
	nDenseWant = nTotal - nSparse;
	for (uint32_t i = 0; i < nEx; i++) {
		uint64_t nUpTo;
		if (aW[i] == 0)
			continue;
		acc += aW[i];
		nUpTo = (uint64_t)((double)nDenseWant * acc / wSum + 0.5);
		if (nUpTo > nDenseWant || --nDense == 0)
			nUpTo = nDenseWant;
		if (nUpTo - nDone > LINES)
			die("an exchange would hold more than 10,000 numbers");
		aEx[i].nNum = (uint32_t)(nUpTo - nDone);
		nDone = nUpTo;
	}
	free(aW);
	*pnEx = (uint32_t)nEx;
	return aEx;
}

/* ---- one exchange ---- */

static void fill_bitmap(uint64_t *pS, uint32_t nNum, uint64_t *w)
{
	int bSet = nNum <= LINES / 2;
	uint32_t nLeft = bSet ? nNum : LINES - nNum;
	memset(w, bSet ? 0 : 0xFF, WORDS * 8);
	if (!bSet)
		w[WORDS - 1] &= (1ull << (LINES % 64)) - 1;
	while (nLeft) {
		uint32_t i = rnd_below(pS, LINES);
		uint64_t m = 1ull << (i & 63);
		if (((w[i >> 6] & m) != 0) == bSet)
			continue;
		w[i >> 6] ^= m;
		nLeft--;
	}
}

static uint32_t line_of_rank(const uint64_t *w, uint32_t iRank)
{
	for (uint32_t i = 0;; i++) {
		uint32_t n = (uint32_t)__builtin_popcountll(w[i]);
		uint64_t x = w[i];
		if (iRank >= n) {
			iRank -= n;
			continue;
		}
		while (iRank--)
			x &= x - 1;
		return i * 64 + (uint32_t)__builtin_ctzll(x);
	}
}

static char aDigit4[LINES][4];

static void write_exchange(out *o, const exch *e, const uint64_t *w)
{
	char zPre[8] = {(char)('0' + e->iNpa / 100), (char)('0' + e->iNpa / 10 % 10),
			(char)('0' + e->iNpa % 10),  ',',
			(char)('0' + e->iNxx / 100), (char)('0' + e->iNxx / 10 % 10),
			(char)('0' + e->iNxx % 10),  0};
	char *z = out_room(o, (size_t)e->nNum * 12);
	for (uint32_t i = 0; i < WORDS; i++)
		for (uint64_t x = w[i]; x; x &= x - 1) {
			uint32_t iLine = i * 64 + (uint32_t)__builtin_ctzll(x);
			memcpy(z, zPre, 7);
			memcpy(z + 7, aDigit4[iLine], 4);
			z[11] = '\n';
			z += 12;
		}
	o->n += (size_t)e->nNum * 12;
}

static uint64_t number_of(const exch *e, uint32_t iLine)
{
	return (uint64_t)e->iNpa * 10000000u + (uint64_t)e->iNxx * 10000u + iLine;
}

int main(int argc, char **argv)
{
	uint64_t nTotal = 250000000, iSeed = 1, nLead = 1000000, s;
	const char *zReg = NULL, *zLeads = NULL, *zTruth = NULL;
	uint32_t nEx, nSparse = 0, nNpaUsed = 0, *aStart, *aOrder;
	uint64_t *aCum, w[WORDS];
	uint8_t *aPresent;
	exch *aEx;
	lead *aLead;
	out o;
	double t0 = seconds(), tReg;

	for (int i = 1; i < argc; i++) {
		const char *z = argv[i], *zv = i + 1 < argc ? argv[i + 1] : NULL;
		if (!zv)
			goto usage;
		if (!strcmp(z, "-n"))
			nTotal = strtoull(zv, NULL, 10);
		else if (!strcmp(z, "-s"))
			iSeed = strtoull(zv, NULL, 10);
		else if (!strcmp(z, "-m"))
			nLead = strtoull(zv, NULL, 10);
		else if (!strcmp(z, "-o"))
			zReg = zv;
		else if (!strcmp(z, "-l"))
			zLeads = zv;
		else if (!strcmp(z, "-t"))
			zTruth = zv;
		else
			goto usage;
		i++;
	}
	if (!zReg || !zLeads || !zTruth || nTotal == 0 || nLead < 2)
		goto usage;
	errno = 0;
	s = iSeed * 0x2545F4914F6CDD1Dull + 17;
	for (int i = 0; i < LINES; i++)
		memcpy(aDigit4[i],
		       (char[4]){(char)('0' + i / 1000), (char)('0' + i / 100 % 10),
				 (char)('0' + i / 10 % 10), (char)('0' + i % 10)},
		       4);

	aEx = plan_exchanges(&s, nTotal, &nEx);
	aCum = xmalloc(((size_t)nEx + 1) * sizeof *aCum);
	aPresent = xmalloc(800 * 800);
	for (uint32_t i = 0; i < nEx; i++) {
		aCum[i + 1] = aCum[i] + aEx[i].nNum;
		aPresent[(aEx[i].iNpa - 200) * 800 + (aEx[i].iNxx - 200)] = 1;
		nSparse += aEx[i].nNum <= SPARSE_MAX;
		nNpaUsed += i == 0 || aEx[i].iNpa != aEx[i - 1].iNpa;
	}

	/* the leads: what each is, then grouped by exchange so each is drawn
	 * while its exchange's bitmap is at hand */
	aLead = xmalloc(nLead * sizeof *aLead);
	for (uint64_t i = 0; i < nLead; i++) {
		lead *l = &aLead[i];
		if (i < nLead / 2) {
			uint64_t g = rnd_next(&s) % nTotal;
			uint32_t lo = 0, hi = nEx; /* the exchange with aCum[e] <= g < aCum[e+1] */
			while (hi - lo > 1) {
				uint32_t mid = (lo + hi) / 2;
				if (aCum[mid] <= g)
					lo = mid;
				else
					hi = mid;
			}
			l->eKind = LEAD_LISTED;
			l->iEx = lo;
			l->iRank = (uint32_t)(g - aCum[lo]);
		} else if (i < nLead / 2 + (nLead - nLead / 2) * 4 / 5) {
			l->eKind = LEAD_UNLISTED;
			do
				l->iEx = rnd_below(&s, nEx);
			while (aEx[l->iEx].nNum == LINES);
		} else {
			uint32_t iNpa, iNxx;
			l->eKind = LEAD_ABSENT;
			do {
				iNpa = 200 + rnd_below(&s, 800);
				iNxx = 200 + rnd_below(&s, 800);
			} while (!code_ok((int)iNpa, 1) || !code_ok((int)iNxx, 0) ||
				 aPresent[(iNpa - 200) * 800 + (iNxx - 200)]);
			l->iNum = (uint64_t)iNpa * 10000000u + (uint64_t)iNxx * 10000u +
				  rnd_below(&s, LINES);
		}
	}
	aStart = xmalloc(((size_t)nEx + 1) * sizeof *aStart);
	aOrder = xmalloc(nLead * sizeof *aOrder);
	for (uint64_t i = 0; i < nLead; i++)
		if (aLead[i].eKind != LEAD_ABSENT)
			aStart[aLead[i].iEx + 1]++;
	for (uint32_t i = 0; i < nEx; i++)
		aStart[i + 1] += aStart[i];
	{
		uint32_t *aNext = xmalloc(((size_t)nEx + 1) * sizeof *aNext);
		memcpy(aNext, aStart, ((size_t)nEx + 1) * sizeof *aNext);
		for (uint64_t i = 0; i < nLead; i++)
			if (aLead[i].eKind != LEAD_ABSENT)
				aOrder[aNext[aLead[i].iEx]++] = (uint32_t)i;
		free(aNext);
	}

	out_open(&o, zReg);
	for (uint32_t i = 0; i < nEx; i++) {
		fill_bitmap(&s, aEx[i].nNum, w);
		write_exchange(&o, &aEx[i], w);
		for (uint32_t k = aStart[i]; k < aStart[i + 1]; k++) {
			lead *l = &aLead[aOrder[k]];
			uint32_t iLine;
			if (l->eKind == LEAD_LISTED) {
				iLine = line_of_rank(w, l->iRank);
			} else {
				do
					iLine = rnd_below(&s, LINES);
				while (w[iLine >> 6] >> (iLine & 63) & 1);
			}
			l->iNum = number_of(&aEx[i], iLine);
		}
	}
	out_close(&o);
	tReg = seconds() - t0;

	/* random order, then the leads and their truth line for line */
	for (uint64_t i = nLead - 1; i > 0; i--) {
		uint64_t j = rnd_next(&s) % (i + 1);
		lead t = aLead[i];
		aLead[i] = aLead[j];
		aLead[j] = t;
	}
	{
		out oL, oT;
		out_open(&oL, zLeads);
		out_open(&oT, zTruth);
		for (uint64_t i = 0; i < nLead; i++) {
			char *z = out_room(&oL, 14);
			oL.n += (size_t)snprintf(z, 14, "+1%010llu\n",
						 (unsigned long long)aLead[i].iNum);
			z = out_room(&oT, 2);
			z[0] = aLead[i].eKind == LEAD_LISTED ? '1' : '0';
			z[1] = '\n';
			oT.n += 2;
		}
		out_close(&oL);
		out_close(&oT);
	}
	printf("{\"numbers\":%llu,\"exchanges\":%u,\"sparse_exchanges\":%u,\"area_codes\":%u,"
	       "\"registry_bytes\":%llu,\"registry_seconds\":%.3f,\"registry_mb_per_s\":%.0f,"
	       "\"leads\":%llu,\"leads_listed\":%llu,\"seed\":%llu,\"seconds\":%.3f}\n",
	       (unsigned long long)nTotal, nEx, nSparse, nNpaUsed, (unsigned long long)o.nTotal,
	       tReg, (double)o.nTotal / 1e6 / tReg, (unsigned long long)nLead,
	       (unsigned long long)(nLead / 2), (unsigned long long)iSeed, seconds() - t0);
	free(aEx), free(aCum), free(aPresent), free(aLead), free(aStart), free(aOrder);
	return 0;
usage:
	fprintf(stderr, "usage: dnc_gen [-n NUMBERS] [-s SEED] [-m LEADS] -o REGISTRY -l LEADS "
			"-t TRUTH\n");
	return 2;
}
