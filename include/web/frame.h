/* frame.h - the frame of every page: <page>, its <session> and <brand>, the flash, the pager. */
#ifndef TANDEM_FRAME_H
#define TANDEM_FRAME_H

#include <libxml/tree.h>
#include "fcgi/req.h"

/*
 * Start the page document for r: <page name title path>, <session> (when
 * signed in), <brand>, and a <flash> taken from the flash cookie. The
 * document is freed with the arena. Returns the <page> element.
 */
xmlNodePtr xml_page(struct req *r, int xsl, const char *name, const char *title);

/* Add a <flash kind> now (e.g. on a 422 or 429 page). */
void xml_flash(struct req *r, const char *kind, const char *text);

/* Set the flash shown by the next page (after a redirect). `code` must be a
 * key of the flash table in frame.c; unknown codes are ignored. */
void xml_flash_next(struct req *r, const char *code);

/* <pager page pages total base>: base is the path plus query up to "page=". */
void xml_pager(xmlNodePtr parent, struct req *r, long long page, long long per_page,
	       long long total, const char *base);

#endif
