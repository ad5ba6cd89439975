#!/usr/bin/env bash
# Load harness (`make load`): drives the slackmock binary and a bare echo server (load/bare)
# with the same bounded load, in rounds that alternate them, and Prism serving openapi.yaml
# when npm is there, then prints requests/s, latency and errors side by side (the median of
# the rounds and their spread), the mock's RSS through its runs and what its journal kept;
# then how soon the binary answers its first call after it is started, with the demo fixture
# and with a fixture of a million sessions (load/firstanswer), and the performance targets (see load/README.md).
# See load/README.md.
#
# Environment:
#   LOAD_SECONDS      seconds of measured load per server and round (default 10; 60 for a
#                     soak; at most 600)
#   LOAD_ROUNDS       rounds of bare and mock, alternating which goes first (default 3)
#   LOAD_WARMUP       seconds of unmeasured load before each run (default 2)
#   LOAD_CONNECTIONS  wrk connections (default 50)
#   LOAD_THREADS      wrk threads (default 2)
#   LOAD_PIN          1: servers on the first half of the CPUs, wrk on the other half (taskset);
#                     0: all share every CPU; default: 1 where taskset and 2 CPUs are there
#   LOAD_PRISM        1: also drive Prism (needs npm; installs the pinned version in load/);
#                     0: not; default: 1 where npm is there
#   LOAD_STARTS       times the binary is started for its first answer (default 5; 0: none)
#   LOAD_FIXTURE      sessions of the big fixture it is also started with, 3 times
#                     (default 1000000; 0: none)
#   LOAD_ORGS         orgs of the demo fixture it is also made to serve, over loopback, once
#                     (default 10000; 0: none)
#   LOAD_STRICT=1     exit 1 when a target of the issue is missed, not only on errors
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

seconds=${LOAD_SECONDS:-10}
rounds=${LOAD_ROUNDS:-3}
warmup=${LOAD_WARMUP:-2}
conns=${LOAD_CONNECTIONS:-50}
threads=${LOAD_THREADS:-2}
starts=${LOAD_STARTS:-5}
fixture=${LOAD_FIXTURE:-1000000}
orgs=${LOAD_ORGS:-10000}
for v in seconds rounds warmup conns threads starts fixture orgs; do
	[[ ${!v} =~ ^[0-9]+$ ]] || { echo "load: ${v} must be a whole number, not '${!v}'" >&2; exit 2; }
done
((seconds >= 1 && seconds <= 600)) || { echo "load: LOAD_SECONDS must be between 1 and 600" >&2; exit 2; }
((rounds >= 1 && rounds <= 20)) || { echo "load: LOAD_ROUNDS must be between 1 and 20" >&2; exit 2; }
((starts <= 100 && fixture <= 10000000 && orgs <= 100000)) || { echo "load: LOAD_STARTS at most 100, LOAD_FIXTURE at most 10000000, LOAD_ORGS at most 100000" >&2; exit 2; }
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

echo "load: building slackmock, the bare echo server and firstanswer" >&2
go build -o "$work/slackmock" ./mock/cmd/slackmock
go build -o "$work/bare" ./load/bare
go build -o "$work/firstanswer" ./load/firstanswer

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

rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# cpu_ticks PID answers the CPU time the process has used (user + system), in clock ticks,
# or nothing where /proc is missing.
cpu_ticks() { [[ -r /proc/$1/stat ]] && awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# drive NAME BASE PID [ROUND] warms the server up, then runs the measured load. It keeps
# wrk's RESULT line in result_NAME, the server's RSS at the start, halfway and at the end
# in rss_NAME, and the server's CPU time per request in cpu_NAME (NAME_ROUND with a round).
drive() {
	local name=$1 url=$2 pid=$3 w rss0 rss1 t0 t1 r
	[[ -z ${4:-} ]] || name=${1}_$4
	echo "load: $name: ${warmup}s warm-up, then ${seconds}s at $conns connections" >&2
	rss0=$(rss_mb "$pid")
	((warmup == 0)) || "${cli[@]}" wrk -t"$threads" -c"$conns" -d"${warmup}s" --timeout 10s -s load/post.lua "$url$path" >/dev/null
	t0=$(cpu_ticks "$pid")
	"${cli[@]}" wrk -t"$threads" -c"$conns" -d"${seconds}s" --timeout 10s --latency -s load/post.lua "$url$path" >"$work/$name.wrk" &
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

# Filled in with printf -v: result_*, rss_* and cpu_* by drive.
result_prism=''

# drive_pair NAME URL1 URL2 runs the measured load of two wrk runs side by side, each with
# half the connections and threads, one on URL1 and one on URL2, and adds the sum of their
# req/s to the array pair_NAME.
drive_pair() {
	local name=$1 half_c=$((conns / 2 > 0 ? conns / 2 : 1)) half_t=$((threads / 2 > 0 ? threads / 2 : 1)) w1 w2 sum
	shift
	echo "load: $name: ${seconds}s of two wrk side by side at $half_c connections each" >&2
	"${cli[@]}" wrk -t"$half_t" -c"$half_c" -d"${seconds}s" --timeout 10s -s load/post.lua "$1$path" >"$work/pair1.wrk" &
	w1=$!
	"${cli[@]}" wrk -t"$half_t" -c"$half_c" -d"${seconds}s" --timeout 10s -s load/post.lua "$2$path" >"$work/pair2.wrk" &
	w2=$!
	wait "$w1" "$w2"
	sum=$(cat "$work/pair1.wrk" "$work/pair2.wrk" | awk '/^RESULT / { s += $2; n++ } END { if (n == 2) print s }')
	[[ -n $sum ]] || { echo "load: wrk gave no result for $name:" >&2; cat "$work/pair1.wrk" "$work/pair2.wrk" >&2; exit 1; }
	local -n into="pair_$name"
	into+=("$sum")
}
pair_one_org=() pair_two_orgs=()

# Both servers run throughout; each round drives them one after the other, bare first in
# odd rounds and the mock first in even ones, so that a change in what else the machine
# does weighs on both alike. The mock runs as users run it: demo fixture, journal on
# (default cap), no rate limit.
start bare "$work/bare"
bare_url=$url bare_pid=$pid
precheck bare "$bare_url/api"
start mock "$work/slackmock" -addr 127.0.0.1:0
mock_url=$url mock_pid=$pid
precheck mock "$mock_url/api"
for ((round = 1; round <= rounds; round++)); do
	if ((round % 2)); then order=(bare mock); else order=(mock bare); fi
	for s in "${order[@]}"; do
		u="${s}_url" p="${s}_pid"
		drive "$s" "${!u}/api" "${!p}" "$round"
	done
done
# Orgs of their own: the same two wrk runs side by side on one org and on two orgs at once,
# taking turns round by round like bare and mock above. Two orgs share no lock on a call's
# path, so they serve at least what one does.
org1=$(curl -sS --max-time 10 -X POST "$mock_url/_mock/orgs" | grep -o '"api_url":"[^"]*' | cut -d'"' -f4)
org2=$(curl -sS --max-time 10 -X POST "$mock_url/_mock/orgs" | grep -o '"api_url":"[^"]*' | cut -d'"' -f4)
[[ -n $org1 && -n $org2 ]] || { echo "load: the mock made no orgs" >&2; exit 1; }
precheck org "${org1%/}"
drive org1 "${org1%/}" "$mock_pid"
for ((round = 1; round <= rounds; round++)); do
	if ((round % 2)); then
		drive_pair one_org "${org1%/}" "${org1%/}"
		drive_pair two_orgs "${org1%/}" "${org2%/}"
	else
		drive_pair two_orgs "${org2%/}" "${org1%/}"
		drive_pair one_org "${org1%/}" "${org1%/}"
	fi
done
journal=$(curl -sS --max-time 30 "$mock_url/_mock/requests?method=admin.users.session.reset")
kept=$(grep -o '"method":"' <<<"$journal" | wc -l || true)
notok=$(grep -o '"error":"' <<<"$journal" | wc -l || true)
dropped=$(grep -o '"dropped":[0-9]*' <<<"$journal" | cut -d: -f2 || true)
stop "$bare_pid"
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
fi

# The table: per round, then the median of the rounds with the spread (min-max) of req/s.
failed=0
field() { local r="result_$1"; awk -v n="$2" '{ print $(n + 1) }' <<<"${!r}"; }
echo
echo "POST $path ($body), $conns connections, $threads threads, ${seconds}s each after ${warmup}s warm-up,"
echo "$rounds rounds alternating bare and mock; $placement"
printf '%-8s %9s %8s %8s %10s %8s %7s %8s  %s\n' server 'req/s' 'p50 ms' 'p99 ms' requests non-2xx errors 'CPU µs' 'RSS MB start / half / end'
row() {
	local name=$1 r="result_$1" c="cpu_$1" m="rss_$1" rps p50 p99 n non2xx errs
	read -r _ rps p50 p99 n non2xx errs <<<"${!r}"
	awk -v s="$name" -v rps="$rps" -v p50="$p50" -v p99="$p99" -v n="$n" -v x="$non2xx" -v e="$errs" -v c="${!c}" -v m="${!m}" \
		'BEGIN { printf "%-8s %9d %8.2f %8.2f %10d %8d %7d %8s  %s\n", s, rps, p50 / 1000, p99 / 1000, n, x, e, c, m }'
	((non2xx == 0 && errs == 0)) || failed=1
}
ratios=() bare_rps=() mock_rps=() mock_p99=() bare_cpu=() mock_cpu=()
for ((round = 1; round <= rounds; round++)); do
	row "bare_$round"
	row "mock_$round"
	b=$(field "bare_$round" 1) m=$(field "mock_$round" 1)
	bare_rps+=("$b") mock_rps+=("$m") mock_p99+=("$(field "mock_$round" 3)")
	ratios+=("$(awk -v m="$m" -v b="$b" 'BEGIN { printf "%.3f", m / b }')")
	c="cpu_bare_$round"; bare_cpu+=("${!c}")
	c="cpu_mock_$round"; mock_cpu+=("${!c}")
done
row org1
if [[ -n $result_prism ]]; then row prism; fi
echo "(CPU µs: the server's own CPU time per request, user and system; org1: an org of its own, alone)"

# median V... and spread V... print the median, and min-max, of whole or decimal numbers.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
spread() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo "-" hi }'; }
rps_bare=$(median "${bare_rps[@]}") rps_mock=$(median "${mock_rps[@]}") p99_mock=$(median "${mock_p99[@]}")
ratio=$(median "${ratios[@]}")
echo
printf 'median of %d rounds: bare %.0f req/s (%s), mock %.0f req/s (%s), CPU µs per request bare %s, mock %s\n' \
	"$rounds" "$rps_bare" "$(spread "${bare_rps[@]}")" "$rps_mock" "$(spread "${mock_rps[@]}")" "$(median "${bare_cpu[@]}")" "$(median "${mock_cpu[@]}")"
printf 'mock/bare req/s: %.3f (rounds %s); mock p99 %.2f ms (rounds %s ms)\n' "$ratio" "$(spread "${ratios[@]}")" \
	"$(awk -v p="$p99_mock" 'BEGIN { print p / 1000 }')" "$(printf '%s\n' "${mock_p99[@]}" | awk '{ printf "%s%.2f", (NR > 1 ? " " : ""), $1 / 1000 }')"
rps_prism=
if [[ -n $result_prism ]]; then
	rps_prism=$(field prism 1)
	echo "mock/prism req/s: $(awk -v m="$rps_mock" -v p="$rps_prism" 'BEGIN { printf "%.1f", m / p }') (the mock's median over Prism's one run)"
fi
one_org=$(median "${pair_one_org[@]}") two_orgs=$(median "${pair_two_orgs[@]}")
printf 'orgs of their own, two wrk side by side (median of %d rounds): on one org %.0f req/s in all (%s); on two orgs %.0f (%s), %.2fx\n' \
	"$rounds" "$one_org" "$(spread "${pair_one_org[@]}")" "$two_orgs" "$(spread "${pair_two_orgs[@]}")" \
	"$(awk -v t="$two_orgs" -v o="$one_org" 'BEGIN { print t / o }')"
echo "mock journal: $kept calls kept, $dropped older ones dropped (cap reached, memory bounded), $notok answered other than ok:true"
((notok == 0)) || failed=1

# How soon the binary answers: started with -addr 127.0.0.1:0, timed from its start to the
# first ok:true answer (load/firstanswer), with the demo fixture and with a big one.
first_demo='' first_big=''
if ((starts > 0)); then
	echo
	echo "load: starting slackmock $starts times with the demo fixture" >&2
	first_demo=$("$work/firstanswer" -bin "$work/slackmock" -runs "$starts" | grep '^RESULT ')
	read -r _ n med lo hi rss peak _ <<<"$first_demo"
	echo "first answer, demo fixture: median $med ms ($lo-$hi ms, $n starts), RSS $rss MB"
fi
orgs_result=''
if ((orgs > 0)); then
	echo "load: starting slackmock and making $orgs orgs of the demo fixture over loopback" >&2
	orgs_result=$("$work/firstanswer" -bin "$work/slackmock" -runs 1 -orgs "$orgs" | grep '^RESULT ')
	read -r _ _ _ _ _ rss peak us <<<"$orgs_result"
	echo "$orgs orgs of the demo fixture: made in $us µs each over loopback, RSS $rss MB with them"
fi
if ((fixture > 0)); then
	echo "load: starting slackmock 3 times with a fixture of $fixture sessions" >&2
	first_big=$("$work/firstanswer" -bin "$work/slackmock" -runs 3 -sessions "$fixture" | grep '^RESULT ')
	read -r _ n med lo hi rss peak _ <<<"$first_big"
	echo "first answer, $fixture sessions: median $med ms ($lo-$hi ms, $n starts), RSS $rss MB after it (peak $peak MB)"
fi

# The performance targets (load/README.md).
missed=0
target() {
	local verdict=met
	(($2)) || { verdict=MISSED; missed=1; }
	printf '  %-44s %s\n' "$1" "$verdict"
}
echo
echo "targets:"
target "mock p99 < 5 ms at $conns connections (median)" "$(awk -v p="$p99_mock" 'BEGIN { print (p < 5000) }')"
target "two orgs at once serve at least one (median, within 5%)" "$(awk -v t="$two_orgs" -v o="$one_org" 'BEGIN { print (t >= 0.95 * o) }')"
target "no errors, non-2xx or answers but ok:true" "failed == 0"
if [[ -n $rps_prism ]]; then
	target "mock >= 20x Prism req/s" "$(awk -v m="$rps_mock" -v p="$rps_prism" 'BEGIN { print (m >= 20 * p) }')"
fi
if [[ -n $first_demo ]]; then
	target "first answer < 100 ms after the start (median)" "$(awk -v r="$first_demo" 'BEGIN { split(r, f, " "); print (f[3] < 100) }')"
fi
if [[ -n $orgs_result ]]; then
	target "$orgs orgs: each made in <= 1 ms over loopback" "$(awk -v r="$orgs_result" 'BEGIN { split(r, f, " "); print (f[8] <= 1000) }')"
	target "$orgs orgs: RSS < 200 MB" "$(awk -v r="$orgs_result" 'BEGIN { split(r, f, " "); print (f[6] < 200) }')"
fi
if [[ -n $first_big ]]; then
	target "$fixture sessions: first answer < 2 s (median)" "$(awk -v r="$first_big" 'BEGIN { split(r, f, " "); print (f[3] < 2000) }')"
	target "$fixture sessions: RSS < 250 MB (median)" "$(awk -v r="$first_big" 'BEGIN { split(r, f, " "); print (f[6] < 250) }')"
fi
((failed == 0)) || { echo "load: FAILED: errors, non-2xx or answers other than ok:true" >&2; exit 1; }
if ((missed)) && [[ ${LOAD_STRICT:-} == 1 ]]; then
	echo "load: FAILED: a target was missed (LOAD_STRICT=1)" >&2
	exit 1
fi
