/* test_stmt.c - the statement table is complete, every text is plain SQL with placeholders, and
 * declared result columns are checked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/db.h"
#include "core/stmt.h"

static void every_statement_has_text_and_name(void **state)
{
	(void)state;
	for (int i = 0; i < ST__COUNT; i++) {
		assert_non_null(stmt_sql[i]);
		assert_non_null(stmt_name[i]);
		assert_true(strlen(stmt_sql[i]) > 10);
		assert_int_equal(strncmp(stmt_name[i], "ST_", 3), 0);
	}
}

static void no_statement_has_two_statements_or_comments(void **state)
{
	(void)state;
	for (int i = 0; i < ST__COUNT; i++) {
		assert_null(strchr(stmt_sql[i], ';'));
		assert_null(strstr(stmt_sql[i], "--"));
		assert_null(strstr(stmt_sql[i], "/*"));
	}
}

static void names_are_unique(void **state)
{
	(void)state;
	for (int i = 0; i < ST__COUNT; i++)
		for (int j = i + 1; j < ST__COUNT; j++)
			assert_string_not_equal(stmt_name[i], stmt_name[j]);
}

/* the column list of ST_USER_LOGIN as its SELECT returns it */
static const char *const login_cols[] = { "id", "password_hash", "active", "role" };

static void declared_columns_match_their_select(void **state)
{
	(void)state;
	assert_int_equal(stmt_cols_check(ST_USER_LOGIN, login_cols, 4), 0);
}

static void a_column_missing_or_extra_is_refused(void **state)
{
	static const char *const more[] = { "id", "password_hash", "active", "role", "email" };

	(void)state;
	assert_int_equal(stmt_cols_check(ST_USER_LOGIN, login_cols, 3), -1);
	assert_int_equal(stmt_cols_check(ST_USER_LOGIN, more, 5), -1);
	assert_int_equal(stmt_cols_check(ST_USER_LOGIN, NULL, 0), -1);
}

static void a_column_renamed_or_moved_is_refused(void **state)
{
	static const char *const renamed[] = { "id", "hash", "active", "role" };
	static const char *const moved[] = { "id", "active", "password_hash", "role" };
	static const char *const unnamed[] = { "id", "password_hash", NULL, "role" };

	(void)state;
	assert_int_equal(stmt_cols_check(ST_USER_LOGIN, renamed, 4), -1);
	assert_int_equal(stmt_cols_check(ST_USER_LOGIN, moved, 4), -1);
	assert_int_equal(stmt_cols_check(ST_USER_LOGIN, unnamed, 4), -1);
}

static void a_statement_without_a_list_is_not_checked(void **state)
{
	(void)state;
	assert_int_equal(stmt_cols[ST_SESSION_TOUCH].n, 0);
	assert_int_equal(stmt_cols_check(ST_SESSION_TOUCH, login_cols, 4), 0);
	assert_int_equal(stmt_cols_check(ST_SESSION_TOUCH, NULL, 0), 0);
}

/* a column constant carries its statement and its position; lists fit the encoding */
static void column_constants_carry_statement_and_position(void **state)
{
	(void)state;
	assert_int_equal(STMT_COL_STMT(USER_LOGIN_ROLE), ST_USER_LOGIN);
	assert_int_equal(STMT_COL_POS(USER_LOGIN_ID), 0);
	assert_int_equal(STMT_COL_POS(USER_LOGIN_ROLE), 3);
	assert_int_equal(STMT_COL_STMT(SESSION_GET_BRAND_LOGO_TYPE), ST_SESSION_GET);
	assert_int_equal(STMT_COL_POS(SESSION_GET_BRAND_LOGO_TYPE), 15);
	assert_true(SESSION_GET_ID >= STMT_COL_FIRST);
	for (int i = 0; i < ST__COUNT; i++) {
		assert_true(stmt_cols[i].n < STMT_COL_MAX);
		for (size_t j = 0; j < stmt_cols[i].n; j++)
			assert_non_null(stmt_cols[i].names[j]);
	}
}

/* a declared column is read at its position, from its statement's rows or from rows of a statement
 * with the same column there (COLS_AS, or a longer list that starts the same) */
static void declared_columns_read_their_cells(void **state)
{
	static const char *cols[] = { "id", "password_hash", "active", "role" };
	static const char *cells[] = { "7", "$argon2id$x", "1", "pm" };
	struct db_res res = { 1, 4, cols, cells, ST_USER_LOGIN };
	struct db_res page = { 1, 4, cols, cells, ST_ACTIVITY_PAGE_CLIENT };

	(void)state;
	assert_int_equal(db_cell_int(&res, 0, USER_LOGIN_ID), 7);
	assert_string_equal(db_cell(&res, 0, USER_LOGIN_ROLE), "pm");
	assert_int_equal(db_col_check(&res, USER_LOGIN_ACTIVE), 2);
	/* ST_ACTIVITY_PAGE_CLIENT is declared COLS_AS ST_ACTIVITY_PAGE */
	assert_int_equal(db_col_check(&page, ACTIVITY_PAGE_ID), 0);
	assert_int_equal(db_col_check(&page, ACTIVITY_PAGE_KIND), 2);
	assert_ptr_equal(stmt_cols[ST_ACTIVITY_PAGE_CLIENT].names, stmt_cols[ST_ACTIVITY_PAGE].names);
	/* ST_APPROVAL_BY_TOKEN returns ST_APPROVAL_GET's columns and more */
	assert_true(stmt_cols[ST_APPROVAL_BY_TOKEN].n > stmt_cols[ST_APPROVAL_GET].n);
	for (size_t i = 0; i < stmt_cols[ST_APPROVAL_GET].n; i++)
		assert_string_equal(stmt_cols[ST_APPROVAL_BY_TOKEN].names[i], stmt_cols[ST_APPROVAL_GET].names[i]);
	/* a plain position (db_col) still reads as before */
	assert_string_equal(db_cell(&res, 0, (size_t)db_col(&res, "role")), "pm");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_statement_has_text_and_name),
		cmocka_unit_test(no_statement_has_two_statements_or_comments),
		cmocka_unit_test(names_are_unique),
		cmocka_unit_test(declared_columns_match_their_select),
		cmocka_unit_test(a_column_missing_or_extra_is_refused),
		cmocka_unit_test(a_column_renamed_or_moved_is_refused),
		cmocka_unit_test(a_statement_without_a_list_is_not_checked),
		cmocka_unit_test(column_constants_carry_statement_and_position),
		cmocka_unit_test(declared_columns_read_their_cells),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
