#!/usr/bin/env bash
# Proxy throughput: small reads (4 KiB pread x N) and sha256sum of a
# 100 MiB file, untraced, proxied over a unix socket (tracebox serve
# --listen) and proxied over a --remote stdio pipe (serve --stdio).
#
#   sh bench/proxy.sh BUILD
#   REPS=N   runs per cell (default 5), interleaved; N_READS (default 100000)
#
# Each cell: the median wall time of REPS runs, as calls/s or MB/s.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
. "$(dirname "$0")/lib.sh"
BUILD=${1:-build}
REPS=${REPS:-5}
N=${N_READS:-100000}
TOP=$(cd "$(dirname "$0")/.." && pwd)
TBX=$(cd "$BUILD" 2>/dev/null && pwd)/tracebox
OUT=$TOP/bench/out
[ -x "$TBX" ] || { echo "bench: no $BUILD/tracebox (make build first)" >&2; exit 2; }
mkdir -p "$OUT"
cc -O2 -o "$OUT/preadloop" "$TOP/bench/progs/preadloop.c" || exit 2
DIR=$(mktemp -d /tmp/tracebox-bench-proxy.XXXXXX)
spid=
trap '[ -n "$spid" ] && kill $spid; rm -rf "$DIR"' EXIT
head -c $((100 << 20)) /dev/urandom >"$DIR/big"
cat "$DIR/big" >/dev/null
"$TBX" serve --listen "unix:$DIR/sock" --root "$DIR" 2>/dev/null &
spid=$!
for _ in $(seq 100); do [ -S "$DIR/sock" ] && break; sleep 0.05; done

# the calls after main (preadloop) or after libc's start (stripped sha256sum)
declare -A pre
pre[untraced]=""
pre[unix]="$TBX proxy --connect unix:$DIR/sock --calls %file,%desc"
pre[stdio]="$TBX proxy --remote '$TBX serve --stdio --root $DIR' --calls %file,%desc"
cols=(untraced unix stdio)
declare -A cmd from
cmd[reads]="$OUT/preadloop big $N"
from[reads]=main
cmd[sha]="sha256sum big"
from[sha]=libc.so.6:__libc_start_main

run() {	# col workload: wall seconds, or "fail"
	local c=$1 w=$2 line t0 t1
	line=${pre[$c]}
	[ -n "$line" ] && line="$line --from ${from[$w]} --"
	t0=$(now)
	(cd "$DIR" && eval "timeout 600 $line ${cmd[$w]}" >/dev/null 2>"$DIR/err") || { echo fail; return; }
	t1=$(now)
	echo "scale=4; ($t1 - $t0) / 1000000000" | bc
}

declare -A times
load0=$(cut -d' ' -f1 /proc/loadavg)	# other work on the machine skews the figures
for w in reads sha; do for c in "${cols[@]}"; do run "$c" "$w" >/dev/null; done; done
for _ in $(seq "$REPS"); do
	for w in reads sha; do
		for c in "${cols[@]}"; do
			times[$w.$c]+="$(run "$c" "$w") "
		done
	done
done

cell() {	# workload col
	local m
	m=$(echo "${times[$1.$2]}" | median)
	[ "$m" = fail ] && { echo fail; return; }
	if [ "$1" = reads ]; then
		echo "$(echo "$N / $m" | bc) calls/s"
	else
		echo "$(echo "scale=1; 100 * 1.048576 / $m" | bc) MB/s"
	fi
}

echo "Machine: $(machine); median of $REPS runs; load average $load0 before, $(cut -d' ' -f1 /proc/loadavg) after"
echo
echo "| workload | untraced | proxied, unix socket | proxied, --remote stdio |"
echo "|---|---|---|---|"
echo "| 4 KiB pread x $N | $(cell reads untraced) | $(cell reads unix) | $(cell reads stdio) |"
echo "| sha256sum, 100 MiB | $(cell sha untraced) | $(cell sha unix) | $(cell sha stdio) |"
