/* invite.h - invitations and password resets (domain layer): one-time set-password links sent by e-mail. */
#ifndef TANDEM_INVITE_H
#define TANDEM_INVITE_H

#include "domain/ctx.h"
#include "domain/token.h"

#include <libxml/tree.h>

/*
 * Invitations and password resets are one token mechanism: rows of `invitations`, told apart
 * by `purpose` ('invite': 7 days, for a client contact; 'reset': 1 hour, for anyone). A user
 * has at most one open link: a new one revokes the earlier ones. The token is mailed once and
 * only its hash is kept (token.h).
 */

/*
 * Create a one-time set-password link for contact user_id (7 days) and queue
 * its e-mail, inside the caller's transaction; earlier open links (invitations
 * and password resets: one token mechanism, `invitations.purpose`) are
 * revoked. created_by is c->actor_id. The caller checked that user_id is a contact
 * (name and email are theirs): a staff member's invitation is never found by invite_find.
 * Locks: the user's open invitation rows (revoked).
 * Writes: the revocations, the invitation (its token hashed). Mails: "invite" with the link
 * /invite/{token}, to email. Emits nothing, writes no activity line. 0, or -1 (roll back).
 */
int invite_create(struct ctx *c, long long user_id, const char *name, const char *email);

/*
 * Revoke every open link (invitation or password reset) of user_id: one statement, in the
 * caller's transaction when there is one. Locks the user's open invitation rows. Emits
 * nothing, writes no activity. 0 (also when there was none), or -1.
 */
int invite_revoke_all(struct ctx *c, long long user_id);

/*
 * Look up the link of token under its path's purpose (reset 1: /reset/{token}, 0:
 * /invite/{token}); a link of the other purpose is TOKEN_UNKNOWN, so a token only works
 * under its own path. *res is the ST_INVITE_BY_TOKEN row (arena-owned; NULL for a malformed
 * token), *state its state; a deactivated user's links are TOKEN_REVOKED. Writes nothing.
 * 0, or -1 on a database failure.
 */
int invite_find(struct ctx *c, const char *token, int reset, struct db_res **res,
		enum token_state *state);

/* invite_use's result besides 0 (password set) and -1 (database error). */
enum {
	INVITE_USED = 1, /* the link was used, revoked or expired since it was looked up */
};

/*
 * Use link invite_id (from invite_find, TOKEN_OPEN) to set user_id's password to pwhash (an
 * Argon2id string, sess_hash_password). reset: 1 for a password reset (any user), 0 for an
 * invitation (a client contact only). Runs in the caller's transaction: the caller commits
 * on 0 and rolls back on anything else.
 * Locks: the invitation row (marked used only while it is still open), then the user's row.
 * Writes: the link's used_at, the password; and ends the user's other sessions, all but the
 * one whose token hash is keep_session ("" or NULL: all of them).
 * Emits nothing, writes no activity line.
 * Returns 0; INVITE_USED when the link is no longer open (nothing written); -1 on a
 * database error.
 */
int invite_use(struct ctx *c, long long invite_id, long long user_id, int reset,
	       const char *pwhash, const char *keep_session);

/*
 * Record a "forgot password" request for email from client address ip ("" when unknown):
 * one insert, nothing else, so the answer cannot tell whether the address has an account.
 * The outbox worker processes it (reset_requests_run). Autocommitted when no transaction is
 * open. 0, or -1.
 */
int reset_request_add(struct ctx *c, const char *email, const char *ip);

/*
 * The outbox worker's part: process the recorded reset requests, each in its own transaction
 * (a one-hour link by e-mail when the address is an active account, at most 3 per address and
 * 20 per client IP an hour; nothing otherwise), then purge the day-old processed ones.
 * Locks: each request row as it claims it (another worker's claim is skipped). Emits nothing.
 * How many e-mails were queued, or -1 when the requests cannot be read.
 */
int reset_requests_run(struct db *db, struct arena *a, const struct config *cfg);

/* Add <invitations><invitation user-id invite-expires/></invitations> (the open
 * invitations of client_id's contacts) under parent, for the client page. Writes nothing.
 * 0, or -1. */
int invite_state_xml(struct ctx *c, xmlNodePtr parent, long long client_id);

#endif
