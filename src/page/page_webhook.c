/* page_webhook.c - events out: webhook endpoints and their delivery log, replay, test events,
 * options, HubSpot settings, and the inbound HubSpot hook. */
#include "page/page_webhook.h"
#include "core/array.h"
#include "core/db.h"
#include "out/deliver_webhook.h"
#include "out/hubspot_inbound.h"
#include "out/hubspot_sync.h"
#include "domain/outbox.h"
#include "domain/outbox_settings.h"
#include "web/page_util.h"
#include "web/render.h"
#include "web/valid.h"
#include "domain/vocab.h"
#include "core/xml.h"
#include "web/frame.h"

#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LOG_PAGE 20               /* deliveries per page of the log */
#define HOOK_WINDOW_MS 300000LL   /* inbound signature v3: five minutes */

static const struct vfield endpoint_fields[] = {
	{ "name", "Name", V_LINE, 1, 0, 200, NULL },
	{ "url", "URL", V_LINE, 1, 0, 2000, NULL },
	{ "secret", "Secret", V_PASSWORD, 0, 0, 100, NULL },
};
static const char *const zero_one[] = { "0", "1", NULL };
static const struct vfield enabled_fields[] = {
	{ "enabled", "Enabled", V_ENUM, 1, 0, 0, zero_one },
};
static const struct vfield options_fields[] = {
	{ "allow_private_targets", "Allow private targets", V_BOOL, 0, 0, 0, NULL },
};
static const struct vfield hubspot_fields[] = {
	{ "token", "Private-app token", V_PASSWORD, 0, 0, 500, NULL },
	{ "client_secret", "App client secret", V_PASSWORD, 0, 0, 500, NULL },
	{ "base_url", "API base URL", V_LINE, 1, 0, 500, NULL },
	{ "pipeline", "Deal pipeline", V_LINE, 1, 0, 100, NULL },
	{ "stage_initiation", "Initiation", V_LINE, 1, 0, 100, NULL },
	{ "stage_planning", "Planning", V_LINE, 1, 0, 100, NULL },
	{ "stage_execution", "Execution", V_LINE, 1, 0, 100, NULL },
	{ "stage_closure", "Closure", V_LINE, 1, 0, 100, NULL },
	{ "stage_closed_won", "Closed won", V_LINE, 1, 0, 100, NULL },
	{ "stage_closed_lost", "Closed lost", V_LINE, 1, 0, 100, NULL },
};
#define NHUBSPOT ARRAY_SIZE(hubspot_fields)

/* ------------------------------------------------------------ helpers */

int webhook_event_choosable(const char *name)
{
	enum event_type t;

	return vocab_event_parse(name, &t) == 0 && vocab_event(t)->subscribable;
}

/* The filter's choices: every type of event_types.def an endpoint may subscribe to. */
static void event_choices(xmlNodePtr page)
{
	xmlNodePtr n = xml_el(page, "event-types");

	for (int t = 0; t < EV__COUNT; t++)
		if (vocab_event((enum event_type)t)->subscribable)
			xml_attr(xml_el(n, "type"), "name", vocab_event((enum event_type)t)->name);
}

/* The repeatable `events` field as "a,b,c" ('' = every event). NULL when
 * one is not an event type (the form error is set). */
static const char *events_value(struct req *r, struct form *f)
{
	struct buf b = BUF_INIT;
	const char *out;

	for (size_t i = 0; i < r->form.n; i++) {
		const char *v = r->form.v[i].value;
		if (strcmp(r->form.v[i].name, "events") || !*v)
			continue;
		if (!webhook_event_choosable(v)) {
			valid_error(f, NULL, "Events must be chosen from the list.");
			buf_release(&b);
			return NULL;
		}
		if (b.len)
			buf_addch(&b, ',');
		buf_adds(&b, v);
	}
	out = arena_strdup(r->arena, b.data);
	buf_release(&b);
	return out;
}

static int allow_private(struct req *r, int *out)
{
	struct outbox_settings s;

	if (outbox_settings_load(r->db, r->arena, &s))
		return -1;
	*out = s.allow_private;
	return 0;
}

/* Checks of the endpoint form beyond the table. Returns f->nerr, or -1. */
static int check_endpoint(struct req *r, struct form *f, const char **events)
{
	const struct vvalue *url = valid_get(f, "url"), *secret = valid_get(f, "secret");
	const char *why;
	int priv;

	*events = events_value(r, f);
	if (allow_private(r, &priv))
		return -1;
	if (url->present && webhook_url_check(url->s, priv, &why))
		valid_error(f, "url", why);
	if (secret && secret->present) {
		char sig[WEBHOOK_SIG_LEN];
		if (strlen(secret->s) < 30 ||
		    webhook_sign(secret->s, "x", 0, "", 0, sig, sizeof(sig)))
			valid_error(f, "secret", "Secret must be whsec_ followed by base64 (24 bytes or more).");
	}
	return f->nerr;
}

/* ------------------------------------------------------------ list, create */

static int list_page(struct req *r, const struct form *f, int status)
{
	struct db_res *eps;
	xmlNodePtr page, opt;
	int priv;

	if (db_query(r->db, r->arena, ST_ENDPOINT_LIST, &eps, "") || allow_private(r, &priv))
		return 503;
	page = xml_page(r, XSL_WEBHOOKS, "webhook-list", "Webhooks");
	xml_rows(xml_el(page, "endpoints"), "endpoint", eps);
	opt = xml_el(page, "options");
	xml_attr(opt, "allow-private-targets", priv ? "1" : "0");
	event_choices(page);
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_webhook_list(struct req *r)
{
	return list_page(r, NULL, 200);
}

int page_webhook_create(struct req *r)
{
	struct form f;
	const char *events;
	char secret[WEBHOOK_SECRET_LEN];
	int bad;

	bad = valid_form(r, &f, "endpoint", endpoint_fields, ARRAY_SIZE(endpoint_fields));
	if (check_endpoint(r, &f, &events) < 0)
		return 503;
	if (bad || f.nerr)
		return list_page(r, &f, 422);
	if (valid_get(&f, "secret")->present)
		snprintf(secret, sizeof(secret), "%s", valid_get(&f, "secret")->s);
	else
		webhook_secret_new(secret, sizeof(secret));
	if (db_exec(r->db, ST_ENDPOINT_INSERT, "sssss", valid_get(&f, "name")->s,
		    valid_get(&f, "url")->s, "generic", events, secret) != 1)
		return 503;
	xml_flash_next(r, "endpoint_created");
	return req_redirect(r, arena_printf(r->arena, "/settings/webhooks/%lld",
					    db_insert_id(r->db)));
}

int page_webhook_options(struct req *r)
{
	struct form f;

	if (valid_form(r, &f, "options", options_fields, ARRAY_SIZE(options_fields)))
		return list_page(r, &f, 422);
	if (db_exec(r->db, ST_SETTING_SET, "ss", "allow_private_targets",
		    valid_get(&f, "allow_private_targets")->i ? "1" : "0") < 0)
		return 503;
	xml_flash_next(r, "saved");
	return req_redirect(r, "/settings/webhooks");
}

/* ------------------------------------------------------------ one endpoint */

static int endpoint_page(struct req *r, long long id, const struct form *f, int status)
{
	long long pg = page_number(r), total;
	struct db_res *ep, *cnt, *log, *att;
	xmlNodePtr page, n, list;
	int rc;

	if ((rc = page_one_row(r, ST_ENDPOINT_GET, &ep, "i", id)))
		return rc;
	if (db_query(r->db, r->arena, ST_DELIVERY_COUNT, &cnt, "i", id) ||
	    db_query(r->db, r->arena, ST_DELIVERY_LOG, &log, "iii", id, (long long)LOG_PAGE,
		     (pg - 1) * LOG_PAGE) ||
	    db_query(r->db, r->arena, ST_ATTEMPT_LOG, &att, "iii", id, (long long)LOG_PAGE,
		     (pg - 1) * LOG_PAGE))
		return 503;
	total = db_cell_int(cnt, 0, DELIVERY_COUNT_N);
	page = xml_page(r, XSL_WEBHOOKS, "webhook", db_cell(ep, 0, ENDPOINT_GET_NAME));
	n = xml_row(page, "endpoint", ep, 0);
	/* the secret is shown once: to the first admin who opens the page after
	 * it was made (the UPDATE decides, so two views cannot both get it) */
	if (status == 200 && !f) {
		long long shown = db_exec(r->db, ST_ENDPOINT_REVEAL, "i", id);
		struct db_res *sec;
		if (shown < 0)
			return 503;
		if (shown == 1) {
			if (db_query(r->db, r->arena, ST_ENDPOINT_SECRET, &sec, "i", id))
				return 503;
			xml_text(n, "secret", db_cell(sec, 0, ENDPOINT_SECRET_SECRET));
		}
	}
	list = xml_el(page, "deliveries");
	for (size_t i = 0, j = 0; i < log->nrows; i++) {
		xmlNodePtr d = xml_row(list, "delivery", log, i);
		const char *did = db_cell(log, i, DELIVERY_LOG_ID);
		while (j < att->nrows && strcmp(db_cell(att, j, ATTEMPT_LOG_DELIVERY_ID), did))
			j++;
		for (; j < att->nrows && !strcmp(db_cell(att, j, ATTEMPT_LOG_DELIVERY_ID), did); j++)
			xml_row(d, "attempt", att, j);
	}
	xml_pager(page, r, pg, LOG_PAGE, total, arena_printf(r->arena, "/settings/webhooks/%lld?", id));
	event_choices(page);
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_webhook_view(struct req *r)
{
	return endpoint_page(r, r->ids[0], NULL, 200);
}

int page_webhook_update(struct req *r)
{
	long long id = r->ids[0];
	struct db_res *ep;
	struct form f;
	const char *events;
	int bad, rc;

	if ((rc = page_one_row(r, ST_ENDPOINT_GET, &ep, "i", id)))
		return rc;
	bad = valid_form(r, &f, "endpoint", endpoint_fields, 2);
	if (check_endpoint(r, &f, &events) < 0)
		return 503;
	if (bad || f.nerr)
		return endpoint_page(r, id, &f, 422);
	if (db_exec(r->db, ST_ENDPOINT_UPDATE, "sssi", valid_get(&f, "name")->s,
		    valid_get(&f, "url")->s, events, id) < 0)
		return 503;
	xml_flash_next(r, "saved");
	return req_redirect(r, arena_printf(r->arena, "/settings/webhooks/%lld", id));
}

int page_webhook_enabled(struct req *r)
{
	long long id = r->ids[0], on;
	struct db_res *ep;
	struct form f;
	int rc;

	if ((rc = page_one_row(r, ST_ENDPOINT_GET, &ep, "i", id)))
		return rc;
	if (valid_form(r, &f, "enabled", enabled_fields, ARRAY_SIZE(enabled_fields)))
		return endpoint_page(r, id, &f, 422);
	on = !strcmp(valid_get(&f, "enabled")->s, "1");
	if (db_exec(r->db, ST_ENDPOINT_SET_ENABLED, "iii", on, on, id) < 0)
		return 503;
	xml_flash_next(r, on ? "endpoint_enabled" : "endpoint_disabled");
	return req_redirect(r, arena_printf(r->arena, "/settings/webhooks/%lld", id));
}

int page_webhook_test(struct req *r)
{
	long long id = r->ids[0];
	struct db_res *ep;
	json_t *data;
	int rc;

	if ((rc = page_one_row(r, ST_ENDPOINT_GET, &ep, "i", id)))
		return rc;
	data = json_pack("{s:s, s:I}", "message", "This is a test event from Tandem.", "endpoint_id",
			 (json_int_t)id);
	if (db_begin(r->db))
		return 503;
	if (outbox_emit_to(&r->ctx, id, EV_WEBHOOK_TEST, data) || db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "test_sent");
	return req_redirect(r, arena_printf(r->arena, "/settings/webhooks/%lld", id));
}

int page_delivery_replay(struct req *r)
{
	long long id = r->ids[0], ep;
	struct db_res *d;

	if (db_begin(r->db))
		return 503;
	if (db_query(r->db, r->arena, ST_DELIVERY_LOCK, &d, "i", id))
		goto fail;
	if (d->nrows != 1) {
		db_rollback(r->db);
		return 404;
	}
	ep = db_cell_int(d, 0, DELIVERY_LOCK_ENDPOINT_ID);
	if (!strcmp(db_cell(d, 0, DELIVERY_LOCK_STATE), "pending")) {
		/* already on its way: replaying would send it twice */
		db_rollback(r->db);
		xml_flash_next(r, "replay_pending");
		return req_redirect(r, arena_printf(r->arena, "/settings/webhooks/%lld", ep));
	}
	if (db_exec(r->db, ST_DELIVERY_REPLAY, "i", id) != 1 || db_commit(r->db))
		goto fail;
	xml_flash_next(r, "replayed");
	return req_redirect(r, arena_printf(r->arena, "/settings/webhooks/%lld", ep));
fail:
	db_rollback(r->db);
	return 503;
}

/* ------------------------------------------------------------ HubSpot settings */

static const char *const map_keys[] = {
	"initiation", "planning", "execution", "closure", "closed_won", "closed_lost", NULL,
};

static int hubspot_page(struct req *r, const struct form *f, int status)
{
	struct outbox_settings s;
	struct db_res *all;
	xmlNodePtr page, n;

	if (outbox_settings_load(r->db, r->arena, &s) ||
	    db_query(r->db, r->arena, ST_SETTINGS_ALL, &all, ""))
		return 503;
	page = xml_page(r, XSL_WEBHOOKS, "hubspot", "HubSpot");
	n = xml_el(page, "hubspot");
	/* secrets: only whether they are set */
	xml_attr(n, "token-set", s.hs_token ? "1" : "0");
	xml_attr(n, "client-secret-set", s.hs_secret ? "1" : "0");
	xml_attr(n, "base-url", s.hs_base);
	xml_attr(n, "pipeline", s.hs_pipeline);
	xml_attr(n, "webhook-url", arena_printf(r->arena, "%s/hooks/hubspot", r->cfg->base_url));
	for (const char *const *k = map_keys; *k; k++) {
		xmlNodePtr m = xml_el(n, "stage");
		xml_attr(m, "name", *k);
		xml_attr(m, "remote", outbox_map_get(r->arena, s.hs_stage_map, *k));
	}
	for (size_t i = 0; i < all->nrows; i++)
		if (!strcmp(db_cell(all, i, SETTINGS_ALL_NAME), "hubspot_stages"))
			xml_text(n, "pipeline-stages", db_cell(all, i, SETTINGS_ALL_VALUE));
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_hubspot_settings(struct req *r)
{
	return hubspot_page(r, NULL, 200);
}

int page_hubspot_save(struct req *r)
{
	struct form f;
	struct outbox_settings s;
	struct db_res *ep;
	struct buf map = BUF_INIT;
	const char *why, *token, *secret;
	int bad, rc = 503;

	bad = valid_form(r, &f, "hubspot", hubspot_fields, NHUBSPOT);
	if (outbox_settings_load(r->db, r->arena, &s))
		return 503;
	if (valid_get(&f, "base_url")->present &&
	    webhook_url_check(valid_get(&f, "base_url")->s, s.allow_private, &why))
		valid_error(&f, "base_url", why);
	token = valid_get(&f, "token")->present ? valid_get(&f, "token")->s : NULL;
	secret = valid_get(&f, "client_secret")->present ? valid_get(&f, "client_secret")->s : NULL;
	if (!token && !s.hs_token)
		valid_error(&f, "token", "Token is required to connect HubSpot.");
	for (size_t i = 0; i < 6; i++) {
		const char *v = valid_get(&f, hubspot_fields[4 + i].name)->s;
		if (v && strpbrk(v, ",= "))
			valid_error(&f, hubspot_fields[4 + i].name, "A stage id has no commas, spaces or '='.");
	}
	if (bad || f.nerr)
		return hubspot_page(r, &f, 422);
	for (size_t i = 0; i < 6; i++)
		buf_addf(&map, "%s%s=%s", i ? "," : "", map_keys[i],
			 valid_get(&f, hubspot_fields[4 + i].name)->s);
	if (db_begin(r->db))
		goto out;
	if ((token && db_exec(r->db, ST_SETTING_SET, "ss", "hubspot_token", token) < 0) ||
	    (secret && db_exec(r->db, ST_SETTING_SET, "ss", "hubspot_client_secret", secret) < 0) ||
	    db_exec(r->db, ST_SETTING_SET, "ss", "hubspot_base_url", valid_get(&f, "base_url")->s) < 0 ||
	    db_exec(r->db, ST_SETTING_SET, "ss", "hubspot_pipeline", valid_get(&f, "pipeline")->s) < 0 ||
	    db_exec(r->db, ST_SETTING_SET, "ss", "hubspot_stage_map", map.data) < 0 ||
	    db_query(r->db, r->arena, ST_ENDPOINT_OF_KIND, &ep, "s", "hubspot"))
		goto fail;
	/* the connector is an endpoint of kind hubspot: events fan out to it
	 * like to any webhook, and its delivery log is the same page */
	if (ep->nrows == 0) {
		char sec[WEBHOOK_SECRET_LEN];
		webhook_secret_new(sec, sizeof(sec));
		if (db_exec(r->db, ST_ENDPOINT_INSERT, "sssss", "HubSpot", valid_get(&f, "base_url")->s,
			    "hubspot", hubspot_event_filter(r->arena), sec) != 1)
			goto fail;
	} else if (db_exec(r->db, ST_ENDPOINT_SET_URL, "ssi", valid_get(&f, "base_url")->s,
			   hubspot_event_filter(r->arena), db_cell_int(ep, 0, ENDPOINT_OF_KIND_ID)) < 0) {
		goto fail;
	}
	if (db_commit(r->db))
		goto fail;
	xml_flash_next(r, "saved");
	rc = req_redirect(r, "/settings/hubspot");
	goto out;
fail:
	db_rollback(r->db);
out:
	buf_release(&map);
	return rc;
}

/* ------------------------------------------------------------ inbound hook */

static int hook_answer(struct req *r, int status, const char *what)
{
	xmlNodePtr page;

	r->want_xml = 1;
	page = xml_page(r, XSL_ERROR, "hook", "HubSpot hook");
	xml_text(page, "result", what);
	return status;
}

int page_hook_hubspot(struct req *r)
{
	const char *sig = req_env(r, "HTTP_X_HUBSPOT_SIGNATURE_V3");
	const char *ts = req_env(r, "HTTP_X_HUBSPOT_REQUEST_TIMESTAMP");
	const char *uri = req_env(r, "REQUEST_URI");
	struct outbox_settings s;
	struct timespec now;
	json_t *root = NULL, *ev;
	json_error_t jerr;
	long long t, now_ms;
	size_t i;
	char *end;
	int rc;

	if (outbox_settings_load(r->db, r->arena, &s))
		return 503;
	if (!s.hs_secret || !sig || !ts || !uri || !r->body)
		return hook_answer(r, 401, "signature missing");
	errno = 0;
	t = strtoll(ts, &end, 10);
	clock_gettime(CLOCK_REALTIME, &now);
	now_ms = (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
	if (errno || *end || end == ts || t < now_ms - HOOK_WINDOW_MS || t > now_ms + HOOK_WINDOW_MS)
		return hook_answer(r, 401, "timestamp outside the five-minute window");
	if (!hubspot_signature_ok(s.hs_secret, "POST",
				  arena_printf(r->arena, "%s%s", r->cfg->base_url,
					       hubspot_v3_uri(uri, arena_alloc(r->arena, strlen(uri) + 1))),
				  r->body, r->body_len, ts, sig))
		return hook_answer(r, 401, "bad signature");
	/* signed: now parse */
	root = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root || !json_is_array(root) || json_array_size(root) == 0 ||
	    json_array_size(root) > 1000) {
		json_decref(root);
		return hook_answer(r, 400, "expected a JSON array of events");
	}
	json_array_foreach(root, i, ev) {
		json_t *id = json_object_get(ev, "eventId"), *st = json_object_get(ev, "subscriptionType");
		json_t *obj = json_object_get(ev, "objectId");
		if (!json_is_integer(id) || json_integer_value(id) < 1 || !json_is_string(st) ||
		    (obj && !json_is_integer(obj))) {
			json_decref(root);
			return hook_answer(r, 400, "an event lacks eventId or subscriptionType");
		}
	}
	if (db_begin(r->db))
		goto fail;
	json_array_foreach(root, i, ev) {
		char *one = json_dumps(ev, JSON_COMPACT);
		json_t *obj = json_object_get(ev, "objectId");
		long long n;
		if (!one)
			goto fail;
		/* INSERT IGNORE: an eventId seen before is skipped */
		n = db_exec(r->db, ST_HOOK_EVENT_ADD, "isns",
			    (long long)json_integer_value(json_object_get(ev, "eventId")),
			    json_string_value(json_object_get(ev, "subscriptionType")),
			    obj ? (long long)json_integer_value(obj) : 0LL, one);
		free(one);
		if (n < 0)
			goto fail;
	}
	if (db_commit(r->db))
		goto fail;
	json_decref(root);
	return hook_answer(r, 200, "ok");
fail:
	rc = 503;
	db_rollback(r->db);
	json_decref(root);
	return rc;
}
