#!/bin/sh
# The libFuzzer targets build with clang and run ~10 s in all without a
# crash (the long run is "make fuzz"). Runs once, in the normal pass.
set -u
TOP=$(cd "$TESTS/.." && pwd)
if [ -n "${ASAN_OPTIONS:-}" ]; then
	echo "fuzz targets carry their own sanitizers: run in the normal pass only"
	exit 77
fi
command -v clang >/dev/null 2>&1 || { echo "clang not installed"; exit 77; }
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' >"$WORK/probe.c"
if ! clang -fsanitize=fuzzer,address,undefined -o "$WORK/probe" "$WORK/probe.c" >"$WORK/probe.log" 2>&1; then
	echo "clang cannot link libFuzzer (libclang-rt-dev missing?)"
	exit 77
fi
start=$(date +%s)
if ! CC=clang meson setup "$WORK/b" "$TOP" -Dfuzz=true -Dtests=false -Dwerror=false \
	-Dbuildtype=plain -Doptimization=0 >"$WORK/setup.log" 2>&1; then
	tail -20 "$WORK/setup.log"
	exit 1
fi
targets=$(cd "$TOP/fuzz" && ls fuzz_*.c | sed 's/\.c$//; s|^|fuzz/|')
# shellcheck disable=SC2086
if ! ninja -C "$WORK/b" $targets >"$WORK/build.log" 2>&1; then
	grep -E 'error|FAILED' "$WORK/build.log" | head -20
	exit 1
fi
echo "built in $(($(date +%s) - start)) s"
FUZZ_OUT="$WORK/out" sh "$TOP/fuzz/run.sh" "$WORK/b" 9
