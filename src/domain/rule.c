/* rule.c - automations (issue 13): the vocabulary, rules checked and saved, time triggers
 * scanned, and runs carried out through the domain functions, one transaction each. */
#include "domain/rule.h"
#include "core/array.h"
#include "core/db.h"
#include "core/log.h"
#include "core/xml.h"
#include "domain/clock.h"
#include "domain/dates.h"
#include "domain/mail.h"
#include "domain/message.h"
#include "domain/outbox.h"
#include "domain/plan.h"
#include "domain/project.h"
#include "domain/report.h"
#include "domain/survey.h"
#include "domain/timecalc.h"
#include "domain/vocab.h"
#include "domain/workcal.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ vocabulary */

#define DATE TK_DATE
#define QUIET TK_QUIET
#define NUM T_NUM
#define ENUM T_ENUM
#define BOOL T_BOOL
#define ID T_ID

static const struct rule_trigger time_triggers[TT__COUNT] = {
#define TIME(id, code, kind, fields, label) [id] = { code, label, kind, fields },
#include "domain/rule_vocab.def"
#undef TIME
};
const struct rule_word rule_fields[CF__COUNT] = {
#define FIELD(id, code, type, group, label) [id] = { code, label, type, group },
#include "domain/rule_vocab.def"
#undef FIELD
};
const struct rule_word rule_ops[OP__COUNT] = {
#define OP(id, code, types, label) [id] = { code, label, types, 0 },
#include "domain/rule_vocab.def"
#undef OP
};
const struct rule_word rule_actions[AC__COUNT] = {
#define ACTION(id, code, needs, label) [id] = { code, label, needs, 0 },
#include "domain/rule_vocab.def"
#undef ACTION
};
const struct rule_word rule_whos[WHO__COUNT] = {
#define WHO(id, code, label) [id] = { code, label, 0, 0 },
#include "domain/rule_vocab.def"
#undef WHO
};
enum rule_place {
#define PLACE(id, name, label) id,
#include "domain/rule_vocab.def"
#undef PLACE
	PH__COUNT
};
const struct rule_word rule_places[PH__COUNT + 1] = {
#define PLACE(id, name, label) [id] = { name, label, 0, 0 },
#include "domain/rule_vocab.def"
#undef PLACE
	[PH__COUNT] = { NULL, NULL, 0, 0 },
};
const size_t rule_places_n = PH__COUNT;

#undef DATE
#undef QUIET
#undef NUM
#undef ENUM
#undef BOOL
#undef ID

static const char *const outcomes[] = { "approved", "changes", "rejected", NULL };
static const char *const bools[] = { "0", "1", NULL };

const char *const *rule_field_words(enum rule_field f)
{
	switch (f) {
	case CF_STAGE: return vocab_stages;
	case CF_HEALTH: return vocab_healths;
	case CF_OUTCOME: return outcomes;
	case CF_VISIBLE: return bools;
	case CF_CLIENT: case CF_BUDGET_HOURS: case CF_BUDGET_MONEY: case CF_SCORE: case CF_DAYS_LATE:
	case CF__COUNT: break;
	}
	return NULL;
}

/* The fields an event carries: a new event type makes the compiler ask (no default). */
static unsigned event_fields(enum event_type t)
{
	switch (t) {
	case EV_CLIENT_CREATED: return F_CLIENT;
	case EV_PROJECT_CREATED: case EV_PROJECT_STAGE_CHANGED: case EV_PROJECT_HEALTH_CHANGED:
	case EV_PROJECT_BUDGET_THRESHOLD: case EV_DOCUMENT_VERSION_ADDED: case EV_APPROVAL_REQUESTED:
	case EV_STATUS_REPORT_PUBLISHED:
		return F_PROJECT;
	case EV_MILESTONE_REACHED: case EV_TASK_COMPLETED: return F_PROJECT | F_ITEM | F_LATE;
	case EV_APPROVAL_DECIDED: case EV_CHANGE_DECIDED: return F_PROJECT | F_OUTCOME;
	case EV_SURVEY_ANSWERED: return F_PROJECT | F_SCORE;
	case EV_TIME_WEEK_APPROVED: case EV_AUTOMATION_CALL: case EV_WEBHOOK_TEST: case EV__COUNT:
		break;
	}
	return 0;
}

static struct rule_trigger triggers[EV__COUNT + TT__COUNT];
static size_t ntriggers;

const struct rule_trigger *rule_triggers(size_t *n)
{
	if (!ntriggers) { /* built once, the same every time: no lock needed between equal writes */
		size_t k = 0;
		for (int t = 0; t < EV__COUNT; t++) {
			const struct vocab_event *e = vocab_event((enum event_type)t);
			if (!e->subscribable)
				continue;
			triggers[k++] = (struct rule_trigger){ e->name, e->what, TK_EVENT,
							       event_fields((enum event_type)t) };
		}
		for (int t = 0; t < TT__COUNT; t++)
			triggers[k++] = time_triggers[t];
		ntriggers = k;
	}
	*n = ntriggers;
	return triggers;
}

const struct rule_trigger *rule_trigger_find(const char *code)
{
	size_t n;
	const struct rule_trigger *t = rule_triggers(&n);

	for (size_t i = 0; code && i < n; i++)
		if (!strcmp(t[i].code, code))
			return &t[i];
	return NULL;
}

static int word_find(const struct rule_word *w, size_t n, const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (w[i].code && !strcmp(w[i].code, code))
			return (int)i;
	return -1;
}

/* ------------------------------------------------------------ checks */

static int empty(const char *s)
{
	return !s || !*s;
}

/* s as a number (checked already, or a stored value): 0 when NULL or not one */
static long long num(const char *s)
{
	return s ? strtoll(s, NULL, 10) : 0;
}

/* A whole number within [lo, hi] into *out: 0, or -1. */
static int whole(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (empty(s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* Every {name} in s a placeholder of the list: NULL, or the problem (arena text). */
static const char *places_check(struct arena *a, const char *s)
{
	for (const char *p = s ? strchr(s, '{') : NULL; p; p = strchr(p + 1, '{')) {
		const char *q = strchr(p, '}');
		size_t n = q ? (size_t)(q - p - 1) : 0;
		int ok = 0;

		for (size_t i = 0; q && i < PH__COUNT; i++)
			if (strlen(rule_places[i].code) == n && !strncmp(p + 1, rule_places[i].code, n))
				ok = 1;
		if (!ok)
			return q ? arena_printf(a, "{%.*s} is not a placeholder: use one of the list.", (int)n, p + 1)
				 : "A { opens a placeholder that is never closed with }.";
	}
	return NULL;
}

static const char *fname(struct arena *a, const char *what, int i)
{
	return arena_printf(a, "%s_%d", what, i);
}

/* The actor's role (ROLE_NONE: not an active user). */
static int actor_role(struct ctx *c, enum role *out)
{
	struct db_res *u;

	*out = ROLE_NONE;
	if (!c->actor_id)
		return 0;
	if (db_query(c->db, c->arena, ST_RULE_ACTOR, &u, "i", c->actor_id))
		return -1;
	if (u->nrows == 1)
		*out = vocab_role_parse(db_cell(u, 0, RULE_ACTOR_ROLE));
	return 0;
}

static int exists(struct ctx *c, enum stmt st, long long id)
{
	struct db_res *r;

	if (db_query(c->db, c->arena, st, &r, "i", id))
		return -1;
	return r->nrows == 1;
}

static void check_action(struct ctx *c, const struct rule_action_in *a, int i,
			 const struct rule_trigger *t, struct problems *out)
{
	struct arena *ar = c->arena;
	int k = word_find(rule_actions, AC__COUNT, a->kind);
	const char *why;
	long v, w;

	if (k < 0) {
		problem_add(out, fname(ar, "act_kind", i), "Choose an action from the list.");
		return;
	}
	if (t && (rule_actions[k].kind & F_PROJECT) && !(t->fields & F_PROJECT)) {
		problem_add(out, fname(ar, "act_kind", i),
			    arena_printf(ar, "\"%s\" acts on a project, and this trigger has none.",
					 rule_actions[k].label));
		return;
	}
	if ((why = places_check(ar, a->text)))
		problem_add(out, fname(ar, "act_text", i), why);
	if ((why = places_check(ar, a->body)))
		problem_add(out, fname(ar, "act_body", i), why);
	if (a->text && strlen(a->text) > 200)
		problem_add(out, fname(ar, "act_text", i), "At most 200 characters.");
	else if (a->text && strpbrk(a->text, "\r\n"))
		problem_add(out, fname(ar, "act_text", i), "One line: a title, subject or note has no line breaks.");
	if (a->body && strlen(a->body) > 5000)
		problem_add(out, fname(ar, "act_body", i), "At most 5,000 characters.");
	switch ((enum rule_action)k) {
	case AC_TASK:
		if (empty(a->text))
			problem_add(out, fname(ar, "act_text", i), "Give the task a title.");
		if (whole(a->start, -365, 365, &v))
			problem_add(out, fname(ar, "act_start", i), "Start: a whole number of days, -365 to 365.");
		else if (whole(a->due, -365, 365, &w))
			problem_add(out, fname(ar, "act_due", i), "Due: a whole number of days, -365 to 365.");
		else if (w < v)
			problem_add(out, fname(ar, "act_due", i), "The task is due before it starts.");
		if (!empty(a->who) && strcmp(a->who, "pm")) {
			long long uid = num(a->who);
			int e = uid > 0 ? exists(c, ST_RULE_STAFF_EXISTS, uid) : 0;
			if (e == 0)
				problem_add(out, fname(ar, "act_who", i),
					    "Assign to the project's PM or to an active member of the staff.");
		}
		break;
	case AC_MESSAGE:
		if (empty(a->text))
			problem_add(out, fname(ar, "act_text", i), "Give the thread a subject.");
		if (empty(a->body))
			problem_add(out, fname(ar, "act_body", i), "Write the message.");
		if (!empty(a->value) && strcmp(a->value, "client") && strcmp(a->value, "internal"))
			problem_add(out, fname(ar, "act_value", i), "Internal or client-visible.");
		break;
	case AC_EMAIL: {
		int who = word_find(rule_whos, WHO__COUNT, a->who);
		if (who < 0)
			problem_add(out, fname(ar, "act_who", i), "Choose who gets the e-mail.");
		else if (t && !(t->fields & F_PROJECT) && who != WHO_ADMINS)
			problem_add(out, fname(ar, "act_who", i),
				    "This trigger has no project: only the admins can be written to.");
		else if (t && who == WHO_ASSIGNEE && strcmp(t->code, vocab_event(EV_TASK_COMPLETED)->name) &&
			 strcmp(t->code, "task.due"))
			problem_add(out, fname(ar, "act_who", i),
				    "Only a task's trigger has an assignee.");
		if (empty(a->text))
			problem_add(out, fname(ar, "act_text", i), "Give the e-mail a subject.");
		if (empty(a->body))
			problem_add(out, fname(ar, "act_body", i), "Write the e-mail.");
		break;
	}
	case AC_HEALTH:
		if (!vocab_in(vocab_healths, a->value))
			problem_add(out, fname(ar, "act_value", i), "Choose green, amber or red.");
		break;
	case AC_NOTE:
		if (empty(a->text))
			problem_add(out, fname(ar, "act_text", i), "Write the note.");
		break;
	case AC_REPORT: case AC_SURVEY:
		break;
	case AC_WEBHOOK: {
		long long eid = empty(a->value) ? 0 : num(a->value);
		int e = eid > 0 ? exists(c, ST_RULE_ENDPOINT_EXISTS, eid) : 0;
		if (e == 0)
			problem_add(out, fname(ar, "act_value", i), "Choose a webhook endpoint.");
		break;
	}
	case AC__COUNT:
		break;
	}
}

int rule_check(struct ctx *c, const struct rule_in *in, struct problems *out)
{
	struct arena *a = c->arena;
	const struct rule_trigger *t = rule_trigger_find(in->trigger);
	enum role role;
	long days;
	int nact = 0;

	if (actor_role(c, &role))
		return -1;
	if (role != ROLE_ADMIN && role != ROLE_PM)
		return RULE_FORBIDDEN;
	if (empty(in->name))
		problem_add(out, "name", "Give the rule a name.");
	else if (strlen(in->name) > 200)
		problem_add(out, "name", "At most 200 characters.");
	/* scope: a PM writes rules for their own projects only */
	if (!in->scope || !strcmp(in->scope, "all")) {
		if (role != ROLE_ADMIN)
			return RULE_FORBIDDEN;
	} else if (!strcmp(in->scope, "client")) {
		int e;
		if (role != ROLE_ADMIN)
			return RULE_FORBIDDEN;
		if ((e = in->scope_id > 0 ? exists(c, ST_RULE_CLIENT_EXISTS, in->scope_id) : 0) < 0)
			return -1;
		if (!e)
			problem_add(out, "scope_id", "Choose the client.");
	} else if (!strcmp(in->scope, "project")) {
		struct db_res *p;
		if (db_query(c->db, a, ST_RULE_PROJECT_PM, &p, "i", in->scope_id))
			return -1;
		if (p->nrows != 1)
			problem_add(out, "scope_id", "Choose the project.");
		else if (role != ROLE_ADMIN && db_cell_int(p, 0, RULE_PROJECT_PM_PM_ID) != c->actor_id)
			return RULE_FORBIDDEN;
	} else if (strcmp(in->scope, "mine")) {
		problem_add(out, "scope", "Choose all projects, a client, a project or my projects.");
	}
	if (!t)
		problem_add(out, "trigger", "Choose a trigger from the list.");
	else if (t->kind == TK_DATE && whole(in->days, -365, 365, &days))
		problem_add(out, "days", "N days: a whole number from -365 (before) to 365 (after).");
	else if (t->kind == TK_QUIET && whole(in->days, 1, 365, &days))
		problem_add(out, "days", "N days: a whole number from 1 to 365.");
	for (int i = 0; i < RULE_CONDS_MAX; i++) {
		const struct rule_cond_in *k = &in->cond[i];
		int f, op;
		long v;

		if (empty(k->field))
			continue;
		if ((f = word_find(rule_fields, CF__COUNT, k->field)) < 0) {
			problem_add(out, fname(a, "cond_field", i), "Choose a field from the list.");
			continue;
		}
		if (t && !(t->fields & rule_fields[f].fields)) {
			problem_add(out, fname(a, "cond_field", i),
				    arena_printf(a, "\"%s\" is not something this trigger carries.",
						 rule_fields[f].label));
			continue;
		}
		op = word_find(rule_ops, OP__COUNT, k->op);
		if (op < 0 || !(rule_ops[op].kind & rule_fields[f].kind)) {
			problem_add(out, fname(a, "cond_op", i), "Choose a comparison that fits the field.");
			continue;
		}
		switch (rule_fields[f].kind) {
		case T_NUM:
			if (whole(k->value, -100000, 100000, &v))
				problem_add(out, fname(a, "cond_value", i), "A whole number.");
			break;
		case T_ENUM: case T_BOOL:
			if (!vocab_in(rule_field_words((enum rule_field)f), k->value))
				problem_add(out, fname(a, "cond_value", i), "Choose a value from the list.");
			break;
		case T_ID: {
			int e = k->value && num(k->value) > 0 ? exists(c, ST_RULE_CLIENT_EXISTS, num(k->value)) : 0;
			if (e < 0)
				return -1;
			if (!e)
				problem_add(out, fname(a, "cond_value", i), "Choose the client.");
			break;
		}
		}
	}
	for (int i = 0; i < RULE_ACTIONS_MAX; i++) {
		if (empty(in->act[i].kind))
			continue;
		nact++;
		check_action(c, &in->act[i], i, t, out);
	}
	if (!nact)
		problem_add(out, NULL, "Add at least one action.");
	return 0;
}

/* ------------------------------------------------------------ saving */

static void set_str(json_t *o, const char *k, const char *v)
{
	if (!empty(v))
		json_object_set_new(o, k, json_string(v));
}

/* The conditions and actions of in as JSON text (malloc'd; NULL: out of memory). */
static char *conds_json(const struct rule_in *in)
{
	json_t *arr = json_array();
	char *s;

	for (int i = 0; arr && i < RULE_CONDS_MAX; i++) {
		const struct rule_cond_in *k = &in->cond[i];
		if (empty(k->field))
			continue;
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "field", k->field, "op", k->op,
						     "value", k->value));
	}
	s = arr ? json_dumps(arr, JSON_COMPACT) : NULL;
	json_decref(arr);
	return s;
}

static char *acts_json(const struct rule_in *in)
{
	json_t *arr = json_array();
	char *s;

	for (int i = 0; arr && i < RULE_ACTIONS_MAX; i++) {
		const struct rule_action_in *x = &in->act[i];
		json_t *o;
		if (empty(x->kind) || !(o = json_pack("{s:s}", "do", x->kind)))
			continue;
		set_str(o, "text", x->text);
		set_str(o, "body", x->body);
		set_str(o, "who", x->who);
		set_str(o, "start", x->start);
		set_str(o, "due", x->due);
		set_str(o, "value", x->value);
		if (x->visible)
			json_object_set_new(o, "visible", json_true());
		json_array_append_new(arr, o);
	}
	s = arr ? json_dumps(arr, JSON_COMPACT) : NULL;
	json_decref(arr);
	return s;
}

int rule_may_change(struct ctx *c, long long id)
{
	struct db_res *r;
	enum role role;

	if (db_query(c->db, c->arena, ST_RULE_GET, &r, "i", id) || actor_role(c, &role))
		return -1;
	if (r->nrows != 1)
		return RULE_NOT_FOUND;
	return role == ROLE_ADMIN ||
	       (role == ROLE_PM && db_cell_int(r, 0, RULE_GET_OWNER_ID) == c->actor_id) ? 0 : RULE_FORBIDDEN;
}

int rule_save(struct ctx *c, long long id, const struct rule_in *in, long long *newid,
	      struct problems *out)
{
	char *conds = NULL, *acts = NULL;
	long days = 0;
	int rc;

	if (id && (rc = rule_may_change(c, id)))
		return rc;
	if ((rc = rule_check(c, in, out)))
		return rc;
	if (out->n)
		return RULE_REFUSED;
	if (in->days && *in->days)
		days = num(in->days);
	{
		const struct rule_trigger *t = rule_trigger_find(in->trigger);
		if (t->kind == TK_EVENT)
			days = 0;
	}
	if (!(conds = conds_json(in)) || !(acts = acts_json(in))) {
		free(conds);
		return -1;
	}
	const char *scope = in->scope ? in->scope : "all";
	long long sid = strcmp(scope, "client") && strcmp(scope, "project") ? 0 : in->scope_id;
	if (!id) {
		rc = db_exec(c->db, ST_RULE_INSERT, "sinsnsiss", in->name, (long long)(in->enabled != 0),
			     c->actor_id, scope, sid, in->trigger, (long long)days, conds, acts) == 1 ? 0 : -1;
		if (!rc && newid)
			*newid = db_insert_id(c->db);
	} else {
		rc = db_exec(c->db, ST_RULE_UPDATE, "sisnsissi", in->name, (long long)(in->enabled != 0),
			     scope, sid, in->trigger, (long long)days, conds, acts, id) >= 0 ? 0 : -1;
		if (!rc && newid)
			*newid = id;
	}
	free(conds);
	free(acts);
	return rc;
}

int rule_set_enabled(struct ctx *c, long long id, int on)
{
	int rc = rule_may_change(c, id);

	if (rc)
		return rc;
	return db_exec(c->db, ST_RULE_SET_ENABLED, "ii", (long long)(on != 0), id) >= 0 ? 0 : -1;
}

int rule_delete(struct ctx *c, long long id)
{
	int rc = rule_may_change(c, id);

	if (rc)
		return rc;
	return db_exec(c->db, ST_RULE_DELETE, "i", id) >= 0 ? 0 : -1;
}

static const char *jstr(struct arena *a, json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? arena_strdup(a, s) : NULL;
}

/* The stored JSON of a rule row back into in (arena strings). */
static int rule_from_row(struct ctx *c, const struct db_res *r, struct rule_in *in)
{
	json_t *cj = json_loads(db_cell(r, 0, RULE_GET_CONDITIONS), 0, NULL);
	json_t *aj = json_loads(db_cell(r, 0, RULE_GET_ACTIONS), 0, NULL);
	size_t i;
	json_t *v;

	memset(in, 0, sizeof(*in));
	in->name = db_cell(r, 0, RULE_GET_NAME);
	in->enabled = (int)db_cell_int(r, 0, RULE_GET_ENABLED);
	in->scope = db_cell(r, 0, RULE_GET_SCOPE);
	in->scope_id = db_cell(r, 0, RULE_GET_SCOPE_ID) ? db_cell_int(r, 0, RULE_GET_SCOPE_ID) : 0;
	in->trigger = db_cell(r, 0, RULE_GET_TRIGGER_CODE);
	in->days = db_cell(r, 0, RULE_GET_TRIGGER_DAYS);
	json_array_foreach(cj, i, v) {
		if (i >= RULE_CONDS_MAX)
			break;
		in->cond[i].field = jstr(c->arena, v, "field");
		in->cond[i].op = jstr(c->arena, v, "op");
		in->cond[i].value = jstr(c->arena, v, "value");
	}
	json_array_foreach(aj, i, v) {
		if (i >= RULE_ACTIONS_MAX)
			break;
		in->act[i].kind = jstr(c->arena, v, "do");
		in->act[i].text = jstr(c->arena, v, "text");
		in->act[i].body = jstr(c->arena, v, "body");
		in->act[i].who = jstr(c->arena, v, "who");
		in->act[i].start = jstr(c->arena, v, "start");
		in->act[i].due = jstr(c->arena, v, "due");
		in->act[i].value = jstr(c->arena, v, "value");
		in->act[i].visible = json_is_true(json_object_get(v, "visible"));
	}
	json_decref(cj);
	json_decref(aj);
	return 0;
}

int rule_load(struct ctx *c, long long id, struct rule_in *in)
{
	struct db_res *r;

	if (db_query(c->db, c->arena, ST_RULE_GET, &r, "i", id))
		return -1;
	if (r->nrows != 1)
		return RULE_NOT_FOUND;
	return rule_from_row(c, r, in);
}

/* ------------------------------------------------------------ presets */

const struct rule_preset rule_presets[] = {
	{ "kickoff", "Kick-off tasks when a project enters planning" },
	{ "approval_overdue", "Remind the contact and tell the PM when an approval is 2 days overdue" },
	{ "low_csat", "A CSAT of 2 or less sets health to amber and gives the PM a follow-up task" },
	{ "budget_80", "Budget over 80 % e-mails the PM and the admins" },
	{ "report_missing", "No status report within the client's cadence reminds the PM" },
};
const size_t rule_presets_n = ARRAY_SIZE(rule_presets);

int rule_preset_fill(const char *code, struct rule_in *in)
{
	memset(in, 0, sizeof(*in));
	in->scope = "mine";
	in->days = "0";
	if (!code)
		return -1;
	if (!strcmp(code, "kickoff")) {
		in->name = "Kick-off tasks";
		in->trigger = vocab_event(EV_PROJECT_STAGE_CHANGED)->name;
		in->cond[0] = (struct rule_cond_in){ "stage", "is", "planning" };
		in->act[0] = (struct rule_action_in){ .kind = "create_task", .text = "Kick-off meeting with {client}",
						      .who = "pm", .start = "0", .due = "3", .visible = 1 };
		in->act[1] = (struct rule_action_in){ .kind = "create_task", .text = "Confirm scope and contacts for {project}",
						      .who = "pm", .start = "0", .due = "5" };
		in->act[2] = (struct rule_action_in){ .kind = "create_task", .text = "Draft the project plan",
						      .who = "pm", .start = "1", .due = "10" };
	} else if (!strcmp(code, "approval_overdue")) {
		in->name = "Approval 2 days overdue";
		in->trigger = "approval.due";
		in->days = "2";
		in->act[0] = (struct rule_action_in){ .kind = "send_email", .who = "contacts_approve",
						      .text = "Reminder: {item} is waiting for your approval",
						      .body = "{item} for {project} was due on {due_date}. Please review it: {link}" };
		in->act[1] = (struct rule_action_in){ .kind = "send_email", .who = "pm",
						      .text = "{item} is {days} days overdue",
						      .body = "The approval of {item} ({project}, {client}) was due on {due_date}; the contacts were reminded." };
	} else if (!strcmp(code, "low_csat")) {
		in->name = "Low CSAT follow-up";
		in->trigger = vocab_event(EV_SURVEY_ANSWERED)->name;
		in->cond[0] = (struct rule_cond_in){ "score", "le", "2" };
		in->act[0] = (struct rule_action_in){ .kind = "set_health", .value = "amber",
						      .body = "A client scored {score} in a satisfaction survey." };
		in->act[1] = (struct rule_action_in){ .kind = "create_task", .text = "Follow up the low survey score ({score}) with {client}",
						      .who = "pm", .start = "0", .due = "2" };
	} else if (!strcmp(code, "budget_80")) {
		in->name = "Budget over 80 %";
		in->trigger = vocab_event(EV_PROJECT_BUDGET_THRESHOLD)->name;
		in->cond[0] = (struct rule_cond_in){ "budget_hours_pct", "ge", "80" };
		in->act[0] = (struct rule_action_in){ .kind = "send_email", .who = "pm",
						      .text = "{project} has used 80 % of its budget",
						      .body = "{project} ({client}) crossed 80 % of its budget. See {link}" };
		in->act[1] = (struct rule_action_in){ .kind = "send_email", .who = "admins",
						      .text = "{project} has used 80 % of its budget",
						      .body = "{project} ({client}, PM {pm}) crossed 80 % of its budget. See {link}" };
	} else if (!strcmp(code, "report_missing")) {
		in->name = "Status report missing";
		in->trigger = "report.missing";
		in->days = "1";
		in->act[0] = (struct rule_action_in){ .kind = "send_email", .who = "pm",
						      .text = "{client} is waiting for a status report on {project}",
						      .body = "The status report on {project} was due on {due_date} by {client}'s cadence. Write it: {link}" };
	} else {
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ running */

/* What a run knows of its subject, as it is now. */
struct facts {
	long long project, client, pm_id, item, assignee_id;
	const char *project_name, *client_name, *stage, *health, *pm_name, *pm_email, *due_date;
	const char *item_title, *item_due, *assignee_name, *assignee_email, *outcome;
	long long hours_pct, money_pct, score, late;
	int visible, has_late, has_score, has_item;
	int portal;   /* {link} and the e-mail's link for a client contact: the portal's page */
	const char *today;
	const char *trigger;
	enum event_type ev; /* the trigger's event, EV__COUNT for a time trigger */
	long days;
	json_t *data; /* the event's "data" (borrowed from ev), or NULL */
	struct batch *batch; /* what the runs of one rule_runs_run share, or NULL (rule_try) */
};

/* What the runs of one rule_runs_run call read once (each run is its own transaction, a few
 * milliseconds apart): the agency's clock and working calendar, and the rules; a rule switched
 * off after the batch read it still runs in that batch, as it would if switched off during
 * its run. Lives in the caller's arena. */
#define BATCH_RULES 16
struct batch {
	int have_clock, have_cal;
	struct clock clock;
	struct workcal cal;
	size_t nrules;
	struct batch_rule { long long id; struct db_res *r; } rules[BATCH_RULES];
};

/* The working calendar: the batch's when there is one, else read into *w. */
static const struct workcal *batch_cal(struct ctx *c, struct batch *b, struct workcal *w)
{
	if (!b)
		return workcal_load(c, w) ? NULL : w;
	if (!b->have_cal) {
		if (workcal_load(c, &b->cal))
			return NULL;
		b->have_cal = 1;
	}
	return &b->cal;
}

static const char *item_stmt_date(struct facts *f, enum stmt st, long long id, struct ctx *c)
{
	struct db_res *r;

	if (db_query(c->db, c->arena, st, &r, "si", f->today, id))
		return NULL;
	if (r->nrows != 1)
		return "";
	f->has_item = 1;
	f->item = id;
	f->item_title = db_cell(r, 0, RULE_ITEM_TITLE);
	f->item_due = db_cell(r, 0, RULE_ITEM_DUE);
	f->visible = (int)db_cell_int(r, 0, RULE_ITEM_VISIBLE);
	f->assignee_id = db_cell(r, 0, RULE_ITEM_ASSIGNEE_ID) ? db_cell_int(r, 0, RULE_ITEM_ASSIGNEE_ID) : 0;
	f->assignee_name = db_cell(r, 0, RULE_ITEM_ASSIGNEE_NAME);
	f->assignee_email = db_cell(r, 0, RULE_ITEM_ASSIGNEE_EMAIL);
	if (db_cell(r, 0, RULE_ITEM_LATE)) {
		f->late = db_cell_int(r, 0, RULE_ITEM_LATE);
		f->has_late = 1;
	}
	return "";
}

static long long jint(json_t *o, const char *path1, const char *path2)
{
	json_t *v = json_object_get(o, path1);

	if (path2)
		v = json_object_get(v, path2);
	return json_is_integer(v) ? (long long)json_integer_value(v) : 0;
}

/* Read the run's subject: the project, the item, the event's data. 0, 1 (the subject is gone:
 * *why), or -1. */
static int facts_read(struct ctx *c, const struct db_res *run, json_t **ev, struct facts *f,
		      const char **why)
{
	const char *subject = db_cell(run, 0, RULE_RUN_SUBJECT);
	struct db_res *r;

	f->project = db_cell(run, 0, RULE_RUN_PROJECT_ID) ? db_cell_int(run, 0, RULE_RUN_PROJECT_ID) : 0;
	f->client = db_cell(run, 0, RULE_RUN_CLIENT_ID) ? db_cell_int(run, 0, RULE_RUN_CLIENT_ID) : 0;
	if (db_cell(run, 0, RULE_RUN_EVENT_ID)) {
		if (db_query(c->db, c->arena, ST_RULE_EVENT, &r, "i", db_cell_int(run, 0, RULE_RUN_EVENT_ID)))
			return -1;
		if (r->nrows != 1) {
			*why = "the event is gone";
			return 1;
		}
		*ev = json_loads(db_cell(r, 0, RULE_EVENT_PAYLOAD), 0, NULL);
		f->data = json_object_get(*ev, "data");
	}
	if (f->project) {
		if (db_query(c->db, c->arena, ST_RULE_FACTS, &r, "i", f->project))
			return -1;
		if (r->nrows != 1) {
			*why = "the project is gone";
			return 1;
		}
		f->project_name = db_cell(r, 0, RULE_FACTS_NAME);
		f->client = db_cell_int(r, 0, RULE_FACTS_CLIENT_ID);
		f->client_name = db_cell(r, 0, RULE_FACTS_CLIENT_NAME);
		f->stage = db_cell(r, 0, RULE_FACTS_STAGE);
		f->health = db_cell(r, 0, RULE_FACTS_HEALTH);
		f->pm_id = db_cell(r, 0, RULE_FACTS_PM_ID) && db_cell(r, 0, RULE_FACTS_PM_NAME)
			   ? db_cell_int(r, 0, RULE_FACTS_PM_ID) : 0;
		f->pm_name = db_cell(r, 0, RULE_FACTS_PM_NAME);
		f->pm_email = db_cell(r, 0, RULE_FACTS_PM_EMAIL);
		f->due_date = db_cell(r, 0, RULE_FACTS_DUE_DATE);
		f->hours_pct = tc_percent(db_cell_int(r, 0, RULE_FACTS_SPENT_MINUTES),
					  db_cell_int(r, 0, RULE_FACTS_BUDGET_MINUTES));
		f->money_pct = tc_percent(db_cell_int(r, 0, RULE_FACTS_SPENT_AMOUNT),
					  db_cell_int(r, 0, RULE_FACTS_BUDGET_AMOUNT));
	} else if (f->client) {
		if (db_query(c->db, c->arena, ST_RULE_CLIENT_NAME, &r, "i", f->client))
			return -1;
		if (r->nrows == 1)
			f->client_name = db_cell(r, 0, RULE_CLIENT_NAME_NAME);
	}
	/* the item: an event's task or milestone, a time trigger's task, milestone or approval */
	{
		long long item = db_cell(run, 0, RULE_RUN_ITEM_ID) ? db_cell_int(run, 0, RULE_RUN_ITEM_ID) : 0;
		const char *ok = "";
		if (f->ev == EV_TASK_COMPLETED)
			ok = item_stmt_date(f, ST_RULE_TASK, jint(f->data, "task", "id"), c);
		else if (f->ev == EV_MILESTONE_REACHED)
			ok = item_stmt_date(f, ST_RULE_MILESTONE, jint(f->data, "milestone", "id"), c);
		else if (!strncmp(subject, "task:", 5))
			ok = item_stmt_date(f, ST_RULE_TASK, item, c);
		else if (!strncmp(subject, "milestone:", 10))
			ok = item_stmt_date(f, ST_RULE_MILESTONE, item, c);
		else if (!strncmp(subject, "approval:", 9) || !strncmp(subject, "pending:", 8))
			ok = item_stmt_date(f, ST_RULE_APPROVAL, item, c);
		else if (f->ev == EV_APPROVAL_REQUESTED || f->ev == EV_APPROVAL_DECIDED)
			ok = item_stmt_date(f, ST_RULE_APPROVAL, jint(f->data, "approval_id", NULL), c);
		if (!ok)
			return -1;
	}
	/* a time trigger's day: how late the item is on it (the project's or report's date) */
	if (!strncmp(subject, "project:", 8) || !strncmp(subject, "report:", 7)) {
		long d, t;
		const char *date = db_cell(run, 0, RULE_RUN_ITEM_DATE);
		if (date && !tc_date_parse(date, &d) && !tc_date_parse(f->today, &t)) {
			f->late = t - d;
			f->has_late = 1;
			f->item_due = date;
		}
	}
	if (f->ev == EV_DOCUMENT_VERSION_ADDED && json_string_value(json_object_get(f->data, "title")))
		f->item_title = json_string_value(json_object_get(f->data, "title"));
	/* a stage or health change is judged by the value it changed to, not by a later one */
	if (f->ev == EV_PROJECT_STAGE_CHANGED && json_string_value(json_object_get(f->data, "to")))
		f->stage = json_string_value(json_object_get(f->data, "to"));
	if (f->ev == EV_PROJECT_HEALTH_CHANGED && json_string_value(json_object_get(f->data, "to")))
		f->health = json_string_value(json_object_get(f->data, "to"));
	if (f->ev == EV_SURVEY_ANSWERED && json_is_integer(json_object_get(f->data, "score"))) {
		f->score = jint(f->data, "score", NULL);
		f->has_score = 1;
	}
	if (f->ev == EV_APPROVAL_DECIDED) {
		const char *d = json_string_value(json_object_get(f->data, "decision"));
		f->outcome = d && !strcmp(d, "approve") ? "approved" : d && !strcmp(d, "changes") ? "changes" : d;
	} else if (f->ev == EV_CHANGE_DECIDED) {
		f->outcome = json_string_value(json_object_get(f->data, "decision"));
	}
	return 0;
}

/* The value of field f in the facts, as text ("" when the subject has none). */
static const char *fact(struct arena *a, const struct facts *x, enum rule_field f)
{
	switch (f) {
	case CF_STAGE: return x->stage ? x->stage : "";
	case CF_HEALTH: return x->health ? x->health : "";
	case CF_CLIENT: return x->client ? arena_printf(a, "%lld", x->client) : "";
	case CF_BUDGET_HOURS: return x->project ? arena_printf(a, "%lld", x->hours_pct) : "";
	case CF_BUDGET_MONEY: return x->project ? arena_printf(a, "%lld", x->money_pct) : "";
	case CF_SCORE: return x->has_score ? arena_printf(a, "%lld", x->score) : "";
	case CF_OUTCOME: return x->outcome ? x->outcome : "";
	case CF_VISIBLE: return x->has_item ? (x->visible ? "1" : "0") : "";
	case CF_DAYS_LATE: return x->has_late ? arena_printf(a, "%lld", x->late) : "";
	case CF__COUNT: break;
	}
	return "";
}

static int holds(enum rule_op op, enum rule_field f, const char *have, const char *want)
{
	long long h, w;

	if (!*have)
		return 0;
	if (rule_fields[f].kind != T_NUM) {
		int eq = !strcmp(have, want);
		return op == OP_IS_NOT ? !eq : eq;
	}
	h = num(have);
	w = num(want);
	switch (op) {
	case OP_LT: return h < w;
	case OP_LE: return h <= w;
	case OP_EQ: return h == w;
	case OP_GE: return h >= w;
	case OP_GT: return h > w;
	case OP_IS: return h == w;
	case OP_IS_NOT: return h != w;
	case OP__COUNT: break;
	}
	return 0;
}

/* Template t with its {placeholders} filled in from the facts (arena text). */
static const char *fill(struct ctx *c, const struct facts *x, const char *rule, const char *t)
{
	struct buf b;
	const char *out;

	if (!t)
		return "";
	buf_init(&b, strlen(t) + 64);
	for (const char *p = t; *p;) {
		const char *q = *p == '{' ? strchr(p, '}') : NULL;
		int ph = -1;
		if (q)
			for (int i = 0; i < PH__COUNT; i++)
				if (strlen(rule_places[i].code) == (size_t)(q - p - 1) &&
				    !strncmp(p + 1, rule_places[i].code, (size_t)(q - p - 1)))
					ph = i;
		if (ph < 0) {
			buf_addch(&b, *p++);
			continue;
		}
		const char *v = "";
		switch ((enum rule_place)ph) {
		case PH_PROJECT: v = x->project_name; break;
		case PH_CLIENT: v = x->client_name; break;
		case PH_DUE_DATE: v = x->item_due ? x->item_due : x->due_date; break;
		case PH_LINK:
			v = x->project ? arena_printf(c->arena, "%s%s/projects/%lld", c->cfg ? c->cfg->base_url : "",
						      x->portal ? "/portal" : "", x->project)
				       : (c->cfg ? c->cfg->base_url : "");
			break;
		case PH_RULE: v = rule; break;
		case PH_STAGE: v = x->stage; break;
		case PH_HEALTH: v = x->health; break;
		case PH_ITEM: v = x->item_title; break;
		case PH_SCORE: v = x->has_score ? arena_printf(c->arena, "%lld", x->score) : ""; break;
		case PH_DAYS: v = arena_printf(c->arena, "%lld", x->has_late ? x->late : (long long)x->days); break;
		case PH_PM: v = x->pm_name; break;
		case PH__COUNT: break;
		}
		buf_adds(&b, v ? v : "");
		p = q + 1;
	}
	out = arena_strdup(c->arena, b.len ? b.data : "");
	buf_release(&b);
	return out;
}

/* s cut to at most max characters (UTF-8: never inside one), for the one-line texts whose
 * placeholders may fill them past their columns (titles, subjects, notes: 200). */
static const char *cut(struct arena *a, const char *s, size_t max)
{
	size_t n = 0, i = 0;

	for (; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && n++ == max)
			break;
	return s[i] ? arena_printf(a, "%.*s", (int)i, s) : s;
}

/* One e-mail of the "send an e-mail" action to addr. */
static int email_one(struct ctx *c, const struct facts *x, const char *subject, const char *body,
		     const char *addr, const char *name)
{
	xmlNodePtr m = mail_doc(c, "automation"), n;

	if (!m)
		return -1;
	n = xml_text(m, "automation", body);
	xml_attr(n, "subject", subject);
	if (x->project) {
		xml_attr(n, "project", x->project_name);
		xml_attr(n, "link", arena_printf(c->arena, "%s%s/projects/%lld", c->cfg->base_url,
						 x->portal ? "/portal" : "", x->project));
	}
	return mail_queue(c, m, addr, name, subject);
}

/* The string member k of o, "" when absent. */
static const char *jtext(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

/* Append an action's outcome to the log. */
static void outcome(json_t *acts, const char *kind, int ok, const char *text)
{
	json_array_append_new(acts, json_pack("{s:s, s:b, s:s}", "kind", kind, "ok", ok, "outcome", text));
}

/* Do action a; its outcome logged in acts. 0 (done or skipped, logged), or -1 (roll back). */
static int act(struct ctx *c, const struct facts *x, const char *rule, json_t *a, json_t *acts)
{
	struct arena *ar = c->arena;
	const char *kind = json_string_value(json_object_get(a, "do"));
	int k = word_find(rule_actions, AC__COUNT, kind);
	const char *text = cut(c->arena, fill(c, x, rule, json_string_value(json_object_get(a, "text"))), 200);
	const char *body = fill(c, x, rule, json_string_value(json_object_get(a, "body")));
	const char *who = json_string_value(json_object_get(a, "who"));
	const char *value = json_string_value(json_object_get(a, "value"));
	int rc;

	if (k < 0) {
		outcome(acts, kind ? kind : "", 0, "skipped: not an action");
		return 0;
	}
	if ((rule_actions[k].kind & F_PROJECT) && !x->project) {
		outcome(acts, kind, 0, "skipped: no project");
		return 0;
	}
	switch ((enum rule_action)k) {
	case AC_TASK: {
		long today, s, d;
		char sd[11], dd[11];
		struct plan_task_in t = { .title = text };
		struct problems p = { 0 };
		long long id = 0;
		struct workcal wc;
		const struct workcal *w;
		if (tc_date_parse(x->today, &today) || !(w = batch_cal(c, x->batch, &wc)))
			return -1;
		/* days counted on the agency's working days (issue 16): never a weekend or holiday */
		s = workcal_add(w, today, (long)num(jtext(a, "start")));
		d = workcal_add(w, today, (long)num(jtext(a, "due")));
		tc_date_format(s, sd, sizeof(sd));
		tc_date_format(d < s ? s : d, dd, sizeof(dd));
		t.start_date = sd;
		t.due_date = dd;
		t.client_visible = json_is_true(json_object_get(a, "visible"));
		t.assignee_id = !who || !*who ? 0 : !strcmp(who, "pm") ? x->pm_id : num(who);
		rc = plan_task_create(c, x->project, &t, &id, &p);
		if (rc == PLAN_REFUSED && t.assignee_id) { /* not on the team: planned, unassigned */
			memset(&p, 0, sizeof(p));
			t.assignee_id = 0;
			rc = plan_task_create(c, x->project, &t, &id, &p);
			if (!rc) {
				outcome(acts, kind, 1, arena_printf(ar, "created task #%lld \"%s\" (unassigned: the"
								    " person is not on the project's team)", id, text));
				return 0;
			}
		}
		if (rc == -1)
			return -1;
		if (rc) {
			outcome(acts, kind, 0, arena_printf(ar, "skipped: %s", p.n ? p.v[0].msg : "the task was refused"));
			return 0;
		}
		outcome(acts, kind, 1, arena_printf(ar, "created task #%lld \"%s\", due %s", id, text, dd));
		return 0;
	}
	case AC_MESSAGE: {
		struct message_new m = { .subject = text, .body = body,
					 .internal = !value || strcmp(value, "client") };
		long long tid, mid;
		rc = message_thread_start(c, x->project, &m, &tid, &mid);
		if (rc == -1)
			return -1;
		outcome(acts, kind, !rc, rc ? "skipped: the thread was refused"
					   : arena_printf(ar, "posted \"%s\" in a new %s thread (#%lld)", text,
							  m.internal ? "internal" : "client-visible", tid));
		return 0;
	}
	case AC_EMAIL: {
		int w = word_find(rule_whos, WHO__COUNT, who);
		struct db_res *r = NULL;
		struct facts y; /* the facts as a contact's e-mail reads them */
		struct buf to;
		int n = 0;
		if (w == WHO_PM || w == WHO_ASSIGNEE) {
			const char *addr = w == WHO_PM ? x->pm_email : x->assignee_email;
			const char *name = w == WHO_PM ? x->pm_name : x->assignee_name;
			if (!addr) {
				outcome(acts, kind, 0, w == WHO_PM ? "skipped: the project has no active PM"
								   : "skipped: the task has no active assignee");
				return 0;
			}
			if (email_one(c, x, text, body, addr, name))
				return -1;
			outcome(acts, kind, 1, arena_printf(ar, "e-mail queued to %s", addr));
			return 0;
		}
		if ((w == WHO_TEAM && db_query(c->db, ar, ST_RULE_TEAM, &r, "ii", x->project, x->project)) ||
		    (w == WHO_ADMINS && db_query(c->db, ar, ST_RULE_ADMINS, &r, "")) ||
		    (w >= WHO_CONTACTS_VIEW &&
		     db_query(c->db, ar, ST_RULE_CONTACTS, &r, "ii", x->client,
			      (long long)(w - WHO_CONTACTS_VIEW + 1))))
			return -1;
		if (!r) {
			outcome(acts, kind, 0, "skipped: nobody to write to");
			return 0;
		}
		if (w >= WHO_CONTACTS_VIEW) { /* contacts are sent to the portal's page of the project */
			y = *x;
			y.portal = 1;
			text = cut(c->arena, fill(c, &y, rule, json_string_value(json_object_get(a, "text"))), 200);
			body = fill(c, &y, rule, json_string_value(json_object_get(a, "body")));
			x = &y;
		}
		buf_init(&to, 64);
		for (size_t i = 0; i < r->nrows; i++) {
			const char *addr = db_cell(r, i, RULE_WHO_EMAIL);
			if (!addr || !*addr)
				continue;
			if (email_one(c, x, text, body, addr, db_cell(r, i, RULE_WHO_NAME))) {
				buf_release(&to);
				return -1;
			}
			buf_addf(&to, "%s%s", n++ ? ", " : "", addr);
		}
		outcome(acts, kind, n > 0, n ? arena_printf(ar, "e-mail queued to %s", to.data)
					     : arena_printf(ar, "skipped: nobody (%s) to write to", rule_whos[w].label));
		buf_release(&to);
		return 0;
	}
	case AC_HEALTH:
		rc = project_set_health(c, x->project, value ? value : "", *body ? body : NULL);
		if (rc == -1)
			return -1;
		outcome(acts, kind, !rc, rc == PROJECT_UNCHANGED ? arena_printf(ar, "skipped: the health is %s already", value)
				      : rc ? "skipped: the project is gone"
					   : arena_printf(ar, "health set to %s", value));
		return 0;
	case AC_NOTE:
		if (activity_add(c, x->client, x->project, "automation_note", NULL, NULL, text, 0))
			return -1;
		outcome(acts, kind, 1, "internal note added to the activity stream");
		return 0;
	case AC_REPORT: {
		struct report_fields f = { .summary = arena_printf(ar, "Draft started by the automation \"%s\".", rule) };
		long long id;
		rc = report_create(c, x->project, &f, &id);
		if (rc == -1)
			return -1;
		if (!rc && activity_add(c, x->client, x->project, "report_drafted", NULL, NULL, NULL, 0))
			return -1;
		outcome(acts, kind, !rc, rc ? "skipped: the project is gone"
					   : arena_printf(ar, "status report draft #%lld started", id));
		return 0;
	}
	case AC_SURVEY: {
		struct db_res *before, *after;
		long long sent;
		if (db_query(c->db, ar, ST_RULE_SURVEY_COUNT, &before, "i", x->project) ||
		    survey_send(c, x->project, x->client, 0) ||
		    db_query(c->db, ar, ST_RULE_SURVEY_COUNT, &after, "i", x->project))
			return -1;
		sent = db_cell_int(after, 0, RULE_SURVEY_COUNT_N) - db_cell_int(before, 0, RULE_SURVEY_COUNT_N);
		outcome(acts, kind, sent > 0,
			sent > 0 ? arena_printf(ar, "survey sent to %lld contact%s", sent, sent == 1 ? "" : "s")
				 : "skipped: no survey sent (the project's survey plan has none at closure, or"
				   " every contact was asked already)");
		return 0;
	}
	case AC_WEBHOOK: {
		long long eid = value ? num(value) : 0;
		json_t *d = json_pack("{s:s, s:s, s:O?}", "rule", rule, "trigger", x->trigger, "event", x->data);
		if (x->project)
			json_object_set_new(d, "project", json_pack("{s:I, s:s?, s:I}", "id", (json_int_t)x->project,
								    "name", x->project_name, "client_id",
								    (json_int_t)x->client));
		if (!eid || exists(c, ST_RULE_ENDPOINT_EXISTS, eid) != 1) {
			json_decref(d);
			outcome(acts, kind, 0, "skipped: the endpoint is gone");
			return 0;
		}
		if (outbox_emit_to(c, eid, EV_AUTOMATION_CALL, d))
			return -1;
		outcome(acts, kind, 1, arena_printf(ar, "event queued to endpoint #%lld", eid));
		return 0;
	}
	case AC__COUNT:
		break;
	}
	return 0;
}

/* Carry out the claimed run (row 0 of run) of rule r, in the caller's transaction; its log in
 * *log (a new reference). Returns the state ("done", "skipped"), or NULL (roll back, *why). */
static const char *run_one(struct ctx *wc, struct batch *b, const struct db_res *run,
			   const struct db_res *r, int trying, json_t **log, const char **why)
{
	struct ctx c = *wc;
	struct facts x = { .batch = b };
	json_t *ev = NULL, *conds = NULL, *acts = NULL, *cl, *al, *v;
	const char *name = db_cell(r, 0, RULE_GET_NAME), *state = "done";
	struct clock k;
	char today[11];
	size_t i;
	int rc;

	*why = "database error";
	if (b && b->have_clock) {
		k = b->clock;
	} else {
		if (clock_get(&c, &k))
			return NULL;
		if (b) {
			b->clock = k;
			b->have_clock = 1;
		}
	}
	clock_date(&k, today);
	x.today = today;
	x.trigger = db_cell(r, 0, RULE_GET_TRIGGER_CODE);
	if (vocab_event_parse(x.trigger, &x.ev))
		x.ev = EV__COUNT;
	x.days = (long)db_cell_int(r, 0, RULE_GET_TRIGGER_DAYS);
	*log = json_pack("{s:s, s:s, s:s, s:o, s:o}", "trigger", x.trigger, "subject",
			 db_cell(run, 0, RULE_RUN_SUBJECT), "chain", db_cell(run, 0, RULE_RUN_CHAIN),
			 "conditions", cl = json_array(), "actions", al = json_array());
	if (!*log)
		return NULL;
	if (!trying && !db_cell_int(r, 0, RULE_GET_ENABLED)) { /* switched off since it was queued */
		json_object_set_new(*log, "note", json_string("the rule was switched off"));
		return "skipped";
	}
	rc = facts_read(&c, run, &ev, &x, why);
	if (rc < 0)
		goto fail;
	if (rc > 0) {
		json_object_set_new(*log, "note", json_string(*why));
		json_decref(ev);
		return "skipped";
	}
	conds = json_loads(db_cell(r, 0, RULE_GET_CONDITIONS), 0, NULL);
	acts = json_loads(db_cell(r, 0, RULE_GET_ACTIONS), 0, NULL);
	json_array_foreach(conds, i, v) {
		const char *f = json_string_value(json_object_get(v, "field"));
		const char *op = json_string_value(json_object_get(v, "op"));
		const char *want = json_string_value(json_object_get(v, "value"));
		int fi = word_find(rule_fields, CF__COUNT, f), oi = word_find(rule_ops, OP__COUNT, op);
		const char *have = fi < 0 ? "" : fact(c.arena, &x, (enum rule_field)fi);
		int ok = fi >= 0 && oi >= 0 && want && holds((enum rule_op)oi, (enum rule_field)fi, have, want);
		json_array_append_new(cl, json_pack("{s:s?, s:s?, s:s?, s:s, s:b}", "field", f, "op", op,
						    "value", want, "actual", have, "ok", ok));
		if (!ok)
			state = "skipped";
	}
	if (!strcmp(state, "done")) {
		/* the actions act as the rule: activity signed "Automation: <name>", their events
		 * caused by this run */
		c.actor_id = 0;
		c.actor_name = arena_printf(c.arena, "Automation: %s", name);
		c.rule_id = db_cell_int(r, 0, RULE_GET_ID);
		c.rule_run = db_cell_int(run, 0, RULE_RUN_ID);
		c.rule_depth = (int)db_cell_int(run, 0, RULE_RUN_DEPTH);
		c.rule_chain = arena_printf(c.arena, "%s>", db_cell(run, 0, RULE_RUN_CHAIN));
		json_array_foreach(acts, i, v) {
			if (act(&c, &x, name, v, al)) {
				*why = arena_printf(c.arena, "action %zu (%s) failed: database error", i + 1,
						    json_string_value(json_object_get(v, "do")));
				goto fail;
			}
		}
	}
	json_decref(ev);
	json_decref(conds);
	json_decref(acts);
	/* the brand the e-mails read (mail_brand_set), kept for the next runs of the batch */
	wc->brand_name = c.brand_name;
	wc->brand_accent = c.brand_accent;
	wc->brand_logo = c.brand_logo;
	wc->brand_logo_type = c.brand_logo_type;
	return state;
fail:
	json_decref(ev);
	json_decref(conds);
	json_decref(acts);
	return NULL;
}

/* Retry delay of a failed try: 30 s doubling, scaled like the outbox's (tests make it fast). */
static long long retry_us(long long tries, double scale)
{
	double s = 30.0;

	for (long long i = 0; i < tries && i < 10; i++)
		s *= 2;
	return (long long)(s * scale * 1e6);
}

int rule_fanout_run(struct ctx *c, int max)
{
	struct db_res *ev;
	int n = 0;

	if (db_begin(c->db))
		return -1;
	if (db_query(c->db, c->arena, ST_RULE_FANOUT_CLAIM, &ev, "i", (long long)max))
		goto fail;
	for (size_t i = 0; i < ev->nrows; i++) {
		long long id = db_cell_int(ev, i, RULE_FANOUT_ID);
		long long runs = db_exec(c->db, ST_RULE_FANOUT, "iii", (long long)RULE_DEPTH_MAX, id, id);

		if (runs < 0 || db_exec(c->db, ST_RULE_FANOUT_DONE, "i", id) != 1)
			goto fail;
		n += (int)runs;
	}
	if (db_commit(c->db))
		goto fail;
	return n;
fail:
	db_rollback(c->db);
	return -1;
}

/* Rule id as the batch read it (read on first use), or NULL. */
static struct db_res *batch_rule(struct ctx *c, struct batch *b, long long id)
{
	struct db_res *r;

	for (size_t i = 0; i < b->nrules; i++)
		if (b->rules[i].id == id)
			return b->rules[i].r;
	if (db_query(c->db, c->arena, ST_RULE_GET, &r, "i", id))
		return NULL;
	if (b->nrules < BATCH_RULES)
		b->rules[b->nrules++] = (struct batch_rule){ id, r };
	return r;
}

/* Runs claimed together, in one transaction (each behind a savepoint). */
#define RUN_CLAIM 16

/* Count a failed try of run id (tries so far) and keep the reason; 0 or -1. */
static int run_retry(struct ctx *c, long long id, long long tries, double scale, const char *why)
{
	log_warn("rule: run %lld failed: %s", id, why);
	return db_exec(c->db, ST_RULE_RUN_RETRY, "siiii", why, retry_us(tries, scale),
		       (long long)RULE_TRIES_MAX, (long long)RULE_TRIES_MAX, id) < 0 ? -1 : 0;
}

int rule_runs_run(struct ctx *c, int max, double scale)
{
	struct batch *b;
	struct db_res *w;
	int n = 0;

	if (db_query(c->db, c->arena, ST_RULE_WORK, &w, ""))
		return -1;
	if (!db_cell_int(w, 0, RULE_WORK_EVENTS) && !db_cell_int(w, 0, RULE_WORK_RUNS))
		return 0;
	if (db_cell_int(w, 0, RULE_WORK_EVENTS) && rule_fanout_run(c, max) < 0)
		return -1;
	b = arena_calloc(c->arena, 1, sizeof(*b));
	while (n < max) {
		struct db_res *runs;
		size_t i;

		if (db_begin(c->db))
			return -1;
		if (db_query(c->db, c->arena, ST_RULE_RUN_CLAIM, &runs, "i",
			     (long long)(max - n < RUN_CLAIM ? max - n : RUN_CLAIM)))
			goto fail;
		if (runs->nrows == 0) {
			db_rollback(c->db);
			break;
		}
		for (i = 0; i < runs->nrows; i++) {
			struct db_res one = *runs, *r;
			json_t *log = NULL;
			const char *state, *why = "database error";
			char *text;
			long long id, tries;

			one.cells = runs->cells + i * runs->ncols;
			one.nrows = 1;
			id = db_cell_int(&one, 0, RULE_RUN_ID);
			tries = db_cell_int(&one, 0, RULE_RUN_TRIES);
			if (db_savepoint(c->db) || !(r = batch_rule(c, b, db_cell_int(&one, 0, RULE_RUN_RULE_ID))))
				goto fail;
			state = run_one(c, b, &one, r, 0, &log, &why);
			if (!state) {
				json_decref(log);
				if (db_rollback_savepoint(c->db)) {
					/* the server dropped the transaction (a deadlock): this run's try
					 * is counted on its own; the others of the batch are queued still */
					db_rollback(c->db);
					return run_retry(c, id, tries, scale, why) ? -1 : n + 1;
				}
				/* the run's writes undone; the try counted and the reason kept */
				if (run_retry(c, id, tries, scale, why))
					goto fail;
				continue;
			}
			text = json_dumps(log, JSON_COMPACT);
			json_decref(log);
			if (!text || db_exec(c->db, ST_RULE_RUN_FINISH, "ssi", state, text, id) != 1) {
				free(text);
				goto fail;
			}
			free(text);
		}
		if (db_commit(c->db))
			return -1;
		n += (int)runs->nrows;
	}
	return n;
fail:
	db_rollback(c->db);
	return -1;
}

/* ------------------------------------------------------------ time triggers */

static enum stmt scan_stmt(const char *code)
{
	static const struct { const char *code; enum stmt st; } scans[] = {
		{ "milestone.due", ST_RULE_SCAN_MILESTONE }, { "task.due", ST_RULE_SCAN_TASK },
		{ "project.due", ST_RULE_SCAN_PROJECT }, { "approval.due", ST_RULE_SCAN_APPROVAL },
		{ "project.quiet", ST_RULE_SCAN_QUIET }, { "report.missing", ST_RULE_SCAN_REPORT },
		{ "approval.pending", ST_RULE_SCAN_PENDING },
	};
	for (size_t i = 0; i < ARRAY_SIZE(scans); i++)
		if (!strcmp(scans[i].code, code))
			return scans[i].st;
	return ST__COUNT;
}

/* Queue rule id's runs for today (trigger code, N days). Returns how many, or -1. */
static long long scan_rule(struct ctx *c, long long id, const char *code, long days, long today)
{
	const struct rule_trigger *t = rule_trigger_find(code);
	enum stmt st = scan_stmt(code);
	char lo[11], hi[11];

	if (!t || st == ST__COUNT)
		return 0;
	if (t->kind == TK_DATE) { /* fires on date + N: the dates due N days before today */
		tc_date_format(today - days - 2, lo, sizeof(lo));
		tc_date_format(today - days, hi, sizeof(hi));
		return db_exec(c->db, st, "iss", id, lo, hi);
	}
	tc_date_format(today - days, hi, sizeof(hi));
	return db_exec(c->db, st, "is", id, hi);
}

int rule_scan_run(struct ctx *c)
{
	struct db_res *r;
	struct clock k;
	char today[11];
	long t;
	long long n = 0;

	if (clock_get(c, &k))
		return -1;
	clock_date(&k, today);
	if (tc_date_parse(today, &t))
		return -1;
	if (db_begin(c->db))
		return -1;
	if (db_query(c->db, c->arena, ST_RULE_TIMED, &r, ""))
		goto fail;
	for (size_t i = 0; i < r->nrows; i++) {
		long long q = scan_rule(c, db_cell_int(r, i, RULE_TIMED_ID), db_cell(r, i, RULE_TIMED_TRIGGER_CODE),
					(long)db_cell_int(r, i, RULE_TIMED_TRIGGER_DAYS), t);
		if (q < 0)
			goto fail;
		n += q;
	}
	if (db_commit(c->db))
		goto fail;
	return (int)(n > INT_MAX ? INT_MAX : n);
fail:
	db_rollback(c->db);
	return -1;
}

/* ------------------------------------------------------------ try */

int rule_try(struct ctx *c, long long id, long long event_id, json_t **out)
{
	struct db_res *r, *ev, *runs;
	const struct rule_trigger *t;
	struct clock k;
	char today[11];
	long day;
	int rc = RULE_NOT_FOUND;

	*out = NULL;
	if (db_begin(c->db))
		return -1;
	if (db_query(c->db, c->arena, ST_RULE_GET, &r, "i", id))
		goto fail;
	if (r->nrows != 1 || !(t = rule_trigger_find(db_cell(r, 0, RULE_GET_TRIGGER_CODE))))
		goto done;
	if (t->kind == TK_EVENT) {
		if (db_query(c->db, c->arena, ST_RULE_EVENT, &ev, "i", event_id))
			goto fail;
		if (ev->nrows != 1 || strcmp(db_cell(ev, 0, RULE_EVENT_TYPE), t->code))
			goto done;
		if (db_exec(c->db, ST_RULE_RUN_ADD_EVENT, "iiinns", id, event_id, event_id,
			    db_cell(ev, 0, RULE_EVENT_CLIENT_ID) ? db_cell_int(ev, 0, RULE_EVENT_CLIENT_ID) : 0,
			    db_cell(ev, 0, RULE_EVENT_PROJECT_ID) ? db_cell_int(ev, 0, RULE_EVENT_PROJECT_ID) : 0,
			    db_cell(r, 0, RULE_GET_ID)) < 0)
			goto fail;
	} else {
		if (clock_get(c, &k))
			goto fail;
		clock_date(&k, today);
		if (tc_date_parse(today, &day) ||
		    scan_rule(c, id, t->code, (long)db_cell_int(r, 0, RULE_GET_TRIGGER_DAYS), day) < 0)
			goto fail;
	}
	if (db_query(c->db, c->arena, ST_RULE_RUN_OF_RULE_QUEUED, &runs, "i", id))
		goto fail;
	*out = json_array();
	for (size_t i = 0; i < runs->nrows; i++) {
		struct db_res one = *runs;
		json_t *log = NULL;
		const char *why, *state;

		one.cells = runs->cells + i * runs->ncols;
		one.nrows = 1;
		state = run_one(c, NULL, &one, r, 1, &log, &why); /* a rule that is off runs all the same */
		if (!log)
			continue;
		json_object_set_new(log, "state", json_string(state ? state : "failed"));
		if (!state)
			json_object_set_new(log, "error", json_string(why));
		json_array_append_new(*out, log);
	}
	rc = 0;
done:
	db_rollback(c->db); /* a try writes nothing */
	return rc;
fail:
	db_rollback(c->db);
	json_decref(*out);
	*out = NULL;
	return -1;
}
