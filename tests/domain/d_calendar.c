/* d_calendar.c - calendar_create and calendar_revoke without a page. */
#include "harness.h"
#include "core/array.h"
#include "domain/calendar.h"

#include <stdio.h>

/* create PID AUDIENCE|-: prints id=N and token=T (the test checks only its hash is stored). */
static int create(struct ctx *c, char **argv)
{
	char token[TOKEN_LEN + 1];
	long long id = 0;
	int rc = calendar_create(c, harness_id(argv[0]), harness_opt(argv[1]), token, &id);

	if (!rc)
		printf("id=%lld\ntoken=%s\n", id, token);
	return rc;
}

/* revoke PID ID */
static int revoke(struct ctx *c, char **argv)
{
	return calendar_revoke(c, harness_id(argv[0]), harness_id(argv[1]));
}

static const struct scenario scenarios[] = {
	{ "create", "PID team|client|-", 2, create },
	{ "revoke", "PID ID", 2, revoke },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
