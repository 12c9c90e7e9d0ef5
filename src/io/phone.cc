/*
 * phone.cc — the C face of Google's libphonenumber (country.cc holds the
 * country-name lookup that goes with it). C++ stays behind phone.h, and no
 * exception or C++ type crosses it. Lead lists arrive
 * from spreadsheets and CRMs, so before libphonenumber sees the text we undo
 * what those do to it (a leading apostrophe, ="…" formulas, a trailing ".0")
 * and refuse what cannot be undone (scientific notation has dropped digits).
 * Parsing runs per imported row and reuses per-thread buffers. libphonenumber
 * takes ~25 µs a number, too slow for million-row imports, so North American
 * numbers written plainly skip it: their digits are read here and their type
 * and region come from a cache keyed by area code and exchange (see "The
 * NANP fast path" below for why that key is enough).
 */
/* phone.h and phone_internal.h are C headers without extern "C" guards. */
extern "C" {
#include "io/phone.h"
#include "io/phone_internal.h"
}

#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <atomic>    /* the NANP caches */
#include <cstdarg>   /* va_list */
#include <cstdint>   /* uint32_t, uint64_t */
#include <cstdio>    /* vsnprintf */
#include <cstring>   /* strlen, strcmp */
#include <strings.h> /* strncasecmp */
#include <list>
#include <string>
#include <vector>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace
{

/*
 * The singleton, with libphonenumber's logging silenced: its default logger
 * writes to stdout, which is the CLI's output. A C++ static makes the first
 * call thread-safe; SetLogger takes ownership of the logger.
 */
const PhoneNumberUtil &util()
{
	static PhoneNumberUtil *p = [] {
		PhoneNumberUtil *pUtil = PhoneNumberUtil::GetInstance();
		pUtil->SetLogger(new i18n::phonenumbers::NullLogger());
		return pUtil;
	}();
	return *p;
}

void reason(char *zReason, size_t nReason, const char *zFmt, ...)
    __attribute__((format(printf, 3, 4)));
void reason(char *zReason, size_t nReason, const char *zFmt, ...)
{
	va_list ap;
	if (!zReason || !nReason)
		return;
	va_start(ap, zFmt);
	vsnprintf(zReason, nReason, zFmt, ap);
	va_end(ap);
}

/* "5.55E+09", "2,01555E+11": what Excel shows for a long number column. */
bool isScientific(const char *z, size_t n)
{
	size_t i = 0, nMant = 0, nExp = 0;
	if (i < n && (z[i] == '+' || z[i] == '-'))
		i++;
	for (; i < n && z[i] >= '0' && z[i] <= '9'; i++)
		nMant++;
	if (i < n && (z[i] == '.' || z[i] == ','))
		for (i++; i < n && z[i] >= '0' && z[i] <= '9'; i++)
			nMant++;
	if (!nMant || i >= n || (z[i] != 'e' && z[i] != 'E'))
		return false;
	if (++i < n && (z[i] == '+' || z[i] == '-'))
		i++;
	for (; i < n && z[i] >= '0' && z[i] <= '9'; i++)
		nExp++;
	return nExp > 0 && i == n;
}

/*
 * Trim and peel spreadsheet wrappers off zRaw: 'text, ="text", and the ".0" a
 * float column appends. Returns the start and sets *pn to the length left.
 */
const char *unwrap(const char *z, size_t *pn)
{
	size_t n = strlen(z);
	auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
	while (n && blank(*z))
		z++, n--;
	while (n && blank(z[n - 1]))
		n--;
	if (n && *z == '\'')
		z++, n--;
	if (n >= 3 && z[0] == '=' && z[1] == '"' && z[n - 1] == '"')
		z += 2, n -= 3;
	size_t iDot = n;
	while (iDot && z[iDot - 1] == '0')
		iDot--;
	if (iDot >= 2 && iDot < n && z[iDot - 1] == '.') {
		size_t i = 0;
		while (i < iDot - 1 && z[i] >= '0' && z[i] <= '9')
			i++;
		if (i == iDot - 1)
			n = iDot - 1;
	}
	while (n && blank(*z))
		z++, n--;
	while (n && blank(z[n - 1]))
		n--;
	*pn = n;
	return z;
}

hw_phone_type typeOf(PhoneNumberUtil::PhoneNumberType e)
{
	switch (e) {
	case PhoneNumberUtil::FIXED_LINE:
		return HW_PHONE_FIXED_LINE;
	case PhoneNumberUtil::MOBILE:
		return HW_PHONE_MOBILE;
	case PhoneNumberUtil::FIXED_LINE_OR_MOBILE:
		return HW_PHONE_FIXED_OR_MOBILE;
	case PhoneNumberUtil::TOLL_FREE:
		return HW_PHONE_TOLL_FREE;
	case PhoneNumberUtil::PREMIUM_RATE:
		return HW_PHONE_PREMIUM_RATE;
	case PhoneNumberUtil::SHARED_COST:
		return HW_PHONE_SHARED_COST;
	case PhoneNumberUtil::VOIP:
		return HW_PHONE_VOIP;
	case PhoneNumberUtil::PERSONAL_NUMBER:
		return HW_PHONE_PERSONAL;
	case PhoneNumberUtil::PAGER:
		return HW_PHONE_PAGER;
	case PhoneNumberUtil::UAN:
		return HW_PHONE_UAN;
	case PhoneNumberUtil::VOICEMAIL:
		return HW_PHONE_VOICEMAIL;
	default:
		return HW_PHONE_UNKNOWN;
	}
}

/* Per-thread scratch: Parse wants std::string, and these keep their capacity. */
struct Scratch {
	std::string zText, zRegion, zOut;
	PhoneNumber num, alt; /* alt: the "00" as "+" reading */
};

/*
 * Type, validity and region of a parsed number: the costly half of the work,
 * shared by the slow path and the fast path's cache misses so the two cannot
 * drift apart. zTmp is scratch.
 */
void classify(const PhoneNumberUtil &u, const PhoneNumber &num, std::string &zTmp, hw_phone *pOut)
{
	/*
	 * IsValidNumber is GetNumberType(...) != UNKNOWN with the region search
	 * done again; asking for the type once saves a quarter of the call.
	 */
	pOut->eType = typeOf(u.GetNumberType(num));
	pOut->bValid = pOut->eType != HW_PHONE_UNKNOWN;

	/* An invalid number has no region unless its country code has only one. */
	u.GetRegionCodeForNumber(num, &zTmp);
	if (zTmp == "ZZ" || zTmp == "001") {
		u.GetRegionCodeForCountryCode(num.country_code(), &zTmp);
		if (zTmp != "ZZ" && zTmp != "001" && !u.IsNANPACountry(zTmp)) {
			std::list<std::string> aRegion;
			u.GetRegionCodesForCountryCallingCode(num.country_code(), &aRegion);
			if (aRegion.size() != 1)
				zTmp.clear();
		} else {
			zTmp.clear();
		}
	}
	pOut->zRegion[0] = 0;
	if (zTmp.size() < sizeof pOut->zRegion)
		memcpy(pOut->zRegion, zTmp.c_str(), zTmp.size() + 1);
}

/*
 * The NANP fast path.
 *
 * A North American number is +1, a three-digit area code (NPA), a three-digit
 * exchange (NXX) and four line digits. libphonenumber's NANP metadata decides
 * type, validity and region from at most the first six national digits: every
 * pattern of the 25 NANP regions ends in [2-9]\d{6} or \d{4} once NPA-NXX is
 * matched, and the regions' leading-digit rules are at most four digits long.
 * So one libphonenumber answer per NPA-NXX serves every number in it.
 *
 * Three area codes break that rule in 8.12.57 (the 7th digit picks fixed line
 * or mobile, e.g. 246 521 0xxx is fixed and 246 521 1xxx mobile) and always
 * take the slow path. They were found by expanding every NANP region's type
 * patterns from python3-phonenumbers (the same metadata) and keeping those
 * that constrain digits 7-10; checking all 800,000 NPA-NXX against twenty
 * line numbers each with libphonenumber itself found no other prefix. A new
 * metadata release must be checked the same way.
 */
const int aNanpSlowNpa[] = {
    246, /* Barbados: 246 521, 246 522 */
    284, /* British Virgin Islands: 284 496 */
    876, /* Jamaica: 876 606 */
};

std::atomic<bool> gbFast{true};

/*
 * The NANP regions in libphonenumber's order; the cache stores an index + 1
 * into it (0: no region). A C++ static makes building it thread-safe.
 */
const std::vector<std::string> &nanpRegions()
{
	static const std::vector<std::string> a = [] {
		std::list<std::string> aList;
		util().GetRegionCodesForCountryCallingCode(1, &aList);
		return std::vector<std::string>(aList.begin(), aList.end());
	}();
	return a;
}

/*
 * Whether a default region (two upper-case letters) dials +1, asked of
 * libphonenumber once per region: 0 not asked yet, 1 yes, 2 no. Racing
 * threads store the same answer.
 */
bool regionIsNanp(const std::string &zRegion)
{
	static std::atomic<uint8_t> aIsNanp[26 * 26];
	if (zRegion.size() != 2 || zRegion[0] < 'A' || zRegion[0] > 'Z' || zRegion[1] < 'A' ||
	    zRegion[1] > 'Z')
		return false;
	std::atomic<uint8_t> &a = aIsNanp[(zRegion[0] - 'A') * 26 + (zRegion[1] - 'A')];
	uint8_t v = a.load(std::memory_order_relaxed);
	if (!v) {
		v = util().GetCountryCodeForRegion(zRegion) == 1 ? 1 : 2;
		a.store(v, std::memory_order_relaxed);
	}
	return v == 1;
}

/*
 * NPA-NXX -> (type, region) as NANP_KNOWN | iRegion << 8 | eType, 0 when not
 * looked up yet. 4 MB of zero pages the kernel hands out as they are touched.
 * The value is a function of the key alone, so relaxed loads and stores do:
 * a racing thread at worst computes the same entry twice.
 */
const uint32_t NANP_KNOWN = 0x80000000u;
std::atomic<uint32_t> aNanpCache[1000000];

bool isDigit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Length of an extension marker at z ("x", "#", "ext", "ext.", "extension",
 * any case), 0 when there is none. Only markers libphonenumber reads the same
 * way; anything else goes to it.
 */
size_t extMarker(const char *z, size_t n)
{
	static const char *const azMark[] = {"extension", "ext.", "ext", "x", "#"};
	for (const char *zMark : azMark) {
		size_t nMark = strlen(zMark);
		if (n >= nMark && !strncasecmp(z, zMark, nMark))
			return nMark;
	}
	return 0;
}

/*
 * Read z[0..n) as a plain NANP number: an optional leading '+', digits and the
 * separators " ()-./", then optionally spaces, an extension marker, spaces and
 * 1-7 digits. Writes the ten national digits to zNsn and the extension to
 * zExt. False for anything else: letters, other country codes, odd lengths,
 * NPAs starting 0 or 1, the NPAs in aNanpSlowNpa.
 */
bool readNanp(const char *z, size_t n, bool bNanpRegion, char zNsn[11], char zExt[8])
{
	char zDigit[12];
	size_t i = 0, nDigit = 0, nExt = 0;
	bool bPlus = n && z[0] == '+';

	for (i = bPlus ? 1 : 0; i < n; i++) {
		if (isDigit(z[i])) {
			if (nDigit == 11)
				return false;
			zDigit[nDigit++] = z[i];
		} else if (!strchr(" ()-./", z[i])) {
			break;
		}
	}
	if (i < n) {
		/*
		 * libphonenumber cuts the text at "/ x" (a second number) and reads
		 * other punctuation before a marker its own ways: only spaces may
		 * separate the number from its extension.
		 */
		size_t j = i;
		while (j && z[j - 1] == ' ')
			j--;
		if (!j || !isDigit(z[j - 1]))
			return false;
		size_t nMark = extMarker(z + i, n - i);
		if (!nMark)
			return false;
		for (i += nMark; i < n && z[i] == ' '; i++)
			;
		for (; i < n && isDigit(z[i]); i++) {
			if (nExt == 7)
				return false;
			zExt[nExt++] = z[i];
		}
		if (i < n || !nExt)
			return false;
	}
	zExt[nExt] = 0;

	/* +1 and ten digits anywhere; in a NANP region ten digits, or 1 and ten. */
	const char *zFrom = nullptr;
	if (nDigit == 11 && zDigit[0] == '1' && (bPlus || bNanpRegion))
		zFrom = zDigit + 1;
	else if (nDigit == 10 && !bPlus && bNanpRegion)
		zFrom = zDigit;
	if (!zFrom || zFrom[0] < '2')
		return false;
	int iNpa = (zFrom[0] - '0') * 100 + (zFrom[1] - '0') * 10 + (zFrom[2] - '0');
	for (int iSlow : aNanpSlowNpa)
		if (iNpa == iSlow)
			return false;
	memcpy(zNsn, zFrom, 10);
	zNsn[10] = 0;
	return true;
}

/*
 * hw_phone_parse for the numbers readNanp accepts, with the answer the slow
 * path would give; false (pOut untouched) when the text is not one of them.
 */
bool parseNanp(const PhoneNumberUtil &u, const char *z, size_t n, Scratch &s, hw_phone *pOut)
{
	char zNsn[11], zExt[8];
	if (!gbFast.load(std::memory_order_relaxed) ||
	    !readNanp(z, n, regionIsNanp(s.zRegion), zNsn, zExt))
		return false;

	uint32_t iKey = 0;
	for (int i = 0; i < 6; i++)
		iKey = iKey * 10 + (uint32_t)(zNsn[i] - '0');
	uint32_t v = aNanpCache[iKey].load(std::memory_order_relaxed);
	const std::vector<std::string> &aRegion = nanpRegions();
	if (v) {
		uint32_t iRegion = (v >> 8) & 0xff;
		pOut->eType = (hw_phone_type)(v & 0xff);
		pOut->bValid = pOut->eType != HW_PHONE_UNKNOWN;
		pOut->zRegion[0] = 0;
		if (iRegion)
			memcpy(pOut->zRegion, aRegion[iRegion - 1].c_str(), 3);
	} else {
		s.num.Clear();
		s.num.set_country_code(1);
		uint64_t iNsn = 0;
		for (int i = 0; i < 10; i++)
			iNsn = iNsn * 10 + (uint64_t)(zNsn[i] - '0');
		s.num.set_national_number(iNsn);
		classify(u, s.num, s.zOut, pOut);
		size_t iRegion = 0;
		if (pOut->zRegion[0]) {
			auto it = std::find(aRegion.begin(), aRegion.end(), pOut->zRegion);
			/* Outside the table cannot happen; if it did, it is not cached. */
			iRegion = it == aRegion.end() ? 0 : (size_t)(it - aRegion.begin()) + 1;
		}
		if (iRegion || !pOut->zRegion[0])
			aNanpCache[iKey].store(NANP_KNOWN | (uint32_t)iRegion << 8 |
						   (uint32_t)pOut->eType,
					       std::memory_order_relaxed);
	}
	memcpy(pOut->zE164, "+1", 2);
	memcpy(pOut->zE164 + 2, zNsn, 11);
	memcpy(pOut->zExt, zExt, strlen(zExt) + 1);
	pOut->iCountryCode = 1;
	return true;
}

} // namespace

extern "C" hw_rc hw_phone_parse(const char *zRaw, const char *zRegion, hw_phone *pOut,
				char *zReason, size_t nReason)
{
	static thread_local Scratch s;
	const PhoneNumberUtil &u = util();
	size_t n = 0;
	const char *z = unwrap(zRaw ? zRaw : "", &n);

	memset(pOut, 0, sizeof *pOut);
	reason(zReason, nReason, "%s", "");
	if (!n) {
		reason(zReason, nReason, "The phone number is empty.");
		return HW_EINVAL;
	}
	if (isScientific(z, n)) {
		reason(zReason, nReason,
		       "\"%.*s\" is a spreadsheet number in scientific notation that has lost "
		       "digits; re-export the column formatted as text.",
		       (int)std::min<size_t>(n, 32), z);
		return HW_EINVAL;
	}

	s.zRegion.clear();
	if (zRegion && strlen(zRegion) == 2) {
		s.zRegion.push_back((char)(zRegion[0] & ~0x20));
		s.zRegion.push_back((char)(zRegion[1] & ~0x20));
	} else {
		s.zRegion = "ZZ";
	}
	if (parseNanp(u, z, n, s, pOut))
		return HW_OK;

	s.zText.assign(z, n);
	s.num.Clear();
	PhoneNumber *pNum = &s.num;
	PhoneNumberUtil::ErrorType e = u.Parse(s.zText, s.zRegion, pNum);

	/*
	 * "00" is the international prefix nearly everywhere but NANP, so lists
	 * use it even when the lead's region dials out differently or is unknown.
	 * Retry as "+" when the region's own reading gave no valid number.
	 */
	if (n > 2 && z[0] == '0' && z[1] == '0' &&
	    (e != PhoneNumberUtil::NO_PARSING_ERROR || !u.IsValidNumber(s.num))) {
		s.zText.assign(1, '+').append(z + 2, n - 2);
		s.alt.Clear();
		PhoneNumberUtil::ErrorType e2 = u.Parse(s.zText, s.zRegion, &s.alt);
		if (e2 == PhoneNumberUtil::NO_PARSING_ERROR &&
		    (e != PhoneNumberUtil::NO_PARSING_ERROR || u.IsValidNumber(s.alt))) {
			pNum = &s.alt;
			e = e2;
		}
	}
	const PhoneNumber &num = *pNum;

	const int nShow = (int)std::min<size_t>(n, 40);
	switch (e) {
	case PhoneNumberUtil::NO_PARSING_ERROR:
		break;
	case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
		if (z[0] == '+' || s.zRegion != "ZZ")
			reason(zReason, nReason,
			       "\"%.*s\" starts with a country code that does not exist.", nShow,
			       z);
		else
			reason(zReason, nReason,
			       "\"%.*s\" has no country code and the lead has no country; write it "
			       "as +<country code> or fill in the country.",
			       nShow, z);
		return HW_EINVAL;
	case PhoneNumberUtil::NOT_A_NUMBER:
		reason(zReason, nReason, "\"%.*s\" is not a phone number.", nShow, z);
		return HW_EINVAL;
	case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
	case PhoneNumberUtil::TOO_SHORT_NSN:
		reason(zReason, nReason, "\"%.*s\" is too short to be a phone number.", nShow, z);
		return HW_EINVAL;
	case PhoneNumberUtil::TOO_LONG_NSN:
		reason(zReason, nReason, "\"%.*s\" is too long to be a phone number.", nShow, z);
		return HW_EINVAL;
	}

	switch (u.IsPossibleNumberWithReason(num)) {
	case PhoneNumberUtil::IS_POSSIBLE:
	case PhoneNumberUtil::INVALID_LENGTH:
		break;
	case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:
		reason(zReason, nReason,
		       "\"%.*s\" is a local number without its area code; add the area code.",
		       nShow, z);
		return HW_EINVAL;
	case PhoneNumberUtil::INVALID_COUNTRY_CODE:
		reason(zReason, nReason, "\"%.*s\" starts with a country code that does not exist.",
		       nShow, z);
		return HW_EINVAL;
	case PhoneNumberUtil::TOO_SHORT:
		reason(zReason, nReason,
		       "\"%.*s\" has too few digits for a phone number of its country.", nShow, z);
		return HW_EINVAL;
	case PhoneNumberUtil::TOO_LONG:
		reason(zReason, nReason,
		       "\"%.*s\" has too many digits for a phone number of its country.", nShow, z);
		return HW_EINVAL;
	}

	if (num.has_extension() && num.extension().size() >= sizeof pOut->zExt) {
		reason(zReason, nReason, "The extension of \"%.*s\" is longer than %d digits.",
		       nShow, z, (int)sizeof pOut->zExt - 1);
		return HW_EINVAL;
	}

	u.Format(num, PhoneNumberUtil::E164, &s.zOut);
	if (s.zOut.size() >= sizeof pOut->zE164) {
		reason(zReason, nReason, "\"%.*s\" is too long to be a phone number.", nShow, z);
		return HW_EINVAL;
	}
	memcpy(pOut->zE164, s.zOut.data(), s.zOut.size() + 1);
	if (num.has_extension())
		memcpy(pOut->zExt, num.extension().c_str(), num.extension().size() + 1);
	pOut->iCountryCode = num.country_code();
	classify(u, num, s.zOut, pOut);
	return HW_OK;
}

extern "C" void hw_phone_set_fast(int bOn)
{
	gbFast.store(bOn != 0, std::memory_order_relaxed);
}

extern "C" const char *hw_phone_type_name(hw_phone_type eType)
{
	static const char *const azName[] = {
	    "unknown",	 "fixed_line",	 "mobile",	"fixed_line_or_mobile",
	    "toll_free", "premium_rate", "shared_cost", "voip",
	    "personal",	 "pager",	 "uan",		"voicemail",
	};
	if ((int)eType < 0 || (size_t)eType >= sizeof azName / sizeof azName[0])
		return "unknown";
	return azName[eType];
}
