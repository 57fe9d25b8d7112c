/* d_budget.c - rates, expenses and weekly capacity without a page. */
#include "harness.h"
#include "core/array.h"
#include "domain/budget.h"

/* rate USER PROJECT|0 FROM BILL COST CURRENCY: created by the ctx's actor. */
static int rate(struct ctx *c, char **argv)
{
	struct budget_rate x = {
		.user_id = harness_id(argv[0]), .project_id = harness_id(argv[1]),
		.effective_from = argv[2], .bill_rate = harness_id(argv[3]),
		.cost_rate = harness_id(argv[4]), .currency = argv[5],
	};

	return budget_rate_create(c, &x);
}

/* expense PROJECT DATE AMOUNT CATEGORY BILLABLE NOTE: spent by the ctx's actor. */
static int expense(struct ctx *c, char **argv)
{
	struct budget_expense x = {
		.project_id = harness_id(argv[0]), .spent_on = argv[1], .amount = harness_id(argv[2]),
		.category = argv[3], .billable = (int)harness_id(argv[4]), .note = harness_opt(argv[5]),
	};

	return budget_expense_create(c, &x);
}

/* capacity USER MINUTES */
static int capacity(struct ctx *c, char **argv)
{
	return budget_capacity_set(c, harness_id(argv[0]), harness_id(argv[1]));
}

static const struct scenario scenarios[] = {
	{ "rate", "USER PROJECT|0 FROM BILL COST CURRENCY", 6, rate },
	{ "expense", "PROJECT DATE AMOUNT CATEGORY BILLABLE NOTE|-", 6, expense },
	{ "capacity", "USER MINUTES", 2, capacity },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
