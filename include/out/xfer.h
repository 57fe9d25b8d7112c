/* xfer.h - one outbound HTTP call (libcurl, limits, address checks), shared by the generic
 * webhook and the HubSpot connector. */
#ifndef TANDEM_XFER_H
#define TANDEM_XFER_H

#include <curl/curl.h>
#include <stddef.h>
#include <sys/socket.h>
#include "core/buf.h"

#define XFER_EXCERPT 2048         /* bytes of an answer kept in the attempt log */

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

/* Seconds from a Retry-After value (delta-seconds or an HTTP date) at now;
 * -1 when absent or unreadable; 0 for a date in the past. */
long long xfer_retry_after(const char *value, long long now);

#endif
