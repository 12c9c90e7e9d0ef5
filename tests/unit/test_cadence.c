/*
 * test_cadence.c — the cadence text format: every error names its line and
 * what was expected; the default cadence parses; the first matching rule
 * decides, with conditions on reasons, times and history.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/cadence.h"

#include <stdio.h>
#include <string.h>

static void test_default_parses(void **state)
{
	static hw_cadence c;
	hw_err err;
	(void)state;
	hw_err_clear(&err);
	assert_int_equal(hw_cadence_parse(hw_cadence_default_text, "default", &c, &err), HW_OK);
	assert_string_equal(c.zName, "smart-persistence");
	assert_true(c.nRule >= 15);
}

static void test_errors(void **state)
{
	static const struct {
		const char *zText;
		int iLine;
		const char *zWant; /* a piece of the message */
	} aCase[] = {
		{"cadence x\non no_anser do stop\n", 2, "unexpected 'no_anser': expected an outcome"},
		{"cadence x\non busy stop\n", 2, "unexpected 'stop': expected ',', 'if' or 'do'"},
		{"cadence x\non busy do\n", 2, "the rule ends early: expected an action"},
		{"cadence x\non busy do call tomorrow\n", 2, "unexpected 'tomorrow': expected when"},
		{"cadence x\n\n# c\non busy do call in 0 days\n", 4, "a number of days from 1 to 3650"},
		{"cadence x\non busy do call in 2 weeks\n", 2, "unexpected 'weeks': expected 'days'"},
		{"cadence x\non not_interested if reason = bored do stop\n", 2, "expected a reason"},
		{"cadence x\non busy if attempts >> 3 do stop\n", 2, "expected a comparison"},
		{"cadence x\non busy if attempts > three do stop\n", 2, "expected a whole number"},
		{"cadence x\non busy if mood > 3 do stop\n", 2, "expected a condition"},
		{"cadence x\non busy do status happy\n", 2, "expected a status"},
		{"cadence x\non busy do status nurture days\n", 2, "the days until the lead is back"},
		{"cadence x\non busy do stop stop\n", 2, "expected ',' and another action"},
		{"cadence x\non busy do call today refer note\n", 2,
		 "refers to a note that this rule does not plan"},
		{"cadence x\non busy do email\n", 2, "expected a template name"},
		{"cadence x\nwhen busy do stop\n", 2, "expected 'on' (a rule) or 'cadence'"},
		{"on busy do stop\n", 1, "the cadence has no name"},
		{"cadence x\n# nothing\n", 2, "the cadence has no rules"},
		{"cadence a b\non busy do stop\n", 1, "one name after 'cadence'"},
		{"cadence x\non busy do mark number alive\n", 2, "'mark number dead'"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		static hw_cadence c;
		hw_err err;
		char zMsg[700];
		hw_err_clear(&err);
		assert_int_equal(hw_cadence_parse(aCase[i].zText, "team.cadence", &c, &err), HW_EINVAL);
		hw_err_format(&err, zMsg, sizeof zMsg);
		if (err.iLine != aCase[i].iLine || !strstr(zMsg, aCase[i].zWant) ||
		    strncmp(zMsg, "team.cadence:", 13) != 0)
			fail_msg("case %zu: got '%s' (line %ld), want line %d and '%s'", i, zMsg,
				 err.iLine, aCase[i].iLine, aCase[i].zWant);
	}
}

static void test_parse_details(void **state)
{
	static hw_cadence c;
	hw_err err;
	(void)state;
	const char *z = "cadence t   # trailing comment\n"
			"on brush_off do note bad-time-note today, call in 3 business days other "
			"block refer note\n"
			"on not_interested if reason in no_need,no_fit and attempts >= 2 do status "
			"disqualified, stop\n"
			"on no-answer, busy do call next business day\n"
			"on callback do call at time\n"
			"on enroll do call now\n";
	hw_err_clear(&err);
	assert_int_equal(hw_cadence_parse(z, "t", &c, &err), HW_OK);
	assert_int_equal(c.nRule, 5);
	const hw_rule *r = &c.aRule[0];
	assert_int_equal(r->iLine, 2);
	assert_int_equal(r->nAction, 2);
	assert_int_equal(r->aAction[0].eKind, HW_A_TASK);
	assert_int_equal(r->aAction[0].eChannel, HW_CH_NOTE);
	assert_string_equal(r->aAction[0].zTemplate, "bad-time-note");
	assert_int_equal(r->aAction[0].eWhen, HW_W_TODAY);
	assert_int_equal(r->aAction[1].eKind, HW_A_CALL);
	assert_int_equal(r->aAction[1].eWhen, HW_W_BUSINESS_DAYS);
	assert_int_equal(r->aAction[1].nDays, 3);
	assert_true(r->aAction[1].bOtherBlock);
	assert_int_equal(r->aAction[1].eRefer, HW_CH_NOTE);
	r = &c.aRule[1];
	assert_int_equal(r->nCond, 2);
	assert_int_equal(r->aCond[0].mReasons, (1u << HW_R_NO_NEED) | (1u << HW_R_NO_FIT));
	assert_int_equal(r->aCond[1].eVar, HW_CV_ATTEMPTS);
	assert_int_equal(r->aCond[1].eCmp, HW_CMP_GE);
	assert_int_equal(r->aCond[1].iValue, 2);
	r = &c.aRule[2];
	assert_int_equal(r->mOutcomes, (1u << HW_O_NO_ANSWER) | (1u << HW_O_BUSY));
	assert_int_equal(r->aAction[0].nDays, 1);
	assert_false(r->aAction[0].bOtherBlock);
	assert_string_equal(c.aRule[3].zText, "on callback do call at time");
	assert_int_equal(c.aRule[4].mOutcomes, 1u << HW_OUTCOME_ENROLL);
}

/* The default cadence picks the rule DESIGN.md's table names. */
static void test_default_matches(void **state)
{
	static hw_cadence c;
	hw_err err;
	static const struct {
		hw_facts f;
		const char *zRuleStart; /* the matching rule's text starts so */
	} aCase[] = {
		{{.eOutcome = HW_O_DO_NOT_CALL}, "on do_not_call do do_not_call"},
		{{.eOutcome = HW_O_MEETING}, "on meeting do status meeting"},
		{{.eOutcome = HW_O_NOT_INTERESTED, .eReason = HW_R_NO_FIT},
		 "on not_interested if reason in no_need,no_fit"},
		{{.eOutcome = HW_O_NOT_INTERESTED, .eReason = HW_R_TIMING},
		 "on not_interested if reason = timing do status nurture 30 days"},
		{{.eOutcome = HW_O_NOT_INTERESTED, .eReason = HW_R_HAS_PROVIDER},
		 "on not_interested do status nurture 60 days"},
		{{.eOutcome = HW_O_CALLBACK, .bHasTime = 1}, "on callback do call at time"},
		{{.eOutcome = HW_O_GATEKEEPER, .bHasTime = 1}, "on gatekeeper if has time"},
		{{.eOutcome = HW_O_GATEKEEPER}, "on gatekeeper do call next business day"},
		{{.eOutcome = HW_O_BRUSH_OFF}, "on brush_off do note bad-time-note today"},
		{{.eOutcome = HW_O_VOICEMAIL, .nNoConnect = 2}, "on voicemail do email voicemail-follow-up"},
		{{.eOutcome = HW_O_VOICEMAIL, .nNoConnect = 8}, "on no_answer, busy, voicemail if no_connect >= 8"},
		{{.eOutcome = HW_O_NO_ANSWER, .nNoConnect = 4}, "on no_answer, busy if no_connect = 4"},
		{{.eOutcome = HW_O_NO_ANSWER, .nNoConnect = 5}, "on no_answer, busy do call next"},
		{{.eOutcome = HW_O_NO_ANSWER, .nNoConnect = 2, .nDays = 31},
		 "on no_answer, busy, voicemail if days >= 30 and connects = 0"},
		{{.eOutcome = HW_O_NO_ANSWER, .nNoConnect = 2, .nDays = 31, .nConnects = 1},
		 "on no_answer, busy do call next"},
		{{.eOutcome = HW_O_WRONG_NUMBER, .bOtherNumber = 1}, "on wrong_number, bad_number if has other_number"},
		{{.eOutcome = HW_O_BAD_NUMBER}, "on wrong_number, bad_number do mark number dead, email"},
		{{.eOutcome = HW_OUTCOME_ENROLL}, "on enroll do call today"},
	};
	(void)state;
	hw_err_clear(&err);
	assert_int_equal(hw_cadence_parse(hw_cadence_default_text, "default", &c, &err), HW_OK);
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		const hw_rule *r = hw_cadence_match(&c, &aCase[i].f);
		if (!r || strncmp(r->zText, aCase[i].zRuleStart, strlen(aCase[i].zRuleStart)) != 0)
			fail_msg("case %zu: got '%s', want '%s...'", i, r ? r->zText : "(none)",
				 aCase[i].zRuleStart);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_parses),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_parse_details),
		cmocka_unit_test(test_default_matches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
