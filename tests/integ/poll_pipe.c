/* ARGS: -e trace=poll,ppoll,select,pselect6,epoll_create,epoll_create1,epoll_ctl,epoll_wait,epoll_pwait,epoll_pwait2 */
/* Readiness of a pipe: the ready descriptors after the return value
 * (" ([{fd=3, revents=POLLIN}])", " (in [3], left {...})", " (Timeout)"). */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	int p[2], ep, ep1;
	struct pollfd pf[2];
	struct timespec ts = { 0, 0 };
	struct timeval tv = { 0, 0 };
	struct epoll_event ev, out[4];
	fd_set r, w;
	sigset_t ss;

	pipe(p);
	pf[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	pf[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT | POLLPRI };
	poll(pf, 1, 0);
	printf("poll([{fd=%d, events=POLLIN}], 1, 0) = 0 (Timeout)\n", p[0]);
	write(p[1], "x", 1);
	poll(pf, 2, 10);
	printf("poll([{fd=%d, events=POLLIN}, {fd=%d, events=POLLPRI|POLLOUT}], 2, 10) = 2 "
	       "([{fd=%d, revents=POLLIN}, {fd=%d, revents=POLLOUT}])\n", p[0], p[1], p[0], p[1]);
	pf[1].fd = -1;
	poll(pf, 2, 0);
	printf("poll([{fd=%d, events=POLLIN}, {fd=-1}], 2, 0) = 1 ([{fd=%d, revents=POLLIN}])\n",
	       p[0], p[0]);
	sigemptyset(&ss);
	syscall(SYS_ppoll, pf, 1, &ts, &ss, 8L);
	printf("ppoll([{fd=%d, events=POLLIN}], 1, {tv_sec=0, tv_nsec=0}, [], 8) = 1 "
	       "([{fd=%d, revents=POLLIN}], left {tv_sec=0, tv_nsec=0})\n", p[0], p[0]);
	poll(NULL, 0, 0);
	printf("poll(NULL, 0, 0) = 0 (Timeout)\n");

	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(p[0], &r);
	FD_SET(p[1], &r);
	FD_SET(p[1], &w);
	syscall(SYS_select, p[1] + 1, &r, &w, NULL, &tv);
	printf("select(%d, [%d %d], [%d], NULL, {tv_sec=0, tv_usec=0}) = 2 "
	       "(in [%d], out [%d], left {tv_sec=0, tv_usec=0})\n",
	       p[1] + 1, p[0], p[1], p[1], p[0], p[1]);
	FD_ZERO(&r);
	FD_SET(p[1], &r);
	syscall(SYS_select, p[1] + 1, &r, NULL, NULL, &tv);
	printf("select(%d, [%d], NULL, NULL, {tv_sec=0, tv_usec=0}) = 0 (Timeout)\n", p[1] + 1, p[1]);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	{
		struct { const sigset_t *ss; size_t len; } k = { &ss, 8 };
		syscall(SYS_pselect6, p[0] + 1, &r, NULL, NULL, &ts, &k);
	}
	printf("pselect6(%d, [%d], NULL, NULL, {tv_sec=0, tv_nsec=0}, {sigmask=[], sigsetsize=8}) = 1 "
	       "(in [%d], left {tv_sec=0, tv_nsec=0})\n", p[0] + 1, p[0], p[0]);

	ep = epoll_create(8);
	printf("epoll_create(8) = %d\n", ep);
	ep1 = epoll_create1(EPOLL_CLOEXEC);
	printf("epoll_create1(EPOLL_CLOEXEC) = %d\n", ep1);
	ev.events = EPOLLIN;
	ev.data.u64 = p[0];
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	printf("epoll_ctl(%d, EPOLL_CTL_ADD, %d, {events=EPOLLIN, data={u32=%d, u64=%d}}) = 0\n",
	       ep, p[0], p[0], p[0]);
	ev.events = EPOLLOUT | EPOLLET;
	ev.data.u64 = 0x100000002ull;
	epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev);
	printf("epoll_ctl(%d, EPOLL_CTL_ADD, %d, {events=EPOLLOUT|EPOLLET, data={u32=2, u64=4294967298}}) = 0\n",
	       ep, p[1]);
	epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL);
	printf("epoll_ctl(%d, EPOLL_CTL_DEL, %d, NULL) = 0\n", ep, p[1]);
	epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL);
	printf("epoll_ctl(%d, EPOLL_CTL_DEL, %d, NULL) = -1 ENOENT (No such file or directory)\n",
	       ep, p[1]);
	epoll_wait(ep, out, 4, 0);
	printf("epoll_wait(%d, [{events=EPOLLIN, data={u32=%d, u64=%d}}], 4, 0) = 1\n", ep, p[0], p[0]);
	epoll_wait(ep1, out, 4, 0);
	printf("epoll_wait(%d, [], 4, 0) = 0\n", ep1);
	epoll_pwait(ep, out, 4, 0, &ss);
	printf("epoll_pwait(%d, [{events=EPOLLIN, data={u32=%d, u64=%d}}], 4, 0, [], 8) = 1\n",
	       ep, p[0], p[0]);
	syscall(SYS_epoll_pwait2, ep1, out, 4, &ts, NULL, 8L);
	printf("epoll_pwait2(%d, [], 4, {tv_sec=0, tv_nsec=0}, NULL, 8) = 0\n", ep1);
	epoll_wait(p[0], out, 4, 0);
	printf("epoll_wait(%d, %p, 4, 0) = -1 EINVAL (Invalid argument)\n", p[0], (void *)out);
	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}
