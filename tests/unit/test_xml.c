/* test_xml.c - the XML builder: text and attributes always come out escaped and read back intact.
 * Linked with the core objects alone (Makefile: UNIT_CORE): the builder needs no request. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <cmocka.h>

#include "xml_check.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "core/db.h"
#include "core/xml.h"

/* Text a user could type that means something to XML. */
static const char nasty[] =
	"a<b>c</b> & d &amp; &lt; &#65; \"dq\" 'sq' ]]> <![CDATA[x]]> <!-- c --> <?pi?> \xc3\xa9\xe2\x82\xac";

struct fx {
	xmlDocPtr doc;       /* the document under test */
	xmlNodePtr root;
	xmlDocPtr back;      /* doc serialised and parsed again */
	char *raw;           /* the serialised bytes */
};

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	if (!x)
		return -1;
	x->doc = xmlNewDoc(BAD_CAST "1.0");
	x->root = xmlNewDocNode(x->doc, NULL, BAD_CAST "page", NULL);
	xmlDocSetRootElement(x->doc, x->root);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;

	xmlFreeDoc(x->doc);
	if (x->back)
		xmlFreeDoc(x->back);
	free(x->raw);
	free(x);
	return 0;
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

static void assert_content(xmlNodePtr n, const char *want)
{
	xmlChar *c = xmlNodeGetContent(n);

	assert_non_null(c);
	assert_string_equal((const char *)c, want);
	xmlFree(c);
}

static void assert_prop(xmlNodePtr n, const char *name, const char *want)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);

	if (!want) {
		assert_null(v);
		return;
	}
	assert_non_null(v);
	assert_string_equal((const char *)v, want);
	xmlFree(v);
}

/* ---- xml_el / xml_text ---- */

static void test_el_adds_empty_child(void **state)
{
	struct fx *x = *state;
	xmlNodePtr n = xml_el(x->root, "project");

	assert_non_null(n);
	assert_ptr_equal(n->parent, x->root);
	assert_string_equal((const char *)n->name, "project");
	assert_null(n->children);
	assert_null(n->properties);
}

static void test_el_keeps_order(void **state)
{
	struct fx *x = *state;

	xml_el(x->root, "a");
	xml_el(x->root, "b");
	xml_el(x->root, "c");
	assert_string_equal((const char *)x->root->children->name, "a");
	assert_string_equal((const char *)x->root->last->name, "c");
}

static void test_text_round_trip(void **state)
{
	struct fx *x = *state;
	xmlNodePtr back;

	xml_text(x->root, "title", nasty);
	back = xml_roundtrip(x->doc, &x->raw, &x->back);
	assert_int_equal(xcount(x->back, "/page/*"), 1);
	assert_content(back->children, nasty);
}

static void test_text_is_escaped_when_serialised(void **state)
{
	struct fx *x = *state;

	xml_text(x->root, "t", "<script>alert(1)</script> & ]]>");
	xml_roundtrip(x->doc, &x->raw, &x->back);
	assert_null(strstr(x->raw, "<script"));
	assert_non_null(strstr(x->raw, "&lt;script&gt;"));
	assert_non_null(strstr(x->raw, " &amp; "));
	assert_null(strstr(x->raw, "]]>"));
	/* no element came from the text */
	assert_int_equal(xcount(x->back, "//script"), 0);
	assert_int_equal(xcount(x->back, "/page/t/*"), 0);
}

static void test_text_entities_stay_literal(void **state)
{
	struct fx *x = *state;
	xmlNodePtr back;

	/* xml_text takes text, not markup: "&amp;" is five characters */
	xml_text(x->root, "t", "&amp;&#60;&lt;");
	back = xml_roundtrip(x->doc, &x->raw, &x->back);
	assert_content(back->children, "&amp;&#60;&lt;");
}

static void test_text_null_is_empty_element(void **state)
{
	struct fx *x = *state;
	xmlNodePtr n = xml_text(x->root, "t", NULL);

	assert_non_null(n);
	assert_null(n->children);
	assert_content(n, "");
}

static void test_text_empty_string(void **state)
{
	struct fx *x = *state;
	xmlNodePtr back;

	xml_text(x->root, "t", "");
	back = xml_roundtrip(x->doc, &x->raw, &x->back);
	assert_content(back->children, "");
}

static void test_text_keeps_whitespace(void **state)
{
	struct fx *x = *state;
	xmlNodePtr back;

	xml_text(x->root, "t", "  line one\n\tline two\r\n  ");
	back = xml_roundtrip(x->doc, &x->raw, &x->back);
	assert_content(back->children, "  line one\n\tline two\r\n  ");
}

/* ---- xml_attr / xml_attr_int ---- */

static void test_attr_round_trip(void **state)
{
	struct fx *x = *state;
	xmlNodePtr back;

	xml_attr(x->root, "v", nasty);
	back = xml_roundtrip(x->doc, &x->raw, &x->back);
	assert_prop(back, "v", nasty);
}

static void test_attr_quotes_escaped(void **state)
{
	struct fx *x = *state;

	xml_attr(x->root, "v", "\" onmouseover=\"x");
	xml_roundtrip(x->doc, &x->raw, &x->back);
	assert_null(strstr(x->raw, "\" onmouseover"));
	assert_non_null(strstr(x->raw, "&quot;"));
	assert_null(xmlHasProp(xmlDocGetRootElement(x->back), BAD_CAST "onmouseover"));
}

static void test_attr_whitespace_survives(void **state)
{
	struct fx *x = *state;
	xmlNodePtr back;

	/* a parser normalises raw newlines and tabs in attributes; they must be escaped */
	xml_attr(x->root, "v", "a\nb\tc\rd");
	back = xml_roundtrip(x->doc, &x->raw, &x->back);
	assert_prop(back, "v", "a\nb\tc\rd");
}

static void test_attr_entities_stay_literal(void **state)
{
	struct fx *x = *state;
	xmlNodePtr back;

	xml_attr(x->root, "v", "&lt;&amp;");
	back = xml_roundtrip(x->doc, &x->raw, &x->back);
	assert_prop(back, "v", "&lt;&amp;");
}

static void test_attr_null_sets_nothing(void **state)
{
	struct fx *x = *state;

	xml_attr(x->root, "v", NULL);
	assert_null(xmlHasProp(x->root, BAD_CAST "v"));
	assert_null(x->root->properties);
}

static void test_attr_null_keeps_old_value(void **state)
{
	struct fx *x = *state;

	xml_attr(x->root, "v", "1");
	xml_attr(x->root, "v", NULL);
	assert_prop(x->root, "v", "1");
}

static void test_attr_replaces_value(void **state)
{
	struct fx *x = *state;

	xml_attr(x->root, "v", "1");
	xml_attr(x->root, "v", "2");
	assert_prop(x->root, "v", "2");
	assert_null(x->root->properties->next);
}

static void test_attr_empty_string_is_set(void **state)
{
	struct fx *x = *state;

	xml_attr(x->root, "v", "");
	assert_non_null(xmlHasProp(x->root, BAD_CAST "v"));
	assert_prop(x->root, "v", "");
}

static void test_attr_int(void **state)
{
	struct fx *x = *state;

	xml_attr_int(x->root, "zero", 0);
	xml_attr_int(x->root, "neg", -42);
	xml_attr_int(x->root, "max", LLONG_MAX);
	xml_attr_int(x->root, "min", LLONG_MIN);
	assert_prop(x->root, "zero", "0");
	assert_prop(x->root, "neg", "-42");
	assert_prop(x->root, "max", "9223372036854775807");
	assert_prop(x->root, "min", "-9223372036854775808");
}

/* ---- xml_row / xml_rows ---- */

static const char *const cols[] = { "id", "name", "due", "note" };
static const char *const cells[] = {
	"1", "Acme <Corp> & \"Sons\"", "2026-06-30", NULL,
	"2", "Beta ]]> Ltd", NULL, "it's",
	NULL, NULL, NULL, NULL,
};
static const struct db_res res3 = { 3, 4, (const char **)cols, (const char **)cells, ST__COUNT };

static void test_row_non_null_cells_become_attributes(void **state)
{
	struct fx *x = *state;
	xmlNodePtr n = xml_row(x->root, "client", &res3, 0);

	assert_string_equal((const char *)n->name, "client");
	assert_prop(n, "id", "1");
	assert_prop(n, "name", "Acme <Corp> & \"Sons\"");
	assert_prop(n, "due", "2026-06-30");
	assert_null(xmlHasProp(n, BAD_CAST "note"));
	assert_null(n->children);
}

static void test_row_all_null_has_no_attributes(void **state)
{
	struct fx *x = *state;
	xmlNodePtr n = xml_row(x->root, "client", &res3, 2);

	assert_non_null(n);
	assert_null(n->properties);
}

static void test_row_values_escaped(void **state)
{
	struct fx *x = *state;

	xml_row(x->root, "client", &res3, 0);
	xml_row(x->root, "client", &res3, 1);
	xml_roundtrip(x->doc, &x->raw, &x->back);
	assert_null(strstr(x->raw, "<Corp>"));
	assert_null(strstr(x->raw, "]]>"));
	assert_int_equal(xcount(x->back,
		"/page/client[@name='Acme <Corp> & \"Sons\"']"), 1);
	assert_int_equal(xcount(x->back, "/page/client[@name='Beta ]]> Ltd']"), 1);
	assert_int_equal(xcount(x->back, "/page/client[@note=\"it's\"]"), 1);
}

static void test_rows_one_element_per_row(void **state)
{
	struct fx *x = *state;

	assert_int_equal(xml_rows(x->root, "client", &res3), 3);
	xml_roundtrip(x->doc, &x->raw, &x->back);
	assert_int_equal(xcount(x->back, "/page/client"), 3);
	assert_int_equal(xcount(x->back, "/page/client[1][@id='1']"), 1);
	assert_int_equal(xcount(x->back, "/page/client[2][@id='2']"), 1);
	assert_int_equal(xcount(x->back, "/page/client[3][not(@*)]"), 1);
	assert_int_equal(xcount(x->back, "/page/client[@due]"), 1);
	assert_int_equal(xcount(x->back, "/page/client[@note]"), 1);
}

static void test_rows_empty_result(void **state)
{
	struct fx *x = *state;
	static const struct db_res none = { 0, 4, (const char **)cols, NULL, ST__COUNT };

	assert_int_equal(xml_rows(x->root, "client", &none), 0);
	assert_null(x->root->children);
}

static void test_rows_without_columns(void **state)
{
	struct fx *x = *state;
	static const struct db_res nocols = { 2, 0, NULL, NULL, ST__COUNT };

	assert_int_equal(xml_rows(x->root, "r", &nocols), 2);
	assert_int_equal(xcount(x->doc, "/page/r[not(@*)]"), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_el_adds_empty_child),
		T(test_el_keeps_order),
		T(test_text_round_trip),
		T(test_text_is_escaped_when_serialised),
		T(test_text_entities_stay_literal),
		T(test_text_null_is_empty_element),
		T(test_text_empty_string),
		T(test_text_keeps_whitespace),

		T(test_attr_round_trip),
		T(test_attr_quotes_escaped),
		T(test_attr_whitespace_survives),
		T(test_attr_entities_stay_literal),
		T(test_attr_null_sets_nothing),
		T(test_attr_null_keeps_old_value),
		T(test_attr_replaces_value),
		T(test_attr_empty_string_is_set),
		T(test_attr_int),

		T(test_row_non_null_cells_become_attributes),
		T(test_row_all_null_has_no_attributes),
		T(test_row_values_escaped),
		T(test_rows_one_element_per_row),
		T(test_rows_empty_result),
		T(test_rows_without_columns),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	xmlCleanupParser();
	return rc;
}
