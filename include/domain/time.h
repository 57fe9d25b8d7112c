/* time.h - time state changes (domain layer): the time and expense rollups, budget thresholds, and a weekly sheet's submission and approval. */
#ifndef TANDEM_TIME_H
#define TANDEM_TIME_H

#include "domain/ctx.h"

/* (project, week) pairs a write touched; their rollups are rewritten by
 * time_touched_flush() in the same transaction. */
#define TIME_MAX_TOUCHED 64
struct time_touched {
	long long pid[TIME_MAX_TOUCHED];
	long week[TIME_MAX_TOUCHED];   /* Monday, in days since 1970 */
	int n;
};

/* Remember a pair (no-op when already there). -1 when the list is full. Pure. */
int time_touch(struct time_touched *t, long long pid, long week);

/*
 * Rewrite the week and project rollups of every touched pair and announce
 * budget thresholds crossed, inside the caller's transaction (which rolls back on -1).
 * Locks: each touched project's row with its project rollup (FOR UPDATE), once per project,
 * in the order first touched.
 * Writes: time_rollup_week / _user / _task of each pair, time_rollup_project of each project;
 * for each threshold (80 % and 100 % of the hours budget, 80 % and 100 % of the money
 * budget) crossed for the first time, an internal "budget" activity line and the project's
 * alerted bit. Emits: project.budget_threshold once per threshold crossed ({"project": {"id",
 * "name"}, "budget": "hours"|"money", "threshold", "spent", "limit", "currency"}).
 * 0, or -1.
 */
int time_touched_flush(struct ctx *c, const struct time_touched *t);

/* The status of user uid's week (its Monday, days since 1970), its row locked for the
 * caller's transaction (FOR UPDATE): "open" (also when it has no row), "submitted" or
 * "approved"; arena or static text. NULL on a database error. */
const char *time_week_lock(struct ctx *c, long long uid, long week);

/* time_week_submit's and time_week_decide's result besides 0 (done) and -1 (database error). */
enum {
	TIME_REFUSED = 1, /* nothing written, *why says why */
};

/*
 * Submit user uid's week (its Monday, days since 1970) for approval: every open entry of it
 * becomes submitted and the week's sheet "submitted" (submitted_at now). Runs in the caller's
 * transaction: the caller commits on 0 and rolls back on anything else.
 * Locks: the week's sheet row, then its entries.
 * Writes: the entries' status, the sheet, the rollups of the week's projects (and their budget
 * thresholds: time_touched_flush). Emits only what time_touched_flush emits.
 * Returns 0; TIME_REFUSED with *why (static text: "This week is already submitted.", "There is
 * no open time to submit in this week.") when no entry was open; -1 on a database error.
 */
int time_week_submit(struct ctx *c, long long uid, long week, const char **why);

/*
 * Decide user uid's submitted week as approver c->actor_id: approve (1) or reject (0, with
 * note saying what needs changing; note may be NULL when approving). An approver decides the
 * entries of the projects they manage, an admin (as_admin 1) all of them. Runs in the
 * caller's transaction: the caller commits on 0 and rolls back on anything else.
 * Locks: the week's sheet row, then the entries decided.
 * Writes: the decided entries' status ("approved", or back to "open" when rejected); when
 * rejected, the sheet goes back to "open" with the note and the decider; when approved and
 * nothing of the week is left submitted or open, the sheet becomes "approved" with the note
 * and the decider; the rollups of the week's projects (time_touched_flush).
 * Emits: time.week_approved when the whole week is approved ({"user_id", "week", "week_start",
 * "minutes", "approved_by"}), plus what time_touched_flush emits. No activity line, no mail.
 * Returns 0; TIME_REFUSED with *why (static text) when nothing of the week waits for this
 * approver; -1 on a database error.
 */
int time_week_decide(struct ctx *c, long long uid, long week, int approve, const char *note,
		     int as_admin, const char **why);

#endif
