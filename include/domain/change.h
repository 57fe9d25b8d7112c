/* change.h - change request state changes (domain layer): a draft, its proposal, the decision, and the budget floor they keep. */
#ifndef TANDEM_CHANGE_H
#define TANDEM_CHANGE_H

#include "domain/ctx.h"
#include "domain/problem.h"

/* The results of change_create, change_propose and change_decide besides 0 (done) and -1
 * (database error). */
enum {
	CHANGE_NOT_FOUND = 1, /* no such change request (change_create: no such project) */
	CHANGE_REFUSED = 2,   /* nothing written: *why (or the problems) say why */
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

/* A change request to draft, as the form gives it. Strings are borrowed. */
struct change_new {
	long long project_id;
	const char *title;
	const char *description;  /* NULL: none */
	long long impact_days;    /* the due date moves by it when approved */
	long long impact_minutes; /* the hours budget; negative: a de-scope */
	long long impact_amount;  /* the money budget, minor units; negative: a credit */
	const char *shift_from;   /* YYYY-MM-DD: open work due on or after it moves by impact_days
				     when approved; NULL: the plan does not move */
};

/*
 * The checks of change n against its project as it is, each problem added to out: a reduction
 * below the budget floor (change_budget_floor: "This reduction would take the project's hours
 * budget below zero." on "impact_hours", or the money one on "impact_amount"), a date to shift
 * the plan from without days to shift it by (on "shift_from"). Reads the project's row with
 * ST_PLAN_PROJECT_LOCK (locked until the caller's transaction ends, when there is one). Writes
 * nothing. Used as it is by a page whose form is refused already, to show every problem at
 * once. 0 (out may be empty); CHANGE_NOT_FOUND (no such project); -1.
 */
int change_check(struct ctx *c, const struct change_new *n, struct problems *out);

/*
 * Draft change n on its project, created by c->actor_id; its id in *id. Runs in the caller's
 * transaction: the caller commits on 0 and rolls back on anything else.
 * Locks: the project's row (FOR UPDATE), then change_check on it. Writes: the change_requests
 * row, status "draft". Emits nothing; no activity line, no mail (a draft is the team's).
 * Returns 0; CHANGE_NOT_FOUND (no such project); CHANGE_REFUSED with out's problems (nothing
 * written); -1.
 */
int change_create(struct ctx *c, const struct change_new *n, long long *id, struct problems *out);

/*
 * Propose draft change request id, so that it can be decided (change_decide) or sent for the
 * client's approval. Runs in the caller's transaction like change_create.
 * Locks: the change request's row (FOR UPDATE). Writes: its status "proposed". Emits nothing;
 * no activity line, no mail.
 * Returns 0; CHANGE_NOT_FOUND; CHANGE_REFUSED with *why (static text: "Only a draft can be
 * proposed.") when it is not a draft; -1.
 */
int change_propose(struct ctx *c, long long id, const char **why);

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
 * Notifies (issue 12), when decided_by is a client contact (the portal, an approval link):
 * the project's PM, "decision" with the note, linking /projects/{pid}/changes#change-{id}.
 * Staff deciding tell no one.
 * Returns 0; CHANGE_NOT_FOUND; CHANGE_REFUSED with *why (arena or static text) when the
 * change is not proposed, the due date would fall before the start, a budget would go below
 * zero, or open work would be left after the new due date; -1 on a database error.
 */
int change_decide(struct ctx *c, long long id, const char *to, const char *note,
		  long long decided_by, const char **why);

#endif
