/* d_inbound_mime.c - incoming e-mail from its raw bytes (issue 14): a stored message parsed by
 * core/mime.c and taken (inbound_process), and the outbox worker's batch (inbound_run). Linked
 * once core/mime.c is in the tree (until then the Makefile leaves it out). */
#include "harness.h"
#include "core/array.h"
#include "core/db.h"
#include "domain/inbound.h"

#include <stdio.h>
#include <stdlib.h>

/* The bytes of file path (arena), or NULL. */
static char *slurp(struct ctx *c, const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		if (f)
			fclose(f);
		return NULL;
	}
	p = arena_alloc(c->arena, (size_t)n + 1);
	*len = fread(p, 1, (size_t)n, f);
	p[*len] = '\0';
	fclose(f);
	return p;
}

/* process FILE: the raw message in FILE stored as a new row and processed; prints id=N */
static int process(struct ctx *c, char **argv)
{
	size_t len = 0;
	char *raw = slurp(c, argv[0], &len);

	if (!raw)
		return 99;
	if (db_exec(c->db, ST_INBOUND_TEST_ADD, "si", raw, (long long)len) != 1)
		return -1;
	printf("id=%lld\n", db_insert_id(c->db));
	return inbound_process(c, db_insert_id(c->db));
}

/* run MAX: the 'new' rows taken, each in its own transaction; prints handled=N */
static int run(struct ctx *c, char **argv)
{
	int n;

	db_commit(c->db);
	n = inbound_run(c, (int)harness_id(argv[0]));
	printf("handled=%d\n", n);
	db_begin(c->db);
	return n < 0 ? -1 : 0;
}

static const struct scenario scenarios[] = {
	{ "process", "FILE", 1, process },
	{ "run", "MAX", 1, run },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
