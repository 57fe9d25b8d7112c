/* d_change.c - change_check, change_create, change_propose and change_decide without a page. */
#include "harness.h"
#include "core/array.h"
#include "domain/change.h"

#include <stdio.h>

/* decide ID TO DECIDED_BY NOTE: prints why=... when refused. */
static int decide(struct ctx *c, char **argv)
{
	const char *why = NULL;
	int rc = change_decide(c, harness_id(argv[0]), argv[1], harness_opt(argv[3]),
			       harness_id(argv[2]), &why);

	if (why)
		printf("why=%s\n", why);
	return rc;
}

/* The change of argv: PID TITLE DAYS MINUTES AMOUNT SHIFT_FROM|- (numbers may be negative). */
static struct change_new change_of(char **argv)
{
	return (struct change_new){
		.project_id = harness_id(argv[0]), .title = argv[1], .description = NULL,
		.impact_days = harness_id(argv[2]), .impact_minutes = harness_id(argv[3]),
		.impact_amount = harness_id(argv[4]), .shift_from = harness_opt(argv[5]),
	};
}

/* create PID TITLE DAYS MINUTES AMOUNT SHIFT_FROM: id=N, or the problems. */
static int create(struct ctx *c, char **argv)
{
	struct change_new n = change_of(argv);
	struct problems p = { 0 };
	long long id = 0;
	int rc = change_create(c, &n, &id, &p);

	if (!rc)
		printf("id=%lld\n", id);
	harness_problems(&p);
	return rc;
}

/* check PID TITLE DAYS MINUTES AMOUNT SHIFT_FROM: problems=N and each problem. */
static int check(struct ctx *c, char **argv)
{
	struct change_new n = change_of(argv);
	struct problems p = { 0 };
	int rc = change_check(c, &n, &p);

	printf("problems=%d\n", p.n);
	harness_problems(&p);
	return rc;
}

/* propose ID: why=... when refused. */
static int propose(struct ctx *c, char **argv)
{
	const char *why = NULL;
	int rc = change_propose(c, harness_id(argv[0]), &why);

	if (why)
		printf("why=%s\n", why);
	return rc;
}

static const struct scenario scenarios[] = {
	{ "decide", "ID approved|rejected DECIDED_BY NOTE|-", 4, decide },
	{ "create", "PID TITLE DAYS MINUTES AMOUNT SHIFT_FROM|-", 6, create },
	{ "check", "PID TITLE DAYS MINUTES AMOUNT SHIFT_FROM|-", 6, check },
	{ "propose", "ID", 1, propose },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
