-- bench/http/report.lua — wrk's done() hook shared by get.lua and cycle.lua:
-- prints one line "HB_JSON {...}" with what wrk measured (requests, duration,
-- errors of every kind, latency percentiles in microseconds) and, when the
-- script kept them, the per-thread counters (see cycle.lua). run.sh reads
-- that line; the rest of wrk's output goes to the log as it is.

local threads = {}

-- Keep every thread so done() can read its counters.
function hb_keep(thread)
   table.insert(threads, thread)
end

local function jnum(x)
   if x ~= x or x == math.huge or x == -math.huge then return "null" end
   if x == math.floor(x) and math.abs(x) < 2^53 then return string.format("%d", x) end
   return string.format("%.6g", x)
end

local function percentile(sorted, p)
   local n = #sorted
   if n == 0 then return nil end
   local i = math.ceil(p / 100 * n)
   if i < 1 then i = 1 end
   return sorted[i]
end

function done(summary, latency, requests)
   local out = {}
   local function add(k, v) out[#out + 1] = string.format("%q:%s", k, v) end
   add("requests", jnum(summary.requests))
   add("duration_us", jnum(summary.duration))
   add("bytes", jnum(summary.bytes))
   add("errors", string.format(
      '{"connect":%s,"read":%s,"write":%s,"status":%s,"timeout":%s}',
      jnum(summary.errors.connect), jnum(summary.errors.read), jnum(summary.errors.write),
      jnum(summary.errors.status), jnum(summary.errors.timeout)))
   add("latency_us", string.format(
      '{"min":%s,"mean":%s,"max":%s,"p50":%s,"p90":%s,"p99":%s,"p999":%s}',
      jnum(latency.min), jnum(latency.mean), jnum(latency.max), jnum(latency:percentile(50)),
      jnum(latency:percentile(90)), jnum(latency:percentile(99)), jnum(latency:percentile(99.9))))
   -- Counters and per-kind latencies kept by the threads (cycle.lua).
   local counts, lat = {}, {}
   for _, t in ipairs(threads) do
      local c = t:get("hb_counts")
      if type(c) == "table" then
         for k, v in pairs(c) do counts[k] = (counts[k] or 0) + v end
      end
      for _, kind in ipairs({ "next", "log" }) do
         local xs = t:get("hb_lat_" .. kind)
         if type(xs) == "table" then
            lat[kind] = lat[kind] or {}
            local dst = lat[kind]
            for _, x in ipairs(xs) do dst[#dst + 1] = x end
         end
      end
   end
   local parts = {}
   for k, v in pairs(counts) do parts[#parts + 1] = string.format("%q:%s", k, jnum(v)) end
   table.sort(parts)
   add("counts", "{" .. table.concat(parts, ",") .. "}")
   parts = {}
   for kind, xs in pairs(lat) do
      table.sort(xs)
      local sum = 0
      for _, x in ipairs(xs) do sum = sum + x end
      parts[#parts + 1] = string.format('%q:{"n":%d,"mean":%s,"p50":%s,"p90":%s,"p99":%s,"max":%s}',
         kind, #xs, jnum(#xs > 0 and sum / #xs or 0 / 0), jnum(percentile(xs, 50) or 0 / 0),
         jnum(percentile(xs, 90) or 0 / 0), jnum(percentile(xs, 99) or 0 / 0),
         jnum(xs[#xs] or 0 / 0))
   end
   table.sort(parts)
   add("by_kind_latency_us", "{" .. table.concat(parts, ",") .. "}")
   io.write("HB_JSON {" .. table.concat(out, ",") .. "}\n")
end
