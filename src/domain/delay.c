/* delay.c - client delays on record: waits marked on tasks and milestones, and the working days a
 * project waited on its client (issue 16). No HTTP. */
#include "domain/delay.h"
#include "core/arena.h"
#include "core/db.h"
#include "core/text.h"
#include "domain/dates.h"
#include "domain/outbox.h"
#include "domain/timecalc.h"
#include "domain/workcal.h"
#include "domain/workload.h"

#include <string.h>
#include <time.h>

static long today(void)
{
	return (long)(time(NULL) / 86400);
}

/* Characters (code points) of UTF-8 text s. */
static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* 1 when s holds only spaces and tabs (or nothing). */
static int blank(const char *s)
{
	return !s || s[strspn(s, " \t")] == '\0';
}

static const char *field_of(enum delay_on on)
{
	return on == DELAY_TASK ? "task_id" : "milestone_id";
}

/*
 * Lock item id and read its periods: the item's row in *item, its project's client in *client,
 * its periods in *w. DELAY_NOT_FOUND, DELAY_REFUSED (another project than pid: the problem is
 * in p), 0, or -1.
 */
static int item_lock(struct ctx *c, enum delay_on on, long long id, long long pid, struct problems *p,
		     struct db_res **item, long long *client, struct db_res **w)
{
	struct db_res *proj;

	if (db_query(c->db, c->arena, on == DELAY_TASK ? ST_DELAY_TASK_LOCK : ST_DELAY_MS_LOCK, item, "i", id))
		return -1;
	if ((*item)->nrows != 1)
		return DELAY_NOT_FOUND;
	if (pid && db_cell_int(*item, 0, DELAY_TASK_LOCK_PROJECT_ID) != pid) {
		problem_add(p, field_of(on), on == DELAY_TASK ? "Choose a task of this project."
							       : "Choose a milestone of this project.");
		return DELAY_REFUSED;
	}
	if (db_query(c->db, c->arena, ST_DELAY_PROJECT, &proj, "i",
		     db_cell_int(*item, 0, DELAY_TASK_LOCK_PROJECT_ID)) || proj->nrows != 1 ||
	    db_query(c->db, c->arena, on == DELAY_TASK ? ST_DELAY_OF_TASK : ST_DELAY_OF_MILESTONE, w, "i", id))
		return -1;
	*client = db_cell_int(proj, 0, DELAY_PROJECT_CLIENT_ID);
	return 0;
}

/* The open period among an item's rows (ST_DELAY_OF_TASK), or -1; the last end in *last_end
 * (0 when no period ended). */
static long open_of(const struct db_res *w, long *last_end)
{
	long open = -1;

	*last_end = 0;
	for (size_t i = 0; i < w->nrows; i++) {
		long d;
		if (!db_cell(w, i, DELAY_OF_TO))
			open = (long)i;
		else if (!tc_date_parse(db_cell(w, i, DELAY_OF_TO), &d) && d > *last_end)
			*last_end = d;
	}
	return open;
}

int delay_mark(struct ctx *c, enum delay_on on, long long id, long long pid, const char *what,
	       const char *since, struct problems *p, long long *wait_id)
{
	struct db_res *item, *w;
	long long client;
	long now = today(), start = now, last_end, open;
	const char *status;
	int rc, since_ok;

	*wait_id = 0;
	if (blank(what))
		problem_add(p, "what", "Say what you are waiting for from the client.");
	else if (chars(what) > DELAY_WHAT_MAX || strchr(what, '\n') || strchr(what, '\r') ||
		 !text_valid(what, strlen(what)))
		problem_add(p, "what", "What is awaited must be one line of at most 200 characters.");
	if (since && tc_date_parse(since, &start))
		problem_add(p, "since", "Waiting since must be a date (YYYY-MM-DD).");
	else if (start > now)
		problem_add(p, "since", "Waiting since cannot be after today.");
	since_ok = !p->n || strcmp(p->v[p->n - 1].field, "since");
	if ((rc = item_lock(c, on, id, pid, p, &item, &client, &w)))
		return rc;
	status = db_cell(item, 0, DELAY_TASK_LOCK_STATUS);
	open = open_of(w, &last_end);
	if (open >= 0)
		problem_add(p, field_of(on),
			    arena_printf(c->arena, "Already waiting on the client since %s for “%s”: clear that first.",
					 db_cell(w, (size_t)open, DELAY_OF_FROM), db_cell(w, (size_t)open, DELAY_OF_WHAT)));
	else if (!strcmp(status, on == DELAY_TASK ? "done" : "reached"))
		problem_add(p, field_of(on), on == DELAY_TASK ? "This task is done: it waits on nobody."
							      : "This milestone is reached: it waits on nobody.");
	if (open < 0 && since_ok && start < last_end)
		problem_add(p, "since", arena_printf(c->arena, "Waiting since must be on or after %s, when the last wait ended.",
						     dates_day(c->arena, last_end)));
	if (p->n)
		return DELAY_REFUSED;
	if (db_exec(c->db, ST_DELAY_INSERT, "innssn", db_cell_int(item, 0, DELAY_TASK_LOCK_PROJECT_ID),
		    on == DELAY_TASK ? id : 0, on == DELAY_MILESTONE ? id : 0, what, dates_day(c->arena, start),
		    c->actor_id) != 1)
		return -1;
	*wait_id = db_insert_id(c->db);
	return activity_add(c, client, db_cell_int(item, 0, DELAY_TASK_LOCK_PROJECT_ID), "client_wait", NULL, NULL,
			    arena_printf(c->arena, "%s “%s”: %s", on == DELAY_TASK ? "Task" : "Milestone",
					 db_cell(item, 0, DELAY_TASK_LOCK_TITLE), what), 0) ? -1 : 0;
}

/* Working days of w from `from` up to, not including, `to`. */
static long waited(const struct workcal *w, long from, long to)
{
	return workload_count(w, from, to - 1);
}

int delay_clear(struct ctx *c, enum delay_on on, long long id, long long pid, struct problems *p)
{
	struct db_res *item, *w;
	struct workcal cal = { { 0 }, NULL, 0 };
	long long client;
	long last_end, open, from = 0, now = today();
	int rc;

	if ((rc = item_lock(c, on, id, pid, p, &item, &client, &w)))
		return rc;
	if ((open = open_of(w, &last_end)) < 0) {
		problem_add(p, field_of(on), on == DELAY_TASK ? "This task is not waiting on the client."
							      : "This milestone is not waiting on the client.");
		return DELAY_REFUSED;
	}
	tc_date_parse(db_cell(w, (size_t)open, DELAY_OF_FROM), &from);
	if (workcal_load(c, &cal) ||
	    db_exec(c->db, ST_DELAY_END, "sni", dates_day(c->arena, now), c->actor_id,
		    db_cell_int(w, (size_t)open, DELAY_OF_ID)) != 1)
		return -1;
	return activity_add(c, client, db_cell_int(item, 0, DELAY_TASK_LOCK_PROJECT_ID), "client_wait_cleared",
			    NULL, NULL,
			    arena_printf(c->arena, "%s “%s”: %s (%ld working days)", on == DELAY_TASK ? "Task" : "Milestone",
					 db_cell(item, 0, DELAY_TASK_LOCK_TITLE), db_cell(w, (size_t)open, DELAY_OF_WHAT),
					 now > from ? waited(&cal, from, now) : 0L), 0) ? -1 : 0;
}

int delay_project(struct ctx *c, long long pid, struct delay_summary *out)
{
	struct workcal cal = { { 0 }, NULL, 0 };
	struct db_res *r;
	long run_from = 0, run_to = 0; /* the union's current run of days, [run_from, run_to) */
	int in_run = 0;

	memset(out, 0, sizeof(*out));
	out->today = today();
	/* the calendar only when there is something to count on it (most pages of a project that
	 * never waited pay one statement) */
	if (db_query(c->db, c->arena, ST_DELAY_PERIODS, &r, "iiii", pid, pid, pid, pid) ||
	    (r->nrows && workcal_load(c, &cal)))
		return -1;
	out->v = arena_calloc(c->arena, r->nrows + 1, sizeof(*out->v));
	for (size_t i = 0; i < r->nrows; i++) {
		struct delay_period *d = &out->v[out->n];
		const char *to = db_cell(r, i, DELAY_PERIODS_TO);

		if (tc_date_parse(db_cell(r, i, DELAY_PERIODS_FROM), &d->from))
			continue;
		d->kind = db_cell(r, i, DELAY_PERIODS_KIND);
		d->id = db_cell_int(r, i, DELAY_PERIODS_ID);
		d->item_id = db_cell_int(r, i, DELAY_PERIODS_ITEM_ID);
		d->item = db_cell(r, i, DELAY_PERIODS_ITEM);
		d->what = db_cell(r, i, DELAY_PERIODS_WHAT);
		d->client_visible = db_cell_int(r, i, DELAY_PERIODS_CLIENT_VISIBLE) != 0;
		d->open = !to || tc_date_parse(to, &d->to);
		if (d->open)
			d->to = out->today;
		if (d->to < d->from)
			d->to = d->from;
		d->days = waited(&cal, d->from, d->to);
		out->nopen += (size_t)d->open;
		out->n++;
		/* the union, by start (the statement's order) */
		if (d->to <= d->from)
			continue;
		if (in_run && d->from <= run_to) {
			if (d->to > run_to)
				run_to = d->to;
			continue;
		}
		if (in_run)
			out->days += waited(&cal, run_from, run_to);
		run_from = d->from;
		run_to = d->to;
		in_run = 1;
	}
	if (in_run)
		out->days += waited(&cal, run_from, run_to);
	return 0;
}

int delay_project_days(struct ctx *c, long long pid, long long *days)
{
	struct delay_summary s;

	*days = 0;
	if (delay_project(c, pid, &s))
		return -1;
	*days = s.days;
	return 0;
}

int delay_item(struct ctx *c, enum delay_on on, long long id, struct db_res **rows, long **days,
	       long long *total, long *open)
{
	struct workcal cal = { { 0 }, NULL, 0 };
	long now = today(), last_end;

	*total = 0;
	*open = -1;
	if (db_query(c->db, c->arena, on == DELAY_TASK ? ST_DELAY_OF_TASK : ST_DELAY_OF_MILESTONE, rows, "i", id) ||
	    ((*rows)->nrows && workcal_load(c, &cal)))
		return -1;
	*days = arena_calloc(c->arena, (*rows)->nrows + 1, sizeof(**days));
	for (size_t i = 0; i < (*rows)->nrows; i++) {
		const char *to = db_cell(*rows, i, DELAY_OF_TO);
		long from, end = now;

		if (tc_date_parse(db_cell(*rows, i, DELAY_OF_FROM), &from))
			continue;
		if (to)
			tc_date_parse(to, &end);
		(*days)[i] = end > from ? waited(&cal, from, end) : 0;
		*total += (*days)[i];
	}
	*open = open_of(*rows, &last_end);
	return 0;
}

int delay_report_snapshot(struct ctx *c, long long report_id, long long pid)
{
	long long days;

	if (delay_project_days(c, pid, &days))
		return -1;
	return db_exec(c->db, ST_DELAY_REPORT_SNAP, "ii", days, report_id) < 0 ? -1 : 0;
}
