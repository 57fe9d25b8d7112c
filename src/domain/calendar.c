/* calendar.c - calendar feed state changes (domain layer): minting and revoking a project's feed URLs, no HTTP. */
#include "domain/calendar.h"
#include "core/db.h"

#include <sodium.h>

int calendar_create(struct ctx *c, long long pid, const char *audience,
		    char token[TOKEN_LEN + 1], long long *id)
{
	char hash[TOKEN_HASH_LEN + 1];
	struct db_res *p;

	token[0] = '\0';
	if (db_query(c->db, c->arena, ST_PLAN_PROJECT_LOCK, &p, "i", pid))
		return -1;
	if (p->nrows != 1)
		return CALENDAR_NOT_FOUND;
	token_mint(token, hash);
	if (db_exec(c->db, ST_CAL_INSERT, "issn", pid, hash, audience ? audience : "team",
		    c->actor_id) != 1) {
		sodium_memzero(token, TOKEN_LEN + 1);
		return -1;
	}
	*id = db_insert_id(c->db);
	return 0;
}

int calendar_revoke(struct ctx *c, long long pid, long long id)
{
	long long n = db_exec(c->db, ST_CAL_REVOKE, "ii", id, pid);

	if (n < 0)
		return -1;
	return n == 0 ? CALENDAR_NOT_FOUND : 0;
}
