/* io_uring: file opens and reads that neither seccomp nor a tracer sees.
 *   attack_iouring TARGET
 * io_uring_setup must fail; if it works, IORING_OP_OPENAT + IORING_OP_READ
 * of TARGET (raw syscalls, no liburing). */
#include "attack.h"
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/io_uring.h>

struct ring {
	int fd;
	unsigned *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail, *cq_mask;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
};

static int submit(struct ring *r, const struct io_uring_sqe *in, int *res)
{
	unsigned tail = *r->sq_tail, idx = tail & *r->sq_mask, head;

	r->sqes[idx] = *in;
	r->sq_array[idx] = idx;
	__atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
	if (syscall(SYS_io_uring_enter, r->fd, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0)
		return -errno;
	head = *r->cq_head;
	if (head == __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE))
		return -EAGAIN;
	*res = r->cqes[head & *r->cq_mask].res;
	__atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
	return 0;
}

int main(int argc, char **argv)
{
	struct io_uring_params p;
	struct io_uring_sqe sqe;
	struct ring r;
	char buf[64];
	void *sq, *cq;
	int res, e;

	if (argc < 2)
		return 2;
	memset(&p, 0, sizeof(p));
	r.fd = (int)syscall(SYS_io_uring_setup, 4, &p);
	if (r.fd < 0)
		blocked("io_uring_setup: %s", ename(errno));
	sq = mmap(NULL, p.sq_off.array + p.sq_entries * sizeof(unsigned),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r.fd, IORING_OFF_SQ_RING);
	cq = mmap(NULL, p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe),
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r.fd, IORING_OFF_CQ_RING);
	r.sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe),
		      PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r.fd, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || r.sqes == MAP_FAILED)
		blocked("io_uring mmap: %s", ename(errno));
	r.sq_tail = (unsigned *)((char *)sq + p.sq_off.tail);
	r.sq_mask = (unsigned *)((char *)sq + p.sq_off.ring_mask);
	r.sq_array = (unsigned *)((char *)sq + p.sq_off.array);
	r.cq_head = (unsigned *)((char *)cq + p.cq_off.head);
	r.cq_tail = (unsigned *)((char *)cq + p.cq_off.tail);
	r.cq_mask = (unsigned *)((char *)cq + p.cq_off.ring_mask);
	r.cqes = (struct io_uring_cqe *)((char *)cq + p.cq_off.cqes);

	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_OPENAT;
	sqe.fd = AT_FDCWD;
	sqe.addr = (unsigned long)argv[1];
	sqe.open_flags = O_RDONLY;
	e = submit(&r, &sqe, &res);
	if (e < 0)
		blocked("io_uring_enter: %s", ename(-e));
	if (res < 0)
		blocked("IORING_OP_OPENAT: %s", ename(-res));
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_READ;
	sqe.fd = res;
	sqe.addr = (unsigned long)buf;
	sqe.len = sizeof(buf) - 1;
	e = submit(&r, &sqe, &res);
	if (e < 0 || res < 0)
		blocked("IORING_OP_READ: %s", ename(e < 0 ? -e : -res));
	buf[res] = 0;
	if (!strncmp(buf, MARKER, strlen(MARKER)))
		escaped("read through io_uring");
	blocked("io_uring read something else");
}
