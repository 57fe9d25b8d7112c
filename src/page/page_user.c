/* page_user.c - staff users for admins: create, role, hourly rate, deactivate. */
#include "core/array.h"
#include "core/db.h"
#include "page/page_user.h"
#include "web/page_util.h"
#include "web/render.h"
#include "domain/vocab.h"
#include "core/crypto.h"
#include "web/valid.h"
#include "core/xml.h"
#include "web/frame.h"

#include <sodium.h>
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

int page_user_create(struct req *r)
{
	struct form f;
	struct db_res *u;
	char hash[crypto_pwhash_STRBYTES];

	if (valid_form(r, &f, "user", new_user_fields,
		       ARRAY_SIZE(new_user_fields)) == 0) {
		if (db_query(r->db, r->arena, ST_USER_BY_EMAIL, &u, "s", valid_get(&f, "email")->s))
			return 503;
		if (u->nrows)
			valid_error(&f, "email", "E-mail is already used by another account.");
	}
	if (f.nerr)
		return list_page(r, &f, 422);
	if (crypto_password_hash(valid_get(&f, "password")->s, hash, sizeof(hash)))
		return 503;
	/* the rate prices only projects in its currency (issue 10); the agency default is EUR */
	if (db_exec(r->db, ST_USER_INSERT, "ssssis", valid_get(&f, "email")->s,
		    valid_get(&f, "name")->s, valid_get(&f, "role")->s, hash,
		    valid_get(&f, "hourly_rate")->i,
		    valid_get(&f, "currency")->present ? valid_get(&f, "currency")->s : "EUR") != 1) {
		if (db_errno(r->db) != 1062)
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

int page_user_update(struct req *r)
{
	long long id = r->ids[0];
	struct form f;
	struct db_res *u;
	int rc;

	if ((rc = page_one_row(r, ST_USER_GET, &u, "i", id)))
		return rc;
	if (valid_form(r, &f, "user", edit_user_fields,
		       ARRAY_SIZE(edit_user_fields)) == 0 &&
	    id == r->sess.user_id && vocab_role_parse(valid_get(&f, "role")->s) != ROLE_ADMIN)
		valid_error(&f, "role", "You cannot take the admin role from yourself.");
	if (f.nerr)
		return user_page(r, id, &f, 422);
	if (db_exec(r->db, ST_USER_UPDATE, "ssisi", valid_get(&f, "name")->s,
		    valid_get(&f, "role")->s, valid_get(&f, "hourly_rate")->i,
		    valid_get(&f, "currency")->present ? valid_get(&f, "currency")->s : NULL, id) < 0)
		return 503;
	xml_flash_next(r, "saved");
	return req_redirect(r, arena_printf(r->arena, "/settings/users/%lld", id));
}

int page_user_active(struct req *r)
{
	long long id = r->ids[0];
	struct form f;
	struct db_res *u;
	long long active;
	int rc;

	if ((rc = page_one_row(r, ST_USER_GET, &u, "i", id)))
		return rc;
	valid_form(r, &f, "active", active_fields, ARRAY_SIZE(active_fields));
	active = valid_get(&f, "active")->present && !strcmp(valid_get(&f, "active")->s, "1");
	if (!f.nerr && !active && id == r->sess.user_id)
		valid_error(&f, "active", "You cannot deactivate yourself.");
	if (f.nerr)
		return user_page(r, id, &f, 422);
	if (db_begin(r->db))
		return 503;
	if (db_exec(r->db, ST_USER_SET_ACTIVE, "ii", active, id) < 0 ||
	    (!active && db_exec(r->db, ST_SESSION_DEL_USER, "i", id) < 0) || db_commit(r->db)) {
		db_rollback(r->db);
		return 503;
	}
	xml_flash_next(r, active ? "user_reactivated" : "user_deactivated");
	return req_redirect(r, arena_printf(r->arena, "/settings/users/%lld", id));
}
