/*
 * outcome.c — the disposition table and the small name tables around it.
 */
#include "core/outcome.h"

#include <string.h>

#define R HW_OF_REACHED
#define C HW_OF_CONVERSATION
#define N HW_OF_NEGATIVE
#define T HW_OF_TERMINAL

const hw_outcome_info hw_outcomes[HW_O_COUNT] = {
	{HW_O_NO_ANSWER, "no_answer", "No answer", 'n', 0, 0, 0, NULL},
	{HW_O_BUSY, "busy", "Busy", 'b', 0, 0, 0, NULL},
	{HW_O_VOICEMAIL, "voicemail", "Voicemail left", 'v', 0, 0, 0, NULL},
	{HW_O_GATEKEEPER, "gatekeeper", "Gatekeeper", 'g', R, HW_OD_NAME | HW_OD_TIME, 0,
	 "better time to call"},
	{HW_O_BRUSH_OFF, "brush_off", "Brush-off or hang-up", 'h', R | N, 0, 0, NULL},
	{HW_O_NOT_INTERESTED, "not_interested", "Not interested", 'x', R | C | N, HW_OD_REASON,
	 HW_OD_REASON, NULL},
	{HW_O_CALLBACK, "callback", "Callback requested", 'c', R | C, HW_OD_TIME, HW_OD_TIME,
	 "callback time"},
	{HW_O_CONVERSATION, "conversation", "Conversation", 't', R | C, HW_OD_NEXT, 0, NULL},
	{HW_O_MEETING, "meeting", "Meeting booked", 'm', R | C | T, HW_OD_TIME, HW_OD_TIME,
	 "meeting time"},
	{HW_O_WRONG_NUMBER, "wrong_number", "Wrong number", 'w', R | N, 0, 0, NULL},
	{HW_O_BAD_NUMBER, "bad_number", "Bad number", 'd', N, 0, 0, NULL},
	{HW_O_DO_NOT_CALL, "do_not_call", "Do-not-call request", 's', R | N | T, 0, 0, NULL},
};

#undef R
#undef C
#undef N
#undef T

const char *const hw_reason_names[HW_R_COUNT] = {
	"none", "timing", "no_need", "no_fit", "has_provider", "other",
};

const char *const hw_objection_names[HW_OBJ_COUNT] = {
	"none",	 "no_time",   "not_interested",	    "no_need",	   "has_provider",
	"price", "send_info", "not_decision_maker", "bad_timing", "other",
};

const char *const hw_channel_names[HW_CH_COUNT] = {
	"call", "voicemail", "email", "linkedin", "note", "letter",
};

hw_rc hw_name_lookup(const char *const *azNames, int n, const char *zName, int *pi)
{
	for (int i = 0; zName && i < n; i++) {
		if (strcmp(azNames[i], zName) == 0) {
			*pi = i;
			return HW_OK;
		}
	}
	return HW_EINVAL;
}

hw_rc hw_outcome_parse(const char *zName, hw_outcome *pe)
{
	for (int i = 0; zName && i < HW_O_COUNT; i++) {
		/* "no-answer" reads as well as "no_answer" */
		const char *a = hw_outcomes[i].zName, *b = zName;
		while (*a && (*a == *b || (*a == '_' && *b == '-')))
			a++, b++;
		if (*a == 0 && *b == 0) {
			*pe = (hw_outcome)i;
			return HW_OK;
		}
	}
	return HW_EINVAL;
}

const hw_outcome_info *hw_outcome_by_key(char cKey)
{
	for (int i = 0; i < HW_O_COUNT; i++)
		if (hw_outcomes[i].cKey == cKey)
			return &hw_outcomes[i];
	return NULL;
}

hw_rc hw_reason_parse(const char *zName, hw_reason *pe)
{
	int i;
	hw_rc rc = hw_name_lookup(hw_reason_names, HW_R_COUNT, zName, &i);
	if (rc == HW_OK)
		*pe = (hw_reason)i;
	return rc;
}

hw_rc hw_objection_parse(const char *zName, hw_objection *pe)
{
	int i;
	hw_rc rc = hw_name_lookup(hw_objection_names, HW_OBJ_COUNT, zName, &i);
	if (rc == HW_OK)
		*pe = (hw_objection)i;
	return rc;
}

hw_rc hw_channel_parse(const char *zName, hw_channel *pe)
{
	int i;
	hw_rc rc = hw_name_lookup(hw_channel_names, HW_CH_COUNT, zName, &i);
	if (rc == HW_OK)
		*pe = (hw_channel)i;
	return rc;
}
