/* page_automation.c - the automations' pages (issue 13): the rules and their form, switch and
 * delete, the run logs (a rule's, a project's, the runs that stopped or failed), and "try
 * against a past event". Every write is a domain call of include/domain/rule.h. */
#include "page/page_automation.h"
#include "core/array.h"
#include "core/db.h"
#include "core/log.h"
#include "core/xml.h"
#include "domain/rule.h"
#include "web/frame.h"
#include "web/page_util.h"
#include "web/render.h"
#include "web/valid.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define RULES_PAGE 50 /* rules per page of the list */
#define RUNS_PAGE 20  /* runs per page of a run log */

/* ------------------------------------------------------------ the form */

static const char *const scopes[] = { "all", "client", "project", "mine", NULL };
static const char *const zero_one[] = { "0", "1", NULL };

/* the fields of condition row n (h: its number for people) and of action row n */
#define COND_FIELDS(n, h) \
	{ "cond_field_" #n, "Condition " h ": field", V_LINE, 0, 0, 64, NULL }, \
	{ "cond_op_" #n, "Condition " h ": comparison", V_LINE, 0, 0, 16, NULL }, \
	{ "cond_value_" #n, "Condition " h ": value", V_LINE, 0, 0, 200, NULL },
#define ACT_FIELDS(n, h) \
	{ "act_kind_" #n, "Action " h, V_LINE, 0, 0, 64, NULL }, \
	{ "act_text_" #n, "Action " h ": title or subject", V_LINE, 0, 0, 200, NULL }, \
	{ "act_body_" #n, "Action " h ": text", V_TEXT, 0, 0, 10000, NULL }, \
	{ "act_who_" #n, "Action " h ": person", V_LINE, 0, 0, 64, NULL }, \
	{ "act_start_" #n, "Action " h ": start", V_LINE, 0, 0, 8, NULL }, \
	{ "act_due_" #n, "Action " h ": due", V_LINE, 0, 0, 8, NULL }, \
	{ "act_value_" #n, "Action " h ": value", V_LINE, 0, 0, 64, NULL }, \
	{ "act_visible_" #n, "Action " h ": client-visible", V_BOOL, 0, 0, 0, NULL },

/* A rule as the form sends it. scope_id is the API's field; the page's form names the client
 * (scope_client) or the project (scope_project) in a select of its own, since their ids
 * overlap; scope_id wins when given. */
static const struct vfield rule_form[] = {
	{ "name", "Name", V_LINE, 1, 0, 200, NULL },
	{ "enabled", "On", V_BOOL, 0, 0, 0, NULL },
	{ "scope", "Scope", V_ENUM, 1, 0, 0, scopes },
	{ "scope_id", "Client or project", V_ID, 0, 0, 0, NULL },
	{ "scope_client", "Client", V_ID, 0, 0, 0, NULL },
	{ "scope_project", "Project", V_ID, 0, 0, 0, NULL },
	{ "trigger", "Trigger", V_LINE, 1, 0, 64, NULL },
	{ "days", "Days", V_LINE, 0, 0, 8, NULL },
	COND_FIELDS(0, "1") COND_FIELDS(1, "2") COND_FIELDS(2, "3") COND_FIELDS(3, "4")
	COND_FIELDS(4, "5")
	ACT_FIELDS(0, "1") ACT_FIELDS(1, "2") ACT_FIELDS(2, "3") ACT_FIELDS(3, "4")
	ACT_FIELDS(4, "5") ACT_FIELDS(5, "6")
};
_Static_assert(RULE_CONDS_MAX == 5 && RULE_ACTIONS_MAX == 6,
	       "rule_form lists RULE_CONDS_MAX condition rows and RULE_ACTIONS_MAX action rows");
#undef COND_FIELDS
#undef ACT_FIELDS

static const struct vfield enabled_fields[] = {
	{ "enabled", "On", V_ENUM, 1, 0, 0, zero_one },
};
static const struct vfield delete_fields[] = {
	{ "confirm", "Confirm", V_BOOL, 0, 0, 0, NULL },
};

/* The value of row field prefix+n (e.g. "cond_field_" 2), as valid_get's. */
static const struct vvalue *row_value(struct req *r, const struct form *f, const char *prefix, int n)
{
	return valid_get(f, arena_printf(r->arena, "%s%d", prefix, n));
}

/* The text of row field prefix+n, NULL when not given (or refused: it reads as not given). */
static const char *form_s(struct req *r, const struct form *f, const char *prefix, int n)
{
	return row_value(r, f, prefix, n)->s;
}

/* The rule the form f holds, as rule_save takes it (strings borrowed from the form). */
static void form_rule(struct req *r, const struct form *f, struct rule_in *in)
{
	const char *scope = valid_get(f, "scope")->s;

	memset(in, 0, sizeof(*in));
	in->name = valid_get(f, "name")->s ? valid_get(f, "name")->s : "";
	in->enabled = (int)valid_get(f, "enabled")->i;
	/* a scope refused by the table reads as the one every actor may have: the check then
	 * reports the form's other problems instead of refusing the actor */
	in->scope = scope ? scope : "mine";
	in->scope_id = valid_get(f, "scope_id")->i;
	if (!valid_get(f, "scope_id")->present && scope)
		in->scope_id = !strcmp(scope, "client")    ? valid_get(f, "scope_client")->i
			       : !strcmp(scope, "project") ? valid_get(f, "scope_project")->i
							   : 0;
	in->trigger = valid_get(f, "trigger")->s ? valid_get(f, "trigger")->s : "";
	in->days = valid_get(f, "days")->s ? valid_get(f, "days")->s : "";
	for (int n = 0; n < RULE_CONDS_MAX; n++)
		in->cond[n] = (struct rule_cond_in){
			.field = form_s(r, f, "cond_field_", n),
			.op = form_s(r, f, "cond_op_", n),
			.value = form_s(r, f, "cond_value_", n),
		};
	for (int n = 0; n < RULE_ACTIONS_MAX; n++)
		in->act[n] = (struct rule_action_in){
			.kind = form_s(r, f, "act_kind_", n),
			.text = form_s(r, f, "act_text_", n),
			.body = form_s(r, f, "act_body_", n),
			.who = form_s(r, f, "act_who_", n),
			.start = form_s(r, f, "act_start_", n),
			.due = form_s(r, f, "act_due_", n),
			.value = form_s(r, f, "act_value_", n),
			.visible = (int)row_value(r, f, "act_visible_", n)->i,
		};
}

/* 1 when field name of f has a message already. */
static int has_error(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->fields[i].name, name))
			return f->err[i] != NULL;
	return 0;
}

/* The domain's problems on the form's fields: scope_id's on the select the form showed it in;
 * a field the table refused keeps the table's message; the form-wide ones all kept. */
static void problems_to_form(struct req *r, struct form *f, const struct problems *p)
{
	const char *scope = valid_get(f, "scope")->s;

	for (int i = 0; i < p->n; i++) {
		const char *field = p->v[i].field;
		if (field && !strcmp(field, "scope_id") && !valid_get(f, "scope_id")->present && scope)
			field = !strcmp(scope, "client") ? "scope_client" : "scope_project";
		if (!field || !*field)
			valid_error(f, NULL, f->form_err ? arena_printf(r->arena, "%s %s", f->form_err,
									   p->v[i].msg)
							 : p->v[i].msg);
		else if (!has_error(f, field))
			valid_error(f, field, p->v[i].msg);
	}
}

/*
 * Save the rule of form f (id 0: a new one, its id in *newid) in one transaction. A form the
 * table refused is checked by the domain alone, so that every message shows at once.
 * 0 (saved and committed); 422 (f holds the messages); 403, 404 or 503.
 */
static int rule_write(struct req *r, struct form *f, long long id, long long *newid)
{
	struct problems p = { 0 };
	struct rule_in in;
	int rc;

	form_rule(r, f, &in);
	if (f->nerr) {
		rc = rule_check(&r->ctx, &in, &p);
		if (rc == RULE_FORBIDDEN)
			return 403;
		if (rc)
			return 503;
		problems_to_form(r, f, &p);
		return 422;
	}
	if (db_begin(r->db))
		return 503;
	rc = rule_save(&r->ctx, id, &in, newid, &p);
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		switch (rc) {
		case RULE_REFUSED:
			problems_to_form(r, f, &p);
			return 422;
		case RULE_FORBIDDEN:
			return 403;
		case RULE_NOT_FOUND:
			return 404;
		default:
			return 503;
		}
	}
	return 0;
}

/* The error page for status with message (the front line sends it as it is). Returns status. */
static int error_page(struct req *r, int status, const char *message)
{
	render_error(r, status, message);
	return status;
}

/* May the actor change rule id: 0 (yes), or the status to answer (403, 404, 503). */
static int may_change(struct req *r, long long id)
{
	int rc = rule_may_change(&r->ctx, id);

	return rc == 0 ? 0 : rc == RULE_FORBIDDEN ? 403 : rc == RULE_NOT_FOUND ? 404 : 503;
}

/* ------------------------------------------------------------ vocabulary */

static const char *kind_name(enum trigger_kind k)
{
	return k == TK_DATE ? "date" : k == TK_QUIET ? "quiet" : "event";
}

/* The T_ types of a field or an operator as words: "num enum bool id" ("" for none). */
static const char *type_names(struct req *r, int types)
{
	const char *s = arena_printf(r->arena, "%s%s%s%s", types & T_NUM ? " num" : "",
				     types & T_ENUM ? " enum" : "", types & T_BOOL ? " bool" : "",
				     types & T_ID ? " id" : "");

	return *s ? s + 1 : s;
}

/* The trigger's label and kind on n (attributes trigger-label, trigger-kind). */
static void trigger_attrs(xmlNodePtr n, const char *code)
{
	const struct rule_trigger *t = code ? rule_trigger_find(code) : NULL;

	if (!t)
		return;
	xml_attr(n, "trigger-label", t->label);
	xml_attr(n, "trigger-kind", kind_name(t->kind));
}

static xmlNodePtr option(xmlNodePtr parent, const char *value, const char *label)
{
	xmlNodePtr o = xml_text(parent, "option", label);

	xml_attr(o, "value", value);
	return o;
}

static xmlNodePtr group(xmlNodePtr parent, const char *label)
{
	xmlNodePtr g = xml_el(parent, "group");

	xml_attr(g, "label", label);
	return g;
}

static xmlNodePtr choices(xmlNodePtr page, const char *name)
{
	xmlNodePtr c = xml_el(page, "choices");

	xml_attr(c, "for", name);
	return c;
}

/*
 * The form's choices, each a <choices for="..."> of <option value>label</option>, in
 * <group label> where the select groups them: trigger (events, time; each with kind and the
 * condition fields it carries), field (type, words), op (types), action (needs), who (the
 * recipients of an e-mail, then people to assign a task to), value (health, message, webhook
 * endpoint), scope (by role), scope_client and scope_project (a PM: their projects);
 * <placeholders><place name>label</place>…</placeholders>. cur_scope: the rule's scope, offered
 * even when the actor's role would not be. 0, or -1 (database).
 */
static int choices_xml(struct req *r, xmlNodePtr page, const char *cur_scope)
{
	int admin = r->sess.role == ROLE_ADMIN;
	struct db_res *staff, *eps, *clients = NULL, *projects;
	const struct rule_trigger *ts;
	xmlNodePtr c, ev, tm, g;
	size_t nt;

	if (db_query(r->db, r->arena, ST_RULE_PAGE_STAFF, &staff, "") ||
	    db_query(r->db, r->arena, ST_RULE_PAGE_ENDPOINTS, &eps, "") ||
	    (admin && db_query(r->db, r->arena, ST_RULE_PAGE_CLIENTS, &clients, "")) ||
	    (admin ? db_query(r->db, r->arena, ST_RULE_PAGE_PROJECTS, &projects, "")
		   : db_query(r->db, r->arena, ST_RULE_PAGE_PROJECTS_OF_PM, &projects, "i",
			      r->sess.user_id)))
		return -1;

	c = choices(page, "trigger");
	ev = group(c, "When something happens");
	tm = group(c, "After some time");
	ts = rule_triggers(&nt);
	for (size_t i = 0; i < nt; i++) {
		xmlNodePtr o = option(ts[i].kind == TK_EVENT ? ev : tm, ts[i].code, ts[i].label);
		struct buf b = BUF_INIT;
		xml_attr(o, "kind", kind_name(ts[i].kind));
		for (int f = 0; f < CF__COUNT; f++)
			if (rule_fields[f].fields & ts[i].fields) {
				if (b.len)
					buf_addch(&b, ' ');
				buf_adds(&b, rule_fields[f].code);
			}
		xml_attr(o, "carries", b.len ? b.data : "");
		buf_release(&b);
	}

	c = choices(page, "field");
	for (int f = 0; f < CF__COUNT; f++) {
		xmlNodePtr o = option(c, rule_fields[f].code, rule_fields[f].label);
		const char *const *w = rule_field_words((enum rule_field)f);
		xml_attr(o, "type", type_names(r, rule_fields[f].kind));
		if (rule_fields[f].kind == T_BOOL)
			xml_attr(o, "words", "1 0");
		for (; w && *w; w++)
			xml_text(o, "word", *w);
	}
	c = choices(page, "op");
	for (int i = 0; i < OP__COUNT; i++)
		xml_attr(option(c, rule_ops[i].code, rule_ops[i].label), "types",
			 type_names(r, rule_ops[i].kind));
	c = choices(page, "action");
	for (int i = 0; i < AC__COUNT; i++)
		xml_attr(option(c, rule_actions[i].code, rule_actions[i].label), "needs-project",
			 rule_actions[i].kind & F_PROJECT ? "1" : "0");

	c = choices(page, "who");
	g = group(c, "People by role (e-mail; a task: the PM)");
	for (int i = 0; i < WHO__COUNT; i++)
		option(g, rule_whos[i].code, rule_whos[i].label);
	g = group(c, "A named person (task assignee)");
	for (size_t i = 0; i < staff->nrows; i++)
		option(g, db_cell(staff, i, RULE_PAGE_STAFF_ID), db_cell(staff, i, RULE_PAGE_STAFF_NAME));

	c = choices(page, "value");
	g = group(c, "Health (change the health)");
	for (const char *const *w = rule_field_words(CF_HEALTH); w && *w; w++)
		option(g, *w, *w);
	g = group(c, "Message (post a message)");
	option(g, "internal", "internal (staff only)");
	option(g, "client", "client-visible");
	if (eps->nrows) {
		g = group(c, "Webhook endpoint (call a webhook)");
		for (size_t i = 0; i < eps->nrows; i++)
			option(g, db_cell(eps, i, RULE_PAGE_ENDPOINTS_ID),
			       db_cell(eps, i, RULE_PAGE_ENDPOINTS_NAME));
	}

	/* scopes: a PM may write rules on the projects they manage only */
	c = choices(page, "scope");
	if (admin || (cur_scope && !strcmp(cur_scope, "all")))
		option(c, "all", "All projects");
	option(c, "mine", "The projects the rule's owner manages");
	if (admin || (cur_scope && !strcmp(cur_scope, "client")))
		option(c, "client", "One client's projects");
	option(c, "project", "One project");
	if (clients) {
		c = choices(page, "scope_client");
		for (size_t i = 0; i < clients->nrows; i++)
			option(c, db_cell(clients, i, RULE_PAGE_CLIENTS_ID),
			       db_cell(clients, i, RULE_PAGE_CLIENTS_NAME));
	}
	c = choices(page, "scope_project");
	for (size_t i = 0; i < projects->nrows; i++)
		option(c, db_cell(projects, i, RULE_PAGE_PROJECTS_ID),
		       arena_printf(r->arena, "%s (%s)", db_cell(projects, i, RULE_PAGE_PROJECTS_NAME),
				    db_cell(projects, i, RULE_PAGE_PROJECTS_CLIENT_NAME)));

	c = xml_el(page, "placeholders");
	for (size_t i = 0; i < rule_places_n && rule_places[i].code; i++)
		xml_attr(xml_text(c, "place", rule_places[i].label), "name", rule_places[i].code);
	return 0;
}

/* ------------------------------------------------------------ a rule and its rows */

static const char *word_label(const struct rule_word *list, size_t n, const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (!strcmp(list[i].code, code))
			return list[i].label;
	return NULL;
}

static int empty(const char *s)
{
	return !s || !*s;
}

static int cond_used(const struct rule_cond_in *c)
{
	return !empty(c->field) || !empty(c->op) || !empty(c->value);
}

static int act_used(const struct rule_action_in *a)
{
	return !empty(a->kind) || !empty(a->text) || !empty(a->body) || !empty(a->who) ||
	       !empty(a->start) || !empty(a->due) || !empty(a->value) || a->visible;
}

/* <rule name enabled scope scope-id trigger days trigger-label trigger-kind> with a <condition n
 * field op value field-label op-label/> per condition and an <action n kind text body who start
 * due value visible kind-label/> per action. */
static xmlNodePtr rule_xml(struct req *r, xmlNodePtr parent, const struct rule_in *in)
{
	xmlNodePtr n = xml_el(parent, "rule");

	xml_attr(n, "name", in->name);
	xml_attr(n, "enabled", in->enabled ? "1" : "0");
	xml_attr(n, "scope", in->scope);
	if (in->scope_id)
		xml_attr_int(n, "scope-id", in->scope_id);
	xml_attr(n, "trigger", in->trigger);
	xml_attr(n, "days", in->days);
	trigger_attrs(n, in->trigger);
	for (int i = 0; i < RULE_CONDS_MAX; i++) {
		const struct rule_cond_in *c = &in->cond[i];
		xmlNodePtr e;
		if (empty(c->field))
			continue;
		e = xml_el(n, "condition");
		xml_attr_int(e, "n", i);
		xml_attr(e, "field", c->field);
		xml_attr(e, "op", c->op);
		xml_attr(e, "value", c->value);
		xml_attr(e, "field-label", word_label(rule_fields, CF__COUNT, c->field));
		xml_attr(e, "op-label", word_label(rule_ops, OP__COUNT, c->op));
	}
	for (int i = 0; i < RULE_ACTIONS_MAX; i++) {
		const struct rule_action_in *a = &in->act[i];
		xmlNodePtr e;
		if (empty(a->kind))
			continue;
		e = xml_el(n, "action");
		xml_attr_int(e, "n", i);
		xml_attr(e, "kind", a->kind);
		xml_attr(e, "text", a->text);
		xml_attr(e, "body", a->body);
		xml_attr(e, "who", a->who);
		xml_attr(e, "start", a->start);
		xml_attr(e, "due", a->due);
		xml_attr(e, "value", a->value);
		xml_attr(e, "visible", a->visible ? "1" : "0");
		xml_attr(e, "kind-label", word_label(rule_actions, AC__COUNT, a->kind));
	}
	(void)r;
	return n;
}

/* <form-rows>: a <cond n/> and an <act n/> per row of the form, open="1" on the rows shown
 * (those in use and one empty row after them; the others wait under "more rows"). */
static void form_rows_xml(xmlNodePtr page, const struct rule_in *in)
{
	xmlNodePtr n = xml_el(page, "form-rows");
	int last = -1;

	for (int i = 0; i < RULE_CONDS_MAX; i++)
		if (cond_used(&in->cond[i]))
			last = i;
	for (int i = 0; i < RULE_CONDS_MAX; i++) {
		xmlNodePtr e = xml_el(n, "cond");
		xml_attr_int(e, "n", i);
		if (i <= last + 1)
			xml_attr(e, "open", "1");
	}
	last = -1;
	for (int i = 0; i < RULE_ACTIONS_MAX; i++)
		if (act_used(&in->act[i]))
			last = i;
	for (int i = 0; i < RULE_ACTIONS_MAX; i++) {
		xmlNodePtr e = xml_el(n, "act");
		xml_attr_int(e, "n", i);
		if (i <= last + 1)
			xml_attr(e, "open", "1");
	}
}

/* ------------------------------------------------------------ run logs */

/* A JSON value as text (NULL for null or absent); strings borrowed from v. */
static const char *json_as_text(struct req *r, json_t *v)
{
	char *dump;
	const char *out;

	if (!v || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return arena_printf(r->arena, "%lld", (long long)json_integer_value(v));
	if (json_is_true(v))
		return "true";
	if (json_is_false(v))
		return "false";
	dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	out = dump ? arena_strdup(r->arena, dump) : NULL;
	free(dump);
	return out;
}

static void json_attr(struct req *r, xmlNodePtr n, const char *name, json_t *obj, const char *key)
{
	xml_attr(n, name, json_as_text(r, json_object_get(obj, key)));
}

static void ok_attr(xmlNodePtr n, json_t *obj)
{
	json_t *ok = json_object_get(obj, "ok");

	if (json_is_boolean(ok))
		xml_attr(n, "ok", json_is_true(ok) ? "1" : "0");
}

/* A run's log (the JSON rule_runs_run and rule_try write) as <log trigger subject chain state>
 * with <condition field op value actual ok field-label op-label/> and <action kind ok outcome
 * kind-label/> elements. */
static void log_xml(struct req *r, xmlNodePtr parent, json_t *log)
{
	xmlNodePtr n = xml_el(parent, "log");
	json_t *v;
	size_t i;

	json_attr(r, n, "trigger", log, "trigger");
	json_attr(r, n, "subject", log, "subject");
	json_attr(r, n, "chain", log, "chain");
	json_attr(r, n, "state", log, "state");
	json_attr(r, n, "error", log, "error");
	json_array_foreach(json_object_get(log, "conditions"), i, v) {
		xmlNodePtr c = xml_el(n, "condition");
		const char *field = json_string_value(json_object_get(v, "field"));
		const char *op = json_string_value(json_object_get(v, "op"));
		xml_attr(c, "field", field);
		xml_attr(c, "op", op);
		json_attr(r, c, "value", v, "value");
		json_attr(r, c, "actual", v, "actual");
		ok_attr(c, v);
		xml_attr(c, "field-label", word_label(rule_fields, CF__COUNT, field));
		xml_attr(c, "op-label", word_label(rule_ops, OP__COUNT, op));
	}
	json_array_foreach(json_object_get(log, "actions"), i, v) {
		xmlNodePtr a = xml_el(n, "action");
		const char *kind = json_string_value(json_object_get(v, "kind"));
		xml_attr(a, "kind", kind);
		ok_attr(a, v);
		json_attr(r, a, "outcome", v, "outcome");
		xml_attr(a, "kind-label", word_label(rule_actions, AC__COUNT, kind));
	}
}

/* The rows of a runs statement (ST_RULE_PAGE_RUNS' columns) as <run> elements under parent,
 * their log read into a <log> each (a log that is not JSON: <log unreadable="1">). */
static void runs_xml(struct req *r, xmlNodePtr parent, const struct db_res *res)
{
	size_t logcol = db_col_check(res, RULE_PAGE_RUNS_LOG);

	for (size_t i = 0; i < res->nrows; i++) {
		xmlNodePtr n = xml_el(parent, "run");
		const char *text = db_cell(res, i, RULE_PAGE_RUNS_LOG);
		json_t *log;
		for (size_t c = 0; c < res->ncols; c++)
			if (c != logcol)
				xml_attr(n, res->cols[c], db_cell(res, i, c));
		if (!text)
			continue;
		log = json_loads(text, 0, NULL);
		if (json_is_object(log))
			log_xml(r, n, log);
		else
			xml_attr(xml_el(n, "log"), "unreadable", "1");
		json_decref(log);
	}
}

/* ------------------------------------------------------------ the list */

int page_automation_list(struct req *r)
{
	long long pg = page_number(r), total;
	struct db_res *cnt, *rules, *trouble;
	xmlNodePtr page, list, n;

	if (db_query(r->db, r->arena, ST_RULE_PAGE_COUNT, &cnt, "") ||
	    db_query(r->db, r->arena, ST_RULE_PAGE_LIST, &rules, "ii", (long long)RULES_PAGE,
		     (pg - 1) * RULES_PAGE) ||
	    db_query(r->db, r->arena, ST_RULE_PAGE_TROUBLE, &trouble, ""))
		return 503;
	total = db_cell_int(cnt, 0, RULE_PAGE_COUNT_N);
	page = xml_page(r, XSL_AUTOMATIONS, "automation-list", "Automations");
	list = xml_el(page, "rules");
	xml_attr_int(list, "total", total);
	for (size_t i = 0; i < rules->nrows; i++) {
		n = xml_row(list, "rule", rules, i);
		trigger_attrs(n, db_cell(rules, i, RULE_PAGE_LIST_TRIGGER));
		if (r->sess.role == ROLE_ADMIN ||
		    db_cell_int(rules, i, RULE_PAGE_LIST_OWNER_ID) == r->sess.user_id)
			xml_attr(n, "may-change", "1");
	}
	xml_pager(page, r, pg, RULES_PAGE, total, "/settings/automations?");
	n = xml_el(page, "presets");
	for (size_t i = 0; i < rule_presets_n; i++) {
		xmlNodePtr p = xml_el(n, "preset");
		xml_attr(p, "code", rule_presets[i].code);
		xml_attr(p, "label", rule_presets[i].label);
	}
	runs_xml(r, xml_el(page, "trouble"), trouble);
	return 200;
}

/* ------------------------------------------------------------ the form pages */

/*
 * The page of the form: a new rule (id 0), shown as in holds it, or rule id (its stored form,
 * facts, switch, run log and trial) with in, when given, the rule as the form sent it. f: the
 * form that came back with messages (its <form-state>), or NULL. Returns status, or 404, 503.
 */
static int form_page(struct req *r, long long id, const struct rule_in *in, const struct form *f,
		     int status)
{
	struct rule_in stored;
	xmlNodePtr page, n;
	int rc;

	if (!id) {
		page = xml_page(r, XSL_AUTOMATIONS, "automation-new", "New rule");
		n = rule_xml(r, page, in);
		xml_attr(n, "may-change", "1");
		if (choices_xml(r, page, in->scope))
			return 503;
	} else {
		struct db_res *facts, *cnt, *runs;
		long long pg = page_number(r);
		int may;
		if ((rc = page_one_row(r, ST_RULE_PAGE_GET, &facts, "i", id)))
			return rc;
		rc = rule_load(&r->ctx, id, &stored);
		if (rc)
			return rc == RULE_NOT_FOUND ? 404 : 503;
		may = rule_may_change(&r->ctx, id);
		if (may && may != RULE_FORBIDDEN)
			return may == RULE_NOT_FOUND ? 404 : 503;
		if (db_query(r->db, r->arena, ST_RULE_PAGE_RUN_COUNT, &cnt, "i", id) ||
		    db_query(r->db, r->arena, ST_RULE_PAGE_RUNS, &runs, "iii", id,
			     (long long)RUNS_PAGE, (pg - 1) * RUNS_PAGE))
			return 503;
		page = xml_page(r, XSL_AUTOMATIONS, "automation", db_cell(facts, 0, RULE_PAGE_GET_NAME));
		n = rule_xml(r, page, &stored);
		xml_attr_int(n, "id", id);
		xml_attr(n, "may-change", may == 0 ? "1" : "0");
		xml_attr(n, "owner-id", db_cell(facts, 0, RULE_PAGE_GET_OWNER_ID));
		xml_attr(n, "owner-name", db_cell(facts, 0, RULE_PAGE_GET_OWNER_NAME));
		xml_attr(n, "scope-name", db_cell(facts, 0, RULE_PAGE_GET_SCOPE_NAME));
		xml_attr(n, "created-at", db_cell(facts, 0, RULE_PAGE_GET_CREATED_AT));
		xml_attr(n, "updated-at", db_cell(facts, 0, RULE_PAGE_GET_UPDATED_AT));
		xml_attr(n, "runs", db_cell(cnt, 0, RULE_PAGE_RUN_COUNT_N));
		if (choices_xml(r, page, stored.scope))
			return 503;
		runs_xml(r, xml_el(page, "runs"), runs);
		xml_pager(page, r, pg, RUNS_PAGE, db_cell_int(cnt, 0, RULE_PAGE_RUN_COUNT_N),
			  arena_printf(r->arena, "/settings/automations/%lld?", id));
		if (!in)
			in = &stored;
	}
	form_rows_xml(page, in);
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_automation_new(struct req *r)
{
	const char *code = page_query(r, "preset");
	struct rule_in in = { 0 };
	xmlNodePtr preset;
	int rc;

	if (*code && rule_preset_fill(code, &in))
		return error_page(r, 404, "There is no such preset.");
	if (!*code) {
		in.name = "";
		in.trigger = "";
		in.scope = r->sess.role == ROLE_ADMIN ? "all" : "mine";
	}
	/* a PM writes rules on their own projects: a preset for all of them starts as theirs */
	if (r->sess.role != ROLE_ADMIN && in.scope && strcmp(in.scope, "project"))
		in.scope = "mine";
	rc = form_page(r, 0, &in, NULL, 200);
	if (rc == 200 && *code) {
		preset = xml_el(r->page, "preset");
		xml_attr(preset, "code", code);
	}
	return rc;
}

int page_automation_create(struct req *r)
{
	struct rule_in in;
	struct form f;
	long long id = 0;
	int rc;

	valid_form(r, &f, "rule", rule_form, ARRAY_SIZE(rule_form));
	rc = rule_write(r, &f, 0, &id);
	if (rc == 422) {
		form_rule(r, &f, &in);
		return form_page(r, 0, &in, &f, 422);
	}
	if (rc)
		return rc;
	xml_flash_next(r, "saved");
	return req_redirect(r, arena_printf(r->arena, "/settings/automations/%lld", id));
}

int page_automation_view(struct req *r)
{
	return form_page(r, r->ids[0], NULL, NULL, 200);
}

int page_automation_update(struct req *r)
{
	long long id = r->ids[0], newid = 0;
	struct rule_in in;
	struct form f;
	int rc;

	if ((rc = may_change(r, id)))
		return rc;
	valid_form(r, &f, "rule", rule_form, ARRAY_SIZE(rule_form));
	rc = rule_write(r, &f, id, &newid);
	if (rc == 422) {
		form_rule(r, &f, &in);
		return form_page(r, id, &in, &f, 422);
	}
	if (rc)
		return rc;
	xml_flash_next(r, "saved");
	return req_redirect(r, arena_printf(r->arena, "/settings/automations/%lld", id));
}

/* The end of a switch or a delete of rule id after the domain's result rc: committed (0), or
 * the status (403, 404, 503) after rolling back. */
static int change_done(struct req *r, int rc)
{
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		return rc == RULE_FORBIDDEN ? 403 : rc == RULE_NOT_FOUND ? 404 : 503;
	}
	return 0;
}

int page_automation_enabled(struct req *r)
{
	long long id = r->ids[0];
	struct form f;
	int rc;

	if ((rc = may_change(r, id)))
		return rc;
	if (valid_form(r, &f, "enabled", enabled_fields, ARRAY_SIZE(enabled_fields)))
		return form_page(r, id, NULL, &f, 422);
	if (db_begin(r->db))
		return 503;
	rc = change_done(r, rule_set_enabled(&r->ctx, id, !strcmp(valid_get(&f, "enabled")->s, "1")));
	if (rc)
		return rc;
	xml_flash_next(r, "saved");
	return req_redirect(r, arena_printf(r->arena, "/settings/automations/%lld", id));
}

int page_automation_delete(struct req *r)
{
	long long id = r->ids[0];
	struct form f;
	int rc;

	if ((rc = may_change(r, id)))
		return rc;
	valid_form(r, &f, "delete", delete_fields, ARRAY_SIZE(delete_fields));
	/* it cannot be undone: the form asks for the tick first */
	if (!f.nerr && !valid_get(&f, "confirm")->i)
		valid_error(&f, "confirm",
			    "Tick the box to confirm: the rule and its run log are deleted for good.");
	if (f.nerr)
		return form_page(r, id, NULL, &f, 422);
	if (db_begin(r->db))
		return 503;
	if ((rc = change_done(r, rule_delete(&r->ctx, id))))
		return rc;
	return req_redirect(r, "/settings/automations");
}

/* ------------------------------------------------------------ try */

int page_automation_try(struct req *r)
{
	long long id = r->ids[0], event_id = page_query_id(r, "event_id");
	const struct rule_trigger *t;
	struct db_res *facts, *events;
	xmlNodePtr page, n;
	json_t *out = NULL, *v;
	size_t i;
	int rc;

	if ((rc = page_one_row(r, ST_RULE_PAGE_GET, &facts, "i", id)))
		return rc;
	t = rule_trigger_find(db_cell(facts, 0, RULE_PAGE_GET_TRIGGER));
	if (t && t->kind != TK_EVENT)
		event_id = 0; /* a time trigger looks at today's subjects */
	if (!(t && t->kind == TK_EVENT && !event_id)) {
		/* rule_try runs in a transaction of its own that it rolls back: none is open here */
		rc = rule_try(&r->ctx, id, event_id, &out);
		if (rc == RULE_NOT_FOUND)
			return error_page(r, 404, event_id
				? arena_printf(r->arena, "Event %lld is not a “%s” event, or there is no such event. Choose one of the latest from the rule's “Try” page.",
					       event_id, t ? t->label : db_cell(facts, 0, RULE_PAGE_GET_TRIGGER))
				: "There is no such rule.");
		if (rc)
			return 503;
	}
	page = xml_page(r, XSL_AUTOMATIONS, "automation-try",
			arena_printf(r->arena, "Try: %s", db_cell(facts, 0, RULE_PAGE_GET_NAME)));
	n = xml_row(page, "rule", facts, 0);
	trigger_attrs(n, db_cell(facts, 0, RULE_PAGE_GET_TRIGGER));
	if (!out) {
		if (db_query(r->db, r->arena, ST_RULE_PAGE_EVENTS, &events, "s", t->code))
			return 503;
		xml_rows(xml_el(page, "events"), "event", events);
		return 200;
	}
	n = xml_el(page, "results");
	if (event_id)
		xml_attr_int(n, "event-id", event_id);
	json_array_foreach(out, i, v)
		if (json_is_object(v))
			log_xml(r, n, v);
	json_decref(out);
	return 200;
}

/* ------------------------------------------------------------ a project's runs */

int page_automation_project(struct req *r)
{
	long long pid = r->ids[0], pg = page_number(r);
	struct db_res *p, *cnt, *runs;
	xmlNodePtr page;
	int rc;

	if ((rc = page_one_row(r, ST_PROJECT_GET, &p, "i", pid)))
		return rc;
	if (db_query(r->db, r->arena, ST_RULE_PAGE_PROJECT_RUN_COUNT, &cnt, "i", pid) ||
	    db_query(r->db, r->arena, ST_RULE_PAGE_PROJECT_RUNS, &runs, "iii", pid,
		     (long long)RUNS_PAGE, (pg - 1) * RUNS_PAGE))
		return 503;
	page = xml_page(r, XSL_AUTOMATIONS, "automation-project",
			arena_printf(r->arena, "Automations: %s", db_cell(p, 0, PROJECT_GET_NAME)));
	xml_row(page, "project", p, 0);
	runs_xml(r, xml_el(page, "runs"), runs);
	xml_pager(page, r, pg, RUNS_PAGE, db_cell_int(cnt, 0, RULE_PAGE_RUN_COUNT_N),
		  arena_printf(r->arena, "/projects/%lld/automations?", pid));
	return 200;
}
