/*
 * import_row.c — one CSV row to a lead: cells cleaned and mapped, the email
 * checked, phone numbers normalized, time zones inferred. A row that cannot
 * be a lead becomes a reject that says which column and why. Pure work with
 * no store access: it runs on the import's reader thread.
 */
#include "io/import_int.h"

#include "io/phone.h"
#include "io/tz.h"

#include <ctype.h>   /* isspace */
#include <jansson.h> /* rejects keep the row as JSON; custom fields */
#include <stdio.h>   /* snprintf */
#include <stdlib.h>  /* free */
#include <string.h>  /* strlen */

/* Trim spaces, and the apostrophe spreadsheets use to mark text. */
char *hw_import_clean_cell(char *z)
{
	char *zEnd;
	while (isspace((unsigned char)*z))
		z++;
	zEnd = z + strlen(z);
	while (zEnd > z && isspace((unsigned char)zEnd[-1]))
		*--zEnd = 0;
	if (z[0] == '\'' && z[1])
		z++;
	return z;
}

static char *row_json(int nField, char **azField)
{
	json_t *pA = json_array();
	char *z;
	for (int i = 0; i < nField; i++) {
		json_t *pS = json_string(azField[i]); /* NULL if not UTF-8 */
		json_array_append_new(pA, pS ? pS : json_string("?"));
	}
	z = json_dumps(pA, JSON_COMPACT);
	json_decref(pA);
	return z;
}

/*
 * Build pLead from one row. HW_EINVAL means the row is rejected: *piCol,
 * *pzField and zWhy say where and why.
 */
/* Where field e came from, for a reject that names the column. */
static void column_of(const importer *p, hw_field e, int *piCol, const char **pzField)
{
	for (int i = 0; i < p->nHeader; i++) {
		if (p->aMap[i].eField == e) {
			*piCol = i + 1;
			*pzField = p->azHeader[i];
			return;
		}
	}
}

static hw_rc row_to_lead(const importer *p, int nField, char **azField, hw_lead *pLead, int *piCol,
			 const char **pzField, char *zWhy, size_t nWhy)
{
	json_t *pCustom = NULL;
	int aPhoneCol[HW_LEAD_MAX_PHONES];
	hw_rc rc = HW_OK;

	*piCol = 0;
	*pzField = NULL;
	if (nField > p->nHeader) {
		*piCol = p->nHeader + 1;
		snprintf(zWhy, nWhy,
			 "the row has %d fields but the header has %d; quote fields that "
			 "contain the delimiter",
			 nField, p->nHeader);
		return HW_EINVAL;
	}
	for (int i = 0; i < nField; i++) {
		const hw_colmap *pM = &p->aMap[i];
		char *z = hw_import_clean_cell(azField[i]);
		if (!z[0] || pM->eField == HW_F_IGNORE)
			continue;
		if (pM->eField == HW_F_CUSTOM) {
			if (!pCustom && !(pCustom = json_object()))
				return HW_ENOMEM;
			json_object_set_new(pCustom, pM->zHeader, json_string(z));
		} else if (pM->eField == HW_F_PHONE) {
			if (pLead->nPhone == HW_LEAD_MAX_PHONES)
				continue;
			hw_lead_phone *pP = &pLead->aPhone[pLead->nPhone];
			pP->eKind = pM->eKind;
			if ((rc = hw_lead_set_str(&pP->zRaw, z)) != HW_OK)
				goto done;
			aPhoneCol[pLead->nPhone++] = i;
		} else {
			if (pM->eField == HW_F_EMAIL) {
				for (char *c = z; *c; c++)
					*c = (char)tolower((unsigned char)*c);
				if (!hw_email_ok(z)) {
					*piCol = i + 1;
					*pzField = p->azHeader[i];
					snprintf(zWhy, nWhy,
						 "'%s' is not an email address (expected "
						 "name@domain.tld)",
						 z);
					rc = HW_EINVAL;
					goto done;
				}
			}
			if ((rc = hw_lead_set(pLead, pM->eField, z)) != HW_OK)
				goto done;
		}
	}

	/* The row's own country wins over --region for its numbers. */
	memcpy(pLead->zRegion, p->zRegion, sizeof pLead->zRegion);
	if (pLead->azField[HW_F_COUNTRY]) {
		char zR[4];
		if (hw_phone_region_for_country(pLead->azField[HW_F_COUNTRY], zR) != HW_OK) {
			column_of(p, HW_F_COUNTRY, piCol, pzField);
			snprintf(zWhy, nWhy,
				 "unknown country '%s'; write a country name or ISO code such "
				 "as US, GB, DE",
				 pLead->azField[HW_F_COUNTRY]);
			rc = HW_EINVAL;
			goto done;
		}
		memcpy(pLead->zRegion, zR, sizeof zR);
	}

	/* Phones: normalized, each number once per lead. */
	int nKeep = 0;
	for (int i = 0; i < pLead->nPhone; i++) {
		hw_lead_phone *pP = &pLead->aPhone[i];
		hw_phone ph;
		char zReason[200];
		if (hw_phone_parse(pP->zRaw, pLead->zRegion, &ph, zReason, sizeof zReason) !=
		    HW_OK) {
			*piCol = aPhoneCol[i] + 1;
			*pzField = p->azHeader[aPhoneCol[i]];
			if (strstr(zReason, pP->zRaw))
				snprintf(zWhy, nWhy, "%s", zReason);
			else
				snprintf(zWhy, nWhy, "'%s': %s", pP->zRaw, zReason);
			rc = HW_EINVAL;
			goto done;
		}
		int bDup = 0;
		for (int j = 0; j < nKeep && !bDup; j++)
			bDup = strcmp(pLead->aPhone[j].zE164, ph.zE164) == 0 &&
			       strcmp(pLead->aPhone[j].zExt, ph.zExt) == 0;
		if (bDup) {
			free(pP->zRaw);
			pP->zRaw = NULL;
			continue;
		}
		hw_lead_phone *pTo = &pLead->aPhone[nKeep++];
		if (pTo != pP) {
			*pTo = *pP;
			pP->zRaw = NULL;
		}
		memcpy(pTo->zE164, ph.zE164, sizeof pTo->zE164);
		memcpy(pTo->zExt, ph.zExt, sizeof pTo->zExt);
		memcpy(pTo->zRegion, ph.zRegion, sizeof pTo->zRegion);
		snprintf(pTo->zType, sizeof pTo->zType, "%s", hw_phone_type_name(ph.eType));
		pTo->bValid = ph.bValid;
		if (!pLead->zRegion[0])
			memcpy(pLead->zRegion, ph.zRegion, sizeof pLead->zRegion);
	}
	pLead->nPhone = nKeep;

	if (pLead->nPhone == 0 && !pLead->azField[HW_F_EMAIL]) {
		snprintf(zWhy, nWhy, "the row has no phone number and no email; a lead needs one");
		rc = HW_EINVAL;
		goto done;
	}

	/* Time zones: the list's own column, else the address, else the phones;
	 * where the address allows several zones, the phones may narrow them. */
	hw_tz_set tz = {0}, ph = {0};
	for (int i = 0; i < pLead->nPhone; i++) {
		hw_tz_set one;
		if (!pLead->aPhone[i].bValid ||
		    hw_tz_from_e164(pLead->aPhone[i].zE164, &one) != HW_OK)
			continue;
		if (ph.nZone == 0) {
			ph = one;
		} else {
			hw_tz_set both = ph;
			hw_tz_intersect(&both, &one);
			if (both.nZone)
				ph = both;
		}
	}
	if (pLead->azField[HW_F_TIME_ZONE]) {
		const char *zCanon;
		if (hw_tz_canonical(pLead->azField[HW_F_TIME_ZONE], &zCanon) != HW_OK) {
			column_of(p, HW_F_TIME_ZONE, piCol, pzField);
			snprintf(zWhy, nWhy,
				 "unknown time zone '%s'; use an IANA name such as "
				 "America/Chicago",
				 pLead->azField[HW_F_TIME_ZONE]);
			rc = HW_EINVAL;
			goto done;
		}
		tz.nZone = 1;
		tz.azZone[0] = zCanon;
		tz.eSource = HW_TZ_EXPLICIT;
	} else if (pLead->zRegion[0] &&
		   (pLead->azField[HW_F_COUNTRY] || pLead->azField[HW_F_STATE]) &&
		   hw_tz_from_address(pLead->zRegion, pLead->azField[HW_F_STATE], &tz) == HW_OK) {
		hw_tz_set both = tz;
		hw_tz_intersect(&both, &ph);
		if (both.nZone)
			tz = both;
		tz.eSource = HW_TZ_ADDRESS;
	} else if (ph.nZone) {
		tz = ph;
		tz.eSource = HW_TZ_PHONE;
	}
	if (tz.nZone) {
		char zJoin[HW_TZ_MAX * 40];
		hw_tz_join(&tz, zJoin, sizeof zJoin);
		if ((rc = hw_lead_set_str(&pLead->zTimeZones, zJoin)) != HW_OK)
			goto done;
		pLead->zTzSource = tz.eSource == HW_TZ_EXPLICIT ? "explicit"
				   : tz.eSource == HW_TZ_ADDRESS ? "address"
								 : "phone";
	}
	/* Where the calling policy's windows come from, and the ICP fit. */
	if (pLead->zRegion[0])
		(void)hw_tz_jurisdiction(pLead->zRegion, pLead->azField[HW_F_STATE], pLead->zJur);
	if (p->pIcp) {
		pLead->bIcp = 1;
		pLead->iIcp = hw_icp_score(p->pIcp, pLead);
	}

	if (pCustom) {
		pLead->zCustom = json_dumps(pCustom, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (!pLead->zCustom)
			rc = HW_ENOMEM;
	}
	if (rc == HW_OK)
		rc = hw_lead_complete_names(pLead);
done:
	json_decref(pCustom);
	return rc;
}


void hw_import_item_clear(import_item *pItem)
{
	hw_lead_clear(&pItem->lead);
	free(pItem->zMsg);
	free(pItem->zRowJson);
	memset(pItem, 0, sizeof *pItem);
}

hw_rc hw_import_row(const importer *p, long iLine, int nField, char **azField,
		    import_item *pItem)
{
	char zWhy[400];
	hw_rc rc;

	memset(pItem, 0, sizeof *pItem);
	pItem->iLine = iLine;
	rc = row_to_lead(p, nField, azField, &pItem->lead, &pItem->iCol, &pItem->zField, zWhy,
			 sizeof zWhy);
	if (rc != HW_EINVAL)
		return rc;
	hw_lead_clear(&pItem->lead);
	pItem->bReject = 1;
	pItem->zMsg = strdup(zWhy);
	pItem->zRowJson = row_json(nField, azField);
	return pItem->zMsg && pItem->zRowJson ? HW_OK : HW_ENOMEM;
}
