/* d_template.c - project templates (domain/template.h) without a page: a project from a template,
 * a task's edit, a deletion. */
#include "harness.h"
#include "core/arena.h"
#include "core/array.h"
#include "domain/template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* use TID CLIENT NAME PM START FILLS: FILLS is ROLE:USER,... ("-": none); prints pid=N, or the
 * problems when refused. */
static int use(struct ctx *c, char **argv)
{
	struct template_fill *f = arena_calloc(c->arena, 32, sizeof(*f));
	struct problems p = { 0 };
	struct template_use u = {
		.client_id = harness_id(argv[1]), .name = argv[2], .pm_id = harness_id(argv[3]),
		.start_date = argv[4], .fills = f,
	};
	const char *list = harness_opt(argv[5]);
	long long pid = 0;
	size_t n = 0;
	int rc;

	for (char *s = list ? arena_strdup(c->arena, list) : NULL, *next; s && n < 32; s = next) {
		if ((next = strchr(s, ',')))
			*next++ = 0;
		f[n].role_id = strtoll(s, NULL, 10);
		f[n].user_id = strchr(s, ':') ? strtoll(strchr(s, ':') + 1, NULL, 10) : 0;
		n++;
	}
	u.nfills = n;
	rc = template_use(c, harness_id(argv[0]), &u, &pid, &p);
	if (!rc)
		printf("pid=%lld\n", pid);
	harness_problems(&p);
	return rc;
}

/* task TID TASK TITLE START DURATION: the task's title and days (no role, milestone or
 * estimate); problems when refused. */
static int task(struct ctx *c, char **argv)
{
	struct problems p = { 0 };
	struct template_task_in t = {
		.title = argv[2], .start_offset = strtoll(argv[3], NULL, 10),
		.duration = strtoll(argv[4], NULL, 10),
	};
	int rc = template_task_update(c, harness_id(argv[0]), harness_id(argv[1]), &t, &p);

	harness_problems(&p);
	return rc;
}

/* delete TID */
static int delete(struct ctx *c, char **argv)
{
	return template_delete(c, harness_id(argv[0]));
}

static const struct scenario scenarios[] = {
	{ "use", "TID CLIENT NAME PM START ROLE:USER,...|-", 6, use },
	{ "task", "TID TASK TITLE START DURATION", 5, task },
	{ "delete", "TID", 1, delete },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
