/* page_user.c - staff users for admins: create, role, hourly rate, deactivate. */
#include "core/array.h"
#include "core/db.h"
#include "page/page_user.h"
#include "web/page_util.h"
#include "web/render.h"
#include "domain/user.h"
#include "domain/vocab.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

#include <string.h>

#define MAX_RATE 100000000LL /* a million per hour, in hundredths */

static const struct vfield new_user_fields[] = {
	{ "name", "Name", V_LINE, 1, 0, 200, NULL },
	{ "email", "E-mail", V_EMAIL, 1, 0, 254, NULL },
	{ "role", "Role", V_ENUM, 1, 0, 0, vocab_staff_roles },
	{ "hourly_rate", "Hourly rate", V_DECIMAL2, 0, 0, MAX_RATE, NULL },
	{ "password", "Password", V_PASSWORD, 1, 10, 1024, NULL },
	{ "currency", "Currency of the rate", V_ENUM, 0, 0, 0, vocab_currencies },
};
static const struct vfield edit_user_fields[] = {
	{ "name", "Name", V_LINE, 1, 0, 200, NULL },
	{ "role", "Role", V_ENUM, 1, 0, 0, vocab_staff_roles },
	{ "hourly_rate", "Hourly rate", V_DECIMAL2, 0, 0, MAX_RATE, NULL },
	{ "currency", "Currency of the rate", V_ENUM, 0, 0, 0, vocab_currencies },
};
static const char *const zero_one[] = { "0", "1", NULL };
static const struct vfield active_fields[] = {
	/* required: a bare POST must not deactivate anyone */
	{ "active", "Active", V_ENUM, 1, 0, 0, zero_one },
};

static int list_page(struct req *r, const struct form *f, int status)
{
	long long pg = page_number(r), total;
	struct db_res *res, *cnt;
	xmlNodePtr page;

	if (db_query(r->db, r->arena, ST_USER_COUNT, &cnt, "") ||
	    db_query(r->db, r->arena, ST_USER_LIST, &res, "ii", (long long)PAGE_SIZE,
		     (pg - 1) * PAGE_SIZE))
		return 503;
	total = db_cell_int(cnt, 0, USER_COUNT_N);
	page = xml_page(r, XSL_USERS, "user-list", "Users");
	page_role_choices(page);
	xml_rows(xml_el(page, "users"), "user", res);
	xml_pager(page, r, pg, PAGE_SIZE, total, "/settings/users?");
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_user_list(struct req *r)
{
	return list_page(r, NULL, 200);
}

/* The currency field when given, else NULL. */
static const char *currency_of(const struct form *f)
{
	return valid_get(f, "currency")->present ? valid_get(f, "currency")->s : NULL;
}

int page_user_create(struct req *r)
{
	struct user_new u;
	struct form f;
	long long id;
	int rc;

	if (valid_form(r, &f, "user", new_user_fields, ARRAY_SIZE(new_user_fields)))
		return list_page(r, &f, 422);
	u = (struct user_new){
		.name = valid_get(&f, "name")->s,
		.email = valid_get(&f, "email")->s,
		.role = valid_get(&f, "role")->s,
		.password = valid_get(&f, "password")->s,
		.hourly_rate = valid_get(&f, "hourly_rate")->i,
		.currency = currency_of(&f),
	};
	if (db_begin(r->db))
		return 503;
	if ((rc = user_create(&r->ctx, &u, &id)) || db_commit(r->db)) {
		db_rollback(r->db);
		if (rc != USER_EMAIL_TAKEN)
			return 503;
		valid_error(&f, "email", "E-mail is already used by another account.");
		return list_page(r, &f, 422);
	}
	xml_flash_next(r, "user_created");
	return req_redirect(r, "/settings/users");
}

static int user_page(struct req *r, long long id, const struct form *f, int status)
{
	struct db_res *u;
	xmlNodePtr page, n;
	int rc;

	if ((rc = page_one_row(r, ST_USER_GET, &u, "i", id)))
		return rc;
	page = xml_page(r, XSL_USERS, "user-edit", db_cell(u, 0, USER_GET_NAME));
	page_role_choices(page);
	n = xml_row(page, "user", u, 0);
	xml_attr(n, "hourly-rate-input",
		 page_decimal2(r, db_cell_int(u, 0, USER_GET_HOURLY_RATE)));
	if (f)
		valid_to_xml(r, f);
	return status;
}

int page_user_view(struct req *r)
{
	return user_page(r, r->ids[0], NULL, 200);
}

/* The end of a change to user ids[0] after the domain's result rc (rolled back unless 0 and
 * committed): the user's page with flash, 404, 503, or the form back with the refusal on
 * field. */
static int user_done(struct req *r, struct form *f, int rc, const char *why, const char *field,
		     const char *flash)
{
	long long id = r->ids[0];

	if (rc || db_commit(r->db)) {
		db_rollback(r->db);
		if (rc == USER_NOT_FOUND)
			return 404;
		if (rc != USER_REFUSED)
			return 503;
		valid_error(f, field, why);
		return user_page(r, id, f, 422);
	}
	xml_flash_next(r, flash);
	return req_redirect(r, arena_printf(r->arena, "/settings/users/%lld", id));
}

int page_user_update(struct req *r)
{
	long long id = r->ids[0];
	const char *why = NULL;
	struct form f;
	struct db_res *u;
	int rc;

	if ((rc = page_one_row(r, ST_USER_GET, &u, "i", id)))
		return rc;
	if (valid_form(r, &f, "user", edit_user_fields, ARRAY_SIZE(edit_user_fields)))
		return user_page(r, id, &f, 422);
	if (db_begin(r->db))
		return 503;
	rc = user_update(&r->ctx, id, valid_get(&f, "name")->s, valid_get(&f, "role")->s,
			 valid_get(&f, "hourly_rate")->i, currency_of(&f), &why);
	return user_done(r, &f, rc, why, "role", "saved");
}

int page_user_active(struct req *r)
{
	long long id = r->ids[0];
	const char *why = NULL;
	struct form f;
	struct db_res *u;
	int active, rc;

	if ((rc = page_one_row(r, ST_USER_GET, &u, "i", id)))
		return rc;
	if (valid_form(r, &f, "active", active_fields, ARRAY_SIZE(active_fields)))
		return user_page(r, id, &f, 422);
	active = !strcmp(valid_get(&f, "active")->s, "1");
	if (db_begin(r->db))
		return 503;
	rc = user_set_active(&r->ctx, id, active, &why);
	return user_done(r, &f, rc, why, "active", active ? "user_reactivated" : "user_deactivated");
}
