/* xml_check.h - what the unit tests of XML output share: a serialise-and-parse round trip and
 * an XPath count. Include after <cmocka.h> (it asserts with cmocka). */
#ifndef TANDEM_TEST_XML_CHECK_H
#define TANDEM_TEST_XML_CHECK_H

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>

/* Serialise doc with xmlDocDumpMemory and parse it back: *raw holds the text, *back the new
 * document (both replaced, the old ones freed); returns the new root. */
static inline xmlNodePtr xml_roundtrip(xmlDocPtr doc, char **raw, xmlDocPtr *back)
{
	xmlChar *mem = NULL;
	int len = 0;

	xmlDocDumpMemory(doc, &mem, &len);
	assert_non_null(mem);
	assert_true(len > 0);
	free(*raw);
	*raw = strndup((const char *)mem, (size_t)len);
	assert_non_null(*raw);
	xmlFree(mem);
	if (*back)
		xmlFreeDoc(*back);
	*back = xmlReadMemory(*raw, len, NULL, "UTF-8", XML_PARSE_NONET);
	assert_non_null(*back); /* well-formed whatever went in */
	return xmlDocGetRootElement(*back);
}

/* Number of nodes matching xpath in doc. */
static inline int xcount(xmlDocPtr doc, const char *xpath)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST xpath, ctx);
	int n;

	assert_non_null(o);
	n = o->nodesetval ? o->nodesetval->nodeNr : 0;
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return n;
}

#endif
