/* token.c - the life cycle of a tokenised link: mint, hash, look up by hash, refuse. */
#include "domain/token.h"

#include "core/crypto.h"
#include "core/db.h"

#include <assert.h>
#include <sodium.h>
#include <string.h>

#define TOKEN_BYTES 32 /* 256 bits */

_Static_assert(TOKEN_LEN == 2 * TOKEN_BYTES && TOKEN_HASH_LEN == 64,
	       "a token is its bytes in hex, its hash a SHA-256 in hex (core/crypto.h)");

void token_mint(char token[TOKEN_LEN + 1], char hash[TOKEN_HASH_LEN + 1])
{
	crypto_random_hex(token, TOKEN_BYTES);
	token_hash(token, hash);
}

int token_ok(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++, n++)
		if (n == TOKEN_LEN || !((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return n == TOKEN_LEN;
}

int token_hash(const char *token, char out[TOKEN_HASH_LEN + 1])
{
	out[0] = '\0';
	if (!token_ok(token))
		return -1;
	crypto_sha256_hex(token, TOKEN_LEN, out);
	return 0;
}

void token_nonce(const char *token, char out[TOKEN_NONCE_LEN + 1])
{
	static const char key[] = "tandem-token-nonce";
	unsigned char mac[crypto_generichash_BYTES_MIN];

	crypto_generichash(mac, sizeof(mac), (const unsigned char *)token, strlen(token),
			   (const unsigned char *)key, sizeof(key) - 1);
	sodium_bin2hex(out, TOKEN_NONCE_LEN + 1, mac, sizeof(mac));
}

/* The 0/1 column name of row 0 of res; 0 when the kind has no such column. A column the
 * statement lacks is our bug: asserted, and without assertions the flag counts as set (the
 * link is refused, never let through). */
static int flag(const struct db_res *res, const char *name)
{
	int col;

	if (!name)
		return 0;
	col = db_col(res, name);
	assert(col >= 0);
	return col < 0 || db_cell_int(res, 0, (size_t)col) != 0;
}

enum token_state token_state_of(const struct token_kind *k, const struct db_res *res)
{
	if (!res || res->nrows != 1)
		return TOKEN_UNKNOWN;
	if (flag(res, k->used))
		return TOKEN_USED;
	if (flag(res, k->revoked))
		return TOKEN_REVOKED;
	if (flag(res, k->expired))
		return TOKEN_EXPIRED;
	return TOKEN_OPEN;
}

int token_find(struct db *db, struct arena *a, const struct token_kind *k, const char *token,
	       struct db_res **out, enum token_state *state)
{
	char hash[TOKEN_HASH_LEN + 1];

	*out = NULL;
	*state = TOKEN_UNKNOWN;
	if (token_hash(token, hash))
		return 0;
	if (db_query(db, a, k->lookup, out, "s", hash))
		return -1;
	*state = token_state_of(k, *out);
	return 0;
}
