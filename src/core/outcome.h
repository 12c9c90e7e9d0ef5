/*
 * outcome.h — what can happen on a call, as a table.
 *
 * Each disposition has flags (was a human reached, was it a conversation, was
 * it negative, does it end the lead's cadence), the one key that logs it in a
 * calling session, and the structured data it needs: a time (the gatekeeper's
 * better time, the requested callback, the meeting), a reason (not
 * interested), a name (the gatekeeper's), a next step (a conversation). The
 * engine, the CLI and the web screen all read this one table.
 */
#ifndef HW_CORE_OUTCOME_H
#define HW_CORE_OUTCOME_H

#include "core/clock.h"
#include "core/hw.h"

typedef enum hw_outcome {
	HW_O_NO_ANSWER = 0,
	HW_O_BUSY,
	HW_O_VOICEMAIL,
	HW_O_GATEKEEPER,
	HW_O_BRUSH_OFF,
	HW_O_NOT_INTERESTED,
	HW_O_CALLBACK,
	HW_O_CONVERSATION,
	HW_O_MEETING,
	HW_O_WRONG_NUMBER,
	HW_O_BAD_NUMBER,
	HW_O_DO_NOT_CALL,
	HW_O_COUNT
} hw_outcome;

/* Flags of a disposition. */
#define HW_OF_REACHED 0x01      /* a human answered */
#define HW_OF_CONVERSATION 0x02 /* the prospect talked with the rep */
#define HW_OF_NEGATIVE 0x04     /* a rejection of some kind */
#define HW_OF_TERMINAL 0x08     /* the lead leaves its cadence */

/* Data a disposition needs (an OR of these); optional ones are in mOptional. */
#define HW_OD_TIME 0x01   /* better time, callback time, meeting time */
#define HW_OD_REASON 0x02 /* not interested: timing, no_need, ... */
#define HW_OD_NAME 0x04   /* the gatekeeper's name */
#define HW_OD_NEXT 0x08   /* the agreed next step */

typedef struct hw_outcome_info {
	hw_outcome e;
	const char *zName;  /* "no_answer": CLI, JSON, cadence files */
	const char *zLabel; /* "No answer": screens */
	char cKey;          /* the key in a calling session */
	unsigned mFlags;
	unsigned mNeeds;    /* data the rep is asked for */
	unsigned mRequired; /* of mNeeds, what must be given */
	const char *zTimeLabel; /* what the time means: "better time", ... */
} hw_outcome_info;

extern const hw_outcome_info hw_outcomes[HW_O_COUNT];

hw_rc hw_outcome_parse(const char *zName, hw_outcome *pe);
const hw_outcome_info *hw_outcome_by_key(char cKey);

/* Why a prospect was not interested. */
typedef enum hw_reason {
	HW_R_NONE = 0,
	HW_R_TIMING,
	HW_R_NO_NEED,
	HW_R_NO_FIT,
	HW_R_HAS_PROVIDER,
	HW_R_OTHER,
	HW_R_COUNT
} hw_reason;

extern const char *const hw_reason_names[HW_R_COUNT];
hw_rc hw_reason_parse(const char *zName, hw_reason *pe);

/* Objections heard, by category (counted by the numbers). */
typedef enum hw_objection {
	HW_OBJ_NONE = 0,
	HW_OBJ_NO_TIME,
	HW_OBJ_NOT_INTERESTED,
	HW_OBJ_NO_NEED,
	HW_OBJ_HAS_PROVIDER,
	HW_OBJ_PRICE,
	HW_OBJ_SEND_INFO,
	HW_OBJ_NOT_DECISION_MAKER,
	HW_OBJ_BAD_TIMING,
	HW_OBJ_OTHER,
	HW_OBJ_COUNT
} hw_objection;

extern const char *const hw_objection_names[HW_OBJ_COUNT];
hw_rc hw_objection_parse(const char *zName, hw_objection *pe);

/* Channels of touches and tasks (the schema's CHECK lists the same). */
typedef enum hw_channel {
	HW_CH_CALL = 0,
	HW_CH_VOICEMAIL,
	HW_CH_EMAIL,
	HW_CH_LINKEDIN,
	HW_CH_NOTE,
	HW_CH_LETTER,
	HW_CH_COUNT
} hw_channel;

extern const char *const hw_channel_names[HW_CH_COUNT];
hw_rc hw_channel_parse(const char *zName, hw_channel *pe);

/* Look a name up in a table of n names; HW_EINVAL when absent. */
hw_rc hw_name_lookup(const char *const *azNames, int n, const char *zName, int *pi);

#endif
