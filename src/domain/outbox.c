/* outbox.c - the transactional outbox and the activity stream. */
#include "domain/outbox.h"
#include "core/db.h"
#include "core/log.h"
#include "core/crypto.h"
#include "domain/vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Write the event; then one delivery per matching enabled endpoint, or only
 * to endpoint `only` when it is not 0 (a test event). */
static int emit(struct ctx *c, enum event_type t, long long client_id, long long project_id,
		json_t *data, long long only)
{
	char uid[37], hex[33], iso[96], sqlts[96];
	struct timespec ts;
	struct tm tm;
	json_t *ev;
	char *payload;
	const char *type = vocab_event(t)->name;
	int rc = -1;

	crypto_random_hex(hex, 16);
	snprintf(uid, sizeof(uid), "evt_%s", hex);
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
	snprintf(sqlts, sizeof(sqlts), "%04d-%02d-%02d %02d:%02d:%02d.%06ld", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000);
	ev = json_pack("{s:s, s:s, s:s, s:o}", "id", uid, "type", type, "occurred_at", iso,
		       "data", data ? data : json_object());
	if (!ev)
		return -1;
	payload = json_dumps(ev, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(ev);
	if (!payload)
		return -1;
	/* its automations are queued by the outbox worker (rule_fanout_run), a level deeper than
	 * the run that caused it (cause_run_id): the event is flagged when a rule might want it */
	if (db_exec(c->db, ST_OUTBOX_ADD, "ssnnssnis", uid, type, client_id, project_id, payload,
		    sqlts, c->rule_run, (long long)!only, type) == 1) {
		long long id = db_insert_id(c->db);

		/* deliveries with one order key go out one at a time, oldest first:
		 * the client's key keeps client.created before its projects' events */
		if (only)
			rc = db_exec(c->db, ST_DELIVERY_ADD, "ii", id, only) == 1 ? 0 : -1;
		else
			rc = db_exec(c->db, ST_OUTBOX_FANOUT, "ins", id,
				     client_id ? client_id : project_id, type) >= 0 ? 0 : -1;
	}
	free(payload);
	return rc;
}

int outbox_emit(struct ctx *c, enum event_type type, long long client_id, long long project_id,
		json_t *data)
{
	return emit(c, type, client_id, project_id, data, 0);
}

int outbox_emit_to(struct ctx *c, long long endpoint_id, enum event_type type, json_t *data)
{
	return emit(c, type, 0, 0, data, endpoint_id);
}

int activity_add(struct ctx *c, long long client_id, long long project_id, const char *kind,
		 const char *from, const char *to, const char *note, int client_visible)
{
	return activity_add_by(c, c->actor_id, client_id, project_id, kind, from, to, note,
			       client_visible);
}

int activity_add_by(struct ctx *c, long long user_id, long long client_id, long long project_id,
		    const char *kind, const char *from, const char *to, const char *note,
		    int client_visible)
{
	/* a line by nobody signed in is signed by the context's name (an automation's) */
	return db_exec(c->db, ST_ACTIVITY_ADD, "nnnsssssi", client_id, project_id, user_id,
		       user_id ? NULL : c->actor_name, kind, from, to, note,
		       (long long)client_visible) == 1 ? 0 : -1;
}
