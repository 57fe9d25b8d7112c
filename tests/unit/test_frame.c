/* test_frame.c - the page frame: <page>, <session>, <brand>, the flash cookie, the pager. */
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

#include "core/arena.h"
#include "core/config.h"
#include "core/db.h"
#include "fcgi/req.h"
#include "core/xml.h"
#include "web/frame.h"

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

/* ---- xml_page / xml_flash / xml_pager ---- */

static void test_page_anonymous(void **state)
{
	struct fx *x = *state;
	xmlNodePtr page = xml_page(&x->r, 3, "project", "A <b> & c");

	assert_non_null(page);
	assert_ptr_equal(x->r.page, page);
	assert_ptr_equal(xmlDocGetRootElement(x->r.doc), page);
	assert_int_equal(x->r.xsl, 3);
	xml_roundtrip(x->r.doc, &x->raw, &x->back);
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
	xml_roundtrip(x->r.doc, &x->raw, &x->back);
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
	xml_roundtrip(x->r.doc, &x->raw, &x->back);
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
