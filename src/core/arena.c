/* arena.c - per-request memory pool. */
#include "core/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE (64 * 1024)
#define ALIGN 16

struct arena_block {
	struct arena_block *next; /* older block */
	size_t size;              /* usable bytes in data */
	size_t used;              /* bytes handed out */
	_Alignas(16) unsigned char data[];
};

struct arena_cleanup {
	struct arena_cleanup *next;
	void (*fn)(void *);
	void *p;
};

static void oom(void)
{
	fputs("tandem: out of memory\n", stderr);
	abort();
}

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->cleanups = NULL;
	a->total = 0;
}

static struct arena_block *block_new(size_t size, struct arena_block *next)
{
	struct arena_block *b;

	if (size > SIZE_MAX - sizeof(*b))
		oom();
	b = malloc(sizeof(*b) + size);
	if (!b)
		oom();
	b->next = next;
	b->size = size;
	b->used = 0;
	return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	size_t need;
	void *p;

	if (n > SIZE_MAX - ALIGN)
		oom();
	need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (need == 0)
		need = ALIGN;
	if (!b || b->size - b->used < need) {
		if (need > BLOCK_SIZE / 4) {
			/* a big one gets its own block behind the current one */
			struct arena_block *big = block_new(need, b ? b->next : NULL);
			if (b)
				b->next = big;
			else
				a->head = big;
			big->used = need;
			a->total += need;
			memset(big->data, 0, need);
			return big->data;
		}
		b = a->head = block_new(BLOCK_SIZE, b);
	}
	p = b->data + b->used;
	b->used += need;
	a->total += need;
	memset(p, 0, n);
	return p;
}

void *arena_calloc(struct arena *a, size_t n, size_t sz)
{
	if (sz && n > SIZE_MAX / sz)
		oom();
	return arena_alloc(a, n * sz);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void arena_on_reset(struct arena *a, void (*fn)(void *), void *p)
{
	struct arena_cleanup *c = arena_alloc(a, sizeof(*c));

	c->fn = fn;
	c->p = p;
	c->next = a->cleanups;
	a->cleanups = c;
}

static void run_cleanups(struct arena *a)
{
	/* cleanup records live in the arena: walk them before freeing blocks */
	struct arena_cleanup *c = a->cleanups;

	a->cleanups = NULL;
	for (; c; c = c->next)
		c->fn(c->p);
}

void arena_reset(struct arena *a)
{
	struct arena_block *b, *keep = NULL;

	run_cleanups(a);
	/* keep one standard block for the next request, free the rest */
	for (b = a->head; b;) {
		struct arena_block *next = b->next;
		if (!keep && b->size == BLOCK_SIZE)
			keep = b;
		else
			free(b);
		b = next;
	}
	if (keep) {
		keep->used = 0;
		keep->next = NULL;
	}
	a->head = keep;
	a->total = 0;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;

	run_cleanups(a);
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	arena_init(a);
}
