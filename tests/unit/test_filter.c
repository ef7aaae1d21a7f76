/* The seccomp filter for -e trace=, tested as libseccomp tests its own:
 * the generated classic BPF runs in a small simulator over seccomp_data
 * inputs and the verdicts are checked. No process is traced. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <cmocka.h>
#include "engine/engine.h"
#include "bpf_sim.h"

#define X32_BIT 0x40000000u

static uint32_t verdict(const struct sock_fprog *p, uint32_t arch, uint32_t nr)
{
	struct seccomp_data sd = {
		.nr = (int)nr, .arch = arch, .instruction_pointer = 0x401000,
		.args = { 1, 2, 3, 4, 5, 6 },
	};

	return bpf_run(p, &sd);
}

static struct sock_fprog *build(const uint8_t *set)
{
	void *p = NULL;
	int e = tbx_filter_trace_build(set, tbx_syscall_count(), &p);

	if (e)
		fail_msg("tbx_filter_trace_build: %d", e);
	assert_non_null(p);
	assert_true(((struct sock_fprog *)p)->len > 0);
	assert_true(((struct sock_fprog *)p)->len <= BPF_MAXINSNS);
	return p;
}

static uint8_t *set_of(const char *expr)
{
	uint8_t *set = malloc((tbx_syscall_count() + 7) / 8);

	assert_non_null(set);
	assert_int_equal(tbx_syscall_set_parse(expr, set, NULL), 0);
	return set;
}

#define TRACE SECCOMP_RET_TRACE
#define ALLOW SECCOMP_RET_ALLOW

static void test_openat_close(void **state)
{
	uint8_t *set = set_of("openat,close");
	struct sock_fprog *p = build(set);

	(void)state;
	assert_int_equal(verdict(p, AUDIT_ARCH_X86_64, 257), TRACE);
	assert_int_equal(verdict(p, AUDIT_ARCH_X86_64, 3), TRACE);
	assert_int_equal(verdict(p, AUDIT_ARCH_X86_64, 0), ALLOW);
	assert_int_equal(verdict(p, AUDIT_ARCH_X86_64, 1), ALLOW);
	assert_int_equal(verdict(p, AUDIT_ARCH_X86_64, 2), ALLOW);	/* open */
	assert_int_equal(verdict(p, AUDIT_ARCH_X86_64, 256), ALLOW);
	assert_int_equal(verdict(p, AUDIT_ARCH_X86_64, 258), ALLOW);
	assert_int_equal(verdict(p, AUDIT_ARCH_X86_64, 462), ALLOW);
	assert_int_equal(verdict(p, AUDIT_ARCH_X86_64, 100000), ALLOW);
	/* i386 (int $0x80): every call stops, whatever its number */
	for (uint32_t nr = 0; nr < 500; nr++)
		assert_int_equal(verdict(p, AUDIT_ARCH_I386, nr), TRACE);
	/* x32 calls: the x32 bit on an x86_64 arch stops too */
	assert_int_equal(verdict(p, AUDIT_ARCH_X86_64, X32_BIT | 257), TRACE);
	assert_int_equal(verdict(p, AUDIT_ARCH_X86_64, X32_BIT | 0), TRACE);
	assert_int_equal(verdict(p, AUDIT_ARCH_X86_64, X32_BIT | 1), TRACE);
	assert_int_equal(verdict(p, AUDIT_ARCH_X86_64, X32_BIT | 512), TRACE);
	/* any other arch value */
	assert_int_equal(verdict(p, AUDIT_ARCH_AARCH64, 257), TRACE);
	assert_int_equal(verdict(p, 0, 0), TRACE);
	tbx_filter_free(p);
	free(set);
}

static void test_empty_and_full(void **state)
{
	uint8_t *set = set_of("none");
	struct sock_fprog *p = build(set);
	unsigned n = tbx_syscall_count();

	(void)state;
	for (uint32_t nr = 0; nr < n; nr++)
		assert_int_equal(verdict(p, AUDIT_ARCH_X86_64, nr), ALLOW);
	assert_int_equal(verdict(p, AUDIT_ARCH_I386, 5), TRACE);
	assert_int_equal(verdict(p, AUDIT_ARCH_X86_64, X32_BIT | 5), TRACE);
	tbx_filter_free(p);
	free(set);

	set = set_of("all");
	p = build(set);
	for (uint32_t nr = 0; nr < n; nr++)
		if (tbx_syscall_name(TBX_ARCH_X86_64, nr))
			assert_int_equal(verdict(p, AUDIT_ARCH_X86_64, nr), TRACE);
	assert_int_equal(verdict(p, AUDIT_ARCH_I386, 5), TRACE);
	tbx_filter_free(p);
	free(set);
}

/* Random sets: each native call stops exactly when it is in the set. */
static void test_random_sets(void **state)
{
	unsigned n = tbx_syscall_count(), seed = 4242;
	uint8_t *set = calloc((n + 7) / 8, 1);

	(void)state;
	assert_non_null(set);
	for (int round = 0; round < 30; round++) {
		struct sock_fprog *p;
		unsigned density = 1 + (unsigned)rand_r(&seed) % 8;	/* 1/density */

		memset(set, 0, (n + 7) / 8);
		for (unsigned nr = 0; nr < n; nr++)
			if (tbx_syscall_name(TBX_ARCH_X86_64, nr) && rand_r(&seed) % density == 0)
				set[nr / 8] |= (uint8_t)(1u << (nr % 8));
		p = build(set);
		for (uint32_t nr = 0; nr < n; nr++) {
			uint32_t want = set[nr / 8] & (1u << (nr % 8)) ? TRACE : ALLOW;
			uint32_t got = verdict(p, AUDIT_ARCH_X86_64, nr);
			if (got != want)
				fail_msg("round %d nr %u: %#x, want %#x", round, nr, got, want);
		}
		assert_int_equal(verdict(p, AUDIT_ARCH_I386, (uint32_t)rand_r(&seed) % 500), TRACE);
		assert_int_equal(verdict(p, AUDIT_ARCH_X86_64, X32_BIT | 2), TRACE);
		tbx_filter_free(p);
	}
	free(set);
}

static void test_free_null(void **state)
{
	(void)state;
	tbx_filter_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openat_close),
		cmocka_unit_test(test_empty_and_full),
		cmocka_unit_test(test_random_sets),
		cmocka_unit_test(test_free_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
