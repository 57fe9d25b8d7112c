/* hubspot_sync.c - events of the outbox to HubSpot: clients to companies, projects to deals,
 * decisions to notes (CRM v3), one decision per event type; and the full re-sync. */
#include "out/hubspot_sync.h"
#include "core/buf.h"
#include "core/db.h"
#include "domain/vocab.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define COMPANY_ID_PROP "tandem_client_id"
#define DEAL_ID_PROP "tandem_project_id"
#define NOTE_TO_DEAL 214          /* HUBSPOT_DEFINED association type: note -> deal */

/* What the connector does with an event. */
enum hs_action {
	HSA_NONE,       /* not mapped: the endpoint's filter leaves it out */
	HSA_COMPANY,    /* upsert the client's company */
	HSA_DEAL,       /* upsert the project's deal */
	HSA_DEAL_NOTE,  /* upsert the deal, then a note on it */
	HSA_NOTE,       /* a note on the project's deal */
};

/* ------------------------------------------------------------ objects */

static const char *link_get(struct hs *h, const char *object, long long local)
{
	struct db_res *res;

	if (db_query(h->db, h->a, ST_CRM_LINK_GET, &res, "si", object, local) || !res->nrows)
		return NULL;
	return db_cell(res, 0, CRM_LINK_GET_REMOTE_ID);
}

/*
 * Create or update the HubSpot object for our row: update by HubSpot id when
 * linked, else batch upsert on our unique id property (idProperty), then
 * record the link. *remote gets the HubSpot id, *created 1 when new here.
 */
static int upsert(struct hs *h, const char *object_type, const char *link_kind, const char *id_prop,
		  long long local, json_t *props, const char **remote, int *created)
{
	const char *linked = link_get(h, link_kind, local);
	char idbuf[32];
	json_t *body, *ans, *res;
	const char *rid;

	snprintf(idbuf, sizeof(idbuf), "%lld", local);
	json_object_set_new(props, id_prop, json_string(idbuf));
	if (linked)
		body = json_pack("{s:[{s:s, s:o}]}", "inputs", "id", linked, "properties", props);
	else
		body = json_pack("{s:[{s:s, s:s, s:o}]}", "inputs", "idProperty", id_prop, "id", idbuf,
				 "properties", props);
	if (hubspot_call(h, "POST", arena_printf(h->a, "/crm/v3/objects/%s/batch/%s", object_type,
						 linked ? "update" : "upsert"), body, &ans))
		return -1;
	res = json_array_get(json_object_get(ans, "results"), 0);
	rid = json_string_value(json_object_get(res, "id"));
	if (!rid) {
		json_decref(ans);
		h->out->result = HS_RETRY;
		h->out->error = "HubSpot's answer has no results[0].id";
		return -1;
	}
	*remote = arena_strdup(h->a, rid);
	*created = !linked;
	json_decref(ans);
	if (!linked && db_exec(h->db, ST_CRM_LINK_SET, "sis", link_kind, local, *remote) < 0) {
		h->out->result = HS_RETRY;
		h->out->error = "database error recording the link";
		return -1;
	}
	return 0;
}

static int company_sync(struct hs *h, long long client_id, const char **remote)
{
	struct db_res *c;
	int created;

	if (db_query(h->db, h->a, ST_HS_CLIENT, &c, "i", client_id))
		goto db;
	if (!c->nrows) {
		h->out->result = HS_DEAD;
		h->out->error = "the client no longer exists";
		return -1;
	}
	return upsert(h, "companies", "company", COMPANY_ID_PROP, client_id,
		      json_pack("{s:s, s:s*}", "name", db_cell(c, 0, HS_CLIENT_NAME), "domain", db_cell(c, 0, HS_CLIENT_DOMAIN)),
		      remote, &created);
db:
	h->out->result = HS_RETRY;
	h->out->error = "database error";
	return -1;
}

/* The pipeline's stage ids ("a,b,c"), fetched once per process and then
 * every ten minutes; also written to settings for the HubSpot page. */
static int pipeline_stages(struct hs *h, const char **stages)
{
	static char cache[4096];
	static char cache_pipe[128];
	static time_t fetched;
	json_t *ans, *p;
	size_t i, j;
	struct buf b = BUF_INIT;

	if (fetched && time(NULL) - fetched < 600 && !strcmp(cache_pipe, h->s->hs_pipeline)) {
		*stages = cache;
		return 0;
	}
	if (hubspot_call(h, "GET", "/crm/v3/pipelines/deals", NULL, &ans))
		return -1;
	json_array_foreach(json_object_get(ans, "results"), i, p) {
		json_t *st;
		if (!json_is_string(json_object_get(p, "id")) ||
		    strcmp(json_string_value(json_object_get(p, "id")), h->s->hs_pipeline))
			continue;
		json_array_foreach(json_object_get(p, "stages"), j, st) {
			const char *id = json_string_value(json_object_get(st, "id"));
			if (id)
				buf_addf(&b, "%s%s", b.len ? "," : "", id);
		}
	}
	json_decref(ans);
	snprintf(cache, sizeof(cache), "%s", b.data);
	snprintf(cache_pipe, sizeof(cache_pipe), "%s", h->s->hs_pipeline);
	buf_release(&b);
	fetched = time(NULL);
	db_exec(h->db, ST_HS_SETTING_STAGES, "s", cache);
	*stages = cache;
	return 0;
}

static int in_list(const char *list, const char *item)
{
	size_t n = strlen(item);

	for (const char *p = list; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && !strncmp(p, item, n))
			return 1;
		p = end ? end + 1 : "";
	}
	return 0;
}

static int deal_sync(struct hs *h, long long project_id, const char **remote)
{
	struct db_res *p;
	const char *company, *stage, *stages;
	long long amount;
	int created;
	json_t *props, *ans;

	if (db_query(h->db, h->a, ST_HS_PROJECT, &p, "i", project_id)) {
		h->out->result = HS_RETRY;
		h->out->error = "database error";
		return -1;
	}
	if (!p->nrows) {
		h->out->result = HS_DEAD;
		h->out->error = "the project no longer exists";
		return -1;
	}
	/* the company first: a deal is associated with it */
	company = link_get(h, "company", db_cell_int(p, 0, HS_PROJECT_CLIENT_ID));
	if (!company && company_sync(h, db_cell_int(p, 0, HS_PROJECT_CLIENT_ID), &company))
		return -1;
	stage = outbox_map_get(h->a, h->s->hs_stage_map, db_cell(p, 0, HS_PROJECT_STAGE));
	if (pipeline_stages(h, &stages))
		return -1;
	if (!*stage || !in_list(stages, stage)) {
		h->out->result = HS_DEAD;
		h->out->error = arena_printf(h->a, "stage map: '%s' -> '%s' is not a stage of pipeline %s",
					     db_cell(p, 0, HS_PROJECT_STAGE), stage, h->s->hs_pipeline);
		return -1;
	}
	amount = db_cell_int(p, 0, HS_PROJECT_BUDGET_AMOUNT);
	props = json_pack("{s:s, s:s, s:s, s:s, s:s}", "dealname", db_cell(p, 0, HS_PROJECT_NAME), "amount",
			  arena_printf(h->a, "%lld.%02lld", amount / 100, amount % 100), "dealstage",
			  stage, "pipeline", h->s->hs_pipeline, "deal_currency_code", db_cell(p, 0, HS_PROJECT_CURRENCY));
	if (db_cell(p, 0, HS_PROJECT_DUE_DATE))
		json_object_set_new(props, "closedate", json_string(db_cell(p, 0, HS_PROJECT_DUE_DATE)));
	if (upsert(h, "deals", "deal", DEAL_ID_PROP, project_id, props, remote, &created))
		return -1;
	if (created) {
		if (hubspot_call(h, "PUT", arena_printf(h->a, "/crm/v4/objects/deals/%s/associations/default/companies/%s",
							*remote, company), NULL, &ans))
			return -1;
		json_decref(ans);
	}
	return 0;
}

/* A note on the project's deal. */
static int note(struct hs *h, long long project_id, const char *text)
{
	const char *deal = link_get(h, "deal", project_id);
	char iso[32];
	time_t now = time(NULL);
	struct tm tm;
	json_t *ans;

	if (!deal && deal_sync(h, project_id, &deal))
		return -1;
	gmtime_r(&now, &tm);
	strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (hubspot_call(h, "POST", "/crm/v3/objects/notes",
			 json_pack("{s:{s:s, s:s}, s:[{s:{s:s}, s:[{s:s, s:i}]}]}", "properties", "hs_timestamp",
				   iso, "hs_note_body", text, "associations", "to", "id", deal, "types",
				   "associationCategory", "HUBSPOT_DEFINED", "associationTypeId", NOTE_TO_DEAL),
			 &ans))
		return -1;
	json_decref(ans);
	return 0;
}

/* ------------------------------------------------------------ events */

/* One decision per event type, and no default: a type added to event_types.def
 * does not build until it is given one here (-Wswitch, on in -Wall). */
static enum hs_action action(enum event_type t)
{
	switch (t) {
	case EV_CLIENT_CREATED:
		return HSA_COMPANY;
	case EV_PROJECT_CREATED:
		return HSA_DEAL;
	case EV_PROJECT_STAGE_CHANGED:
		return HSA_DEAL_NOTE;
	case EV_TIME_WEEK_APPROVED:
	case EV_APPROVAL_DECIDED:
	case EV_CHANGE_DECIDED:
	case EV_STATUS_REPORT_PUBLISHED:
		return HSA_NOTE;
	case EV_PROJECT_HEALTH_CHANGED:
	case EV_PROJECT_BUDGET_THRESHOLD:
	case EV_MILESTONE_REACHED:
	case EV_TASK_COMPLETED:
	case EV_DOCUMENT_VERSION_ADDED:
	case EV_APPROVAL_REQUESTED:
	case EV_SURVEY_ANSWERED:
	case EV_AUTOMATION_CALL:
	case EV_WEBHOOK_TEST:
	case EV__COUNT:
		break;
	}
	return HSA_NONE;
}

int hubspot_maps(enum event_type t)
{
	return action(t) != HSA_NONE;
}

const char *hubspot_event_filter(struct arena *a)
{
	struct buf b = BUF_INIT;
	const char *out;

	for (int t = 0; t < EV__COUNT; t++) {
		if (!hubspot_maps((enum event_type)t))
			continue;
		if (b.len)
			buf_addch(&b, ',');
		buf_adds(&b, vocab_event((enum event_type)t)->name);
	}
	out = arena_strdup(a, b.data);
	buf_release(&b);
	return out;
}

/* The text of the note an event puts on the deal. */
static const char *note_text(struct arena *a, enum event_type t, json_t *data)
{
	/* a stage change carries a "note"; a decision the decider's "comment" */
	const char *note = json_string_value(json_object_get(data, "note"));
	if (!note || !*note)
		note = json_string_value(json_object_get(data, "comment"));
	if (note && !*note)
		note = NULL;
	const char *decision = json_string_value(json_object_get(data, "decision"));
	const char *title = json_string_value(json_object_get(data, "title"));

	if (t == EV_PROJECT_STAGE_CHANGED)
		return arena_printf(a, "Tandem: stage changed from %s to %s.%s%s",
				    json_string_value(json_object_get(data, "from")),
				    json_string_value(json_object_get(data, "to")), note ? " " : "",
				    note ? note : "");
	if (t == EV_APPROVAL_DECIDED) {
		/* who decided and what, in words (issue 10 item 12) */
		const char *who = json_string_value(json_object_get(data, "contact_name"));
		const char *what = !decision ? "decided" : !strcmp(decision, "approve") ? "approved"
				 : !strcmp(decision, "changes") ? "changes requested" : decision;
		return arena_printf(a, "Tandem: approval of \"%s\": %s%s%s.%s%s", title ? title : "",
				    what, who ? " by " : "", who ? who : "", note ? " " : "",
				    note ? note : "");
	}
	if (t == EV_CHANGE_DECIDED)
		return arena_printf(a, "Tandem: change request \"%s\" %s.%s%s",
				    title ? title : "", decision ? decision : "decided",
				    note ? " " : "", note ? note : "");
	if (t == EV_STATUS_REPORT_PUBLISHED) {
		/* "Status report <date> — <health>: summary", and the link to it */
		const char *h = json_string_value(json_object_get(data, "health"));
		const char *period = json_string_value(json_object_get(data, "period"));
		const char *summary = json_string_value(json_object_get(data, "summary"));
		const char *url = json_string_value(json_object_get(data, "url"));
		const char *label = !h ? "" : !strcmp(h, "green") ? " (on track)" : !strcmp(h, "amber")
				  ? " (at risk)" : !strcmp(h, "red") ? " (off track)" : "";

		return arena_printf(a, "Tandem: Status report %s — %s%s: %s%s%s", period ? period : "",
				    h ? h : "", label, summary ? summary : "", url ? "\n\nFull report: " : "",
				    url ? url : "");
	}
	if (t == EV_TIME_WEEK_APPROVED)
		return arena_printf(a, "Tandem: timesheet week %s approved.",
				    json_string_value(json_object_get(data, "week")));
	return arena_printf(a, "Tandem: %s.", vocab_event(t)->name);
}

void hubspot_deliver(struct db *db, struct arena *a, const struct outbox_settings *s,
		     const char *type, long long client_id, long long project_id, const char *payload,
		     int tries, struct hs_outcome *out)
{
	struct hs h = { db, a, s, out, tries };
	const char *remote;
	enum event_type t = EV__COUNT;
	json_t *ev, *data;

	memset(out, 0, sizeof(*out));
	out->result = HS_OK;
	ev = json_loads(payload, 0, NULL);
	data = json_object_get(ev, "data");
	/* an unknown type (a row older than the list) maps to nothing, like any unmapped one */
	vocab_event_parse(type, &t);
	switch (action(t)) {
	case HSA_COMPANY:
		company_sync(&h, client_id, &remote);
		break;
	case HSA_DEAL:
		deal_sync(&h, project_id, &remote);
		break;
	case HSA_DEAL_NOTE:
		if (!deal_sync(&h, project_id, &remote))
			note(&h, project_id, note_text(a, t, data));
		break;
	case HSA_NOTE:
		if (project_id)
			note(&h, project_id, note_text(a, t, data));
		break;
	case HSA_NONE:
		out->result = HS_DEAD;
		out->error = arena_printf(a, "the connector does not map %s", type);
		break;
	}
	json_decref(ev);
}

int hubspot_parked(struct db *db, struct arena *a)
{
	struct db_res *res;

	if (db_query(db, a, ST_RATE_LOCK, &res, "") || res->nrows != 1)
		return 0;
	return db_cell_int(res, 0, RATE_LOCK_PARKED) != 0;
}

/* ------------------------------------------------------------ full re-sync */

static void progress(int tty, const char *what, size_t done, size_t total, size_t failed)
{
	if (tty) {
		int width = 30, fill = total ? (int)(done * (size_t)width / total) : width;
		fprintf(stderr, "\r%-9s [%.*s%*s] %zu/%zu%s", what, fill,
			"##############################", width - fill, "", done, total,
			failed ? " (some failed)" : "");
		if (done == total)
			fputc('\n', stderr);
	} else if (done == total || done % 50 == 0) {
		fprintf(stderr, "%s: %zu/%zu done, %zu failed\n", what, done, total, failed);
	}
}

/* One pass over every row of st (ST_HS_ALL_CLIENTS or ST_HS_ALL_PROJECTS, whose one column is
 * the id) with fn, paced like the worker. */
static size_t sync_all(struct hs *h, enum stmt st, const char *what, int tty,
		       int (*fn)(struct hs *, long long, const char **))
{
	struct db_res *ids;
	size_t failed = 0;

	if (db_query(h->db, h->a, st, &ids, ""))
		return 1;
	progress(tty, what, 0, ids->nrows, 0);
	for (size_t i = 0; i < ids->nrows; i++) {
		const char *remote;
		for (int tries = 0; tries < 5; tries++) {
			memset(h->out, 0, sizeof(*h->out));
			h->tries = tries;
			if (!fn(h, db_cell_int(ids, i, HS_ALL_CLIENTS_ID), &remote))
				break;
			if (h->out->result == HS_RETRY_IN)
				hubspot_sleep_us(h->out->delay_ms * 1000 * h->s->retry_scale);
			else if (h->out->result == HS_RETRY)
				hubspot_sleep_us(1000000LL * (tries + 1) * h->s->retry_scale);
			else
				break;
		}
		if (h->out->error) {
			failed++;
			if (!tty)
				fprintf(stderr, "%s %lld: %s\n", what, db_cell_int(ids, i, HS_ALL_CLIENTS_ID), h->out->error);
		}
		progress(tty, what, i + 1, ids->nrows, failed);
		if (h->out->result == HS_PARK)
			break;
	}
	return failed;
}

int hubspot_sync(const struct config *cfg)
{
	struct db *db = db_open(cfg);
	struct arena a;
	struct outbox_settings s;
	struct hs_outcome out;
	struct hs h;
	size_t failed;
	int tty = isatty(2);

	if (!db || db_prepare_all(db)) {
		fprintf(stderr, "tandem: cannot use the database (see above)\n");
		if (db)
			db_close(db);
		return 1;
	}
	arena_init(&a);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (outbox_settings_load(db, &a, &s) || !s.hs_token) {
		fprintf(stderr, "tandem: HubSpot is not connected (Settings > HubSpot)\n");
		failed = 1;
		goto out;
	}
	memset(&out, 0, sizeof(out));
	h = (struct hs){ db, &a, &s, &out, 0 };
	failed = sync_all(&h, ST_HS_ALL_CLIENTS, "companies", tty, company_sync);
	failed += sync_all(&h, ST_HS_ALL_PROJECTS, "deals", tty, deal_sync);
	fprintf(stderr, "hubspot sync: %s\n", failed ? "finished with failures" : "done");
out:
	arena_release(&a);
	curl_global_cleanup();
	db_close(db);
	return failed ? 1 : 0;
}
