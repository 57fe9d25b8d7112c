/* xml.h - the one XML builder: every string reaches the tree escaped, by construction. */
#ifndef TANDEM_XML_H
#define TANDEM_XML_H

#include <libxml/tree.h>
#include "core/db.h"
#include "fcgi/req.h"

/*
 * There is no call here that takes markup: text and attribute values are
 * stored as text nodes, and libxml2 escapes them when the tree is serialised
 * or transformed. Element and attribute names are our own literals or
 * statement column aliases, never user input.
 */

/* New child element. */
xmlNodePtr xml_el(xmlNodePtr parent, const char *name);
/* New child element holding text (NULL text: an empty element). */
xmlNodePtr xml_text(xmlNodePtr parent, const char *name, const char *text);
/* Set an attribute; NULL value sets nothing. */
void xml_attr(xmlNodePtr n, const char *name, const char *value);
void xml_attr_int(xmlNodePtr n, const char *name, long long v);
/* One element named `name` for row `row` of res, each non-NULL column an attribute. */
xmlNodePtr xml_row(xmlNodePtr parent, const char *name, const struct db_res *res, size_t row);
/* xml_row for every row; returns the number of rows. */
size_t xml_rows(xmlNodePtr parent, const char *name, const struct db_res *res);

/*
 * Start the page document for r: <page name title path>, <session> (when
 * signed in), <brand>, and a <flash> taken from the flash cookie. The
 * document is freed with the arena. Returns the <page> element.
 */
xmlNodePtr xml_page(struct req *r, int xsl, const char *name, const char *title);

/* Add a <flash kind> now (e.g. on a 422 or 429 page). */
void xml_flash(struct req *r, const char *kind, const char *text);

/* Set the flash shown by the next page (after a redirect). `code` must be a
 * key of the flash table in xml.c; unknown codes are ignored. */
void xml_flash_next(struct req *r, const char *code);

/* <pager page pages total base>: base is the path plus query up to "page=". */
void xml_pager(xmlNodePtr parent, struct req *r, long long page, long long per_page,
	       long long total, const char *base);

#endif
