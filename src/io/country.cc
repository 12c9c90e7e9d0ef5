/*
 * country.cc — a country as lead lists write it ("USA", "U.K.", "Deutschland",
 * "Côte d'Ivoire", "DE", "DEU") to its ISO 3166 alpha-2 region, the key that
 * phone numbers and time zones are looked up by. The table is built once from
 * ICU's English display names, alpha-2 and alpha-3 codes plus the aliases real
 * lists use, then searched with bsearch: it runs for every imported row.
 */
extern "C" {
#include "io/phone.h"
}

#include <unicode/uloc.h>    /* uloc_getISOCountries, uloc_getDisplayCountry */
#include <unicode/ustring.h> /* u_strToUTF8 */

#include <algorithm> /* std::sort, std::lower_bound */
#include <cstring>   /* strlen, strcmp */
#include <string>
#include <vector>

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
