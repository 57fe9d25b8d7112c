/* d_client.c - client_create, client_update and the contact changes without a page. */
#include "harness.h"
#include "core/array.h"
#include "domain/client.h"

#include <stdio.h>

/* create NAME DOMAIN|- CADENCE|- SOURCE: prints id=N */
static int create(struct ctx *c, char **argv)
{
	struct client_new n = { .name = argv[0], .domain = harness_opt(argv[1]),
				.cadence = harness_opt(argv[2]), .source = argv[3] };
	long long id = 0;
	int rc = client_create(c, &n, &id);

	if (!rc)
		printf("id=%lld\n", id);
	return rc;
}

/* update ID NAME DOMAIN|- CADENCE NOTES|- */
static int update(struct ctx *c, char **argv)
{
	struct client_new n = { .name = argv[1], .domain = harness_opt(argv[2]),
				.cadence = argv[3], .notes = harness_opt(argv[4]) };

	return client_update(c, harness_id(argv[0]), &n);
}

/* contact CLIENT NAME EMAIL ACCESS: prints id=N */
static int contact(struct ctx *c, char **argv)
{
	long long id = 0;
	int rc = client_contact_create(c, harness_id(argv[0]), argv[1], argv[2], argv[3], &id);

	if (!rc)
		printf("id=%lld\n", id);
	return rc;
}

/* access CLIENT CONTACT TO */
static int access(struct ctx *c, char **argv)
{
	return client_contact_set_access(c, harness_id(argv[0]), harness_id(argv[1]), argv[2]);
}

/* active CLIENT CONTACT 0|1 */
static int active(struct ctx *c, char **argv)
{
	return client_contact_set_active(c, harness_id(argv[0]), harness_id(argv[1]),
					 (int)harness_id(argv[2]));
}

static const struct scenario scenarios[] = {
	{ "create", "NAME DOMAIN|- CADENCE|- SOURCE", 4, create },
	{ "update", "ID NAME DOMAIN|- CADENCE NOTES|-", 5, update },
	{ "contact", "CLIENT NAME EMAIL ACCESS", 4, contact },
	{ "access", "CLIENT CONTACT TO", 3, access },
	{ "active", "CLIENT CONTACT 0|1", 3, active },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
