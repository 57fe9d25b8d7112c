/* debrief.c - the debrief after closure (domain layer, issue 16): what went well, what did not,
 * and lessons learned with their tags. */
#include "domain/debrief.h"
#include "core/db.h"
#include "domain/outbox.h"

#include <string.h>

/* 1 when byte b may be part of a tag: ASCII letters and digits, a few marks that need no
 * escaping in a link's query (?tag=), and every byte of a multi-byte UTF-8 character (letters
 * of any script; the edge checked the encoding). */
static int tag_byte(unsigned char b)
{
	return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
	       b >= 0x80 || b == ' ' || b == '-' || b == '_' || b == '/' || b == '.';
}

int debrief_tags_parse(struct arena *a, const char *in, const char ***tags, size_t *n,
		       const char **why)
{
	const char **out = arena_alloc(a, DEBRIEF_MAX_TAGS * sizeof(*out));
	const char *s = in ? in : "";

	*tags = out;
	*n = 0;
	*why = NULL;
	while (*s) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s), k = 0, chars = 0;
		char *t = arena_alloc(a, len + 1);
		int space = 0;

		for (size_t i = 0; i < len; i++) {
			unsigned char b = (unsigned char)s[i];
			if (b == ' ' || b == '\t') {
				space = k > 0;
				continue;
			}
			if (!tag_byte(b)) {
				*why = "A tag is letters, digits, spaces and - _ / . only; tags are separated by commas.";
				return -1;
			}
			if (space) {
				t[k++] = ' ';
				chars++;
				space = 0;
			}
			t[k++] = (char)(b >= 'A' && b <= 'Z' ? b - 'A' + 'a' : b);
			if ((b & 0xc0) != 0x80)
				chars++;
		}
		t[k] = '\0';
		if (chars > DEBRIEF_TAG_MAX) {
			*why = "A tag is at most 40 characters.";
			return -1;
		}
		if (k) {
			size_t j;
			for (j = 0; j < *n && strcmp(out[j], t); j++)
				;
			if (j == *n) {
				if (*n == DEBRIEF_MAX_TAGS) {
					*why = "A lesson has at most 8 tags.";
					return -1;
				}
				out[(*n)++] = t;
			}
		}
		s = end ? end + 1 : s + len;
	}
	return 0;
}

/* Lock project pid and check it is in closure: 0, DEBRIEF_NOT_FOUND, DEBRIEF_NOT_CLOSED, -1.
 * Its client in *client. */
static int project_closed(struct ctx *c, long long pid, long long *client)
{
	struct db_res *p;

	if (db_query(c->db, c->arena, ST_PROJECT_LOCK, &p, "i", pid))
		return -1;
	if (p->nrows != 1)
		return DEBRIEF_NOT_FOUND;
	*client = db_cell_int(p, 0, PROJECT_LOCK_CLIENT_ID);
	return strcmp(db_cell(p, 0, PROJECT_LOCK_STAGE), "closure") ? DEBRIEF_NOT_CLOSED : 0;
}

int debrief_save(struct ctx *c, long long pid, const char *went_well, const char *went_badly)
{
	long long client;
	int rc;

	if ((rc = project_closed(c, pid, &client)))
		return rc;
	if (db_exec(c->db, ST_DEBRIEF_SAVE, "issn", pid, went_well ? went_well : "",
		    went_badly ? went_badly : "", c->actor_id) < 0 ||
	    activity_add(c, client, pid, "debrief", NULL, NULL, NULL, 0))
		return -1;
	return 0;
}

/* The tags as typed into their list and their shown text ("estimates, design") in *shown;
 * DEBRIEF_BAD with the problem on p, or 0. */
static int tags_of(struct ctx *c, const char *typed, const char ***tags, size_t *n,
		   const char **shown, struct problems *p)
{
	const char *why;

	if (debrief_tags_parse(c->arena, typed, tags, n, &why)) {
		problem_add(p, "tags", why);
		return DEBRIEF_BAD;
	}
	*shown = "";
	for (size_t i = 0; i < *n; i++)
		*shown = arena_printf(c->arena, "%s%s%s", *shown, i ? ", " : "", (*tags)[i]);
	return 0;
}

/* Write lesson id's tags (after clearing the old ones when replace). 0, or -1. */
static int tags_write(struct ctx *c, long long id, const char **tags, size_t n, int replace)
{
	if (replace && db_exec(c->db, ST_LESSON_TAGS_CLEAR, "i", id) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (db_exec(c->db, ST_LESSON_TAG_ADD, "is", id, tags[i]) < 0)
			return -1;
	return 0;
}

int debrief_lesson_add(struct ctx *c, long long pid, const char *text, const char *tags,
		       struct problems *p, long long *id)
{
	const char **list, *shown;
	long long client, n;
	size_t ntags;
	int rc;

	if ((rc = project_closed(c, pid, &client)) || (rc = tags_of(c, tags, &list, &ntags, &shown, p)))
		return rc;
	n = db_exec(c->db, ST_LESSON_INSERT, "issni", pid, text, shown, c->actor_id, pid);
	if (n == 0)
		return DEBRIEF_FULL;
	if (n != 1)
		return -1;
	*id = db_insert_id(c->db);
	return tags_write(c, *id, list, ntags, 0);
}

/* Lock lesson id, then its project (which must be in closure): its project in *pid. */
static int lesson_lock(struct ctx *c, long long id, long long *pid)
{
	struct db_res *l;
	long long client;

	if (db_query(c->db, c->arena, ST_LESSON_LOCK, &l, "i", id))
		return -1;
	if (l->nrows != 1)
		return DEBRIEF_NOT_FOUND;
	*pid = db_cell_int(l, 0, LESSON_LOCK_PROJECT_ID);
	return project_closed(c, *pid, &client);
}

int debrief_lesson_update(struct ctx *c, long long id, const char *text, const char *tags,
			  struct problems *p, long long *pid)
{
	const char **list, *shown;
	size_t ntags;
	int rc;

	*pid = 0;
	if ((rc = lesson_lock(c, id, pid)) || (rc = tags_of(c, tags, &list, &ntags, &shown, p)))
		return rc;
	if (db_exec(c->db, ST_LESSON_UPDATE, "ssi", text, shown, id) < 0)
		return -1;
	return tags_write(c, id, list, ntags, 1);
}

int debrief_lesson_delete(struct ctx *c, long long id, long long *pid)
{
	int rc;

	*pid = 0;
	if ((rc = lesson_lock(c, id, pid)))
		return rc;
	return db_exec(c->db, ST_LESSON_DELETE, "i", id) == 1 ? 0 : -1;
}
