/* page_portal.c - the client portal: only the contact's own organisation, only client-visible rows. */
#include "core/db.h"
#include "page/page_portal.h"
#include "page/portal_view.h"
#include "web/render.h"
#include "core/xml.h"
#include "web/frame.h"
#include "web/valid.h"

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

int page_portal_project(struct req *r)
{
	return portal_project_page(r, r->ids[0], NULL, 200);
}
