/* notify_who.c - who is told (issue 12): a project's PM, a client's contacts, the people a text
 * @mentions, and one notice per person for a change that tells several. */
#include "domain/notify_who.h"
#include "core/arena.h"
#include "core/db.h"
#include "domain/mention.h"

#include <string.h>

int notify_project(struct ctx *c, long long pid, struct notify_project *p)
{
	struct db_res *r;

	if (db_query(c->db, c->arena, ST_NOTIFY_PROJECT, &r, "i", pid))
		return -1;
	if (r->nrows != 1)
		return NOTIFY_SKIPPED;
	p->pm_id = db_cell_int(r, 0, NOTIFY_PROJECT_PM_ID);
	p->client_id = db_cell_int(r, 0, NOTIFY_PROJECT_CLIENT_ID);
	p->name = db_cell(r, 0, NOTIFY_PROJECT_NAME);
	return 0;
}

int notify_pm(struct ctx *c, long long pid, struct notice *n)
{
	struct notify_project p;
	int rc = notify_project(c, pid, &p);

	if (rc)
		return rc < 0 ? -1 : 0;
	n->user_id = p.pm_id;
	n->client_id = p.client_id;
	n->project_id = pid;
	return notify(c, n) < 0 ? -1 : 0;
}

int notify_contacts(struct ctx *c, struct notice *n)
{
	struct db_res *to;

	if (db_query(c->db, c->arena, ST_NOTIFY_CONTACTS, &to, "ii", n->client_id, c->actor_id))
		return -1;
	for (size_t i = 0; i < to->nrows; i++) {
		n->user_id = db_cell_int(to, i, NOTIFY_PEOPLE_ID);
		if (notify(c, n) < 0)
			return -1;
	}
	return 0;
}

const char *notify_actor_name(struct ctx *c)
{
	struct db_res *u;

	if (c->actor_name)
		return c->actor_name;
	if (c->actor_id && !db_query(c->db, c->arena, ST_NOTIFY_USER, &u, "i", c->actor_id) &&
	    u->nrows == 1)
		return db_cell(u, 0, NOTIFY_USER_NAME);
	return "Someone";
}

const char *notify_excerpt(struct arena *a, const char *s, size_t max)
{
	size_t len = s ? strlen(s) : 0, o = 0, chars = 0, cut = 0;
	char *out = arena_alloc(a, len + 4); /* room for "…" and the NUL */
	int space = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			space = o > 0;
			continue;
		}
		if (space)
			out[o++] = ' ';
		space = 0;
		out[o++] = s[i];
	}
	out[o] = '\0';
	for (size_t i = 0; i < o; i++)
		if (((unsigned char)out[i] & 0xc0) != 0x80 && chars++ == max - 1)
			cut = i; /* where the last character that fits with "…" would start */
	if (chars <= max)
		return out;
	while (cut && out[cut - 1] == ' ')
		cut--;
	memcpy(out + cut, "\u2026", sizeof("\u2026"));
	return out;
}

void notify_list_init(struct notify_list *l, struct arena *a)
{
	*l = (struct notify_list){ .arena = a };
}

int notify_list_has(const struct notify_list *l, long long uid)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->user[i] == uid)
			return 1;
	return 0;
}

void notify_list_add(struct notify_list *l, long long uid, enum notify_kind k)
{
	if (!uid || notify_list_has(l, uid))
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		long long *user = arena_calloc(l->arena, cap, sizeof(*user));
		enum notify_kind *kind = arena_calloc(l->arena, cap, sizeof(*kind));

		if (l->n) {
			memcpy(user, l->user, l->n * sizeof(*user));
			memcpy(kind, l->kind, l->n * sizeof(*kind));
		}
		l->user = user;
		l->kind = kind;
		l->cap = cap;
	}
	l->user[l->n] = uid;
	l->kind[l->n] = k;
	l->n++;
}

size_t notify_list_mentions(struct notify_list *l, const char *text,
			    const struct db_res *const *sets, size_t nsets, int who)
{
	const char **names;
	long long *ids;
	unsigned char *hit;
	size_t n = 0, k = 0, found;

	if (!text || !strchr(text, '@'))
		return 0;
	for (size_t s = 0; s < nsets; s++)
		n += sets[s]->nrows;
	names = arena_calloc(l->arena, n + 1, sizeof(*names));
	ids = arena_calloc(l->arena, n + 1, sizeof(*ids));
	hit = arena_calloc(l->arena, n + 1, 1);
	for (size_t s = 0; s < nsets; s++)
		for (size_t i = 0; i < sets[s]->nrows; i++, k++) {
			int staff = db_cell_int(sets[s], i, NOTIFY_PEOPLE_STAFF) != 0;

			ids[k] = db_cell_int(sets[s], i, NOTIFY_PEOPLE_ID);
			/* a name left NULL is never mentioned */
			names[k] = staff || who != NA_STAFF ? db_cell(sets[s], i, NOTIFY_PEOPLE_NAME) : NULL;
		}
	found = mention_find(text, names, n, hit);
	for (size_t i = 0; i < n; i++)
		if (hit[i])
			notify_list_add(l, ids[i], NK_MENTION);
	return found;
}
