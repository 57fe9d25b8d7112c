/* d_project.c - project_create, project_update, the stage, health and KPIs without a page. */
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
				 (int)harness_id(argv[3]), NULL);
}

/* close ID NOTE INTERNAL(0|1) REASON: to closure, with the reason to close with items open */
static int close_project(struct ctx *c, char **argv)
{
	return project_set_stage(c, harness_id(argv[0]), "closure", harness_opt(argv[1]),
				 (int)harness_id(argv[2]), harness_opt(argv[3]));
}

/* health ID TO NOTE */
static int health(struct ctx *c, char **argv)
{
	return project_set_health(c, harness_id(argv[0]), argv[1], harness_opt(argv[2]));
}

/* update ID CLIENT NAME DUE|-: a budget of 20 hours and 3000.00 in EUR, no PM */
static int update(struct ctx *c, char **argv)
{
	struct project_new p = {
		.client_id = harness_id(argv[1]), .name = argv[2], .due_date = harness_opt(argv[3]),
		.currency = "EUR", .budget_minutes = 1200, .budget_amount = 300000,
	};

	return project_update(c, harness_id(argv[0]), &p);
}

/* kpi_add PROJECT NAME TARGET ACTUAL|-: prints id=N */
static int kpi_add(struct ctx *c, char **argv)
{
	long long id = 0;
	int rc = project_kpi_add(c, harness_id(argv[0]), argv[1], argv[2], harness_opt(argv[3]), &id);

	if (!rc)
		printf("id=%lld\n", id);
	return rc;
}

/* kpi_update ID NAME TARGET ACTUAL|-: prints pid=N when the KPI exists */
static int kpi_update(struct ctx *c, char **argv)
{
	long long pid = 0;
	int rc = project_kpi_update(c, harness_id(argv[0]), argv[1], argv[2], harness_opt(argv[3]),
				    &pid);

	if (pid)
		printf("pid=%lld\n", pid);
	return rc;
}

/* kpi_delete ID: prints pid=N when the KPI exists */
static int kpi_delete(struct ctx *c, char **argv)
{
	long long pid = 0;
	int rc = project_kpi_delete(c, harness_id(argv[0]), &pid);

	if (pid)
		printf("pid=%lld\n", pid);
	return rc;
}

static const struct scenario scenarios[] = {
	{ "create", "CLIENT NAME CODE|- SOURCE", 4, create },
	{ "stage", "ID TO NOTE|- INTERNAL", 4, stage },
	{ "close", "ID NOTE|- INTERNAL REASON|-", 4, close_project },
	{ "health", "ID TO NOTE|-", 3, health },
	{ "update", "ID CLIENT NAME DUE|-", 4, update },
	{ "kpi_add", "PROJECT NAME TARGET ACTUAL|-", 4, kpi_add },
	{ "kpi_update", "ID NAME TARGET ACTUAL|-", 4, kpi_update },
	{ "kpi_delete", "ID", 1, kpi_delete },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
