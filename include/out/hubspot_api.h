/* hubspot_api.h - the HTTP client of HubSpot's CRM API: calls under a request budget shared
 * by every worker, the bearer token, JSON bodies and answers, 429/5xx/4xx sorted into outcomes. */
#ifndef TANDEM_HUBSPOT_API_H
#define TANDEM_HUBSPOT_API_H

#include <jansson.h>
#include "core/arena.h"
#include "domain/outbox_settings.h"

struct db;

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

/* One delivery (or one sync step, or one inbound event) in progress: what its calls
 * run on and where they report. Borrowed pointers; the caller zeroes *out. */
struct hs {
	struct db *db;
	struct arena *a;
	const struct outbox_settings *s;  /* token, base URL, budget */
	struct hs_outcome *out;           /* result, status, latency, error of the calls */
	int tries;                        /* attempts so far: a 429 waits 10 s x (tries + 1) */
};

/*
 * One API call: method, path (after the base URL), an optional JSON body
 * (taken over). On 2xx returns 0 with *answer (caller decrefs, may be NULL);
 * else fills h->out and returns -1.
 */
int hubspot_call(struct hs *h, const char *method, const char *path, json_t *body, json_t **answer);

/* Sleep us microseconds (nothing when us <= 0): the budget's slot, a re-sync's back-off. */
void hubspot_sleep_us(long long us);

#endif
