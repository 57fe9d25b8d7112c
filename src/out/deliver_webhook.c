/* deliver_webhook.c - the generic webhook: URL check, Standard Webhooks signature, secrets
 * and retry schedule (the transfer itself is xfer.c). */
#include "out/deliver_webhook.h"
#include "out/xfer.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ URL check */

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
		    xfer_addr_private((struct sockaddr *)&in4))
			goto out;
		if (host[0] == '[' && hl < sizeof(bare) + 1) {
			memcpy(bare, host + 1, hl - 2);
			bare[hl - 2] = '\0';
			if (inet_pton(AF_INET6, bare, &in6.sin6_addr) == 1 &&
			    xfer_addr_private((struct sockaddr *)&in6))
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
