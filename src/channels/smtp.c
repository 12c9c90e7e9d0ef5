/*
 * smtp.c — delivering a built message (mail.c) over SMTP with libcurl:
 * STARTTLS when required, AUTH, one easy handle per message. What happened
 * becomes SENT, RETRY (a timeout, a 4xx answer) or FAILED (a 5xx answer, a
 * refused login or address), with the server's own words.
 */
#include "channels/smtp.h"

#include <curl/curl.h> /* the SMTP client */
#include <pthread.h>   /* pthread_once */
#include <sodium.h>    /* sodium_init, for mail.c's Message-IDs */
#include <stdio.h>     /* snprintf */
#include <stdlib.h>    /* abort */
#include <string.h>    /* strlen, strncmp */
#include <strings.h>   /* strncasecmp */

#define SMTP_TIMEOUT 30
#define SMTP_CONNECT_TIMEOUT 10

/* ---- delivery ---- */

static pthread_once_t gInitOnce = PTHREAD_ONCE_INIT;

static void global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (sodium_init() < 0)
		abort(); /* no randomness: nothing in hawser can be trusted to work */
}

void hw_smtp_global_init(void)
{
	pthread_once(&gInitOnce, global_init);
}

typedef struct upload {
	const char *z;
	size_t n, i;
} upload;

static size_t read_cb(char *pBuf, size_t nSize, size_t nItems, void *pCtx)
{
	upload *u = pCtx;
	size_t n = nSize * nItems;
	if (n > u->n - u->i)
		n = u->n - u->i;
	memcpy(pBuf, u->z + u->i, n);
	u->i += n;
	return n;
}

/* The server's replies reach us as debug data (CURLINFO_HEADER_IN); the last
 * line is what the user reads: "550 5.1.1 no such mailbox". */
static int debug_cb(CURL *pCurl, curl_infotype eType, char *z, size_t n, void *pCtx)
{
	char *zReply = pCtx;
	(void)pCurl;
	if (eType != CURLINFO_HEADER_IN)
		return 0;
	while (n && (z[n - 1] == '\r' || z[n - 1] == '\n'))
		n--;
	size_t iStart = n;
	while (iStart && z[iStart - 1] != '\n')
		iStart--;
	/* 221 answers QUIT, after the reply that mattered */
	if (iStart == n || (n - iStart >= 4 && memcmp(z + iStart, "221 ", 4) == 0))
		return 0;
	size_t k = 0;
	for (size_t i = iStart; i < n && k < 199; i++)
		zReply[k++] = (z[i] >= 0x20 && z[i] < 0x7F) ? z[i] : '?';
	zReply[k] = 0;
	return 0;
}

/* What a libcurl failure means when the server gave no 4xx or 5xx reply.
 * Anything not here is FAILED: a configuration the next try will not fix. */
static const struct {
	CURLcode eCode;
	hw_smtp_result eResult;
	const char *zWhat;
} aCurlCode[] = {
    {CURLE_COULDNT_RESOLVE_HOST, HW_SMTP_RETRY, "the SMTP server's name did not resolve"},
    {CURLE_COULDNT_CONNECT, HW_SMTP_RETRY,
     "could not connect to the SMTP server (is it running at that address and port?)"},
    {CURLE_OPERATION_TIMEDOUT, HW_SMTP_RETRY, "the SMTP server did not answer in time"},
    {CURLE_SEND_ERROR, HW_SMTP_RETRY, "the connection to the SMTP server failed"},
    {CURLE_RECV_ERROR, HW_SMTP_RETRY, "the connection to the SMTP server failed"},
    {CURLE_GOT_NOTHING, HW_SMTP_RETRY, "the SMTP server closed the connection"},
    {CURLE_SSL_CONNECT_ERROR, HW_SMTP_RETRY, "the TLS handshake with the SMTP server failed"},
    {CURLE_OUT_OF_MEMORY, HW_SMTP_RETRY, "out of memory"},
    {CURLE_LOGIN_DENIED, HW_SMTP_FAILED,
     "the SMTP server refused the login; check the SMTP user and password"},
    {CURLE_USE_SSL_FAILED, HW_SMTP_FAILED,
     "STARTTLS is required, and the SMTP server does not offer it or refused it (mail is "
     "never sent in the clear then); use a server that offers it, or smtps://"},
    {CURLE_PEER_FAILED_VERIFICATION, HW_SMTP_FAILED,
     "the SMTP server's certificate could not be verified"},
    {CURLE_REMOTE_ACCESS_DENIED, HW_SMTP_FAILED, "the SMTP server refused the session"},
    {CURLE_UNSUPPORTED_PROTOCOL, HW_SMTP_FAILED, "the SMTP URL must be smtp:// or smtps://"},
    {CURLE_URL_MALFORMAT, HW_SMTP_FAILED, "the SMTP URL is malformed"},
};

static hw_smtp_result classify(CURLcode eCode, long iReply, const char **pzWhat)
{
	*pzWhat = NULL;
	for (size_t i = 0; i < sizeof aCurlCode / sizeof aCurlCode[0]; i++)
		if (aCurlCode[i].eCode == eCode)
			*pzWhat = aCurlCode[i].zWhat;
	/* RFC 5321 4.2.1: 4yz is transient, 5yz permanent, whatever the stage. */
	if (iReply >= 400 && iReply < 500)
		return HW_SMTP_RETRY;
	if (iReply >= 500 && iReply < 600)
		return HW_SMTP_FAILED;
	for (size_t i = 0; i < sizeof aCurlCode / sizeof aCurlCode[0]; i++)
		if (aCurlCode[i].eCode == eCode)
			return aCurlCode[i].eResult;
	return HW_SMTP_FAILED;
}

static hw_smtp_result send_refuse(hw_err *pErr, const char *zField, const char *zWhy)
{
	hw_err_at(pErr, NULL, 0, 0, zField, "not sent (final): %s", zWhy);
	return HW_SMTP_FAILED;
}

static hw_smtp_result send_bad_addr(hw_err *pErr, const char *zField, const char *zAddr)
{
	char zShow[64];
	const char *zWhy = zAddr ? hw_mail_addr_problem(zAddr) : "it is missing";
	hw_err_at(pErr, NULL, 0, 0, zField, "not sent (final): the %s '%s' is not usable: %s",
		  zField, zAddr ? hw_mail_shown(zAddr, zShow) : "", zWhy);
	return HW_SMTP_FAILED;
}

hw_smtp_result hw_smtp_send(const hw_smtp_conf *pConf, const char *zFromAddr, const char *zToAddr,
			    const char *zMsg, size_t nMsg, hw_err *pErr)
{
	char zErrBuf[CURL_ERROR_SIZE] = "", zReply[200] = "", zEnv[HW_MAIL_MAX_ADDR + 3];
	char zFrom[HW_MAIL_MAX_ADDR + 3];
	upload u = {zMsg, nMsg, 0};
	struct curl_slist *pRcpt = NULL;
	CURL *h = NULL;
	CURLcode eOpt = CURLE_OK, eCode;
	long iReply = 0;
	const char *zWhat, *zVerdict, *zField;
	hw_smtp_result eResult;

	hw_err_clear(pErr);
	if (!pConf || !pConf->zUrl ||
	    (strncasecmp(pConf->zUrl, "smtp://", 7) != 0 &&
	     strncasecmp(pConf->zUrl, "smtps://", 8) != 0))
		return send_refuse(pErr, "url", "the SMTP URL must start with smtp:// or smtps://");
	/* The envelope goes into SMTP commands: it must be as clean as a header. */
	if (!zFromAddr || hw_mail_addr_problem(zFromAddr))
		return send_bad_addr(pErr, "from_addr", zFromAddr);
	if (!zToAddr || hw_mail_addr_problem(zToAddr))
		return send_bad_addr(pErr, "to_addr", zToAddr);
	if (!zMsg || !nMsg)
		return send_refuse(pErr, NULL, "the message is empty");
	hw_smtp_global_init();

	snprintf(zFrom, sizeof zFrom, "<%s>", zFromAddr);
	snprintf(zEnv, sizeof zEnv, "<%s>", zToAddr);
	h = curl_easy_init();
	pRcpt = curl_slist_append(NULL, zEnv);
	if (!h || !pRcpt) {
		curl_slist_free_all(pRcpt);
		curl_easy_cleanup(h);
		hw_err_set(pErr, "not sent (will retry): out of memory starting libcurl");
		return HW_SMTP_RETRY;
	}

#define SET(opt, val)                                                                              \
	do {                                                                                       \
		if (eOpt == CURLE_OK)                                                              \
			eOpt = curl_easy_setopt(h, opt, val);                                      \
	} while (0)
	SET(CURLOPT_URL, pConf->zUrl);
	SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	SET(CURLOPT_MAIL_FROM, zFrom);
	SET(CURLOPT_MAIL_RCPT, pRcpt);
	SET(CURLOPT_UPLOAD, 1L);
	SET(CURLOPT_READFUNCTION, read_cb);
	SET(CURLOPT_READDATA, &u);
	SET(CURLOPT_INFILESIZE_LARGE, (curl_off_t)nMsg);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_CONNECTTIMEOUT, (long)SMTP_CONNECT_TIMEOUT);
	SET(CURLOPT_TIMEOUT,
	    (long)(pConf->nTimeoutSeconds > 0 ? pConf->nTimeoutSeconds : SMTP_TIMEOUT));
	SET(CURLOPT_ERRORBUFFER, zErrBuf);
	SET(CURLOPT_DEBUGFUNCTION, debug_cb);
	SET(CURLOPT_DEBUGDATA, zReply);
	SET(CURLOPT_VERBOSE, 1L); /* to debug_cb only: it keeps the server's replies */
	if (pConf->zUser) {
		SET(CURLOPT_USERNAME, pConf->zUser);
		SET(CURLOPT_PASSWORD, pConf->zPassword ? pConf->zPassword : "");
	}
	if (pConf->bStartTls)
		SET(CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (pConf->bInsecure) {
		SET(CURLOPT_SSL_VERIFYPEER, 0L);
		SET(CURLOPT_SSL_VERIFYHOST, 0L);
	}
#undef SET
	if (eOpt != CURLE_OK) {
		hw_err_set(pErr, "not sent (final): libcurl refused an option: %s",
			   curl_easy_strerror(eOpt));
		eResult = HW_SMTP_FAILED;
		goto done;
	}

	eCode = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &iReply);
	if (eCode == CURLE_OK) {
		hw_err_set(pErr, "sent: the server said \"%s\"", zReply[0] ? zReply : "OK");
		eResult = HW_SMTP_SENT;
		goto done;
	}
	eResult = classify(eCode, iReply, &zWhat);
	zVerdict = eResult == HW_SMTP_RETRY ? "not sent (worth retrying later)"
					    : "not sent (final, not retried)";
	zField = strncmp(zErrBuf, "RCPT", 4) == 0 ? "to_addr" : NULL;
	if (!zErrBuf[0])
		snprintf(zErrBuf, sizeof zErrBuf, "%s", curl_easy_strerror(eCode));
	if (iReply >= 400 && zReply[0]) {
		if (eCode != CURLE_LOGIN_DENIED && eCode != CURLE_USE_SSL_FAILED)
			zWhat = "the SMTP server refused";
		hw_err_at(pErr, NULL, 0, 0, zField, "%s: %s (%s); the server said \"%s\"", zVerdict,
			  zWhat, zErrBuf, zReply);
	} else {
		hw_err_at(pErr, NULL, 0, 0, zField, "%s: %s (%s)", zVerdict,
			  zWhat ? zWhat : "libcurl failed", zErrBuf);
	}
done:
	curl_easy_cleanup(h);
	curl_slist_free_all(pRcpt);
	return eResult;
}
