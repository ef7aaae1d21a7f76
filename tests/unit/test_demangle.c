/* C++ names for -k (lib/stack/demangle.c): what is demangled, what is
 * left alone, and that the cache gives each name back unchanged however
 * many names it holds. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <cmocka.h>
#include "stack/demangle.h"

static void test_names(void **state)
{
	struct tbx_demangler *d = tbx_demangler_new();
	static const char c_name[] = "level2", bad[] = "_Znot_a_name";

	(void)state;
	assert_non_null(d);
	/* not mangled, or not a valid mangling: the name itself */
	assert_ptr_equal(tbx_demangle(d, c_name), c_name);
	assert_null(tbx_demangle(d, NULL));
	assert_string_equal(tbx_demangle(d, bad), bad);
	assert_string_equal(tbx_demangle(d, "_ZN2ns1K1fEi"), "ns::K::f(int)");
	assert_string_equal(tbx_demangle(d, "_ZNK2ns1K1fEd"), "ns::K::f(double) const");
	assert_string_equal(tbx_demangle(d, "_ZN2ns1gIcEEiT_"), "int ns::g<char>(char)");
	assert_string_equal(tbx_demangle(d, "_ZN2ns1K1fEi.cold"),
			    "ns::K::f(int) [clone .cold]");
	/* cached: the same string again */
	assert_ptr_equal(tbx_demangle(d, "_ZN2ns1K1fEi"), tbx_demangle(d, "_ZN2ns1K1fEi"));
	tbx_demangler_trim(d);	/* nearly empty: nothing dropped */
	assert_string_equal(tbx_demangle(d, "_ZN2ns1K1fEi"), "ns::K::f(int)");
	tbx_demangler_free(d);
	tbx_demangler_free(NULL);
	assert_ptr_equal(tbx_demangle(NULL, "_ZN2ns1K1fEi"), "_ZN2ns1K1fEi");
}

/* _Z1fILi0EEvv is void f<0>(): enough names to grow the table a few
 * times, each found again with its own text */
static void test_many(void **state)
{
	struct tbx_demangler *d = tbx_demangler_new();
	char m[64], want[64];

	(void)state;
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 5000; i++) {
			snprintf(m, sizeof(m), "_Z1fILi%dEEvv", i);
			snprintf(want, sizeof(want), "void f<%d>()", i);
			assert_string_equal(tbx_demangle(d, m), want);
		}
	}
	tbx_demangler_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
