/* plan_calc.c - pure planning logic: day numbers, dependency cycles, shifting dependants, iCalendar text. */
#include "domain/plan_calc.h"
#include "domain/workcal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

void plan_civil(long day, int *y, int *m, int *d)
{
	/* H. Hinnant's civil_from_days, on days since 1970-01-01 */
	long z = day - PLAN_EPOCH + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long mm = mp < 10 ? mp + 3 : mp - 9;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)mm;
	*y = (int)(yoe + era * 400 + (mm <= 2));
}

int plan_weekday(long day)
{
	/* 1970-01-01 was a Thursday (3 with Monday = 0) */
	long w = (day - PLAN_EPOCH + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

long plan_today(void)
{
	return (long)(time(NULL) / 86400) + PLAN_EPOCH;
}

size_t plan_tenths(char *out, double v)
{
	long long t = (long long)(v * 10 + (v < 0 ? -0.5 : 0.5));
	unsigned long long u = (unsigned long long)(t < 0 ? -t : t);
	char tmp[24], *p = out;
	int n = 0, frac = (int)(u % 10);

	u /= 10;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (t < 0)
		*p++ = '-';
	while (n)
		*p++ = tmp[--n];
	if (frac) {
		*p++ = '.';
		*p++ = (char)('0' + frac);
	}
	*p = 0;
	return (size_t)(p - out);
}

/* Sorted unique ids and lookups into them. */
struct ids {
	long long *v;
	size_t n;
};

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

static long find(const struct ids *s, long long id)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->v[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n && s->v[lo] == id ? (long)lo : -1;
}

static void uniq(struct ids *s)
{
	size_t k = 0;

	qsort(s->v, s->n, sizeof(*s->v), cmp_ll);
	for (size_t i = 0; i < s->n; i++)
		if (!k || s->v[k - 1] != s->v[i])
			s->v[k++] = s->v[i];
	s->n = k;
}

/* Adjacency in CSR form over node indexes: from[i]'s neighbours are
 * adj[off[i] .. off[i+1]). `forward` follows task -> on, else on -> task. */
struct graph {
	size_t *off;
	size_t *adj;
};

static int graph_build(struct graph *g, const struct ids *s, const struct plan_edge *edges,
		       size_t nedges, int forward, long long skip_task)
{
	g->off = calloc(s->n + 2, sizeof(*g->off));
	g->adj = calloc(nedges + 1, sizeof(*g->adj));
	if (!g->off || !g->adj)
		return -1;
	/* pass 0 counts each node's edges (at off[a + 2]), then the sums place
	 * them; pass 1 fills adj, moving off[a + 1] to the end of node a */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t e = 0; e < nedges; e++) {
			long a, b;
			if (edges[e].task == skip_task)
				continue;
			a = find(s, forward ? edges[e].task : edges[e].on);
			b = find(s, forward ? edges[e].on : edges[e].task);
			if (a < 0 || b < 0)
				continue;
			if (pass == 0)
				g->off[a + 2]++;
			else
				g->adj[g->off[a + 1]++] = (size_t)b;
		}
		for (size_t i = 2; pass == 0 && i < s->n + 2; i++)
			g->off[i] += g->off[i - 1];
	}
	/* off[i] .. off[i+1] now delimit node i */
	return 0;
}

static void graph_free(struct graph *g)
{
	free(g->off);
	free(g->adj);
}

int plan_find_cycle(const struct plan_edge *edges, size_t nedges, long long task,
		    const long long *deps, size_t ndeps, long long *path, size_t maxpath)
{
	struct ids s = { NULL, 0 };
	struct graph g = { NULL, NULL };
	long *parent = NULL;
	size_t *queue = NULL;
	int rc = -1;
	long t;

	for (size_t i = 0; i < ndeps; i++)
		if (deps[i] == task) {
			if (maxpath)
				path[0] = task;
			return 1;
		}
	s.v = malloc((2 * nedges + ndeps + 1) * sizeof(*s.v));
	if (!s.v)
		return -1;
	for (size_t e = 0; e < nedges; e++) {
		s.v[s.n++] = edges[e].task;
		s.v[s.n++] = edges[e].on;
	}
	for (size_t i = 0; i < ndeps; i++)
		s.v[s.n++] = deps[i];
	s.v[s.n++] = task;
	uniq(&s);
	t = find(&s, task);
	parent = malloc(s.n * sizeof(*parent));
	queue = malloc(s.n * sizeof(*queue));
	if (!parent || !queue || graph_build(&g, &s, edges, nedges, 1, task))
		goto out;
	rc = 0;
	for (size_t i = 0; i < ndeps && rc == 0; i++) {
		size_t head = 0, tail = 0;
		long d = find(&s, deps[i]);

		for (size_t k = 0; k < s.n; k++)
			parent[k] = -2;
		parent[d] = -1;
		queue[tail++] = (size_t)d;
		while (head < tail && parent[t] == -2) {
			size_t x = queue[head++];
			for (size_t k = g.off[x]; k < g.off[x + 1]; k++) {
				size_t y = g.adj[k];
				if (parent[y] == -2) {
					parent[y] = (long)x;
					queue[tail++] = y;
				}
			}
		}
		if (parent[t] != -2) {
			/* walk back from the task to the dependency, then reverse */
			size_t n = 0;
			for (long x = t; x >= 0; x = parent[x])
				n++;
			{
				size_t k = n;
				for (long x = t; x >= 0; x = parent[x]) {
					k--;
					if (k < maxpath)
						path[k] = s.v[x];
				}
			}
			rc = (int)(n < maxpath ? n : maxpath);
		}
	}
out:
	graph_free(&g);
	free(parent);
	free(queue);
	free(s.v);
	return rc;
}

int plan_shift(struct plan_task *tasks, size_t ntasks, const struct plan_edge *edges,
	       size_t nedges, long long root)
{
	return plan_shift_cal(tasks, ntasks, edges, nedges, root, NULL);
}

/* Move task tk to start on the first working day of cal on or after day min (TO_DAYS numbers,
 * as the tasks'), keeping its length in working days (at least one). */
static void move_on_working_days(struct plan_task *tk, long min, const struct workcal *cal)
{
	long len = workcal_count(cal, tk->start - PLAN_EPOCH, tk->due - PLAN_EPOCH);
	long start = workcal_add(cal, min - PLAN_EPOCH, 0);

	tk->start = start + PLAN_EPOCH;
	tk->due = workcal_add(cal, start, (len > 1 ? len : 1) - 1) + PLAN_EPOCH;
}

int plan_shift_cal(struct plan_task *tasks, size_t ntasks, const struct plan_edge *edges,
		   size_t nedges, long long root, const struct workcal *cal)
{
	struct ids s = { NULL, 0 };
	struct graph fwd = { NULL, NULL }, back = { NULL, NULL };
	size_t *at = NULL, *order = NULL, *indeg = NULL;
	char *reach = NULL;
	int rc = -1, moved = 0;
	size_t head = 0, tail = 0;
	long r;

	s.n = ntasks;
	s.v = malloc((ntasks + 1) * sizeof(*s.v));
	at = malloc((ntasks + 1) * sizeof(*at));
	order = malloc((ntasks + 1) * sizeof(*order));
	indeg = calloc(ntasks + 1, sizeof(*indeg));
	reach = calloc(ntasks + 1, 1);
	if (!s.v || !at || !order || !indeg || !reach)
		goto out;
	for (size_t i = 0; i < ntasks; i++) {
		s.v[i] = tasks[i].id;
		tasks[i].moved = 0;
	}
	uniq(&s);
	if (s.n != ntasks)
		goto out; /* duplicate ids */
	for (size_t i = 0; i < ntasks; i++)
		at[find(&s, tasks[i].id)] = i;
	/* back: on -> task (dependants); fwd: task -> on (predecessors) */
	if (graph_build(&back, &s, edges, nedges, 0, -1) ||
	    graph_build(&fwd, &s, edges, nedges, 1, -1))
		goto out;
	r = find(&s, root);
	if (r < 0) {
		rc = 0;
		goto out;
	}
	/* what root reaches */
	reach[r] = 1;
	order[tail++] = (size_t)r;
	while (head < tail) {
		size_t x = order[head++];
		for (size_t k = back.off[x]; k < back.off[x + 1]; k++)
			if (!reach[back.adj[k]]) {
				reach[back.adj[k]] = 1;
				order[tail++] = back.adj[k];
			}
	}
	/* topological order of everything (Kahn) */
	for (size_t x = 0; x < s.n; x++)
		indeg[x] = fwd.off[x + 1] - fwd.off[x];
	head = tail = 0;
	for (size_t x = 0; x < s.n; x++)
		if (!indeg[x])
			order[tail++] = x;
	while (head < tail) {
		size_t x = order[head++];
		for (size_t k = back.off[x]; k < back.off[x + 1]; k++)
			if (--indeg[back.adj[k]] == 0)
				order[tail++] = back.adj[k];
	}
	if (tail != s.n)
		goto out; /* a cycle */
	for (size_t i = 0; i < s.n; i++) {
		size_t x = order[i];
		struct plan_task *tk = &tasks[at[x]];
		long min = 0;
		int any = 0;

		if (!reach[x] || (long)x == r)
			continue;
		for (size_t k = fwd.off[x]; k < fwd.off[x + 1]; k++) {
			long due = tasks[at[fwd.adj[k]]].due;
			if (!any || due + 1 > min)
				min = due + 1;
			any = 1;
		}
		if (any && tk->start < min) {
			if (cal) {
				move_on_working_days(tk, min, cal);
			} else {
				long delta = min - tk->start;
				tk->start += delta;
				tk->due += delta;
			}
			tk->moved = 1;
			moved++;
		}
	}
	rc = moved;
out:
	graph_free(&fwd);
	graph_free(&back);
	free(s.v);
	free(at);
	free(order);
	free(indeg);
	free(reach);
	return rc;
}

void ical_text(struct buf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\': buf_adds(out, "\\\\"); break;
		case ';': buf_adds(out, "\\;"); break;
		case ',': buf_adds(out, "\\,"); break;
		case '\n': buf_adds(out, "\\n"); break;
		case '\r': break;
		default: buf_addch(out, *s); break;
		}
	}
}

void ical_line(struct buf *out, const char *line, size_t len)
{
	size_t i = 0, room = 75;

	while (len - i > room) {
		size_t cut = i + room;
		/* back up to the start of a UTF-8 sequence */
		while (cut > i && ((unsigned char)line[cut] & 0xc0) == 0x80)
			cut--;
		buf_add(out, line + i, cut - i);
		buf_adds(out, "\r\n ");
		i = cut;
		room = 74; /* the leading space counts */
	}
	buf_add(out, line + i, len - i);
	buf_adds(out, "\r\n");
}
