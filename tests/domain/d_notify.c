/* d_notify.c - notify, notify_read, notify_pref_set, notify_mode_set and user_time_zone_set
 * without a page (issue 12); and notifications written in the change's transaction: a change
 * that notifies, then fails, leaves no notification behind (the harness rolls back on rc != 0). */
#include "harness.h"
#include "core/array.h"
#include "domain/message.h"
#include "domain/notify.h"
#include "domain/plan.h"
#include "domain/user.h"

#include <stdio.h>
#include <stdlib.h>

/* KIND as its enum (exits 2 on an unknown code: a bad test, not a refusal) */
static enum notify_kind kind_arg(const char *code)
{
	enum notify_kind k;

	if (notify_kind_parse(code, &k)) {
		fprintf(stderr, "no such kind: %s\n", code);
		exit(2);
	}
	return k;
}

static enum notify_email email_arg(const char *name)
{
	enum notify_email e;

	if (notify_email_parse(name, &e)) {
		fprintf(stderr, "no such e-mail choice: %s\n", name);
		exit(2);
	}
	return e;
}

static struct notice notice_of(char **argv)
{
	return (struct notice){
		.kind = kind_arg(argv[0]),
		.user_id = harness_id(argv[1]),
		.client_id = harness_id(argv[2]),
		.project_id = harness_id(argv[3]),
		.link = argv[4],
		.text = argv[5],
		.dedupe = harness_opt(argv[6]),
	};
}

/* notify KIND USER CLIENT PROJECT LINK TEXT DEDUPE|-: rc 0 written, 1 skipped */
static int tell(struct ctx *c, char **argv)
{
	struct notice n = notice_of(argv);

	return notify(c, &n);
}

/* notify_then_fail KIND USER CLIENT PROJECT LINK TEXT DEDUPE|-: a change that notifies and
 * then fails (rc 3, rolled back): prints notified=RESULT */
static int tell_then_fail(struct ctx *c, char **argv)
{
	struct notice n = notice_of(argv);

	printf("notified=%d\n", notify(c, &n));
	return 3;
}

/* many USER CLIENT COUNT: COUNT notices of kind "message" (a contact's) or "task_assigned"
 * (staff: CLIENT 0), each its own text "Notice N": prints written=N */
static int many(struct ctx *c, char **argv)
{
	long long client = harness_id(argv[1]), count = harness_id(argv[2]), written = 0;
	int rc = 0;

	for (long long i = 1; i <= count && rc >= 0; i++) {
		char text[64];
		struct notice n = {
			.kind = client ? NK_MESSAGE : NK_TASK_ASSIGNED,
			.user_id = harness_id(argv[0]),
			.client_id = client,
			.link = client ? "/portal" : "/me",
			.text = text,
		};
		snprintf(text, sizeof(text), "Notice %lld", i);
		rc = notify(c, &n);
		written += rc == 0;
	}
	printf("written=%lld\n", written);
	return rc < 0 ? -1 : 0;
}

/* read USER ID (0: all): prints marked=N */
static int read_one(struct ctx *c, char **argv)
{
	long long n = notify_read(c, harness_id(argv[0]), harness_id(argv[1]));

	printf("marked=%lld\n", n);
	return n < 0 ? -1 : 0;
}

/* pref USER KIND now|digest|off */
static int pref(struct ctx *c, char **argv)
{
	return notify_pref_set(c, harness_id(argv[0]), kind_arg(argv[1]), email_arg(argv[2]));
}

/* mode USER now|digest|off */
static int mode(struct ctx *c, char **argv)
{
	return notify_mode_set(c, harness_id(argv[0]), email_arg(argv[1]));
}

/* zone USER ZONE|-: prints why=... when refused */
static int zone(struct ctx *c, char **argv)
{
	const char *why = NULL;
	int rc = user_time_zone_set(c, harness_id(argv[0]), harness_opt(argv[1]), &why);

	if (why)
		printf("why=%s\n", why);
	return rc;
}

/* default KIND staff|contact MODE|-: prints email=now|digest|off */
static int dflt(struct ctx *c, char **argv)
{
	int aud = argv[1][0] == 'c' ? NA_CONTACT : NA_STAFF;

	printf("email=%s\n", notify_email_name(notify_email_default(kind_arg(argv[0]), aud,
								    harness_opt(argv[2]))));
	return 0;
}

#define FAIL 99 /* what the scenarios return after the change: the harness rolls back */

/* reply_then_fail THREAD BODY: a staff reply (it notifies), then the transaction rolls back. */
static int reply_then_fail(struct ctx *c, char **argv)
{
	struct message_new m = { .body = argv[1] };
	long long mid = 0, page = 0;
	int rc = message_reply(c, harness_id(argv[0]), &m, &mid, &page);

	printf("reply_rc=%d\n", rc);
	return rc ? rc : FAIL;
}

/* task_then_fail PROJECT TITLE ASSIGNEE DESCRIPTION: a task assigned (it notifies), then the
 * transaction rolls back. */
static int task_then_fail(struct ctx *c, char **argv)
{
	struct problems p = { 0 };
	struct plan_task_in t = { .title = argv[1], .assignee_id = harness_id(argv[2]),
				  .description = harness_opt(argv[3]), .start_date = "2026-03-02",
				  .due_date = "2026-03-06" };
	long long id = 0;
	int rc = plan_task_create(c, harness_id(argv[0]), &t, &id, &p);

	printf("task_rc=%d\n", rc);
	return rc ? rc : FAIL;
}

/* reply THREAD BODY: a staff reply, committed (prints message=N). */
static int reply(struct ctx *c, char **argv)
{
	struct message_new m = { .body = argv[1] };
	long long mid = 0, page = 0;
	int rc = message_reply(c, harness_id(argv[0]), &m, &mid, &page);

	if (!rc)
		printf("message=%lld\n", mid);
	return rc;
}

static const struct scenario scenarios[] = {
	{ "reply_then_fail", "THREAD BODY", 2, reply_then_fail },
	{ "task_then_fail", "PROJECT TITLE ASSIGNEE DESCRIPTION|-", 4, task_then_fail },
	{ "reply", "THREAD BODY", 2, reply },
	{ "notify", "KIND USER CLIENT PROJECT LINK TEXT DEDUPE|-", 7, tell },
	{ "notify_then_fail", "KIND USER CLIENT PROJECT LINK TEXT DEDUPE|-", 7, tell_then_fail },
	{ "many", "USER CLIENT COUNT", 3, many },
	{ "read", "USER ID", 2, read_one },
	{ "pref", "USER KIND now|digest|off", 3, pref },
	{ "mode", "USER now|digest|off", 2, mode },
	{ "zone", "USER ZONE|-", 2, zone },
	{ "default", "KIND staff|contact MODE|-", 3, dflt },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
