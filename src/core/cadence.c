/*
 * cadence.c — parse cadence rules and find the rule for a touch.
 *
 * The parser works on one line at a time, split into word and ',' tokens; a
 * small cursor walks them. Every error names FILE:LINE, the word that was
 * wrong and what was expected there.
 */
#include "core/cadence.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char hw_cadence_default_text[] =
	"# smart-persistence — hawser's default cadence.\n"
	"#\n"
	"# One rule per line: on OUTCOMES [if CONDITIONS] do ACTIONS. The first rule\n"
	"# that matches a logged call decides what happens next. See hawser(1),\n"
	"# section CADENCES, for every word you can use.\n"
	"cadence smart-persistence\n"
	"\n"
	"# A lead entering the cadence: call it today.\n"
	"on enroll do call today\n"
	"\n"
	"# Stop at once and forever when asked.\n"
	"on do_not_call do do_not_call\n"
	"on meeting do status meeting, stop\n"
	"\n"
	"# A clear no with reasons ends it; a timing no comes back in a month.\n"
	"on not_interested if reason in no_need,no_fit do status disqualified, stop\n"
	"on not_interested if reason = timing do status nurture 30 days, stop\n"
	"on not_interested do status nurture 60 days, stop\n"
	"\n"
	"# Honour the time they gave.\n"
	"on callback do call at time\n"
	"on gatekeeper if has time do call at time\n"
	"on gatekeeper do call next business day other block\n"
	"\n"
	"# After a brush-off: the bad-time note today, then a call three business\n"
	"# days later that refers to it. Never 'I think we got disconnected'.\n"
	"on brush_off do note bad-time-note today, call in 3 business days other block refer note\n"
	"\n"
	"on conversation do call in 5 business days\n"
	"\n"
	"# A wrong or dead number: mark it, then try the lead's other numbers or\n"
	"# other channels.\n"
	"on wrong_number, bad_number if has other_number do mark number dead, call today other block\n"
	"on wrong_number, bad_number do mark number dead, email no-answer-email today, linkedin "
	"linkedin-connect today, stop\n"
	"\n"
	"# Long silence: park the lead in nurture for 90 days.\n"
	"on no_answer, busy, voicemail if no_connect >= 8 do status nurture 90 days, stop\n"
	"on no_answer, busy, voicemail if days >= 30 and connects = 0 do status nurture 90 days, stop\n"
	"\n"
	"# A voicemail gets its follow-up email the same day.\n"
	"on voicemail do email voicemail-follow-up today, call in 2 business days other block\n"
	"\n"
	"# Four calls without a connect: add an email and a LinkedIn touch.\n"
	"on no_answer, busy if no_connect = 4 do email no-answer-email today, linkedin "
	"linkedin-connect today, call next business day other block\n"
	"on no_answer, busy do call next business day other block\n";

#define MAX_TOK 64

typedef struct cursor {
	char *az[MAX_TOK];
	int n, i;
	const char *zFile;
	int iLine;
	hw_err *pErr;
} cursor;

static const char *peek(const cursor *c)
{
	return c->i < c->n ? c->az[c->i] : NULL;
}

static int is(const cursor *c, const char *z)
{
	return c->i < c->n && strcmp(c->az[c->i], z) == 0;
}

static int accept(cursor *c, const char *z)
{
	if (!is(c, z))
		return 0;
	c->i++;
	return 1;
}

static hw_rc fail(cursor *c, const char *zWant)
{
	const char *z = peek(c);
	if (z)
		hw_err_at(c->pErr, c->zFile, c->iLine, 0, NULL, "unexpected '%s': expected %s", z, zWant);
	else
		hw_err_at(c->pErr, c->zFile, c->iLine, 0, NULL, "the rule ends early: expected %s", zWant);
	return HW_EINVAL;
}

/* Split zLine (modified) into words and ',' tokens. */
static hw_rc tokenize(cursor *c, char *zLine)
{
	char *z = zLine;
	c->n = c->i = 0;
	while (*z) {
		if (isspace((unsigned char)*z)) {
			*z++ = 0;
			continue;
		}
		if (c->n == MAX_TOK) {
			hw_err_at(c->pErr, c->zFile, c->iLine, 0, NULL,
				  "the rule is too long (more than %d words): split it", MAX_TOK);
			return HW_EINVAL;
		}
		if (*z == ',') {
			*z++ = 0;
			c->az[c->n++] = (char *)",";
			continue;
		}
		c->az[c->n++] = z;
		while (*z && *z != ',' && !isspace((unsigned char)*z))
			z++;
		if (*z == ',') {
			/* keep the comma as its own token: move it out of the word */
			*z = 0;
			if (c->n == MAX_TOK)
				return fail(c, "fewer words");
			c->az[c->n++] = (char *)",";
			z++;
		}
	}
	return HW_OK;
}

static int parse_int(const char *z, int *pi)
{
	char *zEnd;
	long v;
	if (!z || !isdigit((unsigned char)z[0]))
		return 0;
	v = strtol(z, &zEnd, 10);
	if (*zEnd || v > 100000)
		return 0;
	*pi = (int)v;
	return 1;
}

static const char *const azVar[] = {"reason", "time", "other_number", "attempts",
				     "no_connect", "connects", "days"};
static const char *const azCmp[] = {"=", "!=", "<", "<=", ">", ">="};

static hw_rc parse_outcomes(cursor *c, hw_rule *pR)
{
	do {
		const char *z = peek(c);
		hw_outcome e;
		if (z && strcmp(z, "enroll") == 0) {
			pR->mOutcomes |= 1u << HW_OUTCOME_ENROLL;
		} else if (z && hw_outcome_parse(z, &e) == HW_OK) {
			pR->mOutcomes |= 1u << e;
		} else {
			return fail(c, "an outcome (no_answer, busy, voicemail, gatekeeper, "
				       "brush_off, not_interested, callback, conversation, meeting, "
				       "wrong_number, bad_number, do_not_call) or enroll");
		}
		c->i++;
	} while (accept(c, ","));
	return HW_OK;
}

static hw_rc parse_cond(cursor *c, hw_cond *pC)
{
	int i;
	memset(pC, 0, sizeof *pC);
	if (accept(c, "has")) {
		if (accept(c, "time"))
			pC->eVar = HW_CV_HAS_TIME;
		else if (accept(c, "other_number"))
			pC->eVar = HW_CV_HAS_OTHER_NUMBER;
		else
			return fail(c, "'time' or 'other_number' after 'has'");
		return HW_OK;
	}
	if (accept(c, "reason")) {
		pC->eVar = HW_CV_REASON;
		if (!accept(c, "=") && !accept(c, "in"))
			return fail(c, "'=' or 'in' after 'reason'");
		do {
			hw_reason e;
			if (!peek(c) || hw_reason_parse(peek(c), &e) != HW_OK)
				return fail(c, "a reason (timing, no_need, no_fit, has_provider, other)");
			pC->mReasons |= 1u << e;
			c->i++;
		} while (accept(c, ","));
		return HW_OK;
	}
	if (!peek(c) || hw_name_lookup(azVar, 7, peek(c), &i) != HW_OK || i < HW_CV_ATTEMPTS)
		return fail(c, "a condition: reason, has time, has other_number, attempts, "
			       "no_connect, connects or days");
	pC->eVar = (hw_cond_var)i;
	c->i++;
	if (!peek(c) || hw_name_lookup(azCmp, 6, peek(c), &i) != HW_OK)
		return fail(c, "a comparison (= != < <= > >=)");
	pC->eCmp = (hw_cmp)i;
	c->i++;
	if (!parse_int(peek(c), &pC->iValue))
		return fail(c, "a whole number");
	c->i++;
	return HW_OK;
}

/* WHEN: now | today | next business day | in N business days | in N days */
static hw_rc parse_when(cursor *c, hw_action *pA)
{
	if (accept(c, "now")) {
		pA->eWhen = HW_W_NOW;
	} else if (accept(c, "today")) {
		pA->eWhen = HW_W_TODAY;
	} else if (accept(c, "next")) {
		if (!accept(c, "business") || !accept(c, "day"))
			return fail(c, "'next business day'");
		pA->eWhen = HW_W_BUSINESS_DAYS;
		pA->nDays = 1;
	} else if (accept(c, "in")) {
		if (!parse_int(peek(c), &pA->nDays) || pA->nDays < 1 || pA->nDays > 3650)
			return fail(c, "a number of days from 1 to 3650 after 'in'");
		c->i++;
		if (accept(c, "business")) {
			pA->eWhen = HW_W_BUSINESS_DAYS;
			if (!accept(c, "days") && !accept(c, "day"))
				return fail(c, "'days' after 'business'");
		} else if (accept(c, "days") || accept(c, "day")) {
			pA->eWhen = HW_W_DAYS;
		} else {
			return fail(c, "'days' or 'business days'");
		}
	} else {
		return fail(c, "when: now, today, next business day, in N business days or in N days");
	}
	return HW_OK;
}

static hw_rc parse_action(cursor *c, hw_action *pA)
{
	hw_channel eCh;
	hw_rc rc;
	memset(pA, 0, sizeof *pA);
	pA->eRefer = -1;
	if (accept(c, "call")) {
		pA->eKind = HW_A_CALL;
		pA->eChannel = HW_CH_CALL;
		if (accept(c, "at")) {
			if (!accept(c, "time"))
				return fail(c, "'time' after 'call at'");
			pA->eWhen = HW_W_AT_TIME;
			return HW_OK;
		}
		if ((rc = parse_when(c, pA)) != HW_OK)
			return rc;
		if (accept(c, "other")) {
			if (!accept(c, "block"))
				return fail(c, "'block' after 'other'");
			pA->bOtherBlock = 1;
		}
		if (accept(c, "refer")) {
			if (!peek(c) || hw_channel_parse(peek(c), &eCh) != HW_OK || eCh == HW_CH_CALL)
				return fail(c, "a channel to refer to (email, linkedin, note, letter, voicemail)");
			pA->eRefer = (int)eCh;
			c->i++;
		}
		return HW_OK;
	}
	if (peek(c) && hw_channel_parse(peek(c), &eCh) == HW_OK) {
		pA->eKind = HW_A_TASK;
		pA->eChannel = eCh;
		c->i++;
		const char *z = peek(c);
		if (!z || strcmp(z, ",") == 0 || strlen(z) >= sizeof pA->zTemplate)
			return fail(c, "a template name (at most 47 characters)");
		snprintf(pA->zTemplate, sizeof pA->zTemplate, "%s", z);
		c->i++;
		return parse_when(c, pA);
	}
	if (accept(c, "status")) {
		pA->eKind = HW_A_STATUS;
		if (accept(c, "nurture")) {
			pA->eStatus = HW_STATUS_NURTURE;
			if (!parse_int(peek(c), &pA->nStatusDays) || pA->nStatusDays < 1)
				return fail(c, "the days until the lead is back in rotation ('nurture 30 days')");
			c->i++;
			if (!accept(c, "days") && !accept(c, "day"))
				return fail(c, "'days'");
		} else if (accept(c, "disqualified")) {
			pA->eStatus = HW_STATUS_DISQUALIFIED;
		} else if (accept(c, "meeting")) {
			pA->eStatus = HW_STATUS_MEETING;
		} else if (accept(c, "working")) {
			pA->eStatus = HW_STATUS_WORKING;
		} else {
			return fail(c, "a status: nurture N days, disqualified, meeting or working");
		}
		return HW_OK;
	}
	if (accept(c, "stop")) {
		pA->eKind = HW_A_STOP;
		return HW_OK;
	}
	if (accept(c, "do_not_call")) {
		pA->eKind = HW_A_DNC;
		return HW_OK;
	}
	if (accept(c, "mark")) {
		if (!accept(c, "number") || !accept(c, "dead"))
			return fail(c, "'mark number dead'");
		pA->eKind = HW_A_DEAD_NUMBER;
		return HW_OK;
	}
	return fail(c, "an action: call, email, linkedin, note, letter, status, stop, "
		       "do_not_call or mark number dead");
}

static hw_rc parse_rule(cursor *c, hw_rule *pR)
{
	hw_rc rc;
	if ((rc = parse_outcomes(c, pR)) != HW_OK)
		return rc;
	if (accept(c, "if")) {
		do {
			if (pR->nCond == HW_RULE_MAX_CONDS)
				return fail(c, "at most 4 conditions");
			if ((rc = parse_cond(c, &pR->aCond[pR->nCond++])) != HW_OK)
				return rc;
		} while (accept(c, "and"));
	}
	if (!accept(c, "do"))
		return fail(c, pR->nCond ? "'and' or 'do'" : "',', 'if' or 'do'");
	do {
		if (pR->nAction == HW_RULE_MAX_ACTIONS)
			return fail(c, "at most 6 actions");
		if ((rc = parse_action(c, &pR->aAction[pR->nAction++])) != HW_OK)
			return rc;
	} while (accept(c, ","));
	if (peek(c))
		return fail(c, "',' and another action, or the end of the rule");
	/* A rule that refers to a channel must plan a task on it. */
	for (int i = 0; i < pR->nAction; i++) {
		int eRefer = pR->aAction[i].eRefer, bFound = 0;
		for (int j = 0; eRefer >= 0 && j < pR->nAction; j++)
			bFound |= pR->aAction[j].eKind == HW_A_TASK && (int)pR->aAction[j].eChannel == eRefer;
		if (eRefer >= 0 && !bFound) {
			hw_err_at(c->pErr, c->zFile, c->iLine, 0, NULL,
				  "the call refers to a %s that this rule does not plan: add "
				  "'%s TEMPLATE today' to the rule",
				  hw_channel_names[eRefer], hw_channel_names[eRefer]);
			return HW_EINVAL;
		}
	}
	return HW_OK;
}

hw_rc hw_cadence_parse(const char *zText, const char *zFile, hw_cadence *p, hw_err *pErr)
{
	cursor c;
	char zLine[1024];
	const char *z = zText;
	hw_rc rc = HW_OK;

	memset(p, 0, sizeof *p);
	memset(&c, 0, sizeof c);
	c.zFile = zFile;
	c.pErr = pErr;
	while (*z && rc == HW_OK) {
		const char *zEnd = strchr(z, '\n');
		size_t n = zEnd ? (size_t)(zEnd - z) : strlen(z);
		c.iLine++;
		if (n >= sizeof zLine) {
			hw_err_at(pErr, zFile, c.iLine, 0, NULL, "the line is longer than %zu characters",
				  sizeof zLine - 1);
			return HW_EINVAL;
		}
		memcpy(zLine, z, n);
		zLine[n] = 0;
		z += n + (zEnd != NULL);
		char *zHash = strchr(zLine, '#');
		if (zHash)
			*zHash = 0;
		char zOrig[sizeof zLine];
		memcpy(zOrig, zLine, n + 1);
		if ((rc = tokenize(&c, zLine)) != HW_OK || c.n == 0)
			continue;
		if (accept(&c, "cadence")) {
			if (!peek(&c) || c.n != 2 || strlen(peek(&c)) >= sizeof p->zName) {
				rc = fail(&c, "one name after 'cadence' (no spaces, at most 63 characters)");
				break;
			}
			snprintf(p->zName, sizeof p->zName, "%s", peek(&c));
			continue;
		}
		if (!accept(&c, "on")) {
			rc = fail(&c, "'on' (a rule) or 'cadence' (its name)");
			break;
		}
		if (p->nRule == HW_CADENCE_MAX_RULES) {
			hw_err_at(pErr, zFile, c.iLine, 0, NULL, "more than %d rules", HW_CADENCE_MAX_RULES);
			return HW_EINVAL;
		}
		hw_rule *pR = &p->aRule[p->nRule];
		memset(pR, 0, sizeof *pR);
		pR->iLine = c.iLine;
		/* the text as written, spaces squeezed, for explanations */
		char *zOut = pR->zText, *zIn = zOrig;
		while (*zIn && zOut < pR->zText + sizeof pR->zText - 1) {
			if (isspace((unsigned char)*zIn)) {
				while (isspace((unsigned char)*zIn))
					zIn++;
				if (zOut > pR->zText && *zIn)
					*zOut++ = ' ';
				continue;
			}
			*zOut++ = *zIn++;
		}
		*zOut = 0;
		if ((rc = parse_rule(&c, pR)) == HW_OK)
			p->nRule++;
	}
	if (rc == HW_OK && !p->zName[0]) {
		hw_err_at(pErr, zFile, 1, 0, NULL, "the cadence has no name: start it with 'cadence NAME'");
		rc = HW_EINVAL;
	}
	if (rc == HW_OK && p->nRule == 0) {
		hw_err_at(pErr, zFile, c.iLine, 0, NULL, "the cadence has no rules ('on OUTCOME do ACTION')");
		rc = HW_EINVAL;
	}
	return rc;
}

static int compare(int a, hw_cmp e, int b)
{
	switch (e) {
	case HW_CMP_EQ: return a == b;
	case HW_CMP_NE: return a != b;
	case HW_CMP_LT: return a < b;
	case HW_CMP_LE: return a <= b;
	case HW_CMP_GT: return a > b;
	case HW_CMP_GE: return a >= b;
	}
	return 0;
}

static int cond_holds(const hw_cond *pC, const hw_facts *pF)
{
	switch (pC->eVar) {
	case HW_CV_REASON: return (pC->mReasons >> pF->eReason) & 1;
	case HW_CV_HAS_TIME: return pF->bHasTime;
	case HW_CV_HAS_OTHER_NUMBER: return pF->bOtherNumber;
	case HW_CV_ATTEMPTS: return compare(pF->nAttempts, pC->eCmp, pC->iValue);
	case HW_CV_NO_CONNECT: return compare(pF->nNoConnect, pC->eCmp, pC->iValue);
	case HW_CV_CONNECTS: return compare(pF->nConnects, pC->eCmp, pC->iValue);
	case HW_CV_DAYS: return compare(pF->nDays, pC->eCmp, pC->iValue);
	}
	return 0;
}

const hw_rule *hw_cadence_match(const hw_cadence *p, const hw_facts *pF)
{
	for (int i = 0; i < p->nRule; i++) {
		const hw_rule *pR = &p->aRule[i];
		int bOk = (pR->mOutcomes >> pF->eOutcome) & 1;
		for (int j = 0; bOk && j < pR->nCond; j++)
			bOk = cond_holds(&pR->aCond[j], pF);
		if (bOk)
			return pR;
	}
	return NULL;
}
