/* mention.c - @mentions (issue 12): the people a text names after '@'. Pure. */
#include "domain/mention.h"

#include <string.h>

/* 1 when the character starting at s is a letter, digit or '_' (any other non-ASCII
 * character but spaces and punctuation counts as a letter), 0 for anything else and the end. */
static int word_at(const unsigned char *s)
{
	if (!*s)
		return 0;
	if (*s < 0x80)
		return (*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		       *s == '_';
	if (s[0] == 0xc2 && (s[1] == 0xa0 || s[1] == 0xab || s[1] == 0xbb))
		return 0; /* no-break space, « » */
	if (s[0] == 0xe2 && (s[1] == 0x80 || s[1] == 0x81))
		return 0; /* U+2000-U+207F: spaces, dashes, quotes, ellipsis */
	if (s[0] == 0xe3 && s[1] == 0x80 && s[2] >= 0x80 && s[2] <= 0x82)
		return 0; /* ideographic space, comma, full stop */
	return 1;
}

/* 1 when the character before text[i] is a word character (word_at). */
static int word_before(const unsigned char *text, size_t i)
{
	if (!i)
		return 0;
	i--;
	while (i && (text[i] & 0xc0) == 0x80)
		i--;
	return word_at(text + i);
}

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* 1 when s starts with name (ASCII case-insensitively) followed by a word boundary. */
static int names_at(const unsigned char *s, const unsigned char *name, size_t len)
{
	for (size_t k = 0; k < len; k++)
		if (!s[k] || fold(s[k]) != fold(name[k]))
			return 0;
	return !word_at(s + len);
}

size_t mention_find(const char *text, const char *const *names, size_t n, unsigned char *hit)
{
	const unsigned char *t = (const unsigned char *)text;
	size_t marked = 0;

	for (size_t i = 0; t && t[i]; i++) {
		size_t best = 0;

		if (t[i] != '@' || word_before(t, i))
			continue;
		for (size_t j = 0; j < n; j++) {
			size_t len = names[j] ? strlen(names[j]) : 0;
			if (len > best && names_at(t + i + 1, (const unsigned char *)names[j], len))
				best = len;
		}
		for (size_t j = 0; best && j < n; j++) {
			if (names[j] && strlen(names[j]) == best && !hit[j] &&
			    names_at(t + i + 1, (const unsigned char *)names[j], best)) {
				hit[j] = 1;
				marked++;
			}
		}
	}
	return marked;
}
