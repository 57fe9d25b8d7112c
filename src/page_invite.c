/* page_invite.c - contact invitations (one-time set-password links by e-mail) and the helpers
 * shared by the tokenised pages. */
#include "db.h"
#include "log.h"
#include "mail.h"
#include "page.h"
#include "page_client_side.h"
#include "render.h"
#include "sess.h"
#include "valid.h"
#include "xml.h"

#include <sodium.h>
#include <string.h>

const struct route client_side_routes[] = {
	{ M_GET, "/invite/*", page_invite_form, NEED_NONE, 0 },
	{ M_POST, "/invite/*", page_invite_set, NEED_NONE, 1 },
	{ M_POST, "/clients/#/contacts/#/invite", page_contact_invite, NEED_ADMIN, 0 },
	{ M_POST, "/clients/#/contacts/#/revoke", page_contact_revoke, NEED_ADMIN, 0 },
	{ M_GET, "/settings/brand", page_brand_form, NEED_ADMIN, 0 },
	{ M_POST, "/settings/brand", page_brand_save, NEED_ADMIN, ROUTE_FILE },
	{ M_GET, "/brand/logo", page_brand_logo, NEED_NONE, 0 },
	{ M_GET, "/projects/#/documents", page_documents, NEED_USER, 0 },
	{ M_POST, "/projects/#/documents", page_document_create, NEED_STAFF, ROUTE_FILE },
	{ M_GET, "/documents/#", page_document_view, NEED_USER, 0 },
	{ M_POST, "/documents/#/versions", page_version_create, NEED_STAFF, ROUTE_FILE },
	{ M_GET, "/files/#", page_file, NEED_USER, 0 },
	{ M_POST, "/documents/#/approvals", page_approval_create, NEED_MANAGER, 0 },
	{ M_POST, "/approvals/#/record", page_approval_record, NEED_MANAGER, 0 },
	{ M_GET, "/a/*", page_approval_form, NEED_NONE, 0 },
	{ M_POST, "/a/*", page_approval_decide, NEED_NONE, 1 },
	{ M_GET, "/a/*/file", page_approval_file, NEED_NONE, 0 },
	{ M_POST, "/portal/changes/#", page_portal_change, NEED_CLIENT, 0 },
	{ M_POST, "/changes/#/approvals", page_approval_change_create, NEED_MANAGER, 0 },
	{ M_GET, "/portal/approvals/#", page_portal_approval, NEED_CLIENT, 0 },
	{ M_POST, "/portal/approvals/#", page_portal_approval_decide, NEED_CLIENT, 0 },
	{ M_GET, "/projects/#/messages", page_messages, NEED_USER, 0 },
	{ M_POST, "/projects/#/messages", page_message_create, NEED_USER, ROUTE_FILE },
	{ M_GET, "/messages/#/file", page_message_file, NEED_USER, 0 },
	{ M_GET, "/messages/threads/#", page_thread, NEED_USER, 0 },
	{ M_POST, "/messages/threads/#", page_thread_reply, NEED_USER, ROUTE_FILE },
	{ M_GET, "/projects/#/surveys", page_surveys, NEED_STAFF, 0 },
	{ M_POST, "/projects/#/surveys", page_survey_plan, NEED_MANAGER, 0 },
	{ M_GET, "/s/*", page_survey_form, NEED_NONE, 0 },
	{ M_POST, "/s/*", page_survey_answer, NEED_NONE, 1 },
};
_Static_assert(sizeof(client_side_routes) / sizeof(client_side_routes[0]) == CLIENT_SIDE_NROUTES,
	       "CLIENT_SIDE_NROUTES");

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

void token_hash(const char *token, char out[65])
{
	sess_sha256_hex(token, strlen(token), out);
}

void token_nonce(const char *token, char out[33])
{
	unsigned char mac[crypto_generichash_BYTES_MIN];

	crypto_generichash(mac, sizeof(mac), (const unsigned char *)token, strlen(token),
			   (const unsigned char *)"tandem-token-nonce", 18);
	sodium_bin2hex(out, 33, mac, sizeof(mac));
}

int token_post_ok(const struct req *r, const char *token)
{
	const char *given = kv_get(&r->form, "nonce");
	char want[33];

	token_nonce(token, want);
	return given && strlen(given) == 32 && !sodium_memcmp(given, want, 32) &&
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

/* ------------------------------------------------------------ invitations */

int invite_create(struct req *r, long long user_id, const char *name, const char *email)
{
	char token[65], hash[65];
	const char *brand = mail_brand_name(r), *link, *text, *html;

	sess_random_hex(token, 32);
	token_hash(token, hash);
	if (db_exec(r->db, ST_INVITE_REVOKE_ALL, "i", user_id) < 0 ||
	    db_exec(r->db, ST_INVITE_ADD, "isn", user_id, hash, r->sess.user_id) != 1)
		return -1;
	link = arena_printf(r->arena, "%s/invite/%s", r->cfg->base_url, token);
	text = arena_printf(r->arena,
			    "Hello %s,\n\n%s has invited you to its client portal, where you can follow"
			    " your projects, approve documents and send messages.\n\nSet your password"
			    " here (the link works once, for 7 days):\n%s\n\nYou sign in with %s.\n",
			    name, brand, link, email);
	html = arena_printf(r->arena,
			    "<p>Hello %s,</p><p>%s has"
			    " invited you to its client portal, where you can follow your projects,"
			    " approve documents and send messages.</p><p><a href=\"%s\" style=\"color:%s\">"
			    "Set your password</a> (the link works once, for 7 days).</p><p>You sign in"
			    " with %s.</p>",
			    mail_html(r->arena, name), mail_html(r->arena, brand), link,
			    mail_html(r->arena, mail_brand_accent(r)), mail_html(r->arena, email));
	return mail_queue(r, "invite", email, name,
			  arena_printf(r->arena, "Your access to %s's client portal", brand), text,
			  html);
}

int invite_state_xml(struct req *r, xmlNodePtr page, long long client_id)
{
	struct db_res *res;

	if (db_query(r->db, r->arena, ST_INVITE_STATE, &res, "i", client_id))
		return -1;
	xml_rows(xml_el(page, "invitations"), "invitation", res);
	return 0;
}

/* The open invitation of the path's token, or the refusal page's status. */
static int open_invite(struct req *r, struct db_res **out)
{
	char hash[65];
	struct db_res *res;

	token_hash(token_of_path(r), hash);
	if (db_query(r->db, r->arena, ST_INVITE_BY_TOKEN, &res, "s", hash))
		return 503;
	*out = res;
	if (res->nrows != 1)
		return token_refused(r, 404, "Link not valid",
				     "This link is not valid. Ask your contact at the agency for a new"
				     " invitation.");
	if (db_cell_int(res, 0, 4))
		return token_refused(r, 410, "Link already used",
				     "This link has already been used to set a password. Sign in with"
				     " your e-mail and password.");
	if (db_cell_int(res, 0, 5) || !db_cell_int(res, 0, 7))
		return token_refused(r, 410, "Link withdrawn",
				     "This invitation has been withdrawn. Ask your contact at the agency"
				     " for a new one.");
	if (db_cell_int(res, 0, 6))
		return token_refused(r, 410, "Link expired",
				     "This link has expired (links work for 7 days). Ask your contact at"
				     " the agency for a new invitation.");
	return 0;
}

static int invite_page(struct req *r, struct db_res *inv, const struct form *f, int status)
{
	xmlNodePtr page = xml_page(r, XSL_INVITE, "invite", "Set your password");
	xmlNodePtr n = xml_el(page, "invite");
	char nonce[33];

	token_nonce(token_of_path(r), nonce);
	xml_attr(n, "name", db_cell(inv, 0, 2));
	xml_attr(n, "email", db_cell(inv, 0, 3));
	xml_attr(n, "token", token_of_path(r));
	xml_attr(n, "nonce", nonce);
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
	int st = open_invite(r, &inv);

	if (st)
		return st;
	if (!token_post_ok(r, token_of_path(r)))
		return token_form_refused(r);
	if (valid_form(r, &f, "invite", password_fields, 2) == 0 &&
	    strcmp(valid_get(&f, "password")->s, valid_get(&f, "password2")->s))
		valid_error(&f, "password2", "The two passwords differ.");
	if (f.nerr)
		return invite_page(r, inv, &f, 422);
	if (sess_hash_password(valid_get(&f, "password")->s, hash, sizeof(hash)))
		return 503;
	if (db_begin(r->db))
		return 503;
	if (db_exec(r->db, ST_INVITE_USE, "i", db_cell_int(inv, 0, 0)) != 1) {
		db_rollback(r->db);
		return token_refused(r, 410, "Link already used",
				     "This link has already been used to set a password.");
	}
	if (db_exec(r->db, ST_INVITE_SET_PASSWORD, "si", hash, db_cell_int(inv, 0, 1)) != 1 ||
	    db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "password_set");
	return req_redirect(r, "/login");
}

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
	if (invite_create(r, r->ids[1], db_cell(c, 0, 1), db_cell(c, 0, 2)) || db_commit(r->db)) {
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
