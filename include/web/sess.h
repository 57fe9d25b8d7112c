/* sess.h - sign-in, sessions, sign-in throttling and CSRF (password hashes: core/crypto.h). */
#ifndef TANDEM_SESS_H
#define TANDEM_SESS_H

#include <stddef.h>
#include "fcgi/req.h"

#define SESS_COOKIE "tandem_session"
#define LOGIN_MAX_FAILS 5   /* failed tries per e-mail ... */
                            /* ... within 15 minutes (see ST_LOGIN_FAILS) */
/* Issue 10 item 22: LOGIN_MAX_FAILS counts per (e-mail, client address); an
 * e-mail that failed LOGIN_EMAIL_SLOW times from all addresses within 15
 * minutes takes one try per LOGIN_EMAIL_GAP seconds, except from an address
 * its owner holds a session from. A delay, never a lock. */
#define LOGIN_EMAIL_SLOW 20
#define LOGIN_EMAIL_GAP 5
#define LOGIN_WINDOW 900    /* seconds: the 15 minutes */

/* Load the session named by the request's cookie into r->sess; an unknown,
 * expired or idle session leaves r->sess zeroed (anonymous). 0, or -1 on a
 * database failure. */
int sess_load(struct req *r);

enum login_result { LOGIN_OK, LOGIN_BAD, LOGIN_THROTTLED, LOGIN_BUSY, LOGIN_ERROR };

/*
 * Check email/password, record a failure, or on success create a fresh
 * session (the old one, if any, is deleted: rotation at login), set the
 * cookie and fill r->sess. LOGIN_THROTTLED (this e-mail from this address,
 * or the e-mail's delay) and LOGIN_BUSY (every Argon2id slot in use) set a
 * Retry-After header; neither costs a hash.
 */
enum login_result sess_login(struct req *r, const char *email, const char *password);

/*
 * Issue 10 item 21: at most n Argon2id verifications at once across the
 * request workers (a shared page of slots made by the supervisor before it
 * forks; a slot of a worker that died is taken back). Without it (a lone
 * process) there is no cap. 0, or -1 when the memory cannot be mapped.
 */
int sess_hash_slots_init(int n);

/* Delete the current session and its cookie. */
void sess_logout(struct req *r);

/* 1 when the POST carries this session's CSRF token and does not come from
 * another site (Origin / Sec-Fetch-Site). */
int sess_csrf_ok(const struct req *r);

/* 1 when the request's Origin/Sec-Fetch-Site do not say "another site". */
int sess_same_origin(const struct req *r);

#endif
