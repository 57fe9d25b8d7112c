/* route.h - what a route is, and the front line every request passes (the table: page/routes.h). */
#ifndef TANDEM_ROUTE_H
#define TANDEM_ROUTE_H

#include "fcgi/req.h"

#include <stddef.h>

/* What a route needs before its handler runs. */
enum need {
	NEED_NONE,     /* anyone (sign-in page) */
	NEED_USER,     /* any signed-in user */
	NEED_STAFF,    /* admin, pm or member */
	NEED_MANAGER,  /* admin or pm */
	NEED_ADMIN,
	NEED_CLIENT,   /* a client contact */
};

/* A handler returns the HTTP status it sent or wants sent:
 *  - 200/401/422/429...: r->doc holds the page to render with that status;
 *  - 303: req_redirect() was called;
 *  - 4xx/5xx with r->doc NULL: the front line renders the error page. */
typedef int (*handler_fn)(struct req *r);

struct route {
	unsigned methods;      /* M_GET | M_POST */
	const char *pattern;   /* "/projects/#/stage": '#' matches a decimal id, '*' a token */
	handler_fn handler;
	enum need need;
	unsigned flags;        /* ROUTE_NO_CSRF | ROUTE_FILE */
};

#define ROUTE_NO_CSRF 1u /* POST without the session CSRF token (login) */
#define ROUTE_FILE 2u    /* POST takes a multipart body with a file (any other route: 415) */

/*
 * Run the front line for r (route from the table routes[0..n), method, session,
 * role, CSRF) and the handler, then send the response. Never exits; every failure becomes a
 * status page.
 */
void route_dispatch(struct req *r, const struct route *routes, size_t n);

/* Match path against pattern, filling ids; 1 on match. Exposed for tests. */
int route_match(const char *pattern, const char *path, long long *ids, int *nids);

#endif
