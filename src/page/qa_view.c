/* qa_view.c - deliverable QA as pages show it (issue 16): acceptance criteria and a document's
 * review, for the document page, the approval page and the milestone page. */
#include "page/qa_view.h"
#include "core/db.h"
#include "core/xml.h"
#include "domain/qa.h"

int qa_criteria_xml(struct req *r, xmlNodePtr parent, long long milestone, long long doc,
		    int staff)
{
	struct db_res *k;

	if (db_query(r->db, r->arena, milestone ? ST_QA_CRITERIA_OF_MS : ST_QA_CRITERIA_OF_DOC, &k,
		     "ii", milestone ? milestone : doc, (long long)(staff != 0)))
		return -1;
	xml_rows(xml_el(parent, "criteria"), "criterion", k);
	return 0;
}

int qa_review_xml(struct req *r, xmlNodePtr page, long long doc)
{
	struct db_res *latest, *v, *rv, *ck;
	enum qa_state st;
	const char *note;
	long long vid;
	xmlNodePtr n;

	if (db_query(r->db, r->arena, ST_VERSION_LATEST, &latest, "i", doc))
		return -1;
	if (latest->nrows != 1)
		return 0;
	vid = db_cell_int(latest, 0, VERSION_LATEST_ID);
	if (db_query(r->db, r->arena, ST_QA_VERSION_GET, &v, "i", vid) || v->nrows != 1 ||
	    qa_version_state(&r->ctx, doc, vid, &st, &note) ||
	    db_query(r->db, r->arena, ST_QA_REVIEWS_OF_DOC, &rv, "i", doc) ||
	    db_query(r->db, r->arena, ST_QA_CHECKS_OF_DOC, &ck, "i", doc))
		return -1;
	n = xml_el(page, "review");
	xml_attr_int(n, "version-id", vid);
	xml_attr_int(n, "version", db_cell_int(latest, 0, VERSION_LATEST_VERSION));
	xml_attr(n, "state", qa_state_name(st));
	if (note && *note)
		xml_attr(n, "note", note);
	xml_attr(n, "can-review", st == QA_IN_REVIEW && !db_cell_int(latest, 0, VERSION_LATEST_LOCKED) &&
				  db_cell_int(v, 0, QA_VERSION_GET_UPLOADED_BY) != r->sess.user_id ? "1" : "0");
	xml_attr(n, "own", db_cell_int(v, 0, QA_VERSION_GET_UPLOADED_BY) == r->sess.user_id ? "1" : "0");
	xml_rows(xml_el(page, "reviews"), "review", rv);
	xml_rows(xml_el(page, "checks"), "check", ck);
	return 0;
}
