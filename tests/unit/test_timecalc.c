/* test_timecalc.c - durations as typed, ISO weeks, day numbers, money rounding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/arena.h"
#include "domain/dates.h"
#include "domain/timecalc.h"

#include <time.h>

static long long dur(const char *s)
{
	long long m = -999999;

	assert_int_equal(tc_duration(s, &m), 0);
	return m;
}

static void durations_in_every_format(void **state)
{
	(void)state;
	assert_int_equal(dur("1.5"), 90);
	assert_int_equal(dur("1,5"), 90);
	assert_int_equal(dur("1:30"), 90);
	assert_int_equal(dur("90m"), 90);
	assert_int_equal(dur("1h30"), 90);
	assert_int_equal(dur("1h30m"), 90);
	assert_int_equal(dur("1h 30m"), 90);
	assert_int_equal(dur("2h"), 120);
	assert_int_equal(dur(" 8 "), 480);
	assert_int_equal(dur("0.25"), 15);
	assert_int_equal(dur(".5"), 30);
	assert_int_equal(dur("0:05"), 5);
	assert_int_equal(dur("45min"), 45);
}

static void decimal_hours_round_half_up_to_the_minute(void **state)
{
	(void)state;
	assert_int_equal(dur("0.01"), 1);   /* 0.6 min */
	assert_int_equal(dur("1.33"), 80);  /* 79.8 */
	assert_int_equal(dur("0.11"), 7);   /* 6.6 */
	assert_int_equal(dur("0.1"), 6);
}

static void negative_and_zero_parse_for_the_caller_to_refuse(void **state)
{
	(void)state;
	assert_int_equal(dur("-1"), -60);
	assert_int_equal(dur("0"), 0);
	assert_int_equal(dur("0:00"), 0);
}

static void wrong_formats_are_refused(void **state)
{
	static const char *bad[] = { "", " ", "abc", "1.555", "1:5", "1:75", "1h75", "1..5",
				     "1.5h30", "h", "m", "1:30:00", "1e3", "1/2", "99999999999",
				     "1,5,5", "--1", "1 30", "+1", "1h30x", NULL };
	long long m;

	(void)state;
	for (int i = 0; bad[i]; i++) {
		if (tc_duration(bad[i], &m) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
	}
	assert_int_equal(tc_duration(NULL, &m), -1);
}

static void days_round_trip(void **state)
{
	int y, m, d;

	(void)state;
	assert_int_equal(tc_days(1970, 1, 1), 0);
	assert_int_equal(tc_weekday(0), 3);
	for (long days = -1000; days < 30000; days += 37) {
		tc_civil(days, &y, &m, &d);
		assert_int_equal(tc_days(y, m, d), days);
	}
	assert_int_equal(tc_weekday(tc_days(2026, 11, 22)), 6); /* a Sunday */
}

static void dates_parse_and_format(void **state)
{
	long days;
	char buf[16];

	(void)state;
	assert_int_equal(tc_date_parse("2024-02-29", &days), 0);
	tc_date_format(days, buf, sizeof(buf));
	assert_string_equal(buf, "2024-02-29");
	assert_int_equal(tc_date_parse("2023-02-29", &days), -1);
	assert_int_equal(tc_date_parse("2023-2-01", &days), -1);
	assert_int_equal(tc_date_parse("2023-02-01x", &days), -1);
	assert_int_equal(tc_date_parse("", &days), -1);
}

static void iso_weeks(void **state)
{
	long mon;
	char buf[16];

	(void)state;
	assert_int_equal(tc_week_parse("2026-W01", &mon), 0);
	tc_date_format(mon, buf, sizeof(buf));
	assert_string_equal(buf, "2025-12-29");        /* week 1 of 2026 starts in 2025 */
	assert_int_equal(tc_week_parse("2020-W53", &mon), 0); /* 2020 has 53 weeks */
	tc_date_format(mon, buf, sizeof(buf));
	assert_string_equal(buf, "2020-12-28");
	assert_int_equal(tc_week_parse("2021-W53", &mon), -1);
	assert_int_equal(tc_week_parse("2021-W00", &mon), -1);
	assert_int_equal(tc_week_parse("2021-W5", &mon), -1);
	assert_int_equal(tc_week_parse("2021W05", &mon), -1);
	tc_week_format(tc_days(2027, 1, 1), buf, sizeof(buf));   /* a Friday of 2026-W53 */
	assert_string_equal(buf, "2026-W53");
	tc_week_format(tc_days(2024, 12, 30), buf, sizeof(buf));
	assert_string_equal(buf, "2025-W01");
	tc_week_format(tc_days(2026, 11, 22), buf, sizeof(buf));
	assert_string_equal(buf, "2026-W47");
	assert_int_equal(tc_week_monday(tc_days(2026, 11, 22)), tc_days(2026, 11, 16));
}

static void money_rounds_half_up_per_entry(void **state)
{
	(void)state;
	assert_int_equal(tc_amount(60, 12000), 12000);
	assert_int_equal(tc_amount(7, 10000), 1167);   /* 1166.67 */
	assert_int_equal(tc_amount(1, 30), 1);          /* 0.5 -> 1 */
	assert_int_equal(tc_amount(1, 29), 0);          /* 0.48 -> 0 */
	assert_int_equal(tc_amount(0, 5000), 0);
	assert_int_equal(tc_amount(-1, 5000), -1);
	assert_int_equal(tc_amount(1LL << 62, 1000), -1);
}

static void percentages(void **state)
{
	(void)state;
	assert_int_equal(tc_percent(0, 0), 0);
	assert_int_equal(tc_percent(1, 3), 33);
	assert_int_equal(tc_percent(2, 3), 67);
	assert_int_equal(tc_percent(799, 1000), 80);
	assert_int_equal(tc_percent(1500, 1000), 150);
}

/* dates.h: the same formats as arena text */
static void dates_as_arena_text(void **state)
{
	struct arena a;
	const char *today;
	long d;

	(void)state;
	arena_init(&a);
	assert_string_equal(dates_day(&a, 0), "1970-01-01");
	assert_string_equal(dates_day(&a, tc_days(2026, 12, 7)), "2026-12-07");
	assert_string_equal(dates_week(&a, tc_days(2026, 12, 7)), "2026-W50");
	assert_string_equal(dates_week(&a, tc_days(2021, 1, 3)), "2020-W53");
	today = dates_today(&a);
	assert_int_equal(tc_date_parse(today, &d), 0);
	assert_int_equal(d, (long)(time(NULL) / 86400));
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(durations_in_every_format),
		cmocka_unit_test(decimal_hours_round_half_up_to_the_minute),
		cmocka_unit_test(negative_and_zero_parse_for_the_caller_to_refuse),
		cmocka_unit_test(wrong_formats_are_refused),
		cmocka_unit_test(days_round_trip),
		cmocka_unit_test(dates_parse_and_format),
		cmocka_unit_test(iso_weeks),
		cmocka_unit_test(money_rounds_half_up_per_entry),
		cmocka_unit_test(percentages),
		cmocka_unit_test(dates_as_arena_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
