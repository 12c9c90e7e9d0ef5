/*
 * cmd_serve.c — 'hawser serve': the HTTP API and the web screens
 * (src/http/), and the periodic sending (`hawser send`'s work) on a thread
 * of its own. Runs until SIGTERM or SIGINT, then stops gracefully.
 */
#include "cli/cli.h"
#include "http/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct serve_ctx {
	hw_cli *pCli;
	const char *zListen;
} serve_ctx;

static void ready(void *pv, const char *zAddr, int iPort)
{
	serve_ctx *c = pv;
	if (c->pCli->bJson)
		printf("{\"listening\":\"%s:%d\",\"url\":\"http://%s:%d/\"}\n", zAddr, iPort, zAddr, iPort);
	else
		printf("hawser serving %s on http://%s:%d/ (stop with Ctrl-C)\n", c->pCli->zDb, zAddr,
		       iPort);
	fflush(stdout);
}

/* --now: the server's clock starts there and runs on with the wall clock. */
typedef struct offset_clock {
	hw_time tOffset;
} offset_clock;

static hw_time offset_now(void *pv)
{
	return (hw_time)time(NULL) + ((offset_clock *)pv)->tOffset;
}

int hw_cmd_serve(hw_cli *pCli)
{
	const char *zListen = "127.0.0.1:8080", *zThreads = NULL, *zWeb = NULL, *zData = NULL,
		   *zSend = NULL;
	hw_http_opts o = {0};
	offset_clock oc = {0};
	hw_clock clock;
	serve_ctx c;
	hw_err err;
	hw_rc rc;

	for (int i = 1; i < pCli->argc; i++) {
		int r;
		if ((r = hw_cli_opt(pCli, &i, "--listen", &zListen)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--threads", &zThreads)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--web-dir", &zWeb)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--data-dir", &zData)) == 0 &&
		    (r = hw_cli_opt(pCli, &i, "--send-every", &zSend)) == 0)
			return hw_cli_usage(pCli, "serve: unknown argument '%s'; usage: hawser serve "
						  "[--listen HOST:PORT] [--threads N] "
						  "[--send-every SECONDS (default 15; 0: no sending)]",
					    pCli->argv[i]);
		if (r < 0)
			return hw_cli_exit_code(HW_EUSAGE);
	}
	if (zThreads) {
		char *zEnd;
		long v = strtol(zThreads, &zEnd, 10);
		if (*zEnd || v < 1 || v > 64)
			return hw_cli_usage(pCli, "serve: --threads '%s': 1 to 64", zThreads);
		o.nThreads = (int)v;
	}
	/* due email, invitations and webhooks go out from the server itself,
	 * as `hawser send --every` would */
	o.nSendEvery = 15;
	if (zSend) {
		char *zEnd;
		long v = strtol(zSend, &zEnd, 10);
		if (!*zSend || *zEnd || v < 0 || v > 86400)
			return hw_cli_usage(pCli, "serve: --send-every '%s': seconds, 0 (no sending) to "
						  "86400",
					    zSend);
		o.nSendEvery = (int)v;
	}
	clock.xNow = offset_now;
	clock.pCtx = &oc;
	if (pCli->tNow)
		oc.tOffset = pCli->tNow - (hw_time)time(NULL);
	c.pCli = pCli;
	c.zListen = zListen;
	o.zDb = pCli->zDb;
	o.zListen = zListen;
	o.pClock = &clock;
	o.zWebDir = zWeb;
	o.zDataDir = zData;
	o.xReady = ready;
	o.pReadyCtx = &c;
	hw_err_clear(&err);
	/* open (and migrate) the store once, so a bad --db fails here, clearly */
	{
		hw_store *s;
		if (hw_cli_open_store(pCli, &s) != HW_OK)
			return hw_cli_exit_code(HW_ESTORE);
		hw_store_close(s);
	}
	if ((rc = hw_http_serve(&o, &err)) != HW_OK)
		return hw_cli_fail(pCli, rc, &err);
	if (!pCli->bJson)
		printf("hawser stopped\n");
	return 0;
}
