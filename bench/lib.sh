# Sourced by the bench scripts: the pieces every table needs.

now() { date +%s%N; }

# Numbers on stdin, separated by spaces or lines ("fail" entries left
# out): their median, or "fail" when there is none.
median() {
	tr ' ' '\n' | grep -Ev '^(|fail)$' | sort -n |
		awk '{ a[NR] = $1 } END { print (NR ? a[int((NR + 1) / 2)] : "fail") }'
}

# "2 CPUs, AMD EPYC ..., Linux 6.1.0": the machine a table ran on.
machine() {
	local model
	model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
	echo "$(nproc) CPUs, ${model:-unknown CPU}, Linux $(uname -r)"
}
