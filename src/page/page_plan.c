/* page_plan.c - project members, milestones, tasks with dependencies, the baseline, and /me. */
#include "core/array.h"
#include "page/page_plan.h"
#include "page/plan_view.h"
#include "web/page_util.h"
#include "domain/vocab.h"
#include "domain/outbox.h"
#include "domain/plan_calc.h"
#include "web/render.h"
#include "domain/survey.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ESTIMATE (10000LL * 60)   /* ten thousand hours */
#define MAX_DEPS 50                    /* dependencies of one task */

const char *const plan_task_statuses[] = { "todo", "doing", "blocked", "done", NULL };

static const struct vfield member_fields[] = {
	{ "user_id", "Team member", V_ID, 1, 0, 0, NULL },
};
static const struct vfield milestone_fields[] = {
	{ "name", "Name", V_LINE, 1, 0, 200, NULL },
	{ "due_date", "Due date", V_DATE, 1, 0, 0, NULL },
	{ "client_visible", "Visible to the client", V_BOOL, 0, 0, 0, NULL },
};
static const struct vfield task_fields[] = {
	{ "title", "Title", V_LINE, 1, 0, 200, NULL },
	{ "description", "Description", V_TEXT, 0, 0, 10000, NULL },
	{ "assignee_id", "Assignee", V_ID, 0, 0, 0, NULL },
	{ "milestone_id", "Milestone", V_ID, 0, 0, 0, NULL },
	{ "start_date", "Start date", V_DATE, 1, 0, 0, NULL },
	{ "due_date", "Due date", V_DATE, 1, 0, 0, NULL },
	{ "estimate_hours", "Estimate (hours)", V_HOURS, 0, 0, MAX_ESTIMATE, NULL },
	{ "client_visible", "Visible to the client", V_BOOL, 0, 0, 0, NULL },
};
#define NTASK ARRAY_SIZE(task_fields)
static const struct vfield status_fields[] = {
	{ "status", "Status", V_ENUM, 1, 0, 0, plan_task_statuses },
};

static int redirect_plan(struct req *r, long long pid, const char *flash)
{
	xml_flash_next(r, flash);
	return req_redirect(r, arena_printf(r->arena, "/projects/%lld/tasks", pid));
}

/* ------------------------------------------------------------ the plan page */

/* Tasks in milestone groups: one <group> per milestone run of the ordered list. */
static void task_groups(xmlNodePtr parent, const struct db_res *tasks)
{
	int cm = db_col(tasks, "milestone-id"), cn = db_col(tasks, "milestone-name");
	int cd = db_col(tasks, "milestone-due");
	const char *cur = "";
	xmlNodePtr g = NULL;

	for (size_t i = 0; i < tasks->nrows; i++) {
		const char *m = db_cell(tasks, i, (size_t)cm);
		if (!g || strcmp(m ? m : "", cur)) {
			cur = m ? m : "";
			g = xml_el(parent, "group");
			xml_attr(g, "milestone-id", m);
			xml_attr(g, "name", m ? db_cell(tasks, i, (size_t)cn) : NULL);
			xml_attr(g, "due-date", m ? db_cell(tasks, i, (size_t)cd) : NULL);
		}
		xml_row(g, "task", tasks, i);
	}
}

/* The plan page of project pid; with f, that form comes back (422). */
static int plan_page(struct req *r, long long pid, const struct form *f, int status)
{
	const char *st = page_query(r, "status");
	long long who = page_query_id(r, "assignee_id");
	struct db_res *p, *members, *staff, *ms, *tasks, *conf, *all;
	xmlNodePtr page, n;
	int rc;

	if (!vocab_in(plan_task_statuses, st))
		st = "";
	if ((rc = plan_project(r, pid, &p)))
		return rc;
	if (db_query(r->db, r->arena, ST_PLAN_MEMBERS, &members, "iii", pid, pid, pid) ||
	    db_query(r->db, r->arena, ST_PLAN_STAFF_OFF_TEAM, &staff, "ii", pid, pid) ||
	    db_query(r->db, r->arena, ST_MS_OF_PROJECT, &ms, "i", pid) ||
	    db_query(r->db, r->arena, ST_TASK_LIST, &tasks, "iiiss", pid, who, who, st, st) ||
	    db_query(r->db, r->arena, ST_DEP_CONFLICTS, &conf, "iii", pid, 0LL, 0LL) ||
	    db_query(r->db, r->arena, ST_TASK_DAYS_OF_PROJECT, &all, "i", pid))
		return 503;
	page = plan_page_of(r, p, "plan");
	n = xml_el(page, "filters");
	xml_attr(n, "status", st);
	xml_attr(n, "assignee-id", who ? arena_printf(r->arena, "%lld", who) : "");
	xml_rows(xml_el(page, "members"), "user", members);
	xml_rows(xml_el(page, "staff"), "user", staff);
	xml_rows(xml_el(page, "milestones"), "milestone", ms);
	n = xml_el(page, "groups");
	xml_attr_int(n, "count", (long long)tasks->nrows);
	task_groups(n, tasks);
	xml_rows(xml_el(page, "conflicts"), "conflict", conf);
	n = xml_el(page, "all-tasks");
	for (size_t i = 0; i < all->nrows; i++) {
		xmlNodePtr t = xml_el(n, "task");
		xml_attr(t, "id", db_cell(all, i, TASK_DAYS_OF_PROJECT_ID));
		xml_attr(t, "title", db_cell(all, i, TASK_DAYS_OF_PROJECT_TITLE));
	}
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_plan(struct req *r)
{
	return plan_page(r, r->ids[0], NULL, 200);
}

int page_me(struct req *r)
{
	struct db_res *tasks;
	xmlNodePtr page;

	if (db_query(r->db, r->arena, ST_TASKS_MINE, &tasks, "i", r->sess.user_id))
		return 503;
	page = xml_page(r, XSL_PLAN, "me", "My work");
	xml_rows(xml_el(page, "tasks"), "task", tasks);
	return 200;
}

/* ------------------------------------------------------------ members */

int page_member_add(struct req *r)
{
	long long pid = r->ids[0];
	struct db_res *p, *u;
	struct form f;
	int rc;

	if ((rc = plan_project(r, pid, &p)))
		return rc;
	if (!valid_form(r, &f, "member", member_fields, ARRAY_SIZE(member_fields))) {
		if (db_query(r->db, r->arena, ST_PLAN_STAFF_GET, &u, "i", valid_get(&f, "user_id")->i))
			return 503;
		if (u->nrows != 1)
			valid_error(&f, "user_id", "Team member must be an active staff user.");
	}
	if (f.nerr)
		return plan_page(r, pid, &f, 422);
	if (db_exec(r->db, ST_PLAN_MEMBER_ADD, "ii", pid, valid_get(&f, "user_id")->i) < 0)
		return 503;
	return redirect_plan(r, pid, "member_added");
}

int page_member_remove(struct req *r)
{
	long long pid = r->ids[0], uid = r->ids[1];
	struct db_res *p;
	long long n;
	int rc;

	if ((rc = plan_project(r, pid, &p)))
		return rc;
	if (db_begin(r->db))
		return 503;
	/* their open tasks go back to "unassigned": an assignee is always on the project */
	if (db_exec(r->db, ST_PLAN_MEMBER_UNASSIGN, "ii", pid, uid) < 0 ||
	    (n = db_exec(r->db, ST_PLAN_MEMBER_DEL, "ii", pid, uid)) < 0)
		goto fail;
	if (n == 0) {
		db_rollback(r->db);
		return 404;
	}
	if (db_commit(r->db))
		goto fail;
	return redirect_plan(r, pid, "member_removed");
fail:
	db_rollback(r->db);
	return 503;
}

/* ------------------------------------------------------------ milestones */

int page_milestone_create(struct req *r)
{
	long long pid = r->ids[0];
	struct db_res *p;
	struct form f;
	int rc;

	if ((rc = plan_project(r, pid, &p)))
		return rc;
	if (valid_form(r, &f, "milestone", milestone_fields, ARRAY_SIZE(milestone_fields)))
		return plan_page(r, pid, &f, 422);
	if (db_exec(r->db, ST_MS_INSERT, "issi", pid, valid_get(&f, "name")->s,
		    valid_get(&f, "due_date")->s, valid_get(&f, "client_visible")->i) != 1)
		return 503;
	return redirect_plan(r, pid, "milestone_created");
}

int page_milestone_update(struct req *r)
{
	struct db_res *m;
	struct form f;
	long long pid;
	int rc;

	if ((rc = page_one_row(r, ST_MS_GET, &m, "i", r->ids[0])))
		return rc;
	pid = db_cell_int(m, 0, MS_GET_PROJECT_ID);
	if (valid_form(r, &f, arena_printf(r->arena, "milestone-%lld", r->ids[0]), milestone_fields,
		       ARRAY_SIZE(milestone_fields)))
		return plan_page(r, pid, &f, 422);
	if (db_exec(r->db, ST_MS_UPDATE, "ssii", valid_get(&f, "name")->s, valid_get(&f, "due_date")->s,
		    valid_get(&f, "client_visible")->i, r->ids[0]) < 0)
		return 503;
	return redirect_plan(r, pid, "saved");
}

int page_milestone_reached(struct req *r)
{
	struct db_res *m;
	long long pid, client, n;
	int visible, rc;

	if ((rc = page_one_row(r, ST_MS_GET, &m, "i", r->ids[0])))
		return rc;
	pid = db_cell_int(m, 0, MS_GET_PROJECT_ID);
	client = db_cell_int(m, 0, MS_GET_CLIENT_ID);
	visible = (int)db_cell_int(m, 0, MS_GET_CLIENT_VISIBLE);
	if (db_begin(r->db))
		return 503;
	if ((n = db_exec(r->db, ST_MS_REACH, "ii", r->sess.user_id, r->ids[0])) < 0)
		goto fail;
	if (n == 0) {
		db_rollback(r->db);
		return redirect_plan(r, pid, "unchanged");
	}
	if (activity_add(&r->ctx, client, pid, "milestone_reached", NULL, NULL, db_cell(m, 0, MS_GET_NAME), visible) ||
	    outbox_emit(&r->ctx, EV_MILESTONE_REACHED, client, pid,
			json_pack("{s:{s:I, s:s, s:s, s:I, s:b}, s:I}", "milestone", "id",
				  (json_int_t)r->ids[0], "name", db_cell(m, 0, MS_GET_NAME), "due_date",
				  db_cell(m, 0, MS_GET_DUE_DATE), "project_id", (json_int_t)pid, "client_visible",
				  visible, "reached_by", (json_int_t)r->sess.user_id)) ||
	    survey_send(&r->ctx, pid, client, r->ids[0]) || db_commit(r->db))
		goto fail;
	return redirect_plan(r, pid, "milestone_reached");
fail:
	db_rollback(r->db);
	return 503;
}

/* ------------------------------------------------------------ tasks */

/* The depends_on values of the form: ids, deduplicated. -1 with a message on bad input. */
static int read_deps(struct req *r, struct form *f, long long **out, size_t *n)
{
	size_t cap = kv_count(&r->form, "depends_on");
	long long *deps = arena_calloc(r->arena, cap + 1, sizeof(*deps));

	*n = 0;
	*out = deps;
	for (size_t i = 0; i < r->form.n; i++) {
		const struct kv *kv = &r->form.v[i];
		char *end;
		long long v;
		int dup = 0;

		if (strcmp(kv->name, "depends_on") || !*kv->value)
			continue;
		errno = 0;
		v = strtoll(kv->value, &end, 10);
		if (errno || *end || v < 1) {
			valid_error(f, NULL, "Depends on must be chosen from this project's tasks.");
			return -1;
		}
		for (size_t k = 0; k < *n; k++)
			dup |= deps[k] == v;
		if (!dup)
			deps[(*n)++] = v;
	}
	if (*n > MAX_DEPS) {
		valid_error(f, NULL, "A task can depend on at most 50 others.");
		return -1;
	}
	return 0;
}

static const char *task_title(const struct db_res *all, long long id)
{
	for (size_t i = 0; i < all->nrows; i++)
		if (db_cell_int(all, i, TASK_DAYS_OF_PROJECT_ID) == id)
			return db_cell(all, i, TASK_DAYS_OF_PROJECT_TITLE);
	return NULL;
}

/*
 * Checks of a task form that need the database: dates in order, the
 * assignee on the project, the milestone and every dependency of this
 * project, and no dependency cycle. task is 0 for a new task.
 * Returns f->nerr, or -1 on a database failure.
 */
static int check_task(struct req *r, struct form *f, long long pid, long long task,
		      const long long *deps, size_t ndeps)
{
	const struct vvalue *start = valid_get(f, "start_date"), *due = valid_get(f, "due_date");
	const struct vvalue *who = valid_get(f, "assignee_id"), *ms = valid_get(f, "milestone_id");
	struct db_res *res, *all, *edges;

	if (start->present && due->present && strcmp(due->s, start->s) < 0)
		valid_error(f, "due_date", "Due date must be on or after the start date: a task cannot end before it starts.");
	if (who->present && who->i) {
		int on = plan_on_project(r, pid, who->i);
		if (on < 0)
			return -1;
		if (!on)
			valid_error(f, "assignee_id", "Assignee must be a member of this project.");
	}
	if (ms->present && ms->i) {
		if (db_query(r->db, r->arena, ST_MS_CHECK, &res, "ii", ms->i, pid))
			return -1;
		if (res->nrows != 1)
			valid_error(f, "milestone_id", "Milestone must be one of this project's milestones.");
	}
	if (!ndeps)
		return f->nerr;
	if (db_query(r->db, r->arena, ST_TASK_DAYS_OF_PROJECT, &all, "i", pid))
		return -1;
	for (size_t i = 0; i < ndeps; i++)
		if (deps[i] != task && !task_title(all, deps[i])) {
			valid_error(f, NULL, arena_printf(r->arena, "Depends on: task #%lld is not a task of this project.", deps[i]));
			return f->nerr;
		}
	if (task) {
		struct plan_edge *e;
		long long path[8];
		int len;

		if (db_query(r->db, r->arena, ST_DEPS_OF_PROJECT, &edges, "i", pid))
			return -1;
		e = arena_calloc(r->arena, edges->nrows + 1, sizeof(*e));
		for (size_t i = 0; i < edges->nrows; i++) {
			e[i].task = db_cell_int(edges, i, DEPS_OF_PROJECT_TASK_ID);
			e[i].on = db_cell_int(edges, i, DEPS_OF_PROJECT_DEPENDS_ON_ID);
		}
		len = plan_find_cycle(e, edges->nrows, task, deps, ndeps, path, 8);
		if (len < 0)
			return -1;
		if (len == 1) {
			valid_error(f, NULL, "A task cannot depend on itself.");
		} else if (len > 1) {
			struct buf b = BUF_INIT;
			buf_addf(&b, "Depending on \u201c%s\u201d would make a cycle: ", task_title(all, path[0]));
			for (int i = 0; i < len; i++) {
				const char *t = task_title(all, path[i]);
				buf_addf(&b, "%s%s", i ? " \u2192 " : "", t ? t : "?");
			}
			buf_adds(&b, " depends on this task.");
			valid_error(f, NULL, arena_strdup(r->arena, b.data));
			buf_release(&b);
		}
	}
	return f->nerr;
}

/* The form's depends_on values, kept in the <form-state> of a 422. */
static void deps_to_xml(struct req *r, const long long *deps, size_t n)
{
	xmlNodePtr st = r->page ? r->page->last : NULL;

	if (!st || strcmp((const char *)st->name, "form-state"))
		return;
	for (size_t i = 0; i < n; i++)
		xml_attr(xml_text(st, "value", arena_printf(r->arena, "%lld", deps[i])), "name", "depends_on");
}

/* Replace the task's dependencies; each INSERT checks the other task is in pid. 0 or -1. */
static int write_deps(struct req *r, long long task, long long pid, const long long *deps, size_t n)
{
	if (db_exec(r->db, ST_DEP_CLEAR, "i", task) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (db_exec(r->db, ST_DEP_ADD, "iii", task, deps[i], pid) != 1)
			return -1;
	return 0;
}

int page_task_create(struct req *r)
{
	long long pid = r->ids[0], id, *deps, client;
	struct db_res *p;
	struct form f;
	size_t ndeps = 0;
	int rc;

	if ((rc = plan_project(r, pid, &p)))
		return rc;
	client = db_cell_int(p, 0, PROJECT_GET_CLIENT_ID);
	valid_form(r, &f, "task", task_fields, NTASK);
	if (read_deps(r, &f, &deps, &ndeps) == 0 && check_task(r, &f, pid, 0, deps, ndeps) < 0)
		return 503;
	if (f.nerr) {
		rc = plan_page(r, pid, &f, 422);
		deps_to_xml(r, deps, ndeps);
		return rc;
	}
	if (db_begin(r->db))
		return 503;
	if (db_exec(r->db, ST_TASK_INSERT, "inssnssii", pid, valid_get(&f, "milestone_id")->i,
		    valid_get(&f, "title")->s, valid_get(&f, "description")->s,
		    valid_get(&f, "assignee_id")->i, valid_get(&f, "start_date")->s,
		    valid_get(&f, "due_date")->s, valid_get(&f, "estimate_hours")->i,
		    valid_get(&f, "client_visible")->i) != 1)
		goto fail;
	id = db_insert_id(r->db);
	if (write_deps(r, id, pid, deps, ndeps) ||
	    activity_add(&r->ctx, client, pid, "task_planned", NULL, NULL, valid_get(&f, "title")->s,
			 (int)valid_get(&f, "client_visible")->i) ||
	    db_commit(r->db))
		goto fail;
	return redirect_plan(r, pid, "task_created");
fail:
	db_rollback(r->db);
	return 503;
}

/* The task page; with f, the edit form comes back (422). */
static int task_page(struct req *r, long long id, const struct form *f, int status)
{
	struct db_res *t, *deps, *members, *ms, *conf, *all;
	xmlNodePtr page, n;
	long long pid;
	int rc;

	if ((rc = page_one_row(r, ST_TASK_GET, &t, "i", id)))
		return rc;
	pid = db_cell_int(t, 0, TASK_GET_PROJECT_ID);
	if (db_query(r->db, r->arena, ST_DEPS_OF_TASK, &deps, "i", id) ||
	    db_query(r->db, r->arena, ST_PLAN_MEMBERS, &members, "iii", pid, pid, pid) ||
	    db_query(r->db, r->arena, ST_MS_OF_PROJECT, &ms, "i", pid) ||
	    db_query(r->db, r->arena, ST_DEP_CONFLICTS, &conf, "iii", pid, 0LL, 0LL) ||
	    db_query(r->db, r->arena, ST_TASK_DAYS_OF_PROJECT, &all, "i", pid))
		return 503;
	page = xml_page(r, XSL_PLAN, "task", db_cell(t, 0, TASK_GET_TITLE));
	n = xml_row(page, "task", t, 0);
	{
		long long minutes = db_cell_int(t, 0, TASK_GET_ESTIMATE_MINUTES);
		xml_attr(n, "estimate-input", minutes ? page_decimal2(r, (minutes * 100 + 30) / 60) : "");
	}
	xml_rows(xml_el(page, "depends-on"), "task", deps);
	xml_rows(xml_el(page, "members"), "user", members);
	xml_rows(xml_el(page, "milestones"), "milestone", ms);
	/* conflicts that involve this task: dependants starting too early, or itself */
	n = xml_el(page, "conflicts");
	for (size_t i = 0; i < conf->nrows; i++) {
		if (db_cell_int(conf, i, DEP_CONFLICTS_ON_ID) == id)
			xml_row(n, "dependant", conf, i);
		else if (db_cell_int(conf, i, DEP_CONFLICTS_ID) == id)
			xml_row(n, "predecessor", conf, i);
	}
	n = xml_el(page, "all-tasks");
	for (size_t i = 0; i < all->nrows; i++) {
		xmlNodePtr x;
		if (db_cell_int(all, i, TASK_DAYS_OF_PROJECT_ID) == id)
			continue;
		x = xml_el(n, "task");
		xml_attr(x, "id", db_cell(all, i, TASK_DAYS_OF_PROJECT_ID));
		xml_attr(x, "title", db_cell(all, i, TASK_DAYS_OF_PROJECT_TITLE));
	}
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_task_view(struct req *r)
{
	return task_page(r, r->ids[0], NULL, 200);
}

int page_task_update(struct req *r)
{
	long long id = r->ids[0], pid, *deps;
	struct db_res *t;
	struct form f;
	size_t ndeps = 0;
	int rc;

	if ((rc = page_one_row(r, ST_TASK_GET, &t, "i", id)))
		return rc;
	pid = db_cell_int(t, 0, TASK_GET_PROJECT_ID);
	valid_form(r, &f, "task", task_fields, NTASK);
	if (read_deps(r, &f, &deps, &ndeps) == 0 && check_task(r, &f, pid, id, deps, ndeps) < 0)
		return 503;
	if (f.nerr) {
		rc = task_page(r, id, &f, 422);
		deps_to_xml(r, deps, ndeps);
		return rc;
	}
	if (db_begin(r->db))
		return 503;
	if (db_exec(r->db, ST_TASK_UPDATE, "nssnssiii", valid_get(&f, "milestone_id")->i,
		    valid_get(&f, "title")->s, valid_get(&f, "description")->s,
		    valid_get(&f, "assignee_id")->i, valid_get(&f, "start_date")->s,
		    valid_get(&f, "due_date")->s, valid_get(&f, "estimate_hours")->i,
		    valid_get(&f, "client_visible")->i, id) < 0 ||
	    write_deps(r, id, pid, deps, ndeps) || db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "saved");
	return req_redirect(r, arena_printf(r->arena, "/tasks/%lld", id));
}

int page_task_status(struct req *r)
{
	long long id = r->ids[0], pid, client, assignee;
	struct db_res *t;
	struct form f;
	const char *to, *from;
	int visible;

	if (valid_form(r, &f, "status", status_fields, ARRAY_SIZE(status_fields)))
		return task_page(r, id, &f, 422);
	to = valid_get(&f, "status")->s;
	if (db_begin(r->db))
		return 503;
	if (db_query(r->db, r->arena, ST_TASK_LOCK, &t, "i", id))
		goto fail;
	if (t->nrows != 1) {
		db_rollback(r->db);
		return 404;
	}
	pid = db_cell_int(t, 0, TASK_LOCK_PROJECT_ID);
	from = db_cell(t, 0, TASK_LOCK_STATUS);
	assignee = db_cell_int(t, 0, TASK_LOCK_ASSIGNEE_ID);
	visible = (int)db_cell_int(t, 0, TASK_LOCK_CLIENT_VISIBLE);
	client = db_cell_int(t, 0, TASK_LOCK_CLIENT_ID);
	/* PMs and admins move any task; a team member only the tasks assigned to them */
	if (!plan_can_manage(r) && assignee != r->sess.user_id) {
		db_rollback(r->db);
		return 403;
	}
	if (!strcmp(from, to)) {
		db_rollback(r->db);
		xml_flash_next(r, "unchanged");
		return req_redirect(r, arena_printf(r->arena, "/tasks/%lld", id));
	}
	if (db_exec(r->db, ST_TASK_SET_STATUS, "sii", to, r->sess.user_id, id) != 1)
		goto fail;
	if (!strcmp(to, "done") &&
	    (activity_add(&r->ctx, client, pid, "task_completed", NULL, NULL, db_cell(t, 0, TASK_LOCK_TITLE), visible) ||
	     outbox_emit(&r->ctx, EV_TASK_COMPLETED, client, pid,
			 json_pack("{s:{s:I, s:s, s:I, s:b}, s:I, s:s}", "task", "id", (json_int_t)id,
				   "title", db_cell(t, 0, TASK_LOCK_TITLE), "project_id", (json_int_t)pid,
				   "client_visible", visible, "completed_by",
				   (json_int_t)r->sess.user_id, "from", from))))
		goto fail;
	if (db_commit(r->db))
		goto fail;
	xml_flash_next(r, "task_status");
	return req_redirect(r, arena_printf(r->arena, "/tasks/%lld", id));
fail:
	db_rollback(r->db);
	return 503;
}

int page_task_shift(struct req *r)
{
	long long id = r->ids[0], pid;
	struct db_res *t, *p, *days, *edges;
	struct plan_task *tasks;
	struct plan_edge *e;
	int moved, rc;

	if ((rc = page_one_row(r, ST_TASK_GET, &t, "i", id)))
		return rc;
	pid = db_cell_int(t, 0, TASK_GET_PROJECT_ID);
	if (db_begin(r->db))
		return 503;
	/* the project row serialises plan changes while the dates are read and moved */
	if (db_query(r->db, r->arena, ST_PLAN_PROJECT_LOCK, &p, "i", pid) ||
	    db_query(r->db, r->arena, ST_TASK_DAYS_OF_PROJECT, &days, "i", pid) ||
	    db_query(r->db, r->arena, ST_DEPS_OF_PROJECT, &edges, "i", pid))
		goto fail;
	tasks = arena_calloc(r->arena, days->nrows + 1, sizeof(*tasks));
	e = arena_calloc(r->arena, edges->nrows + 1, sizeof(*e));
	for (size_t i = 0; i < days->nrows; i++) {
		tasks[i].id = db_cell_int(days, i, TASK_DAYS_OF_PROJECT_ID);
		tasks[i].start = (long)db_cell_int(days, i, TASK_DAYS_OF_PROJECT_START_DAY);
		tasks[i].due = (long)db_cell_int(days, i, TASK_DAYS_OF_PROJECT_DUE_DAY);
	}
	for (size_t i = 0; i < edges->nrows; i++) {
		e[i].task = db_cell_int(edges, i, DEPS_OF_PROJECT_TASK_ID);
		e[i].on = db_cell_int(edges, i, DEPS_OF_PROJECT_DEPENDS_ON_ID);
	}
	moved = plan_shift(tasks, days->nrows, e, edges->nrows, id);
	if (moved < 0)
		goto fail;
	for (size_t i = 0; i < days->nrows; i++)
		if (tasks[i].moved && db_exec(r->db, ST_TASK_SET_DAYS, "iiii", (long long)tasks[i].start,
					      (long long)tasks[i].due, tasks[i].id, pid) != 1)
			goto fail;
	if (moved && activity_add(&r->ctx, db_cell_int(p, 0, PLAN_PROJECT_LOCK_CLIENT_ID), pid, "tasks_rescheduled", NULL, NULL,
				  arena_printf(r->arena, "%d task%s moved to start after \u201c%s\u201d ends.",
					       moved, moved == 1 ? "" : "s", db_cell(t, 0, TASK_GET_TITLE)), 0))
		goto fail;
	if (db_commit(r->db))
		goto fail;
	xml_flash_next(r, moved ? "tasks_shifted" : "unchanged");
	return req_redirect(r, arena_printf(r->arena, "/tasks/%lld", id));
fail:
	db_rollback(r->db);
	return 503;
}
