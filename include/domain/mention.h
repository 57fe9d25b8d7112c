/* mention.h - @mentions (issue 12): which of a list of people's names a text mentions. Pure. */
#ifndef TANDEM_MENTION_H
#define TANDEM_MENTION_H

#include <stddef.h>

/*
 * Mark hit[i] = 1 for each names[i] that text mentions: an '@' at a word boundary (the start of
 * the text or after a character that is no letter, digit or '_': "mail@x" mentions nobody)
 * followed by the name, compared case-insensitively (ASCII letters; other bytes as they are),
 * and the name ends at a word boundary too ("@Priya Shahs" is not "Priya Shah"). Names hold
 * spaces ("@Priya Shah"): after each '@' the longest name that fits is taken, so with "Priya"
 * and "Priya Shah" both listed, "@Priya Shah" mentions only the second; people of the same
 * name are all marked. NULL or empty names are never mentioned; hit[] is not cleared first.
 * A non-ASCII character counts as a letter unless it is a space or punctuation of the
 * General Punctuation block and after it (U+2000-U+207F: "’", "—", "…"), U+00A0, "«", "»" or U+3000-U+3002.
 * Returns how many names were newly marked. text NULL: none.
 */
size_t mention_find(const char *text, const char *const *names, size_t n, unsigned char *hit);

#endif
