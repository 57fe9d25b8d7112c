/* text.h - text checks every layer shares (moved from parse.h: the domain checks file names too). */
#ifndef TANDEM_TEXT_H
#define TANDEM_TEXT_H

#include <stddef.h>

/*
 * True when s[0..n) is valid UTF-8 (no overlongs, no surrogates, nothing
 * above U+10FFFF) and has no control characters other than tab, LF and CR
 * (so that every accepted value can be placed in XML 1.0).
 */
int text_valid(const char *s, size_t n);

#endif
