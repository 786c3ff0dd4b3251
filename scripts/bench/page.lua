-- wrk script: GET a page with the session cookie in TANDEM_COOKIE.
wrk.headers["Cookie"] = os.getenv("TANDEM_COOKIE")
done = function(summary, latency, requests)
  io.write(string.format("requests %d in %.1f s: %.0f/s; p50 %.2f ms, p90 %.2f ms, p99 %.2f ms; errors %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
