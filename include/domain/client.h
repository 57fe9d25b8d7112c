/* client.h - client state changes (domain layer): clients, for the staff form and HubSpot's won
 * deals alike, and their contacts (creation, access level, deactivation). */
#ifndef TANDEM_CLIENT_H
#define TANDEM_CLIENT_H

#include "domain/ctx.h"

/* A client to add or the new values of one. Strings are borrowed; NULL where the comment
 * allows it. */
struct client_new {
	const char *name;
	const char *domain;   /* "example.com" (the caller checked it), NULL: none */
	const char *cadence;  /* a reporting cadence (vocab_cadences), NULL: "weekly" */
	const char *notes;    /* NULL: none */
	const char *source;   /* where it was added: "tandem" or "hubspot" (client_create only) */
};

/* The results of this module's functions besides 0 (done) and -1 (database error). */
enum {
	CLIENT_NOT_FOUND = 1,   /* no such client, or no such contact of the client */
	CLIENT_UNCHANGED = 2,   /* the contact has that access level already: nothing written */
	CLIENT_EMAIL_TAKEN = 3, /* the e-mail is another account's: nothing written */
};

/*
 * Add client n, in the caller's transaction (the caller commits on 0, rolls back on -1).
 * Locks: nothing beyond the new row. Writes: the clients row (cadence "weekly" when NULL), an
 * internal "client_created" activity line by c's actor (0 for HubSpot: nobody).
 * Emits: client.created ({"client": {"id", "name", "domain" (null when none), "source"}}).
 * The new id in *id. 0, or -1 (a database error, or out of memory for the event).
 */
int client_create(struct ctx *c, const struct client_new *n, long long *id);

/*
 * Set client id's name, domain, cadence and notes from n (its source is ignored), in the
 * caller's transaction (the caller commits on 0, rolls back on anything else).
 * Locks: the client's row (the update). Writes: the row. Emits nothing, no activity line.
 * 0 (also when nothing changed); CLIENT_NOT_FOUND; -1.
 */
int client_update(struct ctx *c, long long id, const struct client_new *n);

/*
 * Add a contact (a client user) of client client_id, name and e-mail email with access level
 * access (vocab_access_levels), and send them an invitation (invite_create: a 7-day set-password
 * link, its e-mail queued), created by c's actor. Runs in the caller's transaction: the caller
 * commits on 0 and rolls back on anything else.
 * Locks: nothing beyond the new rows. Writes: the users row (active, no password), the
 * invitation; mails "invite" to the contact. Emits nothing, no activity line.
 * The new user's id in *id. Returns 0; CLIENT_NOT_FOUND; CLIENT_EMAIL_TAKEN when an account
 * (staff or contact) has that e-mail already; -1.
 */
int client_contact_create(struct ctx *c, long long client_id, const char *name,
			  const char *email, const char *access, long long *id);

/*
 * Set the access level of contact contact of client client_id to to (vocab_access_levels).
 * The session reads the access on every request and /a/{token} checks it: lowering it from
 * approve stops decisions at once, in the portal and by link. Runs in the caller's
 * transaction: the caller commits on 0 and rolls back on anything else.
 * Locks: the contact's row. Writes: the access; an internal "contact_access" activity line on
 * the client by c's actor, from and to the levels, its note "Name: can view -> can approve".
 * Emits nothing. Returns 0; CLIENT_NOT_FOUND; CLIENT_UNCHANGED (that level already); -1.
 */
int client_contact_set_access(struct ctx *c, long long client_id, long long contact,
			      const char *to);

/*
 * Reactivate (active 1) or deactivate (0) contact contact of client client_id. Runs in the
 * caller's transaction: the caller commits on 0 and rolls back on anything else.
 * Locks: the contact's row. Writes: users.active (the session check signs a deactivated
 * contact out on their next request); on deactivation, even of an inactive contact, their
 * sessions end, their pending approvals' links are deleted (decided ones keep their record)
 * and their open invitation and password links are revoked (invite_revoke_all); when the
 * state changes, an internal "contact_deactivated" / "contact_reactivated" activity line on
 * the client by c's actor, its note the contact's name. Emits nothing.
 * Returns 0; CLIENT_NOT_FOUND; -1.
 */
int client_contact_set_active(struct ctx *c, long long client_id, long long contact, int active);

#endif
