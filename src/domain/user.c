/* user.c - staff user state changes (domain layer): no HTTP, called by the users pages. */
#include "domain/user.h"
#include "core/crypto.h"
#include "core/db.h"
#include "domain/vocab.h"

#include <sodium.h>

/* 1 when staff user id exists, 0 when not, -1 on a database error. */
static int user_exists(struct ctx *c, long long id)
{
	struct db_res *res;

	if (db_query(c->db, c->arena, ST_USER_GET, &res, "i", id))
		return -1;
	return res->nrows == 1;
}

int user_create(struct ctx *c, const struct user_new *u, long long *id)
{
	char hash[crypto_pwhash_STRBYTES];
	struct db_res *res;
	long long n;

	if (db_query(c->db, c->arena, ST_USER_BY_EMAIL, &res, "s", u->email))
		return -1;
	if (res->nrows)
		return USER_EMAIL_TAKEN;
	if (crypto_password_hash(u->password, hash, sizeof(hash)))
		return -1;
	/* the rate prices only projects in its currency (issue 10); the agency default is EUR */
	n = db_exec(c->db, ST_USER_INSERT, "ssssis", u->email, u->name, u->role, hash,
		    u->hourly_rate, u->currency ? u->currency : "EUR");
	sodium_memzero(hash, sizeof(hash));
	if (n != 1) /* the UNIQUE e-mail (1062: duplicate key) decides between two at once */
		return db_errno(c->db) == 1062 ? USER_EMAIL_TAKEN : -1;
	*id = db_insert_id(c->db);
	return 0;
}

/* The update of a staff user's row, then, when no row changed, whether there is one. */
static int updated(struct ctx *c, long long id, long long changed)
{
	int there;

	if (changed < 0)
		return -1;
	if (changed > 0)
		return 0;
	there = user_exists(c, id);
	return there < 0 ? -1 : there ? 0 : USER_NOT_FOUND;
}

int user_update(struct ctx *c, long long id, const char *name, const char *role,
		long long hourly_rate, const char *currency, const char **why)
{
	/* an admin cannot lock everybody out by demoting themselves */
	if (id == c->actor_id && vocab_role_parse(role) != ROLE_ADMIN) {
		*why = "You cannot take the admin role from yourself.";
		return USER_REFUSED;
	}
	return updated(c, id, db_exec(c->db, ST_USER_UPDATE, "ssisi", name, role, hourly_rate,
				      currency, id));
}

int user_set_active(struct ctx *c, long long id, int active, const char **why)
{
	int rc;

	if (!active && id == c->actor_id) {
		*why = "You cannot deactivate yourself.";
		return USER_REFUSED;
	}
	rc = updated(c, id, db_exec(c->db, ST_USER_SET_ACTIVE, "ii", (long long)!!active, id));
	if (rc == 0 && !active && db_exec(c->db, ST_SESSION_DEL_USER, "i", id) < 0)
		return -1;
	return rc;
}
