/* test_parse.c - the request-edge parsers: url decoding, UTF-8 text, forms, cookies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/array.h"
#include "core/arena.h"
#include "fcgi/parse.h"

static int setup(void **state)
{
	struct arena *a = malloc(sizeof(*a));

	if (!a)
		return -1;
	arena_init(a);
	*state = a;
	return 0;
}

static int teardown(void **state)
{
	arena_release(*state);
	free(*state);
	return 0;
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

/* What every parsed list promises (parse.h), checked after every parse. */
static void check_list(const struct kvlist *l, const struct parse_limits *lim)
{
	if (l->n)
		assert_non_null(l->v);
	assert_true(l->n <= lim->max_fields);
	for (size_t i = 0; i < l->n; i++) {
		const struct kv *kv = &l->v[i];
		assert_non_null(kv->name);
		assert_non_null(kv->value);
		assert_true(strlen(kv->name) > 0);
		assert_true(strlen(kv->name) <= lim->max_name);
		assert_int_equal(strlen(kv->value), kv->len);
		assert_true(kv->len <= lim->max_value);
		assert_true(text_valid(kv->name, strlen(kv->name)));
		assert_true(text_valid(kv->value, kv->len));
	}
}

/* parse_urlencoded on an unterminated heap copy of s, so ASan catches any read past len. */
static int form(struct arena *a, const char *s, const struct parse_limits *lim,
		struct kvlist *out)
{
	size_t len = strlen(s);
	char *copy = malloc(len ? len : 1);
	int rc;

	assert_non_null(copy);
	memcpy(copy, s, len);
	out->v = (struct kv *)1; /* garbage in: the parser must set both */
	out->n = 99;
	rc = parse_urlencoded(a, copy, len, lim ? lim : &parse_default_limits, out);
	free(copy);
	assert_true(rc == 0 || rc == -1);
	if (rc) {
		assert_null(out->v);
		assert_int_equal(out->n, 0);
	}
	check_list(out, lim ? lim : &parse_default_limits);
	return rc;
}

static int cookies(struct arena *a, const char *h, const struct parse_limits *lim,
		   struct kvlist *out)
{
	char *copy = h ? strdup(h) : NULL;
	int rc;

	out->v = (struct kv *)1;
	out->n = 99;
	rc = parse_cookies(a, copy, lim ? lim : &parse_default_limits, out);
	free(copy);
	assert_true(rc == 0 || rc == -1);
	if (!rc)
		check_list(out, lim ? lim : &parse_default_limits);
	return rc;
}

/* url_decode into an exact-size heap buffer (len + 1). */
static long dec(const char *src, char **out)
{
	size_t len = strlen(src);
	char *dst = malloc(len + 1);
	long n;

	assert_non_null(dst);
	n = url_decode(dst, src, len);
	if (n >= 0) {
		assert_true((size_t)n <= len);
		assert_int_equal(dst[n], '\0');
	}
	*out = dst;
	return n;
}

static long dec_path(const char *src, char **out)
{
	size_t len = strlen(src);
	char *dst = malloc(len + 1);
	long n;

	assert_non_null(dst);
	n = url_decode_path(dst, src, len);
	if (n >= 0) {
		assert_true((size_t)n <= len);
		assert_int_equal(dst[n], '\0');
	}
	*out = dst;
	return n;
}

static int tv(const char *s)
{
	return text_valid(s, strlen(s));
}

/* ---- url_decode / url_decode_path ---- */

static void test_decode_plain(void **state)
{
	char *d;

	(void)state;
	assert_int_equal(dec("abc-._~/", &d), 8);
	assert_string_equal(d, "abc-._~/");
	free(d);
}

static void test_decode_empty(void **state)
{
	char *d;

	(void)state;
	assert_int_equal(dec("", &d), 0);
	assert_string_equal(d, "");
	free(d);
}

static void test_decode_plus_is_space(void **state)
{
	char *d;

	(void)state;
	assert_int_equal(dec("a+b++", &d), 5);
	assert_string_equal(d, "a b  ");
	free(d);
}

static void test_decode_percent_escapes(void **state)
{
	char *d;

	(void)state;
	assert_int_equal(dec("%41%62%2B%2b%25%20", &d), 6);
	assert_string_equal(d, "Ab++% ");
	free(d);
}

static void test_decode_utf8_escapes(void **state)
{
	char *d;

	(void)state;
	assert_int_equal(dec("caf%C3%A9", &d), 5);
	assert_string_equal(d, "caf\xc3\xa9");
	free(d);
}

static void test_decode_nul_escape_counts(void **state)
{
	char *d;

	(void)state;
	assert_int_equal(dec("a%00b", &d), 3);
	assert_memory_equal(d, "a\0b", 4);
	free(d);
}

static void test_decode_bad_hex(void **state)
{
	static const char *const bad[] = { "%zz", "%4z", "%z4", "a%g0", "%%41", "%-1", "% 41" };
	char *d;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(dec(bad[i], &d), -1);
		free(d);
	}
}

static void test_decode_truncated_escape(void **state)
{
	static const char *const bad[] = { "%", "%4", "ab%", "ab%4", "%41%" };
	char *d;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(dec(bad[i], &d), -1);
		free(d);
	}
}

static void test_decode_stops_at_len(void **state)
{
	char dst[8];

	(void)state;
	assert_int_equal(url_decode(dst, "ab%41", 2), 2);
	assert_string_equal(dst, "ab");
	/* an escape cut by len is truncated, even if the bytes follow */
	assert_int_equal(url_decode(dst, "%41", 2), -1);
}

static void test_decode_path_keeps_plus(void **state)
{
	char *d;

	(void)state;
	assert_int_equal(dec_path("/a+b/%2B%20c", &d), 8);
	assert_string_equal(d, "/a+b/+ c");
	free(d);
}

static void test_decode_path_bad_escape(void **state)
{
	static const char *const bad[] = { "/%zz", "/%4", "/%", "/a%2" };
	char *d;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(dec_path(bad[i], &d), -1);
		free(d);
	}
}

/* ---- text_valid ---- */

static void test_text_ascii(void **state)
{
	(void)state;
	assert_true(tv("Hello, world! ~{}[]<>&\"'"));
	assert_true(text_valid("", 0));
}

static void test_text_tab_lf_cr(void **state)
{
	(void)state;
	assert_true(tv("a\tb\nc\r\n"));
}

static void test_text_c0_controls(void **state)
{
	(void)state;
	for (int c = 0; c < 0x20; c++) {
		char s[3] = { 'a', (char)c, 'b' };
		if (c == '\t' || c == '\n' || c == '\r')
			assert_true(text_valid(s, 3));
		else
			assert_false(text_valid(s, 3));
	}
}

static void test_text_del(void **state)
{
	(void)state;
	assert_false(tv("a\x7f"));
}

static void test_text_nul_inside_length(void **state)
{
	(void)state;
	assert_false(text_valid("a\0b", 3));
}

static void test_text_utf8_two_three_four_bytes(void **state)
{
	(void)state;
	assert_true(tv("\xc2\xa0"));             /* U+00A0 */
	assert_true(tv("caf\xc3\xa9"));          /* é */
	assert_true(tv("\xdf\xbf"));             /* U+07FF */
	assert_true(tv("\xe0\xa0\x80"));         /* U+0800 */
	assert_true(tv("\xe2\x82\xac"));         /* € */
	assert_true(tv("\xed\x9f\xbf"));         /* U+D7FF, just below the surrogates */
	assert_true(tv("\xee\x80\x80"));         /* U+E000, just above */
	assert_true(tv("\xef\xbf\xbd"));         /* U+FFFD */
	assert_true(tv("\xf0\x90\x80\x80"));     /* U+10000 */
	assert_true(tv("\xf0\x9f\x98\x80"));     /* 😀 */
	assert_true(tv("\xf4\x8f\xbf\xbf"));     /* U+10FFFF */
}

static void test_text_overlong(void **state)
{
	(void)state;
	assert_false(tv("\xc0\x80"));
	assert_false(tv("\xc0\xaf"));
	assert_false(tv("\xc1\xbf"));
	assert_false(tv("\xe0\x80\x80"));
	assert_false(tv("\xe0\x9f\xbf"));
	assert_false(tv("\xf0\x80\x80\x80"));
	assert_false(tv("\xf0\x8f\xbf\xbf"));
}

static void test_text_surrogates(void **state)
{
	(void)state;
	assert_false(tv("\xed\xa0\x80"));  /* U+D800 */
	assert_false(tv("\xed\xbf\xbf"));  /* U+DFFF */
	assert_false(tv("\xed\xa0\xbd\xed\xb8\x80")); /* CESU-8 pair */
}

static void test_text_above_max(void **state)
{
	(void)state;
	assert_false(tv("\xf4\x90\x80\x80")); /* U+110000 */
	assert_false(tv("\xf5\x80\x80\x80"));
	assert_false(tv("\xf8\x88\x80\x80\x80"));
	assert_false(tv("\xfe"));
	assert_false(tv("\xff"));
}

static void test_text_noncharacters_fffe_ffff(void **state)
{
	(void)state;
	assert_false(tv("\xef\xbf\xbe"));
	assert_false(tv("\xef\xbf\xbf"));
}

static void test_text_truncated(void **state)
{
	(void)state;
	assert_false(tv("\xc3"));
	assert_false(tv("\xe2\x82"));
	assert_false(tv("\xf0\x9f\x98"));
	assert_false(tv("ab\xf0"));
	assert_false(tv("\xc3" "A"));
	assert_false(tv("\xe2\x82" "A"));
	/* n, not the terminator, bounds the sequence */
	assert_false(text_valid("\xc3\xa9", 1));
	assert_false(text_valid("\xf0\x9f\x98\x80", 3));
}

static void test_text_lone_continuation(void **state)
{
	(void)state;
	assert_false(tv("\x80"));
	assert_false(tv("a\xbf"));
	assert_false(tv("\xc3\xa9\xa9"));
}

static void test_text_c1_controls(void **state)
{
	(void)state;
	for (unsigned cp = 0x80; cp <= 0x9f; cp++) {
		char s[2] = { (char)(0xc0 | (cp >> 6)), (char)(0x80 | (cp & 0x3f)) };
		assert_false(text_valid(s, 2));
	}
}

/* ---- parse_urlencoded ---- */

static void test_form_simple(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "a=1&bb=two", NULL, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].name, "a");
	assert_string_equal(l.v[0].value, "1");
	assert_int_equal(l.v[0].len, 1);
	assert_string_equal(l.v[1].name, "bb");
	assert_string_equal(l.v[1].value, "two");
	assert_int_equal(l.v[1].len, 3);
}

static void test_form_empty_input(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "", NULL, &l), 0);
	assert_int_equal(l.n, 0);
	assert_null(kv_get(&l, "a"));
}

static void test_form_decodes_names_and_values(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "first+name=Ada+Lovelace&n%41me=%C3%A9t%C3%A9", NULL, &l), 0);
	assert_string_equal(kv_get(&l, "first name"), "Ada Lovelace");
	assert_string_equal(kv_get(&l, "nAme"), "\xc3\xa9t\xc3\xa9");
}

static void test_form_raw_utf8(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "q=\xe2\x82\xac", NULL, &l), 0);
	assert_string_equal(kv_get(&l, "q"), "\xe2\x82\xac");
}

static void test_form_encoded_separators(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "a=x%26b%3Dy&c=1", NULL, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "a"), "x&b=y");
}

static void test_form_repeated_names(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "a=1&b=2&a=3", NULL, &l), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(kv_count(&l, "a"), 2);
	assert_int_equal(kv_count(&l, "b"), 1);
	assert_string_equal(kv_get(&l, "a"), "1");
	assert_string_equal(l.v[2].value, "3");
}

static void test_form_empty_pairs_skipped(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "&&a=1&&&b=2&", NULL, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].name, "a");
	assert_string_equal(l.v[1].name, "b");
}

static void test_form_only_ampersands(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "&&&", NULL, &l), 0);
	assert_int_equal(l.n, 0);
}

static void test_form_missing_equals(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "flag&b=2", NULL, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "flag"), "");
	assert_int_equal(l.v[0].len, 0);
}

static void test_form_empty_value(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "a=&b=", NULL, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "a"), "");
	assert_string_equal(kv_get(&l, "b"), "");
}

static void test_form_value_with_equals(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "a=b=c", NULL, &l), 0);
	assert_string_equal(kv_get(&l, "a"), "b=c");
}

static void test_form_newline_in_value_allowed(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "t=line1%0D%0Aline2%09x", NULL, &l), 0);
	assert_string_equal(kv_get(&l, "t"), "line1\r\nline2\tx");
}

static void test_form_many_fields_keep_order(void **state)
{
	struct kvlist l;
	char s[2000] = "";
	size_t o = 0;

	for (int i = 0; i < 200; i++)
		o += (size_t)snprintf(s + o, sizeof(s) - o, "%sf%d=%d", i ? "&" : "", i, i * 7);
	assert_int_equal(form(*state, s, NULL, &l), 0);
	assert_int_equal(l.n, 200);
	for (int i = 0; i < 200; i++) {
		char name[16], value[16];
		snprintf(name, sizeof(name), "f%d", i);
		snprintf(value, sizeof(value), "%d", i * 7);
		assert_string_equal(l.v[i].name, name);
		assert_string_equal(l.v[i].value, value);
	}
}

static void test_form_does_not_read_past_len(void **state)
{
	struct kvlist l;

	assert_int_equal(parse_urlencoded(*state, "a=1&b=2", 3, &parse_default_limits, &l), 0);
	check_list(&l, &parse_default_limits);
	assert_int_equal(l.n, 1);
	assert_string_equal(kv_get(&l, "a"), "1");
	assert_null(kv_get(&l, "b"));
}

static void test_form_empty_name(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "=1", NULL, &l), -1);
}

static void test_form_empty_name_after_good_pairs(void **state)
{
	struct kvlist l;

	/* a failure leaves nothing behind, not the pairs before it */
	assert_int_equal(form(*state, "a=1&b=2&=3", NULL, &l), -1);
}

static void test_form_bare_equals(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "a=1&=", NULL, &l), -1);
}

static void test_form_bad_escape_in_value(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "a=%zz", NULL, &l), -1);
}

static void test_form_bad_escape_in_name(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "a%g1=1", NULL, &l), -1);
}

static void test_form_truncated_escape_at_end(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "a=1&b=%4", NULL, &l), -1);
	assert_int_equal(form(*state, "a=1&b=%", NULL, &l), -1);
}

static void test_form_truncated_escape_before_amp(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "a=%4&b=1", NULL, &l), -1);
}

static void test_form_invalid_utf8_value(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "a=%FF", NULL, &l), -1);
	assert_int_equal(form(*state, "a=%C0%80", NULL, &l), -1);
	assert_int_equal(form(*state, "a=%ED%A0%80", NULL, &l), -1);
}

static void test_form_invalid_utf8_name(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "%C3=1", NULL, &l), -1);
}

static void test_form_raw_invalid_utf8(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "a=\xc3", NULL, &l), -1);
}

static void test_form_control_chars(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "a=%00", NULL, &l), -1);
	assert_int_equal(form(*state, "a=x%01", NULL, &l), -1);
	assert_int_equal(form(*state, "a=%7F", NULL, &l), -1);
	assert_int_equal(form(*state, "a=%C2%85", NULL, &l), -1);
}

static const struct parse_limits small = { .max_fields = 3, .max_name = 4, .max_value = 5 };

static void test_form_name_at_limit(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "abcd=1", &small, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].name, "abcd");
}

static void test_form_name_over_limit(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "abcde=1", &small, &l), -1);
}

static void test_form_encoded_name_at_limit(void **state)
{
	struct kvlist l;

	/* the limit is on decoded bytes: 12 bytes on the wire, 4 decoded */
	assert_int_equal(form(*state, "%41%42%43%44=1", &small, &l), 0);
	assert_string_equal(l.v[0].name, "ABCD");
}

static void test_form_encoded_name_over_limit(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "%41%42%43%44%45=1", &small, &l), -1);
}

static void test_form_value_at_limit(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "a=12345", &small, &l), 0);
	assert_string_equal(kv_get(&l, "a"), "12345");
	assert_int_equal(form(*state, "a=%31%32%33%34%35", &small, &l), 0);
	assert_string_equal(kv_get(&l, "a"), "12345");
}

static void test_form_value_over_limit(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "a=123456", &small, &l), -1);
	assert_int_equal(form(*state, "a=%31%32%33%34%35%36", &small, &l), -1);
}

static void test_form_fields_at_limit(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "a=1&b=2&&c=3&", &small, &l), 0);
	assert_int_equal(l.n, 3);
}

static void test_form_fields_over_limit(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "a=1&b=2&c=3&d=4", &small, &l), -1);
}

static void test_form_default_field_limit(void **state)
{
	struct kvlist l;
	char *s = malloc(257 * 8 + 1);
	size_t o = 0;

	assert_non_null(s);
	for (int i = 0; i < 256; i++)
		o += (size_t)snprintf(s + o, 257 * 8 + 1 - o, "%sf=%d", i ? "&" : "", i % 10);
	assert_int_equal(form(*state, s, NULL, &l), 0);
	assert_int_equal(l.n, 256);
	assert_int_equal(kv_count(&l, "f"), 256);
	snprintf(s + o, 257 * 8 + 1 - o, "&f=x");
	assert_int_equal(form(*state, s, NULL, &l), -1);
	free(s);
}

/* ---- parse_cookies ---- */

static void test_cookies_null_header(void **state)
{
	struct kvlist l;

	assert_int_equal(cookies(*state, NULL, NULL, &l), 0);
	assert_int_equal(l.n, 0);
}

static void test_cookies_empty_header(void **state)
{
	struct kvlist l;

	assert_int_equal(cookies(*state, "", NULL, &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(cookies(*state, " ; ;\t", NULL, &l), 0);
	assert_int_equal(l.n, 0);
}

static void test_cookies_simple(void **state)
{
	struct kvlist l;

	assert_int_equal(cookies(*state, "a=1; bb=two", NULL, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].name, "a");
	assert_string_equal(l.v[0].value, "1");
	assert_string_equal(l.v[1].name, "bb");
	assert_string_equal(l.v[1].value, "two");
	assert_int_equal(l.v[1].len, 3);
}

static void test_cookies_without_spaces(void **state)
{
	struct kvlist l;

	assert_int_equal(cookies(*state, "a=1;b=2", NULL, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "b"), "2");
}

static void test_cookies_extra_spaces(void **state)
{
	struct kvlist l;

	assert_int_equal(cookies(*state, "  a=1 ;\t b=2\t ;  ", NULL, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "a"), "1");
	assert_string_equal(kv_get(&l, "b"), "2");
}

static void test_cookies_space_before_equals(void **state)
{
	struct kvlist l;

	assert_int_equal(cookies(*state, "a =1", NULL, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].name, "a");
	assert_string_equal(l.v[0].value, "1");
}

static void test_cookies_space_after_equals(void **state)
{
	struct kvlist l;

	/* whitespace around '=' is dropped on both sides (RFC 6265 5.2), not
	 * only before it: otherwise "sid = abc" would give the value " abc" */
	assert_int_equal(cookies(*state, "sid = abc", NULL, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(kv_get(&l, "sid"), "abc");
}

static void test_cookies_quoted_value(void **state)
{
	struct kvlist l;

	assert_int_equal(cookies(*state, "a=\"x y\"; b=\"\"", NULL, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "a"), "x y");
	assert_int_equal(l.v[0].len, 3);
	assert_string_equal(kv_get(&l, "b"), "");
}

static void test_cookies_unbalanced_quote_kept(void **state)
{
	struct kvlist l;

	assert_int_equal(cookies(*state, "a=\"; b=\"x; c=x\"", NULL, &l), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(kv_get(&l, "a"), "\"");
	assert_string_equal(kv_get(&l, "b"), "\"x");
	assert_string_equal(kv_get(&l, "c"), "x\"");
}

static void test_cookies_not_percent_decoded(void **state)
{
	struct kvlist l;

	assert_int_equal(cookies(*state, "a=%41+b", NULL, &l), 0);
	assert_string_equal(kv_get(&l, "a"), "%41+b");
}

static void test_cookies_value_with_equals(void **state)
{
	struct kvlist l;

	assert_int_equal(cookies(*state, "tok=YWJj==", NULL, &l), 0);
	assert_string_equal(kv_get(&l, "tok"), "YWJj==");
}

static void test_cookies_empty_value(void **state)
{
	struct kvlist l;

	assert_int_equal(cookies(*state, "a=; b=2", NULL, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "a"), "");
}

static void test_cookies_malformed_pieces_skipped(void **state)
{
	struct kvlist l;

	assert_int_equal(cookies(*state, "junk; =nameless; a=1;; =; b", NULL, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(kv_get(&l, "a"), "1");
}

static void test_cookies_control_chars_skipped(void **state)
{
	struct kvlist l;

	assert_int_equal(cookies(*state, "a=x\x01y; b=2; c\x7f=3", NULL, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(kv_get(&l, "b"), "2");
}

static void test_cookies_invalid_utf8_skipped(void **state)
{
	struct kvlist l;

	assert_int_equal(cookies(*state, "a=\xff; b=\xc3\xa9; \xc0\x80=1", NULL, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(kv_get(&l, "b"), "\xc3\xa9");
}

static void test_cookies_repeated_names(void **state)
{
	struct kvlist l;

	assert_int_equal(cookies(*state, "s=1; s=2", NULL, &l), 0);
	assert_int_equal(kv_count(&l, "s"), 2);
	assert_string_equal(kv_get(&l, "s"), "1");
}

static void test_cookies_long_value_at_limit(void **state)
{
	struct kvlist l;

	assert_int_equal(cookies(*state, "a=12345; b=2", &small, &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "a"), "12345");
}

static void test_cookies_long_value_skipped(void **state)
{
	struct kvlist l;

	/* another app's big cookie is skipped, ours still read */
	assert_int_equal(cookies(*state, "a=123456; b=2", &small, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(kv_get(&l, "b"), "2");
}

static void test_cookies_quoted_value_limit_counts_content(void **state)
{
	struct kvlist l;

	assert_int_equal(cookies(*state, "a=\"12345\"", &small, &l), 0);
	assert_string_equal(kv_get(&l, "a"), "12345");
}

static void test_cookies_long_name_at_limit(void **state)
{
	struct kvlist l;

	assert_int_equal(cookies(*state, "abcd=1", &small, &l), 0);
	assert_int_equal(l.n, 1);
}

static void test_cookies_long_name_skipped(void **state)
{
	struct kvlist l;

	assert_int_equal(cookies(*state, "abcde=1; b=2", &small, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].name, "b");
}

static void test_cookies_fields_at_limit(void **state)
{
	struct kvlist l;

	assert_int_equal(cookies(*state, "a=1; b=2; junk; c=3", &small, &l), 0);
	assert_int_equal(l.n, 3);
}

static void test_cookies_fields_over_limit(void **state)
{
	struct kvlist l;

	assert_int_equal(cookies(*state, "a=1; b=2; c=3; d=4", &small, &l), -1);
}

/* ---- kv_get / kv_count ---- */

static void test_kv_empty_list(void **state)
{
	struct kvlist l = { NULL, 0 };

	(void)state;
	assert_null(kv_get(&l, "a"));
	assert_int_equal(kv_count(&l, "a"), 0);
}

static void test_kv_names_are_exact(void **state)
{
	struct kvlist l;

	assert_int_equal(form(*state, "Name=1&name=2&names=3", NULL, &l), 0);
	assert_string_equal(kv_get(&l, "name"), "2");
	assert_string_equal(kv_get(&l, "Name"), "1");
	assert_int_equal(kv_count(&l, "name"), 1);
	assert_null(kv_get(&l, "nam"));
	assert_int_equal(kv_count(&l, "nam"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_decode_plain),
		T(test_decode_empty),
		T(test_decode_plus_is_space),
		T(test_decode_percent_escapes),
		T(test_decode_utf8_escapes),
		T(test_decode_nul_escape_counts),
		T(test_decode_bad_hex),
		T(test_decode_truncated_escape),
		T(test_decode_stops_at_len),
		T(test_decode_path_keeps_plus),
		T(test_decode_path_bad_escape),

		T(test_text_ascii),
		T(test_text_tab_lf_cr),
		T(test_text_c0_controls),
		T(test_text_del),
		T(test_text_nul_inside_length),
		T(test_text_utf8_two_three_four_bytes),
		T(test_text_overlong),
		T(test_text_surrogates),
		T(test_text_above_max),
		T(test_text_noncharacters_fffe_ffff),
		T(test_text_truncated),
		T(test_text_lone_continuation),
		T(test_text_c1_controls),

		T(test_form_simple),
		T(test_form_empty_input),
		T(test_form_decodes_names_and_values),
		T(test_form_raw_utf8),
		T(test_form_encoded_separators),
		T(test_form_repeated_names),
		T(test_form_empty_pairs_skipped),
		T(test_form_only_ampersands),
		T(test_form_missing_equals),
		T(test_form_empty_value),
		T(test_form_value_with_equals),
		T(test_form_newline_in_value_allowed),
		T(test_form_many_fields_keep_order),
		T(test_form_does_not_read_past_len),
		T(test_form_empty_name),
		T(test_form_empty_name_after_good_pairs),
		T(test_form_bare_equals),
		T(test_form_bad_escape_in_value),
		T(test_form_bad_escape_in_name),
		T(test_form_truncated_escape_at_end),
		T(test_form_truncated_escape_before_amp),
		T(test_form_invalid_utf8_value),
		T(test_form_invalid_utf8_name),
		T(test_form_raw_invalid_utf8),
		T(test_form_control_chars),
		T(test_form_name_at_limit),
		T(test_form_name_over_limit),
		T(test_form_encoded_name_at_limit),
		T(test_form_encoded_name_over_limit),
		T(test_form_value_at_limit),
		T(test_form_value_over_limit),
		T(test_form_fields_at_limit),
		T(test_form_fields_over_limit),
		T(test_form_default_field_limit),

		T(test_cookies_null_header),
		T(test_cookies_empty_header),
		T(test_cookies_simple),
		T(test_cookies_without_spaces),
		T(test_cookies_extra_spaces),
		T(test_cookies_space_before_equals),
		T(test_cookies_space_after_equals),
		T(test_cookies_quoted_value),
		T(test_cookies_unbalanced_quote_kept),
		T(test_cookies_not_percent_decoded),
		T(test_cookies_value_with_equals),
		T(test_cookies_empty_value),
		T(test_cookies_malformed_pieces_skipped),
		T(test_cookies_control_chars_skipped),
		T(test_cookies_invalid_utf8_skipped),
		T(test_cookies_repeated_names),
		T(test_cookies_long_value_at_limit),
		T(test_cookies_long_value_skipped),
		T(test_cookies_quoted_value_limit_counts_content),
		T(test_cookies_long_name_at_limit),
		T(test_cookies_long_name_skipped),
		T(test_cookies_fields_at_limit),
		T(test_cookies_fields_over_limit),

		T(test_kv_empty_list),
		T(test_kv_names_are_exact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
