/* test_stmt.c - the statement table is complete and every text is plain SQL with placeholders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "stmt.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_statement_has_text_and_name),
		cmocka_unit_test(no_statement_has_two_statements_or_comments),
		cmocka_unit_test(names_are_unique),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
