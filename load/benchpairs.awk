# Prints the pairs the performance targets compare, side by side, from `go test -bench` output (load/bench.sh
# runs it on bin/bench.txt): for each benchmark the median of its runs and their spread
# (min-max), for each pair the ratio of the medians against its target; then the single
# figures with targets (mock.New's bytes, an org's cost, the 1M fixture's load), and
# BenchmarkHandler.

function fmt_ns(v) {
	if (v >= 1e9) return sprintf("%.2f s", v / 1e9)
	if (v >= 1e6) return sprintf("%.2f ms", v / 1e6)
	if (v >= 1e3) return sprintf("%.1f µs", v / 1e3)
	return sprintf("%.0f ns", v)
}

# stats KEY sets med, lo and hi from the values kept for KEY; it answers their count.
function stats(key,    n, i, j, t, v) {
	n = split(vals[key], v, " ")
	if (n == 0) return 0
	for (i = 2; i <= n; i++) { # insertion sort: a few values
		t = v[i] + 0
		for (j = i - 1; j >= 1 && v[j] + 0 > t; j--) v[j + 1] = v[j]
		v[j + 1] = t
	}
	med = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
	lo = v[1]
	hi = v[n]
	return n
}

function cell(key,    n) {
	n = stats(key)
	if (n == 0) return "-"
	return sprintf("%s (%s-%s)", fmt_ns(med), fmt_ns(lo), fmt_ns(hi))
}

# pair LABEL A B MAX prints the ns/op of benchmarks A and B, A/B and whether A/B <= MAX.
function pair(label, a, b, max,    ma, mb, ca, cb, r) {
	ca = cell(a SUBSEP "ns/op"); ma = med
	cb = cell(b SUBSEP "ns/op"); mb = med
	if (ca == "-" || cb == "-") {
		printf "%-40s %-34s %-34s %6s  %s\n", label, ca, cb, "-", "(not run)"
		return
	}
	r = ma / mb
	printf "%-40s %-34s %-34s %6.2f  <= %s %s\n", label, ca, cb, r, max, r <= max ? "met" : "MISSED"
}

/^Benchmark/ {
	name = $1
	sub(/-[0-9]+$/, "", name) # GOMAXPROCS
	for (i = 3; i < NF; i += 2) {
		vals[name SUBSEP $(i + 1)] = vals[name SUBSEP $(i + 1)] " " $i
	}
}

END {
	printf "%-40s %-34s %-34s %6s  %s\n", "pair (median of the runs, min-max)", "A", "B", "A/B", "target"
	pair("mocktest.Start + 1 call: mock / bare", "BenchmarkStart/mock", "BenchmarkStart/bare", 2)
	pair("invalidate: api / raw generated client", "BenchmarkInvalidate/api", "BenchmarkInvalidate/raw-gen", 1.1)
	pair("reset: api / raw generated client", "BenchmarkReset/api", "BenchmarkReset/raw-gen", 1.1)
	pair("list: api / raw generated client", "BenchmarkList/api", "BenchmarkList/raw-gen", 1.1)
	pair("reset: 1M / 1k sessions", "BenchmarkStoreSize/reset/sessions=1M", "BenchmarkStoreSize/reset/sessions=1k", 1.5)
	pair("invalidate: 1M / 1k sessions", "BenchmarkStoreSize/invalidate/sessions=1M", "BenchmarkStoreSize/invalidate/sessions=1k", 1.5)
	pair("list page of 100: 1M / 1k sessions", "BenchmarkStoreSize/list/sessions=1M", "BenchmarkStoreSize/list/sessions=1k", 1.5)
	pair("a call: 10,000 orgs live / 1", "BenchmarkCallOnOneOf/orgs=10000", "BenchmarkCallOnOneOf/orgs=1", 1.2)
	pair("every CPU calling: own orgs / one org", "BenchmarkCallsInParallel/own_orgs", "BenchmarkCallsInParallel/one_org", 1)

	print ""
	if (stats("BenchmarkNew" SUBSEP "B/op")) {
		b = med
		stats("BenchmarkNew" SUBSEP "allocs/op")
		printf "%-40s %.1f KB, %d allocations, %s   target <= 100 KB %s\n", "mock.New", b / 1000, med, cell("BenchmarkNew" SUBSEP "ns/op"), b <= 100000 ? "met" : "MISSED"
	}
	if (stats("BenchmarkNewOrg" SUBSEP "ns/op")) {
		printf "%-40s %s   target <= 200 µs %s\n", "an org of the demo fixture, in process", cell("BenchmarkNewOrg" SUBSEP "ns/op"), med <= 200000 ? "met" : "MISSED"
	}
	if (stats("BenchmarkNewOrgOverLoopback" SUBSEP "ns/op")) {
		printf "%-40s %s   target <= 1 ms %s\n", "the same over loopback, made and ended", cell("BenchmarkNewOrgOverLoopback" SUBSEP "ns/op"), med <= 1e6 ? "met" : "MISSED"
	}
	if (stats("BenchmarkTenThousandOrgs" SUBSEP "heap-MB")) {
		printf "%-40s %.0f MB of heap (%.0f-%.0f)   target < 200 MB %s (the binary's RSS: make load)\n", "10,000 orgs of the demo fixture", med, lo, hi, med < 200 ? "met" : "MISSED"
	}
	if (stats("BenchmarkFixtureLoad" SUBSEP "mock-MB")) {
		mb = med
		stats("BenchmarkFixtureLoad" SUBSEP "load-s")
		printf "%-40s %.2f s (%.2f-%.2f), the mock holds %.0f MB   target < 250 MB %s (the binary's time and RSS: make load)\n", "1M-session fixture: ParseFixture + New", med, lo, hi, mb, mb < 250 ? "met" : "MISSED"
	}
	for (k in vals) {
		split(k, parts, SUBSEP)
		if (parts[1] ~ /^BenchmarkHandler\// && parts[2] == "ns/op") handlers[parts[1]] = 1
	}
	n = 0
	for (h in handlers) names[++n] = h
	for (i = 2; i <= n; i++) { # sort the names
		t = names[i]
		for (j = i - 1; j >= 1 && names[j] > t; j--) names[j + 1] = names[j]
		names[j + 1] = t
	}
	for (i = 1; i <= n; i++) {
		stats(names[i] SUBSEP "allocs/op")
		a = med
		label = names[i]
		sub(/^BenchmarkHandler\/admin\.users\.session\./, "Handler ", label)
		printf "%-40s %-34s %d allocations\n", label, cell(names[i] SUBSEP "ns/op"), a
	}
	if (n) print "(BenchmarkHandler: compare it with bd20f1e's, the commit before mock/org and the pipeline, in a worktree of it)"
}
