-- Shared by the wrk scripts of bench/ (loaded with dofile): when wrk is done, prints one
-- machine-readable RESULT line that the run.sh scripts turn into their tables.
function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f "
      .. "bytes=%d non2xx=%d socket_errors=%d\n",
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000, summary.bytes, e.status, e.connect + e.read + e.write + e.timeout))
end
