/* d_rule_load.c - many events at once for the automations' load tests (issue 13): tasks planned
 * and completed through the domain functions, each completion a task.completed event that queues
 * the runs of the enabled rules, in batches committed one after another. */
#include "harness.h"
#include "core/array.h"
#include "core/db.h"
#include "domain/plan.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	if (ms > 0)
		nanosleep(&ts, NULL);
}

/*
 * complete PID N PREFIX EVERY PAUSE_MS: N tasks titled PREFIX-0001 ... planned on project PID
 * (unassigned, internal) and moved to done at once, one task.completed event each; committed
 * every EVERY tasks, with a pause of PAUSE_MS between batches (the events flow over time).
 * Prints first=ID last=ID events=N. The last batch is committed by the harness.
 */
static int complete(struct ctx *c, char **argv)
{
	long long pid = harness_id(argv[0]), n = harness_id(argv[1]);
	long long every = harness_id(argv[3]), pause = harness_id(argv[4]);
	long long first = 0, id = 0, done = 0;
	const char *prefix = argv[2];

	if (n < 1 || n > 100000 || every < 1)
		return 99;
	for (long long i = 1; i <= n; i++) {
		char title[160];
		struct plan_task_in t = { .title = title, .start_date = "2026-03-02", .due_date = "2026-03-06" };
		struct problems p = { 0 };
		int rc;

		snprintf(title, sizeof(title), "%s-%04lld", prefix, i);
		rc = plan_task_create(c, pid, &t, &id, &p);
		if (!rc)
			rc = plan_task_set_status(c, id, "done", 1);
		if (rc) {
			harness_problems(&p);
			printf("failed_at=%lld\n", i);
			return rc;
		}
		if (!first)
			first = id;
		done++;
		if (i % every == 0 && i < n) {
			if (db_commit(c->db) || db_begin(c->db))
				return -1;
			pause_ms(pause);
		}
	}
	printf("first=%lld\nlast=%lld\nevents=%lld\n", first, id, done);
	return 0;
}

static const struct scenario scenarios[] = {
	{ "complete", "PID N PREFIX EVERY PAUSE_MS", 5, complete },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
