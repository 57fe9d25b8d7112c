/* parse.c - pure parsers for the request edge: query strings, urlencoded forms, cookies. */
#include "fcgi/parse.h"

#include <string.h>

const struct parse_limits parse_default_limits = {
	.max_fields = 256,
	.max_name = 128,
	.max_value = 64 * 1024,
};

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static long decode(char *dst, const char *src, size_t len, int plus_is_space)
{
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		char c = src[i];
		if (c == '+' && plus_is_space) {
			dst[o++] = ' ';
		} else if (c == '%') {
			int hi, lo;
			if (i + 2 >= len)
				return -1;
			hi = hexval((unsigned char)src[i + 1]);
			lo = hexval((unsigned char)src[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			dst[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			dst[o++] = c;
		}
	}
	dst[o] = '\0';
	return (long)o;
}

long url_decode(char *dst, const char *src, size_t len)
{
	return decode(dst, src, len, 1);
}

long url_decode_path(char *dst, const char *src, size_t len)
{
	return decode(dst, src, len, 0);
}

/* Append a pair; returns -1 when the list is full. */
static int push(struct arena *a, struct kvlist *out, size_t *cap, size_t max,
		const char *name, const char *value, size_t vlen)
{
	if (out->n >= max)
		return -1;
	if (out->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct kv *nv;
		if (ncap > max)
			ncap = max;
		nv = arena_calloc(a, ncap, sizeof(*nv));
		if (out->n)
			memcpy(nv, out->v, out->n * sizeof(*nv));
		out->v = nv;
		*cap = ncap;
	}
	out->v[out->n].name = name;
	out->v[out->n].value = value;
	out->v[out->n].len = vlen;
	out->n++;
	return 0;
}

int parse_urlencoded(struct arena *a, const char *s, size_t len,
		     const struct parse_limits *lim, struct kvlist *out)
{
	size_t pos = 0, cap = 0;

	out->v = NULL;
	out->n = 0;
	while (pos < len) {
		const char *pair = s + pos;
		const char *amp = memchr(pair, '&', len - pos);
		size_t plen = amp ? (size_t)(amp - pair) : len - pos;
		const char *eq = memchr(pair, '=', plen);
		size_t nlen = eq ? (size_t)(eq - pair) : plen;
		size_t vlen = eq ? plen - nlen - 1 : 0;
		char *name, *value;
		long dn, dv;

		pos += plen + 1;
		if (plen == 0)
			continue;
		/* a decoded string is never longer than its encoding; check the
		 * limit on the encoded length first, then exactly after decoding */
		if (nlen == 0 || nlen > lim->max_name * 3 || vlen > lim->max_value * 3)
			goto bad;
		name = arena_alloc(a, nlen + 1);
		value = arena_alloc(a, vlen + 1);
		dn = url_decode(name, pair, nlen);
		dv = eq ? url_decode(value, eq + 1, vlen) : 0;
		if (dn <= 0 || dv < 0 || (size_t)dn > lim->max_name ||
		    (size_t)dv > lim->max_value)
			goto bad;
		if (!text_valid(name, (size_t)dn) || !text_valid(value, (size_t)dv))
			goto bad;
		if (push(a, out, &cap, lim->max_fields, name, value, (size_t)dv))
			goto bad;
	}
	return 0;
bad:
	out->v = NULL;
	out->n = 0;
	return -1;
}

int parse_cookies(struct arena *a, const char *h, const struct parse_limits *lim,
		  struct kvlist *out)
{
	size_t cap = 0;

	out->v = NULL;
	out->n = 0;
	if (!h)
		return 0;
	while (*h) {
		const char *start, *eq, *end, *vs, *ve;

		while (*h == ' ' || *h == '\t' || *h == ';')
			h++;
		if (!*h)
			break;
		start = h;
		end = strchr(h, ';');
		if (!end)
			end = h + strlen(h);
		h = end;
		eq = memchr(start, '=', (size_t)(end - start));
		if (!eq || eq == start)
			continue;
		vs = eq + 1;
		ve = end;
		while (vs < ve && (*vs == ' ' || *vs == '\t'))
			vs++;
		while (ve > vs && (ve[-1] == ' ' || ve[-1] == '\t'))
			ve--;
		if (ve - vs >= 2 && *vs == '"' && ve[-1] == '"') {
			vs++;
			ve--;
		}
		{
			const char *ne = eq;
			while (ne > start && (ne[-1] == ' ' || ne[-1] == '\t'))
				ne--;
			if ((size_t)(ne - start) > lim->max_name ||
			    (size_t)(ve - vs) > lim->max_value)
				continue;
			if (!text_valid(start, (size_t)(ne - start)) ||
			    !text_valid(vs, (size_t)(ve - vs)))
				continue;
			if (push(a, out, &cap, lim->max_fields,
				 arena_strndup(a, start, (size_t)(ne - start)),
				 arena_strndup(a, vs, (size_t)(ve - vs)), (size_t)(ve - vs)))
				return -1;
		}
	}
	return 0;
}

const char *kv_get(const struct kvlist *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].name, name))
			return l->v[i].value;
	return NULL;
}

size_t kv_count(const struct kvlist *l, const char *name)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].name, name))
			n++;
	return n;
}
