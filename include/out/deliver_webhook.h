/* deliver_webhook.h - the generic webhook: URL check, Standard Webhooks signature, retry
 * schedule, secrets (the HTTP call itself is xfer.h). */
#ifndef TANDEM_DELIVER_WEBHOOK_H
#define TANDEM_DELIVER_WEBHOOK_H

#include <stddef.h>
#include <stdint.h>

#define WEBHOOK_MAX_TRIES 10      /* attempts before a delivery is dead */
#define WEBHOOK_SECRET_LEN 64     /* room for "whsec_" + base64 of 32 bytes */
#define WEBHOOK_SIG_LEN 64        /* room for "v1," + base64 of a SHA-256 MAC */

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

#endif
