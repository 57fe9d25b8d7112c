/* hubspot_sync.h - outbox events to CRM v3 calls (companies, deals, notes), the mapping of
 * event types, the parked state of the connector, and the full re-sync. */
#ifndef TANDEM_HUBSPOT_SYNC_H
#define TANDEM_HUBSPOT_SYNC_H

#include "core/arena.h"
#include "core/config.h"
#include "domain/outbox_settings.h"
#include "domain/vocab.h"
#include "out/hubspot_api.h"

struct db;

/* 1 when the connector maps events of type t to CRM calls, 0 when it leaves them out. */
int hubspot_maps(enum event_type t);

/* The HubSpot endpoint's filter: the wire names of the types it maps, comma-separated,
 * in list order. Arena memory; never NULL (aborts with the arena on no memory). */
const char *hubspot_event_filter(struct arena *a);

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

/* `tandem hubspot sync`: every client and project again, paced; progress
 * on stderr (a bar on a terminal, lines otherwise). Returns the exit code. */
int hubspot_sync(const struct config *cfg);

#endif
