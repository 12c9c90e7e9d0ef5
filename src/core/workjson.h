/*
 * workjson.h — one JSON shape per work result, shared by the CLI (--json) and
 * the HTTP API, and the time formats both read and write.
 *
 * Builders return a new reference (jansson); the caller owns it.
 */
#ifndef HW_CORE_WORKJSON_H
#define HW_CORE_WORKJSON_H

#include <jansson.h>

#include "core/leadjson.h"
#include "core/work.h"

/* "2026-11-24T14:00:00Z" */
void hw_iso(hw_time t, char zBuf[32]);
/* "Tue 2026-11-24 14:00 America/Chicago" in the first of zZones (or UTC). */
void hw_local_str(const char *zZones, hw_time t, char *zBuf, size_t nBuf);
/* ISO 8601: a date, or a date and time with Z or an offset (UTC without). */
hw_rc hw_parse_time(const char *z, hw_time *pt);
/* A time as a rep types it: absolute ISO 8601 with a zone, or the lead's local
 * "YYYY-MM-DD HH:MM" / "HH:MM" (the next such time after tNow). */
hw_rc hw_parse_lead_time(const char *z, const char *zZones, hw_time tNow, hw_time *pt);

json_t *hw_offer_json(const hw_offer *p);
json_t *hw_log_json(const hw_log_out *pOut);
json_t *hw_why_json(long long iLead, const hw_why *p);
json_t *hw_stats_json(const hw_stats *p);
json_t *hw_task_json(const hw_task *t, const char *zLeadName);
json_t *hw_user_json(const hw_user *u);
json_t *hw_import_json(const hw_import_rec *p);

/* hawser dnc check, GET /api/v1/dnc. */
struct hw_dnc_verdict;
json_t *hw_dnc_verdict_json(const struct hw_dnc_verdict *p);

#endif
