/* test_buf.c - the growable buffer: its written invariants hold after every call. */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/buf.h"

/* The invariants of buf.h, checked after every operation (as git's strbuf tests do). */
static void check(const struct buf *b)
{
	assert_non_null(b->data);
	assert_int_equal(b->data[b->len], '\0');
	if (b->cap) {
		assert_true(b->len < b->cap);
		assert_ptr_not_equal(b->data, buf_empty);
	} else {
		assert_ptr_equal(b->data, buf_empty);
		assert_int_equal(b->len, 0);
	}
	/* nobody ever writes into the shared empty string */
	assert_int_equal(buf_empty[0], '\0');
}

/* Run fn in a child and report whether it died of SIGABRT (silencing its stderr). */
static int aborts(void (*fn)(void))
{
	pid_t pid;
	int st;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			dup2(fd, 2);
		signal(SIGABRT, SIG_DFL);
		fn();
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT;
}

static void test_init_macro_is_empty(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	check(&b);
	assert_int_equal(b.cap, 0);
	assert_string_equal(b.data, "");
}

static void test_init_without_hint_allocates_nothing(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	check(&b);
	assert_int_equal(b.cap, 0);
	buf_release(&b);
	check(&b);
}

static void test_init_with_hint_reserves_room(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 1000);
	check(&b);
	assert_true(b.cap >= 1001);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_release(&b);
	check(&b);
}

static void test_add_one_byte_at_a_time(void **state)
{
	struct buf b = BUF_INIT;
	char *want = malloc(5001);

	(void)state;
	assert_non_null(want);
	for (size_t i = 0; i < 5000; i++) {
		char c = (char)('a' + i % 26);
		buf_add(&b, &c, 1);
		want[i] = c;
		check(&b);
		assert_int_equal(b.len, i + 1);
		assert_memory_equal(b.data, want, i + 1);
	}
	buf_release(&b);
	check(&b);
	free(want);
}

static void test_add_chunks_of_every_size(void **state)
{
	struct buf b = BUF_INIT;
	char chunk[400];
	size_t total = 0;

	(void)state;
	for (size_t n = 1; n < sizeof(chunk); n++) {
		memset(chunk, (int)('A' + n % 26), n);
		buf_add(&b, chunk, n);
		check(&b);
		assert_memory_equal(b.data + total, chunk, n);
		total += n;
		assert_int_equal(b.len, total);
	}
	/* earlier chunks survive every realloc */
	total = 0;
	for (size_t n = 1; n < sizeof(chunk); n++) {
		for (size_t k = 0; k < n; k++)
			assert_int_equal(b.data[total + k], 'A' + n % 26);
		total += n;
	}
	buf_release(&b);
	check(&b);
}

static void test_add_nothing_keeps_empty_buffer(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_add(&b, "x", 0);
	check(&b);
	assert_int_equal(b.cap, 0);
	buf_adds(&b, "");
	check(&b);
	assert_int_equal(b.cap, 0);
}

static void test_adds_appends_string(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_adds(&b, "hello");
	check(&b);
	buf_adds(&b, ", world");
	check(&b);
	assert_string_equal(b.data, "hello, world");
	assert_int_equal(b.len, 12);
	buf_release(&b);
	check(&b);
}

static void test_addch_appends_bytes(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	for (int i = 0; i < 300; i++) {
		buf_addch(&b, '0' + i % 10);
		check(&b);
		assert_int_equal(b.len, (size_t)i + 1);
		assert_int_equal(b.data[i], '0' + i % 10);
	}
	buf_release(&b);
	check(&b);
}

static void test_binary_data_with_nuls(void **state)
{
	static const char bin[] = { 'a', '\0', 'b', '\0', '\0', (char)0xff, 'c' };
	struct buf b = BUF_INIT;

	(void)state;
	buf_add(&b, bin, sizeof(bin));
	check(&b);
	assert_int_equal(b.len, sizeof(bin));
	assert_memory_equal(b.data, bin, sizeof(bin));
	buf_addch(&b, '\0');
	check(&b);
	assert_int_equal(b.len, sizeof(bin) + 1);
	buf_adds(&b, "z");
	check(&b);
	assert_int_equal(b.len, sizeof(bin) + 2);
	assert_memory_equal(b.data, bin, sizeof(bin));
	assert_int_equal(b.data[sizeof(bin)], '\0');
	assert_int_equal(b.data[sizeof(bin) + 1], 'z');
	buf_release(&b);
	check(&b);
}

static void test_addf_formats(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_addf(&b, "%d-%s-%03d", 42, "x", 7);
	check(&b);
	assert_string_equal(b.data, "42-x-007");
	assert_int_equal(b.len, 8);
	buf_addf(&b, "|%lld", -1LL);
	check(&b);
	assert_string_equal(b.data, "42-x-007|-1");
	buf_release(&b);
	check(&b);
}

static void test_addf_empty_output(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_addf(&b, "%s", "");
	check(&b);
	assert_int_equal(b.len, 0);
	buf_adds(&b, "ab");
	buf_addf(&b, "%s", "");
	check(&b);
	assert_string_equal(b.data, "ab");
	buf_release(&b);
	check(&b);
}

static void test_addf_long_output(void **state)
{
	struct buf b = BUF_INIT;
	char *big = malloc(20001);

	(void)state;
	assert_non_null(big);
	memset(big, 'q', 20000);
	big[20000] = '\0';
	buf_adds(&b, "<");
	buf_addf(&b, "%s>%0*d", big, 5000, 9);
	check(&b);
	assert_int_equal(b.len, 1 + 20000 + 1 + 5000);
	assert_int_equal(b.data[0], '<');
	assert_memory_equal(b.data + 1, big, 20000);
	assert_int_equal(b.data[20001], '>');
	for (size_t i = 20002; i < b.len - 1; i++)
		assert_int_equal(b.data[i], '0');
	assert_int_equal(b.data[b.len - 1], '9');
	buf_release(&b);
	check(&b);
	free(big);
}

static void test_addf_at_every_boundary(void **state)
{
	/* output that exactly fits, fills, or overflows the remaining room */
	(void)state;
	for (size_t pre = 0; pre < 140; pre++) {
		for (int n = 0; n < 6; n++) {
			struct buf b = BUF_INIT;
			size_t cap;

			for (size_t i = 0; i < pre; i++)
				buf_addch(&b, 'p');
			check(&b);
			cap = b.cap;
			buf_addf(&b, "%.*s", n, "XYZWV");
			check(&b);
			assert_int_equal(b.len, pre + (size_t)n);
			assert_memory_equal(b.data + pre, "XYZWV", (size_t)n);
			if (pre + (size_t)n < cap)
				assert_int_equal(b.cap, cap);
			buf_release(&b);
			check(&b);
		}
	}
}

static void test_setlen_shortens(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_adds(&b, "abcdef");
	buf_setlen(&b, 3);
	check(&b);
	assert_string_equal(b.data, "abc");
	assert_int_equal(b.len, 3);
	buf_adds(&b, "xy");
	check(&b);
	assert_string_equal(b.data, "abcxy");
	buf_release(&b);
	check(&b);
}

static void test_setlen_never_lengthens(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_adds(&b, "abc");
	buf_setlen(&b, 10);
	check(&b);
	assert_int_equal(b.len, 3);
	assert_string_equal(b.data, "abc");
	buf_release(&b);
	check(&b);
}

static void test_setlen_on_empty_buffer(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_setlen(&b, 0);
	check(&b);
	buf_reset(&b);
	check(&b);
	assert_int_equal(b.cap, 0);
}

static void test_reset_keeps_memory(void **state)
{
	struct buf b = BUF_INIT;
	size_t cap;

	(void)state;
	buf_adds(&b, "some text here");
	cap = b.cap;
	buf_reset(&b);
	check(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, cap);
	assert_string_equal(b.data, "");
	buf_adds(&b, "new");
	check(&b);
	assert_string_equal(b.data, "new");
	buf_release(&b);
	check(&b);
}

static void test_grow_reserves_without_moving(void **state)
{
	struct buf b = BUF_INIT;
	char *p;
	char chunk[1000];

	(void)state;
	buf_adds(&b, "x");
	buf_grow(&b, 1000);
	check(&b);
	assert_true(b.cap >= 1 + 1000 + 1);
	assert_int_equal(b.len, 1);
	p = b.data;
	memset(chunk, 'y', sizeof(chunk));
	buf_add(&b, chunk, sizeof(chunk));
	check(&b);
	assert_ptr_equal(b.data, p);
	buf_release(&b);
	check(&b);
}

static void grow_overflow(void)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "abc");
	buf_grow(&b, SIZE_MAX - 2);
}

static void test_grow_overflow_aborts(void **state)
{
	(void)state;
	assert_true(aborts(grow_overflow));
}

static void add_overflow(void)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "a");
	buf_add(&b, "b", SIZE_MAX);
}

static void test_add_overflow_aborts(void **state)
{
	(void)state;
	assert_true(aborts(add_overflow));
}

static void test_detach_hands_over_contents(void **state)
{
	struct buf b = BUF_INIT;
	size_t len = 99;
	char *p;

	(void)state;
	buf_adds(&b, "owned");
	p = buf_detach(&b, &len);
	check(&b);
	assert_int_equal(b.cap, 0);
	assert_int_equal(len, 5);
	assert_string_equal(p, "owned");
	/* the buffer is usable again and does not share p */
	buf_adds(&b, "other");
	check(&b);
	assert_ptr_not_equal(b.data, p);
	assert_string_equal(p, "owned");
	free(p);
	buf_release(&b);
	check(&b);
}

static void test_detach_empty_gives_freeable_string(void **state)
{
	struct buf b = BUF_INIT;
	size_t len = 99;
	char *p;

	(void)state;
	p = buf_detach(&b, &len);
	check(&b);
	assert_non_null(p);
	assert_ptr_not_equal(p, buf_empty);
	assert_int_equal(len, 0);
	assert_string_equal(p, "");
	free(p);
}

static void test_detach_without_len(void **state)
{
	struct buf b = BUF_INIT;
	char *p;

	(void)state;
	buf_add(&b, "a\0b", 3);
	p = buf_detach(&b, NULL);
	check(&b);
	assert_memory_equal(p, "a\0b", 4);
	free(p);
}

static void test_release_twice_is_safe(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_adds(&b, "x");
	buf_release(&b);
	check(&b);
	buf_release(&b);
	check(&b);
	buf_adds(&b, "again");
	check(&b);
	assert_string_equal(b.data, "again");
	buf_release(&b);
	check(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_macro_is_empty),
		cmocka_unit_test(test_init_without_hint_allocates_nothing),
		cmocka_unit_test(test_init_with_hint_reserves_room),
		cmocka_unit_test(test_add_one_byte_at_a_time),
		cmocka_unit_test(test_add_chunks_of_every_size),
		cmocka_unit_test(test_add_nothing_keeps_empty_buffer),
		cmocka_unit_test(test_adds_appends_string),
		cmocka_unit_test(test_addch_appends_bytes),
		cmocka_unit_test(test_binary_data_with_nuls),
		cmocka_unit_test(test_addf_formats),
		cmocka_unit_test(test_addf_empty_output),
		cmocka_unit_test(test_addf_long_output),
		cmocka_unit_test(test_addf_at_every_boundary),
		cmocka_unit_test(test_setlen_shortens),
		cmocka_unit_test(test_setlen_never_lengthens),
		cmocka_unit_test(test_setlen_on_empty_buffer),
		cmocka_unit_test(test_reset_keeps_memory),
		cmocka_unit_test(test_grow_reserves_without_moving),
		cmocka_unit_test(test_grow_overflow_aborts),
		cmocka_unit_test(test_add_overflow_aborts),
		cmocka_unit_test(test_detach_hands_over_contents),
		cmocka_unit_test(test_detach_empty_gives_freeable_string),
		cmocka_unit_test(test_detach_without_len),
		cmocka_unit_test(test_release_twice_is_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
