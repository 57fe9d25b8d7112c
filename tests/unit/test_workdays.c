/* test_workdays.c - working days (issue 16): shifting dependants on them (plan_shift_cal), and the
 * pure parts of templates: offsets and durations in working days, dates back from them, and
 * client names kept out of a template's text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/arena.h"
#include "domain/plan_calc.h"
#include "domain/template.h"
#include "domain/timecalc.h"
#include "domain/workcal.h"

/* Days since 1970 of an ISO date (the test's own dates are real). */
static long day(const char *iso)
{
	long d = -1;

	assert_int_equal(tc_date_parse(iso, &d), 0);
	return d;
}

/* TO_DAYS number of an ISO date, as plan_shift takes them. */
static long to_days(const char *iso)
{
	return day(iso) + PLAN_EPOCH;
}

static void assert_date(long to_days_number, const char *iso)
{
	char s[11];

	tc_date_format(to_days_number - PLAN_EPOCH, s, sizeof(s));
	assert_string_equal(s, iso);
}

/* Monday to Friday, with holidays (sorted) */
static struct workcal week(const long *holidays, size_t n)
{
	struct workcal w;

	assert_int_equal(workcal_week(&w, WORKCAL_DEFAULT_WEEK), 0);
	w.holidays = holidays;
	w.nholidays = n;
	return w;
}

/* ------------------------------------------------------------ shifting on working days */

static void shift_over_a_weekend_keeps_the_working_length(void **state)
{
	/* A ends Thursday 2033-03-10; B (Mon-Wed, three working days) depends on it: B starts on
	 * Friday and ends on Tuesday, never on Saturday */
	struct workcal w = week(NULL, 0);
	struct plan_task t[] = {
		{ 1, to_days("2033-03-07"), to_days("2033-03-10"), 0 },
		{ 2, to_days("2033-03-07"), to_days("2033-03-09"), 0 },
	};
	static const struct plan_edge e[] = { { 2, 1 } };

	(void)state;
	assert_int_equal(plan_shift_cal(t, 2, e, 1, 1, &w), 1);
	assert_date(t[1].start, "2033-03-11");
	assert_date(t[1].due, "2033-03-15");
	assert_int_equal(t[1].moved, 1);
	assert_int_equal(t[0].moved, 0);
}

static void shift_after_a_friday_starts_on_monday(void **state)
{
	struct workcal w = week(NULL, 0);
	struct plan_task t[] = {
		{ 1, to_days("2033-03-07"), to_days("2033-03-11"), 0 },
		{ 2, to_days("2033-03-10"), to_days("2033-03-10"), 0 },
	};
	static const struct plan_edge e[] = { { 2, 1 } };

	(void)state;
	assert_int_equal(plan_shift_cal(t, 2, e, 1, 1, &w), 1);
	assert_date(t[1].start, "2033-03-14");
	assert_date(t[1].due, "2033-03-14");
}

static void shift_over_a_holiday(void **state)
{
	/* Friday 2033-03-11 is a holiday: after A ends on Thursday, B starts on Monday and keeps
	 * its two working days (Monday, Tuesday); C after B starts Wednesday */
	long hol[] = { day("2033-03-11") };
	struct workcal w = week(hol, 1);
	struct plan_task t[] = {
		{ 1, to_days("2033-03-07"), to_days("2033-03-10"), 0 },
		{ 2, to_days("2033-03-08"), to_days("2033-03-09"), 0 },
		{ 3, to_days("2033-03-10"), to_days("2033-03-10"), 0 },
	};
	static const struct plan_edge e[] = { { 2, 1 }, { 3, 2 } };

	(void)state;
	assert_int_equal(plan_shift_cal(t, 3, e, 2, 1, &w), 2);
	assert_date(t[1].start, "2033-03-14");
	assert_date(t[1].due, "2033-03-15");
	assert_date(t[2].start, "2033-03-16");
	assert_date(t[2].due, "2033-03-16");
}

static void shift_length_spanning_a_holiday_is_counted_in_working_days(void **state)
{
	/* B ran Monday to Friday over a Wednesday holiday: four working days, kept after the move */
	long hol[] = { day("2033-03-09"), day("2033-03-23") };
	struct workcal w = week(hol, 2);
	struct plan_task t[] = {
		{ 1, to_days("2033-03-14"), to_days("2033-03-17"), 0 },
		{ 2, to_days("2033-03-07"), to_days("2033-03-11"), 0 },
	};
	static const struct plan_edge e[] = { { 2, 1 } };

	(void)state;
	assert_int_equal(plan_shift_cal(t, 2, e, 1, 1, &w), 1);
	/* Friday 18, Monday 21, Tuesday 22, (holiday 23), Thursday 24 */
	assert_date(t[1].start, "2033-03-18");
	assert_date(t[1].due, "2033-03-24");
}

static void shift_on_a_six_day_week_uses_saturday(void **state)
{
	struct workcal w;
	struct plan_task t[] = {
		{ 1, to_days("2033-03-07"), to_days("2033-03-11"), 0 },
		{ 2, to_days("2033-03-08"), to_days("2033-03-09"), 0 },
	};
	static const struct plan_edge e[] = { { 2, 1 } };

	(void)state;
	assert_int_equal(workcal_week(&w, "1111110"), 0);
	assert_int_equal(plan_shift_cal(t, 2, e, 1, 1, &w), 1);
	assert_date(t[1].start, "2033-03-12");
	assert_date(t[1].due, "2033-03-14");
}

static void shift_without_a_calendar_is_plan_shift(void **state)
{
	struct plan_task a[] = { { 1, 100, 110, 0 }, { 2, 105, 107, 0 }, { 3, 108, 109, 0 } };
	struct plan_task b[] = { { 1, 100, 110, 0 }, { 2, 105, 107, 0 }, { 3, 108, 109, 0 } };
	static const struct plan_edge e[] = { { 2, 1 }, { 3, 2 } };

	(void)state;
	assert_int_equal(plan_shift_cal(a, 3, e, 2, 1, NULL), plan_shift(b, 3, e, 2, 1));
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(a[i].start, b[i].start);
		assert_int_equal(a[i].due, b[i].due);
		assert_int_equal(a[i].moved, b[i].moved);
	}
}

static void shift_leaves_a_task_in_order_alone_on_working_days(void **state)
{
	struct workcal w = week(NULL, 0);
	struct plan_task t[] = {
		{ 1, to_days("2033-03-07"), to_days("2033-03-10"), 0 },
		{ 2, to_days("2033-03-12"), to_days("2033-03-14"), 0 }, /* a Saturday start, after A */
	};
	static const struct plan_edge e[] = { { 2, 1 } };

	(void)state;
	assert_int_equal(plan_shift_cal(t, 2, e, 1, 1, &w), 0);
	assert_date(t[1].start, "2033-03-12");
}

/* ------------------------------------------------------------ template offsets */

static void offsets_and_durations_count_working_days(void **state)
{
	long hol[] = { day("2033-03-16") };
	struct workcal w = week(hol, 1);
	long first = day("2033-03-07"); /* a Monday */

	(void)state;
	assert_int_equal(template_offset(&w, first, first), 0);
	assert_int_equal(template_offset(&w, first, day("2033-03-11")), 4);
	/* Saturday and Sunday count as the Monday after */
	assert_int_equal(template_offset(&w, first, day("2033-03-12")), 5);
	assert_int_equal(template_offset(&w, first, day("2033-03-14")), 5);
	/* the Wednesday holiday does not count */
	assert_int_equal(template_offset(&w, first, day("2033-03-17")), 7);
	/* before the first day: 0 */
	assert_int_equal(template_offset(&w, first, day("2033-03-01")), 0);
	assert_int_equal(template_duration(&w, day("2033-03-07"), day("2033-03-11")), 5);
	assert_int_equal(template_duration(&w, day("2033-03-14"), day("2033-03-18")), 4);
	/* a weekend-only task lasts one working day */
	assert_int_equal(template_duration(&w, day("2033-03-12"), day("2033-03-13")), 1);
}

static void dates_from_offsets_land_on_working_days(void **state)
{
	long hol[] = { day("2033-03-16") };
	struct workcal w = week(hol, 1);
	long first = day("2033-03-07"), s, d;
	char a[11], b[11];

	(void)state;
	template_days(&w, first, 0, 1, &s, &d);
	assert_int_equal(s, first);
	assert_int_equal(d, first);
	template_days(&w, first, 4, 3, &s, &d); /* Friday, then Monday, Tuesday */
	tc_date_format(s, a, sizeof(a));
	tc_date_format(d, b, sizeof(b));
	assert_string_equal(a, "2033-03-11");
	assert_string_equal(b, "2033-03-15");
	template_days(&w, first, 7, 1, &s, &d); /* over the Wednesday holiday */
	tc_date_format(s, a, sizeof(a));
	assert_string_equal(a, "2033-03-17");
	/* round trip: a task's offset and duration give its days back */
	for (long off = 0; off < 40; off++)
		for (long dur = 1; dur < 12; dur += 3) {
			template_days(&w, first, off, dur, &s, &d);
			assert_true(workcal_is_working(&w, s) && workcal_is_working(&w, d));
			assert_int_equal(template_offset(&w, first, s), off);
			assert_int_equal(template_duration(&w, s, d), dur);
		}
}

/* ------------------------------------------------------------ client names */

static const char *const clients[] = { "Acme Corp", "acme", "Globex", "Go", NULL, "A.B. Dick & Co." };

static void client_names_are_found_as_whole_words(void **state)
{
	(void)state;
	assert_string_equal(template_client_in("Kick-off with Acme Corp", clients, 6), "Acme Corp");
	assert_string_equal(template_client_in("Sign-off by ACME legal", clients, 6), "acme");
	assert_string_equal(template_client_in("globex's launch", clients, 6), "Globex");
	assert_string_equal(template_client_in("Report for A.B. Dick & Co.", clients, 6), "A.B. Dick & Co.");
	/* inside a word, or too short to tell: no */
	assert_null(template_client_in("Acmeé", clients, 6));
	assert_null(template_client_in("Globexx and reacme", clients, 6));
	assert_null(template_client_in("Go live", clients, 6));
	assert_null(template_client_in(NULL, clients, 6));
	/* the placeholder is not a name */
	assert_null(template_client_in("Kick-off with {client}", (const char *const[]){ "client" }, 1));
}

static void scrub_and_fill_round_trip(void **state)
{
	struct arena a;
	const char *s;

	(void)state;
	arena_init(&a);
	s = template_scrub(&a, "Acme Corp launch: ACME legal and Acme Corp's shops", clients, 6);
	assert_string_equal(s, "{client} launch: {client} legal and {client}'s shops");
	assert_string_equal(template_fill(&a, s, "Initech", 200),
			    "Initech launch: Initech legal and Initech's shops");
	/* no name: the text itself */
	s = "Wireframes";
	assert_ptr_equal(template_scrub(&a, s, clients, 6), s);
	assert_ptr_equal(template_fill(&a, s, "Initech", 200), s);
	assert_null(template_scrub(&a, NULL, clients, 6));
	assert_null(template_fill(&a, NULL, "Initech", 200));
	/* cut to at most max characters, never inside one */
	assert_string_equal(template_fill(&a, "{client} review", "Zoë Ltd", 5), "Zoë L");
	assert_string_equal(template_fill(&a, "ééé", "x", 2), "éé");
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shift_over_a_weekend_keeps_the_working_length),
		cmocka_unit_test(shift_after_a_friday_starts_on_monday),
		cmocka_unit_test(shift_over_a_holiday),
		cmocka_unit_test(shift_length_spanning_a_holiday_is_counted_in_working_days),
		cmocka_unit_test(shift_on_a_six_day_week_uses_saturday),
		cmocka_unit_test(shift_without_a_calendar_is_plan_shift),
		cmocka_unit_test(shift_leaves_a_task_in_order_alone_on_working_days),
		cmocka_unit_test(offsets_and_durations_count_working_days),
		cmocka_unit_test(dates_from_offsets_land_on_working_days),
		cmocka_unit_test(client_names_are_found_as_whole_words),
		cmocka_unit_test(scrub_and_fill_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
