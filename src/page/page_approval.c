/* page_approval.c - the pages of approval requests on a document version or a change request:
 * staff ask chosen contacts, who get a tokenised link (/a/{token}) and find it in the portal; the
 * contact decides once there, or staff record the decision on the client's behalf. The writes
 * are the domain's (domain/approval.c: the requests, the decision kept as an audit record, the
 * version locked or the change request decided, the reminders); approval_view.c shows approvals
 * on other pages. */
#include "core/array.h"
#include "core/db.h"
#include "domain/approval.h"
#include "page/change_view.h"
#include "page/page_approval.h"
#include "page/document_view.h"
#include "page/plan_view.h"
#include "page/qa_view.h"
#include "web/file.h"
#include "web/page_util.h"
#include "web/render.h"
#include "web/sess.h"
#include "web/token_page.h"
#include "domain/token.h"
#include "web/valid.h"
#include "domain/vocab.h"
#include "core/xml.h"
#include "web/frame.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const decisions[] = { "approve", "changes", NULL };

static const struct vfield request_fields[] = {
	{ "contact_id", "Contacts", V_IDS, 1, 0, 0, NULL },
	{ "due_date", "Due date", V_DATE, 1, 0, 0, NULL },
	{ "message", "Message", V_TEXT, 0, 0, 4000, NULL },
};
static const struct vfield decide_fields[] = {
	{ "decision", "Decision", V_ENUM, 1, 0, 0, decisions },
	{ "comment", "Comment", V_TEXT, 0, 0, 4000, NULL },
	{ "signed_name", "Your name", V_LINE, 1, 1, 200, NULL },
};

/* 1 when the YYYY-MM-DD date d is before today (UTC). */
static int past(const char *d)
{
	char today[11];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	return strcmp(d, today) < 0;
}

/* ------------------------------------------------------------ staff */

/* The form's contacts (contact_id, repeatable) into ids, without repeats: each must be an
 * active contact of project pid's client with access approve (checked in SQL). Errors go on
 * f. 0, or -1 on a database failure. */
static int request_contacts(struct req *r, struct form *f, long long pid, long long *ids,
			    size_t *nids)
{
	struct db_res *ct;

	*nids = 0;
	for (size_t i = 0; i < r->form.n; i++) {
		char *end;
		long long cid;
		size_t k;

		if (strcmp(r->form.v[i].name, "contact_id"))
			continue;
		cid = strtoll(r->form.v[i].value, &end, 10);
		if (*end || cid < 1)
			return 0; /* valid_form has said so */
		for (k = 0; k < *nids && ids[k] != cid; k++)
			;
		if (k < *nids)
			continue;
		if (*nids == 32) {
			valid_error(f, "contact_id", "Ask at most 32 contacts at once.");
			return 0;
		}
		ids[(*nids)++] = cid;
	}
	for (size_t i = 0; i < *nids; i++) {
		if (db_query(r->db, r->arena, ST_APPROVAL_CONTACT, &ct, "ii", ids[i], pid))
			return -1;
		if (ct->nrows != 1) {
			valid_error(f, "contact_id", "Choose contacts of this client who may approve.");
			break;
		}
	}
	return 0;
}

int page_approval_create(struct req *r)
{
	struct db_res *d, *v;
	long long doc = r->ids[0], pid, client, ids[32];
	size_t nids = 0;
	struct form f;
	const char *why;
	int rc, st;

	if ((rc = page_one_row(r, ST_DOC_GET, &d, "iii", doc, 1LL, 0LL)))
		return rc;
	pid = db_cell_int(d, 0, DOC_GET_PROJECT_ID);
	client = db_cell_int(d, 0, DOC_GET_CLIENT_ID);
	if (db_query(r->db, r->arena, ST_VERSION_LATEST, &v, "i", doc))
		return 503;
	valid_form(r, &f, "approval", request_fields, ARRAY_SIZE(request_fields));
	if (valid_get(&f, "due_date")->s && past(valid_get(&f, "due_date")->s))
		valid_error(&f, "due_date", "Due date cannot be in the past.");
	if (!db_cell_int(d, 0, DOC_GET_CLIENT_VISIBLE))
		valid_error(&f, "contact_id", "Share the document with the client before asking for an approval.");
	if (v->nrows != 1)
		valid_error(&f, "contact_id", "Upload a version first.");
	else if (db_cell_int(v, 0, VERSION_LATEST_LOCKED))
		valid_error(&f, "contact_id", "The latest version is approved and locked: upload a new version to ask again.");
	if (!f.nerr && request_contacts(r, &f, pid, ids, &nids))
		return 503;
	if (f.nerr) {
		r->xsl = XSL_DOCUMENTS;
		return document_page(r, d, &f, 422);
	}
	if (db_begin(r->db))
		return 503;
	st = approval_request(&r->ctx, pid, client, db_cell(d, 0, DOC_GET_TITLE), doc,
			      db_cell_int(v, 0, VERSION_LATEST_ID), 0, ids, nids,
			      valid_get(&f, "message")->s, valid_get(&f, "due_date")->s, &why);
	if (st || db_commit(r->db)) {
		db_rollback(r->db);
		/* issue 16: the version has not passed its internal review */
		if (st == APPROVAL_REFUSED) {
			valid_error(&f, NULL, why);
			r->xsl = XSL_DOCUMENTS;
			return document_page(r, d, &f, 422);
		}
		return 503;
	}
	xml_flash_next(r, "approval_requested");
	return req_redirect(r, arena_printf(r->arena, "/documents/%lld", doc));
}

int page_approval_change_create(struct req *r)
{
	struct db_res *c, *p;
	long long change = r->ids[0], pid, ids[32];
	size_t nids = 0;
	struct form f;
	const char *why;
	int rc, st;

	if ((rc = page_one_row(r, ST_CR_GET, &c, "i", change)))
		return rc;
	pid = db_cell_int(c, 0, CR_GET_PROJECT_ID);
	if ((rc = plan_project(r, pid, &p)))
		return rc;
	valid_form(r, &f, arena_printf(r->arena, "approval-%lld", change), request_fields,
		   ARRAY_SIZE(request_fields));
	if (valid_get(&f, "due_date")->s && past(valid_get(&f, "due_date")->s))
		valid_error(&f, "due_date", "Due date cannot be in the past.");
	if (strcmp(db_cell(c, 0, CR_GET_STATUS), "proposed"))
		valid_error(&f, NULL, "Only a proposed change request can be sent for approval.");
	if (!f.nerr && request_contacts(r, &f, pid, ids, &nids))
		return 503;
	if (f.nerr)
		return plan_changes_page(r, pid, &f, 422);
	if (db_begin(r->db))
		return 503;
	/* the change request stays proposed while its requests are written (locked there) */
	st = approval_request_change(&r->ctx, change, ids, nids, valid_get(&f, "message")->s,
				     valid_get(&f, "due_date")->s, &why);
	if (st || db_commit(r->db)) {
		db_rollback(r->db);
		if (st == APPROVAL_REFUSED) {
			valid_error(&f, NULL, why);
			return plan_changes_page(r, pid, &f, 422);
		}
		return 503;
	}
	xml_flash_next(r, "approval_requested");
	return req_redirect(r, arena_printf(r->arena, "/projects/%lld/changes", pid));
}

/* Record a decision on approval a in a transaction of its own: approval_decide() (approval.h)
 * and the commit. The one decision of the token page, the portal and staff on the client's
 * behalf. 0; 409 when it was decided already (*why NULL) or the effect is refused (*why says
 * why); 404 when its change request is gone; 503. */
static int decide(struct req *r, struct db_res *a, const struct form *f, int on_behalf,
		  const char **why)
{
	int st;

	*why = NULL;
	if (db_begin(r->db))
		return 503;
	st = approval_decide(&r->ctx, a, valid_get(f, "decision")->s, valid_get(f, "comment")->s,
			     valid_get(f, "signed_name")->s, on_behalf, r->remote_addr,
			     r->user_agent, why);
	if (st || db_commit(r->db)) {
		db_rollback(r->db);
		return st == APPROVAL_DECIDED || st == APPROVAL_REFUSED ? 409
		       : st == APPROVAL_NOT_FOUND ? 404 : 503;
	}
	return 0;
}

/* The decision form (decision, comment, signed_name) of a request: changes need a comment. */
static void decide_form(struct req *r, struct form *f, const char *id)
{
	if (valid_form(r, f, id, decide_fields, ARRAY_SIZE(decide_fields)) == 0 &&
	    !strcmp(valid_get(f, "decision")->s, "changes") && !valid_get(f, "comment")->s)
		valid_error(f, "comment", "Say what should change.");
}

int page_approval_record(struct req *r)
{
	struct db_res *a, *d;
	struct form f;
	const char *why;
	long long change;
	int st, rc;

	if ((rc = page_one_row(r, ST_APPROVAL_GET, &a, "i", r->ids[0])))
		return rc;
	change = db_cell_int(a, 0, APPROVAL_GET_CHANGE_ID);
	decide_form(r, &f, change ? arena_printf(r->arena, "record-%lld", r->ids[0]) : "record");
	if (f.nerr) {
		if (change)
			return plan_changes_page(r, db_cell_int(a, 0, APPROVAL_GET_PROJECT_ID), &f, 422);
		if (document_get(r, db_cell_int(a, 0, APPROVAL_GET_DOCUMENT_ID), &d))
			return 503;
		return document_page(r, d, &f, 422);
	}
	st = decide(r, a, &f, 1, &why);
	if (st == 409 && why) {
		valid_error(&f, NULL, why);
		return plan_changes_page(r, db_cell_int(a, 0, APPROVAL_GET_PROJECT_ID), &f, 422);
	}
	if (st == 409) {
		xml_flash_next(r, "approval_already");
		st = 0;
	} else if (!st) {
		xml_flash_next(r, "approval_recorded");
	}
	if (st)
		return st;
	if (change)
		return req_redirect(r, arena_printf(r->arena, "/projects/%lld/changes",
						    db_cell_int(a, 0, APPROVAL_GET_PROJECT_ID)));
	return req_redirect(r, arena_printf(r->arena, "/documents/%lld", db_cell_int(a, 0, APPROVAL_GET_DOCUMENT_ID)));
}

/* ------------------------------------------------------------ /a/{token} and the portal */

static int already_decided(struct req *r)
{
	return token_refused(r, 409, "Already decided",
			     "A decision on this request has already been recorded; it cannot be made"
			     " twice.");
}

/* A request closed because its change request was decided by another path. */
static int closed_refused(struct req *r)
{
	return token_refused(r, 409, "Already decided",
			     "This change request has already been decided, so this request is"
			     " closed; nothing more is needed from you.");
}

/* A pending request whose contact may no longer approve. */
static int not_allowed(struct req *r)
{
	return token_refused(r, 403, "Not allowed",
			     "Your access no longer allows approving. Ask your contact at the"
			     " agency.");
}

/* An approval link is used once its request is decided, and revoked when the request is
 * closed (its change request decided by another path). */
static const struct token_kind approval_kind = { ST_APPROVAL_BY_TOKEN, "decided", "closed",
						 "expired" };

/* The approval of the path's token, or the refusal page's status. Decided
 * approvals are returned (the page shows the record); closed ones are refused
 * (409); pending ones must be unexpired and their contact still active with
 * access approve. */
static int token_approval(struct req *r, struct db_res **out)
{
	struct db_res *a;
	enum token_state state;

	if (token_find(r->db, r->arena, &approval_kind, token_of_path(r), &a, &state))
		return 503;
	*out = a;
	switch (state) {
	case TOKEN_OPEN:
		break;
	case TOKEN_UNKNOWN:
		return token_refused(r, 404, "Link not valid",
				     "This approval link is not valid, or no longer valid. Use the link"
				     " from your most recent e-mail, or ask your contact at the agency.");
	case TOKEN_REVOKED:
		return closed_refused(r);
	case TOKEN_USED:
		return 0;
	case TOKEN_EXPIRED:
		return token_refused(r, 410, "Link expired",
				     "This approval link has expired. Ask your contact at the agency"
				     " for a new one.");
	}
	if (!db_cell_int(a, 0, APPROVAL_GET_ACTIVE) || vocab_access_parse(db_cell(a, 0, APPROVAL_GET_ACCESS)) != ACCESS_APPROVE)
		return not_allowed(r);
	return 0;
}

/* The page of approval a: its subject (the version and its preview, or the change request
 * and its impact), and the decision record or the form. portal: the signed-in contact's page
 * (form with the session's CSRF), else the token page (form with the token's nonce). */
static int approval_page(struct req *r, struct db_res *a, const struct form *f, int status,
			 int portal)
{
	xmlNodePtr page = xml_page(r, XSL_APPROVAL, "approval", db_cell(a, 0, APPROVAL_GET_TITLE));
	xmlNodePtr n = xml_row(page, "approval", a, 0);
	const char *ct = db_cell(a, 0, APPROVAL_GET_CONTENT_TYPE) ? db_cell(a, 0, APPROVAL_GET_CONTENT_TYPE) : "";
	/* read by the checks above, not shown: not in the page's XML either (issue 10 item 17) */
	static const char *const unshown[] = { "contact-email", "access", "active", "client-id",
					       "decided", "closed" };

	for (size_t i = 0; i < ARRAY_SIZE(unshown); i++)
		xmlUnsetProp(n, BAD_CAST unshown[i]);
	if (portal) {
		xml_attr(n, "portal", "1");
	} else {
		char nonce[TOKEN_NONCE_LEN + 1];
		token_nonce(token_of_path(r), nonce);
		xml_attr(n, "token", token_of_path(r));
		xml_attr(n, "nonce", nonce);
	}
	xml_attr(n, "preview", !strcmp(ct, "application/pdf") ? "pdf" :
			       (!strcmp(ct, "image/png") || !strcmp(ct, "image/jpeg") ||
				!strcmp(ct, "image/gif")) ? "image" : "");
	/* issue 16: the document's client-visible acceptance criteria, never the internal ones */
	if (db_cell_int(a, 0, APPROVAL_GET_DOCUMENT_ID) &&
	    qa_criteria_xml(r, page, 0, db_cell_int(a, 0, APPROVAL_GET_DOCUMENT_ID), 0))
		return 503;
	if (strcmp(db_cell(a, 0, APPROVAL_GET_STATE), "pending")) {
		struct db_res *x;
		if (db_query(r->db, r->arena, ST_DECISION_OF_APPROVAL, &x, "i", db_cell_int(a, 0, APPROVAL_GET_ID)))
			return 503;
		if (x->nrows == 1)
			xml_row(page, "decision", x, 0);
	}
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_approval_form(struct req *r)
{
	struct db_res *a;
	int st = token_approval(r, &a);

	return st ? st : approval_page(r, a, NULL, 200, 0);
}

/* Decide approval a from the form of its page (token or portal): 303 back to the page, the
 * page again with 422, or the refusal's status. */
static int decide_from_page(struct req *r, struct db_res *a, int portal, const char *back)
{
	struct form f;
	const char *why;
	int st;

	if (strcmp(db_cell(a, 0, APPROVAL_GET_STATE), "pending"))
		return already_decided(r);
	decide_form(r, &f, "decision");
	if (f.nerr)
		return approval_page(r, a, &f, 422, portal);
	st = decide(r, a, &f, 0, &why);
	if (st == 409 && why)
		return token_refused(r, 409, "Cannot be approved", why);
	if (st == 409)
		return already_decided(r);
	if (st)
		return st;
	return req_redirect(r, back);
}

int page_approval_decide(struct req *r)
{
	struct db_res *a;
	int st = token_approval(r, &a);

	if (st)
		return st;
	if (!token_post_ok(r, token_of_path(r)))
		return token_form_refused(r);
	return decide_from_page(r, a, 0, arena_printf(r->arena, "/a/%s", token_of_path(r)));
}

/* The approval of the path's id for the signed-in contact: only the contact it was sent to
 * finds it (404 for anyone else); closed → 409; pending needs access approve now (403). */
static int portal_approval(struct req *r, struct db_res **out)
{
	struct db_res *a;
	int st;

	if ((st = page_one_row(r, ST_APPROVAL_PORTAL_GET, out, "iii", r->ids[0], r->sess.user_id,
			       r->sess.client_id)))
		return st;
	a = *out;
	if (!strcmp(db_cell(a, 0, APPROVAL_GET_STATE), "closed"))
		return closed_refused(r);
	if (!strcmp(db_cell(a, 0, APPROVAL_GET_STATE), "pending") &&
	    (r->sess.access != ACCESS_APPROVE || vocab_access_parse(db_cell(a, 0, APPROVAL_GET_ACCESS)) != ACCESS_APPROVE ||
	     !db_cell_int(a, 0, APPROVAL_GET_ACTIVE)))
		return not_allowed(r);
	return 0;
}

int page_portal_approval(struct req *r)
{
	struct db_res *a;
	int st = portal_approval(r, &a);

	return st ? st : approval_page(r, a, NULL, 200, 1);
}

int page_portal_approval_decide(struct req *r)
{
	struct db_res *a;
	int st = portal_approval(r, &a);

	if (st)
		return st;
	return decide_from_page(r, a, 1, arena_printf(r->arena, "/portal/approvals/%lld", r->ids[0]));
}

int page_approval_file(struct req *r)
{
	struct db_res *a;
	const char *ct, *dl;
	int st = token_approval(r, &a);

	if (st)
		return st;
	if (db_cell_int(a, 0, APPROVAL_GET_CHANGE_ID))
		return 404; /* a change request has no file */
	ct = db_cell(a, 0, APPROVAL_GET_CONTENT_TYPE);
	dl = kv_get(&r->query, "download");
	return file_send(r, db_cell(a, 0, APPROVAL_GET_FILENAME), ct, db_cell(a, 0, APPROVAL_GET_SHA256),
			 !dl && (!strcmp(ct, "application/pdf") || !strcmp(ct, "image/png") ||
				 !strcmp(ct, "image/jpeg") || !strcmp(ct, "image/gif")));
}
