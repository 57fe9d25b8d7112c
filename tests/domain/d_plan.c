/* d_plan.c - the team, milestones and tasks (domain/plan.h) without a page. */
#include "harness.h"
#include "core/arena.h"
#include "core/array.h"
#include "domain/plan.h"

#include <stdio.h>
#include <string.h>

/* member-add PID UID: prints why=... when refused. */
static int member_add(struct ctx *c, char **argv)
{
	const char *why = NULL;
	int rc = plan_member_add(c, harness_id(argv[0]), harness_id(argv[1]), &why);

	if (why)
		printf("why=%s\n", why);
	return rc;
}

/* member-remove PID UID */
static int member_remove(struct ctx *c, char **argv)
{
	return plan_member_remove(c, harness_id(argv[0]), harness_id(argv[1]));
}

/* milestone-create PID NAME DUE VISIBLE: prints id=N. */
static int milestone_create(struct ctx *c, char **argv)
{
	long long id = 0;
	int rc = plan_milestone_create(c, harness_id(argv[0]), argv[1], argv[2],
				       (int)harness_id(argv[3]), &id);

	if (!rc)
		printf("id=%lld\n", id);
	return rc;
}

/* milestone-update ID NAME DUE VISIBLE */
static int milestone_update(struct ctx *c, char **argv)
{
	return plan_milestone_update(c, harness_id(argv[0]), argv[1], argv[2], (int)harness_id(argv[3]));
}

/* milestone-reach ID */
static int milestone_reach(struct ctx *c, char **argv)
{
	return plan_milestone_reach(c, harness_id(argv[0]));
}

/* The task of argv: TITLE ASSIGNEE MILESTONE START DUE MINUTES VISIBLE DEPS (0: none for the
 * ids, "-" for no dependencies, else ids separated by commas). */
static struct plan_task_in task_of(struct ctx *c, char **argv)
{
	long long *deps = arena_calloc(c->arena, 16, sizeof(*deps));
	size_t n = 0;
	const char *list = harness_opt(argv[7]);

	for (char *s = list ? arena_strdup(c->arena, list) : NULL, *comma; s && n < 16; s = comma) {
		if ((comma = strchr(s, ',')))
			*comma++ = '\0';
		deps[n++] = harness_id(s);
	}
	return (struct plan_task_in){
		.title = argv[0], .assignee_id = harness_id(argv[1]), .milestone_id = harness_id(argv[2]),
		.start_date = harness_opt(argv[3]), .due_date = harness_opt(argv[4]),
		.estimate_minutes = harness_id(argv[5]), .client_visible = (int)harness_id(argv[6]),
		.deps = deps, .ndeps = n,
	};
}

/* task-create PID TITLE ASSIGNEE MILESTONE START DUE MINUTES VISIBLE DEPS: id=N, or the problems. */
static int task_create(struct ctx *c, char **argv)
{
	struct plan_task_in t = task_of(c, argv + 1);
	struct problems p = { 0 };
	long long id = 0;
	int rc = plan_task_create(c, harness_id(argv[0]), &t, &id, &p);

	if (!rc)
		printf("id=%lld\n", id);
	harness_problems(&p);
	return rc;
}

/* task-update ID TITLE ASSIGNEE MILESTONE START DUE MINUTES VISIBLE DEPS: the problems, if any. */
static int task_update(struct ctx *c, char **argv)
{
	struct plan_task_in t = task_of(c, argv + 1);
	struct problems p = { 0 };
	int rc = plan_task_update(c, harness_id(argv[0]), &t, &p);

	harness_problems(&p);
	return rc;
}

/* task-check PID TASK TITLE ASSIGNEE MILESTONE START DUE MINUTES VISIBLE DEPS: problems=N and
 * each problem. */
static int task_check(struct ctx *c, char **argv)
{
	struct plan_task_in t = task_of(c, argv + 2);
	struct problems p = { 0 };
	int rc = plan_task_check(c, harness_id(argv[0]), harness_id(argv[1]), &t, &p);

	printf("problems=%d\n", p.n);
	harness_problems(&p);
	return rc;
}

/* task-status ID TO ANY(0|1) */
static int task_status(struct ctx *c, char **argv)
{
	return plan_task_set_status(c, harness_id(argv[0]), argv[1], (int)harness_id(argv[2]));
}

/* task-shift ID: prints moved=N. */
static int task_shift(struct ctx *c, char **argv)
{
	int moved = -1, rc = plan_task_shift(c, harness_id(argv[0]), &moved);

	printf("moved=%d\n", moved);
	return rc;
}

/* on-team PID UID: prints on=0|1. */
static int on_team(struct ctx *c, char **argv)
{
	int on = plan_on_team(c, harness_id(argv[0]), harness_id(argv[1]));

	printf("on=%d\n", on);
	return on < 0 ? -1 : 0;
}

#define TASK_ARGS "TITLE ASSIGNEE|0 MILESTONE|0 START DUE MINUTES VISIBLE DEPS|-"

static const struct scenario scenarios[] = {
	{ "member-add", "PID UID", 2, member_add },
	{ "member-remove", "PID UID", 2, member_remove },
	{ "milestone-create", "PID NAME DUE VISIBLE", 4, milestone_create },
	{ "milestone-update", "ID NAME DUE VISIBLE", 4, milestone_update },
	{ "milestone-reach", "ID", 1, milestone_reach },
	{ "task-create", "PID " TASK_ARGS, 9, task_create },
	{ "task-update", "ID " TASK_ARGS, 9, task_update },
	{ "task-check", "PID TASK|0 " TASK_ARGS, 10, task_check },
	{ "task-status", "ID TO ANY", 3, task_status },
	{ "task-shift", "ID", 1, task_shift },
	{ "on-team", "PID UID", 2, on_team },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
