/* template.c - project templates: saving a project's plan as one, editing it, and making a new
 * project from it on working days (domain layer, no HTTP). */
#include "domain/template.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/db.h"
#include "domain/notify.h"
#include "domain/notify_who.h"
#include "domain/outbox.h"
#include "domain/plan.h"
#include "domain/project.h"
#include "domain/risk.h"
#include "domain/timecalc.h"
#include "domain/workcal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ pure: days and text */

long template_offset(const struct workcal *w, long first, long day)
{
	long d = workcal_add(w, day, 0);

	return d <= first ? 0 : workcal_count(w, first, d) - 1;
}

long template_duration(const struct workcal *w, long start, long due)
{
	long n = workcal_count(w, workcal_add(w, start, 0), due);

	return n < 1 ? 1 : n;
}

void template_days(const struct workcal *w, long first, long offset, long duration, long *start,
		   long *due)
{
	*start = workcal_add(w, first, offset);
	*due = workcal_add(w, *start, (duration > 1 ? duration : 1) - 1);
}

/* A byte that may be part of a word: a letter or digit, '_', or any byte of a non-ASCII
 * character (so "Café" is one word and "Acme" is not found in "Acmeé"). */
static int word_byte(unsigned char ch)
{
	return isalnum(ch) || ch == '_' || ch >= 0x80;
}

/* The first place at or after text where name (n bytes, n >= 3) is written as a whole word,
 * ASCII case folded, outside a TEMPLATE_CLIENT; NULL when none. */
static const char *name_at(const char *text, const char *name, size_t n)
{
	int left = word_byte((unsigned char)name[0]), right = word_byte((unsigned char)name[n - 1]);
	size_t tl = strlen(TEMPLATE_CLIENT);

	for (const char *p = text; *p; p++) {
		if (strncasecmp(p, name, n))
			continue;
		if (left && p > text && word_byte((unsigned char)p[-1]))
			continue;
		if (right && word_byte((unsigned char)p[n]))
			continue;
		if (p > text && p[-1] == '{' && !strncmp(p - 1, TEMPLATE_CLIENT, tl))
			continue; /* a client called "client" is the placeholder already */
		return p;
	}
	return NULL;
}

const char *template_client_in(const char *text, const char *const *names, size_t n)
{
	if (!text)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t len = names[i] ? strlen(names[i]) : 0;
		if (len >= 3 && name_at(text, names[i], len))
			return names[i];
	}
	return NULL;
}

const char *template_scrub(struct arena *a, const char *text, const char *const *names, size_t n)
{
	const char *cur = text;

	if (!text)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t len = names[i] ? strlen(names[i]) : 0;
		const char *p, *from;
		struct buf b = BUF_INIT;

		if (len < 3 || !(p = name_at(cur, names[i], len)))
			continue;
		for (from = cur; p; p = name_at(from, names[i], len)) {
			buf_add(&b, from, (size_t)(p - from));
			buf_adds(&b, TEMPLATE_CLIENT);
			from = p + len;
		}
		buf_adds(&b, from);
		cur = arena_strdup(a, b.data);
		buf_release(&b);
	}
	return cur;
}

const char *template_fill(struct arena *a, const char *text, const char *client, size_t max)
{
	struct buf b = BUF_INIT;
	const char *p, *from, *out;
	size_t tl = strlen(TEMPLATE_CLIENT), chars = 0, cut;

	if (!text)
		return NULL;
	for (from = text; (p = strstr(from, TEMPLATE_CLIENT)); from = p + tl) {
		buf_add(&b, from, (size_t)(p - from));
		buf_adds(&b, client ? client : "");
	}
	buf_adds(&b, from);
	/* at most max characters, never cut inside one */
	for (cut = 0; cut < b.len; cut++)
		if (((unsigned char)b.data[cut] & 0xc0) != 0x80 && ++chars > max)
			break;
	out = from == text && cut == b.len ? text : arena_strndup(a, b.data, cut);
	buf_release(&b);
	return out;
}

/* ------------------------------------------------------------ helpers */

/* Characters (UTF-8 code points) of s. */
static size_t chars_of(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* 1 when s is one line of 1..max characters. */
static int one_line(const char *s, size_t max)
{
	return s && *s && !strpbrk(s, "\r\n") && chars_of(s) <= max;
}

/* What names a client: every client's name and the first label of its domain ("acme" of
 * acme.test; NULL for none), arena; their count in *n. NULL on a database error. */
static const char **client_names(struct ctx *c, size_t *n)
{
	struct db_res *r;
	const char **v;

	if (db_query(c->db, c->arena, ST_TPL_CLIENT_NAMES, &r, ""))
		return NULL;
	v = arena_calloc(c->arena, 2 * r->nrows + 1, sizeof(*v));
	for (size_t i = 0; i < r->nrows; i++) {
		v[2 * i] = db_cell(r, i, TPL_CLIENT_NAMES_NAME);
		v[2 * i + 1] = db_cell(r, i, TPL_CLIENT_NAMES_LABEL);
	}
	*n = 2 * r->nrows;
	return v;
}

/* A problem on field when text names one of the clients; what is wrong with it said as the
 * thing it is (e.g. "A template's name"). */
static void no_client(struct ctx *c, struct problems *out, const char *field, const char *what,
		      const char *text, const char *const *names, size_t n)
{
	const char *who = template_client_in(text, names, n);

	if (who)
		problem_add(out, field, arena_printf(c->arena, "%s must not name a client (\u201c%s\u201d):"
						     " a template is for any client.", what, who));
}

/* Lock template id's row (ST_TPL_LOCK, or the shared ST_TPL_SHARE) into *t: 0,
 * TEMPLATE_NOT_FOUND or -1. */
static int template_lock(struct ctx *c, enum stmt st, long long id, struct db_res **t)
{
	if (db_query(c->db, c->arena, st, t, "i", id))
		return -1;
	return (*t)->nrows == 1 ? 0 : TEMPLATE_NOT_FOUND;
}

/* An id of one table and its copy's id in another. */
struct idmap {
	long long from, to;
};

static int cmp_idmap(const void *a, const void *b)
{
	long long x = ((const struct idmap *)a)->from, y = ((const struct idmap *)b)->from;
	return (x > y) - (x < y);
}

/* The copy of id in m[0..n) (sorted by from), 0 when none. */
static long long mapped(const struct idmap *m, size_t n, long long id)
{
	struct idmap key = { id, 0 }, *hit;

	if (!id || !n)
		return 0;
	hit = bsearch(&key, m, n, sizeof(*m), cmp_idmap);
	return hit ? hit->to : 0;
}

/* A date cell as a day number, or fallback when it is NULL or no date. */
static long day_of(const char *s, long fallback)
{
	long d;

	return s && !tc_date_parse(s, &d) ? d : fallback;
}

static const char *day_text(struct arena *a, long day)
{
	char *s = arena_alloc(a, 11);

	tc_date_format(day, s, 11);
	return s;
}

/* ------------------------------------------------------------ saving a project's plan */

/* The role given to user uid in t, or NULL. */
static const char *role_of(const struct template_new *t, long long uid)
{
	for (size_t i = 0; i < t->npeople; i++)
		if (t->people[i].user_id == uid)
			return t->people[i].role;
	return NULL;
}

/* The checks of template_save that need the database; each problem added to out. 0, or -1. */
static int save_check(struct ctx *c, const struct template_new *t, const struct db_res *people,
		      const struct db_res *tasks, const struct db_res *ms, const char *const *names,
		      size_t nnames, struct problems *out)
{
	struct db_res *taken;

	if (!one_line(t->name, 200)) {
		problem_add(out, "name", "Name the template in one line of at most 200 characters.");
	} else {
		no_client(c, out, "name", "A template's name", t->name, names, nnames);
		if (db_query(c->db, c->arena, ST_TPL_NAME_TAKEN, &taken, "si", t->name, 0LL))
			return -1;
		if (taken->nrows)
			problem_add(out, "name", "A template with this name exists already: choose another name.");
	}
	no_client(c, out, "description", "A template's description", t->description, names, nnames);
	for (size_t i = 0; i < people->nrows; i++) {
		long long uid = db_cell_int(people, i, TPL_SRC_PEOPLE_ID);
		const char *field = arena_printf(c->arena, "role_%lld", uid), *role = role_of(t, uid);

		if (!one_line(role, TEMPLATE_ROLE_MAX))
			problem_add(out, field, arena_printf(c->arena, "Name the role of %s's tasks in one line"
							     " (e.g. Designer), at most 100 characters.",
							     db_cell(people, i, TPL_SRC_PEOPLE_NAME)));
		else
			no_client(c, out, field, "A role", role, names, nnames);
	}
	if (!tasks->nrows && !ms->nrows)
		problem_add(out, NULL, "This project has no plan yet: add milestones or tasks before saving it as a template.");
	if (tasks->nrows > TEMPLATE_MAX_TASKS)
		problem_add(out, NULL, "A template holds at most 1,000 tasks.");
	return 0;
}

int template_save(struct ctx *c, long long pid, const struct template_new *t, long long *id,
		  struct problems *out)
{
	struct db_res *p, *people, *tasks, *ms, *deps, *kpis, *risks, *r;
	struct idmap *msmap, *taskmap, *rolemap;
	const char **names;
	struct workcal w;
	size_t nnames = 0, nroles = 0;
	long first;

	if (db_query(c->db, c->arena, ST_TPL_SRC_PROJECT, &p, "i", pid))
		return -1;
	if (p->nrows != 1)
		return TEMPLATE_NOT_FOUND;
	if (db_query(c->db, c->arena, ST_TPL_SRC_PEOPLE, &people, "i", pid) ||
	    db_query(c->db, c->arena, ST_TPL_SRC_TASKS, &tasks, "i", pid) ||
	    db_query(c->db, c->arena, ST_TPL_SRC_MILESTONES, &ms, "i", pid) ||
	    !(names = client_names(c, &nnames)) ||
	    save_check(c, t, people, tasks, ms, names, nnames, out))
		return -1;
	if (out->n)
		return TEMPLATE_REFUSED;
	if (db_query(c->db, c->arena, ST_TPL_SRC_DEPS, &deps, "i", pid) ||
	    db_query(c->db, c->arena, ST_TPL_SRC_KPIS, &kpis, "i", pid) ||
	    db_query(c->db, c->arena, ST_TPL_SRC_RISKS, &risks, "i", pid) || workcal_load(c, &w))
		return -1;

	/* the plan's first working day: the earliest of the project's start and its dates */
	first = day_of(db_cell(p, 0, TPL_SRC_PROJECT_START_DATE), 0x7fffffffL);
	for (size_t i = 0; i < tasks->nrows; i++) {
		long d = day_of(db_cell(tasks, i, TPL_SRC_TASKS_START_DATE), first);
		first = d < first ? d : first;
	}
	for (size_t i = 0; i < ms->nrows; i++) {
		long d = day_of(db_cell(ms, i, TPL_SRC_MS_DUE_DATE), first);
		first = d < first ? d : first;
	}
	first = workcal_add(&w, first, 0);

	if (db_exec(c->db, ST_TPL_INSERT, "ssn", t->name, t->description, c->actor_id) != 1)
		return -1;
	*id = db_insert_id(c->db);

	/* roles: one per distinct name, in the order of the people (the PM first) */
	rolemap = arena_calloc(c->arena, people->nrows + 1, sizeof(*rolemap));
	for (size_t i = 0; i < people->nrows; i++) {
		long long uid = db_cell_int(people, i, TPL_SRC_PEOPLE_ID), rid;
		const char *role = role_of(t, uid);

		if (db_query(c->db, c->arena, ST_TPL_ROLE_NAME_TAKEN, &r, "isi", *id, role, 0LL))
			return -1;
		if (r->nrows) {
			rid = db_cell_int(r, 0, TPL_ROLE_NAME_TAKEN_ID);
		} else {
			if (db_exec(c->db, ST_TPL_ROLE_INSERT, "isi", *id, role, (long long)i) != 1)
				return -1;
			rid = db_insert_id(c->db);
		}
		rolemap[nroles++] = (struct idmap){ uid, rid };
	}
	qsort(rolemap, nroles, sizeof(*rolemap), cmp_idmap);

	msmap = arena_calloc(c->arena, ms->nrows + 1, sizeof(*msmap));
	for (size_t i = 0; i < ms->nrows; i++) {
		long due = day_of(db_cell(ms, i, TPL_SRC_MS_DUE_DATE), first);

		if (db_exec(c->db, ST_TPL_MS_INSERT, "isii", *id,
			    template_scrub(c->arena, db_cell(ms, i, TPL_SRC_MS_NAME), names, nnames),
			    (long long)template_offset(&w, first, due),
			    db_cell_int(ms, i, TPL_SRC_MS_CLIENT_VISIBLE)) != 1)
			return -1;
		msmap[i] = (struct idmap){ db_cell_int(ms, i, TPL_SRC_MS_ID), db_insert_id(c->db) };
	}
	qsort(msmap, ms->nrows, sizeof(*msmap), cmp_idmap);

	taskmap = arena_calloc(c->arena, tasks->nrows + 1, sizeof(*taskmap));
	for (size_t i = 0; i < tasks->nrows; i++) {
		long start = day_of(db_cell(tasks, i, TPL_SRC_TASKS_START_DATE), first);
		long due = day_of(db_cell(tasks, i, TPL_SRC_TASKS_DUE_DATE), start);

		if (db_exec(c->db, ST_TPL_TASK_INSERT, "innssiiiii", *id,
			    mapped(msmap, ms->nrows, db_cell_int(tasks, i, TPL_SRC_TASKS_MILESTONE_ID)),
			    mapped(rolemap, nroles, db_cell_int(tasks, i, TPL_SRC_TASKS_ASSIGNEE_ID)),
			    template_scrub(c->arena, db_cell(tasks, i, TPL_SRC_TASKS_TITLE), names, nnames),
			    template_scrub(c->arena, db_cell(tasks, i, TPL_SRC_TASKS_DESCRIPTION), names, nnames),
			    (long long)template_offset(&w, first, start),
			    (long long)template_duration(&w, start, due),
			    db_cell_int(tasks, i, TPL_SRC_TASKS_ESTIMATE_MINUTES),
			    db_cell_int(tasks, i, TPL_SRC_TASKS_CLIENT_VISIBLE), (long long)i) != 1)
			return -1;
		taskmap[i] = (struct idmap){ db_cell_int(tasks, i, TPL_SRC_TASKS_ID), db_insert_id(c->db) };
	}
	qsort(taskmap, tasks->nrows, sizeof(*taskmap), cmp_idmap);
	for (size_t i = 0; i < deps->nrows; i++)
		if (db_exec(c->db, ST_TPL_DEP_ADD, "iii",
			    mapped(taskmap, tasks->nrows, db_cell_int(deps, i, TPL_SRC_DEPS_TASK_ID)),
			    mapped(taskmap, tasks->nrows, db_cell_int(deps, i, TPL_SRC_DEPS_DEPENDS_ON_ID)),
			    *id) != 1)
			return -1;
	for (size_t i = 0; i < kpis->nrows; i++)
		if (db_exec(c->db, ST_TPL_KPI_INSERT, "iss", *id,
			    template_scrub(c->arena, db_cell(kpis, i, TPL_SRC_KPIS_NAME), names, nnames),
			    template_scrub(c->arena, db_cell(kpis, i, TPL_SRC_KPIS_TARGET), names, nnames)) != 1)
			return -1;
	for (size_t i = 0; i < risks->nrows; i++)
		if (db_exec(c->db, ST_TPL_RISK_INSERT, "isiis", *id,
			    template_scrub(c->arena, db_cell(risks, i, TPL_SRC_RISKS_TITLE), names, nnames),
			    db_cell_int(risks, i, TPL_SRC_RISKS_PROBABILITY),
			    db_cell_int(risks, i, TPL_SRC_RISKS_IMPACT),
			    template_scrub(c->arena, db_cell(risks, i, TPL_SRC_RISKS_MITIGATION), names, nnames)) != 1)
			return -1;
	return 0;
}

/* ------------------------------------------------------------ editing */

int template_update(struct ctx *c, long long id, const char *name, const char *description,
		    struct problems *out)
{
	struct db_res *t, *taken;
	const char **names;
	size_t nnames = 0;
	int rc;

	if ((rc = template_lock(c, ST_TPL_LOCK, id, &t)))
		return rc;
	if (!(names = client_names(c, &nnames)))
		return -1;
	if (!one_line(name, 200)) {
		problem_add(out, "name", "Name the template in one line of at most 200 characters.");
	} else {
		no_client(c, out, "name", "A template's name", name, names, nnames);
		if (db_query(c->db, c->arena, ST_TPL_NAME_TAKEN, &taken, "si", name, id))
			return -1;
		if (taken->nrows)
			problem_add(out, "name", "A template with this name exists already: choose another name.");
	}
	no_client(c, out, "description", "A template's description", description, names, nnames);
	if (out->n)
		return TEMPLATE_REFUSED;
	return db_exec(c->db, ST_TPL_UPDATE, "ssi", name, description, id) < 0 ? -1 : 0;
}

int template_delete(struct ctx *c, long long id)
{
	struct db_res *t;
	int rc;

	if ((rc = template_lock(c, ST_TPL_LOCK, id, &t)))
		return rc;
	return db_exec(c->db, ST_TPL_DELETE, "i", id) == 1 ? 0 : -1;
}

/* The checks of a task's days against the tasks it depends on and those depending on it. */
static int task_deps_check(struct ctx *c, long long task, long long start, long long duration,
			   struct problems *out)
{
	struct db_res *nb;

	if (db_query(c->db, c->arena, ST_TPL_TASK_NEIGHBOURS, &nb, "ii", task, task))
		return -1;
	for (size_t i = 0; i < nb->nrows; i++) {
		long long s = db_cell_int(nb, i, TPL_NEIGHBOURS_START_OFFSET);
		long long end = s + db_cell_int(nb, i, TPL_NEIGHBOURS_DURATION) - 1;
		const char *title = db_cell(nb, i, TPL_NEIGHBOURS_TITLE);

		if (!strcmp(db_cell(nb, i, TPL_NEIGHBOURS_SIDE), "before")) {
			if (start <= end)
				problem_add(out, "start_offset", arena_printf(c->arena,
					"It depends on \u201c%s\u201d, which ends at offset %lld: start it at"
					" offset %lld or later.", title, end, end + 1));
		} else if (start + duration - 1 >= s) {
			problem_add(out, "duration", arena_printf(c->arena,
				"\u201c%s\u201d depends on it and starts at offset %lld: it must end at offset"
				" %lld or earlier (a duration of at most %lld).", title, s, s - 1, s - start));
		}
	}
	return 0;
}

int template_task_update(struct ctx *c, long long id, long long task,
			 const struct template_task_in *t, struct problems *out)
{
	struct db_res *tpl, *r;
	const char **names;
	size_t nnames = 0;
	int rc, days_ok = 1;

	if ((rc = template_lock(c, ST_TPL_LOCK, id, &tpl)))
		return rc;
	if (db_query(c->db, c->arena, ST_TPL_TASK_GET, &r, "ii", task, id))
		return -1;
	if (r->nrows != 1)
		return TEMPLATE_NOT_FOUND;
	if (!(names = client_names(c, &nnames)))
		return -1;
	if (!one_line(t->title, 200))
		problem_add(out, "title", "Give the task a title of one line, at most 200 characters.");
	else
		no_client(c, out, "title", "A task's title", t->title, names, nnames);
	if (t->start_offset < 0 || t->start_offset > TEMPLATE_MAX_OFFSET) {
		problem_add(out, "start_offset", "A task starts on or after the project's first working day:"
				 " its offset is 0 or more (at most 2,600 working days).");
		days_ok = 0;
	}
	if (t->duration < 1 || t->duration > TEMPLATE_MAX_OFFSET) {
		problem_add(out, "duration", t->duration < 1
				 ? "A task cannot end before it starts: it lasts at least 1 working day."
				 : "A task lasts at most 2,600 working days.");
		days_ok = 0;
	}
	if (t->estimate_minutes < 0)
		problem_add(out, "estimate_minutes", "The estimate cannot be negative.");
	if (t->role_id) {
		if (db_query(c->db, c->arena, ST_TPL_ROLE_GET, &r, "ii", t->role_id, id))
			return -1;
		if (r->nrows != 1)
			problem_add(out, "role_id", "Role must be one of this template's roles.");
	}
	if (t->milestone_id) {
		if (db_query(c->db, c->arena, ST_TPL_MS_GET, &r, "ii", t->milestone_id, id))
			return -1;
		if (r->nrows != 1)
			problem_add(out, "milestone_id", "Milestone must be one of this template's milestones.");
	}
	if (days_ok && task_deps_check(c, task, t->start_offset, t->duration, out))
		return -1;
	if (out->n)
		return TEMPLATE_REFUSED;
	if (db_exec(c->db, ST_TPL_TASK_UPDATE, "snniiiiii", t->title, t->milestone_id, t->role_id,
		    t->start_offset, t->duration, t->estimate_minutes, (long long)t->client_visible,
		    task, id) < 0 ||
	    db_exec(c->db, ST_TPL_TOUCH, "i", id) < 0)
		return -1;
	return 0;
}

int template_milestone_update(struct ctx *c, long long id, long long ms, const char *name,
			      long long offset, int client_visible, struct problems *out)
{
	struct db_res *tpl, *r;
	const char **names;
	size_t nnames = 0;
	int rc;

	if ((rc = template_lock(c, ST_TPL_LOCK, id, &tpl)))
		return rc;
	if (db_query(c->db, c->arena, ST_TPL_MS_GET, &r, "ii", ms, id))
		return -1;
	if (r->nrows != 1)
		return TEMPLATE_NOT_FOUND;
	if (!(names = client_names(c, &nnames)))
		return -1;
	if (!one_line(name, 200))
		problem_add(out, "name", "Name the milestone in one line of at most 200 characters.");
	else
		no_client(c, out, "name", "A milestone's name", name, names, nnames);
	if (offset < 0 || offset > TEMPLATE_MAX_OFFSET)
		problem_add(out, "day_offset", "A milestone is due on or after the project's first working"
				 " day: its offset is 0 or more (at most 2,600 working days).");
	if (out->n)
		return TEMPLATE_REFUSED;
	if (db_exec(c->db, ST_TPL_MS_UPDATE, "siiii", name, offset, (long long)client_visible, ms, id) < 0 ||
	    db_exec(c->db, ST_TPL_TOUCH, "i", id) < 0)
		return -1;
	return 0;
}

int template_role_rename(struct ctx *c, long long id, long long role, const char *name,
			 struct problems *out)
{
	struct db_res *tpl, *r;
	const char **names;
	size_t nnames = 0;
	int rc;

	if ((rc = template_lock(c, ST_TPL_LOCK, id, &tpl)))
		return rc;
	if (db_query(c->db, c->arena, ST_TPL_ROLE_GET, &r, "ii", role, id))
		return -1;
	if (r->nrows != 1)
		return TEMPLATE_NOT_FOUND;
	if (!(names = client_names(c, &nnames)))
		return -1;
	if (!one_line(name, TEMPLATE_ROLE_MAX)) {
		problem_add(out, "name", "Name the role in one line of at most 100 characters.");
	} else {
		no_client(c, out, "name", "A role", name, names, nnames);
		if (db_query(c->db, c->arena, ST_TPL_ROLE_NAME_TAKEN, &r, "isi", id, name, role))
			return -1;
		if (r->nrows)
			problem_add(out, "name", "Another role of this template has this name.");
	}
	if (out->n)
		return TEMPLATE_REFUSED;
	if (db_exec(c->db, ST_TPL_ROLE_RENAME, "sii", name, role, id) < 0 ||
	    db_exec(c->db, ST_TPL_TOUCH, "i", id) < 0)
		return -1;
	return 0;
}

/* Delete one part of template id with the statement st (binds: the part's id, the template's). */
static int part_delete(struct ctx *c, long long id, enum stmt st, long long part)
{
	struct db_res *tpl;
	long long n;
	int rc;

	if ((rc = template_lock(c, ST_TPL_LOCK, id, &tpl)))
		return rc;
	if ((n = db_exec(c->db, st, "ii", part, id)) < 0)
		return -1;
	if (!n)
		return TEMPLATE_NOT_FOUND;
	return db_exec(c->db, ST_TPL_TOUCH, "i", id) < 0 ? -1 : 0;
}

int template_task_delete(struct ctx *c, long long id, long long task)
{
	return part_delete(c, id, ST_TPL_TASK_DELETE, task);
}

int template_milestone_delete(struct ctx *c, long long id, long long ms)
{
	return part_delete(c, id, ST_TPL_MS_DELETE, ms);
}

int template_kpi_delete(struct ctx *c, long long id, long long kpi)
{
	return part_delete(c, id, ST_TPL_KPI_DELETE, kpi);
}

int template_risk_delete(struct ctx *c, long long id, long long risk)
{
	return part_delete(c, id, ST_TPL_RISK_DELETE, risk);
}

/* ------------------------------------------------------------ a project from a template */

/* The person u gives role rid, 0 when none. */
static long long filled_by(const struct template_use *u, long long rid)
{
	for (size_t i = 0; i < u->nfills; i++)
		if (u->fills[i].role_id == rid)
			return u->fills[i].user_id;
	return 0;
}

/* The checks of template_use; the client's row in *client. Each problem added to out. 0, or -1. */
static int use_check(struct ctx *c, const struct template_use *u, const struct db_res *roles,
		     struct db_res **client, struct problems *out)
{
	struct db_res *r;
	long d;

	if (!one_line(u->name, 200))
		problem_add(out, "name", "Name the project in one line of at most 200 characters.");
	if (db_query(c->db, c->arena, ST_CLIENT_GET, client, "i", u->client_id))
		return -1;
	if ((*client)->nrows != 1)
		problem_add(out, "client_id", "Client must be chosen from the list.");
	if (u->pm_id) {
		if (db_query(c->db, c->arena, ST_PM_GET, &r, "i", u->pm_id))
			return -1;
		if (r->nrows != 1)
			problem_add(out, "pm_id", "Project manager must be an active PM or admin.");
	}
	if (!u->start_date || tc_date_parse(u->start_date, &d))
		problem_add(out, "start_date", "Start date must be a real date (YYYY-MM-DD).");
	for (size_t i = 0; i < roles->nrows; i++) {
		long long rid = db_cell_int(roles, i, TPL_ROLES_ID), uid;
		const char *field = arena_printf(c->arena, "role_%lld", rid);
		const char *name = db_cell(roles, i, TPL_ROLES_NAME);

		if (!db_cell_int(roles, i, TPL_ROLES_TASKS))
			continue; /* a role without tasks needs nobody */
		if (!(uid = filled_by(u, rid))) {
			problem_add(out, field, arena_printf(c->arena, "Choose who fills the role \u201c%s\u201d.", name));
			continue;
		}
		if (db_query(c->db, c->arena, ST_PLAN_STAFF_GET, &r, "i", uid))
			return -1;
		if (r->nrows != 1)
			problem_add(out, field, arena_printf(c->arena, "The role \u201c%s\u201d must be filled by an"
							     " active member of staff.", name));
	}
	return 0;
}

/* Tell each person filling a role of the new project pid what they fill (one notice each,
 * their roles and task count; notify skips the actor). 0, or -1. */
static int tell_roles(struct ctx *c, long long pid, const char *project, const char *tpl,
		      const struct template_use *u, const struct db_res *roles, long long client)
{
	const char *who = notify_actor_name(c);

	for (size_t i = 0; i < roles->nrows; i++) {
		long long uid = filled_by(u, db_cell_int(roles, i, TPL_ROLES_ID)), tasks = 0;
		struct buf b = BUF_INIT;
		int first = 1, seen = 0;
		struct notice n;

		if (!uid || !db_cell_int(roles, i, TPL_ROLES_TASKS))
			continue;
		for (size_t k = 0; k < i; k++) /* told already, at their first role */
			seen |= db_cell_int(roles, k, TPL_ROLES_TASKS) &&
				filled_by(u, db_cell_int(roles, k, TPL_ROLES_ID)) == uid;
		if (seen)
			continue;
		for (size_t k = i; k < roles->nrows; k++)
			if (db_cell_int(roles, k, TPL_ROLES_TASKS) &&
			    filled_by(u, db_cell_int(roles, k, TPL_ROLES_ID)) == uid) {
				buf_addf(&b, "%s%s", first ? "" : ", ", db_cell(roles, k, TPL_ROLES_NAME));
				tasks += db_cell_int(roles, k, TPL_ROLES_TASKS);
				first = 0;
			}
		n = (struct notice){
			.kind = NK_TASK_ASSIGNED, .user_id = uid, .client_id = client, .project_id = pid,
			.link = arena_printf(c->arena, "/projects/%lld/tasks?assignee_id=%lld", pid, uid),
			.text = arena_printf(c->arena, "%s planned \u201c%s\u201d from the template \u201c%s\u201d:"
					     " you are %s, with %lld task%s.", who, project, tpl, b.data,
					     tasks, tasks == 1 ? "" : "s"),
		};
		buf_release(&b);
		if (notify(c, &n) < 0)
			return -1;
	}
	return 0;
}

int template_use(struct ctx *c, long long id, const struct template_use *u, long long *pid,
		 struct problems *out)
{
	struct db_res *tpl, *roles, *client, *tasks, *ms, *kpis, *risks;
	struct buf plan = BUF_INIT;
	struct idmap *msmap;
	struct project_new p;
	const char *cname;
	struct workcal w;
	long first, last, start, due;
	long long budget = 0;
	int rc;

	if ((rc = template_lock(c, ST_TPL_SHARE, id, &tpl)))
		return rc;
	if (db_query(c->db, c->arena, ST_TPL_ROLES, &roles, "i", id) ||
	    use_check(c, u, roles, &client, out))
		return -1;
	if (out->n)
		return TEMPLATE_REFUSED;
	if (db_query(c->db, c->arena, ST_TPL_USE_PLAN, &tasks, "i", id) ||
	    db_query(c->db, c->arena, ST_TPL_MS_LIST, &ms, "i", id) ||
	    db_query(c->db, c->arena, ST_TPL_KPI_LIST, &kpis, "i", id) ||
	    db_query(c->db, c->arena, ST_TPL_RISK_LIST, &risks, "i", id) || workcal_load(c, &w))
		return -1;
	cname = db_cell(client, 0, CLIENT_GET_NAME);

	/* the dates, on working days from the first working day on or after the start */
	tc_date_parse(u->start_date, &first);
	first = workcal_add(&w, first, 0);
	last = first;
	for (size_t i = 0; i < tasks->nrows; i++) {
		template_days(&w, first, db_cell_int(tasks, i, TPL_USE_PLAN_START_OFFSET),
			      db_cell_int(tasks, i, TPL_USE_PLAN_DURATION), &start, &due);
		last = due > last ? due : last;
		budget += db_cell_int(tasks, i, TPL_USE_PLAN_ESTIMATE_MINUTES);
	}
	for (size_t i = 0; i < ms->nrows; i++) {
		due = workcal_add(&w, first, db_cell_int(ms, i, TPL_MS_LIST_DAY_OFFSET));
		last = due > last ? due : last;
	}

	p = (struct project_new){
		.client_id = u->client_id, .name = u->name, .code = u->code, .pm_id = u->pm_id,
		.start_date = day_text(c->arena, first), .due_date = day_text(c->arena, last),
		.budget_minutes = budget, .budget_amount = 0,
		.currency = u->currency ? u->currency : "EUR", .source = "template",
	};
	if (project_create(c, &p, pid) ||
	    db_exec(c->db, ST_TPL_PROJECT_SET, "ii", id, *pid) != 1)
		return -1;

	/* the team: each person filling a role (the PM is on it already) */
	for (size_t i = 0; i < roles->nrows; i++) {
		long long uid = filled_by(u, db_cell_int(roles, i, TPL_ROLES_ID));
		const char *why;

		if (uid && uid != u->pm_id && db_cell_int(roles, i, TPL_ROLES_TASKS) &&
		    plan_member_add(c, *pid, uid, &why))
			return -1;
	}

	msmap = arena_calloc(c->arena, ms->nrows + 1, sizeof(*msmap));
	for (size_t i = 0; i < ms->nrows; i++) {
		long long mid;

		due = workcal_add(&w, first, db_cell_int(ms, i, TPL_MS_LIST_DAY_OFFSET));
		if (plan_milestone_create(c, *pid, template_fill(c->arena, db_cell(ms, i, TPL_MS_LIST_NAME), cname, 200),
					  day_text(c->arena, due),
					  (int)db_cell_int(ms, i, TPL_MS_LIST_CLIENT_VISIBLE), &mid))
			return -1;
		msmap[i] = (struct idmap){ db_cell_int(ms, i, TPL_MS_LIST_ID), mid };
	}
	qsort(msmap, ms->nrows, sizeof(*msmap), cmp_idmap);

	/* the tasks and their dependencies, one statement each (the bulk path: one INSERT per task
	 * and per dependency took ~140 ms for 200 tasks, the issue allows 50): the dates and people
	 * are computed here and handed over as JSON, the text copied by SQL. What plan_task_create
	 * checks holds by construction: the assignees were just put on the team, the milestones
	 * are the project's own, and the template's dependencies were a project's acyclic graph,
	 * only ever pruned. */
	buf_adds(&plan, "[");
	for (size_t i = 0; i < tasks->nrows; i++) {
		long long who = filled_by(u, db_cell_int(tasks, i, TPL_USE_PLAN_ROLE_ID));
		long long mid = mapped(msmap, ms->nrows, db_cell_int(tasks, i, TPL_USE_PLAN_MILESTONE_ID));
		char a[11], b[11];

		template_days(&w, first, db_cell_int(tasks, i, TPL_USE_PLAN_START_OFFSET),
			      db_cell_int(tasks, i, TPL_USE_PLAN_DURATION), &start, &due);
		tc_date_format(start, a, sizeof(a));
		tc_date_format(due, b, sizeof(b));
		buf_addf(&plan, "%s[%lld,\"%s\",\"%s\",", i ? "," : "",
			 db_cell_int(tasks, i, TPL_USE_PLAN_ID), a, b);
		buf_addf(&plan, who ? "%lld," : "null,", who);
		buf_addf(&plan, mid ? "%lld]" : "null]", mid);
	}
	buf_adds(&plan, "]");
	rc = db_exec(c->db, ST_TPL_USE_TASKS_INSERT, "isssi", *pid, cname, cname, plan.data, id) ==
			     (long long)tasks->nrows &&
	     db_exec(c->db, ST_TPL_USE_DEPS_INSERT, "ii", *pid, id) >= 0 ? 0 : -1;
	buf_release(&plan);
	if (rc)
		return -1;

	for (size_t i = 0; i < kpis->nrows; i++) {
		long long kid;
		if (project_kpi_add(c, *pid, template_fill(c->arena, db_cell(kpis, i, TPL_KPI_LIST_NAME), cname, 200),
				    template_fill(c->arena, db_cell(kpis, i, TPL_KPI_LIST_TARGET), cname, 200),
				    NULL, &kid))
			return -1;
	}
	for (size_t i = 0; i < risks->nrows; i++) {
		struct risk_in r = {
			.title = template_fill(c->arena, db_cell(risks, i, TPL_RISK_LIST_TITLE), cname, 200),
			.probability = db_cell_int(risks, i, TPL_RISK_LIST_PROBABILITY),
			.impact = db_cell_int(risks, i, TPL_RISK_LIST_IMPACT),
			.mitigation = template_fill(c->arena, db_cell(risks, i, TPL_RISK_LIST_MITIGATION), cname, 10000),
		};
		long long rid;
		const char *why;

		if (risk_create(c, *pid, &r, &rid, &why))
			return -1;
	}
	if (activity_add(c, u->client_id, *pid, "template_used", NULL, NULL,
			 arena_printf(c->arena, "%s: %zu task%s, %zu milestone%s",
				      db_cell(tpl, 0, TPL_LOCK_NAME), tasks->nrows, tasks->nrows == 1 ? "" : "s",
				      ms->nrows, ms->nrows == 1 ? "" : "s"), 0) ||
	    tell_roles(c, *pid, u->name, db_cell(tpl, 0, TPL_LOCK_NAME), u, roles, u->client_id))
		return -1;
	return 0;
}
