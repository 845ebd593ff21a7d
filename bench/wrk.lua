-- wrk script for `make bench`: one case per run, chosen by environment variables.
--   BENCH_MODE       get (default), rate (one HTMX rating save) or ballot (a full no-JS ballot)
--   BENCH_PATH       the path; for rate, "{appearance}" is replaced by a player's appearance id
--   BENCH_FANS_FILE  lines of "cookie header<TAB>csrf token": logged-in fans taken in rotation
--   BENCH_FANS_LIMIT use only the first N fans (those who rated a small match)
--   BENCH_APPEARANCES the match's appearance ids, comma-separated (rate and ballot)
-- done() prints one line, "BENCH_JSON {...}", that scripts/bench reads.

local mode = os.getenv("BENCH_MODE") or "get"
local path = os.getenv("BENCH_PATH") or "/"
local fans_file = os.getenv("BENCH_FANS_FILE")
local fans_limit = tonumber(os.getenv("BENCH_FANS_LIMIT") or "0")
local fans = {}
local appearances = {}
local counter = 0

function init(args)
  if fans_file and fans_file ~= "" then
    for line in io.lines(fans_file) do
      local cookie, csrf = line:match("^(.-)\t(%S+)$")
      if cookie then
        fans[#fans + 1] = { cookie = cookie, csrf = csrf }
      end
      if fans_limit > 0 and #fans >= fans_limit then break end
    end
  end
  for id in (os.getenv("BENCH_APPEARANCES") or ""):gmatch("%d+") do
    appearances[#appearances + 1] = id
  end
  -- Each thread starts somewhere else in the rotation.
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100003)
  counter = math.random(1, math.max(#fans, 1) * 29)
end

function request()
  counter = counter + 1
  local headers = {}
  if #fans > 0 then
    local fan = fans[counter % #fans + 1]
    headers["Cookie"] = fan.cookie
    headers["X-CSRFToken"] = fan.csrf
  end
  if mode == "rate" then
    local appearance = appearances[counter % #appearances + 1]
    headers["HX-Request"] = "true"
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    local body = "rating-" .. appearance .. "=" .. (counter % 10 + 1)
    return wrk.format("POST", path:gsub("{appearance}", appearance), headers, body)
  elseif mode == "ballot" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    local fields = {}
    for i, appearance in ipairs(appearances) do
      fields[#fields + 1] = "rating-" .. appearance .. "=" .. ((counter + i) % 10 + 1)
    end
    return wrk.format("POST", path, headers, table.concat(fields, "&"))
  end
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
      .. '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
