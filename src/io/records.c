/*
 * records.c — call records as CSV: one row per call or voicemail with who
 * called, the number dialed, the caller ID presented, when, how long, the
 * outcome, the script or template, and the list that blocked the number if
 * one did when the call was logged.
 */
#include "io/records.h"

#include "core/workjson.h"
#include "io/csvout.h"

typedef struct rec_ctx {
	FILE *pOut;
	long long n;
} rec_ctx;

static int record_cb(void *pv, const hw_touch *t, const char *zLogin, const char *zLead)
{
	rec_ctx *c = pv;
	char zAt[32], zId[24], zDur[16] = "";
	hw_iso(t->tAt, zAt);
	snprintf(zId, sizeof zId, "%lld", t->iLead);
	if (t->nDuration)
		snprintf(zDur, sizeof zDur, "%d", t->nDuration);
	hw_csvout_cell(c->pOut, zAt, 1);
	hw_csvout_cell(c->pOut, zLogin, 0);
	hw_csvout_cell(c->pOut, zId, 0);
	hw_csvout_cell(c->pOut, zLead, 0);
	hw_csvout_cell(c->pOut, hw_channel_names[t->eChannel], 0);
	hw_csvout_cell(c->pOut, t->zPhone, 0);
	hw_csvout_cell(c->pOut, t->zCallerId, 0);
	hw_csvout_cell(c->pOut, zDur, 0);
	hw_csvout_cell(c->pOut, t->zOutcome, 0);
	hw_csvout_cell(c->pOut, t->zTemplate, 0);
	hw_csvout_cell(c->pOut, t->zRegistry, 0);
	hw_csvout_end(c->pOut);
	c->n++;
	return ferror(c->pOut) != 0;
}

hw_rc hw_records_csv(hw_store *pStore, hw_time tFrom, hw_time tTo, FILE *pOut, long long *pn)
{
	rec_ctx c = {pOut, 0};
	hw_rc rc;
	fputs("time_utc,user,lead_id,lead,channel,number_dialed,caller_id,duration_s,outcome,"
	      "template,blocked_by\r\n",
	      pOut);
	rc = pStore->pMethods->xRecordScan(pStore, tFrom, tTo, record_cb, &c);
	*pn = c.n;
	if (rc == HW_OK && ferror(pOut))
		rc = HW_EIO;
	return rc;
}
