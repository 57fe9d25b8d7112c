/* page_dashboard.c - the portfolio dashboard: projects by stage and health, what needs attention. */
#include "core/db.h"
#include "domain/clock.h"
#include "page/approval_view.h"
#include "page/page_dashboard.h"
#include "web/page_util.h"
#include "domain/vocab.h"
#include "web/render.h"
#include "core/xml.h"
#include "web/frame.h"

#include <string.h>

/* One <NAME name count> per choice, summing the (stage, health, count) rows
 * over column col (DASH_COUNTS_STAGE or DASH_COUNTS_HEALTH); zero when no row has the choice. */
static void counts(xmlNodePtr parent, const char *el, size_t col, const char *const *choices,
		   const struct db_res *res)
{
	for (; *choices; choices++) {
		long long n = 0;
		xmlNodePtr c;
		for (size_t i = 0; i < res->nrows; i++)
			if (!strcmp(db_cell(res, i, col), *choices))
				n += db_cell_int(res, i, DASH_COUNTS_N);
		c = xml_el(parent, el);
		xml_attr(c, "name", *choices);
		xml_attr_int(c, "count", n);
	}
}

int page_dashboard(struct req *r)
{
	struct db_res *cnt, *att, *act;
	xmlNodePtr page, d;

	if (r->sess.role == ROLE_CLIENT)
		return req_redirect(r, "/portal");
	if (db_query(r->db, r->arena, ST_DASH_COUNTS, &cnt, "") ||
	    db_query(r->db, r->arena, ST_DASH_ATTENTION, &att, "") ||
	    db_query(r->db, r->arena, ST_ACTIVITY_RECENT, &act, ""))
		return 503;
	page = xml_page(r, XSL_DASHBOARD, "dashboard", "Dashboard");
	d = xml_el(page, "dashboard");
	counts(xml_el(d, "stages"), "stage", DASH_COUNTS_STAGE, vocab_stages, cnt);
	counts(xml_el(d, "healths"), "health", DASH_COUNTS_HEALTH, vocab_healths, cnt);
	xml_rows(xml_el(d, "attention"), "project", att);
	xml_rows(xml_el(d, "recent"), "activity", act);
	if (approval_overdue_xml(r, d))
		return 503;
	{ /* issue 12: the signed-in PM's projects whose status report is due today or overdue
	   * (the client's cadence; dates in the agency's zone, the tests' clock when set) */
		struct clock k;
		struct db_res *due;
		char today[11];

		if (clock_get(&r->ctx, &k))
			return 503;
		clock_date(&k, today);
		if (db_query(r->db, r->arena, ST_REPORT_DUE_PM, &due, "sis", today, r->sess.user_id, today))
			return 503;
		if (due->nrows) {
			xmlNodePtr rd = xml_el(d, "reports-due");
			xml_attr(rd, "today", today);
			xml_rows(rd, "project", due);
		}
	}
	if (r->sess.role == ROLE_ADMIN) {
		/* endpoints the outbox worker switched off (410, or failing 3 days) */
		struct db_res *off;
		if (db_query(r->db, r->arena, ST_ENDPOINTS_SWITCHED_OFF, &off, ""))
			return 503;
		if (off->nrows)
			xml_rows(xml_el(d, "endpoints-off"), "endpoint", off);
	}
	return 200;
}

#define ACTIVITY_PAGE 50

/*
 * GET /activity[?project_id=|client_id=][&before=<id>] - the activity stream,
 * newest first, ACTIVITY_PAGE lines a page. Pages are keyset (older than an
 * id), so a page costs the same however deep, and lines added meanwhile do
 * not shift the next page.
 */
int page_activity(struct req *r)
{
	long long project = page_query_id(r, "project_id"), client = page_query_id(r, "client_id");
	long long before = page_query_id(r, "before"), lim = ACTIVITY_PAGE + 1;
	struct db_res *act, *clients, *p = NULL;
	xmlNodePtr page, filt, list;
	const char *base;
	int rc;

	if (!before)
		before = 0x7fffffffffffffffLL;
	if (project) {
		if ((rc = page_one_row(r, ST_PROJECT_GET, &p, "i", project)))
			return rc;
		client = 0;
	}
	if ((project ? db_query(r->db, r->arena, ST_ACTIVITY_PAGE_PROJECT, &act, "iii", project, before, lim)
	     : client ? db_query(r->db, r->arena, ST_ACTIVITY_PAGE_CLIENT, &act, "iii", client, before, lim)
		      : db_query(r->db, r->arena, ST_ACTIVITY_PAGE, &act, "ii", before, lim)) ||
	    db_query(r->db, r->arena, ST_CLIENT_NAMES, &clients, ""))
		return 503;
	page = xml_page(r, XSL_DASHBOARD, "activity", "Activity");
	filt = xml_el(page, "filters");
	xml_attr(filt, "client-id", client ? arena_printf(r->arena, "%lld", client) : "");
	if (p)
		xml_row(page, "project", p, 0);
	xml_rows(xml_el(page, "clients"), "client", clients);
	list = xml_el(page, "activities");
	base = project ? arena_printf(r->arena, "/activity?project_id=%lld&", project)
	       : client ? arena_printf(r->arena, "/activity?client_id=%lld&", client) : "/activity?";
	xml_attr(list, "base", base);
	if (before != 0x7fffffffffffffffLL)
		xml_attr(list, "older-than", page_query(r, "before"));
	if (act->nrows > ACTIVITY_PAGE) {
		act->nrows = ACTIVITY_PAGE;
		xml_attr(list, "next-before", db_cell(act, ACTIVITY_PAGE - 1, ACTIVITY_PAGE_ID));
	}
	xml_rows(list, "activity", act);
	return 200;
}
