/* ARGS: -e trace=ioctl */
/* Terminal ioctls on a pseudo-terminal: termios abbreviated as strace
 * does, window size, int arguments, requests without an argument, and
 * unknown requests as _IOC(...). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include "file_expect.h"

int main(void)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	struct termios t;
	int pt, tty, null, on = 1, n;
	long r;

	quiet_stdout();
	pt = posix_openpt(O_RDWR | O_NOCTTY);
	if (pt < 0 || grantpt(pt) || unlockpt(pt) ||
	    (tty = open(ptsname(pt), O_RDWR | O_NOCTTY)) < 0) {
		printf("no pseudo-terminal\n");
		return 77;
	}
	null = open("/dev/null", O_RDONLY);
	memset(&t, 0, sizeof(t));
	t.c_iflag = ICRNL | IXON;
	t.c_oflag = OPOST | ONLCR;
	t.c_cflag = B38400 | CS8 | CREAD;
	t.c_lflag = ISIG | ICANON | ECHO;

	r = ioctl(tty, TCSETS, &t);
	printf("ioctl(%d, SNDCTL_TMR_START or TCSETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO, ...}) %s\n",
	       tty, ret(r));
	r = ioctl(tty, TCGETS, &t);
	printf("ioctl(%d, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO, ...}) %s\n",
	       tty, ret(r));
	r = ioctl(tty, TIOCSWINSZ, &ws);
	printf("ioctl(%d, TIOCSWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) %s\n", tty, ret(r));
	memset(&ws, 0, sizeof(ws));
	r = ioctl(tty, TIOCGWINSZ, &ws);
	printf("ioctl(%d, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) %s\n", tty, ret(r));
	r = ioctl(tty, FIONBIO, &on);
	printf("ioctl(%d, FIONBIO, [1]) %s\n", tty, ret(r));
	r = ioctl(tty, FIONREAD, &n);
	printf("ioctl(%d, FIONREAD, [%d]) %s\n", tty, n, ret(r));
	r = ioctl(tty, FIOCLEX);
	printf("ioctl(%d, FIOCLEX) %s\n", tty, ret(r));
	r = ioctl(tty, FIONCLEX);
	printf("ioctl(%d, FIONCLEX) %s\n", tty, ret(r));
	r = ioctl(null, TCGETS, &t);
	printf("ioctl(%d, TCGETS, %p) %s\n", null, (void *)&t, ret(r));
	r = ioctl(null, TIOCGWINSZ, NULL);
	printf("ioctl(%d, TIOCGWINSZ, NULL) %s\n", null, ret(r));
	r = ioctl(null, _IOR(0x12, 0x34, int), &n);
	printf("ioctl(%d, _IOC(_IOC_READ, 0x12, 0x34, 0x4), %p) %s\n", null, (void *)&n, ret(r));
	r = ioctl(null, _IOWR('x', 1, long), 0);
	printf("ioctl(%d, _IOC(_IOC_READ|_IOC_WRITE, 0x78, 0x1, 0x8), 0) %s\n", null, ret(r));
	r = ioctl(null, _IO(0xfe, 0xee), 5);
	printf("ioctl(%d, _IOC(_IOC_NONE, 0xfe, 0xee, 0), 0x5) %s\n", null, ret(r));
	r = ioctl(-1, FIOCLEX);
	printf("ioctl(-1, FIOCLEX) %s\n", ret(r));

	printf("+++ exited with 0 +++\n");
	fflush(stdout);
	return 0;
}
