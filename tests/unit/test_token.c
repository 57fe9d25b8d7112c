/* test_token.c - the token module: mint, shape check, hash, nonce, and a link's state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <string.h>

#include "core/array.h"
#include "core/db.h"
#include "domain/token.h"

#define KNOWN "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static int all_lower_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[n] == '\0';
}

/* ------------------------------------------------------------ mint */

static void mint_is_64_lowercase_hex_and_its_hash(void **state)
{
	char token[TOKEN_LEN + 1], hash[TOKEN_HASH_LEN + 1], again[TOKEN_HASH_LEN + 1];

	(void)state;
	memset(token, 'x', sizeof(token));
	memset(hash, 'x', sizeof(hash));
	token_mint(token, hash);
	assert_int_equal(strlen(token), TOKEN_LEN);
	assert_true(all_lower_hex(token, TOKEN_LEN));
	assert_true(token_ok(token));
	assert_int_equal(strlen(hash), TOKEN_HASH_LEN);
	assert_true(all_lower_hex(hash, TOKEN_HASH_LEN));
	assert_int_equal(token_hash(token, again), 0);
	assert_string_equal(hash, again);
	assert_string_not_equal(token, hash);
}

static void mint_never_repeats(void **state)
{
	enum { N = 2000 };
	static char seen[N][TOKEN_LEN + 1];
	char hash[TOKEN_HASH_LEN + 1];

	(void)state;
	for (int i = 0; i < N; i++) {
		token_mint(seen[i], hash);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(seen[i], seen[j]);
	}
}

/* 256 random bits: across many tokens every hex digit shows up in every position */
static void mint_uses_every_digit_everywhere(void **state)
{
	unsigned short used[TOKEN_LEN] = { 0 };
	char token[TOKEN_LEN + 1], hash[TOKEN_HASH_LEN + 1];

	(void)state;
	for (int i = 0; i < 400; i++) {
		token_mint(token, hash);
		for (int p = 0; p < TOKEN_LEN; p++)
			used[p] |= (unsigned short)(1u << (token[p] <= '9' ? token[p] - '0'
									 : token[p] - 'a' + 10));
	}
	for (int p = 0; p < TOKEN_LEN; p++)
		assert_int_equal(used[p], 0xffff);
}

/* ------------------------------------------------------------ hash */

/* The rows hold SHA2(token, 256) of the token's text, as minted before this module
 * (crypto_random_hex + SHA-256 hex); the value is Python's hashlib.sha256(token).hexdigest(). */
static void hash_is_the_stored_sha256_hex(void **state)
{
	char out[TOKEN_HASH_LEN + 1];

	(void)state;
	assert_int_equal(token_hash(KNOWN, out), 0);
	assert_string_equal(out, "a8ae6e6ee929abea3afcfc5258c8ccd6f85273e0d4626d26c7279f3250f77c8e");
	assert_int_equal(token_hash("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
				    out), 0);
	assert_string_equal(out, "df0790f236013511e91fa4532fb7761f62320a51a3868dabf4a13fe5f53e3263");
}

static void hash_is_stable(void **state)
{
	char a[TOKEN_HASH_LEN + 1], b[TOKEN_HASH_LEN + 1];

	(void)state;
	assert_int_equal(token_hash(KNOWN, a), 0);
	assert_int_equal(token_hash(KNOWN, b), 0);
	assert_string_equal(a, b);
}

/* the same bytes as the old helper: SHA-256 of the text, in lowercase hex */
static void hash_matches_libsodium_sha256(void **state)
{
	char token[TOKEN_LEN + 1], hash[TOKEN_HASH_LEN + 1], want[TOKEN_HASH_LEN + 1];
	unsigned char h[crypto_hash_sha256_BYTES];

	(void)state;
	for (int i = 0; i < 50; i++) {
		token_mint(token, hash);
		crypto_hash_sha256(h, (const unsigned char *)token, TOKEN_LEN);
		sodium_bin2hex(want, sizeof(want), h, sizeof(h));
		assert_string_equal(hash, want);
	}
}

/* ------------------------------------------------------------ shape: refused before hashing */

static const char *const malformed[] = {
	"",
	"0",
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",   /* 63 */
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0", /* 65 */
	"0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",  /* upper case */
	"0123456789abcdeg0123456789abcdef0123456789abcdef0123456789abcdef",  /* g */
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde ",  /* space */
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd%2",  /* escape */
	"../../etc/passwd",
	"demo-survey-1",
	"0123456789abcdef0123456789abcdef\n123456789abcdef0123456789abcdef",
	"\xc3\xa9""123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd",
};

static void malformed_tokens_are_refused(void **state)
{
	char out[TOKEN_HASH_LEN + 1];

	(void)state;
	assert_false(token_ok(NULL));
	for (size_t i = 0; i < ARRAY_SIZE(malformed); i++) {
		assert_false(token_ok(malformed[i]));
		memset(out, 'x', sizeof(out));
		assert_int_equal(token_hash(malformed[i], out), -1);
		assert_string_equal(out, ""); /* nothing that looks like a hash */
	}
	assert_int_equal(token_hash(NULL, out), -1);
	assert_true(token_ok(KNOWN));
}

/* A malformed token reaches no query: token_find answers without the database (NULL here:
 * touching it would crash). */
static void malformed_tokens_reach_no_query(void **state)
{
	static const struct token_kind k = { ST__COUNT, "used", "revoked", "expired" };
	struct db_res *res = (struct db_res *)&k; /* must be overwritten */
	enum token_state st = TOKEN_OPEN;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(malformed); i++) {
		res = (struct db_res *)&k;
		st = TOKEN_OPEN;
		assert_int_equal(token_find(NULL, NULL, &k, malformed[i], &res, &st), 0);
		assert_null(res);
		assert_int_equal(st, TOKEN_UNKNOWN);
	}
	assert_int_equal(token_find(NULL, NULL, &k, NULL, &res, &st), 0);
	assert_int_equal(st, TOKEN_UNKNOWN);
}

/* ------------------------------------------------------------ nonce */

/* keyed BLAKE2b-128 of the token (key "tandem-token-nonce"), as the forms already carry:
 * Python's hashlib.blake2b(token, digest_size=16, key=b"tandem-token-nonce") */
static void nonce_is_the_forms_nonce(void **state)
{
	char n[TOKEN_NONCE_LEN + 1], m[TOKEN_NONCE_LEN + 1], token[TOKEN_LEN + 1],
	     hash[TOKEN_HASH_LEN + 1];

	(void)state;
	token_nonce(KNOWN, n);
	assert_string_equal(n, "65a7f105b4deb7c0d72ef2325badebdb");
	token_mint(token, hash);
	token_nonce(token, m);
	assert_int_equal(strlen(m), TOKEN_NONCE_LEN);
	assert_string_not_equal(n, m);
	assert_memory_not_equal(m, hash, TOKEN_NONCE_LEN); /* the nonce is not the stored hash */
}

/* ------------------------------------------------------------ state */

/* A one-row result with the columns id, used, revoked, expired. */
struct row {
	const char *cols[4];
	const char *cells[4];
	struct db_res res;
};

static struct db_res *row(struct row *r, const char *used, const char *revoked,
			  const char *expired)
{
	r->cols[0] = "id";
	r->cols[1] = "used";
	r->cols[2] = "revoked";
	r->cols[3] = "expired";
	r->cells[0] = "7";
	r->cells[1] = used;
	r->cells[2] = revoked;
	r->cells[3] = expired;
	r->res.nrows = 1;
	r->res.ncols = 4;
	r->res.cols = r->cols;
	r->res.cells = r->cells;
	return &r->res;
}

static const struct token_kind all = { ST__COUNT, "used", "revoked", "expired" };

static void state_open_and_unknown(void **state)
{
	struct row r;
	struct db_res *res = row(&r, "0", "0", "0");

	(void)state;
	assert_int_equal(token_state_of(&all, res), TOKEN_OPEN);
	assert_int_equal(token_state_of(&all, NULL), TOKEN_UNKNOWN);
	res->nrows = 0;
	assert_int_equal(token_state_of(&all, res), TOKEN_UNKNOWN);
	res->nrows = 2; /* a hash is unique: two rows are no answer */
	assert_int_equal(token_state_of(&all, res), TOKEN_UNKNOWN);
}

/* The expiry edge: the statement says "expired" only once expires_at < now (the statement
 * that uses the link accepts expires_at >= now), so at the edge the link is still open, and
 * one second later expired; SQL NULL (no expiry) is open. */
static void state_expiry_edge(void **state)
{
	struct row r;

	(void)state;
	assert_int_equal(token_state_of(&all, row(&r, "0", "0", "0")), TOKEN_OPEN);
	assert_int_equal(token_state_of(&all, row(&r, "0", "0", "1")), TOKEN_EXPIRED);
	assert_int_equal(token_state_of(&all, row(&r, "0", "0", NULL)), TOKEN_OPEN);
	assert_int_equal(token_state_of(&all, row(&r, NULL, NULL, NULL)), TOKEN_OPEN);
}

/* used beats revoked beats expired: a used link says so even after it has expired */
static void state_precedence(void **state)
{
	struct row r;

	(void)state;
	assert_int_equal(token_state_of(&all, row(&r, "1", "1", "1")), TOKEN_USED);
	assert_int_equal(token_state_of(&all, row(&r, "1", "0", "1")), TOKEN_USED);
	assert_int_equal(token_state_of(&all, row(&r, "1", "0", "0")), TOKEN_USED);
	assert_int_equal(token_state_of(&all, row(&r, "0", "1", "1")), TOKEN_REVOKED);
	assert_int_equal(token_state_of(&all, row(&r, "0", "1", "0")), TOKEN_REVOKED);
}

/* a kind without a state ignores the columns it does not name */
static void state_only_named_columns(void **state)
{
	static const struct token_kind none = { ST__COUNT, NULL, NULL, NULL };
	static const struct token_kind expiry = { ST__COUNT, NULL, NULL, "expired" };
	struct row r;

	(void)state;
	assert_int_equal(token_state_of(&none, row(&r, "1", "1", "1")), TOKEN_OPEN);
	assert_int_equal(token_state_of(&expiry, row(&r, "1", "1", "0")), TOKEN_OPEN);
	assert_int_equal(token_state_of(&expiry, row(&r, "1", "1", "1")), TOKEN_EXPIRED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mint_is_64_lowercase_hex_and_its_hash),
		cmocka_unit_test(mint_never_repeats),
		cmocka_unit_test(mint_uses_every_digit_everywhere),
		cmocka_unit_test(hash_is_the_stored_sha256_hex),
		cmocka_unit_test(hash_is_stable),
		cmocka_unit_test(hash_matches_libsodium_sha256),
		cmocka_unit_test(malformed_tokens_are_refused),
		cmocka_unit_test(malformed_tokens_reach_no_query),
		cmocka_unit_test(nonce_is_the_forms_nonce),
		cmocka_unit_test(state_open_and_unknown),
		cmocka_unit_test(state_expiry_edge),
		cmocka_unit_test(state_precedence),
		cmocka_unit_test(state_only_named_columns),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
