/* d_brand.c - brand_save and the brand's rules without a page. */
#include "harness.h"
#include "core/array.h"
#include "domain/brand.h"

#include <stdio.h>
#include <string.h>

/* save NAME ACCENT LOGO TYPE: LOGO "-" keeps the logo, "none" removes it, else a SHA-256;
 * prints field=... why=... when refused. */
static int save(struct ctx *c, char **argv)
{
	struct brand_new b = { .name = argv[0], .accent = argv[1], .logo_sha256 = harness_opt(argv[2]),
			       .logo_type = harness_opt(argv[3]) };
	const char *field, *why;
	int rc;

	if (b.logo_sha256 && !strcmp(b.logo_sha256, "none"))
		b.logo_sha256 = b.logo_type = "";
	rc = brand_save(c, &b, &field, &why);
	if (field)
		printf("field=%s\nwhy=%s\n", field, why);
	return rc;
}

/* accent TEXT: prints ok=0|1 */
static int accent(struct ctx *c, char **argv)
{
	printf("ok=%d\n", brand_accent_ok(argv[0]));
	return 0;
}

/* image TEXT: the type of a file starting with TEXT ("\x89PNG..." spelt as it is); prints
 * type=... ("" for none) */
static int image(struct ctx *c, char **argv)
{
	const char *t = brand_image_type((const unsigned char *)argv[0], strlen(argv[0]));

	printf("type=%s\n", t ? t : "");
	return 0;
}

static const struct scenario scenarios[] = {
	{ "save", "NAME ACCENT LOGO|-|none TYPE|-", 4, save },
	{ "accent", "TEXT", 1, accent },
	{ "image", "TEXT", 1, image },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
