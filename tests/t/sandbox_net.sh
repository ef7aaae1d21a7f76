#!/bin/sh
# The attack suite, network: --no-net leaves only AF_UNIX; --net-allow
# 127.0.0.1:OK lets TCP to that port through and nothing else (other port,
# UDP, MPTCP, TCP Fast Open's implicit connect, v4-mapped IPv6, another
# local address on the allowed port, a thread flipping the address during
# the tracer's check). Listeners on 0.0.0.0:OK and :OTHER are python3.
# unprivileged: yes
set -u
. "$TESTS/t/sandbox_lib.inc"
command -v python3 >/dev/null || { echo "no python3 for the listener"; exit 77; }
rm -f "$WORK/ports"
python3 -c '
import socket, sys, os, threading
socks = []
for _ in range(2):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", 0)); s.listen(64); socks.append(s)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write("%d %d\n" % (socks[0].getsockname()[1], socks[1].getsockname()[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
def serve(s):
    while True:
        c, _ = s.accept(); c.close()
for s in socks:
    threading.Thread(target=serve, args=(s,), daemon=True).start()
threading.Event().wait(110)
' "$WORK/ports" &
lpid=$!
trap 'kill $lpid 2>/dev/null' EXIT
for _ in $(seq 50); do [ -s "$WORK/ports" ] && break; sleep 0.1; done
read -r OK OTHER <"$WORK/ports" || { echo "listener did not start"; exit 1; }

for fam in inet inet6 packet netlink; do
	attack "--no-net socket($fam)" "--no-net" "$P/attack_net" socket $fam
done
EXPECT=ESCAPED attack "--no-net socket(unix) works" "--no-net" "$P/attack_net" socket unix
A="--net-allow 127.0.0.1:$OK"
EXPECT=ESCAPED attack "--net-allow: tcp to the allowed port" "$A" "$P/attack_net" tcp "$OK"
attack "--net-allow: tcp to another port" "$A" "$P/attack_net" tcp "$OTHER"
# another address of this machine (the listeners are on 0.0.0.0)
H2=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$' | head -n 1)
H2=${H2:-127.0.0.2}
attack "--net-allow: allowed port, host $H2" "$A" "$P/attack_net" tcp "$OK" "$H2"
attack "--net-allow: udp" "$A" "$P/attack_net" udp "$OK"
attack "--net-allow: mptcp to another port" "$A" "$P/attack_net" mptcp "$OTHER"
attack "--net-allow: MSG_FASTOPEN other port" "$A" "$P/attack_net" fastopen "$OTHER"
attack "--net-allow: v4-mapped other port" "$A" "$P/attack_net" v4mapped "$OTHER"
attack "--net-allow: address flip race" "$A" "$P/attack_net" race "$OK" "$H2"
# a host name: its addresses when the policy is read (localhost: /etc/hosts)
A="--net-allow localhost:$OK"
EXPECT=ESCAPED attack "--net-allow localhost: tcp to 127.0.0.1, allowed port" "$A" "$P/attack_net" tcp "$OK"
attack "--net-allow localhost: another port" "$A" "$P/attack_net" tcp "$OTHER"
attack "--net-allow localhost: allowed port, host $H2" "$A" "$P/attack_net" tcp "$OK" "$H2"
attack "--no-net: tcp" "--no-net" "$P/attack_net" tcp "$OK"
finish
