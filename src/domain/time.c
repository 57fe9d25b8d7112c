/* time.c - time state changes (domain layer): the (project, week) rollups kept in the writer's
 * transaction, budget thresholds announced once, and a weekly sheet submitted and decided. */
#include "domain/time.h"
#include "core/arena.h"
#include "core/array.h"
#include "core/db.h"
#include "domain/outbox.h"
#include "domain/timecalc.h"

#include <string.h>

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

static const char *day_str(struct ctx *c, long days)
{
	char *s = arena_alloc(c->arena, 11);

	tc_date_format(days, s, 11);
	return s;
}

static const char *week_str(struct ctx *c, long days)
{
	char *s = arena_alloc(c->arena, 9);

	tc_week_format(days, s, 9);
	return s;
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
		if (activity_add(c, client, pid, "budget", NULL, levels[i].label, levels[i].label, 0) ||
		    outbox_emit(c, EV_PROJECT_BUDGET_THRESHOLD, client, pid, data))
			return -1;
	}
	if (now != alerted && db_exec(c->db, ST_BUDGET_SET_ALERTED, "ii", (long long)now, pid) < 0)
		return -1;
	return 0;
}

int time_touched_flush(struct ctx *c, const struct time_touched *t)
{
	for (int i = 0; i < t->n; i++) {
		const char *w = day_str(c, t->week[i]);
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

	if (db_query(c->db, c->arena, ST_TIME_WEEK_LOCK, &w, "is", uid, day_str(c, week)))
		return NULL;
	return w->nrows == 1 ? db_cell(w, 0, TIME_WEEK_LOCK_STATUS) : "open";
}

/* Rollups of every project of the user's week. 0, or -1. */
static int touch_week(struct ctx *c, long long uid, long week, struct time_touched *t)
{
	struct db_res *ps;

	if (db_query(c->db, c->arena, ST_TIME_WEEK_PROJECTS, &ps, "is", uid, day_str(c, week)))
		return -1;
	for (size_t i = 0; i < ps->nrows; i++)
		if (time_touch(t, db_cell_int(ps, i, TIME_WEEK_PROJECTS_PROJECT_ID), week))
			return -1;
	return 0;
}

int time_week_submit(struct ctx *c, long long uid, long week, const char **why)
{
	struct time_touched t = { .n = 0 };
	const char *ws = time_week_lock(c, uid, week);
	long long n;

	if (!ws)
		return -1;
	n = db_exec(c->db, ST_TIME_SUBMIT, "is", uid, day_str(c, week));
	if (n < 0)
		return -1;
	if (n == 0) {
		*why = strcmp(ws, "open") ? "This week is already submitted."
					  : "There is no open time to submit in this week.";
		return TIME_REFUSED;
	}
	if (db_exec(c->db, ST_TIME_WEEK_SET, "issssns", uid, day_str(c, week), "submitted",
		    (const char *)NULL, "submitted", 0LL, "submitted") < 0 ||
	    touch_week(c, uid, week, &t) || time_touched_flush(c, &t))
		return -1;
	return 0;
}

int time_week_decide(struct ctx *c, long long uid, long week, int approve, const char *note,
		     int as_admin, const char **why)
{
	struct time_touched t = { .n = 0 };
	struct db_res *wk, *left;
	long long n;

	if (db_query(c->db, c->arena, ST_TIME_WEEK_LOCK, &wk, "is", uid, day_str(c, week)) ||
	    touch_week(c, uid, week, &t))
		return -1;
	n = db_exec(c->db, ST_TIME_DECIDE, "sisii", approve ? "approved" : "open", uid, day_str(c, week),
		    (long long)as_admin, c->actor_id);
	if (n < 0)
		return -1;
	if (n == 0) {
		*why = "Nothing of this week is waiting for your approval.";
		return TIME_REFUSED;
	}
	if (db_query(c->db, c->arena, ST_TIME_WEEK_LEFT, &left, "is", uid, day_str(c, week)))
		return -1;
	if (!approve) {
		if (db_exec(c->db, ST_TIME_WEEK_SET, "issssis", uid, day_str(c, week), "open", note, "open",
			    c->actor_id, "open") < 0)
			return -1;
	} else if (db_cell_int(left, 0, TIME_WEEK_LEFT_SUBMITTED) == 0 && db_cell_int(left, 0, TIME_WEEK_LEFT_OPEN) == 0) {
		json_t *data = json_pack("{s:I, s:s, s:s, s:I, s:I}", "user_id", (json_int_t)uid, "week",
					 week_str(c, week), "week_start", day_str(c, week), "minutes",
					 (json_int_t)db_cell_int(left, 0, TIME_WEEK_LEFT_MINUTES), "approved_by",
					 (json_int_t)c->actor_id);
		if (db_exec(c->db, ST_TIME_WEEK_SET, "issssis", uid, day_str(c, week), "approved", note,
			    "approved", c->actor_id, "approved") < 0 ||
		    outbox_emit(c, EV_TIME_WEEK_APPROVED, 0, 0, data))
			return -1;
	}
	return time_touched_flush(c, &t);
}
