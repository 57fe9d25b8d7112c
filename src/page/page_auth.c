/* page_auth.c - sign-in and sign-out. */
#include "core/array.h"
#include "page/page_auth.h"
#include "web/render.h"
#include "web/sess.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

#include <string.h>

static const struct vfield login_fields[] = {
	{ "email", "E-mail", V_EMAIL, 1, 0, 0, NULL },
	{ "password", "Password", V_PASSWORD, 1, 0, 1024, NULL },
	{ "next", "Next page", V_LINE, 0, 0, 2048, NULL },
};

/* A "next" we may redirect to: a path of this site (req_local_path), or NULL. */
static const char *safe_next(const char *next)
{
	return req_local_path(next) ? next : NULL;
}

static const char *home(const struct req *r)
{
	return r->sess.role == ROLE_CLIENT ? "/portal" : "/";
}

static xmlNodePtr login_page(struct req *r, const char *next)
{
	xmlNodePtr page = xml_page(r, XSL_LOGIN, "login", "Sign in");
	xmlNodePtr l = xml_el(page, "login");

	xml_attr(l, "next", safe_next(next));
	return page;
}

int page_login_form(struct req *r)
{
	if (r->sess.user_id)
		return req_redirect(r, home(r));
	login_page(r, kv_get(&r->query, "next"));
	return 200;
}

int page_login(struct req *r)
{
	struct form f;
	const char *next;

	next = safe_next(kv_get(&r->form, "next"));
	if (valid_form(r, &f, "login", login_fields, ARRAY_SIZE(login_fields))) {
		login_page(r, next);
		valid_to_xml(r, &f);
		return 422;
	}
	switch (sess_login(r, valid_get(&f, "email")->s, valid_get(&f, "password")->s)) {
	case LOGIN_OK:
		break;
	case LOGIN_BAD:
		login_page(r, next);
		valid_error(&f, "password", "E-mail or password is not right.");
		valid_to_xml(r, &f);
		return 401;
	case LOGIN_THROTTLED:
		login_page(r, next);
		xml_flash(r, "error", "Too many failed attempts for this e-mail from here. Please wait a few minutes and try again.");
		return 429;
	case LOGIN_BUSY:
		/* the error page: the cheapest answer while sign-in is flooded */
		return 429;
	case LOGIN_ERROR:
		return 503;
	}
	/* the role decides where to land */
	if (r->sess.role == ROLE_CLIENT)
		return req_redirect(r, next && !strncmp(next, "/portal", 7) ? next : "/portal");
	return req_redirect(r, next && strncmp(next, "/portal", 7) ? next : "/");
}

int page_logout(struct req *r)
{
	sess_logout(r);
	xml_flash_next(r, "signed_out");
	return req_redirect(r, "/login");
}
