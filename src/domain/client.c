/* client.c - client state changes (domain layer): no HTTP, called by the client pages and by
 * HubSpot's won deals. */
#include "domain/client.h"
#include "core/arena.h"
#include "core/db.h"
#include "domain/invite.h"
#include "domain/outbox.h"
#include "domain/vocab.h"

#include <jansson.h>
#include <string.h>

int client_create(struct ctx *c, const struct client_new *n, long long *id)
{
	json_t *data;

	if (db_exec(c->db, ST_CLIENT_INSERT, "ssss", n->name, n->domain,
		    n->cadence ? n->cadence : "weekly", n->notes) != 1)
		return -1;
	*id = db_insert_id(c->db);
	if (activity_add(c, *id, 0, "client_created", NULL, NULL, NULL, 0))
		return -1;
	data = json_pack("{s:{s:I, s:s, s:s?, s:s}}", "client", "id", (json_int_t)*id, "name",
			 n->name, "domain", n->domain, "source", n->source);
	if (!data)
		return -1;
	return outbox_emit(c, EV_CLIENT_CREATED, *id, 0, data);
}

int client_update(struct ctx *c, long long id, const struct client_new *n)
{
	struct db_res *res;
	long long changed;

	changed = db_exec(c->db, ST_CLIENT_UPDATE, "ssssi", n->name, n->domain,
			  n->cadence ? n->cadence : "weekly", n->notes, id);
	if (changed < 0)
		return -1;
	if (changed > 0)
		return 0;
	/* no row changed: the same values, or no such client */
	if (db_query(c->db, c->arena, ST_CLIENT_GET, &res, "i", id))
		return -1;
	return res->nrows == 1 ? 0 : CLIENT_NOT_FOUND;
}

int client_contact_create(struct ctx *c, long long client_id, const char *name,
			  const char *email, const char *access, long long *id)
{
	struct db_res *res;

	if (db_query(c->db, c->arena, ST_CLIENT_GET, &res, "i", client_id))
		return -1;
	if (res->nrows != 1)
		return CLIENT_NOT_FOUND;
	if (db_query(c->db, c->arena, ST_USER_BY_EMAIL, &res, "s", email))
		return -1;
	if (res->nrows)
		return CLIENT_EMAIL_TAKEN;
	/* the UNIQUE e-mail (1062: duplicate key) decides between two adding one address at once */
	if (db_exec(c->db, ST_CONTACT_INSERT, "ssis", email, name, client_id, access) != 1)
		return db_errno(c->db) == 1062 ? CLIENT_EMAIL_TAKEN : -1;
	*id = db_insert_id(c->db);
	/* the invitation and its e-mail commit with the contact */
	return invite_create(c, *id, name, email);
}

/* How activity lines word an access level. */
static const char *access_words(const char *access)
{
	enum access l = vocab_access_parse(access);

	return vocab_access(l != ACCESS_NONE ? l : ACCESS_VIEW)->words;
}

/* Lock contact of client_id: its row in *res, or CLIENT_NOT_FOUND, or -1. */
static int contact_lock(struct ctx *c, long long client_id, long long contact,
			struct db_res **res)
{
	if (db_query(c->db, c->arena, ST_CONTACT_LOCK, res, "ii", contact, client_id))
		return -1;
	return (*res)->nrows == 1 ? 0 : CLIENT_NOT_FOUND;
}

int client_contact_set_access(struct ctx *c, long long client_id, long long contact,
			      const char *to)
{
	struct db_res *k;
	const char *from;
	int rc;

	if ((rc = contact_lock(c, client_id, contact, &k)))
		return rc;
	from = db_cell(k, 0, CONTACT_LOCK_ACCESS);
	if (!strcmp(from, to))
		return CLIENT_UNCHANGED;
	if (db_exec(c->db, ST_CONTACT_SET_ACCESS, "sii", to, contact, client_id) != 1 ||
	    activity_add(c, client_id, 0, "contact_access", from, to,
			 arena_printf(c->arena, "%s: %s \xe2\x86\x92 %s", db_cell(k, 0, CONTACT_LOCK_NAME),
				      access_words(from), access_words(to)), 0))
		return -1;
	return 0;
}

int client_contact_set_active(struct ctx *c, long long client_id, long long contact, int active)
{
	struct db_res *k;
	int rc;

	if ((rc = contact_lock(c, client_id, contact, &k)))
		return rc;
	/* deactivation: the session check (users.active) signs them out on their next request;
	 * their sessions, pending approval links and open password links go too */
	if (db_exec(c->db, ST_CONTACT_SET_ACTIVE, "iii", (long long)!!active, contact, client_id) < 0 ||
	    (!active && (db_exec(c->db, ST_SESSION_DEL_USER, "i", contact) < 0 ||
			 db_exec(c->db, ST_APPROVAL_TOKENS_VOID, "i", contact) < 0 ||
			 invite_revoke_all(c, contact))))
		return -1;
	if (!!active != !!db_cell_int(k, 0, CONTACT_LOCK_ACTIVE) &&
	    activity_add(c, client_id, 0, active ? "contact_reactivated" : "contact_deactivated", NULL,
			 NULL, db_cell(k, 0, CONTACT_LOCK_NAME), 0))
		return -1;
	return 0;
}
