/* time.h - time state changes (domain layer): entries, the weekly grid and timers, the time and expense rollups, budget thresholds, and a weekly sheet's submission and approval. */
#ifndef TANDEM_TIME_H
#define TANDEM_TIME_H

#include "domain/ctx.h"

#include <stddef.h>

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
 * Notifies (issue 12) the project's PM of each threshold crossed ("budget", linking the
 * project's budget page; not when the PM is the actor).
 * 0, or -1.
 */
int time_touched_flush(struct ctx *c, const struct time_touched *t);

/* The status of user uid's week (its Monday, days since 1970), its row locked for the
 * caller's transaction (FOR UPDATE): "open" (also when it has no row), "submitted" or
 * "approved"; arena or static text. NULL on a database error. */
const char *time_week_lock(struct ctx *c, long long uid, long week);

/* The results of the functions below besides 0 (done) and -1 (database error). */
enum {
	TIME_REFUSED = 1,   /* nothing written, *why says why */
	TIME_NOT_FOUND = 2, /* no such entry of the user's (no running timer) */
};

/*
 * Submit user uid's week (its Monday, days since 1970) for approval: every open entry of it
 * becomes submitted and the week's sheet "submitted" (submitted_at now). Runs in the caller's
 * transaction: the caller commits on 0 and rolls back on anything else.
 * Locks: the week's sheet row, then its entries.
 * Writes: the entries' status, the sheet, the rollups of the week's projects (and their budget
 * thresholds: time_touched_flush). Emits only what time_touched_flush emits.
 * Notifies (issue 12) whoever approves the week, "week_submitted" linking /time/approvals:
 * the active PM of each project its submitted entries are on, and every active admin when one
 * of those projects has no active PM (never the submitter).
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
 * Notifies (issue 12) the week's owner, "week_decided" with the note, linking /time?week=...
 * Returns 0; TIME_REFUSED with *why (static text) when nothing of the week waits for this
 * approver; -1 on a database error.
 */
int time_week_decide(struct ctx *c, long long uid, long week, int approve, const char *note,
		     int as_admin, const char **why);

/*
 * Entries and timers. Each function below runs in the caller's transaction: the caller commits
 * on 0 and rolls back on anything else (a refusal may leave half of a write behind, as the
 * grid does). uid is the sheet's owner; the caller checked that uid may log time on the
 * project and that the task belongs to it. The *why texts are static.
 *
 * The week of an entry is locked when it is "submitted" (waiting for its approver): nothing
 * is added to it. An "approved" week takes new time: the entry arrives "submitted" and the
 * week goes back to "submitted". A submitted or approved entry never changes.
 */

/* A time entry to record. Strings are borrowed. */
struct time_entry {
	long long pid;        /* the project */
	long long tid;        /* a task of the project, 0: none */
	long date;            /* the work date, days since 1970 */
	long long minutes;    /* 1 .. TC_DAY_MINUTES */
	int billable;
	const char *note;     /* NULL: none */
};

/*
 * Record entry e of user uid, priced at the rates in force on its date in the project's
 * currency (none: unpriced, no amount).
 * Locks: the week's sheet row (time_week_lock).
 * Writes: the entry ("open", or "submitted" with the sheet back to "submitted" when the week
 * was approved); the rollups of (project, week) and the budget thresholds (time_touched_flush).
 * Emits only what time_touched_flush emits. No activity line, no mail.
 * Returns 0 with the new entry's id in *id (id may be NULL); TIME_REFUSED with *why and *field
 * (the input at fault: "work_date" when the week is submitted, "hours" when the day would
 * hold more than 24 hours); -1.
 */
int time_entry_create(struct ctx *c, long long uid, const struct time_entry *e, long long *id,
		      const char **why, const char **field);

/* The week (its Monday, days since 1970) of user uid's entry id in *week, the entry's row
 * locked (FOR UPDATE) for the caller's transaction. 0; TIME_NOT_FOUND (no such entry of uid's);
 * -1. Writes nothing. */
int time_entry_week(struct ctx *c, long long uid, long long id, long *week);

/*
 * Change user uid's open entry id to minutes (1 .. TC_DAY_MINUTES), billable and note (NULL:
 * none), repriced at the rates the entry was recorded with.
 * Locks: the entry's row. Writes: the entry; the rollups of its (project, week) and the
 * budget thresholds (time_touched_flush). Emits only what time_touched_flush emits.
 * Returns 0; TIME_NOT_FOUND; TIME_REFUSED with *why and *field ("" when the entry is
 * submitted or approved, "hours" when its day would hold more than 24 hours); -1.
 */
int time_entry_update(struct ctx *c, long long uid, long long id, long long minutes, int billable,
		      const char *note, const char **why, const char **field);

/*
 * Delete user uid's open entry id; its week in *week (also when refused).
 * Locks: the entry's row. Writes: the deletion, the rollups of its (project, week) and the
 * budget thresholds (time_touched_flush). Emits only what time_touched_flush emits.
 * Returns 0; TIME_NOT_FOUND; TIME_REFUSED with *why when it is submitted or approved; -1.
 */
int time_entry_delete(struct ctx *c, long long uid, long long id, long *week, const char **why);

/* One cell of the weekly grid: the user's total on (project, task, day). */
struct time_cell {
	long long pid;       /* the project */
	long long tid;       /* a task of the project, 0: none */
	int day;             /* 0 (Monday) .. 6 */
	long long minutes;   /* the cell's new total, 0 .. TC_DAY_MINUTES; 0 empties it */
	int locked;          /* out: 1 when it holds submitted or approved time, left as it was */
};

/*
 * Save the n cells of user uid's week (its Monday, days since 1970), all or nothing: a cell
 * holding its total already is left alone; one open entry takes the new total (keeping its
 * note and billable flag); several are replaced by one (billable when all were); an emptied
 * cell loses its entries. A new entry is priced as time_entry_create prices it.
 * Locks: the week's sheet row, then each cell's entries in the order given.
 * Writes: the entries; the rollups of each (project, week) changed and the budget thresholds
 * (time_touched_flush). Emits only what time_touched_flush emits.
 * Returns 0; TIME_REFUSED with *why when the week is submitted, when a cell holds submitted
 * or approved time (each such cell marked locked, every other cell still tried, so the caller
 * must roll back) or when a day would hold more than 24 hours; -1.
 */
int time_grid_save(struct ctx *c, long long uid, long week, struct time_cell *cells, size_t n,
		   const char **why);

/*
 * Start user uid's timer on project pid (task tid, 0: none; note may be NULL) now. A timer
 * already running is stopped first and its time recorded as time_timer_stop does.
 * Locks: the sheet row of today's week, the running timer's row, the sheet row of its week.
 * Writes: the timer; the running timer's entry and its rollups (time_touched_flush).
 * Emits only what time_touched_flush emits.
 * Returns 0; TIME_REFUSED with *why when today's week is submitted or approved (a timer could
 * not be recorded on it), or when the running timer cannot be recorded; -1.
 */
int time_timer_start(struct ctx *c, long long uid, long long pid, long long tid, const char *note,
		     const char **why);

/*
 * Stop user uid's timer and record its time (rounded to the minute, at most a day) as a
 * billable entry on the day it started, priced as time_entry_create prices it; under half a
 * minute nothing is recorded. *recorded is 1 when an entry was, else 0.
 * Locks: the timer's row, then the sheet row of its week.
 * Writes: the timer's deletion, the entry, its rollups (time_touched_flush).
 * Emits only what time_touched_flush emits.
 * Returns 0; TIME_NOT_FOUND when no timer runs; TIME_REFUSED with *why when its week is
 * submitted or its day would hold more than 24 hours; -1.
 */
int time_timer_stop(struct ctx *c, long long uid, int *recorded, const char **why);

/* Throw user uid's running timer away, recording nothing (the way out when its week is
 * locked). Writes: the timer's deletion. Emits nothing. 0; TIME_NOT_FOUND when no timer runs;
 * -1. */
int time_timer_discard(struct ctx *c, long long uid);

#endif
