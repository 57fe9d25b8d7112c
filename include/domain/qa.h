/* qa.h - deliverable QA (domain layer, issue 16): acceptance criteria on a milestone or a
 * document, and the internal review a document version passes before the client is asked to
 * approve it. */
#ifndef TANDEM_QA_H
#define TANDEM_QA_H

#include <stddef.h>
#include "domain/ctx.h"
#include "domain/problem.h"

#define QA_MAX_CRITERIA 30 /* a subject's criteria (ST_QA_CRITERION_INSERT's limit) */

/* The results of this module's functions besides 0 (done) and -1 (database error). */
enum {
	QA_NOT_FOUND = 1, /* no such milestone, document, criterion or version: nothing written */
	QA_FULL = 2,      /* the subject has QA_MAX_CRITERIA criteria: nothing written */
	QA_REFUSED = 3,   /* the review is refused, the problems say why: nothing written */
	QA_OWN = 4,       /* the reviewer uploaded the version: nothing written */
};

/* What a criterion is about: its project and one of milestone_id, document_id (the other 0). */
struct qa_subject {
	long long project_id;
	long long milestone_id;
	long long document_id;
};

/*
 * Add acceptance criterion text (a line, checked by the caller) to milestone milestone or to
 * document doc (exactly one of the two non-zero), client-visible or internal, written by
 * c->actor_id. Runs in the caller's transaction: the caller commits on 0 and rolls back on
 * anything else.
 * Locks: the milestone's or the document's row (FOR UPDATE), so two additions cannot pass the
 * limit together. Writes: the criterion. No activity line, no event, no mail.
 * The new id in *id, the subject in *s. Returns 0; QA_NOT_FOUND; QA_FULL; -1.
 */
int qa_criterion_add(struct ctx *c, long long milestone, long long doc, const char *text,
		     int client_visible, long long *id, struct qa_subject *s);

/*
 * Set criterion id's text and visibility, in the caller's transaction (commit on 0, roll back
 * on anything else). Its subject in *s whenever it exists.
 * Locks: the criterion's row. Writes: the row (a review already recorded keeps the text it
 * checked). Returns 0; QA_NOT_FOUND; -1.
 */
int qa_criterion_update(struct ctx *c, long long id, const char *text, int client_visible,
			struct qa_subject *s);

/*
 * Remove criterion id, in the caller's transaction (commit on 0, roll back on anything else).
 * Its subject in *s whenever it exists. Locks: the criterion's row. Writes: the deletion
 * (reviews keep what they checked). Returns 0; QA_NOT_FOUND; -1.
 */
int qa_criterion_delete(struct ctx *c, long long id, struct qa_subject *s);

/* Where a version stands in its review. */
enum qa_state {
	QA_NO_REVIEW,  /* its document has no criteria: no review needed */
	QA_IN_REVIEW,  /* criteria and no decision yet, or a pass that no longer covers every
			* criterion (one was added since) */
	QA_PASSED,     /* a reviewer passed every criterion of the document */
	QA_RETURNED,   /* sent back with a note: a new version starts a new review */
};

/* "none", "in-review", "passed", "returned". Static text. */
const char *qa_state_name(enum qa_state s);

/*
 * The review state of version vid of document doc, in *st; *note (arena text, NULL when none)
 * the note of its latest review. Reads only (in the caller's transaction when there is one).
 * 0, or -1.
 */
int qa_version_state(struct ctx *c, long long doc, long long vid, enum qa_state *st,
		     const char **note);

/*
 * Whether version vid of document doc may be sent for the client's approval: 0 when its
 * document has no criteria or it passed review; 1 with *why (static text, a sentence for the
 * PM) when it is in review or was sent back; -1 on a database error. Reads only.
 */
int qa_version_ready(struct ctx *c, long long doc, long long vid, const char **why);

/*
 * Record c->actor_id's review of version vid: pass (1: every criterion of its document passed,
 * each of them in ticked[0..nticked)) or send it back (0: note says why; the criteria ticked
 * are recorded as passed, the others as not). note may be NULL when passing. Runs in the
 * caller's transaction: the caller commits on 0 and rolls back on anything else.
 * Locks: the document's row (FOR UPDATE), so two reviews of one version cannot both be taken.
 * Refuses, writing nothing (problems in *p, on the form's fields "decision", "criterion",
 * "note" or the whole form): QA_OWN when the reviewer uploaded the version; QA_REFUSED when the
 * document has no criteria, the version is not the latest, is approved (locked), was decided
 * already (passed, or sent back), a pass leaves a criterion unticked, a ticked id is not one
 * of the document's criteria, or a return has no note.
 * Writes: the review, one check per criterion of the document (its text now, passed or not),
 * an internal activity line ("review_passed" or "review_returned", the note "Title vN").
 * Emits nothing. Notifies (issue 12): the uploader, "review" (passed, or sent back with the
 * note), linking /documents/{doc}#reviews.
 * The document's id in *doc whenever the version exists. Returns 0; QA_NOT_FOUND; QA_OWN;
 * QA_REFUSED; -1.
 */
int qa_review(struct ctx *c, long long vid, int pass, const char *note, const long long *ticked,
	      size_t nticked, struct problems *p, long long *doc);

#endif
