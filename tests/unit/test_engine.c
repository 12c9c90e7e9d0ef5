/*
 * test_engine.c — the persistence engine plans what DESIGN.md's table says,
 * at times worked out by hand from the shipped policy: a lead in Chicago
 * (US-IL), "now" Tuesday 2026-11-24 16:00 UTC = 10:00 CST, in the morning
 * block (09:30-12:00). Blocks: early 08-09, morning 09:30-12, midday 13-15,
 * afternoon 15-17, evening 17:30-20. Thursday 2026-11-26 is Thanksgiving.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/engine.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static hw_time iso(const char *z)
{
	struct tm tm = {0};
	sscanf(z, "%d-%d-%dT%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (hw_time)timegm(&tm);
}

#define NOW "2026-11-24T16:00"

static const struct {
	const char *zName;
	const char *zZones; /* NULL: location unknown */
	int eOutcome;
	hw_reason eReason;
	const char *zTime;  /* the outcome's time, or NULL */
	int iBlock;         /* block of this call */
	unsigned mFailed;   /* history: blocks that failed */
	int iLastBlock;
	int nNoConnect;
	/* expected */
	const char *zTasks; /* channels in order, space separated */
	const char *zCallAt; /* the call task's due time (UTC), or NULL */
	int bStop, bDnc;
	int eStatus;        /* -1: no status change */
	const char *zRecycle;
	int iCallPrio;
} aCase[] = {
	/* no answer in morning block 1 -> next business day (Wed), next block: midday 13:00 CST */
	{"voicemail: email today, call Friday (Thanksgiving skipped) at 13:00 in the next block",
	 "America/Chicago", HW_O_VOICEMAIL, 0, NULL, 1, 0, -1, 0, "email call", "2026-11-27T19:00", 0,
	 0, -1, NULL, HW_PRIO_RETRY},
	{"no answer after morning and midday failed: the afternoon is failing now -> evening 17:30",
	 "America/Chicago", HW_O_NO_ANSWER, 0, NULL, 3, 0x6, 2, 1, "call", "2026-11-25T23:30", 0, 0,
	 -1, NULL, HW_PRIO_RETRY},
	{"every block failed: start again with the one after the last (early 08:00)",
	 "America/Chicago", HW_O_NO_ANSWER, 0, NULL, 4, 0x1f, 3, 2, "call", "2026-11-25T14:00", 0,
	 0, -1, NULL, HW_PRIO_RETRY},
	{"the fourth call without a connect adds an email and a LinkedIn touch", "America/Chicago",
	 HW_O_NO_ANSWER, 0, NULL, 1, 0x1, 0, 3, "email linkedin call", "2026-11-25T19:00", 0, 0, -1,
	 NULL, HW_PRIO_RETRY},
	{"callback at 14:00 CST: exactly then, first in the queue", "America/Chicago", HW_O_CALLBACK,
	 0, "2026-11-25T20:00", 1, 0, -1, 0, "call", "2026-11-25T20:00", 0, 0, -1, NULL,
	 HW_PRIO_CALLBACK},
	{"callback asked for 12:15 (lunch, quiet): the first legal moment, 13:00", "America/Chicago",
	 HW_O_CALLBACK, 0, "2026-11-25T18:15", 1, 0, -1, 0, "call", "2026-11-25T19:00", 0, 0, -1,
	 NULL, HW_PRIO_CALLBACK},
	{"gatekeeper with a better time: a call at exactly that time", "America/Chicago",
	 HW_O_GATEKEEPER, 0, "2026-11-24T21:00", 1, 0, -1, 0, "call", "2026-11-24T21:00", 0, 0, -1,
	 NULL, HW_PRIO_CALLBACK},
	{"brush-off: the note today, a call Monday (3 business days) that refers to it",
	 "America/Chicago", HW_O_BRUSH_OFF, 0, NULL, 1, 0, -1, 0, "note call", "2026-11-30T19:00", 0,
	 0, -1, NULL, HW_PRIO_RETRY},
	{"not interested, timing: nurture 30 days, back in rotation on Dec 24", "America/Chicago",
	 HW_O_NOT_INTERESTED, HW_R_TIMING, NULL, 1, 0, -1, 0, "call", "2026-12-24T19:00", 1, 0,
	 HW_STATUS_NURTURE, "2026-12-24T16:00", HW_PRIO_RETRY},
	{"not interested, no fit: disqualified, nothing more", "America/Chicago", HW_O_NOT_INTERESTED,
	 HW_R_NO_FIT, NULL, 1, 0, -1, 0, "", NULL, 1, 0, HW_STATUS_DISQUALIFIED, NULL, 0},
	{"do-not-call: suppress, stop, no task", "America/Chicago", HW_O_DO_NOT_CALL, 0, NULL, 1, 0,
	 -1, 0, "", NULL, 1, 1, HW_STATUS_DO_NOT_CONTACT, NULL, 0},
	{"meeting: leaves the cadence", "America/Chicago", HW_O_MEETING, 0, "2026-11-30T17:00", 1, 0,
	 -1, 0, "", NULL, 1, 0, HW_STATUS_MEETING, NULL, 0},
	{"eight calls without a connect: nurture 90 days", "America/Chicago", HW_O_NO_ANSWER, 0, NULL,
	 1, 0x1f, 0, 7, "call", "2027-02-22T19:00", 1, 0, HW_STATUS_NURTURE, "2027-02-22T16:00",
	 HW_PRIO_RETRY},
	{"enrolment: a call now (10:00 CST is callable)", "America/Chicago", HW_OUTCOME_ENROLL, 0, NULL,
	 -1, 0, -1, 0, "call", "2026-11-24T16:00", 0, 0, -1, NULL, HW_PRIO_NEW},
	{"enrolment for a lead in New York or Los Angeles: 11:00 and 08:00, both inside",
	 "America/New_York|America/Los_Angeles", HW_OUTCOME_ENROLL, 0, NULL, -1, 0, -1, 0, "call",
	 "2026-11-24T16:00", 0, 0, -1, NULL, HW_PRIO_NEW},
	{"location unknown: the tasks are dated in UTC days and the call waits", NULL, HW_O_VOICEMAIL,
	 0, NULL, -1, 0, -1, 0, "email call", "2026-11-26T16:00", 0, 0, -1, NULL, HW_PRIO_RETRY},
};

static void test_plans(void **state)
{
	static hw_policy pol;
	static hw_cadence cad;
	hw_err err;
	(void)state;
	hw_err_clear(&err);
	assert_int_equal(hw_policy_parse(hw_policy_default_text, "policy", &pol, &err), HW_OK);
	assert_int_equal(hw_cadence_parse(hw_cadence_default_text, "cadence", &cad, &err), HW_OK);
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		hw_target t = {aCase[i].zZones, "US-IL", NULL, 0};
		hw_history h = {.nAttempts = aCase[i].nNoConnect,
				.nNoConnect = aCase[i].nNoConnect,
				.tFirstTouch = aCase[i].nNoConnect ? iso("2026-11-20T16:00") : 0,
				.mFailedBlocks = aCase[i].mFailed,
				.iLastBlock = aCase[i].iLastBlock};
		hw_touch_in in = {.eOutcome = aCase[i].eOutcome,
				  .eReason = aCase[i].eReason,
				  .tTime = aCase[i].zTime ? iso(aCase[i].zTime) : 0,
				  .tAt = iso(NOW),
				  .iBlock = aCase[i].iBlock};
		hw_plan plan;
		char zTasks[128] = "";
		int iCall = -1;
		assert_int_equal(hw_engine_plan(&cad, &pol, &t, &h, &in, iso(NOW), &plan, &err), HW_OK);
		if (!plan.pRule)
			fail_msg("case %zu (%s): no rule matched", i, aCase[i].zName);
		for (int k = 0; k < plan.nTask; k++) {
			snprintf(zTasks + strlen(zTasks), sizeof zTasks - strlen(zTasks), "%s%s",
				 k ? " " : "", hw_channel_names[plan.aTask[k].eChannel]);
			if (plan.aTask[k].eChannel == HW_CH_CALL)
				iCall = k;
		}
		if (strcmp(zTasks, aCase[i].zTasks) != 0)
			fail_msg("case %zu (%s): tasks '%s', want '%s' (rule %s)", i, aCase[i].zName,
				 zTasks, aCase[i].zTasks, plan.zRule);
		if (aCase[i].zCallAt) {
			hw_time tWant = iso(aCase[i].zCallAt);
			if (plan.aTask[iCall].tFrom != tWant)
				fail_msg("case %zu (%s): call at %lld, want %lld (%s) — %s", i,
					 aCase[i].zName, plan.aTask[iCall].tFrom, tWant, aCase[i].zCallAt,
					 plan.aTask[iCall].zWhy);
			assert_int_equal(plan.aTask[iCall].iPriority, aCase[i].iCallPrio);
		}
		assert_int_equal(plan.bStop, aCase[i].bStop);
		assert_int_equal(plan.bDnc, aCase[i].bDnc);
		if (aCase[i].eStatus < 0)
			assert_false(plan.bStatus);
		else
			assert_int_equal(plan.eStatus, aCase[i].eStatus);
		if (aCase[i].zRecycle)
			assert_int_equal(plan.tRecycle, iso(aCase[i].zRecycle));
		/* every task says why, in words */
		for (int k = 0; k < plan.nTask; k++)
			assert_true(strlen(plan.aTask[k].zWhy) > 10);
	}
}

/* The brush-off's call refers to the note planned with it. */
static void test_refer(void **state)
{
	static hw_policy pol;
	static hw_cadence cad;
	hw_err err;
	hw_target t = {"Europe/London", "GB", NULL, 0};
	hw_history h = {.iLastBlock = -1};
	hw_touch_in in = {.eOutcome = HW_O_BRUSH_OFF, .tAt = iso(NOW), .iBlock = -1};
	hw_plan plan;
	(void)state;
	assert_int_equal(hw_policy_parse(hw_policy_default_text, "policy", &pol, &err), HW_OK);
	assert_int_equal(hw_cadence_parse(hw_cadence_default_text, "cadence", &cad, &err), HW_OK);
	assert_int_equal(hw_engine_plan(&cad, &pol, &t, &h, &in, iso(NOW), &plan, &err), HW_OK);
	assert_int_equal(plan.nTask, 2);
	assert_int_equal(plan.aTask[0].eChannel, HW_CH_NOTE);
	assert_string_equal(plan.aTask[0].zTemplate, "bad-time-note");
	assert_int_equal(plan.aTask[1].iRefer, 0);
	assert_non_null(strstr(plan.aTask[1].zWhy, "refer to the note"));
	/* London: Tue 16:00 GMT; three business days on is Friday (Thanksgiving
	 * is a US holiday only). 'other block' after a call in no block picks
	 * block 0, early (08:00-09:00), which the default window (09:00-20:00 for
	 * GB) never allows, so the next block: morning, 09:30. */
	assert_int_equal(plan.aTask[1].tFrom, iso("2026-11-27T09:30"));
}

static void test_pick_block(void **state)
{
	(void)state;
	assert_int_equal(hw_engine_pick_block(5, 0, -1), 0);
	assert_int_equal(hw_engine_pick_block(5, 0x1, 0), 1);
	assert_int_equal(hw_engine_pick_block(5, 0x3, 1), 2);
	assert_int_equal(hw_engine_pick_block(5, 0x1c, 4), 0);
	assert_int_equal(hw_engine_pick_block(5, 0x1e, 1), 0);
	assert_int_equal(hw_engine_pick_block(5, 0x1f, 2), 3);
	assert_int_equal(hw_engine_pick_block(0, 0, -1), -1);
	assert_int_equal(hw_task_class(HW_PRIO_CALLBACK, 10), 6);
	assert_int_equal(hw_task_class(HW_PRIO_RETRY, 80), 5);
	assert_int_equal(hw_task_class(HW_PRIO_NEW, 50), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plans),
		cmocka_unit_test(test_refer),
		cmocka_unit_test(test_pick_block),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	hw_policy_thread_cleanup();
	return rc;
}
