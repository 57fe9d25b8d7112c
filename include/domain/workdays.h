/* workdays.h - the agency's working days as the admin sets them (domain layer, issue 16): the
 * working week and the holidays. Reading the calendar and counting on it is workcal.h. */
#ifndef TANDEM_WORKDAYS_H
#define TANDEM_WORKDAYS_H

#include "domain/ctx.h"
#include "domain/problem.h"

/*
 * Every function here runs in the caller's transaction and never begins or commits: the caller
 * commits on 0 and rolls back on anything else (a refusal has written nothing). Nothing here
 * emits an event, writes an activity line or tells anyone: the calendar is the agency's
 * setting, read by every later day count (a plan already made keeps its dates).
 */

/* The results besides 0 (done) and -1 (database error). */
enum {
	WORKDAYS_NOT_FOUND = 1, /* no holiday on that day */
	WORKDAYS_REFUSED = 2,   /* nothing written: the problems say why */
};

/*
 * Set the working week to week: seven characters Monday..Sunday, '1' a working day, '0' not.
 * Refused (a problem for the field "week") when it is not seven of '0'/'1', or has no working
 * day at all.
 * Writes: the settings row work_week. Locks: that row.
 * Returns 0 (also when it was so already); WORKDAYS_REFUSED with out's problems; -1.
 */
int workdays_set_week(struct ctx *c, const char *week, struct problems *out);

/*
 * Make day (YYYY-MM-DD) a holiday called name (one line, 1 to 200 characters).
 * Refused, with a problem on its field: a day that is not a real date ("day"), a day that is a
 * holiday already ("day", naming it), an empty or too long name ("name").
 * Locks: the holiday's row (or the gap where it goes). Writes: the holidays row.
 * Returns 0; WORKDAYS_REFUSED with out's problems; -1.
 */
int workdays_holiday_add(struct ctx *c, const char *day, const char *name, struct problems *out);

/*
 * Make day (YYYY-MM-DD) a working day again (as the week says): its holiday is removed.
 * Locks: the row. Writes: its deletion.
 * Returns 0; WORKDAYS_NOT_FOUND (no holiday that day, or day is no date: nothing written); -1.
 */
int workdays_holiday_remove(struct ctx *c, const char *day);

#endif
