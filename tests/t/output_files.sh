#!/bin/sh
# -ff -o PREFIX: one file PREFIX.TID per thread/process, holding only its
# own lines, each whole (no pid column, no unfinished/resumed halves).
# -f -o FILE: every line whole and well-formed, however the tracees
# interleave.
# unprivileged: yes
set -u
P=$BUILD/tests/progs
bad=0
fail() { echo "FAIL: $*"; bad=1; }

mkdir "$WORK/ff"
timeout 30 "$TRACEBOX" trace -ff -o "$WORK/ff/tr" -- "$P/thr_fork" "$P/true_prog"
rc=$?
[ $rc = 0 ] || fail "-ff: tracebox exited $rc"
[ -e "$WORK/ff/tr" ] && fail "-ff: the file without a pid exists"
nfiles=$(find "$WORK/ff" -name 'tr.[0-9]*' | wc -l)
[ "$nfiles" = 6 ] || fail "-ff: $nfiles files, want 6 (main, 4 threads, child): $(ls "$WORK/ff")"
main=
for f in "$WORK"/ff/tr.*; do
	tid=${f##*.}
	grep -q -e '^\[pid' -e '^[0-9]' -e 'unfinished \.\.\.>' -e '^<\.\.\.' "$f" &&
		fail "-ff: $f has split or prefixed lines: $(grep -e '^\[pid' -e '^[0-9]' -e 'unfinished' -e '^<' "$f" | head -n 2)"
	[ "$(tail -n 1 "$f")" = "+++ exited with 0 +++" ] || fail "-ff: $f ends with '$(tail -n 1 "$f")'"
	if grep -q '"/nonexistent/thread-' "$f"; then
		n=$(grep -c '^openat(AT_FDCWD, "/nonexistent/thread-[1-4]", O_RDONLY) *= -1 ENOENT (No such file or directory)$' "$f")
		[ "$n" = 1 ] || fail "-ff: $f: $n openat lines of a thread"
		[ "$(wc -l <"$f")" -le 12 ] || fail "-ff: thread file $f has $(wc -l <"$f") lines"
	elif grep -q '^execve(.*) *= 0$' "$f" && ! grep -q '^clone' "$f"; then
		[ -z "${child:-}" ] || fail "-ff: two child files: $child $tid"
		child=$tid
	else
		[ -z "$main" ] || fail "-ff: two main files: $main $tid"
		main=$tid
	fi
done
[ -n "$main" ] && [ -n "${child:-}" ] || fail "-ff: main or child file missing"
[ -n "$main" ] && { grep -q '^openat(AT_FDCWD, "/nonexistent/thread' "$WORK/ff/tr.$main" &&
	fail "-ff: a thread's call in the main file"; }
threads=$(cat "$WORK"/ff/tr.* | grep -c '^openat(AT_FDCWD, "/nonexistent/thread-[1-4]"')
[ "$threads" = 4 ] || fail "-ff: $threads thread openat lines in all, want 4"

# -f -o FILE under load: 50 threads and 20 children at once
timeout 60 "$TRACEBOX" trace -f -o "$WORK/tr" -- "$P/many" 50 20
rc=$?
[ $rc = 0 ] || fail "-o: tracebox exited $rc"
line_re='^[0-9]+ +([a-z_0-9]+\(.*\) += .+|[a-z_0-9]+\(.* <unfinished \.\.\.>|<\.\.\. [a-z_0-9]+ resumed>.*\) += .+|\+\+\+ [a-z].* \+\+\+|--- [A-Z].* ---)$'
nbad=$(grep -cvE "$line_re" "$WORK/tr")
[ "$nbad" = 0 ] || fail "-o: $nbad malformed lines, e.g. '$(grep -vE "$line_re" "$WORK/tr" | head -n 1)'"
n=$(grep -cE '^[0-9]+ +\+\+\+ exited with 0 \+\+\+$' "$WORK/tr")
[ "$n" = 71 ] || fail "-o: $n exit lines, want 71"
exit $bad
