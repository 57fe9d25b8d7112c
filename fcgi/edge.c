/* edge.c - the FastCGI edge: the accept loop; fills struct req (with hard limits) and hands it
 * to the routes. The request's own I/O (headers, body, cookies) is in req.c. */
#include "fcgi/edge.h"
#include "core/db.h"
#include "core/log.h"
#include "core/xslt.h"
#include "fcgi/req.h"
#include "page/routes.h"
#include "web/render.h"
#include "web/route.h"
#include "web/sess.h"

#include <errno.h>
#include <fcgiapp.h>
#include <fcntl.h>
#include <signal.h>
#include <strings.h>
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
	const char *method = req_env(r, "REQUEST_METHOD");
	const char *uri = req_env(r, "REQUEST_URI");
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
	if (parse_cookies(r->arena, req_env(r, "HTTP_COOKIE"), lim, &r->cookies))
		return 400;
	r->host = req_env(r, "HTTP_HOST");
	r->origin = req_env(r, "HTTP_ORIGIN");
	r->sec_fetch_site = req_env(r, "HTTP_SEC_FETCH_SITE");
	r->accept = req_env(r, "HTTP_ACCEPT");
	r->content_type = req_env(r, "CONTENT_TYPE");
	r->remote_addr = req_env(r, "REMOTE_ADDR");
	r->user_agent = req_env(r, "HTTP_USER_AGENT");
	{
		const char *https = req_env(r, "HTTPS");
		r->https = https && *https && strcmp(https, "off");
	}
	fmt = kv_get(&r->query, "format");
	r->want_xml = (fmt && !strcmp(fmt, "xml")) || accept_wants_xml(r->accept);

	/* limits now; the body itself only once the route and the session
	 * allow it (req_read_body, called by the front line) */
	cl = req_env(r, "CONTENT_LENGTH");
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
	if (xslt_init(cfg->xslt_dir)) {
		db_close(db);
		return 2;
	}
	if (cfg->timing_log)
		timing_fd = open(cfg->timing_log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (FCGX_Init() || FCGX_InitRequest(&fr, fd, FCGI_FAIL_ACCEPT_ON_INTR)) {
		log_error("edge: FastCGI init failed");
		xslt_release();
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
	xslt_release();
	db_close(db);
	return 0;
}
