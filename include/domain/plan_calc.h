/* plan_calc.h - pure planning logic: day numbers, dependency cycles, shifting dependants, iCalendar text. */
#ifndef TANDEM_PLAN_CALC_H
#define TANDEM_PLAN_CALC_H

#include <stddef.h>
#include "core/buf.h"

struct workcal;

/*
 * Days are MariaDB TO_DAYS() numbers (0000-00-00 based; 1970-01-01 is
 * PLAN_EPOCH), so SQL and C count the same way.
 */
#define PLAN_EPOCH 719528L

/* Calendar date of day number `day` (TO_DAYS form). */
void plan_civil(long day, int *y, int *m, int *d);
/* Day of the week, 0 = Monday. */
int plan_weekday(long day);
/* Day number of today (UTC). */
long plan_today(void);

/*
 * v rounded to the nearest tenth, as text without trailing zeros ("12",
 * "12.5", "-3.1") in out (at least 24 bytes, |v| < 1e17); returns its length.
 * The Gantt chart writes thousands of coordinates: printf's floating point
 * was a fifth of the page's time.
 */
size_t plan_tenths(char *out, double v);

/* One finish-to-start edge: task starts after `on` is due. */
struct plan_edge {
	long long task;
	long long on;
};

/*
 * Would making `task` depend on each of deps[0..ndeps) close a cycle, given
 * the project's existing edges (those of `task` itself are ignored, they are
 * being replaced)? Returns the length of the cycle's path written to path
 * (dep, ..., task; at most maxpath ids), or 0 when there is no cycle.
 * A dependency on the task itself is a cycle of length 1.
 * Returns -1 when out of memory.
 */
int plan_find_cycle(const struct plan_edge *edges, size_t nedges, long long task,
		    const long long *deps, size_t ndeps, long long *path, size_t maxpath);

/* A task's dates for plan_shift. */
struct plan_task {
	long long id;
	long start, due;   /* day numbers */
	int moved;         /* out: 1 when plan_shift moved it */
};

/*
 * Move every task reachable from `root` along the edges (its dependants, and
 * theirs) that starts on or before a predecessor's due day, so that it starts
 * the day after its latest predecessor ends, keeping its length. Tasks not
 * reachable from root are never moved. Returns the number of moved tasks,
 * or -1 (out of memory, or the edges hold a cycle).
 */
int plan_shift(struct plan_task *tasks, size_t ntasks, const struct plan_edge *edges,
	       size_t nedges, long long root);

/*
 * plan_shift on the working days of cal (workcal.h, issue 16; NULL: every day is a working
 * day, which is plan_shift): a dependant that starts on or before its latest predecessor's
 * due day moves to the first working day after that due day, and keeps its length in
 * working days (those from its start to its due day, both counted; at least one), so it
 * never starts or ends on a non-working day. Same results as plan_shift.
 */
int plan_shift_cal(struct plan_task *tasks, size_t ntasks, const struct plan_edge *edges,
		   size_t nedges, long long root, const struct workcal *cal);

/* Append s as RFC 5545 TEXT: backslash, semicolon and comma escaped, newlines as \n. */
void ical_text(struct buf *out, const char *s);

/*
 * Append one content line, folded so that no physical line is longer than 75
 * octets (continuations start with a space), never inside a UTF-8 sequence,
 * each ended by CRLF.
 */
void ical_line(struct buf *out, const char *line, size_t len);

#endif
