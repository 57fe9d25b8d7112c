/* outbox_settings.h - the admin settings the outbox worker, the HubSpot connector and the
 * webhook pages run by (the `settings` table). */
#ifndef TANDEM_OUTBOX_SETTINGS_H
#define TANDEM_OUTBOX_SETTINGS_H

#include "core/arena.h"

struct db;

/*
 * The `settings` table, read into typed values (defaults for absent rows).
 * Strings are arena memory of the load. Secrets are here for the worker and
 * the inbound check only: pages never put them in a document.
 */
struct outbox_settings {
	int allow_private;          /* allow_private_targets: loopback/private targets allowed */
	double retry_scale;         /* retry_scale: 1.0; tests make retries fast with 0.001 */
	long timeout_ms;            /* delivery_timeout_ms: total time of one call (10000) */
	long lease_s;               /* lease_seconds: a claimed delivery's lease (60) */
	const char *hs_token;       /* hubspot_token: private-app token, NULL when not connected */
	const char *hs_base;        /* hubspot_base_url (https://api.hubapi.com) */
	const char *hs_secret;      /* hubspot_client_secret: key of inbound signature v3 */
	const char *hs_stage_map;   /* hubspot_stage_map: "initiation=appointmentscheduled,..." */
	const char *hs_pipeline;    /* hubspot_pipeline: deal pipeline id ("default") */
	long hs_limit;              /* hubspot_rate_limit: requests per window (100) */
	long hs_window_ms;          /* hubspot_rate_window_ms: 10000 (the ten-second limit) */
};

/* The value for key in a "key=value,key=value" map (the stage map), as arena
 * text; "" when absent. */
const char *outbox_map_get(struct arena *a, const char *map, const char *key);

/* Read the settings. 0, or -1 on a database failure (s holds the defaults). */
int outbox_settings_load(struct db *db, struct arena *a, struct outbox_settings *s);

#endif
