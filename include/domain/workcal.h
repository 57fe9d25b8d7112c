/* workcal.h - the agency's working days (issue 16): a working week and holidays, and day
 * arithmetic on them. Days are day numbers (days since 1970-01-01, timecalc.h). */
#ifndef TANDEM_WORKCAL_H
#define TANDEM_WORKCAL_H

#include <stddef.h>
#include "domain/ctx.h"

#define WORKCAL_DEFAULT_WEEK "1111100" /* Monday to Friday */

/* The calendar: week[0] Monday .. week[6] Sunday, 1 a working day (at least one is); the
 * holidays as sorted day numbers. */
struct workcal {
	unsigned char week[7];
	const long *holidays;
	size_t nholidays;
};

/* The calendar of week text w (seven '0'/'1', Monday first, at least one '1') and no holidays:
 * 0, or -1 when w is not such a text (*out is then Monday to Friday). */
int workcal_week(struct workcal *out, const char *w);

/* The agency's calendar: the settings row work_week and the holidays table (arena memory of
 * c). 0, or -1 (database error; *out is Monday to Friday without holidays). */
int workcal_load(struct ctx *c, struct workcal *out);

/* 1 when day is a working day of w. */
int workcal_is_working(const struct workcal *w, long day);

/* The working day n working days after day (n < 0: before); n = 0: day itself when it is a
 * working day, else the next working day. */
long workcal_add(const struct workcal *w, long day, long n);

/* Working days from `from` to `to`, both counted (0 when to < from). */
long workcal_count(const struct workcal *w, long from, long to);

#endif
