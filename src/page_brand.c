/* page_brand.c - the agency's brand (name, accent colour) shown in the portal, on the
 * tokenised pages and in e-mails: /settings/brand. */
#include "db.h"
#include "mail.h"
#include "page.h"
#include "page_client_side.h"
#include "render.h"
#include "valid.h"
#include "xml.h"

#include <string.h>

static const struct vfield brand_fields[] = {
	{ "name", "Agency name", V_LINE, 1, 1, 100, NULL },
	{ "accent", "Accent colour", V_LINE, 1, 7, 7, NULL },
};
#define NBRAND (sizeof(brand_fields) / sizeof(brand_fields[0]))

/* "#rrggbb" */
static int colour_ok(const char *s)
{
	if (strlen(s) != 7 || s[0] != '#')
		return 0;
	for (int i = 1; i < 7; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return 0;
	return 1;
}

static int brand_page(struct req *r, const struct form *f, int status)
{
	xmlNodePtr page = xml_page(r, XSL_INVITE, "brand", "Branding");
	xmlNodePtr n = xml_el(page, "brand-form");

	xml_attr(n, "name", mail_brand_name(r));
	xml_attr(n, "accent", mail_brand_accent(r));
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

	if (valid_form(r, &f, "brand", brand_fields, NBRAND) == 0 &&
	    !colour_ok(valid_get(&f, "accent")->s))
		valid_error(&f, "accent", "Accent colour must look like #2f6fde.");
	if (f.nerr)
		return brand_page(r, &f, 422);
	if (db_begin(r->db))
		return 503;
	if (db_exec(r->db, ST_SETTING_SET, "ss", "brand_name", valid_get(&f, "name")->s) < 0 ||
	    db_exec(r->db, ST_SETTING_SET, "ss", "brand_accent", valid_get(&f, "accent")->s) < 0 ||
	    db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, "brand_saved");
	return req_redirect(r, "/settings/brand");
}
