/* d_notify_mail.c - notification e-mails without a page (issue 12): notify, the immediate
 * e-mail, a person's digest, unsubscribe links, reports due and the settable clock. */
#include "harness.h"
#include "core/array.h"
#include "domain/clock.h"
#include "domain/notify.h"
#include "domain/notify_mail.h"
#include "domain/report_due.h"
#include "domain/unsubscribe.h"

#include <stdio.h>

/* notify KIND USER CLIENT PROJECT LINK TEXT DEDUPE|-: one notice (CLIENT, PROJECT 0: none) */
static int d_notify(struct ctx *c, char **argv)
{
	struct notice n = { .user_id = harness_id(argv[1]), .client_id = harness_id(argv[2]),
			    .project_id = harness_id(argv[3]), .link = argv[4], .text = argv[5],
			    .dedupe = harness_opt(argv[6]) };

	if (notify_kind_parse(argv[0], &n.kind)) {
		printf("error=unknown kind\n");
		return -1;
	}
	return notify(c, &n);
}

/* send ID: the notification's e-mail at once */
static int send(struct ctx *c, char **argv)
{
	return notify_mail_send(c, harness_id(argv[0]));
}

/* digest USER: the person's digest due at the clock's now */
static int digest(struct ctx *c, char **argv)
{
	struct clock k;

	if (clock_get(c, &k))
		return -1;
	return notify_digest_user(c, harness_id(argv[0]), k.now, k.zone);
}

/* period CADENCE ZONE: the period due at the clock's now in ZONE ("-": UTC); prints
 * period=... moment=YYYY-MM-DD HH:MM:SS (UTC) */
static int period(struct ctx *c, char **argv)
{
	char p[NOTIFY_PERIOD_LEN + 1], at[20];
	struct clock k;
	time_t moment;

	if (clock_get(c, &k))
		return -1;
	notify_digest_due(argv[0], harness_opt(argv[1]), k.now, p, &moment);
	clock_sql(moment, at);
	printf("period=%s\nmoment=%s\n", p, at);
	return 0;
}

/* url USER CODE: prints url=... (the unsubscribe link) */
static int url(struct ctx *c, char **argv)
{
	const char *u = NULL;
	int rc = unsubscribe_url(c, harness_id(argv[0]), argv[1], &u);

	if (!rc)
		printf("url=%s\n", u);
	return rc;
}

/* find TOKEN: prints user=, code=, label=, email= */
static int find(struct ctx *c, char **argv)
{
	struct unsub_link l;
	int rc = unsubscribe_find(c, argv[0], &l);

	if (!rc)
		printf("user=%lld\ncode=%s\nlabel=%s\nemail=%s\n", l.user_id, l.code, l.label, l.email);
	return rc;
}

/* apply TOKEN: find it, then turn its e-mails off */
static int apply(struct ctx *c, char **argv)
{
	struct unsub_link l;
	int rc = unsubscribe_find(c, argv[0], &l);

	return rc ? rc : unsubscribe_apply(c, &l);
}

/* email_of USER KIND: prints email=now|digest|off (the choice in force) */
static int email_of(struct ctx *c, char **argv)
{
	enum notify_kind k;
	enum notify_email e;
	int rc;

	if (notify_kind_parse(argv[1], &k))
		return -1;
	rc = notify_email_of(c, harness_id(argv[0]), k, &e);
	if (!rc)
		printf("email=%s\n", notify_email_name(e));
	return rc;
}

/* due DATE|-: tell the PMs of the reports due on DATE ("-": the clock's today); prints told=N */
static int due(struct ctx *c, char **argv)
{
	struct clock k;
	char today[11];
	int n;

	if (clock_get(c, &k))
		return -1;
	clock_date(&k, today);
	n = report_due_notify(c, harness_opt(argv[0]) ? argv[0] : today);
	if (n < 0)
		return -1;
	printf("told=%d\n", n);
	return 0;
}

/* clock: prints now=YYYY-MM-DD HH:MM:SS (UTC), zone=..., today=... */
static int clock_(struct ctx *c, char **argv)
{
	struct clock k;
	char now[20], today[11];

	(void)argv;
	if (clock_get(c, &k))
		return -1;
	clock_sql(k.now, now);
	clock_date(&k, today);
	printf("now=%s\nzone=%s\ntoday=%s\n", now, k.zone, today);
	return 0;
}

static const struct scenario scenarios[] = {
	{ "notify", "KIND USER CLIENT PROJECT LINK TEXT DEDUPE|-", 7, d_notify },
	{ "send", "ID", 1, send },
	{ "digest", "USER", 1, digest },
	{ "period", "CADENCE ZONE|-", 2, period },
	{ "url", "USER CODE", 2, url },
	{ "find", "TOKEN", 1, find },
	{ "apply", "TOKEN", 1, apply },
	{ "email_of", "USER KIND", 2, email_of },
	{ "due", "DATE|-", 1, due },
	{ "clock", "", 0, clock_ },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
