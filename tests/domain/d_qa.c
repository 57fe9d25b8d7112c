/* d_qa.c - acceptance criteria and the review of a version (domain/qa.h) without a page. */
#include "harness.h"
#include "core/array.h"
#include "domain/qa.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* add MILESTONE DOC TEXT VISIBLE(0|1): one of MILESTONE, DOC 0; prints id=N project=N. */
static int add(struct ctx *c, char **argv)
{
	struct qa_subject s;
	long long id = 0;
	int rc = qa_criterion_add(c, harness_id(argv[0]), harness_id(argv[1]), argv[2],
				  (int)harness_id(argv[3]), &id, &s);

	if (!rc)
		printf("id=%lld\nproject=%lld\n", id, s.project_id);
	return rc;
}

/* update ID TEXT VISIBLE */
static int update(struct ctx *c, char **argv)
{
	struct qa_subject s;

	return qa_criterion_update(c, harness_id(argv[0]), argv[1], (int)harness_id(argv[2]), &s);
}

/* delete ID */
static int delete(struct ctx *c, char **argv)
{
	struct qa_subject s;

	return qa_criterion_delete(c, harness_id(argv[0]), &s);
}

/* state DOC VERSION: prints state=none|in-review|passed|returned and ready=0|1 (why=...). */
static int state(struct ctx *c, char **argv)
{
	enum qa_state st;
	const char *note, *why;
	int ready;

	if (qa_version_state(c, harness_id(argv[0]), harness_id(argv[1]), &st, &note))
		return -1;
	ready = qa_version_ready(c, harness_id(argv[0]), harness_id(argv[1]), &why);
	printf("state=%s\nready=%d\n", qa_state_name(st), ready);
	if (why)
		printf("why=%s\n", why);
	return ready < 0 ? -1 : 0;
}

/* review VERSION pass|return NOTE|- TICKED: TICKED a comma-separated list of criterion ids
 * ("-": none); prints doc=N and the problems. */
static int review(struct ctx *c, char **argv)
{
	struct problems p = { 0 };
	long long ticked[64], doc = 0;
	size_t n = 0;
	int rc;

	if (strcmp(argv[3], "-"))
		for (char *s = argv[3], *end; *s && n < ARRAY_SIZE(ticked); s = *end ? end + 1 : end)
			ticked[n++] = strtoll(s, &end, 10);
	rc = qa_review(c, harness_id(argv[0]), !strcmp(argv[1], "pass"), harness_opt(argv[2]),
		       ticked, n, &p, &doc);
	printf("doc=%lld\n", doc);
	harness_problems(&p);
	return rc;
}

static const struct scenario scenarios[] = {
	{ "add", "MILESTONE DOC TEXT VISIBLE", 4, add },
	{ "update", "ID TEXT VISIBLE", 3, update },
	{ "delete", "ID", 1, delete },
	{ "state", "DOC VERSION", 2, state },
	{ "review", "VERSION pass|return NOTE|- TICKED|-", 4, review },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
