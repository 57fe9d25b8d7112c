/* page_gantt.c - the Gantt chart: geometry computed here, the SVG markup in xslt/plan.xsl. */
#include "page/page_gantt.h"
#include "page/plan_view.h"
#include "web/page_util.h"
#include "domain/plan_calc.h"
#include "web/render.h"
#include "core/xml.h"
#include "web/frame.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/*
 * Layout, in SVG user units (px): a label column, then the timeline. Each
 * milestone group starts with a header row (the milestone's diamond sits on
 * it), then one row per task. Everything the stylesheet draws is an
 * attribute computed here: it only writes elements (DESIGN §10).
 */
#define LABEL_W 240
#define ROW_H 26
#define HEAD_H 44
#define BAR_H 12
_Static_assert(ROW_H == 26 && BAR_H == 12 && HEAD_H == 44, "the path shapes below spell these out");
#define PAD_DAYS 3
#define TARGET_W 820.0
#define LABEL_CHARS 33

struct row_task {
	long long id;
	double y;          /* middle of the row */
	double x0, x1;     /* bar start and end (end of the due day) */
	long start, due;
	size_t k;          /* its row in the tasks result */
};

static double px(double v)
{
	return (double)((long long)(v * 10 + (v < 0 ? -0.5 : 0.5))) / 10;
}

static const char *num(struct arena *a, double v)
{
	char s[24];
	size_t n = plan_tenths(s, v);
	return arena_strndup(a, s, n);
}

/* Append SVG path data: each '%' of shape takes the next double (a coordinate),
 * every other character is copied. */
static void path(struct buf *b, const char *shape, ...)
{
	va_list ap;
	char s[24];

	va_start(ap, shape);
	for (; *shape; shape++) {
		if (*shape == '%')
			buf_add(b, s, plan_tenths(s, va_arg(ap, double)));
		else
			buf_addch(b, *shape);
	}
	va_end(ap);
}

/* title cut to LABEL_CHARS characters, on a UTF-8 boundary, with an ellipsis */
static const char *label(struct arena *a, const char *s)
{
	size_t chars = 0, i = 0;

	if (!s)
		return "";
	for (; s[i]; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && ++chars > LABEL_CHARS)
			return arena_printf(a, "%.*s\u2026", (int)i, s);
	return s;
}

static const char *iso(struct arena *a, long day)
{
	int y, m, d;

	plan_civil(day, &y, &m, &d);
	return arena_printf(a, "%04d-%02d-%02d", y, m, d);
}

static int cmp_row(const void *a, const void *b)
{
	long long x = ((const struct row_task *)a)->id, y = ((const struct row_task *)b)->id;
	return (x > y) - (x < y);
}

static const struct row_task *find_row(const struct row_task *rows, size_t n, long long id)
{
	struct row_task key = { .id = id };
	return bsearch(&key, rows, n, sizeof(*rows), cmp_row);
}

/* cell as a day number; 0 for NULL */
static long day_of(const struct db_res *r, size_t row, size_t col)
{
	return (long)db_cell_int(r, row, col);
}

static void widen(long *lo, long *hi, long d)
{
	if (!d)
		return;
	if (!*lo || d < *lo)
		*lo = d;
	if (!*hi || d > *hi)
		*hi = d;
}

static const char *const months = "JanFebMarAprMayJunJulAugSepOctNovDec";

/*
 * Build <gantt> under page from the five result sets (see ST_GANTT_*):
 * project, milestones, tasks (grouped by milestone, in order), dependencies,
 * approved changes. portal hides assignees and the shift offers.
 */
static void build(struct req *r, xmlNodePtr page, struct db_res *p, struct db_res *ms,
		  struct db_res *tasks, struct db_res *deps, struct db_res *changes, int portal)
{
	struct arena *a = r->arena;
	long lo = 0, hi = 0, today = plan_today(), span, maxdue = 0, maxbase = 0;
	double ppd, width, height, rowy;
	size_t nrows, ntask = tasks->nrows, *gstart;
	size_t *order = arena_calloc(a, ntask + 1, sizeof(*order));
	struct row_task *rows = arena_calloc(a, ntask + 1, sizeof(*rows));
	struct buf grid = BUF_INIT, minor = BUF_INIT, stripes = BUF_INIT, lines[2] = { BUF_INIT, BUF_INIT },
		   heads[2] = { BUF_INIT, BUF_INIT }, basel = BUF_INIT;
	struct buf bars[4] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf prog[4] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	static const char *const bar_attr[4] = { "bars-todo", "bars-doing", "bars-blocked", "bars-done" };
	static const char *const prog_attr[4] = { "", "prog-doing", "prog-blocked", "prog-done" };
	xmlNodePtr g, body, n;
	int scale_week, nconflict = 0;
	long pstart = day_of(p, 0, GANTT_PROJECT_START_DAY), pdue = day_of(p, 0, GANTT_PROJECT_DUE_DAY), pbase = day_of(p, 0, GANTT_PROJECT_BASELINE_DUE_DAY);

	/* the span: every date that will be drawn */
	widen(&lo, &hi, pstart);
	widen(&lo, &hi, pdue);
	widen(&lo, &hi, pbase);
	for (size_t i = 0; i < ntask; i++) {
		widen(&lo, &hi, day_of(tasks, i, GANTT_TASKS_START_DAY));
		widen(&lo, &hi, day_of(tasks, i, GANTT_TASKS_DUE_DAY));
		widen(&lo, &hi, day_of(tasks, i, GANTT_TASKS_BASELINE_START_DAY));
		widen(&lo, &hi, day_of(tasks, i, GANTT_TASKS_BASELINE_DUE_DAY));
	}
	for (size_t i = 0; i < ms->nrows; i++) {
		widen(&lo, &hi, day_of(ms, i, GANTT_MILESTONES_DUE_DAY));
		widen(&lo, &hi, day_of(ms, i, GANTT_MILESTONES_BASELINE_DUE_DAY));
	}
	for (size_t i = 0; i < changes->nrows; i++)
		widen(&lo, &hi, day_of(changes, i, GANTT_CHANGES_DECIDED_DAY));
	if (!lo) {
		lo = today - 7;
		hi = today + 30;
	}
	lo -= PAD_DAYS;
	hi += PAD_DAYS;
	span = hi - lo + 1;
	scale_week = span <= 120;
	ppd = TARGET_W / (double)span;
	if (scale_week && ppd < 6.5)
		ppd = 6.5;
	if (!scale_week && ppd < 1.5)
		ppd = 1.5;
	width = LABEL_W + (double)span * ppd;

	g = xml_el(page, "gantt");
	xml_attr(g, "scale", scale_week ? "week" : "month");
	xml_attr(g, "from", iso(a, lo));
	xml_attr(g, "to", iso(a, hi));
	xml_attr_int(g, "label-w", LABEL_W);
	body = xml_el(g, "rows");

#define X(day) (LABEL_W + (double)((day) - lo) * ppd)

	/* group the tasks (ordered by milestone id, start, id: the index order)
	 * under the milestones (ordered by due date) with a counting sort; tasks
	 * of no milestone, or of one the portal does not show, go last */
	{
		struct row_task *mid_of = arena_calloc(a, ms->nrows + 1, sizeof(*mid_of));
		size_t *cnt = arena_calloc(a, ms->nrows + 2, sizeof(*cnt));
		size_t *grp = arena_calloc(a, ntask + 1, sizeof(*grp));

		for (size_t m = 0; m < ms->nrows; m++) {
			mid_of[m].id = db_cell_int(ms, m, GANTT_MILESTONES_ID);
			mid_of[m].k = m;
		}
		qsort(mid_of, ms->nrows, sizeof(*mid_of), cmp_row);
		for (size_t i = 0; i < ntask; i++) {
			const struct row_task *hit = find_row(mid_of, ms->nrows, db_cell_int(tasks, i, GANTT_TASKS_MILESTONE_ID));
			grp[i] = hit ? hit->k : ms->nrows;
			cnt[grp[i] + 1]++;
		}
		for (size_t m = 1; m <= ms->nrows + 1; m++)
			cnt[m] += cnt[m - 1];
		gstart = arena_calloc(a, ms->nrows + 2, sizeof(*gstart));
		memcpy(gstart, cnt, (ms->nrows + 2) * sizeof(*cnt));
		for (size_t i = 0; i < ntask; i++)
			order[cnt[grp[i]]++] = i;
	}

	/* rows: a header per milestone, then its tasks */
	rowy = HEAD_H;
	nrows = 0;
	for (size_t m = 0; m <= ms->nrows; m++) {
		if (m == ms->nrows) {
			if (gstart[m] == gstart[m + 1])
				break;
			n = xml_el(body, "group");
			xml_text(n, "name", portal ? "Other work" : "Not in a milestone");
		} else {
			long due = day_of(ms, m, GANTT_MILESTONES_DUE_DAY), base = day_of(ms, m, GANTT_MILESTONES_BASELINE_DUE_DAY);
			n = xml_el(body, "group");
			xml_text(n, "name", label(a, db_cell(ms, m, GANTT_MILESTONES_NAME)));
			xml_attr(n, "due-date", iso(a, due));
			xml_attr(n, "dx", num(a, X(due) + ppd / 2));
			xml_attr(n, "reached", db_cell_int(ms, m, GANTT_MILESTONES_REACHED) ? "1" : "0");
			if (base && base != due) {
				xml_attr(n, "bx", num(a, X(base) + ppd / 2));
				xml_attr_int(n, "slip", due - base);
			}
		}
		xml_attr(n, "y", num(a, rowy));
		xml_attr(n, "ty", num(a, rowy + ROW_H / 2.0 + 4));
		xml_attr(n, "cy", num(a, rowy + ROW_H / 2.0));
		if (nrows % 2)
			path(&stripes, "M0 %h%v26H0z", rowy, width);
		rowy += ROW_H;
		nrows++;
		/* this milestone's tasks */
		for (size_t j = gstart[m]; j < gstart[m + 1]; j++) {
			size_t k = order[j];
			{
				struct row_task *rt = &rows[k];
				long s = day_of(tasks, k, GANTT_TASKS_START_DAY), d = day_of(tasks, k, GANTT_TASKS_DUE_DAY);
				long bs = day_of(tasks, k, GANTT_TASKS_BASELINE_START_DAY), bd = day_of(tasks, k, GANTT_TASKS_BASELINE_DUE_DAY);
				const char *st = db_cell(tasks, k, GANTT_TASKS_STATUS);
				double x0 = X(s), x1 = X(d + 1), w = x1 - x0;
				int si = !strcmp(st, "doing") ? 1 : !strcmp(st, "blocked") ? 2 : !strcmp(st, "done") ? 3 : 0;
				double by = px(rowy + (ROW_H - BAR_H) / 2.0 - 2);
				xmlNodePtr t = xml_el(n, "task");

				rt->id = db_cell_int(tasks, k, GANTT_TASKS_ID);
				rt->y = rowy + ROW_H / 2.0;
				rt->x0 = x0;
				rt->x1 = x1;
				rt->start = s;
				rt->k = k;
				rt->due = d;
				if (d > maxdue)
					maxdue = d;
				if (bd > maxbase)
					maxbase = bd;
				/* bars, progress and baselines are drawn as one path per kind:
				 * one element each instead of three per task (DESIGN §10) */
				path(&bars[si], "M% %h%v12h%z", x0, by, px(w), -px(w));
				if (si)
					path(&prog[si], "M% %h%v12h%z", x0, by, px(si == 3 ? w : w / 2),
					     -px(si == 3 ? w : w / 2));
				xml_attr(t, "id", db_cell(tasks, k, GANTT_TASKS_ID));
				xml_attr(t, "status", st);
				xml_attr(t, "ty", num(a, rowy + ROW_H / 2.0 + 4));
				xml_attr(t, "x", num(a, x0));
				xml_attr(t, "w", num(a, w));
				if (bs && bd) {
					double bx = px(X(bs)), bw = px(X(bd + 1) - X(bs));
					path(&basel, "M% %h%v3h%z", bx, rowy + (ROW_H + BAR_H) / 2.0, bw, -bw);
					xml_attr(t, "bx", num(a, bx));
					xml_attr(t, "bw", num(a, bw));
					if (d != bd) {
						xml_attr_int(t, "slip", d - bd);
						xml_attr(t, "sx", num(a, x1 + 4));
					}
				}
				if (!portal && db_cell(tasks, k, GANTT_TASKS_NAME))
					xml_attr(t, "who", db_cell(tasks, k, GANTT_TASKS_NAME));
				xml_attr(t, "start", db_cell(tasks, k, GANTT_TASKS_START_DATE));
				xml_attr(t, "due", db_cell(tasks, k, GANTT_TASKS_DUE_DATE));
				xml_attr(t, "label", label(a, db_cell(tasks, k, GANTT_TASKS_TITLE)));
				if (nrows % 2)
					path(&stripes, "M0 %h%v26H0z", rowy, width);
				rowy += ROW_H;
				nrows++;
			}
		}
	}
	height = rowy + 8;

	/* dependency arrows: right end of the predecessor to the left end of the
	 * dependant; a dependant that starts too early is drawn in the conflict colour */
	qsort(rows, ntask, sizeof(*rows), cmp_row);
	n = xml_el(g, "conflicts");
	for (size_t i = 0; i < deps->nrows; i++) {
		const struct row_task *t = find_row(rows, ntask, db_cell_int(deps, i, GANTT_DEPS_TASK_ID));
		const struct row_task *o = find_row(rows, ntask, db_cell_int(deps, i, GANTT_DEPS_DEPENDS_ON_ID));
		int bad;
		double x1, x2, y1, y2, mx;

		if (!t || !o)
			continue;
		bad = t->start <= o->due;
		x1 = px(o->x1);
		y1 = px(o->y);
		x2 = px(t->x0);
		y2 = px(t->y);
		mx = x1 + 6;
		if (mx > x2 - 6) {
			/* the dependant starts left of the end: go round below the predecessor */
			double yb = px(y1 + (y2 > y1 ? ROW_H / 2.0 : -ROW_H / 2.0));
			path(&lines[bad], "M% %H%V%H%V%H%", x1, y1, mx, yb, x2 - 8, y2, x2 - 3);
		} else {
			path(&lines[bad], "M% %H%V%H%", x1, y1, mx, y2, x2 - 3);
		}
		path(&heads[bad], "M% %l-5 -4v8z", x2, y2);
		if (bad) {
			nconflict++;
			if (!portal && nconflict <= 20) {
				xmlNodePtr c = xml_el(n, "conflict");
				xml_attr(c, "task-id", db_cell(deps, i, GANTT_DEPS_TASK_ID));
				xml_attr(c, "on-id", db_cell(deps, i, GANTT_DEPS_DEPENDS_ON_ID));
				xml_attr_int(c, "days", o->due - t->start + 1);
				xml_attr(c, "task-title", db_cell(tasks, t->k, GANTT_TASKS_TITLE));
				xml_attr(c, "on-title", db_cell(tasks, o->k, GANTT_TASKS_TITLE));
			}
		}
	}
	xml_attr_int(n, "count", nconflict);

	/* the scale: week ticks on Mondays, month ticks on the 1st */
	n = xml_el(g, "scale");
	for (long d = lo; d <= hi; d++) {
		int y, m, dd;
		plan_civil(d, &y, &m, &dd);
		if (!scale_week && ppd >= 3 && plan_weekday(d) == 0)
			path(&minor, "M% 44V%", X(d), height);
		if (scale_week ? plan_weekday(d) == 0 : dd == 1) {
			xmlNodePtr tk = xml_el(n, "tick");
			double x = px(X(d));
			path(&grid, "M% 36V%", x, height);
			xml_attr(tk, "x", num(a, x + 3));
			xml_attr(tk, "label", scale_week ? arena_printf(a, "%d %.3s", dd, months + (m - 1) * 3)
						     : arena_printf(a, m == 1 || d - lo < 31 ? "%.3s %d" : "%.3s",
								    months + (m - 1) * 3, y));
		}
	}
	xml_attr(g, "grid", grid.data);
	xml_attr(g, "grid-minor", minor.data);
	buf_release(&minor);
	xml_attr(g, "stripes", stripes.data);
	xml_attr(g, "deps", lines[0].data);
	xml_attr(g, "dep-heads", heads[0].data);
	xml_attr(g, "bad-deps", lines[1].data);
	xml_attr(g, "bad-heads", heads[1].data);
	xml_attr(g, "baselines", basel.data);
	for (int i = 0; i < 4; i++) {
		xml_attr(g, bar_attr[i], bars[i].data);
		if (i)
			xml_attr(g, prog_attr[i], prog[i].data);
		buf_release(&bars[i]);
		buf_release(&prog[i]);
	}
	buf_release(&basel);
	buf_release(&grid);
	buf_release(&stripes);
	for (int i = 0; i < 2; i++) {
		buf_release(&lines[i]);
		buf_release(&heads[i]);
	}

	xml_attr(g, "width", num(a, width + 40));
	xml_attr(g, "height", num(a, height));
	xml_attr(g, "chart-w", num(a, width + 40 - LABEL_W));
	xml_attr(g, "head-y", num(a, HEAD_H - 14));
	xml_attr(g, "bottom", num(a, height));
	if (today >= lo && today <= hi) {
		xml_attr(g, "today-x", num(a, X(today) + ppd / 2));
		xml_attr(g, "today", iso(a, today));
	}
	if (pdue) {
		xml_attr(g, "due-x", num(a, X(pdue + 1)));
		xml_attr(g, "due", iso(a, pdue));
	}
	if (pbase) {
		xml_attr(g, "baseline-due-x", num(a, X(pbase + 1)));
		xml_attr(g, "baseline-due", iso(a, pbase));
	}
	/* project slip: the plan's end against the baseline's end */
	if (maxbase) {
		xml_attr_int(g, "slip", maxdue - maxbase);
	} else if (pbase && pdue) {
		xml_attr_int(g, "slip", pdue - pbase);
	}
	if (db_cell(p, 0, GANTT_PROJECT_BASELINE_AT))
		xml_attr(g, "baseline-at", db_cell(p, 0, GANTT_PROJECT_BASELINE_AT));
	n = xml_el(g, "changes");
	for (size_t i = 0; i < changes->nrows; i++) {
		long d = day_of(changes, i, GANTT_CHANGES_DECIDED_DAY);
		xmlNodePtr c = xml_el(n, "change");
		xml_attr(c, "id", db_cell(changes, i, GANTT_CHANGES_ID));
		xml_attr(c, "days", db_cell(changes, i, GANTT_CHANGES_IMPACT_DAYS));
		xml_attr(c, "x", num(a, X(d) + ppd / 2));
		xml_attr(c, "tx", num(a, X(d) + ppd / 2 + 3));
		xml_attr(c, "decided", iso(a, d));
		if (day_of(changes, i, GANTT_CHANGES_OLD_DUE_DAY))
			xml_attr(c, "old-due", iso(a, day_of(changes, i, GANTT_CHANGES_OLD_DUE_DAY)));
		if (day_of(changes, i, GANTT_CHANGES_NEW_DUE_DAY))
			xml_attr(c, "new-due", iso(a, day_of(changes, i, GANTT_CHANGES_NEW_DUE_DAY)));
		xml_text(c, "title", label(a, db_cell(changes, i, GANTT_CHANGES_TITLE)));
		/* the plan's shift the change made (schema/014); its counts include internal
		 * tasks, so staff only */
		if (!portal && db_cell(changes, i, GANTT_CHANGES_SHIFT_FROM) && db_cell(changes, i, GANTT_CHANGES_SHIFTED_MILESTONES)) {
			xml_attr(c, "shift-from", db_cell(changes, i, GANTT_CHANGES_SHIFT_FROM));
			xml_attr(c, "shifted-milestones", db_cell(changes, i, GANTT_CHANGES_SHIFTED_MILESTONES));
			xml_attr(c, "shifted-tasks", db_cell(changes, i, GANTT_CHANGES_SHIFTED_TASKS));
		}
	}
	xml_attr_int(g, "tasks", (long long)ntask);
#undef X
}

static void project_attrs(xmlNodePtr page, struct db_res *p)
{
	xmlNodePtr n = xml_el(page, "project");
	xml_attr(n, "id", db_cell(p, 0, GANTT_PROJECT_ID));
	xml_attr(n, "name", db_cell(p, 0, GANTT_PROJECT_NAME));
	xml_attr(n, "code", db_cell(p, 0, GANTT_PROJECT_CODE));
	xml_attr(n, "stage", db_cell(p, 0, GANTT_PROJECT_STAGE));
}

int page_gantt(struct req *r)
{
	long long pid = r->ids[0];
	struct db_res *p, *ms, *tasks, *deps, *changes;
	xmlNodePtr page;
	int rc;

	if ((rc = page_one_row(r, ST_GANTT_PROJECT, &p, "i", pid)))
		return rc;
	if (db_query(r->db, r->arena, ST_GANTT_MILESTONES, &ms, "i", pid) ||
	    db_query(r->db, r->arena, ST_GANTT_TASKS, &tasks, "i", pid) ||
	    db_query(r->db, r->arena, ST_GANTT_DEPS, &deps, "i", pid) ||
	    db_query(r->db, r->arena, ST_GANTT_CHANGES, &changes, "i", pid))
		return 503;
	page = xml_page(r, XSL_PLAN, "gantt", db_cell(p, 0, GANTT_PROJECT_NAME));
	project_attrs(page, p);
	build(r, page, p, ms, tasks, deps, changes, 0);
	return 200;
}

int page_portal_gantt(struct req *r)
{
	long long pid = r->ids[0], cid = r->sess.client_id;
	struct db_res *p, *ms, *tasks, *deps, *changes;
	xmlNodePtr page;
	int rc;

	/* the client scope is in every query: another client's project is not found */
	if ((rc = page_one_row(r, ST_PORTAL_GANTT_PROJECT, &p, "ii", pid, cid)))
		return rc;
	if (db_query(r->db, r->arena, ST_PORTAL_GANTT_MILESTONES, &ms, "ii", pid, cid) ||
	    db_query(r->db, r->arena, ST_PORTAL_GANTT_TASKS, &tasks, "ii", pid, cid) ||
	    db_query(r->db, r->arena, ST_PORTAL_GANTT_DEPS, &deps, "ii", pid, cid) ||
	    db_query(r->db, r->arena, ST_PORTAL_GANTT_CHANGES, &changes, "ii", pid, cid))
		return 503;
	page = xml_page(r, XSL_PLAN, "portal-gantt", db_cell(p, 0, GANTT_PROJECT_NAME));
	project_attrs(page, p);
	build(r, page, p, ms, tasks, deps, changes, 1);
	return 200;
}
