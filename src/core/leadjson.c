/*
 * leadjson.c — leads to JSON and back, walking the field table.
 */
#include "core/leadjson.h"
#include "core/workjson.h"

#include <stdlib.h> /* free */
#include <string.h> /* strcmp */

static void set_str(json_t *pObj, const char *zKey, const char *z)
{
	json_object_set_new(pObj, zKey, z ? json_string(z) : json_null());
}

json_t *hw_lead_to_json(const hw_lead *pLead)
{
	json_t *pObj = json_object(), *pPhones = json_array(), *pZones = json_array();
	if (!pObj || !pPhones || !pZones) {
		json_decref(pObj);
		json_decref(pPhones);
		json_decref(pZones);
		return NULL;
	}
	json_object_set_new(pObj, "id", json_integer(pLead->iId));
	for (int i = 0; i < HW_F_COUNT; i++)
		set_str(pObj, hw_lead_fields[i].zName, pLead->azField[i]);
	set_str(pObj, "region", pLead->zRegion[0] ? pLead->zRegion : NULL);
	if (pLead->zTimeZones) {
		const char *z = pLead->zTimeZones;
		while (*z) {
			const char *zEnd = strchr(z, '|');
			size_t n = zEnd ? (size_t)(zEnd - z) : strlen(z);
			json_array_append_new(pZones, json_stringn(z, n));
			z += n + (zEnd ? 1 : 0);
		}
	}
	json_object_set_new(pObj, "time_zones", pZones);
	set_str(pObj, "tz_source", pLead->zTzSource);
	json_object_set_new(pObj, "location_unknown", json_boolean(!pLead->zTimeZones));
	json_object_set_new(pObj, "status", json_string(hw_status_names[pLead->eStatus]));
	json_object_set_new(pObj, "do_not_call", json_boolean(pLead->bDoNotCall));
	set_str(pObj, "jurisdiction", pLead->zJur[0] ? pLead->zJur : NULL);
	json_object_set_new(pObj, "icp_score", pLead->bIcp ? json_integer(pLead->iIcp) : json_null());
	json_object_set_new(pObj, "account_id",
			    pLead->iAccountId ? json_integer(pLead->iAccountId) : json_null());
	json_object_set_new(pObj, "import_id",
			    pLead->iImport ? json_integer(pLead->iImport) : json_null());
	json_object_set_new(pObj, "created_at", json_integer(pLead->tCreated));
	json_object_set_new(pObj, "updated_at", json_integer(pLead->tUpdated));
	json_t *pCustom = pLead->zCustom ? json_loads(pLead->zCustom, 0, NULL) : NULL;
	json_object_set_new(pObj, "custom", pCustom ? pCustom : json_object());
	for (int i = 0; i < pLead->nPhone; i++) {
		const hw_lead_phone *pP = &pLead->aPhone[i];
		json_t *pPh = json_object();
		if (!pPh)
			continue;
		json_object_set_new(pPh, "e164", json_string(pP->zE164));
		set_str(pPh, "ext", pP->zExt[0] ? pP->zExt : NULL);
		set_str(pPh, "raw", pP->zRaw);
		json_object_set_new(pPh, "kind", json_string(hw_phone_kind_names[pP->eKind]));
		json_object_set_new(pPh, "type", json_string(pP->zType[0] ? pP->zType : "unknown"));
		set_str(pPh, "region", pP->zRegion[0] ? pP->zRegion : NULL);
		json_object_set_new(pPh, "valid", json_boolean(pP->bValid));
		json_object_set_new(pPh, "suppressed", json_boolean(pP->bSuppressed));
		json_object_set_new(pPh, "dead", json_boolean(pP->bDead));
		set_str(pPh, "registry", pP->zRegistry[0] ? pP->zRegistry : NULL);
		if (pP->tConsent > 0 && pP->tConsent < 9000000000000000000LL) {
			char zT[32];
			hw_iso(pP->tConsent, zT);
			json_object_set_new(pPh, "consent_until", json_string(zT));
		} else if (pP->tConsent > 0) {
			json_object_set_new(pPh, "consent_until", json_string("until revoked"));
		}
		json_array_append_new(pPhones, pPh);
	}
	json_object_set_new(pObj, "phones", pPhones);
	return pObj;
}

char *hw_lead_snapshot(const hw_lead *pLead)
{
	json_t *pObj = json_object();
	char *z;
	if (!pObj)
		return NULL;
	for (int i = 0; i < HW_F_COUNT; i++)
		set_str(pObj, hw_lead_fields[i].zName, pLead->azField[i]);
	set_str(pObj, "custom", pLead->zCustom);
	set_str(pObj, "time_zones", pLead->zTimeZones);
	set_str(pObj, "tz_source", pLead->zTzSource);
	set_str(pObj, "region", pLead->zRegion[0] ? pLead->zRegion : NULL);
	json_object_set_new(pObj, "account_id", json_integer(pLead->iAccountId));
	set_str(pObj, "jurisdiction", pLead->zJur[0] ? pLead->zJur : NULL);
	if (pLead->bIcp)
		json_object_set_new(pObj, "icp_score", json_integer(pLead->iIcp));
	z = json_dumps(pObj, JSON_COMPACT);
	json_decref(pObj);
	return z;
}

hw_rc hw_lead_restore(hw_lead *pLead, const char *zSnapshot)
{
	json_t *pObj = json_loads(zSnapshot, 0, NULL);
	const char *z;
	hw_rc rc = HW_OK;

	if (!json_is_object(pObj)) {
		json_decref(pObj);
		return HW_EINVAL;
	}
	for (int i = 0; i < HW_F_COUNT && rc == HW_OK; i++)
		rc = hw_lead_set(pLead, (hw_field)i,
				 json_string_value(json_object_get(pObj, hw_lead_fields[i].zName)));
	if (rc == HW_OK)
		rc = hw_lead_set_str(&pLead->zCustom,
				     json_string_value(json_object_get(pObj, "custom")));
	if (rc == HW_OK)
		rc = hw_lead_set_str(&pLead->zTimeZones,
				     json_string_value(json_object_get(pObj, "time_zones")));
	z = json_string_value(json_object_get(pObj, "tz_source"));
	pLead->zTzSource = hw_lead_tz_source(z);
	z = json_string_value(json_object_get(pObj, "region"));
	snprintf(pLead->zRegion, sizeof pLead->zRegion, "%s", z ? z : "");
	pLead->iAccountId = json_integer_value(json_object_get(pObj, "account_id"));
	z = json_string_value(json_object_get(pObj, "jurisdiction"));
	snprintf(pLead->zJur, sizeof pLead->zJur, "%s", z ? z : "");
	pLead->bIcp = json_is_integer(json_object_get(pObj, "icp_score"));
	pLead->iIcp = (int)json_integer_value(json_object_get(pObj, "icp_score"));
	json_decref(pObj);
	return rc;
}
