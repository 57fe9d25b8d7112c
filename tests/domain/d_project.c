/* d_project.c - project_create, project_set_stage and project_set_health without a page. */
#include "harness.h"
#include "core/array.h"
#include "domain/project.h"

#include <stdio.h>

/* create CLIENT NAME CODE SOURCE: a project opened as the ctx's actor; prints id=N. */
static int create(struct ctx *c, char **argv)
{
	struct project_new p = {
		.client_id = harness_id(argv[0]), .name = argv[1], .code = harness_opt(argv[2]),
		.currency = "EUR", .source = argv[3], .budget_minutes = 600, .budget_amount = 150000,
	};
	long long id = 0;
	int rc = project_create(c, &p, &id);

	if (!rc)
		printf("id=%lld\n", id);
	return rc;
}

/* stage ID TO NOTE INTERNAL(0|1) */
static int stage(struct ctx *c, char **argv)
{
	return project_set_stage(c, harness_id(argv[0]), argv[1], harness_opt(argv[2]),
				 (int)harness_id(argv[3]));
}

/* health ID TO NOTE */
static int health(struct ctx *c, char **argv)
{
	return project_set_health(c, harness_id(argv[0]), argv[1], harness_opt(argv[2]));
}

static const struct scenario scenarios[] = {
	{ "create", "CLIENT NAME CODE|- SOURCE", 4, create },
	{ "stage", "ID TO NOTE|- INTERNAL", 4, stage },
	{ "health", "ID TO NOTE|-", 3, health },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
