/* hubspot_inbound.h - what HubSpot sends: signature v3 of its webhook calls, and the stored
 * events acted on (deal won -> client and project). */
#ifndef TANDEM_HUBSPOT_INBOUND_H
#define TANDEM_HUBSPOT_INBOUND_H

#include <stddef.h>
#include "core/arena.h"
#include "domain/outbox_settings.h"

struct db;

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

#endif
