/*
 * webhook.h — telling other systems what happened (a meeting booked, a
 * do-not-call request, an import finished): a JSON POST, signed.
 *
 * Each request carries
 *   X-Hawser-Event: meeting.booked
 *   X-Hawser-Delivery: 1234            (the delivery's id: receivers dedupe on it)
 *   X-Hawser-Timestamp: 1795392000
 *   X-Hawser-Signature: sha256=HEX     HMAC-SHA256(secret, TIMESTAMP "." BODY)
 * so a receiver checks where it came from and refuses replays.
 *
 * A destination must be http or https with a host; its address is resolved
 * and checked before every delivery, and a private, loopback, link-local,
 * multicast or otherwise reserved address (10/8, 172.16/12, 192.168/16,
 * 127/8, 169.254/16, 100.64/10, 0/8, ::1, fc00::/7, fe80::/10, IPv4-mapped
 * forms of these, ...) is refused unless the admin allowed private
 * destinations for that webhook. The connection goes to the address that was
 * checked (CURLOPT_RESOLVE), so DNS cannot change it between check and use;
 * redirects are not followed.
 */
#ifndef HW_CHANNELS_WEBHOOK_H
#define HW_CHANNELS_WEBHOOK_H

#include "core/clock.h"
#include "core/hw.h"

/* The events a webhook may take. */
#define HW_WEBHOOK_EVENTS "meeting.booked, dnc.requested, import.finished"

/* Is zEvents a non-empty comma list of those events ("a,b")? */
int hw_webhook_events_ok(const char *zEvents);

/* "sha256=" and 64 hex digits, NUL-terminated. */
#define HW_WEBHOOK_SIG_LEN 72

/* The signature header's value for a body sent at tStamp. */
void hw_webhook_sign(const char *zSecret, hw_time tStamp, const char *zBody, size_t nBody,
		     char zSig[HW_WEBHOOK_SIG_LEN]);

/* Is the URL acceptable as a destination (scheme, host, no user:password)?
 * When bAllowPrivate is 0, also resolve it and refuse a private address.
 * HW_EINVAL says why, with zField "url". */
hw_rc hw_webhook_check_url(const char *zUrl, int bAllowPrivate, hw_err *pErr);

typedef enum hw_webhook_result {
	HW_WEBHOOK_DELIVERED = 0, /* 2xx */
	HW_WEBHOOK_RETRY,         /* connection, timeout, 5xx, 429 */
	HW_WEBHOOK_FAILED         /* refused destination, other 4xx */
} hw_webhook_result;

/* POST zBody (JSON) to zUrl with the headers above; the status code in
 * *piStatus (0: none). Timeout nTimeoutSeconds (10 when 0). */
hw_webhook_result hw_webhook_post(const char *zUrl, int bAllowPrivate, const char *zSecret,
				  const char *zEvent, long long iDelivery, hw_time tStamp,
				  const char *zBody, int nTimeoutSeconds, int *piStatus,
				  hw_err *pErr);

#endif
