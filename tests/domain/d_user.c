/* d_user.c - user_create, user_update and user_set_active without a page. */
#include "harness.h"
#include "core/array.h"
#include "domain/user.h"

#include <stdio.h>

/* create NAME EMAIL ROLE PASSWORD: prints id=N */
static int create(struct ctx *c, char **argv)
{
	struct user_new u = { .name = argv[0], .email = argv[1], .role = argv[2],
			      .password = argv[3], .hourly_rate = 9000 };
	long long id = 0;
	int rc = user_create(c, &u, &id);

	if (!rc)
		printf("id=%lld\n", id);
	return rc;
}

/* update ID NAME ROLE RATE CURRENCY|-: prints why=... when refused */
static int update(struct ctx *c, char **argv)
{
	const char *why = NULL;
	int rc = user_update(c, harness_id(argv[0]), argv[1], argv[2], harness_id(argv[3]),
			     harness_opt(argv[4]), &why);

	if (why)
		printf("why=%s\n", why);
	return rc;
}

/* active ID 0|1: prints why=... when refused */
static int active(struct ctx *c, char **argv)
{
	const char *why = NULL;
	int rc = user_set_active(c, harness_id(argv[0]), (int)harness_id(argv[1]), &why);

	if (why)
		printf("why=%s\n", why);
	return rc;
}

static const struct scenario scenarios[] = {
	{ "create", "NAME EMAIL ROLE PASSWORD", 4, create },
	{ "update", "ID NAME ROLE RATE CURRENCY|-", 5, update },
	{ "active", "ID 0|1", 2, active },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
