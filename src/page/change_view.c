/* change_view.c - change requests' shared page pieces: the changes page, and the HTTP mapping
 * of the domain's decision (change_decide) for the staff page and the portal. */
#include "page/change_view.h"
#include "core/db.h"
#include "domain/change.h"
#include "page/approval_view.h"
#include "page/plan_view.h"
#include "core/xml.h"

int plan_changes_page(struct req *r, long long pid, const struct form *f, int status)
{
	struct db_res *p, *changes;
	xmlNodePtr page;
	int rc;

	if ((rc = plan_project(r, pid, &p)))
		return rc;
	if (db_query(r->db, r->arena, ST_CRS_OF_PROJECT, &changes, "i", pid))
		return 503;
	page = plan_page_of(r, p, "changes");
	xml_rows(xml_el(page, "changes"), "change", changes);
	if (approval_changes_xml(r, page, pid))
		return 503;
	if (f)
		valid_to_xml(r, f);
	return status;
}

int plan_change_decide(struct req *r, long long id, const char *to, const char *note,
		       const char **why)
{
	int st;

	if (db_begin(r->db))
		return 503;
	st = change_decide(&r->ctx, id, to, note, r->sess.user_id, why);
	if (st || db_commit(r->db)) {
		db_rollback(r->db);
		return st == CHANGE_NOT_FOUND ? 404 : st == CHANGE_REFUSED ? 409 : 503;
	}
	return 0;
}
