#!/bin/sh
# tracebox scan against yara on a 1 GiB target: mostly touched memory
# (pseudo-random bytes) plus a large mapping never touched.
#   sh bench/scan.sh [BUILD] ; REPS=N (default 5), TOUCH_MIB, UNTOUCHED_MIB
# Prints a markdown table: medians over REPS runs, wall time from
# date +%s%N. Throughput is the touched memory (what tracebox reads) over
# the wall time, the same numerator for every tool, so the ratio is the
# ratio of times. Targets: >= 3x yara with the same rules, >= 2 GB/s for
# literals; target VmRSS growth ~0 for untouched pages.
set -u
. "$(dirname "$0")/lib.sh"
B=${1:-build}
REPS=${REPS:-5}
TOUCH=${TOUCH_MIB:-1024}
UNTOUCHED=${UNTOUCHED_MIB:-4096}
T=$B/tracebox
TMP=$(mktemp -d /tmp/tracebox-bench.XXXXXX)
trap 'kill $TP 2>/dev/null; rm -rf "$TMP"' EXIT
cd "$(dirname "$0")/.." || exit 1

cc -O2 -o "$TMP/vmread" bench/vmread.c || exit 1
"$B/tests/progs/scan_target" -u "$UNTOUCHED" -t "$TOUCH" -s 3600 >"$TMP/target.out" &
TP=$!
while ! grep -q '^ready' "$TMP/target.out" 2>/dev/null; do sleep 0.2; done

cat >"$TMP/rules.yar" <<'YAR'
rule marker { strings: $a = "TBXMARK:" condition: $a }
rule secrets {
	strings:
		$k = "-----BEGIN RSA PRIVATE KEY-----"
		$p = "password=" nocase
		$t = "Authorization: Bearer "
	condition: any of them
}
rule mz { strings: $mz = { 4D 5A 90 00 03 00 00 00 04 00 00 00 FF FF } condition: $mz }
rule url { strings: $u = /https?:\/\/[a-z0-9.\-]{4,40}\/[a-z]{3,8}/ condition: $u }
YAR

rss() { awk '/^VmRSS:/ {print $2}' "/proc/$TP/status"; }
gbs() { awk -v b="$1" -v ns="$2" 'BEGIN {printf "%.2f", b / ns}'; }	# bytes/ns = GB/s

# bytes tracebox reads: from its summary ("... 1.00 GiB in ...")
"$T" scan -p "$TP" --string TBXMARK: >/dev/null 2>"$TMP/sum"
BYTES=$(sed -n 's/.* regions, \([0-9.]*\) \([KMG]\)iB in .*/\1 \2/p' "$TMP/sum" |
	awk '{m = $2 == "G" ? 1073741824 : $2 == "M" ? 1048576 : 1024; printf "%.0f", $1 * m}')

rss0=$(rss)
: >"$TMP/t_yara_tb"; : >"$TMP/t_lit"; : >"$TMP/t_raw"
for i in $(seq "$REPS"); do
	a=$(now); "$T" scan -p "$TP" -r "$TMP/rules.yar" >/dev/null 2>&1; b=$(now)
	echo $((b - a)) >>"$TMP/t_yara_tb"
	a=$(now)
	"$T" scan -p "$TP" --string TBXMARK: --string 'password=' --string '-----BEGIN RSA PRIVATE KEY-----' \
		--string 'Authorization: Bearer ' >/dev/null 2>&1
	b=$(now)
	echo $((b - a)) >>"$TMP/t_lit"
done
rss_tb=$(rss)
# the raw copy reads whole regions (library pages never touched, too),
# so it runs after the RSS figure for tracebox
for i in $(seq "$REPS"); do
	"$TMP/vmread" "$TP" $((TOUCH * 2)) | awk '{print $2}' >>"$TMP/t_raw"
done
RAWBYTES=$("$TMP/vmread" "$TP" $((TOUCH * 2)) | awk '{print $1}')
rss_raw=$(rss)

: >"$TMP/t_yara"
for i in $(seq "$REPS"); do
	a=$(now); yara "$TMP/rules.yar" "$TP" >/dev/null 2>"$TMP/yara.err"; b=$(now)
	echo $((b - a)) >>"$TMP/t_yara"
done
rss_y=$(rss)

tb=$(median <"$TMP/t_yara_tb"); ya=$(median <"$TMP/t_yara")
lit=$(median <"$TMP/t_lit"); raw=$(median <"$TMP/t_raw")

a=$(now); "$T" scan --all --string TBXMARK: >/dev/null 2>"$TMP/all"; b=$(now)
nproc_all=$(sed -n 's/.*scanned \([0-9]*\) process.*/\1/p' "$TMP/all")
all_ms=$(( (b - a) / 1000000 ))

echo "## tracebox scan vs yara ($(yara --version 2>/dev/null | head -1)), target: ${TOUCH} MiB touched + ${UNTOUCHED} MiB untouched, $REPS reps, medians"
echo
echo "| measure | value |"
echo "|---|---|"
echo "| bytes read by tracebox (present pages) | $BYTES |"
echo "| YARA rules: tracebox scan -r, wall | $((tb / 1000000)) ms ($(gbs "$BYTES" "$tb") GB/s) |"
echo "| YARA rules: yara RULES PID, wall | $((ya / 1000000)) ms ($(gbs "$BYTES" "$ya") GB/s) |"
echo "| **speed-up vs yara** (target >= 3x) | **$(awk -v a="$ya" -v b="$tb" 'BEGIN {printf "%.1fx", a / b}')** |"
echo "| 4 literals via Hyperscan, wall (target >= 2 GB/s) | $((lit / 1000000)) ms (**$(gbs "$BYTES" "$lit") GB/s**) |"
echo "| raw process_vm_readv copy, no matching (the limit) | $((raw / 1000000)) ms ($(gbs "$RAWBYTES" "$raw") GB/s) |"
echo "| target VmRSS before | $rss0 kB |"
echo "| target VmRSS after $((2 * REPS)) tracebox scans | $rss_tb kB (+$((rss_tb - rss0)) kB) |"
echo "| target VmRSS after $REPS raw copies (whole regions) | $rss_raw kB (+$((rss_raw - rss_tb)) kB) |"
echo "| target VmRSS after $REPS yara scans | $rss_y kB (+$((rss_y - rss_raw)) kB) |"
echo "| tracebox scan --all (literal), $nproc_all processes | $all_ms ms ($(awk -v n="$nproc_all" -v ms="$all_ms" 'BEGIN {printf "%.0f", ms ? n * 1000 / ms : 0}') processes/s) |"
