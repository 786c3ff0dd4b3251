-- wrk script: 80 % reads, 20 % creates, through the API with a Bearer token.
--
-- Of every ten requests a thread sends: four `GET /api/v1/activities?limit=20` (a page of the
-- journal; every other one filtered on the kind), four `GET /api/v1/statistics` (the observatory,
-- this year or the last 12 months, every other one filtered), two `POST /api/v1/activities`
-- (an individual session at TANDEM_PLACE, a fresh Idempotency-Key each time: run, thread, count).
-- The order is fixed, so every run sends the same mix.
--
-- Environment: TANDEM_TOKEN (a mediator's token), TANDEM_PLACE (one of their places),
-- TANDEM_DATE (the sessions' date, AAAA-MM-JJ; today by default), LOAD_RUN (a word unique to
-- the run, in the keys).
--
-- done() prints lines starting with "LOAD " for tests/external/load/run.sh: totals, latency
-- percentiles (microseconds), wrk's socket errors and the count of every status seen.

local token = os.getenv("TANDEM_TOKEN") or error("TANDEM_TOKEN manquant")
local place = os.getenv("TANDEM_PLACE") or error("TANDEM_PLACE manquant")
local day = os.getenv("TANDEM_DATE") or os.date("%Y-%m-%d")
local run = os.getenv("LOAD_RUN") or tostring(os.time())

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
  table.insert(threads, thread)
end

local themes = { '"email"', '"health"', '"security"', '"web_browsing"', '"social_media"' }
local reads = {
  "/api/v1/activities?limit=20",
  "/api/v1/statistics?period=this_year",
  "/api/v1/activities?limit=20&kind=individual",
  "/api/v1/statistics?period=last_12_months&kind=individual",
}

function init(args)
  counter = 0
  statuses = {}
  creates = 0
  auth = "Bearer " .. token
end

function request()
  counter = counter + 1
  local slot = counter % 10
  if slot == 3 or slot == 8 then
    creates = creates + 1
    local body = '{"kind":"individual","date":"' .. day .. '","durationMinutes":' .. (15 + (counter % 8) * 15) ..
      ',"locationKind":"place","placeId":"' .. place .. '","themes":[' .. themes[counter % #themes + 1] ..
      '],"devices":["phone"],"deviceOwners":["beneficiary"],"interventionMode":"guided"}'
    return wrk.format("POST", "/api/v1/activities", {
      ["Authorization"] = auth,
      ["Content-Type"] = "application/json",
      ["Idempotency-Key"] = "load-" .. run .. "-" .. thread_id .. "-" .. counter,
    }, body)
  end
  local path = reads[(math.floor(counter / 10) + slot) % #reads + 1]
  return wrk.format("GET", path, { ["Authorization"] = auth })
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local seen, creates_sent = {}, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      seen[status] = (seen[status] or 0) + count
    end
    creates_sent = creates_sent + thread:get("creates")
  end
  local non2xx = 0
  for status, count in pairs(seen) do
    if status < 200 or status > 299 then non2xx = non2xx + count end
    io.write(string.format("LOAD status %d %d\n", status, count))
  end
  local e = summary.errors
  io.write(string.format("LOAD requests %d\n", summary.requests))
  io.write(string.format("LOAD creates_sent %d\n", creates_sent))
  io.write(string.format("LOAD duration_us %d\n", summary.duration))
  io.write(string.format("LOAD rps %.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("LOAD p50_us %d\n", latency:percentile(50)))
  io.write(string.format("LOAD p90_us %d\n", latency:percentile(90)))
  io.write(string.format("LOAD p99_us %d\n", latency:percentile(99)))
  io.write(string.format("LOAD max_us %d\n", latency.max))
  io.write(string.format("LOAD non2xx %d\n", non2xx))
  io.write(string.format("LOAD socket_errors connect=%d read=%d write=%d timeout=%d status=%d\n",
    e.connect, e.read, e.write, e.timeout, e.status))
end
