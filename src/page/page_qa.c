/* page_qa.c - deliverable QA (issue 16): the milestone page with its acceptance criteria, the
 * criteria forms of milestones and documents, and the review of a document version. The
 * writes are the domain's (domain/qa.c); qa_view.c shows criteria and reviews on other pages. */
#include "page/page_qa.h"
#include "core/array.h"
#include "core/db.h"
#include "core/xml.h"
#include "domain/qa.h"
#include "page/document_view.h"
#include "page/plan_view.h"
#include "page/qa_view.h"
#include "web/frame.h"
#include "web/page_util.h"
#include "web/render.h"
#include "web/valid.h"

#include <stdlib.h>
#include <string.h>

static const struct vfield criterion_fields[] = {
	{ "text", "Criterion", V_LINE, 1, 1, 300, NULL },
	{ "client_visible", "Shown to the client", V_BOOL, 0, 0, 0, NULL },
};

static const char *const decisions[] = { "pass", "return", NULL };

static const struct vfield review_fields[] = {
	{ "decision", "Decision", V_ENUM, 1, 0, 0, decisions },
	{ "note", "Note", V_TEXT, 0, 0, 2000, NULL },
	{ "criterion", "Criteria", V_IDS, 0, 0, 0, NULL },
};

/* The milestone page: the milestone, its project's tabs and its criteria with their forms;
 * f, when set, a criterion form sent back. */
static int milestone_page(struct req *r, long long id, const struct form *f, int status)
{
	struct db_res *m, *p;
	xmlNodePtr page;
	int rc;

	if ((rc = page_one_row(r, ST_QA_MS_PAGE, &m, "i", id)) ||
	    (rc = plan_project(r, db_cell_int(m, 0, QA_MS_PAGE_PROJECT_ID), &p)))
		return rc;
	page = xml_page(r, XSL_QA, "milestone", db_cell(m, 0, QA_MS_PAGE_NAME));
	xml_row(page, "project", p, 0);
	xml_row(page, "milestone", m, 0);
	if (qa_criteria_xml(r, page, id, 0, 1))
		return 503;
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_milestone_view(struct req *r)
{
	return milestone_page(r, r->ids[0], NULL, 200);
}

/* The page of subject s with form f sent back (422): the milestone's or the document's. */
static int subject_page(struct req *r, const struct qa_subject *s, const struct form *f)
{
	struct db_res *d;
	int rc;

	if (s->milestone_id)
		return milestone_page(r, s->milestone_id, f, 422);
	if ((rc = document_get(r, s->document_id, &d)))
		return rc;
	return document_page(r, d, f, 422);
}

/* Where a criterion's subject lists them. Arena text. */
static const char *subject_url(struct req *r, const struct qa_subject *s)
{
	return s->milestone_id ? arena_printf(r->arena, "/milestones/%lld#criteria", s->milestone_id)
			       : arena_printf(r->arena, "/documents/%lld#criteria", s->document_id);
}

/* The answer to a criterion POST after the domain's result rc (0 or a failure, then rolled
 * back): back to its subject with a flash. */
static int criterion_done(struct req *r, int rc, const struct qa_subject *s, const char *flash)
{
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		return rc == QA_NOT_FOUND ? 404 : 503;
	}
	xml_flash_next(r, flash);
	return req_redirect(r, subject_url(r, s));
}

/* POST /milestones/{id}/criteria and /documents/{id}/criteria: add one (form "criterion"). */
static int criterion_create(struct req *r, long long milestone, long long doc)
{
	struct qa_subject s = { .milestone_id = milestone, .document_id = doc };
	struct form f;
	long long id;
	int rc;

	if (valid_form(r, &f, "criterion", criterion_fields, ARRAY_SIZE(criterion_fields)))
		return subject_page(r, &s, &f);
	if (db_begin(r->db))
		return 503;
	rc = qa_criterion_add(&r->ctx, milestone, doc, valid_get(&f, "text")->s,
			      (int)valid_get(&f, "client_visible")->i, &id, &s);
	if (rc == QA_FULL) {
		db_rollback(r->db);
		valid_error(&f, "text", "A checklist holds at most 30 criteria: remove one first.");
		return subject_page(r, &s, &f);
	}
	return criterion_done(r, rc, &s, "criterion_added");
}

int page_ms_criterion_create(struct req *r)
{
	return criterion_create(r, r->ids[0], 0);
}

int page_doc_criterion_create(struct req *r)
{
	return criterion_create(r, 0, r->ids[0]);
}

/* The subject of criterion id, read for a form sent back (no lock kept): 0, 404 or 503. */
static int criterion_subject(struct req *r, long long id, struct qa_subject *s)
{
	struct db_res *k;
	int rc;

	if ((rc = page_one_row(r, ST_QA_CRITERION_LOCK, &k, "i", id)))
		return rc;
	*s = (struct qa_subject){
		.project_id = db_cell_int(k, 0, QA_CRITERION_LOCK_PROJECT_ID),
		.milestone_id = db_cell_int(k, 0, QA_CRITERION_LOCK_MILESTONE_ID),
		.document_id = db_cell_int(k, 0, QA_CRITERION_LOCK_DOCUMENT_ID),
	};
	return 0;
}

/* POST /criteria/{id}: change one (form "criterion-{id}" on its subject's page). */
int page_criterion_update(struct req *r)
{
	struct qa_subject s;
	struct form f;
	int rc;

	if (valid_form(r, &f, arena_printf(r->arena, "criterion-%lld", r->ids[0]), criterion_fields,
		       ARRAY_SIZE(criterion_fields))) {
		if ((rc = criterion_subject(r, r->ids[0], &s)))
			return rc;
		return subject_page(r, &s, &f);
	}
	if (db_begin(r->db))
		return 503;
	rc = qa_criterion_update(&r->ctx, r->ids[0], valid_get(&f, "text")->s,
				 (int)valid_get(&f, "client_visible")->i, &s);
	return criterion_done(r, rc, &s, "criterion_saved");
}

/* POST /criteria/{id}/delete: remove one (the page asks first). */
int page_criterion_delete(struct req *r)
{
	struct qa_subject s;

	if (db_begin(r->db))
		return 503;
	return criterion_done(r, qa_criterion_delete(&r->ctx, r->ids[0], &s), &s, "criterion_deleted");
}

/* The form's ticked criteria (criterion, repeatable) into ids (at most max, repeats dropped):
 * their number. valid_form checked each is an id. */
static size_t ticked_criteria(const struct req *r, long long *ids, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < r->form.n; i++) {
		char *end;
		long long id;
		size_t k;

		if (strcmp(r->form.v[i].name, "criterion"))
			continue;
		id = strtoll(r->form.v[i].value, &end, 10);
		if (*end || id < 1)
			continue;
		for (k = 0; k < n && ids[k] != id; k++)
			;
		if (k == n && n < max)
			ids[n++] = id;
	}
	return n;
}

/* POST /versions/{id}/review: pass the version (every criterion ticked) or send it back with a
 * note (form "review" on its document's page). */
int page_version_review(struct req *r)
{
	struct problems p = { 0 };
	long long ids[QA_MAX_CRITERIA + 8], doc = 0;
	struct db_res *v, *d;
	struct form f;
	size_t n;
	int rc;

	if ((rc = page_one_row(r, ST_QA_VERSION_GET, &v, "i", r->ids[0])))
		return rc;
	doc = db_cell_int(v, 0, QA_VERSION_GET_DOCUMENT_ID);
	valid_form(r, &f, "review", review_fields, ARRAY_SIZE(review_fields));
	n = ticked_criteria(r, ids, ARRAY_SIZE(ids));
	if (!f.nerr) {
		if (db_begin(r->db))
			return 503;
		rc = qa_review(&r->ctx, r->ids[0], !strcmp(valid_get(&f, "decision")->s, "pass"),
			       valid_get(&f, "note")->s, ids, n, &p, &doc);
		if (!rc && !db_commit(r->db)) {
			xml_flash_next(r, strcmp(valid_get(&f, "decision")->s, "pass") ? "review_returned"
										: "review_passed");
			return req_redirect(r, arena_printf(r->arena, "/documents/%lld#reviews", doc));
		}
		db_rollback(r->db);
		if (rc == QA_NOT_FOUND)
			return 404;
		if (rc != QA_REFUSED && rc != QA_OWN)
			return 503;
		plan_problems_to_form(&f, &p);
	}
	if ((rc = document_get(r, doc, &d)))
		return rc;
	return document_page(r, d, &f, 422);
}
