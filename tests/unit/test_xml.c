/* test_xml.c - the XML builder: text and attributes always come out escaped and read back intact. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/db.h"
#include "fcgi/req.h"
#include "web/xml.h"

/* Text a user could type that means something to XML. */
static const char nasty[] =
	"a<b>c</b> & d &amp; &lt; &#65; \"dq\" 'sq' ]]> <![CDATA[x]]> <!-- c --> <?pi?> \xc3\xa9\xe2\x82\xac";

struct fx {
	xmlDocPtr doc;       /* the document under test */
	xmlNodePtr root;
	xmlDocPtr back;      /* doc serialised and parsed again */
	char *raw;           /* the serialised bytes */
	struct arena a;
	struct req r;
};

static const struct config cfg; /* all defaults: no Secure cookies */

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	if (!x)
		return -1;
	x->doc = xmlNewDoc(BAD_CAST "1.0");
	x->root = xmlNewDocNode(x->doc, NULL, BAD_CAST "page", NULL);
	xmlDocSetRootElement(x->doc, x->root);
	arena_init(&x->a);
	x->r.arena = &x->a;
	x->r.cfg = &cfg;
	x->r.method = M_GET;
	x->r.path = "/projects/7";
	x->r.headers.data = buf_empty;
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
	buf_release(&x->r.headers);
	arena_release(&x->a); /* frees a document xml_page made */
	free(x);
	return 0;
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

/* Serialise doc with xmlDocDumpMemory and parse it back; returns the new root. */
static xmlNodePtr roundtrip(struct fx *x, xmlDocPtr doc)
{
	xmlChar *mem = NULL;
	int len = 0;

	xmlDocDumpMemory(doc, &mem, &len);
	assert_non_null(mem);
	assert_true(len > 0);
	free(x->raw);
	x->raw = strndup((const char *)mem, (size_t)len);
	assert_non_null(x->raw);
	xmlFree(mem);
	if (x->back)
		xmlFreeDoc(x->back);
	x->back = xmlReadMemory(x->raw, len, NULL, "UTF-8", XML_PARSE_NONET);
	assert_non_null(x->back); /* well-formed whatever went in */
	return xmlDocGetRootElement(x->back);
}

/* Number of nodes matching xpath in doc. */
static int xcount(xmlDocPtr doc, const char *xpath)
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
	back = roundtrip(x, x->doc);
	assert_int_equal(xcount(x->back, "/page/*"), 1);
	assert_content(back->children, nasty);
}

static void test_text_is_escaped_when_serialised(void **state)
{
	struct fx *x = *state;

	xml_text(x->root, "t", "<script>alert(1)</script> & ]]>");
	roundtrip(x, x->doc);
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
	back = roundtrip(x, x->doc);
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
	back = roundtrip(x, x->doc);
	assert_content(back->children, "");
}

static void test_text_keeps_whitespace(void **state)
{
	struct fx *x = *state;
	xmlNodePtr back;

	xml_text(x->root, "t", "  line one\n\tline two\r\n  ");
	back = roundtrip(x, x->doc);
	assert_content(back->children, "  line one\n\tline two\r\n  ");
}

/* ---- xml_attr / xml_attr_int ---- */

static void test_attr_round_trip(void **state)
{
	struct fx *x = *state;
	xmlNodePtr back;

	xml_attr(x->root, "v", nasty);
	back = roundtrip(x, x->doc);
	assert_prop(back, "v", nasty);
}

static void test_attr_quotes_escaped(void **state)
{
	struct fx *x = *state;

	xml_attr(x->root, "v", "\" onmouseover=\"x");
	roundtrip(x, x->doc);
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
	back = roundtrip(x, x->doc);
	assert_prop(back, "v", "a\nb\tc\rd");
}

static void test_attr_entities_stay_literal(void **state)
{
	struct fx *x = *state;
	xmlNodePtr back;

	xml_attr(x->root, "v", "&lt;&amp;");
	back = roundtrip(x, x->doc);
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
	roundtrip(x, x->doc);
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
	roundtrip(x, x->doc);
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

/* ---- xml_page / xml_flash / xml_pager ---- */

static void test_page_anonymous(void **state)
{
	struct fx *x = *state;
	xmlNodePtr page = xml_page(&x->r, 3, "project", "A <b> & c");

	assert_non_null(page);
	assert_ptr_equal(x->r.page, page);
	assert_ptr_equal(xmlDocGetRootElement(x->r.doc), page);
	assert_int_equal(x->r.xsl, 3);
	roundtrip(x, x->r.doc);
	assert_int_equal(xcount(x->back,
		"/page[@name='project'][@title='A <b> & c'][@path='/projects/7']"), 1);
	assert_int_equal(xcount(x->back, "/page/brand[@name='Tandem']"), 1);
	assert_int_equal(xcount(x->back, "/page/session"), 0);
	assert_int_equal(xcount(x->back, "/page/flash"), 0);
	assert_int_equal(x->r.headers.len, 0);
}

static void test_page_signed_in(void **state)
{
	struct fx *x = *state;

	x->r.sess.user_id = 5;
	x->r.sess.role = ROLE_PM;
	x->r.sess.name = "Ada \"the\" <PM>";
	x->r.sess.email = "ada@example.com";
	x->r.sess.csrf = "tok";
	xml_page(&x->r, 0, "dashboard", "Home");
	roundtrip(x, x->r.doc);
	assert_int_equal(xcount(x->back, "/page/session[@user-id='5'][@role='pm']"
		"[@name='Ada \"the\" <PM>'][@csrf='tok']"), 1);
	assert_int_equal(xcount(x->back, "/page/session[@client-id]"), 0);
}

static void test_page_client_contact(void **state)
{
	struct fx *x = *state;

	x->r.sess.user_id = 9;
	x->r.sess.role = ROLE_CLIENT;
	x->r.sess.client_id = 4;
	x->r.sess.client_name = "Acme";
	x->r.sess.access = ACCESS_COMMENT;
	xml_page(&x->r, 0, "portal", "Portal");
	assert_int_equal(xcount(x->r.doc, "/page/session[@role='client'][@client-id='4']"
		"[@client-name='Acme'][@access='comment']"), 1);
}

static void test_page_started_over(void **state)
{
	struct fx *x = *state;
	xmlDocPtr doc;

	xml_page(&x->r, 1, "first", "First");
	xml_el(x->r.page, "junk");
	doc = x->r.doc;
	xml_page(&x->r, 2, "second", "Second");
	assert_ptr_equal(x->r.doc, doc); /* same document, freed once by the arena */
	assert_int_equal(xcount(x->r.doc, "/page"), 1);
	assert_int_equal(xcount(x->r.doc, "/page[@name='second']"), 1);
	assert_int_equal(xcount(x->r.doc, "//junk"), 0);
}

static void test_page_flash_from_cookie(void **state)
{
	struct fx *x = *state;
	struct kv c = { "tandem_flash", "saved", 5 };

	x->r.cookies.v = &c;
	x->r.cookies.n = 1;
	xml_page(&x->r, 0, "p", "P");
	assert_int_equal(xcount(x->r.doc, "/page/flash[@kind='ok'][.='Saved.']"), 1);
	/* shown once: the cookie is deleted */
	assert_non_null(strstr(x->r.headers.data, "Set-Cookie: tandem_flash=;"));
	assert_non_null(strstr(x->r.headers.data, "Max-Age=0"));
}

static void test_page_unknown_flash_code(void **state)
{
	struct fx *x = *state;
	struct kv c = { "tandem_flash", "<script>", 8 };

	x->r.cookies.v = &c;
	x->r.cookies.n = 1;
	xml_page(&x->r, 0, "p", "P");
	assert_int_equal(xcount(x->r.doc, "/page/flash"), 0);
	assert_int_equal(xcount(x->r.doc, "//script"), 0);
}

static void test_page_no_flash_on_post(void **state)
{
	struct fx *x = *state;
	struct kv c = { "tandem_flash", "saved", 5 };

	x->r.method = M_POST;
	x->r.cookies.v = &c;
	x->r.cookies.n = 1;
	xml_page(&x->r, 0, "p", "P");
	assert_int_equal(xcount(x->r.doc, "/page/flash"), 0);
	assert_int_equal(x->r.headers.len, 0);
}

static void test_flash_text_escaped(void **state)
{
	struct fx *x = *state;

	xml_page(&x->r, 0, "p", "P");
	xml_flash(&x->r, "error", "Bad <input> & \"more\"");
	roundtrip(x, x->r.doc);
	assert_int_equal(xcount(x->back,
		"/page/flash[@kind='error'][.='Bad <input> & \"more\"']"), 1);
	assert_int_equal(xcount(x->back, "//input"), 0);
}

static void test_pager_counts_pages(void **state)
{
	struct fx *x = *state;

	xml_pager(x->root, &x->r, 2, 20, 41, "/clients?q=a&b&page=");
	assert_int_equal(xcount(x->doc, "/page/pager[@page='2'][@pages='3'][@total='41']"
		"[@per-page='20'][@base='/clients?q=a&b&page=']"), 1);
}

static void test_pager_exact_and_empty(void **state)
{
	struct fx *x = *state;

	xml_pager(x->root, &x->r, 1, 20, 40, "/p?page=");
	xml_pager(x->root, &x->r, 1, 20, 0, "/p?page=");
	assert_int_equal(xcount(x->doc, "/page/pager[1][@pages='2']"), 1);
	assert_int_equal(xcount(x->doc, "/page/pager[2][@pages='1'][@total='0']"), 1);
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

		T(test_page_anonymous),
		T(test_page_signed_in),
		T(test_page_client_contact),
		T(test_page_started_over),
		T(test_page_flash_from_cookie),
		T(test_page_unknown_flash_code),
		T(test_page_no_flash_on_post),
		T(test_flash_text_escaped),
		T(test_pager_counts_pages),
		T(test_pager_exact_and_empty),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	xmlCleanupParser();
	return rc;
}
