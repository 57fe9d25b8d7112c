/* page_approval.c - approval requests on a document version or a change request: chosen
 * contacts get a tokenised link (/a/{token}) and find it in the portal, decide once, and the
 * decision is kept as an audit record; approval locks the version or decides the change
 * request through planning's decision; reminders before the due date; overdue approvals on
 * the dashboard. */
#include "core/array.h"
#include "domain/change.h"
#include "core/db.h"
#include "core/log.h"
#include "domain/mail.h"
#include "domain/outbox.h"
#include "page/page_approval.h"
#include "page/document_view.h"
#include "page/page_plan.h"
#include "page/page_risk.h"
#include "web/file.h"
#include "web/page_util.h"
#include "web/render.h"
#include "web/sess.h"
#include "web/token_page.h"
#include "domain/token.h"
#include "web/valid.h"
#include "domain/vocab.h"
#include "web/xml.h"

#include <stdio.h>
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

/* Mint a token for approval id (stored hashed) and queue its e-mail. */
static int approval_mail(struct ctx *c, long long id, const char *name, const char *email,
			 const char *title, int change, const char *due, const char *message,
			 int reminder)
{
	const char *what = change ? "the change request " : "";
	char token[TOKEN_LEN + 1], hash[TOKEN_HASH_LEN + 1];
	const char *brand = mail_brand_name(c), *link, *subject;
	xmlNodePtr m, n;

	token_mint(token, hash);
	if (db_exec(c->db, ST_APPROVAL_TOKEN_ADD, "si", hash, id) != 1)
		return -1;
	link = arena_printf(c->arena, "%s/a/%s", c->cfg->base_url, token);
	subject = arena_printf(c->arena, "%s%s: please review %s\"%s\"", reminder ? "Reminder - " : "",
			       brand, what, title);
	m = mail_doc(c, reminder ? "approval-reminder" : "approval");
	if (!m)
		return -1;
	n = xml_text(m, "approval", message ? message : "");
	xml_attr(n, "link", link);
	xml_attr(n, "title", title);
	xml_attr(n, "due", due);
	xml_attr(n, "change", change ? "1" : "0");
	return mail_queue(c, m, email, name, subject);
}

/* ------------------------------------------------------------ staff */

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

/* The subject of an approval for its events: a document version or a change request. */
static json_t *subject_json(long long doc, long long vid, long long change)
{
	return change ? json_pack("{s:s, s:I}", "type", "change_request", "change_id", change)
		      : json_pack("{s:s, s:I, s:I}", "type", "document_version", "document_id", doc,
				  "version_id", vid);
}

/* Ask each contact of ids about one subject (document doc's version vid, or change request
 * change), inside the open transaction: the request, its e-mail with a fresh link,
 * approval.requested and the activity line. 0, or -1 (roll back). */
static int request_send(struct req *r, const struct form *f, long long pid, long long client,
			const char *title, long long doc, long long vid, long long change,
			const long long *ids, size_t nids)
{
	const char *due = valid_get(f, "due_date")->s;
	const char *msg = valid_get(f, "message")->s ? valid_get(f, "message")->s : "";
	struct db_res *ct;

	for (size_t i = 0; i < nids; i++) {
		long long aid;
		json_t *data;

		if (db_query(r->db, r->arena, ST_APPROVAL_CONTACT, &ct, "ii", ids[i], pid) ||
		    ct->nrows != 1)
			return -1;
		if ((change ? db_exec(r->db, ST_APPROVAL_INSERT_CHANGE, "iiissn", pid, change, ids[i],
				      msg, due, r->sess.user_id)
			    : db_exec(r->db, ST_APPROVAL_INSERT, "iiiissn", pid, doc, vid, ids[i], msg,
				      due, r->sess.user_id)) != 1)
			return -1;
		aid = db_insert_id(r->db);
		if (approval_mail(&r->ctx, aid, db_cell(ct, 0, APPROVAL_CONTACT_NAME), db_cell(ct, 0, APPROVAL_CONTACT_EMAIL), title, change != 0, due,
				  msg, 0))
			return -1;
		data = json_pack("{s:I, s:o, s:I, s:s, s:s}", "approval_id", aid, "subject",
				 subject_json(doc, vid, change), "contact_id", ids[i], "title", title,
				 "due_date", due);
		json_object_set_new(data, change ? "change_id" : "document_id",
				    json_integer(change ? change : doc));
		if (outbox_emit(&r->ctx, EV_APPROVAL_REQUESTED, client, pid, data) ||
		    activity_add(&r->ctx, client, pid, "approval_requested", NULL, db_cell(ct, 0, APPROVAL_CONTACT_NAME),
				 title, 1))
			return -1;
	}
	return 0;
}

int page_approval_create(struct req *r)
{
	struct db_res *d, *v;
	long long doc = r->ids[0], pid, client, ids[32];
	size_t nids = 0;
	struct form f;
	int rc;

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
	if (request_send(r, &f, pid, client, db_cell(d, 0, DOC_GET_TITLE), doc, db_cell_int(v, 0, VERSION_LATEST_ID), 0, ids,
			 nids) ||
	    db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "approval_requested");
	return req_redirect(r, arena_printf(r->arena, "/documents/%lld", doc));
}

int page_approval_change_create(struct req *r)
{
	struct db_res *c, *p;
	long long change = r->ids[0], pid, client, ids[32];
	size_t nids = 0;
	struct form f;
	int rc;

	if ((rc = page_one_row(r, ST_CR_GET, &c, "i", change)))
		return rc;
	pid = db_cell_int(c, 0, CR_GET_PROJECT_ID);
	if ((rc = plan_project(r, pid, &p)))
		return rc;
	client = db_cell_int(p, 0, PROJECT_GET_CLIENT_ID);
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
	/* the change request stays proposed while its requests are written */
	if (db_query(r->db, r->arena, ST_CR_LOCK, &c, "i", change) || c->nrows != 1)
		goto fail;
	if (strcmp(db_cell(c, 0, CR_LOCK_STATUS), "proposed")) {
		db_rollback(r->db);
		valid_error(&f, NULL, "Only a proposed change request can be sent for approval.");
		return plan_changes_page(r, pid, &f, 422);
	}
	if (request_send(r, &f, pid, client, db_cell(c, 0, CR_LOCK_TITLE), 0, 0, change, ids, nids) ||
	    db_commit(r->db))
		goto fail;
	xml_flash_next(r, "approval_requested");
	return req_redirect(r, arena_printf(r->arena, "/projects/%lld/changes", pid));
fail:
	db_rollback(r->db);
	return 503;
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

/* The canonical text of a change request as its approval shows it (schema/007; the
 * "shift-from" line only when the change shifts the plan, schema/014): c is a row of
 * ST_CR_SHOWN_LOCK. Arena text. */
static const char *cr_canonical(struct arena *ar, const struct db_res *c)
{
	const char *shift = db_cell(c, 0, CR_SHOWN_LOCK_SHIFT_FROM);

	return arena_printf(ar,
			    "tandem change request v1\nimpact-days: %s\nimpact-minutes: %s\n"
			    "impact-amount: %s %s\n%s%s%stitle: %s\ndescription: %s\n",
			    db_cell(c, 0, CR_SHOWN_LOCK_IMPACT_DAYS), db_cell(c, 0, CR_SHOWN_LOCK_IMPACT_MINUTES),
			    db_cell(c, 0, CR_SHOWN_LOCK_IMPACT_AMOUNT), db_cell(c, 0, CR_SHOWN_LOCK_CURRENCY),
			    shift ? "shift-from: " : "", shift ? shift : "", shift ? "\n" : "",
			    db_cell(c, 0, CR_SHOWN_LOCK_TITLE),
			    db_cell(c, 0, CR_SHOWN_LOCK_DESCRIPTION) ? db_cell(c, 0, CR_SHOWN_LOCK_DESCRIPTION) : "");
}

/* Record a decision on approval a (one row of APPROVAL_COLS) in one transaction: the audit row
 * (with the SHA-256 of the version, or of the change request's canonical text read and locked
 * here), the state, the effect (the version locked; the change request decided through
 * planning's decision, which closes its other requests), the event and the activity line. The
 * one decision of the token page, the portal and staff on the client's behalf.
 * 0; 409 when it was decided already (*why NULL) or the effect is refused (*why says why); 503. */
static int decide(struct req *r, struct db_res *a, const struct form *f, int on_behalf,
		  const char **why)
{
	const char *dec = valid_get(f, "decision")->s;
	const char *comment = valid_get(f, "comment")->s ? valid_get(f, "comment")->s : "";
	long long id = db_cell_int(a, 0, APPROVAL_GET_ID), change = db_cell_int(a, 0, APPROVAL_GET_CHANGE_ID);
	long long contact = db_cell_int(a, 0, APPROVAL_GET_CONTACT_ID);
	const char *sha = db_cell(a, 0, APPROVAL_GET_SHA256);
	int approve = !strcmp(dec, "approve"), st = 503;
	char ua[256], crsha[65];
	json_t *data;

	*why = NULL;
	snprintf(ua, sizeof(ua), "%s", r->user_agent ? r->user_agent : "");
	while (strlen(ua) && ((unsigned char)ua[strlen(ua) - 1] & 0xc0) == 0x80)
		ua[strlen(ua) - 1] = '\0'; /* never a cut UTF-8 sequence */
	if (db_begin(r->db))
		return 503;
	if (change) {
		/* the change request first, in the order of its other deciders */
		struct db_res *c;
		const char *text;

		if (db_query(r->db, r->arena, ST_CR_SHOWN_LOCK, &c, "i", change) || c->nrows != 1)
			goto out;
		if (strcmp(db_cell(c, 0, CR_SHOWN_LOCK_STATUS), "proposed")) {
			st = 409;
			goto out;
		}
		text = cr_canonical(r->arena, c);
		sess_sha256_hex(text, strlen(text), crsha);
		sha = crsha;
	}
	if (db_exec(r->db, ST_APPROVAL_DECIDE, "si", approve ? "approved" : "changes", id) != 1) {
		st = 409;
		goto out;
	}
	if (db_exec(r->db, ST_DECISION_INSERT, "isssinisss", id, dec, comment,
		    valid_get(f, "signed_name")->s, contact, on_behalf ? r->sess.user_id : 0,
		    (long long)on_behalf, r->remote_addr ? r->remote_addr : "", ua, sha) != 1)
		goto out;
	if (change) {
		int rc = change_decide(&r->ctx, change, approve ? "approved" : "rejected",
				       *comment ? comment : NULL,
				       on_behalf ? r->sess.user_id : contact, why);
		if (rc) {
			st = rc == CHANGE_NOT_FOUND ? 404 : rc == CHANGE_REFUSED ? 409 : 503;
			goto out;
		}
	} else if (approve && db_exec(r->db, ST_VERSION_LOCK, "i", db_cell_int(a, 0, APPROVAL_GET_VERSION_ID)) < 0) {
		goto out;
	}
	data = json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:b}", "approval_id", id, "subject",
			 subject_json(db_cell_int(a, 0, APPROVAL_GET_DOCUMENT_ID), db_cell_int(a, 0, APPROVAL_GET_VERSION_ID), change),
			 "title", db_cell(a, 0, APPROVAL_GET_TITLE), "decision", dec, "comment", comment,
			 "version_sha256", sha, "on_behalf", on_behalf);
	json_object_set_new(data, "contact_name", json_string(db_cell(a, 0, APPROVAL_GET_CONTACT_NAME)));
	json_object_set_new(data, change ? "change_id" : "document_id",
			    json_integer(change ? change : db_cell_int(a, 0, APPROVAL_GET_DOCUMENT_ID)));
	if (outbox_emit(&r->ctx, EV_APPROVAL_DECIDED, db_cell_int(a, 0, APPROVAL_GET_CLIENT_ID),
			db_cell_int(a, 0, APPROVAL_GET_PROJECT_ID), data) ||
	    activity_add_by(&r->ctx, on_behalf ? r->sess.user_id : contact, db_cell_int(a, 0, APPROVAL_GET_CLIENT_ID),
			    db_cell_int(a, 0, APPROVAL_GET_PROJECT_ID), "approval_decided", db_cell(a, 0, APPROVAL_GET_CONTACT_NAME),
			    dec, db_cell(a, 0, APPROVAL_GET_TITLE), 1) ||
	    db_commit(r->db))
		goto out;
	return 0;
out:
	db_rollback(r->db);
	return st;
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

/* ------------------------------------------------------------ dashboard, portal, reminders */

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

int approval_reminders_run(struct db *db, struct arena *a, const struct config *cfg)
{
	struct db_res *due;
	struct ctx c = ctx_init(db, a, cfg);
	int n = 0;

	if (db_query(db, a, ST_APPROVALS_TO_REMIND, &due, ""))
		return -1;
	for (size_t i = 0; i < due->nrows; i++) {
		if (db_begin(db))
			return -1;
		if (db_exec(db, ST_APPROVAL_REMINDED, "i", db_cell_int(due, i, APPROVALS_TO_REMIND_ID)) != 1 ||
		    approval_mail(&c, db_cell_int(due, i, APPROVALS_TO_REMIND_ID), db_cell(due, i, APPROVALS_TO_REMIND_NAME), db_cell(due, i, APPROVALS_TO_REMIND_EMAIL),
				  db_cell(due, i, APPROVALS_TO_REMIND_TITLE), (int)db_cell_int(due, i, APPROVALS_TO_REMIND_IS_CHANGE), db_cell(due, i, APPROVALS_TO_REMIND_DUE_DATE),
				  db_cell(due, i, APPROVALS_TO_REMIND_MESSAGE), 1) ||
		    db_commit(db)) {
			db_rollback(db);
			continue;
		}
		n++;
	}
	return n;
}
