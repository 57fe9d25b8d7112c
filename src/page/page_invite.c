/* page_invite.c - contact invitations and password resets over HTTP: the set-password page of a
 * link, "forgot password", inviting and revoking from the client page (the links themselves:
 * domain/invite.c). */
#include "core/array.h"
#include "core/db.h"
#include "domain/invite.h"
#include "page/page_invite.h"
#include "web/render.h"
#include "core/crypto.h"
#include "web/sess.h"
#include "web/token_page.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

#include <sodium.h>
#include <string.h>

static const struct vfield password_fields[] = {
	{ "password", "Password", V_PASSWORD, 1, 10, 1024, NULL },
	{ "password2", "Password again", V_PASSWORD, 1, 0, 1024, NULL },
};

/* 1 when the path is a reset link (/reset/{token}), 0 for an invitation (/invite/{token}). */
static int is_reset_path(const struct req *r)
{
	return !strncmp(r->path, "/reset/", 7);
}

/* The open invitation or reset link of the path's token (a token only works under its own
 * path), or the refusal page's status. */
static int open_invite(struct req *r, struct db_res **out)
{
	enum token_state state;
	int reset = is_reset_path(r);

	if (invite_find(&r->ctx, token_of_path(r), reset, out, &state))
		return 503;
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
	int rc, st = open_invite(r, &inv);

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
	uid = db_cell_int(inv, 0, INVITE_BY_TOKEN_USER_ID);
	/* the session doing it stays when it is the user's own */
	keep = r->sess.user_id == uid && r->sess.token_hash ? r->sess.token_hash : "";
	rc = invite_use(&r->ctx, db_cell_int(inv, 0, INVITE_BY_TOKEN_ID), uid, is_reset_path(r), hash, keep);
	if (rc == INVITE_USED) {
		db_rollback(r->db);
		return token_refused(r, 410, "Link already used",
				     "This link has already been used to set a password.");
	}
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "password_set");
	return req_redirect(r, "/login");
}

/* ------------------------------------------------------------ forgotten passwords */

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
	if (reset_request_add(&r->ctx, valid_get(&f, "email")->s, r->remote_addr))
		return 503;
	xml_flash_next(r, "reset_sent");
	return req_redirect(r, "/password/forgot");
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
	if (invite_revoke_all(&r->ctx, r->ids[1]))
		return 503;
	xml_flash_next(r, "invitation_revoked");
	return req_redirect(r, arena_printf(r->arena, "/clients/%lld", r->ids[0]));
}
