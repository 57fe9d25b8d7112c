/* approval.h - approval requests (domain layer): asking contacts, the one decision of every path
 * (token link, portal, staff on the client's behalf), and the reminders before the due date. */
#ifndef TANDEM_APPROVAL_H
#define TANDEM_APPROVAL_H

#include <stddef.h>
#include "domain/ctx.h"

struct db_res;

/* approval_decide's and approval_request_change's results besides 0 (done) and -1 (database
 * error). */
enum {
	APPROVAL_DECIDED = 1,   /* decided already (or its change request no longer proposed) */
	APPROVAL_REFUSED = 2,   /* the effect is refused, *why says why */
	APPROVAL_NOT_FOUND = 3, /* its change request is gone (no such change request) */
};

/*
 * Ask each of the ncontacts contacts (ids, no repeats, each checked by the caller to be an
 * active contact of client with access approve) to approve one subject of project pid: document
 * doc's version vid (change 0), or change request change (doc and vid 0: a caller that has not
 * locked the change request calls approval_request_change instead); title is the
 * subject's name as the e-mail and the events show it, message (NULL: none) and due (YYYY-MM-DD)
 * the request's. Requested by c->actor_id. Runs in the caller's transaction: the caller commits
 * on 0 and rolls back on -1.
 * Locks: nothing beyond the rows it inserts.
 * Writes, per contact: the approval request (pending), a token stored hashed, and its e-mail
 * with the fresh /a/{token} link queued (mail "approval"); a client-visible
 * "approval_requested" activity line naming the contact.
 * Emits, per contact: approval.requested ({"approval_id", "subject", "contact_id", "title",
 * "due_date", "document_id" | "change_id"}).
 * Mails, per contact: "approval" with the link.
 * Notifies (issue 12), per contact: "approval_requested" in the app only (NF_OWN_MAIL: the mail
 * above is its e-mail), linking /portal/approvals/{id}.
 * Refuses (issue 16, nothing written): a document version whose document has acceptance
 * criteria and that has not passed its internal review (qa_version_ready, domain/qa.h):
 * APPROVAL_REFUSED with *why (static text). *why is NULL otherwise.
 * Returns 0; APPROVAL_REFUSED; -1 (a contact no longer found, or a database error).
 */
int approval_request(struct ctx *c, long long pid, long long client, const char *title,
		     long long doc, long long vid, long long change, const long long *contacts,
		     size_t ncontacts, const char *message, const char *due, const char **why);

/*
 * Ask the ncontacts contacts (as approval_request: ids, no repeats, each checked by the caller
 * to be an active contact of the project's client with access approve) to approve change
 * request change; message (NULL: none) and due (YYYY-MM-DD) the request's. Requested by
 * c->actor_id. Runs in the caller's transaction: the caller commits on 0 and rolls back on
 * anything else.
 * Locks: the change request row (FOR UPDATE), so it stays proposed while its requests are
 * written (its deciders lock it first too).
 * Writes, emits and mails what approval_request does for a change request, titled with the
 * change's title on the locked row, for the change's project and its client.
 * Returns 0; APPROVAL_NOT_FOUND when there is no such change request; APPROVAL_REFUSED with
 * *why (static text) when it is not proposed (nothing written); -1 (a contact no longer found,
 * or a database error).
 */
int approval_request_change(struct ctx *c, long long change, const long long *contacts,
			    size_t ncontacts, const char *message, const char *due,
			    const char **why);

/*
 * Record a decision on approval a (row 0 of a statement with the approval columns:
 * ST_APPROVAL_GET, ST_APPROVAL_BY_TOKEN, ST_APPROVAL_PORTAL_GET): decision "approve" or
 * "changes", comment (NULL: none), signed_name as typed. on_behalf: 1 when staff (c->actor_id)
 * records it for the contact, 0 when the contact decides (token page, portal). remote_addr and
 * user_agent (NULL allowed; the agent cut to 255 bytes, never inside a UTF-8 sequence) go into
 * the audit record. The one decision of the token page, the portal and staff on the client's
 * behalf. Runs in the caller's transaction: the caller commits on 0 and rolls back on anything
 * else.
 * Locks: for a change request, its row first (the order of its other deciders), then the
 * approval's (the update that decides it only while pending), then what change_decide locks.
 * Writes: the insert-only audit record with the SHA-256 of what the contact was shown (the
 * version's, or the change request's canonical text read on the locked row); the approval's
 * state ("approved" or "changes"); the effect: the version locked when approved, or the change
 * request decided through change_decide() (approved or rejected, decided by the staff user or
 * the contact, its other pending requests closed); a client-visible "approval_decided" activity
 * line by the same decider.
 * Emits: approval.decided ({"approval_id", "subject", "title", "decision", "comment",
 * "version_sha256", "on_behalf", "contact_name", "document_id" | "change_id"}), and what
 * change_decide emits.
 * Notifies (issue 12): the project's PM, "decision" (approved or changes asked, the comment),
 * linking the approval on its document's page or the project's changes page; for a change
 * request decided by the contact, change_decide tells the PM instead (one notice). Staff
 * recording it on the client's behalf tell the PM too (never the actor: the PM recording it
 * is told nothing).
 * Returns 0; APPROVAL_DECIDED (*why NULL) when the approval is no longer pending or its change
 * request no longer proposed; APPROVAL_REFUSED with *why (change_decide's reason) when the
 * change cannot be approved; APPROVAL_NOT_FOUND when the change request is gone; -1 on a
 * database error.
 */
int approval_decide(struct ctx *c, const struct db_res *a, const char *decision,
		    const char *comment, const char *signed_name, int on_behalf,
		    const char *remote_addr, const char *user_agent, const char **why);

/*
 * The outbox worker's periodic job: one reminder for each pending approval due within two
 * days (once per approval: its reminded mark), each in a transaction of its own; one that
 * fails is rolled back and skipped. A contact who can sign in gets an "approval_reminder"
 * notification (issue 12: its e-mail goes into their digest by default, or at once by their
 * choice; it opens /portal/approvals/{id}; dedupe key "approval-<id>"), a contact who cannot
 * the e-mail "approval-reminder" with a fresh link (a token), as before. c's cfg gives the
 * link's base_url. Returns the reminders made, or -1 when the pending approvals cannot be
 * read or a transaction cannot begin.
 */
int approval_reminders_run(struct ctx *c);

/*
 * The outbox worker's periodic job (issue 12): tell the project's PM of each pending approval
 * past its due date, once per approval ("approval_overdue", dedupe key "approval-<id>"; the
 * link opens the document, or the change on the project's changes page), up to 50 a run, in
 * one transaction. Returns how many were told, or -1 (rolled back).
 */
int approval_overdue_run(struct ctx *c);

#endif
