/* workload.h - the forward workload (issue 16): planned hours of open tasks per person and week,
 * against each person's capacity, on the agency's working days. Reads only. */
#ifndef TANDEM_WORKLOAD_H
#define TANDEM_WORKLOAD_H

#include <stddef.h>
#include "domain/ctx.h"
#include "domain/workcal.h"

#define WORKLOAD_WEEKS 12     /* the view's weeks: this ISO week and the eleven after it */
#define WORKLOAD_MAX_WEEKS 60 /* the most workload_read reads at once (a task's weeks, capped) */

/* One person's week. */
struct workload_cell {
	long long planned;  /* minutes of open tasks' estimates on that week's working days */
	long long project;  /* of which on the filter's project (0 without a project filter) */
	long long capacity; /* the person's capacity that week: weekly capacity * the week's
			     * working days / the working days of a week without holidays, rounded
			     * half-up to the minute */
};

struct workload_person {
	long long id;
	const char *name;
	const char *role;
	long long capacity_week;      /* users.weekly_capacity_minutes */
	struct workload_cell *weeks;  /* nweeks of them */
};

/* Who is shown: role NULL or "" every staff role, else that role; project_id 0 everyone, else
 * the project's PM, its members and the assignees of its open tasks. */
struct workload_filter {
	const char *role;
	long long project_id;
};

struct workload {
	long first;                       /* the Monday of the first week (a day number) */
	int nweeks;
	int full_week;                    /* working days of a week without holidays */
	int *working;                     /* nweeks: working days of each week, holidays off */
	size_t npeople;
	struct workload_person *people;   /* by name, as ST_WORKLOAD_PEOPLE orders them */
};

/*
 * The workload of nweeks weeks (1..WORKLOAD_MAX_WEEKS) from the Monday first, for the people f
 * lets through: four statements (the calendar's two, the people, the open tasks overlapping the
 * window), however many people and weeks. A task counts when it is not done, has an assignee
 * among active staff and an estimate; its estimate is spread evenly over its working days
 * (workcal: the agency's week and holidays), the minutes of each day so that the days add up to
 * the estimate exactly (day k of n gets E*(k+1)/n - E*k/n); the days inside the window are
 * added to their week. A task with no working day between its start and its due date (a
 * weekend's work) counts whole on its start day, in the week it was planned in. Reads only;
 * everything in c's arena.
 * 0, or -1 (a database error).
 */
int workload_read(struct ctx *c, long first, int nweeks, const struct workload_filter *f,
		  struct workload *out);

/*
 * The pure part of workload_read, for one task: add to weeks[0..nweeks-1] the minutes of the
 * estimate (spread as above) that fall on the working days of the nweeks weeks from the Monday
 * first. Days are day numbers; start <= due.
 */
void workload_spread(const struct workcal *w, long start, long due, long long minutes, long first,
		     int nweeks, long long *weeks);

/* Working days of w from `from` to `to`, both counted (0 when to < from): workcal_count's
 * result in time proportional to the holidays in the range, not to its length. */
long workload_count(const struct workcal *w, long from, long to);

#endif
