/* clock.h - "now" for the outbox worker's scheduled jobs (digests, status reports due) and
 * the agency's time zone; the tests set the time (issue 12). */
#ifndef TANDEM_CLOCK_H
#define TANDEM_CLOCK_H

#include "domain/ctx.h"

#include <time.h>

struct clock {
	time_t now;       /* the real time, or the settings row clock_now (test_clock only) */
	const char *zone; /* the agency's zone: the settings row time_zone when tz_ok, else "UTC" */
};

/*
 * The clock of c: out->now is time(NULL), except when the configuration's test_clock is on
 * (the HTTP tests' stack, never production) and the settings row clock_now holds a UTC time
 * "YYYY-MM-DD HH:MM:SS" (or "YYYY-MM-DDTHH:MM:SSZ"); out->zone (arena text) the agency's
 * default zone. One statement (the two settings rows). 0, or -1 on a database failure with
 * *out the real time in UTC.
 */
int clock_get(struct ctx *c, struct clock *out);

/* The date of k->now in k->zone as "YYYY-MM-DD" into out. */
void clock_date(const struct clock *k, char out[11]);

/* t as a DATETIME of the database (UTC, "YYYY-MM-DD HH:MM:SS") into out. */
void clock_sql(time_t t, char out[20]);

#endif
