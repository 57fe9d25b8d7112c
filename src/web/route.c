/* route.c - the route table and the front line: method, route, session, role, CSRF, then the handler. */
#include "web/route.h"
#include "core/db.h"
#include "core/log.h"
#include "web/render.h"
#include "web/sess.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


int route_match(const char *pattern, const char *path, long long *ids, int *nids)
{
	const char *p = pattern, *s = path;

	*nids = 0;
	while (*p && *s) {
		if (*p == '#') {
			long long v = 0;
			int digits = 0;
			if (*s == '0')
				return 0; /* no leading zeros: one id, one address */
			while (*s >= '0' && *s <= '9') {
				if (v > (9223372036854775807LL - 9) / 10)
					return 0;
				v = v * 10 + (*s - '0');
				s++;
				digits++;
			}
			if (!digits || *nids >= 4)
				return 0;
			ids[(*nids)++] = v;
			p++;
			continue;
		}
		if (*p == '*') {
			/* a token segment: 16..128 letters, digits, '-' or '_' (the handler reads it) */
			size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					     "0123456789-_");
			if (n < 16 || n > 128)
				return 0;
			s += n;
			p++;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	return !*p && !*s;
}

static int role_ok(const struct req *r, enum need need)
{
	enum role role = r->sess.role;

	switch (need) {
	case NEED_NONE:
	case NEED_USER:
		return 1;
	case NEED_STAFF:
		return role == ROLE_ADMIN || role == ROLE_PM || role == ROLE_MEMBER;
	case NEED_MANAGER:
		return role == ROLE_ADMIN || role == ROLE_PM;
	case NEED_ADMIN:
		return role == ROLE_ADMIN;
	case NEED_CLIENT:
		return role == ROLE_CLIENT;
	}
	return 0;
}

/* "/login?next=<path>" for the page the visitor wanted (GET only). */
static const char *login_url(struct req *r)
{
	struct buf b = BUF_INIT;
	const char *out;
	static const char hex[] = "0123456789ABCDEF";

	buf_adds(&b, "/login");
	if (r->method == M_GET && strcmp(r->path, "/")) {
		/* the page with its query (filters, page number), as one parameter */
		const char *want = *r->query_string
			? arena_printf(r->arena, "%s?%s", r->path, r->query_string) : r->path;
		buf_adds(&b, "?next=");
		for (const char *s = want; *s; s++) {
			unsigned char c = (unsigned char)*s;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '/' || c == '-' || c == '_' || c == '.') {
				buf_addch(&b, c);
			} else {
				buf_addch(&b, '%');
				buf_addch(&b, hex[c >> 4]);
				buf_addch(&b, hex[c & 15]);
			}
		}
	}
	out = arena_strdup(r->arena, b.data);
	buf_release(&b);
	return out;
}

static void finish(struct req *r, int status)
{
	if (db_in_tx(r->db)) {
		log_error("route: %s left a transaction open; rolled back", r->path);
		db_rollback(r->db);
	}
	if (r->headers_sent)
		return; /* the handler wrote its own response (a calendar feed) */
	if (status == 303) {
		req_send_head(r, 303, NULL);
		return;
	}
	if (status < 100 || status > 599) {
		log_error("route: %s returned %d", r->path, status);
		status = 500;
		r->doc = NULL;
	}
	if (r->doc)
		render_page(r, status);
	else
		render_error(r, status, NULL);
}

/* The route for path and method m (M_GET for HEAD), filling ids; NULL when
 * none. *allowed collects the methods the path takes. */
static const struct route *lookup(const struct route *routes, size_t n, const char *path,
				  enum method m, unsigned *allowed, long long *ids, int *nids)
{
	*allowed = 0;
	for (size_t i = 0; i < n; i++) {
		const struct route *rt = &routes[i];
		if (!route_match(rt->pattern, path, ids, nids))
			continue;
		*allowed |= rt->methods;
		if (rt->methods & m)
			return rt;
	}
	return NULL;
}

/* The path of a Referer of this site (same host name), or NULL. */
static const char *referer_path(struct req *r)
{
	const char *ref = req_env(r, "HTTP_REFERER"), *h, *slash;
	size_t hl, rl;

	if (!ref || !r->host)
		return NULL;
	if (!strncmp(ref, "https://", 8))
		ref += 8;
	else if (!strncmp(ref, "http://", 7))
		ref += 7;
	else
		return NULL;
	slash = strchr(ref, '/');
	if (!slash)
		return NULL;
	h = r->host;
	hl = strcspn(h, ":");
	rl = strcspn(ref, ":/");
	if (hl != rl || strncasecmp(ref, h, hl))
		return NULL;
	return req_local_path(slash) ? slash : NULL;
}

/*
 * The page a form posting to r->path lives on, for a GET of a POST-only
 * address (a reload after a 422). The Referer when it is a page of this
 * site other than this address (the browser keeps the form page's address
 * there); else the path with its last segments taken off until a page this
 * visitor may open answers GET ("/time/grid" -> "/time",
 * "/projects/3/stage" -> "/projects/3"), the query kept; else home.
 */
static const char *form_page(struct req *r, const struct route *routes, size_t nroutes)
{
	const char *ref = referer_path(r);
	char *p = arena_strdup(r->arena, r->path);
	long long ids[4];
	int nids;
	unsigned allowed;

	if (ref) {
		size_t n = strcspn(ref, "?#");
		if (n != strlen(r->path) || strncmp(ref, r->path, n))
			return ref;
	}

	for (char *slash = strrchr(p, '/'); slash && slash > p; slash = strrchr(p, '/')) {
		const struct route *rt;
		*slash = '\0';
		rt = lookup(routes, nroutes, p, M_GET, &allowed, ids, &nids);
		if (rt && (!r->sess.user_id || role_ok(r, rt->need)))
			return *r->query_string ? arena_printf(r->arena, "%s?%s", p, r->query_string) : p;
	}
	return r->sess.role == ROLE_CLIENT ? "/portal" : "/";
}

void route_dispatch(struct req *r, const struct route *routes, size_t n)
{
	const struct route *hit;
	unsigned allowed = 0;
	enum method m = r->method == M_HEAD ? M_GET : r->method;
	long long ids[4];
	int nids;

	hit = lookup(routes, n, r->path, m, &allowed, ids, &nids);
	if (hit) {
		memcpy(r->ids, ids, sizeof(ids));
		r->nids = nids;
	}
	/* the session first: an error page shows the signed-in frame */
	if (sess_load(r)) {
		finish(r, 503);
		return;
	}
	/* the request's context acts as the signed-in user (0 and NULL for nobody) */
	r->actor_id = r->sess.user_id;
	r->actor_name = r->sess.name;
	if (!allowed) {
		finish(r, 404);
		return;
	}
	if (!hit) {
		if (m == M_GET && (allowed & M_POST)) {
			finish(r, req_redirect(r, form_page(r, routes, n)));
			return;
		}
		req_header(r, "Allow", allowed & M_POST ? (allowed & M_GET ? "GET, HEAD, POST" : "POST")
							  : "GET, HEAD");
		finish(r, 405);
		return;
	}
	if (hit->need != NEED_NONE && !r->sess.user_id) {
		if (r->want_xml || r->method == M_POST) {
			finish(r, 401);
			return;
		}
		finish(r, req_redirect(r, login_url(r)));
		return;
	}
	if (!role_ok(r, hit->need)) {
		finish(r, 403);
		return;
	}
	if (r->method == M_POST) {
		int rc;
		/* the body is read only now, for a visitor the route accepts */
		if (!sess_same_origin(r)) {
			finish(r, 403);
			return;
		}
		rc = req_read_body(r, !!(hit->flags & ROUTE_FILE), !(hit->flags & ROUTE_NO_CSRF));
		if (rc) {
			finish(r, rc);
			return;
		}
		if (!(hit->flags & ROUTE_NO_CSRF) && !sess_csrf_ok(r)) {
			finish(r, 403);
			return;
		}
	}
	finish(r, hit->handler(r));
}
