#!/usr/bin/env bash
# Load harness (`make load`): drives the slackmock binary and a bare echo server (load/bare)
# with the same bounded load, and Prism serving openapi.yaml when npm is there, then prints
# requests/s, latency and errors side by side, the mock's RSS through its run, and what its
# journal kept. See load/README.md.
#
# Environment:
#   LOAD_SECONDS      seconds of measured load per server (default 10; 60 for a soak; at most 600)
#   LOAD_WARMUP       seconds of unmeasured load before each run (default 2)
#   LOAD_CONNECTIONS  wrk connections (default 50)
#   LOAD_THREADS      wrk threads (default 2)
#   LOAD_PIN          1: servers on the first half of the CPUs, wrk on the other half (taskset);
#                     0: all share every CPU; default: 1 where taskset and 2 CPUs are there
#   LOAD_PRISM        1: also drive Prism (needs npm; installs the pinned version in load/);
#                     0: not; default: 1 where npm is there
#   LOAD_STRICT=1     exit 1 when a target of the issue is missed, not only on errors
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

seconds=${LOAD_SECONDS:-10}
warmup=${LOAD_WARMUP:-2}
conns=${LOAD_CONNECTIONS:-50}
threads=${LOAD_THREADS:-2}
for v in seconds warmup conns threads; do
	[[ ${!v} =~ ^[0-9]+$ ]] || { echo "load: ${v} must be a whole number, not '${!v}'" >&2; exit 2; }
done
((seconds >= 1 && seconds <= 600)) || { echo "load: LOAD_SECONDS must be between 1 and 600" >&2; exit 2; }
((warmup <= 60 && conns >= 1 && conns <= 1000 && threads >= 1 && threads <= conns)) ||
	{ echo "load: LOAD_WARMUP at most 60, 1 <= LOAD_THREADS <= LOAD_CONNECTIONS <= 1000" >&2; exit 2; }

# wrk: install it where that is possible (root with apt), else say how.
if ! command -v wrk >/dev/null; then
	if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
		echo "load: installing wrk with apt-get" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null ||
			{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	else
		echo "load: wrk is missing: install it (Debian/Ubuntu: sudo apt-get install wrk; macOS: brew install wrk) and run again" >&2
		exit 1
	fi
fi
command -v curl >/dev/null || { echo "load: curl is missing" >&2; exit 1; }

# Pinning keeps wrk and the server from taking turns on the same cores, which otherwise
# makes the p99 of any server, even bare, the scheduler's time slice rather than its own.
srv=() cli=() placement="servers and wrk share every CPU (LOAD_PIN=0)"
ncpu=$(nproc 2>/dev/null || echo 1)
case ${LOAD_PIN:-auto} in
0) ;;
1 | auto)
	if command -v taskset >/dev/null && ((ncpu >= 2)); then
		half=$((ncpu / 2))
		srv=(taskset -c "0-$((half - 1))") cli=(taskset -c "$half-$((ncpu - 1))")
		placement="servers pinned to CPUs ${srv[2]}, wrk to CPUs ${cli[2]} (LOAD_PIN=0 to share them all)"
	elif [[ ${LOAD_PIN:-auto} == 1 ]]; then
		echo "load: LOAD_PIN=1 needs taskset and at least 2 CPUs" >&2
		exit 2
	fi
	;;
*) echo "load: LOAD_PIN must be 0 or 1" >&2; exit 2 ;;
esac

work=$(mktemp -d)
pids=()
cleanup() {
	local pid
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$work"
}
trap cleanup EXIT

echo "load: building slackmock and the bare echo server" >&2
go build -o "$work/slackmock" ./mock/cmd/slackmock
go build -o "$work/bare" ./load/bare

# The Slack method every request calls. bare and the mock serve it under /api/, as Slack;
# Prism serves the spec's paths without the base path of its servers entry.
path=/admin.users.session.reset
body='user_id=W0BOB0001&mobile_only=true'

# start NAME COMMAND... runs a server in the background and sets pid and url from the
# first http://127.0.0.1:PORT it prints, within 10 seconds.
start() {
	local name=$1 i
	shift
	"${srv[@]}" "$@" >"$work/$name.log" 2>&1 &
	pid=$!
	pids+=("$pid")
	url=
	for ((i = 0; i < 100; i++)); do
		url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/$name.log" 2>/dev/null | head -n1 || true)
		[[ -n $url ]] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if [[ -z $url ]]; then
		echo "load: $name did not start:" >&2
		cat "$work/$name.log" >&2
		exit 1
	fi
}

# stop PID ends a server started by start.
stop() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# precheck NAME BASE fails unless one call answers HTTP 2xx with ok:true.
precheck() {
	local answer
	answer=$(curl -sS --max-time 10 -H 'Authorization: Bearer xoxp-demo-admin' -d "$body" "$2$path") || true
	[[ $answer == *'"ok":true'* ]] || { echo "load: $1 answered $answer" >&2; exit 1; }
}

rss_mb() { ps -o rss= -p "$1" | awk '{ printf "%.1f", $1 / 1024 }'; }

# cpu_ticks PID answers the CPU time the process has used (user + system), in clock ticks,
# or nothing where /proc is missing.
cpu_ticks() { [[ -r /proc/$1/stat ]] && awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# drive NAME BASE PID warms the server up, then runs the measured load. It keeps wrk's
# RESULT line in result_NAME, the server's RSS at the start, halfway and at the end in
# rss_NAME, and the server's CPU time per request in cpu_NAME.
drive() {
	local name=$1 url=$2 pid=$3 w rss0 rss1 t0 t1 r
	echo "load: $name: ${warmup}s warm-up, then ${seconds}s at $conns connections" >&2
	rss0=$(rss_mb "$pid")
	((warmup == 0)) || "${cli[@]}" wrk -t"$threads" -c"$conns" -d"${warmup}s" -s load/post.lua "$url$path" >/dev/null
	t0=$(cpu_ticks "$pid")
	"${cli[@]}" wrk -t"$threads" -c"$conns" -d"${seconds}s" --latency -s load/post.lua "$url$path" >"$work/$name.wrk" &
	w=$!
	sleep "$(awk -v s="$seconds" 'BEGIN { print s / 2 }')"
	rss1=$(rss_mb "$pid")
	wait "$w"
	t1=$(cpu_ticks "$pid")
	printf -v "rss_$name" '%s' "$rss0 / $rss1 / $(rss_mb "$pid")"
	printf -v "result_$name" '%s' "$(grep '^RESULT ' "$work/$name.wrk" || true)"
	r="result_$name"
	[[ -n ${!r} ]] || { echo "load: wrk gave no result for $name:" >&2; cat "$work/$name.wrk" >&2; exit 1; }
	printf -v "cpu_$name" '%s' "$(awk -v t0="$t0" -v t1="$t1" -v hz="$(getconf CLK_TCK)" -v r="${!r}" \
		'BEGIN { split(r, f, " "); if (t0 == "" || f[5] == 0) print "-"; else printf "%.1f", (t1 - t0) / hz * 1e6 / f[5] }')"
}

# Filled in with printf -v: result_*, rss_* and cpu_* by drive, rps_* and p99_* by the table.
result_bare='' rps_bare='' rps_mock='' rps_prism=''
servers=(bare mock)

start bare "$work/bare"
precheck bare "$url/api"
drive bare "$url/api" "$pid"
stop "$pid"

# The mock as users run it: demo fixture, journal on (default cap), no rate limit.
start mock "$work/slackmock" -addr 127.0.0.1:0
mock_url=$url mock_pid=$pid
precheck mock "$mock_url/api"
drive mock "$mock_url/api" "$mock_pid"
journal=$(curl -sS --max-time 30 "$mock_url/_mock/requests?method=admin.users.session.reset")
kept=$(grep -o '"method":"' <<<"$journal" | wc -l || true)
notok=$(grep -o '"error":"' <<<"$journal" | wc -l || true)
dropped=$(grep -o '"dropped":[0-9]*' <<<"$journal" | cut -d: -f2 || true)
stop "$mock_pid"

prism=${LOAD_PRISM:-}
if [[ -z $prism ]]; then
	prism=0
	if command -v npm >/dev/null; then prism=1; else echo "load: npm is missing, so Prism is left out" >&2; fi
fi
[[ $prism == [01] ]] || { echo "load: LOAD_PRISM must be 0 or 1, not '$prism'" >&2; exit 2; }
if [[ $prism == 1 ]]; then
	command -v npm >/dev/null || { echo "load: LOAD_PRISM=1 needs npm" >&2; exit 1; }
	if [[ ! -x load/node_modules/.bin/prism || load/package-lock.json -nt load/node_modules/.package-lock.json ]]; then
		echo "load: installing the pinned Prism (npm ci in load/)" >&2
		(cd load && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
	fi
	port=
	for ((i = 0; i < 50; i++)); do
		p=$((20000 + RANDOM % 20000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
	done
	[[ -n $port ]] || { echo "load: found no free port for Prism" >&2; exit 1; }
	# Prism as users run it (it logs every request); wait until it answers, at most a minute.
	"${srv[@]}" load/node_modules/.bin/prism mock --host 127.0.0.1 --port "$port" openapi.yaml >"$work/prism.log" 2>&1 &
	pid=$!
	pids+=("$pid")
	url=http://127.0.0.1:$port
	for ((i = 0; i < 300; i++)); do
		curl -s -o /dev/null --max-time 2 "$url$path" && break
		kill -0 "$pid" 2>/dev/null || { echo "load: prism did not start:" >&2; cat "$work/prism.log" >&2; exit 1; }
		sleep 0.2
	done
	precheck prism "$url"
	drive prism "$url" "$pid"
	stop "$pid"
	servers+=(prism)
fi

# The table.
read -r _ bare_rps _ <<<"$result_bare"
echo
echo "POST $path ($body), $conns connections, $threads threads, ${seconds}s each after ${warmup}s warm-up;"
echo "$placement"
printf '%-6s %9s %8s %8s %10s %8s %7s %8s %8s  %s\n' \
	server 'req/s' 'p50 ms' 'p99 ms' requests non-2xx errors 'vs bare' 'CPU µs' 'RSS MB start / half / end'
failed=0
for s in "${servers[@]}"; do
	r="result_$s" c="cpu_$s" m="rss_$s"
	read -r _ rps p50 p99 n non2xx errs <<<"${!r}"
	awk -v s="$s" -v rps="$rps" -v p50="$p50" -v p99="$p99" -v n="$n" -v x="$non2xx" -v e="$errs" -v b="$bare_rps" \
		-v c="${!c}" -v m="${!m}" \
		'BEGIN { printf "%-6s %9d %8.2f %8.2f %10d %8d %7d %7.0f%% %8s  %s\n", s, rps, p50 / 1000, p99 / 1000, n, x, e, 100 * rps / b, c, m }'
	((non2xx == 0 && errs == 0)) || failed=1
	printf -v "rps_$s" '%s' "$rps"
	printf -v "p99_$s" '%s' "$p99"
done
echo "(CPU µs: the server's own CPU time per request, user and system)"
echo
echo "mock/bare req/s: $(awk -v m="$rps_mock" -v b="$rps_bare" 'BEGIN { printf "%.2f", m / b }')"
if [[ -n ${rps_prism:-} ]]; then
	echo "mock/prism req/s: $(awk -v m="$rps_mock" -v p="$rps_prism" 'BEGIN { printf "%.1f", m / p }')"
fi
echo "mock journal: $kept calls kept, $dropped older ones dropped (cap reached, memory bounded), $notok answered other than ok:true"
((notok == 0)) || failed=1

# The targets of the issue.
missed=0
target() {
	local verdict=met
	(($2)) || { verdict=MISSED; missed=1; }
	printf '  %-34s %s\n' "$1" "$verdict"
}
echo
echo "targets:"
target "mock >= 60% of bare req/s" "rps_mock * 100 >= rps_bare * 60"
target "mock p99 < 5 ms" "p99_mock < 5000"
if [[ -n ${rps_prism:-} ]]; then
	target "mock >= 15x Prism req/s" "rps_mock >= rps_prism * 15"
fi
((failed == 0)) || { echo "load: FAILED: errors, non-2xx or answers other than ok:true" >&2; exit 1; }
if ((missed)) && [[ ${LOAD_STRICT:-} == 1 ]]; then
	echo "load: FAILED: a target was missed (LOAD_STRICT=1)" >&2
	exit 1
fi
