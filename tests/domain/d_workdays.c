/* d_workdays.c - the working week and holidays (domain/workdays.h) without a page, and the
 * calendar read back (domain/workcal.h). */
#include "harness.h"
#include "core/array.h"
#include "domain/timecalc.h"
#include "domain/workcal.h"
#include "domain/workdays.h"

#include <stdio.h>

/* week WEEK: problems when refused. */
static int week(struct ctx *c, char **argv)
{
	struct problems p = { 0 };
	int rc = workdays_set_week(c, argv[0], &p);

	harness_problems(&p);
	return rc;
}

/* holiday-add DAY NAME: problems when refused. */
static int holiday_add(struct ctx *c, char **argv)
{
	struct problems p = { 0 };
	int rc = workdays_holiday_add(c, argv[0], harness_opt(argv[1]), &p);

	harness_problems(&p);
	return rc;
}

/* holiday-remove DAY */
static int holiday_remove(struct ctx *c, char **argv)
{
	return workdays_holiday_remove(c, argv[0]);
}

/* add DAY N: the working day N working days after DAY on the agency's calendar (day=...), and
 * whether DAY itself is one (working=0|1). */
static int add(struct ctx *c, char **argv)
{
	struct workcal w;
	char s[11];
	long d;

	if (workcal_load(c, &w) || tc_date_parse(argv[0], &d))
		return -1;
	tc_date_format(workcal_add(&w, d, harness_id(argv[1])), s, sizeof(s));
	printf("day=%s\nworking=%d\n", s, workcal_is_working(&w, d));
	return 0;
}

static const struct scenario scenarios[] = {
	{ "week", "WEEK", 1, week },
	{ "holiday-add", "DAY NAME|-", 2, holiday_add },
	{ "holiday-remove", "DAY", 1, holiday_remove },
	{ "add", "DAY N", 2, add },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
