#!/bin/sh
# Run every libFuzzer target of a fuzz build for SECONDS in all (split
# evenly), each from its seed corpus fuzz/corpus/<target>/ plus a working
# corpus of its own. Exits non-zero when a target crashes, leaks, trips a
# sanitizer or times out; the crashing input is left in the output dir.
#
#   sh fuzz/run.sh BUILD [SECONDS]     (BUILD: CC=clang meson setup -Dfuzz=true)
#   FUZZ_OUT=DIR   working corpora and crash files (default BUILD/fuzz-out)
set -u
BUILD=${1:?usage: run.sh BUILD [SECONDS]}
SECONDS_TOTAL=${2:-60}
TOP=$(cd "$(dirname "$0")/.." && pwd)
OUT=${FUZZ_OUT:-$BUILD/fuzz-out}

targets=""
for src in "$TOP"/fuzz/fuzz_*.c; do
	t=$(basename "$src" .c)
	if [ ! -x "$BUILD/fuzz/$t" ]; then
		echo "fuzz: $BUILD/fuzz/$t not built (CC=clang meson setup BUILD -Dfuzz=true)" >&2
		exit 2
	fi
	targets="$targets $t"
done
n=$(echo "$targets" | wc -w)
[ "$n" -gt 0 ] || { echo "fuzz: no targets" >&2; exit 2; }
per=$((SECONDS_TOTAL / n))
[ "$per" -ge 1 ] || per=1

failed=""
for t in $targets; do
	mkdir -p "$OUT/$t" "$OUT/crashes"
	echo "fuzz: $t for ${per}s"
	# New inputs go to the first corpus dir (the working one); the seeds
	# in the source tree are only read.
	"$BUILD/fuzz/$t" -max_total_time="$per" -timeout=10 -rss_limit_mb=2048 \
		-max_len=1024 -print_final_stats=1 \
		-artifact_prefix="$OUT/crashes/$t-" \
		"$OUT/$t" "$TOP/fuzz/corpus/$t" >"$OUT/$t.log" 2>&1
	rc=$?
	grep -E '^stat::number_of_executed_units|^Done' "$OUT/$t.log" | sed "s/^/  $t: /"
	if [ $rc -ne 0 ]; then
		failed="$failed $t"
		echo "fuzz: $t FAILED (exit $rc); last lines of $OUT/$t.log:"
		grep -v '^#' "$OUT/$t.log" | tail -30 | sed 's/^/    /'
		ls "$OUT/crashes/$t-"* 2>/dev/null | sed 's/^/    input: /'
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz: failed:$failed"
	exit 1
fi
echo "fuzz: $n targets, no crash"
