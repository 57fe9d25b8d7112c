/* hubspot.c - the HubSpot connector (stub until the connector lands). */
#include "hubspot.h"
#include "db.h"
#include "log.h"

#include <sodium.h>
#include <string.h>

const char hubspot_event_types[] = "client.created,project.created,project.stage_changed,"
				   "approval.decided,change.decided,time.week_approved,report.sent";

void hubspot_deliver(struct db *db, struct arena *a, const struct outbox_settings *s,
		     const char *type, long long client_id, long long project_id, const char *payload,
		     int tries, struct hs_outcome *out)
{
	memset(out, 0, sizeof(*out));
	out->result = HS_RETRY;
	out->error = "the HubSpot connector is not built yet";
}

int hubspot_parked(struct db *db, struct arena *a)
{
	return 0;
}

void hubspot_inbound_run(struct db *db, struct arena *a, const struct outbox_settings *s)
{
}

int hubspot_signature_ok(const char *secret, const char *method, const char *uri,
			 const char *body, size_t body_len, const char *timestamp, const char *sig)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char b64[sodium_base64_ENCODED_LEN(crypto_auth_hmacsha256_BYTES,
					   sodium_base64_VARIANT_ORIGINAL)];
	crypto_auth_hmacsha256_state st;
	size_t n;

	if (!secret || !*secret || !sig || !timestamp)
		return 0;
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)method, strlen(method));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)uri, strlen(uri));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, body_len);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)timestamp, strlen(timestamp));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2base64(b64, sizeof(b64), mac, sizeof(mac), sodium_base64_VARIANT_ORIGINAL);
	n = strlen(b64);
	return strlen(sig) == n && sodium_memcmp(b64, sig, n) == 0;
}

int hubspot_sync(const struct config *cfg)
{
	return 1;
}
