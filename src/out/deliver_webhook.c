/* deliver_webhook.c - outbound HTTP with libcurl (address checks, limits) and the generic
 * webhook's signature, secrets and retry schedule. */
#include "out/deliver_webhook.h"
#include "core/log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------ addresses */

static int v4_private(uint32_t a)
{
	return (a >> 24) == 0 ||                 /* 0.0.0.0/8 "this network" */
	       (a >> 24) == 10 ||                /* 10/8 */
	       (a >> 24) == 127 ||               /* loopback */
	       (a >> 22) == (100u << 2 | 1) ||   /* 100.64/10 carrier-grade NAT */
	       (a >> 16) == (169u << 8 | 254) || /* link-local */
	       (a >> 20) == (172u << 4 | 1) ||   /* 172.16/12 */
	       (a >> 16) == (192u << 8 | 168) || /* 192.168/16 */
	       (a >> 8) == (192u << 16) ||       /* 192.0.0/24 protocol assignments */
	       (a >> 17) == (198u << 7 | 9) ||   /* 198.18/15 benchmarking */
	       (a >> 28) >= 14;                  /* multicast, reserved, broadcast */
}

static uint32_t v4_at(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

int webhook_addr_private(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
		return v4_private(ntohl(in->sin_addr.s_addr));
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
		const unsigned char *b = in6->sin6_addr.s6_addr;
		static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
		static const unsigned char translated[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0 };
		static const unsigned char nat64[12] = { 0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0 };
		static const unsigned char zero[12] = { 0 };

		/* forms that carry an IPv4 address in their last 32 bits: judged by it */
		if (!memcmp(b, mapped, 12) ||     /* ::ffff:a.b.c.d mapped */
		    !memcmp(b, translated, 12) || /* ::ffff:0:a.b.c.d translated (SIIT) */
		    !memcmp(b, nat64, 12) ||      /* 64:ff9b::a.b.c.d NAT64 */
		    !memcmp(b, zero, 12))         /* ::a.b.c.d compatible, :: and ::1 */
			return v4_private(v4_at(b + 12));
		if (b[0] == 0x20 && b[1] == 0x02)     /* 2002::/16 6to4: the IPv4 in bits 16-47 */
			return v4_private(v4_at(b + 2));
		return (b[0] & 0xfe) == 0xfc ||              /* fc00::/7 unique local */
		       (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) || /* fe80::/10 link-local */
		       (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) || /* fec0::/10 site-local */
		       (b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) || /* rest of 64:ff9b::/32 (local NAT64) */
		       (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) || /* 2001::/32 Teredo */
		       (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) || /* documentation */
		       (b[0] == 0x01 && !b[1] && !memcmp(b + 2, zero, 6)) || /* 100::/64 discard */
		       b[0] == 0xff;                         /* multicast */
	}
	return 1; /* anything else is not a place to send events */
}

int webhook_url_check(const char *url, int allow_private, const char **why)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *user = NULL;
	int rc = -1;

	*why = "Enter a full http:// or https:// address.";
	if (!u)
		return -1;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		goto out;
	if (strcasecmp(scheme, "http") && strcasecmp(scheme, "https"))
		goto out;
	if (strncasecmp(url, scheme, strlen(scheme)) || strncmp(url + strlen(scheme), "://", 3))
		goto out; /* curl guesses schemes; we want them written */
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK) {
		*why = "The address must not hold a user name or password.";
		goto out;
	}
	if (!allow_private) {
		struct sockaddr_in in4;
		struct sockaddr_in6 in6;
		size_t hl = strlen(host);
		char bare[64];

		*why = "Loopback and private network addresses are not allowed (see the webhook options).";
		while (hl > 1 && host[hl - 1] == '.')
			host[--hl] = '\0'; /* "localhost." is localhost */
		if (!strcasecmp(host, "localhost") ||
		    (hl > 10 && !strcasecmp(host + hl - 10, ".localhost")))
			goto out;
		memset(&in4, 0, sizeof(in4));
		memset(&in6, 0, sizeof(in6));
		in4.sin_family = AF_INET;
		in6.sin6_family = AF_INET6;
		/* inet_aton also reads the short forms a resolver accepts (127.1, 0x7f.1, 2130706433) */
		if (inet_aton(host, &in4.sin_addr) &&
		    webhook_addr_private((struct sockaddr *)&in4))
			goto out;
		if (host[0] == '[' && hl < sizeof(bare) + 1) {
			memcpy(bare, host + 1, hl - 2);
			bare[hl - 2] = '\0';
			if (inet_pton(AF_INET6, bare, &in6.sin6_addr) == 1 &&
			    webhook_addr_private((struct sockaddr *)&in6))
				goto out;
		}
	}
	rc = 0;
	*why = NULL;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_url_cleanup(u);
	return rc;
}

/* ------------------------------------------------------------ signature, secrets */

int webhook_sign(const char *secret, const char *id, long long ts, const char *body,
		 size_t body_len, char *out, size_t outlen)
{
	unsigned char key[64], mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	char tsbuf[32];
	size_t keylen;
	int n;

	if (strncmp(secret, "whsec_", 6) ||
	    sodium_base642bin(key, sizeof(key), secret + 6, strlen(secret + 6), NULL, &keylen, NULL,
			      sodium_base64_VARIANT_ORIGINAL) || keylen == 0 ||
	    outlen < 3 + sodium_base64_ENCODED_LEN(sizeof(mac), sodium_base64_VARIANT_ORIGINAL))
		return -1;
	n = snprintf(tsbuf, sizeof(tsbuf), "%lld", ts);
	crypto_auth_hmacsha256_init(&st, key, keylen);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)id, strlen(id));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)tsbuf, (size_t)n);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, body_len);
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(out, "v1,", 3);
	sodium_bin2base64(out + 3, outlen - 3, mac, sizeof(mac), sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(key, sizeof(key));
	return 0;
}

void webhook_secret_new(char *out, size_t outlen)
{
	unsigned char raw[24];

	randombytes_buf(raw, sizeof(raw));
	snprintf(out, outlen, "whsec_");
	sodium_bin2base64(out + 6, outlen - 6, raw, sizeof(raw), sodium_base64_VARIANT_ORIGINAL);
}

/* ------------------------------------------------------------ retries */

static const long long schedule_s[WEBHOOK_MAX_TRIES - 1] = {
	5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 14 * 3600, 20 * 3600, 24 * 3600,
};

long long webhook_retry_delay_ms(int tries, long long retry_after, double scale, uint32_t rnd)
{
	double s;

	if (tries < 1)
		tries = 1;
	if (tries >= WEBHOOK_MAX_TRIES)
		return -1;
	/* jitter: 0.9 .. 1.1 of the step, so retries of many deliveries spread out */
	s = (double)schedule_s[tries - 1] * (0.9 + 0.2 * ((double)rnd / 4294967295.0));
	if (retry_after > 24 * 3600)
		retry_after = 24 * 3600;
	if ((double)retry_after > s)
		s = (double)retry_after;
	s *= 1000.0 * scale;
	return s < 1 ? 1 : (long long)s;
}

long long webhook_retry_after(const char *value, long long now)
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
		x->retry_after = webhook_retry_after(v, (long long)time(NULL));
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
