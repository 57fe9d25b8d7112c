/* harness.c - the common part of the domain drivers (see harness.h). */
#include "harness.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/db.h"
#include "core/log.h"
#include "core/xslt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long long harness_id(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end) {
		fprintf(stderr, "not a number: %s\n", s);
		exit(2);
	}
	return v;
}

const char *harness_opt(const char *s)
{
	return (!*s || !strcmp(s, "-")) ? NULL : s;
}

void harness_problems(const struct problems *p)
{
	for (int i = 0; i < p->n; i++)
		printf("problem%d=%s: %s\n", i, p->v[i].field ? p->v[i].field : "-", p->v[i].msg);
}

static int usage(const char *prog, const struct scenario *s, size_t n)
{
	fprintf(stderr, "usage: TANDEM_CONF=path %s [--actor ID] SCENARIO ARGS...\n", prog);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "  %s %s\n", s[i].name, s[i].args);
	return 2;
}

int harness_main(int argc, char **argv, const struct scenario *s, size_t n)
{
	const char *prog = argv[0];
	long long actor = 0;
	const struct scenario *sc = NULL;
	struct config cfg;
	struct arena arena, *a = &arena;
	struct db *db;
	struct ctx c;
	int rc;

	argv++, argc--;
	if (argc >= 2 && !strcmp(argv[0], "--actor")) {
		actor = harness_id(argv[1]);
		argv += 2, argc -= 2;
	}
	if (argc < 1)
		return usage(prog, s, n);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s[i].name, argv[0]))
			sc = &s[i];
	if (!sc || argc - 1 != sc->nargs)
		return usage(prog, s, n);
	if (config_load(&cfg, getenv("TANDEM_CONF")))
		return 2;
	arena_init(a);
	db = db_open(&cfg);
	if (!db || xslt_init(cfg.xslt_dir)) {
		fprintf(stderr, "%s: no database or stylesheets\n", prog);
		return 2;
	}
	c = ctx_init(db, a, &cfg);
	c.actor_id = actor;
	if (db_begin(db)) {
		fprintf(stderr, "%s: BEGIN failed\n", prog);
		return 2;
	}
	rc = sc->run(&c, argv + 1);
	if (rc == 0 ? db_commit(db) : (db_rollback(db), 0)) {
		fprintf(stderr, "%s: COMMIT failed\n", prog);
		return 2;
	}
	printf("rc=%d\n", rc);
	xslt_release();
	db_close(db);
	arena_release(a);
	config_release(&cfg);
	return 0;
}
