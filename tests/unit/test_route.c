/* test_route.c - route_match: literal segments, '#' ids, and everything that must not match. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/array.h"
#include "web/route.h"

/* ids has exactly the four slots a request has, so ASan sees any write past them. */
struct m {
	long long ids[4];
	int nids;
};

static int match(const char *pattern, const char *path, struct m *m)
{
	int rc;

	memset(m, 0, sizeof(*m));
	m->nids = 99; /* must be reset by every call */
	rc = route_match(pattern, path, m->ids, &m->nids);
	assert_true(rc == 0 || rc == 1);
	assert_true(m->nids >= 0 && m->nids <= 4);
	if (rc) {
		int want = 0;
		for (const char *p = pattern; *p; p++)
			want += *p == '#';
		assert_int_equal(m->nids, want);
		for (int i = 0; i < m->nids; i++)
			assert_true(m->ids[i] >= 1);
	}
	return rc;
}

static void test_exact_literal(void **state)
{
	struct m m;

	(void)state;
	assert_true(match("/login", "/login", &m));
	assert_int_equal(m.nids, 0);
}

static void test_root(void **state)
{
	struct m m;

	(void)state;
	assert_true(match("/", "/", &m));
	assert_false(match("/", "", &m));
	assert_false(match("/", "/x", &m));
}

static void test_literal_mismatch(void **state)
{
	struct m m;

	(void)state;
	assert_false(match("/login", "/logout", &m));
	assert_false(match("/login", "/Login", &m));
	assert_false(match("/clients", "/projects", &m));
}

static void test_prefix_not_matched(void **state)
{
	struct m m;

	(void)state;
	assert_false(match("/login", "/loginx", &m));
	assert_false(match("/login", "/login/extra", &m));
	assert_false(match("/loginx", "/login", &m));
	assert_false(match("/clients/new", "/clients", &m));
}

static void test_trailing_slash_not_matched(void **state)
{
	struct m m;

	(void)state;
	assert_false(match("/clients", "/clients/", &m));
	assert_false(match("/clients/#", "/clients/42/", &m));
	assert_false(match("/clients/#/contacts", "/clients/42/contacts/", &m));
}

static void test_id(void **state)
{
	struct m m;

	(void)state;
	assert_true(match("/clients/#", "/clients/42", &m));
	assert_int_equal(m.nids, 1);
	assert_int_equal(m.ids[0], 42);
}

static void test_id_then_segment(void **state)
{
	struct m m;

	(void)state;
	assert_true(match("/projects/#/stage", "/projects/1234567/stage", &m));
	assert_int_equal(m.ids[0], 1234567);
}

static void test_two_ids(void **state)
{
	struct m m;

	(void)state;
	assert_true(match("/projects/#/tasks/#", "/projects/3/tasks/19", &m));
	assert_int_equal(m.nids, 2);
	assert_int_equal(m.ids[0], 3);
	assert_int_equal(m.ids[1], 19);
}

static void test_four_ids(void **state)
{
	struct m m;

	(void)state;
	assert_true(match("/#/#/#/#", "/1/22/333/4444", &m));
	assert_int_equal(m.nids, 4);
	assert_int_equal(m.ids[0], 1);
	assert_int_equal(m.ids[1], 22);
	assert_int_equal(m.ids[2], 333);
	assert_int_equal(m.ids[3], 4444);
}

static void test_more_than_four_ids(void **state)
{
	struct m m;

	(void)state;
	assert_false(match("/#/#/#/#/#", "/1/2/3/4/5", &m));
}

static void test_large_id(void **state)
{
	struct m m;

	(void)state;
	assert_true(match("/clients/#", "/clients/922337203685477579", &m));
	assert_int_equal(m.ids[0], 922337203685477579LL);
}

static void test_id_leading_zero(void **state)
{
	struct m m;

	(void)state;
	assert_false(match("/clients/#", "/clients/042", &m));
	assert_false(match("/clients/#", "/clients/00", &m));
}

static void test_id_zero(void **state)
{
	struct m m;

	(void)state;
	assert_false(match("/clients/#", "/clients/0", &m));
}

static void test_id_overflow(void **state)
{
	struct m m;

	(void)state;
	assert_false(match("/clients/#", "/clients/99999999999999999999", &m));
	assert_false(match("/clients/#", "/clients/9223372036854775808", &m));
	assert_false(match("/clients/#", "/clients/123456789012345678901234567890", &m));
}

static void test_id_not_digits(void **state)
{
	static const char *const bad[] = { "/clients/new", "/clients/abc", "/clients/-1",
		"/clients/+1", "/clients/ 1", "/clients/1x", "/clients/1.0", "/clients/0x1",
		"/clients/%31" };
	struct m m;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		if (match("/clients/#", bad[i], &m))
			fail_msg("\"%s\" matched /clients/#", bad[i]);
}

static void test_id_missing(void **state)
{
	struct m m;

	(void)state;
	assert_false(match("/clients/#", "/clients/", &m));
	assert_false(match("/clients/#", "/clients", &m));
	assert_false(match("/projects/#/stage", "/projects//stage", &m));
}

static void test_id_then_wrong_segment(void **state)
{
	struct m m;

	(void)state;
	assert_false(match("/projects/#/stage", "/projects/12/health", &m));
	assert_false(match("/projects/#/stage", "/projects/12", &m));
	assert_false(match("/projects/#/stage", "/projects/12stage", &m));
}

static void test_literal_route_does_not_take_ids(void **state)
{
	struct m m;

	(void)state;
	assert_false(match("/clients/new", "/clients/1", &m));
	assert_true(match("/clients/new", "/clients/new", &m));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_literal),
		cmocka_unit_test(test_root),
		cmocka_unit_test(test_literal_mismatch),
		cmocka_unit_test(test_prefix_not_matched),
		cmocka_unit_test(test_trailing_slash_not_matched),
		cmocka_unit_test(test_id),
		cmocka_unit_test(test_id_then_segment),
		cmocka_unit_test(test_two_ids),
		cmocka_unit_test(test_four_ids),
		cmocka_unit_test(test_more_than_four_ids),
		cmocka_unit_test(test_large_id),
		cmocka_unit_test(test_id_leading_zero),
		cmocka_unit_test(test_id_zero),
		cmocka_unit_test(test_id_overflow),
		cmocka_unit_test(test_id_not_digits),
		cmocka_unit_test(test_id_missing),
		cmocka_unit_test(test_id_then_wrong_segment),
		cmocka_unit_test(test_literal_route_does_not_take_ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
