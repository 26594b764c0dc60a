-- wrk script for bench/run.sh: POSTs a widget-token request per call, each for one of USERS users in turn, and
-- writes the run's figures as one JSON object to the file named by the RESULT environment variable.
--
-- BODY is a template with {user} in it: the gateway's body ({"userId":"{user}"}) or Airbyte's ({"workspace_name":...}).
local users = tonumber(os.getenv("USERS") or "10000")
local template = os.getenv("BODY") or '{"userId":"{user}"}'
local counter = 0
local thread_offset = 0
local threads = {}

function setup(thread)
  thread:set("thread_offset", #threads * 7919)
  table.insert(threads, thread)
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  if os.getenv("ORIGIN") then wrk.headers["Origin"] = os.getenv("ORIGIN") end
  if os.getenv("AUTHORIZATION") then wrk.headers["Authorization"] = os.getenv("AUTHORIZATION") end
end

function request()
  counter = counter + 1
  local user = "bench-user-" .. ((counter + thread_offset) % users)
  return wrk.format(nil, nil, nil, (template:gsub("{user}", user)))
end

function done(summary, latency, requests)
  local errors = summary.errors
  local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
  local seconds = summary.duration / 1e6
  local out = io.open(os.getenv("RESULT"), "w")
  out:write(string.format(
    '{"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"p999_ms":%.3f,"max_ms":%.3f,' ..
    '"non_2xx":%d,"socket_errors":%d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    latency.max / 1000, errors.status, socket_errors))
  out:close()
end
