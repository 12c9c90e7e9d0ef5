/*
 * outreach.h — carrying out the tasks the engine plans beyond the phone.
 *
 * The engine plans an email after a voicemail, a note after a brush-off, a
 * LinkedIn message after four unanswered calls. This module turns such a task
 * into what the prospect receives: the task's template rendered with the
 * lead's, the rep's and the company's values (core/tmpl.h), then
 *
 *   email     queued in the outbox and delivered over SMTP (smtp.h) with
 *             retries; the sent email is a touch. Every one carries the
 *             company's postal address and an opt-out link served by hawser.
 *   note,     collected for a day into one PDF (io/pdf.h) to handwrite over
 *   letter    or sign; printing marks them done, each a touch.
 *   linkedin  shown with the profile link and the prefilled text; the rep
 *             sends it by hand and marks it done (a touch).
 *
 * A task that cannot be carried out (a merge field without a value, no email
 * address, an opted-out address, no postal address configured) is never sent
 * with a hole: it is held with the reason, which the agenda shows, and tried
 * again an hour later or when someone fixes it.
 *
 * Meetings booked get an invitation (.ics) by email; events (meeting booked,
 * do-not-call request, import finished) go to webhooks, signed (webhook.h).
 * hw_out_dispatch() does all the periodic work: `hawser send` runs it, and
 * `hawser serve` runs it on a thread of its own.
 *
 * Everything runs on the store interface and the work's clock.
 */
#ifndef HW_CHANNELS_OUTREACH_H
#define HW_CHANNELS_OUTREACH_H

#include "core/work.h"
#include "io/pdf.h"

/* Settings (the settings table; `hawser mail config` sets them). */
#define HW_SET_PUBLIC_URL "mail.public_url" /* base of opt-out and calendar links */
#define HW_SET_COMPANY "mail.company"	    /* {{sender.company}} */
#define HW_SET_ADDRESS "mail.address"	    /* {{sender.address}}: the postal address */
#define HW_SET_SMTP_URL "smtp.url"	    /* smtp://host:port */
#define HW_SET_SMTP_USER "smtp.user"
#define HW_SET_SMTP_PASSWORD "smtp.password"
#define HW_SET_SMTP_STARTTLS "smtp.starttls" /* "1": required */
#define HW_SET_SMTP_INSECURE "smtp.insecure" /* "1": no certificate check (tests) */

/* How long a held task waits before it is tried again. */
#define HW_OUT_HOLD_RETRY (60 * 60)
/* Delivery attempts before an email or a webhook delivery fails for good:
 * the first and six retries (1, 5, 30 minutes, 2, 6, 24 hours). */
#define HW_OUT_MAX_ATTEMPTS 7

/* A task's template, rendered for its lead. */
typedef struct hw_rendered {
	char zTemplate[48];
	char zChannel[16];
	char *zSubject; /* "" when the template has none */
	char *zBody;
	char zTo[256]; /* email: the lead's address */
	char zToName[128];
	char zLinkedIn[512]; /* linkedin: the profile link */
	char *zAddress;	     /* notes and letters: the lead's address block ("" when none) */
	char zZone[64];	     /* the lead's zone (dates are shown in it) */
	char zRegion[4];     /* the lead's country (ISO), "" when unknown */
} hw_rendered;

void hw_rendered_clear(hw_rendered *p);

/*
 * Render a task's template for its lead and the user it is done for (the
 * lead's owner; iUser when the lead has none). zOptOutUrl fills
 * {{optout.link}} (NULL: the field has no value). HW_EINVAL with the reason
 * (the field without a value, no template, a template for another channel)
 * when it cannot be rendered; the task is not changed.
 */
hw_rc hw_out_render(hw_work *p, const hw_task *pTask, long long iUser, const char *zOptOutUrl,
		    hw_rendered *pOut, hw_err *pErr);

/* Render one template text for a lead (a preview, the calling card's
 * opener): *pzOut (free()). */
hw_rc hw_out_render_text(hw_work *p, const char *zText, long long iLead, long long iUser,
			 int bNoNewline, char **pzOut, hw_err *pErr);

/*
 * Mark an open non-call task done: the touch (channel of the task, outcome
 * "sent", the template) and the task closed, in one durable transaction, and
 * audited. HW_ENOTFOUND: no such open task; HW_ECONFLICT: a call task (calls
 * are logged with an outcome). *piTouch: the touch's id.
 */
hw_rc hw_out_task_done(hw_work *p, long long iTask, long long iUser, const char *zNote,
		       long long *piTouch, hw_err *pErr);

/*
 * Use an opt-out link: the address is suppressed for email at once
 * (suppressions kind email, source opt_out), the open email tasks of every
 * lead with that address are cancelled, and it is audited. Using a link
 * again changes nothing and is not an error. *pzEmail: the address.
 */
hw_rc hw_out_optout(hw_work *p, const char *zToken, char *zEmail, size_t nEmail, hw_err *pErr);

/* What one dispatch did. */
typedef struct hw_out_stats {
	int nQueued;  /* email tasks rendered into the outbox */
	int nHeld;    /* tasks held with a reason */
	int nInvites; /* meeting invitations queued */
	int nSent;    /* emails delivered */
	int nRetry;   /* delivery failed, tried again later */
	int nFailed;  /* failed for good */
	int nHooks;   /* webhook deliveries made */
	int nHookRetry, nHookFailed;
} hw_out_stats;

/*
 * One pass of the periodic work at the work's clock: render the due email
 * tasks into the outbox (or hold them), queue invitations for meetings just
 * booked, deliver the outbox (SMTP settings from the store; nothing is
 * delivered while smtp.url is not set) and the webhook deliveries. Each email
 * and delivery is its own transaction. HW_OK unless the store failed.
 *
 * xStop (NULL: never) is asked before each email and webhook delivery (each
 * may wait on the network for seconds): when it answers 1 the pass ends there
 * and loses nothing; what is left goes in the next pass. A server stopping
 * and Ctrl-C on `hawser send` use it.
 */
hw_rc hw_out_dispatch(hw_work *p, int (*xStop)(void *), void *pStopCtx, hw_out_stats *pSt,
		      hw_err *pErr);

/*
 * The day's notes and letters for iUser (0: everyone's): the open note and
 * letter tasks due before tDayEnd, rendered. A task that cannot be rendered
 * is held and listed in aSkipped with its reason.
 */
typedef struct hw_notes {
	int nItem;
	hw_pdf_item *aItem; /* for hw_pdf_write (strings owned by aR) */
	hw_rendered *aR;
	long long *aTask;
	int nSkipped;
	long long *aSkippedTask;
	char (*azSkipped)[300];
} hw_notes;

hw_rc hw_notes_collect(hw_work *p, long long iUser, hw_time tDayEnd, hw_notes *pOut, hw_err *pErr);
/* Write the PDF, then mark every printed task done (one touch each). */
hw_rc hw_notes_print(hw_work *p, hw_notes *pN, long long iUser, const char *zPath, int *pnPages,
		     hw_err *pErr);
void hw_notes_clear(hw_notes *p);

/* A user's calendar feed (callbacks and meetings from 30 days ago on), as
 * iCalendar text (*pzOut, free()). */
hw_rc hw_out_calendar(hw_work *p, const hw_user *pUser, char **pzOut, hw_err *pErr);

/* A new calendar feed secret for the user: the old link stops working.
 * zUrl: the link to subscribe to. */
hw_rc hw_out_calendar_link(hw_work *p, long long iUser, char *zUrl, size_t nUrl, hw_err *pErr);

#endif
