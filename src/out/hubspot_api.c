/* hubspot_api.c - the HTTP client of HubSpot's CRM API: one call at a time under a request
 * budget shared in the database, the bearer token, JSON in and out, limits and errors sorted. */
#include "out/hubspot_api.h"
#include "core/db.h"
#include "out/xfer.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ANSWER_MAX (1024 * 1024)  /* bytes of a HubSpot answer read */

/* ------------------------------------------------------------ budget */

void hubspot_sleep_us(long long us)
{
	struct timespec ts = { (time_t)(us / 1000000), (long)(us % 1000000) * 1000 };

	if (us > 0)
		nanosleep(&ts, NULL);
}

/* Take the next request slot of the shared budget and wait for it. Slots are
 * window/(90 % of the limit) apart across every worker, so no rolling window
 * ever holds more than the limit. 0, or -1 (parked for the day, or database). */
static int take_slot(struct hs *h)
{
	struct db_res *res;
	long long wait_us, gap_us, eff = h->s->hs_limit * 9 / 10;

	if (eff < 1)
		eff = 1;
	gap_us = h->s->hs_window_ms * 1000 / eff;
	if (db_begin(h->db))
		return -1;
	if (db_query(h->db, h->a, ST_RATE_LOCK, &res, "") || res->nrows != 1)
		goto fail;
	if (db_cell_int(res, 0, RATE_LOCK_PARKED)) {
		db_rollback(h->db);
		h->out->result = HS_PARK;
		h->out->error = "HubSpot's daily limit is used up; waiting for tomorrow";
		return -1;
	}
	wait_us = db_cell_int(res, 0, RATE_LOCK_WAIT_US);
	if (db_exec(h->db, ST_RATE_TAKE, "i", gap_us) != 1 || db_commit(h->db))
		goto fail;
	hubspot_sleep_us(wait_us);
	return 0;
fail:
	db_rollback(h->db);
	h->out->result = HS_RETRY;
	h->out->error = "database error taking a HubSpot slot";
	return -1;
}

/* Classify a failed answer into h->out (429 by policy, 5xx, other 4xx). */
static void failed(struct hs *h, long status, json_t *answer)
{
	struct hs_outcome *o = h->out;
	const char *policy = json_string_value(json_object_get(answer, "policyName"));
	const char *msg = json_string_value(json_object_get(answer, "message"));

	o->error = arena_printf(h->a, "HTTP %ld%s%s", status, msg ? ": " : "", msg ? msg : "");
	if (status == 429 && policy && !strcmp(policy, "DAILY")) {
		o->result = HS_PARK;
		db_exec(h->db, ST_RATE_PARK, "");
	} else if (status == 429) {
		/* ten-secondly (or unnamed) limit: as HubSpot's clients do, 10 s x attempt */
		o->result = HS_RETRY_IN;
		o->delay_ms = 10000LL * (h->tries + 1);
	} else if (status >= 500 || status == 0) {
		o->result = HS_RETRY;
	} else {
		o->result = HS_DEAD; /* our request is wrong: retrying will not help */
	}
}

/* ------------------------------------------------------------ calls */

int hubspot_call(struct hs *h, const char *method, const char *path, json_t *body, json_t **answer)
{
	struct xfer x;
	char *text = NULL;
	json_t *ans = NULL;
	int rc = -1;

	*answer = NULL;
	if (take_slot(h)) {
		json_decref(body);
		return -1;
	}
	if (body)
		text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	memset(&x, 0, sizeof(x));
	if (xfer_init(&x, method, arena_printf(h->a, "%s%s", h->s->hs_base, path), text,
		      text ? strlen(text) : 0, h->s->timeout_ms, h->s->allow_private, ANSWER_MAX)) {
		free(text);
		h->out->result = HS_RETRY;
		h->out->error = "could not create a transfer";
		return -1;
	}
	free(text);
	xfer_header(&x, arena_printf(h->a, "Authorization: Bearer %s", h->s->hs_token));
	xfer_header(&x, "Content-Type: application/json");
	xfer_header(&x, "Accept: application/json");
	xfer_perform(&x);
	h->out->status = x.status;
	h->out->latency_ms += x.latency_ms;
	h->out->answer = arena_strndup(h->a, x.answer.data,
				       x.answer.len < XFER_EXCERPT ? x.answer.len : XFER_EXCERPT);
	if (x.answer.len)
		ans = json_loadb(x.answer.data, x.answer.len, 0, NULL);
	if (x.status >= 200 && x.status < 300) {
		*answer = ans;
		ans = NULL;
		rc = 0;
	} else if (!x.status) {
		h->out->result = HS_RETRY;
		h->out->error = arena_strdup(h->a, x.error ? x.error : "no answer");
	} else {
		failed(h, x.status, ans);
	}
	json_decref(ans);
	xfer_release(&x);
	return rc;
}
