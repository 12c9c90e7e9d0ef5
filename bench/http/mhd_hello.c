/*
 * mhd_hello.c — the baseline of bench/http's trivial endpoint: libmicrohttpd
 * alone, configured as 'hawser serve' configures it (src/http/server.c: a
 * thread pool on epoll, 15 s connection timeout, 64 KiB per connection,
 * 2,000 connections, backlog 1024), answering every request with the bytes
 * hawser's GET /healthz answers: the same status, headers and body. No
 * routing, no per-request context, no JSON library. So hawser / mhd_hello is
 * what hawser's own request handling costs over the library it runs on.
 *
 *   cc -O2 -o mhd_hello bench/http/mhd_hello.c $(pkg-config --cflags --libs libmicrohttpd)
 *   ./mhd_hello THREADS      prints "mhd_hello on http://127.0.0.1:PORT/", runs until SIGTERM
 */
#include <microhttpd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if MHD_VERSION < 0x00097002
typedef int MHD_RESULT;
#else
typedef enum MHD_Result MHD_RESULT;
#endif

static const char zBody[] = "{\"ok\":true,\"version\":\"0.1.0\"}";

static MHD_RESULT answer(void *cls, struct MHD_Connection *conn, const char *url,
			 const char *method, const char *version, const char *upload_data,
			 size_t *upload_data_size, void **con_cls)
{
	struct MHD_Response *r;
	MHD_RESULT rc;
	(void)cls, (void)url, (void)method, (void)version, (void)upload_data;
	if (*con_cls == NULL) { /* headers read; answer on the next call, as hawser does */
		*con_cls = (void *)1;
		return MHD_YES;
	}
	if (*upload_data_size) { /* ignore any body */
		*upload_data_size = 0;
		return MHD_YES;
	}
	r = MHD_create_response_from_buffer(sizeof zBody - 1, (void *)zBody, MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
				"base-uri 'none'; form-action 'self'");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	rc = MHD_queue_response(conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return rc;
}

int main(int argc, char **argv)
{
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	unsigned nThreads = argc > 1 ? (unsigned)atoi(argv[1]) : 2;
	struct sockaddr_in sa;
	sigset_t set;
	int sig;

	if (nThreads < 1 || nThreads > 64) {
		fprintf(stderr, "usage: mhd_hello THREADS (1 to 64)\n");
		return 2;
	}
	memset(&sa, 0, sizeof sa); /* 127.0.0.1, any free port */
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0,
			     NULL, NULL, answer, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
			     MHD_OPTION_THREAD_POOL_SIZE, nThreads, MHD_OPTION_CONNECTION_TIMEOUT,
			     (unsigned)15, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)2000,
			     MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "mhd_hello: cannot start the daemon\n");
		return 1;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("mhd_hello on http://127.0.0.1:%u/\n", info ? (unsigned)info->port : 0);
	fflush(stdout);
	while (sigwait(&set, &sig) != 0)
		;
	MHD_stop_daemon(d);
	return 0;
}
