/* The proxy's fd map: remote fds are closed exactly when the last local
 * fd naming them goes, whatever mix of dup, fork, exec and exit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "proxy/fdmap.h"

static int released[16];
static unsigned nreleased;

static void on_release(void *ctx, int rfd)
{
	(void)ctx;
	assert_true(nreleased < 16);
	released[nreleased++] = rfd;
}

static struct tbx_fdmap m;

static int setup(void **state)
{
	(void)state;
	nreleased = 0;
	tbx_fdmap_init(&m, on_release, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tbx_fdmap_free(&m);
	return 0;
}

static int get(pid_t tgid, int lfd)
{
	return tbx_fdmap_get(tbx_fdmap_table(&m, tgid), lfd);
}

static void set_close(void **state)
{
	(void)state;
	assert_int_equal(get(10, 3), -1);
	assert_int_equal(tbx_fdmap_set(&m, 10, 3, 7), 0);
	assert_int_equal(get(10, 3), 7);
	assert_int_equal(get(10, 4), -1);
	assert_int_equal(get(11, 3), -1);
	tbx_fdmap_close(&m, 10, 4);		/* not mapped: nothing */
	assert_int_equal(nreleased, 0);
	tbx_fdmap_close(&m, 10, 3);
	assert_int_equal(nreleased, 1);
	assert_int_equal(released[0], 7);
	assert_int_equal(get(10, 3), -1);
	tbx_fdmap_close(&m, 10, 3);		/* twice: once released */
	assert_int_equal(nreleased, 1);
	assert_int_equal(tbx_fdmap_set(&m, 10, -1, 2), -EBADF);
	assert_int_equal(tbx_fdmap_set(&m, 10, 1 << 21, 2), -EBADF);
	assert_int_equal(tbx_fdmap_set(&m, 10, 5000, 2), 0);	/* grows */
	assert_int_equal(get(10, 5000), 2);
}

static void dup_refcounts(void **state)
{
	(void)state;
	assert_int_equal(tbx_fdmap_set(&m, 10, 3, 7), 0);
	assert_int_equal(tbx_fdmap_dup(&m, 10, 3, 4), 0);	/* dup */
	assert_int_equal(get(10, 4), 7);
	tbx_fdmap_close(&m, 10, 3);
	assert_int_equal(nreleased, 0);		/* 4 still names it */
	/* dup2 of an unmapped fd onto a mapped one releases it */
	assert_int_equal(tbx_fdmap_dup(&m, 10, 0, 4), 0);
	assert_int_equal(nreleased, 1);
	assert_int_equal(released[0], 7);
	assert_int_equal(get(10, 4), -1);
	/* dup2 onto a fd mapped to another remote fd */
	assert_int_equal(tbx_fdmap_set(&m, 10, 5, 8), 0);
	assert_int_equal(tbx_fdmap_set(&m, 10, 6, 9), 0);
	assert_int_equal(tbx_fdmap_dup(&m, 10, 5, 6), 0);
	assert_int_equal(nreleased, 2);
	assert_int_equal(released[1], 9);
	assert_int_equal(get(10, 6), 8);
	assert_int_equal(tbx_fdmap_dup(&m, 10, 6, 6), 0);	/* dup2(fd, fd) */
	assert_int_equal(get(10, 6), 8);
	/* set over a mapping releases it */
	assert_int_equal(tbx_fdmap_set(&m, 10, 5, 1), 0);
	assert_int_equal(nreleased, 2);		/* 6 still names 8 */
	tbx_fdmap_close_range(&m, 10, 0, ~0u);
	assert_int_equal(nreleased, 4);
	assert_int_equal(get(10, 5), -1);
	assert_int_equal(get(10, 6), -1);
}

static void close_range_part(void **state)
{
	(void)state;
	for (int i = 3; i < 8; i++)
		assert_int_equal(tbx_fdmap_set(&m, 10, i, i + 100), 0);
	tbx_fdmap_close_range(&m, 10, 4, 6);
	assert_int_equal(nreleased, 3);
	assert_int_equal(get(10, 3), 103);
	assert_int_equal(get(10, 7), 107);
	assert_int_equal(get(10, 5), -1);
}

static void fork_copy_and_share(void **state)
{
	(void)state;
	assert_int_equal(tbx_fdmap_set(&m, 10, 3, 7), 0);
	assert_int_equal(tbx_fdmap_fork(&m, 10, 20, false), 0);	/* fork */
	assert_int_equal(tbx_fdmap_fork(&m, 10, 30, true), 0);	/* CLONE_FILES */
	assert_int_equal(get(20, 3), 7);
	assert_int_equal(get(30, 3), 7);
	tbx_fdmap_close(&m, 10, 3);	/* the parent's table, shared with 30 */
	assert_int_equal(get(30, 3), -1);
	assert_int_equal(get(20, 3), 7);
	assert_int_equal(nreleased, 0);
	assert_int_equal(tbx_fdmap_set(&m, 30, 4, 9), 0);
	assert_int_equal(get(10, 4), 9);
	tbx_fdmap_exit(&m, 30);
	assert_int_equal(get(10, 4), 9);	/* 10 still uses the table */
	tbx_fdmap_exit(&m, 10);
	assert_int_equal(nreleased, 1);
	assert_int_equal(released[0], 9);
	tbx_fdmap_exit(&m, 20);
	assert_int_equal(nreleased, 2);
	assert_int_equal(released[1], 7);
	/* a parent without a table: the child has none */
	assert_int_equal(tbx_fdmap_fork(&m, 40, 41, false), 0);
	assert_null(tbx_fdmap_table(&m, 41));
	assert_true(tbx_fdmap_known(&m, 41));
	assert_false(tbx_fdmap_known(&m, 42));
	assert_int_equal(tbx_fdmap_add(&m, 42), 0);
	assert_true(tbx_fdmap_known(&m, 42));
	assert_null(tbx_fdmap_table(&m, 42));
	assert_int_equal(tbx_fdmap_set(&m, 42, 0, 3), 0);	/* known, then a table */
	assert_int_equal(get(42, 0), 3);
}

static bool odd_alive(void *ctx, pid_t tgid, int lfd)
{
	(void)ctx;
	(void)tgid;
	return lfd % 2;
}

static void exec_prunes(void **state)
{
	(void)state;
	assert_int_equal(tbx_fdmap_set(&m, 10, 3, 7), 0);
	assert_int_equal(tbx_fdmap_set(&m, 10, 4, 8), 0);
	assert_int_equal(tbx_fdmap_fork(&m, 10, 11, true), 0);
	tbx_fdmap_exec(&m, 11, odd_alive, NULL);
	/* 11 has its own table now; 10's is untouched */
	assert_int_equal(get(11, 3), 7);
	assert_int_equal(get(11, 4), -1);
	assert_int_equal(get(10, 4), 8);
	assert_int_equal(nreleased, 0);
	tbx_fdmap_exit(&m, 10);
	assert_int_equal(nreleased, 1);
	assert_int_equal(released[0], 8);
	assert_int_equal(tbx_fdmap_unshare(&m, 11), 0);	/* alone: nothing */
	tbx_fdmap_exit(&m, 11);
	assert_int_equal(nreleased, 2);
	tbx_fdmap_exit(&m, 11);		/* unknown now: nothing */
	assert_int_equal(nreleased, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(set_close, setup, teardown),
		cmocka_unit_test_setup_teardown(dup_refcounts, setup, teardown),
		cmocka_unit_test_setup_teardown(close_range_part, setup, teardown),
		cmocka_unit_test_setup_teardown(fork_copy_and_share, setup, teardown),
		cmocka_unit_test_setup_teardown(exec_prunes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
