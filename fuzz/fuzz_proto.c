/* The proxy server's input: frames split off arbitrary bytes and decoded
 * as every frame type (a call that decodes encodes back to the same
 * bytes), then a whole tbx_serve_session fed a valid HELLO and the bytes,
 * confined to a scratch --root and to calls that create nothing (so a
 * long run leaves no litter). Never crashes, never reads out of bounds. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "proxy/proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "check failed: %s\n", #c); abort(); } } while (0)

static int root_fd = -1, null_fd = -1;
static uint8_t *allowed;

static const char *const safe_calls[] = {
	"read", "pread64", "lseek", "fstat", "stat", "lstat", "newfstatat", "statx",
	"getdents64", "readlink", "readlinkat", "access", "faccessat", "faccessat2",
	"getcwd", "chdir", "fchdir", "close", "getxattr", "lgetxattr", "listxattr",
	"statfs", "fstatfs",
};

static char dir[] = "/tmp/fuzz_proto.XXXXXX";

static void cleanup(void)
{
	unlinkat(root_fd, "esc", 0);
	unlinkat(root_fd, "sub", AT_REMOVEDIR);
	rmdir(dir);
}

static void init(void)
{
	unsigned n = tbx_syscall_count();

	CHECK(mkdtemp(dir));
	atexit(cleanup);
	root_fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	allowed = calloc(1, (n + 7) / 8);
	CHECK(root_fd >= 0 && null_fd >= 0 && allowed);
	CHECK(!mkdirat(root_fd, "sub", 0700) && !symlinkat("/etc/passwd", root_fd, "esc"));
	for (size_t i = 0; i < sizeof(safe_calls) / sizeof(safe_calls[0]); i++) {
		long nr = tbx_syscall_lookup(safe_calls[i]);

		CHECK(nr >= 0);
		allowed[nr / 8] |= (uint8_t)(1u << (nr % 8));
	}
}

static void decode_all(const uint8_t *data, size_t size)
{
	static const struct tbx_pcall recvfrom_call = {
		.nr = 45, .nargs = 6,
		.a = { { TBX_PA_FD, 5, { 0 } }, { TBX_PA_OUT, 64, { 0 } }, { TBX_PA_INT, 64, { 0 } },
		       { TBX_PA_INT, 0, { 0 } }, { TBX_PA_OUT, 16, { 0 } }, { TBX_PA_NONE, 0, { 0 } } },
	};
	struct tbx_pframe f;
	size_t used;

	while (size && tbx_proto_frame(data, size, &f, &used) == 1) {
		struct tbx_pcall c;
		struct tbx_presult r;
		struct tbx_pbuf b;
		uint32_t v, m;
		int err;

		CHECK(used >= TBX_PROTO_HDR && used <= size);
		if (!tbx_proto_get_call(&f, &c)) {
			/* what decodes encodes back to the very same payload */
			struct tbx_sbuf sb = { 0 };

			tbx_proto_put_call(&sb, f.id, &c);
			CHECK(!sb.oom && sb.len == used && !memcmp(sb.p, data, used));
			sb_free(&sb);
		}
		tbx_proto_get_result(&f, &recvfrom_call, &r);
		tbx_proto_get_hello(&f, &v, &b);
		tbx_proto_get_welcome(&f, &v, &m);
		tbx_proto_get_error(&f, &err, &b);
		data += used;
		size -= used;
	}
}

static void session(const uint8_t *data, size_t size)
{
	struct tbx_serve_opts o = {
		.sz = sizeof(o), .out_fd = null_fd, .root_fd = root_fd, .allowed = allowed,
	};
	struct tbx_sbuf hello = { 0 };
	int p[2];

	if (size > 60000)	/* one pipe buffer: we write it all before reading */
		return;
	CHECK(!pipe2(p, O_CLOEXEC));
	tbx_proto_put_hello(&hello, "", 0);
	CHECK(write(p[1], hello.p, hello.len) == (ssize_t)hello.len);
	if (size)
		CHECK(write(p[1], data, size) == (ssize_t)size);
	close(p[1]);
	o.in_fd = p[0];
	tbx_serve_session(&o);
	close(p[0]);
	sb_free(&hello);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (root_fd < 0)
		init();
	decode_all(data, size);
	session(data, size);
	return 0;
}
