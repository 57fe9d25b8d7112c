/* webhook.c - events in and out by HTTP hook (domain layer): the endpoints' URL rule, secrets
 * and signature (pure), and their state changes; no HTTP of our own, no transfer (out/ sends). */
#include "domain/webhook.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/db.h"
#include "domain/outbox.h"
#include "domain/outbox_settings.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const webhook_hubspot_stages[WEBHOOK_HUBSPOT_STAGES] = {
	"initiation", "planning", "execution", "closure", "closed_won", "closed_lost",
};

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

int webhook_secret_ok(const char *secret)
{
	char sig[WEBHOOK_SIG_LEN];

	/* "whsec_" + 24 bytes in base64 is 38 characters; fewer than 30 cannot be 24 bytes */
	return secret && strlen(secret) >= 30 &&
	       webhook_sign(secret, "x", 0, "", 0, sig, sizeof(sig)) == 0;
}

/* ------------------------------------------------------------ endpoints */

/* The URL rule with the allow_private_targets setting: 0, WEBHOOK_REFUSED (*field, *why), -1. */
static int url_refused(struct ctx *c, const char *url, const char *name, const char **field,
		       const char **why)
{
	struct outbox_settings s;

	if (outbox_settings_load(c->db, c->arena, &s))
		return -1;
	if (webhook_url_check(url, s.allow_private, why)) {
		*field = name;
		return WEBHOOK_REFUSED;
	}
	return 0;
}

int webhook_create(struct ctx *c, const struct webhook_endpoint *e, long long *id,
		   const char **field, const char **why)
{
	char secret[WEBHOOK_SECRET_LEN];
	long long n;
	int rc;

	if ((rc = url_refused(c, e->url, "url", field, why)))
		return rc;
	if (e->secret && !webhook_secret_ok(e->secret)) {
		*field = "secret";
		*why = "Secret must be whsec_ followed by base64 (24 bytes or more).";
		return WEBHOOK_REFUSED;
	}
	if (e->secret)
		snprintf(secret, sizeof(secret), "%s", e->secret);
	else
		webhook_secret_new(secret, sizeof(secret));
	n = db_exec(c->db, ST_ENDPOINT_INSERT, "sssss", e->name, e->url, "generic", e->events, secret);
	sodium_memzero(secret, sizeof(secret));
	if (n != 1)
		return -1;
	*id = db_insert_id(c->db);
	return 0;
}

/* WEBHOOK_NOT_FOUND when endpoint id does not exist, 0 when it does, -1. */
static int endpoint_exists(struct ctx *c, long long id)
{
	struct db_res *res;

	if (db_query(c->db, c->arena, ST_ENDPOINT_GET, &res, "i", id))
		return -1;
	return res->nrows == 1 ? 0 : WEBHOOK_NOT_FOUND;
}

/* After an update of endpoint id that changed n rows: 0, WEBHOOK_NOT_FOUND, -1. */
static int updated(struct ctx *c, long long id, long long n)
{
	if (n < 0)
		return -1;
	return n > 0 ? 0 : endpoint_exists(c, id);
}

int webhook_update(struct ctx *c, long long id, const struct webhook_endpoint *e,
		   const char **field, const char **why)
{
	int rc;

	if ((rc = endpoint_exists(c, id)) || (rc = url_refused(c, e->url, "url", field, why)))
		return rc;
	return updated(c, id, db_exec(c->db, ST_ENDPOINT_UPDATE, "sssi", e->name, e->url,
				      e->events, id));
}

int webhook_set_enabled(struct ctx *c, long long id, int on)
{
	long long v = !!on;

	return updated(c, id, db_exec(c->db, ST_ENDPOINT_SET_ENABLED, "iii", v, v, id));
}

int webhook_test(struct ctx *c, long long id)
{
	json_t *data;
	int rc;

	if ((rc = endpoint_exists(c, id)))
		return rc;
	data = json_pack("{s:s, s:I}", "message", "This is a test event from Tandem.", "endpoint_id",
			 (json_int_t)id);
	/* outbox_emit_to takes data over (NULL too: out of memory fails there) */
	return outbox_emit_to(c, id, EV_WEBHOOK_TEST, data) ? -1 : 0;
}

int webhook_replay(struct ctx *c, long long id, long long *endpoint_id)
{
	struct db_res *d;

	if (db_query(c->db, c->arena, ST_DELIVERY_LOCK, &d, "i", id))
		return -1;
	if (d->nrows != 1)
		return WEBHOOK_NOT_FOUND;
	*endpoint_id = db_cell_int(d, 0, DELIVERY_LOCK_ENDPOINT_ID);
	/* already on its way: replaying would send it twice */
	if (!strcmp(db_cell(d, 0, DELIVERY_LOCK_STATE), "pending"))
		return WEBHOOK_PENDING;
	return db_exec(c->db, ST_DELIVERY_REPLAY, "i", id) == 1 ? 0 : -1;
}

int webhook_set_allow_private(struct ctx *c, int on)
{
	return db_exec(c->db, ST_SETTING_SET, "ss", "allow_private_targets", on ? "1" : "0") < 0 ? -1 : 0;
}

int webhook_secret_reveal(struct ctx *c, long long id, const char **secret)
{
	long long shown = db_exec(c->db, ST_ENDPOINT_REVEAL, "i", id);
	struct db_res *res;

	if (shown < 0)
		return -1;
	if (shown == 0)
		return 0;
	if (db_query(c->db, c->arena, ST_ENDPOINT_SECRET, &res, "i", id) || res->nrows != 1)
		return -1;
	*secret = db_cell(res, 0, ENDPOINT_SECRET_SECRET);
	return 1;
}

/* ------------------------------------------------------------ HubSpot */

int webhook_hubspot_save(struct ctx *c, const struct webhook_hubspot *h, const char **field,
			 const char **why)
{
	struct outbox_settings s;
	struct db_res *ep;
	struct buf map = BUF_INIT;
	int rc = -1;

	if (outbox_settings_load(c->db, c->arena, &s))
		return -1;
	if (webhook_url_check(h->base_url, s.allow_private, why)) {
		*field = "base_url";
		return WEBHOOK_REFUSED;
	}
	if (!h->token && !s.hs_token) {
		*field = "token";
		*why = "Token is required to connect HubSpot.";
		return WEBHOOK_REFUSED;
	}
	for (size_t i = 0; i < WEBHOOK_HUBSPOT_STAGES; i++) {
		if (strpbrk(h->stages[i], ",= ")) {
			*field = arena_printf(c->arena, "stage_%s", webhook_hubspot_stages[i]);
			*why = "A stage id has no commas, spaces or '='.";
			buf_release(&map);
			return WEBHOOK_REFUSED;
		}
		buf_addf(&map, "%s%s=%s", i ? "," : "", webhook_hubspot_stages[i], h->stages[i]);
	}
	if ((h->token && db_exec(c->db, ST_SETTING_SET, "ss", "hubspot_token", h->token) < 0) ||
	    (h->client_secret &&
	     db_exec(c->db, ST_SETTING_SET, "ss", "hubspot_client_secret", h->client_secret) < 0) ||
	    db_exec(c->db, ST_SETTING_SET, "ss", "hubspot_base_url", h->base_url) < 0 ||
	    db_exec(c->db, ST_SETTING_SET, "ss", "hubspot_pipeline", h->pipeline) < 0 ||
	    db_exec(c->db, ST_SETTING_SET, "ss", "hubspot_stage_map", map.data) < 0 ||
	    db_query(c->db, c->arena, ST_ENDPOINT_OF_KIND, &ep, "s", "hubspot"))
		goto out;
	/* the connector is an endpoint of kind hubspot: events fan out to it
	 * like to any webhook, and its delivery log is the same page */
	if (ep->nrows == 0) {
		char sec[WEBHOOK_SECRET_LEN];
		long long n;

		webhook_secret_new(sec, sizeof(sec));
		n = db_exec(c->db, ST_ENDPOINT_INSERT, "sssss", "HubSpot", h->base_url, "hubspot",
			    h->events, sec);
		sodium_memzero(sec, sizeof(sec));
		if (n != 1)
			goto out;
	} else if (db_exec(c->db, ST_ENDPOINT_SET_URL, "ssi", h->base_url, h->events,
			   db_cell_int(ep, 0, ENDPOINT_OF_KIND_ID)) < 0) {
		goto out;
	}
	rc = 0;
out:
	buf_release(&map);
	return rc;
}

int webhook_inbound_add(struct ctx *c, const json_t *events)
{
	const json_t *ev;
	size_t i;

	json_array_foreach(events, i, ev) {
		char *one = json_dumps(ev, JSON_COMPACT);
		const json_t *obj = json_object_get(ev, "objectId");
		long long n;

		if (!one)
			return -1;
		/* INSERT IGNORE: an eventId seen before is skipped */
		n = db_exec(c->db, ST_HOOK_EVENT_ADD, "isns",
			    (long long)json_integer_value(json_object_get(ev, "eventId")),
			    json_string_value(json_object_get(ev, "subscriptionType")),
			    obj ? (long long)json_integer_value(obj) : 0LL, one);
		free(one);
		if (n < 0)
			return -1;
	}
	return 0;
}
