/* edge.c - the FastCGI edge: accept loop, request parsing with hard limits, response writing. */
#include "edge.h"
#include "db.h"
#include "log.h"
#include "render.h"
#include "req.h"
#include "route.h"

#include <errno.h>
#include <fcgiapp.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stopping;

static void on_term(int sig)
{
	(void)sig;
	stopping = 1;
	/* let a blocked accept() return; a request in hand finishes first */
	FCGX_ShutdownPending();
}

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Status";
	}
}

static int header_safe(const char *s)
{
	return !strpbrk(s, "\r\n");
}

void req_header(struct req *r, const char *name, const char *value)
{
	if (!header_safe(name) || !header_safe(value)) {
		log_error("edge: refused a header with CR/LF (%s)", name);
		return;
	}
	buf_adds(&r->headers, name);
	buf_adds(&r->headers, ": ");
	buf_adds(&r->headers, value);
	buf_adds(&r->headers, "\r\n");
}

void req_cookie(struct req *r, const char *name, const char *value, long max_age)
{
	char *v = arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", name, value,
			       (r->cfg->secure_cookies || r->https) ? "; Secure" : "");
	if (max_age >= 0)
		v = arena_printf(r->arena, "%s; Max-Age=%ld", v, max_age);
	req_header(r, "Set-Cookie", v);
}

int req_redirect(struct req *r, const char *location)
{
	/* only local paths: never an open redirect */
	if (location[0] != '/' || location[1] == '/' || location[1] == '\\')
		location = "/";
	req_header(r, "Location", location);
	return 303;
}

void req_send_head(struct req *r, int status, const char *content_type)
{
	FCGX_Request *fr = r->io;

	if (r->headers_sent)
		return;
	r->headers_sent = 1;
	FCGX_FPrintF(fr->out, "Status: %d %s\r\n", status, reason(status));
	if (content_type)
		FCGX_FPrintF(fr->out, "Content-Type: %s\r\n", content_type);
	FCGX_PutS("Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self';"
		  " img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self';"
		  " frame-ancestors 'none'; base-uri 'none'\r\n"
		  "X-Content-Type-Options: nosniff\r\n"
		  "X-Frame-Options: DENY\r\n"
		  "Referrer-Policy: same-origin\r\n"
		  "Cross-Origin-Opener-Policy: same-origin\r\n"
		  "Cache-Control: no-store\r\n", fr->out);
	FCGX_PutStr(r->headers.data, (int)r->headers.len, fr->out);
	FCGX_PutS("\r\n", fr->out);
}

int req_write(struct req *r, const void *p, size_t n)
{
	FCGX_Request *fr = r->io;

	while (n) {
		int chunk = n > (1u << 30) ? (1 << 30) : (int)n;
		if (FCGX_PutStr(p, chunk, fr->out) != chunk)
			return -1;
		p = (const char *)p + chunk;
		n -= (size_t)chunk;
	}
	return 0;
}

const char *req_param(const struct req *r, const char *name)
{
	const char *v = NULL;

	if (r->method == M_POST)
		v = kv_get(&r->form, name);
	return v ? v : kv_get(&r->query, name);
}

static const char *param(struct req *r, const char *name)
{
	FCGX_Request *fr = r->io;
	const char *v = FCGX_GetParam(name, fr->envp);

	/* header values must be text we can put in a page or a log line */
	if (v && !text_valid(v, strlen(v)))
		return NULL;
	return v;
}

const char *req_env(struct req *r, const char *name)
{
	return param(r, name);
}

/* Accept: application/xml asks for the XML; a browser's list with text/html does not. */
static int accept_wants_xml(const char *accept)
{
	if (!accept)
		return 0;
	if (!strncmp(accept, "application/xml", 15))
		return 1;
	return strstr(accept, "application/xml") && !strstr(accept, "text/html");
}

/* Fill r from the FastCGI request. Returns 0, or an HTTP status for a
 * request that must not reach the routes. */
static int read_request(struct req *r)
{
	const struct parse_limits *lim = &parse_default_limits;
	const char *method = param(r, "REQUEST_METHOD");
	const char *uri = param(r, "REQUEST_URI");
	const char *q, *cl, *fmt;
	size_t plen;
	char *path;
	long dl;

	if (!method || !uri || uri[0] != '/')
		return 400;
	if (!strcmp(method, "GET"))
		r->method = M_GET;
	else if (!strcmp(method, "POST"))
		r->method = M_POST;
	else if (!strcmp(method, "HEAD"))
		r->method = M_HEAD;
	else
		r->method = 0; /* the routes answer 405 with Allow, or 404 */
	q = strchr(uri, '?');
	plen = q ? (size_t)(q - uri) : strlen(uri);
	if (plen > 2048)
		return 400;
	path = arena_alloc(r->arena, plen + 1);
	dl = url_decode_path(path, uri, plen);
	if (dl < 1 || (size_t)dl != strlen(path) || !text_valid(path, (size_t)dl))
		return 400;
	r->path = path;
	r->query_string = q ? q + 1 : "";
	if (strlen(r->query_string) > 8192 ||
	    parse_urlencoded(r->arena, r->query_string, strlen(r->query_string), lim, &r->query))
		return 400;
	if (parse_cookies(r->arena, param(r, "HTTP_COOKIE"), lim, &r->cookies))
		return 400;
	r->host = param(r, "HTTP_HOST");
	r->origin = param(r, "HTTP_ORIGIN");
	r->sec_fetch_site = param(r, "HTTP_SEC_FETCH_SITE");
	r->accept = param(r, "HTTP_ACCEPT");
	r->content_type = param(r, "CONTENT_TYPE");
	r->remote_addr = param(r, "REMOTE_ADDR");
	r->user_agent = param(r, "HTTP_USER_AGENT");
	{
		const char *https = param(r, "HTTPS");
		r->https = https && *https && strcmp(https, "off");
	}
	fmt = kv_get(&r->query, "format");
	r->want_xml = (fmt && !strcmp(fmt, "xml")) || accept_wants_xml(r->accept);

	cl = param(r, "CONTENT_LENGTH");
	if (cl && *cl && r->method) {
		char *end;
		long long n;
		char *body;
		FCGX_Request *fr = r->io;

		errno = 0;
		n = strtoll(cl, &end, 10);
		if (errno || *end || n < 0)
			return 400;
		if (n > r->cfg->max_body)
			return 413;
		if (n > 0 && r->method != M_POST)
			return 400;
		if (n > 0) {
			body = arena_alloc(r->arena, (size_t)n + 1);
			if (FCGX_GetStr(body, (int)n, fr->in) != (int)n)
				return 400;
			body[n] = '\0';
			if (r->content_type &&
			    !strncmp(r->content_type, "application/x-www-form-urlencoded", 33)) {
				if (parse_urlencoded(r->arena, body, (size_t)n, lim, &r->form))
					return 400;
			} else {
				r->body = body;
				r->body_len = (size_t)n;
			}
		}
	}
	return 0;
}

static long long now_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int edge_worker(const struct config *cfg, int fd)
{
	FCGX_Request fr;
	struct arena arena;
	struct buf headers = BUF_INIT;
	struct sigaction sa;
	struct db *db;
	int rc;
	int timing_fd = -1;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL); /* no SA_RESTART: accept() returns */
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);

	db = db_open_ready(cfg, &stopping, &rc);
	if (!db)
		return rc;
	if (render_init(cfg->xslt_dir)) {
		db_close(db);
		return 2;
	}
	if (cfg->timing_log)
		timing_fd = open(cfg->timing_log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (FCGX_Init() || FCGX_InitRequest(&fr, fd, FCGI_FAIL_ACCEPT_ON_INTR)) {
		log_error("edge: FastCGI init failed");
		render_release();
		db_close(db);
		return 2;
	}
	arena_init(&arena);
	while (!stopping && FCGX_Accept_r(&fr) >= 0) {
		struct req r;
		long long t0 = now_usec();
		int status;

		memset(&r, 0, sizeof(r));
		r.arena = &arena;
		r.db = db;
		r.cfg = cfg;
		r.io = &fr;
		r.xsl = -1;
		buf_reset(&headers);
		r.headers = headers;
		status = read_request(&r);
		if (status) {
			if (!r.path)
				r.path = "/";
			render_error(&r, status, NULL);
		} else {
			route_dispatch(&r);
		}
		headers = r.headers; /* keep the grown buffer for the next request */
		FCGX_Finish_r(&fr);
		if (timing_fd >= 0) {
			char line[2200];
			int n = snprintf(line, sizeof(line), "%lld %s %s\n", now_usec() - t0,
					 r.method == M_POST ? "POST" : "GET", r.path ? r.path : "-");
			if (n > 0 && write(timing_fd, line, (size_t)(n < (int)sizeof(line) ? n : (int)sizeof(line) - 1)) < 0)
				timing_fd = -1;
		}
		arena_reset(&arena);
	}
	FCGX_Free(&fr, 1);
	arena_release(&arena);
	buf_release(&headers);
	if (timing_fd >= 0)
		close(timing_fd);
	render_release();
	db_close(db);
	return 0;
}
