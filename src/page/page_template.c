/* page_template.c - project templates: the list, one template and its edit forms, saving a
 * project's plan as a template, and a new project from a template (domain/template.c). */
#include "core/array.h"
#include "core/db.h"
#include "core/xml.h"
#include "domain/template.h"
#include "domain/vocab.h"
#include "page/page_template.h"
#include "page/closure_view.h"
#include "web/frame.h"
#include "web/page_util.h"
#include "web/render.h"
#include "web/valid.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ESTIMATE (10000LL * 60)      /* ten thousand hours, as a project's task */
#define OFFSET_RANGE 1000000LL           /* what the form reads as a number: the domain says
					  * what is too far or before the start */

static const struct vfield template_fields[] = {
	{ "name", "Name", V_LINE, 1, 1, 200, NULL },
	{ "description", "Description", V_TEXT, 0, 0, 5000, NULL },
};
static const struct vfield delete_fields[] = {
	{ "confirm", "Delete this template and everything in it", V_BOOL, 0, 0, 0, NULL },
};
static const struct vfield task_fields[] = {
	{ "title", "Title", V_LINE, 1, 1, 200, NULL },
	{ "role_id", "Role", V_ID, 0, 0, 0, NULL },
	{ "milestone_id", "Milestone", V_ID, 0, 0, 0, NULL },
	{ "start_offset", "Start (working days after the project's start)", V_INT, 1, -OFFSET_RANGE, OFFSET_RANGE, NULL },
	{ "duration", "Duration (working days)", V_INT, 1, -OFFSET_RANGE, OFFSET_RANGE, NULL },
	{ "estimate_hours", "Estimate (hours)", V_HOURS, 0, 0, MAX_ESTIMATE, NULL },
	{ "client_visible", "Visible to the client", V_BOOL, 0, 0, 0, NULL },
};
static const struct vfield ms_fields[] = {
	{ "name", "Name", V_LINE, 1, 1, 200, NULL },
	{ "day_offset", "Due (working days after the project's start)", V_INT, 1, -OFFSET_RANGE, OFFSET_RANGE, NULL },
	{ "client_visible", "Visible to the client", V_BOOL, 0, 0, 0, NULL },
};
static const struct vfield role_fields[] = {
	{ "name", "Role", V_LINE, 1, 1, TEMPLATE_ROLE_MAX, NULL },
};

/* The domain's problems on form f, each on its field (or the form). */
static void problems_to_form(struct form *f, const struct problems *p)
{
	for (int i = 0; i < p->n; i++)
		valid_error(f, p->v[i].field, p->v[i].msg);
}

static int redirect(struct req *r, const char *flash, const char *to)
{
	xml_flash_next(r, flash);
	return req_redirect(r, to);
}

/* ------------------------------------------------------------ the list */

int page_template_list(struct req *r)
{
	struct db_res *t;
	xmlNodePtr page, n;

	if (db_query(r->db, r->arena, ST_TPL_LIST, &t, ""))
		return 503;
	page = xml_page(r, XSL_TEMPLATES, "template-list", "Project templates");
	n = xml_el(page, "templates");
	xml_attr_int(n, "count", (long long)t->nrows);
	xml_rows(n, "template", t);
	return 200;
}

/* ------------------------------------------------------------ one template */

/* A task's estimate as the form shows it: decimal hours ("1.5"), "" for none. */
static const char *hours_input(struct req *r, long long minutes)
{
	return minutes ? page_decimal2(r, (minutes * 100 + 30) / 60) : "";
}

/* The tasks of a template under parent: one <task> each with its predecessors as <after id
 * title/> (read from the list itself, not per row from the database); the task current, when
 * it is one of them, marked current="1". 1 when current is there, else 0. */
static int task_rows(struct req *r, xmlNodePtr parent, const struct db_res *t, long long current)
{
	int found = 0;

	xml_attr_int(parent, "count", (long long)t->nrows);
	for (size_t i = 0; i < t->nrows; i++) {
		xmlNodePtr n = xml_row(parent, "task", t, i);
		const char *deps = db_cell(t, i, TPL_TASK_LIST_DEPENDS_ON);
		long long start = db_cell_int(t, i, TPL_TASK_LIST_START_OFFSET);

		if (db_cell_int(t, i, TPL_TASK_LIST_ID) == current) {
			xml_attr(n, "current", "1");
			found = 1;
		}
		xml_attr_int(n, "end-offset", start + db_cell_int(t, i, TPL_TASK_LIST_DURATION) - 1);
		xml_attr(n, "estimate-input", hours_input(r, db_cell_int(t, i, TPL_TASK_LIST_ESTIMATE_MINUTES)));
		for (const char *p = deps; p && *p;) {
			char *end;
			long long id;

			errno = 0;
			id = strtoll(p, &end, 10);
			if (errno || end == p)
				break;
			for (size_t k = 0; k < t->nrows; k++)
				if (db_cell_int(t, k, TPL_TASK_LIST_ID) == id) {
					xmlNodePtr a = xml_el(n, "after");
					xml_attr_int(a, "id", id);
					xml_attr(a, "title", db_cell(t, k, TPL_TASK_LIST_TITLE));
				}
			p = *end == ',' ? end + 1 : end;
		}
	}
	return found;
}

/* The template page of id; with f, that form comes back (status 422). */
static int template_page(struct req *r, long long id, const struct form *f, int status)
{
	struct db_res *t, *roles, *ms, *tasks, *kpis, *risks;
	xmlNodePtr page;
	int rc;

	if ((rc = page_one_row(r, ST_TPL_GET, &t, "i", id)))
		return rc;
	if (db_query(r->db, r->arena, ST_TPL_ROLES, &roles, "i", id) ||
	    db_query(r->db, r->arena, ST_TPL_MS_LIST, &ms, "i", id) ||
	    db_query(r->db, r->arena, ST_TPL_TASK_LIST, &tasks, "i", id) ||
	    db_query(r->db, r->arena, ST_TPL_KPI_LIST, &kpis, "i", id) ||
	    db_query(r->db, r->arena, ST_TPL_RISK_LIST, &risks, "i", id))
		return 503;
	page = xml_page(r, XSL_TEMPLATES, "template", db_cell(t, 0, TPL_GET_NAME));
	xml_row(page, "template", t, 0);
	xml_rows(xml_el(page, "roles"), "role", roles);
	xml_rows(xml_el(page, "milestones"), "milestone", ms);
	task_rows(r, xml_el(page, "tasks"), tasks, 0);
	xml_rows(xml_el(page, "kpis"), "kpi", kpis);
	xml_rows(xml_el(page, "risks"), "risk", risks);
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_template_view(struct req *r)
{
	return template_page(r, r->ids[0], NULL, 200);
}

/* The answer to a template edit after the domain's result rc (in an open transaction): the
 * flash and the template page, the form again with the problems (422), 404 or 503. */
static int edit_done(struct req *r, int rc, struct form *f, const struct problems *p,
		     const char *flash)
{
	long long id = r->ids[0];

	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		if (rc == TEMPLATE_REFUSED) {
			problems_to_form(f, p);
			return template_page(r, id, f, 422);
		}
		return rc == TEMPLATE_NOT_FOUND ? 404 : 503;
	}
	return redirect(r, flash, arena_printf(r->arena, "/templates/%lld", id));
}

int page_template_update(struct req *r)
{
	struct problems p = { 0 };
	struct form f;

	if (valid_form(r, &f, "template", template_fields, ARRAY_SIZE(template_fields)))
		return template_page(r, r->ids[0], &f, 422);
	if (db_begin(r->db))
		return 503;
	return edit_done(r, template_update(&r->ctx, r->ids[0], valid_get(&f, "name")->s,
					    valid_get(&f, "description")->s, &p), &f, &p, "saved");
}

int page_template_delete(struct req *r)
{
	struct form f;
	int rc;

	valid_form(r, &f, "delete", delete_fields, ARRAY_SIZE(delete_fields));
	if (!f.nerr && !valid_get(&f, "confirm")->i)
		valid_error(&f, "confirm", "Tick the box to confirm: the template and everything in it"
					   " are deleted for good (projects made from it keep their plans).");
	if (f.nerr)
		return template_page(r, r->ids[0], &f, 422);
	if (db_begin(r->db))
		return 503;
	if ((rc = template_delete(&r->ctx, r->ids[0])) || db_commit(r->db)) {
		db_rollback(r->db);
		return rc == TEMPLATE_NOT_FOUND ? 404 : 503;
	}
	return redirect(r, "template_deleted", "/templates");
}

/* The edit page of task r->ids[1] of template r->ids[0]; with f, its form comes back. */
static int task_page(struct req *r, const struct form *f, int status)
{
	long long id = r->ids[0], task = r->ids[1];
	struct db_res *t, *roles, *ms, *tasks;
	xmlNodePtr page;
	int rc;

	if ((rc = page_one_row(r, ST_TPL_GET, &t, "i", id)))
		return rc;
	if (db_query(r->db, r->arena, ST_TPL_ROLES, &roles, "i", id) ||
	    db_query(r->db, r->arena, ST_TPL_MS_LIST, &ms, "i", id) ||
	    db_query(r->db, r->arena, ST_TPL_TASK_LIST, &tasks, "i", id))
		return 503;
	page = xml_page(r, XSL_TEMPLATES, "template-task", db_cell(t, 0, TPL_GET_NAME));
	xml_row(page, "template", t, 0);
	xml_rows(xml_el(page, "roles"), "role", roles);
	xml_rows(xml_el(page, "milestones"), "milestone", ms);
	/* all of them, the one edited marked: its form offers the others' days beside it */
	if (!task_rows(r, xml_el(page, "tasks"), tasks, task))
		return 404;
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_template_task(struct req *r)
{
	return task_page(r, NULL, 200);
}

int page_template_task_update(struct req *r)
{
	struct problems p = { 0 };
	struct template_task_in t;
	struct form f;
	int rc;

	if (valid_form(r, &f, "task", task_fields, ARRAY_SIZE(task_fields)))
		return task_page(r, &f, 422);
	t = (struct template_task_in){
		.title = valid_get(&f, "title")->s,
		.role_id = valid_get(&f, "role_id")->i,
		.milestone_id = valid_get(&f, "milestone_id")->i,
		.start_offset = valid_get(&f, "start_offset")->i,
		.duration = valid_get(&f, "duration")->i,
		.estimate_minutes = valid_get(&f, "estimate_hours")->i,
		.client_visible = (int)valid_get(&f, "client_visible")->i,
	};
	if (db_begin(r->db))
		return 503;
	rc = template_task_update(&r->ctx, r->ids[0], r->ids[1], &t, &p);
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		if (rc == TEMPLATE_REFUSED) {
			problems_to_form(&f, &p);
			return task_page(r, &f, 422);
		}
		return rc == TEMPLATE_NOT_FOUND ? 404 : 503;
	}
	return redirect(r, "saved", arena_printf(r->arena, "/templates/%lld#tasks", r->ids[0]));
}

int page_template_ms_update(struct req *r)
{
	struct problems p = { 0 };
	struct form f;

	if (valid_form(r, &f, arena_printf(r->arena, "milestone-%lld", r->ids[1]), ms_fields,
		       ARRAY_SIZE(ms_fields)))
		return template_page(r, r->ids[0], &f, 422);
	if (db_begin(r->db))
		return 503;
	return edit_done(r, template_milestone_update(&r->ctx, r->ids[0], r->ids[1],
						      valid_get(&f, "name")->s,
						      valid_get(&f, "day_offset")->i,
						      (int)valid_get(&f, "client_visible")->i, &p),
			 &f, &p, "saved");
}

int page_template_role_update(struct req *r)
{
	struct problems p = { 0 };
	struct form f;

	if (valid_form(r, &f, arena_printf(r->arena, "role-%lld", r->ids[1]), role_fields,
		       ARRAY_SIZE(role_fields)))
		return template_page(r, r->ids[0], &f, 422);
	if (db_begin(r->db))
		return 503;
	return edit_done(r, template_role_rename(&r->ctx, r->ids[0], r->ids[1],
						 valid_get(&f, "name")->s, &p), &f, &p, "saved");
}

/* Remove one part of the template with fn. */
static int part_delete(struct req *r, int (*fn)(struct ctx *, long long, long long),
		       const char *anchor)
{
	int rc;

	if (db_begin(r->db))
		return 503;
	if ((rc = fn(&r->ctx, r->ids[0], r->ids[1])) || db_commit(r->db)) {
		db_rollback(r->db);
		return rc == TEMPLATE_NOT_FOUND ? 404 : 503;
	}
	return redirect(r, "template_part_removed",
			arena_printf(r->arena, "/templates/%lld#%s", r->ids[0], anchor));
}

int page_template_task_delete(struct req *r)
{
	return part_delete(r, template_task_delete, "tasks");
}

int page_template_ms_delete(struct req *r)
{
	return part_delete(r, template_milestone_delete, "milestones");
}

int page_template_kpi_delete(struct req *r)
{
	return part_delete(r, template_kpi_delete, "kpis");
}

int page_template_risk_delete(struct req *r)
{
	return part_delete(r, template_risk_delete, "risks");
}

/* ------------------------------------------------------------ saving a project's plan */

/* The form's fields: the template's own and role_<user id> for each person in people. */
static struct vfield *save_fields(struct req *r, const struct db_res *people, size_t *n)
{
	struct vfield *f = arena_calloc(r->arena, people->nrows + 2, sizeof(*f));

	f[0] = template_fields[0];
	f[1] = template_fields[1];
	for (size_t i = 0; i < people->nrows; i++)
		f[2 + i] = (struct vfield){
			arena_printf(r->arena, "role_%s", db_cell(people, i, TPL_SRC_PEOPLE_ID)),
			arena_printf(r->arena, "Role of %s", db_cell(people, i, TPL_SRC_PEOPLE_NAME)),
			V_LINE, 0, 0, TEMPLATE_ROLE_MAX, NULL,
		};
	*n = people->nrows + 2;
	return f;
}

/* The save form for project pid; with f, it comes back (422). Each person gets a suggested
 * role: their own role's label ("Project manager", "Team member"), numbered when two share it. */
static int save_page(struct req *r, long long pid, const struct form *f, int status)
{
	struct db_res *p, *people, *tasks, *ms;
	xmlNodePtr page, list;
	const char **given;
	int rc;

	if ((rc = page_one_row(r, ST_PROJECT_GET, &p, "i", pid)))
		return rc;
	if (db_query(r->db, r->arena, ST_TPL_SRC_PEOPLE, &people, "i", pid) ||
	    db_query(r->db, r->arena, ST_TPL_SRC_TASKS, &tasks, "i", pid) ||
	    db_query(r->db, r->arena, ST_TPL_SRC_MILESTONES, &ms, "i", pid))
		return 503;
	page = xml_page(r, XSL_TEMPLATES, "template-save", "Save as a template");
	xml_row(page, "project", p, 0);
	list = xml_el(page, "people");
	xml_attr_int(list, "tasks", (long long)tasks->nrows);
	xml_attr_int(list, "milestones", (long long)ms->nrows);
	given = arena_calloc(r->arena, people->nrows + 1, sizeof(*given));
	for (size_t i = 0; i < people->nrows; i++) {
		const char *label = vocab_role(vocab_role_parse(db_cell(people, i, TPL_SRC_PEOPLE_ROLE)))->label;
		const char *name = label;
		int same = 1;

		for (size_t k = 0; k < i; k++)
			if (!strncmp(given[k], label, strlen(label)))
				same++;
		if (same > 1)
			name = arena_printf(r->arena, "%s %d", label, same);
		given[i] = name;
		xml_attr(xml_row(list, "person", people, i), "suggested-role", name);
	}
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_template_save_form(struct req *r)
{
	return save_page(r, r->ids[0], NULL, 200);
}

int page_template_save(struct req *r)
{
	long long pid = r->ids[0], id = 0;
	struct template_person *people;
	struct problems p = { 0 };
	struct template_new t;
	struct db_res *src;
	struct vfield *fields;
	size_t n;
	struct form f;
	int rc;

	if ((rc = page_one_row(r, ST_PROJECT_GET, &src, "i", pid)))
		return rc;
	if (db_query(r->db, r->arena, ST_TPL_SRC_PEOPLE, &src, "i", pid))
		return 503;
	fields = save_fields(r, src, &n);
	if (valid_form(r, &f, "template", fields, n))
		return save_page(r, pid, &f, 422);
	people = arena_calloc(r->arena, src->nrows + 1, sizeof(*people));
	for (size_t i = 0; i < src->nrows; i++)
		people[i] = (struct template_person){ db_cell_int(src, i, TPL_SRC_PEOPLE_ID),
						      valid_get(&f, fields[2 + i].name)->s };
	t = (struct template_new){ valid_get(&f, "name")->s, valid_get(&f, "description")->s,
				   people, src->nrows };
	if (db_begin(r->db))
		return 503;
	rc = template_save(&r->ctx, pid, &t, &id, &p);
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		if (rc == TEMPLATE_REFUSED) {
			problems_to_form(&f, &p);
			return save_page(r, pid, &f, 422);
		}
		return rc == TEMPLATE_NOT_FOUND ? 404 : 503;
	}
	return redirect(r, "template_saved", arena_printf(r->arena, "/templates/%lld", id));
}

/* ------------------------------------------------------------ a project from a template */

static const struct vfield use_fields[] = {
	{ "client_id", "Client", V_ID, 1, 0, 0, NULL },
	{ "name", "Project name", V_LINE, 1, 1, 200, NULL },
	{ "code", "Code", V_LINE, 0, 0, 32, NULL },
	{ "pm_id", "Project manager", V_ID, 0, 0, 0, NULL },
	{ "start_date", "Start date", V_DATE, 1, 0, 0, NULL },
	{ "currency", "Currency", V_ENUM, 1, 0, 0, vocab_currencies },
};
#define NUSE ARRAY_SIZE(use_fields)

/* The form's fields: use_fields and role_<role id> for each role that has tasks. */
static struct vfield *use_form_fields(struct req *r, const struct db_res *roles, size_t *n)
{
	struct vfield *f = arena_calloc(r->arena, roles->nrows + NUSE, sizeof(*f));

	memcpy(f, use_fields, sizeof(use_fields));
	*n = NUSE;
	for (size_t i = 0; i < roles->nrows; i++)
		if (db_cell_int(roles, i, TPL_ROLES_TASKS))
			f[(*n)++] = (struct vfield){
				arena_printf(r->arena, "role_%s", db_cell(roles, i, TPL_ROLES_ID)),
				db_cell(roles, i, TPL_ROLES_NAME), V_ID, 0, 0, 0, NULL,
			};
	return f;
}

/* The form for a project from template id; with f, it comes back (422). */
static int use_page(struct req *r, long long id, const struct form *f, int status)
{
	struct db_res *t, *roles, *clients, *pms, *staff;
	xmlNodePtr page, n;
	long long client = page_query_id(r, "client_id");
	int rc;

	if ((rc = page_one_row(r, ST_TPL_GET, &t, "i", id)))
		return rc;
	if (db_query(r->db, r->arena, ST_TPL_ROLES, &roles, "i", id) ||
	    db_query(r->db, r->arena, ST_CLIENT_NAMES, &clients, "") ||
	    db_query(r->db, r->arena, ST_PM_LIST, &pms, "") ||
	    db_query(r->db, r->arena, ST_TPL_STAFF, &staff, ""))
		return 503;
	page = xml_page(r, XSL_TEMPLATES, "template-use", db_cell(t, 0, TPL_GET_NAME));
	xml_row(page, "template", t, 0);
	n = xml_el(page, "roles");
	for (size_t i = 0; i < roles->nrows; i++)
		if (db_cell_int(roles, i, TPL_ROLES_TASKS))
			xml_row(n, "role", roles, i);
	xml_rows(xml_el(page, "clients"), "client", clients);
	xml_rows(xml_el(page, "pms"), "user", pms);
	xml_rows(xml_el(page, "staff"), "user", staff);
	n = xml_el(page, "currencies");
	for (const char *const *c = vocab_currencies; *c; c++)
		xml_attr(xml_el(n, "currency"), "code", *c);
	if (client)
		xml_attr_int(xml_el(page, "preset"), "client-id", client);
	/* issue 16: what projects made from this template, and the client's, taught */
	if (closure_template_lessons_xml(r, page, id) ||
	    ((client || f) && closure_client_lessons_xml(r, page, client ? client : valid_get(f, "client_id")->i)))
		return 503;
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_template_use_form(struct req *r)
{
	return use_page(r, r->ids[0], NULL, 200);
}

int page_template_use(struct req *r)
{
	long long id = r->ids[0], pid = 0;
	struct template_fill *fills;
	struct problems p = { 0 };
	struct template_use u;
	struct vfield *fields;
	struct db_res *t, *roles;
	struct form f;
	size_t n, nfills = 0;
	int rc, bad;

	if ((rc = page_one_row(r, ST_TPL_GET, &t, "i", id)))
		return rc;
	if (db_query(r->db, r->arena, ST_TPL_ROLES, &roles, "i", id))
		return 503;
	fields = use_form_fields(r, roles, &n);
	bad = valid_form(r, &f, "use", fields, n);
	fills = arena_calloc(r->arena, n + 1, sizeof(*fills));
	for (size_t i = NUSE; i < n; i++)
		fills[nfills++] = (struct template_fill){ strtoll(fields[i].name + 5, NULL, 10),
							  valid_get(&f, fields[i].name)->i };
	u = (struct template_use){
		.client_id = valid_get(&f, "client_id")->i,
		.name = valid_get(&f, "name")->s,
		.code = valid_get(&f, "code")->s,
		.pm_id = valid_get(&f, "pm_id")->i,
		.start_date = valid_get(&f, "start_date")->s,
		.currency = valid_get(&f, "currency")->s,
		.fills = fills, .nfills = nfills,
	};
	if (bad)
		return use_page(r, id, &f, 422);
	if (db_begin(r->db))
		return 503;
	rc = template_use(&r->ctx, id, &u, &pid, &p);
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		if (rc == TEMPLATE_REFUSED) {
			problems_to_form(&f, &p);
			return use_page(r, id, &f, 422);
		}
		return rc == TEMPLATE_NOT_FOUND ? 404 : 503;
	}
	return redirect(r, "project_from_template", arena_printf(r->arena, "/projects/%lld", pid));
}
