/* report_due.h - the reporting cadence at work (issue 12): when a project's next status
 * report is due, and its PM told the day it falls due. */
#ifndef TANDEM_REPORT_DUE_H
#define TANDEM_REPORT_DUE_H

#include "domain/ctx.h"

/*
 * A status report is due for each active project (not in closure, with a PM) of a client with
 * a cadence: on the date of its last published report (its period_date) plus the cadence's
 * interval (daily 1 day, weekly 7, biweekly 14, monthly 1 month); with none published yet,
 * its start date (else the day it was made) plus the interval; a client's cadence "none":
 * never. Dates are the agency's (clock_get's zone). SQL: REPORT_DUE_FROM in core/stmt_sql.h;
 * the PM's dashboard lists theirs due today or overdue (ST_REPORT_DUE_PM).
 */

/*
 * Tell the PM of each project whose report falls due on today ("YYYY-MM-DD"): one notice
 * NK_REPORT_DUE ("A status report for <project> is due today", linking to its status reports)
 * per project and due date (dedupe "report-due:<project>:<date>": once, however often this
 * runs), in the caller's transaction. Actor: c->actor_id (the worker: 0, nobody). Returns the
 * PMs told, or -1.
 */
int report_due_notify(struct ctx *c, const char *today);

/* The outbox worker's job: report_due_notify for the clock's today (clock_get), in a
 * transaction of its own. Returns the PMs told, or -1 (rolled back). */
int report_due_run(struct ctx *c);

#endif
