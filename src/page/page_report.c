/* page_report.c - status reports: a PM writes a report on a project as a draft and publishes it
 * to the client; publishing snapshots the figures the client reads (stage, progress, hours and,
 * when ticked, money), adds a client-visible activity line, emits status_report.published and
 * e-mails the client's contacts, in one transaction. A published report never changes. */
#include "core/array.h"
#include "core/db.h"
#include "domain/mail.h"
#include "domain/outbox.h"
#include "web/page_util.h"
#include "domain/vocab.h"
#include "page/page_report.h"
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

static const char *today(struct req *r)
{
	time_t now = time(NULL);
	struct tm tm;
	char d[16];

	gmtime_r(&now, &tm);
	strftime(d, sizeof(d), "%Y-%m-%d", &tm);
	return arena_strdup(r->arena, d);
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

/* The words the pages use for a health (layout.xsl health-label). */
static const char *health_label(const char *h)
{
	if (!strcmp(h, "green"))
		return "On track";
	if (!strcmp(h, "amber"))
		return "At risk";
	if (!strcmp(h, "red"))
		return "Off track";
	return h;
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
	xml_attr(n, "period", today(r));
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

/* The form's values with their defaults: the date today, the health the project's. */
static void report_defaults(struct req *r, struct form *f, const char *health, const char **period,
			    const char **h)
{
	*period = valid_get(f, "period_date")->present ? valid_get(f, "period_date")->s : today(r);
	*h = valid_get(f, "health")->present ? valid_get(f, "health")->s : health;
}

int page_report_create(struct req *r)
{
	struct db_res *p;
	struct form f;
	const char *period, *health;
	int st = report_project(r, r->ids[0], &p);

	if (st)
		return st;
	if (valid_form(r, &f, "report", report_fields, NFIELDS))
		return reports_page(r, p, &f, 422);
	report_defaults(r, &f, db_cell(p, 0, REPORT_PROJECT_HEALTH), &period, &health);
	if (db_exec(r->db, ST_REPORT_INSERT, "iisssssssi", r->ids[0], r->sess.user_id, period, health,
		    valid_get(&f, "summary")->s, valid_get(&f, "done")->s, valid_get(&f, "next")->s,
		    valid_get(&f, "risks")->s, valid_get(&f, "decisions")->s,
		    valid_get(&f, "include_budget")->i) != 1)
		return 503;
	xml_flash_next(r, "report_created");
	return req_redirect(r, arena_printf(r->arena, "/status-reports/%lld", db_insert_id(r->db)));
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

/* Begin a transaction and lock report ids[0] as a draft: 0, or the answer
 * (503, 404, or the 409 page of a published report), rolled back. */
static int lock_draft(struct req *r, struct db_res **s)
{
	if (db_begin(r->db))
		return 503;
	if (db_query(r->db, r->arena, ST_REPORT_LOCK, s, "i", r->ids[0])) {
		db_rollback(r->db);
		return 503;
	}
	if ((*s)->nrows != 1) {
		db_rollback(r->db);
		return 404;
	}
	if (strcmp(db_cell(*s, 0, REPORT_LOCK_STATE), "draft")) {
		db_rollback(r->db);
		return published_already(r, db_cell(*s, 0, REPORT_LOCK_PUBLISHED_AT));
	}
	return 0;
}

int page_report_update(struct req *r)
{
	struct db_res *s;
	struct form f;
	const char *period, *health;
	long long n;
	int st;

	if ((st = lock_draft(r, &s)))
		return st;
	if (valid_form(r, &f, "report", report_fields, NFIELDS)) {
		db_rollback(r->db);
		return report_page(r, &f, 422, NULL);
	}
	report_defaults(r, &f, db_cell(s, 0, REPORT_LOCK_HEALTH), &period, &health);
	n = db_exec(r->db, ST_REPORT_UPDATE, "sssssssii", period, health, valid_get(&f, "summary")->s,
		    valid_get(&f, "done")->s, valid_get(&f, "next")->s, valid_get(&f, "risks")->s,
		    valid_get(&f, "decisions")->s, valid_get(&f, "include_budget")->i, r->ids[0]);
	/* 0 rows when nothing changed within the second: the row is locked and a draft */
	if (n < 0 || db_commit(r->db))
		goto fail;
	xml_flash_next(r, "saved");
	return req_redirect(r, arena_printf(r->arena, "/status-reports/%lld", r->ids[0]));
fail:
	db_rollback(r->db);
	return 503;
}

/* ------------------------------------------------------------ publishing */

/* E-mail the published report to the client's active contacts who can sign in,
 * inside the publication's transaction. 0, or -1. */
static int notify(struct req *r, const struct db_res *s)
{
	const char *brand = mail_brand_name(&r->ctx);
	const char *project = db_cell(s, 0, REPORT_LOCK_NAME), *period = db_cell(s, 0, REPORT_LOCK_PERIOD_DATE);
	const char *subject = arena_printf(r->arena, "%s: status report for %s (%s)", brand, project, period);
	xmlNodePtr m = mail_doc(&r->ctx, "status-report"), rep;
	struct db_res *to;

	if (!m || db_query(r->db, r->arena, ST_MSG_CONTACTS, &to, "ii", db_cell_int(s, 0, REPORT_LOCK_CLIENT_ID), 0LL))
		return -1;
	rep = xml_text(m, "status-report", db_cell(s, 0, REPORT_LOCK_SUMMARY));
	xml_attr(rep, "link", arena_printf(r->arena, "%s/status-reports/%lld", r->cfg->base_url, r->ids[0]));
	xml_attr(rep, "sender", r->sess.name);
	xml_attr(rep, "project", project);
	xml_attr(rep, "period", period);
	xml_attr(rep, "health", health_label(db_cell(s, 0, REPORT_LOCK_HEALTH)));
	for (size_t i = 0; i < to->nrows; i++)
		if (mail_queue(&r->ctx, m, db_cell(to, i, MSG_PM_EMAIL), db_cell(to, i, MSG_PM_NAME), subject))
			return -1;
	return 0;
}

/* Row 0's cell of the column named name (a name the statement lacks stops in db_cell). */
static const char *fig_cell(const struct db_res *fig, const char *name)
{
	return db_cell(fig, 0, (size_t)db_col(fig, name));
}

int page_report_publish(struct req *r)
{
	struct db_res *s, *fig;
	struct form f;
	long long pid, client, with_money;
	json_t *data;
	int st;

	if ((st = lock_draft(r, &s)))
		return st;
	valid_form(r, &f, "publish", publish_fields, ARRAY_SIZE(publish_fields));
	if (!f.nerr && !valid_get(&f, "confirm")->i)
		valid_error(&f, "confirm", "Tick the box to confirm you have read the report: it goes"
					   " to the client and cannot be changed afterwards.");
	if (f.nerr) {
		db_rollback(r->db);
		return report_page(r, &f, 422, NULL);
	}
	pid = db_cell_int(s, 0, REPORT_LOCK_PROJECT_ID);
	client = db_cell_int(s, 0, REPORT_LOCK_CLIENT_ID);
	with_money = db_cell_int(s, 0, REPORT_LOCK_INCLUDE_BUDGET);
	if (db_query(r->db, r->arena, ST_REPORT_FIGURES, &fig, "i", pid) || fig->nrows != 1)
		goto fail;
	/* the snapshot: what the client reads stays as it was on the day */
	if (db_exec(r->db, ST_REPORT_PUBLISH, "i" "ssssssssssss" "i", r->sess.user_id, fig_cell(fig, "stage"),
		    fig_cell(fig, "progress"), fig_cell(fig, "budget-minutes"), fig_cell(fig, "spent-minutes"),
		    with_money ? fig_cell(fig, "budget-amount") : NULL,
		    with_money ? fig_cell(fig, "spent-amount") : NULL,
		    with_money ? fig_cell(fig, "currency") : NULL, fig_cell(fig, "progress-basis"),
		    fig_cell(fig, "tasks-done"), fig_cell(fig, "tasks-total"),
		    fig_cell(fig, "milestones-reached"), fig_cell(fig, "milestones-total"), r->ids[0]) != 1)
		goto fail;
	if (activity_add(&r->ctx, client, pid, "status_report", NULL, db_cell(s, 0, REPORT_LOCK_HEALTH),
			 db_cell(s, 0, REPORT_LOCK_SUMMARY), 1))
		goto fail;
	data = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "report_id", (json_int_t)r->ids[0],
			 "project_id", (json_int_t)pid, "project_name", db_cell(s, 0, REPORT_LOCK_NAME),
			 "period", db_cell(s, 0, REPORT_LOCK_PERIOD_DATE), "health", db_cell(s, 0, REPORT_LOCK_HEALTH),
			 "summary", db_cell(s, 0, REPORT_LOCK_SUMMARY),
			 "url", arena_printf(r->arena, "%s/status-reports/%lld", r->cfg->base_url, r->ids[0]));
	/* outbox_emit takes data over, whatever happens */
	if (!data || outbox_emit(&r->ctx, EV_STATUS_REPORT_PUBLISHED, client, pid, data) || notify(r, s) ||
	    db_commit(r->db))
		goto fail;
	xml_flash_next(r, "report_published");
	return req_redirect(r, arena_printf(r->arena, "/status-reports/%lld", r->ids[0]));
fail:
	db_rollback(r->db);
	return 503;
}
