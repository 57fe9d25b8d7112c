/* d_risk.c - risk_create, risk_update and risk_check without a page. */
#include "harness.h"
#include "core/array.h"
#include "domain/risk.h"

#include <stdio.h>

/* The risk of argv: TITLE PROBABILITY IMPACT OWNER(0: nobody) MITIGATION|- */
static struct risk_in risk_of(char **argv)
{
	return (struct risk_in){
		.title = argv[0], .probability = harness_id(argv[1]), .impact = harness_id(argv[2]),
		.owner_id = harness_id(argv[3]), .mitigation = harness_opt(argv[4]),
	};
}

/* create PID TITLE PROBABILITY IMPACT OWNER MITIGATION: id=N, or why=... when refused. */
static int create(struct ctx *c, char **argv)
{
	struct risk_in r = risk_of(argv + 1);
	const char *why = NULL;
	long long id = 0;
	int rc = risk_create(c, harness_id(argv[0]), &r, &id, &why);

	if (!rc)
		printf("id=%lld\n", id);
	if (why)
		printf("why=%s\n", why);
	return rc;
}

/* update ID TITLE PROBABILITY IMPACT OWNER MITIGATION STATUS: why=... when refused. */
static int update(struct ctx *c, char **argv)
{
	struct risk_in r = risk_of(argv + 1);
	const char *why = NULL;
	int rc;

	r.status = argv[6];
	rc = risk_update(c, harness_id(argv[0]), &r, &why);
	if (why)
		printf("why=%s\n", why);
	return rc;
}

/* check PID OWNER: why=... when refused. */
static int check(struct ctx *c, char **argv)
{
	const char *why = NULL;
	int rc = risk_check(c, harness_id(argv[0]), harness_id(argv[1]), &why);

	if (why)
		printf("why=%s\n", why);
	return rc;
}

static const struct scenario scenarios[] = {
	{ "create", "PID TITLE PROBABILITY IMPACT OWNER|0 MITIGATION|-", 6, create },
	{ "update", "ID TITLE PROBABILITY IMPACT OWNER|0 MITIGATION|- STATUS", 7, update },
	{ "check", "PID OWNER|0", 2, check },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
