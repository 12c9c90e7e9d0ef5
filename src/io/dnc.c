/*
 * dnc.c — the do-not-call registry index: reading the registry's flat files,
 * building the per-exchange containers, writing and mapping the index file.
 *
 * File layout (native byte order, every part 8-byte aligned):
 *
 *   header   HDR_SIZE bytes: magic, version, list name, counts, the copy
 *            date of each of the 800 area codes
 *   dir      HW_DNC_EXCHANGES uint64 slots, exchange (NPA-200)*800+(NXX-200):
 *            0 = nothing listed; else (byte offset << 16) | kind, kind
 *            1..ARRAY_MAX = a sorted uint16 array of that many line numbers,
 *            KIND_BITMAP = a bitmap of BITMAP_WORDS uint64
 *   data     the containers
 *
 * The builder keeps a flat bitmap of every possible number (800 MB of
 * address space, touched only where numbers are) and compacts it on write.
 */
#include "io/dnc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#define BITMAP_WORDS 157 /* 10,000 bits */
#define BITMAP_BYTES (BITMAP_WORDS * 8)
#define ARRAY_MAX 600    /* 1,200 bytes: beyond it a bitmap is smaller */
#define KIND_BITMAP 0xFFFFu
#define HDR_SIZE 8192
#define DNC_MAGIC "HWDNC01\n"
#define DNC_VERSION 1u

typedef struct dnc_header {
	char zMagic[8];
	uint32_t iVersion;
	uint32_t nHeader;
	char zList[16];
	uint64_t nNumbers;
	uint64_t nExchanges;
	uint64_t nFile;   /* the whole file's size */
	int64_t tBuilt;
	int64_t aNpaDate[HW_DNC_NPA];
} dnc_header;

_Static_assert(sizeof(dnc_header) <= HDR_SIZE, "the header fits its place");

struct hw_dnc_index {
	const unsigned char *a; /* the mapping */
	size_t n;
	const dnc_header *pHdr;
	const uint64_t *aDir;
};

/* ---- keys ---- */

static int nanp_ok(uint64_t n)
{
	unsigned npa = (unsigned)(n / 10000000u), nxx = (unsigned)(n / 10000u % 1000u);
	return n < 10000000000ull && npa >= 200 && nxx >= 200;
}

static unsigned exchange_of(uint64_t n)
{
	unsigned npa = (unsigned)(n / 10000000u), nxx = (unsigned)(n / 10000u % 1000u);
	return (npa - 200u) * 800u + (nxx - 200u);
}

uint64_t hw_dnc_key(const char *z)
{
	uint64_t n = 0;
	if (!z || z[0] != '+' || z[1] != '1')
		return 0;
	z += 2;
	for (int i = 0; i < 10; i++) {
		if (z[i] < '0' || z[i] > '9')
			return 0;
		n = n * 10 + (uint64_t)(z[i] - '0');
	}
	if (z[10] != 0)
		return 0;
	return nanp_ok(n) ? n : 0;
}

/* ---- the mapped index ---- */

static int container_has(const unsigned char *pBase, uint64_t d, unsigned iLine)
{
	unsigned k = (unsigned)(d & 0xFFFFu);
	const unsigned char *pC = pBase + (d >> 16);
	if (k == KIND_BITMAP) {
		const uint64_t *w = (const uint64_t *)(const void *)pC;
		return (int)((w[iLine >> 6] >> (iLine & 63)) & 1);
	}
	const uint16_t *a = (const uint16_t *)(const void *)pC;
	unsigned lo = 0, hi = k;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (a[mid] < iLine)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < k && a[lo] == iLine;
}

int hw_dnc_has(const hw_dnc_index *p, uint64_t n)
{
	uint64_t d;
	if (!p || !nanp_ok(n))
		return 0;
	d = p->aDir[exchange_of(n)];
	return d ? container_has(p->a, d, (unsigned)(n % 10000u)) : 0;
}

/* Random lookups miss the cache twice (directory, container): a batch issues
 * the directory loads together, then the container loads, then tests. */
#define BATCH 16
void hw_dnc_has_many(const hw_dnc_index *p, const uint64_t *aNum, size_t n, uint8_t *aOut)
{
	for (size_t i0 = 0; i0 < n; i0 += BATCH) {
		size_t m = n - i0 < BATCH ? n - i0 : BATCH;
		unsigned aEx[BATCH];
		uint64_t aD[BATCH];
		for (size_t j = 0; j < m; j++) {
			uint64_t v = aNum[i0 + j];
			aEx[j] = nanp_ok(v) ? exchange_of(v) : ~0u;
			if (aEx[j] != ~0u)
				__builtin_prefetch(&p->aDir[aEx[j]]);
		}
		for (size_t j = 0; j < m; j++) {
			unsigned iLine = (unsigned)(aNum[i0 + j] % 10000u);
			aD[j] = aEx[j] == ~0u ? 0 : p->aDir[aEx[j]];
			if (aD[j] == 0)
				continue;
			if ((aD[j] & 0xFFFFu) == KIND_BITMAP)
				__builtin_prefetch(p->a + (aD[j] >> 16) + (iLine >> 6) * 8);
			else
				__builtin_prefetch(p->a + (aD[j] >> 16) + (aD[j] & 0xFFFFu));
		}
		for (size_t j = 0; j < m; j++)
			aOut[i0 + j] = aD[j] ? (uint8_t)container_has(p->a, aD[j],
								 (unsigned)(aNum[i0 + j] % 10000u))
					     : 0;
	}
}

hw_time hw_dnc_npa_date(const hw_dnc_index *p, int iNpa)
{
	if (!p || iNpa < 200 || iNpa > 999)
		return 0;
	return p->pHdr->aNpaDate[iNpa - 200];
}

void hw_dnc_info_get(const hw_dnc_index *p, hw_dnc_info *pOut)
{
	memset(pOut, 0, sizeof *pOut);
	memcpy(pOut->zList, p->pHdr->zList, sizeof pOut->zList - 1);
	pOut->nNumbers = p->pHdr->nNumbers;
	pOut->nExchanges = p->pHdr->nExchanges;
	pOut->nBytes = p->n;
	pOut->tBuilt = p->pHdr->tBuilt;
	for (int i = 0; i < HW_DNC_NPA; i++) {
		hw_time t = p->pHdr->aNpaDate[i];
		if (!t)
			continue;
		pOut->nNpa++;
		if (!pOut->tOldest || t < pOut->tOldest)
			pOut->tOldest = t;
		if (t > pOut->tNewest)
			pOut->tNewest = t;
	}
}

hw_rc hw_dnc_open(const char *zPath, hw_dnc_index **ppOut, hw_err *pErr)
{
	hw_dnc_index *p;
	struct stat st;
	const dnc_header *h;
	size_t nData0 = HDR_SIZE + (size_t)HW_DNC_EXCHANGES * 8;
	int fd;

	*ppOut = NULL;
	if ((fd = open(zPath, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT)
			return HW_ENOTFOUND;
		hw_err_at(pErr, zPath, 0, 0, NULL, "cannot open the do-not-call index: %s",
			  strerror(errno));
		return HW_EIO;
	}
	if (fstat(fd, &st) != 0 || (size_t)st.st_size < nData0) {
		close(fd);
		hw_err_at(pErr, zPath, 0, 0, NULL,
			  "not a do-not-call index (too short); load the registry again with "
			  "'hawser dnc load'");
		return HW_EINVAL;
	}
	if (!(p = calloc(1, sizeof *p))) {
		close(fd);
		return HW_ENOMEM;
	}
	p->n = (size_t)st.st_size;
	p->a = mmap(NULL, p->n, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, 0);
	close(fd);
	if (p->a == MAP_FAILED) {
		hw_err_at(pErr, zPath, 0, 0, NULL, "cannot map the do-not-call index: %s",
			  strerror(errno));
		free(p);
		return HW_EIO;
	}
	h = p->pHdr = (const dnc_header *)(const void *)p->a;
	p->aDir = (const uint64_t *)(const void *)(p->a + HDR_SIZE);
	if (memcmp(h->zMagic, DNC_MAGIC, 8) != 0 || h->iVersion != DNC_VERSION ||
	    h->nHeader != HDR_SIZE || h->nFile != p->n || h->zList[15] != 0)
		goto bad;
	/* every container inside the file, so lookups never read past it */
	for (size_t e = 0; e < HW_DNC_EXCHANGES; e++) {
		uint64_t d = p->aDir[e], off = d >> 16, k = d & 0xFFFFu, nC;
		if (!d)
			continue;
		if (k == 0 || (k > ARRAY_MAX && k != KIND_BITMAP))
			goto bad;
		nC = k == KIND_BITMAP ? BITMAP_BYTES : k * 2;
		if (off < nData0 || off % 8 || off > p->n || p->n - off < nC)
			goto bad;
	}
	*ppOut = p;
	return HW_OK;
bad:
	hw_err_at(pErr, zPath, 0, 0, NULL,
		  "not a do-not-call index of this version, or damaged; load the registry again "
		  "with 'hawser dnc load'");
	hw_dnc_close(p);
	return HW_EINVAL;
}

void hw_dnc_close(hw_dnc_index *p)
{
	if (!p)
		return;
	munmap((void *)p->a, p->n);
	free(p);
}

/* ---- building ---- */

struct hw_dnc_build {
	char zList[16];
	uint64_t *aBits;      /* HW_DNC_EXCHANGES * BITMAP_WORDS words */
	size_t nBits;         /* bytes mapped */
	uint8_t *aUsed;       /* exchange may have bits set */
	hw_time aNpaDate[HW_DNC_NPA];
	uint8_t aReplaced[HW_DNC_NPA]; /* cleared by the full list being read */
};

static uint64_t *words_of(hw_dnc_build *p, unsigned e)
{
	return p->aBits + (size_t)e * BITMAP_WORDS;
}

hw_rc hw_dnc_build_new(const char *zList, const hw_dnc_index *pBase, hw_dnc_build **ppOut,
		       hw_err *pErr)
{
	hw_dnc_build *p = calloc(1, sizeof *p);
	*ppOut = NULL;
	if (!p)
		return HW_ENOMEM;
	snprintf(p->zList, sizeof p->zList, "%s", zList);
	p->nBits = (size_t)HW_DNC_EXCHANGES * BITMAP_BYTES;
	p->aBits = mmap(NULL, p->nBits, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	p->aUsed = calloc(HW_DNC_EXCHANGES, 1);
	if (p->aBits == MAP_FAILED || !p->aUsed) {
		if (p->aBits == MAP_FAILED)
			p->aBits = NULL;
		hw_dnc_build_free(p);
		hw_err_set(pErr, "not enough memory to build the do-not-call index (it needs "
				 "about 1 GB of address space)");
		return HW_ENOMEM;
	}
	if (pBase) {
		memcpy(p->aNpaDate, pBase->pHdr->aNpaDate, sizeof p->aNpaDate);
		for (unsigned e = 0; e < HW_DNC_EXCHANGES; e++) {
			uint64_t d = pBase->aDir[e];
			unsigned k = (unsigned)(d & 0xFFFFu);
			const unsigned char *pC = pBase->a + (d >> 16);
			uint64_t *w = words_of(p, e);
			if (!d)
				continue;
			p->aUsed[e] = 1;
			if (k == KIND_BITMAP) {
				memcpy(w, pC, BITMAP_BYTES);
			} else {
				const uint16_t *a = (const uint16_t *)(const void *)pC;
				for (unsigned i = 0; i < k; i++)
					w[a[i] >> 6] |= 1ull << (a[i] & 63);
			}
		}
	}
	*ppOut = p;
	return HW_OK;
}

void hw_dnc_build_free(hw_dnc_build *p)
{
	if (!p)
		return;
	if (p->aBits)
		munmap(p->aBits, p->nBits);
	free(p->aUsed);
	free(p);
}

hw_rc hw_dnc_build_set(hw_dnc_build *p, uint64_t n, int bListed)
{
	unsigned e, iLine;
	if (!nanp_ok(n))
		return HW_EINVAL;
	e = exchange_of(n);
	iLine = (unsigned)(n % 10000u);
	if (bListed) {
		words_of(p, e)[iLine >> 6] |= 1ull << (iLine & 63);
		p->aUsed[e] = 1;
	} else if (p->aUsed[e]) {
		words_of(p, e)[iLine >> 6] &= ~(1ull << (iLine & 63));
	}
	return HW_OK;
}

/* Map the area code's 1 MB of bitmap in one call: a page fault per 4 kB page
 * costs ~12 us on a VM with shadow page tables (~75,000 of them for the full
 * registry), the batch ~0.5 us a page. Best effort: before Linux 5.14 the
 * pages fault in one by one as before. */
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23
#endif
static void npa_populate(hw_dnc_build *p, unsigned iNpa)
{
	uintptr_t nPage = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t i0 = (uintptr_t)words_of(p, (iNpa - 200u) * 800u) & ~(nPage - 1);
	uintptr_t i1 = ((uintptr_t)words_of(p, (iNpa - 199u) * 800u) + nPage - 1) & ~(nPage - 1);
	madvise((void *)i0, i1 - i0, MADV_POPULATE_WRITE);
}

/* A full list replaces the area codes it names: the first number of each
 * clears what the build had there. */
static void npa_replace(hw_dnc_build *p, unsigned iNpa, hw_dnc_load_stats *pSt)
{
	unsigned e0 = (iNpa - 200u) * 800u;
	p->aReplaced[iNpa - 200] = 1;
	pSt->nNpaReplaced++;
	for (unsigned e = e0; e < e0 + 800u; e++)
		if (p->aUsed[e]) {
			memset(words_of(p, e), 0, BITMAP_BYTES);
			p->aUsed[e] = 0;
		}
	npa_populate(p, iNpa);
}

static int flag_of(const char *z, size_t n)
{
	static const char *const azAdd[] = {"a", "add", "added", "addition", "i", "insert", NULL};
	static const char *const azDel[] = {"d", "del", "delete", "deleted", "deletion",
					    "r", "remove", "removed", NULL};
	char zLow[16];
	if (n == 0 || n >= sizeof zLow)
		return 0;
	for (size_t i = 0; i < n; i++)
		zLow[i] = (char)((z[i] >= 'A' && z[i] <= 'Z') ? z[i] + 32 : z[i]);
	zLow[n] = 0;
	for (int i = 0; azAdd[i]; i++)
		if (!strcmp(zLow, azAdd[i]))
			return 1;
	for (int i = 0; azDel[i]; i++)
		if (!strcmp(zLow, azDel[i]))
			return -1;
	return 0;
}

typedef struct parse_ctx {
	hw_dnc_build *p;
	const char *zName;
	hw_dnc_mode eMode;
	hw_time tCopy;
	int iKind;       /* 0 not yet known, 1 full list, 2 change list */
	uint8_t aTouched[HW_DNC_NPA]; /* area codes a change list names */
	hw_dnc_load_stats *pSt;
	hw_err *pErr;
	long iLine;	/* lines read of the file (of the zip entry) */
	uint64_t nNext; /* bytes read when progress is next reported */
} parse_ctx;

static hw_rc line_error(parse_ctx *c, long iLine, const char *zLine, size_t nLine,
			const char *zWhat)
{
	hw_err_at(c->pErr, c->zName, iLine, 0, NULL, "'%.*s': %s", (int)(nLine > 40 ? 40 : nLine),
		  zLine, zWhat);
	return HW_EINVAL;
}

static int digits(const char *z, size_t n, uint64_t *pv)
{
	uint64_t v = 0;
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (z[i] < '0' || z[i] > '9')
			return 0;
		v = v * 10 + (uint64_t)(z[i] - '0');
	}
	*pv = v;
	return 1;
}

static void trim(const char **pz, size_t *pn)
{
	const char *z = *pz;
	size_t n = *pn;
	while (n && (*z == ' ' || *z == '\t' || *z == '"'))
		z++, n--;
	while (n && (z[n - 1] == ' ' || z[n - 1] == '\t' || z[n - 1] == '"' || z[n - 1] == '\r'))
		n--;
	*pz = z;
	*pn = n;
}

/* One line that is not the common "NPA,NXXXXXX". */
static hw_rc parse_line(parse_ctx *c, long iLine, const char *z, size_t n)
{
	const char *azF[8];
	size_t anF[8];
	int nF = 0, iFlag = 0, iNum = 0;
	uint64_t v = 0, v2 = 0;
	const char *zLine = z;
	size_t nLine = n;

	trim(&z, &n);
	if (n == 0)
		return HW_OK;
	for (size_t i = 0, s = 0; i <= n; i++) {
		if (i == n || z[i] == ',' || z[i] == ';' || z[i] == '|' || z[i] == '\t') {
			if (nF == 8)
				return line_error(c, iLine, zLine, nLine,
						  "too many fields; expected NPA,NXXXXXX or ten digits, "
						  "and an A or D flag on a change list");
			azF[nF] = z + s;
			anF[nF] = i - s;
			trim(&azF[nF], &anF[nF]);
			nF++;
			s = i + 1;
		}
	}
	if (nF >= 2 && anF[0] == 3 && anF[1] == 7 && digits(azF[0], 3, &v) &&
	    digits(azF[1], 7, &v2)) {
		v = v * 10000000u + v2;
		iNum = 2;
	} else if ((anF[0] == 10 || (anF[0] == 11 && azF[0][0] == '1')) &&
		   digits(azF[0], anF[0], &v)) {
		v %= 10000000000ull;
		iNum = 1;
	} else {
		int bDigit = 0;
		for (size_t i = 0; i < n; i++)
			bDigit |= z[i] >= '0' && z[i] <= '9';
		if (iLine == 1 && !bDigit)
			return HW_OK; /* a header line */
		return line_error(c, iLine, zLine, nLine,
				  "expected a number as NPA,NXXXXXX or ten digits");
	}
	for (int i = iNum; i < nF; i++) {
		int f = flag_of(azF[i], anF[i]);
		if (f && iFlag)
			return line_error(c, iLine, zLine, nLine, "two add/delete flags");
		if (f)
			iFlag = f;
	}
	if (!nanp_ok(v))
		return line_error(c, iLine, zLine, nLine,
				  "not a North American number: its area code and exchange "
				  "begin with 2 to 9");
	if (c->eMode == HW_DNC_ADD || c->eMode == HW_DNC_DELETE) {
		iFlag = c->eMode == HW_DNC_ADD ? 1 : -1;
	} else if (c->eMode == HW_DNC_FULL) {
		if (iFlag)
			return line_error(c, iLine, zLine, nLine,
					  "an add/delete flag in a file loaded as a full list; load "
					  "it as a change list");
	} else {
		if (!c->iKind)
			c->iKind = iFlag ? 2 : 1;
		if (c->iKind == 2 && !iFlag)
			return line_error(c, iLine, zLine, nLine,
					  "a change list line without its A (add) or D (delete) flag");
		if (c->iKind == 1 && iFlag)
			return line_error(c, iLine, zLine, nLine,
					  "an add/delete flag in a full list (the first line had none)");
	}
	if (iFlag) {
		c->aTouched[v / 10000000u - 200] = 1;
		hw_dnc_build_set(c->p, v, iFlag > 0);
		if (iFlag > 0)
			c->pSt->nAdded++;
		else
			c->pSt->nDeleted++;
	} else {
		unsigned iNpa = (unsigned)(v / 10000000u);
		if (!c->p->aReplaced[iNpa - 200])
			npa_replace(c->p, iNpa, c->pSt);
		hw_dnc_build_set(c->p, v, 1);
		c->pSt->nAdded++;
	}
	c->pSt->nLines++;
	return HW_OK;
}

#define PROGRESS_STEP (8u << 20)
/*
 * The registry's own full-list line, "NPA,NXXXXXX" then LF or CR LF, checked
 * and read as one 8-byte and one 4-byte word: its length, with its exchange
 * and line number, or 0 for anything else (parse_line decides).
 */
static size_t fast_line(const char *z, const char *zEnd, unsigned *pEx, unsigned *pLine)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t mHi = 0xF0F0F0F000F0F0F0ull, mDigit = 0x3030303000303030ull;
	uint64_t a;
	uint32_t b;
	size_t nLen;
	unsigned iNpa, iNxx;
	if (zEnd - z < 12)
		return 0;
	memcpy(&a, z, 8);     /* N P A , N X X X */
	memcpy(&b, z + 8, 4); /* X X X \n|\r */
	if ((b >> 24) == '\n')
		nLen = 12;
	else if ((b >> 24) == '\r' && zEnd - z >= 13 && z[12] == '\n')
		nLen = 13;
	else
		return 0;
	/* a digit's high nibble is 3, and stays 3 when 6 is added */
	if ((a & mHi) != mDigit || ((a + 0x0606060600060606ull) & mHi) != mDigit ||
	    (uint8_t)(a >> 24) != ',' || (b & 0xF0F0F0u) != 0x303030u ||
	    ((b + 0x060606u) & 0xF0F0F0u) != 0x303030u)
		return 0;
	a -= mDigit;
	b -= 0x303030u;
	if ((a & 0xFF) < 2 || ((a >> 32) & 0xFF) < 2)
		return 0;
	iNpa = (unsigned)((a & 0xFF) * 100 + ((a >> 8) & 0xFF) * 10 + ((a >> 16) & 0xFF));
	iNxx = (unsigned)(((a >> 32) & 0xFF) * 100 + ((a >> 40) & 0xFF) * 10 + ((a >> 48) & 0xFF));
	*pEx = (iNpa - 200u) * 800u + (iNxx - 200u);
	*pLine = (unsigned)((a >> 56) * 1000 + (b & 0xFF) * 100 + ((b >> 8) & 0xFF) * 10 +
			    ((b >> 16) & 0xFF));
	return nLen;
#else
	(void)z, (void)zEnd, (void)pEx, (void)pLine;
	return 0;
#endif
}

static hw_rc parse_text(parse_ctx *c, const char *a, size_t n, uint64_t nBase, uint64_t nTotal,
			hw_dnc_progress xProgress, void *pCtx)
{
	const char *z = a, *zEnd = a + n;
	hw_dnc_build *p = c->p;
	long iLine = c->iLine;
	uint64_t nFast = 0;
	int bFast = c->eMode != HW_DNC_ADD && c->eMode != HW_DNC_DELETE;
	unsigned eLast = ~0u;	  /* the exchange of w; ~0u after any slow line */
	uint64_t uPrefix = ~0ull; /* "NPA,NXX" of eLast as read, or ~0: none */
	uint64_t *w = NULL;
	hw_rc rc = HW_OK;

	if (iLine == 0 && n >= 3 && !memcmp(z, "\xEF\xBB\xBF", 3))
		z += 3;
	while (z < zEnd) {
		unsigned e, iLn;
		size_t nLen;
		uint64_t a8;
		uint32_t d;
		iLine++;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		/* the common case: the same "NPA,NXX" as the line before, so only
		 * the four line digits to check and read */
		if (zEnd - z >= 13) {
			memcpy(&a8, z, 8);
			memcpy(&d, z + 7, 4);
			if ((a8 & 0x00FFFFFFFFFFFFFFull) == uPrefix &&
			    (d & 0xF0F0F0F0u) == 0x30303030u &&
			    ((d + 0x06060606u) & 0xF0F0F0F0u) == 0x30303030u &&
			    (z[11] == '\n' || (z[11] == '\r' && z[12] == '\n'))) {
				d -= 0x30303030u;
				d = (d * 10 + (d >> 8)) & 0x00FF00FFu; /* two-digit pairs */
				iLn = (d & 0xFF) * 100 + (d >> 16);
				w[iLn >> 6] |= 1ull << (iLn & 63);
				nFast++;
				z += z[11] == '\n' ? 12 : 13;
				goto next;
			}
		}
#endif
		if (bFast && c->iKind != 2 && (nLen = fast_line(z, zEnd, &e, &iLn)) != 0) {
			if (e != eLast) {
				unsigned iNpa = e / 800u + 200u;
				if (!p->aReplaced[iNpa - 200])
					npa_replace(p, iNpa, c->pSt);
				p->aUsed[e] = 1;
				c->iKind = 1;
				w = words_of(p, e);
				eLast = e;
			}
			memcpy(&a8, z, 8);
			uPrefix = a8 & 0x00FFFFFFFFFFFFFFull;
			w[iLn >> 6] |= 1ull << (iLn & 63);
			nFast++;
			z += nLen;
		} else {
			const char *zEol = memchr(z, '\n', (size_t)(zEnd - z));
			size_t nLine = (size_t)((zEol ? zEol : zEnd) - z);
			eLast = ~0u;
			uPrefix = ~0ull;
			if ((rc = parse_line(c, iLine, z, nLine)) != HW_OK)
				break;
			z += nLine + 1;
		}
	next:
		if (xProgress && nBase + (uint64_t)(z - a) >= c->nNext) {
			c->nNext += PROGRESS_STEP;
			if (xProgress(pCtx, nBase + (uint64_t)(z - a), nTotal)) {
				hw_err_set(c->pErr, "stopped");
				rc = HW_ECONFLICT;
				break;
			}
		}
	}
	c->pSt->nLines += nFast;
	c->pSt->nAdded += nFast;
	c->iLine = iLine;
	return rc;
}

static void finish_file(parse_ctx *c)
{
	hw_dnc_build *p = c->p;
	for (int i = 0; i < HW_DNC_NPA; i++) {
		/* a full list dates what it replaced; a change list brings every
		 * loaded area code, and those it names, up to its date */
		int bDate = p->aReplaced[i] || c->aTouched[i] || (c->iKind == 2 && p->aNpaDate[i]) ||
			    ((c->eMode == HW_DNC_ADD || c->eMode == HW_DNC_DELETE) && p->aNpaDate[i]);
		if (bDate && c->tCopy > p->aNpaDate[i])
			p->aNpaDate[i] = c->tCopy;
		if (p->aReplaced[i] && c->tCopy)
			p->aNpaDate[i] = c->tCopy;
	}
	c->pSt->bChangeList = c->iKind == 2 || c->eMode == HW_DNC_ADD || c->eMode == HW_DNC_DELETE;
}

static void ctx_init(parse_ctx *c, hw_dnc_build *p, const char *zName, hw_dnc_mode eMode,
		     hw_time tCopy, hw_dnc_load_stats *pSt, hw_err *pErr)
{
	memset(c, 0, sizeof *c);
	memset(pSt, 0, sizeof *pSt);
	memset(p->aReplaced, 0, sizeof p->aReplaced);
	c->p = p;
	c->zName = zName;
	c->eMode = eMode;
	c->tCopy = tCopy;
	c->pSt = pSt;
	c->pErr = pErr;
	c->nNext = PROGRESS_STEP;
	if (eMode == HW_DNC_FULL)
		c->iKind = 1;
	else if (eMode == HW_DNC_CHANGE)
		c->iKind = 2;
}

hw_rc hw_dnc_build_text(hw_dnc_build *p, const char *zName, const char *a, size_t n,
			hw_dnc_mode eMode, hw_time tCopy, hw_dnc_load_stats *pStats, hw_err *pErr)
{
	parse_ctx c;
	hw_rc rc;
	ctx_init(&c, p, zName, eMode, tCopy, pStats, pErr);
	if ((rc = parse_text(&c, a, n, 0, n, NULL, NULL)) == HW_OK)
		finish_file(&c);
	return rc;
}

/*
 * A source read through a buffer: a flat file with read(2), which copies from
 * the page cache through the kernel's own mapping, where mapping the file maps
 * (and, on a VM with shadow page tables, faults) each of its pages in this
 * process: 3 GB read this way takes 0.35 s, mapped 2 s on the benchmark's VM,
 * and the process never has the whole file resident. A zip entry the same way
 * through libzip, so neither its size nor what it claims to be costs memory.
 * Only whole lines go to parse_text; the part line waits for the next read
 * (the buffer grows for a line longer than itself, up to MAX_LINE).
 */
#ifndef READ_CHUNK
#define READ_CHUNK (1u << 20)
#endif
#define MAX_LINE (64u << 20)

typedef struct source source;
struct source {
	int fd;		/* a flat file, or -1 */
	zip_file_t *pZip; /* a zip entry */
};

static int64_t source_read(source *s, char *a, size_t n)
{
	if (s->pZip)
		return (int64_t)zip_fread(s->pZip, a, n);
	for (;;) {
		ssize_t k = read(s->fd, a, n);
		if (k >= 0 || errno != EINTR)
			return k;
	}
}

static hw_rc load_source(parse_ctx *c, source *s, uint64_t nBase, uint64_t nTotal,
			 hw_dnc_progress xProgress, void *pCtx, uint64_t *pnRead)
{
	size_t nBuf = READ_CHUNK, nHave = 0;
	char *aBuf = malloc(nBuf);
	uint64_t nDone = 0; /* bytes of the source before aBuf */
	hw_rc rc = HW_OK;

	if (!aBuf)
		return HW_ENOMEM;
	for (;;) {
		int64_t k = source_read(s, aBuf + nHave, nBuf - nHave);
		const char *zLast;
		size_t nUse;
		if (k < 0) {
			if (s->pZip)
				hw_err_at(c->pErr, c->zName, 0, 0, NULL, "the zip entry is damaged: %s",
					  zip_file_strerror(s->pZip));
			else
				hw_err_at(c->pErr, c->zName, 0, 0, NULL, "cannot read the file: %s",
					  strerror(errno));
			rc = s->pZip ? HW_EINVAL : HW_EIO;
			break;
		}
		nHave += (size_t)k;
		zLast = k ? memrchr(aBuf, '\n', nHave) : NULL;
		nUse = k ? (zLast ? (size_t)(zLast - aBuf) + 1 : 0) : nHave;
		if (nUse && (rc = parse_text(c, aBuf, nUse, nBase + nDone, nTotal, xProgress,
					     pCtx)) != HW_OK)
			break;
		memmove(aBuf, aBuf + nUse, nHave - nUse);
		nHave -= nUse;
		nDone += nUse;
		if (k == 0)
			break;
		if (nHave == nBuf) {
			char *aNew;
			if (nBuf >= MAX_LINE) {
				hw_err_at(c->pErr, c->zName, c->iLine + 1, 0, NULL,
					  "a line longer than %u MB: not a registry list", MAX_LINE >> 20);
				rc = HW_EINVAL;
				break;
			}
			if (!(aNew = realloc(aBuf, nBuf * 2))) {
				rc = HW_ENOMEM;
				break;
			}
			aBuf = aNew;
			nBuf *= 2;
		}
	}
	free(aBuf);
	*pnRead = nDone;
	return rc;
}

static hw_rc load_zip(parse_ctx *c, const char *zPath, hw_dnc_progress xProgress, void *pCtx)
{
	int iErr = 0;
	zip_t *z = zip_open(zPath, ZIP_RDONLY, &iErr);
	zip_int64_t nEntry;
	uint64_t nTotal = 0, nDone = 0;
	char zName[512];
	hw_rc rc = HW_OK;

	if (!z) {
		zip_error_t e;
		zip_error_init_with_code(&e, iErr);
		hw_err_at(c->pErr, zPath, 0, 0, NULL, "cannot read the zip file: %s",
			  zip_error_strerror(&e));
		zip_error_fini(&e);
		return HW_EINVAL;
	}
	nEntry = zip_get_num_entries(z, 0);
	for (zip_int64_t i = 0; i < nEntry; i++) {
		zip_stat_t st;
		if (zip_stat_index(z, (zip_uint64_t)i, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE))
			nTotal += st.size;
	}
	for (zip_int64_t i = 0; rc == HW_OK && i < nEntry; i++) {
		zip_stat_t st;
		source s = {-1, NULL};
		uint64_t nRead = 0;
		if (zip_stat_index(z, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME))
			continue;
		if (st.name[0] == 0 || st.name[strlen(st.name) - 1] == '/')
			continue; /* a folder */
		snprintf(zName, sizeof zName, "%s/%s", zPath, st.name);
		if (!(s.pZip = zip_fopen_index(z, (zip_uint64_t)i, 0))) {
			hw_err_at(c->pErr, zName, 0, 0, NULL, "cannot read the zip entry: %s",
				  zip_strerror(z));
			rc = HW_EINVAL;
			break;
		}
		c->zName = zName;
		c->iLine = 0;
		rc = load_source(c, &s, nDone, nTotal, xProgress, pCtx, &nRead);
		zip_fclose(s.pZip);
		nDone += nRead;
	}
	zip_discard(z);
	return rc;
}

hw_rc hw_dnc_build_load(hw_dnc_build *p, const char *zPath, hw_dnc_mode eMode, hw_time tCopy,
			hw_dnc_progress xProgress, void *pCtx, hw_dnc_load_stats *pStats,
			hw_err *pErr)
{
	parse_ctx c;
	struct stat st;
	unsigned char aMagic[4] = {0};
	hw_rc rc;
	int fd;

	ctx_init(&c, p, zPath, eMode, tCopy, pStats, pErr);
	if ((fd = open(zPath, O_RDONLY | O_CLOEXEC)) < 0) {
		hw_err_at(pErr, zPath, 0, 0, NULL, "cannot open the registry file: %s",
			  strerror(errno));
		return errno == ENOENT ? HW_ENOTFOUND : HW_EIO;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		hw_err_at(pErr, zPath, 0, 0, NULL, "not a regular file");
		return HW_EINVAL;
	}
	if (st.st_size == 0) {
		close(fd);
		hw_err_at(pErr, zPath, 0, 0, NULL,
			  "the file is empty; download the registry file again");
		return HW_EINVAL;
	}
	if (pread(fd, aMagic, 4, 0) == 4 && !memcmp(aMagic, "PK\x03\x04", 4)) {
		close(fd);
		rc = load_zip(&c, zPath, xProgress, pCtx);
	} else {
		char aHead[4096];
		ssize_t nHead = pread(fd, aHead, sizeof aHead, 0);
		if (nHead > 0 && memchr(aHead, 0, (size_t)nHead)) {
			hw_err_at(pErr, zPath, 1, 0, NULL,
				  "a binary file, not a registry list (flat text or zip)");
			rc = HW_EINVAL;
		} else {
			source src = {fd, NULL};
			uint64_t nRead;
			posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
			rc = load_source(&c, &src, 0, (uint64_t)st.st_size, xProgress, pCtx, &nRead);
		}
		close(fd);
	}
	if (rc == HW_OK && pStats->nLines == 0) {
		hw_err_at(pErr, zPath, 0, 0, NULL, "no numbers in the file");
		rc = HW_EINVAL;
	}
	if (rc == HW_OK)
		finish_file(&c);
	return rc;
}

/* ---- writing ---- */

static int popcount_ex(const uint64_t *w)
{
	int n = 0;
	for (int i = 0; i < BITMAP_WORDS; i++)
		n += __builtin_popcountll(w[i]);
	return n;
}

/* The rename itself durable: fsync the folder that holds the file. */
static void sync_dir(const char *zPath)
{
	char zDir[4096];
	const char *zSlash = strrchr(zPath, '/');
	int fd;
	if (!zSlash)
		snprintf(zDir, sizeof zDir, ".");
	else
		snprintf(zDir, sizeof zDir, "%.*s", (int)(zSlash > zPath ? zSlash - zPath : 1), zPath);
	if ((fd = open(zDir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
}

hw_rc hw_dnc_build_write(hw_dnc_build *p, const char *zPath, hw_time tBuilt, hw_err *pErr)
{
	char zTmp[4096];
	dnc_header *h = calloc(1, HDR_SIZE);
	uint64_t *aDir = calloc(HW_DNC_EXCHANGES, 8);
	uint16_t aArr[ARRAY_MAX];
	FILE *f = NULL;
	uint64_t off = HDR_SIZE + (uint64_t)HW_DNC_EXCHANGES * 8;
	char *zBuf = NULL;
	int fd = -1;
	hw_rc rc = HW_EIO;

	if (!h || !aDir || !(zBuf = malloc(1 << 20))) {
		free(h), free(aDir), free(zBuf);
		return HW_ENOMEM;
	}
	if (snprintf(zTmp, sizeof zTmp, "%s.tmp%ld", zPath, (long)getpid()) >= (int)sizeof zTmp)
		goto fail;
	if ((fd = open(zTmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
		goto fail;
	if (!(f = fdopen(fd, "wb"))) {
		close(fd);
		goto fail;
	}
	setvbuf(f, zBuf, _IOFBF, 1 << 20);
	if (fseeko(f, (off_t)off, SEEK_SET) != 0)
		goto fail;
	memcpy(h->zMagic, DNC_MAGIC, 8);
	h->iVersion = DNC_VERSION;
	h->nHeader = HDR_SIZE;
	snprintf(h->zList, sizeof h->zList, "%s", p->zList);
	h->tBuilt = tBuilt;
	memcpy(h->aNpaDate, p->aNpaDate, sizeof h->aNpaDate);
	for (unsigned e = 0; e < HW_DNC_EXCHANGES; e++) {
		const uint64_t *w = words_of(p, e);
		int n;
		if (!p->aUsed[e] || (n = popcount_ex(w)) == 0)
			continue;
		h->nNumbers += (uint64_t)n;
		h->nExchanges++;
		if (n > ARRAY_MAX) {
			aDir[e] = off << 16 | KIND_BITMAP;
			if (fwrite(w, BITMAP_BYTES, 1, f) != 1)
				goto fail;
			off += BITMAP_BYTES;
		} else {
			int k = 0;
			static const char aPad[8];
			size_t nPad = (size_t)((8 - (n * 2) % 8) % 8);
			for (int i = 0; i < BITMAP_WORDS; i++)
				for (uint64_t x = w[i]; x; x &= x - 1)
					aArr[k++] = (uint16_t)(i * 64 + __builtin_ctzll(x));
			aDir[e] = off << 16 | (uint64_t)n;
			if (fwrite(aArr, 2, (size_t)n, f) != (size_t)n ||
			    (nPad && fwrite(aPad, 1, nPad, f) != nPad))
				goto fail;
			off += (uint64_t)n * 2 + nPad;
		}
	}
	h->nFile = off;
	if (fflush(f) != 0 || pwrite(fd, h, HDR_SIZE, 0) != HDR_SIZE ||
	    pwrite(fd, aDir, (size_t)HW_DNC_EXCHANGES * 8, HDR_SIZE) != (ssize_t)HW_DNC_EXCHANGES * 8 ||
	    fsync(fd) != 0)
		goto fail;
	if (fclose(f) != 0) {
		f = NULL;
		goto fail;
	}
	f = NULL;
	if (rename(zTmp, zPath) != 0)
		goto fail;
	sync_dir(zPath);
	rc = HW_OK;
fail:
	if (rc != HW_OK) {
		hw_err_at(pErr, zPath, 0, 0, NULL, "cannot write the do-not-call index: %s",
			  strerror(errno ? errno : EIO));
		if (f)
			fclose(f);
		unlink(zTmp);
	}
	free(h);
	free(aDir);
	free(zBuf);
	return rc;
}
