/* token.h - the life cycle of a tokenised link: mint, hash, look up by hash, refuse. */
#ifndef TANDEM_TOKEN_H
#define TANDEM_TOKEN_H

#include "core/arena.h"
#include "core/stmt.h"

struct db;
struct db_res;

/*
 * A token is 32 random bytes (libsodium) written as 64 lowercase hex characters: URL-safe
 * as it is, in a path (/a/{token}, /s/{token}, /invite/{token}, /reset/{token}), a query
 * (/calendar.ics?t=) or a cookie (sessions). Only its hash is stored: the lowercase hex
 * SHA-256 of those 64 characters (SQL: SHA2(token, 256)), in a `token_hash` CHAR(64) column
 * of the table the link belongs to. Links minted before this module have the same shape and
 * the same hash, so they keep working.
 */
#define TOKEN_LEN 64       /* characters of a token, without the NUL */
#define TOKEN_HASH_LEN 64  /* characters of its hash, without the NUL */
#define TOKEN_NONCE_LEN 32 /* characters of a tokenised form's nonce, without the NUL */

/* A new token (TOKEN_LEN + 1 bytes, NUL-terminated) and its hash (TOKEN_HASH_LEN + 1): the
 * caller stores the hash, sends the token once and wipes it (sodium_memzero). Cannot fail. */
void token_mint(char token[TOKEN_LEN + 1], char hash[TOKEN_HASH_LEN + 1]);

/* 1 when s (NULL allowed) has a token's shape, exactly TOKEN_LEN lowercase hex characters;
 * else 0. Anything else is refused before it is hashed or reaches a query. */
int token_ok(const char *s);

/* The hash of token into out (TOKEN_HASH_LEN + 1). 0, or -1 (out left empty) when token does
 * not have a token's shape. */
int token_hash(const char *token, char out[TOKEN_HASH_LEN + 1]);

/* The nonce a tokenised page's form carries instead of a session's CSRF token: a keyed
 * BLAKE2b of the token, hex (TOKEN_NONCE_LEN + 1). Cannot fail. */
void token_nonce(const char *token, char out[TOKEN_NONCE_LEN + 1]);

/* What a looked-up link is, in the order a link is refused: a used link is "used" even when
 * it has expired since, a withdrawn one "revoked" even when expired. */
enum token_state {
	TOKEN_OPEN,    /* found, may be used */
	TOKEN_UNKNOWN, /* malformed, or no row has its hash */
	TOKEN_USED,    /* it has done its one job (answered, decided, password set) */
	TOKEN_REVOKED, /* withdrawn (or what it stood for is closed) */
	TOKEN_EXPIRED  /* past its time */
};

/*
 * One kind of link: its lookup statement and the names of the 0/1 columns by which that
 * statement reports the row's state (NULL: the kind has no such state, or its statement
 * leaves those rows out). Expiry is computed by the statement with the database's clock
 * (`expires_at < UTC_TIMESTAMP() AS expired`), the clock of the statement that uses the link
 * (`... AND expires_at >= UTC_TIMESTAMP()`), so the two never disagree at the edge.
 */
struct token_kind {
	enum stmt lookup;    /* SELECT ... WHERE token_hash = ? [AND ...]: one row or none */
	const char *used;    /* column name, or NULL */
	const char *revoked; /* column name, or NULL */
	const char *expired; /* column name, or NULL */
};

/* The state of row 0 of a lookup's result res (NULL or no row: TOKEN_UNKNOWN), by k's
 * column names; a column k names that res lacks is our bug (asserted). */
enum token_state token_state_of(const struct token_kind *k, const struct db_res *res);

/*
 * Look token up with k->lookup (one parameter: the hash). A malformed token costs no hash and no query: *state is
 * TOKEN_UNKNOWN and *out NULL. Otherwise *out is the arena-owned result (read it for
 * TOKEN_OPEN and for the other states the caller shows, e.g. a decided approval) and
 * *state its state. 0, or -1 on a database failure (logged by the database layer).
 */
int token_find(struct db *db, struct arena *a, const struct token_kind *k, const char *token,
	       struct db_res **out, enum token_state *state);

#endif
