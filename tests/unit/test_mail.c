/* test_mail.c - the outgoing formatter (mail_format over GMime's mime_format): every message
 * is parsed back with mime_parse and each field checked; the bytes are 7-bit with CRLF line
 * ends; header injection is refused in every header value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/arena.h"
#include "core/array.h"
#include "core/mime.h"
#include "domain/mail.h"

static struct mail_msg sample(void)
{
	return (struct mail_msg){ .from_addr = "pm@agency.example", .from_name = "Agency",
				  .to_addr = "ann@acme.example", .to_name = "Ann Client",
				  .subject = "Please approve", .text = "Hello Ann,\nline two\n",
				  .html = "<p>Hello</p>", .message_id = "<abc.1@agency.example>",
				  .date = 1700000000 };
}

/* The header block of raw (up to the first empty line), as a C string in a. */
static const char *head_of(struct arena *a, const struct buf *b)
{
	const char *end = strstr(b->data, "\r\n\r\n");

	assert_non_null(end);
	return arena_strndup(a, b->data, (size_t)(end - b->data) + 2);
}

/* The message is 7-bit, every line ends in CRLF and none is longer than 998 bytes. */
static void check_wire(const struct buf *b)
{
	size_t col = 0;

	for (size_t i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->data[i];

		assert_true(c < 0x80);
		assert_true(c != '\0');
		if (c == '\n') {
			assert_true(i > 0 && b->data[i - 1] == '\r');
			col = 0;
		} else {
			assert_true(c != '\r' || (i + 1 < b->len && b->data[i + 1] == '\n'));
			col++;
			assert_true(col <= 998);
		}
	}
}

/* Format m into b and parse it back into *p (both must succeed). */
static void round_trip(struct arena *a, struct buf *b, const struct mail_msg *m, struct mime_msg *p)
{
	assert_int_equal(mail_format(b, m), 0);
	check_wire(b);
	assert_int_equal(mime_parse(a, b->data, b->len, p), 0);
}

static void every_field_parses_back(void **state)
{
	struct mail_msg m = sample();
	struct arena a;
	struct buf b = BUF_INIT;
	struct mime_msg p;
	const char *head;

	(void)state;
	arena_init(&a);
	round_trip(&a, &b, &m, &p);
	head = head_of(&a, &b);
	assert_string_equal(p.from.addr, "pm@agency.example");
	assert_string_equal(p.from.name, "Agency");
	assert_int_equal(p.nto, 1);
	assert_string_equal(p.to[0].addr, "ann@acme.example");
	assert_string_equal(p.to[0].name, "Ann Client");
	assert_string_equal(p.subject, "Please approve");
	assert_string_equal(p.message_id, "<abc.1@agency.example>");
	assert_string_equal(p.text, "Hello Ann,\nline two\n");
	assert_int_equal(p.natts, 0); /* the HTML alternative is body, not an attachment */
	assert_null(p.in_reply_to);
	assert_null(p.references);
	assert_int_equal(p.auto_reply, 1); /* we say Auto-Submitted: auto-generated */
	assert_int_equal(p.bounce, 0);
	assert_non_null(strstr(head, "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"));
	assert_non_null(strstr(head, "MIME-Version: 1.0\r\n"));
	assert_non_null(strstr(head, "Auto-Submitted: auto-generated\r\n"));
	assert_non_null(strstr(head, "Content-Type: multipart/alternative; boundary="));
	assert_null(strstr(head, "Reply-To:"));
	assert_null(strstr(head, "In-Reply-To:"));
	assert_null(strstr(head, "References:"));
	assert_null(strstr(head, "List-Unsubscribe"));
	/* the parts: plain before html, both UTF-8 */
	assert_non_null(strstr(b.data, "Content-Type: text/plain; charset=utf-8"));
	assert_non_null(strstr(b.data, "Content-Type: text/html; charset=utf-8"));
	assert_true(strstr(b.data, "text/plain") < strstr(b.data, "text/html"));
	buf_release(&b);
	arena_release(&a);
}

/* The HTML part carries the same message: with an empty text part, mime_parse falls back to
 * it and turns it into text. */
static void html_part_parses_back(void **state)
{
	struct mail_msg m = sample();
	struct arena a;
	struct buf b = BUF_INIT;
	struct mime_msg p;

	(void)state;
	arena_init(&a);
	m.text = "";
	m.html = "<html><body><p>Hello <b>Ann</b>,</p><p>caf\xc3\xa9 &amp; co</p></body></html>";
	round_trip(&a, &b, &m, &p);
	assert_string_equal(p.text, "Hello Ann,\n\ncaf\xc3\xa9 & co");
	buf_release(&b);
	arena_release(&a);
}

/* issue 14: a thread's mail names the address replies go to; a bad one is refused */
static void reply_to_header(void **state)
{
	struct mail_msg m = sample();
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(mail_format(&b, &m), 0);
	assert_null(strstr(b.data, "Reply-To:"));
	buf_release(&b);
	buf_init(&b, 0);
	m.reply_to = "inbox+r0123456789abcdef0123456789abcdef@agency.example";
	assert_int_equal(mail_format(&b, &m), 0);
	assert_non_null(strstr(b.data, "\r\nReply-To: "));
	assert_non_null(strstr(b.data, "inbox+r0123456789abcdef0123456789abcdef@agency.example"));
	buf_release(&b);
	buf_init(&b, 0);
	m.reply_to = "inbox@agency.example>\r\nBcc: x@evil.example";
	assert_int_equal(mail_format(&b, &m), -1);
	assert_int_equal((int)b.len, 0);
	buf_release(&b);
}

static void non_ascii_subject_and_names(void **state)
{
	struct mail_msg m = sample();
	struct arena a;
	struct buf b = BUF_INIT;
	struct mime_msg p;
	const char *head;

	(void)state;
	arena_init(&a);
	m.subject = "Freigabe f\xc3\xbcr Entwurf \xe2\x80\x93 \xe2\x9c\x93 Gr\xc3\xb6\xc3\x9f" "e aus K\xc3\xb6ln, "
		    "mit einem sehr langen Betreff, der gefaltet werden muss \xf0\x9f\x8e\x89";
	m.from_name = "Agentur M\xc3\xbcller";
	m.to_name = "Zo\xc3\xab \"Q\" O'Brien, Jr.";
	m.text = "Gr\xc3\xbc\xc3\x9f" "e \xe2\x82\xac 12\n=equals= and trailing space \n.dot line\n";
	round_trip(&a, &b, &m, &p);
	head = head_of(&a, &b);
	assert_string_equal(p.subject, m.subject);
	assert_string_equal(p.from.name, m.from_name);
	assert_string_equal(p.to[0].name, m.to_name);
	assert_string_equal(p.to[0].addr, "ann@acme.example");
	assert_string_equal(p.text, m.text);
	/* encoded-words in UTF-8, never raw 8-bit (check_wire) */
	assert_non_null(strstr(head, "=?utf-8?") ? strstr(head, "=?utf-8?") : strstr(head, "=?UTF-8?"));
	assert_null(strstr(head, "iso-8859-1"));
	buf_release(&b);
	arena_release(&a);
}

static void long_lines_are_wrapped(void **state)
{
	struct mail_msg m = sample();
	struct arena a;
	struct buf b = BUF_INIT;
	struct mime_msg p;
	char text[2100];

	(void)state;
	arena_init(&a);
	memset(text, 'x', 2000);
	memcpy(text + 2000, "\nend\n", 6);
	m.text = text;
	round_trip(&a, &b, &m, &p); /* check_wire: no line over 998 */
	assert_string_equal(p.text, text);
	buf_release(&b);
	arena_release(&a);
}

/* The replies helper sets Reply-To (the token address), In-Reply-To and References. */
static void reply_headers(void **state)
{
	struct mail_msg m = sample();
	struct arena a;
	struct buf b = BUF_INIT;
	struct mime_msg p;
	const char *head;

	(void)state;
	arena_init(&a);
	m.reply_to = "projects+rabc123@agency.example";
	m.in_reply_to = "<r1.x@agency.example>";
	m.references = "<r0.x@agency.example> <r1.x@agency.example>";
	m.message_id = "<rabc123.77@agency.example>";
	round_trip(&a, &b, &m, &p);
	head = head_of(&a, &b);
	assert_string_equal(p.in_reply_to, "<r1.x@agency.example>");
	assert_string_equal(p.references, "<r0.x@agency.example> <r1.x@agency.example>");
	assert_string_equal(p.message_id, "<rabc123.77@agency.example>");
	assert_non_null(strstr(head, "\r\nReply-To: projects+rabc123@agency.example\r\n"));
	buf_release(&b);
	arena_release(&a);
}

/* RFC 8058: a notification e-mail's one-click link in List-Unsubscribe, with the POST
 * header; none without a link; a link that could break the header is refused. */
static void unsubscribe_headers(void **state)
{
	struct mail_msg m = sample();
	struct arena a;
	struct buf b = BUF_INIT;
	struct mime_msg p;
	static const char *const bad[] = { "https://x.test/u/1\r\nBcc: a@b.c", "https://x.test/u/<1>",
					   "javascript:alert(1)", "https://x.test/u 1", "" };

	(void)state;
	arena_init(&a);
	m.unsubscribe = "https://pm.example.com/unsubscribe/42-task_assigned-0123456789abcdef0123456789abcdef";
	round_trip(&a, &b, &m, &p);
	assert_non_null(strstr(b.data, "\r\nList-Unsubscribe: <https://pm.example.com/unsubscribe/"
				       "42-task_assigned-0123456789abcdef0123456789abcdef>\r\n"));
	assert_non_null(strstr(b.data, "\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
	buf_release(&b);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		m.unsubscribe = bad[i];
		assert_int_equal(mail_format(&b, &m), -1);
		assert_int_equal(b.len, 0);
	}
	arena_release(&a);
}

/* CR or LF (or another control character) in any header value, or a broken address,
 * refuses the whole message and writes nothing. */
static void header_injection_refused(void **state)
{
	struct buf b = BUF_INIT;
	static const char *const evil[] = { "x\r\nBcc: evil@example.com", "x\nBcc: evil@example.com",
					    "x\rBcc: evil@example.com", "x\001y" };
	const char **field[8];
	struct mail_msg m;

	(void)state;
	for (size_t e = 0; e < ARRAY_SIZE(evil); e++) {
		for (size_t f = 0; f < ARRAY_SIZE(field); f++) {
			m = sample();
			m.reply_to = "r@agency.example";
			m.in_reply_to = "<a@b>";
			m.references = "<a@b>";
			field[0] = &m.subject;
			field[1] = &m.from_name;
			field[2] = &m.to_name;
			field[3] = &m.message_id;
			field[4] = &m.in_reply_to;
			field[5] = &m.references;
			field[6] = &m.to_addr;
			field[7] = &m.reply_to;
			*field[f] = evil[e];
			assert_int_equal(mail_format(&b, &m), -1);
			assert_int_equal(b.len, 0);
		}
	}
	{
		static const char *const bad_addr[] = { "no-at-sign", "a@b.c, d@e.f", "@b.c", "a@",
							"a b@c.d", "<a@b.c>", "\"x\"@y.z", "a@b.c;" };

		for (size_t i = 0; i < ARRAY_SIZE(bad_addr); i++) {
			m = sample();
			m.to_addr = bad_addr[i];
			assert_int_equal(mail_format(&b, &m), -1);
			m = sample();
			m.from_addr = bad_addr[i];
			assert_int_equal(mail_format(&b, &m), -1);
			m = sample();
			m.reply_to = bad_addr[i];
			assert_int_equal(mail_format(&b, &m), -1);
		}
	}
	m = sample();
	m.message_id = "<no-at-sign>";
	assert_int_equal(mail_format(&b, &m), -1);
	assert_int_equal(b.len, 0);
	/* the same message without the poison is fine */
	m = sample();
	assert_int_equal(mail_format(&b, &m), 0);
	assert_true(b.len > 0);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_field_parses_back),
		cmocka_unit_test(html_part_parses_back),
		cmocka_unit_test(non_ascii_subject_and_names),
		cmocka_unit_test(long_lines_are_wrapped),
		cmocka_unit_test(reply_headers),
		cmocka_unit_test(unsubscribe_headers),
		cmocka_unit_test(header_injection_refused),
		cmocka_unit_test(reply_to_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
