/* libyara and Hyperscan are loaded when the first scanner is made, not
 * when tracebox starts: mapping and relocating them (and libcrypto,
 * libstdc++ behind them) costs every run about 4 ms, which a sandboxed or
 * traced short command would pay for nothing. Include after <hs/hs.h> and
 * <yara.h>: calls keep their names and go through the table. */
#ifndef TBX_SCAN_DL_H
#define TBX_SCAN_DL_H
#include <stddef.h>
#include <hs/hs.h>
#include <yara.h>

#define TBX_HS_FUNCS(X)							\
	X(hs_alloc_scratch) X(hs_compile_multi) X(hs_expression_info)	\
	X(hs_free_compile_error) X(hs_free_database) X(hs_free_scratch)	\
	X(hs_scan)
#define TBX_YARA_FUNCS(X)						\
	X(yr_compiler_add_file) X(yr_compiler_create)			\
	X(yr_compiler_define_boolean_variable)				\
	X(yr_compiler_define_float_variable)				\
	X(yr_compiler_define_integer_variable)				\
	X(yr_compiler_define_string_variable) X(yr_compiler_destroy)	\
	X(yr_compiler_get_rules) X(yr_compiler_set_callback)		\
	X(yr_finalize) X(yr_initialize) X(yr_rules_destroy)		\
	X(yr_scanner_create) X(yr_scanner_destroy)			\
	X(yr_scanner_scan_mem_blocks) X(yr_scanner_set_callback)	\
	X(yr_scanner_set_flags) X(yr_scanner_set_timeout)

struct tbx_scan_libs {
#define X(f) __typeof__(&f) f;
	TBX_HS_FUNCS(X)
	TBX_YARA_FUNCS(X)
#undef X
};

extern struct tbx_scan_libs tbx_scan_libs;
/* Load both libraries (once): 0, or -ENOSYS with the reason in err. */
int tbx_scan_libs_load(char *err, size_t errlen);

#ifndef TBX_SCAN_DL_IMPL
#define hs_alloc_scratch (tbx_scan_libs.hs_alloc_scratch)
#define hs_compile_multi (tbx_scan_libs.hs_compile_multi)
#define hs_expression_info (tbx_scan_libs.hs_expression_info)
#define hs_free_compile_error (tbx_scan_libs.hs_free_compile_error)
#define hs_free_database (tbx_scan_libs.hs_free_database)
#define hs_free_scratch (tbx_scan_libs.hs_free_scratch)
#define hs_scan (tbx_scan_libs.hs_scan)
#define yr_compiler_add_file (tbx_scan_libs.yr_compiler_add_file)
#define yr_compiler_create (tbx_scan_libs.yr_compiler_create)
#define yr_compiler_define_boolean_variable (tbx_scan_libs.yr_compiler_define_boolean_variable)
#define yr_compiler_define_float_variable (tbx_scan_libs.yr_compiler_define_float_variable)
#define yr_compiler_define_integer_variable (tbx_scan_libs.yr_compiler_define_integer_variable)
#define yr_compiler_define_string_variable (tbx_scan_libs.yr_compiler_define_string_variable)
#define yr_compiler_destroy (tbx_scan_libs.yr_compiler_destroy)
#define yr_compiler_get_rules (tbx_scan_libs.yr_compiler_get_rules)
#define yr_compiler_set_callback (tbx_scan_libs.yr_compiler_set_callback)
#define yr_finalize (tbx_scan_libs.yr_finalize)
#define yr_initialize (tbx_scan_libs.yr_initialize)
#define yr_rules_destroy (tbx_scan_libs.yr_rules_destroy)
#define yr_scanner_create (tbx_scan_libs.yr_scanner_create)
#define yr_scanner_destroy (tbx_scan_libs.yr_scanner_destroy)
#define yr_scanner_scan_mem_blocks (tbx_scan_libs.yr_scanner_scan_mem_blocks)
#define yr_scanner_set_callback (tbx_scan_libs.yr_scanner_set_callback)
#define yr_scanner_set_flags (tbx_scan_libs.yr_scanner_set_flags)
#define yr_scanner_set_timeout (tbx_scan_libs.yr_scanner_set_timeout)
#endif
#endif
