-- Shared by every bench script (loaded with dofile from the script's own folder).
-- * numbers the wrk threads, so each starts at a different place in an id list;
-- * reads id lists (one per line) written by bench/bench.py;
-- * done() prints one line "BENCH_JSON {...}" that bench.py parses: requests, duration, errors
--   (wrk counts any status >= 400 as a "status" error: that is the non-2xx count) and latency
--   percentiles in microseconds.

local M = {}
local counter = 0
local threads = {}

function M.setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function M.read_lines(file)
  local lines = {}
  local f = assert(io.open(file, "r"), "cannot open " .. tostring(file))
  for line in f:lines() do
    if #line > 0 then table.insert(lines, line) end
  end
  f:close()
  assert(#lines > 0, "no ids in " .. file)
  return lines
end

function M.split_numbers(csv)
  local list = {}
  for n in string.gmatch(csv or "", "%d+") do table.insert(list, tonumber(n)) end
  assert(#list > 0, "no product ids given")
  return list
end

-- Round-robin cursor over a list; each thread starts at a different place (a prime stride apart).
function M.cursor(list, tid)
  local n = #list
  local i = ((tid or 0) * 7919) % n
  return function()
    i = i + 1
    if i > n then i = 1 end
    return list[i], i
  end
end

function M.done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"min":%d,"mean":%.1f,"stdev":%.1f,"max":%d,"p50":%d,"p75":%d,"p90":%d,"p99":%d,"p999":%d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.stdev, latency.max,
    latency:percentile(50), latency:percentile(75), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9)))
end

return M
