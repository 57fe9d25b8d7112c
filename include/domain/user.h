/* user.h - staff user state changes (domain layer): accounts made by an admin, their role and
 * rate, deactivation. */
#ifndef TANDEM_USER_H
#define TANDEM_USER_H

#include "domain/ctx.h"

#include <stddef.h>

/* A staff user to add. Strings are borrowed. */
struct user_new {
	const char *name;
	const char *email;        /* an address (the caller checked its form) */
	const char *role;         /* a staff role (vocab_staff_roles) */
	const char *password;     /* in clear: only its Argon2id hash is kept */
	long long hourly_rate;    /* minor units of currency per hour */
	const char *currency;     /* of the rate (it prices only projects in it); NULL: "EUR" */
};

/* The results of this module's functions besides 0 (done) and -1 (database error). */
enum {
	USER_NOT_FOUND = 1,   /* no such staff user (a client contact is not one) */
	USER_REFUSED = 2,     /* nothing written, *why says why */
	USER_EMAIL_TAKEN = 3, /* the e-mail is another account's: nothing written */
};

/*
 * Add staff user u, active, with the Argon2id hash of u->password (crypto_password_hash), in
 * the caller's transaction (the caller commits on 0 and rolls back on anything else).
 * Locks: nothing beyond the new row. Writes: the users row. Emits nothing, no activity line.
 * The new id in *id. Returns 0; USER_EMAIL_TAKEN when an account (staff or contact) has that
 * e-mail already; -1 (a database error, or the hash could not be made).
 */
int user_create(struct ctx *c, const struct user_new *u, long long *id);

/*
 * Set staff user id's name, role (a staff role), hourly rate and its currency (NULL: keep), in
 * the caller's transaction (the caller commits on 0 and rolls back on anything else).
 * Locks: the user's row (the update). Writes: the row. Emits nothing, no activity line.
 * Returns 0 (also when nothing changed); USER_NOT_FOUND; USER_REFUSED with *why (static text)
 * when c's actor would take the admin role from themselves; -1.
 */
int user_update(struct ctx *c, long long id, const char *name, const char *role,
		long long hourly_rate, const char *currency, const char **why);

/*
 * Reactivate (active 1) or deactivate (0) staff user id, in the caller's transaction (the
 * caller commits on 0 and rolls back on anything else).
 * Locks: the user's row (the update). Writes: users.active; on deactivation their sessions
 * end (the session check refuses an inactive user anyway). Emits nothing, no activity line.
 * Returns 0 (also when it was so already); USER_NOT_FOUND; USER_REFUSED with *why (static
 * text) when c's actor would deactivate themselves; -1.
 */
int user_set_active(struct ctx *c, long long id, int active, const char **why);

/* Issue 12: a person's time zone (staff and contacts alike), the hour their digest is sent
 * at; NULL in users.time_zone is the agency's default (the settings row 'time_zone'). */
#define USER_ZONEINFO "/usr/share/zoneinfo"

/* 1 when zone is a time zone a person may choose: "UTC", or a name of the system's
 * USER_ZONEINFO/zone.tab whose zone file is there (so the mail's local time can use it).
 * NULL or anything else: 0. Reads the files; no failure beyond 0. */
int user_time_zone_ok(const char *zone);

/* The zones user_time_zone_ok accepts, "UTC" first, the rest sorted by name, in arena
 * memory; the count in *n ("UTC" alone when zone.tab cannot be read). */
const char **user_time_zones(struct arena *a, size_t *n);

/*
 * Set user id's time zone (any user, staff or contact): zone, or NULL for the agency's
 * default, in the caller's transaction (the caller commits on 0 and rolls back otherwise).
 * Locks: the user's row (the update). Writes: users.time_zone. Emits nothing, no activity.
 * Returns 0 (also when unchanged); USER_NOT_FOUND when there is no user id (staff or
 * contact); USER_REFUSED with *why (static text) when zone is not user_time_zone_ok,
 * nothing written; -1.
 */
int user_time_zone_set(struct ctx *c, long long id, const char *zone, const char **why);

#endif
