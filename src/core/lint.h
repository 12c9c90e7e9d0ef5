/*
 * lint.h — the check of openers and templates for dishonest phrases.
 *
 * hawser's practice is honest prospecting: the rep's real caller ID, no
 * "I'm not trying to sell you anything", and after a hang-up no call back
 * pretending the line dropped. hw_lint_text() reads the text of an opener or
 * a template and reports each phrase the practice warns against, where it
 * is, and why it is dishonest. It is a warning, not a refusal: the template
 * is saved either way, and `hawser lint` lists the findings of them all.
 *
 * Only phrases that are false in any outbound call are flagged ("returning
 * your call", "we got disconnected", "this is a quick survey"); phrases that
 * are honest after a real exchange ("as we discussed", "the information you
 * asked for", "you asked me to call you back") are left alone.
 *
 * Matching reads text as people write it: case does not matter; a run of
 * spaces, tabs, line breaks and dashes is one space ("cut-off" reads as "cut
 * off"); typographic apostrophes (’ ‘ ʼ ´ `) are '; zero-width characters
 * and soft hyphens are skipped; merge fields ({{lead.first_name}}) are never
 * read into a phrase. A phrase starts and ends at word boundaries, and is
 * excused when "pretend" or "claim" comes shortly before it in the same
 * sentence ("I won't pretend this isn't a sales call").
 *
 * Pure: no I/O, no allocation. Every string of a finding points into the
 * static rule table, except zPhrase, which lives only during the callback.
 */
#ifndef HW_CORE_LINT_H
#define HW_CORE_LINT_H

#include <stddef.h> /* size_t */

/* Text past this many bytes is not read (templates are a few KB; 1 MiB takes
 * about half a second). */
#define HW_LINT_MAX_TEXT (1 << 20)

typedef struct hw_lint_finding {
	int iLine, iCol;     /* 1-based; the column counts code points, a tab is one */
	int iOffset, nByte;  /* the match as bytes of the text, to quote or highlight */
	const char *zRule;   /* "not-selling" */
	const char *zPhrase; /* the match, canonical: "i'm not trying to sell" */
	const char *zWhy;    /* why it is dishonest, and what to say instead */
} hw_lint_finding;

/*
 * A rule: the phrases of one dishonest claim, as patterns over the canonical
 * text (lowercase ASCII, one space between words, ' for apostrophes):
 *
 *   (a|b c)   one of the alternatives      (...)?   optional
 *   !(...)    fails if this comes next     anything else: itself
 */
typedef struct hw_lint_rule {
	const char *zRule;	      /* the id: "fake-disconnect" */
	const char *zTitle;	      /* a label for lists: "fakes a dropped call" */
	const char *zWhy;	      /* one sentence: why, and what to say instead */
	const char *zExample;	      /* a text the rule flags, for docs and tests */
	const char *const *azPattern; /* NULL-terminated */
} hw_lint_rule;

#define HW_LINT_NRULE 8
extern const hw_lint_rule hw_lint_rules[HW_LINT_NRULE];

/*
 * Check zText (NUL-terminated UTF-8; invalid bytes count as one character
 * each). For each finding, in the order of the text, xFinding is called;
 * returning non-zero stops the check. xFinding may be NULL to only count.
 * Returns the number of findings reported (including the one that stopped
 * the check); 0 for a NULL zText.
 */
int hw_lint_text(const char *zText, int (*xFinding)(void *pCtx, const hw_lint_finding *p),
		 void *pCtx);

/* The rule with id zRule, or NULL. */
const hw_lint_rule *hw_lint_rule_find(const char *zRule);

/*
 * One line for a finding, compiler style:
 *   WHERE:LINE:COL: warning: "i'm not trying to sell" (not-selling): WHY
 * zWhere (a template name, a file) may be NULL or "" to leave it out.
 */
void hw_lint_format(const hw_lint_finding *p, const char *zWhere, char *zBuf, size_t nBuf);

#endif
