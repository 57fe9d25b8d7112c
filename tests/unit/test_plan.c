/* test_plan.c - pure planning logic: day numbers, dependency cycles, shifting dependants, iCalendar text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/plan_calc.h"

/* ------------------------------------------------------------ days */

static void civil_dates(void **state)
{
	int y, m, d;

	(void)state;
	plan_civil(PLAN_EPOCH, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 19700101);
	plan_civil(739942, &y, &m, &d); /* TO_DAYS('2025-11-22') */
	assert_int_equal(y * 10000 + m * 100 + d, 20251122);
	plan_civil(738944, &y, &m, &d); /* TO_DAYS('2023-02-28') */
	assert_int_equal(y * 10000 + m * 100 + d, 20230228);
	plan_civil(739310, &y, &m, &d); /* TO_DAYS('2024-02-29') */
	assert_int_equal(y * 10000 + m * 100 + d, 20240229);
}

static void weekdays(void **state)
{
	(void)state;
	assert_int_equal(plan_weekday(PLAN_EPOCH), 3);   /* Thursday */
	assert_int_equal(plan_weekday(739942), 5);       /* 2025-11-22, a Saturday */
	assert_int_equal(plan_weekday(PLAN_EPOCH + 4), 0);
}

static void tenths_are_short_and_rounded(void **state)
{
	char s[24];

	(void)state;
	assert_int_equal(plan_tenths(s, 0), 1);
	assert_string_equal(s, "0");
	plan_tenths(s, 12.0);
	assert_string_equal(s, "12");
	plan_tenths(s, 12.54);
	assert_string_equal(s, "12.5");
	plan_tenths(s, 12.56);
	assert_string_equal(s, "12.6");
	plan_tenths(s, 0.96);
	assert_string_equal(s, "1");
	plan_tenths(s, -3.14);
	assert_string_equal(s, "-3.1");
	plan_tenths(s, -0.04);
	assert_string_equal(s, "0");
	assert_int_equal(plan_tenths(s, 123456789.25), 11);
	assert_string_equal(s, "123456789.3");
}

/* ------------------------------------------------------------ cycles */

static const struct plan_edge chain[] = { { 2, 1 }, { 3, 2 }, { 4, 3 } }; /* 4 -> 3 -> 2 -> 1 */

static void no_cycle_for_a_new_dependency_downstream(void **state)
{
	long long deps[] = { 4 }, path[8];

	(void)state;
	assert_int_equal(plan_find_cycle(chain, 3, 5, deps, 1, path, 8), 0);
}

static void cycle_is_found_with_its_path(void **state)
{
	long long deps[] = { 4 }, path[8];
	int n;

	(void)state;
	n = plan_find_cycle(chain, 3, 1, deps, 1, path, 8);
	assert_int_equal(n, 4);
	assert_int_equal(path[0], 4);
	assert_int_equal(path[1], 3);
	assert_int_equal(path[2], 2);
	assert_int_equal(path[3], 1);
}

static void self_dependency_is_a_cycle(void **state)
{
	long long deps[] = { 7 }, path[8];

	(void)state;
	assert_int_equal(plan_find_cycle(NULL, 0, 7, deps, 1, path, 8), 1);
	assert_int_equal(path[0], 7);
}

static void old_edges_of_the_task_are_ignored(void **state)
{
	/* 1 depends on 2 today; making 1 depend on 3 instead, while 2 depends on 1? no: 2 -> 1 exists */
	static const struct plan_edge e[] = { { 1, 2 }, { 3, 4 } };
	long long deps[] = { 3 }, path[8];

	(void)state;
	assert_int_equal(plan_find_cycle(e, 2, 1, deps, 1, path, 8), 0);
	/* 2 depending on 1 where 1 -> 2 exists is a cycle of two */
	deps[0] = 1;
	assert_int_equal(plan_find_cycle(e, 2, 2, deps, 1, path, 8), 2);
}

static void diamond_is_not_a_cycle(void **state)
{
	static const struct plan_edge e[] = { { 2, 1 }, { 3, 1 }, { 4, 2 }, { 4, 3 } };
	long long deps[] = { 2, 3 }, path[8];

	(void)state;
	assert_int_equal(plan_find_cycle(e, 4, 5, deps, 2, path, 8), 0);
	deps[0] = 4;
	assert_int_equal(plan_find_cycle(e, 4, 1, deps, 1, path, 8), 3);
}

static void long_path_is_truncated_to_maxpath(void **state)
{
	struct plan_edge e[40];
	long long deps[] = { 40 }, path[4];

	(void)state;
	for (int i = 0; i < 39; i++) {
		e[i].task = i + 2;
		e[i].on = i + 1;
	}
	assert_int_equal(plan_find_cycle(e, 39, 1, deps, 1, path, 4), 4);
	assert_int_equal(path[0], 40);
}

/* ------------------------------------------------------------ shifting */

static void shift_moves_dependants_transitively(void **state)
{
	struct plan_task t[] = {
		{ 1, 100, 110, 0 }, { 2, 105, 107, 0 }, { 3, 108, 109, 0 }, { 4, 101, 102, 0 },
	};
	static const struct plan_edge e[] = { { 2, 1 }, { 3, 2 } };

	(void)state;
	assert_int_equal(plan_shift(t, 4, e, 2, 1), 2);
	assert_int_equal(t[1].start, 111);
	assert_int_equal(t[1].due, 113);
	assert_int_equal(t[2].start, 114);
	assert_int_equal(t[2].due, 115);
	assert_int_equal(t[3].moved, 0);
	assert_int_equal(t[0].moved, 0);
}

static void shift_waits_for_the_latest_predecessor(void **state)
{
	struct plan_task t[] = { { 1, 100, 110, 0 }, { 2, 100, 120, 0 }, { 3, 111, 112, 0 } };
	static const struct plan_edge e[] = { { 3, 1 }, { 3, 2 } };

	(void)state;
	assert_int_equal(plan_shift(t, 3, e, 2, 1), 1);
	assert_int_equal(t[2].start, 121);
}

static void shift_leaves_tasks_in_order_alone(void **state)
{
	struct plan_task t[] = { { 1, 100, 110, 0 }, { 2, 111, 112, 0 } };
	static const struct plan_edge e[] = { { 2, 1 } };

	(void)state;
	assert_int_equal(plan_shift(t, 2, e, 1, 1), 0);
	assert_int_equal(t[1].start, 111);
}

static void shift_refuses_a_cycle(void **state)
{
	struct plan_task t[] = { { 1, 100, 110, 0 }, { 2, 100, 110, 0 } };
	static const struct plan_edge e[] = { { 2, 1 }, { 1, 2 } };

	(void)state;
	assert_int_equal(plan_shift(t, 2, e, 2, 1), -1);
}

static void shift_of_an_unknown_root_moves_nothing(void **state)
{
	struct plan_task t[] = { { 1, 100, 110, 0 }, { 2, 100, 110, 0 } };
	static const struct plan_edge e[] = { { 2, 1 } };

	(void)state;
	assert_int_equal(plan_shift(t, 2, e, 1, 9), 0);
}

/* ------------------------------------------------------------ iCalendar */

static void text_escaping(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	ical_text(&b, "a,b;c\\d\ne\r\nf");
	assert_string_equal(b.data, "a\\,b\\;c\\\\d\\ne\\nf");
	buf_release(&b);
}

static void short_line_is_not_folded(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	ical_line(&b, "SUMMARY:x", 9);
	assert_string_equal(b.data, "SUMMARY:x\r\n");
	buf_release(&b);
}

/* every physical line <= 75 octets; unfolding gives the input back */
static void check_fold(const char *in)
{
	struct buf b = BUF_INIT, un = BUF_INIT;
	const char *p, *nl;

	ical_line(&b, in, strlen(in));
	for (p = b.data; *p; p = nl + 2) {
		nl = strstr(p, "\r\n");
		assert_non_null(nl);
		assert_true(nl - p <= 75);
		/* a physical line never starts with a UTF-8 continuation byte after the fold space */
		if (p != b.data) {
			assert_int_equal(*p, ' ');
			assert_true(((unsigned char)p[1] & 0xc0) != 0x80);
			buf_add(&un, p + 1, (size_t)(nl - p - 1));
		} else {
			buf_add(&un, p, (size_t)(nl - p));
		}
	}
	assert_string_equal(un.data, in);
	buf_release(&b);
	buf_release(&un);
}

static void long_ascii_line_is_folded(void **state)
{
	char s[300];

	(void)state;
	memset(s, 'a', sizeof(s) - 1);
	s[sizeof(s) - 1] = 0;
	check_fold(s);
	check_fold("SUMMARY:0123456789012345678901234567890123456789012345678901234567890123456");
}

static void fold_never_splits_utf8(void **state)
{
	(void)state;
	/* three- and two-byte characters crossing every offset near 75 */
	check_fold("SUMMARY:日本語のテキストを七十五オクテットで折り返すテストです。日本語のテキストを七十五オクテットで折り返す");
	check_fold("SUMMARY:a日本語のテキストを七十五オクテットで折り返すテストです。日本語のテキストを七十五オクテットで");
	check_fold("SUMMARY:ab日本語のテキストを七十五オクテットで折り返すテストです。日本語のテキストを七十五オクテット");
	check_fold("SUMMARY:ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé");
	check_fold("SUMMARY:x😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(civil_dates),
		cmocka_unit_test(weekdays),
		cmocka_unit_test(tenths_are_short_and_rounded),
		cmocka_unit_test(no_cycle_for_a_new_dependency_downstream),
		cmocka_unit_test(cycle_is_found_with_its_path),
		cmocka_unit_test(self_dependency_is_a_cycle),
		cmocka_unit_test(old_edges_of_the_task_are_ignored),
		cmocka_unit_test(diamond_is_not_a_cycle),
		cmocka_unit_test(long_path_is_truncated_to_maxpath),
		cmocka_unit_test(shift_moves_dependants_transitively),
		cmocka_unit_test(shift_waits_for_the_latest_predecessor),
		cmocka_unit_test(shift_leaves_tasks_in_order_alone),
		cmocka_unit_test(shift_refuses_a_cycle),
		cmocka_unit_test(shift_of_an_unknown_root_moves_nothing),
		cmocka_unit_test(text_escaping),
		cmocka_unit_test(short_line_is_not_folded),
		cmocka_unit_test(long_ascii_line_is_folded),
		cmocka_unit_test(fold_never_splits_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
