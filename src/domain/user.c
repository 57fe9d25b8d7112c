/* user.c - staff user state changes (domain layer): no HTTP, called by the users pages. */
#include "domain/user.h"
#include "core/arena.h"
#include "core/crypto.h"
#include "core/db.h"
#include "domain/vocab.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1 when staff user id exists, 0 when not, -1 on a database error. */
static int user_exists(struct ctx *c, long long id)
{
	struct db_res *res;

	if (db_query(c->db, c->arena, ST_USER_GET, &res, "i", id))
		return -1;
	return res->nrows == 1;
}

int user_create(struct ctx *c, const struct user_new *u, long long *id)
{
	char hash[crypto_pwhash_STRBYTES];
	struct db_res *res;
	long long n;

	if (db_query(c->db, c->arena, ST_USER_BY_EMAIL, &res, "s", u->email))
		return -1;
	if (res->nrows)
		return USER_EMAIL_TAKEN;
	if (crypto_password_hash(u->password, hash, sizeof(hash)))
		return -1;
	/* the rate prices only projects in its currency (issue 10); the agency default is EUR */
	n = db_exec(c->db, ST_USER_INSERT, "ssssis", u->email, u->name, u->role, hash,
		    u->hourly_rate, u->currency ? u->currency : "EUR");
	sodium_memzero(hash, sizeof(hash));
	if (n != 1) /* the UNIQUE e-mail (1062: duplicate key) decides between two at once */
		return db_errno(c->db) == 1062 ? USER_EMAIL_TAKEN : -1;
	*id = db_insert_id(c->db);
	return 0;
}

/* The update of a staff user's row, then, when no row changed, whether there is one. */
static int updated(struct ctx *c, long long id, long long changed)
{
	int there;

	if (changed < 0)
		return -1;
	if (changed > 0)
		return 0;
	there = user_exists(c, id);
	return there < 0 ? -1 : there ? 0 : USER_NOT_FOUND;
}

int user_update(struct ctx *c, long long id, const char *name, const char *role,
		long long hourly_rate, const char *currency, const char **why)
{
	/* an admin cannot lock everybody out by demoting themselves */
	if (id == c->actor_id && vocab_role_parse(role) != ROLE_ADMIN) {
		*why = "You cannot take the admin role from yourself.";
		return USER_REFUSED;
	}
	return updated(c, id, db_exec(c->db, ST_USER_UPDATE, "ssisi", name, role, hourly_rate,
				      currency, id));
}

int user_set_active(struct ctx *c, long long id, int active, const char **why)
{
	int rc;

	if (!active && id == c->actor_id) {
		*why = "You cannot deactivate yourself.";
		return USER_REFUSED;
	}
	rc = updated(c, id, db_exec(c->db, ST_USER_SET_ACTIVE, "ii", (long long)!!active, id));
	if (rc == 0 && !active && db_exec(c->db, ST_SESSION_DEL_USER, "i", id) < 0)
		return -1;
	return rc;
}

/* ------------------------------------------------------------ time zones (issue 12) */

/* The zone name of one line of zone.tab ("FR\t+4852+00220\tEurope/Paris\n": the third
 * field) cut in place, or NULL for a comment or a short line. */
static char *tab_zone(char *line)
{
	char *z;

	if (*line == '#' || !(z = strchr(line, '\t')) || !(z = strchr(z + 1, '\t')))
		return NULL;
	z++;
	z[strcspn(z, "\t\r\n")] = '\0';
	return *z ? z : NULL;
}

/* 1 when name looks like a zone's path: letters, digits, '_', '-', '+' and '/' between
 * segments that start with a letter (no "..", no absolute path), at most 64 bytes. */
static int zone_shaped(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 64)
		return 0;
	for (const char *s = name; *s; s++) {
		if ((s == name || s[-1] == '/') &&
		    !((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
			return 0;
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+/", *s))
			return 0;
	}
	return name[n - 1] != '/';
}

/* 1 when the zone's file is a compiled zone (TZif magic). */
static int zone_file_ok(const char *name)
{
	char path[128], magic[4];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", USER_ZONEINFO, name);
	if (!(f = fopen(path, "rb")))
		return 0;
	ok = fread(magic, 1, 4, f) == 4 && !memcmp(magic, "TZif", 4);
	fclose(f);
	return ok;
}

int user_time_zone_ok(const char *zone)
{
	char line[512];
	FILE *f;
	int found = 0;

	if (!zone || !zone_shaped(zone))
		return 0;
	if (!strcmp(zone, "UTC"))
		return 1;
	if (!(f = fopen(USER_ZONEINFO "/zone.tab", "r")))
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		const char *z = tab_zone(line);
		found = z && !strcmp(z, zone);
	}
	fclose(f);
	return found && zone_file_ok(zone);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **user_time_zones(struct arena *a, size_t *n)
{
	size_t cap = 512, k = 1;
	const char **v = arena_calloc(a, cap, sizeof(*v));
	char line[512];
	FILE *f = fopen(USER_ZONEINFO "/zone.tab", "r");

	v[0] = "UTC";
	while (f && fgets(line, sizeof(line), f)) {
		const char *z = tab_zone(line);
		if (!z || !zone_shaped(z))
			continue;
		if (k == cap) {
			const char **more = arena_calloc(a, cap * 2, sizeof(*more));
			memcpy(more, v, cap * sizeof(*v));
			v = more;
			cap *= 2;
		}
		v[k++] = arena_strdup(a, z);
	}
	if (f)
		fclose(f);
	qsort(v + 1, k - 1, sizeof(*v), by_name);
	*n = k;
	return v;
}

int user_time_zone_set(struct ctx *c, long long id, const char *zone, const char **why)
{
	struct db_res *res;

	if (zone && !user_time_zone_ok(zone)) {
		*why = "Time zone is not one of the list.";
		return USER_REFUSED;
	}
	if (db_query(c->db, c->arena, ST_USER_EXISTS, &res, "i", id))
		return -1;
	if (res->nrows != 1)
		return USER_NOT_FOUND;
	return db_exec(c->db, ST_USER_TIME_ZONE_SET, "si", zone, id) < 0 ? -1 : 0;
}
