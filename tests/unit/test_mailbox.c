/* test_mailbox.c - the mailbox settings' pure checks (issue 14): a host as the form takes it, and
 * a folder name the IMAP reader can put in a command and a URL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/array.h"
#include "domain/mailbox.h"

static void hosts(void **state)
{
	static const char *const good[] = { "imap.example.com", "127.0.0.1", "mail-1.agency.test",
					     "[::1]", "[2001:db8::5]", "localhost", "a" };
	static const char *const bad[] = { "", "imap://imap.example.com", "imaps://x", "mail example.com",
					   "mail.example.com/INBOX", "user@mail.example.com",
					   "mail.example.com:993", ".example.com", "-x.test", "[::1", "[]",
					   "ex\tample.com", "m\xc3\xa4il.test", "x.test\n" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		assert_true(mailbox_host_ok(good[i]));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_false(mailbox_host_ok(bad[i]));
	assert_false(mailbox_host_ok(NULL));
}

static void folders(void **state)
{
	static const char *const good[] = { "INBOX", "Tandem/Done", "Client mail", "Archive.2026",
					    "a", "[Gmail]/All Mail" };
	static const char *const bad[] = { "", "In\"box", "In\\box", "All*", "50%", "{x}", "tab\there",
					   "new\nline", "K\xc3\xb6ln" };
	char long_name[202];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		assert_true(mailbox_folder_ok(good[i]));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_false(mailbox_folder_ok(bad[i]));
	assert_false(mailbox_folder_ok(NULL));
	for (size_t i = 0; i < 200; i++)
		long_name[i] = 'f';
	long_name[200] = '\0';
	assert_true(mailbox_folder_ok(long_name));
	long_name[200] = 'f';
	long_name[201] = '\0';
	assert_false(mailbox_folder_ok(long_name));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hosts),
		cmocka_unit_test(folders),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
