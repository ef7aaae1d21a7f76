#!/bin/sh
# The whole test suite: unit tests (cmocka, TAP), integration programs
# (tests/integ/*.c print the exact trace tracebox must produce), and
# shell tests (tests/t/*.sh). Integration and shell tests run with the
# normal build and again with the ASan+UBSan build; where a test allows it
# (a line "# unprivileged: yes"), also as the user nobody.
# Last line: "N passed, N failed, N skipped".
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
abs() { case $1 in /*) echo "$1" ;; '') ;; *) echo "$PWD/$1" ;; esac; }
BUILD=$(abs "${1:-build}")
ASAN=$(abs "${2:-}")
cd "$TOP"
pass=0 fail=0 skip=0
failed_names=""
WORK=$(mktemp -d /tmp/tracebox-tests.XXXXXX)
chmod 755 "$WORK"
trap 'rm -rf "$WORK"' EXIT

result() {	# name status(0 pass, 77 skip, else fail) [reason]
	case $2 in
	0) pass=$((pass + 1)); echo "ok      $1" ;;
	77) skip=$((skip + 1)); echo "skip    $1${3:+ ($3)}" ;;
	*) fail=$((fail + 1)); failed_names="$failed_names $1"; echo "FAIL    $1" ;;
	esac
}

can_nobody() {
	id nobody >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1
}

# ---- unit tests (TAP from cmocka) ----
run_unit() {	# build label
	for t in "$1"/tests/unit/test_*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		name=$2/unit/$(basename "$t")
		out=$(CMOCKA_MESSAGE_OUTPUT=TAP timeout 120 "$t" 2>&1)
		rc=$?
		n_ok=$(printf '%s\n' "$out" | grep -c '^ok ')
		n_bad=$(printf '%s\n' "$out" | grep -c '^not ok ')
		pass=$((pass + n_ok))
		if [ "$n_bad" -gt 0 ] || [ "$rc" -ne 0 ]; then
			fail=$((fail + n_bad + (n_bad == 0)))
			failed_names="$failed_names $name"
			printf '%s\n' "$out" | grep -v '^ok ' | sed 's/^/    /' | head -40
			echo "FAIL    $name"
		else
			echo "ok      $name ($n_ok)"
		fi
	done
}

# ---- integration programs ----
# tests/integ/NAME.c: its "ARGS:" comment line gives the tracebox options;
# run with -a1 -o FILE, the trace must end with exactly what the program
# printed (the dynamic loader's calls come before it).
run_integ() {	# build label [build of the test programs]
	b=$1 label=$2 pb=${3:-$1}
	for src in tests/integ/*.c; do
		[ -f "$src" ] || continue
		n=$(basename "$src" .c)
		prog=$pb/tests/integ/$n
		[ -x "$prog" ] || { result "$label/integ/$n" 1; continue; }
		args=$(sed -n 's/.*ARGS: *\(.*\) *\*\/.*/\1/p; s/.*ARGS: *\(.*\)$/\1/p' "$src" | head -1)
		exp=$WORK/$label.$n.exp out=$WORK/$label.$n.out
		# shellcheck disable=SC2086
		timeout 60 "$b/tracebox" trace -a1 $args -o "$out" -- "$prog" >"$exp" 2>"$WORK/$label.$n.err"
		rc=$?
		if [ $rc = 77 ]; then
			result "$label/integ/$n" 77 "$(head -1 "$exp")"
		elif tail -n "$(wc -l <"$exp")" "$out" >"$out.tail" &&
		     diff -u "$exp" "$out.tail" >"$WORK/$label.$n.diff" 2>&1; then
			result "$label/integ/$n" 0
		else
			sed 's/^/    /' "$WORK/$label.$n.diff" | head -30
			sed 's/^/    stderr: /' "$WORK/$label.$n.err" | head -5
			result "$label/integ/$n" 1
		fi
	done
}

# ---- shell tests ----
# tests/t/NAME.sh: exit 0 pass, 77 skip (first line of stdout says why),
# else fail. Environment: TRACEBOX, BUILD, TESTS (tests dir), WORK (a
# scratch dir of its own).
run_shell() {	# build label [user [build of the test programs]]
	b=$1 label=$2 user=${3:-} pb=${4:-$1}
	for t in tests/t/*.sh; do
		[ -f "$t" ] || continue
		n=$(basename "$t" .sh)
		if [ -n "$user" ]; then
			grep -q '^# unprivileged: yes' "$t" || continue
		fi
		w=$WORK/$label.$n
		mkdir -p "$w"
		[ -n "$user" ] && chmod 777 "$w"
		if [ -n "$user" ]; then
			out=$(cd "$w" && timeout 120 setpriv --reuid=nobody --regid=nogroup --clear-groups \
				env TRACEBOX="$b/tracebox" BUILD="$pb" TESTS="$TOP/tests" WORK="$w" \
				HOME="$w" sh "$TOP/$t" 2>&1)
		else
			out=$(cd "$w" && TRACEBOX="$b/tracebox" BUILD="$pb" TESTS="$TOP/tests" \
				WORK="$w" timeout 120 sh "$TOP/$t" 2>&1)
		fi
		rc=$?
		if [ $rc -ne 0 ] && [ $rc -ne 77 ]; then
			printf '%s\n' "$out" | tail -25 | sed 's/^/    /'
		fi
		result "$label/$n" $rc "$(printf '%s\n' "$out" | head -1)"
	done
}

run_unit "$BUILD" std
run_integ "$BUILD" std
run_shell "$BUILD" std
if can_nobody; then
	run_shell "$BUILD" nobody nobody
else
	result "nobody/*" 77 "not root or no user nobody"
fi
if [ -n "$ASAN" ] && [ -x "$ASAN/tracebox" ]; then
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
	export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
	run_unit "$ASAN" asan
	# the traced programs come from the normal build: LeakSanitizer
	# cannot run in a traced process; tracebox itself is checked
	run_integ "$ASAN" asan "$BUILD"
	run_shell "$ASAN" asan "" "$BUILD"
fi

[ -n "$failed_names" ] && echo "failed:$failed_names"
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
