/* d_delay.c - delay_mark, delay_clear, delay_project and delay_project_days without a page
 * (issue 16). */
#include "harness.h"
#include "core/array.h"
#include "domain/delay.h"

#include <stdio.h>
#include <string.h>

static enum delay_on on_of(const char *s)
{
	return !strcmp(s, "milestone") ? DELAY_MILESTONE : DELAY_TASK;
}

/* mark task|milestone ID PID|0 WHAT SINCE|-: id=N, or the problems. */
static int mark(struct ctx *c, char **argv)
{
	struct problems p = { 0 };
	long long id = 0;
	int rc = delay_mark(c, on_of(argv[0]), harness_id(argv[1]), harness_id(argv[2]), argv[3],
			    harness_opt(argv[4]), &p, &id);

	if (!rc)
		printf("id=%lld\n", id);
	harness_problems(&p);
	return rc;
}

/* clear task|milestone ID PID|0: the problems when refused. */
static int clear(struct ctx *c, char **argv)
{
	struct problems p = { 0 };
	int rc = delay_clear(c, on_of(argv[0]), harness_id(argv[1]), harness_id(argv[2]), &p);

	harness_problems(&p);
	return rc;
}

/* days PID: days=N (delay_project_days). */
static int days(struct ctx *c, char **argv)
{
	long long d = 0;
	int rc = delay_project_days(c, harness_id(argv[0]), &d);

	printf("days=%lld\n", d);
	return rc;
}

/* project PID: days=, open=, n=, then pN=kind|item|from|to|open|days per period. */
static int project(struct ctx *c, char **argv)
{
	struct delay_summary s;
	int rc = delay_project(c, harness_id(argv[0]), &s);

	printf("days=%lld\nopen=%zu\nn=%zu\n", s.days, s.nopen, s.n);
	for (size_t i = 0; i < s.n; i++)
		printf("p%zu=%s|%s|%ld|%ld|%d|%ld\n", i, s.v[i].kind, s.v[i].item, s.v[i].from, s.v[i].to,
		       s.v[i].open, s.v[i].days);
	return rc;
}

static const struct scenario scenarios[] = {
	{ "mark", "task|milestone ID PID|0 WHAT SINCE|-", 5, mark },
	{ "clear", "task|milestone ID PID|0", 3, clear },
	{ "days", "PID", 1, days },
	{ "project", "PID", 1, project },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
