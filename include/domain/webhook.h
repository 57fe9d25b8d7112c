/* webhook.h - events in and out by HTTP hook (domain layer): the endpoints' settings (their URL
 * rule, secrets and Standard Webhooks signature), test events, replays, the HubSpot
 * connection's settings, and HubSpot's inbound events stored. The delivery itself is out/. */
#ifndef TANDEM_WEBHOOK_H
#define TANDEM_WEBHOOK_H

#include <jansson.h>
#include <stddef.h>
#include <sys/socket.h>
#include "domain/ctx.h"

#define WEBHOOK_SECRET_LEN 64     /* room for "whsec_" + base64 of 32 bytes */
#define WEBHOOK_SIG_LEN 64        /* room for "v1," + base64 of a SHA-256 MAC */
#define WEBHOOK_HUBSPOT_STAGES 6  /* entries of webhook_hubspot_stages */

/* ------------------------------------------------------------ pure rules */

/* 1 when the address is loopback, private, link-local, unspecified,
 * multicast, reserved or carrier-grade NAT (IPv4, IPv6, IPv4-mapped IPv6): not a place to
 * send events. xfer.c checks it again at connect time. Pure. */
int webhook_addr_private(const struct sockaddr *sa);

/*
 * Check an endpoint URL as text: http or https, a host, no user:password,
 * and (unless allow_private) no literal private address or "localhost".
 * Returns 0, or -1 with *why set to a sentence for the form. Pure.
 */
int webhook_url_check(const char *url, int allow_private, const char **why);

/*
 * Standard Webhooks signature: "v1," + base64(HMAC-SHA256(key, id "." ts "." body))
 * with key the base64-decoded part of secret after "whsec_". Writes a C
 * string into out (WEBHOOK_SIG_LEN). 0, or -1 for a malformed secret. Pure.
 */
int webhook_sign(const char *secret, const char *id, long long ts, const char *body,
		 size_t body_len, char *out, size_t outlen);

/* A new secret "whsec_<base64 of 24 random bytes>" into out (WEBHOOK_SECRET_LEN). */
void webhook_secret_new(char *out, size_t outlen);

/* 1 when secret is one an endpoint may be given: "whsec_" and base64 of 24 bytes or more, that
 * webhook_sign takes. Else 0. Pure. */
int webhook_secret_ok(const char *secret);

/* The stage map's keys, in the order of the settings page: "initiation", "planning",
 * "execution", "closure", "closed_won", "closed_lost". */
extern const char *const webhook_hubspot_stages[WEBHOOK_HUBSPOT_STAGES];

/* ------------------------------------------------------------ state changes */

/* An endpoint's settings. Strings are borrowed; NULL where the comment allows it. */
struct webhook_endpoint {
	const char *name;
	const char *url;      /* checked with webhook_url_check against the settings */
	const char *events;   /* the filter: wire names "a,b,c" (webhook_event_choosable, the
			       * caller checked them); "" every event */
	const char *secret;   /* webhook_create: NULL makes a new one; webhook_update ignores it */
};

/* The results of this module's functions besides 0 (done) and -1 (database error). */
enum {
	WEBHOOK_NOT_FOUND = 1, /* no such endpoint (or delivery) */
	WEBHOOK_REFUSED = 2,   /* nothing written: *why says why, *field names the value at fault */
	WEBHOOK_PENDING = 3,   /* the delivery is on its way already: replaying would send it twice */
};

/*
 * Add a generic endpoint e (enabled; its secret shown once, on its page). Runs in the caller's
 * transaction: the caller commits on 0 and rolls back on anything else.
 * Locks: nothing beyond the new row. Writes: the endpoint. Emits nothing, no activity line.
 * The new id in *id. Returns 0; WEBHOOK_REFUSED with *why and *field ("url": the URL rule with
 * the allow_private_targets setting; "secret": not a usable secret); -1.
 */
int webhook_create(struct ctx *c, const struct webhook_endpoint *e, long long *id,
		   const char **field, const char **why);

/*
 * Set endpoint id's name, URL and filter from e, in the caller's transaction (the caller
 * commits on 0 and rolls back on anything else).
 * Locks: the endpoint's row (the update). Writes: the row. Emits nothing.
 * Returns 0 (also when nothing changed); WEBHOOK_NOT_FOUND; WEBHOOK_REFUSED with *why and
 * *field "url" as webhook_create's; -1.
 */
int webhook_update(struct ctx *c, long long id, const struct webhook_endpoint *e,
		   const char **field, const char **why);

/*
 * Switch endpoint id on (on 1: its failure clock reset) or off by an admin (disabled_reason
 * "admin"). In the caller's transaction, or autocommitted. Locks: the row (the update).
 * Writes: the row. Emits nothing. Returns 0; WEBHOOK_NOT_FOUND; -1.
 */
int webhook_set_enabled(struct ctx *c, long long id, int on);

/*
 * The "send test event" button: one webhook.test event for endpoint id alone (outbox_emit_to,
 * never fanned out), in the caller's transaction (the caller commits on 0 and rolls back on
 * anything else). Locks nothing. Writes: the event and its one delivery.
 * Emits: webhook.test ({"message", "endpoint_id"}) to that endpoint.
 * Returns 0; WEBHOOK_NOT_FOUND; -1.
 */
int webhook_test(struct ctx *c, long long id);

/*
 * Send delivery id again from the first try, in the caller's transaction (the caller commits
 * on 0 and rolls back on anything else). Its endpoint's id in *endpoint_id whenever the
 * delivery exists.
 * Locks: the delivery's row (FOR UPDATE). Writes: the delivery, pending again with no tries,
 * due now. Emits nothing new (the same event goes out again).
 * Returns 0; WEBHOOK_NOT_FOUND; WEBHOOK_PENDING (nothing written); -1.
 */
int webhook_replay(struct ctx *c, long long id, long long *endpoint_id);

/*
 * The allow_private_targets setting (on 1: loopback and private targets allowed, for tests
 * and intranets). In the caller's transaction, or autocommitted. Writes the setting. 0, or -1.
 */
int webhook_set_allow_private(struct ctx *c, int on);

/*
 * Endpoint id's secret, shown once: to the first admin who opens its page after it was made
 * (the update decides, so two views cannot both get it). Autocommitted (a page view), or in
 * the caller's transaction. Writes: the endpoint's "shown" mark.
 * Returns 1 with *secret (arena text) when shown now, 0 when shown before (or no such
 * endpoint), -1.
 */
int webhook_secret_reveal(struct ctx *c, long long id, const char **secret);

/* The HubSpot connection's settings. Strings are borrowed; NULL where the comment allows it. */
struct webhook_hubspot {
	const char *token;           /* the private-app token; NULL: keep the one set */
	const char *client_secret;   /* the key of inbound signature v3; NULL: keep the one set */
	const char *base_url;        /* the API's, checked with webhook_url_check */
	const char *pipeline;        /* the deal pipeline's id */
	const char *stages[WEBHOOK_HUBSPOT_STAGES]; /* remote stage ids, in webhook_hubspot_stages'
						     * order: no commas, spaces or '=' */
	const char *events;          /* the connector's filter (out's hubspot_event_filter) */
};

/*
 * Save the HubSpot connection h, in the caller's transaction (the caller commits on 0 and rolls
 * back on anything else).
 * Locks: the settings rows written. Writes: the settings (token and client secret only when
 * given; the base URL, pipeline and the stage map "initiation=...,planning=...,..."); the
 * connector's endpoint of kind hubspot (events fan out to it like to any webhook, and its
 * delivery log is the same page): made on the first save with a new secret, else its URL and
 * filter set and switched on again. Emits nothing.
 * Returns 0; WEBHOOK_REFUSED with *why and *field ("base_url": the URL rule; "token": none given
 * and none set; "stage_<key>": a stage id with a comma, space or '='); -1.
 */
int webhook_hubspot_save(struct ctx *c, const struct webhook_hubspot *h, const char **field,
			 const char **why);

/*
 * Store HubSpot's inbound events (a JSON array whose elements the caller checked: an integer
 * eventId of 1 or more, a string subscriptionType, an integer objectId or none), each as
 * received, for the outbox worker to act on (hubspot_inbound_run). An eventId stored before is
 * skipped. In the caller's transaction (the caller commits on 0 and rolls back on -1).
 * Writes: hubspot_events rows (state new). Emits nothing. 0, or -1.
 */
int webhook_inbound_add(struct ctx *c, const json_t *events);

#endif
