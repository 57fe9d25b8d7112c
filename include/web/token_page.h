/* token_page.h - the HTTP side of the tokenised pages (/invite/, /reset/, /a/, /s/): the token in the path, the form's nonce, the refusal page. */
#ifndef TANDEM_TOKEN_PAGE_H
#define TANDEM_TOKEN_PAGE_H

#include "fcgi/req.h"

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

#endif
