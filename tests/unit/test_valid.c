/* test_valid.c - the validation table: each field type, good and bad, and the form's messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xml_check.h"

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "core/array.h"
#include "core/arena.h"
#include "fcgi/parse.h"
#include "fcgi/req.h"
#include "web/valid.h"
#include "core/num.h"

struct fx {
	struct arena a;
	struct req r;
	struct form f;
};

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	if (!x)
		return -1;
	arena_init(&x->a);
	x->r.arena = &x->a;
	x->r.headers.data = buf_empty;
	x->r.method = M_POST;
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;

	if (x->r.doc)
		xmlFreeDoc(x->r.doc);
	arena_release(&x->a);
	free(x);
	return 0;
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

/* Fill r->form with name, value, ..., NULL. */
static void set_form(struct fx *x, ...)
{
	va_list ap;
	const char *name;
	size_t n = 0;

	va_start(ap, x);
	while (va_arg(ap, const char *)) {
		(void)va_arg(ap, const char *);
		n++;
	}
	va_end(ap);
	x->r.form.v = arena_calloc(&x->a, n ? n : 1, sizeof(struct kv));
	x->r.form.n = n;
	va_start(ap, x);
	for (size_t i = 0; (name = va_arg(ap, const char *)); i++) {
		const char *value = va_arg(ap, const char *);
		x->r.form.v[i].name = name;
		x->r.form.v[i].value = value;
		x->r.form.v[i].len = strlen(value);
	}
	va_end(ap);
}

/* The form's invariants after valid_form and valid_error. */
static void check(const struct form *f)
{
	int nerr = f->form_err ? 1 : 0;

	assert_non_null(f->v);
	assert_non_null(f->err);
	for (size_t i = 0; i < f->n; i++) {
		const struct vfield *fd = &f->fields[i];
		const struct vvalue *v = &f->v[i];
		if (f->err[i]) {
			size_t ll = strlen(fd->label);
			nerr++;
			/* every message starts with the field's label */
			assert_memory_equal(f->err[i], fd->label, ll);
			assert_int_equal(f->err[i][ll], ' ');
			assert_true(strlen(f->err[i]) > ll + 1);
			continue;
		}
		if (fd->type == V_BOOL) {
			assert_true(v->i == 0 || v->i == 1);
		} else if (v->present) {
			assert_non_null(v->s);
			assert_true(*v->s);
		} else {
			assert_null(v->s);
			assert_false(fd->required);
		}
	}
	assert_int_equal(f->nerr, nerr);
}

/* Run a one-field table against value (NULL: the field is absent). Returns nerr. */
static int run1(struct fx *x, const struct vfield *fd, const char *value)
{
	int n;

	if (value)
		set_form(x, fd->name, value, NULL);
	else
		set_form(x, NULL);
	n = valid_form(&x->r, &x->f, "t", fd, 1);
	check(&x->f);
	return n;
}

/* The message for the only field, without its label. */
static const char *msg1(const struct fx *x)
{
	const char *e = x->f.err[0];

	assert_non_null(e);
	return e + strlen(x->f.fields[0].label) + 1;
}

static const struct vfield f_line = { "title", "Title", V_LINE, 1, 0, 0, NULL };
static const struct vfield f_line_opt = { "title", "Title", V_LINE, 0, 0, 0, NULL };
static const struct vfield f_line4 = { "code", "Code", V_LINE, 1, 2, 4, NULL };
static const struct vfield f_text = { "notes", "Notes", V_TEXT, 0, 0, 0, NULL };
static const struct vfield f_email = { "email", "E-mail", V_EMAIL, 1, 0, 0, NULL };
static const struct vfield f_id = { "client", "Client", V_ID, 1, 0, 0, NULL };
static const struct vfield f_int = { "n", "Count", V_INT, 1, -10, 10, NULL };
static const struct vfield f_date = { "due", "Due date", V_DATE, 1, 0, 0, NULL };
static const struct vfield f_money = { "amount", "Amount", V_DECIMAL2, 1, 0, 0, NULL };
static const struct vfield f_money_max = { "amount", "Amount", V_DECIMAL2, 1, 100, 100000, NULL };
static const struct vfield f_hours = { "hours", "Budget (hours)", V_HOURS, 1, 0, 0, NULL };
static const struct vfield f_hours_max = { "hours", "Budget (hours)", V_HOURS, 1, 0, 600, NULL };
static const char *const health[] = { "green", "amber", "red", NULL };
static const struct vfield f_enum = { "health", "Health", V_ENUM, 1, 0, 0, health };
static const struct vfield f_enum_opt = { "health", "Health", V_ENUM, 0, 0, 0, health };
static const struct vfield f_bool = { "active", "Active", V_BOOL, 0, 0, 0, NULL };
static const struct vfield f_pw = { "password", "Password", V_PASSWORD, 1, 0, 0, NULL };

/* ---- valid_date ---- */

static void test_date_good(void **state)
{
	static const char *const good[] = { "2026-03-15", "2024-02-29", "2000-02-29",
		"1900-01-01", "2999-12-31", "2026-01-31", "2026-04-30", "2026-12-31" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		assert_true(valid_date(good[i]));
}

static void test_date_feb_29_outside_leap_years(void **state)
{
	(void)state;
	assert_false(valid_date("2026-02-29"));
	assert_false(valid_date("1900-02-29"));
	assert_false(valid_date("2100-02-29"));
	assert_false(valid_date("2024-02-30"));
}

static void test_date_out_of_range_parts(void **state)
{
	static const char *const bad[] = { "2026-13-01", "2026-00-10", "2026-01-00",
		"2026-04-31", "2026-01-32", "1899-12-31", "3000-01-01", "0000-01-01" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_false(valid_date(bad[i]));
}

static void test_date_wrong_shape(void **state)
{
	static const char *const bad[] = { "2026-1-01", "2026-01-1", "26-01-01", "2026/01/01",
		"2026-01-01x", "", "abcd-ef-gh", " 2026-01-01", "+026-01-01", "2026-01-01 ",
		"20260101", "2026-0a-01", "2026--1-01" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_false(valid_date(bad[i]));
}

/* ---- num_decimal2 (core/num.c; valid.c reads amounts with it) ---- */

static void test_decimal_whole(void **state)
{
	long long v = -1;

	(void)state;
	assert_int_equal(num_decimal2("12500", &v), 0);
	assert_int_equal(v, 1250000);
	assert_int_equal(num_decimal2("0", &v), 0);
	assert_int_equal(v, 0);
}

static void test_decimal_one_place_is_tenths(void **state)
{
	long long v = -1;

	(void)state;
	assert_int_equal(num_decimal2("12500.5", &v), 0);
	assert_int_equal(v, 1250050);
}

static void test_decimal_two_places(void **state)
{
	long long v = -1;

	(void)state;
	assert_int_equal(num_decimal2("0.05", &v), 0);
	assert_int_equal(v, 5);
	assert_int_equal(num_decimal2("12500.50", &v), 0);
	assert_int_equal(v, 1250050);
}

static void test_decimal_thousands_separators(void **state)
{
	long long v = -1;

	(void)state;
	assert_int_equal(num_decimal2("1,250.00", &v), 0);
	assert_int_equal(v, 125000);
	assert_int_equal(num_decimal2("12,500,000.25", &v), 0);
	assert_int_equal(v, 1250000025);
}

static void test_decimal_no_whole_part(void **state)
{
	long long v = -1;

	(void)state;
	assert_int_equal(num_decimal2(".5", &v), 0);
	assert_int_equal(v, 50);
}

static void test_decimal_trailing_point(void **state)
{
	long long v = -1;

	(void)state;
	assert_int_equal(num_decimal2("5.", &v), 0);
	assert_int_equal(v, 500);
}

static void test_decimal_largest_without_overflow(void **state)
{
	long long v = -1;

	(void)state;
	assert_int_equal(num_decimal2("92233720368547749.99", &v), 0);
	assert_int_equal(v, 9223372036854774999LL);
}

static void test_decimal_three_places(void **state)
{
	long long v;

	(void)state;
	assert_int_equal(num_decimal2("1.234", &v), -1);
	assert_int_equal(num_decimal2("0.001", &v), -1);
}

static void test_decimal_signs(void **state)
{
	long long v;

	(void)state;
	assert_int_equal(num_decimal2("-1", &v), -1);
	assert_int_equal(num_decimal2("+1", &v), -1);
	assert_int_equal(num_decimal2("-0.5", &v), -1);
}

static void test_decimal_not_numbers(void **state)
{
	static const char *const bad[] = { "", ".", "abc", "1e3", "1.2.3", " 1", "1 ",
		"1.5x", "0x10", "1..2", "NaN", "inf", "1_000" };
	long long v;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(num_decimal2(bad[i], &v), -1);
}

static void test_decimal_overflow(void **state)
{
	static const char *const bad[] = { "99999999999999999999", "922337203685477580",
		"9223372036854775807", "100000000000000000000000.00",
		"99,999,999,999,999,999,999" };
	long long v;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(num_decimal2(bad[i], &v), -1);
}

static void test_decimal_comma_first(void **state)
{
	long long v;

	(void)state;
	assert_int_equal(num_decimal2(",5", &v), -1);
	assert_int_equal(num_decimal2(",250.00", &v), -1);
}

static void test_decimal_comma_not_a_thousands_separator(void **state)
{
	/* "1,5" is one and a half to most of Europe: reading it as 15 would
	 * store ten times the amount. A comma groups exactly three digits. */
	static const char *const bad[] = { "1,5", "12,50", "1,2345", "1,,250", "1250,",
		"1,250,0", "1.250,00" };
	long long v;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		v = -1;
		if (num_decimal2(bad[i], &v) != -1)
			fail_msg("num_decimal2(\"%s\") accepted as %lld", bad[i], v);
	}
}

/* ---- V_LINE / V_TEXT / V_PASSWORD ---- */

static void test_line_good(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_line, "Website relaunch"), 0);
	assert_true(x->f.v[0].present);
	assert_string_equal(x->f.v[0].s, "Website relaunch");
}

static void test_line_trimmed(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_line, " \t Website \r\n"), 0);
	assert_string_equal(x->f.v[0].s, "Website");
}

static void test_line_newline(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_line, "two\nlines"), 1);
	assert_string_equal(x->f.err[0], "Title must be one line.");
}

static void test_line_carriage_return(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_line, "two\rlines"), 1);
	assert_string_equal(msg1(x), "must be one line.");
}

static void test_line_max_counts_characters(void **state)
{
	struct fx *x = *state;

	/* 4 characters, 8 bytes */
	assert_int_equal(run1(x, &f_line4, "\xc3\xa4\xc3\xb6\xc3\xbc\xc3\x9f"), 0);
	assert_int_equal(run1(x, &f_line4, "\xf0\x9f\x98\x80\xf0\x9f\x98\x80" "ab"), 0);
	assert_int_equal(run1(x, &f_line4, "\xf0\x9f\x98\x80\xe2\x82\xac" "ab"), 0);
}

static void test_line_over_max(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_line4, "\xc3\xa4\xc3\xb6\xc3\xbc\xc3\x9fx"), 1);
	assert_string_equal(x->f.err[0], "Code must be at most 4 characters.");
}

static void test_line_under_min(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_line4, "\xc3\xa4"), 1);
	assert_string_equal(x->f.err[0], "Code must be at least 2 characters.");
	assert_int_equal(run1(x, &f_line4, "\xc3\xa4\xc3\xa4"), 0);
}

static void test_line_default_max_200(void **state)
{
	struct fx *x = *state;
	char s[202];

	memset(s, 'a', 200);
	s[200] = '\0';
	assert_int_equal(run1(x, &f_line, s), 0);
	s[200] = 'a';
	s[201] = '\0';
	assert_int_equal(run1(x, &f_line, s), 1);
	assert_string_equal(msg1(x), "must be at most 200 characters.");
}

static void test_text_allows_newlines(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_text, "line one\nline two\r\n"), 0);
	assert_string_equal(x->f.v[0].s, "line one\nline two");
}

static void test_text_default_max_10000(void **state)
{
	struct fx *x = *state;
	char *s = arena_alloc(&x->a, 10002);

	memset(s, 'b', 10000);
	assert_int_equal(run1(x, &f_text, s), 0);
	s[10000] = 'b';
	assert_int_equal(run1(x, &f_text, s), 1);
	assert_string_equal(msg1(x), "must be at most 10000 characters.");
}

static void test_password_kept_as_typed(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_pw, "  s3cret \t"), 0);
	assert_string_equal(x->f.v[0].s, "  s3cret \t");
}

static void test_password_required(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_pw, ""), 1);
	assert_string_equal(x->f.err[0], "Password is required.");
}

/* ---- required / optional ---- */

static void test_required_absent(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_line, NULL), 1);
	assert_string_equal(x->f.err[0], "Title is required.");
	assert_false(x->f.v[0].present);
}

static void test_required_empty(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_line, ""), 1);
	assert_string_equal(x->f.err[0], "Title is required.");
}

static void test_required_only_spaces(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_line, " \t\r\n "), 1);
	assert_string_equal(x->f.err[0], "Title is required.");
}

static void test_optional_absent(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_line_opt, NULL), 0);
	assert_false(x->f.v[0].present);
	assert_null(x->f.v[0].s);
}

static void test_optional_empty(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_line_opt, "  "), 0);
	assert_false(x->f.v[0].present);
	assert_null(x->f.v[0].s);
}

static void test_optional_bad_value_still_checked(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_enum_opt, "purple"), 1);
}

/* ---- V_EMAIL ---- */

static void test_email_lower_cased(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_email, "  Ada.Lovelace@Example.COM "), 0);
	assert_string_equal(x->f.v[0].s, "ada.lovelace@example.com");
}

static void test_email_plus_and_subdomain(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_email, "a+tag@mail.example.co.uk"), 0);
}

static void test_email_bad_forms(void **state)
{
	static const char *const bad[] = { "ada", "@example.com", "ada@", "ada@example",
		"ada@.com", "ada@example.", "a@b@example.com", "ada lovelace@example.com",
		"<ada@example.com>", "ada@example.com,bob@example.com", "ada;x@example.com",
		"\"ada\"@example.com", "ada@exa mple.com" };
	struct fx *x = *state;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		if (run1(x, &f_email, bad[i]) != 1)
			fail_msg("accepted e-mail \"%s\"", bad[i]);
		assert_string_equal(x->f.err[0],
				    "E-mail must be an e-mail address like name@example.com.");
	}
}

static void test_email_length_limit(void **state)
{
	struct fx *x = *state;
	char s[300];

	/* 254 characters is the most an address may have */
	memset(s, 'a', 242);
	memcpy(s + 242, "@example.com", 13);
	assert_int_equal(strlen(s), 254);
	assert_int_equal(run1(x, &f_email, s), 0);
	memset(s, 'a', 243);
	memcpy(s + 243, "@example.com", 13);
	assert_int_equal(run1(x, &f_email, s), 1);
}

/* ---- V_ID / V_INT ---- */

static void test_id_good(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_id, "42"), 0);
	assert_int_equal(x->f.v[0].i, 42);
	assert_int_equal(run1(x, &f_id, " 7 "), 0);
	assert_int_equal(x->f.v[0].i, 7);
	assert_int_equal(run1(x, &f_id, "9223372036854775807"), 0);
	assert_int_equal(x->f.v[0].i, 9223372036854775807LL);
}

static void test_id_zero(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_id, "0"), 1);
	assert_string_equal(x->f.err[0], "Client must be chosen from the list.");
}

static void test_id_negative(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_id, "-1"), 1);
}

static void test_id_not_a_number(void **state)
{
	static const char *const bad[] = { "abc", "12abc", "+5", "1.5", "0x10", "1 2", "--1" };
	struct fx *x = *state;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		if (run1(x, &f_id, bad[i]) != 1)
			fail_msg("accepted id \"%s\"", bad[i]);
		assert_string_equal(msg1(x), "must be a whole number.");
	}
}

static void test_id_overflow(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_id, "99999999999999999999"), 1);
	assert_string_equal(msg1(x), "must be a whole number.");
	assert_int_equal(run1(x, &f_id, "9223372036854775808"), 1);
}

static void test_int_in_range(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_int, "-5"), 0);
	assert_int_equal(x->f.v[0].i, -5);
	assert_int_equal(run1(x, &f_int, "10"), 0);
	assert_int_equal(x->f.v[0].i, 10);
	assert_int_equal(run1(x, &f_int, "-10"), 0);
	assert_int_equal(x->f.v[0].i, -10);
	assert_int_equal(run1(x, &f_int, "0"), 0);
}

static void test_int_out_of_range(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_int, "11"), 1);
	assert_string_equal(x->f.err[0], "Count must be between -10 and 10.");
	assert_int_equal(run1(x, &f_int, "-11"), 1);
	assert_int_equal(run1(x, &f_int, "-9223372036854775808"), 1);
}

static void test_int_not_a_number(void **state)
{
	static const char *const bad[] = { "-", "abc", "1.0", "+3", "9223372036854775808",
		"-9223372036854775809", "3-" };
	struct fx *x = *state;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		if (run1(x, &f_int, bad[i]) != 1)
			fail_msg("accepted int \"%s\"", bad[i]);
		assert_string_equal(msg1(x), "must be a whole number.");
	}
}

/* ---- V_DATE ---- */

static void test_form_date_leap_day(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_date, "2024-02-29"), 0);
	assert_string_equal(x->f.v[0].s, "2024-02-29");
}

static void test_form_date_bad(void **state)
{
	static const char *const bad[] = { "2026-02-29", "2026-13-01", "2026-1-01", "tomorrow" };
	struct fx *x = *state;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(run1(x, &f_date, bad[i]), 1);
		assert_string_equal(x->f.err[0], "Due date must be a date (YYYY-MM-DD).");
	}
}

/* ---- V_DECIMAL2 / V_HOURS ---- */

static void test_money_good(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_money, "12500.5"), 0);
	assert_int_equal(x->f.v[0].i, 1250050);
	assert_int_equal(run1(x, &f_money, "1,250.00"), 0);
	assert_int_equal(x->f.v[0].i, 125000);
	assert_int_equal(run1(x, &f_money, " 0.05 "), 0);
	assert_int_equal(x->f.v[0].i, 5);
}

static void test_money_negative(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_money, "-1"), 1);
	assert_string_equal(x->f.err[0], "Amount cannot be negative.");
}

static void test_money_bad(void **state)
{
	static const char *const bad[] = { "1.234", "1e3", "abc", "99999999999999999999", "+5" };
	struct fx *x = *state;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(run1(x, &f_money, bad[i]), 1);
		assert_string_equal(msg1(x),
				    "must be a number with at most two decimals, like 12500.00.");
	}
}

static void test_money_range(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_money_max, "1000"), 0);
	assert_int_equal(x->f.v[0].i, 100000);
	assert_int_equal(run1(x, &f_money_max, "1"), 0);
	assert_int_equal(x->f.v[0].i, 100);
}

static void test_money_out_of_range(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_money_max, "1000.01"), 1);
	assert_string_equal(x->f.err[0], "Amount is out of range.");
	assert_int_equal(run1(x, &f_money_max, "0.99"), 1);
	assert_string_equal(msg1(x), "is out of range.");
}

static void test_money_no_max_means_unbounded(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_money, "90000000000000000"), 0);
	assert_int_equal(x->f.v[0].i, 9000000000000000000LL);
}

static void test_hours_to_minutes(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_hours, "1.5"), 0);
	assert_int_equal(x->f.v[0].i, 90);
	assert_int_equal(run1(x, &f_hours, "2"), 0);
	assert_int_equal(x->f.v[0].i, 120);
}

static void test_hours_round_to_nearest_minute(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_hours, "0.33"), 0);
	assert_int_equal(x->f.v[0].i, 20);      /* 19.8 */
	assert_int_equal(run1(x, &f_hours, "0.01"), 0);
	assert_int_equal(x->f.v[0].i, 1);       /* 0.6 */
	assert_int_equal(run1(x, &f_hours, "0.99"), 0);
	assert_int_equal(x->f.v[0].i, 59);      /* 59.4 */
}

static void test_hours_bad(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_hours, "1.333"), 1);
	assert_int_equal(run1(x, &f_hours, "-1"), 1);
	assert_string_equal(msg1(x), "cannot be negative.");
	assert_int_equal(run1(x, &f_hours, "1h"), 1);
}

static void test_hours_huge(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_hours, "1000000000.01"), 1);
	assert_string_equal(msg1(x), "is out of range.");
	assert_int_equal(run1(x, &f_hours, "92233720368547749.99"), 1);
}

static void test_hours_max_is_in_minutes(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_hours_max, "10"), 0);
	assert_int_equal(x->f.v[0].i, 600);
	assert_int_equal(run1(x, &f_hours_max, "10.02"), 1);
	assert_string_equal(msg1(x), "is out of range.");
}

/* ---- V_ENUM / V_BOOL ---- */

static void test_enum_member(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_enum, "amber"), 0);
	assert_string_equal(x->f.v[0].s, "amber");
	assert_int_equal(run1(x, &f_enum, " red "), 0);
}

static void test_enum_not_member(void **state)
{
	static const char *const bad[] = { "purple", "Green", "gree", "greens", "green\n" "x" };
	struct fx *x = *state;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(run1(x, &f_enum, bad[i]), 1);
		assert_string_equal(x->f.err[0], "Health is not one of the choices.");
	}
}

static void test_bool_on(void **state)
{
	static const char *const on[] = { "on", "1", "true" };
	struct fx *x = *state;

	for (size_t i = 0; i < ARRAY_SIZE(on); i++) {
		assert_int_equal(run1(x, &f_bool, on[i]), 0);
		assert_int_equal(x->f.v[0].i, 1);
	}
}

static void test_bool_off(void **state)
{
	static const char *const off[] = { "0", "off", "false", "" };
	struct fx *x = *state;

	for (size_t i = 0; i < ARRAY_SIZE(off); i++) {
		assert_int_equal(run1(x, &f_bool, off[i]), 0);
		assert_int_equal(x->f.v[0].i, 0);
	}
}

static void test_bool_absent_is_off(void **state)
{
	struct fx *x = *state;

	assert_int_equal(run1(x, &f_bool, NULL), 0);
	assert_int_equal(x->f.v[0].i, 0);
}

static void test_bool_garbage(void **state)
{
	static const char *const bad[] = { "yes", "2", "ON", "onn", "garbage" };
	struct fx *x = *state;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(run1(x, &f_bool, bad[i]), 1);
		assert_string_equal(x->f.err[0], "Active must be on or off.");
		assert_int_equal(x->f.v[0].i, 0);
	}
}

/* ---- the form as a whole ---- */

static const struct vfield f_project[] = {
	{ "name", "Name", V_LINE, 1, 0, 0, NULL },
	{ "due", "Due date", V_DATE, 0, 0, 0, NULL },
	{ "client", "Client", V_ID, 1, 0, 0, NULL },
	{ "health", "Health", V_ENUM, 0, 0, 0, health },
	{ "password", "Password", V_PASSWORD, 0, 0, 0, NULL },
};
#define NPROJECT ARRAY_SIZE(f_project)

static void test_form_all_good(void **state)
{
	struct fx *x = *state;

	set_form(x, "name", "Relaunch", "due", "2026-06-30", "client", "3",
		 "health", "green", "extra", "ignored", NULL);
	assert_int_equal(valid_form(&x->r, &x->f, "project", f_project, NPROJECT), 0);
	check(&x->f);
	assert_string_equal(x->f.id, "project");
	assert_string_equal(valid_get(&x->f, "name")->s, "Relaunch");
	assert_int_equal(valid_get(&x->f, "client")->i, 3);
	assert_false(valid_get(&x->f, "password")->present);
}

static void test_form_counts_every_bad_field(void **state)
{
	struct fx *x = *state;

	set_form(x, "name", "", "due", "2026-02-30", "client", "0", "health", "blue", NULL);
	assert_int_equal(valid_form(&x->r, &x->f, "project", f_project, NPROJECT), 4);
	check(&x->f);
	assert_string_equal(x->f.err[0], "Name is required.");
	assert_string_equal(x->f.err[1], "Due date must be a date (YYYY-MM-DD).");
	assert_string_equal(x->f.err[2], "Client must be chosen from the list.");
	assert_string_equal(x->f.err[3], "Health is not one of the choices.");
	assert_null(x->f.err[4]);
}

static void test_form_field_given_twice(void **state)
{
	struct fx *x = *state;

	/* both values are fine on their own; two of them is still an error */
	set_form(x, "name", "A", "client", "3", "name", "A", NULL);
	assert_int_equal(valid_form(&x->r, &x->f, "project", f_project, NPROJECT), 1);
	check(&x->f);
	assert_string_equal(x->f.err[0], "Name was given more than once.");
	assert_false(x->f.v[0].present);
}

static void test_form_optional_field_given_twice(void **state)
{
	struct fx *x = *state;

	set_form(x, "name", "A", "client", "3", "health", "red", "health", "green", NULL);
	assert_int_equal(valid_form(&x->r, &x->f, "project", f_project, NPROJECT), 1);
	check(&x->f);
	assert_string_equal(x->f.err[3], "Health was given more than once.");
}

/* V_IDS: a repeatable list of ids (checkboxes) */
static const struct vfield f_ids[] = {
	{ "contact_id", "Contacts", V_IDS, 1, 0, 0, NULL },
	{ "note", "Note", V_LINE, 0, 0, 0, NULL },
};

static void test_form_ids_repeatable(void **state)
{
	struct fx *x = *state;

	set_form(x, "contact_id", "7", "note", "n", "contact_id", "12", NULL);
	assert_int_equal(valid_form(&x->r, &x->f, "ask", f_ids, 2), 0);
	check(&x->f);
	assert_int_equal(valid_get(&x->f, "contact_id")->i, 7);
	assert_true(valid_get(&x->f, "contact_id")->present);
}

static void test_form_ids_every_value_checked(void **state)
{
	struct fx *x = *state;

	/* the first is fine, a later one is not: the field is bad */
	set_form(x, "contact_id", "7", "contact_id", "x1", NULL);
	assert_int_equal(valid_form(&x->r, &x->f, "ask", f_ids, 2), 1);
	check(&x->f);
	assert_string_equal(x->f.err[0], "Contacts must be a whole number.");
	set_form(x, "contact_id", "7", "contact_id", "0", NULL);
	assert_int_equal(valid_form(&x->r, &x->f, "ask", f_ids, 2), 1);
	assert_string_equal(x->f.err[0], "Contacts must be chosen from the list.");
	set_form(x, "note", "n", NULL);
	assert_int_equal(valid_form(&x->r, &x->f, "ask", f_ids, 2), 1);
	assert_string_equal(x->f.err[0], "Contacts is required.");
	/* other fields still refuse repeats */
	set_form(x, "contact_id", "7", "note", "a", "note", "b", NULL);
	assert_int_equal(valid_form(&x->r, &x->f, "ask", f_ids, 2), 1);
	assert_string_equal(x->f.err[1], "Note was given more than once.");
}

static void test_form_empty_table(void **state)
{
	struct fx *x = *state;

	set_form(x, "a", "1", NULL);
	assert_int_equal(valid_form(&x->r, &x->f, "none", NULL, 0), 0);
	assert_int_equal(x->f.nerr, 0);
}

static void test_get_unknown_field_is_absent(void **state)
{
	struct fx *x = *state;

	set_form(x, "name", "A", "client", "3", NULL);
	valid_form(&x->r, &x->f, "project", f_project, NPROJECT);
	assert_false(valid_get(&x->f, "nope")->present);
	assert_null(valid_get(&x->f, "nope")->s);
}

static void test_error_on_field(void **state)
{
	struct fx *x = *state;

	set_form(x, "name", "A", "client", "3", NULL);
	assert_int_equal(valid_form(&x->r, &x->f, "project", f_project, NPROJECT), 0);
	valid_error(&x->f, "client", "Client does not exist.");
	check(&x->f);
	assert_int_equal(x->f.nerr, 1);
	assert_string_equal(x->f.err[2], "Client does not exist.");
}

static void test_error_twice_counts_once(void **state)
{
	struct fx *x = *state;

	set_form(x, "name", "A", "client", "0", NULL);
	assert_int_equal(valid_form(&x->r, &x->f, "project", f_project, NPROJECT), 1);
	valid_error(&x->f, "client", "Client does not exist.");
	check(&x->f);
	valid_error(&x->f, "client", "Client is archived.");
	check(&x->f);
	assert_int_equal(x->f.nerr, 1);
	assert_string_equal(x->f.err[2], "Client is archived.");
}

static void test_error_form_wide(void **state)
{
	struct fx *x = *state;

	set_form(x, "name", "A", "client", "3", NULL);
	valid_form(&x->r, &x->f, "project", f_project, NPROJECT);
	valid_error(&x->f, NULL, "Someone else changed this project.");
	check(&x->f);
	assert_int_equal(x->f.nerr, 1);
	assert_string_equal(x->f.form_err, "Someone else changed this project.");
	valid_error(&x->f, "", "Try again.");
	check(&x->f);
	assert_int_equal(x->f.nerr, 1);
	assert_string_equal(x->f.form_err, "Try again.");
}

/* ---- valid_to_xml ---- */

static void new_page(struct fx *x)
{
	x->r.doc = xmlNewDoc(BAD_CAST "1.0");
	x->r.page = xmlNewDocNode(x->r.doc, NULL, BAD_CAST "page", NULL);
	xmlDocSetRootElement(x->r.doc, x->r.page);
}

static void test_to_xml_echoes_values_and_errors(void **state)
{
	struct fx *x = *state;

	new_page(x);
	set_form(x, "name", "<b>A & B</b>", "client", "0", "password", "hunter2", NULL);
	valid_form(&x->r, &x->f, "project", f_project, NPROJECT);
	valid_error(&x->f, NULL, "Whole form.");
	valid_to_xml(&x->r, &x->f);
	assert_int_equal(xcount(x->r.doc, "/page/form-state[@for='project']"), 1);
	assert_int_equal(xcount(x->r.doc,
		"/page/form-state/value[@name='name'][.='<b>A & B</b>']"), 1);
	assert_int_equal(xcount(x->r.doc, "/page/form-state/value[@name='client'][.='0']"), 1);
	assert_int_equal(xcount(x->r.doc, "/page/form-state/error[@field='client']"
		"[.='Client must be chosen from the list.']"), 1);
	assert_int_equal(xcount(x->r.doc,
		"/page/form-state/error[@field='_form'][.='Whole form.']"), 1);
	assert_int_equal(xcount(x->r.doc, "/page/form-state/error"), 2);
}

static void test_to_xml_echoes_every_id(void **state)
{
	struct fx *x = *state;

	new_page(x);
	set_form(x, "contact_id", "7", "contact_id", "12", "note", "n", NULL);
	valid_form(&x->r, &x->f, "ask", f_ids, 2);
	valid_error(&x->f, "contact_id", "Choose contacts of this client.");
	valid_to_xml(&x->r, &x->f);
	assert_int_equal(xcount(x->r.doc, "/page/form-state/value[@name='contact_id']"), 2);
	assert_int_equal(xcount(x->r.doc, "/page/form-state/value[@name='contact_id'][.='12']"), 1);
	assert_int_equal(xcount(x->r.doc, "/page/form-state/error[@field='contact_id']"), 1);
}

static void test_to_xml_never_echoes_passwords(void **state)
{
	struct fx *x = *state;

	new_page(x);
	set_form(x, "name", "A", "client", "3", "password", "hunter2", NULL);
	valid_form(&x->r, &x->f, "project", f_project, NPROJECT);
	valid_to_xml(&x->r, &x->f);
	assert_int_equal(xcount(x->r.doc, "//value[@name='password']"), 0);
	assert_int_equal(xcount(x->r.doc, "//*[contains(., 'hunter2')]"), 0);
	assert_int_equal(xcount(x->r.doc, "//@*[contains(., 'hunter2')]"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_date_good),
		T(test_date_feb_29_outside_leap_years),
		T(test_date_out_of_range_parts),
		T(test_date_wrong_shape),

		T(test_decimal_whole),
		T(test_decimal_one_place_is_tenths),
		T(test_decimal_two_places),
		T(test_decimal_thousands_separators),
		T(test_decimal_no_whole_part),
		T(test_decimal_trailing_point),
		T(test_decimal_largest_without_overflow),
		T(test_decimal_three_places),
		T(test_decimal_signs),
		T(test_decimal_not_numbers),
		T(test_decimal_overflow),
		T(test_decimal_comma_first),
		T(test_decimal_comma_not_a_thousands_separator),

		T(test_line_good),
		T(test_line_trimmed),
		T(test_line_newline),
		T(test_line_carriage_return),
		T(test_line_max_counts_characters),
		T(test_line_over_max),
		T(test_line_under_min),
		T(test_line_default_max_200),
		T(test_text_allows_newlines),
		T(test_text_default_max_10000),
		T(test_password_kept_as_typed),
		T(test_password_required),

		T(test_required_absent),
		T(test_required_empty),
		T(test_required_only_spaces),
		T(test_optional_absent),
		T(test_optional_empty),
		T(test_optional_bad_value_still_checked),

		T(test_email_lower_cased),
		T(test_email_plus_and_subdomain),
		T(test_email_bad_forms),
		T(test_email_length_limit),

		T(test_id_good),
		T(test_id_zero),
		T(test_id_negative),
		T(test_id_not_a_number),
		T(test_id_overflow),
		T(test_int_in_range),
		T(test_int_out_of_range),
		T(test_int_not_a_number),

		T(test_form_date_leap_day),
		T(test_form_date_bad),

		T(test_money_good),
		T(test_money_negative),
		T(test_money_bad),
		T(test_money_range),
		T(test_money_out_of_range),
		T(test_money_no_max_means_unbounded),
		T(test_hours_to_minutes),
		T(test_hours_round_to_nearest_minute),
		T(test_hours_bad),
		T(test_hours_huge),
		T(test_hours_max_is_in_minutes),

		T(test_enum_member),
		T(test_enum_not_member),
		T(test_bool_on),
		T(test_bool_off),
		T(test_bool_absent_is_off),
		T(test_bool_garbage),

		T(test_form_all_good),
		T(test_form_counts_every_bad_field),
		T(test_form_field_given_twice),
		T(test_form_optional_field_given_twice),
		T(test_form_ids_repeatable),
		T(test_form_ids_every_value_checked),
		T(test_to_xml_echoes_every_id),
		T(test_form_empty_table),
		T(test_get_unknown_field_is_absent),
		T(test_error_on_field),
		T(test_error_twice_counts_once),
		T(test_error_form_wide),

		T(test_to_xml_echoes_values_and_errors),
		T(test_to_xml_never_echoes_passwords),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
