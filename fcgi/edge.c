/* edge.c - the FastCGI edge: accept loop, request parsing with hard limits, response writing. */
#include "fcgi/edge.h"
#include "core/db.h"
#include "core/log.h"
#include "fcgi/multipart.h"
#include "web/sess.h"
#include "web/render.h"
#include "fcgi/req.h"
#include "page/routes.h"
#include "web/route.h"

#include <errno.h>
#include <fcgiapp.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <strings.h>
#include <sys/stat.h>
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

int req_local_path(const char *s)
{
	if (!s || s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f || *s == '\\')
			return 0;
	return 1;
}

int req_redirect(struct req *r, const char *location)
{
	/* only local paths: never an open redirect */
	if (!req_local_path(location))
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
		  "Cross-Origin-Opener-Policy: same-origin\r\n", fr->out);
	/* no-store unless the handler chose its own caching (the brand's logo) */
	if (strncmp(r->headers.data, "Cache-Control:", 14) &&
	    !strstr(r->headers.data, "\nCache-Control:"))
		FCGX_PutS("Cache-Control: no-store\r\n", fr->out);
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

/* ------------------------------------------------------------ multipart */

/* What the multipart callbacks collect: text fields into r->form, one file
 * streamed to files_dir/tmp with its SHA-256. */
struct mp_sink {
	struct req *r;
	struct kv *fields;
	size_t nfields, cap;
	struct buf value;            /* the text field being read */
	const char *name;            /* its name */
	int in_file;
	int check_csrf;              /* a file part must follow the session's csrf field */
	int fd;
	struct upload *up;
	crypto_hash_sha256_state sha;
};

static int mp_begin(void *ud, const struct mp_part *pt)
{
	struct mp_sink *k = ud;
	struct req *r = k->r;
	char hex[33];
	const char *path;

	if (!text_valid(pt->name, strlen(pt->name)))
		return 400;
	if (!pt->has_filename) {
		k->in_file = 0;
		k->name = arena_strdup(r->arena, pt->name);
		buf_reset(&k->value);
		if (k->nfields >= parse_default_limits.max_fields)
			return 400;
		return 0;
	}
	if (k->up)
		return 400; /* one file per request */
	if (k->check_csrf) {
		const char *sent = NULL;
		size_t n = r->sess.csrf ? strlen(r->sess.csrf) : 0;
		for (size_t i = 0; i < k->nfields; i++)
			if (!strcmp(k->fields[i].name, "csrf"))
				sent = k->fields[i].value;
		if (!n || !sent || strlen(sent) != n || sodium_memcmp(sent, r->sess.csrf, n))
			return 403; /* nothing written for a forged or stale form */
	}
	k->in_file = 1;
	k->up = arena_calloc(r->arena, 1, sizeof(*k->up));
	k->up->field = arena_strdup(r->arena, pt->name);
	k->up->filename = arena_strdup(r->arena, pt->filename);
	k->up->content_type = arena_strdup(r->arena, pt->content_type);
	path = arena_printf(r->arena, "%s/tmp", r->cfg->files_dir);
	if (mkdir(path, 0700) && errno != EEXIST) {
		log_error("upload: cannot make %s: %s", path, strerror(errno));
		return 503;
	}
	sess_random_hex(hex, 16);
	path = arena_printf(r->arena, "%s/tmp/up-%s", r->cfg->files_dir, hex);
	k->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (k->fd < 0) {
		log_error("upload: cannot create %s: %s", path, strerror(errno));
		return 503;
	}
	k->up->tmp_path = path;
	crypto_hash_sha256_init(&k->sha);
	return 0;
}

static int mp_data(void *ud, const char *p, size_t n)
{
	struct mp_sink *k = ud;

	if (!k->in_file) {
		if (k->value.len + n > parse_default_limits.max_value)
			return 413;
		buf_add(&k->value, p, n);
		return 0;
	}
	k->up->size += (long long)n;
	if (k->up->size > k->r->cfg->max_upload)
		return 413;
	crypto_hash_sha256_update(&k->sha, (const unsigned char *)p, n);
	while (n) {
		ssize_t w = write(k->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			log_error("upload: write failed: %s", strerror(errno));
			return 503;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int mp_end(void *ud)
{
	struct mp_sink *k = ud;
	struct req *r = k->r;

	if (k->in_file) {
		unsigned char d[crypto_hash_sha256_BYTES];
		crypto_hash_sha256_final(&k->sha, d);
		sodium_bin2hex(k->up->sha256, sizeof(k->up->sha256), d, sizeof(d));
		k->in_file = 0;
		if (close(k->fd))
			return 503;
		k->fd = -1;
		return 0;
	}
	if (!text_valid(k->value.data, k->value.len))
		return 400;
	if (k->nfields == k->cap) {
		struct kv *nv = arena_calloc(r->arena, k->cap ? k->cap * 2 : 8, sizeof(*nv));
		if (k->nfields)
			memcpy(nv, k->fields, k->nfields * sizeof(*nv));
		k->fields = nv;
		k->cap = k->cap ? k->cap * 2 : 8;
	}
	k->fields[k->nfields].name = k->name;
	k->fields[k->nfields].value = arena_strndup(r->arena, k->value.data, k->value.len);
	k->fields[k->nfields].len = k->value.len;
	k->nfields++;
	return 0;
}

/* A multipart POST: limits before reading (Content-Length against
 * max_upload), then the body in chunks through the parser; the file goes to
 * disk as it arrives. 0, or the status for the request. */
static int read_multipart(struct req *r, const char *cl, int check_csrf)
{
	static const struct mp_handler h = { mp_begin, mp_data, mp_end };
	FCGX_Request *fr = r->io;
	char boundary[MP_BOUNDARY_MAX + 1], chunk[65536];
	struct multipart *m;
	struct mp_sink k;
	long long n, left;
	char *end;
	int rc = 0;

	errno = 0;
	n = strtoll(cl, &end, 10);
	if (errno || *end || n < 0)
		return 400;
	if (n > r->cfg->max_upload + 64 * 1024)
		return 413;
	if (mp_boundary(r->content_type, boundary, sizeof(boundary)))
		return 400;
	m = arena_alloc(r->arena, sizeof(*m));
	memset(&k, 0, sizeof(k));
	k.r = r;
	k.fd = -1;
	k.check_csrf = check_csrf;
	buf_init(&k.value, 256);
	mp_init(m, boundary, &h, &k, parse_default_limits.max_fields + 1);
	for (left = n; left > 0 && !rc;) {
		int want = left < (long long)sizeof(chunk) ? (int)left : (int)sizeof(chunk);
		int got = FCGX_GetStr(chunk, want, fr->in);
		if (got <= 0) {
			rc = 400;
			break;
		}
		left -= got;
		rc = mp_feed(m, chunk, (size_t)got);
		if (rc < 0)
			rc = 400;
	}
	if (!rc && mp_finish(m))
		rc = 400;
	if (k.fd >= 0)
		close(k.fd);
	buf_release(&k.value);
	r->upload = k.up; /* removed before the answer goes out, whatever happens */
	if (rc)
		return rc;
	r->form.v = k.fields;
	r->form.n = k.nfields;
	r->upload = k.up;
	return 0;
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

	/* limits now; the body itself only once the route and the session
	 * allow it (req_read_body, called by the front line) */
	cl = param(r, "CONTENT_LENGTH");
	if (cl && *cl && r->method) {
		char *end;
		long long n;
		int multipart = r->content_type &&
				!strncasecmp(r->content_type, "multipart/form-data", 19);

		errno = 0;
		n = strtoll(cl, &end, 10);
		if (errno || *end || n < 0)
			return 400;
		if (n > (multipart ? r->cfg->max_upload + 64 * 1024 : r->cfg->max_body))
			return 413;
		if (n > 0 && r->method != M_POST)
			return 400;
	}
	return 0;
}

int req_read_body(struct req *r, int takes_file, int check_csrf)
{
	const struct parse_limits *lim = &parse_default_limits;
	const char *cl = param(r, "CONTENT_LENGTH");
	FCGX_Request *fr = r->io;
	char *end, *body;
	long long n;

	if (r->body_read || r->method != M_POST)
		return 0;
	r->body_read = 1;
	if (!cl || !*cl)
		return 0;
	if (r->content_type && !strncasecmp(r->content_type, "multipart/form-data", 19)) {
		if (!takes_file)
			return 415;
		return read_multipart(r, cl, check_csrf);
	}
	errno = 0;
	n = strtoll(cl, &end, 10);
	if (errno || *end || n < 0)
		return 400;
	if (n > r->cfg->max_body)
		return 413;
	if (n == 0)
		return 0;
	body = arena_alloc(r->arena, (size_t)n + 1);
	if (FCGX_GetStr(body, (int)n, fr->in) != (int)n)
		return 400;
	body[n] = '\0';
	if (r->content_type && !strncmp(r->content_type, "application/x-www-form-urlencoded", 33)) {
		if (parse_urlencoded(r->arena, body, (size_t)n, lim, &r->form))
			return 400;
	} else {
		r->body = body;
		r->body_len = (size_t)n;
	}
	return 0;
}

/* Throw away a body nobody read (an anonymous upload, a 404): nginx has sent
 * it and must see the answer, not a reset connection; nothing is kept. */
static void drain_body(struct req *r)
{
	FCGX_Request *fr = r->io;
	char scrap[65536];

	if (r->body_read)
		return;
	while (FCGX_GetStr(scrap, (int)sizeof(scrap), fr->in) > 0)
		;
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
			else if (r.cookies.n)
				sess_load(&r); /* a signed-in visitor keeps the frame (413 of an upload) */
			render_error(&r, status, NULL);
		} else {
			route_dispatch(&r, app_routes, app_routes_n);
		}
		drain_body(&r);
		headers = r.headers; /* keep the grown buffer for the next request */
		if (r.upload && r.upload->tmp_path)
			unlink(r.upload->tmp_path); /* gone already when a handler kept the file */
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
