/* test_log.c - the rate-limited log line (issue 10 item 26: a database outage logs once, then rarely). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/log.h"

/* 8,800 lines a second for a minute become 1 + 6 lines, each later one
 * carrying the count it stands for. */
static void item26_outage_logs_once_then_every_ten_seconds(void **state)
{
	struct log_limit l;
	unsigned long left = 99, total_left = 0;
	int logged = 0;

	(void)state;
	memset(&l, 0, sizeof(l));
	for (long long t = 1000; t < 1060; t++) {
		for (int i = 0; i < 8800; i++) {
			if (log_limit_pass(&l, t, 10, &left)) {
				logged++;
				total_left += left;
				if (logged == 1)
					assert_int_equal(left, 0);
				else
					assert_true(left > 0);
			}
		}
	}
	assert_int_equal(logged, 6);
	assert_int_equal(total_left + (unsigned long)logged + l.suppressed, 60UL * 8800);
}

static void item26_reset_logs_the_next_at_once(void **state)
{
	struct log_limit l;
	unsigned long left = 99;

	(void)state;
	memset(&l, 0, sizeof(l));
	assert_int_equal(log_limit_reset(&l), 0);
	assert_true(log_limit_pass(&l, 5, 10, &left));
	assert_false(log_limit_pass(&l, 6, 10, &left));
	assert_int_equal(log_limit_reset(&l), 1);
	assert_true(log_limit_pass(&l, 7, 10, &left));
	assert_int_equal(left, 0);
	assert_false(log_limit_pass(&l, 16, 10, &left));
	assert_true(log_limit_pass(&l, 17, 10, &left));
	assert_int_equal(left, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(item26_outage_logs_once_then_every_ten_seconds),
		cmocka_unit_test(item26_reset_logs_the_next_at_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
