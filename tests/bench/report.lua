-- wrk script: one machine-readable line with the numbers run.py needs (latency in µs).
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration=%d p50=%d p90=%d p95=%d p99=%d non2xx3xx=%d socket=%d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
