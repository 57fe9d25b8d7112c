/* page_brand.h - page_brand.c (split from the area headers, issue 11). */
#ifndef TANDEM_PAGE_BRAND_H
#define TANDEM_PAGE_BRAND_H

#include "fcgi/req.h"
#include "core/stmt.h"
struct db_res;
#include <libxml/tree.h>
#include "web/route.h"
#include "web/valid.h"
struct db;
struct config;
#include "core/db.h"

int page_brand_form(struct req *r);
int page_brand_save(struct req *r);
/* GET /brand/logo (no sign-in): the brand's logo, sent by nginx, or 404. */
int page_brand_logo(struct req *r);
/* GET /brand/accent.css[?v=rrggbb] - the brand's accent as CSS (":root { --accent: … }"), linked
 * by every page so the colour applies without script; cached for a year when v is the current
 * accent. GET /brand/favicon.svg[?v=rrggbb] - a plain square in the accent, the icon of a
 * branded agency without a logo. No sign-in; both 200. */
int page_brand_accent_css(struct req *r);
int page_brand_favicon(struct req *r);

#endif
