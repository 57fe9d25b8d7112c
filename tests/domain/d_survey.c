/* d_survey.c - survey_send without a page (the closure survey or a milestone's). */
#include "harness.h"
#include "core/array.h"
#include "domain/survey.h"

/* send PROJECT CLIENT MILESTONE(0: closure) */
static int send(struct ctx *c, char **argv)
{
	return survey_send(c, harness_id(argv[0]), harness_id(argv[1]), harness_id(argv[2]));
}

static const struct scenario scenarios[] = {
	{ "send", "PROJECT CLIENT MILESTONE|0", 3, send },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
