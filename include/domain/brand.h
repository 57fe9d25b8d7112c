/* brand.h - the agency's brand (domain layer): its name, accent colour and logo kept as settings,
 * and the rules on what they may be. */
#ifndef TANDEM_BRAND_H
#define TANDEM_BRAND_H

#include <stddef.h>
#include "domain/ctx.h"

#define BRAND_LOGO_MAX (512 * 1024) /* bytes of a logo */

/* 1 when s is an accent colour as the brand keeps it: "#rrggbb" (hex digits, either case).
 * Else 0. Pure. */
int brand_accent_ok(const char *s);

/* The image type of a file's first n bytes b, by their magic numbers (never a declared type):
 * "image/png", "image/jpeg", "image/gif", "image/webp" (the types a logo may have); "svg" for
 * what looks like SVG or other XML (refused: it can carry script); NULL for anything else.
 * Static text. Pure. */
const char *brand_image_type(const unsigned char *b, size_t n);

/* The brand to save. Strings are borrowed. */
struct brand_new {
	const char *name;        /* the agency's name: 1..100 characters */
	const char *accent;      /* "#rrggbb" (brand_accent_ok) */
	const char *logo_sha256; /* NULL: the logo stays as it is; "": no logo any more; else the
				    SHA-256 of a logo stored already by doc_file_store */
	const char *logo_type;   /* with a logo: its brand_image_type, not "svg" */
};

/* brand_save's results besides 0 (saved) and -1 (database error). */
enum {
	BRAND_REFUSED = 1, /* b is not a brand: *field and *why say what is wrong */
};

/*
 * Save brand b: what the portal, the tokenised pages and every e-mail show from then on.
 * Runs in the caller's transaction: the caller commits on 0 and rolls back on anything else.
 * Locks: the settings rows it writes.
 * Writes: the settings brand_name and brand_accent; brand_logo and brand_logo_type when the
 * logo changes (both "" when it is removed). c's cached brand (mail_brand_*) is forgotten, so
 * what c renders next reads the new one.
 * Emits nothing, mails nothing, writes no activity line (the brand belongs to no client).
 * Returns 0; BRAND_REFUSED with *field ("name", "accent", "logo") and *why (static text) when
 * the name is empty or longer than 100 characters, the accent not "#rrggbb" or the logo's type
 * not a PNG, JPEG, GIF or WebP (nothing written); -1 on a database error.
 */
int brand_save(struct ctx *c, const struct brand_new *b, const char **field, const char **why);

#endif
