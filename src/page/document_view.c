/* document_view.c - the document page: one document's version history and, for staff, its
 * approval requests; its acceptance criteria and review (issue 16); shown by GET
 * /documents/{id} and by a form on it sent back (422). */
#include "page/document_view.h"
#include "core/db.h"
#include "page/approval_view.h"
#include "page/qa_view.h"
#include "web/page_util.h"
#include "web/render.h"
#include "core/xml.h"
#include "web/frame.h"

static int is_staff(const struct req *r)
{
	return r->sess.role != ROLE_CLIENT;
}

int document_get(struct req *r, long long id, struct db_res **d)
{
	return page_one_row(r, ST_DOC_GET, d, "iii", id, (long long)is_staff(r), r->sess.client_id);
}

int document_page(struct req *r, struct db_res *d, const struct form *f, int status)
{
	struct db_res *v;
	xmlNodePtr page;

	if (db_query(r->db, r->arena, ST_VERSION_LIST, &v, "i", db_cell_int(d, 0, DOC_GET_ID)))
		return 503;
	page = xml_page(r, XSL_DOCUMENTS, "document", db_cell(d, 0, DOC_GET_TITLE));
	xml_row(page, "document", d, 0);
	xml_rows(xml_el(page, "versions"), "version", v);
	if (is_staff(r) && approval_state_xml(r, page, db_cell_int(d, 0, DOC_GET_ID), db_cell_int(d, 0, DOC_GET_PROJECT_ID)))
		return 503;
	/* issue 16: its acceptance criteria (a contact: the client-visible ones) and, for staff,
	 * the latest version's review */
	if (qa_criteria_xml(r, page, 0, db_cell_int(d, 0, DOC_GET_ID), is_staff(r)) ||
	    (is_staff(r) && qa_review_xml(r, page, db_cell_int(d, 0, DOC_GET_ID))))
		return 503;
	if (f)
		valid_to_xml(r, f);
	return status;
}
