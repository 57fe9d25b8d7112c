/* render.h - compiled stylesheets and turning a page document into the response. */
#ifndef TANDEM_RENDER_H
#define TANDEM_RENDER_H

#include <libxml/tree.h>
#include "core/arena.h"
#include "fcgi/req.h"

/* One stylesheet per page family, and the e-mails' two parts, compiled once per worker. */
enum xsl {
	XSL_ERROR,
	XSL_LOGIN,
	XSL_DASHBOARD,
	XSL_CLIENTS,
	XSL_PROJECTS,
	XSL_USERS,
	XSL_PORTAL,
	XSL_PLAN,
	XSL_WEBHOOKS,
	XSL_TIME,
	XSL_INVITE,
	XSL_DOCUMENTS,
	XSL_APPROVAL,
	XSL_MESSAGES,
	XSL_SURVEYS,
	XSL_REPORTS,
	XSL_MAIL,      /* an e-mail's HTML part (mail.xsl) */
	XSL_MAIL_TEXT, /* its plain-text part (mail-text.xsl) */
	XSL__COUNT
};

/* Compile every stylesheet in dir, with file and network access forbidden
 * to them at transform time. 0, or -1 logged. */
int render_init(const char *dir);
void render_release(void);

/*
 * Send r->doc with the given status: as application/xml when r->want_xml,
 * else transformed by the page's stylesheet to text/html. On a transform
 * failure sends a plain 500. Returns 0, or -1 when nothing could be sent.
 */
int render_page(struct req *r, int status);

/*
 * The document doc transformed by the compiled stylesheet xsl (e.g. XSL_MAIL), serialised
 * as that stylesheet's xsl:output says, as NUL-terminated arena text. NULL when the
 * stylesheet is not compiled (render_init not called) or the transform fails, logged.
 */
const char *render_text(struct arena *a, int xsl, xmlDocPtr doc);

/* Build and send the error page for status (404, 403, ...) with a message. */
int render_error(struct req *r, int status, const char *message);

#endif
