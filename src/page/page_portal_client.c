/* page_portal_client.c - the client side of the portal: client decisions on change requests,
 * which call the change decision's page mapping (plan_change_decide); the project page's
 * content is portal_view.c's. */
#include "core/array.h"
#include "core/db.h"
#include "page/change_view.h"
#include "page/page_portal_client.h"
#include "page/portal_view.h"
#include "web/page_util.h"
#include "web/render.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

#include <string.h>

static const char *const client_decisions[] = { "approved", "rejected", NULL };

static const struct vfield change_fields[] = {
	{ "decision", "Decision", V_ENUM, 1, 0, 0, client_decisions },
	{ "note", "Note", V_TEXT, 0, 0, 4000, NULL },
};

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
