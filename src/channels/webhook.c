/*
 * webhook.c — signing a webhook's body, checking where it may go, and the
 * POST itself with libcurl.
 *
 * A delivery goes through three steps, each refusing with a message an admin
 * can act on: parse() reads the URL with curl's URL API (the same CURLU
 * handle is later given to the transfer, so what was checked is what is
 * fetched); resolve() asks getaddrinfo for every address of the host; and
 * unless private destinations are allowed, refused() finds the first address
 * in the table of private and reserved ranges. The transfer is then pinned
 * to the resolved addresses twice over: CURLOPT_RESOLVE fills curl's DNS
 * cache with them, and the open-socket callback refuses any other address,
 * so neither a DNS change after the check nor a mismatch in the cache key
 * can send the request elsewhere. Proxies from the environment are ignored
 * for the same reason (a proxy would resolve the name itself).
 *
 * Caps: URL_MAX for the URL, MAX_ADDR addresses per host (those are the
 * ones checked, pinned and allowed by the callback), BODY_CAP bytes of the
 * answer read (the rest is not waited for: the status decides).
 *
 * libcurl initialises itself on the first curl_easy_init(); a program that
 * posts from several threads calls curl_global_init() once at start.
 */
#include "channels/webhook.h"

#include <arpa/inet.h>	/* inet_pton, inet_ntop */
#include <curl/curl.h>	/* the URL API and the transfer */
#include <netdb.h>	/* getaddrinfo */
#include <netinet/in.h> /* sockaddr_in, sockaddr_in6 */
#include <sodium.h>	/* crypto_auth_hmacsha256_*, sodium_bin2hex */
#include <stdarg.h>	/* va_list */
#include <stdio.h>	/* snprintf */
#include <string.h>	/* memcmp, memcpy, strlen */
#include <sys/socket.h> /* socket, AF_INET6 */

#ifndef HW_VERSION
#define HW_VERSION "dev"
#endif

#define URL_MAX 2048	     /* longer is a mistake, not a destination */
#define MAX_ADDR 16	     /* addresses of one host checked and pinned */
#define BODY_CAP (64 * 1024) /* of the answer read before it is dropped */
#define CONNECT_TIMEOUT 5L   /* seconds */
#define DEFAULT_TIMEOUT 10   /* seconds for the whole POST */
#define ALLOW_HINT "an admin can allow private destinations for this webhook"

/* The ranges no webhook goes to unless allowed. Searched in order and the
 * first match wins, so a narrower range stands before a wider one that
 * contains it (255.255.255.255 before 240/4, ::1 before ::/96). An entry
 * with iEmbed is a form of IPv6 that carries an IPv4 address at that byte
 * offset: that IPv4 address decides. */
typedef struct range {
	int iFamily;
	const char *zPrefix;
	int nBits;
	const char *zWhat; /* completes "10.0.0.5 is ___ address" */
	int iEmbed;	   /* byte offset of an embedded IPv4 address, or 0 */
} range;

static const range aRange[] = {
    {AF_INET, "0.0.0.0", 8, "a \"this network\"", 0},
    {AF_INET, "10.0.0.0", 8, "a private", 0},
    {AF_INET, "100.64.0.0", 10, "a shared (carrier-grade NAT)", 0},
    {AF_INET, "127.0.0.0", 8, "a loopback", 0},
    {AF_INET, "169.254.0.0", 16, "a link-local", 0},
    {AF_INET, "172.16.0.0", 12, "a private", 0},
    {AF_INET, "192.0.0.0", 24, "an IETF protocol", 0},
    {AF_INET, "192.0.2.0", 24, "a documentation", 0},
    {AF_INET, "192.168.0.0", 16, "a private", 0},
    {AF_INET, "198.18.0.0", 15, "a benchmarking", 0},
    {AF_INET, "198.51.100.0", 24, "a documentation", 0},
    {AF_INET, "203.0.113.0", 24, "a documentation", 0},
    {AF_INET, "224.0.0.0", 4, "a multicast", 0},
    {AF_INET, "255.255.255.255", 32, "the broadcast", 0},
    {AF_INET, "240.0.0.0", 4, "a reserved", 0},
    {AF_INET6, "::", 128, "the unspecified", 0},
    {AF_INET6, "::1", 128, "the loopback", 0},
    {AF_INET6, "::ffff:0:0", 96, "an IPv4-mapped", 12},
    {AF_INET6, "64:ff9b::", 96, "a NAT64", 12},
    {AF_INET6, "2002::", 16, "a 6to4", 2},
    {AF_INET6, "::", 96, "a deprecated IPv4-compatible", 0},
    {AF_INET6, "fc00::", 7, "a unique local (private)", 0},
    {AF_INET6, "fe80::", 10, "a link-local", 0},
    {AF_INET6, "ff00::", 8, "a multicast", 0},
    {AF_INET6, "2001:db8::", 32, "a documentation", 0},
};

/* A destination: the parsed URL and the addresses its host resolved to. */
typedef struct dest {
	CURLU *pUrl;
	char zHost[256]; /* as curl keeps it: "[::1]" with brackets */
	char zName[256]; /* for getaddrinfo: brackets taken off */
	char zPort[8];
	int bLiteral; /* the host is an IP address: nothing to resolve */
	int nAddr;
	unsigned char aaAddr[MAX_ADDR][16];
	int aFamily[MAX_ADDR];
	char azAddr[MAX_ADDR][INET6_ADDRSTRLEN];
	int bStray; /* the transfer tried an address not in aaAddr */
} dest;

void hw_webhook_sign(const char *zSecret, hw_time tStamp, const char *zBody, size_t nBody,
		     char zSig[HW_WEBHOOK_SIG_LEN])
{
	/* No sodium_init(): HMAC-SHA256 needs neither randomness nor CPU
	 * dispatch, and the streaming API takes a key of any length. */
	crypto_auth_hmacsha256_state st;
	unsigned char aMac[crypto_auth_hmacsha256_BYTES];
	char zStamp[32];
	int n = snprintf(zStamp, sizeof zStamp, "%lld.", tStamp);

	if (!zSecret)
		zSecret = "";
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)zSecret, strlen(zSecret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)zStamp, (unsigned long long)n);
	if (nBody)
		crypto_auth_hmacsha256_update(&st, (const unsigned char *)zBody, nBody);
	crypto_auth_hmacsha256_final(&st, aMac);
	sodium_memzero(&st, sizeof st);
	memcpy(zSig, "sha256=", 7);
	sodium_bin2hex(zSig + 7, HW_WEBHOOK_SIG_LEN - 7, aMac, sizeof aMac);
}

/* A problem with the URL: the message, with zField "url". */
static void url_err(hw_err *pErr, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));
static void url_err(hw_err *pErr, const char *zFmt, ...)
{
	char zMsg[sizeof pErr->zMsg];
	va_list ap;
	if (!pErr)
		return;
	va_start(ap, zFmt);
	vsnprintf(zMsg, sizeof zMsg, zFmt, ap);
	va_end(ap);
	hw_err_at(pErr, NULL, 0, 0, "url", "%s", zMsg);
}

/* Copy a part of the URL into z; 0 when the URL has no such part. */
static int url_part(CURLU *pUrl, CURLUPart ePart, unsigned flags, char *z, size_t n)
{
	char *zPart = NULL;
	if (curl_url_get(pUrl, ePart, &zPart, flags) != CURLUE_OK || !zPart)
		return 0;
	snprintf(z, n, "%s", zPart);
	curl_free(zPart);
	return 1;
}

static hw_rc parse(const char *zUrl, dest *p, hw_err *pErr)
{
	char zScheme[16] = "", zJunk[8];
	CURLUcode rc;

	if (!zUrl || !zUrl[0]) {
		url_err(pErr,
			"the webhook URL is empty: give one like https://hooks.example.com/hawser");
		return HW_EINVAL;
	}
	if (strlen(zUrl) > URL_MAX) {
		url_err(pErr, "the webhook URL is longer than %d characters", URL_MAX);
		return HW_EINVAL;
	}
	p->pUrl = curl_url();
	if (!p->pUrl) {
		hw_err_set(pErr, "out of memory parsing the webhook URL");
		return HW_ENOMEM;
	}
	rc = curl_url_set(p->pUrl, CURLUPART_URL, zUrl, CURLU_DISALLOW_USER);
	switch (rc) {
	case CURLUE_OK:
		break;
	case CURLUE_OUT_OF_MEMORY:
		hw_err_set(pErr, "out of memory parsing the webhook URL");
		return HW_ENOMEM;
	case CURLUE_USER_NOT_ALLOWED:
		url_err(pErr, "a user name or password in the webhook URL is not allowed: remove "
			      "the part before '@' (the receiver checks the signature instead)");
		return HW_EINVAL;
	case CURLUE_NO_HOST:
		url_err(pErr,
			"the webhook URL has no host: write it like https://hooks.example.com/x");
		return HW_EINVAL;
	case CURLUE_UNSUPPORTED_SCHEME:
	case CURLUE_BAD_SCHEME:
	case CURLUE_NO_SCHEME:
	case CURLUE_BAD_SLASHES:
		url_err(pErr, "the webhook URL must start with http:// or https://");
		return HW_EINVAL;
	default:
		url_err(pErr,
			"the webhook URL is not a valid URL (%s): write it like "
			"https://hooks.example.com/hawser, with no spaces",
			curl_url_strerror(rc));
		return HW_EINVAL;
	}
	if (!url_part(p->pUrl, CURLUPART_SCHEME, 0, zScheme, sizeof zScheme) ||
	    (strcmp(zScheme, "http") && strcmp(zScheme, "https"))) {
		url_err(pErr, "the webhook URL's scheme is %s: only http and https are allowed",
			zScheme);
		return HW_EINVAL;
	}
	/* curl reads "http:/h" and "http:///h" as host h; a destination is
	 * written plainly or not at all. */
	const char *zAfter = zUrl + strlen(zScheme) + 1;
	if (strncmp(zAfter, "//", 2) || zAfter[2] == '/' || zAfter[2] == '\\') {
		url_err(pErr, "the webhook URL must start with http:// or https:// and the host");
		return HW_EINVAL;
	}
	if (!url_part(p->pUrl, CURLUPART_HOST, 0, p->zHost, sizeof p->zHost) || !p->zHost[0]) {
		url_err(pErr,
			"the webhook URL has no host: write it like https://hooks.example.com/x");
		return HW_EINVAL;
	}
	if (strlen(p->zHost) > 253) {
		url_err(pErr, "the webhook URL's host name is longer than 253 characters");
		return HW_EINVAL;
	}
	for (const char *z = p->zHost; *z; z++) {
		if ((unsigned char)*z >= 0x80) {
			url_err(pErr,
				"the host %s is not ASCII: write an international name in its "
				"xn-- (punycode) form",
				p->zHost);
			return HW_EINVAL;
		}
	}
	if (url_part(p->pUrl, CURLUPART_ZONEID, 0, zJunk, sizeof zJunk)) {
		url_err(pErr, "a zone id (%%25...) in the webhook URL is not allowed");
		return HW_EINVAL;
	}
	if (url_part(p->pUrl, CURLUPART_FRAGMENT, 0, zJunk, sizeof zJunk)) {
		url_err(pErr, "a fragment (#...) in the webhook URL is not allowed: remove it");
		return HW_EINVAL;
	}
	if (!url_part(p->pUrl, CURLUPART_PORT, CURLU_DEFAULT_PORT, p->zPort, sizeof p->zPort) ||
	    !strcmp(p->zPort, "0")) {
		url_err(pErr, "the webhook URL's port must be between 1 and 65535");
		return HW_EINVAL;
	}
	size_t n = strlen(p->zHost);
	if (p->zHost[0] == '[' && p->zHost[n - 1] == ']')
		snprintf(p->zName, sizeof p->zName, "%.*s", (int)(n - 2), p->zHost + 1);
	else
		snprintf(p->zName, sizeof p->zName, "%s", p->zHost);
	unsigned char aBuf[16];
	p->bLiteral =
	    inet_pton(AF_INET, p->zName, aBuf) == 1 || inet_pton(AF_INET6, p->zName, aBuf) == 1;
	return HW_OK;
}

/* Every address of the host (up to MAX_ADDR), without repeats. HW_EINVAL
 * when the name does not exist, HW_EIO when resolving failed otherwise. */
static hw_rc resolve(dest *p, hw_err *pErr)
{
	struct addrinfo hints, *pList = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = p->bLiteral ? AI_NUMERICHOST : 0;
	int rc = getaddrinfo(p->zName, p->zPort, &hints, &pList);
	if (rc) {
		int bGone = rc == EAI_NONAME;
#ifdef EAI_NODATA
		bGone |= rc == EAI_NODATA;
#endif
		hw_err_at(pErr, NULL, 0, 0, "url", "cannot resolve the host %s (%s)%s", p->zName,
			  gai_strerror(rc),
			  bGone ? ": check the spelling of the webhook URL" : ": try again later");
		return bGone ? HW_EINVAL : HW_EIO;
	}
	p->nAddr = 0;
	for (struct addrinfo *a = pList; a && p->nAddr < MAX_ADDR; a = a->ai_next) {
		const unsigned char *aAddr;
		int nLen;
		if (a->ai_family == AF_INET) {
			aAddr =
			    (const unsigned char *)&((struct sockaddr_in *)a->ai_addr)->sin_addr;
			nLen = 4;
		} else if (a->ai_family == AF_INET6) {
			aAddr =
			    (const unsigned char *)&((struct sockaddr_in6 *)a->ai_addr)->sin6_addr;
			nLen = 16;
		} else {
			continue;
		}
		int bSeen = 0;
		for (int i = 0; i < p->nAddr && !bSeen; i++)
			bSeen = p->aFamily[i] == a->ai_family && !memcmp(p->aaAddr[i], aAddr, nLen);
		if (bSeen)
			continue;
		p->aFamily[p->nAddr] = a->ai_family;
		memcpy(p->aaAddr[p->nAddr], aAddr, nLen);
		inet_ntop(a->ai_family, aAddr, p->azAddr[p->nAddr], sizeof p->azAddr[0]);
		p->nAddr++;
	}
	freeaddrinfo(pList);
	if (!p->nAddr) {
		hw_err_at(pErr, NULL, 0, 0, "url", "the host %s has no IPv4 or IPv6 address",
			  p->zName);
		return HW_EINVAL;
	}
	return HW_OK;
}

static int in_prefix(const unsigned char *aAddr, const unsigned char *aPrefix, int nBits)
{
	int nByte = nBits / 8, nRest = nBits % 8;
	if (memcmp(aAddr, aPrefix, (size_t)nByte))
		return 0;
	if (!nRest)
		return 1;
	unsigned char m = (unsigned char)(0xff << (8 - nRest));
	return (aAddr[nByte] & m) == (aPrefix[nByte] & m);
}

/* The range that makes an address off limits, or NULL. *ppVia: the IPv6
 * form it was embedded in, or NULL. */
static const range *reserved(int iFamily, const unsigned char *aAddr, const range **ppVia)
{
	*ppVia = NULL;
	for (size_t i = 0; i < sizeof aRange / sizeof aRange[0]; i++) {
		const range *r = &aRange[i];
		unsigned char aPrefix[16];
		if (r->iFamily != iFamily || inet_pton(iFamily, r->zPrefix, aPrefix) != 1 ||
		    !in_prefix(aAddr, aPrefix, r->nBits))
			continue;
		if (!r->iEmbed)
			return r;
		const range *pV4 = reserved(AF_INET, aAddr + r->iEmbed, ppVia);
		*ppVia = pV4 ? r : NULL;
		return pV4; /* the IPv6 form of a public IPv4 address is public */
	}
	return NULL;
}

/* HW_EINVAL when any address of the host is private or reserved. */
static hw_rc refused(const dest *p, hw_err *pErr)
{
	for (int i = 0; i < p->nAddr; i++) {
		const range *pVia, *r = reserved(p->aFamily[i], p->aaAddr[i], &pVia);
		char zWho[300], zVia[128] = "";
		if (!r)
			continue;
		if (p->bLiteral)
			snprintf(zWho, sizeof zWho, "%s is", p->azAddr[i]);
		else
			snprintf(zWho, sizeof zWho, "%s resolves to %s, which is", p->zName,
				 p->azAddr[i]);
		if (pVia)
			snprintf(zVia, sizeof zVia, ", embedded in %s address (%s/%d)", pVia->zWhat,
				 pVia->zPrefix, pVia->nBits);
		hw_err_at(pErr, NULL, 0, 0, "url", "refused: %s %s address (%s/%d%s); " ALLOW_HINT,
			  zWho, r->zWhat, r->zPrefix, r->nBits, zVia);
		return HW_EINVAL;
	}
	return HW_OK;
}

/* Parse, and resolve when bResolve; then refuse a private address unless
 * allowed. p->pUrl is the caller's to free whatever the result. */
static hw_rc dest_open(const char *zUrl, int bResolve, int bAllowPrivate, dest *p, hw_err *pErr)
{
	hw_rc rc = parse(zUrl, p, pErr);
	if (rc == HW_OK && bResolve)
		rc = resolve(p, pErr);
	if (rc == HW_OK && bResolve && !bAllowPrivate)
		rc = refused(p, pErr);
	return rc;
}

hw_rc hw_webhook_check_url(const char *zUrl, int bAllowPrivate, hw_err *pErr)
{
	dest d;
	memset(&d, 0, sizeof d);
	hw_rc rc = dest_open(zUrl, !bAllowPrivate, bAllowPrivate, &d, pErr);
	curl_url_cleanup(d.pUrl);
	return rc;
}

/* curl's open-socket callback: only the addresses that were checked. */
static curl_socket_t open_socket(void *pCtx, curlsocktype purpose, struct curl_sockaddr *pAddr)
{
	dest *p = pCtx;
	const unsigned char *aAddr = NULL;
	(void)purpose;
	if (pAddr->family == AF_INET)
		aAddr = (const unsigned char *)&((struct sockaddr_in *)&pAddr->addr)->sin_addr;
	else if (pAddr->family == AF_INET6)
		aAddr = (const unsigned char *)&((struct sockaddr_in6 *)&pAddr->addr)->sin6_addr;
	for (int i = 0; aAddr && i < p->nAddr; i++) {
		if (p->aFamily[i] == pAddr->family &&
		    !memcmp(p->aaAddr[i], aAddr, pAddr->family == AF_INET ? 4 : 16))
			return socket(pAddr->family, pAddr->socktype | SOCK_CLOEXEC,
				      pAddr->protocol);
	}
	p->bStray = 1;
	return CURL_SOCKET_BAD;
}

static size_t discard(char *z, size_t nSize, size_t nItem, void *pCtx)
{
	size_t *pnRead = pCtx;
	(void)z;
	*pnRead += nSize * nItem;
	return *pnRead > BODY_CAP ? 0 : nSize * nItem; /* 0 stops the transfer */
}

/* "host:port:addr,addr" for CURLOPT_RESOLVE. */
static void pin_spec(const dest *p, char *z, size_t n)
{
	size_t i = (size_t)snprintf(z, n, "%s:%s:", p->zHost, p->zPort);
	for (int k = 0; k < p->nAddr && i < n; k++) {
		const char *zFmt = p->aFamily[k] == AF_INET6 ? "%s[%s]" : "%s%s";
		i += (size_t)snprintf(z + i, n - i, zFmt, k ? "," : "", p->azAddr[k]);
	}
}

/* The request's header fields; NULL when out of memory. */
static struct curl_slist *headers(const char *zEvent, long long iDelivery, hw_time tStamp,
				  const char *zSig)
{
	char azLine[6][128];
	struct curl_slist *pList = NULL;
	snprintf(azLine[0], sizeof azLine[0], "Content-Type: application/json");
	snprintf(azLine[1], sizeof azLine[1], "Expect:"); /* no 100-continue round trip */
	snprintf(azLine[2], sizeof azLine[2], "X-Hawser-Event: %s", zEvent);
	snprintf(azLine[3], sizeof azLine[3], "X-Hawser-Delivery: %lld", iDelivery);
	snprintf(azLine[4], sizeof azLine[4], "X-Hawser-Timestamp: %lld", tStamp);
	snprintf(azLine[5], sizeof azLine[5], "X-Hawser-Signature: %s", zSig);
	for (int i = 0; i < 6; i++) {
		struct curl_slist *pNew = curl_slist_append(pList, azLine[i]);
		if (!pNew) {
			curl_slist_free_all(pList);
			return NULL;
		}
		pList = pNew;
	}
	return pList;
}

/* An event name goes into a header field: a short token, nothing else. */
static int event_ok(const char *zEvent)
{
	size_t n = zEvent ? strlen(zEvent) : 0;
	if (n == 0 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = zEvent[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

/* What an HTTP status means for the delivery, said in pErr. */
static hw_webhook_result by_status(CURL *pCurl, const char *zHost, long iStatus, hw_err *pErr)
{
	if (iStatus >= 200 && iStatus < 300) {
		hw_err_set(pErr, "delivered: %s answered HTTP %ld", zHost, iStatus);
		return HW_WEBHOOK_DELIVERED;
	}
	if (iStatus >= 300 && iStatus < 400) {
		char *zLoc = NULL;
		curl_easy_getinfo(pCurl, CURLINFO_REDIRECT_URL, &zLoc);
		hw_err_set(pErr,
			   "not delivered: %s answered HTTP %ld (a redirect to %.200s); redirects "
			   "are not followed: set the webhook URL to the final address",
			   zHost, iStatus, zLoc ? zLoc : "nowhere");
		return HW_WEBHOOK_FAILED;
	}
	if (iStatus >= 500 || iStatus == 408 || iStatus == 429) {
		hw_err_set(pErr, "not delivered: %s answered HTTP %ld (%s): worth retrying later",
			   zHost, iStatus,
			   iStatus == 429   ? "too many requests"
			   : iStatus == 408 ? "request timeout"
					    : "a server error");
		return HW_WEBHOOK_RETRY;
	}
	hw_err_set(pErr,
		   "not delivered: %s answered HTTP %ld (the request was refused): check the "
		   "webhook URL and the receiver's settings; retrying will not help",
		   zHost, iStatus);
	return HW_WEBHOOK_FAILED;
}

static int hard_error(CURLcode rc)
{
	return rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT ||
	       rc == CURLE_NOT_BUILT_IN || rc == CURLE_BAD_FUNCTION_ARGUMENT ||
	       rc == CURLE_FAILED_INIT;
}

hw_webhook_result hw_webhook_post(const char *zUrl, int bAllowPrivate, const char *zSecret,
				  const char *zEvent, long long iDelivery, hw_time tStamp,
				  const char *zBody, int nTimeoutSeconds, int *piStatus,
				  hw_err *pErr)
{
	hw_webhook_result eRes = HW_WEBHOOK_RETRY;
	dest d;
	CURL *pCurl = NULL;
	struct curl_slist *pHeaders = NULL, *pPin = NULL;
	char zErrBuf[CURL_ERROR_SIZE] = "";
	char zSig[HW_WEBHOOK_SIG_LEN];
	char zPin[sizeof d.zHost + 8 + MAX_ADDR * (INET6_ADDRSTRLEN + 3)];
	size_t nRead = 0, nBody;
	long iStatus = 0;
	CURLcode rc;

	memset(&d, 0, sizeof d);
	if (piStatus)
		*piStatus = 0;
	if (!zBody)
		zBody = "";
	nBody = strlen(zBody);
	if (!event_ok(zEvent)) {
		hw_err_at(pErr, NULL, 0, 0, "event",
			  "the event name must be 1 to 64 letters, digits, '.', '_' or '-' "
			  "(like meeting.booked)");
		return HW_WEBHOOK_FAILED;
	}
	/* Resolved even when private addresses are allowed: the connection goes
	 * to what was resolved here, one path for both. */
	switch (dest_open(zUrl, 1, bAllowPrivate, &d, pErr)) {
	case HW_OK:
		break;
	case HW_EINVAL: /* a bad URL, a name that does not exist, a refused address */
		eRes = HW_WEBHOOK_FAILED;
		goto done;
	default: /* resolving failed for now, memory */
		goto done;
	}

	pCurl = curl_easy_init();
	if (!pCurl) {
		hw_err_set(pErr,
			   "could not start a transfer (out of memory?): worth retrying later");
		goto done;
	}
	hw_webhook_sign(zSecret, tStamp, zBody, nBody, zSig);
	pHeaders = headers(zEvent, iDelivery, tStamp, zSig);
	if (!d.bLiteral) {
		pin_spec(&d, zPin, sizeof zPin);
		pPin = curl_slist_append(NULL, zPin);
	}
	if (!pHeaders || (!d.bLiteral && !pPin)) {
		hw_err_set(pErr, "out of memory preparing the webhook: worth retrying later");
		goto done;
	}

	curl_easy_setopt(pCurl, CURLOPT_CURLU, d.pUrl);
	curl_easy_setopt(pCurl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(pCurl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(pCurl, CURLOPT_PROXY, "");
	curl_easy_setopt(pCurl, CURLOPT_RESOLVE, pPin);
	curl_easy_setopt(pCurl, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(pCurl, CURLOPT_OPENSOCKETDATA, &d);
	curl_easy_setopt(pCurl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(pCurl, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT);
	curl_easy_setopt(pCurl, CURLOPT_TIMEOUT,
			 (long)(nTimeoutSeconds > 0 ? nTimeoutSeconds : DEFAULT_TIMEOUT));
	curl_easy_setopt(pCurl, CURLOPT_POST, 1L);
	curl_easy_setopt(pCurl, CURLOPT_POSTFIELDS, zBody);
	curl_easy_setopt(pCurl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)nBody);
	curl_easy_setopt(pCurl, CURLOPT_HTTPHEADER, pHeaders);
	curl_easy_setopt(pCurl, CURLOPT_USERAGENT, "hawser/" HW_VERSION);
	curl_easy_setopt(pCurl, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(pCurl, CURLOPT_WRITEDATA, &nRead);
	curl_easy_setopt(pCurl, CURLOPT_ERRORBUFFER, zErrBuf);

	rc = curl_easy_perform(pCurl);
	curl_easy_getinfo(pCurl, CURLINFO_RESPONSE_CODE, &iStatus);
	if (piStatus)
		*piStatus = (int)iStatus;
	if (d.bStray) {
		hw_err_at(pErr, NULL, 0, 0, "url",
			  "refused: the connection to %s was about to go to an address that was "
			  "not checked; not delivered",
			  d.zName);
		eRes = HW_WEBHOOK_FAILED;
	} else if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && nRead > BODY_CAP && iStatus)) {
		eRes = by_status(pCurl, d.zName, iStatus, pErr);
	} else {
		hw_err_set(pErr, "not delivered to %s: %s (curl error %d)%s", d.zName,
			   zErrBuf[0] ? zErrBuf : curl_easy_strerror(rc), (int)rc,
			   hard_error(rc) ? "" : ": worth retrying later");
		eRes = hard_error(rc) ? HW_WEBHOOK_FAILED : HW_WEBHOOK_RETRY;
	}

done:
	curl_easy_cleanup(pCurl);
	curl_slist_free_all(pHeaders);
	curl_slist_free_all(pPin);
	curl_url_cleanup(d.pUrl);
	return eRes;
}

int hw_webhook_events_ok(const char *z)
{
	static const char *const azEvent[] = {"meeting.booked", "dnc.requested", "import.finished"};
	if (!*z)
		return 0;
	while (*z) {
		size_t n = strcspn(z, ","), k;
		for (k = 0; k < sizeof azEvent / sizeof azEvent[0]; k++)
			if (strlen(azEvent[k]) == n && strncmp(z, azEvent[k], n) == 0)
				break;
		if (k == sizeof azEvent / sizeof azEvent[0])
			return 0;
		z += n + (z[n] == ',');
	}
	return 1;
}
