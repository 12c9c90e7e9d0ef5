/*
 * test_smtp.c — sales email. Building: every bad field is refused by name, a
 * line break (CRLF, lone LF, lone CR) in every header field too (header
 * injection); non-ASCII names and subjects are encoded and Python's email
 * package decodes them back; headers stay under 78 columns and
 * quoted-printable lines under 76; the body decodes back byte for byte; an
 * invitation adds exactly a text/calendar part. Delivery, to a real SMTP
 * server on loopback (tests/e2e/smtpd.py, three of them started at once):
 * what arrives is exactly what was built (so lines starting with "." survive
 * libcurl's dot stuffing) with the right envelope; AUTH with right and wrong
 * credentials; STARTTLS with a certificate made for the run; STARTTLS
 * required but not offered, a refused (550) and a deferred (451) recipient, no
 * server, a server that never answers. Nothing leaves 127.0.0.1.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "channels/smtp.h"

#include <arpa/inet.h>	/* htonl */
#include <dirent.h>	/* opendir */
#include <fcntl.h>	/* open */
#include <jansson.h>	/* smtpd.py's JSON */
#include <limits.h>	/* PATH_MAX */
#include <netinet/in.h> /* sockaddr_in */
#include <signal.h>	/* kill */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h> /* PR_SET_PDEATHSIG */
#include <sys/socket.h>
#include <sys/stat.h> /* mkdir */
#include <sys/wait.h> /* waitpid */
#include <time.h>     /* nanosleep, clock_gettime */
#include <unistd.h>

#define PYTHON "/usr/bin/python3"
#define T_DATE 1735787045 /* Thu, 02 Jan 2025 03:04:05 +0000 */

typedef struct server {
	const char *zName;
	pid_t pid;
	int iPort;
	char zDir[128];
	char zUrl[64];
} server;

enum { SRV_PLAIN, SRV_AUTH, SRV_TLS, N_SRV };

static struct {
	char zRoot[PATH_MAX];
	char zSmtpd[PATH_MAX + 32];
	char zTmp[64];
	int nBuilt;
	server aSrv[N_SRV];
} g = {.zTmp = "/tmp/hawser-test-smtp-XXXXXX",
       .aSrv = {{.zName = "plain"}, {.zName = "auth"}, {.zName = "tls"}}};

/* ---- processes ---- */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void nap(void)
{
	struct timespec ts = {0, 10 * 1000 * 1000};
	nanosleep(&ts, NULL);
}

/* Start argv with stdout to fdOut (-1: zLog, or /dev/null when NULL); the
 * child dies with us, so a crashed test leaves no server behind. */
static pid_t spawn(const char *const *azArgv, int fdOut, const char *zLog)
{
	pid_t parent = getpid(), pid = fork();
	if (pid != 0)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(126);
	int fd = open(zLog ? zLog : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fdOut >= 0 ? fdOut : fd, 1);
	dup2(fd, 2);
	execv(azArgv[0], (char *const *)azArgv);
	_exit(127);
}

static int run(const char *const *azArgv)
{
	int st;
	pid_t pid = spawn(azArgv, -1, NULL);
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* argv's stdout, NUL-terminated; malloc'd. */
static char *capture(const char *const *azArgv)
{
	int aFd[2], st;
	size_t n = 0, nAlloc = 1 << 16;
	char *z = malloc(nAlloc);
	assert_non_null(z);
	assert_int_equal(pipe(aFd), 0);
	pid_t pid = spawn(azArgv, aFd[1], NULL);
	close(aFd[1]);
	for (;;) {
		if (n + 1 == nAlloc)
			assert_non_null(z = realloc(z, nAlloc *= 2));
		ssize_t k = read(aFd[0], z + n, nAlloc - n - 1);
		if (k <= 0)
			break;
		n += (size_t)k;
	}
	close(aFd[0]);
	z[n] = 0;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return z;
}

static int free_port(int bListen, int *pFd)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t n = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &n) != 0 || (bListen && listen(fd, 8) != 0))
		return -1;
	if (pFd)
		*pFd = fd;
	else
		close(fd);
	return ntohs(sa.sin_port);
}

/* smtpd.py on a port of its choosing (--port 0: no race for a free port). */
static int server_start(server *s, const char *const *azExtra)
{
	const char *azArgv[16] = {PYTHON, g.zSmtpd, "--port", "0", "--dir", s->zDir};
	char zLog[192];
	int n = 6;
	snprintf(s->zDir, sizeof s->zDir, "%s/%s", g.zTmp, s->zName);
	snprintf(zLog, sizeof zLog, "%s/%s.log", g.zTmp, s->zName);
	if (mkdir(s->zDir, 0700) != 0)
		return -1;
	while (azExtra && *azExtra)
		azArgv[n++] = *azExtra++;
	s->pid = spawn(azArgv, -1, zLog);
	return s->pid > 0 ? 0 : -1;
}

static int server_wait(server *s)
{
	char zReady[192];
	snprintf(zReady, sizeof zReady, "%s/ready", s->zDir);
	for (double t0 = now(); now() - t0 < 15;) {
		FILE *f = fopen(zReady, "r");
		if (f) {
			int bOk = fscanf(f, "%d", &s->iPort) == 1;
			fclose(f);
			snprintf(s->zUrl, sizeof s->zUrl, "smtp://127.0.0.1:%d", s->iPort);
			return bOk ? 0 : -1;
		}
		if (waitpid(s->pid, NULL, WNOHANG) == s->pid) {
			fprintf(stderr, "smtpd.py %s exited; see %s/%s.log\n", s->zName, g.zTmp,
				s->zName);
			s->pid = 0;
			return -1;
		}
		nap();
	}
	return -1;
}

static void server_stop(server *s)
{
	if (s->pid <= 0)
		return;
	kill(s->pid, SIGTERM);
	for (double t0 = now(); now() - t0 < 3; nap())
		if (waitpid(s->pid, NULL, WNOHANG) == s->pid) {
			s->pid = 0;
			return;
		}
	kill(s->pid, SIGKILL);
	waitpid(s->pid, NULL, 0);
	s->pid = 0;
}

static int find_root(void)
{
	const char *zEnv = getenv("HAWSER_ROOT");
	char zExe[PATH_MAX] = "", zTry[PATH_MAX + 32];
	if (zEnv) {
		snprintf(g.zRoot, sizeof g.zRoot, "%s", zEnv);
	} else if (access("tests/e2e/smtpd.py", R_OK) == 0) {
		snprintf(g.zRoot, sizeof g.zRoot, ".");
	} else {
		/* ROOT/build/tests/test_smtp */
		ssize_t n = readlink("/proc/self/exe", zExe, sizeof zExe - 1);
		zExe[n > 0 ? n : 0] = 0;
		for (int i = 0; i < 3; i++) {
			char *p = strrchr(zExe, '/');
			if (p)
				*p = 0;
		}
		snprintf(g.zRoot, sizeof g.zRoot, "%s", zExe);
	}
	snprintf(zTry, sizeof zTry, "%s/tests/e2e/smtpd.py", g.zRoot);
	snprintf(g.zSmtpd, sizeof g.zSmtpd, "%s", zTry);
	if (access(zTry, R_OK) != 0) {
		fprintf(stderr,
			"test_smtp: %s not found; run from the repository root or set "
			"HAWSER_ROOT\n",
			zTry);
		return -1;
	}
	return 0;
}

/* Three servers at once: plain, AUTH, STARTTLS (a certificate made now). */
static int servers_start(void)
{
	char zCert[96], zKey[96];
	snprintf(zCert, sizeof zCert, "%s/cert.pem", g.zTmp);
	snprintf(zKey, sizeof zKey, "%s/key.pem", g.zTmp);
	const char *azPlain[] = {NULL};
	const char *azAuth[] = {"--auth", "rep:s3cret", NULL};
	const char *azTls[] = {"--tls", zCert, zKey, NULL};
	if (server_start(&g.aSrv[SRV_PLAIN], azPlain) || server_start(&g.aSrv[SRV_AUTH], azAuth))
		return -1;
	const char *azOpenssl[] = {"/usr/bin/openssl", "req",	"-x509", "-newkey", "rsa:2048",
				   "-nodes",	       "-days", "1",	 "-subj",   "/CN=127.0.0.1",
				   "-keyout",	       zKey,	"-out",	 zCert,	    NULL};
	if (run(azOpenssl) != 0) {
		fprintf(stderr, "test_smtp: openssl could not make a certificate\n");
		return -1;
	}
	if (server_start(&g.aSrv[SRV_TLS], azTls))
		return -1;
	for (int i = 0; i < N_SRV; i++)
		if (server_wait(&g.aSrv[i]) != 0)
			return -1;
	return 0;
}

static int group_teardown(void **pp)
{
	char zCmd[128];
	(void)pp;
	for (int i = 0; i < N_SRV; i++)
		server_stop(&g.aSrv[i]);
	if (getenv("HAWSER_SMTP_KEEP")) /* to look at what arrived */
		return 0;
	snprintf(zCmd, sizeof zCmd, "rm -rf '%s'", g.zTmp);
	return system(zCmd) == 0 ? 0 : -1;
}

static int group_setup(void **pp)
{
	/* An SMTP proxy from the environment would take the mail off loopback. */
	setenv("no_proxy", "*", 1);
	setenv("NO_PROXY", "*", 1);
	if (find_root() != 0 || !mkdtemp(g.zTmp))
		return -1;
	if (servers_start() != 0) {
		group_teardown(pp);
		return -1;
	}
	hw_smtp_global_init();
	return 0;
}

/* ---- messages ---- */

static hw_mail base_mail(void)
{
	hw_mail m = {
	    .zFromName = "Ada Rep",
	    .zFromAddr = "ada@example.com",
	    .zToName = "Bob Buyer",
	    .zToAddr = "bob@example.org",
	    .zSubject = "Quick question about your fleet",
	    .zBody = "Hi Bob,\n\nA short note.\n",
	    .zOptOutUrl = "https://hawser.example/u/abc",
	    .tDate = T_DATE,
	};
	return m;
}

static char *build(const hw_mail *m, size_t *pn)
{
	char *z = NULL;
	hw_err err;
	hw_rc rc = hw_mail_build(m, &z, pn, &err);
	if (rc != HW_OK)
		fprintf(stderr, "hw_mail_build: %s: %s\n", err.zField, err.zMsg);
	assert_int_equal(rc, HW_OK);
	assert_non_null(z);
	assert_int_equal(strlen(z), *pn);
	return z;
}

static json_t *parse_file(const char *zPath)
{
	const char *azArgv[] = {PYTHON, g.zSmtpd, "--parse", zPath, NULL};
	json_error_t e;
	char *zOut = capture(azArgv);
	json_t *j = json_loads(zOut, 0, &e);
	free(zOut);
	assert_non_null(j);
	assert_int_equal(json_array_size(json_object_get(j, "defects")), 0);
	return j;
}

/* The message as Python's email package reads it. */
static json_t *parse_mem(const char *z, size_t n)
{
	char zPath[128];
	snprintf(zPath, sizeof zPath, "%s/built-%d.eml", g.zTmp, ++g.nBuilt);
	FILE *f = fopen(zPath, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(z, 1, n, f), n);
	fclose(f);
	return parse_file(zPath);
}

static const char *jstr(json_t *j, const char *zKey)
{
	const char *z = json_string_value(json_object_get(j, zKey));
	assert_non_null(z);
	return z;
}

/* The decoded bytes of leaf part i, in hex, against z with LF made CRLF. */
static void assert_part(json_t *j, size_t i, const char *z)
{
	json_t *pPart = json_array_get(json_object_get(j, "parts"), i);
	size_t n = strlen(z);
	char *zHex = malloc(4 * n + 1), *p = zHex;
	assert_non_null(pPart);
	for (size_t k = 0; k < n; k++) {
		if (z[k] == '\n' && (k == 0 || z[k - 1] != '\r'))
			p += sprintf(p, "0d");
		p += sprintf(p, "%02x", (unsigned char)z[k]);
	}
	*p = 0;
	assert_string_equal(jstr(pPart, "body_hex"), zHex);
	free(zHex);
}

/* Every line ends in CRLF; header lines within 78, body lines within 76. */
static void assert_lines(const char *z, size_t n)
{
	int bBody = 0;
	for (size_t i = 0, iLine = 0; i < n; i++) {
		if (z[i] == '\r') {
			assert_true(i + 1 < n && z[i + 1] == '\n');
			size_t nLine = i - iLine;
			if (!bBody && nLine == 0)
				bBody = 1;
			if (nLine > (bBody ? 76u : 78u))
				fail_msg("line too long (%zu): %.*s", nLine, (int)nLine, z + iLine);
			if (bBody && nLine)
				assert_true(z[i - 1] != ' ' && z[i - 1] != '\t');
			iLine = i + 2;
			i++;
		} else {
			assert_true(z[i] != '\n'); /* no bare LF */
		}
	}
	assert_true(n >= 2 && z[n - 2] == '\r' && z[n - 1] == '\n');
}

/* ---- building ---- */

#define F(x) offsetof(hw_mail, x)

static void test_bad_fields(void **pp)
{
	static const struct {
		size_t iOff;
		const char *zValue;
		const char *zField;
	} aCase[] = {
	    {F(zFromAddr), NULL, "from_addr"},
	    {F(zFromAddr), "", "from_addr"},
	    {F(zFromAddr), "ada", "from_addr"},
	    {F(zFromAddr), "ada@@example.com", "from_addr"},
	    {F(zFromAddr), "ada@b@example.com", "from_addr"},
	    {F(zFromAddr), "ada @example.com", "from_addr"},
	    {F(zFromAddr), "<ada@example.com>", "from_addr"},
	    {F(zFromAddr), "ada@example.com,eve@example.com", "from_addr"},
	    {F(zFromAddr), "ada@example.com;eve@example.com", "from_addr"},
	    {F(zFromAddr), "\tada@example.com", "from_addr"},
	    {F(zFromAddr), "ad\x01@example.com", "from_addr"},
	    {F(zFromAddr), "ad\xC3\xA1@example.com", "from_addr"},
	    {F(zFromAddr), "ada@", "from_addr"},
	    {F(zFromAddr), "@example.com", "from_addr"},
	    {F(zFromAddr), "a..b@example.com", "from_addr"},
	    {F(zFromAddr), "ada@example.com.", "from_addr"},
	    {F(zFromAddr), "\"ada\"@example.com", "from_addr"},
	    {F(zToAddr), NULL, "to_addr"},
	    {F(zToAddr), "bob@exa mple.org", "to_addr"},
	    {F(zToAddr), "Bob <bob@example.org>", "to_addr"},
	    {F(zToAddr), "bob@example.org>", "to_addr"},
	    {F(zToAddr), "bob(x)@example.org", "to_addr"},
	    {F(zSubject), NULL, "subject"},
	    {F(zSubject), "", "subject"},
	    {F(zSubject), "bell \x07", "subject"},
	    {F(zSubject), "caf\xE9", "subject"},      /* Latin-1, not UTF-8 */
	    {F(zSubject), "\xC0\xAF", "subject"},     /* overlong */
	    {F(zSubject), "\xED\xA0\x80", "subject"}, /* a surrogate */
	    {F(zSubject), "\xE2\x82", "subject"},     /* cut short */
	    {F(zFromName), "\x1b[31mred", "from_name"},
	    {F(zFromName), "\xFF", "from_name"},
	    {F(zToName), "del\x7F", "to_name"},
	    {F(zBody), NULL, "body"},
	    {F(zBody), "caf\xE9\n", "body"},
	    {F(zBody), "nul-ish \x01", "body"},
	    {F(zOptOutUrl), "", "optout_url"},
	    {F(zOptOutUrl), "ftp://example.com/u", "optout_url"},
	    {F(zOptOutUrl), "javascript:alert(1)", "optout_url"},
	    {F(zOptOutUrl), "https://example.com/u x", "optout_url"},
	    {F(zOptOutUrl), "https://example.com/u>", "optout_url"},
	    {F(zMessageId), "", "message_id"},
	    {F(zMessageId), "abc@example.com", "message_id"},
	    {F(zMessageId), "<abc>", "message_id"},
	    {F(zMessageId), "<a b@example.com>", "message_id"},
	    {F(zMessageId), "<@example.com>", "message_id"},
	    {F(zMessageId), "<a@>", "message_id"},
	    {F(zMessageId), "<a@b@c>", "message_id"},
	    {F(zIcs), "hello", "ics"},
	    {F(zIcs), "BEGIN:VCALENDAR\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n", "ics"},
	    {F(zIcs), "BEGIN:VCALENDAR\r\nMETHOD:REQUESTED\r\nEND:VCALENDAR\r\n", "ics"},
	};
	char zLong[300];
	(void)pp;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		hw_mail m = base_mail();
		hw_err err;
		char *z = (char *)1;
		size_t n = 1;
		*(const char **)((char *)&m + aCase[i].iOff) = aCase[i].zValue;
		hw_rc rc = hw_mail_build(&m, &z, &n, &err);
		if (rc != HW_EINVAL || strcmp(err.zField, aCase[i].zField) != 0)
			fail_msg("case %zu (%s = \"%s\"): rc %d, field '%s': %s", i,
				 aCase[i].zField, aCase[i].zValue ? aCase[i].zValue : "(null)", rc,
				 err.zField, err.zMsg);
		assert_null(z);
		assert_int_equal(n, 0);
		assert_non_null(strstr(err.zMsg, aCase[i].zField));
	}

	/* too long: a local part of 65 bytes, an address of 255 */
	hw_mail m = base_mail();
	hw_err err;
	char *z;
	size_t n;
	memset(zLong, 'a', sizeof zLong);
	memcpy(zLong + 65, "@example.com", 13);
	m.zToAddr = zLong;
	assert_int_equal(hw_mail_build(&m, &z, &n, &err), HW_EINVAL);
	assert_string_equal(err.zField, "to_addr");
	assert_non_null(strstr(err.zMsg, "64"));
	memcpy(zLong + 64, "@example.com", 13);
	free(build(&m, &n)); /* 64: fine */
	memset(zLong, 'a', sizeof zLong);
	memcpy(zLong, "bob@", 4);
	zLong[255] = 0;
	assert_int_equal(hw_mail_build(&m, &z, &n, &err), HW_EINVAL);
	assert_non_null(strstr(err.zMsg, "254"));
	zLong[254] = 0;
	free(build(&m, &n)); /* 254: fine */
	m = base_mail();
	memset(zLong, 'S', sizeof zLong);
	zLong[299] = 0;
	m.zSubject = zLong;
	free(build(&m, &n));
	char *zHuge = malloc(600);
	memset(zHuge, 'S', 599);
	zHuge[599] = 0;
	m.zSubject = zHuge;
	assert_int_equal(hw_mail_build(&m, &z, &n, &err), HW_EINVAL);
	assert_string_equal(err.zField, "subject");
	free(zHuge);
	m = base_mail();
	m.tDate = -1;
	assert_int_equal(hw_mail_build(&m, &z, &n, &err), HW_EINVAL);
	assert_string_equal(err.zField, "date");
}

static void test_injection(void **pp)
{
	static const struct {
		size_t iOff;
		const char *zField;
		const char *zBefore, *zAfter; /* around the line break */
	} aField[] = {
	    {F(zFromName), "from_name", "Ada", " Rep"},
	    {F(zFromAddr), "from_addr", "ada@example.com", ""},
	    {F(zToName), "to_name", "Bob", ""},
	    {F(zToAddr), "to_addr", "bob@example.org", ""},
	    {F(zSubject), "subject", "Hello", " there"},
	    {F(zOptOutUrl), "optout_url", "https://hawser.example/u/abc", ""},
	    {F(zMessageId), "message_id", "<abc", "@example.com>"},
	};
	static const char *const azBreak[] = {"\r\nBcc: x@y", "\nBcc: x@y", "\rBcc: x@y",
					      "\r\n\r\nbody", "\r\n"};
	(void)pp;
	for (size_t i = 0; i < sizeof aField / sizeof aField[0]; i++) {
		for (size_t k = 0; k < sizeof azBreak / sizeof azBreak[0]; k++) {
			for (int bFirst = 0; bFirst < 2; bFirst++) {
				char zValue[128];
				hw_mail m = base_mail();
				hw_err err;
				char *z = NULL;
				size_t n = 0;
				snprintf(zValue, sizeof zValue, "%s%s%s",
					 bFirst ? "" : aField[i].zBefore, azBreak[k],
					 bFirst ? aField[i].zBefore : aField[i].zAfter);
				*(const char **)((char *)&m + aField[i].iOff) = zValue;
				hw_rc rc = hw_mail_build(&m, &z, &n, &err);
				if (rc != HW_EINVAL || strcmp(err.zField, aField[i].zField) != 0 ||
				    !strstr(err.zMsg, "line break"))
					fail_msg(
					    "%s with a line break (%zu, %d): rc %d, field '%s': %s",
					    aField[i].zField, k, bFirst, rc, err.zField, err.zMsg);
				assert_null(z);
			}
		}
	}
}

static void test_headers(void **pp)
{
	hw_mail m = base_mail();
	size_t n, n2;
	(void)pp;
	char *z = build(&m, &n);
	assert_lines(z, n);
	const char *zEnd = strstr(z, "\r\n\r\n");
	assert_non_null(zEnd);
	char *zHead = strndup(z, (size_t)(zEnd - z) + 2);
	assert_true(strncmp(zHead, "Date: Thu, 02 Jan 2025 03:04:05 +0000\r\n", 39) == 0);
	static const char *const azWant[] = {
	    "\r\nFrom: Ada Rep <ada@example.com>\r\n",
	    "\r\nTo: Bob Buyer <bob@example.org>\r\n",
	    "\r\nSubject: Quick question about your fleet\r\n",
	    "\r\nMIME-Version: 1.0\r\n",
	    "\r\nList-Unsubscribe: <https://hawser.example/u/abc>\r\n",
	    "\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
	    "\r\nContent-Type: text/plain; charset=UTF-8\r\n",
	    "\r\nContent-Transfer-Encoding: quoted-printable\r\n",
	};
	for (size_t i = 0; i < sizeof azWant / sizeof azWant[0]; i++)
		if (!strstr(zHead, azWant[i]))
			fail_msg("missing %s in\n%s", azWant[i], zHead);
	/* a made-up Message-ID: 32 hex digits at the sender's domain, new each time */
	const char *zId = strstr(zHead, "\r\nMessage-ID: <");
	assert_non_null(zId);
	zId += 15;
	for (int i = 0; i < 32; i++)
		assert_true(strchr("0123456789abcdef", zId[i]) != NULL);
	assert_true(strncmp(zId + 32, "@example.com>\r\n", 15) == 0);
	char *z2 = build(&m, &n2);
	assert_null(strstr(z2, zId - 1)); /* another id */
	assert_string_equal(zEnd + 4, "Hi Bob,\r\n\r\nA short note.\r\n");
	free(zHead);
	free(z);
	free(z2);

	/* given id kept; no opt-out link, no List-Unsubscribe; names that need quotes */
	m.zMessageId = "<given.1@hawser.example>";
	m.zOptOutUrl = NULL;
	m.zFromName = "Rep, Ada (Acme)";
	m.zToName = "Bob \"the buyer\" B.\\";
	m.zToAddr = "o'brien+fleet@sub.example.org";
	z = build(&m, &n);
	assert_lines(z, n);
	assert_non_null(strstr(z, "\r\nMessage-ID: <given.1@hawser.example>\r\n"));
	assert_null(strstr(z, "List-Unsubscribe"));
	assert_non_null(strstr(z, "\r\nFrom: \"Rep, Ada (Acme)\" <ada@example.com>\r\n"));
	json_t *j = parse_mem(z, n);
	assert_string_equal(jstr(j, "from_name"), "Rep, Ada (Acme)");
	assert_string_equal(jstr(j, "to_name"), "Bob \"the buyer\" B.\\");
	assert_string_equal(jstr(j, "to_addr"), "o'brien+fleet@sub.example.org");
	assert_string_equal(jstr(j, "message_id"), "<given.1@hawser.example>");
	assert_string_equal(jstr(j, "date"), "2025-01-02T03:04:05+00:00");
	json_decref(j);
	free(z);

	/* no names: the bare address */
	m.zFromName = NULL;
	m.zToName = "";
	z = build(&m, &n);
	assert_non_null(strstr(z, "\r\nFrom: ada@example.com\r\n"));
	assert_non_null(strstr(z, "\r\nTo: o'brien+fleet@sub.example.org\r\n"));
	free(z);
}

static void test_encoded(void **pp)
{
	static const struct {
		const char *zSubject, *zFromName, *zToName;
	} aCase[] = {
	    {"Grüße aus Köln", "José Müller", "渡辺 さくら"},
	    {"Ihre Anfrage zu Zürich — Grüße aus Köln, 日本語のテキスト, and a long tail that "
	     "forces the header to fold over several lines 🚢🚢🚢",
	     "Ünïcödé Nämé with a rather long tail so that it needs more than one word",
	     "Ærøskøbing Ltd."},
	    /* ASCII that must not be taken for encoded words, or cannot fold */
	    {"Re: =?UTF-8?Q?not_encoded?= really", "=?x?", "Bob"},
	    {"word word word word word word word word word word word word word word word word "
	     "word word word word word",
	     "A", "B"},
	    {"averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongword",
	     "x", "y"},
	    {" leading and  double  spaces ", "  spaced  ", "tab\there"},
	    {"\xF0\x9F\x9A\xA2", "\xC3\xA9", "\xE2\x82\xAC"},
	};
	(void)pp;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		hw_mail m = base_mail();
		size_t n;
		m.zSubject = aCase[i].zSubject;
		m.zFromName = aCase[i].zFromName;
		m.zToName = aCase[i].zToName;
		char *z = build(&m, &n);
		assert_lines(z, n);
		json_t *j = parse_mem(z, n);
		assert_string_equal(jstr(j, "subject"), aCase[i].zSubject);
		assert_string_equal(jstr(j, "from_name"), aCase[i].zFromName);
		assert_string_equal(jstr(j, "to_name"), aCase[i].zToName);
		assert_string_equal(jstr(j, "from_addr"), "ada@example.com");
		assert_string_equal(jstr(j, "to_addr"), "bob@example.org");
		json_decref(j);
		/* only ASCII in the headers */
		for (const char *p = z; p < strstr(z, "\r\n\r\n"); p++)
			assert_true((unsigned char)*p < 0x80);
		free(z);
	}
}

static void test_body(void **pp)
{
	char zLong[2048];
	size_t k = 0;
	(void)pp;
	/* one long line of ASCII, one of two-byte characters, one of '=' */
	for (int i = 0; i < 300; i++)
		zLong[k++] = (char)('a' + i % 26);
	zLong[k++] = '\n';
	for (int i = 0; i < 200; i++)
		k += (size_t)sprintf(zLong + k, "é");
	zLong[k++] = '\n';
	memset(zLong + k, '=', 100);
	k += 100;
	k += (size_t)sprintf(zLong + k, "\r\n%77s\n", "x"); /* spaces, then x at 77 */
	zLong[k] = 0;
	char z76[3][80]; /* 75, 76 and 77 columns without a final line break */
	for (int i = 0; i < 3; i++) {
		memset(z76[i], 'x', 79);
		z76[i][75 + i] = 0;
	}
	const char *azBody[] = {
	    zLong,
	    "Hi Bob,\n.\n..\n.hidden\n. \nFrom the start\nfrom the start\ntrailing   \ntab\t\n\n"
	    "end",
	    "crlf\r\nlf\nlone\rcr\r\n\r\n",
	    "no final line break",
	    "",
	    "=\n",
	    ".",
	    z76[0],
	    z76[1],
	    z76[2],
	};
	for (size_t i = 0; i < sizeof azBody / sizeof azBody[0]; i++) {
		hw_mail m = base_mail();
		size_t n;
		m.zBody = azBody[i];
		char *z = build(&m, &n);
		assert_lines(z, n);
		json_t *j = parse_mem(z, n);
		assert_string_equal(jstr(j, "content_type"), "text/plain");
		assert_int_equal(json_array_size(json_object_get(j, "parts")), 1);
		assert_part(j, 0, azBody[i]);
		json_decref(j);
		free(z);
	}
}

static const char zIcs[] = "BEGIN:VCALENDAR\n"
			   "VERSION:2.0\n"
			   "PRODID:-//hawser//test//EN\n"
			   "METHOD:REQUEST\n"
			   "BEGIN:VEVENT\n"
			   "UID:1@hawser.example\n"
			   "DTSTAMP:20250102T030405Z\n"
			   "DTSTART:20250110T150000Z\n"
			   "DTEND:20250110T153000Z\n"
			   "SUMMARY:Fleet review with Ada — 30 min\n"
			   "ORGANIZER;CN=Ada Rep:mailto:ada@example.com\n"
			   "ATTENDEE;CN=Bob Buyer;RSVP=TRUE:mailto:bob@example.org\n"
			   "END:VEVENT\n"
			   "END:VCALENDAR\n";

static void test_ics(void **pp)
{
	hw_mail m = base_mail();
	size_t n;
	(void)pp;
	m.zIcs = zIcs;
	m.zBody = "See the invitation.\n.\nAda";
	char *z = build(&m, &n);
	assert_lines(z, n);
	json_t *j = parse_mem(z, n);
	assert_string_equal(jstr(j, "content_type"), "multipart/alternative");
	json_t *pParts = json_object_get(j, "parts");
	assert_int_equal(json_array_size(pParts), 2);
	json_t *pText = json_array_get(pParts, 0), *pCal = json_array_get(pParts, 1);
	assert_string_equal(jstr(pText, "content_type"), "text/plain");
	assert_string_equal(jstr(json_object_get(pText, "params"), "charset"), "UTF-8");
	assert_string_equal(jstr(pCal, "content_type"), "text/calendar");
	assert_string_equal(jstr(json_object_get(pCal, "params"), "method"), "REQUEST");
	assert_string_equal(jstr(json_object_get(pCal, "params"), "charset"), "UTF-8");
	assert_part(j, 0, m.zBody);
	assert_part(j, 1, zIcs);
	json_decref(j);
	free(z);
}

/* ---- delivery ---- */

static int count_messages(const server *s)
{
	int n = 0;
	DIR *d = opendir(s->zDir);
	struct dirent *e;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		n += len > 5 && strcmp(e->d_name + len - 5, ".json") == 0;
	}
	closedir(d);
	return n;
}

static char *read_file(const char *zPath, size_t *pn)
{
	FILE *f = fopen(zPath, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *z = malloc((size_t)n + 1);
	assert_non_null(z);
	assert_int_equal(fread(z, 1, (size_t)n, f), (size_t)n);
	z[n] = 0;
	fclose(f);
	*pn = (size_t)n;
	return z;
}

/* Message number i on s: what arrived is byte for byte what was sent, from
 * and to whom it was said. Returns the metadata. */
static json_t *arrived(const server *s, int i, const char *zMsg, size_t nMsg, const char *zFrom,
		       const char *zTo)
{
	char zPath[192];
	size_t n;
	json_error_t e;
	snprintf(zPath, sizeof zPath, "%s/%04d.eml", s->zDir, i);
	char *z = read_file(zPath, &n);
	assert_int_equal(n, nMsg);
	assert_memory_equal(z, zMsg, n);
	free(z);
	snprintf(zPath, sizeof zPath, "%s/%04d.json", s->zDir, i);
	json_t *j = json_load_file(zPath, 0, &e);
	assert_non_null(j);
	assert_string_equal(jstr(j, "mail_from"), zFrom);
	json_t *pRcpt = json_object_get(j, "rcpt_tos");
	assert_int_equal(json_array_size(pRcpt), 1);
	assert_string_equal(json_string_value(json_array_get(pRcpt, 0)), zTo);
	return j;
}

static hw_smtp_result send_to(const server *s, const hw_smtp_conf *pConf, const hw_mail *m,
			      const char *zMsg, size_t nMsg, hw_err *pErr)
{
	hw_smtp_conf conf = *pConf;
	conf.zUrl = s->zUrl;
	return hw_smtp_send(&conf, m->zFromAddr, m->zToAddr, zMsg, nMsg, pErr);
}

static void test_send_plain(void **pp)
{
	server *s = &g.aSrv[SRV_PLAIN];
	hw_smtp_conf conf = {0};
	hw_mail m = base_mail();
	hw_err err;
	size_t n;
	(void)pp;
	/* dot lines: libcurl must stuff them, or "." would end the data early */
	m.zBody = "Hi Bob,\n.\n..\n.hidden line\n. x\nGrüße, Ada\n.";
	m.zSubject = "Grüße — a quick question";
	char *z = build(&m, &n);
	int i = count_messages(s);
	hw_smtp_result r = send_to(s, &conf, &m, z, n, &err);
	if (r != HW_SMTP_SENT)
		fail_msg("not sent: %s", err.zMsg);
	assert_non_null(strstr(err.zMsg, "250"));
	assert_int_equal(count_messages(s), i + 1);
	json_t *j = arrived(s, i + 1, z, n, "ada@example.com", "bob@example.org");
	assert_false(json_is_true(json_object_get(j, "auth")));
	assert_false(json_is_true(json_object_get(j, "tls")));
	json_decref(j);
	char zPath[192];
	snprintf(zPath, sizeof zPath, "%s/%04d.eml", s->zDir, i + 1);
	j = parse_file(zPath);
	assert_string_equal(jstr(j, "subject"), m.zSubject);
	assert_string_equal(jstr(j, "from_name"), "Ada Rep");
	assert_string_equal(jstr(j, "to_addr"), "bob@example.org");
	assert_part(j, 0, m.zBody);
	json_decref(j);
	free(z);
}

static void test_send_auth(void **pp)
{
	server *s = &g.aSrv[SRV_AUTH];
	hw_smtp_conf conf = {.zUser = "rep", .zPassword = "s3cret"};
	hw_mail m = base_mail();
	hw_err err;
	size_t n;
	(void)pp;
	char *z = build(&m, &n);
	int i = count_messages(s);
	hw_smtp_result r = send_to(s, &conf, &m, z, n, &err);
	if (r != HW_SMTP_SENT)
		fail_msg("not sent: %s", err.zMsg);
	json_t *j = arrived(s, i + 1, z, n, "ada@example.com", "bob@example.org");
	assert_true(json_is_true(json_object_get(j, "auth")));
	json_decref(j);

	/* a wrong password, a wrong user, none: final, and nothing arrives */
	static const struct {
		const char *zUser, *zPassword, *zCode;
	} aBad[] = {{"rep", "wrong", "535"}, {"eve", "s3cret", "535"}, {NULL, NULL, "530"}};
	for (size_t k = 0; k < sizeof aBad / sizeof aBad[0]; k++) {
		conf.zUser = aBad[k].zUser;
		conf.zPassword = aBad[k].zPassword;
		r = send_to(s, &conf, &m, z, n, &err);
		if (r != HW_SMTP_FAILED || !strstr(err.zMsg, aBad[k].zCode))
			fail_msg("case %zu: result %d: %s", k, r, err.zMsg);
	}
	assert_int_equal(count_messages(s), i + 1);
	free(z);
}

static void test_send_starttls(void **pp)
{
	server *s = &g.aSrv[SRV_TLS];
	hw_smtp_conf conf = {.bStartTls = 1, .bInsecure = 1};
	hw_mail m = base_mail();
	hw_err err;
	size_t n;
	(void)pp;
	char *z = build(&m, &n);
	int i = count_messages(s);
	hw_smtp_result r = send_to(s, &conf, &m, z, n, &err);
	if (r != HW_SMTP_SENT)
		fail_msg("not sent: %s", err.zMsg);
	json_t *j = arrived(s, i + 1, z, n, "ada@example.com", "bob@example.org");
	assert_true(json_is_true(json_object_get(j, "tls")));
	json_decref(j);

	/* the certificate is self-signed: verified, it is refused */
	conf.bInsecure = 0;
	r = send_to(s, &conf, &m, z, n, &err);
	assert_int_equal(r, HW_SMTP_FAILED);
	assert_non_null(strstr(err.zMsg, "certificate"));
	assert_int_equal(count_messages(s), i + 1);

	/* STARTTLS required, not offered: refused, never sent in the clear */
	s = &g.aSrv[SRV_PLAIN];
	i = count_messages(s);
	conf.bInsecure = 1;
	r = send_to(s, &conf, &m, z, n, &err);
	if (r != HW_SMTP_FAILED || !strstr(err.zMsg, "STARTTLS"))
		fail_msg("result %d: %s", r, err.zMsg);
	assert_int_equal(count_messages(s), i);
	free(z);
}

static void test_send_refused(void **pp)
{
	static const struct {
		const char *zTo;
		hw_smtp_result eWant;
		const char *zCode, *zField;
	} aCase[] = {
	    {"reject@example.org", HW_SMTP_FAILED, "550", "to_addr"},
	    {"tempfail@example.org", HW_SMTP_RETRY, "451", "to_addr"},
	    {"REJECT@example.org", HW_SMTP_FAILED, "550", "to_addr"},
	    {"rejectdata@example.org", HW_SMTP_FAILED, "554", ""}, /* after the data */
	};
	server *s = &g.aSrv[SRV_PLAIN];
	hw_smtp_conf conf = {0};
	(void)pp;
	int i = count_messages(s);
	for (size_t k = 0; k < sizeof aCase / sizeof aCase[0]; k++) {
		hw_mail m = base_mail();
		hw_err err;
		size_t n;
		m.zToAddr = aCase[k].zTo;
		char *z = build(&m, &n);
		hw_smtp_result r = send_to(s, &conf, &m, z, n, &err);
		if (r != aCase[k].eWant || !strstr(err.zMsg, aCase[k].zCode))
			fail_msg("%s: result %d: %s", aCase[k].zTo, r, err.zMsg);
		assert_string_equal(err.zField, aCase[k].zField);
		assert_non_null(strstr(err.zMsg, "smtpd.py")); /* the server's own words */
		free(z);
	}
	assert_int_equal(count_messages(s), i);
}

static void test_send_unreachable(void **pp)
{
	hw_smtp_conf conf = {.nTimeoutSeconds = 1};
	hw_mail m = base_mail();
	hw_err err;
	size_t n;
	char zUrl[64];
	int fd;
	(void)pp;
	char *z = build(&m, &n);

	/* nothing listening */
	snprintf(zUrl, sizeof zUrl, "smtp://127.0.0.1:%d", free_port(0, NULL));
	conf.zUrl = zUrl;
	assert_int_equal(hw_smtp_send(&conf, m.zFromAddr, m.zToAddr, z, n, &err), HW_SMTP_RETRY);
	assert_non_null(strstr(err.zMsg, "connect"));

	/* listening, never answering: the whole-transfer timeout */
	snprintf(zUrl, sizeof zUrl, "smtp://127.0.0.1:%d", free_port(1, &fd));
	double t0 = now();
	assert_int_equal(hw_smtp_send(&conf, m.zFromAddr, m.zToAddr, z, n, &err), HW_SMTP_RETRY);
	assert_true(now() - t0 < 5);
	assert_non_null(strstr(err.zMsg, "in time"));
	close(fd);

	/* configuration and envelope the next try will not fix */
	static const struct {
		const char *zUrl, *zFrom, *zTo, *zField;
	} aBad[] = {
	    {NULL, "ada@example.com", "bob@example.org", "url"},
	    {"http://127.0.0.1:1", "ada@example.com", "bob@example.org", "url"},
	    {"smtp://127.0.0.1:1", "ada@example.com", "bob@example.org\r\nRCPT TO:<x@y>",
	     "to_addr"},
	    {"smtp://127.0.0.1:1", "ada@example.com>", "bob@example.org", "from_addr"},
	    {"smtp://127.0.0.1:1", NULL, "bob@example.org", "from_addr"},
	};
	for (size_t k = 0; k < sizeof aBad / sizeof aBad[0]; k++) {
		hw_smtp_conf c = {.zUrl = aBad[k].zUrl};
		assert_int_equal(hw_smtp_send(&c, aBad[k].zFrom, aBad[k].zTo, z, n, &err),
				 HW_SMTP_FAILED);
		assert_string_equal(err.zField, aBad[k].zField);
	}
	free(z);
}

int main(void)
{
	const struct CMUnitTest aTest[] = {
	    cmocka_unit_test(test_bad_fields),
	    cmocka_unit_test(test_injection),
	    cmocka_unit_test(test_headers),
	    cmocka_unit_test(test_encoded),
	    cmocka_unit_test(test_body),
	    cmocka_unit_test(test_ics),
	    cmocka_unit_test(test_send_plain),
	    cmocka_unit_test(test_send_auth),
	    cmocka_unit_test(test_send_starttls),
	    cmocka_unit_test(test_send_refused),
	    cmocka_unit_test(test_send_unreachable),
	};
	return cmocka_run_group_tests_name("smtp", aTest, group_setup, group_teardown);
}
