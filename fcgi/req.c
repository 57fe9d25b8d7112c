/* req.c - the request's I/O over FastCGI: headers, cookies, redirects, the body (urlencoded
 * or multipart, streamed to disk), parameters. Below web/; the accept loop is edge.c. */
#include "fcgi/req.h"
#include "core/crypto.h"
#include "core/log.h"
#include "fcgi/multipart.h"

#include <errno.h>
#include <fcgiapp.h>
#include <fcntl.h>
#include <sodium.h>
#include <strings.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
		log_error("req: refused a header with CR/LF (%s)", name);
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

const char *req_env(struct req *r, const char *name)
{
	FCGX_Request *fr = r->io;
	const char *v = FCGX_GetParam(name, fr->envp);

	/* header values must be text we can put in a page or a log line */
	if (v && !text_valid(v, strlen(v)))
		return NULL;
	return v;
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
		for (size_t i = 0; i < k->nfields; i++)
			if (!strcmp(k->fields[i].name, "csrf"))
				sent = k->fields[i].value;
		if (!r->sess.csrf || !sent || !crypto_token_ok(r->sess.csrf, sent))
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
	crypto_random_hex(hex, 16);
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

int req_read_body(struct req *r, int takes_file, int check_csrf)
{
	const struct parse_limits *lim = &parse_default_limits;
	const char *cl = req_env(r, "CONTENT_LENGTH");
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
