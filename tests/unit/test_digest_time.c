/* test_digest_time.c - time zones from the system's zone files (core/tz.c) and the digest
 * periods (notify_digest_due): which period is due at an instant in a zone, its key, and the
 * instant it became due (08:00 on its first day there). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/tz.h"
#include "domain/notify_mail.h"

/* "YYYY-MM-DD HH:MM" UTC as an instant. */
static time_t utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi };

	return timegm(&tm);
}

static void zone_names(void **state)
{
	static const char *const good[] = { "UTC", "Europe/Berlin", "Asia/Tokyo", "America/New_York",
					    "America/Argentina/Buenos_Aires", "Etc/GMT+5" };
	static const char *const bad[] = { "", "Europe", "Europe/", "/etc/passwd", "../../etc/passwd",
					   "Europe/../Asia/Tokyo", "Foo/Bar", "CET-1CEST", "zone.tab",
					   "Europe//Berlin", "Europe/Berlin ", "Europe/Berlin\n",
					   "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" };

	(void)state;
	assert_false(tz_ok(NULL));
	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		assert_true(tz_ok(good[i]));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_false(tz_ok(bad[i]));
}

static void local_and_back(void **state)
{
	struct tm tm;
	time_t t = utc(2026, 12, 7, 23, 30);

	(void)state;
	tz_local("Asia/Tokyo", t, &tm); /* +9: the next morning */
	assert_int_equal(tm.tm_mday, 8);
	assert_int_equal(tm.tm_hour, 8);
	assert_int_equal(tm.tm_min, 30);
	tz_local("America/New_York", t, &tm); /* -5 in winter */
	assert_int_equal(tm.tm_mday, 7);
	assert_int_equal(tm.tm_hour, 18);
	tz_local("Europe/Berlin", utc(2026, 7, 1, 6, 0), &tm); /* +2 in summer */
	assert_int_equal(tm.tm_hour, 8);
	tz_local(NULL, t, &tm);
	assert_int_equal(tm.tm_hour, 23);
	tm = (struct tm){ .tm_year = 126, .tm_mon = 6, .tm_mday = 1, .tm_hour = 8 };
	assert_true(tz_utc("Europe/Berlin", &tm) == utc(2026, 7, 1, 6, 0));
	tm = (struct tm){ .tm_year = 126, .tm_mon = 11, .tm_mday = 7, .tm_hour = 8 };
	assert_true(tz_utc("America/New_York", &tm) == utc(2026, 12, 7, 13, 0));
	assert_true(tz_utc("UTC", &tm) == utc(2026, 12, 7, 8, 0));
	/* the process's own zone is left as it was */
	assert_null(getenv("TZ"));
}

static void due(const char *cad, const char *zone, time_t now, const char *want, time_t want_at)
{
	char period[NOTIFY_PERIOD_LEN + 1];
	time_t at;

	notify_digest_due(cad, zone, now, period, &at);
	assert_string_equal(period, want);
	assert_true(at == want_at);
}

static void periods(void **state)
{
	(void)state;
	/* daily: today's from 08:00, yesterday's before */
	due("daily", "UTC", utc(2026, 12, 7, 8, 0), "2026-12-07", utc(2026, 12, 7, 8, 0));
	due("daily", "UTC", utc(2026, 12, 7, 7, 59), "2026-12-06", utc(2026, 12, 6, 8, 0));
	/* weekly: ISO weeks, from Monday 08:00 (2026-12-07 is the Monday of W50) */
	due("weekly", "UTC", utc(2026, 12, 9, 12, 0), "2026-W50", utc(2026, 12, 7, 8, 0));
	due("weekly", "UTC", utc(2026, 12, 7, 7, 0), "2026-W49", utc(2026, 11, 30, 8, 0));
	due("weekly", "UTC", utc(2027, 1, 1, 12, 0), "2026-W53", utc(2026, 12, 28, 8, 0));
	/* the zone's morning: Tokyo is past 08:00 Monday while New York is still on Sunday */
	due("weekly", "Asia/Tokyo", utc(2026, 12, 13, 23, 30), "2026-W51", utc(2026, 12, 13, 23, 0));
	due("weekly", "America/New_York", utc(2026, 12, 13, 23, 30), "2026-W50", utc(2026, 12, 7, 13, 0));
	due("weekly", "America/New_York", utc(2026, 12, 14, 13, 0), "2026-W51", utc(2026, 12, 14, 13, 0));
	/* fortnights from 1970-01-05, keyed by the ISO year and (week + 1) / 2 of their Monday */
	due("biweekly", "UTC", utc(2026, 12, 9, 12, 0), "2026-F25", utc(2026, 12, 7, 8, 0));
	due("biweekly", "UTC", utc(2026, 12, 16, 12, 0), "2026-F25", utc(2026, 12, 7, 8, 0));
	due("biweekly", "UTC", utc(2026, 12, 21, 9, 0), "2026-F26", utc(2026, 12, 21, 8, 0));
	due("biweekly", "UTC", utc(2026, 12, 21, 7, 0), "2026-F25", utc(2026, 12, 7, 8, 0));
	/* monthly: the 1st at 08:00 */
	due("monthly", "UTC", utc(2026, 12, 31, 23, 0), "2026-12", utc(2026, 12, 1, 8, 0));
	due("monthly", "UTC", utc(2027, 1, 1, 7, 0), "2026-12", utc(2026, 12, 1, 8, 0));
	due("monthly", "Europe/Berlin", utc(2027, 3, 1, 7, 30), "2027-03", utc(2027, 3, 1, 7, 0));
	/* no cadence ("none") or an unknown one: weekly */
	due("none", "UTC", utc(2026, 12, 9, 12, 0), "2026-W50", utc(2026, 12, 7, 8, 0));
	due(NULL, "UTC", utc(2026, 12, 9, 12, 0), "2026-W50", utc(2026, 12, 7, 8, 0));
}

static void cadences(void **state)
{
	(void)state;
	assert_string_equal(notify_digest_cadence(1, "monthly"), "daily");
	assert_string_equal(notify_digest_cadence(0, "monthly"), "monthly");
	assert_string_equal(notify_digest_cadence(0, "biweekly"), "biweekly");
	assert_string_equal(notify_digest_cadence(0, "none"), "weekly");
	assert_string_equal(notify_digest_cadence(0, NULL), "weekly");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(zone_names),
		cmocka_unit_test(local_and_back),
		cmocka_unit_test(periods),
		cmocka_unit_test(cadences),
	};

	unsetenv("TZ");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
