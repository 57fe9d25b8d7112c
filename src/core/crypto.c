/* crypto.c - random hex, SHA-256 hex and password hashes (libsodium), for every layer. */
#include "core/crypto.h"

#include <sodium.h>
#include <string.h>

void crypto_random_hex(char *out, size_t n)
{
	unsigned char raw[64];

	if (n > sizeof(raw))
		n = sizeof(raw);
	randombytes_buf(raw, n);
	sodium_bin2hex(out, 2 * n + 1, raw, n);
	sodium_memzero(raw, sizeof(raw));
}

/* The bytes of hex text (len characters) into raw (len / 2 bytes); 0, or -1 when not hex. */
static int unhex(const char *hex, size_t len, unsigned char *raw)
{
	size_t got;

	return sodium_hex2bin(raw, len / 2, hex, len, NULL, &got, NULL) || got != len / 2 ? -1 : 0;
}

#define TOKEN_MAX 64 /* bytes of a secret token */

void crypto_token_mask(const char *secret, char *out)
{
	size_t len = strlen(secret), n = len / 2;
	unsigned char tok[TOKEN_MAX], pad[TOKEN_MAX];

	if (len == 0 || len % 2 || n > TOKEN_MAX || unhex(secret, len, tok)) {
		memcpy(out, secret, len + 1);
		return;
	}
	randombytes_buf(pad, n);
	sodium_bin2hex(out, len + 1, pad, n);
	for (size_t i = 0; i < n; i++)
		tok[i] ^= pad[i];
	sodium_bin2hex(out + len, len + 1, tok, n);
	sodium_memzero(tok, sizeof(tok));
}

int crypto_token_ok(const char *secret, const char *sent)
{
	size_t len = strlen(secret), n = len / 2, slen = strlen(sent);
	unsigned char tok[TOKEN_MAX], pad[TOKEN_MAX], got[TOKEN_MAX];
	int ok;

	if (len == 0)
		return 0;
	if (slen == len) /* as it is */
		return sodium_memcmp(sent, secret, len) == 0;
	if (slen != 2 * len || len % 2 || n > TOKEN_MAX || unhex(secret, len, tok) ||
	    unhex(sent, len, pad) || unhex(sent + len, len, got))
		return 0;
	for (size_t i = 0; i < n; i++)
		got[i] ^= pad[i];
	ok = sodium_memcmp(got, tok, n) == 0;
	sodium_memzero(tok, sizeof(tok));
	sodium_memzero(got, sizeof(got));
	return ok;
}

void crypto_sha256_hex(const char *s, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)s, len);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

int crypto_password_hash(const char *pw, char *out, size_t outlen)
{
	if (outlen < crypto_pwhash_STRBYTES)
		return -1;
	return crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

int crypto_password_verify(const char *stored, const char *pw)
{
	return crypto_pwhash_str_verify(stored, pw, strlen(pw)) == 0;
}
