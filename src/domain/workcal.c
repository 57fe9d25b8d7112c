/* workcal.c - working days: the agency's week and holidays, and counting on them. */
#include "domain/workcal.h"
#include "core/db.h"
#include "domain/timecalc.h"

#include <string.h>

int workcal_week(struct workcal *out, const char *w)
{
	int any = 0;

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < 7; i++)
		out->week[i] = i < 5;
	if (!w || strlen(w) != 7)
		return -1;
	for (int i = 0; i < 7; i++) {
		if (w[i] != '0' && w[i] != '1')
			return -1;
		any |= w[i] == '1';
	}
	if (!any)
		return -1;
	for (int i = 0; i < 7; i++)
		out->week[i] = w[i] == '1';
	return 0;
}

int workcal_load(struct ctx *c, struct workcal *out)
{
	struct db_res *r;
	long *days;

	workcal_week(out, WORKCAL_DEFAULT_WEEK);
	if (db_query(c->db, c->arena, ST_WORKCAL_WEEK, &r, ""))
		return -1;
	if (r->nrows == 1)
		workcal_week(out, db_cell(r, 0, WORKCAL_WEEK_VALUE));
	if (db_query(c->db, c->arena, ST_WORKCAL_HOLIDAYS, &r, ""))
		return -1;
	days = arena_alloc(c->arena, (r->nrows + 1) * sizeof(*days));
	out->nholidays = 0;
	for (size_t i = 0; i < r->nrows; i++)
		if (!tc_date_parse(db_cell(r, i, WORKCAL_HOLIDAYS_DAY), &days[out->nholidays]))
			out->nholidays++;
	out->holidays = days;
	return 0;
}

static int holiday(const struct workcal *w, long day)
{
	size_t lo = 0, hi = w->nholidays;

	while (lo < hi) { /* sorted: the statement orders them */
		size_t mid = lo + (hi - lo) / 2;
		if (w->holidays[mid] == day)
			return 1;
		if (w->holidays[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int workcal_is_working(const struct workcal *w, long day)
{
	return w->week[tc_weekday(day)] && !holiday(w, day);
}

long workcal_add(const struct workcal *w, long day, long n)
{
	/* a year of holidays cannot stop it: every week has a working day, and the loop is
	 * bounded by the holidays there are */
	long step = n < 0 ? -1 : 1, left = n < 0 ? -n : n;

	while (!workcal_is_working(w, day))
		day += step;
	while (left > 0) {
		day += step;
		if (workcal_is_working(w, day))
			left--;
	}
	return day;
}

long workcal_count(const struct workcal *w, long from, long to)
{
	long n = 0;

	for (long d = from; d <= to; d++)
		n += workcal_is_working(w, d);
	return n;
}
