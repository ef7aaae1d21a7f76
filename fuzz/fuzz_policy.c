/* tbx_policy_load on arbitrary file content (a memfd, read back through
 * /proc/self/fd/N as the loader only takes a path): never crashes, returns
 * 0, -EINVAL or -ENOMEM, and an error names the file. Host names of
 * net-allow resolve through the stub below, so a run sends no DNS query. */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "policy/policy.h"
#include "tracebox/tracebox.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "check failed: %s\n", #c); abort(); } } while (0)

/* "localhost" has one IPv4 and one IPv6 address, every other name none. */
int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
		struct addrinfo **res)
{
	struct addrinfo *a = NULL;

	(void)service;
	(void)hints;
	if (!node || strcmp(node, "localhost"))
		return EAI_NONAME;
	for (int i = 0; i < 2; i++) {
		struct addrinfo *n = calloc(1, sizeof(*n) + sizeof(struct sockaddr_in6));
		CHECK(n);
		n->ai_addr = (struct sockaddr *)(n + 1);
		if (i) {
			struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)n->ai_addr;
			n->ai_family = s6->sin6_family = AF_INET6;
			s6->sin6_addr = in6addr_loopback;
			n->ai_addrlen = sizeof(*s6);
		} else {
			struct sockaddr_in *s4 = (struct sockaddr_in *)n->ai_addr;
			n->ai_family = s4->sin_family = AF_INET;
			s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
			n->ai_addrlen = sizeof(*s4);
		}
		n->ai_next = a;
		a = n;
	}
	*res = a;
	return 0;
}

void freeaddrinfo(struct addrinfo *res)
{
	while (res) {
		struct addrinfo *next = res->ai_next;
		free(res);
		res = next;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	struct tbx_policy p;
	struct tbx_policy_err err = { "" };
	int e;

	if (fd < 0) {
		fd = memfd_create("fuzz_policy", MFD_CLOEXEC);
		CHECK(fd >= 0);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	CHECK(ftruncate(fd, 0) == 0);
	CHECK(pwrite(fd, data, size, 0) == (ssize_t)size);
	tbx_policy_init(&p);
	e = tbx_policy_load(&p, path, &err);
	CHECK(e == 0 || e == -EINVAL || e == -ENOMEM);
	if (e) {
		CHECK(memchr(err.msg, 0, sizeof(err.msg)));
		CHECK(!strncmp(err.msg, path, strlen(path)));
	}
	for (unsigned i = 0; i < p.npaths; i++)
		CHECK(p.paths[i].path[0] == '/');
	for (unsigned i = 0; i < p.nsc; i++)
		CHECK(p.sc[i].nr >= 0 && p.sc[i].nr < (long)tbx_syscall_count());
	tbx_policy_release(&p);
	return 0;
}
