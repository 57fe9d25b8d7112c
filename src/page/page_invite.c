/* page_invite.c - contact invitations (one-time set-password links by e-mail) and the helpers
 * shared by the tokenised pages. */
#include "core/array.h"
#include "core/db.h"
#include "core/log.h"
#include "domain/mail.h"
#include "page/page_invite.h"
#include "web/render.h"
#include "core/crypto.h"
#include "web/sess.h"
#include "domain/token.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

#include <sodium.h>
#include <string.h>

static const struct vfield password_fields[] = {
	{ "password", "Password", V_PASSWORD, 1, 10, 1024, NULL },
	{ "password2", "Password again", V_PASSWORD, 1, 0, 1024, NULL },
};

/* ------------------------------------------------------------ tokens */

const char *token_of_path(const struct req *r)
{
	const char *s = strchr(r->path + 1, '/'), *end;
	struct req *w = (struct req *)r; /* the arena only */

	if (!s)
		return "";
	s++;
	end = strchr(s, '/');
	return end ? arena_strndup(w->arena, s, (size_t)(end - s)) : s;
}

int token_post_ok(const struct req *r, const char *token)
{
	const char *given = kv_get(&r->form, "nonce");
	char want[TOKEN_NONCE_LEN + 1];

	token_nonce(token, want);
	return given && strlen(given) == TOKEN_NONCE_LEN &&
	       !sodium_memcmp(given, want, TOKEN_NONCE_LEN) &&
	       sess_same_origin(r);
}

int token_refused(struct req *r, int status, const char *title, const char *why)
{
	xmlNodePtr page = xml_page(r, XSL_INVITE, "token-refused", title);

	xml_text(page, "refused", why);
	return status;
}

int token_form_refused(struct req *r)
{
	return token_refused(r, 403, "Form expired",
			     "This form could not be accepted. Open the link from your e-mail again.");
}

/* ------------------------------------------------------------ invitations and resets */

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

int invite_state_xml(struct req *r, xmlNodePtr page, long long client_id)
{
	struct db_res *res;

	if (db_query(r->db, r->arena, ST_INVITE_STATE, &res, "i", client_id))
		return -1;
	xml_rows(xml_el(page, "invitations"), "invitation", res);
	return 0;
}

/* 1 when the path is a reset link (/reset/{token}), 0 for an invitation (/invite/{token}). */
static int is_reset_path(const struct req *r)
{
	return !strncmp(r->path, "/reset/", 7);
}

/* Invitations and password resets: one table; a deactivated user's links count as revoked
 * (the statement's `revoked` column says so). */
static const struct token_kind invite_kind = { ST_INVITE_BY_TOKEN, "used", "revoked", "expired" };

/* The open invitation or reset link of the path's token (a token only works under its own
 * path), or the refusal page's status. */
static int open_invite(struct req *r, struct db_res **out)
{
	struct db_res *res;
	enum token_state state;
	int reset = is_reset_path(r);

	if (token_find(r->db, r->arena, &invite_kind, token_of_path(r), &res, &state))
		return 503;
	*out = res;
	if (state != TOKEN_UNKNOWN && strcmp(db_cell(res, 0, INVITE_BY_TOKEN_PURPOSE), reset ? "reset" : "invite"))
		state = TOKEN_UNKNOWN;
	switch (state) {
	case TOKEN_OPEN:
		return 0;
	case TOKEN_UNKNOWN:
		return token_refused(r, 404, "Link not valid",
				     reset ? "This link is not valid. Ask for a new one from the sign-in"
					     " page (Forgot password?)."
					   : "This link is not valid. Ask your contact at the agency for a"
					     " new invitation.");
	case TOKEN_USED:
		return token_refused(r, 410, "Link already used",
				     "This link has already been used to set a password. Sign in with"
				     " your e-mail and password.");
	case TOKEN_REVOKED:
		return token_refused(r, 410, reset ? "Link no longer valid" : "Link withdrawn",
				     reset ? "This link is no longer valid. Ask for a new one from the"
					     " sign-in page, or ask your account administrator."
					   : "This invitation has been withdrawn. Ask your contact at the"
					     " agency for a new one.");
	case TOKEN_EXPIRED:
		break;
	}
	return token_refused(r, 410, "Link expired",
			     reset ? "This link has expired (reset links work for one hour). Ask"
				     " for a new one from the sign-in page."
				   : "This link has expired (links work for 7 days). Ask your"
				     " contact at the agency for a new invitation.");
}

static int invite_page(struct req *r, struct db_res *inv, const struct form *f, int status)
{
	int reset = is_reset_path(r);
	xmlNodePtr page = xml_page(r, XSL_INVITE, "invite",
				   reset ? "Choose a new password" : "Set your password");
	xmlNodePtr n = xml_el(page, "invite");
	char nonce[TOKEN_NONCE_LEN + 1];

	token_nonce(token_of_path(r), nonce);
	xml_attr(n, "name", db_cell(inv, 0, INVITE_BY_TOKEN_NAME));
	xml_attr(n, "email", db_cell(inv, 0, INVITE_BY_TOKEN_EMAIL));
	xml_attr(n, "token", token_of_path(r));
	xml_attr(n, "nonce", nonce);
	xml_attr(n, "purpose", reset ? "reset" : "invite");
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_invite_form(struct req *r)
{
	struct db_res *inv;
	int st = open_invite(r, &inv);

	return st ? st : invite_page(r, inv, NULL, 200);
}

int page_invite_set(struct req *r)
{
	struct db_res *inv;
	char hash[crypto_pwhash_STRBYTES];
	struct form f;
	const char *keep;
	long long uid;
	int st = open_invite(r, &inv);

	if (st)
		return st;
	if (!token_post_ok(r, token_of_path(r)))
		return token_form_refused(r);
	if (valid_form(r, &f, "invite", password_fields, ARRAY_SIZE(password_fields)) == 0 &&
	    strcmp(valid_get(&f, "password")->s, valid_get(&f, "password2")->s))
		valid_error(&f, "password2", "The two passwords differ.");
	if (f.nerr)
		return invite_page(r, inv, &f, 422);
	if (crypto_password_hash(valid_get(&f, "password")->s, hash, sizeof(hash)))
		return 503;
	if (db_begin(r->db))
		return 503;
	if (db_exec(r->db, ST_INVITE_USE, "i", db_cell_int(inv, 0, INVITE_BY_TOKEN_ID)) != 1) {
		db_rollback(r->db);
		return token_refused(r, 410, "Link already used",
				     "This link has already been used to set a password.");
	}
	uid = db_cell_int(inv, 0, INVITE_BY_TOKEN_USER_ID);
	/* a new password ends the user's other sessions; the one doing it (if it is theirs) stays */
	keep = r->sess.user_id == uid && r->sess.token_hash ? r->sess.token_hash : "";
	if (db_exec(r->db, is_reset_path(r) ? ST_RESET_SET_PASSWORD : ST_INVITE_SET_PASSWORD, "si",
		    hash, uid) != 1 ||
	    db_exec(r->db, ST_SESSION_DEL_OTHERS, "is", uid, keep) < 0 || db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "password_set");
	return req_redirect(r, "/login");
}

/* ------------------------------------------------------------ forgotten passwords */

#define RESET_PER_ADDRESS 3 /* reset e-mails per address and hour */
#define RESET_PER_IP 20     /* reset requests per client address and hour */

static const struct vfield forgot_fields[] = {
	{ "email", "E-mail", V_EMAIL, 1, 0, 254, NULL },
};

int page_reset_form(struct req *r)
{
	xml_page(r, XSL_INVITE, "forgot", "Forgot your password?");
	return 200;
}

/* Every well-formed request gets the same answer (a 303 to the form with the same flash) after
 * the same single insert: whether the address has an account, is deactivated or is throttled
 * shows neither in the page nor in its timing. The outbox worker does the rest
 * (reset_requests_run). */
int page_reset_request(struct req *r)
{
	struct form f;

	if (valid_form(r, &f, "forgot", forgot_fields, ARRAY_SIZE(forgot_fields))) {
		xml_page(r, XSL_INVITE, "forgot", "Forgot your password?");
		valid_to_xml(r, &f);
		return 422;
	}
	if (db_exec(r->db, ST_RESET_REQUEST_ADD, "ss", valid_get(&f, "email")->s,
		    r->remote_addr ? r->remote_addr : "") != 1)
		return 503;
	xml_flash_next(r, "reset_sent");
	return req_redirect(r, "/password/forgot");
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

/* ------------------------------------------------------------ contacts */

/* The contact ids[1] of client ids[0], or NULL (404) / db failure (503 via *st). */
static struct db_res *contact_of(struct req *r, int *st)
{
	struct db_res *c;

	*st = 0;
	if (db_query(r->db, r->arena, ST_CONTACT_OF_CLIENT, &c, "ii", r->ids[1], r->ids[0])) {
		*st = 503;
		return NULL;
	}
	if (c->nrows != 1) {
		*st = 404;
		return NULL;
	}
	return c;
}

int page_contact_invite(struct req *r)
{
	int st;
	struct db_res *c = contact_of(r, &st);

	if (!c)
		return st;
	if (db_begin(r->db))
		return 503;
	if (invite_create(&r->ctx, r->ids[1], db_cell(c, 0, CONTACT_OF_CLIENT_NAME), db_cell(c, 0, CONTACT_OF_CLIENT_EMAIL)) || db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "invitation_sent");
	return req_redirect(r, arena_printf(r->arena, "/clients/%lld", r->ids[0]));
}

int page_contact_revoke(struct req *r)
{
	int st;
	struct db_res *c = contact_of(r, &st);

	if (!c)
		return st;
	if (db_exec(r->db, ST_INVITE_REVOKE_ALL, "i", r->ids[1]) < 0)
		return 503;
	xml_flash_next(r, "invitation_revoked");
	return req_redirect(r, arena_printf(r->arena, "/clients/%lld", r->ids[0]));
}
