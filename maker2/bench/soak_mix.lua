-- wrk script of `make soak` (maker2/bench/soak.py): each request is the next path of the
-- mix (wrk's arguments after `--`, every thread starting at another one), answers are
-- counted by status class, and done() prints the summary as one JSON line, latencies in
-- microseconds, found by its prefix.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths = args
  counter = id * 7
  s2, s3, s4, s5 = 0, 0, 0, 0
end

function request()
  counter = counter + 1
  return wrk.format(nil, paths[counter % #paths + 1])
end

function response(status, headers, body)
  if status >= 500 then
    s5 = s5 + 1
  elseif status >= 400 then
    s4 = s4 + 1
  elseif status >= 300 then
    s3 = s3 + 1
  else
    s2 = s2 + 1
  end
end

function done(summary, latency, requests)
  local classes = {s2 = 0, s3 = 0, s4 = 0, s5 = 0}
  for _, thread in ipairs(threads) do
    for name, count in pairs(classes) do
      classes[name] = count + thread:get(name)
    end
  end
  local errors = summary.errors
  io.write(string.format(
    "SOAK_SUMMARY {\"requests\": %d, \"duration_us\": %d, " ..
    "\"status\": {\"2xx\": %d, \"3xx\": %d, \"4xx\": %d, \"5xx\": %d}, " ..
    "\"socket_errors\": {\"connect\": %d, \"read\": %d, \"write\": %d, \"timeout\": %d}, " ..
    "\"p50_us\": %d, \"p95_us\": %d, \"p99_us\": %d, \"max_us\": %d}\n",
    summary.requests, summary.duration,
    classes.s2, classes.s3, classes.s4, classes.s5,
    errors.connect, errors.read, errors.write, errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
