/* Value sequences built with the dv_* functions, rendered as strace text
 * and as JSON: exact output. Memory is read from this process itself
 * (tbx_umove on our own pid). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>
#include "decode/decode.h"
#include "output/output.h"

struct fix {
	struct tbx_vbuf vb;
	struct tbx_dctx d;
	struct tbx_sbuf out;
};

static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->d.tid = getpid();
	f->d.arch = TBX_ARCH_X86_64;
	f->d.strsize = 32;
	f->d.vb = &f->vb;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;

	tbx_decode_free(&f->vb);
	sb_free(&f->out);
	free(f);
	return 0;
}

/* Text of values [from, to); the previous result is freed. */
static const char *text_range(struct fix *f, unsigned from, unsigned to, bool sep)
{
	sb_free(&f->out);
	memset(&f->out, 0, sizeof(f->out));
	tbx_render_text(&f->out, f->vb.v, from, to, f->vb.data, sep, 0);
	assert_false(f->out.oom);
	assert_false(f->vb.oom);
	return f->out.p ? f->out.p : "";
}

static const char *text(struct fix *f)
{
	return text_range(f, 0, f->vb.n, false);
}

/* JSON of all values; also checks that it parses. */
static const char *json(struct fix *f)
{
	json_error_t err;
	json_t *j;

	sb_free(&f->out);
	memset(&f->out, 0, sizeof(f->out));
	tbx_render_json(&f->out, f->vb.v, 0, f->vb.n, f->vb.data, false);
	assert_false(f->out.oom);
	j = json_loads(f->out.p, JSON_ALLOW_NUL, &err);
	if (!j)
		fail_msg("JSON does not parse: %s (%s)", f->out.p, err.text);
	assert_true(json_is_array(j));
	json_decref(j);
	return f->out.p;
}

static void reset(struct fix *f)
{
	tbx_decode_reset(&f->vb);
}

static void test_scalars(void **state)
{
	struct fix *f = *state;
	struct tbx_dctx *d = &f->d;

	dv_int(d, -1);
	dv_int(d, 42);
	dv_uint(d, UINT32_MAX);
	dv_hex(d, 0);
	dv_hex(d, 0x1000);
	dv_oct(d, 0644);
	dv_oct(d, 0);
	dv_ptr(d, 0);
	dv_ptr(d, 0x7ffd1234);
	dv_name(d, "AT_FDCWD", (uint64_t)-100);
	dv_raw(d, "%s=%d", "x", 5);
	assert_int_equal(f->vb.top, 11);
	assert_int_equal(f->vb.n, 11);
	assert_string_equal(text(f), "-1, 42, 4294967295, 0, 0x1000, 0644, 000, "
			    "NULL, 0x7ffd1234, AT_FDCWD, x=5");
	assert_string_equal(json(f), "[-1,42,4294967295,0,4096,420,0,"
			    "null,\"0x7ffd1234\",\"AT_FDCWD\",\"x=5\"]");
	reset(f);
	dv_uint(d, UINT64_MAX);
	dv_int(d, INT64_MIN);
	dv_hex(d, UINT64_MAX);
	assert_string_equal(text(f), "18446744073709551615, -9223372036854775808, 0xffffffffffffffff");
}

static void test_buf_and_str(void **state)
{
	struct fix *f = *state;
	struct tbx_dctx *d = &f->d;
	static const char data[] = "abcdefgh\n\0tail";
	static const char word[] = "hello world";

	d->strsize = 4;
	dv_buf(d, (uintptr_t)data, 8);		/* longer than -s: "..." */
	dv_buf(d, (uintptr_t)data, 4);		/* exactly -s: none */
	dv_buf(d, (uintptr_t)data + 6, 4);	/* "gh\n\0" */
	dv_buf(d, (uintptr_t)data, 0);
	dv_buf(d, (uintptr_t)data, -1);
	dv_buf(d, 0, 10);
	dv_buf(d, 1, 10);			/* unreadable: the address */
	assert_string_equal(text(f), "\"abcd\"..., \"abcd\", \"gh\\n\\0\", \"\", \"\", NULL, 0x1");
	assert_string_equal(json(f), "[\"abcd\",\"abcd\",\"gh\\n\\u0000\",\"\",\"\",null,\"0x1\"]");

	reset(f);
	d->strsize = 5;
	dv_str(d, (uintptr_t)word);		/* cut at -s */
	dv_str(d, (uintptr_t)word + 6);		/* "world": exactly -s */
	dv_str(d, (uintptr_t)word + 7);
	dv_str(d, 0);
	dv_path(d, (uintptr_t)word);		/* paths ignore -s */
	dv_path(d, 8);
	assert_string_equal(text(f), "\"hello\"..., \"world\", \"orld\", NULL, \"hello world\", 0x8");
	assert_true(f->vb.v[0].flags & TBX_VF_TRUNC);
	assert_false(f->vb.v[1].flags & TBX_VF_TRUNC);
	assert_true(f->vb.v[4].flags & TBX_VF_PATH);

	reset(f);
	d->strsize = 32;
	dv_bytes(d, "\0011\377", 3, 0);
	assert_string_equal(text(f), "\"\\0011\\377\"");
	assert_string_equal(text_range(f, 0, 1, false), "\"\\0011\\377\"");
	sb_free(&f->out);
	memset(&f->out, 0, sizeof(f->out));
	tbx_render_text(&f->out, f->vb.v, 0, 1, f->vb.data, false, TBX_OUT_XXESCAPE);
	assert_string_equal(f->out.p, "\"\\x01\\x31\\xff\"");
}

static void test_nested(void **state)
{
	struct fix *f = *state;
	struct tbx_dctx *d = &f->d;

	dv_struct(d);
	dv_key(d, "a");
	dv_int(d, 1);
	dv_key(d, "b");
	dv_array(d);
	dv_int(d, 2);
	dv_int(d, 3);
	dv_end(d);
	dv_end(d);
	dv_int(d, 4);
	assert_int_equal(f->vb.top, 2);
	assert_int_equal(f->vb.depth, 0);
	assert_string_equal(text(f), "{a=1, b=[2, 3]}, 4");
	assert_string_equal(json(f), "[{\"a\":1,\"b\":[2,3]},4]");

	/* empty containers, elided members, struct in array */
	reset(f);
	dv_array(d);
	dv_end(d);
	dv_struct(d);
	dv_end(d);
	dv_array(d);
	dv_struct(d);
	dv_key(d, "fd");
	dv_int(d, 3);
	dv_key(d, "events");
	dv_name(d, "POLLIN", 1);
	dv_end(d);
	dv_more(d);
	dv_end(d);
	dv_struct(d);
	dv_key(d, "st_mode");
	dv_oct(d, 0644);
	dv_more(d);
	dv_end(d);
	assert_string_equal(text(f), "[], {}, [{fd=3, events=POLLIN}, ...], {st_mode=0644, ...}");
	assert_string_equal(json(f), "[[],{},[{\"fd\":3,\"events\":\"POLLIN\"},\"...\"],"
			    "{\"st_mode\":420,\"...\":true}]");

	/* one value alone (a struct shown after the return value) */
	sb_free(&f->out);
	memset(&f->out, 0, sizeof(f->out));
	tbx_render_json(&f->out, f->vb.v, 11, f->vb.n, f->vb.data, true);
	assert_string_equal(f->out.p, "{\"st_mode\":420,\"...\":true}");
	sb_free(&f->out);
	memset(&f->out, 0, sizeof(f->out));
	tbx_render_json(&f->out, f->vb.v, 0, 0, f->vb.data, true);
	assert_string_equal(f->out.p, "null");

	/* a stray END is ignored */
	reset(f);
	dv_end(d);
	dv_int(d, 1);
	assert_string_equal(text(f), "1");
}

static void test_comments(void **state)
{
	struct fix *f = *state;
	struct tbx_dctx *d = &f->d;

	/* execve's argv and envp: the envp address with a count comment */
	dv_bytes(d, "/bin/sh", 7, TBX_VF_PATH);
	dv_array(d);
	dv_bytes(d, "sh", 2, 0);
	dv_end(d);
	dv_hex(d, 0x7ffc);
	dv_comment(d, "%d vars", 37);
	assert_int_equal(f->vb.top, 3);
	assert_string_equal(text(f), "\"/bin/sh\", [\"sh\"], 0x7ffc /* 37 vars */");
	assert_string_equal(json(f), "[\"/bin/sh\",[\"sh\"],32764]");

	/* a comment after a struct, then more arguments */
	reset(f);
	dv_struct(d);
	dv_key(d, "a");
	dv_int(d, 1);
	dv_end(d);
	dv_comment(d, "note");
	dv_int(d, 2);
	assert_string_equal(text(f), "{a=1} /* note */, 2");
}

static void test_flags_xval(void **state)
{
	struct fix *f = *state;
	struct tbx_dctx *d = &f->d;
	char buf[256];

	dv_flags(d, &tbx_xlat_at_flags, 0x100 | 0x200, NULL);
	dv_flags(d, &tbx_xlat_at_flags, 0x100 | 0x1 | 0x40000000, NULL);
	dv_flags(d, &tbx_xlat_at_flags, 0, NULL);
	dv_flags(d, &tbx_xlat_mmap_prot, 0, "PROT_NONE");
	dv_flags(d, &tbx_xlat_mmap_prot, 0x10, "PROT_NONE");
	dv_flags(d, &tbx_xlat_mmap_prot, 0x1 | 0x4, "PROT_NONE");
	assert_string_equal(text(f), "AT_SYMLINK_NOFOLLOW|AT_REMOVEDIR, "
			    "AT_SYMLINK_NOFOLLOW|0x40000001, 0, PROT_NONE, 0x10, "
			    "PROT_READ|PROT_EXEC");
	assert_string_equal(json(f), "[\"AT_SYMLINK_NOFOLLOW|AT_REMOVEDIR\","
			    "\"AT_SYMLINK_NOFOLLOW|0x40000001\",\"0\",\"PROT_NONE\",\"0x10\","
			    "\"PROT_READ|PROT_EXEC\"]");
	assert_int_equal(f->vb.v[1].u, 0x40000101);

	assert_int_equal(tbx_flags_text(&tbx_xlat_mmap_prot, 0x3, buf, sizeof(buf)), 20);
	assert_string_equal(buf, "PROT_READ|PROT_WRITE");
	/* too small: stops at a whole name */
	tbx_flags_text(&tbx_xlat_mmap_prot, 0x3, buf, 12);
	assert_true(strlen(buf) < 12);

	reset(f);
	dv_xval(d, &tbx_xlat_socket_types, 1, "SOCK_???");
	dv_xval(d, &tbx_xlat_socket_types, 0x63, "SOCK_???");
	dv_xval(d, &tbx_xlat_socket_types, 0x64, NULL);
	dv_xval_dec(d, &tbx_xlat_socket_types, -5, "SOCK_???");
	dv_int(d, 7);
	assert_string_equal(text(f), "SOCK_STREAM, 0x63 /* SOCK_??? */, 0x64, -5 /* SOCK_??? */, 7");
	assert_string_equal(json(f), "[\"SOCK_STREAM\",99,100,-5,7]");
}

static void test_fd(void **state)
{
	struct fix *f = *state;
	struct tbx_dctx *d = &f->d;
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	char exp[128];

	assert_true(fd >= 0);
	dv_fd(d, (uint64_t)fd);
	dv_dirfd(d, (uint64_t)-100);
	dv_fd(d, (uint64_t)-1);
	snprintf(exp, sizeof(exp), "%d, AT_FDCWD, -1", fd);
	assert_string_equal(text(f), exp);

	reset(f);
	d->fd_paths = true;	/* -y */
	dv_fd(d, (uint64_t)fd);
	dv_dirfd(d, (uint64_t)-100);
	dv_fd(d, (uint64_t)-1);
	dv_fd(d, 99999);	/* not open: the number */
	snprintf(exp, sizeof(exp), "%d</dev/null>, AT_FDCWD, -1, 99999", fd);
	assert_string_equal(text(f), exp);
	snprintf(exp, sizeof(exp), "[{\"fd\":%d,\"path\":\"/dev/null\"},\"AT_FDCWD\",-1,99999]", fd);
	assert_string_equal(json(f), exp);
	close(fd);
}

/* read(3, "abc", 10) = 3: fd at entry, the rest at exit, as strace prints
 * "read(3, " then "\"abc\", 10) = 3". */
static void test_entry_exit(void **state)
{
	struct fix *f = *state;
	struct tbx_dctx *d = &f->d;
	static const char buf[] = "abc";
	unsigned k;
	char tbuf[64];

	dv_int(d, 3);
	k = f->vb.n;
	dv_buf(d, (uintptr_t)buf, 3);
	dv_uint(d, 10);
	assert_string_equal(text_range(f, 0, k, false), "3");
	assert_string_equal(text_range(f, k, f->vb.n, k > 0), ", \"abc\", 10");
	assert_string_equal(text_range(f, k, f->vb.n, false), "\"abc\", 10");

	/* nothing at entry: no separator at exit */
	reset(f);
	dv_struct(d);
	dv_key(d, "x");
	dv_int(d, 1);
	k = f->vb.n;	/* split inside the struct */
	dv_key(d, "y");
	dv_int(d, 2);
	dv_end(d);
	assert_string_equal(text_range(f, 0, k, false), "{x=1");
	assert_string_equal(text_range(f, k, f->vb.n, true), ", y=2}");

	/* the public one-shot form */
	assert_int_equal(tbx_values_to_text(f->vb.v, f->vb.n, f->vb.data, tbuf, sizeof(tbuf)), 10);
	assert_string_equal(tbuf, "{x=1, y=2}");
	assert_int_equal(tbx_values_to_text(f->vb.v, f->vb.n, f->vb.data, tbuf, 5), 10);
	assert_string_equal(tbuf, "{x=1");
}

static void test_many_values(void **state)
{
	struct fix *f = *state;
	struct tbx_dctx *d = &f->d;
	struct tbx_sbuf exp = { 0 };

	/* grows past the first allocation of values and data */
	dv_array(d);
	for (int i = 0; i < 1000; i++) {
		dv_bytes(d, "xyzw", 4, 0);
		sb_puts(&exp, i ? ", \"xyzw\"" : "[\"xyzw\"");
	}
	dv_end(d);
	sb_putc(&exp, ']');
	assert_string_equal(text(f), exp.p);
	sb_free(&exp);
	json(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scalars, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buf_and_str, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flags_xval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_entry_exit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_values, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
