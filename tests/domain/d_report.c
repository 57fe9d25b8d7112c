/* d_report.c - report_create, report_update and report_publish without a page. */
#include "harness.h"
#include "core/array.h"
#include "domain/report.h"

#include <stdio.h>

/* create PROJECT SUMMARY HEALTH|- BUDGET(0|1): the date today; prints id=N */
static int create(struct ctx *c, char **argv)
{
	struct report_fields f = { .summary = argv[1], .health = harness_opt(argv[2]),
				   .done = "Kick-off held.",
				   .include_budget = (int)harness_id(argv[3]) };
	long long id = 0;
	int rc = report_create(c, harness_id(argv[0]), &f, &id);

	if (!rc)
		printf("id=%lld\n", id);
	return rc;
}

/* update ID SUMMARY PERIOD|-: the health kept; prints published_at=... when published */
static int update(struct ctx *c, char **argv)
{
	struct report_fields f = { .summary = argv[1], .period_date = harness_opt(argv[2]) };
	const char *when = NULL;
	int rc = report_update(c, harness_id(argv[0]), &f, &when);

	if (rc == REPORT_PUBLISHED)
		printf("published_at=%s\n", when ? when : "");
	return rc;
}

/* publish ID: prints published_at=... when published before */
static int publish(struct ctx *c, char **argv)
{
	const char *when = NULL;
	int rc = report_publish(c, harness_id(argv[0]), &when);

	if (rc == REPORT_PUBLISHED)
		printf("published_at=%s\n", when ? when : "");
	return rc;
}

static const struct scenario scenarios[] = {
	{ "create", "PROJECT SUMMARY HEALTH|- BUDGET", 4, create },
	{ "update", "ID SUMMARY PERIOD|-", 3, update },
	{ "publish", "ID", 1, publish },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
