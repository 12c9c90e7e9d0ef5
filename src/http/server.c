/*
 * server.c — the HTTP server: libmicrohttpd's thread pool on epoll, one store
 * connection per worker, the route table, request bodies (capped), answers,
 * the web assets, /metrics, and a graceful stop on SIGTERM (with the sending
 * thread, sender.c).
 *
 * A request goes: first call of the access handler (headers read) → route
 * matched, size checked, upload file opened → body calls (accumulated, or
 * streamed to the upload file) → last call: who asks (auth.c), may they
 * (role, CSRF), the JSON body parsed and checked → the handler answers.
 */
#include "http/http_int.h"

#include "channels/smtp.h"
#include "core/workjson.h"
#include "io/dnc_set.h"
#include "io/pdf.h"
#include "io/secret.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- the route table: openapi.json describes exactly these ---- */

const hw_route hw_routes[] = {
	{"GET", "/healthz", R_PUBLIC, hw_api_health},
	{"GET", "/metrics", R_PUBLIC | R_LOOPBACK, hw_api_metrics},
	{"GET", "/api/v1/openapi.json", R_PUBLIC, hw_api_openapi},
	{"POST", "/api/v1/login", R_PUBLIC | R_JSON, hw_auth_login},
	{"POST", "/api/v1/logout", 0, hw_auth_logout},
	{"GET", "/api/v1/me", 0, hw_auth_me},
	{"POST", "/api/v1/tokens", R_JSON, hw_auth_token},
	{"GET", "/api/v1/outcomes", 0, hw_api_outcomes},
	{"POST", "/api/v1/next", 0, hw_api_next},
	{"GET", "/api/v1/agenda", 0, hw_api_agenda},
	{"GET", "/api/v1/stats", 0, hw_api_stats},
	{"GET", "/api/v1/leads", 0, hw_api_leads},
	{"GET", "/api/v1/leads/{id}", 0, hw_api_lead},
	{"PATCH", "/api/v1/leads/{id}", R_JSON, hw_api_lead_edit},
	{"GET", "/api/v1/leads/{id}/why", 0, hw_api_why},
	{"POST", "/api/v1/leads/{id}/touches", R_JSON, hw_api_log},
	{"POST", "/api/v1/imports", R_MANAGER | R_UPLOAD, hw_api_import_start},
	{"GET", "/api/v1/imports", R_MANAGER, hw_api_imports},
	{"GET", "/api/v1/imports/{id}", R_MANAGER, hw_api_import},
	{"GET", "/api/v1/imports/{id}/rejects", R_MANAGER, hw_api_import_rejects},
	{"GET", "/api/v1/cadences", 0, hw_api_cadences},
	{"GET", "/api/v1/templates", 0, hw_api_templates},
	{"GET", "/api/v1/users", 0, hw_api_users},
	{"POST", "/api/v1/users", R_ADMIN | R_JSON, hw_api_user_add},
	{"PUT", "/api/v1/users/{id}/caller-id", R_ADMIN | R_JSON, hw_api_caller_id},
	{"GET", "/api/v1/dnc", 0, hw_api_dnc_check},
	{"POST", "/api/v1/dnc", R_MANAGER | R_JSON, hw_api_dnc_add},
	{"POST", "/api/v1/dnc/lift", R_ADMIN | R_JSON, hw_api_dnc_lift},
	{"POST", "/api/v1/dnc/loads", R_ADMIN | R_UPLOAD, hw_api_dnc_load},
	{"GET", "/api/v1/dnc/loads/{id}", R_ADMIN, hw_api_dnc_load_status},
	{"GET", "/api/v1/records", R_ADMIN, hw_api_records},
	/* follow-ups beyond the phone (api_out.c, api_setup.c) */
	{"GET", "/api/v1/tasks/{id}", 0, hw_api_task},
	{"POST", "/api/v1/tasks/{id}/done", R_JSONOPT, hw_api_task_done},
	{"POST", "/api/v1/notes/print", R_JSONOPT, hw_api_notes_print},
	{"POST", "/api/v1/me/calendar", 0, hw_api_calendar_link},
	{"GET", "/api/v1/outbox", 0, hw_api_outbox},
	{"GET", "/api/v1/webhooks", R_ADMIN, hw_api_webhooks},
	{"POST", "/api/v1/webhooks", R_ADMIN | R_JSON, hw_api_webhook_add},
	{"DELETE", "/api/v1/webhooks/{id}", R_ADMIN, hw_api_webhook_remove},
	{"GET", "/api/v1/webhooks/{id}/deliveries", R_ADMIN, hw_api_webhook_deliveries},
	{"GET", "/api/v1/mail", R_ADMIN, hw_api_mail},
	{"PUT", "/api/v1/mail", R_ADMIN | R_JSON, hw_api_mail_set},
	{"PUT", "/api/v1/users/{id}/profile", R_JSON, hw_api_profile},
	{"PUT", "/api/v1/templates/{name}", R_MANAGER | R_JSON, hw_api_template_set},
	/* in the email that goes out: no session. The opt-out POST carries no
	 * CSRF token: mail providers send it (RFC 8058 one-click), and it can
	 * only ever stop email to the address the link was made for. */
	{"GET", "/o/{token}", R_PUBLIC, hw_api_optout_page},
	{"POST", "/o/{token}", R_PUBLIC, hw_api_optout},
	{"GET", "/ical/{secret}.ics", R_PUBLIC, hw_api_ical},
};
const int hw_nroutes = (int)(sizeof hw_routes / sizeof hw_routes[0]);

int hw_http_route_count(void)
{
	return hw_nroutes;
}

void hw_http_route_at(int i, hw_http_route_info *pOut)
{
	pOut->zMethod = hw_routes[i].zMethod;
	pOut->zPath = hw_routes[i].zPath;
}

/* Does zUrl match zPath? "{id}": a positive integer (into *piId); any other
 * "{x}": 1 to HW_HTTP_PARAM_MAX-1 of [A-Za-z0-9_-] (into zParam), so a text
 * parameter never holds a '/', a '.' or anything to escape. */
static int path_match(const char *zPath, const char *zUrl, long long *piId,
		      char zParam[HW_HTTP_PARAM_MAX])
{
	while (*zPath && *zUrl) {
		if (strncmp(zPath, "{id}", 4) == 0) {
			long long v = 0;
			int n = 0;
			while (zUrl[n] >= '0' && zUrl[n] <= '9' && n < 18)
				v = v * 10 + (zUrl[n++] - '0');
			if (n == 0 || v <= 0 || (zUrl[n] && zUrl[n] != '/'))
				return 0;
			*piId = v;
			zPath += 4;
			zUrl += n;
			continue;
		}
		if (*zPath == '{') {
			const char *zEnd = strchr(zPath, '}');
			int n = 0;
			while (n < HW_HTTP_PARAM_MAX - 1 &&
			       ((zUrl[n] >= 'a' && zUrl[n] <= 'z') || (zUrl[n] >= 'A' && zUrl[n] <= 'Z') ||
				(zUrl[n] >= '0' && zUrl[n] <= '9') || zUrl[n] == '-' || zUrl[n] == '_'))
				n++;
			if (!zEnd || n == 0)
				return 0;
			memcpy(zParam, zUrl, (size_t)n);
			zParam[n] = 0;
			zPath = zEnd + 1;
			zUrl += n;
			continue;
		}
		if (*zPath++ != *zUrl++)
			return 0;
	}
	return *zPath == 0 && *zUrl == 0;
}

/* ---- metrics: counters per route and status class, a latency histogram ---- */

#define N_BUCKETS 11
static const double afBucketMs[N_BUCKETS] = {0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000};
#define N_ROUTE_SLOTS 128 /* routes, and the last for "none" */
static _Atomic long long anReq[N_ROUTE_SLOTS][6]; /* route x status class 1xx..5xx, other */
_Static_assert(sizeof hw_routes / sizeof hw_routes[0] < N_ROUTE_SLOTS,
	       "more routes than metrics slots: raise N_ROUTE_SLOTS");
static _Atomic long long anBucket[N_BUCKETS + 1];
static _Atomic long long nLatencyUs;
static _Atomic long long nInFlight;

static void metrics_count(const hw_route *pRoute, int iStatus, double fMs)
{
	int iRoute = pRoute ? (int)(pRoute - hw_routes) : N_ROUTE_SLOTS - 1;
	int iClass = iStatus >= 100 && iStatus < 600 ? iStatus / 100 - 1 : 5;
	int b = 0;
	atomic_fetch_add(&anReq[iRoute][iClass], 1);
	while (b < N_BUCKETS && fMs > afBucketMs[b])
		b++;
	atomic_fetch_add(&anBucket[b], 1);
	atomic_fetch_add(&nLatencyUs, (long long)(fMs * 1000));
}

void hw_api_metrics(hw_req *r)
{
	static const char *const azClass[6] = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};
	size_t nCap = 16384, n = 0;
	char *z = malloc(nCap);
	long long nCum = 0;
	if (!z) {
		hw_answer_error(r, 500, NULL, "out of memory");
		return;
	}
#define OUT(...) n += (size_t)snprintf(z + n, n < nCap ? nCap - n : 0, __VA_ARGS__)
	OUT("# HELP hawser_http_requests_total Requests answered, by route and status class.\n"
	    "# TYPE hawser_http_requests_total counter\n");
	for (int i = 0; i < N_ROUTE_SLOTS; i++)
		for (int c = 0; c < 6; c++) {
			long long v = atomic_load(&anReq[i][c]);
			if (!v)
				continue;
			if (i < hw_nroutes)
				OUT("hawser_http_requests_total{method=\"%s\",route=\"%s\",status=\"%s\"} "
				    "%lld\n",
				    hw_routes[i].zMethod, hw_routes[i].zPath, azClass[c], v);
			else
				OUT("hawser_http_requests_total{route=\"other\",status=\"%s\"} %lld\n",
				    azClass[c], v);
		}
	OUT("# HELP hawser_http_request_duration_seconds Time to answer a request.\n"
	    "# TYPE hawser_http_request_duration_seconds histogram\n");
	for (int b = 0; b <= N_BUCKETS; b++) {
		nCum += atomic_load(&anBucket[b]);
		if (b < N_BUCKETS)
			OUT("hawser_http_request_duration_seconds_bucket{le=\"%g\"} %lld\n",
			    afBucketMs[b] / 1000, nCum);
		else
			OUT("hawser_http_request_duration_seconds_bucket{le=\"+Inf\"} %lld\n", nCum);
	}
	OUT("hawser_http_request_duration_seconds_sum %.6f\n", atomic_load(&nLatencyUs) / 1e6);
	OUT("hawser_http_request_duration_seconds_count %lld\n", nCum);
	OUT("# HELP hawser_http_requests_in_flight Requests being answered now.\n"
	    "# TYPE hawser_http_requests_in_flight gauge\nhawser_http_requests_in_flight %lld\n",
	    atomic_load(&nInFlight));
#undef OUT
	hw_answer_text(r, 200, "text/plain; version=0.0.4", z, n < nCap ? n : nCap - 1);
	free(z);
}

/* ---- per-thread context ---- */

static pthread_key_t g_tkey;
static pthread_once_t g_tonce = PTHREAD_ONCE_INIT;

static void tctx_free(void *pv)
{
	hw_tctx *t = pv;
	if (t->bWork)
		hw_work_close(&t->work);
	hw_dnc_set_close(t->pDnc);
	hw_store_close(t->pStore);
	hw_policy_thread_cleanup();
	free(t);
}

static void tkey_make(void)
{
	pthread_key_create(&g_tkey, tctx_free);
}

static hw_tctx *tctx_get(hw_server *pSrv, hw_err *pErr)
{
	hw_tctx *t;
	pthread_once(&g_tonce, tkey_make);
	if ((t = pthread_getspecific(g_tkey)))
		return t;
	if (!(t = calloc(1, sizeof *t)))
		return NULL;
	if (hw_store_open(pSrv->pOpts->zDb, &t->pStore, pErr) != HW_OK) {
		free(t);
		return NULL;
	}
	pthread_setspecific(g_tkey, t);
	return t;
}

hw_work *hw_req_work(hw_req *r)
{
	hw_tctx *t = r->pT;
	struct timespec ts;
	hw_err err;
	hw_err_clear(&err);
	/* 'hawser dnc load' renames a new copy into place: look once a second */
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	if (!t->pDnc || ts.tv_sec != t->tDncLook) {
		hw_rc rc = t->pDnc ? hw_dnc_set_refresh(t->pDnc, &err)
				   : hw_dnc_set_open(r->pSrv->pOpts->zDb, &t->pDnc, &err);
		if (rc != HW_OK) {
			hw_answer_error(r, 500, NULL, "cannot map the do-not-call registry: %s",
					err.zMsg);
			return NULL;
		}
		t->tDncLook = ts.tv_sec;
		if (t->bWork)
			t->work.pRegistry = hw_dnc_set_registry(t->pDnc);
	}
	if (!r->pT->bWork) {
		if (hw_work_open(&r->pT->work, r->pT->pStore, r->pSrv->pOpts->pClock, &err) !=
		    HW_OK) {
			hw_answer_error(r, 500, NULL, "cannot load the rules: %s", err.zMsg);
			return NULL;
		}
		r->pT->bWork = 1;
		r->pT->work.pRegistry = hw_dnc_set_registry(t->pDnc);
	}
	return &r->pT->work;
}

/* ---- answers ---- */

static const char *status_code(int iStatus)
{
	switch (iStatus) {
	case 400: return "bad_request";
	case 401: return "unauthorized";
	case 403: return "forbidden";
	case 404: return "not_found";
	case 405: return "method_not_allowed";
	case 409: return "conflict";
	case 413: return "too_large";
	case 415: return "unsupported_media_type";
	case 422: return "unprocessable";
	case 429: return "too_many_requests";
	case 503: return "unavailable";
	default: return "internal";
	}
}

int hw_http_status(hw_rc rc)
{
	switch (rc) {
	case HW_OK: return 200;
	case HW_EUSAGE:
	case HW_EINVAL: return 400;
	case HW_ENOTFOUND: return 404;
	case HW_ECONFLICT: return 409;
	case HW_ESTORE: return 503;
	default: return 500;
	}
}

static void queue(hw_req *r, int iStatus, struct MHD_Response *pResp, const char *zType,
		  int bApi)
{
	if (r->bAnswered || !pResp) {
		if (pResp)
			MHD_destroy_response(pResp);
		return;
	}
	MHD_add_response_header(pResp, MHD_HTTP_HEADER_CONTENT_TYPE, zType);
	MHD_add_response_header(pResp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(pResp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(pResp, "X-Frame-Options", "DENY");
	MHD_add_response_header(pResp, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
				"base-uri 'none'; form-action 'self'");
	if (bApi)
		MHD_add_response_header(pResp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (r->zSetCookie[0])
		MHD_add_response_header(pResp, MHD_HTTP_HEADER_SET_COOKIE, r->zSetCookie);
	if (iStatus == 405) {
		char zAllow[64] = "";
		for (int i = 0; i < hw_nroutes; i++) {
			long long iId;
			char zParam[HW_HTTP_PARAM_MAX];
			if (path_match(hw_routes[i].zPath, r->zUrl, &iId, zParam) &&
			    strlen(zAllow) + 8 < sizeof zAllow)
				snprintf(zAllow + strlen(zAllow), sizeof zAllow - strlen(zAllow),
					 "%s%s", zAllow[0] ? ", " : "", hw_routes[i].zMethod);
		}
		MHD_add_response_header(pResp, MHD_HTTP_HEADER_ALLOW, zAllow[0] ? zAllow : "GET, HEAD");
	}
	if (iStatus == 429)
		MHD_add_response_header(pResp, MHD_HTTP_HEADER_RETRY_AFTER, "60");
	for (int i = 0; i < r->nHeader; i++)
		MHD_add_response_header(pResp, r->azHeader[i][0], r->azHeader[i][1]);
	MHD_queue_response(r->pConn, (unsigned)iStatus, pResp);
	MHD_destroy_response(pResp);
	r->bAnswered = 1;
	r->iStatus = iStatus;
}

void hw_answer_text(hw_req *r, int iStatus, const char *zType, const char *z, size_t n)
{
	struct MHD_Response *p =
		MHD_create_response_from_buffer(n, (void *)z, MHD_RESPMEM_MUST_COPY);
	queue(r, iStatus, p, zType, 1);
}

void hw_answer_json(hw_req *r, int iStatus, json_t *pBody)
{
	char *z;
	if (!pBody) {
		hw_answer_error(r, 500, NULL, "out of memory");
		return;
	}
	if (iStatus == 204) {
		json_decref(pBody);
		queue(r, 204, MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT),
		      "application/json", 1);
		return;
	}
	z = json_dumps(pBody, JSON_COMPACT);
	json_decref(pBody);
	if (!z) {
		queue(r, 500,
		      MHD_create_response_from_buffer(
			      sizeof "{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\"}}" - 1,
			      (void *)"{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\"}}",
			      MHD_RESPMEM_PERSISTENT),
		      "application/json", 1);
		return;
	}
	queue(r, iStatus, MHD_create_response_from_buffer(strlen(z), z, MHD_RESPMEM_MUST_FREE),
	      "application/json", 1);
}

void hw_answer_error(hw_req *r, int iStatus, const char *zField, const char *zFmt, ...)
{
	char zMsg[600];
	va_list ap;
	json_t *pE;
	va_start(ap, zFmt);
	vsnprintf(zMsg, sizeof zMsg, zFmt, ap);
	va_end(ap);
	pE = json_pack("{s:s,s:s}", "code", status_code(iStatus), "message", zMsg);
	if (pE && zField && zField[0])
		json_object_set_new(pE, "field", json_string(zField));
	hw_answer_json(r, iStatus, pE ? json_pack("{s:o}", "error", pE) : NULL);
}

int hw_body_str(hw_req *r, const char *zKey, size_t nMax, const char **pz)
{
	json_t *p = json_object_get(r->pJson, zKey); /* NULL when there is no body */
	*pz = NULL;
	if (!p || json_is_null(p))
		return 1;
	if (!json_is_string(p)) {
		hw_answer_error(r, 400, zKey, "'%s' must be a string", zKey);
		return 0;
	}
	if (json_string_length(p) > nMax || strlen(json_string_value(p)) != json_string_length(p)) {
		hw_answer_error(r, 400, zKey, "'%s' must be text of at most %zu bytes", zKey, nMax);
		return 0;
	}
	*pz = json_string_value(p);
	return 1;
}

int hw_body_keys_ok(hw_req *r, const char *const *azKey)
{
	const char *zKey;
	json_t *pVal;
	json_object_foreach(r->pJson, zKey, pVal)
	{
		char zList[200] = "";
		int k = 0;
		while (azKey[k] && strcmp(azKey[k], zKey) != 0)
			k++;
		if (azKey[k])
			continue;
		for (k = 0; azKey[k]; k++)
			snprintf(zList + strlen(zList), sizeof zList - strlen(zList), "%s%s",
				 k ? ", " : "", azKey[k]);
		hw_answer_error(r, 400, zKey, "'%.100s' is not taken here: only %s", zKey, zList);
		return 0;
	}
	return 1;
}

void hw_answer_rc(hw_req *r, hw_rc rc, const hw_err *pErr)
{
	const char *zMsg = pErr && pErr->zMsg[0] ? pErr->zMsg : "the request failed";
	hw_answer_error(r, hw_http_status(rc), pErr ? pErr->zField : NULL, "%s", zMsg);
}

void hw_answer_err_at(hw_req *r, int iStatus, const hw_err *pErr)
{
	json_t *pE = json_pack("{s:s,s:s}", "code", status_code(iStatus), "message",
			       pErr->zMsg[0] ? pErr->zMsg : "the request failed");
	if (pE && pErr->zField[0])
		json_object_set_new(pE, "field", json_string(pErr->zField));
	if (pE && pErr->zFile[0])
		json_object_set_new(pE, "where", json_string(pErr->zFile));
	if (pE && pErr->iLine)
		json_object_set_new(pE, "line", json_integer(pErr->iLine));
	if (pE && pErr->iCol)
		json_object_set_new(pE, "column", json_integer(pErr->iCol));
	hw_answer_json(r, iStatus, pE ? json_pack("{s:o}", "error", pE) : NULL);
}

void hw_answer_header(hw_req *r, const char *zName, const char *zFmt, ...)
{
	va_list ap;
	if (r->nHeader >= HW_HTTP_EXTRA_HEADERS)
		return;
	snprintf(r->azHeader[r->nHeader][0], sizeof r->azHeader[0][0], "%s", zName);
	va_start(ap, zFmt);
	vsnprintf(r->azHeader[r->nHeader][1], sizeof r->azHeader[0][1], zFmt, ap);
	va_end(ap);
	r->nHeader++;
}

void hw_answer_file(hw_req *r, const char *zType, const char *zPath, const char *zName)
{
	int fd = open(zPath, O_RDONLY | O_CLOEXEC);
	struct stat st;
	struct MHD_Response *p;
	char zDisp[128];
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		hw_answer_error(r, 404, NULL, "the file is gone");
		return;
	}
	/* the response owns fd from here */
	if (!(p = MHD_create_response_from_fd((uint64_t)st.st_size, fd))) {
		close(fd);
		hw_answer_error(r, 500, NULL, "out of memory");
		return;
	}
	snprintf(zDisp, sizeof zDisp, "attachment; filename=\"%s\"", zName);
	MHD_add_response_header(p, "Content-Disposition", zDisp);
	queue(r, 200, p, zType, 1);
}

const char *hw_query(hw_req *r, const char *zName)
{
	return MHD_lookup_connection_value(r->pConn, MHD_GET_ARGUMENT_KIND, zName);
}

/* ---- static web files ---- */

static const char *type_of(const char *zPath)
{
	const char *zDot = strrchr(zPath, '.');
	if (!zDot)
		return "application/octet-stream";
	if (!strcmp(zDot, ".html"))
		return "text/html; charset=utf-8";
	if (!strcmp(zDot, ".js") || !strcmp(zDot, ".mjs"))
		return "text/javascript; charset=utf-8";
	if (!strcmp(zDot, ".css"))
		return "text/css; charset=utf-8";
	if (!strcmp(zDot, ".svg"))
		return "image/svg+xml";
	if (!strcmp(zDot, ".json"))
		return "application/json";
	if (!strcmp(zDot, ".png"))
		return "image/png";
	if (!strcmp(zDot, ".ico"))
		return "image/x-icon";
	return "text/plain; charset=utf-8";
}

/* A web path is letters, digits, '-', '_', '.', '/' with no "..": nothing
 * else can name a file, on disk or in the table. */
static int web_path_ok(const char *z)
{
	if (z[0] != '/' || strstr(z, "..") || strstr(z, "//") || strlen(z) > 200)
		return 0;
	for (; *z; z++)
		if (!((*z >= 'a' && *z <= 'z') || (*z >= 'A' && *z <= 'Z') ||
		      (*z >= '0' && *z <= '9') || *z == '-' || *z == '_' || *z == '.' || *z == '/'))
			return 0;
	return 1;
}

/* The web file zPath (checked by web_path_ok) with the status. */
static void web_file(hw_req *r, const char *zPath, int iStatus)
{
	const unsigned char *p;
	size_t n;
	const char *zType;
	struct MHD_Response *pResp;

	if (!web_path_ok(zPath)) {
		hw_answer_error(r, 404, NULL, "no such file");
		return;
	}
	if (r->pSrv->pOpts->zWebDir) {
		char zFile[1024];
		FILE *f;
		long nLen;
		char *pBuf;
		snprintf(zFile, sizeof zFile, "%s%s", r->pSrv->pOpts->zWebDir, zPath);
		if (!(f = fopen(zFile, "rb"))) {
			hw_answer_error(r, 404, NULL, "no such file");
			return;
		}
		fseek(f, 0, SEEK_END);
		nLen = ftell(f);
		rewind(f);
		pBuf = malloc(nLen > 0 ? (size_t)nLen : 1);
		if (!pBuf || fread(pBuf, 1, (size_t)nLen, f) != (size_t)nLen) {
			free(pBuf);
			fclose(f);
			hw_answer_error(r, 500, NULL, "cannot read %s", zPath);
			return;
		}
		fclose(f);
		queue(r, iStatus,
		      MHD_create_response_from_buffer((size_t)nLen, pBuf, MHD_RESPMEM_MUST_FREE),
		      type_of(zPath), 0);
		return;
	}
	if (!(p = hw_asset(zPath, &n, &zType))) {
		hw_answer_error(r, 404, NULL, "no such file");
		return;
	}
	pResp = MHD_create_response_from_buffer(n, (void *)p, MHD_RESPMEM_PERSISTENT);
	queue(r, iStatus, pResp, zType ? zType : type_of(zPath), 0);
}

void hw_answer_page(hw_req *r, int iStatus, const char *zPath)
{
	web_file(r, zPath, iStatus);
}

static void serve_web(hw_req *r)
{
	if (strcmp(r->zMethod, "GET") && strcmp(r->zMethod, "HEAD")) {
		hw_answer_error(r, 405, NULL, "%s %s: only GET", r->zMethod, r->zUrl);
		return;
	}
	web_file(r, strcmp(r->zUrl, "/") == 0 ? "/index.html" : r->zUrl, 200);
}

/* ---- the request lifecycle ---- */

/* Nesting depth of a JSON text (outside strings); jansson's own limit is
 * 2048, far deeper than any request of ours. */
static int json_depth(const char *z, size_t n)
{
	int d = 0, dMax = 0, bStr = 0;
	for (size_t i = 0; i < n; i++) {
		char c = z[i];
		if (bStr) {
			if (c == '\\')
				i++;
			else if (c == '"')
				bStr = 0;
		} else if (c == '"') {
			bStr = 1;
		} else if (c == '{' || c == '[') {
			if (++d > dMax)
				dMax = d;
		} else if (c == '}' || c == ']') {
			d--;
		}
	}
	return dMax;
}

static int is_loopback(hw_req *r)
{
	const union MHD_ConnectionInfo *pI =
		MHD_get_connection_info(r->pConn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = pI ? pI->client_addr : NULL;
	if (!sa)
		return 0;
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)sa)->sin6_addr);
	return 0;
}

static void client_addr(hw_req *r)
{
	const union MHD_ConnectionInfo *pI =
		MHD_get_connection_info(r->pConn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = pI ? pI->client_addr : NULL;
	snprintf(r->zClient, sizeof r->zClient, "?");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->zClient,
			  sizeof r->zClient);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, r->zClient,
			  sizeof r->zClient);
}

static void dispatch(hw_req *r)
{
	const hw_route *p = r->pRoute;
	hw_err err;

	hw_err_clear(&err);
	if (!p) {
		serve_web(r);
		return;
	}
	if ((p->mFlags & R_LOOPBACK) && !is_loopback(r)) {
		hw_answer_error(r, 403, NULL, "%s is served only to this machine", p->zPath);
		return;
	}
	if (!(r->pT = tctx_get(r->pSrv, &err))) {
		hw_answer_error(r, 503, NULL, "the database is not available: %s", err.zMsg);
		return;
	}
	r->tNow = hw_clock_now(r->pSrv->pOpts->pClock);
	if (!(p->mFlags & R_PUBLIC)) {
		if (!hw_auth_identify(r)) {
			if (!r->bAnswered)
				hw_answer_error(r, 401, NULL,
						"sign in first: POST /api/v1/login, or send "
						"'Authorization: Bearer TOKEN'");
			return;
		}
		if (!hw_auth_csrf_ok(r)) {
			hw_answer_error(r, 403, "X-CSRF-Token",
					"a signed-in form must carry the X-CSRF-Token header "
					"that login returned");
			return;
		}
		if (((p->mFlags & R_ADMIN) && r->eRole != HW_ROLE_ADMIN) ||
		    ((p->mFlags & R_MANAGER) && r->eRole == HW_ROLE_REP)) {
			hw_answer_error(r, 403, NULL, "%s %s is for %s", p->zMethod, p->zPath,
					(p->mFlags & R_ADMIN) ? "admins" : "managers and admins");
			return;
		}
	}
	if (((p->mFlags & R_JSON) || ((p->mFlags & R_JSONOPT) && r->nBody)) &&
	    !r->pJson) { /* parsed already when resumed */
		const char *zType = MHD_lookup_connection_value(r->pConn, MHD_HEADER_KIND,
								MHD_HTTP_HEADER_CONTENT_TYPE);
		json_error_t je;
		if (!zType || strncasecmp(zType, "application/json", 16) != 0) {
			hw_answer_error(r, 415, "Content-Type",
					"send the body as JSON with 'Content-Type: application/json'");
			return;
		}
		if (json_depth(r->pBody ? r->pBody : "", r->nBody) > HW_HTTP_JSON_DEPTH) {
			hw_answer_error(r, 400, NULL, "the JSON body nests deeper than %d levels",
					HW_HTTP_JSON_DEPTH);
			return;
		}
		r->pJson = json_loadb(r->pBody ? r->pBody : "", r->nBody, JSON_REJECT_DUPLICATES, &je);
		if (!r->pJson) {
			hw_answer_error(r, 400, NULL, "the body is not valid JSON: %s at line %d, column %d",
					je.text, je.line, je.column);
			return;
		}
		if (!json_is_object(r->pJson)) {
			hw_answer_error(r, 400, NULL, "the body must be a JSON object");
			return;
		}
	}
	p->xHandler(r);
	if (!r->bAnswered && !r->bSuspended)
		hw_answer_error(r, 500, NULL, "no answer: a bug in %s %s", p->zMethod, p->zPath);
}

typedef struct req_wrap {
	hw_req r;
	struct timespec t0;
} req_wrap;

static void req_free(req_wrap *w)
{
	if (!w)
		return;
	if (w->r.pUpload) {
		fclose(w->r.pUpload);
		w->r.pUpload = NULL;
	}
	if (w->r.zUpload[0])
		unlink(w->r.zUpload); /* the import thread took its own copy, or it failed */
	hw_auth_release(&w->r);
	json_decref(w->r.pJson);
	free(w->r.pBody);
	free(w);
}

static void completed(void *pCls, struct MHD_Connection *pConn, void **ppCon,
		      enum MHD_RequestTerminationCode e)
{
	req_wrap *w = *ppCon;
	struct timespec t1;
	(void)pCls, (void)pConn, (void)e;
	if (!w)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	metrics_count(w->r.pRoute, w->r.bAnswered ? w->r.iStatus : 0,
		      (t1.tv_sec - w->t0.tv_sec) * 1e3 + (t1.tv_nsec - w->t0.tv_nsec) / 1e6);
	atomic_fetch_sub(&nInFlight, 1);
	req_free(w);
	*ppCon = NULL;
}

static enum MHD_Result access_cb(void *pCls, struct MHD_Connection *pConn, const char *zUrl,
				 const char *zMethod, const char *zVersion, const char *pData,
				 size_t *pnData, void **ppCon)
{
	hw_server *pSrv = pCls;
	req_wrap *w = *ppCon;
	hw_req *r;
	(void)zVersion;

	if (!w) {
		const char *zLen;
		int bPathKnown = 0;
		if (!(w = calloc(1, sizeof *w)))
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &w->t0);
		atomic_fetch_add(&nInFlight, 1);
		*ppCon = w;
		r = &w->r;
		r->pSrv = pSrv;
		r->pConn = pConn;
		r->zMethod = zMethod;
		r->zUrl = zUrl;
		client_addr(r);
		for (int i = 0; i < hw_nroutes; i++) {
			long long iId = 0;
			char zParam[HW_HTTP_PARAM_MAX] = "";
			if (!path_match(hw_routes[i].zPath, zUrl, &iId, zParam))
				continue;
			bPathKnown = 1;
			if (strcmp(hw_routes[i].zMethod, zMethod) == 0 ||
			    (strcmp(zMethod, "HEAD") == 0 && strcmp(hw_routes[i].zMethod, "GET") == 0)) {
				r->pRoute = &hw_routes[i];
				r->iId = iId;
				memcpy(r->zParam, zParam, sizeof zParam);
				break;
			}
		}
		if (!r->pRoute && (bPathKnown || strncmp(zUrl, "/api/", 5) == 0)) {
			if (bPathKnown)
				hw_answer_error(r, 405, NULL, "%s is not allowed on %s", zMethod, zUrl);
			else
				hw_answer_error(r, 404, NULL, "no route %s %s; see /api/v1/openapi.json",
						zMethod, zUrl);
			return MHD_YES;
		}
		zLen = MHD_lookup_connection_value(pConn, MHD_HEADER_KIND,
						   MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (zLen) {
			unsigned long long n = strtoull(zLen, NULL, 10);
			size_t nMax = r->pRoute && (r->pRoute->mFlags & R_UPLOAD) ? HW_HTTP_UPLOAD_MAX
										 : HW_HTTP_JSON_MAX;
			if (n > nMax) {
				hw_answer_error(r, 413, NULL, "the body is %llu bytes; at most %zu here", n,
						nMax);
				return MHD_YES;
			}
		}
		if (r->pRoute && (r->pRoute->mFlags & R_UPLOAD)) {
			int fd;
			snprintf(r->zUpload, sizeof r->zUpload, "%s/upload-XXXXXX", pSrv->zDataDir);
			if ((fd = mkstemp(r->zUpload)) < 0 || !(r->pUpload = fdopen(fd, "wb"))) {
				if (fd >= 0)
					close(fd);
				hw_answer_error(r, 500, NULL, "cannot store the upload in %s: %s",
						pSrv->zDataDir, strerror(errno));
				r->zUpload[0] = 0;
				return MHD_YES;
			}
		}
		return MHD_YES;
	}
	r = &w->r;
	if (*pnData) {
		size_t n = *pnData;
		*pnData = 0;
		if (r->bAnswered || r->bTooLarge)
			return MHD_YES; /* an early answer: the rest of the body is dropped */
		if (r->pUpload) {
			if (r->nBody + n > HW_HTTP_UPLOAD_MAX)
				r->bTooLarge = 1;
			else if (fwrite(pData, 1, n, r->pUpload) != n)
				r->bTooLarge = 2;
			r->nBody += n;
			return MHD_YES;
		}
		if (r->nBody + n > HW_HTTP_JSON_MAX) {
			r->bTooLarge = 1;
			return MHD_YES;
		}
		if (r->nBody + n + 1 > r->nCap) {
			size_t nNew = (r->nBody + n + 1) * 2;
			char *p = realloc(r->pBody, nNew);
			if (!p)
				return MHD_NO;
			r->pBody = p;
			r->nCap = nNew;
		}
		memcpy(r->pBody + r->nBody, pData, n);
		r->nBody += n;
		r->pBody[r->nBody] = 0;
		return MHD_YES;
	}
	if (r->bAnswered)
		return MHD_YES;
	if (r->bTooLarge) {
		hw_answer_error(r, r->bTooLarge == 2 ? 507 : 413, NULL,
				r->bTooLarge == 2 ? "cannot store the upload: disk full?"
						  : "the body is larger than this route takes");
		return MHD_YES;
	}
	if (r->pUpload && fflush(r->pUpload) != 0) {
		hw_answer_error(r, 507, NULL, "cannot store the upload: %s", strerror(errno));
		return MHD_YES;
	}
	dispatch(r);
	return MHD_YES;
}

/* ---- start and stop ---- */

static int parse_listen(const char *z, struct sockaddr_storage *pSa, socklen_t *pn, int *pbV6)
{
	char zHost[128];
	const char *zColon = strrchr(z, ':');
	long iPort;
	char *zEnd;
	memset(pSa, 0, sizeof *pSa);
	if (!zColon || (size_t)(zColon - z) >= sizeof zHost)
		return 0;
	iPort = strtol(zColon + 1, &zEnd, 10);
	if (*zEnd || iPort < 0 || iPort > 65535 || zColon[1] == 0)
		return 0;
	memcpy(zHost, z, (size_t)(zColon - z));
	zHost[zColon - z] = 0;
	if (zHost[0] == '[' && zHost[strlen(zHost) - 1] == ']') {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)pSa;
		zHost[strlen(zHost) - 1] = 0;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)iPort);
		*pn = sizeof *s6;
		*pbV6 = 1;
		return inet_pton(AF_INET6, zHost + 1, &s6->sin6_addr) == 1;
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)pSa;
	s4->sin_family = AF_INET;
	s4->sin_port = htons((uint16_t)iPort);
	*pn = sizeof *s4;
	*pbV6 = 0;
	if (!zHost[0]) {
		s4->sin_addr.s_addr = htonl(INADDR_ANY);
		return 1;
	}
	return inet_pton(AF_INET, zHost, &s4->sin_addr) == 1;
}

hw_rc hw_http_serve(const hw_http_opts *pOpts, hw_err *pErr)
{
	hw_server srv;
	struct sockaddr_storage sa;
	socklen_t nSa;
	int bV6, nThreads = pOpts->nThreads, sig;
	sigset_t set, old;
	const union MHD_DaemonInfo *pInfo;
	char zHost[64];

	memset(&srv, 0, sizeof srv);
	srv.pOpts = pOpts;
	if (!parse_listen(pOpts->zListen, &sa, &nSa, &bV6)) {
		hw_err_at(pErr, NULL, 0, 0, "listen",
			  "'%s' is not an address to listen on: use HOST:PORT, e.g. 127.0.0.1:8080",
			  pOpts->zListen);
		return HW_EUSAGE;
	}
	if (hw_secret_init() != HW_OK) {
		hw_err_set(pErr, "libsodium could not start");
		return HW_EINTERNAL;
	}
	if (pOpts->zDataDir)
		snprintf(srv.zDataDir, sizeof srv.zDataDir, "%s", pOpts->zDataDir);
	else
		snprintf(srv.zDataDir, sizeof srv.zDataDir, "%s.uploads", pOpts->zDb);
	if (mkdir(srv.zDataDir, 0700) != 0 && errno != EEXIST) {
		hw_err_at(pErr, srv.zDataDir, 0, 0, NULL, "cannot create the upload folder: %s",
			  strerror(errno));
		return HW_EIO;
	}
	if (nThreads <= 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		nThreads = n > 0 && n < 64 ? (int)n : 2;
	}
	/* libcurl (email, webhooks) starts once, before any thread */
	hw_smtp_global_init();
	/* The workers inherit a mask without SIGTERM/SIGINT: this thread waits
	 * for them below. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	signal(SIGPIPE, SIG_IGN);
	srv.pDaemon = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_USE_ITC |
			MHD_ALLOW_SUSPEND_RESUME |
			(bV6 ? MHD_USE_IPv6 : 0),
		0, NULL, NULL, access_cb, &srv,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		/* one thread: no pool (the option would only draw a warning) */
		nThreads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_CONNECTION_LIMIT,
		(unsigned)(nThreads > 1 ? nThreads : 2000), MHD_OPTION_CONNECTION_TIMEOUT,
		(unsigned)15, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)2000, MHD_OPTION_LISTEN_BACKLOG_SIZE,
		(unsigned)1024, MHD_OPTION_NOTIFY_COMPLETED, completed, &srv,
		 MHD_OPTION_END);
	if (!srv.pDaemon) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		hw_err_at(pErr, NULL, 0, 0, "listen",
			  "cannot listen on %s (in use, or not an address of this machine); try "
			  "another port with --listen",
			  pOpts->zListen);
		return HW_EIO;
	}
	if (pOpts->nSendEvery > 0 && hw_sender_start(pOpts, pErr) != HW_OK) {
		MHD_stop_daemon(srv.pDaemon);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return HW_EINTERNAL;
	}
	pInfo = MHD_get_daemon_info(srv.pDaemon, MHD_DAEMON_INFO_BIND_PORT);
	snprintf(zHost, sizeof zHost, "%.*s", (int)(strrchr(pOpts->zListen, ':') - pOpts->zListen),
		 pOpts->zListen);
	if (pOpts->xReady)
		pOpts->xReady(pOpts->pReadyCtx, zHost[0] ? zHost : "0.0.0.0", pInfo ? pInfo->port : 0);
	while (sigwait(&set, &sig) != 0)
		;
	/* Stop accepting, let the requests in flight finish (up to 10 s). */
	MHD_quiesce_daemon(srv.pDaemon);
	for (int i = 0; i < 1000 && atomic_load(&nInFlight) > 0; i++)
		usleep(10000);
	hw_sender_stop();
	hw_upload_shutdown();
	hw_dnc_load_shutdown();
	MHD_stop_daemon(srv.pDaemon);
	hw_pdf_shutdown(); /* every worker that printed notes has stopped */
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return HW_OK;
}
