/* time.c - time state changes (domain layer): entries, the weekly grid and timers, the
 * (project, week) rollups kept in the writer's transaction, budget thresholds announced once,
 * and a weekly sheet submitted and decided. */
#include "domain/time.h"
#include "core/arena.h"
#include "core/array.h"
#include "core/db.h"
#include "domain/notify_who.h"
#include "domain/outbox.h"
#include "domain/dates.h"
#include "domain/timecalc.h"

#include <string.h>
#include <time.h>

int time_touch(struct time_touched *t, long long pid, long week)
{
	for (int i = 0; i < t->n; i++)
		if (t->pid[i] == pid && t->week[i] == week)
			return 0;
	if (t->n == TIME_MAX_TOUCHED)
		return -1;
	t->pid[t->n] = pid;
	t->week[t->n] = week;
	t->n++;
	return 0;
}

/* Announce each budget threshold (80 %, 100 % of hours and of money) once. */
static int thresholds(struct ctx *c, long long pid)
{
	static const struct {
		int bit, pct, money;
		const char *label;
	} levels[] = {
		{ 1, 80, 0, "80% of the hours budget" },
		{ 2, 100, 0, "100% of the hours budget" },
		{ 4, 80, 1, "80% of the money budget" },
		{ 8, 100, 1, "100% of the money budget" },
	};
	struct db_res *b;
	long long bmin, bamt, smin, samt, client;
	int alerted, now;

	if (db_query(c->db, c->arena, ST_BUDGET_LOCK, &b, "i", pid))
		return -1;
	if (b->nrows != 1)
		return 0;
	bmin = db_cell_int(b, 0, BUDGET_LOCK_BUDGET_MINUTES);
	bamt = db_cell_int(b, 0, BUDGET_LOCK_BUDGET_AMOUNT);
	smin = db_cell_int(b, 0, BUDGET_LOCK_C_MINUTES);
	samt = db_cell_int(b, 0, BUDGET_LOCK_SPENT_AMOUNT);
	alerted = (int)db_cell_int(b, 0, BUDGET_LOCK_ALERTED);
	client = db_cell_int(b, 0, BUDGET_LOCK_CLIENT_ID);
	now = alerted;
	for (size_t i = 0; i < ARRAY_SIZE(levels); i++) {
		long long budget = levels[i].money ? bamt : bmin, spent = levels[i].money ? samt : smin;
		json_t *data;
		if ((alerted & levels[i].bit) || budget <= 0 || spent * 100 < budget * levels[i].pct)
			continue;
		now |= levels[i].bit;
		data = json_pack("{s:{s:I, s:s}, s:s, s:i, s:I, s:I, s:s}", "project", "id", (json_int_t)pid,
				 "name", db_cell(b, 0, BUDGET_LOCK_NAME), "budget", levels[i].money ? "money" : "hours",
				 "threshold", levels[i].pct, "spent", (json_int_t)spent, "limit",
				 (json_int_t)budget, "currency", db_cell(b, 0, BUDGET_LOCK_CURRENCY));
		struct notice n = {
			.kind = NK_BUDGET,
			.link = arena_printf(c->arena, "/projects/%lld/budget", pid),
			.text = arena_printf(c->arena, "%s reached %s.", db_cell(b, 0, BUDGET_LOCK_NAME),
					     levels[i].label),
		};
		if (activity_add(c, client, pid, "budget", NULL, levels[i].label, levels[i].label, 0) ||
		    outbox_emit(c, EV_PROJECT_BUDGET_THRESHOLD, client, pid, data) ||
		    notify_pm(c, pid, &n))
			return -1;
	}
	if (now != alerted && db_exec(c->db, ST_BUDGET_SET_ALERTED, "ii", (long long)now, pid) < 0)
		return -1;
	return 0;
}

int time_touched_flush(struct ctx *c, const struct time_touched *t)
{
	for (int i = 0; i < t->n; i++) {
		const char *w = dates_day(c->arena, t->week[i]);
		if (db_exec(c->db, ST_ROLLUP_WEEK, "isisis", t->pid[i], w, t->pid[i], w, t->pid[i], w) < 0 ||
		    db_exec(c->db, ST_ROLLUP_USER_SUB, "is", t->pid[i], w) < 0 ||
		    db_exec(c->db, ST_ROLLUP_USER_CLEAR, "is", t->pid[i], w) < 0 ||
		    db_exec(c->db, ST_ROLLUP_USER_FILL, "is", t->pid[i], w) < 0 ||
		    db_exec(c->db, ST_ROLLUP_USER_ADD, "is", t->pid[i], w) < 0 ||
		    db_exec(c->db, ST_ROLLUP_TASK_SUB, "is", t->pid[i], w) < 0 ||
		    db_exec(c->db, ST_ROLLUP_TASK_CLEAR, "is", t->pid[i], w) < 0 ||
		    db_exec(c->db, ST_ROLLUP_TASK_FILL, "is", t->pid[i], w) < 0 ||
		    db_exec(c->db, ST_ROLLUP_TASK_ADD, "is", t->pid[i], w) < 0)
			return -1;
	}
	for (int i = 0; i < t->n; i++) {
		int seen = 0;
		for (int j = 0; j < i; j++)
			seen |= t->pid[j] == t->pid[i];
		if (seen)
			continue;
		if (db_exec(c->db, ST_ROLLUP_PROJECT, "ii", t->pid[i], t->pid[i]) < 0 ||
		    thresholds(c, t->pid[i]))
			return -1;
	}
	return 0;
}

const char *time_week_lock(struct ctx *c, long long uid, long week)
{
	struct db_res *w;

	if (db_query(c->db, c->arena, ST_TIME_WEEK_LOCK, &w, "is", uid, dates_day(c->arena, week)))
		return NULL;
	return w->nrows == 1 ? db_cell(w, 0, TIME_WEEK_LOCK_STATUS) : "open";
}

/* Rollups of every project of the user's week. 0, or -1. */
static int touch_week(struct ctx *c, long long uid, long week, struct time_touched *t)
{
	struct db_res *ps;

	if (db_query(c->db, c->arena, ST_TIME_WEEK_PROJECTS, &ps, "is", uid, dates_day(c->arena, week)))
		return -1;
	for (size_t i = 0; i < ps->nrows; i++)
		if (time_touch(t, db_cell_int(ps, i, TIME_WEEK_PROJECTS_PROJECT_ID), week))
			return -1;
	return 0;
}

/* Tell whoever approves user uid's submitted week (time_week_decide): the PM of each project
 * its submitted entries are on, and the admins when one of those projects has no active PM.
 * 0, or -1. */
static int tell_approvers(struct ctx *c, long long uid, long week)
{
	struct db_res *ps, *admins;
	struct notify_list l;
	struct db_res *owner;
	int need_admins = 0;

	if (db_query(c->db, c->arena, ST_NOTIFY_WEEK_APPROVERS, &ps, "is", uid, dates_day(c->arena, week)) ||
	    db_query(c->db, c->arena, ST_NOTIFY_USER, &owner, "i", uid) || owner->nrows != 1)
		return -1;
	notify_list_init(&l, c->arena);
	for (size_t i = 0; i < ps->nrows; i++) {
		notify_list_add(&l, db_cell_int(ps, i, NOTIFY_WEEK_APPROVERS_PM), NK_WEEK_SUBMITTED);
		need_admins |= !db_cell_int(ps, i, NOTIFY_WEEK_APPROVERS_PM);
	}
	if (need_admins) {
		if (db_query(c->db, c->arena, ST_NOTIFY_ADMINS, &admins, ""))
			return -1;
		for (size_t i = 0; i < admins->nrows; i++)
			notify_list_add(&l, db_cell_int(admins, i, NOTIFY_PEOPLE_ID), NK_WEEK_SUBMITTED);
	}
	for (size_t i = 0; i < l.n; i++) {
		struct notice n = {
			.kind = l.kind[i], .user_id = l.user[i], .link = "/time/approvals",
			.text = arena_printf(c->arena, "%s submitted the week %s for approval.",
					     db_cell(owner, 0, NOTIFY_USER_NAME), dates_week(c->arena, week)),
		};
		if (notify(c, &n) < 0)
			return -1;
	}
	return 0;
}

int time_week_submit(struct ctx *c, long long uid, long week, const char **why)
{
	struct time_touched t = { .n = 0 };
	const char *ws = time_week_lock(c, uid, week);
	long long n;

	if (!ws)
		return -1;
	n = db_exec(c->db, ST_TIME_SUBMIT, "is", uid, dates_day(c->arena, week));
	if (n < 0)
		return -1;
	if (n == 0) {
		*why = strcmp(ws, "open") ? "This week is already submitted."
					  : "There is no open time to submit in this week.";
		return TIME_REFUSED;
	}
	if (db_exec(c->db, ST_TIME_WEEK_SET, "issssns", uid, dates_day(c->arena, week), "submitted",
		    (const char *)NULL, "submitted", 0LL, "submitted") < 0 ||
	    touch_week(c, uid, week, &t) || time_touched_flush(c, &t))
		return -1;
	return tell_approvers(c, uid, week);
}

int time_week_decide(struct ctx *c, long long uid, long week, int approve, const char *note,
		     int as_admin, const char **why)
{
	struct time_touched t = { .n = 0 };
	struct db_res *wk, *left;
	long long n;

	if (db_query(c->db, c->arena, ST_TIME_WEEK_LOCK, &wk, "is", uid, dates_day(c->arena, week)) ||
	    touch_week(c, uid, week, &t))
		return -1;
	n = db_exec(c->db, ST_TIME_DECIDE, "sisii", approve ? "approved" : "open", uid, dates_day(c->arena, week),
		    (long long)as_admin, c->actor_id);
	if (n < 0)
		return -1;
	if (n == 0) {
		*why = "Nothing of this week is waiting for your approval.";
		return TIME_REFUSED;
	}
	if (db_query(c->db, c->arena, ST_TIME_WEEK_LEFT, &left, "is", uid, dates_day(c->arena, week)))
		return -1;
	if (!approve) {
		if (db_exec(c->db, ST_TIME_WEEK_SET, "issssis", uid, dates_day(c->arena, week), "open", note, "open",
			    c->actor_id, "open") < 0)
			return -1;
	} else if (db_cell_int(left, 0, TIME_WEEK_LEFT_SUBMITTED) == 0 && db_cell_int(left, 0, TIME_WEEK_LEFT_OPEN) == 0) {
		json_t *data = json_pack("{s:I, s:s, s:s, s:I, s:I}", "user_id", (json_int_t)uid, "week",
					 dates_week(c->arena, week), "week_start", dates_day(c->arena, week), "minutes",
					 (json_int_t)db_cell_int(left, 0, TIME_WEEK_LEFT_MINUTES), "approved_by",
					 (json_int_t)c->actor_id);
		if (db_exec(c->db, ST_TIME_WEEK_SET, "issssis", uid, dates_day(c->arena, week), "approved", note,
			    "approved", c->actor_id, "approved") < 0 ||
		    outbox_emit(c, EV_TIME_WEEK_APPROVED, 0, 0, data))
			return -1;
	}
	/* the week's owner is told, with the note (the whole week approved, or the approver's part) */
	{
		int whole = db_cell_int(left, 0, TIME_WEEK_LEFT_SUBMITTED) == 0 &&
			    db_cell_int(left, 0, TIME_WEEK_LEFT_OPEN) == 0;
		const char *say = note && *note ? note : NULL;
		struct notice d = {
			.kind = NK_WEEK_DECIDED, .user_id = uid,
			.link = arena_printf(c->arena, "/time?week=%s", dates_week(c->arena, week)),
			.text = arena_printf(c->arena, "%s %s %s%s%s%s",
					     notify_actor_name(c),
					     !approve ? "sent back your week"
					     : whole ? "approved your week"
					     : "approved your time on their projects in the week",
					     dates_week(c->arena, week), say ? ": \u201c" : ".",
					     say ? notify_excerpt(c->arena, say, 300) : "",
					     say ? "\u201d" : ""),
		};
		if (notify(c, &d) < 0)
			return -1;
	}
	return time_touched_flush(c, &t);
}

/* ------------------------------------------------------------ entries, the grid, timers */

#define LOCKED_MSG "This week is submitted for approval and locked; ask your approver to reject it to change it."
#define DAY_FULL_MSG "That day would hold more than 24 hours."

/* 1 when a day of user uid's week holds more than 24 hours, 0 if not, -1. */
static int day_over(struct ctx *c, long long uid, long week)
{
	struct db_res *d;

	if (db_query(c->db, c->arena, ST_TIME_DAYS_OVER, &d, "is", uid, dates_day(c->arena, week)))
		return -1;
	return d->nrows > 0;
}

/* After an entry's write: refused (TIME_REFUSED, *why the full-day message, *field "hours"
 * when field is not NULL) when a day of the week now holds more than 24 hours; else the
 * touched rollups rewritten (time_touched_flush). 0, TIME_REFUSED or -1. */
static int day_checked_flush(struct ctx *c, long long uid, long week, const struct time_touched *t,
			     const char **why, const char **field)
{
	int over = day_over(c, uid, week);

	if (over < 0)
		return -1;
	if (over) {
		*why = DAY_FULL_MSG;
		if (field)
			*field = "hours";
		return TIME_REFUSED;
	}
	return time_touched_flush(c, t);
}

/*
 * Insert an entry of user uid, priced at the rates in force on its date. After
 * time_week_lock() gave week_status: in an approved week the entry arrives
 * submitted and the week goes back to submitted. Its id in *id (may be NULL). 0, or -1.
 */
static int entry_insert(struct ctx *c, long long uid, const struct time_entry *e,
			const char *week_status, struct time_touched *t, long long *id)
{
	struct db_res *rate;
	const char *date = dates_day(c->arena, e->date), *status = "open";
	long week = tc_week_monday(e->date);
	long long bill, cost, amount, costv, unpriced;

	/* only a rate in the project's currency prices the entry; none: unpriced, no amount */
	if (db_query(c->db, c->arena, ST_TIME_RATE_ON, &rate, "iisisiiisisi", uid, e->pid, date, uid,
		     date, uid, uid, e->pid, date, uid, date, e->pid) || rate->nrows != 1)
		return -1;
	bill = db_cell_int(rate, 0, TIME_RATE_ON_BILL);
	cost = db_cell_int(rate, 0, TIME_RATE_ON_COST);
	unpriced = db_cell_int(rate, 0, TIME_RATE_ON_UNPRICED);
	amount = e->billable ? tc_amount(e->minutes, bill) : 0;
	costv = tc_amount(e->minutes, cost);
	if (amount < 0 || costv < 0)
		return -1;
	if (!strcmp(week_status, "approved")) {
		status = "submitted";
		if (db_exec(c->db, ST_TIME_WEEK_SET, "issssns", uid, dates_day(c->arena, week), "submitted",
			    (const char *)NULL, "submitted", 0LL, "submitted") < 0)
			return -1;
	}
	if (db_exec(c->db, ST_TIME_INSERT, "iinssiissiiiii", uid, e->pid, e->tid, date,
		    dates_day(c->arena, week), e->minutes, (long long)e->billable, e->note, status, bill, cost,
		    amount, costv, unpriced) != 1)
		return -1;
	if (id)
		*id = db_insert_id(c->db);
	return time_touch(t, e->pid, week);
}

int time_entry_create(struct ctx *c, long long uid, const struct time_entry *e, long long *id,
		      const char **why, const char **field)
{
	struct time_touched t = { .n = 0 };
	long week = tc_week_monday(e->date);
	const char *ws = time_week_lock(c, uid, week);

	if (!ws)
		return -1;
	if (!strcmp(ws, "submitted")) {
		*why = LOCKED_MSG;
		*field = "work_date";
		return TIME_REFUSED;
	}
	if (entry_insert(c, uid, e, ws, &t, id))
		return -1;
	return day_checked_flush(c, uid, week, &t, why, field);
}

/* User uid's entry id, locked: 0, TIME_NOT_FOUND, -1; its week in *week. */
static int entry_lock(struct ctx *c, long long uid, long long id, struct db_res **e, long *week)
{
	long days = 0;

	if (db_query(c->db, c->arena, ST_TIME_ENTRY_GET, e, "ii", id, uid))
		return -1;
	if ((*e)->nrows != 1)
		return TIME_NOT_FOUND;
	tc_date_parse(db_cell(*e, 0, TIME_ENTRY_GET_WORK_DATE), &days);
	*week = tc_week_monday(days);
	return 0;
}

int time_entry_week(struct ctx *c, long long uid, long long id, long *week)
{
	struct db_res *e;

	return entry_lock(c, uid, id, &e, week);
}

int time_entry_update(struct ctx *c, long long uid, long long id, long long minutes, int billable,
		      const char *note, const char **why, const char **field)
{
	struct time_touched t = { .n = 0 };
	struct db_res *e;
	long long amount, cost;
	long week;
	int rc = entry_lock(c, uid, id, &e, &week);

	if (rc)
		return rc;
	if (strcmp(db_cell(e, 0, TIME_ENTRY_GET_STATUS), "open")) {
		*why = "This entry is submitted or approved and can no longer be changed.";
		*field = "";
		return TIME_REFUSED;
	}
	amount = billable ? tc_amount(minutes, db_cell_int(e, 0, TIME_ENTRY_GET_BILL_RATE)) : 0;
	cost = tc_amount(minutes, db_cell_int(e, 0, TIME_ENTRY_GET_COST_RATE));
	if (db_exec(c->db, ST_TIME_ENTRY_UPDATE, "iisiiii", minutes, (long long)billable, note, amount,
		    cost, id, uid) != 1 ||
	    time_touch(&t, db_cell_int(e, 0, TIME_ENTRY_GET_PROJECT_ID), week))
		return -1;
	return day_checked_flush(c, uid, week, &t, why, field);
}

int time_entry_delete(struct ctx *c, long long uid, long long id, long *week, const char **why)
{
	struct time_touched t = { .n = 0 };
	struct db_res *e;
	int rc = entry_lock(c, uid, id, &e, week);

	if (rc)
		return rc;
	if (strcmp(db_cell(e, 0, TIME_ENTRY_GET_STATUS), "open")) {
		*why = "This entry is submitted or approved and can no longer be deleted.";
		return TIME_REFUSED;
	}
	if (db_exec(c->db, ST_TIME_ENTRY_DELETE, "ii", id, uid) != 1 ||
	    time_touch(&t, db_cell_int(e, 0, TIME_ENTRY_GET_PROJECT_ID), *week) ||
	    time_touched_flush(c, &t))
		return -1;
	return 0;
}

/* Set one cell (user uid's minutes on project/task/day) to minutes, after
 * time_week_lock() gave ws. 0, 1 (it holds submitted or approved time), -1. */
static int cell_set(struct ctx *c, long long uid, long long pid, long long tid, long day,
		    long long minutes, const char *ws, struct time_touched *t)
{
	struct db_res *cell;
	long long sum = 0, open_n = 0;
	int billable = 1;

	if (db_query(c->db, c->arena, ST_TIME_CELL_LOCK, &cell, "iins", uid, pid, tid, dates_day(c->arena, day)))
		return -1;
	for (size_t i = 0; i < cell->nrows; i++) {
		sum += db_cell_int(cell, i, TIME_CELL_LOCK_MINUTES);
		open_n += !strcmp(db_cell(cell, i, TIME_CELL_LOCK_STATUS), "open");
		if (!db_cell_int(cell, i, TIME_CELL_LOCK_BILLABLE))
			billable = 0;
	}
	if (sum == minutes)
		return 0;
	if (open_n != (long long)cell->nrows)
		return 1;
	if (time_touch(t, pid, tc_week_monday(day)))
		return -1;
	if (cell->nrows == 1 && minutes > 0) {
		struct db_res *e;
		long long id = db_cell_int(cell, 0, TIME_CELL_LOCK_ID), bill, cost;
		long week;
		if (entry_lock(c, uid, id, &e, &week))
			return -1;
		bill = billable ? tc_amount(minutes, db_cell_int(e, 0, TIME_ENTRY_GET_BILL_RATE)) : 0;
		cost = tc_amount(minutes, db_cell_int(e, 0, TIME_ENTRY_GET_COST_RATE));
		return db_exec(c->db, ST_TIME_ENTRY_UPDATE, "iisiiii", minutes, (long long)billable,
			       db_cell(cell, 0, TIME_CELL_LOCK_NOTE), bill, cost, id, uid) == 1 ? 0 : -1;
	}
	for (size_t i = 0; i < cell->nrows; i++)
		if (db_exec(c->db, ST_TIME_ENTRY_DELETE, "ii", db_cell_int(cell, i, TIME_CELL_LOCK_ID), uid) != 1)
			return -1;
	if (minutes > 0) {
		struct time_entry e = { pid, tid, day, minutes, billable, NULL };
		return entry_insert(c, uid, &e, ws, t, NULL);
	}
	return 0;
}

int time_grid_save(struct ctx *c, long long uid, long week, struct time_cell *cells, size_t n,
		   const char **why)
{
	struct time_touched t = { .n = 0 };
	const char *ws = time_week_lock(c, uid, week);
	int locked = 0, rc;

	if (!ws)
		return -1;
	if (!strcmp(ws, "submitted")) {
		*why = LOCKED_MSG;
		return TIME_REFUSED;
	}
	for (size_t i = 0; i < n; i++) {
		rc = cell_set(c, uid, cells[i].pid, cells[i].tid, week + cells[i].day, cells[i].minutes,
			      ws, &t);
		if (rc < 0)
			return -1;
		cells[i].locked = rc == 1;
		locked |= rc == 1;
	}
	if (locked) {
		*why = "Approved or submitted time is locked and was left as it was.";
		return TIME_REFUSED;
	}
	return day_checked_flush(c, uid, week, &t, why, NULL);
}

#define TIMER_STUCK_MSG "The running timer cannot be recorded: its week is submitted or its day is full." \
	" Discard it (nothing is recorded) or ask for the week to be reopened."

/* Stop user uid's running timer (locked by ST_TIMER_GET in tm) and record its entry.
 * 0 recorded or discarded (under half a minute), 1 locked week / full day, -1. */
static int timer_record(struct ctx *c, long long uid, struct db_res *tm, struct time_touched *t,
			int *recorded)
{
	struct time_entry e = { 0 };
	const char *ws;
	long long secs = db_cell_int(tm, 0, TIMER_GET_SECONDS);

	*recorded = 0;
	if (db_exec(c->db, ST_TIMER_DELETE, "i", uid) != 1)
		return -1;
	e.minutes = (secs + 30) / 60;
	if (e.minutes <= 0)
		return 0;
	if (e.minutes > TC_DAY_MINUTES)
		e.minutes = TC_DAY_MINUTES;
	e.pid = db_cell_int(tm, 0, TIMER_GET_PROJECT_ID);
	e.tid = db_cell_int(tm, 0, TIMER_GET_TASK_ID);
	e.note = db_cell(tm, 0, TIMER_GET_NOTE);
	e.billable = 1;
	if (tc_date_parse(db_cell(tm, 0, TIMER_GET_DAY), &e.date))
		return -1;
	ws = time_week_lock(c, uid, tc_week_monday(e.date));
	if (!ws)
		return -1;
	if (!strcmp(ws, "submitted"))
		return 1;
	if (entry_insert(c, uid, &e, ws, t, NULL))
		return -1;
	*recorded = 1;
	switch (day_over(c, uid, tc_week_monday(e.date))) {
	case 0:
		return 0;
	case 1:
		return 1;
	default:
		return -1;
	}
}

int time_timer_start(struct ctx *c, long long uid, long long pid, long long tid, const char *note,
		     const char **why)
{
	struct time_touched t = { .n = 0 };
	struct db_res *tm;
	const char *ws = time_week_lock(c, uid, tc_week_monday((long)(time(NULL) / 86400)));
	int rc, recorded;

	/* a timer on today when today's week is submitted or approved could not be recorded */
	if (!ws)
		return -1;
	if (strcmp(ws, "open")) {
		*why = !strcmp(ws, "approved")
		       ? "This week is approved and locked: a timer cannot run on it."
			 " Log the time on another day, or ask your approver to reopen the week."
		       : "This week is submitted for approval and locked: a timer cannot run on it."
			 " Log the time on another day, or ask your approver to send the week back.";
		return TIME_REFUSED;
	}
	if (db_query(c->db, c->arena, ST_TIMER_GET, &tm, "i", uid))
		return -1;
	if (tm->nrows) {
		rc = timer_record(c, uid, tm, &t, &recorded);
		if (rc == 1)
			*why = TIMER_STUCK_MSG;
		if (rc)
			return rc < 0 ? -1 : TIME_REFUSED;
	}
	if (db_exec(c->db, ST_TIMER_START, "iins", uid, pid, tid, note) != 1)
		return -1;
	return time_touched_flush(c, &t);
}

int time_timer_stop(struct ctx *c, long long uid, int *recorded, const char **why)
{
	struct time_touched t = { .n = 0 };
	struct db_res *tm;
	int rc;

	*recorded = 0;
	if (db_query(c->db, c->arena, ST_TIMER_GET, &tm, "i", uid))
		return -1;
	if (!tm->nrows)
		return TIME_NOT_FOUND;
	rc = timer_record(c, uid, tm, &t, recorded);
	if (rc == 1) {
		*why = TIMER_STUCK_MSG;
		return TIME_REFUSED;
	}
	if (rc < 0)
		return -1;
	return time_touched_flush(c, &t);
}

int time_timer_discard(struct ctx *c, long long uid)
{
	long long n = db_exec(c->db, ST_TIMER_DELETE, "i", uid);

	if (n < 0)
		return -1;
	return n ? 0 : TIME_NOT_FOUND;
}
