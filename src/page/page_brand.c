/* page_brand.c - the agency's brand (name, accent colour, logo) shown in the portal, on the
 * tokenised pages and in e-mails: /settings/brand (saved by domain/brand.c), and the logo
 * itself at GET /brand/logo. */
#include "core/array.h"
#include "core/db.h"
#include "domain/brand.h"
#include "domain/document.h"
#include "domain/mail.h"
#include "page/page_brand.h"
#include "web/render.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

#include <fcntl.h>
#include <strings.h>
#include <string.h>
#include <unistd.h>

static const struct vfield brand_fields[] = {
	{ "name", "Agency name", V_LINE, 1, 1, 100, NULL },
	{ "accent", "Accent colour", V_LINE, 1, 7, 7, NULL },
	{ "remove_logo", "Remove the logo", V_BOOL, 0, 0, 0, NULL },
	{ "logo", "Logo", V_LINE, 0, 0, 0, NULL },  /* the upload: checked by logo_check */
};
#define NBRAND ARRAY_SIZE(brand_fields)

/* The logo of this request: 1 with *type set (a PNG, JPEG, GIF or WebP of at most
 * BRAND_LOGO_MAX bytes), 0 when no file was chosen, -1 with a note on f when the file is refused. */
static int logo_check(struct req *r, struct form *f, const char **type)
{
	const struct upload *up = r->upload;
	unsigned char head[32];
	ssize_t n = 0;
	int fd;

	if (!up || (!up->filename[0] && !up->size))
		return 0; /* no file chosen: the logo stays as it is */
	if (strcmp(up->field, "logo")) {
		valid_error(f, "logo", "Send the logo as the form's \"logo\" file.");
		return -1;
	}
	if (up->size == 0) {
		valid_error(f, "logo", "The file is empty.");
		return -1;
	}
	if (up->size > BRAND_LOGO_MAX) {
		valid_error(f, "logo", "The logo may be at most 512 KiB.");
		return -1;
	}
	fd = open(up->tmp_path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, head, sizeof(head));
		close(fd);
	}
	*type = brand_image_type(head, n > 0 ? (size_t)n : 0);
	if (*type && !strcmp(*type, "svg")) {
		valid_error(f, "logo", "SVG is not accepted (it can carry script): use PNG, JPEG, GIF"
				       " or WebP.");
		return -1;
	}
	if (!*type) {
		valid_error(f, "logo", "The logo must be a PNG, JPEG, GIF or WebP image.");
		return -1;
	}
	return 1;
}

static int brand_page(struct req *r, const struct form *f, int status)
{
	xmlNodePtr page = xml_page(r, XSL_INVITE, "brand", "Branding");
	xmlNodePtr n = xml_el(page, "brand-form");

	xml_attr(n, "name", mail_brand_name(&r->ctx));
	xml_attr(n, "accent", mail_brand_accent(&r->ctx));
	xml_attr(n, "logo", mail_brand_logo(&r->ctx));
	xml_attr_int(n, "max-logo", BRAND_LOGO_MAX);
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_brand_form(struct req *r)
{
	return brand_page(r, NULL, 200);
}

int page_brand_save(struct req *r)
{
	struct form f;
	struct brand_new b = { 0 };
	const char *type = NULL, *field, *why;
	int logo, st;

	if (valid_form(r, &f, "brand", brand_fields, NBRAND) == 0 &&
	    !brand_accent_ok(valid_get(&f, "accent")->s))
		valid_error(&f, "accent", "Accent colour must look like #2f6fde.");
	logo = logo_check(r, &f, &type);
	if (f.nerr)
		return brand_page(r, &f, 422);
	b.name = valid_get(&f, "name")->s;
	b.accent = valid_get(&f, "accent")->s;
	if (logo == 1) {
		if (doc_file_store(&r->ctx, r->upload->tmp_path, r->upload->sha256))
			return 503;
		b.logo_sha256 = r->upload->sha256;
		b.logo_type = type;
	} else if (valid_get(&f, "remove_logo")->i) {
		b.logo_sha256 = b.logo_type = "";
	}
	if (db_begin(r->db))
		return 503;
	if ((st = brand_save(&r->ctx, &b, &field, &why)) || db_commit(r->db)) {
		db_rollback(r->db);
		if (st == BRAND_REFUSED) {
			valid_error(&f, field, why);
			return brand_page(r, &f, 422);
		}
		return 503;
	}
	xml_flash_next(r, "brand_saved");
	return req_redirect(r, "/settings/brand");
}

int page_brand_logo(struct req *r)
{
	mail_brand_logo(&r->ctx);
	if (!*r->brand_logo)
		return 404;
	req_header(r, "X-Accel-Redirect",
		   arena_printf(r->arena, "/_files/%.2s/%s", r->brand_logo, r->brand_logo));
	req_header(r, "Content-Disposition", "inline");
	/* the links carry ?v=<the SHA's first 12 hex>: a new logo is a new URL */
	req_header(r, "Cache-Control", "public, max-age=31536000, immutable");
	/* nginx's /_files/ location adds nosniff and the sandboxing CSP */
	req_send_head(r, 200, r->brand_logo_type);
	return 200;
}

/* The accent when it is "#rrggbb" (what the form accepts), else the default: nothing else
 * ever reaches the CSS or the SVG. */
static const char *accent_of(struct req *r)
{
	const char *a = mail_brand_accent(&r->ctx);

	return brand_accent_ok(a) ? a : "#2f6fde";
}

/* Send body as type: cached for a year when ?v= names the current accent (the pages link that
 * URL, so a new colour is a new URL), else not cached. */
static int send_brand_asset(struct req *r, const char *accent, const char *type, const char *body)
{
	const char *v = kv_get(&r->query, "v");

	if (v && !strcasecmp(v, accent + 1))
		req_header(r, "Cache-Control", "public, max-age=31536000, immutable");
	req_send_head(r, 200, type);
	req_write(r, body, strlen(body));
	return 200;
}

int page_brand_accent_css(struct req *r)
{
	const char *a = accent_of(r);

	return send_brand_asset(r, a, "text/css; charset=utf-8",
				arena_printf(r->arena, "/* the brand's accent (/settings/brand) */\n"
						       ":root { --accent: %s; }\n", a));
}

int page_brand_favicon(struct req *r)
{
	const char *a = accent_of(r);

	return send_brand_asset(r, a, "image/svg+xml",
				arena_printf(r->arena, "<svg xmlns=\"http://www.w3.org/2000/svg\""
						       " viewBox=\"0 0 32 32\" width=\"32\" height=\"32\">"
						       "<rect width=\"32\" height=\"32\" rx=\"8\" fill=\"%s\"/>"
						       "<rect x=\"9\" y=\"9\" width=\"14\" height=\"14\" rx=\"3\""
						       " fill=\"#fff\"/></svg>\n", a));
}
