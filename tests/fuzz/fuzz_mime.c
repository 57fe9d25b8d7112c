/* fuzz_mime.c - libFuzzer target for the e-mail ingestion path of src/core/mime.c: bytes ->
 * mime_parse -> mime_reply_text, every text of the result checked against mime.h's promises
 * (valid UTF-8 for XML, no CR, no control character in a header value, attachment names
 * without '/', bytes inside the arena). The arena is reset per input. See README. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/mime.h"
#include "core/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static volatile unsigned char touched;

static void text_ok(const char *s, int multiline)
{
	size_t n;

	CHECK(s);
	n = strlen(s);
	CHECK(text_valid(s, n));
	CHECK(!memchr(s, '\r', n));
	if (!multiline)
		CHECK(!memchr(s, '\n', n) && !memchr(s, '\t', n));
}

static void opt_ok(const char *s)
{
	if (s)
		text_ok(s, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena a;
	static int ready;
	struct mime_msg m;
	const char *r;

	if (!ready) {
		arena_init(&a);
		ready = 1;
	}
	if (mime_parse(&a, (const char *)data, size, &m) == 0) {
		text_ok(m.from.name, 0);
		text_ok(m.from.addr, 0);
		text_ok(m.subject, 0);
		text_ok(m.text, 1);
		for (size_t i = 0; i < m.nto; i++) {
			text_ok(m.to[i].name, 0);
			text_ok(m.to[i].addr, 0);
		}
		opt_ok(m.message_id);
		opt_ok(m.in_reply_to);
		opt_ok(m.references);
		opt_ok(m.auth_results);
		opt_ok(m.bounce_recipient);
		CHECK(!m.bounce_recipient || m.bounce);
		CHECK(!m.dmarc_pass || m.auth_results);
		for (size_t i = 0; i < m.natts; i++) {
			const struct mime_att *t = &m.atts[i];

			text_ok(t->filename, 0);
			CHECK(*t->filename && !strchr(t->filename, '/') && !strchr(t->filename, '\\'));
			text_ok(t->content_type, 0);
			opt_ok(t->content_id);
			CHECK(t->data && t->data[t->len] == '\0');
			for (size_t j = 0; j < t->len; j++)
				touched ^= t->data[j]; /* read every byte (ASan checks the bounds) */
		}
		r = mime_reply_text(&a, m.text);
		text_ok(r, 1);
		CHECK(strlen(r) <= strlen(m.text));
	} else {
		CHECK(!*m.text && !*m.subject && !m.natts);
	}
	/* the reply stripper on the raw bytes as text (NUL-terminated copy) */
	{
		char *s = arena_strndup(&a, (const char *)data, size);

		r = mime_reply_text(&a, s);
		CHECK(r && strlen(r) <= strlen(s));
	}
	arena_reset(&a);
	return 0;
}
