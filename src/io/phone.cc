/*
 * phone.cc — the C face of Google's libphonenumber, and the country-name to
 * region lookup that goes with it. It is the project's only C++ file: C++ stays
 * behind phone.h, and no exception or C++ type crosses it. Lead lists arrive
 * from spreadsheets and CRMs, so before libphonenumber sees the text we undo
 * what those do to it (a leading apostrophe, ="…" formulas, a trailing ".0")
 * and refuse what cannot be undone (scientific notation has dropped digits).
 * Both entry points run per imported row: parsing reuses per-thread buffers,
 * and country names are matched by bsearch in a table built once from ICU's
 * English display names plus the aliases lists really use.
 */
/* phone.h is a C header without extern "C" guards of its own. */
extern "C" {
#include "io/phone.h"
}

#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <unicode/uloc.h>    /* uloc_getISOCountries, uloc_getDisplayCountry */
#include <unicode/ustring.h> /* u_strToUTF8 */

#include <algorithm> /* std::sort, std::lower_bound */
#include <cstdarg>   /* va_list */
#include <cstdio>    /* vsnprintf */
#include <cstring>   /* strlen, strcmp */
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
	/*
	 * IsValidNumber is GetNumberType(...) != UNKNOWN with the region search
	 * done again; asking for the type once saves a quarter of the call.
	 */
	pOut->eType = typeOf(u.GetNumberType(num));
	pOut->bValid = pOut->eType != HW_PHONE_UNKNOWN;

	/* An invalid number has no region unless its country code has only one. */
	u.GetRegionCodeForNumber(num, &s.zOut);
	if (s.zOut == "ZZ" || s.zOut == "001") {
		u.GetRegionCodeForCountryCode(pOut->iCountryCode, &s.zOut);
		if (s.zOut != "ZZ" && s.zOut != "001" && !u.IsNANPACountry(s.zOut)) {
			std::list<std::string> aRegion;
			u.GetRegionCodesForCountryCallingCode(pOut->iCountryCode, &aRegion);
			if (aRegion.size() != 1)
				s.zOut.clear();
		} else {
			s.zOut.clear();
		}
	}
	if (s.zOut.size() < sizeof pOut->zRegion)
		memcpy(pOut->zRegion, s.zOut.c_str(), s.zOut.size() + 1);
	return HW_OK;
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

namespace
{

const size_t COUNTRY_KEY = 48;

/*
 * A country name reduced to what tells names apart: ASCII letters and digits,
 * lower case, accents folded, words run together, "&" read as "and", "saint"
 * as "st" and "the" dropped. "The Bahamas" == "bahamas", "St. Kitts & Nevis" ==
 * "Saint Kitts and Nevis", "Côte d’Ivoire" == "cote divoire". False when the
 * result is empty or does not fit.
 */
bool countryKey(const char *z, char *zOut)
{
	/* U+00C0..U+00FF folded; '.' is a letter with no ASCII base. */
	static const char zLatin1[] = "aaaaaaaceeeeiiiidnooooo.ouuuuyts"
				      "aaaaaaaceeeeiiiidnooooo.ouuuuyty";
	char zWord[COUNTRY_KEY];
	size_t n = 0, nWord = 0;
	bool bOk = true;

	auto flush = [&]() {
		zWord[nWord] = 0;
		const char *zAdd = zWord;
		if (!strcmp(zWord, "the"))
			zAdd = "";
		else if (!strcmp(zWord, "saint"))
			zAdd = "st";
		size_t nAdd = strlen(zAdd);
		if (n + nAdd >= COUNTRY_KEY)
			bOk = false;
		else
			memcpy(zOut + n, zAdd, nAdd), n += nAdd;
		nWord = 0;
	};
	auto letter = [&](char c) {
		if (nWord + 1 >= COUNTRY_KEY)
			bOk = false;
		else
			zWord[nWord++] = c;
	};

	for (const unsigned char *p = (const unsigned char *)z; *p && bOk; p++) {
		unsigned c = *p;
		if (c >= 'A' && c <= 'Z')
			letter((char)(c | 0x20));
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			letter((char)c);
		else if (c == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF && zLatin1[p[1] - 0x80] != '.') {
			letter(zLatin1[p[1] - 0x80]);
			p++;
		} else if (c == '\'' || c == 0xE2) {
			/* Apostrophes join: "Cote d'Ivoire", "Cote d’Ivoire". */
			if (c == 0xE2 && p[1] == 0x80 && (p[2] == 0x99 || p[2] == 0x98))
				p += 2;
			else if (c == 0xE2)
				flush();
		} else {
			flush();
			if (c == '&') {
				memcpy(zWord, "and", 3);
				nWord = 3;
				flush();
			}
		}
	}
	if (bOk)
		flush();
	zOut[n] = 0;
	return bOk && n > 0;
}

struct CountryRow {
	char zKey[COUNTRY_KEY];
	char zRegion[4];
	int iPrio; /* on equal keys the lowest wins: alias, alpha-2, name, alpha-3 */
	bool operator<(const CountryRow &o) const
	{
		int c = strcmp(zKey, o.zKey);
		return c ? c < 0 : iPrio < o.iPrio;
	}
};

/*
 * Names lead lists use that ICU's English display names do not cover: home
 * country spellings, the parts of the UK, former and informal names.
 */
const struct {
	const char *zName, *zRegion;
} aCountryAlias[] = {
    {"USA", "US"},
    {"U.S.", "US"},
    {"U.S.A.", "US"},
    {"America", "US"},
    {"United States of America", "US"},
    {"US of A", "US"},
    {"UK", "GB"},
    {"U.K.", "GB"},
    {"Great Britain", "GB"},
    {"Britain", "GB"},
    {"England", "GB"},
    {"Scotland", "GB"},
    {"Wales", "GB"},
    {"Northern Ireland", "GB"},
    {"United Kingdom of Great Britain and Northern Ireland", "GB"},
    {"Deutschland", "DE"},
    {"Germany", "DE"},
    {"Holland", "NL"},
    {"Nederland", "NL"},
    {"España", "ES"},
    {"Espana", "ES"},
    {"Schweiz", "CH"},
    {"Suisse", "CH"},
    {"Svizzera", "CH"},
    {"Österreich", "AT"},
    {"Italia", "IT"},
    {"Brasil", "BR"},
    {"México", "MX"},
    {"Polska", "PL"},
    {"Sverige", "SE"},
    {"Norge", "NO"},
    {"Danmark", "DK"},
    {"Suomi", "FI"},
    {"Éire", "IE"},
    {"Republic of Ireland", "IE"},
    {"Belgique", "BE"},
    {"België", "BE"},
    {"Hong Kong", "HK"},
    {"Macau", "MO"},
    {"Macao", "MO"},
    {"Czech Republic", "CZ"},
    {"Ivory Coast", "CI"},
    {"Burma", "MM"},
    {"Myanmar", "MM"},
    {"Macedonia", "MK"},
    {"Swaziland", "SZ"},
    {"Cabo Verde", "CV"},
    {"Turkey", "TR"},
    {"Turkiye", "TR"},
    {"UAE", "AE"},
    {"U.A.E.", "AE"},
    {"Emirates", "AE"},
    {"Korea", "KR"},
    {"Republic of Korea", "KR"},
    {"Russian Federation", "RU"},
    {"DRC", "CD"},
    {"DR Congo", "CD"},
    {"Democratic Republic of the Congo", "CD"},
    {"Republic of the Congo", "CG"},
    {"Congo", "CG"},
    {"Palestine", "PS"},
    {"Vatican", "VA"},
    {"Vatican City", "VA"},
    {"Holy See", "VA"},
    {"East Timor", "TL"},
    {"Viet Nam", "VN"},
    {"Laos", "LA"},
    {"Iran", "IR"},
    {"Syria", "SY"},
    {"Taiwan", "TW"},
    {"PRC", "CN"},
    {"People's Republic of China", "CN"},
    {"Mainland China", "CN"},
};

struct CountryTable {
	std::vector<CountryRow> a;

	void add(const char *zName, const char *zRegion, int iPrio)
	{
		CountryRow r{};
		if (!countryKey(zName, r.zKey) || strlen(zRegion) != 2)
			return;
		memcpy(r.zRegion, zRegion, 3);
		r.iPrio = iPrio;
		a.push_back(r);
	}

	CountryTable()
	{
		for (const auto &al : aCountryAlias)
			add(al.zName, al.zRegion, 0);
		for (const char *const *pz = uloc_getISOCountries(); *pz; pz++) {
			char zLocale[8], zName[COUNTRY_KEY * 2];
			UChar uName[COUNTRY_KEY * 2];
			UErrorCode st = U_ZERO_ERROR;
			snprintf(zLocale, sizeof zLocale, "und_%s", *pz);
			add(*pz, *pz, 1);
			int32_t nU =
			    uloc_getDisplayCountry(zLocale, "en", uName, COUNTRY_KEY * 2, &st);
			if (U_SUCCESS(st) && nU > 0 && nU < (int32_t)COUNTRY_KEY * 2) {
				u_strToUTF8(zName, sizeof zName, nullptr, uName, nU, &st);
				if (U_SUCCESS(st) && st != U_STRING_NOT_TERMINATED_WARNING)
					add(zName, *pz, 2);
			}
			const char *zIso3 = uloc_getISO3Country(zLocale);
			if (zIso3 && *zIso3)
				add(zIso3, *pz, 3);
		}
		std::sort(a.begin(), a.end());
		a.erase(std::unique(a.begin(), a.end(),
				    [](const CountryRow &x, const CountryRow &y) {
					    return !strcmp(x.zKey, y.zKey);
				    }),
			a.end());
	}
};

} // namespace

extern "C" hw_rc hw_phone_region_for_country(const char *zCountry, char zRegion[4])
{
	static const CountryTable t;
	CountryRow k{};

	zRegion[0] = 0;
	if (!zCountry || !countryKey(zCountry, k.zKey))
		return HW_ENOTFOUND;
	auto it = std::lower_bound(t.a.begin(), t.a.end(), k);
	if (it == t.a.end() || strcmp(it->zKey, k.zKey))
		return HW_ENOTFOUND;
	memcpy(zRegion, it->zRegion, 3);
	return HW_OK;
}
