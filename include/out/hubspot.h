/* hubspot.h - the HubSpot connector: events to CRM v3 calls under a shared request budget,
 * inbound signature v3, deal-won events into projects, and the full re-sync. */
#ifndef TANDEM_HUBSPOT_H
#define TANDEM_HUBSPOT_H

#include <stddef.h>
#include "core/arena.h"
#include "out/outbox_worker.h"
#include "domain/vocab.h"

struct db;

/* 1 when the connector maps events of type t to CRM calls, 0 when it leaves them out. */
int hubspot_maps(enum event_type t);

/* The HubSpot endpoint's filter: the wire names of the types it maps, comma-separated,
 * in list order. Arena memory; never NULL (aborts with the arena on no memory). */
const char *hubspot_event_filter(struct arena *a);

/* What became of one delivery. */
enum hs_result {
	HS_OK,        /* done */
	HS_RETRY,     /* retry on the webhook schedule (5xx, network) */
	HS_RETRY_IN,  /* retry after delay_ms (429 ten-secondly: 10 s x attempt) */
	HS_PARK,      /* daily limit: wait until the next day, no attempt counted */
	HS_DEAD,      /* will never succeed as is (4xx, bad mapping) */
};

struct hs_outcome {
	enum hs_result result;
	long status;            /* HTTP status of the last call, 0 when none */
	long latency_ms;        /* all calls of the delivery */
	long long delay_ms;     /* HS_RETRY_IN */
	const char *error;      /* arena text, or NULL */
	const char *answer;     /* first bytes of the last answer (arena), or NULL */
};

/*
 * Deliver one event (type, its client and project ids, tries so far) to
 * HubSpot: company upsert, deal upsert and association, notes. Sends the
 * objects' current state, so replays and re-syncs converge. Fills *out.
 */
void hubspot_deliver(struct db *db, struct arena *a, const struct outbox_settings *s,
		     const char *type, long long client_id, long long project_id, const char *payload,
		     int tries, struct hs_outcome *out);

/* 1 when the connector is parked (daily limit) until tomorrow. */
int hubspot_parked(struct db *db, struct arena *a);

/* Act on stored inbound events (deal won -> client and project). */
void hubspot_inbound_run(struct db *db, struct arena *a, const struct outbox_settings *s);

/*
 * The request URI as HubSpot signs it: the percent-escapes of : / ? @ ! $ ' ( ) * , ;
 * decoded (HubSpot's v3 rule), everything else as sent. Writes into out
 * (at least strlen(uri) + 1 bytes) and returns out.
 */
char *hubspot_v3_uri(const char *uri, char *out);

/*
 * Signature v3: base64(HMAC-SHA256(secret, method + uri + body + timestamp))
 * compared in constant time with sig. 1 when it matches.
 */
int hubspot_signature_ok(const char *secret, const char *method, const char *uri,
			 const char *body, size_t body_len, const char *timestamp, const char *sig);

/* `tandem hubspot sync`: every client and project again, paced; progress
 * on stderr (a bar on a terminal, lines otherwise). Returns the exit code. */
int hubspot_sync(const struct config *cfg);

#endif
