/* d_invite.c - invitations and password resets without a page: invite_create,
 * invite_revoke_all, invite_find, invite_use, reset_request_add. */
#include "harness.h"
#include "core/array.h"
#include "core/db.h"
#include "domain/invite.h"

#include <stdio.h>

/* create USER NAME EMAIL: the link mailed (the test reads it from the mail) */
static int create(struct ctx *c, char **argv)
{
	return invite_create(c, harness_id(argv[0]), argv[1], argv[2]);
}

/* revoke USER */
static int revoke_all(struct ctx *c, char **argv)
{
	return invite_revoke_all(c, harness_id(argv[0]));
}

/* find TOKEN RESET(0|1): prints state=open|unknown|used|revoked|expired and, when found,
 * id=N user=N. */
static int find(struct ctx *c, char **argv)
{
	static const char *const names[] = { [TOKEN_OPEN] = "open", [TOKEN_UNKNOWN] = "unknown",
					     [TOKEN_USED] = "used", [TOKEN_REVOKED] = "revoked",
					     [TOKEN_EXPIRED] = "expired" };
	struct db_res *res = NULL;
	enum token_state state;

	if (invite_find(c, argv[0], (int)harness_id(argv[1]), &res, &state))
		return -1;
	printf("state=%s\n", names[state]);
	if (state != TOKEN_UNKNOWN)
		printf("id=%lld\nuser=%lld\n", db_cell_int(res, 0, INVITE_BY_TOKEN_ID),
		       db_cell_int(res, 0, INVITE_BY_TOKEN_USER_ID));
	return 0;
}

/* use INVITE USER RESET(0|1) PWHASH KEEP_SESSION|- */
static int use(struct ctx *c, char **argv)
{
	return invite_use(c, harness_id(argv[0]), harness_id(argv[1]), (int)harness_id(argv[2]),
			  argv[3], harness_opt(argv[4]));
}

/* reset-request EMAIL IP */
static int reset_request(struct ctx *c, char **argv)
{
	return reset_request_add(c, argv[0], harness_opt(argv[1]));
}

static const struct scenario scenarios[] = {
	{ "create", "USER NAME EMAIL", 3, create },
	{ "revoke", "USER", 1, revoke_all },
	{ "find", "TOKEN RESET", 2, find },
	{ "use", "INVITE USER RESET PWHASH KEEP|-", 5, use },
	{ "reset-request", "EMAIL IP|-", 2, reset_request },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
