-- wrk script: POST one activity per request to /api/v1/activities with a bearer token.
-- TANDEM_TOKEN and TANDEM_PLACE come from the environment (scripts/bench-record.sh sets them).
local token = os.getenv("TANDEM_TOKEN")
local place = os.getenv("TANDEM_PLACE")
local day = os.getenv("TANDEM_DAY")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.body = '{"kind":"individual","date":"' .. day .. '","durationMinutes":30,"locationKind":"place",'
  .. '"placeId":"' .. place .. '","themes":["email","health"],"devices":["phone"],'
  .. '"deviceOwners":["beneficiary"],"interventionMode":"guided","ageBracket":"70_plus"}'

local non201 = 0
response = function(status, headers, body)
  if status ~= 201 then non201 = non201 + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("requests %d in %.1f s: %.0f/s; p50 %.2f ms, p90 %.2f ms, p99 %.2f ms; errors %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
