/* xml.h - the one XML builder: every string reaches the tree escaped, by construction.
 * Knows no request: the page frame (xml_page, flashes, pager) is web/frame.h. */
#ifndef TANDEM_XML_H
#define TANDEM_XML_H

#include <libxml/tree.h>
#include "core/db.h"

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

#endif
