/* d_inbound.c - incoming e-mail without a page or a parser (issue 14): a parsed message built by
 * hand from JSON, taken by inbound_take_reply as the IMAP reader's rows are; filing and
 * discarding from the inbox; reply addresses and the tokens a message names. */
#include "harness.h"
#include "core/arena.h"
#include "core/array.h"
#include "core/db.h"
#include "core/mime.h"
#include "domain/inbound.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char *js(struct arena *a, json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? arena_strdup(a, s) : NULL;
}

/* An address: ["Name", "addr"] or "addr". */
static struct mime_addr addr_of(struct arena *a, json_t *v)
{
	if (json_is_string(v))
		return (struct mime_addr){ "", arena_strdup(a, json_string_value(v)) };
	return (struct mime_addr){
		arena_strdup(a, json_string_value(json_array_get(v, 0)) ? json_string_value(json_array_get(v, 0)) : ""),
		arena_strdup(a, json_string_value(json_array_get(v, 1)) ? json_string_value(json_array_get(v, 1)) : ""),
	};
}

/*
 * The message of JSON {"from": ["Name", "addr"], "to": [addr, ...], "subject", "message_id",
 * "in_reply_to", "references", "text", "reply_text" (the reply's new text; default: text),
 * "atts": [{"filename", "content_type", "content_id", "inline": bool, "data": "bytes" or
 * "size": N (N bytes of 'x')}], "auto_reply": bool, "bounce": bool, "bounce_recipient"}, in the
 * arena. -1: not JSON.
 */
static int msg_of(struct arena *a, const char *text, struct mime_msg *m, const char **reply_text)
{
	json_t *o = json_loads(text, 0, NULL), *v, *to, *atts;
	size_t i;

	memset(m, 0, sizeof(*m));
	if (!o)
		return -1;
	m->from = json_object_get(o, "from") ? addr_of(a, json_object_get(o, "from"))
					     : (struct mime_addr){ "", "" };
	to = json_object_get(o, "to");
	m->nto = json_array_size(to);
	m->to = arena_calloc(a, m->nto + 1, sizeof(*m->to));
	json_array_foreach(to, i, v)
		m->to[i] = addr_of(a, v);
	m->subject = js(a, o, "subject") ? js(a, o, "subject") : "";
	m->message_id = js(a, o, "message_id");
	m->in_reply_to = js(a, o, "in_reply_to");
	m->references = js(a, o, "references");
	m->text = js(a, o, "text") ? js(a, o, "text") : "";
	*reply_text = js(a, o, "reply_text") ? js(a, o, "reply_text") : m->text;
	atts = json_object_get(o, "atts");
	m->natts = json_array_size(atts);
	m->atts = arena_calloc(a, m->natts + 1, sizeof(*m->atts));
	json_array_foreach(atts, i, v) {
		struct mime_att *f = &m->atts[i];
		const char *data = json_string_value(json_object_get(v, "data"));

		f->filename = js(a, v, "filename") ? js(a, v, "filename") : "attachment";
		f->content_type = js(a, v, "content_type") ? js(a, v, "content_type") : "application/octet-stream";
		f->content_id = js(a, v, "content_id");
		f->is_inline = json_is_true(json_object_get(v, "inline"));
		if (data) {
			f->len = strlen(data);
			f->data = (const unsigned char *)arena_strdup(a, data);
		} else {
			unsigned char *b;

			f->len = (size_t)json_integer_value(json_object_get(v, "size"));
			b = arena_alloc(a, f->len + 1);
			memset(b, 'x', f->len);
			f->data = b;
		}
	}
	m->auto_reply = json_is_true(json_object_get(o, "auto_reply"));
	m->bounce = json_is_true(json_object_get(o, "bounce"));
	m->bounce_recipient = js(a, o, "bounce_recipient");
	json_decref(o);
	return 0;
}

/* take JSON: a new mail row taken with the message; prints id=N */
static int take(struct ctx *c, char **argv)
{
	struct mime_msg m;
	const char *reply_text;
	long long id;

	if (msg_of(c->arena, argv[0], &m, &reply_text))
		return 99;
	if (db_exec(c->db, ST_INBOUND_TEST_ADD, "si", argv[0], (long long)strlen(argv[0])) != 1)
		return -1;
	id = db_insert_id(c->db);
	printf("id=%lld\n", id);
	return inbound_take_reply(c, id, &m, reply_text);
}

/* take-id ID JSON: mail row ID taken with the message (INBOUND_SKIPPED unless it is 'new') */
static int take_id(struct ctx *c, char **argv)
{
	struct mime_msg m;
	const char *reply_text;

	if (msg_of(c->arena, argv[1], &m, &reply_text))
		return 99;
	return inbound_take_reply(c, harness_id(argv[0]), &m, reply_text);
}

/* add JSON: only the row, state 'new'; prints id=N */
static int add(struct ctx *c, char **argv)
{
	if (db_exec(c->db, ST_INBOUND_TEST_ADD, "si", argv[0], (long long)strlen(argv[0])) != 1)
		return -1;
	printf("id=%lld\n", db_insert_id(c->db));
	return 0;
}

/* file ID PROJECT (--actor: who files it) */
static int file(struct ctx *c, char **argv)
{
	return inbound_file(c, harness_id(argv[0]), harness_id(argv[1]));
}

/* discard ID (--actor) */
static int discard(struct ctx *c, char **argv)
{
	return inbound_discard(c, harness_id(argv[0]));
}

/* reply-to THREAD USER ADDRESS: prints reply_to=... token=... (empty without a mailbox) */
static int reply_to(struct ctx *c, char **argv)
{
	const char *rt, *token;
	int rc = inbound_reply_to(c, harness_id(argv[0]), harness_id(argv[1]), argv[2], &rt, &token);

	printf("reply_to=%s\ntoken=%s\n", rt ? rt : "", token ? token : "");
	return rc;
}

/* token JSON: prints token=... (the one the message names, empty: none) */
static int token(struct ctx *c, char **argv)
{
	struct mime_msg m;
	const char *reply_text;
	char t[33];

	if (msg_of(c->arena, argv[0], &m, &reply_text))
		return 99;
	printf("token=%s\n", inbound_token_of(&m, t) ? t : "");
	return 0;
}

static const struct scenario scenarios[] = {
	{ "take", "JSON", 1, take },
	{ "take-id", "ID JSON", 2, take_id },
	{ "add", "JSON", 1, add },
	{ "file", "ID PROJECT", 2, file },
	{ "discard", "ID", 1, discard },
	{ "reply-to", "THREAD USER ADDRESS", 3, reply_to },
	{ "token", "JSON", 1, token },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
