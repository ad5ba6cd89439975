#!/usr/bin/env bash
# Benchmarks (`make bench`): runs the Go benchmarks of mock, mock/mocktest and api
# BENCH_COUNT times, one package after the other in each round, so that what else the
# machine does weighs on every benchmark alike, then prints the pairs the performance targets compare side by
# side (load/benchpairs.awk): the median of the rounds, the spread (min-max) and the ratio
# of each pair against its target. The raw results stay in bin/bench.txt, for benchstat.
#
# Environment:
#   BENCH_COUNT  rounds (default 3)
#   BENCH        the benchmarks to run, a -bench regexp (default: all)
#   BENCH_TIME   -benchtime of each (default 1s)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

count=${BENCH_COUNT:-3}
filter=${BENCH:-.}
benchtime=${BENCH_TIME:-1s}
[[ $count =~ ^[0-9]+$ ]] && ((count >= 1 && count <= 50)) || { echo "bench: BENCH_COUNT must be between 1 and 50" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pkgs=(mock mock/mocktest api)
echo "bench: building the test binaries of ${pkgs[*]}" >&2
for p in "${pkgs[@]}"; do
	go test -c -o "$work/${p//\//_}.test" "./$p"
done

mkdir -p bin
out=bin/bench.txt
: >"$out"
failed=0
for ((round = 1; round <= count; round++)); do
	for p in "${pkgs[@]}"; do
		echo "bench: round $round of $count: $p" >&2
		# Each test binary runs in its package's directory, as go test runs it.
		# A panic goes to stderr, and its exit status is the only sign of it in $out's place.
		if ! (cd "$p" && "$work/${p//\//_}.test" -test.run '^$' -test.bench "$filter" -test.benchmem \
			-test.benchtime "$benchtime" -test.count 1 2>&1) >>"$out"; then
			echo "bench: $p exited with a failure in round $round" >&2
			failed=1
		fi
	done
done
if ((failed)) || grep -qE '^(--- FAIL|FAIL|panic)' "$out"; then
	echo "bench: FAILED: a benchmark failed (see $out)" >&2
	status=1
else
	status=0
fi

echo
echo "$(date -u +%Y-%m-%d) on $(nproc) CPUs ($(grep -m1 '^cpu:' "$out" | cut -d' ' -f2- | sed 's/[[:space:]]*$//' || true)), $count rounds of -benchtime $benchtime; raw results in $out"
awk -f load/benchpairs.awk "$out"
exit "$status"
