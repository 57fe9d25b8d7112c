/* fuzz_multipart.c - libFuzzer target for fcgi/multipart.c: the first input byte picks a
 * chunk size, the rest is a body with boundary "b0undary"; the parser must never read or
 * write out of bounds, the callbacks come in begin (data)* end order, and data bytes are
 * never more than the input. See README. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fcgi/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static volatile unsigned char touched;

struct st {
	int open;
	size_t bytes;
};

static int b(void *ud, const struct mp_part *p)
{
	struct st *s = ud;
	CHECK(!s->open);
	CHECK(p->name[0] && strlen(p->name) < sizeof(p->name));
	CHECK(strlen(p->filename) < sizeof(p->filename));
	s->open = 1;
	return 0;
}

static int d(void *ud, const char *p, size_t n)
{
	struct st *s = ud;
	CHECK(s->open);
	for (size_t i = 0; i < n; i++)
		touched ^= (unsigned char)p[i]; /* read every byte (ASan checks the bounds) */
	s->bytes += n;
	return 0;
}

static int e(void *ud)
{
	struct st *s = ud;
	CHECK(s->open);
	s->open = 0;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct mp_handler h = { b, d, e };
	struct multipart m;
	struct st s = { 0, 0 };
	size_t step;
	char bd[MP_BOUNDARY_MAX + 1];

	if (!size)
		return 0;
	step = (size_t)data[0] + 1;
	data++;
	size--;
	mp_init(&m, "b0undary", &h, &s, 16);
	for (size_t i = 0; i < size; i += step)
		if (mp_feed(&m, (const char *)data + i, i + step > size ? size - i : step))
			return 0;
	CHECK(s.bytes <= size);
	if (!mp_finish(&m))
		CHECK(!s.open);
	/* the Content-Type parser on the same bytes as a string */
	{
		char ct[256];
		size_t n = size < sizeof(ct) - 1 ? size : sizeof(ct) - 1;
		memcpy(ct, data, n);
		ct[n] = '\0';
		if (!mp_boundary(ct, bd, sizeof(bd)))
			CHECK(strlen(bd) >= 1 && strlen(bd) <= MP_BOUNDARY_MAX);
	}
	return 0;
}
