#!/usr/bin/env bash
# -k (a stack trace per shown call) against strace -k: cost per call.
#
#   sh bench/stack.sh BUILD       REPS=N (default 5)  N=calls (20000)
#
# deepcalls makes N getppid calls from a 5-deep call chain; traced with
# -f -k -e trace=getppid -o /dev/null, and without -k for the cost of the
# stops alone. Per-call cost: (median wall time - untraced) / N. Then
# python3 -c pass with -k -e trace=openat (many libraries, few calls:
# the cost of reading modules and unwind info).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
. "$(dirname "$0")/lib.sh"
BUILD=${1:-build}
REPS=${REPS:-5}
N=${N:-20000}
TOP=$(cd "$(dirname "$0")/.." && pwd)
TBX=$(cd "$BUILD" 2>/dev/null && pwd)/tracebox
OUT=$TOP/bench/out
PY=/usr/bin/python3
[ -x "$TBX" ] || { echo "bench: no $BUILD/tracebox" >&2; exit 2; }
mkdir -p "$OUT"
cc -O2 -g -o "$OUT/deepcalls" "$TOP/bench/progs/deepcalls.c" || exit 2

have_strace=0
command -v strace >/dev/null 2>&1 && strace -k -e trace=getppid -o /dev/null true 2>/dev/null &&
	have_strace=1

# bench TITLE PROG ARGS... : one table, rows from the pre[] commands
bench() {
	local title=$1 c t0 t1 m base
	shift
	declare -A times
	for c in "${cols[@]}"; do ${pre[$c]:-} "$@" >/dev/null 2>&1; done	# warm up
	for ((r = 0; r < REPS; r++)); do
		for c in "${cols[@]}"; do
			t0=$(now)
			${pre[$c]:-} "$@" >/dev/null 2>&1 || { times[$c]+="fail "; continue; }
			t1=$(now)
			times[$c]+="$(( (t1 - t0) / 1000 )) "
		done
	done
	base=$(echo "${times[untraced]}" | median)
	echo "$title: median of $REPS runs"
	echo
	echo "| command | time (ms) | / untraced | µs per call over untraced |"
	echo "|---|---|---|---|"
	for c in "${cols[@]}"; do
		m=$(echo "${times[$c]}" | median)
		med[$c]=$m
		awk -v h="${head[$c]}" -v m="$m" -v b="$base" -v n="$calls" \
			'BEGIN { printf "| %s | %.1f | %.2f | %s |\n", h, m / 1000, m / b,
				 n ? sprintf("%.1f", (m - b) / n) : "-" }'
	done
	echo
}

# -k's own cost per call: with -k less without, in µs
k_cost() { awk -v a="${med[$1]}" -v b="${med[$2]}" -v n="$calls" 'BEGIN { printf "%.1f", (a - b) / n }'; }
k_line() {
	local t s
	t=$(k_cost tbx_k tbx)
	if [ $have_strace = 1 ]; then
		s=$(k_cost st_k st)
		echo "-k alone, per call: tracebox $t µs, strace $s µs (strace / tracebox: $(awk -v s="$s" -v t="$t" 'BEGIN { printf "%.1f", s / t }'))"
	else
		echo "-k alone, per call: tracebox $t µs (no strace -k here)"
	fi
	echo
}

declare -A head pre med
cols=(untraced tbx tbx_k)
head[untraced]="untraced"
head[tbx]="tracebox trace -f -e trace=getppid"
pre[tbx]="$TBX trace -f -e trace=getppid -o /dev/null --"
head[tbx_k]="tracebox trace -f -k -e trace=getppid"
pre[tbx_k]="$TBX trace -f -k -e trace=getppid -o /dev/null --"
if [ $have_strace = 1 ]; then
	cols+=(st st_k)
	head[st]="strace -f -e trace=getppid"
	pre[st]="strace -f -e trace=getppid -o /dev/null --"
	head[st_k]="strace -f -k -e trace=getppid"
	pre[st_k]="strace -f -k -e trace=getppid -o /dev/null --"
fi
calls=$N
echo "$(machine); strace: $(strace -V 2>/dev/null | head -1)"
echo
bench "deepcalls: $N getppid from a 5-deep chain" "$OUT/deepcalls" "$N"
k_line

if [ -x "$PY" ]; then
	for c in tbx tbx_k st st_k; do
		head[$c]=${head[$c]/getppid/openat}
		pre[$c]=${pre[$c]/getppid/openat}
	done
	calls=$(strace -f -e trace=openat -o /dev/stdout "$PY" -c pass 2>/dev/null | grep -c openat)
	bench "python3 -c pass ($calls openat calls)" "$PY" -c pass
	k_line
fi
