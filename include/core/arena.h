/* arena.h - per-request memory pool: everything a request allocates dies with it. */
#ifndef TANDEM_ARENA_H
#define TANDEM_ARENA_H

#include <stddef.h>

struct arena_block;
struct arena_cleanup;

/*
 * An arena hands out memory from large blocks and frees it all at once in
 * arena_reset(). Invariants: `head` is NULL or the block being filled;
 * allocations are 16-byte aligned; cleanups run in reverse order of
 * registration on reset and release. Out of memory aborts the process (as
 * git's xmalloc does): there is no sane recovery inside a request.
 */
struct arena {
	struct arena_block *head;      /* block being filled, older ones chained */
	struct arena_cleanup *cleanups; /* run on reset, newest first */
	size_t total;                  /* bytes handed out since the last reset */
};

void arena_init(struct arena *a);

/* Zeroed memory for n bytes, owned by the arena. Never NULL. */
void *arena_alloc(struct arena *a, size_t n);

/* Zeroed array of n elements of size sz; aborts on overflow. */
void *arena_calloc(struct arena *a, size_t n, size_t sz);

/* Copies of strings into the arena; NULL in gives NULL out. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);

/* printf into arena memory. */
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Register fn(p) to run at the next reset (for xmlDoc, result sets, ...). */
void arena_on_reset(struct arena *a, void (*fn)(void *), void *p);

/* Run cleanups, free every block but the first, keep the first for reuse. */
void arena_reset(struct arena *a);

/* Run cleanups and free everything; the arena may be arena_init'ed again. */
void arena_release(struct arena *a);

#endif
