/* buf.h - the one growable byte buffer (after git's strbuf). */
#ifndef TANDEM_BUF_H
#define TANDEM_BUF_H

#include <stddef.h>

/*
 * Invariants, true after every call:
 *  - data is never NULL (it points at a shared empty string while cap == 0);
 *  - data[len] == '\0', so data is always a C string (which may hold NULs);
 *  - len < cap whenever cap > 0;
 *  - growth is checked for overflow; out of memory aborts.
 * Ownership leaves only through buf_detach().
 */
struct buf {
	char *data;   /* contents, NUL-terminated */
	size_t len;   /* bytes used, not counting the terminator */
	size_t cap;   /* bytes allocated; 0 means data is the shared "" */
};

extern char buf_empty[];
#define BUF_INIT { buf_empty, 0, 0 }

void buf_init(struct buf *b, size_t hint);
/* Make room for `extra` more bytes (plus the terminator). */
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addch(struct buf *b, int c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Shorten to n bytes (n <= len). */
void buf_setlen(struct buf *b, size_t n);
static inline void buf_reset(struct buf *b) { buf_setlen(b, 0); }
/* Hand the malloc'ed contents to the caller (free() them); b becomes empty. */
char *buf_detach(struct buf *b, size_t *len);
/* Free the contents; b becomes empty and reusable. */
void buf_release(struct buf *b);

#endif
