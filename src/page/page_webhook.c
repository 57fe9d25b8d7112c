/* page_webhook.c - events out: webhook endpoints and their delivery log, replay, test events,
 * options, HubSpot settings, and the inbound HubSpot hook. */
#include "page/page_webhook.h"
#include "core/array.h"
#include "core/db.h"
#include "out/hubspot_inbound.h"
#include "out/hubspot_sync.h"
#include "domain/outbox_settings.h"
#include "domain/webhook.h"
#include "web/page_util.h"
#include "web/render.h"
#include "web/valid.h"
#include "domain/vocab.h"
#include "core/xml.h"
#include "web/frame.h"

#include <errno.h>
#include <jansson.h>
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
	if (secret && secret->present && !webhook_secret_ok(secret->s))
		valid_error(f, "secret", "Secret must be whsec_ followed by base64 (24 bytes or more).");
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
	const char *events, *field = NULL, *why = NULL;
	struct webhook_endpoint e;
	struct form f;
	long long id;
	int bad, rc;

	bad = valid_form(r, &f, "endpoint", endpoint_fields, ARRAY_SIZE(endpoint_fields));
	if (check_endpoint(r, &f, &events) < 0)
		return 503;
	if (bad || f.nerr)
		return list_page(r, &f, 422);
	e = (struct webhook_endpoint){
		.name = valid_get(&f, "name")->s,
		.url = valid_get(&f, "url")->s,
		.events = events,
		.secret = valid_get(&f, "secret")->present ? valid_get(&f, "secret")->s : NULL,
	};
	if (db_begin(r->db))
		return 503;
	if ((rc = webhook_create(&r->ctx, &e, &id, &field, &why)) || db_commit(r->db)) {
		db_rollback(r->db);
		if (rc != WEBHOOK_REFUSED)
			return 503;
		valid_error(&f, field, why); /* the settings changed since the form's check */
		return list_page(r, &f, 422);
	}
	xml_flash_next(r, "endpoint_created");
	return req_redirect(r, arena_printf(r->arena, "/settings/webhooks/%lld", id));
}

int page_webhook_options(struct req *r)
{
	struct form f;

	if (valid_form(r, &f, "options", options_fields, ARRAY_SIZE(options_fields)))
		return list_page(r, &f, 422);
	if (webhook_set_allow_private(&r->ctx, (int)valid_get(&f, "allow_private_targets")->i))
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
		const char *secret;
		int shown = webhook_secret_reveal(&r->ctx, id, &secret);
		if (shown < 0)
			return 503;
		if (shown == 1)
			xml_text(n, "secret", secret);
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

/* The end of a change to endpoint `id` after the domain's result rc (rolled back unless 0 and
 * committed): its page with flash, 404, or 503. */
static int endpoint_done(struct req *r, int rc, long long id, const char *flash)
{
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		return rc == WEBHOOK_NOT_FOUND ? 404 : 503;
	}
	xml_flash_next(r, flash);
	return req_redirect(r, arena_printf(r->arena, "/settings/webhooks/%lld", id));
}

int page_webhook_update(struct req *r)
{
	long long id = r->ids[0];
	const char *events, *field = NULL, *why = NULL;
	struct webhook_endpoint e;
	struct form f;
	int bad, rc;

	/* an unknown endpoint is 404 before the form is read: endpoint_page answers it */
	bad = valid_form(r, &f, "endpoint", endpoint_fields, 2);
	if (check_endpoint(r, &f, &events) < 0)
		return 503;
	if (bad || f.nerr)
		return endpoint_page(r, id, &f, 422);
	e = (struct webhook_endpoint){
		.name = valid_get(&f, "name")->s, .url = valid_get(&f, "url")->s, .events = events,
	};
	if (db_begin(r->db))
		return 503;
	rc = webhook_update(&r->ctx, id, &e, &field, &why);
	if (rc == WEBHOOK_REFUSED) {
		db_rollback(r->db);
		valid_error(&f, field, why); /* the settings changed since the form's check */
		return endpoint_page(r, id, &f, 422);
	}
	return endpoint_done(r, rc, id, "saved");
}

int page_webhook_enabled(struct req *r)
{
	long long id = r->ids[0];
	struct form f;
	int on;

	if (valid_form(r, &f, "enabled", enabled_fields, ARRAY_SIZE(enabled_fields)))
		return endpoint_page(r, id, &f, 422);
	on = !strcmp(valid_get(&f, "enabled")->s, "1");
	if (db_begin(r->db))
		return 503;
	return endpoint_done(r, webhook_set_enabled(&r->ctx, id, on), id,
			     on ? "endpoint_enabled" : "endpoint_disabled");
}

int page_webhook_test(struct req *r)
{
	long long id = r->ids[0];

	if (db_begin(r->db))
		return 503;
	return endpoint_done(r, webhook_test(&r->ctx, id), id, "test_sent");
}

int page_delivery_replay(struct req *r)
{
	long long ep = 0;
	int rc;

	if (db_begin(r->db))
		return 503;
	rc = webhook_replay(&r->ctx, r->ids[0], &ep);
	if (rc == WEBHOOK_PENDING) {
		db_rollback(r->db);
		xml_flash_next(r, "replay_pending");
		return req_redirect(r, arena_printf(r->arena, "/settings/webhooks/%lld", ep));
	}
	return endpoint_done(r, rc, ep, "replayed");
}

/* ------------------------------------------------------------ HubSpot settings */

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
	for (size_t i = 0; i < WEBHOOK_HUBSPOT_STAGES; i++) {
		xmlNodePtr m = xml_el(n, "stage");
		xml_attr(m, "name", webhook_hubspot_stages[i]);
		xml_attr(m, "remote", outbox_map_get(r->arena, s.hs_stage_map, webhook_hubspot_stages[i]));
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
	struct webhook_hubspot h;
	const char *why, *field = NULL, *token, *secret;
	int bad, rc;

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
	/* the stage fields follow the four others, in webhook_hubspot_stages' order */
	for (size_t i = 0; i < WEBHOOK_HUBSPOT_STAGES; i++) {
		const char *v = valid_get(&f, hubspot_fields[4 + i].name)->s;
		if (v && strpbrk(v, ",= "))
			valid_error(&f, hubspot_fields[4 + i].name, "A stage id has no commas, spaces or '='.");
		h.stages[i] = v;
	}
	if (bad || f.nerr)
		return hubspot_page(r, &f, 422);
	h.token = token;
	h.client_secret = secret;
	h.base_url = valid_get(&f, "base_url")->s;
	h.pipeline = valid_get(&f, "pipeline")->s;
	h.events = hubspot_event_filter(r->arena);
	if (db_begin(r->db))
		return 503;
	if ((rc = webhook_hubspot_save(&r->ctx, &h, &field, &why)) || db_commit(r->db)) {
		db_rollback(r->db);
		if (rc != WEBHOOK_REFUSED)
			return 503;
		valid_error(&f, field, why); /* the settings changed since the form's check */
		return hubspot_page(r, &f, 422);
	}
	xml_flash_next(r, "saved");
	return req_redirect(r, "/settings/hubspot");
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
	if (db_begin(r->db)) {
		json_decref(root);
		return 503;
	}
	rc = webhook_inbound_add(&r->ctx, root) || db_commit(r->db);
	json_decref(root);
	if (rc) {
		db_rollback(r->db);
		return 503;
	}
	return hook_answer(r, 200, "ok");
}
