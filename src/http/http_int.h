/*
 * http_int.h — what the server's files share: the request, the route table,
 * the per-thread context and the answer helpers. Not for use outside src/http.
 */
#ifndef HW_HTTP_HTTP_INT_H
#define HW_HTTP_HTTP_INT_H

#include "core/work.h"
#include "http/http.h"
#include "store/store.h"

#include <jansson.h>
#include <microhttpd.h>
#include <stdio.h>

#define HW_HTTP_JSON_MAX (1 << 20)     /* request bodies */
#define HW_HTTP_UPLOAD_MAX (64 << 20)  /* CSV uploads */
#define HW_HTTP_JSON_DEPTH 32          /* nesting refused beyond */

/* What a route asks of the caller before its handler runs. */
#define R_PUBLIC 0x01  /* no sign-in needed */
#define R_MANAGER 0x02 /* manager or admin */
#define R_ADMIN 0x04   /* admin only */
#define R_UPLOAD 0x08  /* the body is a CSV file, streamed to disk */
#define R_JSON 0x10    /* the body is a JSON object (required) */
#define R_LOOPBACK 0x20 /* only from this machine (metrics) */
#define R_JSONOPT 0x40  /* a body, when there is one, is a JSON object */

/* A path's text parameter ("{token}", "{name}"): 1 to 127 of [A-Za-z0-9_-]. */
#define HW_HTTP_PARAM_MAX 128
/* Extra headers an answer may carry (hw_answer_header). */
#define HW_HTTP_EXTRA_HEADERS 4

typedef enum hw_role { HW_ROLE_REP = 0, HW_ROLE_MANAGER, HW_ROLE_ADMIN } hw_role;

/* Per worker thread: its own connection and work context, opened lazily. */
typedef struct hw_tctx {
	hw_store *pStore;
	hw_work work;
	int bWork;
	struct hw_dnc_set *pDnc; /* this worker's mapping of the registry copies */
	long long tDncLook;      /* when it last looked for a new copy (s) */
} hw_tctx;

typedef struct hw_server hw_server;
typedef struct hw_req hw_req;
typedef void (*hw_handler)(hw_req *);

typedef struct hw_route {
	const char *zMethod;
	const char *zPath; /* "{id}" matches a positive integer, any other "{x}"
			      a text parameter */
	unsigned mFlags;
	hw_handler xHandler;
} hw_route;

struct hw_req {
	hw_server *pSrv;
	struct MHD_Connection *pConn;
	const char *zMethod, *zUrl;
	const hw_route *pRoute;
	long long iId;     /* the {id} of the path */
	char zParam[HW_HTTP_PARAM_MAX]; /* its text parameter ({token}, {name}) */
	hw_tctx *pT;
	hw_time tNow;
	/* the body */
	char *pBody;
	size_t nBody, nCap;
	FILE *pUpload;
	char zUpload[512];
	int bTooLarge;
	json_t *pJson;      /* the parsed body (R_JSON) */
	/* who asks */
	int bAuthed, bCookie;
	hw_user user;
	hw_role eRole;
	char zCsrf[64];
	char zClient[64];   /* the peer's address */
	/* a sign-in's password check, on a thread of its own (auth.c) */
	int bSuspended;
	struct login_job *pLogin;
	/* the answer */
	int bAnswered;
	int iStatus;
	char zSetCookie[256];
	char azHeader[HW_HTTP_EXTRA_HEADERS][2][64];
	int nHeader;
};

struct hw_server {
	const hw_http_opts *pOpts;
	char zDataDir[400];
	struct MHD_Daemon *pDaemon;
};

extern const hw_route hw_routes[];
extern const int hw_nroutes;

/* ---- answers (server.c): each queues the response once ---- */
void hw_answer_json(hw_req *r, int iStatus, json_t *pBody); /* consumes pBody */
void hw_answer_text(hw_req *r, int iStatus, const char *zType, const char *z, size_t n);
void hw_answer_file(hw_req *r, const char *zType, const char *zPath, const char *zName);
/* {"error": {"code", "message", "field"}}; code follows from the status. */
void hw_answer_error(hw_req *r, int iStatus, const char *zField, const char *zFmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The one place a result code becomes a status. */
int hw_http_status(hw_rc rc);
void hw_answer_rc(hw_req *r, hw_rc rc, const hw_err *pErr);
/* An error with where it is: "where", "line" and "column" beside the field
 * (a template's merge field). */
void hw_answer_err_at(hw_req *r, int iStatus, const hw_err *pErr);
/* Add a header to the answer about to be queued (dropped beyond
 * HW_HTTP_EXTRA_HEADERS; values longer than 63 bytes are cut). */
void hw_answer_header(hw_req *r, const char *zName, const char *zFmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A page of the web screens (zPath: "/optout.html") with the status. */
void hw_answer_page(hw_req *r, int iStatus, const char *zPath);

/* A query parameter, or NULL. */
const char *hw_query(hw_req *r, const char *zName);
/* A string member of the JSON body: *pz NULL when absent or null; 0 (and
 * answered 400) when it is not a string, holds a NUL or is longer than nMax
 * bytes. */
int hw_body_str(hw_req *r, const char *zKey, size_t nMax, const char **pz);
/* 1 when the JSON body has no member but those of azKey (NULL-ended); else
 * 0, answered 400 naming the first other: a misspelt or forbidden member
 * ("role" in a profile) is refused, never ignored (openapi.json:
 * additionalProperties false). */
int hw_body_keys_ok(hw_req *r, const char *const *azKey);
/* The work context (store, policy, cadence) of this thread; NULL after an
 * error answer. */
hw_work *hw_req_work(hw_req *r);

/* ---- authentication and access (auth.c) ---- */
/* Who is asking (cookie or bearer token): fills r->user; 0 when nobody. */
int hw_auth_identify(hw_req *r);
/* 1 when a cookie-signed request that changes state carries the CSRF token. */
int hw_auth_csrf_ok(hw_req *r);
hw_role hw_role_of(const hw_user *u);
/* May r->user see or change lead pLead? (own, team, all; or holds its lease) */
int hw_auth_lead_ok(hw_req *r, const hw_lead *pLead);
/* May r->user see user pU? */
int hw_auth_user_ok(hw_req *r, const hw_user *pU);
/* The user whose numbers or agenda to show (the ?user= parameter checked). */
int hw_auth_subject(hw_req *r, long long *piUser);
void hw_auth_login(hw_req *r);
void hw_auth_logout(hw_req *r);
void hw_auth_me(hw_req *r);
void hw_auth_token(hw_req *r);
/* Free what a sign-in left on the request. */
void hw_auth_release(hw_req *r);

/* ---- the API (api.c) ---- */
void hw_api_next(hw_req *r);
void hw_api_log(hw_req *r);
void hw_api_why(hw_req *r);
void hw_api_agenda(hw_req *r);
void hw_api_stats(hw_req *r);
void hw_api_outcomes(hw_req *r);
void hw_api_leads(hw_req *r);
void hw_api_lead(hw_req *r);
void hw_api_lead_edit(hw_req *r);
void hw_api_cadences(hw_req *r);
void hw_api_templates(hw_req *r);
void hw_api_users(hw_req *r);
void hw_api_user_add(hw_req *r);
/* api_dnc.c */
void hw_api_dnc_check(hw_req *r);
void hw_api_dnc_add(hw_req *r);
void hw_api_dnc_lift(hw_req *r);
void hw_api_caller_id(hw_req *r);
void hw_api_records(hw_req *r);
/* dnc_load.c */
void hw_api_dnc_load(hw_req *r);
void hw_api_dnc_load_status(hw_req *r);
void hw_dnc_load_shutdown(void);
void hw_api_health(hw_req *r);
void hw_api_metrics(hw_req *r);
void hw_api_openapi(hw_req *r);
/* api_out.c: follow-ups beyond the phone */
void hw_api_task(hw_req *r);
void hw_api_task_done(hw_req *r);
void hw_api_notes_print(hw_req *r);
void hw_api_calendar_link(hw_req *r);
void hw_api_ical(hw_req *r);
void hw_api_optout_page(hw_req *r);
void hw_api_optout(hw_req *r);
void hw_api_outbox(hw_req *r);
/* api_setup.c: what sending needs, set up */
void hw_api_webhooks(hw_req *r);
void hw_api_webhook_add(hw_req *r);
void hw_api_webhook_remove(hw_req *r);
void hw_api_webhook_deliveries(hw_req *r);
void hw_api_mail(hw_req *r);
void hw_api_mail_set(hw_req *r);
void hw_api_profile(hw_req *r);
void hw_api_template_set(hw_req *r);
/* Render a non-call task for the agenda or GET /tasks/{id}: "text",
 * "subject", "linkedin" or "cannot_render", and "held", into pObj. HW_OK
 * unless the store failed (then pErr). */
hw_rc hw_api_task_text(hw_work *w, const hw_task *t, long long iUser, json_t *pObj,
		       hw_err *pErr);

/* ---- the periodic sending (sender.c) ---- */
/* A thread of its own runs hw_out_dispatch every nSeconds (0: none). */
hw_rc hw_sender_start(const hw_http_opts *pOpts, hw_err *pErr);
/* Stop it (the pass in progress finishes) and wait for it. */
void hw_sender_stop(void);

/* ---- group commit (commit.c) ---- */
/* hw_work_next and hw_work_log, batched with the other workers' into one
 * transaction (durable when it holds a touch). */
hw_rc hw_commit_next(hw_work *w, long long iUser, hw_offer *pOut, hw_err *pErr);
hw_rc hw_commit_log(hw_work *w, const hw_log_in *pIn, hw_log_out *pOut, hw_err *pErr);

/* ---- imports (upload.c) ---- */
void hw_api_import_start(hw_req *r);
void hw_api_imports(hw_req *r);
void hw_api_import(hw_req *r);
void hw_api_import_rejects(hw_req *r);
/* Wait for running imports at shutdown. */
void hw_upload_shutdown(void);

/* ---- metrics (server.c) ---- */
void hw_metrics_text(json_t *pUnused, char *zBuf, size_t nBuf, size_t *pn);

/* ---- web assets (assets.c, generated table) ---- */
/* The embedded file for a path ("/app.js"); NULL when none. */
const unsigned char *hw_asset(const char *zPath, size_t *pn, const char **pzType);

#endif
