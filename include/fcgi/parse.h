/* parse.h - pure parsers for the request edge: query strings, urlencoded forms, cookies. */
#ifndef TANDEM_PARSE_H
#define TANDEM_PARSE_H

#include <stddef.h>
#include "core/arena.h"
#include "core/text.h" /* text_valid: every decoded name and value passes it */

/* One name=value pair; both NUL-terminated, arena-owned, valid UTF-8 text. */
struct kv {
	const char *name;
	const char *value;
	size_t len;         /* strlen(value) */
};

/* A list of pairs in the order received; names may repeat. */
struct kvlist {
	struct kv *v;
	size_t n;
};

/* Hard limits checked before and while parsing. */
struct parse_limits {
	size_t max_fields;  /* pairs in one list */
	size_t max_name;    /* bytes of a decoded name */
	size_t max_value;   /* bytes of a decoded value */
};

extern const struct parse_limits parse_default_limits;

/*
 * Parse application/x-www-form-urlencoded data (also query strings) of
 * length len into out. '+' is a space, %XX a byte. Every decoded name and
 * value must be valid UTF-8 text (see text_valid). Empty pairs ("a&&b") are
 * skipped; a pair without '=' has an empty value.
 * Returns 0, or -1 when the input is malformed or over a limit (out is then
 * left empty).
 */
int parse_urlencoded(struct arena *a, const char *s, size_t len,
		     const struct parse_limits *lim, struct kvlist *out);

/*
 * Parse a Cookie header ("a=1; b=2") into out. Values are taken as they are
 * (no percent-decoding), a quoted value loses its quotes. Malformed pieces are
 * skipped, never fatal: a browser may send cookies of other apps.
 * Returns 0, or -1 when over the limits.
 */
int parse_cookies(struct arena *a, const char *header,
		  const struct parse_limits *lim, struct kvlist *out);

/*
 * Decode %XX and '+' from src[0..len) into dst (room for len+1 bytes).
 * Returns the decoded length, or -1 on a bad or truncated escape.
 */
long url_decode(char *dst, const char *src, size_t len);

/* The same for a URL path: %XX only, '+' stays '+'. */
long url_decode_path(char *dst, const char *src, size_t len);

/* First value for name, or NULL. */
const char *kv_get(const struct kvlist *l, const char *name);

/* Number of pairs named name. */
size_t kv_count(const struct kvlist *l, const char *name);

#endif
