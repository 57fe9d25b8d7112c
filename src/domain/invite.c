/* invite.c - invitations and password resets (domain layer): minting a one-time set-password
 * link and mailing it, using it, revoking it, and the recorded "forgot password" requests. */
#include "domain/invite.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/db.h"
#include "domain/mail.h"
#include "core/xml.h"

#include <sodium.h>
#include <string.h>

#define RESET_PER_ADDRESS 3 /* reset e-mails per address and hour */
#define RESET_PER_IP 20     /* reset requests per client address and hour */

/* A new one-time set-password link for user_id, inside the caller's transaction: an
 * invitation (7 days) or, with reset, a password reset (1 hour); the user's earlier open
 * links are revoked. The link's URL (arena text), or NULL (roll back). */
static const char *link_create(struct ctx *c, long long user_id, int reset)
{
	char token[TOKEN_LEN + 1], hash[TOKEN_HASH_LEN + 1];
	const char *link;

	token_mint(token, hash);
	if (db_exec(c->db, ST_INVITE_REVOKE_ALL, "i", user_id) < 0 ||
	    (reset ? db_exec(c->db, ST_RESET_ADD, "is", user_id, hash)
		   : db_exec(c->db, ST_INVITE_ADD, "isn", user_id, hash, c->actor_id)) != 1)
		return NULL;
	link = arena_printf(c->arena, "%s/%s/%s", c->cfg->base_url, reset ? "reset" : "invite", token);
	sodium_memzero(token, sizeof(token));
	return link;
}

/* The invitation (reset 0) or password reset link of user_id and its e-mail, in the caller's
 * transaction. 0, or -1. */
static int link_mail(struct ctx *c, long long user_id, const char *name, const char *email,
		     int reset)
{
	const char *brand = mail_brand_name(c), *kind = reset ? "reset" : "invite";
	const char *link = link_create(c, user_id, reset);
	xmlNodePtr m = link ? mail_doc(c, kind) : NULL, n;

	if (!m)
		return -1;
	n = xml_el(m, kind);
	xml_attr(n, "link", link);
	xml_attr(n, "email", email);
	return mail_queue(c, m, email, name,
			  reset ? arena_printf(c->arena, "Reset your %s password", brand)
				: arena_printf(c->arena, "Your access to %s's client portal", brand));
}

int invite_create(struct ctx *c, long long user_id, const char *name, const char *email)
{
	return link_mail(c, user_id, name, email, 0);
}

/* The password reset link of user_id and its e-mail, in the caller's transaction. 0, or -1. */
static int reset_create(struct ctx *c, long long user_id, const char *name, const char *email)
{
	return link_mail(c, user_id, name, email, 1);
}

int invite_revoke_all(struct ctx *c, long long user_id)
{
	return db_exec(c->db, ST_INVITE_REVOKE_ALL, "i", user_id) < 0 ? -1 : 0;
}

/* Invitations and password resets: one table; a deactivated user's links count as revoked
 * (the statement's `revoked` column says so). */
static const struct token_kind invite_kind = { ST_INVITE_BY_TOKEN, "used", "revoked", "expired" };

int invite_find(struct ctx *c, const char *token, int reset, struct db_res **res,
		enum token_state *state)
{
	if (token_find(c->db, c->arena, &invite_kind, token, res, state))
		return -1;
	if (*state != TOKEN_UNKNOWN &&
	    strcmp(db_cell(*res, 0, INVITE_BY_TOKEN_PURPOSE), reset ? "reset" : "invite"))
		*state = TOKEN_UNKNOWN;
	return 0;
}

int invite_use(struct ctx *c, long long invite_id, long long user_id, int reset,
	       const char *pwhash, const char *keep_session)
{
	if (db_exec(c->db, ST_INVITE_USE, "i", invite_id) != 1)
		return INVITE_USED;
	/* a new password ends the user's other sessions; the one doing it (if it is theirs) stays */
	if (db_exec(c->db, reset ? ST_RESET_SET_PASSWORD : ST_INVITE_SET_PASSWORD, "si", pwhash,
		    user_id) != 1 ||
	    db_exec(c->db, ST_SESSION_DEL_OTHERS, "is", user_id, keep_session ? keep_session : "") < 0)
		return -1;
	return 0;
}

int reset_request_add(struct ctx *c, const char *email, const char *ip)
{
	return db_exec(c->db, ST_RESET_REQUEST_ADD, "ss", email, ip ? ip : "") == 1 ? 0 : -1;
}

/* Process one recorded request (claimed in its transaction): a link by e-mail when the
 * address is an active account and neither it nor the client IP is over its hourly count.
 * 1 sent, 0 not, -1 (rolled back). */
static int reset_process(struct ctx *c, struct db_res *todo, size_t i)
{
	long long id = db_cell_int(todo, i, RESET_TODO_ID);
	const char *email = db_cell(todo, i, RESET_TODO_EMAIL), *ip = db_cell(todo, i, RESET_TODO_IP);
	struct db_res *cnt, *u;
	int send;

	if (db_begin(c->db))
		return -1;
	if (db_exec(c->db, ST_RESET_CLAIM, "i", id) != 1) { /* another worker has it */
		db_rollback(c->db);
		return 0;
	}
	if (db_query(c->db, c->arena, ST_RESET_COUNTS, &cnt, "sisi", email, id, ip, id) ||
	    db_query(c->db, c->arena, ST_RESET_USER, &u, "s", email))
		goto fail;
	send = db_cell_int(cnt, 0, RESET_COUNTS_FROM_ADDRESS) < RESET_PER_ADDRESS && db_cell_int(cnt, 0, RESET_COUNTS_FROM_IP) < RESET_PER_IP &&
	       u->nrows == 1 && db_cell_int(u, 0, RESET_USER_ACTIVE) == 1;
	if ((send && reset_create(c, db_cell_int(u, 0, RESET_USER_ID), db_cell(u, 0, RESET_USER_NAME), db_cell(u, 0, RESET_USER_EMAIL))) ||
	    db_commit(c->db))
		goto fail;
	return send;
fail:
	db_rollback(c->db);
	return -1;
}

int reset_requests_run(struct db *db, struct arena *a, const struct config *cfg)
{
	struct db_res *todo;
	struct ctx c = ctx_init(db, a, cfg);
	int n = 0;

	if (db_query(db, a, ST_RESET_TODO, &todo, ""))
		return -1;
	for (size_t i = 0; i < todo->nrows; i++)
		if (reset_process(&c, todo, i) > 0)
			n++;
	if (todo->nrows)
		db_exec(db, ST_RESET_PURGE, "");
	return n;
}

int invite_state_xml(struct ctx *c, xmlNodePtr parent, long long client_id)
{
	struct db_res *res;

	if (db_query(c->db, c->arena, ST_INVITE_STATE, &res, "i", client_id))
		return -1;
	xml_rows(xml_el(parent, "invitations"), "invitation", res);
	return 0;
}
