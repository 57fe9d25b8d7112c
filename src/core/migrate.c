/* migrate.c - numbered schema migrations, applied once each, and the demo data set. */
#include "core/migrate.h"
#include "core/log.h"
#include "core/crypto.h"

#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	long n;

	if (!f) {
		log_error("migrate: %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		p = malloc((size_t)n + 1);
		if (p && fread(p, 1, (size_t)n, f) == (size_t)n) {
			p[n] = '\0';
			*len = (size_t)n;
		} else {
			free(p);
			p = NULL;
		}
	}
	fclose(f);
	return p;
}

static int is_migration(const char *name)
{
	size_t n = strlen(name);

	return n > 8 && name[0] >= '0' && name[0] <= '9' && name[1] >= '0' && name[1] <= '9' &&
	       name[2] >= '0' && name[2] <= '9' && name[3] == '_' && !strcmp(name + n - 4, ".sql");
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int filter(const struct dirent *d)
{
	return is_migration(d->d_name);
}

int migrate_run(struct db *db, const char *dir)
{
	struct dirent **list = NULL;
	struct db_res *done;
	struct arena a;
	int n, rc = 0;

	arena_init(&a);
	if (db_exec(db, ST_MIGRATIONS_TABLE, "") < 0 ||
	    db_query(db, &a, ST_MIGRATIONS_DONE, &done, "")) {
		arena_release(&a);
		return -1;
	}
	n = scandir(dir, &list, filter, by_name);
	if (n < 0) {
		log_error("migrate: %s: %s", dir, strerror(errno));
		arena_release(&a);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		const char *name = list[i]->d_name;
		int applied = 0;
		char path[4096];
		size_t len;
		char *sql;

		for (size_t k = 0; k < done->nrows; k++)
			if (!strcmp(db_cell(done, k, MIGRATIONS_DONE_VERSION), name))
				applied = 1;
		if (applied || rc)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		sql = read_file(path, &len);
		if (!sql || db_run_script(db, sql, len, name) ||
		    db_exec(db, ST_MIGRATION_ADD, "s", name) < 0) {
			log_error("migrate: %s failed", name);
			rc = -1;
		} else {
			printf("applied %s\n", name);
		}
		free(sql);
	}
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
	arena_release(&a);
	return rc;
}

static int is_demo_part(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 9 && !strncmp(d->d_name, "demo_", 5) && !strcmp(d->d_name + n - 4, ".sql");
}

/* Run one demo file of dir inside the open transaction. */
static int run_demo_file(struct db *db, const char *dir, const char *name)
{
	char path[4096];
	size_t len;
	char *sql;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	sql = read_file(path, &len);
	if (!sql)
		return -1;
	rc = db_run_script(db, sql, len, name);
	free(sql);
	return rc;
}

int migrate_seed_demo(struct db *db, const char *dir)
{
	struct arena a;
	struct db_res *res;
	struct dirent **parts = NULL;
	char hash[crypto_pwhash_STRBYTES];
	int rc = -1, nparts;

	arena_init(&a);
	if (db_query(db, &a, ST_USERS_TOTAL, &res, ""))
		goto out;
	if (db_cell_int(res, 0, USERS_TOTAL_N) > 0) {
		printf("demo data: the database has users already; nothing loaded\n");
		rc = 0;
		goto out;
	}
	if (crypto_password_hash("tandem-demo", hash, sizeof(hash)))
		goto out;
	/* demo.sql first, then each area's demo_*.sql in name order, as one transaction */
	nparts = scandir(dir, &parts, is_demo_part, by_name);
	if (nparts < 0)
		goto out;
	if (db_begin(db) == 0) {
		int ok = run_demo_file(db, dir, "demo.sql") == 0;
		for (int i = 0; ok && i < nparts; i++)
			ok = run_demo_file(db, dir, parts[i]->d_name) == 0;
		if (ok && db_exec(db, ST_USER_DEMO_PASSWORDS, "s", hash) > 0 && db_commit(db) == 0) {
			printf("demo data loaded\n");
			rc = 0;
		} else {
			db_rollback(db);
		}
	}
	for (int i = 0; i < nparts; i++)
		free(parts[i]);
	free(parts);
out:
	arena_release(&a);
	return rc;
}
