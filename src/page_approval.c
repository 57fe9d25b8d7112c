/* page_approval.c - approval requests on a document version: chosen contacts get a tokenised
 * link (/a/{token}), decide once, and the decision is kept as an audit record; approval locks
 * the version; reminders before the due date; overdue approvals on the dashboard. */
#include "db.h"
#include "log.h"
#include "mail.h"
#include "outbox.h"
#include "page.h"
#include "page_client_side.h"
#include "page_plan.h"
#include "render.h"
#include "sess.h"
#include "valid.h"
#include "xml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const decisions[] = { "approve", "changes", NULL };

static const struct vfield request_fields[] = {
	{ "contact_id", "Contacts", V_ID, 1, 0, 0, NULL },
	{ "due_date", "Due date", V_DATE, 1, 0, 0, NULL },
	{ "message", "Message", V_TEXT, 0, 0, 4000, NULL },
};
static const struct vfield decide_fields[] = {
	{ "decision", "Decision", V_ENUM, 1, 0, 0, decisions },
	{ "comment", "Comment", V_TEXT, 0, 0, 4000, NULL },
	{ "signed_name", "Your name", V_LINE, 1, 1, 200, NULL },
};

/* Columns of APPROVAL_COLS (ST_APPROVAL_BY_TOKEN / ST_APPROVAL_GET) */
enum { A_ID, A_STATE, A_MESSAGE, A_DUE, A_CREATED, A_DECIDED, A_DOC, A_TITLE, A_VID, A_VERSION,
       A_FILENAME, A_CTYPE, A_SHA, A_SIZE, A_CONTACT, A_CNAME, A_CEMAIL, A_ACCESS, A_ACTIVE,
       A_PROJECT, A_CLIENT, A_PNAME, A_EXPIRED };

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
static int approval_mail(struct req *r, long long id, const char *name, const char *email,
			 const char *title, const char *due, const char *message, int reminder)
{
	char token[65], hash[65];
	const char *brand = mail_brand_name(r), *link, *text, *html, *subject;

	sess_random_hex(token, 32);
	token_hash(token, hash);
	if (db_exec(r->db, ST_APPROVAL_TOKEN_ADD, "si", hash, id) != 1)
		return -1;
	link = arena_printf(r->arena, "%s/a/%s", r->cfg->base_url, token);
	subject = arena_printf(r->arena, "%s%s: please review \"%s\"", reminder ? "Reminder - " : "",
			       brand, title);
	text = arena_printf(r->arena,
			    "Hello %s,\n\n%s asks you to review \"%s\" by %s.\n\n%s%s"
			    "Open it, then approve it or ask for changes:\n%s\n\nThe link is personal:"
			    " please do not forward it.\n",
			    name, brand, title, due, message && *message ? message : "",
			    message && *message ? "\n\n" : "", link);
	html = arena_printf(r->arena,
			    "<html><body style=\"font-family:sans-serif\"><p>Hello %s,</p><p>%s asks"
			    " you to review <strong>%s</strong> by %s.</p><p>%s</p><p><a href=\"%s\""
			    " style=\"color:%s\">Review and decide</a></p><p>The link is personal:"
			    " please do not forward it.</p></body></html>\n",
			    mail_html(r->arena, name), mail_html(r->arena, brand),
			    mail_html(r->arena, title), mail_html(r->arena, due),
			    mail_html(r->arena, message ? message : ""), link,
			    mail_html(r->arena, mail_brand_accent(r)));
	return mail_queue(r, reminder ? "approval-reminder" : "approval", email, name, subject, text,
			  html);
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

int page_approval_create(struct req *r)
{
	struct db_res *d, *v, *ct;
	long long doc = r->ids[0], pid, client;
	struct form f;
	struct kv *ids[32];
	size_t nids = 0;

	if (db_query(r->db, r->arena, ST_DOC_GET, &d, "iii", doc, 1LL, 0LL))
		return 503;
	if (d->nrows != 1)
		return 404;
	pid = db_cell_int(d, 0, 1);
	client = db_cell_int(d, 0, 7);
	if (db_query(r->db, r->arena, ST_VERSION_LATEST, &v, "i", doc))
		return 503;
	valid_form(r, &f, "approval", request_fields, sizeof(request_fields) / sizeof(request_fields[0]));
	for (size_t i = 0; i < r->form.n; i++)
		if (!strcmp(r->form.v[i].name, "contact_id")) {
			if (nids == sizeof(ids) / sizeof(ids[0])) {
				valid_error(&f, "contact_id", "Ask at most 32 contacts at once.");
				break;
			}
			ids[nids++] = &r->form.v[i];
		}
	if (valid_get(&f, "due_date")->s && past(valid_get(&f, "due_date")->s))
		valid_error(&f, "due_date", "Due date cannot be in the past.");
	if (!db_cell_int(d, 0, 3))
		valid_error(&f, "contact_id", "Share the document with the client before asking for an approval.");
	if (v->nrows != 1)
		valid_error(&f, "contact_id", "Upload a version first.");
	else if (db_cell_int(v, 0, 2))
		valid_error(&f, "contact_id", "The latest version is approved and locked: upload a new version to ask again.");
	for (size_t i = 0; i < nids && !f.nerr; i++) {
		char *end;
		long long cid = strtoll(ids[i]->value, &end, 10);
		if (*end || cid < 1 || db_query(r->db, r->arena, ST_APPROVAL_CONTACT, &ct, "ii", cid, pid))
			return 503;
		if (ct->nrows != 1)
			valid_error(&f, "contact_id", "Choose contacts of this client who may approve.");
	}
	if (f.nerr) {
		r->xsl = XSL_DOCUMENTS;
		return page_document_view(r) == 200 ? (valid_to_xml(r, &f), 422) : 503;
	}
	if (db_begin(r->db))
		return 503;
	for (size_t i = 0; i < nids; i++) {
		long long cid = strtoll(ids[i]->value, NULL, 10), aid;
		if (db_query(r->db, r->arena, ST_APPROVAL_CONTACT, &ct, "ii", cid, pid) || ct->nrows != 1 ||
		    db_exec(r->db, ST_APPROVAL_INSERT, "iiiissn", pid, doc, db_cell_int(v, 0, 0), cid,
			    valid_get(&f, "message")->s ? valid_get(&f, "message")->s : "",
			    valid_get(&f, "due_date")->s, r->sess.user_id) != 1)
			goto fail;
		aid = db_insert_id(r->db);
		if (approval_mail(r, aid, db_cell(ct, 0, 1), db_cell(ct, 0, 2), db_cell(d, 0, 2),
				  valid_get(&f, "due_date")->s, valid_get(&f, "message")->s, 0) ||
		    outbox_emit(r, "approval.requested", client, pid,
				json_pack("{s:I, s:I, s:I, s:s, s:s}", "approval_id", aid, "document_id",
					  doc, "contact_id", cid, "title", db_cell(d, 0, 2), "due_date",
					  valid_get(&f, "due_date")->s)) ||
		    activity_add(r, client, pid, "asked for an approval in", NULL, db_cell(ct, 0, 1),
				 db_cell(d, 0, 2), 1))
			goto fail;
	}
	if (db_commit(r->db))
		goto fail;
	xml_flash_next(r, "approval_requested");
	return req_redirect(r, arena_printf(r->arena, "/documents/%lld", doc));
fail:
	db_rollback(r->db);
	return 503;
}

/* Record a decision on approval a (one row of APPROVAL_COLS): the audit row,
 * the state, the lock, the event and the activity line in one transaction.
 * 0; 409 when it was decided already; 503. */
static int decide(struct req *r, struct db_res *a, const struct form *f, int on_behalf)
{
	const char *dec = valid_get(f, "decision")->s;
	const char *comment = valid_get(f, "comment")->s ? valid_get(f, "comment")->s : "";
	long long id = db_cell_int(a, 0, A_ID);
	char ua[256];

	snprintf(ua, sizeof(ua), "%s", r->user_agent ? r->user_agent : "");
	while (strlen(ua) && ((unsigned char)ua[strlen(ua) - 1] & 0xc0) == 0x80)
		ua[strlen(ua) - 1] = '\0'; /* never a cut UTF-8 sequence */
	if (db_begin(r->db))
		return 503;
	if (db_exec(r->db, ST_APPROVAL_DECIDE, "si", !strcmp(dec, "approve") ? "approved" : "changes",
		    id) != 1) {
		db_rollback(r->db);
		return 409;
	}
	if (db_exec(r->db, ST_DECISION_INSERT, "isssinisss", id, dec, comment,
		    valid_get(f, "signed_name")->s, db_cell_int(a, 0, A_CONTACT),
		    on_behalf ? r->sess.user_id : 0, (long long)on_behalf,
		    r->remote_addr ? r->remote_addr : "", ua, db_cell(a, 0, A_SHA)) != 1 ||
	    (!strcmp(dec, "approve") &&
	     db_exec(r->db, ST_VERSION_LOCK, "i", db_cell_int(a, 0, A_VID)) < 0) ||
	    outbox_emit(r, "approval.decided", db_cell_int(a, 0, A_CLIENT),
			db_cell_int(a, 0, A_PROJECT),
			json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:b}", "approval_id", id,
				  "document_id", db_cell_int(a, 0, A_DOC), "title",
				  db_cell(a, 0, A_TITLE), "decision", dec, "comment", comment,
				  "version_sha256", db_cell(a, 0, A_SHA), "on_behalf", on_behalf)) ||
	    activity_add(r, db_cell_int(a, 0, A_CLIENT), db_cell_int(a, 0, A_PROJECT),
			 "recorded an approval decision in", db_cell(a, 0, A_CNAME), dec, db_cell(a, 0, A_TITLE), 1) ||
	    db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	return 0;
}

int page_approval_record(struct req *r)
{
	struct db_res *a;
	struct form f;
	int st;

	if (db_query(r->db, r->arena, ST_APPROVAL_GET, &a, "i", r->ids[0]))
		return 503;
	if (a->nrows != 1)
		return 404;
	if (valid_form(r, &f, "record", decide_fields, 3) == 0 &&
	    !strcmp(valid_get(&f, "decision")->s, "changes") && !valid_get(&f, "comment")->s)
		valid_error(&f, "comment", "Say what should change.");
	if (f.nerr) {
		r->ids[0] = db_cell_int(a, 0, A_DOC);
		return page_document_view(r) == 200 ? (valid_to_xml(r, &f), 422) : 503;
	}
	st = decide(r, a, &f, 1);
	if (st == 409) {
		xml_flash_next(r, "approval_already");
		st = 0;
	} else if (!st) {
		xml_flash_next(r, "approval_recorded");
	}
	if (st)
		return st;
	return req_redirect(r, arena_printf(r->arena, "/documents/%lld", db_cell_int(a, 0, A_DOC)));
}

/* ------------------------------------------------------------ /a/{token} */

/* The approval of the path's token, or the refusal page's status. Decided
 * approvals are returned (the page shows the record); pending ones must be
 * unexpired and their contact still active with access approve. */
static int token_approval(struct req *r, struct db_res **out)
{
	char hash[65];
	struct db_res *a;

	token_hash(token_of_path(r), hash);
	if (db_query(r->db, r->arena, ST_APPROVAL_BY_TOKEN, &a, "s", hash))
		return 503;
	*out = a;
	if (a->nrows != 1)
		return token_refused(r, 404, "Link not valid",
				     "This approval link is not valid. Use the link from your most"
				     " recent e-mail, or ask your contact at the agency.");
	if (strcmp(db_cell(a, 0, A_STATE), "pending"))
		return 0;
	if (db_cell_int(a, 0, A_EXPIRED))
		return token_refused(r, 410, "Link expired",
				     "This approval link has expired. Ask your contact at the agency"
				     " for a new one.");
	if (!db_cell_int(a, 0, A_ACTIVE) || strcmp(db_cell(a, 0, A_ACCESS), "approve"))
		return token_refused(r, 403, "Not allowed",
				     "Your access no longer allows approving. Ask your contact at the"
				     " agency.");
	return 0;
}

static int approval_page(struct req *r, struct db_res *a, const struct form *f, int status)
{
	xmlNodePtr page = xml_page(r, XSL_APPROVAL, "approval", db_cell(a, 0, A_TITLE));
	xmlNodePtr n = xml_row(page, "approval", a, 0);
	const char *ct = db_cell(a, 0, A_CTYPE);
	char nonce[33];

	token_nonce(token_of_path(r), nonce);
	xml_attr(n, "token", token_of_path(r));
	xml_attr(n, "nonce", nonce);
	xml_attr(n, "preview", !strcmp(ct, "application/pdf") ? "pdf" :
			       (!strcmp(ct, "image/png") || !strcmp(ct, "image/jpeg") ||
				!strcmp(ct, "image/gif")) ? "image" : "");
	if (strcmp(db_cell(a, 0, A_STATE), "pending")) {
		struct db_res *x;
		if (db_query(r->db, r->arena, ST_APPROVALS_OF_DOC, &x, "i", db_cell_int(a, 0, A_DOC)))
			return 503;
		for (size_t i = 0; i < x->nrows; i++)
			if (db_cell_int(x, i, 0) == db_cell_int(a, 0, A_ID))
				xml_row(page, "decision", x, i);
	}
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_approval_form(struct req *r)
{
	struct db_res *a;
	int st = token_approval(r, &a);

	return st ? st : approval_page(r, a, NULL, 200);
}

static int already_decided(struct req *r)
{
	return token_refused(r, 409, "Already decided",
			     "A decision on this request has already been recorded; it cannot be made"
			     " twice.");
}

int page_approval_decide(struct req *r)
{
	struct db_res *a;
	struct form f;
	int st = token_approval(r, &a);

	if (st)
		return st;
	if (!token_post_ok(r, token_of_path(r)))
		return token_form_refused(r);
	if (strcmp(db_cell(a, 0, A_STATE), "pending"))
		return already_decided(r);
	if (valid_form(r, &f, "decision", decide_fields, 3) == 0 &&
	    !strcmp(valid_get(&f, "decision")->s, "changes") && !valid_get(&f, "comment")->s)
		valid_error(&f, "comment", "Say what should change.");
	if (f.nerr)
		return approval_page(r, a, &f, 422);
	st = decide(r, a, &f, 0);
	if (st == 409)
		return already_decided(r);
	if (st)
		return st;
	return req_redirect(r, arena_printf(r->arena, "/a/%s", token_of_path(r)));
}

int page_approval_file(struct req *r)
{
	struct db_res *a;
	const char *ct, *dl;
	int st = token_approval(r, &a);

	if (st)
		return st;
	ct = db_cell(a, 0, A_CTYPE);
	dl = kv_get(&r->query, "download");
	return doc_send_file(r, db_cell(a, 0, A_FILENAME), ct, db_cell(a, 0, A_SHA),
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

	if (db_query(r->db, r->arena, ST_PORTAL_APPROVALS, &a, "ii", project_id, r->sess.client_id))
		return -1;
	xml_rows(xml_el(parent, "approvals"), "approval", a);
	return 0;
}

int approval_reminders_run(struct db *db, struct arena *a, const struct config *cfg)
{
	struct db_res *due;
	struct req shell;
	int n = 0;

	memset(&shell, 0, sizeof(shell));
	shell.db = db;
	shell.arena = a;
	shell.cfg = cfg;
	if (db_query(db, a, ST_APPROVALS_TO_REMIND, &due, ""))
		return -1;
	for (size_t i = 0; i < due->nrows; i++) {
		if (db_begin(db))
			return -1;
		if (db_exec(db, ST_APPROVAL_REMINDED, "i", db_cell_int(due, i, 0)) != 1 ||
		    approval_mail(&shell, db_cell_int(due, i, 0), db_cell(due, i, 1), db_cell(due, i, 2),
				  db_cell(due, i, 3), db_cell(due, i, 4), db_cell(due, i, 5), 1) ||
		    db_commit(db)) {
			db_rollback(db);
			continue;
		}
		n++;
	}
	return n;
}
