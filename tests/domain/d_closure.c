/* d_closure.c - the closure checklist (domain/closure.h) and the debrief with its lessons
 * (domain/debrief.h) without a page. */
#include "harness.h"
#include "core/array.h"
#include "domain/closure.h"
#include "domain/debrief.h"

#include <stdio.h>

/* checklist PID: prints open=N and code=count for each item. */
static int checklist(struct ctx *c, char **argv)
{
	struct closure_list l;

	if (closure_checklist(c, harness_id(argv[0]), &l))
		return -1;
	printf("open=%d\n", l.open);
	for (int i = 0; i < CLOSURE__COUNT; i++)
		printf("%s=%lld\n", closure_item_code((enum closure_item)i), l.n[i]);
	return 0;
}

/* tags TEXT: prints n=N and tagK=... (or why=...). */
static int tags(struct ctx *c, char **argv)
{
	const char **t, *why;
	size_t n;
	int rc = debrief_tags_parse(c->arena, argv[0], &t, &n, &why);

	if (rc) {
		printf("why=%s\n", why);
		return rc;
	}
	printf("n=%zu\n", n);
	for (size_t i = 0; i < n; i++)
		printf("tag%zu=%s\n", i, t[i]);
	return 0;
}

/* debrief PID WELL|- BADLY|- */
static int debrief(struct ctx *c, char **argv)
{
	return debrief_save(c, harness_id(argv[0]), harness_opt(argv[1]), harness_opt(argv[2]));
}

/* lesson_add PID TEXT TAGS|-: prints id=N and the problems. */
static int lesson_add(struct ctx *c, char **argv)
{
	struct problems p = { 0 };
	long long id = 0;
	int rc = debrief_lesson_add(c, harness_id(argv[0]), argv[1], harness_opt(argv[2]), &p, &id);

	if (!rc)
		printf("id=%lld\n", id);
	harness_problems(&p);
	return rc;
}

/* lesson_update ID TEXT TAGS|-: prints pid=N and the problems. */
static int lesson_update(struct ctx *c, char **argv)
{
	struct problems p = { 0 };
	long long pid = 0;
	int rc = debrief_lesson_update(c, harness_id(argv[0]), argv[1], harness_opt(argv[2]), &p, &pid);

	printf("pid=%lld\n", pid);
	harness_problems(&p);
	return rc;
}

/* lesson_delete ID: prints pid=N. */
static int lesson_delete(struct ctx *c, char **argv)
{
	long long pid = 0;
	int rc = debrief_lesson_delete(c, harness_id(argv[0]), &pid);

	printf("pid=%lld\n", pid);
	return rc;
}

static const struct scenario scenarios[] = {
	{ "checklist", "PID", 1, checklist },
	{ "tags", "TEXT", 1, tags },
	{ "debrief", "PID WELL|- BADLY|-", 3, debrief },
	{ "lesson_add", "PID TEXT TAGS|-", 3, lesson_add },
	{ "lesson_update", "ID TEXT TAGS|-", 3, lesson_update },
	{ "lesson_delete", "ID", 1, lesson_delete },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
