/*
 * fieldmap.c — header aliases as one sorted table, and the --map overrides.
 */
#include "core/fieldmap.h"

#include <ctype.h>  /* tolower */
#include <stdio.h>  /* snprintf */
#include <stdlib.h> /* bsearch */
#include <string.h> /* strcmp */

typedef struct alias {
	const char *zFolded; /* folded header; the table must stay sorted by it */
	hw_field eField;
	hw_phone_kind eKind;
} alias;

#define F(x) HW_F_##x, HW_PK_PHONE
#define P(k) HW_F_PHONE, HW_PK_##k

/* Must stay sorted (strcmp order): searched with bsearch. English, then the
 * German, French and Spanish headers European lists use; accented letters
 * fold away ("Prénom" -> "prnom"), so both spellings are listed. */
static const alias aAlias[] = {
	{"accountname", F(COMPANY)},
	{"address", F(STREET)},
	{"address1", F(STREET)},
	{"addressline1", F(STREET)},
	{"apellido", F(LAST_NAME)},
	{"apellidos", F(LAST_NAME)},
	{"bundesland", F(STATE)},
	{"businessphone", P(WORK)},
	{"cell", P(MOBILE)},
	{"cellphone", P(MOBILE)},
	{"city", F(CITY)},
	{"ciudad", F(CITY)},
	{"codepostal", F(POSTAL_CODE)},
	{"companiesindustry", F(INDUSTRY)},
	{"company", F(COMPANY)},
	{"companycity", F(CITY)},
	{"companycountry", F(COUNTRY)},
	{"companydomain", F(WEBSITE)},
	{"companyname", F(COMPANY)},
	{"companyphone", P(WORK)},
	{"companysize", F(EMPLOYEES)},
	{"companystate", F(STATE)},
	{"companywebsite", F(WEBSITE)},
	{"corporatephone", P(WORK)},
	{"country", F(COUNTRY)},
	{"countrycode", F(COUNTRY)},
	{"countryregion", F(COUNTRY)},
	{"county", F(STATE)},
	{"description", F(NOTES)},
	{"directdial", P(DIRECT)},
	{"directline", P(DIRECT)},
	{"directphone", P(DIRECT)},
	{"directphonenumber", P(DIRECT)},
	{"domain", F(WEBSITE)},
	{"email", F(EMAIL)},
	{"emailaddress", F(EMAIL)},
	{"employeecount", F(EMPLOYEES)},
	{"employees", F(EMPLOYEES)},
	{"employeesize", F(EMPLOYEES)},
	{"empresa", F(COMPANY)},
	{"entreprise", F(COMPANY)},
	{"firma", F(COMPANY)},
	{"firstname", F(FIRST_NAME)},
	{"fname", F(FIRST_NAME)},
	{"fullname", F(FULL_NAME)},
	{"givenname", F(FIRST_NAME)},
	{"homephone", P(HOME)},
	{"industry", F(INDUSTRY)},
	{"jobtitle", F(TITLE)},
	{"land", F(COUNTRY)},
	{"lastname", F(LAST_NAME)},
	{"linkedin", F(LINKEDIN)},
	{"linkedinprofile", F(LINKEDIN)},
	{"linkedinurl", F(LINKEDIN)},
	{"lname", F(LAST_NAME)},
	{"mailingcity", F(CITY)},
	{"mailingcountry", F(COUNTRY)},
	{"mailingpostalcode", F(POSTAL_CODE)},
	{"mailingstate", F(STATE)},
	{"mailingstreet", F(STREET)},
	{"mainphone", P(PHONE)},
	{"mobil", P(MOBILE)},
	{"mobile", P(MOBILE)},
	{"mobilephone", P(MOBILE)},
	{"mobilephonenumber", P(MOBILE)},
	{"mobiltelefon", P(MOBILE)},
	{"movil", P(MOBILE)},
	{"mvil", P(MOBILE)},
	{"nachname", F(LAST_NAME)},
	{"name", F(FULL_NAME)},
	{"nom", F(LAST_NAME)},
	{"nombre", F(FIRST_NAME)},
	{"notes", F(NOTES)},
	{"numberofemployees", F(EMPLOYEES)},
	{"officephone", P(WORK)},
	{"organisation", F(COMPANY)},
	{"organization", F(COMPANY)},
	{"ort", F(CITY)},
	{"otherphone", P(OTHER)},
	{"pais", F(COUNTRY)},
	{"pas", F(COUNTRY)},
	{"pays", F(COUNTRY)},
	{"personlinkedinurl", F(LINKEDIN)},
	{"phone", P(PHONE)},
	{"phone1", P(PHONE)},
	{"phone2", P(OTHER)},
	{"phonenumber", P(PHONE)},
	{"plz", F(POSTAL_CODE)},
	{"portable", P(MOBILE)},
	{"position", F(TITLE)},
	{"postalcode", F(POSTAL_CODE)},
	{"postcode", F(POSTAL_CODE)},
	{"prenom", F(FIRST_NAME)},
	{"prnom", F(FIRST_NAME)},
	{"province", F(STATE)},
	{"region", F(STATE)},
	{"researchnotes", F(NOTES)},
	{"societe", F(COMPANY)},
	{"socit", F(COMPANY)},
	{"state", F(STATE)},
	{"stateprovince", F(STATE)},
	{"strae", F(STREET)},
	{"strasse", F(STREET)},
	{"street", F(STREET)},
	{"streetaddress", F(STREET)},
	{"surname", F(LAST_NAME)},
	{"telefon", P(PHONE)},
	{"telefono", P(PHONE)},
	{"telephone", P(PHONE)},
	{"telfono", P(PHONE)},
	{"timezone", F(TIME_ZONE)},
	{"title", F(TITLE)},
	{"tz", F(TIME_ZONE)},
	{"url", F(WEBSITE)},
	{"ville", F(CITY)},
	{"vorname", F(FIRST_NAME)},
	{"web", F(WEBSITE)},
	{"website", F(WEBSITE)},
	{"workphone", P(WORK)},
	{"zip", F(POSTAL_CODE)},
	{"zipcode", F(POSTAL_CODE)},
	{"zippostalcode", F(POSTAL_CODE)},
};

#undef F
#undef P

void hw_fieldmap_fold(const char *zIn, char *zOut, size_t nOut)
{
	size_t n = 0;
	for (; *zIn && n + 1 < nOut; zIn++) {
		unsigned char c = (unsigned char)*zIn;
		if (isalnum(c))
			zOut[n++] = (char)tolower(c);
	}
	zOut[n] = 0;
}

static int alias_cmp(const void *pKey, const void *pElem)
{
	return strcmp((const char *)pKey, ((const alias *)pElem)->zFolded);
}

void hw_fieldmap_guess(const char *zHeader, hw_colmap *pOut)
{
	char zFold[128];
	const alias *p;

	hw_fieldmap_fold(zHeader, zFold, sizeof zFold);
	p = bsearch(zFold, aAlias, sizeof aAlias / sizeof aAlias[0], sizeof aAlias[0],
		    alias_cmp);
	pOut->zHeader = zHeader;
	pOut->eField = p ? p->eField : HW_F_CUSTOM;
	pOut->eKind = p ? p->eKind : HW_PK_PHONE;
}

hw_rc hw_fieldmap_parse_target(const char *zTarget, hw_colmap *pOut, hw_err *pErr)
{
	char zFold[64], zName[64];

	hw_fieldmap_fold(zTarget, zFold, sizeof zFold);
	pOut->eKind = HW_PK_PHONE;
	if (strcmp(zFold, "custom") == 0) {
		pOut->eField = HW_F_CUSTOM;
		return HW_OK;
	}
	if (strcmp(zFold, "ignore") == 0) {
		pOut->eField = HW_F_IGNORE;
		return HW_OK;
	}
	for (int k = 0; k < HW_PK_COUNT; k++) {
		if (strcmp(zFold, hw_phone_kind_names[k]) == 0) {
			pOut->eField = HW_F_PHONE;
			pOut->eKind = (hw_phone_kind)k;
			return HW_OK;
		}
	}
	for (int i = 0; i < HW_F_COUNT; i++) {
		hw_fieldmap_fold(hw_lead_fields[i].zName, zName, sizeof zName);
		if (strcmp(zFold, zName) == 0) {
			pOut->eField = (hw_field)i;
			return HW_OK;
		}
	}
	hw_err_set(pErr,
		   "unknown field '%s' in --map; use one of first_name, last_name, full_name, "
		   "title, company, email, linkedin, website, street, city, state, postal_code, "
		   "country, time_zone, industry, employees, notes, phone, mobile, direct, work, "
		   "home, other, custom, ignore",
		   zTarget);
	return HW_EINVAL;
}

hw_rc hw_fieldmap_build(char **azHeader, int nHeader, char **azOverride, int nOverride,
			hw_colmap *aMap, hw_err *pErr)
{
	char zA[128], zB[128];
	hw_rc rc;

	for (int i = 0; i < nHeader; i++)
		hw_fieldmap_guess(azHeader[i], &aMap[i]);

	for (int o = 0; o < nOverride; o++) {
		const char *zEq = strrchr(azOverride[o], '=');
		hw_colmap m;
		int bFound = 0;
		if (!zEq || zEq == azOverride[o]) {
			hw_err_set(pErr, "--map '%s' must look like 'Column Name=field'",
				   azOverride[o]);
			return HW_EUSAGE;
		}
		if ((rc = hw_fieldmap_parse_target(zEq + 1, &m, pErr)) != HW_OK)
			return rc;
		snprintf(zA, sizeof zA, "%.*s", (int)(zEq - azOverride[o]), azOverride[o]);
		hw_fieldmap_fold(zA, zA, sizeof zA);
		for (int i = 0; i < nHeader; i++) {
			hw_fieldmap_fold(azHeader[i], zB, sizeof zB);
			if (strcmp(zA, zB) == 0) {
				aMap[i].eField = m.eField;
				aMap[i].eKind = m.eKind;
				bFound = 1;
			}
		}
		if (!bFound) {
			hw_err_set(pErr, "--map '%s': the file has no column named '%.*s'",
				   azOverride[o], (int)(zEq - azOverride[o]), azOverride[o]);
			return HW_EUSAGE;
		}
	}

	/* A lead field filled from two columns would silently keep one of them. */
	for (int i = 0; i < nHeader; i++) {
		if (aMap[i].eField >= HW_F_COUNT)
			continue;
		for (int j = i + 1; j < nHeader; j++) {
			if (aMap[j].eField == aMap[i].eField) {
				hw_err_at(pErr, NULL, 1, j + 1, azHeader[j],
					  "columns %d ('%s') and %d ('%s') both map to %s; "
					  "say which to use with --map '%s=ignore' or map it "
					  "to another field",
					  i + 1, azHeader[i], j + 1, azHeader[j],
					  hw_lead_fields[aMap[i].eField].zName, azHeader[j]);
				return HW_EINVAL;
			}
		}
	}
	return HW_OK;
}
