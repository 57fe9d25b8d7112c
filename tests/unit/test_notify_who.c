/* test_notify_who.c - the pure parts of who is told: a notice's excerpt, one notice a person. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/arena.h"
#include "domain/notify_who.h"

static struct arena a;

static int setup(void **state)
{
	(void)state;
	arena_init(&a);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_release(&a);
	return 0;
}

static void excerpt_collapses_white_space(void **state)
{
	(void)state;
	assert_string_equal(notify_excerpt(&a, "  Hello\n\n  there\t you  ", 160), "Hello there you");
	assert_string_equal(notify_excerpt(&a, NULL, 10), "");
	assert_string_equal(notify_excerpt(&a, " \n\t ", 10), "");
	assert_string_equal(notify_excerpt(&a, "abc", 3), "abc");
}

static void excerpt_is_cut_to_max_characters_with_an_ellipsis(void **state)
{
	const char *e;

	(void)state;
	assert_string_equal(notify_excerpt(&a, "abcdef", 4), "abc\u2026");
	/* counted in characters, never cut inside one */
	e = notify_excerpt(&a, "\u00dc\u00dc\u00dc\u00dc\u00dc", 3);
	assert_string_equal(e, "\u00dc\u00dc\u2026");
	/* no space before the ellipsis */
	assert_string_equal(notify_excerpt(&a, "ab cdef", 4), "ab\u2026");
	assert_string_equal(notify_excerpt(&a, "ab\n\ncdef", 4), "ab\u2026");
}

static void list_keeps_the_first_kind_of_each_person(void **state)
{
	struct notify_list l;

	(void)state;
	notify_list_init(&l, &a);
	notify_list_add(&l, 5, NK_MENTION);
	notify_list_add(&l, 5, NK_THREAD_REPLY);
	notify_list_add(&l, 0, NK_MESSAGE); /* nobody */
	for (long long u = 100; u < 140; u++) /* grows past its first block */
		notify_list_add(&l, u, NK_MESSAGE);
	notify_list_add(&l, 120, NK_THREAD_REPLY);
	assert_int_equal(l.n, 41);
	assert_int_equal(l.user[0], 5);
	assert_int_equal(l.kind[0], NK_MENTION);
	assert_int_equal(l.kind[21], NK_MESSAGE);
	assert_true(notify_list_has(&l, 139));
	assert_false(notify_list_has(&l, 0));
	assert_false(notify_list_has(&l, 6));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(excerpt_collapses_white_space),
		cmocka_unit_test(excerpt_is_cut_to_max_characters_with_an_ellipsis),
		cmocka_unit_test(list_keeps_the_first_kind_of_each_person),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
