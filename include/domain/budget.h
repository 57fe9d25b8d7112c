/* budget.h - budget state changes (domain layer): rates with their history, expenses, weekly capacity. */
#ifndef TANDEM_BUDGET_H
#define TANDEM_BUDGET_H

#include "domain/ctx.h"

/* budget_capacity_set's result besides 0 (set) and -1 (database error). */
enum {
	BUDGET_NOT_FOUND = 1, /* no such member of staff: nothing written */
};

/* A rate to add. Strings are borrowed. The caller checked the person and the project, and
 * chose the currency (a project's rate is in the project's currency, else it never applies). */
struct budget_rate {
	long long user_id;          /* a member of staff */
	long long project_id;       /* 0: the person's rate on every project */
	const char *effective_from; /* YYYY-MM-DD: in force from that day */
	long long bill_rate;        /* per hour, minor units of currency */
	long long cost_rate;        /* per hour, minor units of currency */
	const char *currency;       /* ISO 4217 */
};

/*
 * Add rate x, created by c->actor_id (0: nobody). Runs in the caller's transaction: the
 * caller commits on 0 and rolls back on -1. Entries already recorded keep their price.
 * Locks: nothing beyond the rows it writes.
 * Writes: the rates row; for a rate of every project, the person's hourly rate (the rate in
 * their own currency in force today). Emits nothing; no activity line, no mail.
 * 0, or -1.
 */
int budget_rate_create(struct ctx *c, const struct budget_rate *x);

/* An expense to record. Strings are borrowed. */
struct budget_expense {
	long long project_id;  /* the project (the caller checked the actor may log on it) */
	const char *spent_on;  /* YYYY-MM-DD */
	long long amount;      /* minor units of the project's currency, > 0 */
	const char *category;  /* one of the expenses.category values */
	int billable;          /* a billable expense counts against the money budget */
	const char *note;      /* NULL: none */
	const char *receipt_file; /* NULL: none */
};

/*
 * Record expense x on its project, spent by c->actor_id (0: nobody). Runs in the caller's
 * transaction: the caller commits on 0 and rolls back on -1.
 * Locks: the project's row with its rollup (time_touched_flush).
 * Writes: the expense; the rollups of (project, week of spent_on) and, for each budget
 * threshold crossed for the first time, a "budget" activity line (time_touched_flush).
 * Emits: project.budget_threshold per threshold crossed (time_touched_flush). No mail.
 * 0, or -1 (also when spent_on is not a date).
 */
int budget_expense_create(struct ctx *c, const struct budget_expense *x);

/*
 * Set the weekly capacity of member of staff uid to minutes. Runs in the caller's
 * transaction (the caller commits on 0 and rolls back on anything else).
 * Locks: the person's row. Writes: users.weekly_capacity_minutes. Emits nothing.
 * Returns 0; BUDGET_NOT_FOUND when uid is no member of staff; -1.
 */
int budget_capacity_set(struct ctx *c, long long uid, long long minutes);

#endif
