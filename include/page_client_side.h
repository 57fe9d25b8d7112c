/* page_client_side.h - the client side: contact invitations, branding, and the helpers of the
 * tokenised pages (src/page_invite.c, src/page_brand.c). */
#ifndef TANDEM_PAGE_CLIENT_SIDE_H
#define TANDEM_PAGE_CLIENT_SIDE_H

#include <libxml/tree.h>
#include "route.h"

#define CLIENT_SIDE_NROUTES 6
extern const struct route client_side_routes[];   /* CLIENT_SIDE_NROUTES of them (checked) */

/* Tokenised pages (/invite/, /a/, /s/): the token is the path's last segment
 * (the route's '*'); its SHA-256 (hex) is what the database holds. */
const char *token_of_path(const struct req *r);
void token_hash(const char *token, char out[65]);

/* The nonce a tokenised page's form carries instead of the session CSRF:
 * derived from the token (hex, 32 characters + NUL). A POST is accepted only
 * with the right nonce and a same-origin request. */
void token_nonce(const char *token, char out[33]);
int token_post_ok(const struct req *r, const char *token);

/* A tokenised page that is refused: used, expired, revoked or unknown. The
 * status is 404 for unknown, 410 for the others; the page says which. */
int token_refused(struct req *r, int status, const char *title, const char *why);

/*
 * Create a one-time set-password link for contact user_id (7 days) and queue
 * its e-mail, inside the caller's transaction; earlier open links are
 * revoked. 0, or -1 (roll back).
 */
int invite_create(struct req *r, long long user_id, const char *name, const char *email);

/* Add <invitations><invitation user-id invite-expires/></invitations> (open
 * links) for the client page. 0, or -1. */
int invite_state_xml(struct req *r, xmlNodePtr page, long long client_id);

/* page_invite.c */
int page_invite_form(struct req *r);
int page_invite_set(struct req *r);
int page_contact_invite(struct req *r);
int page_contact_revoke(struct req *r);

/* page_brand.c */
int page_brand_form(struct req *r);
int page_brand_save(struct req *r);

#endif
