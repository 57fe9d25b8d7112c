/* deliver_webhook.h - one outbound HTTP call (libcurl, address checks) and the generic webhook:
 * Standard Webhooks signature, retry schedule, secrets. */
#ifndef TANDEM_DELIVER_WEBHOOK_H
#define TANDEM_DELIVER_WEBHOOK_H

#include <curl/curl.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include "core/buf.h"

#define WEBHOOK_EXCERPT 2048      /* bytes of an answer kept in the attempt log */
#define WEBHOOK_MAX_TRIES 10      /* attempts before a delivery is dead */
#define WEBHOOK_SECRET_LEN 64     /* room for "whsec_" + base64 of 32 bytes */
#define WEBHOOK_SIG_LEN 64        /* room for "v1," + base64 of a SHA-256 MAC */

/*
 * One outbound HTTP request, set up by xfer_init and run by curl (easy or
 * multi). Redirects are not followed, only http and https are allowed, both
 * timeouts are set, and the address curl is about to connect to is checked
 * (CURLOPT_OPENSOCKETFUNCTION) so a name that resolves to a private or
 * loopback address is refused at send time unless allow_private.
 */
struct xfer {
	CURL *h;
	struct curl_slist *headers;
	struct buf answer;         /* the answer's body, up to max_answer bytes */
	size_t max_answer;
	long long retry_after;     /* seconds from Retry-After, -1 when absent */
	int allow_private;
	int blocked;               /* the connection was refused by the address check */
	long status;               /* HTTP status after the transfer, 0 when none */
	long latency_ms;
	const char *error;         /* why the transfer failed, or NULL (points into errbuf or static) */
	char errbuf[CURL_ERROR_SIZE];
	void *owner;               /* the caller's row */
};

/* Set up x for a POST (body non-NULL, copied by curl) or a GET/PUT (method)
 * of url. max_answer: bytes of the answer to keep. 0, or -1 when curl cannot
 * make a handle. Release with xfer_release. */
int xfer_init(struct xfer *x, const char *method, const char *url, const char *body,
	      size_t body_len, long timeout_ms, int allow_private, size_t max_answer);
/* Add a request header line ("Name: value"). */
void xfer_header(struct xfer *x, const char *line);
/* After the transfer: fill status, latency and error from curl's result. */
void xfer_finish(struct xfer *x, CURLcode rc);
/* Run one transfer synchronously (easy interface): xfer_finish included. */
void xfer_perform(struct xfer *x);
void xfer_release(struct xfer *x);

/* 1 when the address is loopback, private, link-local, unspecified,
 * multicast, reserved or carrier-grade NAT (IPv4, IPv6, IPv4-mapped IPv6). */
int webhook_addr_private(const struct sockaddr *sa);

/*
 * Check an endpoint URL as text: http or https, a host, no user:password,
 * and (unless allow_private) no literal private address or "localhost".
 * Returns 0, or -1 with *why set to a sentence for the form.
 */
int webhook_url_check(const char *url, int allow_private, const char **why);

/*
 * Standard Webhooks signature: "v1," + base64(HMAC-SHA256(key, id "." ts "." body))
 * with key the base64-decoded part of secret after "whsec_". Writes a C
 * string into out (WEBHOOK_SIG_LEN). 0, or -1 for a malformed secret.
 */
int webhook_sign(const char *secret, const char *id, long long ts, const char *body,
		 size_t body_len, char *out, size_t outlen);

/* A new secret "whsec_<base64 of 24 random bytes>" into out (WEBHOOK_SECRET_LEN). */
void webhook_secret_new(char *out, size_t outlen);

/*
 * Milliseconds to wait before the next attempt after `tries` failed attempts
 * (1 = the first failed): about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h,
 * 20 h, 24 h with +-10 % jitter from rnd; a longer Retry-After (seconds,
 * -1 = none; at most a day) wins; everything times scale (1.0 in
 * production, tests make it small). -1 when the delivery is dead.
 */
long long webhook_retry_delay_ms(int tries, long long retry_after, double scale, uint32_t rnd);

/* Seconds from a Retry-After value (delta-seconds or an HTTP date) at now;
 * -1 when absent or unreadable; 0 for a date in the past. */
long long webhook_retry_after(const char *value, long long now);

#endif
