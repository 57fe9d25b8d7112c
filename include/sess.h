/* sess.h - passwords, sessions, sign-in throttling and CSRF. */
#ifndef TANDEM_SESS_H
#define TANDEM_SESS_H

#include <stddef.h>
#include "req.h"

#define SESS_COOKIE "tandem_session"
#define LOGIN_MAX_FAILS 5   /* failed tries per e-mail ... */
                            /* ... within 15 minutes (see ST_LOGIN_FAILS) */

/* Argon2id hash (libsodium, interactive limits) of pw into out (crypto_pwhash_STRBYTES).
 * 0, or -1 when out of memory. */
int sess_hash_password(const char *pw, char *out, size_t outlen);

/* Load the session named by the request's cookie into r->sess; an unknown,
 * expired or idle session leaves r->sess zeroed (anonymous). 0, or -1 on a
 * database failure. */
int sess_load(struct req *r);

enum login_result { LOGIN_OK, LOGIN_BAD, LOGIN_THROTTLED, LOGIN_ERROR };

/*
 * Check email/password, record a failure, or on success create a fresh
 * session (the old one, if any, is deleted: rotation at login), set the
 * cookie and fill r->sess.
 */
enum login_result sess_login(struct req *r, const char *email, const char *password);

/* Delete the current session and its cookie. */
void sess_logout(struct req *r);

/* 1 when the POST carries this session's CSRF token and does not come from
 * another site (Origin / Sec-Fetch-Site). */
int sess_csrf_ok(const struct req *r);

/* 1 when the request's Origin/Sec-Fetch-Site do not say "another site". */
int sess_same_origin(const struct req *r);

/* Fill out (2*n+1 bytes) with n random bytes as lowercase hex. */
void sess_random_hex(char *out, size_t n);

/* Lowercase hex SHA-256 of s into out (65 bytes). */
void sess_sha256_hex(const char *s, size_t len, char out[65]);

#endif
