/* crypto.h - random hex, SHA-256 hex and password hashes (libsodium), for every layer. */
#ifndef TANDEM_CRYPTO_H
#define TANDEM_CRYPTO_H

#include <stddef.h>

/*
 * libsodium owns the crypto_<primitive>_* names (crypto_hash_sha256, crypto_pwhash_str, ...);
 * ours are crypto_<what it makes> and never a primitive's name. None keeps state; sodium_init()
 * must have run once in the process first (main() and the unit tests call it).
 */

/* Fill out (2*n+1 bytes) with n random bytes as lowercase hex; n above 64 is taken as 64. */
void crypto_random_hex(char *out, size_t n);

/*
 * A secret token (lowercase hex, even length, at most 128 characters) as it is written into a
 * page: masked with fresh random bytes each time, so a compressed response (gzip) never
 * repeats the secret's bytes for an attacker to guess by its length (BREACH). out (at least
 * 2 * strlen(secret) + 1 bytes) = hex(pad) + hex(pad XOR secret). A secret that is not such hex
 * is copied as it is.
 */
void crypto_token_mask(const char *secret, char *out);

/* 1 when sent is the secret token, as it is or masked by crypto_token_mask (any pad), else 0.
 * Constant time in the bytes compared. */
int crypto_token_ok(const char *secret, const char *sent);

/* Lowercase hex SHA-256 of s into out (65 bytes). */
void crypto_sha256_hex(const char *s, size_t len, char out[65]);

/* Argon2id hash (libsodium, interactive limits) of pw into out (crypto_pwhash_STRBYTES).
 * 0, or -1 when out is too small or out of memory. */
int crypto_password_hash(const char *pw, char *out, size_t outlen);

/* 1 when pw matches stored (a crypto_password_hash string), else 0. Costs one Argon2id
 * hash, like crypto_password_hash: a caller that caps them counts both. */
int crypto_password_verify(const char *stored, const char *pw);

#endif
