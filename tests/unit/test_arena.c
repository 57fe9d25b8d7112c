/* test_arena.c - the request arena: aligned zeroed memory, cleanups, reuse after reset. */
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

#include "core/array.h"
#include "core/arena.h"

/* The arena's own invariants, checked after every operation. */
static void check(const struct arena *a)
{
	assert_int_equal(a->total % 16, 0);
	if (!a->head)
		assert_int_equal(a->total, 0);
}

/* An allocation is 16-byte aligned and n bytes of zeros. */
static void check_fresh(const void *p, size_t n)
{
	const unsigned char *c = p;

	assert_non_null(p);
	assert_int_equal((uintptr_t)p % 16, 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(c[i], 0);
}

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

/* Cleanup order log shared by the cleanup tests. */
static int order[16];
static int norder;

static void record(void *p)
{
	assert_true(norder < 16);
	order[norder++] = *(int *)p;
}

static void test_init_is_empty(void **state)
{
	struct arena a;

	(void)state;
	memset(&a, 0xa5, sizeof(a));
	arena_init(&a);
	check(&a);
	assert_null(a.head);
	assert_null(a.cleanups);
	assert_int_equal(a.total, 0);
	arena_release(&a);
	check(&a);
}

static void test_every_size_is_aligned_and_zeroed(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	for (size_t n = 0; n < 600; n++) {
		unsigned char *p = arena_alloc(&a, n);
		check(&a);
		check_fresh(p, n);
		memset(p, 0xff, n); /* dirty it: the next allocation must not see this */
	}
	arena_release(&a);
	check(&a);
}

static void test_zero_size_gives_distinct_pointers(void **state)
{
	struct arena a;
	void *p, *q;

	(void)state;
	arena_init(&a);
	p = arena_alloc(&a, 0);
	check(&a);
	q = arena_alloc(&a, 0);
	check(&a);
	assert_non_null(p);
	assert_non_null(q);
	assert_ptr_not_equal(p, q);
	arena_release(&a);
	check(&a);
}

static void test_total_counts_rounded_sizes(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	arena_alloc(&a, 1);
	check(&a);
	assert_int_equal(a.total, 16);
	arena_alloc(&a, 16);
	check(&a);
	assert_int_equal(a.total, 32);
	arena_alloc(&a, 17);
	check(&a);
	assert_int_equal(a.total, 64);
	arena_reset(&a);
	check(&a);
	assert_int_equal(a.total, 0);
	arena_release(&a);
	check(&a);
}

static void test_large_allocation(void **state)
{
	static const size_t sizes[] = { 16 * 1024, 16 * 1024 + 1, 64 * 1024,
					64 * 1024 + 1, 100 * 1024, 1024 * 1024 };
	struct arena a;

	(void)state;
	arena_init(&a);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		unsigned char *small = arena_alloc(&a, 10);
		unsigned char *big = arena_alloc(&a, sizes[i]);
		check(&a);
		check_fresh(big, sizes[i]);
		memset(big, 0x5a, sizes[i]); /* all of it is writable (ASan checks) */
		memset(small, 0x11, 10);
		for (size_t k = 0; k < 10; k++)
			assert_int_equal(small[k], 0x11);
		assert_int_equal(big[0], 0x5a);
		assert_int_equal(big[sizes[i] - 1], 0x5a);
	}
	arena_release(&a);
	check(&a);
}

static void test_large_allocation_first(void **state)
{
	struct arena a;
	unsigned char *big, *small;

	(void)state;
	arena_init(&a);
	big = arena_alloc(&a, 200 * 1024);
	check(&a);
	check_fresh(big, 200 * 1024);
	memset(big, 1, 200 * 1024);
	small = arena_alloc(&a, 32);
	check(&a);
	check_fresh(small, 32);
	assert_true(small + 32 <= big || small >= big + 200 * 1024);
	arena_reset(&a);
	check(&a);
	small = arena_alloc(&a, 32);
	check(&a);
	check_fresh(small, 32);
	arena_release(&a);
	check(&a);
}

static void test_large_allocation_keeps_current_block(void **state)
{
	struct arena a;
	char *p = NULL, *q;

	(void)state;
	arena_init(&a);
	arena_alloc(&a, 16);
	for (int i = 0; i < 3; i++)
		p = arena_alloc(&a, 16 * 1024);
	check(&a);
	/* too big for what is left of the block: it gets a block of its own ... */
	check_fresh(arena_alloc(&a, 40 * 1024), 40 * 1024);
	check(&a);
	/* ... and filling goes on where it was, nothing is wasted */
	q = arena_alloc(&a, 16);
	check(&a);
	assert_ptr_equal(q, p + 16 * 1024);
	arena_release(&a);
	check(&a);
}

static void test_many_allocations_across_blocks(void **state)
{
	enum { N = 20000, SZ = 100 };
	struct arena a;
	unsigned char **ptrs = malloc(N * sizeof(*ptrs));

	(void)state;
	assert_non_null(ptrs);
	arena_init(&a);
	for (size_t i = 0; i < N; i++) {
		ptrs[i] = arena_alloc(&a, SZ);
		check(&a);
		check_fresh(ptrs[i], SZ);
		memset(ptrs[i], (int)(i & 0xff), SZ);
	}
	assert_int_equal(a.total, (size_t)N * 112);
	/* no allocation overlaps another */
	for (size_t i = 0; i < N; i++)
		for (size_t k = 0; k < SZ; k++)
			assert_int_equal(ptrs[i][k], i & 0xff);
	arena_release(&a);
	check(&a);
	free(ptrs);
}

static void test_reset_makes_memory_reusable(void **state)
{
	struct arena a;
	unsigned char *p, *q;

	(void)state;
	arena_init(&a);
	p = arena_alloc(&a, 1000);
	memset(p, 0xee, 1000);
	arena_reset(&a);
	check(&a);
	assert_non_null(a.head); /* one block is kept for the next request */
	q = arena_alloc(&a, 1000);
	check(&a);
	assert_ptr_equal(q, p);
	check_fresh(q, 1000); /* zeroed again, not the old bytes */
	arena_release(&a);
	check(&a);
}

static void test_reset_after_many_blocks(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	for (int round = 0; round < 5; round++) {
		for (int i = 0; i < 3000; i++) {
			unsigned char *p = arena_alloc(&a, 200);
			check_fresh(p, 200);
			memset(p, 0x77, 200);
		}
		arena_alloc(&a, 100 * 1024);
		check(&a);
		arena_reset(&a);
		check(&a);
		assert_int_equal(a.total, 0);
		assert_null(a.cleanups);
	}
	arena_release(&a);
	check(&a);
}

static void test_reset_of_fresh_arena(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	arena_reset(&a);
	check(&a);
	assert_null(a.head);
	check_fresh(arena_alloc(&a, 8), 8);
	arena_release(&a);
	check(&a);
}

static void test_release_then_init_again(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	arena_alloc(&a, 100);
	arena_release(&a);
	check(&a);
	assert_null(a.head);
	assert_null(a.cleanups);
	arena_init(&a);
	check_fresh(arena_alloc(&a, 100), 100);
	arena_release(&a);
	check(&a);
}

static void test_calloc_zeroed(void **state)
{
	struct arena a;
	long long *v;

	(void)state;
	arena_init(&a);
	v = arena_calloc(&a, 100, sizeof(*v));
	check(&a);
	check_fresh(v, 100 * sizeof(*v));
	v[99] = 1;
	assert_true(a.total >= 100 * sizeof(*v));
	arena_release(&a);
	check(&a);
}

static void calloc_overflow(void)
{
	struct arena a;

	arena_init(&a);
	arena_calloc(&a, SIZE_MAX / 2 + 2, 2);
}

static void test_calloc_overflow_aborts(void **state)
{
	(void)state;
	assert_true(aborts(calloc_overflow));
}

static void alloc_huge(void)
{
	struct arena a;

	arena_init(&a);
	arena_alloc(&a, SIZE_MAX - 3);
}

static void test_alloc_size_overflow_aborts(void **state)
{
	(void)state;
	assert_true(aborts(alloc_huge));
}

static void test_strdup_copies(void **state)
{
	struct arena a;
	char src[] = "hello";
	char *p;

	(void)state;
	arena_init(&a);
	p = arena_strdup(&a, src);
	check(&a);
	assert_ptr_not_equal(p, src);
	assert_int_equal((uintptr_t)p % 16, 0);
	src[0] = 'j';
	assert_string_equal(p, "hello");
	arena_release(&a);
	check(&a);
}

static void test_strdup_null_is_null(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_null(arena_strdup(&a, NULL));
	assert_null(arena_strndup(&a, NULL, 5));
	check(&a);
	assert_int_equal(a.total, 0);
	arena_release(&a);
	check(&a);
}

static void test_strndup_truncates_and_terminates(void **state)
{
	struct arena a;
	char *p;

	(void)state;
	arena_init(&a);
	p = arena_strndup(&a, "abcdef", 3);
	check(&a);
	assert_string_equal(p, "abc");
	p = arena_strndup(&a, "abcdef", 0);
	check(&a);
	assert_string_equal(p, "");
	arena_release(&a);
	check(&a);
}

static void test_strndup_copies_exactly_n_bytes(void **state)
{
	struct arena a;
	char *src = malloc(4); /* no terminator: strndup must not read past n */
	char *p;

	(void)state;
	assert_non_null(src);
	memcpy(src, "a\0bc", 4);
	arena_init(&a);
	p = arena_strndup(&a, src, 4);
	check(&a);
	assert_memory_equal(p, "a\0bc", 4);
	assert_int_equal(p[4], '\0');
	arena_release(&a);
	check(&a);
	free(src);
}

static void test_printf_formats(void **state)
{
	struct arena a;
	char *p;

	(void)state;
	arena_init(&a);
	p = arena_printf(&a, "%s=%lld (%zu)", "n", -12LL, (size_t)7);
	check(&a);
	assert_string_equal(p, "n=-12 (7)");
	assert_int_equal((uintptr_t)p % 16, 0);
	p = arena_printf(&a, "%s", "");
	check(&a);
	assert_string_equal(p, "");
	arena_release(&a);
	check(&a);
}

static void test_printf_long_output(void **state)
{
	struct arena a;
	char *p;

	(void)state;
	arena_init(&a);
	p = arena_printf(&a, "[%0*d]", 70000, 5);
	check(&a);
	assert_int_equal(strlen(p), 70002);
	assert_int_equal(p[0], '[');
	assert_int_equal(p[1], '0');
	assert_int_equal(p[70000], '5');
	assert_int_equal(p[70001], ']');
	arena_release(&a);
	check(&a);
}

static void test_cleanups_run_in_reverse_on_reset(void **state)
{
	struct arena a;
	int one = 1, two = 2, three = 3;

	(void)state;
	norder = 0;
	arena_init(&a);
	arena_on_reset(&a, record, &one);
	check(&a);
	arena_on_reset(&a, record, &two);
	check(&a);
	arena_on_reset(&a, record, &three);
	check(&a);
	assert_int_equal(norder, 0); /* nothing runs before the reset */
	arena_reset(&a);
	check(&a);
	assert_null(a.cleanups);
	assert_int_equal(norder, 3);
	assert_int_equal(order[0], 3);
	assert_int_equal(order[1], 2);
	assert_int_equal(order[2], 1);
	arena_release(&a);
	check(&a);
}

static void test_cleanups_run_once(void **state)
{
	struct arena a;
	int one = 1;

	(void)state;
	norder = 0;
	arena_init(&a);
	arena_on_reset(&a, record, &one);
	arena_reset(&a);
	check(&a);
	arena_reset(&a);
	check(&a);
	arena_release(&a);
	check(&a);
	assert_int_equal(norder, 1);
}

static void test_cleanups_run_in_reverse_on_release(void **state)
{
	struct arena a;
	int one = 1, two = 2;

	(void)state;
	norder = 0;
	arena_init(&a);
	arena_on_reset(&a, record, &one);
	arena_on_reset(&a, record, &two);
	arena_release(&a);
	check(&a);
	assert_int_equal(norder, 2);
	assert_int_equal(order[0], 2);
	assert_int_equal(order[1], 1);
}

static void test_cleanup_after_reset_waits_for_next_reset(void **state)
{
	struct arena a;
	int one = 1, two = 2;

	(void)state;
	norder = 0;
	arena_init(&a);
	arena_on_reset(&a, record, &one);
	arena_reset(&a);
	check(&a);
	arena_on_reset(&a, record, &two);
	check(&a);
	assert_int_equal(norder, 1);
	arena_reset(&a);
	check(&a);
	assert_int_equal(norder, 2);
	assert_int_equal(order[0], 1);
	assert_int_equal(order[1], 2);
	arena_release(&a);
	check(&a);
	assert_int_equal(norder, 2);
}

static void test_cleanups_registered_across_blocks(void **state)
{
	struct arena a;
	int ids[8];

	(void)state;
	norder = 0;
	arena_init(&a);
	for (int i = 0; i < 8; i++) {
		ids[i] = i;
		arena_on_reset(&a, record, &ids[i]);
		/* fill a block's worth between registrations */
		for (int k = 0; k < 50; k++)
			arena_alloc(&a, 1500);
		arena_alloc(&a, 30 * 1024);
		check(&a);
	}
	arena_reset(&a);
	check(&a);
	assert_int_equal(norder, 8);
	for (int i = 0; i < 8; i++)
		assert_int_equal(order[i], 7 - i);
	arena_release(&a);
	check(&a);
}

static void free_it(void *p)
{
	free(p);
}

static void test_cleanup_frees_foreign_memory(void **state)
{
	struct arena a;
	char *m = malloc(100);

	(void)state;
	assert_non_null(m);
	arena_init(&a);
	arena_on_reset(&a, free_it, m); /* LeakSanitizer fails the run if it is not freed */
	arena_reset(&a);
	check(&a);
	arena_release(&a);
	check(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_is_empty),
		cmocka_unit_test(test_every_size_is_aligned_and_zeroed),
		cmocka_unit_test(test_zero_size_gives_distinct_pointers),
		cmocka_unit_test(test_total_counts_rounded_sizes),
		cmocka_unit_test(test_large_allocation),
		cmocka_unit_test(test_large_allocation_first),
		cmocka_unit_test(test_large_allocation_keeps_current_block),
		cmocka_unit_test(test_many_allocations_across_blocks),
		cmocka_unit_test(test_reset_makes_memory_reusable),
		cmocka_unit_test(test_reset_after_many_blocks),
		cmocka_unit_test(test_reset_of_fresh_arena),
		cmocka_unit_test(test_release_then_init_again),
		cmocka_unit_test(test_calloc_zeroed),
		cmocka_unit_test(test_calloc_overflow_aborts),
		cmocka_unit_test(test_alloc_size_overflow_aborts),
		cmocka_unit_test(test_strdup_copies),
		cmocka_unit_test(test_strdup_null_is_null),
		cmocka_unit_test(test_strndup_truncates_and_terminates),
		cmocka_unit_test(test_strndup_copies_exactly_n_bytes),
		cmocka_unit_test(test_printf_formats),
		cmocka_unit_test(test_printf_long_output),
		cmocka_unit_test(test_cleanups_run_in_reverse_on_reset),
		cmocka_unit_test(test_cleanups_run_once),
		cmocka_unit_test(test_cleanups_run_in_reverse_on_release),
		cmocka_unit_test(test_cleanup_after_reset_waits_for_next_reset),
		cmocka_unit_test(test_cleanups_registered_across_blocks),
		cmocka_unit_test(test_cleanup_frees_foreign_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
