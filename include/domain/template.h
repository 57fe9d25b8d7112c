/* template.h - project templates (domain layer, issue 16): a project's plan saved without its
 * people, client or history, edited, and made into a new project on working days. */
#ifndef TANDEM_TEMPLATE_H
#define TANDEM_TEMPLATE_H

#include "domain/ctx.h"
#include "domain/problem.h"

#include <stddef.h>

struct arena;
struct workcal;

/*
 * What a template holds (schema/020_templates.sql): milestones due `day_offset` working days
 * after a project's first working day; tasks starting `start_offset` working days after it and
 * lasting `duration` working days (at least one: a task never ends before it starts), with
 * their finish-to-start dependencies, estimates, client-visible flags and ROLE - a named slot
 * ("Designer") one person fills per project, instead of a person; KPIs (what and the target,
 * never a value); standard risks (title, probability, impact, mitigation; no owner, no status).
 * Never time entries, documents, messages or a client's name: the text copied from a project
 * has every client's name and the first label of its domain ("acme" of acme.test) - three
 * characters or more, as a whole word, any case - replaced by TEMPLATE_CLIENT, which a new project's client name fills in again; text a person types into
 * a template (its name, description, a title or a role) may not name a client at all.
 *
 * Every state change here runs in the caller's transaction and never begins or commits: the
 * caller commits on 0 and rolls back on anything else (a refusal has written nothing). Edits
 * lock the template's row (FOR UPDATE) first; a project made from it takes a shared lock, so
 * a template cannot change while a project is made from it. Templates are the agency's: any
 * PM or admin may edit or delete any of them (the pages' routes need a manager).
 */

#define TEMPLATE_CLIENT "{client}"     /* where a client's name was, in copied text */
#define TEMPLATE_MAX_TASKS 1000        /* tasks one template holds */
#define TEMPLATE_MAX_OFFSET 2600       /* working days (ten years): offsets and durations */
#define TEMPLATE_ROLE_MAX 100          /* characters of a role's name */

/* The results besides 0 (done) and -1 (database error, or out of memory). */
enum {
	TEMPLATE_NOT_FOUND = 1, /* no such template (or project, task, milestone, role, KPI, risk
				 * of that template) */
	TEMPLATE_REFUSED = 2,   /* nothing written: the problems say why, field by field */
};

/* ------------------------------------------------------------ pure: days and text */

/*
 * The offset of day (days since 1970-01-01, timecalc.h) from first, a working day of w: how
 * many working days of w there are after first up to the working day on or after day (0 when
 * that is first itself, and for any day before first).
 */
long template_offset(const struct workcal *w, long first, long day);

/* The length in working days of a task from start to due (both counted, start moved on to a
 * working day first): at least 1. */
long template_duration(const struct workcal *w, long start, long due);

/* The start and due days of a task at offset, lasting duration (>= 1) working days, in a
 * project whose first working day is first. */
void template_days(const struct workcal *w, long first, long offset, long duration, long *start,
		   long *due);

/*
 * The first of names[0..n) that text names: as a whole word (its ends not inside a word),
 * ASCII case folded, names shorter than three bytes never; NULL when none (or text is NULL).
 */
const char *template_client_in(const char *text, const char *const *names, size_t n);

/*
 * text with every client name of names[0..n) it holds (template_client_in's rule) replaced by
 * TEMPLATE_CLIENT: arena text, or text itself when it names none (NULL stays NULL).
 */
const char *template_scrub(struct arena *a, const char *text, const char *const *names, size_t n);

/*
 * text with each TEMPLATE_CLIENT replaced by client, cut to at most max characters (UTF-8,
 * never inside one): arena text, or text itself when it holds none and is short enough.
 */
const char *template_fill(struct arena *a, const char *text, const char *client, size_t max);

/* ------------------------------------------------------------ saving a project's plan */

/* A person the project's tasks are assigned to and the role their tasks get. */
struct template_person {
	long long user_id;
	const char *role;          /* 1..TEMPLATE_ROLE_MAX characters; two people with the same
				    * role (case-insensitively) make one role */
};

/* A template to save. Strings are borrowed. */
struct template_new {
	const char *name;          /* typed: 1..200 characters, unique, naming no client */
	const char *description;   /* typed, NULL: none; naming no client */
	const struct template_person *people; /* one for each assignee of the project's tasks */
	size_t npeople;
};

/*
 * Save project pid's plan as template t, by c->actor_id; its id in *id. Offsets count from the
 * plan's first working day (the earliest of the project's start, its tasks' starts and its
 * milestones' due days, moved on to a working day) on the agency's calendar (workcal_load).
 * Refused, with a problem on its field: the name ("name": empty, taken, or naming a client),
 * the description ("description": naming a client), an assignee with no role, a role too long
 * or naming a client ("role_<user id>"), a project without tasks or milestones, or with more
 * than TEMPLATE_MAX_TASKS tasks (the form as a whole).
 * Locks: the project's row (shared). Writes: the templates row and its roles, milestones,
 * tasks, dependencies, KPIs (name, target) and risks. Emits nothing; no activity line.
 * Returns 0; TEMPLATE_NOT_FOUND (no such project); TEMPLATE_REFUSED with out's problems; -1.
 */
int template_save(struct ctx *c, long long pid, const struct template_new *t, long long *id,
		  struct problems *out);

/* ------------------------------------------------------------ editing */

/*
 * Rename template id and set its description (NULL: none). Refused: a name empty, taken by
 * another template or naming a client ("name"); a description naming a client ("description").
 * Locks: its row. Writes: the row. Returns 0; TEMPLATE_NOT_FOUND; TEMPLATE_REFUSED; -1.
 */
int template_update(struct ctx *c, long long id, const char *name, const char *description,
		    struct problems *out);

/* Delete template id with everything it holds (projects made from it keep their plan and lose
 * the link). Locks: its row. Returns 0; TEMPLATE_NOT_FOUND; -1. */
int template_delete(struct ctx *c, long long id);

/* A task of a template as its edit form gives it. Strings are borrowed. */
struct template_task_in {
	const char *title;          /* 1..200 characters, naming no client */
	long long milestone_id;     /* 0: none; else one of the template's */
	long long role_id;          /* 0: nobody; else one of the template's */
	long long start_offset;     /* 0..TEMPLATE_MAX_OFFSET */
	long long duration;         /* 1..TEMPLATE_MAX_OFFSET: less ends before it starts */
	long long estimate_minutes; /* >= 0 */
	int client_visible;
};

/*
 * Save task `task` of template id as t. Refused, with a problem on its field: "title" (empty,
 * too long, naming a client), "start_offset" (negative or too far, or before a task it depends
 * on ends), "duration" (under 1 working day: it would end before it starts; too long; or
 * ending after a task that depends on it starts), "estimate_minutes" (negative), "role_id"
 * and "milestone_id" (not the template's).
 * Locks: the template's row. Writes: the task, the template's updated_at.
 * Returns 0; TEMPLATE_NOT_FOUND (no such template or task of it); TEMPLATE_REFUSED; -1.
 */
int template_task_update(struct ctx *c, long long id, long long task,
			 const struct template_task_in *t, struct problems *out);

/*
 * Save milestone ms of template id: name (1..200 characters, naming no client: "name"), offset
 * (0..TEMPLATE_MAX_OFFSET: "day_offset"), client_visible. Same locks, writes and results as
 * template_task_update.
 */
int template_milestone_update(struct ctx *c, long long id, long long ms, const char *name,
			      long long offset, int client_visible, struct problems *out);

/*
 * Rename role `role` of template id to name (1..TEMPLATE_ROLE_MAX characters, naming no
 * client, not another role's name: "name"). Same locks, writes and results.
 */
int template_role_rename(struct ctx *c, long long id, long long role, const char *name,
			 struct problems *out);

/*
 * Remove one part of template id: a task (with its dependencies both ways), a milestone (its
 * tasks keep their days, with no milestone), a KPI or a risk.
 * Locks: the template's row. Writes: the deletion, the template's updated_at.
 * Returns 0; TEMPLATE_NOT_FOUND (no such template, or no such part of it); -1.
 */
int template_task_delete(struct ctx *c, long long id, long long task);
int template_milestone_delete(struct ctx *c, long long id, long long ms);
int template_kpi_delete(struct ctx *c, long long id, long long kpi);
int template_risk_delete(struct ctx *c, long long id, long long risk);

/* ------------------------------------------------------------ a project from a template */

/* Who fills a role. */
struct template_fill {
	long long role_id;
	long long user_id;          /* 0: nobody chosen */
};

/* A project to make from a template. Strings are borrowed. */
struct template_use {
	long long client_id;
	const char *name;           /* 1..200 characters */
	const char *code;           /* NULL: none */
	long long pm_id;            /* 0: none; else an active PM or admin */
	const char *start_date;     /* YYYY-MM-DD; a non-working day moves on to the next working day */
	const char *currency;       /* ISO 4217 (the caller checked it); NULL: EUR */
	const struct template_fill *fills; /* one for each role of the template that has tasks */
	size_t nfills;
};

/*
 * Make project u from template id, by c->actor_id, in ONE transaction (the caller's); its id
 * in *pid. The project starts on u->start_date moved on to a working day (its start_date is
 * that day); every milestone and task is placed on the agency's working days from there
 * (template_days), the project due on the last of them; its budget hours are the tasks'
 * estimates, its budget money 0. TEMPLATE_CLIENT in the copied text becomes the client's name.
 * Refused, with a problem on its field: "client_id" (no such client), "pm_id" (not an active
 * PM or admin), "start_date" (not a date), "name" (empty), and "role_<role id>" for each role
 * with tasks that nobody fills, or that a person who is not active staff fills.
 * Locks: the template's row (shared), then the new project's. Writes: the project
 * (project_create: its "created" activity line, emits project.created with "source":
 * "template", so automations may act on it), its template_id, the team (plan_member_add: each
 * person filling a role), milestones (plan_milestone_create), the tasks (each with its
 * template_task_id) and their dependencies - one INSERT ... SELECT for all the tasks and one for
 * all the dependencies, checked here once for all: the bulk path, with no activity line or
 * notice per task -, KPIs with no value (project_kpi_add), open risks with no owner (risk_create), an
 * internal "template_used" activity line (its note the template's name and the counts).
 * Notifies (one notice a person, never the actor): each person filling a role,
 * "task_assigned", linking their tasks in the new project.
 * Returns 0; TEMPLATE_NOT_FOUND (no such template); TEMPLATE_REFUSED with out's problems; -1.
 */
int template_use(struct ctx *c, long long id, const struct template_use *u, long long *pid,
		 struct problems *out);

#endif
