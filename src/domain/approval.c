/* approval.c - approval requests (domain layer): asking contacts, the one decision of every
 * path (token link, portal, staff on the client's behalf), and the reminders before the due date. */
#include "domain/approval.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/db.h"
#include "domain/change.h"
#include "domain/mail.h"
#include "domain/notify_who.h"
#include "domain/outbox.h"
#include "domain/qa.h"
#include "domain/token.h"
#include "core/crypto.h"
#include "core/xml.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

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

/* The subject of an approval for its events: a document version or a change request. */
static json_t *subject_json(long long doc, long long vid, long long change)
{
	return change ? json_pack("{s:s, s:I}", "type", "change_request", "change_id", change)
		      : json_pack("{s:s, s:I, s:I}", "type", "document_version", "document_id", doc,
				  "version_id", vid);
}

int approval_request(struct ctx *c, long long pid, long long client, const char *title,
		     long long doc, long long vid, long long change, const long long *contacts,
		     size_t ncontacts, const char *message, const char *due, const char **why)
{
	const char *msg = message ? message : "", *who = NULL;
	struct notify_project p;
	struct db_res *ct;
	int ready;

	*why = NULL;
	/* issue 16: a version with acceptance criteria goes to the client once it passed review */
	if (doc && (ready = qa_version_ready(c, doc, vid, why)))
		return ready < 0 ? -1 : APPROVAL_REFUSED;
	if (ncontacts && (notify_project(c, pid, &p) || !(who = notify_actor_name(c))))
		return -1;
	for (size_t i = 0; i < ncontacts; i++) {
		struct notice n = { .kind = NK_APPROVAL_REQUESTED, .user_id = contacts[i],
				    .client_id = client, .project_id = pid };
		long long aid;
		json_t *data;

		if (db_query(c->db, c->arena, ST_APPROVAL_CONTACT, &ct, "ii", contacts[i], pid) ||
		    ct->nrows != 1)
			return -1;
		if ((change ? db_exec(c->db, ST_APPROVAL_INSERT_CHANGE, "iiissn", pid, change,
				      contacts[i], msg, due, c->actor_id)
			    : db_exec(c->db, ST_APPROVAL_INSERT, "iiiissn", pid, doc, vid, contacts[i],
				      msg, due, c->actor_id)) != 1)
			return -1;
		aid = db_insert_id(c->db);
		if (approval_mail(c, aid, db_cell(ct, 0, APPROVAL_CONTACT_NAME), db_cell(ct, 0, APPROVAL_CONTACT_EMAIL), title, change != 0, due,
				  msg, 0))
			return -1;
		data = json_pack("{s:I, s:o, s:I, s:s, s:s}", "approval_id", aid, "subject",
				 subject_json(doc, vid, change), "contact_id", contacts[i], "title", title,
				 "due_date", due);
		json_object_set_new(data, change ? "change_id" : "document_id",
				    json_integer(change ? change : doc));
		if (outbox_emit(c, EV_APPROVAL_REQUESTED, client, pid, data) ||
		    activity_add(c, client, pid, "approval_requested", NULL, db_cell(ct, 0, APPROVAL_CONTACT_NAME),
				 title, 1))
			return -1;
		/* in the app only: the e-mail above carries the link (NF_OWN_MAIL) */
		n.link = arena_printf(c->arena, "/portal/approvals/%lld", aid);
		n.text = arena_printf(c->arena, "%s asks you to review %s\u201c%s\u201d (%s) by %s.",
				      who, change ? "the change request " : "", title,
				      p.name, due);
		if (notify(c, &n) < 0)
			return -1;
	}
	return 0;
}

/* Approval id on the page of its subject for staff (as the dashboard links it): the
 * document's page, or the project's changes page. Arena text. */
static const char *subject_link(struct ctx *c, long long id, long long pid, long long doc,
				long long change)
{
	return change ? arena_printf(c->arena, "/projects/%lld/changes#approval-%lld", pid, id)
		      : arena_printf(c->arena, "/documents/%lld#approval-%lld", doc, id);
}

int approval_request_change(struct ctx *c, long long change, const long long *contacts,
			    size_t ncontacts, const char *message, const char *due,
			    const char **why)
{
	struct db_res *cr, *p;
	long long pid;

	*why = NULL;
	if (db_query(c->db, c->arena, ST_CR_LOCK, &cr, "i", change))
		return -1;
	if (cr->nrows != 1)
		return APPROVAL_NOT_FOUND;
	if (strcmp(db_cell(cr, 0, CR_LOCK_STATUS), "proposed")) {
		*why = "Only a proposed change request can be sent for approval.";
		return APPROVAL_REFUSED;
	}
	pid = db_cell_int(cr, 0, CR_LOCK_PROJECT_ID);
	if (db_query(c->db, c->arena, ST_APPROVAL_PROJECT_CLIENT, &p, "i", pid) || p->nrows != 1)
		return -1;
	return approval_request(c, pid, db_cell_int(p, 0, APPROVAL_PROJECT_CLIENT_CLIENT_ID),
				db_cell(cr, 0, CR_LOCK_TITLE), 0, 0, change, contacts, ncontacts,
				message, due, why);
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

int approval_decide(struct ctx *c, const struct db_res *a, const char *decision,
		    const char *comment, const char *signed_name, int on_behalf,
		    const char *remote_addr, const char *user_agent, const char **why)
{
	long long id = db_cell_int(a, 0, APPROVAL_GET_ID), change = db_cell_int(a, 0, APPROVAL_GET_CHANGE_ID);
	long long contact = db_cell_int(a, 0, APPROVAL_GET_CONTACT_ID);
	long long by = on_behalf ? c->actor_id : contact;
	const char *sha = db_cell(a, 0, APPROVAL_GET_SHA256);
	int approve = !strcmp(decision, "approve");
	char ua[256], crsha[65];
	json_t *data;

	*why = NULL;
	if (!comment)
		comment = "";
	snprintf(ua, sizeof(ua), "%s", user_agent ? user_agent : "");
	while (strlen(ua) && ((unsigned char)ua[strlen(ua) - 1] & 0xc0) == 0x80)
		ua[strlen(ua) - 1] = '\0'; /* never a cut UTF-8 sequence */
	if (change) {
		/* the change request first, in the order of its other deciders */
		struct db_res *cr;
		const char *text;

		if (db_query(c->db, c->arena, ST_CR_SHOWN_LOCK, &cr, "i", change) || cr->nrows != 1)
			return -1;
		if (strcmp(db_cell(cr, 0, CR_SHOWN_LOCK_STATUS), "proposed"))
			return APPROVAL_DECIDED;
		text = cr_canonical(c->arena, cr);
		crypto_sha256_hex(text, strlen(text), crsha);
		sha = crsha;
	}
	if (db_exec(c->db, ST_APPROVAL_DECIDE, "si", approve ? "approved" : "changes", id) != 1)
		return APPROVAL_DECIDED;
	if (db_exec(c->db, ST_DECISION_INSERT, "isssinisss", id, decision, comment, signed_name,
		    contact, on_behalf ? c->actor_id : 0, (long long)on_behalf,
		    remote_addr ? remote_addr : "", ua, sha) != 1)
		return -1;
	if (change) {
		int rc = change_decide(c, change, approve ? "approved" : "rejected",
				       *comment ? comment : NULL, by, why);
		if (rc)
			return rc == CHANGE_NOT_FOUND ? APPROVAL_NOT_FOUND
			       : rc == CHANGE_REFUSED ? APPROVAL_REFUSED : -1;
	} else if (approve && db_exec(c->db, ST_VERSION_LOCK, "i", db_cell_int(a, 0, APPROVAL_GET_VERSION_ID)) < 0) {
		return -1;
	}
	data = json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:b}", "approval_id", id, "subject",
			 subject_json(db_cell_int(a, 0, APPROVAL_GET_DOCUMENT_ID), db_cell_int(a, 0, APPROVAL_GET_VERSION_ID), change),
			 "title", db_cell(a, 0, APPROVAL_GET_TITLE), "decision", decision, "comment", comment,
			 "version_sha256", sha, "on_behalf", on_behalf);
	json_object_set_new(data, "contact_name", json_string(db_cell(a, 0, APPROVAL_GET_CONTACT_NAME)));
	json_object_set_new(data, change ? "change_id" : "document_id",
			    json_integer(change ? change : db_cell_int(a, 0, APPROVAL_GET_DOCUMENT_ID)));
	if (outbox_emit(c, EV_APPROVAL_DECIDED, db_cell_int(a, 0, APPROVAL_GET_CLIENT_ID),
			db_cell_int(a, 0, APPROVAL_GET_PROJECT_ID), data) ||
	    activity_add_by(c, by, db_cell_int(a, 0, APPROVAL_GET_CLIENT_ID),
			    db_cell_int(a, 0, APPROVAL_GET_PROJECT_ID), "approval_decided", db_cell(a, 0, APPROVAL_GET_CONTACT_NAME),
			    decision, db_cell(a, 0, APPROVAL_GET_TITLE), 1))
		return -1;
	/* the PM is told of the client's decision; a contact deciding a change request is told of by
	 * change_decide (the decider the contact), so only staff recording one for them is here */
	if (!change || on_behalf) {
		long long pid = db_cell_int(a, 0, APPROVAL_GET_PROJECT_ID);
		struct notice n = {
			.kind = NK_DECISION,
			.link = subject_link(c, id, pid, db_cell_int(a, 0, APPROVAL_GET_DOCUMENT_ID), change),
			.text = arena_printf(c->arena, "%s %s %s\u201c%s\u201d (%s)%s%s%s%s%s",
					     db_cell(a, 0, APPROVAL_GET_CONTACT_NAME),
					     approve ? "approved" : change ? "rejected" : "asked for changes on",
					     change ? "the change request " : "",
					     db_cell(a, 0, APPROVAL_GET_TITLE), db_cell(a, 0, APPROVAL_GET_PROJECT_NAME),
					     on_behalf ? ", recorded by " : "",
					     on_behalf ? notify_actor_name(c) : "",
					     *comment ? ": \u201c" : ".",
					     *comment ? notify_excerpt(c->arena, comment, 300) : "",
					     *comment ? "\u201d" : ""),
		};
		if (notify_pm(c, pid, &n))
			return -1;
	}
	return 0;
}

int approval_reminders_run(struct ctx *c)
{
	struct db_res *due;
	int n = 0;

	if (db_query(c->db, c->arena, ST_APPROVALS_TO_REMIND, &due, ""))
		return -1;
	for (size_t i = 0; i < due->nrows; i++) {
		long long id = db_cell_int(due, i, APPROVALS_TO_REMIND_ID);
		int change = (int)db_cell_int(due, i, APPROVALS_TO_REMIND_IS_CHANGE);
		struct notice nt = {
			.kind = NK_APPROVAL_REMINDER,
			.user_id = db_cell_int(due, i, APPROVALS_TO_REMIND_CONTACT_ID),
			.client_id = db_cell_int(due, i, APPROVALS_TO_REMIND_CLIENT_ID),
			.project_id = db_cell_int(due, i, APPROVALS_TO_REMIND_PROJECT_ID),
			.link = arena_printf(c->arena, "/portal/approvals/%lld", id),
			.text = arena_printf(c->arena, "Reminder: %s\u201c%s\u201d (%s) waits for your decision by %s.",
					     change ? "the change request " : "",
					     db_cell(due, i, APPROVALS_TO_REMIND_TITLE),
					     db_cell(due, i, APPROVALS_TO_REMIND_PROJECT),
					     db_cell(due, i, APPROVALS_TO_REMIND_DUE_DATE)),
			.dedupe = arena_printf(c->arena, "approval-%lld", id),
		};

		if (db_begin(c->db))
			return -1;
		/* a contact who signs in is reminded by a notification (its e-mail in their digest,
		 * or at once by their choice) that opens the approval in the portal; one who cannot
		 * sign in still gets the reminder e-mail with a fresh link, as before issue 12 */
		if (db_exec(c->db, ST_APPROVAL_REMINDED, "i", id) != 1 ||
		    (db_cell_int(due, i, APPROVALS_TO_REMIND_SIGNS_IN)
		     ? notify(c, &nt) < 0
		     : approval_mail(c, id, db_cell(due, i, APPROVALS_TO_REMIND_NAME), db_cell(due, i, APPROVALS_TO_REMIND_EMAIL),
				     db_cell(due, i, APPROVALS_TO_REMIND_TITLE), change, db_cell(due, i, APPROVALS_TO_REMIND_DUE_DATE),
				     db_cell(due, i, APPROVALS_TO_REMIND_MESSAGE), 1) != 0) ||
		    db_commit(c->db)) {
			db_rollback(c->db);
			continue;
		}
		n++;
	}
	return n;
}

int approval_overdue_run(struct ctx *c)
{
	struct db_res *due;
	int n = 0;

	if (db_query(c->db, c->arena, ST_NOTIFY_OVERDUE, &due, ""))
		return -1;
	if (!due->nrows)
		return 0;
	if (db_begin(c->db))
		return -1;
	for (size_t i = 0; i < due->nrows; i++) {
		long long id = db_cell_int(due, i, NOTIFY_OVERDUE_ID), pid = db_cell_int(due, i, NOTIFY_OVERDUE_PROJECT_ID);
		long long change = db_cell_int(due, i, NOTIFY_OVERDUE_CHANGE_ID);
		struct notice nt = {
			.kind = NK_APPROVAL_OVERDUE,
			.user_id = db_cell_int(due, i, NOTIFY_OVERDUE_PM_ID),
			.client_id = db_cell_int(due, i, NOTIFY_OVERDUE_CLIENT_ID),
			.project_id = pid,
			.link = subject_link(c, id, pid, db_cell_int(due, i, NOTIFY_OVERDUE_DOCUMENT_ID), change),
			.text = arena_printf(c->arena, "Overdue: %s has not decided on %s\u201c%s\u201d (%s),"
					     " due %s.", db_cell(due, i, NOTIFY_OVERDUE_CONTACT),
					     change ? "the change request " : "",
					     db_cell(due, i, NOTIFY_OVERDUE_TITLE),
					     db_cell(due, i, NOTIFY_OVERDUE_PROJECT),
					     db_cell(due, i, NOTIFY_OVERDUE_DUE_DATE)),
			.dedupe = arena_printf(c->arena, "approval-%lld", id),
		};
		int rc = notify(c, &nt);

		if (rc < 0) {
			db_rollback(c->db);
			return -1;
		}
		n += rc == 0;
	}
	if (db_commit(c->db)) {
		db_rollback(c->db);
		return -1;
	}
	return n;
}
