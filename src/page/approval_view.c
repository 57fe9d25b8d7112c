/* approval_view.c - approval requests as other pages show them: on a document page and the
 * changes page (with the contacts who may be asked), overdue on the dashboard, pending in the
 * portal. */
#include "page/approval_view.h"
#include "core/db.h"
#include "core/xml.h"

int approval_state_xml(struct req *r, xmlNodePtr page, long long doc_id, long long project_id)
{
	struct db_res *a, *c;

	if (db_query(r->db, r->arena, ST_APPROVALS_OF_DOC, &a, "i", doc_id) ||
	    db_query(r->db, r->arena, ST_APPROVAL_CONTACTS, &c, "i", project_id))
		return -1;
	xml_rows(xml_el(page, "approvals"), "approval", a);
	xml_rows(xml_el(page, "approvers"), "contact", c);
	return 0;
}

int approval_changes_xml(struct req *r, xmlNodePtr page, long long project_id)
{
	struct db_res *a, *c;

	if (db_query(r->db, r->arena, ST_APPROVALS_OF_CHANGES, &a, "i", project_id) ||
	    db_query(r->db, r->arena, ST_APPROVAL_CONTACTS, &c, "i", project_id))
		return -1;
	xml_rows(xml_el(page, "approvals"), "approval", a);
	xml_rows(xml_el(page, "approvers"), "contact", c);
	return 0;
}

int approval_overdue_xml(struct req *r, xmlNodePtr page)
{
	struct db_res *a;
	long long mine = r->sess.role == ROLE_PM;

	if (r->sess.role == ROLE_CLIENT || r->sess.role == ROLE_MEMBER)
		return 0;
	if (db_query(r->db, r->arena, ST_APPROVALS_OVERDUE, &a, "ii", mine, r->sess.user_id))
		return -1;
	xml_rows(xml_el(page, "overdue-approvals"), "approval", a);
	return 0;
}

int approval_portal_xml(struct req *r, xmlNodePtr parent, long long project_id)
{
	struct db_res *a;

	if (db_query(r->db, r->arena, ST_PORTAL_APPROVALS, &a, "iii", r->sess.user_id, project_id,
		     r->sess.client_id))
		return -1;
	xml_rows(xml_el(parent, "approvals"), "approval", a);
	return 0;
}
