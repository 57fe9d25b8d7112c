/* test_mail.c - e-mail formatting: headers, encoded-words, multipart/alternative,
 * quoted-printable, refusal of header injection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <string.h>

#include "core/array.h"
#include "domain/mail.h"

static struct mail_msg sample(void)
{
	struct mail_msg m = { "pm@agency.example", "Agency", "ann@acme.example", "Ann Client",
			      "Please approve", "Hello Ann,\nline two\n", "<p>Hello</p>",
			      "<abc.1@agency.example>", 1700000000, NULL, NULL, NULL, NULL };
	return m;
}

static void headers_present(void **state)
{
	struct mail_msg m = sample();
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(mail_format(&b, &m), 0);
	assert_non_null(strstr(b.data, "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"));
	assert_non_null(strstr(b.data, "From: \"Agency\" <pm@agency.example>\r\n"));
	assert_non_null(strstr(b.data, "To: \"Ann Client\" <ann@acme.example>\r\n"));
	assert_non_null(strstr(b.data, "Subject: Please approve\r\n"));
	assert_non_null(strstr(b.data, "Message-ID: <abc.1@agency.example>\r\n"));
	assert_non_null(strstr(b.data, "MIME-Version: 1.0\r\n"));
	assert_non_null(strstr(b.data, "Content-Type: multipart/alternative; boundary="));
	assert_non_null(strstr(b.data, "Content-Type: text/plain; charset=UTF-8"));
	assert_non_null(strstr(b.data, "Content-Type: text/html; charset=UTF-8"));
	/* every line ends in CRLF: no bare LF */
	for (size_t i = 0; i < b.len; i++)
		if (b.data[i] == '\n')
			assert_true(i > 0 && b.data[i - 1] == '\r');
	buf_release(&b);
}

static void header_injection_refused(void **state)
{
	struct mail_msg m = sample();
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	m.subject = "Hi\r\nBcc: evil@example.com";
	assert_int_equal(mail_format(&b, &m), -1);
	m = sample();
	m.to_name = "Ann\nBcc: x@y.z";
	assert_int_equal(mail_format(&b, &m), -1);
	m = sample();
	m.to_addr = "ann@acme.example>\r\nBcc: x@y.z";
	assert_int_equal(mail_format(&b, &m), -1);
	m = sample();
	m.to_addr = "no-at-sign";
	assert_int_equal(mail_format(&b, &m), -1);
	m = sample();
	m.to_addr = "a@b.c, d@e.f";
	assert_int_equal(mail_format(&b, &m), -1);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void encoded_word_for_non_ascii(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	mail_encode_word(&b, "plain");
	assert_string_equal(b.data, "plain");
	buf_reset(&b);
	mail_encode_word(&b, "Caf\xc3\xa9");
	assert_string_equal(b.data, "=?UTF-8?B?Q2Fmw6k=?=");
	buf_reset(&b);
	/* long text: several words on folded lines, none longer than 76 */
	mail_encode_word(&b, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
			     "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
			     "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
	assert_non_null(strstr(b.data, "?=\r\n =?UTF-8?B?"));
	for (char *line = b.data; line;) {
		char *end = strstr(line, "\r\n");
		assert_true((size_t)((end ? end : b.data + b.len) - line) <= 76);
		line = end ? end + 2 : NULL;
	}
	buf_release(&b);
}

static void quoted_printable_body(void **state)
{
	struct mail_msg m = sample();
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	m.text = "a=b \xc3\xa9\n.dot\n";
	assert_int_equal(mail_format(&b, &m), 0);
	assert_non_null(strstr(b.data, "a=3Db =C3=A9\r\n=2Edot\r\n"));
	buf_release(&b);
	buf_init(&b, 0);
	m.text = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
	assert_int_equal(mail_format(&b, &m), 0);
	assert_non_null(strstr(b.data, "=\r\nxxxx"));
	buf_release(&b);
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
	assert_non_null(strstr(b.data, "\r\nReply-To: <inbox+r0123456789abcdef0123456789abcdef@agency.example>\r\n"));
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
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	m.subject = "Freigabe f\xc3\xbcr Entwurf";
	m.from_name = "Agent \"Q\"";
	assert_int_equal(mail_format(&b, &m), 0);
	assert_non_null(strstr(b.data, "Subject: =?UTF-8?B?"));
	assert_non_null(strstr(b.data, "From: \"Agent \\\"Q\\\"\" <pm@agency.example>"));
	buf_release(&b);
}

/* RFC 8058: a notification e-mail's one-click link in List-Unsubscribe, with the POST
 * header; none without a link; a link that could break the header is refused. */
static void unsubscribe_headers(void **state)
{
	struct mail_msg m = sample();
	struct buf b;
	static const char *const bad[] = { "https://x.test/u/1\r\nBcc: a@b.c", "https://x.test/u/<1>",
					   "javascript:alert(1)", "https://x.test/u 1", "" };

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(mail_format(&b, &m), 0);
	assert_null(strstr(b.data, "List-Unsubscribe"));
	buf_release(&b);
	buf_init(&b, 0);
	m.unsubscribe = "https://pm.example.com/unsubscribe/42-task_assigned-0123456789abcdef0123456789abcdef";
	assert_int_equal(mail_format(&b, &m), 0);
	assert_non_null(strstr(b.data, "\r\nList-Unsubscribe: <https://pm.example.com/unsubscribe/"
				       "42-task_assigned-0123456789abcdef0123456789abcdef>\r\n"
				       "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
	buf_release(&b);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		buf_init(&b, 0);
		m.unsubscribe = bad[i];
		assert_int_equal(mail_format(&b, &m), -1);
		assert_int_equal(b.len, 0);
		buf_release(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(headers_present),
		cmocka_unit_test(header_injection_refused),
		cmocka_unit_test(encoded_word_for_non_ascii),
		cmocka_unit_test(quoted_printable_body),
		cmocka_unit_test(non_ascii_subject_and_names),
		cmocka_unit_test(unsubscribe_headers),
		cmocka_unit_test(reply_to_header),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
