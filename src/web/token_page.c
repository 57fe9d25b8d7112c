/* token_page.c - the HTTP side of the tokenised pages: the token read from the path, the
 * form's nonce and origin checked, the refusal page. The tokens themselves: domain/token.c. */
#include "web/token_page.h"
#include "core/arena.h"
#include "domain/token.h"
#include "fcgi/parse.h"
#include "web/render.h"
#include "web/sess.h"
#include "core/xml.h"
#include "web/frame.h"

#include <sodium.h>
#include <string.h>

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
