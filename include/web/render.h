/* render.h - turning a page document into the response: HTML, XML, or the error page. */
#ifndef TANDEM_RENDER_H
#define TANDEM_RENDER_H

#include "core/xslt.h" /* enum xsl: the family a page names in xml_page and r->xsl */
#include "fcgi/req.h"

/*
 * Send r->doc with the given status: as application/xml when r->want_xml,
 * else transformed by the page's stylesheet to text/html. On a transform
 * failure sends a plain 500. Returns 0, or -1 when nothing could be sent.
 */
int render_page(struct req *r, int status);

/* Build and send the error page for status (404, 403, ...) with a message. */
int render_error(struct req *r, int status, const char *message);

#endif
