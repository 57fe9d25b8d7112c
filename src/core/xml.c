/* xml.c - the one XML builder: text reaches the tree only as text nodes. Pure libxml2 and
 * core/db results; the page frame built with it is web/frame.c. */
#include "core/xml.h"

#include <stdio.h>
#include <string.h>

xmlNodePtr xml_el(xmlNodePtr parent, const char *name)
{
	return xmlNewChild(parent, NULL, BAD_CAST name, NULL);
}

xmlNodePtr xml_text(xmlNodePtr parent, const char *name, const char *text)
{
	/* xmlNewTextChild escapes its content, unlike xmlNewChild */
	return xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST text);
}

void xml_attr(xmlNodePtr n, const char *name, const char *value)
{
	/* xmlSetProp stores the value as a text node: no entity parsing */
	if (value)
		xmlSetProp(n, BAD_CAST name, BAD_CAST value);
}

void xml_attr_int(xmlNodePtr n, const char *name, long long v)
{
	char num[24];

	snprintf(num, sizeof(num), "%lld", v);
	xmlSetProp(n, BAD_CAST name, BAD_CAST num);
}

xmlNodePtr xml_row(xmlNodePtr parent, const char *name, const struct db_res *res, size_t row)
{
	xmlNodePtr n = xml_el(parent, name);

	for (size_t c = 0; c < res->ncols; c++) {
		const char *v = db_cell(res, row, c);
		if (v)
			xmlNewProp(n, BAD_CAST res->cols[c], BAD_CAST v);
	}
	return n;
}

size_t xml_rows(xmlNodePtr parent, const char *name, const struct db_res *res)
{
	for (size_t i = 0; i < res->nrows; i++)
		xml_row(parent, name, res, i);
	return res->nrows;
}
