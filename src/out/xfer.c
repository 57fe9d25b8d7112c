/* xfer.c - one outbound HTTP call with libcurl: limits, no redirects, the address checked at
 * connect time; shared by the generic webhook and the HubSpot connector. */
#include "out/xfer.h"
#include "domain/webhook.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ------------------------------------------------------------ Retry-After */

long long xfer_retry_after(const char *value, long long now)
{
	char *end;
	long long n;
	time_t t;

	if (!value)
		return -1;
	while (*value == ' ' || *value == '\t')
		value++;
	if (!*value)
		return -1;
	if (*value >= '0' && *value <= '9') {
		errno = 0;
		n = strtoll(value, &end, 10);
		while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
			end++;
		return errno || *end || n < 0 ? -1 : n;
	}
	t = curl_getdate(value, NULL);
	if (t < 0)
		return -1;
	return (long long)t > now ? (long long)t - now : 0;
}

/* ------------------------------------------------------------ transfers */

static curl_socket_t open_socket(void *p, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct xfer *x = p;

	(void)purpose;
	if (!x->allow_private && webhook_addr_private(&a->addr)) {
		x->blocked = 1;
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype, a->protocol);
}

static size_t on_body(char *p, size_t size, size_t n, void *userp)
{
	struct xfer *x = userp;
	size_t len = size * n;

	if (x->answer.len < x->max_answer) {
		size_t room = x->max_answer - x->answer.len;
		buf_add(&x->answer, p, len < room ? len : room);
	}
	return len; /* the rest is read and dropped */
}

static size_t on_header(char *p, size_t size, size_t n, void *userp)
{
	struct xfer *x = userp;
	size_t len = size * n;

	if (len > 12 && len < 200 && !strncasecmp(p, "Retry-After:", 12)) {
		char v[200];
		memcpy(v, p + 12, len - 12);
		v[len - 12] = '\0';
		v[strcspn(v, "\r\n")] = '\0';
		x->retry_after = xfer_retry_after(v, (long long)time(NULL));
	}
	return len;
}

int xfer_init(struct xfer *x, const char *method, const char *url, const char *body,
	      size_t body_len, long timeout_ms, int allow_private, size_t max_answer)
{
	void *owner = x->owner;

	memset(x, 0, sizeof(*x));
	x->owner = owner;
	buf_init(&x->answer, 0);
	x->max_answer = max_answer;
	x->retry_after = -1;
	x->allow_private = allow_private;
	x->h = curl_easy_init();
	if (!x->h)
		return -1;
	curl_easy_setopt(x->h, CURLOPT_URL, url);
	curl_easy_setopt(x->h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(x->h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(x->h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(x->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(x->h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms < 5000 ? timeout_ms : 5000L);
	curl_easy_setopt(x->h, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(x->h, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(x->h, CURLOPT_OPENSOCKETDATA, x);
	curl_easy_setopt(x->h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(x->h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(x->h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(x->h, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(x->h, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(x->h, CURLOPT_USERAGENT, "Tandem-Webhooks/1");
	curl_easy_setopt(x->h, CURLOPT_PRIVATE, x);
	if (body) {
		curl_easy_setopt(x->h, CURLOPT_POSTFIELDSIZE, (long)body_len);
		curl_easy_setopt(x->h, CURLOPT_COPYPOSTFIELDS, body);
	}
	if (method && strcmp(method, body ? "POST" : "GET"))
		curl_easy_setopt(x->h, CURLOPT_CUSTOMREQUEST, method);
	xfer_header(x, "Expect:"); /* no 100-continue round trip */
	return 0;
}

void xfer_header(struct xfer *x, const char *line)
{
	struct curl_slist *l = curl_slist_append(x->headers, line);

	if (l)
		x->headers = l;
	curl_easy_setopt(x->h, CURLOPT_HTTPHEADER, x->headers);
}

void xfer_finish(struct xfer *x, CURLcode rc)
{
	curl_off_t us = 0;

	curl_easy_getinfo(x->h, CURLINFO_TOTAL_TIME_T, &us);
	x->latency_ms = (long)(us / 1000);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &x->status);
		x->error = NULL;
		return;
	}
	x->status = 0;
	if (x->blocked)
		x->error = "target address not allowed (private or loopback)";
	else if (x->errbuf[0])
		x->error = x->errbuf;
	else
		x->error = curl_easy_strerror(rc);
}

void xfer_perform(struct xfer *x)
{
	xfer_finish(x, curl_easy_perform(x->h));
}

void xfer_release(struct xfer *x)
{
	if (x->h)
		curl_easy_cleanup(x->h);
	curl_slist_free_all(x->headers);
	buf_release(&x->answer);
	x->h = NULL;
	x->headers = NULL;
}
