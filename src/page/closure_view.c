/* closure_view.c - the closure checklist page (GET /projects/{id}/closure, and the stage change
 * to closure sent back when items are open without a reason) and a client's lessons on the
 * new-project form (issue 16). */
#include "page/closure_view.h"
#include "core/db.h"
#include "core/xml.h"
#include "domain/closure.h"
#include "page/plan_view.h"
#include "web/frame.h"
#include "web/page_util.h"
#include "web/render.h"

int closure_page(struct req *r, long long pid, const struct form *f, int status)
{
	struct closure_list open;
	struct db_res *p, *d;
	xmlNodePtr page, list;
	int rc;

	if ((rc = plan_project(r, pid, &p)))
		return rc;
	if (closure_checklist(&r->ctx, pid, &open) ||
	    db_query(r->db, r->arena, ST_DEBRIEF_GET, &d, "i", pid))
		return 503;
	page = xml_page(r, XSL_QA, "closure", db_cell(p, 0, PROJECT_GET_NAME));
	xml_row(page, "project", p, 0);
	list = xml_el(page, "checklist");
	xml_attr_int(list, "open", open.open);
	for (int i = 0; i < CLOSURE__COUNT; i++) {
		xmlNodePtr n = xml_el(list, "item");
		xml_attr(n, "code", closure_item_code((enum closure_item)i));
		xml_attr_int(n, "count", open.n[i]);
	}
	if (d->nrows == 1)
		xml_row(page, "debrief", d, 0);
	if (f)
		valid_to_xml(r, f);
	return status;
}

int closure_client_lessons_xml(struct req *r, xmlNodePtr page, long long client)
{
	struct db_res *l, *n;
	xmlNodePtr box;

	if (db_query(r->db, r->arena, ST_LESSONS_OF_CLIENT, &l, "i", client) ||
	    db_query(r->db, r->arena, ST_LESSONS_OF_CLIENT_COUNT, &n, "i", client))
		return -1;
	if (!l->nrows)
		return 0;
	box = xml_el(page, "client-lessons");
	xml_attr_int(box, "client-id", client);
	xml_attr_int(box, "total", db_cell_int(n, 0, LESSONS_OF_CLIENT_COUNT_N));
	xml_rows(box, "lesson", l);
	return 0;
}

int closure_template_lessons_xml(struct req *r, xmlNodePtr page, long long template_id)
{
	struct db_res *l;

	if (db_query(r->db, r->arena, ST_LESSONS_OF_TEMPLATE, &l, "i", template_id))
		return -1;
	if (l->nrows)
		xml_rows(xml_el(page, "template-lessons"), "lesson", l);
	return 0;
}
