/* d_message.c - message_thread_start and message_reply without a page. */
#include "harness.h"
#include "core/array.h"
#include "domain/document.h"
#include "domain/message.h"

#include <stdio.h>

/* The attachment of a scenario: NAME|- and SHA256 (a text file of 5 bytes), or none. */
static const struct doc_file *attachment(struct doc_file *f, const char *name, const char *sha)
{
	if (!harness_opt(name))
		return NULL;
	*f = (struct doc_file){ name, "text/plain", 5, sha };
	return f;
}

/* start PROJECT SUBJECT BODY INTERNAL FROM_CLIENT FILE|- SHA256|-: prints thread=N message=N. */
static int start(struct ctx *c, char **argv)
{
	struct doc_file f;
	struct message_new m = { .subject = argv[1], .body = argv[2],
				 .internal = (int)harness_id(argv[3]),
				 .from_client = (int)harness_id(argv[4]),
				 .file = attachment(&f, argv[5], argv[6]) };
	long long tid = 0, mid = 0;
	int rc = message_thread_start(c, harness_id(argv[0]), &m, &tid, &mid);

	if (!rc)
		printf("thread=%lld\nmessage=%lld\n", tid, mid);
	return rc;
}

/* reply THREAD BODY FROM_CLIENT FILE|- SHA256|-: prints message=N page=N. */
static int reply(struct ctx *c, char **argv)
{
	struct doc_file f;
	struct message_new m = { .body = argv[1], .from_client = (int)harness_id(argv[2]),
				 .file = attachment(&f, argv[3], argv[4]) };
	long long mid = 0, page = 0;
	int rc = message_reply(c, harness_id(argv[0]), &m, &mid, &page);

	if (!rc)
		printf("message=%lld\npage=%lld\n", mid, page);
	return rc;
}

static const struct scenario scenarios[] = {
	{ "start", "PROJECT SUBJECT BODY INTERNAL FROM_CLIENT FILE|- SHA256|-", 7, start },
	{ "reply", "THREAD BODY FROM_CLIENT FILE|- SHA256|-", 5, reply },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
