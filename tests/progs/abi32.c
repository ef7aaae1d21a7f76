/* A 64-bit program making an i386 call (int $0x80, eax=20: getpid) and an
 * x32 call (syscall, rax=0x40000000|39: getpid). Prints both results as
 * "i386 getpid: R" and "x32 getpid: R" (R is -errno on failure) and its
 * pid as "pid: P". */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	long r32 = 20, rx32 = 0x40000000 | 39;

	__asm__ volatile("int $0x80" : "+a"(r32) : : "memory");
	__asm__ volatile("syscall" : "+a"(rx32) : : "rcx", "r11", "memory");
	printf("pid: %d\ni386 getpid: %ld\nx32 getpid: %ld\n", (int)getpid(), r32, rx32);
	return 0;
}
