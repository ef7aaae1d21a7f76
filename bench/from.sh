#!/usr/bin/env bash
# trace --from SYMBOL against a full trace, on a program with a heavy
# start-up: python3 -c pass (its main is Py_BytesMain in /usr/bin/python3;
# the interpreter's own start-up is after it, the loader's and libc's
# before it).
#
#   sh bench/from.sh BUILD       REPS=N (default 11)
#
# Cells: median wall time (s) of REPS interleaved runs, its ratio to the
# untraced run, and the ptrace stops tracebox took (wait4 calls that
# returned a stop, counted once with strace on tracebox).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
. "$(dirname "$0")/lib.sh"
BUILD=${1:-build}
REPS=${REPS:-11}
TBX=$(cd "$BUILD" 2>/dev/null && pwd)/tracebox
PY=/usr/bin/python3
SYM=Py_BytesMain
[ -x "$TBX" ] || { echo "bench: no $BUILD/tracebox" >&2; exit 2; }
[ -x "$PY" ] || { echo "bench: no $PY" >&2; exit 2; }
nm -D "$PY" 2>/dev/null | grep -q " T $SYM$" || SYM=main

cols=(untraced full from from_f)
declare -A head pre
head[untraced]="untraced"
head[full]="tracebox trace -f"
pre[full]="$TBX trace -f -o /dev/null --"
head[from]="tracebox trace --from $SYM"
pre[from]="$TBX trace --from $SYM -o /dev/null --"
head[from_f]="tracebox trace --from $SYM -e trace=openat"
pre[from_f]="$TBX trace --from $SYM -e trace=openat -o /dev/null --"
if command -v strace >/dev/null 2>&1; then
	cols+=(strace)
	head[strace]="strace -f"
	pre[strace]="strace -f -o /dev/null --"
fi

declare -A times
for c in "${cols[@]}"; do ${pre[$c]:-} "$PY" -c pass >/dev/null 2>&1; done	# warm up
for ((r = 0; r < REPS; r++)); do
	for c in "${cols[@]}"; do
		t0=$(now)
		${pre[$c]:-} "$PY" -c pass >/dev/null 2>&1 || { times[$c]+="fail "; continue; }
		t1=$(now)
		times[$c]+="$(( (t1 - t0) / 1000 )) "
	done
done
stops() {	# tracebox stops: wait4 calls that returned a pid
	command -v strace >/dev/null 2>&1 || { echo "?"; return; }
	strace -qq -e trace=wait4 -o /tmp/tbx-from-bench.$$ ${pre[$1]} "$PY" -c pass >/dev/null 2>&1
	grep -c 'wait4(.*) = [1-9]' /tmp/tbx-from-bench.$$
	rm -f /tmp/tbx-from-bench.$$
}

base=$(echo "${times[untraced]}" | median)
echo "python3 -c pass ($PY, --from $SYM), median of $REPS runs; $(machine)"
echo
echo "| command | time (ms) | / untraced | stops |"
echo "|---|---|---|---|"
for c in "${cols[@]}"; do
	m=$(echo "${times[$c]}" | median)
	s="-"
	case $c in full|from|from_f) s=$(stops "$c") ;; esac
	awk -v h="${head[$c]}" -v m="$m" -v b="$base" -v s="$s" \
		'BEGIN { printf "| %s | %.1f | %.2f | %s |\n", h, m / 1000, m / b, s }'
done
