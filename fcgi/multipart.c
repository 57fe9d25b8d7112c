/* multipart.c - streaming multipart/form-data parser: a delimiter matcher over the byte
 * stream plus a bounded header block per part. Pure: no I/O, no allocation. */
#include "fcgi/multipart.h"

#include <string.h>
#include <strings.h>

enum { S_PREAMBLE, S_AFTER, S_HEADERS, S_BODY, S_DONE, S_ERROR };

static int bchar(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       strchr("'()+_,-./:=? ", c) != NULL;
}

int mp_boundary(const char *ct, char *out, size_t outlen)
{
	const char *p;
	size_t n = 0;

	if (!ct || strncasecmp(ct, "multipart/form-data", 19) || outlen < MP_BOUNDARY_MAX + 1)
		return -1;
	for (p = ct + 19; (p = strchr(p, ';'));) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "boundary=", 9))
			continue;
		p += 9;
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (n >= MP_BOUNDARY_MAX || !bchar((unsigned char)*p))
					return -1;
				out[n++] = *p;
			}
			if (*p != '"')
				return -1;
		} else {
			for (; *p && *p != ';' && *p != ' ' && *p != '\t'; p++) {
				if (n >= MP_BOUNDARY_MAX || !bchar((unsigned char)*p) || *p == ' ')
					return -1;
				out[n++] = *p;
			}
		}
		out[n] = '\0';
		return n && out[n - 1] != ' ' ? 0 : -1;
	}
	return -1;
}

void mp_init(struct multipart *m, const char *boundary, const struct mp_handler *h, void *ud,
	     size_t max_parts)
{
	memset(m, 0, sizeof(*m));
	memcpy(m->delim, "\r\n--", 4);
	m->dlen = 4 + strlen(boundary);
	memcpy(m->delim + 4, boundary, m->dlen - 4);
	m->h = h;
	m->ud = ud;
	m->max_parts = max_parts;
	/* the body starts with "--boundary": match as if a CRLF came before it */
	m->match = 2;
	m->state = S_PREAMBLE;
}

/* A parameter of a Content-Disposition value: name="..." (with \" escapes)
 * or name=token, into out. 1 found, 0 absent, -1 malformed or too long. */
static int disp_param(const char *v, const char *key, char *out, size_t outlen)
{
	size_t kl = strlen(key);

	for (const char *p = v; (p = strchr(p, ';'));) {
		size_t n = 0;

		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, key, kl) || p[kl] != '=')
			continue;
		p += kl + 1;
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1])
					p++;
				if (n + 1 >= outlen)
					return -1;
				out[n++] = *p;
			}
			if (*p != '"')
				return -1;
		} else {
			for (; *p && *p != ';' && *p != ' '; p++) {
				if (n + 1 >= outlen)
					return -1;
				out[n++] = *p;
			}
		}
		out[n] = '\0';
		return 1;
	}
	return 0;
}

/* Parse the header block hdr[0..hlen) (lines with CRLF, the blank line not
 * included) into m->part. 0, or -1. */
static int headers(struct multipart *m)
{
	struct mp_part *pt = &m->part;
	char *line = m->hdr, *end = m->hdr + m->hlen;
	int disp = 0;

	memset(pt, 0, sizeof(*pt));
	while (line < end) {
		char *eol = memmem(line, (size_t)(end - line), "\r\n", 2);
		char *colon, *v;

		if (!eol)
			eol = end;
		if (memchr(line, '\0', (size_t)(eol - line)))
			return -1;
		*eol = '\0';
		colon = strchr(line, ':');
		if (!colon)
			return -1;
		*colon = '\0';
		for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
			;
		if (!strcasecmp(line, "Content-Disposition")) {
			int r;
			if (disp || strncasecmp(v, "form-data", 9) || (v[9] && v[9] != ';' && v[9] != ' '))
				return -1;
			disp = 1;
			if (disp_param(v, "name", pt->name, sizeof(pt->name)) != 1 || !pt->name[0])
				return -1;
			r = disp_param(v, "filename", pt->filename, sizeof(pt->filename));
			if (r < 0)
				return -1;
			pt->has_filename = r;
		} else if (!strcasecmp(line, "Content-Type")) {
			size_t n = strlen(v);
			if (n >= sizeof(pt->content_type))
				return -1;
			memcpy(pt->content_type, v, n + 1);
		}
		line = eol + 2;
	}
	return disp ? 0 : -1;
}

/* Emit body bytes through a small staging buffer. */
struct out {
	char b[4096];
	size_t n;
};

static int flush(struct multipart *m, struct out *o)
{
	int rc = 0;

	if (o->n && m->state == S_BODY)
		rc = m->h->data(m->ud, o->b, o->n);
	o->n = 0;
	return rc;
}

static int put(struct multipart *m, struct out *o, const char *p, size_t n)
{
	int rc;

	if (m->state != S_BODY)
		return 0; /* the preamble is ignored */
	while (n) {
		size_t k = sizeof(o->b) - o->n < n ? sizeof(o->b) - o->n : n;
		memcpy(o->b + o->n, p, k);
		o->n += k;
		p += k;
		n -= k;
		if (o->n == sizeof(o->b) && (rc = flush(m, o)))
			return rc;
	}
	return 0;
}

int mp_feed(struct multipart *m, const char *p, size_t n)
{
	struct out o;
	int rc;

	o.n = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		switch (m->state) {
		case S_PREAMBLE:
		case S_BODY:
			if (c == (unsigned char)m->delim[m->match]) {
				if (++m->match < m->dlen)
					break;
				m->match = 0;
				if ((rc = flush(m, &o)))
					goto fail;
				if (m->state == S_BODY && (rc = m->h->end(m->ud)))
					goto fail;
				m->state = S_AFTER;
				m->alen = 0;
				break;
			}
			/* the held-back bytes were data; the delimiter has no CR
			 * after its first byte, so only c itself can restart it */
			if (m->match && (rc = put(m, &o, m->delim, m->match)))
				goto fail;
			m->match = 0;
			if (c == '\r') {
				m->match = 1;
				break;
			}
			if ((rc = put(m, &o, (const char *)&c, 1)))
				goto fail;
			break;
		case S_AFTER:
			m->after[m->alen++] = (char)c;
			if (m->alen < 2)
				break;
			if (!memcmp(m->after, "--", 2)) {
				m->state = S_DONE;
			} else if (!memcmp(m->after, "\r\n", 2)) {
				if (++m->parts > m->max_parts) {
					rc = -1;
					goto fail;
				}
				m->state = S_HEADERS;
				m->hlen = 0;
			} else {
				rc = -1;
				goto fail;
			}
			break;
		case S_HEADERS:
			if (m->hlen >= sizeof(m->hdr)) {
				rc = -1;
				goto fail;
			}
			m->hdr[m->hlen++] = (char)c;
			if (m->hlen >= 2 && !memcmp(m->hdr + m->hlen - 2, "\r\n", 2) &&
			    (m->hlen == 2 || (m->hlen >= 4 && !memcmp(m->hdr + m->hlen - 4, "\r\n\r\n", 4)))) {
				m->hlen = m->hlen == 2 ? 0 : m->hlen - 4;
				if (headers(m)) {
					rc = -1;
					goto fail;
				}
				if ((rc = m->h->begin(m->ud, &m->part)))
					goto fail;
				m->state = S_BODY;
				m->match = 0;
			}
			break;
		case S_DONE:
			return 0; /* the epilogue is ignored */
		default:
			return -1;
		}
	}
	if ((rc = flush(m, &o)))
		goto fail;
	return 0;
fail:
	m->state = S_ERROR;
	return rc;
}

int mp_finish(const struct multipart *m)
{
	return m->state == S_DONE ? 0 : -1;
}
