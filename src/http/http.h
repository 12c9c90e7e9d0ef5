/*
 * http.h — hawser's HTTP face: the JSON API under /api/v1, the web screens
 * (web/ embedded at build time), /healthz and /metrics, on GNU libmicrohttpd.
 *
 * The server is a thin face over the same core functions as the CLI
 * (core/work.h, io/import.h, channels/outreach.h): each worker thread has its
 * own store connection and work context; writers queue on the store's
 * process-wide writer mutex. The opt-out links (/o/TOKEN) and calendar feeds
 * (/ical/SECRET.ics) that go out in email are served too, without a session.
 */
#ifndef HW_HTTP_HTTP_H
#define HW_HTTP_HTTP_H

#include "core/clock.h"
#include "core/hw.h"

typedef struct hw_http_opts {
	const char *zDb;       /* the SQLite file */
	const char *zListen;   /* "127.0.0.1:8080", "[::1]:8080", ":8080" */
	const hw_clock *pClock;
	int nThreads;          /* worker threads; 0: one per core */
	const char *zWebDir;   /* serve web/ from this folder instead (development) */
	const char *zDataDir;  /* where uploads are kept; NULL: DB path + ".uploads" */
	/* Seconds between runs of the periodic sending (hw_out_dispatch: due
	 * email, invitations, webhooks) on a thread of its own; 0: none. */
	int nSendEvery;
	/* Called once listening, with the port (0 chosen by the system). */
	void (*xReady)(void *pCtx, const char *zAddr, int iPort);
	void *pReadyCtx;
} hw_http_opts;

/* Serve until SIGTERM or SIGINT, then finish the requests in flight and
 * return HW_OK. Fails (pErr) when the address cannot be bound. */
hw_rc hw_http_serve(const hw_http_opts *pOpts, hw_err *pErr);

/* The routes the server answers, for the OpenAPI check. */
typedef struct hw_http_route_info {
	const char *zMethod; /* "GET" */
	const char *zPath;   /* "/api/v1/leads/{id}" */
} hw_http_route_info;

int hw_http_route_count(void);
void hw_http_route_at(int i, hw_http_route_info *pOut);
/* The embedded OpenAPI document (JSON text, NUL-terminated). */
const char *hw_http_openapi(void);

#endif
