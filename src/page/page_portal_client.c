/* page_portal_client.c - the client side of the portal: the project page's content (next
 * milestones, approvals waiting, shared documents, change requests) and client decisions on
 * change requests, which call the planning area's decision (plan_change_decide). */
#include "core/array.h"
#include "core/db.h"
#include "page/page_approval.h"
#include "page/page_plan.h"
#include "page/page_portal.h"
#include "page/page_portal_client.h"
#include "page/page_risk.h"
#include "web/page_util.h"
#include "web/render.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

#include <string.h>

static const char *const client_decisions[] = { "approved", "rejected", NULL };

#define PORTAL_DOCS 10LL /* shared documents on the portal project page */

static const struct vfield change_fields[] = {
	{ "decision", "Decision", V_ENUM, 1, 0, 0, client_decisions },
	{ "note", "Note", V_TEXT, 0, 0, 4000, NULL },
};

int portal_project_xml(struct req *r, xmlNodePtr page, long long pid)
{
	struct db_res *ms, *docs, *cr;
	long long client = r->sess.client_id;
	xmlNodePtr shared;

	if (db_query(r->db, r->arena, ST_PORTAL_MILESTONES, &ms, "ii", pid, client) ||
	    /* one more than the page shows, to know whether there are more */
	    db_query(r->db, r->arena, ST_DOC_LIST, &docs, "iiiii", pid, 0LL, client, PORTAL_DOCS + 1, 0LL) ||
	    db_query(r->db, r->arena, ST_PORTAL_CHANGES, &cr, "ii", pid, client) ||
	    approval_portal_xml(r, page, pid))
		return -1;
	xml_rows(xml_el(page, "next-milestones"), "milestone", ms);
	shared = xml_el(page, "shared-documents");
	if (docs->nrows > (size_t)PORTAL_DOCS) { /* the page links to the full list */
		docs->nrows = (size_t)PORTAL_DOCS;
		xml_attr_int(shared, "more", 1);
	}
	xml_rows(shared, "document", docs);
	xml_rows(xml_el(page, "changes"), "change", cr);
	return 0;
}

int page_portal_change(struct req *r)
{
	struct db_res *c;
	struct form f;
	const char *why;
	long long pid;
	int st, rc;

	/* the client scope is in the query: another client's change is not found */
	if ((rc = page_one_row(r, ST_PORTAL_CHANGE, &c, "ii", r->ids[0], r->sess.client_id)))
		return rc;
	if (r->sess.access != ACCESS_APPROVE)
		return 403;
	pid = db_cell_int(c, 0, PORTAL_CHANGE_PROJECT_ID);
	/* one form per proposed change on the page: the form id names the change */
	if (valid_form(r, &f, arena_printf(r->arena, "change-%lld", r->ids[0]), change_fields,
		       ARRAY_SIZE(change_fields)))
		return portal_project_page(r, pid, &f, 422);
	if (strcmp(db_cell(c, 0, PORTAL_CHANGE_STATUS), "proposed")) {
		xml_flash_next(r, "change_already");
		return req_redirect(r, arena_printf(r->arena, "/portal/projects/%lld", pid));
	}
	st = plan_change_decide(r, r->ids[0], valid_get(&f, "decision")->s, valid_get(&f, "note")->s,
				&why);
	if (st == 409 && why) {
		/* refused on the locked row (the budget floor, the plan): say why, nothing written */
		valid_error(&f, "decision", why);
		return portal_project_page(r, pid, &f, 422);
	}
	if (st == 409) {
		xml_flash_next(r, "change_already");
		st = 0;
	} else if (!st) {
		xml_flash_next(r, "change_decided");
	}
	if (st)
		return st;
	return req_redirect(r, arena_printf(r->arena, "/portal/projects/%lld", pid));
}
