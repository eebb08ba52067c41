-- wrk's done() hook: the summary as one JSON line, latencies in microseconds.
-- maker2/bench/load.py finds the line by its prefix.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "WRK_SUMMARY {\"requests\": %d, \"duration_us\": %d, \"bytes\": %d, " ..
    "\"socket_errors\": %d, \"bad_status\": %d, \"mean_us\": %.1f, \"max_us\": %d, " ..
    "\"p50_us\": %d, \"p90_us\": %d, \"p95_us\": %d, \"p99_us\": %d}\n",
    summary.requests, summary.duration, summary.bytes,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status,
    latency.mean, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99)))
end
