-- wrk script of load/run.sh: every request is a realistic admin.users.session.reset call, a
-- form body with a bearer token, as Slack's SDKs send it. When wrk is done it prints one
-- line for run.sh to read:
--   RESULT <requests/s> <p50 µs> <p99 µs> <requests> <non-2xx> <socket errors>
wrk.method = "POST"
wrk.body = "user_id=W0BOB0001&mobile_only=true"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Bearer xoxp-demo-admin"

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.0f %d %d %d %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99),
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
