/* clock.c - "now" for the scheduled jobs, settable by the tests; the agency's time zone. */
#include "domain/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "core/tz.h"

#include <stdio.h>
#include <string.h>

/* "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DDTHH:MM:SSZ" (UTC) to *t: 0, or -1. */
static int parse_utc(const char *s, time_t *t)
{
	struct tm tm;
	int n = 0;
	char sep;

	memset(&tm, 0, sizeof(tm));
	if (!s || sscanf(s, "%4d-%2d-%2d%c%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &sep,
			 &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 7 ||
	    (sep != ' ' && sep != 'T') || (s[n] && strcmp(s + n, "Z")) || tm.tm_year < 1970 ||
	    tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*t = timegm(&tm);
	return 0;
}

int clock_get(struct ctx *c, struct clock *out)
{
	struct db_res *res;

	out->now = time(NULL);
	out->zone = "UTC";
	if (db_query(c->db, c->arena, ST_CLOCK_GET, &res, ""))
		return -1;
	for (size_t i = 0; i < res->nrows; i++) {
		const char *name = db_cell(res, i, CLOCK_GET_NAME), *v = db_cell(res, i, CLOCK_GET_VALUE);
		time_t t;

		if (!strcmp(name, "time_zone") && tz_ok(v))
			out->zone = v;
		else if (!strcmp(name, "clock_now") && c->cfg && c->cfg->test_clock && !parse_utc(v, &t))
			out->now = t;
	}
	return 0;
}

void clock_date(const struct clock *k, char out[11])
{
	struct tm tm;

	tz_local(k->zone, k->now, &tm);
	if (!strftime(out, 11, "%Y-%m-%d", &tm))
		out[0] = '\0';
}

void clock_sql(time_t t, char out[20])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	if (!strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm))
		out[0] = '\0';
}
