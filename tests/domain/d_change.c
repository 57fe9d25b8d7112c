/* d_change.c - change_decide without a page. */
#include "harness.h"
#include "core/array.h"
#include "domain/change.h"

#include <stdio.h>

/* decide ID TO DECIDED_BY NOTE: prints why=... when refused. */
static int decide(struct ctx *c, char **argv)
{
	const char *why = NULL;
	int rc = change_decide(c, harness_id(argv[0]), argv[1], harness_opt(argv[3]),
			       harness_id(argv[2]), &why);

	if (why)
		printf("why=%s\n", why);
	return rc;
}

static const struct scenario scenarios[] = {
	{ "decide", "ID approved|rejected DECIDED_BY NOTE|-", 4, decide },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
