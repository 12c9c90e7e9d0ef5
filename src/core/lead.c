/*
 * lead.c — the lead's field table, and the pure operations on a lead: setting
 * fields, completing names, and merging a duplicate into the lead it repeats.
 */
#include "core/lead.h"

#include <jansson.h> /* custom fields are a JSON object */
#include <stdio.h>   /* snprintf */
#include <stdlib.h>  /* free */
#include <ctype.h>
#include <string.h>  /* strdup, strcmp */

const hw_field_info hw_lead_fields[HW_F_COUNT] = {
	{HW_F_FIRST_NAME, "first_name", "first_name"},
	{HW_F_LAST_NAME, "last_name", "last_name"},
	{HW_F_FULL_NAME, "full_name", "full_name"},
	{HW_F_TITLE, "title", "title"},
	{HW_F_COMPANY, "company", "company"},
	{HW_F_EMAIL, "email", "email"},
	{HW_F_LINKEDIN, "linkedin", "linkedin_url"},
	{HW_F_WEBSITE, "website", "website"},
	{HW_F_STREET, "street", "street"},
	{HW_F_CITY, "city", "city"},
	{HW_F_STATE, "state", "state"},
	{HW_F_POSTAL_CODE, "postal_code", "postal_code"},
	{HW_F_COUNTRY, "country", "country"},
	{HW_F_TIME_ZONE, "time_zone", "time_zone"},
	{HW_F_INDUSTRY, "industry", "industry"},
	{HW_F_EMPLOYEES, "employees", "employees"},
	{HW_F_NOTES, "notes", "research_notes"},
};

const char *const hw_phone_kind_names[HW_PK_COUNT] = {
	"phone", "mobile", "direct", "work", "home", "other",
};

const char *const hw_status_names[HW_STATUS_COUNT] = {
	"new", "working", "meeting", "nurture", "disqualified", "do_not_contact",
};

hw_rc hw_status_parse(const char *zName, hw_lead_status *pe)
{
	for (int i = 0; i < HW_STATUS_COUNT; i++) {
		if (strcmp(zName, hw_status_names[i]) == 0) {
			*pe = (hw_lead_status)i;
			return HW_OK;
		}
	}
	return HW_EINVAL;
}

void hw_account_key(const char *zName, char *zKey, size_t nKey)
{
	size_t n = 0;
	for (const char *z = zName; *z && n + 1 < nKey; z++) {
		unsigned char c = (unsigned char)*z;
		if (c >= 'A' && c <= 'Z')
			zKey[n++] = (char)(c + 32);
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
			zKey[n++] = (char)c;
	}
	zKey[n] = 0;
}

/* E.164, then 'x' and the extension if any. Called several times per row
 * by the import's writer: no snprintf (3% of its time when it had one). */
const char *hw_phone_key(const hw_lead_phone *pPhone, char zKey[HW_PHONE_KEY_MAX])
{
	_Static_assert(sizeof pPhone->zE164 + 1 + sizeof pPhone->zExt <= HW_PHONE_KEY_MAX,
		       "HW_PHONE_KEY_MAX holds a number, an 'x' and an extension");
	size_t n = strnlen(pPhone->zE164, sizeof pPhone->zE164 - 1);
	memcpy(zKey, pPhone->zE164, n);
	if (pPhone->zExt[0]) {
		size_t m = strnlen(pPhone->zExt, sizeof pPhone->zExt - 1);
		zKey[n++] = 'x';
		memcpy(zKey + n, pPhone->zExt, m);
		n += m;
	}
	zKey[n] = 0;
	return zKey;
}

int hw_phone_same(const hw_lead_phone *pA, const hw_lead_phone *pB)
{
	return strcmp(pA->zE164, pB->zE164) == 0 && strcmp(pA->zExt, pB->zExt) == 0;
}

const char *hw_lead_tz_source(const char *zName)
{
	static const char *const azSource[] = {"explicit", "address", "phone"};
	for (size_t i = 0; zName && i < sizeof azSource / sizeof azSource[0]; i++)
		if (strcmp(zName, azSource[i]) == 0)
			return azSource[i];
	return NULL;
}

hw_rc hw_lead_set_str(char **pz, const char *z)
{
	char *zNew = NULL;
	if (z && z[0] && !(zNew = strdup(z)))
		return HW_ENOMEM;
	free(*pz);
	*pz = zNew;
	return HW_OK;
}

hw_rc hw_lead_set(hw_lead *pLead, hw_field e, const char *z)
{
	if ((unsigned)e >= HW_F_COUNT)
		return HW_EINTERNAL;
	return hw_lead_set_str(&pLead->azField[e], z);
}

void hw_lead_clear(hw_lead *pLead)
{
	for (int i = 0; i < HW_F_COUNT; i++)
		free(pLead->azField[i]);
	for (int i = 0; i < pLead->nPhone; i++)
		free(pLead->aPhone[i].zRaw);
	free(pLead->zCustom);
	free(pLead->zTimeZones);
	memset(pLead, 0, sizeof *pLead);
}

hw_rc hw_lead_complete_names(hw_lead *pLead)
{
	char **az = pLead->azField;
	char zBuf[512];
	hw_rc rc = HW_OK;

	if (!az[HW_F_FULL_NAME] && (az[HW_F_FIRST_NAME] || az[HW_F_LAST_NAME])) {
		snprintf(zBuf, sizeof zBuf, "%s%s%s",
			 az[HW_F_FIRST_NAME] ? az[HW_F_FIRST_NAME] : "",
			 az[HW_F_FIRST_NAME] && az[HW_F_LAST_NAME] ? " " : "",
			 az[HW_F_LAST_NAME] ? az[HW_F_LAST_NAME] : "");
		rc = hw_lead_set(pLead, HW_F_FULL_NAME, zBuf);
	} else if (az[HW_F_FULL_NAME] && !az[HW_F_FIRST_NAME] && !az[HW_F_LAST_NAME]) {
		/* "Ada King Lovelace": the last word is the family name, the rest
		 * the given names; "Lovelace, Ada" is the directory form. */
		const char *zFull = az[HW_F_FULL_NAME];
		const char *zComma = strchr(zFull, ',');
		const char *zSpace = strrchr(zFull, ' ');
		if (zComma) {
			snprintf(zBuf, sizeof zBuf, "%.*s", (int)(zComma - zFull), zFull);
			rc = hw_lead_set(pLead, HW_F_LAST_NAME, zBuf);
			const char *zFirst = zComma + 1;
			while (*zFirst == ' ')
				zFirst++;
			if (rc == HW_OK)
				rc = hw_lead_set(pLead, HW_F_FIRST_NAME, zFirst);
		} else if (zSpace) {
			snprintf(zBuf, sizeof zBuf, "%.*s", (int)(zSpace - zFull), zFull);
			rc = hw_lead_set(pLead, HW_F_FIRST_NAME, zBuf);
			if (rc == HW_OK)
				rc = hw_lead_set(pLead, HW_F_LAST_NAME, zSpace + 1);
		} else {
			rc = hw_lead_set(pLead, HW_F_FIRST_NAME, zFull);
		}
	}
	return rc;
}

const char *hw_lead_display_name(const hw_lead *pLead, char *zBuf, size_t nBuf)
{
	const char *z = pLead->azField[HW_F_FULL_NAME];
	if (!z)
		z = pLead->azField[HW_F_EMAIL];
	snprintf(zBuf, nBuf, "%s", z ? z : "(no name)");
	return zBuf;
}

static hw_rc merge_custom(hw_lead *pOld, const char *zNew, int *pnChanged)
{
	json_t *pO, *pN, *pV;
	const char *zKey;
	hw_rc rc = HW_OK;

	if (!zNew)
		return HW_OK;
	if (!pOld->zCustom)
		return hw_lead_set_str(&pOld->zCustom, zNew) == HW_OK ? ((*pnChanged)++, HW_OK)
								      : HW_ENOMEM;
	pO = json_loads(pOld->zCustom, 0, NULL);
	pN = json_loads(zNew, 0, NULL);
	if (!json_is_object(pO) || !json_is_object(pN)) {
		rc = HW_EINTERNAL;
		goto done;
	}
	json_object_foreach(pN, zKey, pV)
	{
		if (!json_object_get(pO, zKey)) {
			json_object_set(pO, zKey, pV);
			(*pnChanged)++;
		}
	}
	char *z = json_dumps(pO, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (!z) {
		rc = HW_ENOMEM;
		goto done;
	}
	free(pOld->zCustom);
	pOld->zCustom = z;
done:
	json_decref(pO);
	json_decref(pN);
	return rc;
}

hw_rc hw_lead_merge(hw_lead *pOld, const hw_lead *pNew, int *pnChanged)
{
	hw_rc rc;
	*pnChanged = 0;
	for (int i = 0; i < HW_F_COUNT; i++) {
		if (!pOld->azField[i] && pNew->azField[i]) {
			if ((rc = hw_lead_set(pOld, (hw_field)i, pNew->azField[i])) != HW_OK)
				return rc;
			(*pnChanged)++;
		}
	}
	if (!pOld->zTimeZones && pNew->zTimeZones) {
		if ((rc = hw_lead_set_str(&pOld->zTimeZones, pNew->zTimeZones)) != HW_OK)
			return rc;
		pOld->zTzSource = pNew->zTzSource;
		(*pnChanged)++;
	}
	if (!pOld->zRegion[0] && pNew->zRegion[0])
		memcpy(pOld->zRegion, pNew->zRegion, sizeof pOld->zRegion);
	if (!pOld->iAccountId)
		pOld->iAccountId = pNew->iAccountId;
	for (int i = 0; i < pNew->nPhone; i++) {
		const hw_lead_phone *pP = &pNew->aPhone[i];
		int bHave = 0;
		for (int j = 0; j < pOld->nPhone && !bHave; j++)
			bHave = hw_phone_same(&pOld->aPhone[j], pP);
		if (bHave || pOld->nPhone == HW_LEAD_MAX_PHONES)
			continue;
		hw_lead_phone *pTo = &pOld->aPhone[pOld->nPhone];
		*pTo = *pP;
		pTo->iId = 0;
		pTo->zRaw = NULL;
		if ((rc = hw_lead_set_str(&pTo->zRaw, pP->zRaw)) != HW_OK)
			return rc;
		pOld->nPhone++;
		(*pnChanged)++;
	}
	return merge_custom(pOld, pNew->zCustom, pnChanged);
}

int hw_email_ok(const char *z)
{
	const char *zAt = strchr(z, '@');
	if (!zAt || zAt == z || strchr(zAt + 1, '@') || !strchr(zAt + 1, '.'))
		return 0;
	if (zAt[1] == '.' || z[strlen(z) - 1] == '.')
		return 0;
	for (; *z; z++)
		if (isspace((unsigned char)*z) || *z == ',' || *z == '<' || *z == '>')
			return 0;
	return 1;
}
