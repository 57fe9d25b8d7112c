/* page_invite.h - page_invite.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_INVITE_H
#define TANDEM_PAGE_INVITE_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"

/* Tokenised pages (/invite/, /reset/, /a/, /s/): the token is the path's second
 * segment (the route's '*'), arena text or "" (minting, hashing and looking it up:
 * token.h). */
const char *token_of_path(const struct req *r);

/* 1 when a tokenised page's POST carries the token's nonce (token_nonce) and is a
 * same-origin request; else 0. */
int token_post_ok(const struct req *r, const char *token);

/* A tokenised page that is refused: used, expired, revoked or unknown. The
 * status is 404 for unknown, 410 for the others; the page says which. */
int token_refused(struct req *r, int status, const char *title, const char *why);
/* The refusal of a tokenised form whose nonce or origin is wrong (403). */
int token_form_refused(struct req *r);

/*
 * Create a one-time set-password link for contact user_id (7 days) and queue
 * its e-mail, inside the caller's transaction; earlier open links (invitations
 * and password resets: one token mechanism, `invitations.purpose`) are
 * revoked. 0, or -1 (roll back).
 */
int invite_create(struct ctx *c, long long user_id, const char *name, const char *email);

/* Add <invitations><invitation user-id invite-expires/></invitations> (open
 * links) for the client page. 0, or -1. */
int invite_state_xml(struct req *r, xmlNodePtr page, long long client_id);

int page_invite_form(struct req *r);
int page_invite_set(struct req *r);
int page_contact_invite(struct req *r);
int page_contact_revoke(struct req *r);
/* "Forgot password?": the form, and the request (recorded; always the same 303 and flash) */
int page_reset_form(struct req *r);
int page_reset_request(struct req *r);
/* The outbox worker's part: process the recorded reset requests, each in its own transaction
 * (a one-hour link by e-mail when the address is an active account, at most 3 per address and
 * 20 per client IP an hour; nothing otherwise). How many e-mails were queued, or -1. */
int reset_requests_run(struct db *db, struct arena *a, const struct config *cfg);

#endif
