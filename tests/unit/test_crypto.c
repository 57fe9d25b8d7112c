/* test_crypto.c - the masked form of a secret token (the CSRF token a page carries): fresh on
 * every call, always accepted for its secret, never for another, and refused when damaged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <string.h>

#include "core/crypto.h"

#define SECRET "0123456789abcdef0123456789abcdef0123456789"   /* 42 hex: a session's CSRF token */
#define OTHER  "f123456789abcdef0123456789abcdef0123456789"

static void masked_is_twice_as_long_hex_and_fresh(void **state)
{
	char a[2 * sizeof(SECRET)], b[2 * sizeof(SECRET)];

	(void)state;
	crypto_token_mask(SECRET, a);
	crypto_token_mask(SECRET, b);
	assert_int_equal(strlen(a), 2 * strlen(SECRET));
	assert_int_equal(strspn(a, "0123456789abcdef"), strlen(a));
	assert_string_not_equal(a, b);              /* a new pad each time */
	assert_null(strstr(a, SECRET));             /* the secret's text is not in it */
	assert_null(strstr(a, "0123456789abcdef"));
}

static void masked_and_plain_are_accepted(void **state)
{
	char m[2 * sizeof(SECRET)];

	(void)state;
	for (int i = 0; i < 100; i++) {
		crypto_token_mask(SECRET, m);
		assert_true(crypto_token_ok(SECRET, m));
		assert_false(crypto_token_ok(OTHER, m));
	}
	assert_true(crypto_token_ok(SECRET, SECRET));
	assert_false(crypto_token_ok(SECRET, OTHER));
}

static void damaged_tokens_are_refused(void **state)
{
	char m[2 * sizeof(SECRET)], bad[2 * sizeof(SECRET)];
	size_t len;

	(void)state;
	crypto_token_mask(SECRET, m);
	len = strlen(m);
	for (size_t i = 0; i < len; i++) { /* every digit changed, one at a time */
		memcpy(bad, m, len + 1);
		bad[i] = bad[i] == '0' ? '1' : '0';
		assert_false(crypto_token_ok(SECRET, bad));
	}
	memcpy(bad, m, len + 1);
	bad[len - 1] = '\0';                        /* one short */
	assert_false(crypto_token_ok(SECRET, bad));
	memcpy(bad, m, len + 1);
	bad[3] = 'g';                               /* not hex */
	assert_false(crypto_token_ok(SECRET, bad));
	assert_false(crypto_token_ok(SECRET, ""));
	assert_false(crypto_token_ok("", ""));      /* no secret: nothing matches */
	/* the pad alone, or the masked half alone, is not the token */
	memcpy(bad, m, strlen(SECRET));
	bad[strlen(SECRET)] = '\0';
	assert_false(crypto_token_ok(SECRET, bad));
	assert_false(crypto_token_ok(SECRET, m + strlen(SECRET)));
}

static void a_secret_that_is_not_hex_is_copied(void **state)
{
	char out[64];

	(void)state;
	crypto_token_mask("not-hex", out);
	assert_string_equal(out, "not-hex");
	crypto_token_mask("abc", out);              /* odd length */
	assert_string_equal(out, "abc");
	assert_true(crypto_token_ok("abc", "abc"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(masked_is_twice_as_long_hex_and_fresh),
		cmocka_unit_test(masked_and_plain_are_accepted),
		cmocka_unit_test(damaged_tokens_are_refused),
		cmocka_unit_test(a_secret_that_is_not_hex_is_copied),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
