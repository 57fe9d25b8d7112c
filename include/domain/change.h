/* change.h - change request state changes (domain layer): the decision, and the budget floor it keeps. */
#ifndef TANDEM_CHANGE_H
#define TANDEM_CHANGE_H

#include "domain/ctx.h"

/* change_decide's results besides 0 (decided) and -1 (database error). */
enum {
	CHANGE_NOT_FOUND = 1, /* no such change request */
	CHANGE_REFUSED = 2,   /* not decided, *why says why */
};

/*
 * The budget floor: a change may reduce the budget (hours or money) to 0, never below.
 * NULL when budget_minutes + minutes and budget_amount + amount stay at or above 0 (or the
 * change does not reduce them); else the static end of a sentence ("would take the
 * project's hours budget below zero.") with *field the form field at fault ("impact_hours",
 * "impact_amount"). Pure.
 */
const char *change_budget_floor(long long budget_minutes, long long budget_amount,
				long long minutes, long long amount, const char **field);

/*
 * Decide change request id: to is "approved" or "rejected", note may be NULL, decided_by
 * the users.id recorded as the decider (0: nobody). Runs in the caller's transaction: the
 * caller commits on 0 and rolls back on anything else.
 * Locks: the change request row, then its project's row (FOR UPDATE, in that order).
 * Writes, when approved: the budget floor is checked on the locked rows; the plan shift (open
 * milestones and unfinished tasks due on or after the change's shift_from move by
 * impact_days, counted on the change, with an internal "tasks_rescheduled" activity line);
 * the project's due date and budget; the change's decision with the old values. When
 * rejected: the decision only. Either way the change's other pending approval requests are
 * closed and a client-visible "change_approved" / "change_rejected" activity line is added
 * by decided_by.
 * Emits: change.decided ({"change": {...}, "decision", "note"?, "old_due_date"?,
 * "new_due_date"?, "shifted"?}).
 * Returns 0; CHANGE_NOT_FOUND; CHANGE_REFUSED with *why (arena or static text) when the
 * change is not proposed, the due date would fall before the start, a budget would go below
 * zero, or open work would be left after the new due date; -1 on a database error.
 */
int change_decide(struct ctx *c, long long id, const char *to, const char *note,
		  long long decided_by, const char **why);

#endif
