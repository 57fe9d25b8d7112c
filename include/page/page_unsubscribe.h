/* page_unsubscribe.h - page_unsubscribe.c: the one-click unsubscribe link of notification
 * e-mails (issue 12). */
#ifndef TANDEM_PAGE_UNSUBSCRIBE_H
#define TANDEM_PAGE_UNSUBSCRIBE_H

#include "fcgi/req.h"

/* GET /unsubscribe/{token}: what the link turns off, and a button that does it (no sign-in;
 * a GET never unsubscribes: mail scanners open links). 404 for a bad or forged token. */
int page_unsubscribe_form(struct req *r);
/* POST /unsubscribe/{token}: turns it off (RFC 8058 one-click: the mail provider's POST of
 * "List-Unsubscribe=One-Click", or the page's button), 200 with the page saying so. No session,
 * no CSRF token, no nonce: the token is the authority. 404 for a bad or forged token. */
int page_unsubscribe(struct req *r);

#endif
