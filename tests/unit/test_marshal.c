/* Marshalling of every proxiable call, with this process as the tracee
 * (process_vm_readv/writev on ourselves): arguments become the items the
 * spec says, the server's validator accepts them, and results land in
 * the right buffers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <cmocka.h>
#include "proxy/marshal.h"
#include "syscallent.h"

#define LFD 3		/* a local fd mapped to... */
#define RFD 9		/* ...this remote one */
#define P(x) ((uint64_t)(uintptr_t)(x))

static struct tbx_fdmap map;
static struct tbx_pmarshal *m;

static int setup(void **state)
{
	(void)state;
	tbx_fdmap_init(&map, NULL, NULL);
	m = calloc(1, sizeof(*m));
	return m && !tbx_fdmap_set(&map, 1, LFD, RFD) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	tbx_pmarshal_free(m);
	free(m);
	tbx_fdmap_free(&map);
	return 0;
}

static int marshal(long nr, const uint64_t a[6])
{
	return tbx_pmarshal_call(m, getpid(), nr, a, tbx_fdmap_table(&map, 1));
}

/* What the server would make of it: encoded, framed, decoded, checked. */
static void server_accepts(void)
{
	struct tbx_sbuf b = { 0 };
	struct tbx_pframe f;
	struct tbx_pcall c;
	size_t used;

	tbx_proto_put_call(&b, 1, &m->call);
	assert_false(b.oom);
	assert_int_equal(tbx_proto_frame((const uint8_t *)b.p, b.len, &f, &used), 1);
	assert_int_equal(used, b.len);
	assert_int_equal(tbx_proto_get_call(&f, &c), 0);
	assert_int_equal(c.nr, m->call.nr);
	assert_int_equal(c.nargs, m->call.nargs);
	sb_free(&b);
}

/* Every spec: arguments of each kind, the items they become, and the
 * results written back. */
static void every_spec(void **state)
{
	unsigned n;
	const struct tbx_pcall_spec *s = tbx_pcall_specs(&n);

	(void)state;
	assert_true(n > 40);
	for (unsigned c = 0; c < n; c++) {
		const char *k = s[c].kinds;
		uint64_t a[6] = { 0 };
		char paths[6][16], in[6][64], out[6][300];
		uint32_t slen[6];
		struct tbx_presult r = { .ret = 42 };
		uint8_t pattern[6][300];
		unsigned nouts = 0;

		memset(out, 0, sizeof(out));
		for (int i = 0; k[i]; i++)
			if (k[i] == 'i')
				a[i] = 1000 + (uint64_t)i;
		for (int i = 0; k[i]; i++) {
			switch (k[i]) {
			case 'f': a[i] = LFD; break;
			case 'd': a[i] = (uint64_t)AT_FDCWD; break;
			case 's':
				snprintf(paths[i], sizeof(paths[i]), "/p/%d", i);
				a[i] = P(paths[i]);
				break;
			case 'b':
				memset(in[i], 'a' + i, sizeof(in[i]));
				a[i] = P(in[i]);
				a[s[c].size_of[i]] = 5;
				break;
			case 'B':
				memset(in[i], 'A' + i, sizeof(in[i]));
				a[i] = P(in[i]);
				break;
			case 'o':
				a[i] = P(out[i]);
				a[s[c].size_of[i]] = 16;
				break;
			case 'O':
				a[i] = P(out[i]);
				break;
			case 'L':
				a[i] = P(out[i]);
				slen[i] = 16;
				a[s[c].size_of[i]] = P(&slen[i]);
				break;
			}
		}
		assert_int_equal(tbx_pmarshal_wire_nr(s[c].nr, a), s[c].nr);
		if (marshal(s[c].nr, a))
			fail_msg("%s: marshalling failed", s[c].name);
		assert_int_equal(m->call.nr, s[c].nr);
		for (int i = 0; k[i]; i++) {
			const struct tbx_parg *p = &m->call.a[i];

			switch (k[i]) {
			case 'i':
				assert_int_equal(p->kind, TBX_PA_INT);
				assert_int_equal(p->v, (int64_t)a[i]);
				break;
			case 'f':
				assert_int_equal(p->kind, TBX_PA_FD);
				assert_int_equal(p->v, RFD);
				break;
			case 'd':
				assert_int_equal(p->kind, TBX_PA_FD);
				assert_int_equal(p->v, AT_FDCWD);
				break;
			case 's':
				assert_int_equal(p->kind, TBX_PA_STR);
				assert_int_equal(p->b.len, strlen(paths[i]));
				assert_memory_equal(p->b.p, paths[i], p->b.len);
				break;
			case 'b':
			case 'B':
				assert_int_equal(p->kind, TBX_PA_IN);
				assert_int_equal(p->b.len, k[i] == 'b' ? 5 : s[c].fixed[i]);
				assert_memory_equal(p->b.p, in[i], p->b.len);
				break;
			case 'o':
			case 'L':
				assert_int_equal(p->kind, TBX_PA_OUT);
				assert_int_equal(p->v, 16);
				break;
			case 'O':
				assert_int_equal(p->kind, TBX_PA_OUT);
				assert_int_equal(p->v, s[c].fixed[i]);
				break;
			case '-':
				assert_int_equal(p->kind, TBX_PA_NONE);
				break;
			}
		}
		server_accepts();
		/* results: 3 bytes into each out buffer, 12 as a socklen */
		for (int i = 0; k[i]; i++) {
			if (!strchr("oOL", k[i]))
				continue;
			memset(pattern[nouts], 'x' + (int)nouts, sizeof(pattern[nouts]));
			r.out[nouts].p = pattern[nouts];
			r.out[nouts].len = 3;
			r.full[nouts] = 12;
			nouts++;
		}
		r.nouts = nouts;
		assert_int_equal(tbx_pmarshal_result(m, &r), 42);
		for (int i = 0, o = 0; k[i]; i++) {
			if (!strchr("oOL", k[i]))
				continue;
			char want[4] = { (char)('x' + o), (char)('x' + o), (char)('x' + o), 0 };

			assert_memory_equal(out[i], want, 4);
			if (k[i] == 'L')
				assert_int_equal(slen[i], 12);
			o++;
		}
	}
}

/* readv/writev/preadv/pwritev travel as read/write/pread64/pwrite64:
 * gathered here, scattered back. */
static void vectors(void **state)
{
	char a1[3] = "abc", a2[4] = "defg", o1[2], o2[10];
	struct iovec wv[2] = { { a1, 3 }, { a2, 4 } };
	struct iovec rv[2] = { { o1, 2 }, { o2, 10 } };
	uint64_t w[6] = { LFD, P(wv), 2, 77 };
	uint64_t rd[6] = { LFD, P(rv), 2, 88 };
	struct tbx_presult r = { .ret = 5, .nouts = 1 };

	(void)state;
	assert_int_equal(marshal(TBX_NR64_writev, w), 0);
	assert_int_equal(m->call.nr, TBX_NR64_write);
	assert_int_equal(m->call.a[1].b.len, 7);
	assert_memory_equal(m->call.a[1].b.p, "abcdefg", 7);
	assert_int_equal(m->call.a[2].v, 7);
	server_accepts();
	assert_int_equal(marshal(TBX_NR64_pwritev, w), 0);
	assert_int_equal(m->call.nr, TBX_NR64_pwrite64);
	assert_int_equal(m->call.a[3].v, 77);
	server_accepts();
	w[5] = 0;
	assert_int_equal(marshal(TBX_NR64_pwritev2, w), 0);
	assert_int_equal(m->call.nr, TBX_NR64_pwrite64);
	w[3] = (uint64_t)-1;
	assert_int_equal(marshal(TBX_NR64_pwritev2, w), 0);
	assert_int_equal(m->call.nr, TBX_NR64_write);
	w[5] = 1;		/* RWF_HIPRI: not proxied */
	assert_int_equal(marshal(TBX_NR64_pwritev2, w), -EOPNOTSUPP);

	assert_int_equal(marshal(TBX_NR64_preadv, rd), 0);
	assert_int_equal(m->call.nr, TBX_NR64_pread64);
	assert_int_equal(m->call.a[1].kind, TBX_PA_OUT);
	assert_int_equal(m->call.a[1].v, 12);
	assert_int_equal(m->call.a[3].v, 88);
	server_accepts();
	r.out[0].p = (const uint8_t *)"HELLO";
	r.out[0].len = 5;
	memset(o2, '.', sizeof(o2));
	assert_int_equal(tbx_pmarshal_result(m, &r), 5);
	assert_memory_equal(o1, "HE", 2);
	assert_memory_equal(o2, "LLO.", 4);
	assert_int_equal(marshal(TBX_NR64_readv, rd), 0);
	assert_int_equal(m->call.nr, TBX_NR64_read);
	server_accepts();
}

/* sendmsg/recvmsg without control data travel as sendto/recvfrom; the
 * address length is read and written inside the msghdr. */
static void messages(void **state)
{
	char d1[2] = "hi", name[16] = "ADDRESS", rbuf[8], rname[32];
	struct iovec v = { d1, 2 }, rvv = { rbuf, sizeof(rbuf) };
	struct msghdr h = { .msg_name = name, .msg_namelen = 7, .msg_iov = &v,
			    .msg_iovlen = 1 };
	struct msghdr rh = { .msg_name = rname, .msg_namelen = sizeof(rname),
			     .msg_iov = &rvv, .msg_iovlen = 1, .msg_flags = 0x55 };
	uint64_t s[6] = { LFD, P(&h), MSG_DONTWAIT };
	uint64_t rr[6] = { LFD, P(&rh), 0 };
	struct tbx_presult r = { .ret = 4, .nouts = 2 };
	char ctl[8];

	(void)state;
	assert_int_equal(marshal(TBX_NR64_sendmsg, s), 0);
	assert_int_equal(m->call.nr, TBX_NR64_sendto);
	assert_memory_equal(m->call.a[1].b.p, "hi", 2);
	assert_int_equal(m->call.a[3].v, MSG_DONTWAIT);
	assert_int_equal(m->call.a[4].b.len, 7);
	assert_memory_equal(m->call.a[4].b.p, "ADDRESS", 7);
	assert_int_equal(m->call.a[5].v, 7);
	server_accepts();
	h.msg_name = NULL;
	assert_int_equal(marshal(TBX_NR64_sendmsg, s), 0);
	assert_int_equal(m->call.a[4].kind, TBX_PA_NONE);
	server_accepts();
	h.msg_control = ctl;
	h.msg_controllen = sizeof(ctl);	/* SCM_RIGHTS cannot cross */
	assert_int_equal(marshal(TBX_NR64_sendmsg, s), -EOPNOTSUPP);

	assert_int_equal(marshal(TBX_NR64_recvmsg, rr), 0);
	assert_int_equal(m->call.nr, TBX_NR64_recvfrom);
	assert_int_equal(m->call.a[1].v, sizeof(rbuf));
	assert_int_equal(m->call.a[4].v, sizeof(rname));
	server_accepts();
	r.out[0].p = (const uint8_t *)"pong";
	r.out[0].len = 4;
	r.out[1].p = (const uint8_t *)"PEER";
	r.out[1].len = 4;
	r.full[1] = 16;
	assert_int_equal(tbx_pmarshal_result(m, &r), 4);
	assert_memory_equal(rbuf, "pong", 4);
	assert_memory_equal(rname, "PEER", 4);
	assert_int_equal(rh.msg_namelen, 16);
	assert_int_equal(rh.msg_flags, 0);
}

/* What the kernel would say to a bad call, said without the server. */
static void faults(void **state)
{
	char big[5000], buf[8];
	uint64_t a[6] = { (uint64_t)AT_FDCWD, 8, O_RDONLY, 0 };
	uint64_t w[6] = { LFD, 8, 4 };
	uint64_t rd[6] = { LFD, P(buf), 8 };
	struct tbx_presult r = { .ret = 3, .nouts = 1 };

	(void)state;
	assert_int_equal(marshal(TBX_NR64_openat, a), -EFAULT);	/* path at 8 */
	a[1] = 0;		/* NULL: the server's kernel says EFAULT */
	assert_int_equal(marshal(TBX_NR64_openat, a), 0);
	assert_int_equal(m->call.a[1].kind, TBX_PA_NONE);
	server_accepts();
	memset(big, 'x', sizeof(big));
	big[sizeof(big) - 1] = 0;
	a[1] = P(big);
	assert_int_equal(marshal(TBX_NR64_openat, a), -ENAMETOOLONG);
	assert_int_equal(marshal(TBX_NR64_write, w), -EFAULT);	/* buffer at 8 */
	w[0] = 4;		/* not mapped */
	w[1] = P(buf);
	assert_int_equal(marshal(TBX_NR64_write, w), -EBADF);
	/* results into a buffer that is not there */
	assert_int_equal(marshal(TBX_NR64_read, rd), 0);
	m->one[1].iov_base = (void *)8;
	r.out[0].p = (const uint8_t *)"abc";
	r.out[0].len = 3;
	assert_int_equal(tbx_pmarshal_result(m, &r), -EFAULT);
	/* a huge read is cut to one item: a short read */
	rd[2] = 1u << 30;
	assert_int_equal(marshal(TBX_NR64_read, rd), 0);
	assert_int_equal(m->call.a[1].v, TBX_PROTO_MAX_IO);
	assert_int_equal(m->call.a[2].v, TBX_PROTO_MAX_IO);
	assert_int_equal(tbx_pmarshal_wire_nr(TBX_NR64_ioctl, a), -1);
	assert_int_equal(marshal(TBX_NR64_ioctl, a), -EOPNOTSUPP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_spec, setup, teardown),
		cmocka_unit_test_setup_teardown(vectors, setup, teardown),
		cmocka_unit_test_setup_teardown(messages, setup, teardown),
		cmocka_unit_test_setup_teardown(faults, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
