/* C++ symbol names for -k, demangled as strace -k prints them. */
#ifndef TBX_STACK_DEMANGLE_H
#define TBX_STACK_DEMANGLE_H
#include <stdbool.h>

struct tbx_demangler;

/* NULL when out of memory. */
struct tbx_demangler *tbx_demangler_new(void);
/* name readable ("ns::K::f(int)") if it is a mangled C++ name
 * ("_ZN2ns1K1fEi"), else name itself (a C name, or when libstdc++ cannot
 * be loaded or the name not demangled). The string returned is owned by
 * d, valid until tbx_demangler_trim() or tbx_demangler_free(). */
const char *tbx_demangle(struct tbx_demangler *d, const char *name);
/* Between two stack traces: bounds the memory kept for names. true when
 * the names handed out so far were dropped. */
bool tbx_demangler_trim(struct tbx_demangler *d);
void tbx_demangler_free(struct tbx_demangler *d);

#endif
