/*
 * smtp.h — sales email: the message (RFC 5322, MIME) and its delivery over
 * SMTP with libcurl (STARTTLS, AUTH, the sender's own address).
 *
 * hw_mail_build() turns what the caller gives into the bytes of a message;
 * every header field is checked first, so header injection is impossible: a
 * CR, LF or NUL in any name, address, subject or link is refused, naming the
 * field. hw_smtp_send() hands the message to the server; it never decides
 * about retries (the caller's outbox does) but says whether a failure is
 * worth retrying (a timeout, 4xx) or final (5xx, a refused address).
 */
#ifndef HW_CHANNELS_SMTP_H
#define HW_CHANNELS_SMTP_H

#include "core/clock.h"
#include "core/hw.h"

typedef struct hw_mail {
	const char *zFromName;  /* "Ada Rep" (may be UTF-8: RFC 2047-encoded) */
	const char *zFromAddr;  /* "ada@example.com" */
	const char *zToName;    /* may be NULL */
	const char *zToAddr;
	const char *zSubject;   /* UTF-8 */
	const char *zBody;      /* UTF-8 plain text; LF or CRLF line ends */
	const char *zOptOutUrl; /* List-Unsubscribe (RFC 2369, one-click RFC 8058); NULL: none */
	const char *zMessageId; /* "<id@host>"; NULL: one is made up */
	hw_time tDate;          /* the Date header */
	/* An invitation (RFC 5545/6047): a text/calendar part, METHOD:REQUEST,
	 * beside the text. NULL: none. */
	const char *zIcs;
} hw_mail;

/* Check every field (addresses: one @, no spaces or control characters, at
 * most 254 bytes; names and subject: no CR, LF or NUL) and build the message
 * with CRLF line ends, a UTF-8 text/plain part in quoted-printable, dot
 * stuffing left to libcurl. HW_EINVAL names the field in pErr->zField
 * ("from_addr", "to_addr", "subject", ...). *pzOut: free(). */
hw_rc hw_mail_build(const hw_mail *pMail, char **pzOut, size_t *pnOut, hw_err *pErr);

#define HW_MAIL_MAX_ADDR 254 /* RFC 5321 4.5.3.1.3: a whole path, bytes */

/* What is wrong with an address as an SMTP path (NULL: nothing), and the
 * address cut to fit a message (zOut) — shared with delivery. */
const char *hw_mail_addr_problem(const char *z);
const char *hw_mail_shown(const char *z, char zOut[64]);

typedef struct hw_smtp_conf {
	const char *zUrl;      /* "smtp://127.0.0.1:2525", "smtps://host:465" */
	const char *zUser;     /* NULL: no AUTH */
	const char *zPassword;
	int bStartTls;         /* 1: STARTTLS is required (CURLUSESSL_ALL) */
	int bInsecure;         /* 1: do not verify the server's certificate (tests only) */
	int nTimeoutSeconds;   /* whole transfer (30 when 0) */
} hw_smtp_conf;

typedef enum hw_smtp_result {
	HW_SMTP_SENT = 0,
	HW_SMTP_RETRY, /* worth trying again later: connection, timeout, 4xx */
	HW_SMTP_FAILED /* final: 5xx, refused recipient, bad configuration */
} hw_smtp_result;

/* Send a built message from zFromAddr to zToAddr. pErr says what happened
 * (the server's reply when there was one). Thread-safe after
 * hw_smtp_global_init() (call once, before threads). */
hw_smtp_result hw_smtp_send(const hw_smtp_conf *pConf, const char *zFromAddr,
			    const char *zToAddr, const char *zMsg, size_t nMsg, hw_err *pErr);

void hw_smtp_global_init(void);

#endif
