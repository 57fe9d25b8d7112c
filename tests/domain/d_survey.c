/* d_survey.c - survey_send (the closure survey or a milestone's), survey_plan_set and
 * survey_answer without a page. */
#include "harness.h"
#include "core/array.h"
#include "domain/survey.h"

#include <stdio.h>

/* send PROJECT CLIENT MILESTONE(0: closure) */
static int send(struct ctx *c, char **argv)
{
	return survey_send(c, harness_id(argv[0]), harness_id(argv[1]), harness_id(argv[2]));
}

/* plan PROJECT KIND MILESTONE(0: none) AT_CLOSURE(0|1): prints field=... why=... when refused. */
static int plan(struct ctx *c, char **argv)
{
	const char *field, *why;
	int rc = survey_plan_set(c, harness_id(argv[0]), argv[1], harness_id(argv[2]),
				 (int)harness_id(argv[3]), &field, &why);

	if (field)
		printf("field=%s\nwhy=%s\n", field, why);
	return rc;
}

/* answer SURVEY SCORE COMMENT|-: prints field=... why=... when refused. */
static int answer(struct ctx *c, char **argv)
{
	const char *field, *why;
	int rc = survey_answer(c, harness_id(argv[0]), harness_id(argv[1]), harness_opt(argv[2]),
			       &field, &why);

	if (field)
		printf("field=%s\nwhy=%s\n", field, why);
	return rc;
}

static const struct scenario scenarios[] = {
	{ "send", "PROJECT CLIENT MILESTONE|0", 3, send },
	{ "plan", "PROJECT KIND MILESTONE|0 AT_CLOSURE", 4, plan },
	{ "answer", "SURVEY SCORE COMMENT|-", 3, answer },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
