/*
 * icp.h — the Ideal Customer Profile: how well a lead fits the market a team
 * sells to, as a score from 0 to 100 that orders the calling queue.
 *
 * The profile is data, a small text format a team can edit, one rule per line
 * and '#' starting a comment (at the start of a word, so "c#" is a value):
 *
 *   base 40                                     the score before any rule; 50 if absent
 *   title     has "vp" "head of" "director" +30 FIELD OPERATOR VALUE... POINTS
 *   employees between 11 500              +20
 *   region    is US CA GB                 +10
 *
 *   FIELD     title, industry, employees, region (the lead's ISO alpha-2
 *             country code), country, company, state, city, custom.KEY (a
 *             custom field imported under the header KEY)
 *   OPERATOR  has      some value occurs in the field as whole words: "vp"
 *                      matches "VP, Sales" but not "VPN" or "SVP"; a value
 *                      ending in '*' matches a word prefix ("market*")
 *             is       the field, trimmed, equals some value
 *             between  LOW HIGH: a head count in [LOW, HIGH]; only employees
 *                      and custom.KEY. "51-200" counts as 51, "1,200" as 1200,
 *                      "500+" as 500, "2k" as 2000; a count that cannot be
 *                      read matches no between rule
 *   POINTS    +N or -N, N at most 1000
 *
 * Values with spaces are quoted ("head of"); there are no escapes, so a value
 * cannot hold a '"'. Matching folds ASCII case only: UTF-8 text is compared
 * byte for byte, and bytes >= 0x80 count as letters. A rule matches at most
 * once however many of its values match. The score is base plus the points of
 * every matching rule, clamped to 0..100.
 *
 * Ownership: hw_icp_parse returns an hw_icp the caller frees with
 * hw_icp_free. It is immutable after parse, so threads may score with one
 * hw_icp at once. Nothing here keeps a pointer into zText or into a lead.
 */
#ifndef HW_CORE_ICP_H
#define HW_CORE_ICP_H

#include "core/hw.h"
#include "core/lead.h"

#define HW_ICP_MAX_VALUES 32 /* values on one rule line */
#define HW_ICP_MAX_POINTS 1000

typedef struct hw_icp hw_icp;

/* The shipped profile for B2B selling, commented so a team can edit a copy. */
extern const char hw_icp_default_text[];

/*
 * Parse zText (named zFile in errors; zFile may be NULL) into *ppIcp.
 * HW_EINVAL when a line is wrong: pErr has the line (iLine, 1-based) and says
 * what was expected. HW_ENOMEM when memory ran out. *ppIcp is NULL on failure.
 */
hw_rc hw_icp_parse(const char *zText, const char *zFile, hw_icp **ppIcp,
		   hw_err *pErr) HW_MUST_CHECK;

/* Free an hw_icp; NULL is a no-op. */
void hw_icp_free(hw_icp *pIcp);

/* The fit of pLead, 0..100. */
int hw_icp_score(const hw_icp *pIcp, const hw_lead *pLead);

/*
 * The fit of pLead, as hw_icp_score, and in zBuf the rules that matched in
 * file order: "title has 'vp' +30; employees 11-500 +20" (values as the
 * profile writes them). zBuf is "" when no rule matched. When nBuf is too
 * small the text is cut at a character boundary and ends in "..."; it is
 * always NUL-terminated unless nBuf is 0.
 */
int hw_icp_explain(const hw_icp *pIcp, const hw_lead *pLead, char *zBuf, size_t nBuf);

#endif
