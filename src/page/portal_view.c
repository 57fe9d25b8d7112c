/* portal_view.c - the client portal's project page and its fragments, built from several areas:
 * next milestones, approvals waiting, shared documents and change requests, the messages
 * summary and the latest status report (all in the contact's scope). */
#include "page/portal_view.h"
#include "core/db.h"
#include "page/approval_view.h"
#include "page/delay_view.h"
#include "web/page_util.h"
#include "web/render.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

#define PORTAL_DOCS 10LL /* shared documents on the portal project page */

/* The portal project page's client-side content: next client-visible milestones, approvals
 * waiting, shared documents, change requests (all in the contact's scope). 0, or -1. */
static int portal_project_xml(struct req *r, xmlNodePtr page, long long pid)
{
	struct db_res *ms, *docs, *cr, *k;
	long long client = r->sess.client_id;
	xmlNodePtr shared;

	if (db_query(r->db, r->arena, ST_PORTAL_MILESTONES, &ms, "ii", pid, client) ||
	    /* issue 16: the client-visible criteria of the client-visible milestones */
	    db_query(r->db, r->arena, ST_QA_CRITERIA_PORTAL_MS, &k, "i", pid) ||
	    /* one more than the page shows, to know whether there are more */
	    db_query(r->db, r->arena, ST_DOC_LIST, &docs, "iiiii", pid, 0LL, client, PORTAL_DOCS + 1, 0LL) ||
	    db_query(r->db, r->arena, ST_PORTAL_CHANGES, &cr, "ii", pid, client) ||
	    approval_portal_xml(r, page, pid) ||
	    delay_view_portal(r, page, pid, client)) /* issue 16: what the team waits for */
		return -1;
	xml_rows(xml_el(page, "next-milestones"), "milestone", ms);
	xml_rows(xml_el(page, "milestone-criteria"), "criterion", k);
	shared = xml_el(page, "shared-documents");
	if (docs->nrows > (size_t)PORTAL_DOCS) { /* the page links to the full list */
		docs->nrows = (size_t)PORTAL_DOCS;
		xml_attr_int(shared, "more", 1);
	}
	xml_rows(shared, "document", docs);
	xml_rows(xml_el(page, "changes"), "change", cr);
	return 0;
}

/* The portal project page's messages summary: <message-threads count> (client-visible
 * threads of pid in the contact's client) holding the latest <thread id subject
 * last-message-at/>. 0, or -1. */
static int message_portal_xml(struct req *r, xmlNodePtr page, long long pid)
{
	struct db_res *t;
	xmlNodePtr n;

	if (db_query(r->db, r->arena, ST_THREAD_PORTAL, &t, "ii", pid, r->sess.client_id))
		return -1;
	n = xml_el(page, "message-threads");
	xml_attr_int(n, "count", t->nrows ? db_cell_int(t, 0, THREAD_PORTAL_COUNT) : 0);
	if (t->nrows)
		xml_row(n, "thread", t, 0);
	return 0;
}

/* Add <latest-report id period health summary published-at/> (the project's latest
 * published report, in the contact's scope) under page. Nothing when there is none. 0, or -1
 * (database). */
static int report_portal_xml(struct req *r, xmlNodePtr page, long long pid)
{
	struct db_res *s;

	if (db_query(r->db, r->arena, ST_REPORT_LATEST, &s, "ii", pid, r->sess.client_id))
		return -1;
	if (s->nrows == 1)
		xml_row(page, "latest-report", s, 0);
	return 0;
}

int portal_project_page(struct req *r, long long pid, const struct form *f, int status)
{
	struct db_res *p, *act, *kpis;
	xmlNodePtr page;
	int rc;

	/* the client scope is in the query: another client's id is simply not found */
	if ((rc = page_one_row(r, ST_PORTAL_PROJECT, &p, "ii", pid, r->sess.client_id)))
		return rc;
	if (db_query(r->db, r->arena, ST_PORTAL_ACTIVITY, &act, "ii", pid, r->sess.client_id) ||
	    db_query(r->db, r->arena, ST_PORTAL_KPIS, &kpis, "ii", pid, r->sess.client_id))
		return 503;
	page = xml_page(r, XSL_PORTAL, "portal-project", db_cell(p, 0, PORTAL_PROJECT_NAME));
	xml_row(page, "project", p, 0);
	xml_rows(xml_el(page, "activity-list"), "activity", act);
	xml_rows(xml_el(page, "kpis"), "kpi", kpis);
	if (portal_project_xml(r, page, pid) || message_portal_xml(r, page, pid) ||
	    report_portal_xml(r, page, pid))
		return 503;
	if (f)
		valid_to_xml(r, f);
	return status;
}
