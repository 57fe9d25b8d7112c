/* req.h - the request a handler works on, and its I/O over FastCGI (fcgi/req.c). */
#ifndef TANDEM_REQ_H
#define TANDEM_REQ_H

#include <stddef.h>
#include <libxml/tree.h>
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "domain/ctx.h"
#include "fcgi/parse.h"
#include "domain/vocab.h"

struct db;

enum method { M_GET = 1, M_POST = 2, M_HEAD = 4 };

/* Who is asking; all zero for an anonymous request. */
struct session {
	long long id;          /* sessions.id */
	long long user_id;
	long long client_id;   /* contacts only */
	enum role role;
	enum access access;    /* contacts only */
	const char *name;
	const char *email;
	const char *client_name;
	const char *csrf;      /* per-session token for forms */
	const char *token_hash;
	const char *timer_since;   /* running timer: start (ISO 8601 UTC), or NULL */
	const char *timer_project; /* and its project's name */
	long long unread;      /* unread notifications (users.unread_notifications): the bell */
	long long inbox;       /* mails waiting in the inbox, at most 100 (PMs and admins; 0 else) */
};

/*
 * One request. Everything here is arena memory or points into the FastCGI
 * request, and is gone after the response; handlers keep nothing.
 */
/* A file received in a multipart POST: streamed to a temporary file under
 * files_dir/tmp (removed when the request ends unless a handler renamed it). */
struct upload {
	const char *field;        /* the form field ("file") */
	const char *filename;     /* as sent by the browser (unchecked; see doc_filename_ok) */
	const char *content_type; /* as sent, "" when absent */
	const char *tmp_path;     /* where the bytes are */
	long long size;
	char sha256[65];          /* lowercase hex */
};

struct req {
	union {
		struct ctx ctx;         /* what domain functions take: &r->ctx */
		struct { CTX_MEMBERS }; /* the same members by name: r->db is r->ctx.db */
	};
	void *io;                 /* FCGX_Request *, owned by the edge */

	enum method method;
	const char *path;         /* decoded path, starts with '/' */
	const char *query_string; /* raw, may be "" */
	struct kvlist query;      /* parsed query string */
	struct kvlist form;       /* parsed urlencoded body (POST) */
	struct kvlist cookies;
	const char *body;         /* raw body of a POST that is not a form, or NULL */
	size_t body_len;
	const char *host, *origin, *sec_fetch_site, *accept, *content_type;
	const char *remote_addr, *user_agent;
	int https;

	long long ids[4];         /* numeric path segments matched by the route */
	int nids;
	struct session sess;
	int want_xml;             /* answer with the page XML, not HTML */

	xmlDocPtr doc;            /* the page being built (freed with the arena) */
	xmlNodePtr page;          /* its <page> root */
	int xsl;                  /* enum xsl: the stylesheet that renders it */
	struct upload *upload;    /* the file of a multipart POST, or NULL */

	int body_read;            /* req_read_body ran: the POST body is in form/body/upload */

	struct buf headers;       /* extra response header lines, "Name: value\r\n" */
	int headers_sent;
};

/* The anonymous members alias the ctx's: the same list (CTX_MEMBERS), checked at its ends. */
_Static_assert(offsetof(struct req, arena) == offsetof(struct req, ctx.arena) &&
		       offsetof(struct req, brand_logo_type) == offsetof(struct req, ctx.brand_logo_type),
	       "struct req's context members must alias r->ctx");

/*
 * Read the POST body once the front line has accepted the request (route,
 * session, role, origin): urlencoded into r->form, multipart (only when
 * takes_file) with its file streamed to files_dir/tmp, anything else into
 * r->body. When check_csrf, a file part that does not follow a "csrf" field
 * holding the session's token is refused (403) before a byte is stored.
 * 0, or the HTTP status to answer (400, 403, 413, 415, 503).
 */
int req_read_body(struct req *r, int takes_file, int check_csrf);

/* Append a response header (name and value must not contain CR or LF). */
void req_header(struct req *r, const char *name, const char *value);

/* Set a cookie: HttpOnly, SameSite=Lax, Path=/, Secure when configured or
 * HTTPS. max_age < 0 makes a session cookie, 0 deletes it. */
void req_cookie(struct req *r, const char *name, const char *value, long max_age);

/* 1 when s is a path of this site that is safe in a Location header: it starts
 * with one '/' (not "//" or "/\\"), and holds only printable ASCII without
 * spaces or backslashes (a tab or a backslash makes browsers read another host). */
int req_local_path(const char *s);

/* Prepare a 303 to location (a local path; anything else becomes "/").
 * Returns 303 for the handler to return. */
int req_redirect(struct req *r, const char *location);

/* Write the status line and headers (security headers included) once. */
void req_send_head(struct req *r, int status, const char *content_type);
/* Write body bytes (after req_send_head). Returns 0 or -1 when the client left. */
int req_write(struct req *r, const void *p, size_t n);

/* A FastCGI parameter (e.g. "HTTP_X_HUBSPOT_SIGNATURE_V3", "REQUEST_URI"), or
 * NULL when absent or not valid text. */
const char *req_env(struct req *r, const char *name);

/* Query or form value by name (form first for POST), or NULL. */
const char *req_param(const struct req *r, const char *name);

#endif
