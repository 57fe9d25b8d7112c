/* inbound.h - what happens to an incoming e-mail (issue 14): a reply lands in its thread, a
 * client's mail is filed on its project, the rest waits in the inbox with the reason; and the
 * reply address that notification e-mails about a thread carry. */
#ifndef TANDEM_INBOUND_H
#define TANDEM_INBOUND_H

#include "domain/ctx.h"

struct mime_msg;

/* A reply's text longer than this (characters, as the app's message form) goes to the inbox. */
#define INBOUND_TEXT_MAX 10000

/* The results besides 0 (done) and -1 (database). */
enum {
	INBOUND_SKIPPED = 1,  /* no such mail, or not in the state the call needs ('new' to take it,
			       * 'inbox' to file or discard it): nothing written */
	INBOUND_REFUSED = 2,  /* inbound_file: a contact's mail on another client's project */
	INBOUND_NOT_FOUND = 3 /* inbound_file: no such project */
};

/*
 * The reply address of e-mails about thread tid to user uid at address: the settings row
 * imap_address with the person's token as a plus-address, "<local>+r<token>@<domain>", into
 * *reply_to, and the token (32 hex) into *token. The token is made once per (thread, person,
 * address), in the caller's transaction, and reused after. No imap_address (or one without
 * '@'): *reply_to and *token NULL, nothing written. 0, or -1.
 */
int inbound_reply_to(struct ctx *c, long long tid, long long uid, const char *address,
		     const char **reply_to, const char **token);

/*
 * The reply token a message names (into token, 33 bytes): the first "+r<32 hex>@" of its To,
 * Cc and Delivered-To addresses, else the first "<r<32 hex>." of its In-Reply-To, else of its
 * References. 1 found, 0 none. Pure.
 */
int inbound_token_of(const struct mime_msg *m, char token[33]);

/*
 * Take incoming mail id (an inbound_mails row in state 'new', locked here) whose parsed message
 * is m, in the caller's transaction (the caller commits on 0 and INBOUND_SKIPPED, rolls back on
 * -1). reply_text is the new text of m as a reply (mime_reply_text: quotes and signature gone).
 * Writes on the row: the sender (address, name, user), subject, recipients and m->text; each
 * attachment and inline image as an inbound_files row, its bytes stored like a message's
 * (files_dir/aa/<sha256>) unless over the upload limit (max_upload: then recorded, not kept).
 * Then, the first that applies:
 *   auto-reply        state 'inbox', reason "auto-reply"; nothing posted;
 *   bounce            the user with m->bounce_recipient's address gets email_bouncing_at;
 *                     the PMs of the contact's client's active projects (a staff address: the
 *                     admins) are told ("bounce", once a day per person); 'inbox' with reason
 *                     "bounce: <address>";
 *   a reply token     (inbound_token_of) that is known, issued to m->from's address, whose
 *                     person may still write in the thread (active; staff, or a contact of the
 *                     thread's client with comment access in a client-visible thread): posted
 *                     by message_reply as that person (c->actor_id for the call), via_email,
 *                     body reply_text, the first kept attachment not inline (else the first
 *                     kept) as the message's file, the others shown with it from inbound_files;
 *                     notified as a message written in the app. State 'posted', message_id,
 *                     thread_id, project_id. Any check failing, an attachment over the limit,
 *                     an empty or too long reply: 'inbox' with the reason, nothing posted;
 *   captured mail     from or to a known contact's address (every contact of one client): the
 *                     project the subject's "[CODE]" names among that client's, else the
 *                     client's only active project (stage not closure); a code of another
 *                     client's project, several active projects, none, or contacts of several
 *                     clients: 'inbox' with the reason. No contact: the one project the code
 *                     names. Filed as inbound_file does (state 'filed');
 *   otherwise         'inbox', reason "no thread, contact or project code".
 * Returns 0; INBOUND_SKIPPED (nothing written) when the row is not 'new'; -1.
 */
int inbound_take_reply(struct ctx *c, long long id, const struct mime_msg *m, const char *reply_text);

/* inbound_take_reply with reply_text = mime_reply_text(m->text) (src/domain/inbound_mime.c,
 * linked with core/mime.c). */
int inbound_take(struct ctx *c, long long id, const struct mime_msg *m);

/*
 * Handle stored message id (state 'new') in the caller's transaction: parse (mime_parse), and
 * post it as a reply, file it on a project, or put it in the inbox with the reason (raw bytes
 * that are no message at all: 'inbox', "not an e-mail message"); sets the row's state, reason
 * and links. 0, INBOUND_SKIPPED (not 'new'), or -1 (database).
 */
int inbound_process(struct ctx *c, long long id);

/* Up to max 'new' rows, oldest first, each in its own transaction and arena (one that fails is
 * rolled back, logged, and put in the inbox with the reason "could not be processed", so it
 * cannot stop the lane); how many were handled, or -1 when they cannot be read. (The outbox
 * worker calls it.) */
int inbound_run(struct ctx *c, int max);

/*
 * File mail id (state 'inbox', or 'new' while it is taken) on project pid, in the caller's
 * transaction, by c->actor_id (handled_by; 0 when taken automatically): an internal "email"
 * activity line on the project, by the sender when they are a user (else signed with their
 * name and address), from_value the sender's address, to_value the mail's id (the line links
 * to /inbox/{id}), note the subject; the row 'filed' with project_id and activity_id.
 * Locks the row. 0; INBOUND_SKIPPED (no such mail or not in the inbox); INBOUND_NOT_FOUND (no
 * project pid); INBOUND_REFUSED (the sender is a contact of another client than pid's: a
 * contact's mail never reaches another client's project); -1.
 */
int inbound_file(struct ctx *c, long long id, long long pid);

/* Discard mail id (state 'inbox') by c->actor_id: state 'discarded' (kept, not shown).
 * 0; INBOUND_SKIPPED (not in the inbox); -1. */
int inbound_discard(struct ctx *c, long long id);

#endif
