/* d_approval.c - approval_request, approval_request_change and approval_decide without a page. */
#include "harness.h"
#include "core/array.h"
#include "core/db.h"
#include "domain/approval.h"

#include <stdio.h>

/* request-version PROJECT CLIENT DOC VERSION TITLE CONTACT DUE MESSAGE: one contact asked;
 * prints why=... when refused (issue 16: a version that has not passed its review) */
static int request_version(struct ctx *c, char **argv)
{
	long long contact = harness_id(argv[5]);
	const char *why = NULL;
	int rc = approval_request(c, harness_id(argv[0]), harness_id(argv[1]), argv[4],
				  harness_id(argv[2]), harness_id(argv[3]), 0, &contact, 1,
				  harness_opt(argv[7]), argv[6], &why);

	if (why)
		printf("why=%s\n", why);
	return rc;
}

/* request-change CHANGE CONTACT DUE MESSAGE: prints why=... when refused. */
static int request_change(struct ctx *c, char **argv)
{
	long long contact = harness_id(argv[1]);
	const char *why = NULL;
	int rc = approval_request_change(c, harness_id(argv[0]), &contact, 1, harness_opt(argv[3]),
					 argv[2], &why);

	if (why)
		printf("why=%s\n", why);
	return rc;
}

/* decide APPROVAL approve|changes COMMENT SIGNED ON_BEHALF(0|1): the approval read as the pages
 * read it (ST_APPROVAL_GET); prints why=... when refused; rc 3 when there is no such approval. */
static int decide(struct ctx *c, char **argv)
{
	struct db_res *a;
	const char *why = NULL;
	int rc;

	if (db_query(c->db, c->arena, ST_APPROVAL_GET, &a, "i", harness_id(argv[0])))
		return -1;
	if (a->nrows != 1)
		return APPROVAL_NOT_FOUND;
	rc = approval_decide(c, a, argv[1], harness_opt(argv[2]), argv[3], (int)harness_id(argv[4]),
			     "192.0.2.7", "d_approval", &why);
	if (why)
		printf("why=%s\n", why);
	return rc;
}

static const struct scenario scenarios[] = {
	{ "request-version", "PROJECT CLIENT DOC VERSION TITLE CONTACT DUE MESSAGE|-", 8, request_version },
	{ "request-change", "CHANGE CONTACT DUE MESSAGE|-", 4, request_change },
	{ "decide", "APPROVAL approve|changes COMMENT|- SIGNED ON_BEHALF", 5, decide },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
