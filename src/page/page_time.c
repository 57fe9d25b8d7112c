/* page_time.c - time entries, the weekly timesheet grid, timers and week approval. */
#include "core/array.h"
#include "core/db.h"
#include "domain/time.h"
#include "domain/dates.h"
#include "domain/timecalc.h"
#include "page/page_time.h"
#include "web/render.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_GRID_ROWS 64

static const char *const decisions[] = { "approve", "reject", NULL };

static const struct vfield entry_fields[] = {
	{ "project_id", "Project", V_ID, 1, 0, 0, NULL },
	{ "task_id", "Task", V_ID, 0, 0, 0, NULL },
	{ "work_date", "Date", V_DATE, 1, 0, 0, NULL },
	{ "hours", "Hours", V_LINE, 1, 0, 20, NULL },
	{ "billable", "Billable", V_BOOL, 0, 0, 0, NULL },
	{ "note", "Note", V_LINE, 0, 0, 500, NULL },
};
#define NENTRY ARRAY_SIZE(entry_fields)

static const struct vfield update_fields[] = {
	{ "hours", "Hours", V_LINE, 1, 0, 20, NULL },
	{ "billable", "Billable", V_BOOL, 0, 0, 0, NULL },
	{ "note", "Note", V_LINE, 0, 0, 500, NULL },
};

static const struct vfield timer_fields[] = {
	{ "project_id", "Project", V_ID, 1, 0, 0, NULL },
	{ "task_id", "Task", V_ID, 0, 0, 0, NULL },
	{ "note", "Note", V_LINE, 0, 0, 500, NULL },
};

static const struct vfield week_fields[] = {
	{ "week", "Week", V_LINE, 1, 0, 8, NULL },
};

static const struct vfield decide_fields[] = {
	{ "user_id", "Person", V_ID, 1, 0, 0, NULL },
	{ "week", "Week", V_LINE, 1, 0, 8, NULL },
	{ "decision", "Decision", V_ENUM, 1, 0, 0, decisions },
	{ "note", "Note", V_TEXT, 0, 0, 2000, NULL },
};

/* ------------------------------------------------------------ shared */

static int is_admin(const struct req *r)
{
	return r->sess.role == ROLE_ADMIN;
}

/* The project if the signed-in user may log time on it: 1, 0 (not), -1 (database). */
static int may_log(struct req *r, long long pid, struct db_res **p)
{
	if (db_query(r->db, r->arena, ST_TIME_PROJECT_FOR, p, "iiii", pid, (long long)is_admin(r),
		     r->sess.user_id, r->sess.user_id))
		return -1;
	return (*p)->nrows == 1;
}

/* Check project and task for the form: messages on the fields. 0, or -1 (database). */
static int check_target(struct req *r, struct form *f, long long pid, long long tid)
{
	struct db_res *p, *t;
	int ok = may_log(r, pid, &p);

	if (ok < 0)
		return -1;
	if (!ok) {
		valid_error(f, "project_id", "You are not on this project: ask its PM to add you.");
		return 0;
	}
	if (tid) {
		if (db_query(r->db, r->arena, ST_TIME_TASK_CHECK, &t, "ii", tid, pid))
			return -1;
		if (t->nrows != 1)
			valid_error(f, "task_id", "Task must belong to the project.");
	}
	return 0;
}

/* Parse a typed duration into f's field: minutes, or -1 with the message set. */
static long long hours_of(struct form *f, const char *field, const char *s, int allow_zero)
{
	long long m;

	if (tc_duration(s, &m)) {
		valid_error(f, field, "Hours must look like 1.5, 1,5, 1:30, 90m or 1h30.");
		return -1;
	}
	if (m < 0 || (!allow_zero && m == 0)) {
		valid_error(f, field, "Hours must be more than zero.");
		return -1;
	}
	if (m > TC_DAY_MINUTES) {
		valid_error(f, field, "No more than 24 hours in a day.");
		return -1;
	}
	return m;
}

static long today(void)
{
	return (long)(time(NULL) / 86400);
}

/* ------------------------------------------------------------ the weekly grid */

struct grow {
	long long pid, tid;
	const char *project, *task;
	long long minutes[7];
	int locked[7];
	int billable;
	const char *input[7];    /* typed values when the form comes back */
	int bad[7];
};

struct grid {
	struct grow rows[MAX_GRID_ROWS];
	int n;
};

static struct grow *grid_row(struct grid *g, long long pid, long long tid, const char *project,
			     const char *task)
{
	for (int i = 0; i < g->n; i++)
		if (g->rows[i].pid == pid && g->rows[i].tid == tid)
			return &g->rows[i];
	if (g->n == MAX_GRID_ROWS)
		return NULL;
	memset(&g->rows[g->n], 0, sizeof(g->rows[0]));
	g->rows[g->n].pid = pid;
	g->rows[g->n].tid = tid;
	g->rows[g->n].project = project;
	g->rows[g->n].task = task;
	g->rows[g->n].billable = 1;
	return &g->rows[g->n++];
}

static const char *hmm(struct req *r, long long minutes)
{
	return minutes ? arena_printf(r->arena, "%lld:%02lld", minutes / 60, minutes % 60) : "";
}

/* Cell fields are "m-<project>-<task or 0>-<day 0..6>". 0 on a match. */
static int cell_name(const char *name, long long *pid, long long *tid, int *d)
{
	char *end;

	if (strncmp(name, "m-", 2))
		return -1;
	errno = 0;
	*pid = strtoll(name + 2, &end, 10);
	if (errno || *end != '-' || *pid < 1)
		return -1;
	*tid = strtoll(end + 1, &end, 10);
	if (errno || *end != '-' || *tid < 0)
		return -1;
	if (end[1] < '0' || end[1] > '6' || end[2])
		return -1;
	*d = end[1] - '0';
	return 0;
}

/*
 * The timesheet page of week (its Monday): the grid pivoted here, in C, from
 * one grouped query; with `copy`, last week's rows are added empty. When form
 * is set (a 422), the typed cells come back as typed.
 */
static int week_page(struct req *r, long week, int copy, struct form *f, struct grid *typed,
		     int status)
{
	struct grid *g = arena_calloc(r->arena, 1, sizeof(*g));
	struct db_res *res, *wk, *choices, *entries;
	const char *ws = dates_day(r->arena, week);
	long long day_tot[7] = { 0 }, total = 0;
	xmlNodePtr page, w, row;

	if (db_query(r->db, r->arena, ST_TIME_GRID, &res, "sis", ws, r->sess.user_id, ws) ||
	    db_query(r->db, r->arena, ST_TIME_WEEK_GET, &wk, "is", r->sess.user_id, ws) ||
	    db_query(r->db, r->arena, ST_TIME_WEEK_ENTRIES, &entries, "is", r->sess.user_id, ws) ||
	    db_query(r->db, r->arena, ST_TIME_CHOICES, &choices, "iiii", (long long)is_admin(r),
		     r->sess.user_id, r->sess.user_id, r->sess.user_id))
		return 503;
	for (size_t i = 0; i < res->nrows; i++) {
		struct grow *gr = grid_row(g, db_cell_int(res, i, TIME_GRID_PROJECT_ID), db_cell_int(res, i, TIME_GRID_TASK_ID),
					   db_cell(res, i, TIME_GRID_NAME), db_cell(res, i, TIME_GRID_TITLE));
		long long d = db_cell_int(res, i, TIME_GRID_DAY);
		if (!gr || d < 0 || d > 6)
			continue;
		gr->minutes[d] = db_cell_int(res, i, TIME_GRID_MINUTES);
		gr->locked[d] = db_cell_int(res, i, TIME_GRID_LOCKED) != 0;
		day_tot[d] += gr->minutes[d];
		total += gr->minutes[d];
	}
	if (copy) {
		struct db_res *prev;
		if (db_query(r->db, r->arena, ST_TIME_GRID_ROWS_OF, &prev, "is", r->sess.user_id,
			     dates_day(r->arena, week - 7)))
			return 503;
		for (size_t i = 0; i < prev->nrows; i++)
			grid_row(g, db_cell_int(prev, i, TIME_GRID_ROWS_OF_PROJECT_ID),
				 db_cell_int(prev, i, TIME_GRID_ROWS_OF_TASK_ID), db_cell(prev, i, TIME_GRID_ROWS_OF_NAME),
				 db_cell(prev, i, TIME_GRID_ROWS_OF_TITLE));
	}
	if (typed)
		for (int i = 0; i < typed->n; i++) {
			struct grow *src = &typed->rows[i], *gr;
			int known = 0;
			for (int k = 0; k < g->n && !known; k++)
				known = g->rows[k].pid == src->pid && g->rows[k].tid == src->tid;
			if (!known && !src->project)
				continue;    /* a row the user may not log on: not named, not shown */
			gr = grid_row(g, src->pid, src->tid, src->project, src->task);
			if (!gr)
				continue;
			for (int d = 0; d < 7; d++) {
				if (src->input[d])
					gr->input[d] = src->input[d];
				gr->bad[d] |= src->bad[d];
			}
		}
	page = xml_page(r, XSL_TIME, "timesheet", "Timesheet");
	w = xml_el(page, "week");
	xml_attr(w, "id", dates_week(r->arena, week));
	xml_attr(w, "start", ws);
	xml_attr(w, "end", dates_day(r->arena, week + 6));
	xml_attr(w, "prev", dates_week(r->arena, week - 7));
	xml_attr(w, "next", dates_week(r->arena, week + 7));
	xml_attr(w, "this", dates_week(r->arena, today()));
	xml_attr(w, "status", wk->nrows ? db_cell(wk, 0, TIME_WEEK_GET_STATUS) : "open");
	if (wk->nrows)
		xml_attr(w, "note", db_cell(wk, 0, TIME_WEEK_GET_NOTE));
	xml_attr_int(w, "minutes", total);
	for (int d = 0; d < 7; d++) {
		xmlNodePtr day = xml_el(w, "day");
		xml_attr_int(day, "d", d);
		xml_attr(day, "date", dates_day(r->arena, week + d));
		xml_attr_int(day, "minutes", day_tot[d]);
		if (d >= 5)
			xml_attr(day, "weekend", "1");
	}
	for (int i = 0; i < g->n; i++) {
		struct grow *gr = &g->rows[i];
		long long rt = 0;
		row = xml_el(w, "row");
		xml_attr_int(row, "project-id", gr->pid);
		xml_attr_int(row, "task-id", gr->tid);
		xml_attr(row, "project-name", gr->project);
		xml_attr(row, "task-title", gr->task);
		for (int d = 0; d < 7; d++) {
			xmlNodePtr c = xml_el(row, "cell");
			rt += gr->minutes[d];
			xml_attr(c, "name", arena_printf(r->arena, "m-%lld-%lld-%d", gr->pid, gr->tid, d));
			xml_attr_int(c, "minutes", gr->minutes[d]);
			xml_attr(c, "value", gr->input[d] ? gr->input[d] : hmm(r, gr->minutes[d]));
			if (gr->locked[d])
				xml_attr(c, "locked", "1");
			if (gr->bad[d])
				xml_attr(c, "bad", "1");
		}
		xml_attr_int(row, "minutes", rt);
	}
	xml_rows(xml_el(page, "choices"), "choice", choices);
	xml_rows(xml_el(page, "entries"), "entry", entries);
	/* the running timer came with the session (one join, no statement of its own) */
	if (r->sess.timer_since) {
		xmlNodePtr t = xml_el(page, "timer");
		xml_attr(t, "started-at", r->sess.timer_since);
		xml_attr(t, "project-name", r->sess.timer_project);
	}
	if (f)
		valid_to_xml(r, f);
	return status;
}

/* The week asked for in ?week= (or a form's week), this week when absent or bad. */
static long week_param(const char *s)
{
	long mon;

	if (s && !tc_week_parse(s, &mon))
		return mon;
	return tc_week_monday(today());
}

int page_time_week(struct req *r)
{
	const char *copy = kv_get(&r->query, "copy");

	return week_page(r, week_param(kv_get(&r->query, "week")), copy && !strcmp(copy, "1"), NULL,
			 NULL, 200);
}

static int week_redirect(struct req *r, long week, const char *flash)
{
	xml_flash_next(r, flash);
	return req_redirect(r, arena_printf(r->arena, "/time?week=%s", dates_week(r->arena, week)));
}

/*
 * The end of a write to the signed-in user's week: rc is the domain's result, inside the
 * transaction. 0: committed, and the week shown again with flash (303). TIME_REFUSED: rolled
 * back, the form back (422) with why on field and the typed grid. Else rolled back, 503.
 */
static int week_done(struct req *r, int rc, struct form *f, const char *field, const char *why,
		     long week, struct grid *typed, const char *flash)
{
	if (rc == TIME_REFUSED) {
		db_rollback(r->db);
		valid_error(f, field, why);
		return week_page(r, week, 0, f, typed, 422);
	}
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	return week_redirect(r, week, flash);
}

/* ------------------------------------------------------------ entries */

int page_time_entry_create(struct req *r)
{
	struct time_entry e = { 0 };
	struct form f;
	const char *why = NULL, *field = "";
	long week = tc_week_monday(today());
	int bad, rc;

	bad = valid_form(r, &f, "entry", entry_fields, NENTRY);
	if (valid_get(&f, "work_date")->present && !tc_date_parse(valid_get(&f, "work_date")->s, &e.date))
		week = tc_week_monday(e.date);
	if (valid_get(&f, "hours")->present)
		e.minutes = hours_of(&f, "hours", valid_get(&f, "hours")->s, 0);
	e.pid = valid_get(&f, "project_id")->i;
	e.tid = valid_get(&f, "task_id")->i;
	e.billable = (int)valid_get(&f, "billable")->i;
	e.note = valid_get(&f, "note")->s;
	if (!bad && e.pid && check_target(r, &f, e.pid, e.tid))
		return 503;
	if (bad || f.nerr)
		return week_page(r, week, 0, &f, NULL, 422);
	if (db_begin(r->db))
		return 503;
	rc = time_entry_create(&r->ctx, r->sess.user_id, &e, NULL, &why, &field);
	return week_done(r, rc, &f, field, why, week, NULL, "time_saved");
}

int page_time_entry_update(struct req *r)
{
	struct form f;
	const char *why = NULL, *field = "";
	long long minutes = 0;
	long week;
	int rc;

	if (db_begin(r->db))
		return 503;
	rc = time_entry_week(&r->ctx, r->sess.user_id, r->ids[0], &week);
	if (rc) {
		db_rollback(r->db);
		return rc == TIME_NOT_FOUND ? 404 : 503;
	}
	valid_form(r, &f, "entry-edit", update_fields, ARRAY_SIZE(update_fields));
	if (valid_get(&f, "hours")->present)
		minutes = hours_of(&f, "hours", valid_get(&f, "hours")->s, 0);
	if (f.nerr) {
		db_rollback(r->db);
		return week_page(r, week, 0, &f, NULL, 422);
	}
	rc = time_entry_update(&r->ctx, r->sess.user_id, r->ids[0], minutes,
			       (int)valid_get(&f, "billable")->i, valid_get(&f, "note")->s, &why, &field);
	return week_done(r, rc, &f, field, why, week, NULL, "time_saved");
}

int page_time_entry_delete(struct req *r)
{
	struct form f = { 0 };
	const char *why = NULL;
	long week = 0;
	int rc;

	if (db_begin(r->db))
		return 503;
	rc = time_entry_delete(&r->ctx, r->sess.user_id, r->ids[0], &week, &why);
	if (rc == TIME_NOT_FOUND) {
		db_rollback(r->db);
		return 404;
	}
	if (rc == TIME_REFUSED)
		valid_form(r, &f, "entry-edit", update_fields, 0);
	return week_done(r, rc, &f, "", why, week, NULL, "entry_deleted");
}

/* ------------------------------------------------------------ saving the grid */

/* The typed cells of the grid form (and the added row), checked one by one. */
static int grid_read(struct req *r, struct form *f, struct grid *g)
{
	const char *nr = kv_get(&r->form, "new_row");
	long long npid = 0, ntid = 0;

	for (size_t i = 0; i < r->form.n; i++) {
		const struct kv *kv = &r->form.v[i];
		long long pid, tid;
		int d;
		struct grow *gr;
		if (cell_name(kv->name, &pid, &tid, &d))
			continue;
		gr = grid_row(g, pid, tid, NULL, NULL);
		if (!gr) {
			valid_error(f, "", "Too many rows in one week.");
			return 0;
		}
		gr->input[d] = kv->value;
	}
	if (nr && *nr) {
		char *end;
		errno = 0;
		npid = strtoll(nr, &end, 10);
		if (!errno && *end == '-')
			ntid = strtoll(end + 1, &end, 10);
		if (errno || *end || npid < 1 || ntid < 0) {
			valid_error(f, "new_row", "Choose the project (and task) of the new row from the list.");
			return 0;
		}
		for (int d = 0; d < 7; d++) {
			const char *v = kv_get(&r->form, arena_printf(r->arena, "new-%d", d));
			struct grow *gr;
			if (!v || !*v)
				continue;
			gr = grid_row(g, npid, ntid, NULL, NULL);
			if (!gr)
				return 0;
			gr->input[d] = v;
		}
	}
	return 0;
}

int page_time_grid_save(struct req *r)
{
	static const struct vfield fields[] = {
		{ "week", "Week", V_LINE, 1, 0, 8, NULL },
		{ "new_row", "New row", V_LINE, 0, 0, 40, NULL },
	};
	struct grid *g = arena_calloc(r->arena, 1, sizeof(*g));
	struct time_cell *cells = arena_calloc(r->arena, MAX_GRID_ROWS * 7, sizeof(*cells));
	int **at = arena_calloc(r->arena, MAX_GRID_ROWS * 7, sizeof(*at)); /* each cell's bad flag */
	long long mins[MAX_GRID_ROWS][7];
	struct form f;
	const char *why = NULL;
	size_t n = 0;
	long week;
	int rc;

	valid_form(r, &f, "grid", fields, ARRAY_SIZE(fields));
	if (f.nerr || tc_week_parse(valid_get(&f, "week")->s, &week)) {
		if (!f.nerr)
			valid_error(&f, "week", "Week must look like 2026-W07.");
		return week_page(r, week_param(NULL), 0, &f, NULL, 422);
	}
	grid_read(r, &f, g);
	/* every row is checked and named, so a form that comes back shows each row's
	 * project and task; a row the user may not log on stays unnamed (not shown) */
	for (int i = 0, foreign = 0, stray = 0; i < g->n; i++) {
		struct db_res *p, *tk;
		int on = may_log(r, g->rows[i].pid, &p);
		if (on < 0)
			return 503;
		if (!on) {
			if (!foreign++)
				valid_error(&f, "", "You are not on one of these projects: ask its PM to add you.");
			continue;
		}
		g->rows[i].project = db_cell(p, 0, TIME_PROJECT_FOR_NAME);
		if (g->rows[i].tid) {
			if (db_query(r->db, r->arena, ST_TIME_TASK_CHECK, &tk, "ii", g->rows[i].tid,
				     g->rows[i].pid))
				return 503;
			if (tk->nrows != 1) {
				if (!stray++)
					valid_error(&f, "", "A task must belong to its project.");
				continue;
			}
			g->rows[i].task = db_cell(tk, 0, TIME_TASK_CHECK_TITLE);
		}
	}
	for (int i = 0; i < g->n; i++)
		for (int d = 0; d < 7; d++) {
			const char *v = g->rows[i].input[d];
			mins[i][d] = -1;
			if (!v)
				continue;
			if (!*v) {
				mins[i][d] = 0;
				continue;
			}
			mins[i][d] = hours_of(&f, "", v, 1);
			if (mins[i][d] < 0)
				g->rows[i].bad[d] = 1;
		}
	if (f.nerr)
		return week_page(r, week, 0, &f, g, 422);
	for (int i = 0; i < g->n; i++)
		for (int d = 0; d < 7; d++)
			if (mins[i][d] >= 0) {
				at[n] = &g->rows[i].bad[d];
				cells[n++] = (struct time_cell){ .pid = g->rows[i].pid, .tid = g->rows[i].tid,
								 .day = d, .minutes = mins[i][d] };
			}
	if (db_begin(r->db))
		return 503;
	rc = time_grid_save(&r->ctx, r->sess.user_id, week, cells, n, &why);
	for (size_t i = 0; rc == TIME_REFUSED && i < n; i++)
		*at[i] |= cells[i].locked;
	return week_done(r, rc, &f, "", why, week, g, "time_saved");
}

/* ------------------------------------------------------------ timers */

int page_timer_start(struct req *r)
{
	struct form f;
	const char *why = NULL;
	long long pid, tid;
	int rc;

	if (valid_form(r, &f, "timer", timer_fields, ARRAY_SIZE(timer_fields)))
		return week_page(r, week_param(NULL), 0, &f, NULL, 422);
	pid = valid_get(&f, "project_id")->i;
	tid = valid_get(&f, "task_id")->i;
	if (check_target(r, &f, pid, tid))
		return 503;
	if (f.nerr)
		return week_page(r, week_param(NULL), 0, &f, NULL, 422);
	if (db_begin(r->db))
		return 503;
	rc = time_timer_start(&r->ctx, r->sess.user_id, pid, tid, valid_get(&f, "note")->s, &why);
	return week_done(r, rc, &f, "", why, week_param(NULL), NULL, "timer_started");
}

int page_timer_stop(struct req *r)
{
	struct form f;
	const char *why = NULL;
	int rc, recorded = 0;

	valid_form(r, &f, "timer-stop", timer_fields, 0);
	if (db_begin(r->db))
		return 503;
	rc = time_timer_stop(&r->ctx, r->sess.user_id, &recorded, &why);
	if (rc == TIME_NOT_FOUND) {
		rc = TIME_REFUSED;
		why = "No timer is running.";
	}
	return week_done(r, rc, &f, "", why, week_param(NULL), NULL,
			 recorded ? "timer_stopped" : "timer_discarded");
}

/*
 * Throw the signed-in user's running timer away, recording nothing: the way
 * out when its week is locked. Only ever the user's own timer (no id is
 * read). 303 to the week, 422 when no timer runs, 503.
 */
int page_timer_discard(struct req *r)
{
	struct form f;
	int rc;

	valid_form(r, &f, "timer-stop", timer_fields, 0);
	if (db_begin(r->db))
		return 503;
	rc = time_timer_discard(&r->ctx, r->sess.user_id);
	return week_done(r, rc == TIME_NOT_FOUND ? TIME_REFUSED : rc, &f, "", "No timer is running.",
			 week_param(NULL), NULL, "timer_thrown_away");
}

/* ------------------------------------------------------------ approval */

int page_time_submit(struct req *r)
{
	struct form f;
	const char *why;
	long week;
	int rc;

	valid_form(r, &f, "submit", week_fields, ARRAY_SIZE(week_fields));
	if (f.nerr || tc_week_parse(valid_get(&f, "week")->s, &week)) {
		if (!f.nerr)
			valid_error(&f, "week", "Week must look like 2026-W07.");
		return week_page(r, week_param(NULL), 0, &f, NULL, 422);
	}
	if (db_begin(r->db))
		return 503;
	rc = time_week_submit(&r->ctx, r->sess.user_id, week, &why);
	if (rc == TIME_REFUSED) {
		db_rollback(r->db);
		valid_error(&f, "week", why);
		return week_page(r, week, 0, &f, NULL, 422);
	}
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	return week_redirect(r, week, "week_submitted");
}

static int approvals_page(struct req *r, struct form *f, int status)
{
	struct db_res *w, *flags;
	xmlNodePtr page;

	if (db_query(r->db, r->arena, ST_TIME_WAITING, &w, "ii", (long long)is_admin(r), r->sess.user_id) ||
	    db_query(r->db, r->arena, ST_TIME_FLAGS, &flags, "ii", (long long)is_admin(r), r->sess.user_id))
		return 503;
	page = xml_page(r, XSL_TIME, "approvals", "Approvals");
	/* rows come ordered by week and person: group them here */
	{
		xmlNodePtr grp = NULL;
		long long uid = 0;
		const char *ws = "";
		for (size_t i = 0; i < w->nrows; i++) {
			long days = 0;
			if (!grp || uid != db_cell_int(w, i, TIME_WAITING_USER_ID) || strcmp(ws, db_cell(w, i, TIME_WAITING_WEEK_START))) {
				uid = db_cell_int(w, i, TIME_WAITING_USER_ID);
				ws = db_cell(w, i, TIME_WAITING_WEEK_START);
				tc_date_parse(ws, &days);
				grp = xml_el(page, "waiting");
				xml_attr_int(grp, "user-id", uid);
				xml_attr(grp, "user-name", db_cell(w, i, TIME_WAITING_USER_NAME));
				xml_attr(grp, "week-start", ws);
				xml_attr(grp, "week", dates_week(r->arena, days));
			}
			xml_row(grp, "project", w, i);
		}
	}
	xml_rows(xml_el(page, "flags"), "entry", flags);
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_time_approvals(struct req *r)
{
	return approvals_page(r, NULL, 200);
}

int page_time_decide(struct req *r)
{
	struct form f;
	const char *why;
	long week;
	int approve, rc;

	if (valid_form(r, &f, "decide", decide_fields, ARRAY_SIZE(decide_fields)))
		return approvals_page(r, &f, 422);
	if (tc_week_parse(valid_get(&f, "week")->s, &week)) {
		valid_error(&f, "week", "Week must look like 2026-W07.");
		return approvals_page(r, &f, 422);
	}
	approve = !strcmp(valid_get(&f, "decision")->s, "approve");
	if (!approve && !valid_get(&f, "note")->present) {
		valid_error(&f, "note", "Say what needs changing when you reject a week.");
		return approvals_page(r, &f, 422);
	}
	if (db_begin(r->db))
		return 503;
	rc = time_week_decide(&r->ctx, valid_get(&f, "user_id")->i, week, approve,
			      valid_get(&f, "note")->s, is_admin(r), &why);
	if (rc == TIME_REFUSED) {
		db_rollback(r->db);
		valid_error(&f, "", why);
		return approvals_page(r, &f, 422);
	}
	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, approve ? "week_approved" : "week_rejected");
	return req_redirect(r, "/time/approvals");
}
