/* page_project.c - projects: list with filters, create, view, edit, stage and health changes. */
#include "core/array.h"
#include "core/db.h"
#include "page/closure_view.h"
#include "page/page_project.h"
#include "page/plan_view.h"
#include "page/delay_view.h"
#include "web/page_util.h"
#include "domain/vocab.h"
#include "domain/project.h"
#include "web/render.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BUDGET_MINUTES (1000000LL * 60)     /* a million hours */
#define MAX_BUDGET_AMOUNT 1000000000000000LL    /* ten trillion, in hundredths */
#define REPORT_DOCS 100LL                       /* newest documents listed by the report */

static const struct vfield project_fields[] = {
	{ "client_id", "Client", V_ID, 1, 0, 0, NULL },
	{ "name", "Name", V_LINE, 1, 0, 200, NULL },
	{ "code", "Code", V_LINE, 0, 0, 32, NULL },
	{ "pm_id", "Project manager", V_ID, 0, 0, 0, NULL },
	{ "start_date", "Start date", V_DATE, 0, 0, 0, NULL },
	{ "due_date", "Due date", V_DATE, 0, 0, 0, NULL },
	{ "budget_hours", "Budget (hours)", V_HOURS, 0, 0, MAX_BUDGET_MINUTES, NULL },
	{ "budget_amount", "Budget (money)", V_DECIMAL2, 0, 0, MAX_BUDGET_AMOUNT, NULL },
	{ "currency", "Currency", V_ENUM, 1, 0, 0, vocab_currencies },
	{ "scope", "Scope", V_TEXT, 0, 0, 20000, NULL },
	/* on create only (the edit form has no such fields; absent means keep) */
	{ "stage", "Stage", V_ENUM, 0, 0, 0, vocab_stages },
	{ "health", "Health", V_ENUM, 0, 0, 0, vocab_healths },
};
#define NPROJECT ARRAY_SIZE(project_fields)

static const struct vfield stage_fields[] = {
	{ "stage", "Stage", V_ENUM, 1, 0, 0, vocab_stages },
	{ "note", "Note", V_TEXT, 0, 0, 2000, NULL },
	/* the stage change is the client's to see; its note only when the PM ticks this */
	{ "client_visible", "Show the note to the client", V_BOOL, 0, 0, 0, NULL },
	/* issue 16: why the project closes with items still open (the closure page's form) */
	{ "reason", "Reason to close anyway", V_TEXT, 0, 0, 2000, NULL },
};
static const struct vfield health_fields[] = {
	{ "health", "Health", V_ENUM, 1, 0, 0, vocab_healths },
	{ "note", "Note", V_TEXT, 0, 0, 2000, NULL },
};

/* Checks that need the database or more than one field. Returns f->nerr, or -1. */
static int check_project(struct req *r, struct form *f)
{
	const struct vvalue *client = valid_get(f, "client_id"), *pm = valid_get(f, "pm_id");
	const struct vvalue *start = valid_get(f, "start_date"), *due = valid_get(f, "due_date");
	struct db_res *res;

	if (start->present && due->present && strcmp(due->s, start->s) < 0)
		valid_error(f, "due_date", "Due date must be on or after the start date.");
	if (client->present && client->i) {
		if (db_query(r->db, r->arena, ST_CLIENT_GET, &res, "i", client->i))
			return -1;
		if (res->nrows != 1)
			valid_error(f, "client_id", "Client must be chosen from the list.");
	}
	if (pm->present && pm->i) {
		if (db_query(r->db, r->arena, ST_PM_GET, &res, "i", pm->i))
			return -1;
		if (res->nrows != 1)
			valid_error(f, "pm_id", "Project manager must be an active PM or admin.");
	}
	return f->nerr;
}

/* The choices the project form offers: clients, PMs, currencies. */
static int form_choices(struct req *r, xmlNodePtr page)
{
	struct db_res *clients, *pms;
	xmlNodePtr cur;

	if (db_query(r->db, r->arena, ST_CLIENT_NAMES, &clients, "") ||
	    db_query(r->db, r->arena, ST_PM_LIST, &pms, ""))
		return -1;
	xml_rows(xml_el(page, "clients"), "client", clients);
	xml_rows(xml_el(page, "pms"), "user", pms);
	cur = xml_el(page, "currencies");
	for (const char *const *c = vocab_currencies; *c; c++)
		xml_attr(xml_el(cur, "currency"), "code", *c);
	return 0;
}

int page_project_list(struct req *r)
{
	const char *stage = page_query(r, "stage"), *health = page_query(r, "health");
	long long client = page_query_id(r, "client_id"), pg = page_number(r), total;
	struct db_res *res, *cnt, *clients;
	xmlNodePtr page, filt;

	/* a filter value that is not a choice filters nothing */
	if (!vocab_in(vocab_stages, stage))
		stage = "";
	if (!vocab_in(vocab_healths, health))
		health = "";
	if (db_query(r->db, r->arena, ST_PROJECT_COUNT, &cnt, "ssiiss", stage, stage, client, client,
		     health, health) ||
	    db_query(r->db, r->arena, ST_PROJECT_LIST, &res, "ssiissii", stage, stage, client, client,
		     health, health, (long long)PAGE_SIZE, (pg - 1) * PAGE_SIZE) ||
	    db_query(r->db, r->arena, ST_CLIENT_NAMES, &clients, ""))
		return 503;
	total = db_cell_int(cnt, 0, PROJECT_COUNT_N);
	page = xml_page(r, XSL_PROJECTS, "project-list", "Projects");
	filt = xml_el(page, "filters");
	xml_attr(filt, "stage", stage);
	xml_attr(filt, "health", health);
	xml_attr(filt, "client-id", client ? arena_printf(r->arena, "%lld", client) : "");
	xml_rows(xml_el(page, "clients"), "client", clients);
	xml_rows(xml_el(page, "projects"), "project", res);
	xml_pager(page, r, pg, PAGE_SIZE, total,
		  arena_printf(r->arena, "/projects?stage=%s&client_id=%s&health=%s&", stage,
			       client ? arena_printf(r->arena, "%lld", client) : "", health));
	return 200;
}

int page_project_new(struct req *r)
{
	xmlNodePtr page = xml_page(r, XSL_PROJECTS, "project-new", "New project");
	long long client = page_query_id(r, "client_id");
	struct db_res *c;

	if (form_choices(r, page))
		return 503;
	/* started from a client's page: that client preselected; an unknown id preselects nothing */
	if (client) {
		if (db_query(r->db, r->arena, ST_CLIENT_GET, &c, "i", client))
			return 503;
		if (c->nrows == 1) {
			xml_attr_int(xml_el(page, "preset"), "client-id", client);
			/* issue 16: what earlier projects for this client taught */
			if (closure_client_lessons_xml(r, page, client))
				return 503;
		}
	}
	return 200;
}

static int form_again(struct req *r, const struct form *f, const char *name, const char *title,
		      long long id)
{
	xmlNodePtr page = xml_page(r, XSL_PROJECTS, name, title);
	int rc;

	if (form_choices(r, page))
		return 503;
	if (id) {
		struct db_res *p;
		if ((rc = page_one_row(r, ST_PROJECT_GET, &p, "i", id)))
			return rc;
		xml_row(page, "project", p, 0);
	} else if (valid_get(f, "client_id")->i &&
		   closure_client_lessons_xml(r, page, valid_get(f, "client_id")->i)) {
		return 503; /* issue 16: the chosen client's lessons stay in view (none: no box) */
	}
	valid_to_xml(r, f);
	return 422;
}

/* The project form's values (valid) as the domain takes them; stage and health only when the
 * form has them (the create form). */
static struct project_new project_values(const struct form *f)
{
	return (struct project_new){
		.client_id = valid_get(f, "client_id")->i,
		.name = valid_get(f, "name")->s,
		.code = valid_get(f, "code")->s,
		.pm_id = valid_get(f, "pm_id")->i,
		.stage = valid_get(f, "stage")->present ? valid_get(f, "stage")->s : NULL,
		.health = valid_get(f, "health")->present ? valid_get(f, "health")->s : NULL,
		.start_date = valid_get(f, "start_date")->s,
		.due_date = valid_get(f, "due_date")->s,
		.budget_minutes = valid_get(f, "budget_hours")->i,
		.budget_amount = valid_get(f, "budget_amount")->i,
		.currency = valid_get(f, "currency")->s,
		.scope = valid_get(f, "scope")->s,
		.source = "tandem",
	};
}

int page_project_create(struct req *r)
{
	struct form f;
	struct project_new p;
	long long id;
	int bad;

	bad = valid_form(r, &f, "project", project_fields, NPROJECT);
	if (check_project(r, &f) < 0)
		return 503;
	if (bad || f.nerr)
		return form_again(r, &f, "project-new", "New project", 0);
	p = project_values(&f);
	if (db_begin(r->db))
		return 503;
	if (project_create(&r->ctx, &p, &id) || db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "project_created");
	return req_redirect(r, arena_printf(r->arena, "/projects/%lld", id));
}

/* The project page; with f set, the stage, health or a KPI form comes back. */
static int project_page(struct req *r, long long id, const struct form *f, int status)
{
	struct db_res *p, *act, *kpis;
	xmlNodePtr page;
	int rc;

	if ((rc = page_one_row(r, ST_PROJECT_GET, &p, "i", id)))
		return rc;
	if (db_query(r->db, r->arena, ST_ACTIVITY_OF_PROJECT, &act, "i", id) ||
	    db_query(r->db, r->arena, ST_KPI_LIST, &kpis, "i", id))
		return 503;
	page = xml_page(r, XSL_PROJECTS, "project", db_cell(p, 0, PROJECT_GET_NAME));
	xml_row(page, "project", p, 0);
	xml_rows(xml_el(page, "activity-list"), "activity", act);
	xml_rows(xml_el(page, "kpis"), "kpi", kpis);
	if (plan_project_summary(r, page, id) ||
	    delay_view_project(r, page, id, 0)) /* issue 16: days waited on the client */
		return 503;
	if (f)
		valid_to_xml(r, f);
	return status;
}

/* ------------------------------------------------------------ KPIs */

static const struct vfield kpi_fields[] = {
	{ "name", "KPI", V_LINE, 1, 1, 200, NULL },
	{ "target", "Target", V_LINE, 1, 1, 200, NULL },
	{ "actual", "Current value", V_LINE, 0, 0, 200, NULL },
};
#define NKPI ARRAY_SIZE(kpi_fields)

/* The answer to a KPI POST after the domain's result rc (0, PROJECT_UNCHANGED, or a failure:
 * rolled back): back to the project's KPIs with a flash. */
static int kpi_done(struct req *r, int rc, long long pid, const char *flash)
{
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		if (rc == PROJECT_NOT_FOUND)
			return 404;
		if (rc != PROJECT_UNCHANGED)
			return 503;
		flash = "unchanged";
	}
	xml_flash_next(r, flash);
	return req_redirect(r, arena_printf(r->arena, "/projects/%lld#kpis", pid));
}

/* POST /projects/{id}/kpis - add a KPI (name, target, current value). */
int page_kpi_create(struct req *r)
{
	long long pid = r->ids[0], id;
	struct form f;
	int rc;

	/* an unknown project is 404 before the form is read: project_page answers it */
	if (valid_form(r, &f, "kpi", kpi_fields, NKPI))
		return project_page(r, pid, &f, 422);
	if (db_begin(r->db))
		return 503;
	rc = project_kpi_add(&r->ctx, pid, valid_get(&f, "name")->s, valid_get(&f, "target")->s,
			     valid_get(&f, "actual")->s, &id);
	if (rc == PROJECT_KPI_FULL) {
		db_rollback(r->db);
		valid_error(&f, "name", "A project keeps at most 20 KPIs: remove one first.");
		return project_page(r, pid, &f, 422);
	}
	return kpi_done(r, rc, pid, "kpi_added");
}

/* POST /kpis/{id} - change a KPI; its form is "kpi-{id}" on the project page. */
int page_kpi_update(struct req *r)
{
	struct db_res *k;
	struct form f;
	long long pid = 0;
	int rc;

	if (valid_form(r, &f, arena_printf(r->arena, "kpi-%lld", r->ids[0]), kpi_fields, NKPI)) {
		/* the form goes back on its project's page: the KPI read (outside a transaction,
		 * so no lock is kept) for it, 404 when there is no such KPI */
		if ((rc = page_one_row(r, ST_KPI_LOCK, &k, "i", r->ids[0])))
			return rc;
		return project_page(r, db_cell_int(k, 0, KPI_LOCK_PROJECT_ID), &f, 422);
	}
	if (db_begin(r->db))
		return 503;
	rc = project_kpi_update(&r->ctx, r->ids[0], valid_get(&f, "name")->s,
				valid_get(&f, "target")->s, valid_get(&f, "actual")->s, &pid);
	return kpi_done(r, rc, pid, "kpi_saved");
}

/* POST /kpis/{id}/delete - remove a KPI (the page asks first). */
int page_kpi_delete(struct req *r)
{
	long long pid = 0;

	if (db_begin(r->db))
		return 503;
	return kpi_done(r, project_kpi_delete(&r->ctx, r->ids[0], &pid), pid, "kpi_deleted");
}

int page_project_view(struct req *r)
{
	return project_page(r, r->ids[0], NULL, 200);
}

int page_project_edit(struct req *r)
{
	struct db_res *p;
	xmlNodePtr page, n;
	int rc;

	if ((rc = page_one_row(r, ST_PROJECT_GET, &p, "i", r->ids[0])))
		return rc;
	page = xml_page(r, XSL_PROJECTS, "project-edit", db_cell(p, 0, PROJECT_GET_NAME));
	if (form_choices(r, page))
		return 503;
	n = xml_row(page, "project", p, 0);
	{
		long long minutes = db_cell_int(p, 0, (size_t)db_col(p, "budget-minutes"));
		long long amount = db_cell_int(p, 0, (size_t)db_col(p, "budget-amount"));
		/* minutes to hours with two decimals, as the form takes them */
		xml_attr(n, "budget-hours-input",
			 minutes ? page_decimal2(r, (minutes * 100 + 30) / 60) : "");
		xml_attr(n, "budget-amount-input", amount ? page_decimal2(r, amount) : "");
	}
	return 200;
}

int page_project_update(struct req *r)
{
	long long id = r->ids[0];
	struct project_new n;
	struct db_res *p;
	struct form f;
	int bad, rc;

	if ((rc = page_one_row(r, ST_PROJECT_GET, &p, "i", id)))
		return rc;
	bad = valid_form(r, &f, "project", project_fields, NPROJECT - 2);
	if (check_project(r, &f) < 0)
		return 503;
	if (bad || f.nerr)
		return form_again(r, &f, "project-edit", db_cell(p, 0, PROJECT_GET_NAME), id);
	n = project_values(&f);
	if (db_begin(r->db))
		return 503;
	if ((rc = project_update(&r->ctx, id, &n)) || db_commit(r->db)) {
		db_rollback(r->db);
		return rc == PROJECT_NOT_FOUND ? 404 : 503;
	}
	xml_flash_next(r, "saved");
	return req_redirect(r, arena_printf(r->arena, "/projects/%lld", id));
}

/* The stage and health forms: validate, then the domain's change in one transaction. */
struct change {
	const char *form_id;
	const struct vfield *fields;
	size_t nfields;
	const char *flash;
};

static const struct change stage_change = { "stage", stage_fields, ARRAY_SIZE(stage_fields),
					    "stage_changed" };
static const struct change health_change = { "health", health_fields, ARRAY_SIZE(health_fields),
					     "health_changed" };

static int change(struct req *r, const struct change *c)
{
	long long id = r->ids[0];
	struct form f;
	const char *note;
	int rc;

	if (valid_form(r, &f, c->form_id, c->fields, c->nfields))
		return project_page(r, id, &f, 422);
	note = valid_get(&f, "note")->s;
	if (db_begin(r->db))
		return 503;
	rc = c == &stage_change
		     ? project_set_stage(&r->ctx, id, valid_get(&f, "stage")->s, note,
					 !valid_get(&f, "client_visible")->i, valid_get(&f, "reason")->s)
		     : project_set_health(&r->ctx, id, valid_get(&f, "health")->s, note);
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		if (rc == PROJECT_NOT_FOUND)
			return 404;
		/* issue 16: items are open: the checklist, and the form back asking for a reason */
		if (rc == PROJECT_OPEN_ITEMS) {
			valid_error(&f, "reason", "Items are still open: deal with them first, or say why the project closes anyway.");
			return closure_page(r, id, &f, 422);
		}
		if (rc != PROJECT_UNCHANGED)
			return 503;
	}
	xml_flash_next(r, rc == PROJECT_UNCHANGED ? "unchanged" : c->flash);
	return req_redirect(r, arena_printf(r->arena, "/projects/%lld", id));
}

int page_project_stage(struct req *r)
{
	return change(r, &stage_change);
}

int page_project_health(struct req *r)
{
	return change(r, &health_change);
}

/*
 * GET /projects/{id}/report - the detailed project report, one printable page
 * for the team and for sending on (print to PDF): the project and its dates
 * against the baseline, KPIs, task progress, milestones, budget burn, time by person,
 * change requests, open risks and documents. Every part is a statement the
 * project's own pages already run, plus the task counts by status.
 */
int page_project_report(struct req *r)
{
	static const char *const statuses[] = { "todo", "doing", "blocked", "done", NULL };
	long long id = r->ids[0], n = 0, done = 0;
	struct db_res *p, *b, *ts, *ms, *crs, *risks, *people, *docs, *ndocs, *kpis, *unpriced;
	xmlNodePtr page, tasks;
	int rc;

	if ((rc = page_one_row(r, ST_PROJECT_GET, &p, "i", id)))
		return rc;
	if (db_query(r->db, r->arena, ST_BUDGET_PROJECT, &b, "i", id) ||
	    db_query(r->db, r->arena, ST_TASK_STATUS_COUNTS, &ts, "i", id) ||
	    db_query(r->db, r->arena, ST_MS_OF_PROJECT, &ms, "i", id) ||
	    db_query(r->db, r->arena, ST_CRS_OF_PROJECT, &crs, "i", id) ||
	    db_query(r->db, r->arena, ST_RISKS_OF_PROJECT, &risks, "i", id) ||
	    db_query(r->db, r->arena, ST_REPORT_ALL_BY_PERSON, &people, "i", id) ||
	    db_query(r->db, r->arena, ST_DOC_LIST, &docs, "iiiii", id, 1LL, 0LL, REPORT_DOCS, 0LL) ||
	    db_query(r->db, r->arena, ST_DOC_COUNT, &ndocs, "iii", id, 1LL, 0LL) ||
	    db_query(r->db, r->arena, ST_KPI_LIST, &kpis, "i", id) ||
	    db_query(r->db, r->arena, ST_TIME_UNPRICED, &unpriced, "i", id))
		return 503;
	page = xml_page(r, XSL_PROJECTS, "project-report",
			arena_printf(r->arena, "%s - project report", db_cell(p, 0, PROJECT_GET_NAME)));
	xml_row(page, "project", p, 0);
	xml_row(page, "budget", b, 0);
	/* one <status> per status, in workflow order, zero when none */
	tasks = xml_el(page, "tasks");
	for (const char *const *s = statuses; *s; s++) {
		xmlNodePtr e = xml_el(tasks, "status");
		long long count = 0, est = 0;
		for (size_t i = 0; i < ts->nrows; i++)
			if (!strcmp(db_cell(ts, i, TASK_STATUS_COUNTS_STATUS), *s)) {
				count = db_cell_int(ts, i, TASK_STATUS_COUNTS_COUNT);
				est = db_cell_int(ts, i, TASK_STATUS_COUNTS_ESTIMATE_MINUTES);
			}
		xml_attr(e, "name", *s);
		xml_attr_int(e, "count", count);
		xml_attr_int(e, "estimate-minutes", est);
		n += count;
		if (!strcmp(*s, "done"))
			done = count;
	}
	xml_attr_int(tasks, "total", n);
	xml_attr_int(tasks, "done-percent", n ? (done * 100 + n / 2) / n : 0);
	xml_rows(xml_el(page, "milestones"), "milestone", ms);
	xml_rows(xml_el(page, "changes"), "change", crs);
	xml_rows(xml_el(page, "risks"), "risk", risks);
	{
		/* the table's totals are the sums of its rows (all logged time), said once here */
		xmlNodePtr ppl = xml_el(page, "people");
		page_totals_attrs(ppl, people);
		xml_rows(ppl, "person", people);
	}
	if (unpriced->nrows) {
		xmlNodePtr u = xml_el(page, "unpriced");
		xml_attr(u, "currency", db_cell(p, 0, (size_t)db_col(p, "currency")));
		xml_rows(u, "person", unpriced);
	}
	{
		xmlNodePtr d = xml_el(page, "documents");
		xml_attr(d, "total", db_cell(ndocs, 0, DOC_COUNT_N));
		xml_rows(d, "document", docs);
	}
	xml_rows(xml_el(page, "kpis"), "kpi", kpis);
	/* issue 16: every period the project waited on the client, and the days it cost */
	if (delay_view_project(r, page, id, 1))
		return 503;
	return 200;
}
