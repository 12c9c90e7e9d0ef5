/*
 * api_dnc.c — do-not-call and compliance over HTTP: check a number, add
 * one to the internal list (managers), lift one (admins, with a written
 * reason), verify a user's caller ID (admins), and the call records as CSV
 * (admins). The decisions are core/compliance.c's, as for the CLI.
 */
#include "http/http_int.h"

#include "core/compliance.h"
#include "core/workjson.h"
#include "io/phone.h"
#include "io/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* A number as typed into E.164 (US without a country code); 0 when answered
 * (the error names zField). */
static int number_in(hw_req *r, const char *zField, const char *z, char zE164[24],
		     char zRegion[4])
{
	hw_phone ph;
	char zWhy[200];
	if (!z || !z[0]) {
		hw_answer_error(r, 400, zField, "'%s' is required", zField);
		return 0;
	}
	if (hw_phone_parse(z, "US", &ph, zWhy, sizeof zWhy) != HW_OK || !ph.zE164[0]) {
		hw_answer_error(r, 400, zField, "'%s' is not a phone number: %s", z, zWhy);
		return 0;
	}
	memcpy(zE164, ph.zE164, 24);
	memcpy(zRegion, ph.zRegion, 4);
	return 1;
}

void hw_api_dnc_check(hw_req *r)
{
	char zE164[24], zRegion[4];
	hw_dnc_verdict v;
	hw_work *w;
	hw_err err;
	hw_rc rc;
	if (!number_in(r, "number", hw_query(r, "number"), zE164, zRegion) || !(w = hw_req_work(r)))
		return;
	hw_err_clear(&err);
	if ((rc = hw_dnc_check(w, zE164, zRegion, &v, &err)) != HW_OK)
		hw_answer_rc(r, rc, &err);
	else
		hw_answer_json(r, 200, hw_dnc_verdict_json(&v));
}

static void dnc_change(hw_req *r, int bAdd)
{
	const char *zNum, *zReason;
	char zE164[24], zRegion[4];
	hw_dnc_change ch;
	hw_work *w;
	hw_err err;
	hw_rc rc;
	if (!hw_body_str(r, "number", 64, &zNum) || !hw_body_str(r, "reason", 500, &zReason) ||
	    !number_in(r, "number", zNum, zE164, zRegion) || !(w = hw_req_work(r)))
		return;
	hw_err_clear(&err);
	rc = bAdd ? hw_dnc_add(w, zE164, r->user.iId, zReason, &ch, &err)
		  : hw_dnc_remove(w, zE164, r->user.iId, zReason, &ch, &err);
	if (rc != HW_OK) {
		hw_answer_rc(r, rc, &err);
		return;
	}
	hw_answer_json(r, bAdd ? 201 : 200,
		       json_pack("{s:s,s:b,s:i,s:i,s:i}", "number", zE164, "was_listed", ch.bWas,
				 "leads", ch.nLeads, "numbers", ch.nNumbers,
				 bAdd ? "tasks_ended" : "calls_planned", ch.nTasks));
}

void hw_api_dnc_add(hw_req *r)
{
	dnc_change(r, 1);
}

void hw_api_dnc_lift(hw_req *r)
{
	dnc_change(r, 0);
}

void hw_api_caller_id(hw_req *r)
{
	const char *zNum;
	char zE164[24], zRegion[4];
	hw_work *w;
	hw_err err;
	hw_rc rc;
	if (!r->pJson || !json_object_get(r->pJson, "caller_id")) {
		hw_answer_error(r, 400, "caller_id", "'caller_id' is required (null clears it)");
		return;
	}
	if (!hw_body_str(r, "caller_id", 64, &zNum))
		return;
	if (zNum && !number_in(r, "caller_id", zNum, zE164, zRegion))
		return;
	if (!(w = hw_req_work(r)))
		return;
	hw_err_clear(&err);
	if ((rc = hw_caller_id_set(w, r->iId, zNum ? zE164 : NULL, r->user.iId, &err)) != HW_OK) {
		if (rc == HW_ENOTFOUND)
			hw_answer_error(r, 404, NULL, "no user %lld", r->iId);
		else
			hw_answer_rc(r, rc, &err);
		return;
	}
	hw_answer_json(r, 200, json_pack("{s:I,s:s?}", "user", (json_int_t)r->iId, "caller_id",
					 zNum ? zE164 : NULL));
}

/* ---- records ---- */

void hw_api_records(hw_req *r)
{
	const char *zFrom = hw_query(r, "from"), *zTo = hw_query(r, "to");
	hw_time tFrom = 0, tTo = 4102444800LL; /* 2100 */
	char *z = NULL;
	size_t n = 0;
	long long nRec = 0;
	FILE *f;
	hw_rc rc;
	if (zFrom && hw_parse_time(zFrom, &tFrom) != HW_OK) {
		hw_answer_error(r, 400, "from", "'from' takes an ISO 8601 time (2026-11-01T00:00:00Z)");
		return;
	}
	if (zTo && hw_parse_time(zTo, &tTo) != HW_OK) {
		hw_answer_error(r, 400, "to", "'to' takes an ISO 8601 time (2026-12-01T00:00:00Z)");
		return;
	}
	if (!(f = open_memstream(&z, &n))) {
		hw_answer_error(r, 500, NULL, "out of memory");
		return;
	}
	rc = hw_records_csv(r->pT->pStore, tFrom, tTo, f, &nRec);
	if (fclose(f) != 0 && rc == HW_OK)
		rc = HW_ENOMEM;
	if (rc != HW_OK)
		hw_answer_error(r, 503, NULL, "cannot read the call records");
	else
		hw_answer_text(r, 200, "text/csv; charset=utf-8", z, n);
	free(z);
}
