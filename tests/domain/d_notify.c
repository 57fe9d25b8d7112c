/* d_notify.c - notifications written in the change's transaction (issue 12): a change that
 * notifies, then fails, leaves no notification behind (the harness rolls back on rc != 0). */
#include "harness.h"
#include "core/array.h"
#include "domain/message.h"
#include "domain/notify.h"
#include "domain/plan.h"

#include <stdio.h>

#define FAIL 99 /* what the scenarios return after the change: the harness rolls back */

/* reply_then_fail THREAD BODY: a staff reply (it notifies), then the transaction rolls back. */
static int reply_then_fail(struct ctx *c, char **argv)
{
	struct message_new m = { .body = argv[1] };
	long long mid = 0, page = 0;
	int rc = message_reply(c, harness_id(argv[0]), &m, &mid, &page);

	printf("reply_rc=%d\n", rc);
	return rc ? rc : FAIL;
}

/* task_then_fail PROJECT TITLE ASSIGNEE DESCRIPTION: a task assigned (it notifies), then the
 * transaction rolls back. */
static int task_then_fail(struct ctx *c, char **argv)
{
	struct problems p = { 0 };
	struct plan_task_in t = { .title = argv[1], .assignee_id = harness_id(argv[2]),
				  .description = harness_opt(argv[3]), .start_date = "2026-03-02",
				  .due_date = "2026-03-06" };
	long long id = 0;
	int rc = plan_task_create(c, harness_id(argv[0]), &t, &id, &p);

	printf("task_rc=%d\n", rc);
	return rc ? rc : FAIL;
}

/* reply THREAD BODY: a staff reply, committed (prints message=N). */
static int reply(struct ctx *c, char **argv)
{
	struct message_new m = { .body = argv[1] };
	long long mid = 0, page = 0;
	int rc = message_reply(c, harness_id(argv[0]), &m, &mid, &page);

	if (!rc)
		printf("message=%lld\n", mid);
	return rc;
}

/* tell USER KIND CLIENT PROJECT LINK TEXT DEDUPE|-: notify() as it is (prints told=0|1). */
static int tell(struct ctx *c, char **argv)
{
	struct notice n = { .user_id = harness_id(argv[0]), .client_id = harness_id(argv[2]),
			    .project_id = harness_id(argv[3]), .link = argv[4], .text = argv[5],
			    .dedupe = harness_opt(argv[6]) };
	int rc;

	if (notify_kind_parse(argv[1], &n.kind))
		return 2;
	rc = notify(c, &n);
	if (rc >= 0)
		printf("told=%d\n", rc == 0);
	return rc < 0 ? rc : 0;
}

static const struct scenario scenarios[] = {
	{ "tell", "USER KIND CLIENT PROJECT LINK TEXT DEDUPE|-", 7, tell },
	{ "reply_then_fail", "THREAD BODY", 2, reply_then_fail },
	{ "task_then_fail", "PROJECT TITLE ASSIGNEE DESCRIPTION|-", 4, task_then_fail },
	{ "reply", "THREAD BODY", 2, reply },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
