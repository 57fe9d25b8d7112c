/* plan.c - planning state changes (domain layer): the team, milestones, tasks and their dependencies, no HTTP. */
#include "domain/plan.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/db.h"
#include "domain/notify_who.h"
#include "domain/outbox.h"
#include "domain/plan_calc.h"
#include "domain/survey.h"
#include "domain/workcal.h"

#include <jansson.h>
#include <string.h>

int plan_on_team(struct ctx *c, long long pid, long long uid)
{
	struct db_res *u;

	if (db_query(c->db, c->arena, ST_PLAN_ON_PROJECT, &u, "iii", uid, pid, pid))
		return -1;
	return u->nrows == 1;
}

/* Lock project pid's row (ST_PLAN_PROJECT_LOCK) into *p: 0, PLAN_NOT_FOUND or -1. */
static int project_lock(struct ctx *c, long long pid, struct db_res **p)
{
	if (db_query(c->db, c->arena, ST_PLAN_PROJECT_LOCK, p, "i", pid))
		return -1;
	return (*p)->nrows == 1 ? 0 : PLAN_NOT_FOUND;
}

/* ------------------------------------------------------------ the team */

int plan_member_add(struct ctx *c, long long pid, long long uid, const char **why)
{
	struct db_res *p, *u;
	int rc;

	*why = NULL;
	if ((rc = project_lock(c, pid, &p)))
		return rc;
	if (db_query(c->db, c->arena, ST_PLAN_STAFF_GET, &u, "i", uid))
		return -1;
	if (u->nrows != 1) {
		*why = "Team member must be an active staff user.";
		return PLAN_REFUSED;
	}
	return db_exec(c->db, ST_PLAN_MEMBER_ADD, "ii", pid, uid) < 0 ? -1 : 0;
}

int plan_member_remove(struct ctx *c, long long pid, long long uid)
{
	struct db_res *p;
	long long n;
	int rc;

	if ((rc = project_lock(c, pid, &p)))
		return rc;
	/* their open tasks go back to "unassigned": an assignee is always on the project */
	if (db_exec(c->db, ST_PLAN_MEMBER_UNASSIGN, "ii", pid, uid) < 0 ||
	    (n = db_exec(c->db, ST_PLAN_MEMBER_DEL, "ii", pid, uid)) < 0)
		return -1;
	return n == 0 ? PLAN_NOT_FOUND : 0;
}

/* ------------------------------------------------------------ milestones */

int plan_milestone_create(struct ctx *c, long long pid, const char *name, const char *due_date,
			  int client_visible, long long *id)
{
	struct db_res *p;
	int rc;

	if ((rc = project_lock(c, pid, &p)))
		return rc;
	if (db_exec(c->db, ST_MS_INSERT, "issi", pid, name, due_date, (long long)client_visible) != 1)
		return -1;
	*id = db_insert_id(c->db);
	return 0;
}

int plan_milestone_update(struct ctx *c, long long id, const char *name, const char *due_date,
			  int client_visible)
{
	struct db_res *m;

	/* the UPDATE counts changed rows only: whether it exists is asked first */
	if (db_query(c->db, c->arena, ST_MS_GET, &m, "i", id))
		return -1;
	if (m->nrows != 1)
		return PLAN_NOT_FOUND;
	return db_exec(c->db, ST_MS_UPDATE, "ssii", name, due_date, (long long)client_visible, id) < 0
		       ? -1 : 0;
}

int plan_milestone_reach(struct ctx *c, long long id)
{
	struct db_res *m;
	long long pid, client, n;
	int visible;

	if ((n = db_exec(c->db, ST_MS_REACH, "ni", c->actor_id, id)) < 0)
		return -1;
	/* read after the UPDATE: the row it locked, as this transaction left it */
	if (db_query(c->db, c->arena, ST_MS_GET, &m, "i", id))
		return -1;
	if (m->nrows != 1)
		return PLAN_NOT_FOUND;
	if (n == 0)
		return PLAN_UNCHANGED;
	pid = db_cell_int(m, 0, MS_GET_PROJECT_ID);
	client = db_cell_int(m, 0, MS_GET_CLIENT_ID);
	visible = (int)db_cell_int(m, 0, MS_GET_CLIENT_VISIBLE);
	if (activity_add(c, client, pid, "milestone_reached", NULL, NULL, db_cell(m, 0, MS_GET_NAME), visible) ||
	    outbox_emit(c, EV_MILESTONE_REACHED, client, pid,
			json_pack("{s:{s:I, s:s, s:s, s:I, s:b}, s:I}", "milestone", "id",
				  (json_int_t)id, "name", db_cell(m, 0, MS_GET_NAME), "due_date",
				  db_cell(m, 0, MS_GET_DUE_DATE), "project_id", (json_int_t)pid, "client_visible",
				  visible, "reached_by", (json_int_t)c->actor_id)) ||
	    survey_send(c, pid, client, id))
		return -1;
	return 0;
}

/* ------------------------------------------------------------ tasks */

static const char *task_title(const struct db_res *all, long long id)
{
	for (size_t i = 0; i < all->nrows; i++)
		if (db_cell_int(all, i, TASK_DAYS_OF_PROJECT_ID) == id)
			return db_cell(all, i, TASK_DAYS_OF_PROJECT_TITLE);
	return NULL;
}

/* The project's dependency edges (ST_DEPS_OF_PROJECT), in the arena; their count in *n. NULL on
 * a database error. */
static struct plan_edge *edges_of(struct ctx *c, long long pid, size_t *n)
{
	struct db_res *edges;
	struct plan_edge *e;

	if (db_query(c->db, c->arena, ST_DEPS_OF_PROJECT, &edges, "i", pid))
		return NULL;
	e = arena_calloc(c->arena, edges->nrows + 1, sizeof(*e));
	for (size_t i = 0; i < edges->nrows; i++) {
		e[i].task = db_cell_int(edges, i, DEPS_OF_PROJECT_TASK_ID);
		e[i].on = db_cell_int(edges, i, DEPS_OF_PROJECT_DEPENDS_ON_ID);
	}
	*n = edges->nrows;
	return e;
}

int plan_task_check(struct ctx *c, long long pid, long long task, const struct plan_task_in *t,
		    struct problems *out)
{
	struct db_res *res, *all;

	if (t->start_date && t->due_date && strcmp(t->due_date, t->start_date) < 0)
		problem_add(out, "due_date", "Due date must be on or after the start date: a task cannot end before it starts.");
	if (t->assignee_id) {
		int on = plan_on_team(c, pid, t->assignee_id);
		if (on < 0)
			return -1;
		if (!on)
			problem_add(out, "assignee_id", "Assignee must be a member of this project.");
	}
	if (t->milestone_id) {
		if (db_query(c->db, c->arena, ST_MS_CHECK, &res, "ii", t->milestone_id, pid))
			return -1;
		if (res->nrows != 1)
			problem_add(out, "milestone_id", "Milestone must be one of this project's milestones.");
	}
	if (!t->ndeps)
		return 0;
	if (db_query(c->db, c->arena, ST_TASK_DAYS_OF_PROJECT, &all, "i", pid))
		return -1;
	for (size_t i = 0; i < t->ndeps; i++)
		if (t->deps[i] != task && !task_title(all, t->deps[i])) {
			problem_add(out, NULL, arena_printf(c->arena, "Depends on: task #%lld is not a task of this project.", t->deps[i]));
			return 0;
		}
	if (task) {
		struct plan_edge *e;
		size_t ne;
		long long path[8];
		int len;

		if (!(e = edges_of(c, pid, &ne)))
			return -1;
		len = plan_find_cycle(e, ne, task, t->deps, t->ndeps, path, 8);
		if (len < 0)
			return -1;
		if (len == 1) {
			problem_add(out, NULL, "A task cannot depend on itself.");
		} else if (len > 1) {
			struct buf b = BUF_INIT;
			const char *first = task_title(all, path[0]);

			buf_addf(&b, "Depending on \u201c%s\u201d would make a cycle: ", first ? first : "?");
			for (int i = 0; i < len; i++) {
				const char *s = task_title(all, path[i]);
				buf_addf(&b, "%s%s", i ? " \u2192 " : "", s ? s : "?");
			}
			buf_adds(&b, " depends on this task.");
			problem_add(out, NULL, arena_strdup(c->arena, b.data));
			buf_release(&b);
		}
	}
	return 0;
}

/* Replace the task's dependencies (fresh: a task just inserted, which has none to clear);
 * each INSERT checks the other task is in pid. 0 or -1. */
static int write_deps(struct ctx *c, long long task, long long pid, const long long *deps, size_t n,
		      int fresh)
{
	if (!fresh && db_exec(c->db, ST_DEP_CLEAR, "i", task) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (db_exec(c->db, ST_DEP_ADD, "iii", task, deps[i], pid) != 1)
			return -1;
	return 0;
}

/*
 * Tell of task id of project pid as saved (t): its assignee when newly set or changed
 * ("task_assigned"), and each person of the project's team whom its description newly
 * @mentions ("mention": not mentioned by old_desc already); one notice a person, the
 * assignment first; never the actor. old_assignee and old_desc: the task before the save (0
 * and NULL for a new task). 0, or -1.
 */
static int tell_task(struct ctx *c, long long pid, long long id, const struct plan_task_in *t,
		     long long old_assignee, const char *old_desc)
{
	struct notify_list l, now, before;
	struct notify_project p;
	struct db_res *team;
	const char *who;

	notify_list_init(&l, c->arena);
	if (t->assignee_id != old_assignee)
		notify_list_add(&l, t->assignee_id, NK_TASK_ASSIGNED);
	if (t->description && strchr(t->description, '@')) {
		if (db_query(c->db, c->arena, ST_NOTIFY_TEAM, &team, "ii", pid, pid))
			return -1;
		notify_list_init(&now, c->arena);
		notify_list_init(&before, c->arena);
		notify_list_mentions(&now, t->description, (const struct db_res *const *)&team, 1, NA_STAFF);
		notify_list_mentions(&before, old_desc, (const struct db_res *const *)&team, 1, NA_STAFF);
		for (size_t i = 0; i < now.n; i++)
			if (!notify_list_has(&before, now.user[i]))
				notify_list_add(&l, now.user[i], NK_MENTION);
	}
	if (!l.n)
		return 0;
	if (notify_project(c, pid, &p))
		return -1;
	who = notify_actor_name(c);
	for (size_t i = 0; i < l.n; i++) {
		struct notice n = {
			.kind = l.kind[i], .user_id = l.user[i], .client_id = p.client_id,
			.project_id = pid, .link = arena_printf(c->arena, "/tasks/%lld", id),
			.text = l.kind[i] == NK_TASK_ASSIGNED
				? arena_printf(c->arena, "%s assigned you \u201c%s\u201d (%s).", who,
					       t->title, p.name)
				: arena_printf(c->arena, "%s mentioned you in the task \u201c%s\u201d (%s): %s",
					       who, t->title, p.name,
					       notify_excerpt(c->arena, t->description, 160)),
		};
		if (notify(c, &n) < 0)
			return -1;
	}
	return 0;
}

int plan_task_create(struct ctx *c, long long pid, const struct plan_task_in *t, long long *id,
		     struct problems *out)
{
	struct db_res *p;
	int rc;

	if ((rc = project_lock(c, pid, &p)))
		return rc;
	if (plan_task_check(c, pid, 0, t, out))
		return -1;
	if (out->n)
		return PLAN_REFUSED;
	if (db_exec(c->db, ST_TASK_INSERT, "inssnssii", pid, t->milestone_id, t->title,
		    t->description, t->assignee_id, t->start_date, t->due_date, t->estimate_minutes,
		    (long long)t->client_visible) != 1)
		return -1;
	*id = db_insert_id(c->db);
	if (write_deps(c, *id, pid, t->deps, t->ndeps, 1) ||
	    activity_add(c, db_cell_int(p, 0, PLAN_PROJECT_LOCK_CLIENT_ID), pid, "task_planned", NULL,
			 NULL, t->title, t->client_visible) ||
	    tell_task(c, pid, *id, t, 0, NULL))
		return -1;
	return 0;
}

int plan_task_update(struct ctx *c, long long id, const struct plan_task_in *t,
		     struct problems *out)
{
	struct db_res *task, *p;
	long long pid;
	int rc;

	/* a task never changes project: its id is read before the project is locked */
	if (db_query(c->db, c->arena, ST_TASK_GET, &task, "i", id))
		return -1;
	if (task->nrows != 1)
		return PLAN_NOT_FOUND;
	pid = db_cell_int(task, 0, TASK_GET_PROJECT_ID);
	if ((rc = project_lock(c, pid, &p)))
		return rc;
	if (plan_task_check(c, pid, id, t, out))
		return -1;
	if (out->n)
		return PLAN_REFUSED;
	if (db_exec(c->db, ST_TASK_UPDATE, "nssnssiii", t->milestone_id, t->title, t->description,
		    t->assignee_id, t->start_date, t->due_date, t->estimate_minutes,
		    (long long)t->client_visible, id) < 0 ||
	    write_deps(c, id, pid, t->deps, t->ndeps, 0) ||
	    tell_task(c, pid, id, t, db_cell_int(task, 0, TASK_GET_ASSIGNEE_ID),
		      db_cell(task, 0, TASK_GET_DESCRIPTION)))
		return -1;
	return 0;
}

/* Tell the assignee of each unfinished task that depends on task t (a row of ST_TASK_LOCK), now
 * done ("dependency_done", one notice per dependant task). 0, or -1. */
static int tell_dependants(struct ctx *c, const struct db_res *t)
{
	long long pid = db_cell_int(t, 0, TASK_LOCK_PROJECT_ID);
	struct notify_project p;
	struct db_res *deps;

	if (db_query(c->db, c->arena, ST_NOTIFY_DEPENDANTS, &deps, "i", db_cell_int(t, 0, TASK_LOCK_ID)))
		return -1;
	if (!deps->nrows)
		return 0;
	if (notify_project(c, pid, &p))
		return -1;
	for (size_t i = 0; i < deps->nrows; i++) {
		struct notice n = {
			.kind = NK_DEPENDENCY_DONE,
			.user_id = db_cell_int(deps, i, NOTIFY_DEPENDANTS_ASSIGNEE_ID),
			.client_id = p.client_id, .project_id = pid,
			.link = arena_printf(c->arena, "/tasks/%lld", db_cell_int(deps, i, NOTIFY_DEPENDANTS_ID)),
			.text = arena_printf(c->arena, "\u201c%s\u201d is done: your task \u201c%s\u201d"
					     " depends on it (%s).", db_cell(t, 0, TASK_LOCK_TITLE),
					     db_cell(deps, i, NOTIFY_DEPENDANTS_TITLE), p.name),
		};
		if (notify(c, &n) < 0)
			return -1;
	}
	return 0;
}

int plan_task_set_status(struct ctx *c, long long id, const char *to, int any)
{
	struct db_res *t;
	long long pid, client;
	const char *from;
	int visible;

	if (db_query(c->db, c->arena, ST_TASK_LOCK, &t, "i", id))
		return -1;
	if (t->nrows != 1)
		return PLAN_NOT_FOUND;
	pid = db_cell_int(t, 0, TASK_LOCK_PROJECT_ID);
	from = db_cell(t, 0, TASK_LOCK_STATUS);
	visible = (int)db_cell_int(t, 0, TASK_LOCK_CLIENT_VISIBLE);
	client = db_cell_int(t, 0, TASK_LOCK_CLIENT_ID);
	/* PMs and admins move any task; a team member only the tasks assigned to them */
	if (!any && db_cell_int(t, 0, TASK_LOCK_ASSIGNEE_ID) != c->actor_id)
		return PLAN_FORBIDDEN;
	if (!strcmp(from, to))
		return PLAN_UNCHANGED;
	if (db_exec(c->db, ST_TASK_SET_STATUS, "sni", to, c->actor_id, id) != 1)
		return -1;
	if (!strcmp(to, "done") &&
	    (activity_add(c, client, pid, "task_completed", NULL, NULL, db_cell(t, 0, TASK_LOCK_TITLE), visible) ||
	     outbox_emit(c, EV_TASK_COMPLETED, client, pid,
			 json_pack("{s:{s:I, s:s, s:I, s:b}, s:I, s:s}", "task", "id", (json_int_t)id,
				   "title", db_cell(t, 0, TASK_LOCK_TITLE), "project_id", (json_int_t)pid,
				   "client_visible", visible, "completed_by",
				   (json_int_t)c->actor_id, "from", from)) ||
	     tell_dependants(c, t)))
		return -1;
	return 0;
}

int plan_task_shift(struct ctx *c, long long id, int *moved)
{
	struct db_res *t, *p, *days;
	struct plan_task *tasks;
	struct workcal cal;
	struct plan_edge *e;
	size_t ne;
	long long pid;
	int n;

	*moved = 0;
	if (db_query(c->db, c->arena, ST_TASK_GET, &t, "i", id))
		return -1;
	if (t->nrows != 1)
		return PLAN_NOT_FOUND;
	pid = db_cell_int(t, 0, TASK_GET_PROJECT_ID);
	/* the project row serialises plan changes while the dates are read and moved */
	if (db_query(c->db, c->arena, ST_PLAN_PROJECT_LOCK, &p, "i", pid) || p->nrows != 1 ||
	    db_query(c->db, c->arena, ST_TASK_DAYS_OF_PROJECT, &days, "i", pid) ||
	    !(e = edges_of(c, pid, &ne)) || workcal_load(c, &cal))
		return -1;
	tasks = arena_calloc(c->arena, days->nrows + 1, sizeof(*tasks));
	for (size_t i = 0; i < days->nrows; i++) {
		tasks[i].id = db_cell_int(days, i, TASK_DAYS_OF_PROJECT_ID);
		tasks[i].start = (long)db_cell_int(days, i, TASK_DAYS_OF_PROJECT_START_DAY);
		tasks[i].due = (long)db_cell_int(days, i, TASK_DAYS_OF_PROJECT_DUE_DAY);
	}
	n = plan_shift_cal(tasks, days->nrows, e, ne, id, &cal);
	if (n < 0)
		return -1;
	for (size_t i = 0; i < days->nrows; i++)
		if (tasks[i].moved && db_exec(c->db, ST_TASK_SET_DAYS, "iiii", (long long)tasks[i].start,
					      (long long)tasks[i].due, tasks[i].id, pid) != 1)
			return -1;
	if (n && activity_add(c, db_cell_int(p, 0, PLAN_PROJECT_LOCK_CLIENT_ID), pid, "tasks_rescheduled", NULL, NULL,
			      arena_printf(c->arena, "%d task%s moved to start after \u201c%s\u201d ends.",
					   n, n == 1 ? "" : "s", db_cell(t, 0, TASK_GET_TITLE)), 0))
		return -1;
	*moved = n;
	return 0;
}
