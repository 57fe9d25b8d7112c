/* test_multipart.c - the streaming multipart/form-data parser: boundaries, parts, files,
 * delimiters split across chunks, and malformed bodies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "fcgi/multipart.h"

struct got {
	char log[8192];
	size_t n;
	int parts;
};

static int on_begin(void *ud, const struct mp_part *p)
{
	struct got *g = ud;
	g->n += (size_t)snprintf(g->log + g->n, sizeof(g->log) - g->n, "[%s|%s|%d|%s]", p->name,
				 p->filename, p->has_filename, p->content_type);
	g->parts++;
	return 0;
}

static int on_data(void *ud, const char *p, size_t n)
{
	struct got *g = ud;
	assert_true(g->n + n < sizeof(g->log));
	memcpy(g->log + g->n, p, n);
	g->n += n;
	g->log[g->n] = '\0';
	return 0;
}

static int on_end(void *ud)
{
	struct got *g = ud;
	g->n += (size_t)snprintf(g->log + g->n, sizeof(g->log) - g->n, "<end>");
	return 0;
}

static const struct mp_handler H = { on_begin, on_data, on_end };

static const char BODY[] =
	"--XyZ\r\n"
	"Content-Disposition: form-data; name=\"title\"\r\n\r\n"
	"Brand guide\r\n"
	"--XyZ\r\n"
	"Content-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".pdf\"\r\n"
	"Content-Type: application/pdf\r\n\r\n"
	"%PDF\r\n--XyAnot\r\r\n-\r\n--Xy\r\n"
	"--XyZ--\r\nepilogue";

static const char WANT[] =
	"[title||0|]Brand guide<end>[file|a \"b\".pdf|1|application/pdf]"
	"%PDF\r\n--XyAnot\r\r\n-\r\n--Xy<end>";

/* Fed whole, or in chunks of every size from 1 up: the same callbacks. */
static void parses_in_any_chunking(void **state)
{
	(void)state;
	for (size_t step = 1; step <= sizeof(BODY); step++) {
		struct multipart m;
		struct got g;
		size_t len = sizeof(BODY) - 1;

		memset(&g, 0, sizeof(g));
		mp_init(&m, "XyZ", &H, &g, 10);
		for (size_t i = 0; i < len; i += step)
			assert_int_equal(mp_feed(&m, BODY + i, i + step > len ? len - i : step), 0);
		assert_int_equal(mp_finish(&m), 0);
		assert_string_equal(g.log, WANT);
		assert_int_equal(g.parts, 2);
	}
}

static int feed_all(const char *body, const char *boundary, size_t max_parts)
{
	struct multipart m;
	struct got g;
	int rc;

	memset(&g, 0, sizeof(g));
	mp_init(&m, boundary, &H, &g, max_parts);
	rc = mp_feed(&m, body, strlen(body));
	return rc ? rc : mp_finish(&m);
}

static void malformed_refused(void **state)
{
	(void)state;
	/* no closing delimiter */
	assert_int_equal(feed_all("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx", "b", 10), -1);
	/* no Content-Disposition */
	assert_int_equal(feed_all("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--", "b", 10), -1);
	/* not form-data, or no name */
	assert_int_equal(feed_all("--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--b--", "b", 10), -1);
	assert_int_equal(feed_all("--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--", "b", 10), -1);
	/* junk after a delimiter */
	assert_int_equal(feed_all("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--bzz", "b", 10), -1);
	/* header line without a colon; unterminated quote */
	assert_int_equal(feed_all("--b\r\nbroken\r\n\r\nx\r\n--b--", "b", 10), -1);
	assert_int_equal(feed_all("--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--b--", "b", 10), -1);
	/* too many parts */
	assert_int_equal(feed_all("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
				  "--b\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\n2\r\n--b--", "b", 1), -1);
	/* an empty body */
	assert_int_equal(feed_all("", "b", 10), -1);
	/* fine: empty value and preamble */
	assert_int_equal(feed_all("junk\r\n--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n--b--", "b", 10), 0);
}

static void header_block_limit(void **state)
{
	static char body[MP_HEADER_MAX + 200];
	size_t n;

	(void)state;
	n = (size_t)snprintf(body, sizeof(body), "--b\r\nContent-Disposition: form-data; name=\"a\"\r\nX: ");
	memset(body + n, 'x', MP_HEADER_MAX);
	body[n + MP_HEADER_MAX] = '\0';
	assert_int_equal(feed_all(body, "b", 10), -1);
}

static void boundary_from_content_type(void **state)
{
	char b[MP_BOUNDARY_MAX + 1];

	(void)state;
	assert_int_equal(mp_boundary("multipart/form-data; boundary=----WebKitFormBoundaryAbC", b, sizeof(b)), 0);
	assert_string_equal(b, "----WebKitFormBoundaryAbC");
	assert_int_equal(mp_boundary("Multipart/Form-Data; charset=x; boundary=\"a b:c\"", b, sizeof(b)), 0);
	assert_string_equal(b, "a b:c");
	assert_int_equal(mp_boundary("multipart/form-data", b, sizeof(b)), -1);
	assert_int_equal(mp_boundary("multipart/form-data; boundary=", b, sizeof(b)), -1);
	assert_int_equal(mp_boundary("multipart/form-data; boundary=\"a\r\"", b, sizeof(b)), -1);
	assert_int_equal(mp_boundary("multipart/form-data; boundary=\"ab \"", b, sizeof(b)), -1);
	assert_int_equal(mp_boundary("text/plain; boundary=a", b, sizeof(b)), -1);
	assert_int_equal(mp_boundary("multipart/form-data; boundary="
				     "12345678901234567890123456789012345678901234567890123456789012345678901",
				     b, sizeof(b)), -1);
}

static int refuse_data(void *ud, const char *p, size_t n)
{
	(void)ud, (void)p, (void)n;
	return 413;
}

static void callback_code_stops_the_parse(void **state)
{
	static const struct mp_handler h = { on_begin, refuse_data, on_end };
	struct multipart m;
	struct got g;

	(void)state;
	memset(&g, 0, sizeof(g));
	mp_init(&m, "b", &h, &g, 10);
	assert_int_equal(mp_feed(&m, "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\nabc\r\n--b--", 70), 413);
	assert_int_equal(mp_finish(&m), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_in_any_chunking),
		cmocka_unit_test(malformed_refused),
		cmocka_unit_test(header_block_limit),
		cmocka_unit_test(boundary_from_content_type),
		cmocka_unit_test(callback_code_stops_the_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
