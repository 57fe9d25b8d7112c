/* test_mime.c - core/mime.c on its own: every message of tests/mail/corpus parsed
 * (mime_parse + mime_reply_text) and checked against its .expect; then the reply stripper,
 * the header checks and hostile input, one behaviour per test. Run from the repository root
 * (tests/run.sh does), or with MIME_CORPUS set to the corpus folder.
 *
 * X.expect holds "key: value" lines; a key not given is checked against its default:
 *   parse: 0 | -1           (default 0; -1: nothing else is checked)
 *   from, from_name         exact (from lower-cased)
 *   to                      an address that must be among To/Cc/Delivered-To (repeatable)
 *   subject, in_reply_to    exact
 *   text_contains, text_lacks   a substring of the text, or not (repeatable; \n escapes)
 *   reply_text              mime_reply_text's exact result (\n escapes)
 *   natts                   (default 0)
 *   att                     name | type | inline | size or - | content id or -, in order
 *   auto_reply, bounce, dmarc_pass   0 or 1 (default 0)
 *   bounce_recipient        an address, or - for none (default none)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/array.h"
#include "core/buf.h"
#include "core/mime.h"
#include "core/text.h"

static const char *corpus_dir(void)
{
	const char *d = getenv("MIME_CORPUS");

	return d && *d ? d : "tests/mail/corpus";
}

/* The whole file into b; 0 or -1. */
static int slurp(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	char tmp[4096];
	size_t n;

	if (!f)
		return -1;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_add(b, tmp, n);
	fclose(f);
	return 0;
}

/* "\n" escapes and "\\" undone, in place. */
static char *unescape(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++) {
		if (*r == '\\' && r[1] == 'n') {
			*w++ = '\n';
			r++;
		} else if (*r == '\\' && r[1] == '\\') {
			*w++ = '\\';
			r++;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return s;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Text fit for XML: valid UTF-8, no control character but '\n' and '\t' (and so no CR). */
static void check_text(const char *s, int multiline)
{
	assert_non_null(s);
	assert_true(text_valid(s, strlen(s)));
	assert_null(strchr(s, '\r'));
	if (!multiline) {
		assert_null(strchr(s, '\n'));
		assert_null(strchr(s, '\t'));
	}
}

/* Every promise of mime.h about a parsed message, whatever the input. */
static void check_invariants(const struct mime_msg *m)
{
	check_text(m->from.name, 0);
	check_text(m->from.addr, 0);
	check_text(m->subject, 0);
	check_text(m->text, 1);
	for (size_t i = 0; i < m->nto; i++) {
		check_text(m->to[i].name, 0);
		check_text(m->to[i].addr, 0);
	}
	if (m->message_id)
		check_text(m->message_id, 0);
	if (m->in_reply_to)
		check_text(m->in_reply_to, 0);
	if (m->references)
		check_text(m->references, 0);
	if (m->auth_results)
		check_text(m->auth_results, 0);
	if (m->bounce_recipient)
		check_text(m->bounce_recipient, 0);
	for (size_t i = 0; i < m->natts; i++) {
		const struct mime_att *t = &m->atts[i];

		check_text(t->filename, 0);
		assert_true(*t->filename);
		assert_null(strchr(t->filename, '/'));
		assert_null(strchr(t->filename, '\\'));
		assert_true(strlen(t->filename) <= 200);
		check_text(t->content_type, 0);
		for (const char *p = t->content_type; *p; p++)
			assert_false(*p >= 'A' && *p <= 'Z');
		if (t->content_id)
			check_text(t->content_id, 0);
		assert_non_null(t->data);
	}
}

static int has_to(const struct mime_msg *m, const char *addr)
{
	for (size_t i = 0; i < m->nto; i++)
		if (!strcmp(m->to[i].addr, addr))
			return 1;
	return 0;
}

/* Split "a | b | c" into at most n trimmed fields; how many. */
static size_t fields(char *s, char **f, size_t n)
{
	size_t k = 0;

	while (k < n) {
		char *bar = strchr(s, '|');

		if (bar)
			*bar = '\0';
		f[k++] = trim(s);
		if (!bar)
			break;
		s = bar + 1;
	}
	return k;
}

/* Check one corpus message against its expectations; prints the file name first so a
 * failure says which. */
static void check_one(const char *dir, const char *base)
{
	struct arena a;
	struct buf raw = BUF_INIT, exp = BUF_INIT;
	struct mime_msg m;
	char path[512];
	int rc, want_parse = 0, auto_reply = 0, bounce = 0, dmarc = 0;
	size_t natts = 0, att = 0;
	const char *bounce_recipient = NULL;
	char *line, *save;

	arena_init(&a);
	print_message("corpus: %s\n", base);
	snprintf(path, sizeof(path), "%s/%s.eml", dir, base);
	assert_int_equal(slurp(path, &raw), 0);
	snprintf(path, sizeof(path), "%s/%s.expect", dir, base);
	assert_int_equal(slurp(path, &exp), 0);
	rc = mime_parse(&a, raw.data, raw.len, &m);
	check_invariants(&m);
	for (line = strtok_r(exp.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *colon = strchr(line, ':'), *key, *v;

		if (!colon || line[0] == '#')
			continue;
		*colon = '\0';
		key = trim(line);
		v = unescape(trim(colon + 1));
		if (!strcmp(key, "parse")) {
			want_parse = (int)strtol(v, NULL, 10);
			continue;
		}
		if (rc)
			continue;
		print_message("  %s: %s\n", key, v);
		if (!strcmp(key, "from"))
			assert_string_equal(m.from.addr, v);
		else if (!strcmp(key, "from_name"))
			assert_string_equal(m.from.name, v);
		else if (!strcmp(key, "to"))
			assert_true(has_to(&m, v));
		else if (!strcmp(key, "subject"))
			assert_string_equal(m.subject, v);
		else if (!strcmp(key, "in_reply_to"))
			assert_string_equal(m.in_reply_to ? m.in_reply_to : "(null)", v);
		else if (!strcmp(key, "text_contains"))
			assert_non_null(strstr(m.text, v));
		else if (!strcmp(key, "text_lacks"))
			assert_null(strstr(m.text, v));
		else if (!strcmp(key, "reply_text"))
			assert_string_equal(mime_reply_text(&a, m.text), v);
		else if (!strcmp(key, "natts"))
			natts = (size_t)strtoul(v, NULL, 10);
		else if (!strcmp(key, "auto_reply"))
			auto_reply = (int)strtol(v, NULL, 10);
		else if (!strcmp(key, "bounce"))
			bounce = (int)strtol(v, NULL, 10);
		else if (!strcmp(key, "dmarc_pass"))
			dmarc = (int)strtol(v, NULL, 10);
		else if (!strcmp(key, "bounce_recipient"))
			bounce_recipient = strcmp(v, "-") ? arena_strdup(&a, v) : NULL;
		else if (!strcmp(key, "att")) {
			char *f[5];

			assert_int_equal(fields(v, f, 5), 5);
			assert_true(att < m.natts);
			assert_string_equal(m.atts[att].filename, f[0]);
			assert_string_equal(m.atts[att].content_type, f[1]);
			assert_int_equal(m.atts[att].is_inline, (int)strtol(f[2], NULL, 10));
			if (strcmp(f[3], "-"))
				assert_int_equal(m.atts[att].len, strtoul(f[3], NULL, 10));
			if (strcmp(f[4], "-"))
				assert_string_equal(m.atts[att].content_id ? m.atts[att].content_id : "", f[4]);
			else
				assert_null(m.atts[att].content_id);
			att++;
		} else
			fail_msg("unknown key %s in %s.expect", key, base);
	}
	assert_int_equal(rc, want_parse);
	if (!rc) {
		assert_int_equal(m.natts, natts);
		assert_int_equal(att, natts);
		assert_int_equal(m.auto_reply, auto_reply);
		assert_int_equal(m.bounce, bounce);
		assert_int_equal(m.dmarc_pass, dmarc);
		if (bounce_recipient)
			assert_string_equal(m.bounce_recipient ? m.bounce_recipient : "(null)",
					    bounce_recipient);
		else
			assert_null(m.bounce_recipient);
	}
	buf_release(&raw);
	buf_release(&exp);
	arena_release(&a);
}

/* Every X.eml has its X.expect (and the other way round), and each is met. */
static void corpus(void **state)
{
	const char *dir = corpus_dir();
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char base[256], path[512];
		FILE *f;

		if (len > 4 && len - 4 < sizeof(base) && !strcmp(e->d_name + len - 4, ".eml")) {
			memcpy(base, e->d_name, len - 4);
			base[len - 4] = '\0';
			check_one(dir, base);
			n++;
		} else if (len > 7 && !strcmp(e->d_name + len - 7, ".expect")) {
			snprintf(path, sizeof(path), "%s/%.*s.eml", dir, (int)(len - 7), e->d_name);
			f = fopen(path, "rb");
			assert_non_null(f); /* an .expect without its message */
			fclose(f);
		}
	}
	closedir(d);
	assert_true(n >= 15);
}

static const char *reply(struct arena *a, const char *text)
{
	return mime_reply_text(a, text);
}

static void reply_gmail_wrapped_attribution(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(reply(&a, "Yes.\n\nOn Mon, 7 Dec 2026 at 10:00, Priya Nair <\n"
				      "priya@agency.test> wrote:\n\n> Ready?\n"), "Yes.");
	/* three lines */
	assert_string_equal(reply(&a, "Yes.\nOn Mon, Dec 7, 2026 at 10:00 AM\nPriya Nair\n"
				      "<priya@agency.test> wrote:\n> Ready?\n"), "Yes.");
	/* German Gmail */
	assert_string_equal(reply(&a, "Ja, passt.\n\nAm Mo., 7. Dez. 2026 um 10:00 Uhr schrieb Priya "
				      "Nair <priya@agency.test>:\n> Fertig?\n"), "Ja, passt.");
	arena_release(&a);
}

static void reply_bottom_posted_text_kept(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(reply(&a, "On 7 Dec 2026, at 10:00, Priya <p@a.test> wrote:\n\n> Q1?\n\nA1.\n\n"
				      "> Q2?\n\nA2.\n"), "A1.\n\nA2.");
	arena_release(&a);
}

static void reply_unmarked_quote_after_attribution_cut(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(reply(&a, "Fine by me.\n\nOn Mon, 7 Dec 2026 at 10:00, Priya wrote:\n\n"
				      "Old text that is not marked\nmore old text\n"), "Fine by me.");
	/* no digit: "On ... wrote:" is a sentence of the reply, not an attribution */
	assert_string_equal(reply(&a, "On reflection, here is what Ann wrote:\nit is fine\n"),
			    "On reflection, here is what Ann wrote:\nit is fine");
	arena_release(&a);
}

static void reply_outlook_blocks(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(reply(&a, "Approved.\r\n\r\n________________________________\r\n"
				      "From: Priya <p@a.test>\r\nSent: Monday, 7 December 2026 10:00\r\n"
				      "To: Jonas <j@b.test>\r\nSubject: CR 7\r\n\r\nPlease approve\r\n"),
			    "Approved.");
	assert_string_equal(reply(&a, "Freigegeben.\n\nVon: Priya <p@a.test>\nGesendet: Montag, 7. "
				      "Dezember 2026 10:00\nAn: Jonas <j@b.test>\nBetreff: CR 7\n"),
			    "Freigegeben.");
	assert_string_equal(reply(&a, "OK\n\n*From:* Priya <p@a.test>\n*Date:* Mon, 7 Dec 2026\n"
				      "*Subject:* CR 7\n"), "OK");
	assert_string_equal(reply(&a, "Done.\n\n-----Original Message-----\nFrom: Priya\nhello\n"),
			    "Done.");
	/* a From: line alone (no Sent/To block) is text */
	assert_string_equal(reply(&a, "From: the team, with thanks\nbye"),
			    "From: the team, with thanks\nbye");
	arena_release(&a);
}

static void reply_signatures(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(reply(&a, "Thanks!\n-- \nAnn\n+1 555 0100\n"), "Thanks!");
	assert_string_equal(reply(&a, "Thanks!\n\nSent from my iPhone\n"), "Thanks!");
	assert_string_equal(reply(&a, "Thanks!\n\nGet Outlook for iOS<https://aka.ms/o0ukef>\n"),
			    "Thanks!");
	/* "--" inside a line is text */
	assert_string_equal(reply(&a, "a -- b\nc"), "a -- b\nc");
	arena_release(&a);
}

static void reply_keeps_new_text_intact(void **state)
{
	struct arena a;
	const char *t = "Gr\xc3\xbc\xc3\x9f" "e \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8e\x89\n\n"
			"  indented line\n\tand a tab";

	(void)state;
	arena_init(&a);
	assert_string_equal(reply(&a, t), t);
	assert_string_equal(reply(&a, NULL), "");
	assert_string_equal(reply(&a, ""), "");
	assert_string_equal(reply(&a, "\n\n> only a quote\n"), "");
	arena_release(&a);
}

static void parse_refuses_non_messages(void **state)
{
	struct arena a;
	struct mime_msg m;
	static const char *const bad[] = { "", "\n", "no header here\n", ": empty name\n",
					   " Subject: leading space\n", "\x80\x81: x\n" };

	(void)state;
	arena_init(&a);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(mime_parse(&a, bad[i], strlen(bad[i]), &m), -1);
		assert_string_equal(m.text, "");
		assert_string_equal(m.subject, "");
		assert_string_equal(m.from.addr, "");
		assert_int_equal(m.natts, 0);
	}
	assert_int_equal(mime_parse(&a, NULL, 0, &m), -1);
	arena_release(&a);
}

static void parse_auto_reply_headers(void **state)
{
	struct arena a;
	struct mime_msg m;
	static const struct { const char *hdr; int want; } c[] = {
		{ "Auto-Submitted: auto-replied\n", 1 }, { "Auto-Submitted: auto-generated\n", 1 },
		{ "Auto-Submitted: no\n", 0 }, { "Auto-Submitted: No (a person)\n", 0 },
		{ "Precedence: bulk\n", 1 }, { "Precedence: junk\n", 1 }, { "Precedence: list\n", 1 },
		{ "Precedence: auto_reply\n", 1 }, { "Precedence: first-class\n", 0 },
		{ "X-Autoreply: yes\n", 1 }, { "X-Autorespond: vacation\n", 1 },
		{ "X-Auto-Response-Suppress: All\n", 1 },
		{ "X-Auto-Response-Suppress: DR, RN, NRN, OOF\n", 0 }, { "X-Mailer: Allmail\n", 0 },
	};

	(void)state;
	arena_init(&a);
	for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
		const char *raw = arena_printf(&a, "From: a@b.test\n%sSubject: s\n\nbody\n", c[i].hdr);

		print_message("%s", c[i].hdr);
		assert_int_equal(mime_parse(&a, raw, strlen(raw), &m), 0);
		assert_int_equal(m.auto_reply, c[i].want);
	}
	arena_release(&a);
}

static void parse_dmarc(void **state)
{
	struct arena a;
	struct mime_msg m;
	static const struct { const char *ar; int want; } c[] = {
		{ "mx.test; dmarc=pass header.from=acme.test", 1 },
		{ "mx.test; spf=pass smtp.mailfrom=acme.test; dmarc=pass (p=NONE) header.from=ACME.test", 1 },
		{ "mx.test; dmarc=pass", 1 },
		{ "mx.test; dmarc=pass header.from=evil.test", 0 },
		{ "mx.test; dmarc=pass header.from=acme.test.evil.test", 0 },
		{ "mx.test; dmarc=fail header.from=acme.test", 0 },
		{ "mx.test; dmarc=passive header.from=acme.test", 0 },
		{ "mx.test; dkim=pass; note=dmarc=pass", 0 },
		{ "mx.test; none", 0 },
	};

	(void)state;
	arena_init(&a);
	for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
		const char *raw = arena_printf(&a, "From: Ann <ann@acme.test>\nAuthentication-Results: %s\n"
					       "Subject: s\n\nbody\n", c[i].ar);

		print_message("%s\n", c[i].ar);
		assert_int_equal(mime_parse(&a, raw, strlen(raw), &m), 0);
		assert_string_equal(m.auth_results, c[i].ar);
		assert_int_equal(m.dmarc_pass, c[i].want);
	}
	assert_int_equal(mime_parse(&a, "From: a@b.test\n\nx", 16, &m), 0);
	assert_null(m.auth_results);
	assert_int_equal(m.dmarc_pass, 0);
	arena_release(&a);
}

/* Bytes no charset can hold, NULs and controls in headers and bodies: the result is still
 * valid UTF-8 without control characters. */
static void parse_hostile_bytes(void **state)
{
	struct arena a;
	struct mime_msg m;
	static const char raw[] = "From: \"A\x01\xff\" <A@B.TEST>\nSubject: x\x1b[31m\xc3\x28\xed\xa0\x80 y\n"
				  "Content-Type: text/plain; charset=utf-8\n\n"
				  "ok\x00\x07\xef\xbf\xbe\xc0\xaf end\r\nline\rtwo\n";
	static const char koi[] = "From: a@b.test\nContent-Type: text/plain; charset=koi8-r\n\n"
				  "\xf0\xd2\xc9\xd7\xc5\xd4\n";
	static const char unknown[] = "From: a@b.test\nContent-Type: text/plain; charset=x-no-such\n\n"
				      "caf\xe9\n";

	(void)state;
	arena_init(&a);
	assert_int_equal(mime_parse(&a, raw, sizeof(raw) - 1, &m), 0);
	check_invariants(&m);
	assert_string_equal(m.from.addr, "a@b.test");
	assert_non_null(strstr(m.text, "ok"));
	assert_non_null(strstr(m.text, "end\nline\ntwo"));
	assert_non_null(strstr(m.text, "\xef\xbf\xbd")); /* the bad bytes, replaced */
	assert_int_equal(mime_parse(&a, koi, sizeof(koi) - 1, &m), 0);
	assert_string_equal(m.text, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82\n");
	assert_int_equal(mime_parse(&a, unknown, sizeof(unknown) - 1, &m), 0);
	assert_string_equal(m.text, "caf\xc3\xa9\n");
	arena_release(&a);
}

/* Deeper than 32 levels of multipart: parsed, the deep parts ignored, no crash. */
static void parse_deep_nesting(void **state)
{
	struct arena a;
	struct buf b = BUF_INIT;
	struct mime_msg m;

	(void)state;
	arena_init(&a);
	buf_adds(&b, "From: a@b.test\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n");
	for (int i = 0; i < 60; i++)
		buf_addf(&b, "--b%d\nContent-Type: multipart/mixed; boundary=\"b%d\"\n\n", i, i + 1);
	buf_adds(&b, "--b60\nContent-Type: text/plain\n\ndeep\n");
	assert_int_equal(mime_parse(&a, b.data, b.len, &m), 0);
	check_invariants(&m);
	assert_string_equal(m.text, "");
	buf_release(&b);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(corpus),
		cmocka_unit_test(reply_gmail_wrapped_attribution),
		cmocka_unit_test(reply_bottom_posted_text_kept),
		cmocka_unit_test(reply_unmarked_quote_after_attribution_cut),
		cmocka_unit_test(reply_outlook_blocks),
		cmocka_unit_test(reply_signatures),
		cmocka_unit_test(reply_keeps_new_text_intact),
		cmocka_unit_test(parse_refuses_non_messages),
		cmocka_unit_test(parse_auto_reply_headers),
		cmocka_unit_test(parse_dmarc),
		cmocka_unit_test(parse_hostile_bytes),
		cmocka_unit_test(parse_deep_nesting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
