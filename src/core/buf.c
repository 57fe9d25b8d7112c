/* buf.c - the growable byte buffer. */
#include "core/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char buf_empty[1];

void buf_init(struct buf *b, size_t hint)
{
	b->data = buf_empty;
	b->len = b->cap = 0;
	if (hint)
		buf_grow(b, hint);
}

void buf_grow(struct buf *b, size_t extra)
{
	size_t want, cap;
	char *p;

	if (extra > SIZE_MAX - b->len - 1) {
		fputs("tandem: buffer size overflow\n", stderr);
		abort();
	}
	want = b->len + extra + 1;
	if (want <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap = cap > SIZE_MAX / 2 ? want : cap * 2;
	p = realloc(b->cap ? b->data : NULL, cap);
	if (!p) {
		fputs("tandem: out of memory\n", stderr);
		abort();
	}
	if (!b->cap)
		p[0] = '\0';
	b->data = p;
	b->cap = cap;
}

void buf_add(struct buf *b, const void *p, size_t n)
{
	if (!n)
		return;
	buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addch(struct buf *b, int c)
{
	buf_grow(b, 1);
	b->data[b->len++] = (char)c;
	b->data[b->len] = '\0';
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, b->cap ? b->cap - b->len : 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= (b->cap ? b->cap - b->len : 0)) {
		buf_grow(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

void buf_setlen(struct buf *b, size_t n)
{
	if (n > b->len)
		n = b->len;
	b->len = n;
	if (b->cap)
		b->data[n] = '\0';
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p;

	if (!b->cap)
		buf_grow(b, 0);
	p = b->data;
	if (len)
		*len = b->len;
	b->data = buf_empty;
	b->len = b->cap = 0;
	return p;
}

void buf_release(struct buf *b)
{
	if (b->cap)
		free(b->data);
	b->data = buf_empty;
	b->len = b->cap = 0;
}
