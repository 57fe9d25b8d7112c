/* fuzz_parse.c - libFuzzer target for the request-edge parsers (see README). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "fcgi/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

/*
 * An independent UTF-8 check (Unicode table 3-7, well-formed byte sequences)
 * plus parse.h's rules on control characters, to compare text_valid with.
 */
static int ref_text_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i], lo = 0x80, hi = 0xbf, cp;
		size_t k;

		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
				return 0;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			k = 1;
		else if (c >= 0xe0 && c <= 0xef)
			k = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			k = 3;
		else
			return 0;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
		else if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
		if (i + k >= n)
			return 0;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (size_t j = 2; j <= k; j++)
			if (s[i + j] < 0x80 || s[i + j] > 0xbf)
				return 0;
		cp = c & (k == 1 ? 0x1f : k == 2 ? 0x0f : 0x07);
		for (size_t j = 1; j <= k; j++)
			cp = (cp << 6) | (s[i + j] & 0x3f);
		if (cp <= 0x9f || cp == 0xfffe || cp == 0xffff) /* C1 controls, non-characters */
			return 0;
		i += k + 1;
	}
	return 1;
}

/* What parse.h promises about every list it returns. */
static void check_list(const struct kvlist *l, const struct parse_limits *lim)
{
	CHECK(l->n <= lim->max_fields);
	CHECK(l->n == 0 || l->v);
	for (size_t i = 0; i < l->n; i++) {
		size_t nl = strlen(l->v[i].name);
		CHECK(nl > 0 && nl <= lim->max_name);
		CHECK(strlen(l->v[i].value) == l->v[i].len);
		CHECK(l->v[i].len <= lim->max_value);
		CHECK(text_valid(l->v[i].name, nl));
		CHECK(text_valid(l->v[i].value, l->v[i].len));
		CHECK(kv_get(l, l->v[i].name) != NULL);
		CHECK(kv_count(l, l->v[i].name) >= 1);
	}
}

static const struct parse_limits tiny = { .max_fields = 4, .max_name = 3, .max_value = 5 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena a;
	static int ready;
	const char *s = (const char *)data;
	struct kvlist l;
	char *copy, *dst;
	long n;

	if (!ready) {
		arena_init(&a);
		ready = 1;
	}

	/* data is exactly size bytes, not terminated: ASan catches any over-read */
	if (parse_urlencoded(&a, s, size, &parse_default_limits, &l) == 0)
		check_list(&l, &parse_default_limits);
	else
		CHECK(l.n == 0 && l.v == NULL);
	if (parse_urlencoded(&a, s, size, &tiny, &l) == 0)
		check_list(&l, &tiny);
	else
		CHECK(l.n == 0 && l.v == NULL);

	copy = malloc(size + 1);
	if (!copy)
		abort();
	memcpy(copy, data, size);
	copy[size] = '\0';
	if (parse_cookies(&a, copy, &parse_default_limits, &l) == 0)
		check_list(&l, &parse_default_limits);
	if (parse_cookies(&a, copy, &tiny, &l) == 0)
		check_list(&l, &tiny);
	free(copy);

	dst = malloc(size + 1);
	if (!dst)
		abort();
	n = url_decode(dst, s, size);
	CHECK(n >= -1 && n <= (long)size);
	if (n >= 0)
		CHECK(dst[n] == '\0');
	n = url_decode_path(dst, s, size);
	CHECK(n >= -1 && n <= (long)size);
	if (n >= 0)
		CHECK(dst[n] == '\0');
	free(dst);

	CHECK(!!text_valid(s, size) == ref_text_valid(data, size));

	arena_reset(&a);
	return 0;
}
