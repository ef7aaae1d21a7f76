#!/usr/bin/env bash
# Tracing overhead of tracebox against strace on five workloads.
#
#   sh bench/run.sh BUILD            (make bench)
#   REPS=N   repetitions of every cell (default 5), run interleaved
#   BENCH_ONLY="syscalls tar"   only these workloads
#
# Every cell is the median wall time (seconds) of REPS runs, timed with the
# shell and date +%s%N. Prints a markdown table with the machine it ran on.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# make bench runs it with sh
set -u
. "$(dirname "$0")/lib.sh"
BUILD=${1:-build}
REPS=${REPS:-5}
TOP=$(cd "$(dirname "$0")/.." && pwd)
TBX=$(cd "$BUILD" 2>/dev/null && pwd)/tracebox
OUT=$TOP/bench/out
[ -x "$TBX" ] || { echo "bench: no $BUILD/tracebox (make build first)" >&2; exit 2; }
mkdir -p "$OUT"

have_strace=1
command -v strace >/dev/null 2>&1 || have_strace=0

# ---- workloads ----
cc -O2 -o "$OUT/syscalls" "$TOP/bench/progs/syscalls.c" || exit 2
# find: a fixed subtree big enough for ~0.5-2 s untraced
FIND_DIR=/usr/share
[ -d /usr/lib ] && FIND_DIR=/usr/lib

names=(syscalls tar find forkexec python)
declare -A desc cmd
desc[syscalls]="C loop: 200k getppid, 50k stat, 20k open/close"
cmd[syscalls]="$OUT/syscalls"
desc[tar]="tar cf /dev/null /usr/include"
cmd[tar]="tar cf /dev/null /usr/include"
desc[find]="find $FIND_DIR -xdev"
cmd[find]="find $FIND_DIR -xdev"
desc[forkexec]="sh loop: 300 x /bin/true"
cmd[forkexec]="sh -c 'for i in \$(seq 300); do /bin/true; done'"
desc[python]="python3 -c pass, 20 times"
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
cmd[python]="sh -c 'for i in \$(seq 20); do $PY -c pass; done'"
if [ -n "${BENCH_ONLY:-}" ]; then
	read -r -a names <<<"$BENCH_ONLY"
fi
command -v python3 >/dev/null 2>&1 || names=("${names[@]/python/}")

# ---- columns: how each workload is run ----
# BENCH_SET=trace (default): tracebox trace against strace;
# BENCH_SET=sandbox: tracebox run against the untraced run (and bwrap).
BENCH_SET=${BENCH_SET:-trace}
cols=(untraced tbx strace tbx_f strace_f strace_fs tbx_c strace_c)
declare -A head pre
if [ "$BENCH_SET" = sandbox ]; then
	cols=(untraced run_default run_seccomp run_paths)
	head[run_default]="run --profile default"
	pre[run_default]="$TBX run -q --profile default --"
	head[run_seccomp]="run --deny-syscall ptrace --no-net"
	pre[run_seccomp]="$TBX run -q --deny-syscall ptrace --no-net --"
	head[run_paths]="run --ro /usr --deny ~/.ssh"
	pre[run_paths]="$TBX run -q --ro /usr --deny $HOME/.ssh --"
	if command -v bwrap >/dev/null 2>&1 &&
	   bwrap --ro-bind / / --dev /dev --proc /proc true 2>/dev/null; then
		cols+=(bwrap)
		head[bwrap]="bwrap --ro-bind / /"
		pre[bwrap]="bwrap --ro-bind / / --dev /dev --proc /proc --tmpfs $HOME/.ssh --"
	fi
	names=(syscalls tar find)
	[ -n "${BENCH_ONLY:-}" ] && read -r -a names <<<"$BENCH_ONLY"
fi
head[untraced]="untraced";		pre[untraced]=""
head[tbx]="tracebox -f";		pre[tbx]="$TBX trace -f -o /dev/null --"
head[strace]="strace -f";		pre[strace]="strace -f -o /dev/null --"
head[tbx_f]="tracebox -e openat";	pre[tbx_f]="$TBX trace -f -e trace=openat -o /dev/null --"
head[strace_f]="strace -e openat";	pre[strace_f]="strace -f -e trace=openat -o /dev/null --"
head[strace_fs]="strace -e openat --seccomp-bpf"
pre[strace_fs]="strace -f --seccomp-bpf -e trace=openat -o /dev/null --"
head[tbx_c]="tracebox -c";		pre[tbx_c]="$TBX trace -f -c -o /dev/null --"
head[strace_c]="strace -c";		pre[strace_c]="strace -f -c -o /dev/null --"

DATA=$(mktemp -d /tmp/tracebox-bench.XXXXXX)
trap 'rm -rf "$DATA"' EXIT

# One timed run; appends seconds (or "fail") to DATA/workload.column.
run_one() {	# workload column
	local w=$1 c=$2 t0 t1
	if [ "$have_strace" = 0 ] && [ "${c#strace}" != "$c" ]; then
		echo fail >>"$DATA/$w.$c"
		return
	fi
	t0=$(now)
	if eval "${pre[$c]} ${cmd[$w]}" >/dev/null 2>"$DATA/err" </dev/null; then
		t1=$(now)
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }' >>"$DATA/$w.$c"
	else
		echo fail >>"$DATA/$w.$c"
		echo "bench: $w / ${head[$c]} failed: $(head -c 200 "$DATA/err")" >&2
	fi
}

# Warm the page cache once, untimed.
for w in "${names[@]}"; do
	[ -n "$w" ] && eval "${cmd[$w]}" >/dev/null 2>&1 </dev/null
done

echo "bench: ${#names[@]} workloads x ${#cols[@]} columns x $REPS runs" >&2
for ((r = 1; r <= REPS; r++)); do
	for w in "${names[@]}"; do
		[ -n "$w" ] || continue
		for c in "${cols[@]}"; do
			run_one "$w" "$c"
		done
	done
	echo "bench: run $r/$REPS done" >&2
done

median_file() {	# file -> median seconds (even: the mean of the middle two), "fail" when any run failed
	if grep -q fail "$1"; then
		echo fail
		return
	fi
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		if (NR % 2) printf "%.3f", v[(NR + 1) / 2];
		else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio() {	# a b -> a/b with two decimals
	if [ "$1" = fail ] || [ "$2" = fail ]; then
		echo "-"
		return
	fi
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
}

declare -A med
for w in "${names[@]}"; do
	[ -n "$w" ] || continue
	for c in "${cols[@]}"; do
		med[$w.$c]=$(median_file "$DATA/$w.$c")
	done
done

echo "Machine: $(machine), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "tracebox: $("$TBX" --version 2>/dev/null || echo "$BUILD/tracebox")," \
	"strace: $(strace -V 2>/dev/null | head -1 | sed 's/.*version //')," \
	"median of $REPS runs, seconds"
echo
line="| workload |"
sep="|---|"
for c in "${cols[@]}"; do
	line="$line ${head[$c]} |"
	sep="$sep---:|"
done
if [ "$BENCH_SET" = sandbox ]; then
	line="$line profile default/untraced | syscall rules/untraced | path rules/untraced |"
	sep="$sep---:|---:|---:|"
else
	line="$line tracebox/strace | tracebox -e/untraced | strace -e seccomp/untraced | tracebox -c/strace -c |"
	sep="$sep---:|---:|---:|---:|"
fi
echo "$line"
echo "$sep"
for w in "${names[@]}"; do
	[ -n "$w" ] || continue
	line="| ${desc[$w]} |"
	for c in "${cols[@]}"; do
		line="$line ${med[$w.$c]} |"
	done
	if [ "$BENCH_SET" = sandbox ]; then
		for c in run_default run_seccomp run_paths; do
			line="$line $(ratio "${med[$w.$c]}" "${med[$w.untraced]}") |"
		done
	else
		line="$line $(ratio "${med[$w.tbx]}" "${med[$w.strace]}") |"
		line="$line $(ratio "${med[$w.tbx_f]}" "${med[$w.untraced]}") |"
		line="$line $(ratio "${med[$w.strace_fs]}" "${med[$w.untraced]}") |"
		line="$line $(ratio "${med[$w.tbx_c]}" "${med[$w.strace_c]}") |"
	fi
	echo "$line"
done
