/*
 * import.c — the import pipeline: CSV rows -> leads, merged or inserted in
 * batches, with rejects recorded and progress reported. See import.h for the
 * lifecycle and the crash contract.
 */
#include "io/import.h"

#include "core/fieldmap.h"
#include "core/leadjson.h"
#include "io/csv.h"
#include "io/csvout.h"
#include "io/phone.h"
#include "io/tz.h"

#include <ctype.h>    /* isspace */
#include <jansson.h>  /* options, rejects and custom fields are JSON */
#include <limits.h>   /* PATH_MAX */
#include <stdlib.h>   /* realpath */
#include <string.h>   /* strlen */
#include <sys/stat.h> /* stat */

#define DEFAULT_BATCH 5000
#define MAX_COLUMNS 512

typedef struct importer {
	hw_store *pStore;
	hw_import_opts *pOpts;
	hw_import_rec *pRec;
	hw_csv *pCsv;
	const char *zShownFile; /* the path as the user gave it, for messages */
	char zRegion[4];        /* default region from --region */
	int nHeader;
	char **azHeader;        /* owned copies */
	hw_colmap *aMap;
	long nInBatch;
} importer;

void hw_import_rejects_path(const char *zFile, char *zBuf, size_t nBuf)
{
	size_t n = strlen(zFile);
	if (n > 4 && strcasecmp(zFile + n - 4, ".csv") == 0)
		n -= 4;
	snprintf(zBuf, nBuf, "%.*s.rejects.csv", (int)n, zFile);
}

/* Trim spaces, and the apostrophe spreadsheets use to mark text. */
static char *clean_cell(char *z)
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

static int email_ok(const char *z)
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

/* Record a reject for the row; counts it. */
static hw_rc reject(importer *p, long iLine, int iCol, const char *zField, int nField,
		    char **azField, const char *zMsg)
{
	char *zRow = row_json(nField, azField);
	hw_reject_row r = {
		.iLine = iLine, .iCol = iCol, .zField = zField, .zMsg = zMsg, .zRowJson = zRow};
	hw_rc rc = p->pStore->pMethods->xImportReject(p->pStore, p->pRec->iId, &r);
	free(zRow);
	p->pRec->nRejected++;
	return rc;
}

/*
 * Build pLead from one row. HW_EINVAL means the row is rejected: *piCol,
 * *pzField and zWhy say where and why.
 */
static hw_rc row_to_lead(importer *p, int nField, char **azField, hw_lead *pLead, int *piCol,
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
		char *z = clean_cell(azField[i]);
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
				if (!email_ok(z)) {
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
			for (int i = 0; i < p->nHeader; i++)
				if (p->aMap[i].eField == HW_F_COUNTRY)
					*piCol = i + 1, *pzField = p->azHeader[i];
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
			bDup = strcmp(pLead->aPhone[j].zE164, ph.zE164) == 0;
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
			for (int i = 0; i < p->nHeader; i++)
				if (p->aMap[i].eField == HW_F_TIME_ZONE)
					*piCol = i + 1, *pzField = p->azHeader[i];
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

static hw_rc is_suppressed(hw_store *pStore, const hw_lead *pLead, int *pb)
{
	hw_rc rc = HW_OK;
	*pb = 0;
	for (int i = 0; i < pLead->nPhone && !*pb && rc == HW_OK; i++)
		rc = pStore->pMethods->xSuppressed(pStore, "phone", pLead->aPhone[i].zE164, pb);
	if (rc == HW_OK && !*pb && pLead->azField[HW_F_EMAIL])
		rc = pStore->pMethods->xSuppressed(pStore, "email", pLead->azField[HW_F_EMAIL], pb);
	return rc;
}

/* Store one good lead: merge into its duplicate or insert it. */
static hw_rc store_lead(importer *p, hw_lead *pLead)
{
	hw_store *pS = p->pStore;
	const hw_store_methods *pM = pS->pMethods;
	hw_time tNow = hw_clock_now(p->pOpts->pClock);
	long long iFound;
	int bSuppressed;
	hw_rc rc;

	if ((rc = is_suppressed(pS, pLead, &bSuppressed)) != HW_OK)
		return rc;
	if (bSuppressed)
		p->pRec->nSuppressed++;
	pLead->tCreated = pLead->tUpdated = tNow;
	rc = pM->xLeadFind(pS, pLead, &iFound);
	if (rc == HW_ENOTFOUND) {
		pLead->iImport = p->pRec->iId;
		rc = pM->xAccountEnsure(pS, pLead, p->pRec->iId, tNow, &pLead->iAccountId);
		if (rc == HW_OK)
			rc = pM->xLeadInsert(pS, pLead);
		if (rc == HW_OK)
			p->pRec->nImported++;
		return rc;
	}
	if (rc != HW_OK)
		return rc;

	/* A duplicate: fill what the existing lead lacks, keep all it has. */
	hw_lead old;
	int nChanged;
	if ((rc = pM->xLeadLoad(pS, iFound, &old)) != HW_OK)
		return rc;
	char *zBefore = hw_lead_snapshot(&old);
	if (!zBefore) {
		hw_lead_clear(&old);
		return HW_ENOMEM;
	}
	rc = hw_lead_merge(&old, pLead, &nChanged);
	if (rc == HW_OK && !old.iAccountId)
		rc = pM->xAccountEnsure(pS, &old, p->pRec->iId, tNow, &old.iAccountId);
	if (rc == HW_OK && nChanged > 0) {
		old.tUpdated = tNow;
		rc = pM->xImportMergeSave(pS, p->pRec->iId, old.iId, zBefore);
		if (rc == HW_OK)
			rc = pM->xLeadUpdate(pS, &old, p->pRec->iId);
	}
	if (rc == HW_OK)
		p->pRec->nMerged++;
	free(zBefore);
	hw_lead_clear(&old);
	return rc;
}

static void progress(importer *p)
{
	if (!p->pOpts->xProgress)
		return;
	hw_import_progress pr = {
		.nBytesDone = hw_csv_offset(p->pCsv),
		.nBytesTotal = p->pRec->nBytes,
		.nRows = p->pRec->nRows,
		.nImported = p->pRec->nImported,
		.nMerged = p->pRec->nMerged,
		.nRejected = p->pRec->nRejected,
	};
	p->pOpts->xProgress(p->pOpts->pProgressCtx, &pr);
}

/* Commit the batch with the record of how far it got, and open the next. */
static hw_rc checkpoint(importer *p, int bLast, hw_err *pErr)
{
	hw_store *pS = p->pStore;
	hw_rc rc;
	if (bLast) {
		p->pRec->eStatus = HW_IMPORT_DONE;
		p->pRec->tFinished = hw_clock_now(p->pOpts->pClock);
	}
	rc = pS->pMethods->xImportSave(pS, p->pRec);
	if (rc == HW_OK)
		rc = hw_store_commit(pS);
	if (rc == HW_OK && !bLast)
		rc = hw_store_begin(pS, 0);
	if (rc != HW_OK)
		hw_err_set(pErr, "import %lld: could not save a batch: %s", p->pRec->iId,
			   hw_store_errmsg(pS));
	p->nInBatch = 0;
	return rc;
}

/* The rows after the header, from iSkipThrough (resume) on. */
static hw_rc import_rows(importer *p, long iSkipThrough, hw_err *pErr)
{
	long nBatch = p->pOpts->nBatch > 0 ? p->pOpts->nBatch : DEFAULT_BATCH;
	int nField;
	char **azField;
	size_t *anLen;
	long iLine;
	hw_rc rc;

	if ((rc = hw_store_begin(p->pStore, 0)) != HW_OK) {
		hw_err_set(pErr, "cannot start a transaction: %s", hw_store_errmsg(p->pStore));
		return rc;
	}
	while ((rc = hw_csv_next(p->pCsv, &nField, &azField, &anLen, &iLine, pErr)) == HW_OK) {
		if (iLine <= iSkipThrough)
			continue;
		hw_lead lead;
		int iCol;
		const char *zField;
		char zWhy[400];
		memset(&lead, 0, sizeof lead);
		p->pRec->nRows++;
		rc = row_to_lead(p, nField, azField, &lead, &iCol, &zField, zWhy, sizeof zWhy);
		if (rc == HW_EINVAL)
			rc = reject(p, iLine, iCol, zField, nField, azField, zWhy);
		else if (rc == HW_OK)
			rc = store_lead(p, &lead);
		hw_lead_clear(&lead);
		if (rc != HW_OK) {
			hw_err_at(pErr, p->zShownFile, iLine, 0, NULL,
				  "could not store this row: %s",
				  rc == HW_ESTORE ? hw_store_errmsg(p->pStore) : hw_rc_name(rc));
			break;
		}
		p->pRec->iLastLine = iLine;
		if (++p->nInBatch >= nBatch) {
			if ((rc = checkpoint(p, 0, pErr)) != HW_OK)
				return rc;
			progress(p);
		}
	}
	if (rc == HW_ENOTFOUND)
		rc = checkpoint(p, 1, pErr);
	else
		hw_store_rollback(p->pStore);
	progress(p);
	return rc;
}

static void importer_free(importer *p)
{
	for (int i = 0; i < p->nHeader; i++)
		free(p->azHeader[i]);
	free(p->azHeader);
	free(p->aMap);
	hw_csv_close(p->pCsv);
}

/* Open the CSV, read and map the header. */
static hw_rc importer_open(importer *p, const char *zPath, char cDelim, char **azMap, int nMap,
			   hw_err *pErr)
{
	hw_csv_info info;
	int nField;
	char **azField;
	size_t *anLen;
	long iLine;
	hw_rc rc;

	if ((rc = hw_csv_open(zPath, cDelim, &p->pCsv, &info, pErr)) != HW_OK)
		return rc;
	snprintf(p->pOpts->zWarning, sizeof p->pOpts->zWarning, "%s", info.zWarning);
	if ((rc = hw_csv_next(p->pCsv, &nField, &azField, &anLen, &iLine, pErr)) != HW_OK) {
		if (rc == HW_ENOTFOUND) {
			hw_err_at(pErr, p->zShownFile, 0, 0, NULL,
				  "the file is empty; export the lead list with a header row");
			rc = HW_EINVAL;
		}
		return rc;
	}
	if (nField > MAX_COLUMNS) {
		hw_err_at(pErr, p->zShownFile, iLine, 0, NULL,
			  "the header has %d columns; at most %d are supported", nField,
			  MAX_COLUMNS);
		return HW_EINVAL;
	}
	p->nHeader = nField;
	p->azHeader = calloc((size_t)nField, sizeof *p->azHeader);
	p->aMap = calloc((size_t)nField, sizeof *p->aMap);
	if (!p->azHeader || !p->aMap)
		return HW_ENOMEM;
	for (int i = 0; i < nField; i++) {
		if (!(p->azHeader[i] = strdup(clean_cell(azField[i]))))
			return HW_ENOMEM;
	}
	rc = hw_fieldmap_build(p->azHeader, nField, azMap, nMap, p->aMap, pErr);
	if (rc == HW_EINVAL && pErr && !pErr->zFile[0])
		snprintf(pErr->zFile, sizeof pErr->zFile, "%s", p->zShownFile);
	if (rc != HW_OK)
		return rc;
	int bUseful = 0;
	for (int i = 0; i < nField; i++)
		bUseful |= p->aMap[i].eField == HW_F_PHONE || p->aMap[i].eField == HW_F_EMAIL;
	if (!bUseful) {
		hw_err_at(pErr, p->zShownFile, iLine, 0, NULL,
			  "no column holds a phone number or an email (header: '%s'%s); name "
			  "them (Phone, Mobile, Email, …) or map them with --map 'Column=phone'",
			  p->azHeader[0], nField > 1 ? ", …" : "");
		return HW_EINVAL;
	}
	return HW_OK;
}

static char *options_json(const importer *p, const char *zRegion, char cDelim)
{
	const hw_import_opts *pOpts = p->pOpts;
	json_t *pO = json_object(), *pMap = json_array(), *pHeader = json_array();
	char zD[2] = {cDelim, 0};
	char *z;
	for (int i = 0; i < pOpts->nMap; i++)
		json_array_append_new(pMap, json_string(pOpts->azMap[i]));
	json_object_set_new(pO, "region", json_string(zRegion));
	json_object_set_new(pO, "delimiter", json_string(zD));
	json_object_set_new(pO, "map", pMap);
	for (int i = 0; i < p->nHeader; i++)
		json_array_append_new(pHeader, json_string(p->azHeader[i]));
	json_object_set_new(pO, "header", pHeader);
	z = json_dumps(pO, JSON_COMPACT);
	json_decref(pO);
	return z;
}

static hw_rc resolve_region(const char *zIn, char zRegion[4], hw_err *pErr)
{
	zRegion[0] = 0;
	if (!zIn || !zIn[0])
		return HW_OK;
	if (hw_phone_region_for_country(zIn, zRegion) != HW_OK) {
		hw_err_set(pErr, "--region '%s' is not a country hawser knows; use an ISO code "
				 "such as US or GB",
			   zIn);
		return HW_EUSAGE;
	}
	return HW_OK;
}

hw_rc hw_import_run(hw_store *pStore, hw_import_opts *pOpts, hw_import_rec *pRec, hw_err *pErr)
{
	importer imp = {.pStore = pStore, .pOpts = pOpts, .pRec = pRec, .zShownFile = pOpts->zFile};
	char zAbs[PATH_MAX];
	struct stat st;
	hw_rc rc;

	memset(pRec, 0, sizeof *pRec);
	if ((rc = resolve_region(pOpts->zRegion, imp.zRegion, pErr)) != HW_OK)
		return rc;
	if ((rc = importer_open(&imp, pOpts->zFile, pOpts->cDelim, pOpts->azMap, pOpts->nMap,
				pErr)) != HW_OK)
		goto done;
	if (!realpath(pOpts->zFile, zAbs) || stat(zAbs, &st) != 0) {
		hw_err_at(pErr, pOpts->zFile, 0, 0, NULL, "cannot resolve the file's path");
		rc = HW_EIO;
		goto done;
	}
	pRec->zFile = strdup(zAbs);
	pRec->zOptions = options_json(&imp, imp.zRegion, pOpts->cDelim);
	pRec->nBytes = st.st_size;
	pRec->tStarted = hw_clock_now(pOpts->pClock);
	if (!pRec->zFile || !pRec->zOptions) {
		rc = HW_ENOMEM;
		goto done;
	}
	/* The record is committed alone first, so a crash leaves an id to resume. */
	if ((rc = hw_store_begin(pStore, 1)) != HW_OK ||
	    (rc = pStore->pMethods->xImportCreate(pStore, pRec)) != HW_OK ||
	    (rc = hw_store_commit(pStore)) != HW_OK) {
		hw_store_rollback(pStore);
		hw_err_set(pErr, "cannot record the import: %s", hw_store_errmsg(pStore));
		goto done;
	}
	rc = import_rows(&imp, 0, pErr);
done:
	importer_free(&imp);
	return rc;
}

hw_rc hw_import_resume(hw_store *pStore, long long iId, hw_import_opts *pOpts, hw_import_rec *pRec,
		       hw_err *pErr)
{
	importer imp = {.pStore = pStore, .pOpts = pOpts, .pRec = pRec};
	struct stat st;
	json_t *pO = NULL;
	char **azMap = NULL;
	int nMap = 0;
	hw_rc rc;

	rc = pStore->pMethods->xImportLoad(pStore, iId, pRec);
	if (rc == HW_ENOTFOUND) {
		hw_err_set(pErr, "there is no import %lld; 'hawser imports' lists them", iId);
		return rc;
	}
	if (rc != HW_OK)
		return rc;
	if (pRec->eStatus != HW_IMPORT_RUNNING) {
		hw_err_set(pErr, "import %lld is %s already; only an interrupted import can be "
				 "resumed",
			   iId, hw_import_status_names[pRec->eStatus]);
		return HW_ECONFLICT;
	}
	imp.zShownFile = pRec->zFile;
	if (stat(pRec->zFile, &st) != 0 || st.st_size != pRec->nBytes) {
		hw_err_at(pErr, pRec->zFile, 0, 0, NULL,
			  "the file is missing or changed since import %lld started (%lld bytes "
			  "then); resume needs the same file, or undo the import with --undo %lld",
			  iId, pRec->nBytes, iId);
		return HW_ECONFLICT;
	}
	pO = json_loads(pRec->zOptions, 0, NULL);
	json_t *pMap = json_object_get(pO, "map");
	const char *zDelim = json_string_value(json_object_get(pO, "delimiter"));
	snprintf(imp.zRegion, sizeof imp.zRegion, "%s",
		 json_string_value(json_object_get(pO, "region"))
			 ? json_string_value(json_object_get(pO, "region"))
			 : "");
	nMap = (int)json_array_size(pMap);
	if (nMap && !(azMap = calloc((size_t)nMap, sizeof *azMap))) {
		rc = HW_ENOMEM;
		goto done;
	}
	for (int i = 0; i < nMap; i++)
		azMap[i] = (char *)json_string_value(json_array_get(pMap, (size_t)i));
	rc = importer_open(&imp, pRec->zFile, zDelim ? zDelim[0] : 0, azMap, nMap, pErr);
	if (rc == HW_OK)
		rc = import_rows(&imp, pRec->iLastLine, pErr);
done:
	free(azMap);
	json_decref(pO);
	importer_free(&imp);
	return rc;
}

typedef struct undo_ctx {
	hw_store *pStore;
	hw_time tNow;
	hw_rc rc;
} undo_ctx;

static int undo_merge(void *pCtx, long long iLead, const char *zBefore)
{
	undo_ctx *pU = pCtx;
	hw_lead lead;
	pU->rc = pU->pStore->pMethods->xLeadLoad(pU->pStore, iLead, &lead);
	if (pU->rc == HW_ENOTFOUND) {
		pU->rc = HW_OK; /* removed since by a later undo: nothing to restore */
		return 0;
	}
	if (pU->rc == HW_OK)
		pU->rc = hw_lead_restore(&lead, zBefore);
	lead.tUpdated = pU->tNow;
	/* All phones are already stored (iId set), so none is re-inserted. */
	if (pU->rc == HW_OK)
		pU->rc = pU->pStore->pMethods->xLeadUpdate(pU->pStore, &lead, 0);
	hw_lead_clear(&lead);
	return pU->rc != HW_OK;
}

hw_rc hw_import_undo(hw_store *pStore, long long iId, const hw_clock *pClock, hw_import_rec *pRec,
		     hw_err *pErr)
{
	const hw_store_methods *pM = pStore->pMethods;
	undo_ctx u = {.pStore = pStore, .tNow = hw_clock_now(pClock)};
	char zDetail[128];
	hw_rc rc;

	if ((rc = hw_store_begin(pStore, 1)) != HW_OK)
		goto fail_store;
	rc = pM->xImportLoad(pStore, iId, pRec);
	if (rc == HW_ENOTFOUND) {
		hw_err_set(pErr, "there is no import %lld", iId);
		goto fail;
	}
	if (rc != HW_OK)
		goto fail_store;
	if (pRec->eStatus == HW_IMPORT_UNDONE) {
		hw_err_set(pErr, "import %lld was undone already", iId);
		rc = HW_ECONFLICT;
		goto fail;
	}
	rc = pM->xImportMerges(pStore, iId, undo_merge, &u);
	if (rc == HW_OK)
		rc = u.rc;
	if (rc != HW_OK)
		goto fail_store;
	rc = pM->xImportPurge(pStore, iId);
	if (rc == HW_ECONFLICT) {
		hw_err_set(pErr, "import %lld cannot be undone: some of its leads have been "
				 "called or have tasks since, and undo never deletes history",
			   iId);
		goto fail;
	}
	if (rc != HW_OK)
		goto fail_store;
	pRec->eStatus = HW_IMPORT_UNDONE;
	pRec->tFinished = u.tNow;
	snprintf(zDetail, sizeof zDetail, "{\"imported\":%lld,\"merged\":%lld}",
		 pRec->nImported, pRec->nMerged);
	if ((rc = pM->xImportSave(pStore, pRec)) != HW_OK ||
	    (rc = pM->xAudit(pStore, u.tNow, 0, "import.undo", "import", iId, zDetail)) != HW_OK ||
	    (rc = hw_store_commit(pStore)) != HW_OK)
		goto fail_store;
	return HW_OK;

fail_store:
	hw_err_set(pErr, "undo of import %lld failed: %s", iId,
		   rc == HW_ESTORE ? hw_store_errmsg(pStore) : hw_rc_name(rc));
fail:
	hw_store_rollback(pStore);
	return rc;
}

typedef struct rejects_ctx {
	FILE *pOut;
	const char *zFile;
	long n;
} rejects_ctx;

static int write_reject(void *pCtx, const hw_reject_row *pR)
{
	rejects_ctx *pC = pCtx;
	char zWhere[600];
	json_t *pRow = json_loads(pR->zRowJson, 0, NULL);
	size_t i;
	json_t *pV;

	if (pR->iCol > 0)
		snprintf(zWhere, sizeof zWhere, "%s:%ld:%d: %s%s%s%s", pC->zFile, pR->iLine,
			 pR->iCol, pR->zField ? "field '" : "", pR->zField ? pR->zField : "",
			 pR->zField ? "': " : "", pR->zMsg);
	else
		snprintf(zWhere, sizeof zWhere, "%s:%ld: %s", pC->zFile, pR->iLine, pR->zMsg);
	hw_csvout_cell(pC->pOut, zWhere, 1);
	json_array_foreach(pRow, i, pV) hw_csvout_cell(pC->pOut, json_string_value(pV), 0);
	hw_csvout_end(pC->pOut);
	json_decref(pRow);
	pC->n++;
	return 0;
}

hw_rc hw_import_write_rejects(hw_store *pStore, long long iId, const char *zPath, long *pn,
			      hw_err *pErr)
{
	hw_import_rec rec;
	rejects_ctx c = {0};
	hw_rc rc;

	*pn = 0;
	if ((rc = pStore->pMethods->xImportLoad(pStore, iId, &rec)) != HW_OK) {
		hw_err_set(pErr, "there is no import %lld", iId);
		return rc;
	}
	if (!rec.nRejected) {
		remove(zPath); /* no stale rejects from an earlier run */
		hw_import_rec_clear(&rec);
		return HW_OK;
	}
	if (!(c.pOut = fopen(zPath, "w"))) {
		hw_err_at(pErr, zPath, 0, 0, NULL, "cannot write the rejects file: %m");
		hw_import_rec_clear(&rec);
		return HW_EIO;
	}
	c.zFile = strrchr(rec.zFile, '/') ? strrchr(rec.zFile, '/') + 1 : rec.zFile;
	/* The reason, then the row under its own header: fix the cells, then
	 * import this file with --map error=ignore. */
	json_t *pO = json_loads(rec.zOptions, 0, NULL), *pH;
	size_t i;
	hw_csvout_cell(c.pOut, "error", 1);
	json_array_foreach(json_object_get(pO, "header"), i, pH)
		hw_csvout_cell(c.pOut, json_string_value(pH), 0);
	hw_csvout_end(c.pOut);
	json_decref(pO);
	rc = pStore->pMethods->xImportRejects(pStore, iId, write_reject, &c);
	if (fclose(c.pOut) != 0 && rc == HW_OK) {
		hw_err_at(pErr, zPath, 0, 0, NULL, "cannot write the rejects file: %m");
		rc = HW_EIO;
	}
	*pn = c.n;
	hw_import_rec_clear(&rec);
	return rc;
}
