/* page_portal.c - the client portal: only the contact's own organisation, only client-visible rows. */
#include "core/db.h"
#include "page/page_message.h"
#include "page/page_portal.h"
#include "page/page_portal_client.h"
#include "web/page_util.h"
#include "page/page_report.h"
#include "web/render.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

int page_portal(struct req *r)
{
	struct db_res *res, *w;
	xmlNodePtr page, c;
	long long me = r->sess.user_id, client = r->sess.client_id;
	long long approver = r->sess.access == ACCESS_APPROVE;

	if (db_query(r->db, r->arena, ST_PORTAL_PROJECTS, &res, "i", client) ||
	    db_query(r->db, r->arena, ST_PORTAL_WAITING, &w, "iiiiii", me, client, approver, client,
		     approver, me))
		return 503;
	page = xml_page(r, XSL_PORTAL, "portal", r->sess.client_name);
	c = xml_el(page, "client");
	xml_attr_int(c, "id", r->sess.client_id);
	xml_attr(c, "name", r->sess.client_name);
	xml_rows(xml_el(page, "projects"), "project", res);
	xml_rows(xml_el(page, "waiting"), "project", w);
	return 200;
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

int page_portal_project(struct req *r)
{
	return portal_project_page(r, r->ids[0], NULL, 200);
}
