/* Writes 4 chunks of 1000 awkward bytes (quotes, backslashes, NUL,
 * control bytes, valid UTF-8 of every length, invalid UTF-8, random
 * bytes) to /dev/null on fd 100, then all 4000 bytes to the file argv[1]. */
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

static const char special[] =
	"\"quote\" \\back\\slash\\ \0nul\0 \t\n\r\x01\x1f\x7f "
	"\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 "	/* é € 😀 */
	"\xff \xc0\x80 \x80 \xed\xa0\x80 \xe2\x82 \xf4\x90\x80\x80 \xc3";

int main(int argc, char **argv)
{
	static unsigned char buf[4000];
	uint32_t x = 12345;
	int fd, out;

	if (argc < 2)
		return 2;
	for (size_t i = 0; i < sizeof(buf); i++) {
		x = x * 1103515245 + 12345;
		buf[i] = (unsigned char)(x >> 16);
	}
	for (int c = 0; c < 4; c++)	/* each chunk starts with the specials */
		memcpy(buf + c * 1000, special, sizeof(special) - 1);
	fd = open("/dev/null", O_WRONLY);
	if (fd < 0 || dup2(fd, 100) != 100)
		return 3;
	for (int c = 0; c < 4; c++)
		if (write(100, buf + c * 1000, 1000) != 1000)
			return 4;
	out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0 || write(out, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
		return 5;
	return 0;
}
