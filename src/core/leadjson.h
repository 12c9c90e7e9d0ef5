/*
 * leadjson.h — a lead as JSON: for --json output, the API, and the snapshot an
 * import keeps before it merges into an existing lead (so --undo can restore
 * it). Returned json_t references are new; the caller decrefs them.
 */
#ifndef HW_CORE_LEADJSON_H
#define HW_CORE_LEADJSON_H

#include "core/lead.h"

#include <jansson.h> /* json_t */

/* The lead with its fields, zones, status and phones. NULL on ENOMEM. */
json_t *hw_lead_to_json(const hw_lead *pLead);

/* Only what a merge may change (fields, custom, zones, account) as text. */
char *hw_lead_snapshot(const hw_lead *pLead);

/* Put the snapshot's fields back into pLead (phones untouched). */
hw_rc hw_lead_restore(hw_lead *pLead, const char *zSnapshot) HW_MUST_CHECK;

#endif
