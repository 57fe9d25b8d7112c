/* dates.c - day numbers as text in arena memory (the formats are timecalc's). */
#include "domain/dates.h"
#include "core/arena.h"
#include "domain/timecalc.h"

#include <time.h>

const char *dates_day(struct arena *a, long days)
{
	char *s = arena_alloc(a, 11);

	tc_date_format(days, s, 11);
	return s;
}

const char *dates_week(struct arena *a, long days)
{
	char *s = arena_alloc(a, 9);

	tc_week_format(days, s, 9);
	return s;
}

const char *dates_today(struct arena *a)
{
	return dates_day(a, (long)(time(NULL) / 86400));
}
