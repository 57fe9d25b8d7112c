/* rule.h - automations (issue 13): rules "when this happens, if that holds, then do these",
 * their runs (queued in the transaction of what triggers them, carried out by the outbox worker
 * in one transaction each) and the vocabulary of include/domain/rule_vocab.def. */
#ifndef TANDEM_RULE_H
#define TANDEM_RULE_H

#include <stddef.h>
#include <jansson.h>
#include "domain/ctx.h"
#include "domain/problem.h"

/* ------------------------------------------------------------ vocabulary */

/* The groups of fields a trigger carries (a condition's field needs its group). */
enum {
	F_PROJECT = 1 << 0, /* stage, health, client, budget used */
	F_CLIENT = 1 << 1,  /* the client alone (client.created) */
	F_ITEM = 1 << 2,    /* a task or milestone: client-visible */
	F_LATE = 1 << 3,    /* days late */
	F_SCORE = 1 << 4,   /* a survey's score */
	F_OUTCOME = 1 << 5, /* a decision: approved, changes, rejected */
};
/* The types of condition fields (bits: an OP lists the types it applies to). */
enum { T_NUM = 1, T_ENUM = 2, T_BOOL = 4, T_ID = 8 };
enum trigger_kind { TK_EVENT, TK_DATE, TK_QUIET };

enum rule_time {
#define TIME(id, code, kind, fields, label) id,
#include "domain/rule_vocab.def"
#undef TIME
	TT__COUNT
};
enum rule_field {
#define FIELD(id, code, type, group, label) id,
#include "domain/rule_vocab.def"
#undef FIELD
	CF__COUNT
};
enum rule_op {
#define OP(id, code, types, label) id,
#include "domain/rule_vocab.def"
#undef OP
	OP__COUNT
};
enum rule_action {
#define ACTION(id, code, needs, label) id,
#include "domain/rule_vocab.def"
#undef ACTION
	AC__COUNT
};
enum rule_who {
#define WHO(id, code, label) id,
#include "domain/rule_vocab.def"
#undef WHO
	WHO__COUNT
};

/* One entry of each list: static texts, never NULL. */
struct rule_word {
	const char *code;   /* as stored and in forms */
	const char *label;  /* for people */
	int kind;           /* TIME: enum trigger_kind; FIELD: its T_ type; OP: the T_ types it
			     * applies to; ACTION: the F_ groups it needs; WHO and PLACE: 0 */
	unsigned fields;    /* TIME and FIELD: the F_ groups (carried / needed) */
};

/* A trigger: every subscribable event type, then the time triggers, in form order. */
struct rule_trigger {
	const char *code;   /* an event's wire name, or a time trigger's code */
	const char *label;
	enum trigger_kind kind;
	unsigned fields;    /* the F_ groups it carries */
};
/* The triggers (n in *n), in the order of the form. */
const struct rule_trigger *rule_triggers(size_t *n);
/* The trigger called code, or NULL. */
const struct rule_trigger *rule_trigger_find(const char *code);

extern const struct rule_word rule_fields[CF__COUNT];
extern const struct rule_word rule_ops[OP__COUNT];
extern const struct rule_word rule_actions[AC__COUNT];
extern const struct rule_word rule_whos[WHO__COUNT];
extern const struct rule_word rule_places[];  /* ends with a NULL code */
extern const size_t rule_places_n;
/* The words an ENUM field takes (NULL-terminated): stages, healths, outcomes. */
const char *const *rule_field_words(enum rule_field f);

/* ------------------------------------------------------------ rules */

#define RULE_CONDS_MAX 5
#define RULE_ACTIONS_MAX 6
#define RULE_DEPTH_MAX 3    /* a chain deeper than this stops (the stopped run names it) */
#define RULE_TRIES_MAX 5    /* a run failing this often is failed, with its reason */

/* The results of this module's functions besides 0 (done) and -1 (database error). */
enum {
	RULE_NOT_FOUND = 1, /* no such rule (or event) */
	RULE_REFUSED = 2,   /* nothing written: the problems say why, per form field */
	RULE_FORBIDDEN = 3, /* the actor may not write this rule (a PM: not theirs, or a project
			     * they do not manage) */
};

/* A condition and an action as the form gives them: text, trimmed; NULL or "" when empty.
 * A row whose field (kind) is empty is no row. */
struct rule_cond_in {
	const char *field, *op, *value;
};
struct rule_action_in {
	const char *kind;
	const char *text;     /* task title, thread subject, e-mail subject, note */
	const char *body;     /* message or e-mail body; health note */
	const char *who;      /* assignee ("pm" or a user id), recipient (a WHO code) */
	const char *start;    /* create_task: start, in working days from the trigger's day */
	const char *due;      /* create_task: due, in working days from the trigger's day */
	const char *value;    /* set_health: the health; call_webhook: the endpoint's id;
			       * post_message: "client" (client-visible) or "internal" */
	int visible;          /* create_task: client-visible */
};
/* A rule as the form gives it. Strings are borrowed. */
struct rule_in {
	const char *name;
	int enabled;
	const char *scope;       /* "all", "client", "project", "mine" (the projects its owner manages) */
	long long scope_id;      /* the client or project (scope "client" / "project") */
	const char *trigger;     /* a trigger's code */
	const char *days;        /* time triggers: N (DATE: -365..365, QUIET: 1..365) */
	struct rule_cond_in cond[RULE_CONDS_MAX];
	struct rule_action_in act[RULE_ACTIONS_MAX];
};

/*
 * Check rule in as c's actor may save it; each problem added to out under the form field at
 * fault: "name", "scope_id", "trigger", "days", "cond_field_N", "cond_op_N", "cond_value_N"
 * (N from 0), "act_kind_N", "act_text_N", "act_body_N", "act_who_N", "act_start_N",
 * "act_due_N", "act_value_N", or NULL (the whole form: "no action"). A condition on a field
 * the trigger does not carry, an action that needs a project on a trigger without one, an
 * unknown placeholder, a person who is not staff, a webhook endpoint that does not exist: each
 * a problem. Writes nothing. Returns 0 (out may hold problems), RULE_FORBIDDEN (a PM: scope
 * other than one of their projects or "mine"), or -1.
 */
int rule_check(struct ctx *c, const struct rule_in *in, struct problems *out);

/*
 * Save rule in (id 0: a new rule, owned by c's actor; its id in *id) after rule_check, in the
 * caller's transaction (the caller commits on 0 and rolls back otherwise). A PM may change
 * only the rules they own; admins any. Writes: the rule (conditions and actions as JSON).
 * Emits nothing. Returns 0; RULE_NOT_FOUND; RULE_FORBIDDEN; RULE_REFUSED with out; -1.
 */
int rule_save(struct ctx *c, long long id, const struct rule_in *in, long long *newid,
	      struct problems *out);

/* Switch rule id on or off, or delete it (its runs with it), with rule_save's permission.
 * Returns 0; RULE_NOT_FOUND; RULE_FORBIDDEN; -1. */
int rule_set_enabled(struct ctx *c, long long id, int on);
int rule_delete(struct ctx *c, long long id);

/* 0 when c's actor may change rule id (an admin, or the PM who owns it); RULE_FORBIDDEN when
 * not; RULE_NOT_FOUND when there is no such rule; -1. */
int rule_may_change(struct ctx *c, long long id);

/*
 * Rule id as the form shows it, into *in (strings in c's arena). Returns 0; RULE_NOT_FOUND; -1.
 */
int rule_load(struct ctx *c, long long id, struct rule_in *in);

/* A preset: a name to offer and the rule it fills in (presets are disabled until saved on). */
struct rule_preset {
	const char *code;
	const char *label;
};
extern const struct rule_preset rule_presets[];
extern const size_t rule_presets_n;
/* Fill in with preset code (0), or -1 when there is no such preset. Strings are static. */
int rule_preset_fill(const char *code, struct rule_in *in);

/* ------------------------------------------------------------ runs */

/*
 * Queue the runs of up to max events flagged for the automations (outbox.rules_due, set by
 * outbox_emit when an enabled rule has the event's type), oldest first, in one transaction
 * that also clears their flags: one run per enabled rule of the type in scope, never the rule
 * whose run caused the event, 'stopped' past RULE_DEPTH_MAX. Events locked by another worker
 * are left to it. Returns how many runs were queued, or -1.
 */
int rule_fanout_run(struct ctx *c, int max);

/*
 * Carry out up to max queued runs that are due (after rule_fanout_run(c, max)), up to 16 in
 * one transaction, each behind a savepoint: claimed with FOR UPDATE SKIP LOCKED (the row
 * locks are the lease: a worker that dies mid-batch rolls back and the runs are claimed
 * again), its conditions checked against the subject as it is now, its actions done through
 * the domain functions by "Automation: <rule name>", the log written and the run marked done
 * or skipped, all committed together. A run whose actions fail is rolled back to its
 * savepoint and tried again later (30 s doubling, times scale: the outbox settings'
 * retry_scale), failed after RULE_TRIES_MAX tries with the reason. c: the worker's context
 * (actor nobody). Returns how many runs it took (done, skipped, retried or failed), or -1.
 */
int rule_runs_run(struct ctx *c, int max, double scale);

/*
 * Queue the runs of the enabled time-based rules whose subjects are due today (the agency's
 * day, clock_get): one run per rule and subject and date (unique), in one transaction.
 * Returns how many were queued, or -1.
 */
int rule_scan_run(struct ctx *c);

/*
 * "Test against a past event": what rule id would do for event event_id (an event trigger)
 * or for today's subjects (a time trigger, event_id ignored), without writing anything:
 * the runs are queued and carried out in a transaction that is rolled back. *out: an array
 * of run logs (see rule_runs_run's log: {"subject","state","conditions":[...],
 * "actions":[...]}), at most 5; the caller decrefs it. Must not be called inside a
 * transaction. Returns 0; RULE_NOT_FOUND (no such rule, or the event is not of its
 * trigger); -1.
 */
int rule_try(struct ctx *c, long long id, long long event_id, json_t **out);

#endif
