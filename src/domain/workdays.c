/* workdays.c - the admin's side of the working days: setting the week, adding and removing holidays. */
#include "domain/workdays.h"
#include "core/arena.h"
#include "core/db.h"
#include "domain/timecalc.h"
#include "domain/workcal.h"

#include <string.h>

/* Characters (UTF-8 code points) of s. */
static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

int workdays_set_week(struct ctx *c, const char *week, struct problems *out)
{
	struct workcal w;

	if (workcal_week(&w, week)) {
		problem_add(out, "week", week && strlen(week) == 7 && strspn(week, "01") == 7
					 ? "At least one day of the week must be a working day."
					 : "The week is seven days, Monday first, each working (1) or not (0).");
		return WORKDAYS_REFUSED;
	}
	return db_exec(c->db, ST_WD_WEEK_SET, "s", week) < 0 ? -1 : 0;
}

int workdays_holiday_add(struct ctx *c, const char *day, const char *name, struct problems *out)
{
	struct db_res *h;
	long d;

	if (!day || tc_date_parse(day, &d))
		problem_add(out, "day", "Date must be a real date (YYYY-MM-DD).");
	if (!name || !*name || strchr(name, '\n') || strchr(name, '\r') || chars(name) > 200)
		problem_add(out, "name", "Name the holiday in one line of at most 200 characters.");
	if (out->n)
		return WORKDAYS_REFUSED;
	if (db_query(c->db, c->arena, ST_WD_HOLIDAY_LOCK, &h, "s", day))
		return -1;
	if (h->nrows) {
		problem_add(out, "day", arena_printf(c->arena, "%s is a holiday already (%s).", day,
						     db_cell(h, 0, WD_HOLIDAY_LOCK_NAME)));
		return WORKDAYS_REFUSED;
	}
	return db_exec(c->db, ST_WD_HOLIDAY_ADD, "ss", day, name) != 1 ? -1 : 0;
}

int workdays_holiday_remove(struct ctx *c, const char *day)
{
	long d, n;

	if (!day || tc_date_parse(day, &d))
		return WORKDAYS_NOT_FOUND;
	if ((n = db_exec(c->db, ST_WD_HOLIDAY_DEL, "s", day)) < 0)
		return -1;
	return n ? 0 : WORKDAYS_NOT_FOUND;
}
