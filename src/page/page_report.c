/* page_report.c - status reports: a PM writes a report on a project as a draft and publishes it
 * to the client (report_publish in domain/report.c: the snapshot of the figures the client
 * reads, the activity line, status_report.published and the contacts' e-mail, in one
 * transaction). A published report never changes. */
#include "core/array.h"
#include "domain/dates.h"
#include "core/db.h"
#include "domain/report.h"
#include "web/page_util.h"
#include "domain/vocab.h"
#include "page/page_report.h"
#include "page/delay_view.h"
#include "web/render.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const struct vfield report_fields[] = {
	{ "period_date", "As of", V_DATE, 0, 0, 0, NULL },
	{ "health", "Health", V_ENUM, 0, 0, 0, vocab_healths },
	{ "summary", "Summary", V_TEXT, 1, 1, 10000, NULL },
	{ "done", "Done this period", V_TEXT, 0, 0, 10000, NULL },
	{ "next", "Next steps", V_TEXT, 0, 0, 10000, NULL },
	{ "risks", "Risks and issues", V_TEXT, 0, 0, 10000, NULL },
	{ "decisions", "Decisions needed", V_TEXT, 0, 0, 10000, NULL },
	{ "include_budget", "Include the budget (money)", V_BOOL, 0, 0, 0, NULL },
};
#define NFIELDS ARRAY_SIZE(report_fields)

static const struct vfield publish_fields[] = {
	{ "confirm", "I have read the report and it can go to the client", V_BOOL, 0, 0, 0, NULL },
};

static long long staff(const struct req *r)
{
	return r->sess.role != ROLE_CLIENT;
}

/* "2026-11-15" as "15 Nov 2026)" (the closing bracket of the draft's sentence). */
static const char *day_text(struct req *r, const char *iso)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int y, m, d;

	if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12)
		return arena_printf(r->arena, "%s)", iso);
	return arena_printf(r->arena, "%d %.3s %d)", d, months + 3 * (m - 1), y);
}

/* The project ids[0] in the user's scope (ST_REPORT_PROJECT): 0, 404 or 503. */
static int report_project(struct req *r, long long pid, struct db_res **p)
{
	return page_one_row(r, ST_REPORT_PROJECT, p, "iii", pid, staff(r), r->sess.client_id);
}

/* ------------------------------------------------------------ the list */

/* <new-report period health summary done> for the form: the project's health and the
 * facts since the last published report (client-visible ones by name, all counted). */
static int draft_facts(struct req *r, xmlNodePtr page, const struct db_res *p)
{
	long long pid = db_cell_int(p, 0, REPORT_PROJECT_ID);
	struct db_res *since, *facts;
	struct buf done = BUF_INIT;
	long long ms = 0, tasks = 0;
	const char *from, *summary;
	xmlNodePtr n;

	if (db_query(r->db, r->arena, ST_REPORT_SINCE, &since, "i", pid) ||
	    db_query(r->db, r->arena, ST_REPORT_FACTS, &facts, "iiii", pid, pid, pid, pid))
		return -1;
	for (size_t i = 0; i < facts->nrows; i++) {
		int is_ms = !strcmp(db_cell(facts, i, REPORT_FACTS_KIND), "milestone");

		if (is_ms)
			ms++;
		else
			tasks++;
		if (!db_cell_int(facts, i, REPORT_FACTS_CLIENT_VISIBLE))
			continue; /* internal: counted, not named in a text for the client */
		buf_addf(&done, "- %s: %s (%s)\n", is_ms ? "Milestone reached" : "Completed",
			 db_cell(facts, i, REPORT_FACTS_NAME), db_cell(facts, i, REPORT_FACTS_AT));
	}
	from = db_cell(since, 0, REPORT_SINCE_PERIOD_DATE);
	summary = arena_printf(r->arena, "%s%s: %lld milestone%s reached, %lld task%s completed.",
			       from ? "Since our last report (as of " : "So far", from ? day_text(r, from) : "",
			       ms, ms == 1 ? "" : "s", tasks, tasks == 1 ? "" : "s");
	n = xml_el(page, "new-report");
	xml_attr(n, "period", dates_today(r->arena));
	xml_attr(n, "health", db_cell(p, 0, REPORT_PROJECT_HEALTH));
	xml_attr(n, "summary", summary);
	xml_attr(n, "done", done.len ? done.data : "");
	xml_attr(n, "since", from);
	xml_attr_int(n, "milestones", ms);
	xml_attr_int(n, "tasks", tasks);
	buf_release(&done);
	return 0;
}

static int reports_page(struct req *r, struct db_res *p, const struct form *f, int status)
{
	long long pid = db_cell_int(p, 0, REPORT_PROJECT_ID), pg = page_number(r);
	struct db_res *list, *cnt;
	xmlNodePtr page;

	if (db_query(r->db, r->arena, ST_REPORT_COUNT, &cnt, "iii", pid, staff(r), r->sess.client_id) ||
	    db_query(r->db, r->arena, ST_REPORT_LIST, &list, "iiiii", pid, staff(r), r->sess.client_id,
		     (long long)PAGE_SIZE, (pg - 1) * PAGE_SIZE))
		return 503;
	page = xml_page(r, XSL_REPORTS, "status-reports", db_cell(p, 0, REPORT_PROJECT_NAME));
	xml_row(page, "project", p, 0);
	xml_rows(xml_el(page, "reports"), "report", list);
	xml_pager(page, r, pg, PAGE_SIZE, db_cell_int(cnt, 0, REPORT_COUNT_N),
		  arena_printf(r->arena, "/projects/%lld/status-reports?", pid));
	if ((r->sess.role == ROLE_PM || r->sess.role == ROLE_ADMIN) && draft_facts(r, page, p))
		return 503;
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_reports(struct req *r)
{
	struct db_res *p;
	int st = report_project(r, r->ids[0], &p);

	return st ? st : reports_page(r, p, NULL, 200);
}

/* The form's values (valid) as the domain takes them; a date or health left out takes the
 * domain's default (today, the project's or the report's health). */
static struct report_fields report_values(const struct form *f)
{
	return (struct report_fields){
		.period_date = valid_get(f, "period_date")->present ? valid_get(f, "period_date")->s : NULL,
		.health = valid_get(f, "health")->present ? valid_get(f, "health")->s : NULL,
		.summary = valid_get(f, "summary")->s,
		.done = valid_get(f, "done")->s,
		.next = valid_get(f, "next")->s,
		.risks = valid_get(f, "risks")->s,
		.decisions = valid_get(f, "decisions")->s,
		.include_budget = (int)valid_get(f, "include_budget")->i,
	};
}

int page_report_create(struct req *r)
{
	struct report_fields v;
	struct db_res *p;
	struct form f;
	long long id;
	int st = report_project(r, r->ids[0], &p);

	if (st)
		return st;
	if (valid_form(r, &f, "report", report_fields, NFIELDS))
		return reports_page(r, p, &f, 422);
	v = report_values(&f);
	if (db_begin(r->db))
		return 503;
	if ((st = report_create(&r->ctx, r->ids[0], &v, &id)) || db_commit(r->db)) {
		db_rollback(r->db);
		return st == REPORT_NOT_FOUND ? 404 : 503;
	}
	xml_flash_next(r, "report_created");
	return req_redirect(r, arena_printf(r->arena, "/status-reports/%lld", id));
}

/* ------------------------------------------------------------ one report */

/* The report page: the report, its project, the figures (the snapshot once published,
 * today's for a draft), the client-visible milestones ahead (read live). */
static int report_page(struct req *r, const struct form *f, int status, const char *why)
{
	struct db_res *s, *p, *fig, *ms;
	xmlNodePtr page;
	long long pid;
	int st, rc;

	if ((rc = page_one_row(r, ST_REPORT_GET, &s, "iii", r->ids[0], staff(r),
			       r->sess.client_id)))
		return rc;
	pid = db_cell_int(s, 0, REPORT_GET_PROJECT_ID);
	if ((st = report_project(r, pid, &p)))
		return st;
	if (db_query(r->db, r->arena, ST_PORTAL_MILESTONES, &ms, "ii", pid, db_cell_int(p, 0, REPORT_PROJECT_CLIENT_ID)))
		return 503;
	page = xml_page(r, XSL_REPORTS, "status-report",
			arena_printf(r->arena, "Status report %s: %s", db_cell(s, 0, REPORT_GET_PERIOD),
			     db_cell(p, 0, REPORT_PROJECT_NAME)));
	xml_row(page, "project", p, 0);
	xml_row(page, "report", s, 0);
	if (!strcmp(db_cell(s, 0, REPORT_GET_STATE), "draft")) {
		if (db_query(r->db, r->arena, ST_REPORT_FIGURES, &fig, "i", pid))
			return 503;
		xml_row(page, "figures", fig, 0);
	}
	xml_rows(xml_el(page, "next-milestones"), "milestone", ms);
	/* issue 16: the days waited on the client (the snapshot once published) */
	if (delay_view_report(r, page, r->ids[0], pid, !strcmp(db_cell(s, 0, REPORT_GET_STATE), "draft")))
		return 503;
	if (why)
		xml_flash(r, "error", why);
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_report_view(struct req *r)
{
	return report_page(r, NULL, 200, NULL);
}

/* 409: the report was published; say when, and show it. */
static int published_already(struct req *r, const char *when)
{
	return report_page(r, NULL, 409,
			   arena_printf(r->arena, "This report was published on %.10s and sent to the client;"
					" a published report is a record and cannot be changed. Write a new"
					" report instead.", when ? when : "an earlier date"));
}

/* A refused form on report ids[0]: what the id names is answered first, as for a valid form
 * (404 when there is no such report, the 409 page when it is published), else the form back
 * with its messages (422). */
static int form_refused(struct req *r, const struct form *f)
{
	struct db_res *s;
	int rc;

	if ((rc = page_one_row(r, ST_REPORT_GET, &s, "iii", r->ids[0], staff(r), r->sess.client_id)))
		return rc;
	if (strcmp(db_cell(s, 0, REPORT_GET_STATE), "draft"))
		return published_already(r, db_cell(s, 0, REPORT_GET_PUBLISHED_AT));
	return report_page(r, f, 422, NULL);
}

/* The end of a change to report ids[0] after the domain's result rc (rolled back unless 0 and
 * committed): the report with flash, 404, the 409 page (published at when), or 503. */
static int report_done(struct req *r, int rc, const char *when, const char *flash)
{
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		if (rc == REPORT_NOT_FOUND)
			return 404;
		if (rc == REPORT_PUBLISHED)
			return published_already(r, when);
		return 503;
	}
	xml_flash_next(r, flash);
	return req_redirect(r, arena_printf(r->arena, "/status-reports/%lld", r->ids[0]));
}

int page_report_update(struct req *r)
{
	struct report_fields v;
	const char *when = NULL;
	struct form f;

	if (valid_form(r, &f, "report", report_fields, NFIELDS))
		return form_refused(r, &f);
	v = report_values(&f);
	if (db_begin(r->db))
		return 503;
	return report_done(r, report_update(&r->ctx, r->ids[0], &v, &when), when, "saved");
}

/* ------------------------------------------------------------ publishing */

int page_report_publish(struct req *r)
{
	const char *when = NULL;
	struct form f;

	valid_form(r, &f, "publish", publish_fields, ARRAY_SIZE(publish_fields));
	if (!f.nerr && !valid_get(&f, "confirm")->i)
		valid_error(&f, "confirm", "Tick the box to confirm you have read the report: it goes"
					   " to the client and cannot be changed afterwards.");
	if (f.nerr)
		return form_refused(r, &f);
	if (db_begin(r->db))
		return 503;
	return report_done(r, report_publish(&r->ctx, r->ids[0], &when), when, "report_published");
}
