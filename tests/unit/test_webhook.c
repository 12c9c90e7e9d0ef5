/*
 * test_webhook.c — signed webhooks: the signature against vectors computed
 * outside hawser (Python's hmac) and the test's own HMAC checked against
 * RFC 4231; which URLs are accepted and which addresses refused (IP literals
 * and "localhost" only, so no DNS is needed); and real deliveries to a small
 * Python receiver on 127.0.0.1 that records what reached it and answers the
 * status its path asks for (/200, /500, /302, /slow, /big, ...).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "channels/webhook.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define SECRET "whsec_receiver_test"

/* ---- the signature ---- */

static void hmac_hex(const void *pKey, size_t nKey, const void *pData, size_t nData, char zHex[65])
{
	crypto_auth_hmacsha256_state st;
	unsigned char aMac[32];
	crypto_auth_hmacsha256_init(&st, pKey, nKey);
	crypto_auth_hmacsha256_update(&st, pData, nData);
	crypto_auth_hmacsha256_final(&st, aMac);
	sodium_bin2hex(zHex, 65, aMac, sizeof aMac);
}

/* The test's HMAC, which the delivery test relies on, is HMAC-SHA256. */
static void test_hmac_rfc4231(void **state)
{
	unsigned char aKey6[131];
	char zHex[65];
	(void)state;
	hmac_hex("Jefe", 4, "what do ya want for nothing?", 28, zHex); /* test case 2 */
	assert_string_equal(zHex,
			    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	memset(aKey6, 0xaa, sizeof aKey6); /* test case 6: a key longer than a block */
	hmac_hex(aKey6, sizeof aKey6, "Test Using Larger Than Block-Size Key - Hash Key First", 54,
		 zHex);
	assert_string_equal(zHex,
			    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

#define K10 "kkkkkkkkkk"

static void test_sign(void **state)
{
	/* want: python3 -c 'import hmac,hashlib; print("sha256=" +
	 *   hmac.new(SECRET, b"%d." % TS + BODY, hashlib.sha256).hexdigest())' */
	static const struct {
		const char *zSecret;
		hw_time tStamp;
		const char *zBody;
		size_t nBody;
		const char *zWant;
	} aCase[] = {
	    {"whsec_test", 1795392000, "{\"event\":\"meeting.booked\",\"lead\":42}", 36,
	     "sha256=06cc7e47c20b06c5f38fcc319214d2203b10abd72084b9c0d817b72a309e7831"},
	    {"", 0, "", 0,
	     "sha256=b849d5a581847b281957065739df36df2463d1977ea8d6e1e4e6cf33fadc68c3"},
	    /* a secret longer than SHA-256's block, a UTF-8 body with quotes */
	    {K10 K10 K10 K10 K10 K10 K10 K10 K10 K10, 1700000000,
	     "{\"name\":\"Zo\xc3\xab \\\"Q\\\"\"}", 21,
	     "sha256=db7095f03bf0469837f9dab2c119282a370c2a8077ed777be7510ec462fa5c98"},
	    /* a UTF-8 secret, a negative time, a NUL inside the body */
	    {"s\xc3\xa9"
	     "cret",
	     -1, "ab\0cd", 5,
	     "sha256=1baff0d8f83bd4c8c1d23adcff7f25a997db70496776e5157174b98b8958d93a"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		char zSig[HW_WEBHOOK_SIG_LEN];
		memset(zSig, 'x', sizeof zSig);
		hw_webhook_sign(aCase[i].zSecret, aCase[i].tStamp, aCase[i].zBody, aCase[i].nBody,
				zSig);
		assert_int_equal(strlen(zSig), HW_WEBHOOK_SIG_LEN - 1);
		assert_string_equal(zSig, aCase[i].zWant);
	}
}

/* ---- the destination ---- */

#define LOOPBACK                                                                                   \
	"127.0.0.1 is a loopback address (127.0.0.0/8); an admin can allow "                       \
	"private destinations for this webhook"

static void test_check_url(void **state)
{
	static const struct {
		const char *zUrl;
		int bAllowPrivate;
		hw_rc eWant;
		const char *zMsg; /* in the message; "" when accepted */
	} aCase[] = {
	    /* good forms; with private allowed nothing is resolved */
	    {"https://hooks.example.com/x", 1, HW_OK, ""},
	    {"HTTPS://Hooks.Example.COM:8443/a/b?c=d", 1, HW_OK, ""},
	    {"http://hooks.example.com", 1, HW_OK, ""},
	    /* public literals pass the check (no connection is made) */
	    {"http://93.184.216.34/", 0, HW_OK, ""},
	    {"https://93.184.216.34:8443/hook?x=1", 0, HW_OK, ""},
	    {"https://[2606:2800:220:1:248:1893:25c8:1946]/", 0, HW_OK, ""},
	    {"http://[::ffff:93.184.216.34]/", 0, HW_OK, ""},
	    {"http://[64:ff9b::93.184.216.34]/", 0, HW_OK, ""},
	    {"http://[2002:5db8:d822::1]/", 0, HW_OK, ""},
	    /* just outside the reserved ranges */
	    {"http://11.0.0.1/", 0, HW_OK, ""},
	    {"http://100.63.255.255/", 0, HW_OK, ""},
	    {"http://100.128.0.0/", 0, HW_OK, ""},
	    {"http://172.15.255.255/", 0, HW_OK, ""},
	    {"http://172.32.0.0/", 0, HW_OK, ""},
	    {"http://198.17.255.255/", 0, HW_OK, ""},
	    {"http://198.20.0.0/", 0, HW_OK, ""},
	    {"http://223.255.255.255/", 0, HW_OK, ""},
	    {"http://[fbff::1]/", 0, HW_OK, ""},
	    {"http://[fec0::1]/", 0, HW_OK, ""},
	    {"http://[2001:db9::1]/", 0, HW_OK, ""},
	    /* private and reserved: refused, unless allowed */
	    {"http://127.0.0.1/", 0, HW_EINVAL, "refused: " LOOPBACK},
	    {"http://127.0.0.1/", 1, HW_OK, ""},
	    {"http://127.255.255.254:8080/", 0, HW_EINVAL, "is a loopback address (127.0.0.0/8)"},
	    {"http://10.1.2.3/", 0, HW_EINVAL,
	     "refused: 10.1.2.3 is a private address (10.0.0.0/8)"},
	    {"http://10.1.2.3/", 1, HW_OK, ""},
	    {"http://[::1]/", 0, HW_EINVAL, "::1 is the loopback address (::1/128)"},
	    {"http://[::1]/", 1, HW_OK, ""},
	    {"http://[fe80::1]/", 0, HW_EINVAL, "fe80::1 is a link-local address (fe80::/10)"},
	    {"http://[::ffff:10.0.0.1]/", 0, HW_EINVAL,
	     "::ffff:10.0.0.1 is a private address (10.0.0.0/8, embedded in an IPv4-mapped "
	     "address (::ffff:0:0/96))"},
	    {"http://[::ffff:127.0.0.1]:8080/", 0, HW_EINVAL, "a loopback address (127.0.0.0/8, "},
	    {"http://[::ffff:7f00:1]/", 0, HW_EINVAL, "a loopback address (127.0.0.0/8, "},
	    {"http://169.254.169.254/latest", 0, HW_EINVAL,
	     "169.254.169.254 is a link-local address (169.254.0.0/16)"},
	    {"http://0x7f000001/", 0, HW_EINVAL, LOOPBACK},
	    {"http://2130706433/", 0, HW_EINVAL, LOOPBACK},
	    {"http://127.1/", 0, HW_EINVAL, LOOPBACK},
	    {"http://0177.0.0.1/", 0, HW_EINVAL, LOOPBACK},
	    {"http://100.64.0.1/", 0, HW_EINVAL,
	     "a shared (carrier-grade NAT) address (100.64.0.0/10)"},
	    {"http://100.127.255.255/", 0, HW_EINVAL, "(100.64.0.0/10)"},
	    {"http://0.0.0.0/", 0, HW_EINVAL, "(0.0.0.0/8)"},
	    {"http://172.16.0.1/", 0, HW_EINVAL, "a private address (172.16.0.0/12)"},
	    {"http://172.31.255.255/", 0, HW_EINVAL, "a private address (172.16.0.0/12)"},
	    {"http://192.168.1.1/", 0, HW_EINVAL, "a private address (192.168.0.0/16)"},
	    {"http://192.0.0.8/", 0, HW_EINVAL, "(192.0.0.0/24)"},
	    {"http://192.0.2.1/", 0, HW_EINVAL, "a documentation address (192.0.2.0/24)"},
	    {"http://198.18.0.1/", 0, HW_EINVAL, "a benchmarking address (198.18.0.0/15)"},
	    {"http://198.19.255.254/", 0, HW_EINVAL, "(198.18.0.0/15)"},
	    {"http://198.51.100.7/", 0, HW_EINVAL, "(198.51.100.0/24)"},
	    {"http://203.0.113.9/", 0, HW_EINVAL, "(203.0.113.0/24)"},
	    {"http://224.0.0.1/", 0, HW_EINVAL, "a multicast address (224.0.0.0/4)"},
	    {"http://239.255.255.250/", 0, HW_EINVAL, "(224.0.0.0/4)"},
	    {"http://240.0.0.1/", 0, HW_EINVAL, "a reserved address (240.0.0.0/4)"},
	    {"http://255.255.255.255/", 0, HW_EINVAL, "the broadcast address (255.255.255.255/32)"},
	    {"http://[::]/", 0, HW_EINVAL, "the unspecified address (::/128)"},
	    {"http://[fc00::1]/", 0, HW_EINVAL, "(fc00::/7)"},
	    {"http://[fd12:3456::1]/", 0, HW_EINVAL, "a unique local (private) address (fc00::/7)"},
	    {"http://[ff02::1]/", 0, HW_EINVAL, "a multicast address (ff00::/8)"},
	    {"http://[2001:db8::1]/", 0, HW_EINVAL, "a documentation address (2001:db8::/32)"},
	    {"http://[64:ff9b::10.0.0.1]/", 0, HW_EINVAL,
	     "embedded in a NAT64 address (64:ff9b::/96)"},
	    {"http://[::10.0.0.1]/", 0, HW_EINVAL, "a deprecated IPv4-compatible address (::/96)"},
	    {"http://[2002:a00:1::1]/", 0, HW_EINVAL, "embedded in a 6to4 address (2002::/16)"},
	    /* a name: resolved from /etc/hosts, not DNS */
	    {"http://localhost/", 0, HW_EINVAL,
	     "refused: localhost resolves to 127.0.0.1, which is a loopback address (127.0.0.0/8)"},
	    {"http://localhost:8080/", 1, HW_OK, ""},
	    /* bad forms, whatever is allowed */
	    {"", 1, HW_EINVAL, "the webhook URL is empty"},
	    {NULL, 1, HW_EINVAL, "the webhook URL is empty"},
	    {"ftp://example.com/", 1, HW_EINVAL, "scheme is ftp: only http and https"},
	    {"file:///etc/passwd", 1, HW_EINVAL, "scheme is file"},
	    {"javascript:alert(1)", 1, HW_EINVAL, "must start with http:// or https://"},
	    {"example.com/hook", 1, HW_EINVAL, "must start with http:// or https://"},
	    {"http:example.com", 1, HW_EINVAL, "must start with http:// or https://"},
	    {"http://", 1, HW_EINVAL, "has no host"},
	    {"http:///hook", 0, HW_EINVAL, "must start with http:// or https:// and the host"},
	    {"http:/hook", 0, HW_EINVAL, "must start with http:// or https:// and the host"},
	    {"https:\\\\hook/", 0, HW_EINVAL, "must start with http:// or https://"},
	    {"http://:8080/", 1, HW_EINVAL, "has no host"},
	    {"http://user:pass@example.com/", 1, HW_EINVAL, "user name or password"},
	    {"http://user@example.com/", 1, HW_EINVAL, "user name or password"},
	    {"http://user:pass@127.0.0.1/", 0, HW_EINVAL, "user name or password"},
	    {"http://exa mple.com/", 1, HW_EINVAL, "not a valid URL"},
	    {"http://example.com/a b", 1, HW_EINVAL, "not a valid URL"},
	    {" http://example.com/", 1, HW_EINVAL, "must start with http://"},
	    {"http://example.com/\r\nX-Evil: 1", 1, HW_EINVAL, "not a valid URL"},
	    {"https://example.com/x#frag", 1, HW_EINVAL, "a fragment (#...)"},
	    {"http://example.com:0/", 1, HW_EINVAL, "port must be between 1 and 65535"},
	    {"http://example.com:65536/", 1, HW_EINVAL, "not a valid URL"},
	    {"http://[fe80::1%25eth0]/", 1, HW_EINVAL, "a zone id"},
	    {"https://h\xc3\xa9llo.example/", 1, HW_EINVAL, "not ASCII"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		hw_err err;
		memset(&err, 'x', sizeof err);
		hw_err_clear(&err);
		hw_rc rc = hw_webhook_check_url(aCase[i].zUrl, aCase[i].bAllowPrivate, &err);
		if (rc != aCase[i].eWant || !strstr(err.zMsg, aCase[i].zMsg) ||
		    (rc == HW_OK) != (err.zMsg[0] == 0))
			fail_msg("case %zu (%s, allow %d): rc %s, message \"%s\"", i,
				 aCase[i].zUrl ? aCase[i].zUrl : "NULL", aCase[i].bAllowPrivate,
				 hw_rc_name(rc), err.zMsg);
		if (rc != HW_OK)
			assert_string_equal(err.zField, "url");
	}
	/* too long */
	char zLong[2100];
	int n = snprintf(zLong, sizeof zLong, "https://hooks.example.com/");
	memset(zLong + n, 'a', sizeof zLong - 1 - (size_t)n);
	zLong[sizeof zLong - 1] = 0;
	hw_err err;
	assert_int_equal(hw_webhook_check_url(zLong, 1, &err), HW_EINVAL);
	assert_non_null(strstr(err.zMsg, "longer than 2048"));
	/* pErr may be NULL */
	assert_int_equal(hw_webhook_check_url("http://10.0.0.1/", 0, NULL), HW_EINVAL);
}

/* ---- delivery to a receiver on 127.0.0.1 ---- */

/* Records each request in DIR/reqN: "METHOD PATH", "computed SIGNATURE" (the
 * receiver's own HMAC of the timestamp header and the body), the headers as
 * received, a blank line, the body. Answers the status the path names. */
static const char zReceiver[] =
    "import hashlib, hmac, http.server, os, sys, threading, time\n"
    "d, secret = sys.argv[1], sys.argv[2].encode()\n"
    "n = [0]; lock = threading.Lock()\n"
    "class H(http.server.BaseHTTPRequestHandler):\n"
    "    protocol_version = 'HTTP/1.1'\n"
    "    def log_message(self, *a): pass\n"
    "    def do_GET(self): self.answer()\n"
    "    def do_POST(self): self.answer()\n"
    "    def answer(self):\n"
    "        body = self.rfile.read(int(self.headers.get('Content-Length') or 0))\n"
    "        ts = self.headers.get('X-Hawser-Timestamp', '').encode()\n"
    "        sig = 'sha256=' + hmac.new(secret, ts + b'.' + body, hashlib.sha256).hexdigest()\n"
    "        with lock:\n"
    "            n[0] += 1; k = n[0]\n"
    "        rec = '%s %s\\ncomputed %s\\n' % (self.command, self.path, sig)\n"
    "        rec += ''.join('%s: %s\\n' % kv for kv in self.headers.items()) + '\\n'\n"
    "        tmp = os.path.join(d, '.tmp%d' % k)\n"
    "        with open(tmp, 'wb') as f: f.write(rec.encode('latin-1') + body)\n"
    "        os.rename(tmp, os.path.join(d, 'req%d' % k))\n"
    "        p = self.path.strip('/').split('?')[0]\n"
    "        code, out, extra = 200, b'ok\\n', []\n"
    "        if p == 'slow': time.sleep(5)\n"
    "        elif p == 'big': out = b'x' * (1 << 20)\n"
    "        elif p.isdigit(): code = int(p)\n"
    "        if code in (204, 304): out = b''\n"
    "        if 300 <= code < 400:\n"
    "            extra = [('Location', 'http://127.0.0.1:%d/200' % self.server.server_port)]\n"
    "        try:\n"
    "            self.send_response(code)\n"
    "            for h in extra: self.send_header(*h)\n"
    "            self.send_header('Content-Length', str(len(out)))\n"
    "            self.end_headers()\n"
    "            self.wfile.write(out)\n"
    "        except OSError: pass\n"
    "class S(http.server.ThreadingHTTPServer):\n"
    "    daemon_threads = True\n"
    "    def handle_error(self, *a): pass\n" /* a client that hangs up early */
    "s = S(('127.0.0.1', 0), H)\n"
    "print(s.server_port, flush=True)\n"
    "threading.Timer(120, os._exit, (0,)).start()\n" /* never outlive a stuck test */
    "s.serve_forever()\n";

typedef struct receiver {
	pid_t pid;
	int iPort;
	int iClosedPort; /* nothing listens there */
	char zDir[64];
} receiver;

static receiver g;

static void clear_records(void)
{
	DIR *pDir = opendir(g.zDir);
	struct dirent *e;
	char zPath[sizeof g.zDir + sizeof e->d_name + 1];
	if (!pDir)
		return;
	while ((e = readdir(pDir)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(zPath, sizeof zPath, "%s/%s", g.zDir, e->d_name);
		unlink(zPath);
	}
	closedir(pDir);
}

static int count_records(void)
{
	DIR *pDir = opendir(g.zDir);
	struct dirent *e;
	int n = 0;
	assert_non_null(pDir);
	while ((e = readdir(pDir)) != NULL)
		n += !strncmp(e->d_name, "req", 3);
	closedir(pDir);
	return n;
}

static int free_port(void)
{
	struct sockaddr_in a;
	socklen_t n = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) ||
	    getsockname(fd, (struct sockaddr *)&a, &n)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return ntohs(a.sin_port);
}

static int receiver_stop(void **state)
{
	(void)state;
	if (g.pid > 0) {
		kill(g.pid, SIGKILL);
		waitpid(g.pid, NULL, 0);
		g.pid = 0;
	}
	if (g.zDir[0]) {
		clear_records();
		rmdir(g.zDir);
		g.zDir[0] = 0;
	}
	return 0;
}

/* Start the receiver; it binds a free port itself and prints it. */
static int receiver_start(void **state)
{
	int aPipe[2];
	char zLine[32] = "";
	(void)state;
	memset(&g, 0, sizeof g);
	snprintf(g.zDir, sizeof g.zDir, "/tmp/hawser-webhook-XXXXXX");
	if (!mkdtemp(g.zDir) || pipe(aPipe)) {
		g.zDir[0] = 0;
		return -1;
	}
	g.pid = fork();
	if (g.pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* dies with the test, even on a crash */
		dup2(aPipe[1], 1);
		close(aPipe[0]);
		close(aPipe[1]);
		execl("/usr/bin/python3", "python3", "-c", zReceiver, g.zDir, SECRET, (char *)NULL);
		_exit(127);
	}
	close(aPipe[1]);
	if (g.pid > 0) {
		struct pollfd pfd = {aPipe[0], POLLIN, 0};
		size_t n = 0;
		while (n < sizeof zLine - 1 && !strchr(zLine, '\n') && poll(&pfd, 1, 10000) == 1) {
			ssize_t k = read(aPipe[0], zLine + n, sizeof zLine - 1 - n);
			if (k <= 0)
				break;
			n += (size_t)k;
			zLine[n] = 0;
		}
	}
	close(aPipe[0]);
	g.iPort = atoi(zLine);
	g.iClosedPort = free_port();
	if (g.pid <= 0 || g.iPort <= 0 || g.iClosedPort <= 0) {
		fprintf(stderr, "the receiver did not start (port line \"%s\")\n", zLine);
		receiver_stop(state);
		return -1;
	}
	return 0;
}

/* The one record, read whole; *pzBody points into it. */
static char *read_record(size_t *pnRec, char **pzBody)
{
	char zPath[128];
	snprintf(zPath, sizeof zPath, "%s/req1", g.zDir);
	FILE *f = fopen(zPath, "rb");
	assert_non_null(f);
	char *z = malloc(1 << 16);
	assert_non_null(z);
	size_t n = fread(z, 1, (1 << 16) - 1, f);
	fclose(f);
	z[n] = 0;
	char *zEnd = strstr(z, "\n\n");
	assert_non_null(zEnd);
	*pzBody = zEnd + 2;
	*pnRec = n;
	return z;
}

/* The value of header zName in the record's header block, or NULL. */
static const char *header(const char *zRec, const char *zName, char *zOut, size_t nOut)
{
	const char *zEnd = strstr(zRec, "\n\n");
	size_t nName = strlen(zName);
	for (const char *z = strchr(zRec, '\n'); z && z < zEnd; z = strchr(z + 1, '\n')) {
		if (!strncasecmp(z + 1, zName, nName) && z[1 + nName] == ':') {
			const char *zVal = z + 1 + nName + 2;
			const char *zEol = strchr(zVal, '\n');
			snprintf(zOut, nOut, "%.*s", (int)(zEol - zVal), zVal);
			return zOut;
		}
	}
	return NULL;
}

static void test_post_headers_and_body(void **state)
{
	static const char zBody[] =
	    "{\"event\":\"meeting.booked\",\"lead\":{\"name\":\"Zo\xc3\xab \\\"Q\\\"\"},\"at\":"
	    "\"2026-11-23T09:00:00Z\"}";
	char zUrl[128], zVal[256], zSig[HW_WEBHOOK_SIG_LEN], zHex[65], zSigned[512];
	int iStatus = -1;
	hw_err err;
	(void)state;
	clear_records();
	snprintf(zUrl, sizeof zUrl, "http://127.0.0.1:%d/200?source=hawser", g.iPort);
	hw_webhook_result e = hw_webhook_post(zUrl, 1, SECRET, "meeting.booked", 1234, 1795392000,
					      zBody, 5, &iStatus, &err);
	assert_int_equal(e, HW_WEBHOOK_DELIVERED);
	assert_int_equal(iStatus, 200);
	assert_non_null(strstr(err.zMsg, "HTTP 200"));
	assert_int_equal(count_records(), 1);

	size_t nRec;
	char *zBodyGot;
	char *zRec = read_record(&nRec, &zBodyGot);
	assert_memory_equal(zRec, "POST /200?source=hawser\n", 24);
	assert_string_equal(header(zRec, "X-Hawser-Event", zVal, sizeof zVal), "meeting.booked");
	assert_string_equal(header(zRec, "X-Hawser-Delivery", zVal, sizeof zVal), "1234");
	assert_string_equal(header(zRec, "X-Hawser-Timestamp", zVal, sizeof zVal), "1795392000");
	assert_string_equal(header(zRec, "Content-Type", zVal, sizeof zVal), "application/json");
	assert_string_equal(header(zRec, "User-Agent", zVal, sizeof zVal), "hawser/" HW_VERSION);
	assert_null(header(zRec, "Expect", zVal, sizeof zVal));
	assert_null(header(zRec, "Authorization", zVal, sizeof zVal));
	/* the signature: as the receiver computed it, as this test computes
	 * it, as hw_webhook_sign computes it */
	header(zRec, "X-Hawser-Signature", zVal, sizeof zVal);
	char zComputed[128];
	snprintf(zComputed, sizeof zComputed, "%.*s", (int)(strchr(zRec + 24, '\n') - zRec - 24),
		 zRec + 24);
	assert_memory_equal(zComputed, "computed sha256=", 16);
	assert_string_equal(zComputed + 9, zVal);
	int n = snprintf(zSigned, sizeof zSigned, "1795392000.%s", zBody);
	hmac_hex(SECRET, strlen(SECRET), zSigned, (size_t)n, zHex);
	assert_memory_equal(zVal, "sha256=", 7);
	assert_string_equal(zVal + 7, zHex);
	hw_webhook_sign(SECRET, 1795392000, zBody, strlen(zBody), zSig);
	assert_string_equal(zVal, zSig);
	/* the body, byte for byte */
	assert_int_equal((size_t)(zRec + nRec - zBodyGot), strlen(zBody));
	assert_memory_equal(zBodyGot, zBody, strlen(zBody));
	free(zRec);
}

static void test_post_results(void **state)
{
	enum { LISTEN, CLOSED };
	static const struct {
		const char *zUrl; /* %d: the port */
		int ePort;
		int bAllowPrivate;
		const char *zEvent;
		int nTimeout;
		hw_webhook_result eWant;
		int iStatus;
		const char *zMsg;   /* in the message */
		const char *zField; /* the message's field */
		int nRequest;	    /* requests that reached the receiver */
	} aCase[] = {
	    {"http://127.0.0.1:%d/200", LISTEN, 1, "meeting.booked", 0, HW_WEBHOOK_DELIVERED, 200,
	     "delivered: 127.0.0.1 answered HTTP 200", "", 1},
	    {"http://127.0.0.1:%d/201", LISTEN, 1, "x", 0, HW_WEBHOOK_DELIVERED, 201, "HTTP 201",
	     "", 1},
	    {"http://127.0.0.1:%d/204", LISTEN, 1, "x", 0, HW_WEBHOOK_DELIVERED, 204, "HTTP 204",
	     "", 1},
	    /* a name, resolved (from /etc/hosts) and pinned */
	    {"http://localhost:%d/200", LISTEN, 1, "x", 0, HW_WEBHOOK_DELIVERED, 200,
	     "localhost answered HTTP 200", "", 1},
	    /* an answer bigger than what is read is still an answer */
	    {"http://127.0.0.1:%d/big", LISTEN, 1, "x", 0, HW_WEBHOOK_DELIVERED, 200, "HTTP 200",
	     "", 1},
	    {"http://127.0.0.1:%d/500", LISTEN, 1, "x", 0, HW_WEBHOOK_RETRY, 500,
	     "HTTP 500 (a server error): worth retrying", "", 1},
	    {"http://127.0.0.1:%d/503", LISTEN, 1, "x", 0, HW_WEBHOOK_RETRY, 503, "HTTP 503", "",
	     1},
	    {"http://127.0.0.1:%d/408", LISTEN, 1, "x", 0, HW_WEBHOOK_RETRY, 408,
	     "HTTP 408 (request timeout)", "", 1},
	    {"http://127.0.0.1:%d/429", LISTEN, 1, "x", 0, HW_WEBHOOK_RETRY, 429,
	     "HTTP 429 (too many requests)", "", 1},
	    {"http://127.0.0.1:%d/404", LISTEN, 1, "x", 0, HW_WEBHOOK_FAILED, 404,
	     "HTTP 404 (the request was refused)", "", 1},
	    {"http://127.0.0.1:%d/400", LISTEN, 1, "x", 0, HW_WEBHOOK_FAILED, 400, "HTTP 400", "",
	     1},
	    {"http://127.0.0.1:%d/410", LISTEN, 1, "x", 0, HW_WEBHOOK_FAILED, 410, "HTTP 410", "",
	     1},
	    /* redirects: one request, the Location not followed */
	    {"http://127.0.0.1:%d/302", LISTEN, 1, "x", 0, HW_WEBHOOK_FAILED, 302,
	     "HTTP 302 (a redirect to http://127.0.0.1:", "", 1},
	    {"http://127.0.0.1:%d/301", LISTEN, 1, "x", 0, HW_WEBHOOK_FAILED, 301,
	     "redirects are not followed", "", 1},
	    {"http://127.0.0.1:%d/307", LISTEN, 1, "x", 0, HW_WEBHOOK_FAILED, 307,
	     "redirects are not followed", "", 1},
	    /* private destinations not allowed: nothing reaches the receiver */
	    {"http://127.0.0.1:%d/200", LISTEN, 0, "x", 0, HW_WEBHOOK_FAILED, 0,
	     "refused: " LOOPBACK, "url", 0},
	    {"http://localhost:%d/200", LISTEN, 0, "x", 0, HW_WEBHOOK_FAILED, 0,
	     "refused: localhost resolves to 127.0.0.1, which is a loopback address", "url", 0},
	    {"http://[::ffff:127.0.0.1]:%d/200", LISTEN, 0, "x", 0, HW_WEBHOOK_FAILED, 0,
	     "embedded in an IPv4-mapped address", "url", 0},
	    {"http://2130706433:%d/200", LISTEN, 0, "x", 0, HW_WEBHOOK_FAILED, 0, LOOPBACK, "url",
	     0},
	    /* bad URL, bad event name: nothing sent */
	    {"ftp://127.0.0.1:%d/200", LISTEN, 1, "x", 0, HW_WEBHOOK_FAILED, 0,
	     "only http and https", "url", 0},
	    {"http://user:pw@127.0.0.1:%d/200", LISTEN, 1, "x", 0, HW_WEBHOOK_FAILED, 0,
	     "user name or password", "url", 0},
	    {"http://127.0.0.1:%d/200", LISTEN, 1, "x\r\nX-Evil: 1", 0, HW_WEBHOOK_FAILED, 0,
	     "event name", "event", 0},
	    {"http://127.0.0.1:%d/200", LISTEN, 1, "", 0, HW_WEBHOOK_FAILED, 0, "event name",
	     "event", 0},
	    /* nobody listening: worth retrying */
	    {"http://127.0.0.1:%d/200", CLOSED, 1, "x", 0, HW_WEBHOOK_RETRY, 0,
	     "not delivered to 127.0.0.1: ", "", 0},
	    /* too slow: the timeout, worth retrying (last: the receiver sleeps on) */
	    {"http://127.0.0.1:%d/slow", LISTEN, 1, "x", 2, HW_WEBHOOK_RETRY, 0, "timed out", "",
	     1},
	};
	(void)state;
	for (size_t i = 0; i < sizeof aCase / sizeof aCase[0]; i++) {
		char zUrl[128];
		int iStatus = -1;
		hw_err err;
		clear_records();
		snprintf(zUrl, sizeof zUrl, aCase[i].zUrl,
			 aCase[i].ePort == CLOSED ? g.iClosedPort : g.iPort);
		hw_webhook_result e =
		    hw_webhook_post(zUrl, aCase[i].bAllowPrivate, SECRET, aCase[i].zEvent, 7,
				    1795392000, "{}", aCase[i].nTimeout, &iStatus, &err);
		int nRequest = count_records();
		if (e != aCase[i].eWant || iStatus != aCase[i].iStatus ||
		    !strstr(err.zMsg, aCase[i].zMsg) || strcmp(err.zField, aCase[i].zField) ||
		    nRequest != aCase[i].nRequest)
			fail_msg("case %zu (%s): result %d status %d requests %d field \"%s\" "
				 "message \"%s\"",
				 i, zUrl, (int)e, iStatus, nRequest, err.zField, err.zMsg);
	}
}

int main(void)
{
	const struct CMUnitTest aOffline[] = {
	    cmocka_unit_test(test_hmac_rfc4231),
	    cmocka_unit_test(test_sign),
	    cmocka_unit_test(test_check_url),
	};
	const struct CMUnitTest aDelivery[] = {
	    cmocka_unit_test(test_post_headers_and_body),
	    cmocka_unit_test(test_post_results),
	};
	int nFail = cmocka_run_group_tests_name("webhook", aOffline, NULL, NULL);
	nFail += cmocka_run_group_tests_name("webhook delivery", aDelivery, receiver_start,
					     receiver_stop);
	return nFail;
}
