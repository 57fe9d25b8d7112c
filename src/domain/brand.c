/* brand.c - the agency's brand (domain layer): name, accent colour and logo saved as settings
 * rows (the logo's bytes kept by document storage under their SHA-256), and what each may be. */
#include "domain/brand.h"
#include "core/array.h"
#include "core/db.h"

#include <string.h>

#define BRAND_NAME_MAX 100 /* characters of the agency's name */

int brand_accent_ok(const char *s)
{
	if (strlen(s) != 7 || s[0] != '#')
		return 0;
	for (int i = 1; i < 7; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return 0;
	return 1;
}

const char *brand_image_type(const unsigned char *b, size_t n)
{
	size_t i = 0;

	if (n >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8))
		return "image/png";
	if (n >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		return "image/jpeg";
	if (n >= 6 && (!memcmp(b, "GIF87a", 6) || !memcmp(b, "GIF89a", 6)))
		return "image/gif";
	if (n >= 12 && !memcmp(b, "RIFF", 4) && !memcmp(b + 8, "WEBP", 4))
		return "image/webp";
	if (n >= 3 && !memcmp(b, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < n && strchr(" \t\r\n", b[i]))
		i++;
	if (i < n && b[i] == '<')
		return "svg";
	return NULL;
}

/* 1 when type is one a logo may have (brand_image_type's, SVG excepted). */
static int logo_type_ok(const char *type)
{
	static const char *const ok[] = { "image/png", "image/jpeg", "image/gif", "image/webp" };

	for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
		if (type && !strcmp(type, ok[i]))
			return 1;
	return 0;
}

/* Characters (UTF-8) of s. */
static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

int brand_save(struct ctx *c, const struct brand_new *b, const char **field, const char **why)
{
	*field = *why = NULL;
	if (!b->name || !*b->name || chars(b->name) > BRAND_NAME_MAX) {
		*field = "name";
		*why = "Agency name must be 1 to 100 characters.";
		return BRAND_REFUSED;
	}
	if (!b->accent || !brand_accent_ok(b->accent)) {
		*field = "accent";
		*why = "Accent colour must look like #2f6fde.";
		return BRAND_REFUSED;
	}
	if (b->logo_sha256 && *b->logo_sha256 && !logo_type_ok(b->logo_type)) {
		*field = "logo";
		*why = "The logo must be a PNG, JPEG, GIF or WebP image.";
		return BRAND_REFUSED;
	}
	if (db_exec(c->db, ST_SETTING_SET, "ss", "brand_name", b->name) < 0 ||
	    db_exec(c->db, ST_SETTING_SET, "ss", "brand_accent", b->accent) < 0 ||
	    (b->logo_sha256 &&
	     (db_exec(c->db, ST_SETTING_SET, "ss", "brand_logo", b->logo_sha256) < 0 ||
	      db_exec(c->db, ST_SETTING_SET, "ss", "brand_logo_type",
		      *b->logo_sha256 ? b->logo_type : "") < 0)))
		return -1;
	/* read again on next use (mail.c), in this transaction: the new brand */
	c->brand_name = c->brand_accent = c->brand_logo = c->brand_logo_type = NULL;
	return 0;
}
