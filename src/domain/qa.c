/* qa.c - deliverable QA (domain layer, issue 16): acceptance criteria on milestones and
 * documents, and the internal review of a document version before the client approves it. */
#include "domain/qa.h"
#include "core/arena.h"
#include "core/db.h"
#include "domain/notify_who.h"
#include "domain/outbox.h"

#include <string.h>

int qa_criterion_add(struct ctx *c, long long milestone, long long doc, const char *text,
		     int client_visible, long long *id, struct qa_subject *s)
{
	struct db_res *r;
	long long n;

	*s = (struct qa_subject){ .milestone_id = milestone, .document_id = doc };
	if ((milestone != 0) == (doc != 0))
		return QA_NOT_FOUND;
	if (db_query(c->db, c->arena, milestone ? ST_QA_MS_LOCK : ST_QA_DOC_LOCK, &r, "i",
		     milestone ? milestone : doc))
		return -1;
	if (r->nrows != 1)
		return QA_NOT_FOUND;
	s->project_id = db_cell_int(r, 0, milestone ? QA_MS_LOCK_PROJECT_ID : QA_DOC_LOCK_PROJECT_ID);
	n = db_exec(c->db, ST_QA_CRITERION_INSERT, "innsinii", s->project_id, milestone, doc, text,
		    (long long)(client_visible != 0), c->actor_id, milestone, doc);
	if (n == 0)
		return QA_FULL;
	if (n != 1)
		return -1;
	*id = db_insert_id(c->db);
	return 0;
}

/* Lock criterion id: its subject in *s, or QA_NOT_FOUND, or -1. */
static int criterion_lock(struct ctx *c, long long id, struct qa_subject *s)
{
	struct db_res *r;

	if (db_query(c->db, c->arena, ST_QA_CRITERION_LOCK, &r, "i", id))
		return -1;
	if (r->nrows != 1)
		return QA_NOT_FOUND;
	*s = (struct qa_subject){
		.project_id = db_cell_int(r, 0, QA_CRITERION_LOCK_PROJECT_ID),
		.milestone_id = db_cell_int(r, 0, QA_CRITERION_LOCK_MILESTONE_ID),
		.document_id = db_cell_int(r, 0, QA_CRITERION_LOCK_DOCUMENT_ID),
	};
	return 0;
}

int qa_criterion_update(struct ctx *c, long long id, const char *text, int client_visible,
			struct qa_subject *s)
{
	int rc;

	*s = (struct qa_subject){ 0 };
	if ((rc = criterion_lock(c, id, s)))
		return rc;
	return db_exec(c->db, ST_QA_CRITERION_UPDATE, "sii", text, (long long)(client_visible != 0),
		       id) < 0 ? -1 : 0;
}

int qa_criterion_delete(struct ctx *c, long long id, struct qa_subject *s)
{
	int rc;

	*s = (struct qa_subject){ 0 };
	if ((rc = criterion_lock(c, id, s)))
		return rc;
	return db_exec(c->db, ST_QA_CRITERION_DELETE, "i", id) == 1 ? 0 : -1;
}

const char *qa_state_name(enum qa_state s)
{
	switch (s) {
	case QA_NO_REVIEW: return "none";
	case QA_IN_REVIEW: return "in-review";
	case QA_PASSED: return "passed";
	case QA_RETURNED: return "returned";
	}
	return "none";
}

int qa_version_state(struct ctx *c, long long doc, long long vid, enum qa_state *st,
		     const char **note)
{
	struct db_res *r;
	const char *decision;

	*st = QA_NO_REVIEW;
	*note = NULL;
	if (db_query(c->db, c->arena, ST_QA_VERSION_STATE, &r, "iii", doc, doc, vid) || r->nrows != 1)
		return -1;
	decision = db_cell(r, 0, QA_VERSION_STATE_DECISION);
	*note = db_cell(r, 0, QA_VERSION_STATE_NOTE);
	if (db_cell_int(r, 0, QA_VERSION_STATE_CRITERIA) == 0)
		*st = QA_NO_REVIEW;
	else if (!decision)
		*st = QA_IN_REVIEW;
	else if (!strcmp(decision, "returned"))
		*st = QA_RETURNED;
	else
		/* a pass covers the criteria it ticked: one added since reopens the review */
		*st = db_cell_int(r, 0, QA_VERSION_STATE_UNCHECKED) ? QA_IN_REVIEW : QA_PASSED;
	return 0;
}

int qa_version_ready(struct ctx *c, long long doc, long long vid, const char **why)
{
	enum qa_state st;
	const char *note;

	*why = NULL;
	if (qa_version_state(c, doc, vid, &st, &note))
		return -1;
	switch (st) {
	case QA_NO_REVIEW:
	case QA_PASSED:
		return 0;
	case QA_IN_REVIEW:
		*why = "This version has not passed its internal review yet: a reviewer other than its"
		       " uploader must pass every acceptance criterion first.";
		return 1;
	case QA_RETURNED:
		*why = "This version was sent back in review: upload a new version, which starts a"
		       " new review.";
		return 1;
	}
	return 1;
}

/* 1 when id is one of ticked[0..n). */
static int ticked_has(const long long *ticked, size_t n, long long id)
{
	for (size_t i = 0; i < n; i++)
		if (ticked[i] == id)
			return 1;
	return 0;
}

int qa_review(struct ctx *c, long long vid, int pass, const char *note, const long long *ticked,
	      size_t nticked, struct problems *p, long long *doc)
{
	struct db_res *v, *d, *k;
	enum qa_state st;
	const char *last, *title;
	long long uploader, rid, client, pid;
	int version;

	*doc = 0;
	if (db_query(c->db, c->arena, ST_QA_VERSION_GET, &v, "i", vid))
		return -1;
	if (v->nrows != 1)
		return QA_NOT_FOUND;
	*doc = db_cell_int(v, 0, QA_VERSION_GET_DOCUMENT_ID);
	/* one review of a document at a time: its row first */
	if (db_query(c->db, c->arena, ST_QA_DOC_LOCK, &d, "i", *doc) || d->nrows != 1)
		return -1;
	uploader = db_cell_int(v, 0, QA_VERSION_GET_UPLOADED_BY);
	version = (int)db_cell_int(v, 0, QA_VERSION_GET_VERSION);
	title = db_cell(v, 0, QA_VERSION_GET_TITLE);
	pid = db_cell_int(v, 0, QA_VERSION_GET_PROJECT_ID);
	client = db_cell_int(v, 0, QA_VERSION_GET_CLIENT_ID);
	if (uploader && uploader == c->actor_id) {
		problem_add(p, NULL, "You uploaded this version: someone else must review it.");
		return QA_OWN;
	}
	if (qa_version_state(c, *doc, vid, &st, &last) ||
	    db_query(c->db, c->arena, ST_QA_CRITERIA_OF_DOC, &k, "ii", *doc, 1LL))
		return -1;
	if (st == QA_NO_REVIEW)
		problem_add(p, NULL, "This document has no acceptance criteria: there is nothing to review.");
	else if (version != (int)db_cell_int(v, 0, QA_VERSION_GET_LATEST))
		problem_add(p, NULL, "A newer version exists: review that one.");
	else if (db_cell_int(v, 0, QA_VERSION_GET_LOCKED))
		problem_add(p, NULL, "This version is approved and locked.");
	else if (st == QA_PASSED)
		problem_add(p, NULL, "This version has passed review already.");
	else if (st == QA_RETURNED)
		problem_add(p, NULL, "This version was sent back already: a new version starts a new review.");
	if (p->n)
		return QA_REFUSED;
	for (size_t i = 0; i < nticked; i++) {
		size_t j;
		for (j = 0; j < k->nrows && db_cell_int(k, j, QA_CRITERIA_OF_DOC_ID) != ticked[i]; j++)
			;
		if (j == k->nrows) {
			problem_add(p, "criterion", "Tick only this document's criteria.");
			return QA_REFUSED;
		}
	}
	if (pass) {
		for (size_t j = 0; j < k->nrows; j++)
			if (!ticked_has(ticked, nticked, db_cell_int(k, j, QA_CRITERIA_OF_DOC_ID))) {
				problem_add(p, "criterion", "Tick every criterion to pass the version, or send it back with a note.");
				break;
			}
	} else if (!note || !*note) {
		problem_add(p, "note", "Say what must change before the version can pass.");
	}
	if (p->n)
		return QA_REFUSED;
	if (db_exec(c->db, ST_QA_REVIEW_INSERT, "iinss", *doc, vid, c->actor_id,
		    pass ? "passed" : "returned", note ? note : "") != 1)
		return -1;
	rid = db_insert_id(c->db);
	for (size_t j = 0; j < k->nrows; j++) {
		long long kid = db_cell_int(k, j, QA_CRITERIA_OF_DOC_ID);
		if (db_exec(c->db, ST_QA_CHECK_INSERT, "iisi", rid, kid, db_cell(k, j, QA_CRITERIA_OF_DOC_TEXT),
			    (long long)ticked_has(ticked, nticked, kid)) != 1)
			return -1;
	}
	if (activity_add(c, client, pid, pass ? "review_passed" : "review_returned", NULL, NULL,
			 arena_printf(c->arena, "%s v%d", title, version), 0))
		return -1;
	/* the uploader hears of it, with the note when sent back */
	{
		const char *say = note && *note ? notify_excerpt(c->arena, note, 300) : NULL;
		struct notice n = {
			.kind = NK_REVIEW, .user_id = uploader, .project_id = pid,
			.link = arena_printf(c->arena, "/documents/%lld#reviews", *doc),
			.text = arena_printf(c->arena, "%s %s \u201c%s\u201d v%d%s%s%s",
					     notify_actor_name(c),
					     pass ? "passed the review of" : "sent back",
					     title, version, say ? ": \u201c" : ".", say ? say : "",
					     say ? "\u201d" : ""),
		};
		if (uploader && notify(c, &n) < 0)
			return -1;
	}
	return 0;
}
