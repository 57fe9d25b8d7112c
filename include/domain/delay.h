/* delay.h - client delays on record (issue 16): a task or a milestone marked "waiting on the
 * client" for what is awaited, cleared again; and the days a project waited on its client,
 * counted from those periods, its document approvals and its change decisions.
 *
 * Days waited are WORKING days (workcal: the agency's week and holidays) from the first day of
 * a period up to, not including, its last: a period marked on Monday and cleared on Wednesday
 * waited two days (Monday, Tuesday); one still open counts up to yesterday, so it waited 0 days
 * on the day it is marked and one more each working day after. A project's days are the working
 * days on which it waited on anything at all (the union of its periods: two things awaited at
 * once cost the same days once), so they never exceed the calendar. "Today" is the UTC date,
 * as everywhere in Tandem (dates_today). */
#ifndef TANDEM_DELAY_H
#define TANDEM_DELAY_H

#include <stddef.h>
#include "domain/ctx.h"
#include "domain/problem.h"

struct db_res;

#define DELAY_WHAT_MAX 200 /* characters of what is awaited */

/* What a wait is marked on. */
enum delay_on {
	DELAY_TASK,
	DELAY_MILESTONE,
};

/* The results of delay_mark and delay_clear besides 0 (done) and -1 (database error). */
enum {
	DELAY_NOT_FOUND = 1, /* no such task or milestone */
	DELAY_REFUSED = 2,   /* nothing written: the problems say why, field by field */
};

/*
 * Mark task or milestone id (on: which) as waiting on the client for what (one line, 1 to
 * DELAY_WHAT_MAX characters), since the day since ("YYYY-MM-DD"; NULL: today), by c's actor,
 * in the caller's transaction (the caller commits on 0 and rolls back on anything else).
 * pid: the project the caller takes the item to be of (0: any). *wait_id: the new period.
 * Locks: the task's or milestone's row (FOR UPDATE), so marks and clears of one item run one
 * after another (the unique keys of client_waits hold one open period per item besides).
 * Writes: a client_waits row; an internal "client_wait" activity line (note: the item and what
 * is awaited). Emits nothing, notifies nobody, mails nothing.
 * Returns 0; DELAY_NOT_FOUND; DELAY_REFUSED with every problem in *p (fields "what", "since",
 * and "task_id" or "milestone_id"): what empty or too long, since not a date, after today or
 * before the day the item's last wait ended; the item of another project than pid, a task done
 * or a milestone reached, or the item waiting already; -1.
 */
int delay_mark(struct ctx *c, enum delay_on on, long long id, long long pid, const char *what,
	       const char *since, struct problems *p, long long *wait_id);

/*
 * End the open wait of task or milestone id today, by c's actor, in the caller's transaction
 * (as delay_mark). pid as delay_mark's.
 * Locks: the item's row (FOR UPDATE). Writes: the period's end (today, never before its start),
 * who ended it; an internal "client_wait_cleared" activity line (note: the item, what was
 * awaited and the working days waited). Emits nothing.
 * Returns 0; DELAY_NOT_FOUND; DELAY_REFUSED with the problem in *p (field "task_id" or
 * "milestone_id") when the item is of another project than pid or is not waiting; -1.
 */
int delay_clear(struct ctx *c, enum delay_on on, long long id, long long pid, struct problems *p);

/* One period a project waited on its client (ST_DELAY_PERIODS). Text is arena memory. */
struct delay_period {
	const char *kind;   /* "task", "milestone", "approval" (a document's), "change" */
	long long id;       /* the client_waits, approvals or change_requests row */
	long long item_id;  /* the task, milestone, document or change request */
	const char *item;   /* its title or name */
	const char *what;   /* what is awaited; the contact asked (approval); NULL (change) */
	long from;          /* the first day (a day number) */
	long to;            /* the day it ended, or today when open (not counted) */
	int open;           /* still waiting */
	int client_visible; /* the item is shown to the client */
	long days;          /* working days waited, [from, to) */
};

/* A project's delays: its periods, oldest first, and what they add up to. */
struct delay_summary {
	long today;                   /* the day counted up to (a day number, UTC) */
	long long days;               /* working days the project waited on anything (the union) */
	size_t nopen;                 /* periods still open */
	size_t n;
	struct delay_period *v;       /* n periods, by start */
};

/*
 * The delays of project pid (its periods, each with its working days, and their union), as of
 * today. ST_DELAY_PERIODS, and the calendar's two statements when there is a period. Reads only;
 * arena memory of c. 0, or -1 (database error; *out empty).
 */
int delay_project(struct ctx *c, long long pid, struct delay_summary *out);

/*
 * The working days project pid waited on its client as of today (delay_project's `days`): the
 * figure status reports snapshot and the debrief shows. 0 with *days set, or -1 (database error).
 */
int delay_project_days(struct ctx *c, long long pid, long long *days);

/*
 * The waits of one task or milestone, oldest first (ST_DELAY_OF_TASK / ST_DELAY_OF_MILESTONE
 * rows in *rows), with the working days of each in days[i] (arena), their sum in *total and the
 * index of the open one in *open (-1: not waiting). Reads only. 0, or -1.
 */
int delay_item(struct ctx *c, enum delay_on on, long long id, struct db_res **rows, long **days,
	       long long *total, long *open);

/*
 * Snapshot project pid's days waited into draft status report report_id, in the caller's
 * transaction, before report_publish makes the report a record (its trigger then refuses any
 * update). Writes: status_reports.snap_wait_days. 0, or -1.
 */
int delay_report_snapshot(struct ctx *c, long long report_id, long long pid);

#endif
