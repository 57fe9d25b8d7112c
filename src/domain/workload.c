/* workload.c - the forward workload: open tasks' estimates spread over their working days, per
 * person and week, against capacity (issue 16). Reads only. */
#include "domain/workload.h"
#include "core/arena.h"
#include "core/db.h"
#include "domain/dates.h"
#include "domain/timecalc.h"

#include <stdlib.h>
#include <string.h>

long workload_count(const struct workcal *w, long from, long to)
{
	long n = 0, weeks, per_week = 0;
	size_t lo = 0, hi = w->nholidays;

	if (to < from)
		return 0;
	for (int i = 0; i < 7; i++)
		per_week += w->week[i];
	weeks = (to - from + 1) / 7;
	n = weeks * per_week;                    /* any 7 days in a row hold each weekday once */
	for (long d = from + weeks * 7; d <= to; d++)
		n += w->week[tc_weekday(d)];
	while (lo < hi) {                        /* the first holiday on or after from */
		size_t mid = lo + (hi - lo) / 2;
		if (w->holidays[mid] < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < w->nholidays && w->holidays[lo] <= to; lo++)
		if (w->week[tc_weekday(w->holidays[lo])]) /* a day once: holidays.day is the key */
			n--;
	return n;
}

void workload_spread(const struct workcal *w, long start, long due, long long minutes, long first,
		     int nweeks, long long *weeks)
{
	long last = first + 7L * nweeks - 1, n = workload_count(w, start, due), k, from, to;

	if (minutes <= 0 || nweeks <= 0 || due < start)
		return;
	if (n == 0) { /* planned on days off only: on its start day, in the week it was planned in */
		if (start >= first && start <= last)
			weeks[(start - first) / 7] += minutes;
		return;
	}
	if (due < first || start > last)
		return;
	from = start < first ? first : start;
	to = due > last ? last : due;
	k = start < first ? workload_count(w, start, first - 1) : 0;
	for (long d = from; d <= to; d++) {
		if (!workcal_is_working(w, d))
			continue;
		weeks[(d - first) / 7] += minutes * (k + 1) / n - minutes * k / n;
		k++;
	}
}

/* One person's place in the people array, found by id. */
struct slot {
	long long id;
	size_t i;
};

static int by_id(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

int workload_read(struct ctx *c, long first, int nweeks, const struct workload_filter *f,
		  struct workload *out)
{
	struct workcal cal;
	struct db_res *ppl, *tasks;
	struct slot *slots;
	const char *role = f && f->role ? f->role : "";
	long long pid = f ? f->project_id : 0;
	long long *spread;

	memset(out, 0, sizeof(*out));
	if (nweeks < 1 || nweeks > WORKLOAD_MAX_WEEKS)
		return -1;
	out->first = first;
	out->nweeks = nweeks;
	if (workcal_load(c, &cal) ||
	    db_query(c->db, c->arena, ST_WORKLOAD_PEOPLE, &ppl, "ssiiii", role, role, pid, pid, pid, pid) ||
	    db_query(c->db, c->arena, ST_WORKLOAD_TASKS, &tasks, "ss", dates_day(c->arena, first),
		     dates_day(c->arena, first + 7L * nweeks - 1)))
		return -1;
	for (int i = 0; i < 7; i++)
		out->full_week += cal.week[i];
	out->working = arena_calloc(c->arena, (size_t)nweeks, sizeof(*out->working));
	for (int wk = 0; wk < nweeks; wk++)
		out->working[wk] = (int)workload_count(&cal, first + 7L * wk, first + 7L * wk + 6);

	out->npeople = ppl->nrows;
	out->people = arena_calloc(c->arena, ppl->nrows + 1, sizeof(*out->people));
	slots = arena_calloc(c->arena, ppl->nrows + 1, sizeof(*slots));
	for (size_t i = 0; i < ppl->nrows; i++) {
		struct workload_person *p = &out->people[i];
		p->id = db_cell_int(ppl, i, WORKLOAD_PEOPLE_ID);
		p->name = db_cell(ppl, i, WORKLOAD_PEOPLE_NAME);
		p->role = db_cell(ppl, i, WORKLOAD_PEOPLE_ROLE);
		p->capacity_week = db_cell_int(ppl, i, WORKLOAD_PEOPLE_CAPACITY_WEEK);
		p->weeks = arena_calloc(c->arena, (size_t)nweeks, sizeof(*p->weeks));
		for (int wk = 0; wk < nweeks; wk++)
			p->weeks[wk].capacity = out->full_week
				? (p->capacity_week * out->working[wk] * 2 + out->full_week) / (2LL * out->full_week)
				: 0;
		slots[i] = (struct slot){ p->id, i };
	}
	qsort(slots, ppl->nrows, sizeof(*slots), by_id);

	spread = arena_calloc(c->arena, (size_t)nweeks, sizeof(*spread));
	for (size_t t = 0; t < tasks->nrows; t++) {
		struct slot key = { db_cell_int(tasks, t, WORKLOAD_TASKS_USER_ID), 0 }, *s;
		struct workload_person *p;
		long start, due;

		s = ppl->nrows ? bsearch(&key, slots, ppl->nrows, sizeof(*slots), by_id) : NULL;
		if (!s || tc_date_parse(db_cell(tasks, t, WORKLOAD_TASKS_START_DATE), &start) ||
		    tc_date_parse(db_cell(tasks, t, WORKLOAD_TASKS_DUE_DATE), &due))
			continue;
		p = &out->people[s->i];
		memset(spread, 0, (size_t)nweeks * sizeof(*spread));
		workload_spread(&cal, start, due, db_cell_int(tasks, t, WORKLOAD_TASKS_ESTIMATE_MINUTES), first,
				nweeks, spread);
		for (int wk = 0; wk < nweeks; wk++) {
			p->weeks[wk].planned += spread[wk];
			if (pid && db_cell_int(tasks, t, WORKLOAD_TASKS_PROJECT_ID) == pid)
				p->weeks[wk].project += spread[wk];
		}
	}
	return 0;
}
