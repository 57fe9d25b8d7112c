/* test_mention.c - @mentions: the longest name after '@', case-insensitive, at word boundaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/array.h"
#include "domain/mention.h"

static const char *const people[] = { "Priya Shah", "Priya", "Jordan Reyes", "Zoë Müller",
				      "Sam O'Neil", "Priya Shah" };
#define NPEOPLE ARRAY_SIZE(people)

/* Who text mentions, as a string of 0/1 per person (people[]'s order). */
static const char *who(const char *text)
{
	static char out[NPEOPLE + 1];
	unsigned char hit[NPEOPLE] = { 0 };
	size_t n = mention_find(text, people, NPEOPLE, hit), marked = 0;

	for (size_t i = 0; i < NPEOPLE; i++) {
		out[i] = hit[i] ? '1' : '0';
		marked += hit[i];
	}
	out[NPEOPLE] = '\0';
	assert_int_equal(n, marked);
	return out;
}

static void a_full_name_with_its_space(void **state)
{
	(void)state;
	assert_string_equal(who("Thanks @Jordan Reyes, see below"), "001000");
	assert_string_equal(who("@Jordan Reyes"), "001000");
}

static void the_longest_name_wins_and_namesakes_are_all_marked(void **state)
{
	(void)state;
	/* both "Priya Shah" rows (namesakes), not "Priya" */
	assert_string_equal(who("@Priya Shah can you check?"), "100001");
	/* "@Priya Sha" is only "Priya" (the space after it is a boundary) */
	assert_string_equal(who("@Priya Sha"), "010000");
	assert_string_equal(who("@Priya, @Priya Shah"), "110001");
}

static void case_insensitive(void **state)
{
	(void)state;
	assert_string_equal(who("@jordan reyes"), "001000");
	assert_string_equal(who("@JORDAN REYES!"), "001000");
	assert_string_equal(who("@zoë müller"), "000100"); /* ASCII folded, the rest as it is */
	assert_string_equal(who("@ZOË MÜLLER"), "000000");
}

static void word_boundaries(void **state)
{
	(void)state;
	/* the '@' of an address is no mention, nor a longer word after the name */
	assert_string_equal(who("write to priya@Priya Shah.test"), "000000");
	assert_string_equal(who("@Priya Shahs and @Jordan Reyesx"), "010000");
	assert_string_equal(who("@Priya_Shah"), "000000");
	assert_string_equal(who("@Priya2"), "000000");
	/* punctuation around it is a boundary */
	assert_string_equal(who("(@Jordan Reyes)"), "001000");
	assert_string_equal(who("@Jordan Reyes’s draft"), "001000");
	assert_string_equal(who("«@Jordan Reyes»"), "001000");
	assert_string_equal(who("—@Jordan Reyes—ok"), "001000");
	assert_string_equal(who("ok.@Jordan Reyes."), "001000");
	assert_string_equal(who("é@Jordan Reyes"), "000000"); /* a letter before the '@' */
	assert_string_equal(who("@Zoë Müllerin"), "000000");
	assert_string_equal(who("@Zoë Müller\n"), "000100");
	assert_string_equal(who("@Sam O'Neil: hi"), "000010");
}

static void nothing_to_mention(void **state)
{
	(void)state;
	assert_string_equal(who(""), "000000");
	assert_string_equal(who("@"), "000000");
	assert_string_equal(who("@ Priya"), "000000");
	assert_string_equal(who("no at sign, Priya Shah"), "000000");
	assert_string_equal(who("@@Priya"), "010000");
}

static void empty_and_null_names_never_match(void **state)
{
	const char *const names[] = { "", NULL, "Al" };
	unsigned char hit[3] = { 0 };

	(void)state;
	assert_int_equal(mention_find("@ @x @Al", names, 3, hit), 1);
	assert_int_equal(hit[0], 0);
	assert_int_equal(hit[1], 0);
	assert_int_equal(hit[2], 1);
	assert_int_equal(mention_find(NULL, names, 3, hit), 0);
}

static void marked_once_and_hits_kept(void **state)
{
	const char *const names[] = { "Al", "Bo" };
	unsigned char hit[2] = { 0, 1 };

	(void)state;
	/* repeated mentions count once; a name marked before is not counted again */
	assert_int_equal(mention_find("@Al @al @AL @Bo", names, 2, hit), 1);
	assert_int_equal(hit[0], 1);
	assert_int_equal(hit[1], 1);
}

static void a_long_text(void **state)
{
	static char text[70000];

	(void)state;
	memset(text, 'a', sizeof(text) - 1);
	memcpy(text + 60000, " @Jordan Reyes ", 15);
	assert_string_equal(who(text), "001000");
	memset(text, '@', sizeof(text) - 1);
	assert_string_equal(who(text), "000000");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_full_name_with_its_space),
		cmocka_unit_test(the_longest_name_wins_and_namesakes_are_all_marked),
		cmocka_unit_test(case_insensitive),
		cmocka_unit_test(word_boundaries),
		cmocka_unit_test(nothing_to_mention),
		cmocka_unit_test(empty_and_null_names_never_match),
		cmocka_unit_test(marked_once_and_hits_kept),
		cmocka_unit_test(a_long_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
