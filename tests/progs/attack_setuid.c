/* Made setuid-root by the test: gaining privileges through exec.
 *   attack_setuid   ESCAPED when euid 0 while the real uid is not */
#include "attack.h"

int main(void)
{
	if (geteuid() == 0 && getuid() != 0)
		escaped("euid 0 (uid %d)", (int)getuid());
	blocked("euid %d", (int)geteuid());
}
