/* page_delay.c - a project's delays waiting on the client: the page, marking a task or milestone
 * as waiting, clearing it (issue 16). The task page's form posts here too (back=task). */
#include "page/page_delay.h"
#include "page/delay_view.h"
#include "core/array.h"
#include "core/arena.h"
#include "core/xml.h"
#include "domain/delay.h"
#include "web/frame.h"
#include "web/page_util.h"
#include "web/render.h"
#include "web/valid.h"

#include <string.h>

static const char *const backs[] = { "task", "delays", NULL };

static const struct vfield mark_fields[] = {
	{ "task_id", "Task", V_ID, 0, 0, 0, NULL },
	{ "milestone_id", "Milestone", V_ID, 0, 0, 0, NULL },
	{ "what", "Waiting for", V_LINE, 1, 1, DELAY_WHAT_MAX, NULL },
	{ "since", "Waiting since", V_DATE, 0, 0, 0, NULL },
	{ "back", "Back to", V_ENUM, 0, 0, 0, backs },
};
static const struct vfield clear_fields[] = {
	{ "task_id", "Task", V_ID, 0, 0, 0, NULL },
	{ "milestone_id", "Milestone", V_ID, 0, 0, 0, NULL },
	{ "back", "Back to", V_ENUM, 0, 0, 0, backs },
};

/* The delays page of project p (ST_PROJECT_GET row); with f, that form comes back (422). */
static int delays_page(struct req *r, const struct db_res *p, const struct form *f, int status)
{
	long long pid = db_cell_int(p, 0, PROJECT_GET_ID);
	struct db_res *tasks, *ms;
	xmlNodePtr page, n;

	if (db_query(r->db, r->arena, ST_DELAY_CHOICE_TASKS, &tasks, "i", pid) ||
	    db_query(r->db, r->arena, ST_DELAY_CHOICE_MILESTONES, &ms, "i", pid))
		return 503;
	page = xml_page(r, XSL_WORKLOAD, "delays", db_cell(p, 0, PROJECT_GET_NAME));
	xml_row(page, "project", p, 0);
	if (delay_view_project(r, page, pid, 1))
		return 503;
	n = xml_el(page, "choices");
	xml_rows(xml_el(n, "tasks"), "task", tasks);
	xml_rows(xml_el(n, "milestones"), "milestone", ms);
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_delays(struct req *r)
{
	struct db_res *p;
	int rc;

	if ((rc = page_one_row(r, ST_PROJECT_GET, &p, "i", r->ids[0])))
		return rc;
	return delays_page(r, p, NULL, 200);
}

/* Which item form f names: DELAY_TASK or DELAY_MILESTONE with *id, or -1 with the message on f
 * (neither or both). */
static int item_of(struct form *f, long long *id)
{
	const struct vvalue *t = valid_get(f, "task_id"), *m = valid_get(f, "milestone_id");

	if (t->present && m->present) {
		valid_error(f, "task_id", "Choose a task or a milestone, not both.");
		return -1;
	}
	if (!t->present && !m->present) {
		if (!f->err[0] && !f->err[1])
			valid_error(f, "task_id", "Choose the task or the milestone that waits.");
		return -1;
	}
	*id = t->present ? t->i : m->i;
	return t->present ? DELAY_TASK : DELAY_MILESTONE;
}

/* After a mark or a clear of item id (on): back to the task's page when asked from there, else
 * to the project's delays. */
static int done(struct req *r, const struct form *f, long long pid, int on, long long id, const char *flash)
{
	const struct vvalue *b = valid_get(f, "back");

	xml_flash_next(r, flash);
	if (on == DELAY_TASK && b->present && !strcmp(b->s, "task"))
		return req_redirect(r, arena_printf(r->arena, "/tasks/%lld", id));
	return req_redirect(r, arena_printf(r->arena, "/projects/%lld/delays", pid));
}

/* The domain's answer rc to the page: 0 saved; 422 with f's messages; 503. */
static int answer(struct form *f, int rc, int on, const struct problems *probs)
{
	if (rc == DELAY_NOT_FOUND) {
		valid_error(f, on == DELAY_TASK ? "task_id" : "milestone_id",
			    on == DELAY_TASK ? "Choose a task of this project." : "Choose a milestone of this project.");
		rc = DELAY_REFUSED;
	}
	for (int i = 0; i < probs->n; i++)
		valid_error(f, probs->v[i].field, probs->v[i].msg);
	return rc == DELAY_REFUSED ? 422 : rc ? 503 : 0;
}

int page_delay_mark(struct req *r)
{
	long long pid = r->ids[0], id = 0, wait_id;
	struct problems probs = { 0 };
	struct db_res *p;
	struct form f;
	int rc, on;

	if ((rc = page_one_row(r, ST_PROJECT_GET, &p, "i", pid)))
		return rc;
	valid_form(r, &f, "wait", mark_fields, ARRAY_SIZE(mark_fields));
	on = item_of(&f, &id);
	if (f.nerr || on < 0)
		return delays_page(r, p, &f, 422);
	if (db_begin(r->db))
		return 503;
	rc = delay_mark(&r->ctx, (enum delay_on)on, id, pid, valid_get(&f, "what")->s, valid_get(&f, "since")->s,
			&probs, &wait_id);
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		if ((rc = answer(&f, rc ? rc : -1, on, &probs)) == 422)
			return delays_page(r, p, &f, 422);
		return rc;
	}
	return done(r, &f, pid, on, id, "wait_marked");
}

int page_delay_clear(struct req *r)
{
	long long pid = r->ids[0], id = 0;
	struct problems probs = { 0 };
	struct db_res *p;
	struct form f;
	int rc, on;

	if ((rc = page_one_row(r, ST_PROJECT_GET, &p, "i", pid)))
		return rc;
	valid_form(r, &f, "clear", clear_fields, ARRAY_SIZE(clear_fields));
	on = item_of(&f, &id);
	if (f.nerr || on < 0)
		return delays_page(r, p, &f, 422);
	if (db_begin(r->db))
		return 503;
	rc = delay_clear(&r->ctx, (enum delay_on)on, id, pid, &probs);
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		if ((rc = answer(&f, rc ? rc : -1, on, &probs)) == 422)
			return delays_page(r, p, &f, 422);
		return rc;
	}
	return done(r, &f, pid, on, id, "wait_cleared");
}
