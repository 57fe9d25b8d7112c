/* page_plan.c - project members, milestones, tasks with dependencies, the baseline, and /me. */
#include "core/array.h"
#include "page/page_plan.h"
#include "page/plan_view.h"
#include "page/delay_view.h"
#include "page/workload_view.h"
#include "web/page_util.h"
#include "domain/plan.h"
#include "domain/vocab.h"
#include "web/render.h"
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

/* A date of the task form f coming back (NULL: another form, or the date was refused). */
static const char *task_form_date(const struct form *f, const char *name)
{
	return f && !strcmp(f->id, "task") ? valid_get(f, name)->s : NULL;
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
	/* issue 16: the team's load beside the assignee choice (the form's dates when it comes
	 * back, else this week), and what waits on the client */
	if (workload_view_assignees(r, page, pid, task_form_date(f, "start_date"), task_form_date(f, "due_date")) ||
	    delay_view_project(r, page, pid, 0))
		return 503;
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
	struct db_res *p;
	struct form f;
	const char *why;
	int rc;

	if ((rc = plan_project(r, pid, &p)))
		return rc;
	if (valid_form(r, &f, "member", member_fields, ARRAY_SIZE(member_fields)))
		return plan_page(r, pid, &f, 422);
	if (db_begin(r->db))
		return 503;
	rc = plan_member_add(&r->ctx, pid, valid_get(&f, "user_id")->i, &why);
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		if (rc != PLAN_REFUSED)
			return rc == PLAN_NOT_FOUND ? 404 : 503;
		valid_error(&f, "user_id", why);
		return plan_page(r, pid, &f, 422);
	}
	return redirect_plan(r, pid, "member_added");
}

int page_member_remove(struct req *r)
{
	long long pid = r->ids[0];
	struct db_res *p;
	int rc;

	if ((rc = plan_project(r, pid, &p)))
		return rc;
	if (db_begin(r->db))
		return 503;
	rc = plan_member_remove(&r->ctx, pid, r->ids[1]);
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		return rc == PLAN_NOT_FOUND ? 404 : 503;
	}
	return redirect_plan(r, pid, "member_removed");
}

/* ------------------------------------------------------------ milestones */

int page_milestone_create(struct req *r)
{
	long long pid = r->ids[0], id;
	struct db_res *p;
	struct form f;
	int rc;

	if ((rc = plan_project(r, pid, &p)))
		return rc;
	if (valid_form(r, &f, "milestone", milestone_fields, ARRAY_SIZE(milestone_fields)))
		return plan_page(r, pid, &f, 422);
	if (db_begin(r->db))
		return 503;
	rc = plan_milestone_create(&r->ctx, pid, valid_get(&f, "name")->s, valid_get(&f, "due_date")->s,
				   (int)valid_get(&f, "client_visible")->i, &id);
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		return rc == PLAN_NOT_FOUND ? 404 : 503;
	}
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
	if (db_begin(r->db))
		return 503;
	rc = plan_milestone_update(&r->ctx, r->ids[0], valid_get(&f, "name")->s,
				   valid_get(&f, "due_date")->s, (int)valid_get(&f, "client_visible")->i);
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		return rc == PLAN_NOT_FOUND ? 404 : 503;
	}
	return redirect_plan(r, pid, "saved");
}

int page_milestone_reached(struct req *r)
{
	struct db_res *m;
	long long pid;
	int rc;

	if ((rc = page_one_row(r, ST_MS_GET, &m, "i", r->ids[0])))
		return rc;
	pid = db_cell_int(m, 0, MS_GET_PROJECT_ID);
	if (db_begin(r->db))
		return 503;
	rc = plan_milestone_reach(&r->ctx, r->ids[0]);
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		if (rc == PLAN_UNCHANGED)
			return redirect_plan(r, pid, "unchanged");
		return rc == PLAN_NOT_FOUND ? 404 : 503;
	}
	return redirect_plan(r, pid, "milestone_reached");
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

/* The task of form f (a field the form refused reads as not given: no id, the text as typed). */
static struct plan_task_in task_in(const struct form *f, const long long *deps, size_t ndeps)
{
	return (struct plan_task_in){
		.title = valid_get(f, "title")->s,
		.description = valid_get(f, "description")->s,
		.assignee_id = valid_get(f, "assignee_id")->i,
		.milestone_id = valid_get(f, "milestone_id")->i,
		.start_date = valid_get(f, "start_date")->s,
		.due_date = valid_get(f, "due_date")->s,
		.estimate_minutes = valid_get(f, "estimate_hours")->i,
		.client_visible = (int)valid_get(f, "client_visible")->i,
		.deps = deps,
		.ndeps = ndeps,
	};
}

/*
 * Save the task of form f with dependencies deps: task_id 0 creates one on project pid (its id
 * in *id), else task task_id is saved. The domain checks it against the plan (plan_task_check)
 * in its transaction; on a form refused already the same checks run alone, so that every
 * problem shows at once. 0 (saved), 422 (f holds the messages), or a status (404, 503).
 */
static int task_save(struct req *r, struct form *f, long long pid, long long task_id,
		     const long long *deps, size_t ndeps, long long *id)
{
	struct problems probs = { 0 };
	struct plan_task_in t = task_in(f, deps, ndeps);
	int rc;

	if (f->nerr) {
		if (plan_task_check(&r->ctx, pid, task_id, &t, &probs))
			return 503;
		rc = PLAN_REFUSED;
	} else {
		if (db_begin(r->db))
			return 503;
		rc = task_id ? plan_task_update(&r->ctx, task_id, &t, &probs)
			     : plan_task_create(&r->ctx, pid, &t, id, &probs);
		if (rc || db_commit(r->db)) {
			db_rollback(r->db);
			if (rc != PLAN_REFUSED)
				return rc == PLAN_NOT_FOUND ? 404 : 503;
		}
	}
	if (rc == PLAN_REFUSED) {
		plan_problems_to_form(f, &probs);
		return 422;
	}
	return 0;
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

int page_task_create(struct req *r)
{
	long long pid = r->ids[0], id, *deps;
	struct db_res *p;
	struct form f;
	size_t ndeps = 0;
	int rc;

	if ((rc = plan_project(r, pid, &p)))
		return rc;
	valid_form(r, &f, "task", task_fields, NTASK);
	rc = read_deps(r, &f, &deps, &ndeps) ? 422 : task_save(r, &f, pid, 0, deps, ndeps, &id);
	if (rc == 422) {
		rc = plan_page(r, pid, &f, 422);
		deps_to_xml(r, deps, ndeps);
		return rc;
	}
	if (rc)
		return rc;
	return redirect_plan(r, pid, "task_created");
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
	/* issue 16: the team's load in the task's weeks (the form's when it comes back), its waits
	 * on the client */
	if (workload_view_assignees(r, page, pid,
				    task_form_date(f, "start_date") ? task_form_date(f, "start_date")
								    : db_cell(t, 0, TASK_GET_START_DATE),
				    task_form_date(f, "due_date") ? task_form_date(f, "due_date")
								  : db_cell(t, 0, TASK_GET_DUE_DATE)) ||
	    delay_view_item(r, page, DELAY_TASK, id))
		return 503;
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
	rc = read_deps(r, &f, &deps, &ndeps) ? 422 : task_save(r, &f, pid, id, deps, ndeps, NULL);
	if (rc == 422) {
		rc = task_page(r, id, &f, 422);
		deps_to_xml(r, deps, ndeps);
		return rc;
	}
	if (rc)
		return rc;
	xml_flash_next(r, "saved");
	return req_redirect(r, arena_printf(r->arena, "/tasks/%lld", id));
}

int page_task_status(struct req *r)
{
	long long id = r->ids[0];
	struct form f;
	int rc;

	if (valid_form(r, &f, "status", status_fields, ARRAY_SIZE(status_fields)))
		return task_page(r, id, &f, 422);
	if (db_begin(r->db))
		return 503;
	rc = plan_task_set_status(&r->ctx, id, valid_get(&f, "status")->s, plan_can_manage(r));
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		switch (rc) {
		case PLAN_NOT_FOUND:
			return 404;
		case PLAN_FORBIDDEN:
			return 403;
		case PLAN_UNCHANGED:
			xml_flash_next(r, "unchanged");
			return req_redirect(r, arena_printf(r->arena, "/tasks/%lld", id));
		default:
			return 503;
		}
	}
	xml_flash_next(r, "task_status");
	return req_redirect(r, arena_printf(r->arena, "/tasks/%lld", id));
}

int page_task_shift(struct req *r)
{
	long long id = r->ids[0];
	int moved, rc;

	if (db_begin(r->db))
		return 503;
	rc = plan_task_shift(&r->ctx, id, &moved);
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		return rc == PLAN_NOT_FOUND ? 404 : 503;
	}
	xml_flash_next(r, moved ? "tasks_shifted" : "unchanged");
	return req_redirect(r, arena_printf(r->arena, "/tasks/%lld", id));
}
