-- bench/http/cycle.lua — wrk script for the next+log cycle: each connection
-- is one rep who asks for the next lead (POST /api/v1/next), logs it as not
-- answered (POST /api/v1/leads/ID/touches {"outcome":"no_answer"}), asks for
-- the next, and so on, with the rep's own API token.
--
-- Run with as many wrk threads as connections (wrk -tN -cN). wrk 4.1's Lua
-- has one state per thread and no way to tell which connection a request()
-- or response() call is for; with one connection per thread the thread's
-- state is the connection's, so a rep's next and its log always go
-- together, in order, on one connection: request() sends what the last
-- response() decided. (With several connections per thread, response()
-- cannot know whose log just finished, so reps would get mixed up.)
--
-- HB_TOKENS names a file of API tokens, one per line; thread i (setup order)
-- is the rep of line i. HB_DELAY_MS, when set, makes each rep wait that many
-- milliseconds before each request (wrk's delay() hook), so the load is a
-- chosen rate instead of as fast as the server answers; wrk's latency does
-- not include the wait. Counters and per-kind latencies (taken here with
-- CLOCK_MONOTONIC around each request, so next and log are told apart) go
-- to done() (report.lua).
dofile((os.getenv("HB_DIR") or "bench/http") .. "/report.lua")

local tokens, nsetup = nil, 0

function setup(thread)
   if not tokens then
      tokens = {}
      for line in io.lines(os.getenv("HB_TOKENS")) do
         if #line > 0 then tokens[#tokens + 1] = line end
      end
      assert(#tokens > 0, "no tokens in " .. tostring(os.getenv("HB_TOKENS")))
   end
   nsetup = nsetup + 1
   assert(nsetup <= #tokens, "more wrk threads than tokens: give each connection its own rep")
   thread:set("hb_token", tokens[nsetup])
   hb_keep(thread)
end

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } hb_timespec;
int clock_gettime(int clk, hb_timespec *ts);
]]
local ts = ffi.new("hb_timespec")
local function now_us()
   ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
   return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
end

local auth, lead, kind, t0
-- Globals, so done() can read them with thread:get(). Flat tables only:
-- wrk 4.1 crashes copying a table that holds a table.
hb_counts = {}
hb_lat_next, hb_lat_log = {}, {}

local function count(k)
   hb_counts[k] = (hb_counts[k] or 0) + 1
end

function init(args)
   auth = "Bearer " .. hb_token
   lead = nil
end

function request()
   local headers = { ["Authorization"] = auth }
   t0 = now_us()
   if lead then
      kind = "log"
      headers["Content-Type"] = "application/json"
      return wrk.format("POST", "/api/v1/leads/" .. lead .. "/touches", headers,
         '{"outcome":"no_answer"}')
   end
   kind = "next"
   headers["Content-Length"] = "0"
   return wrk.format("POST", "/api/v1/next", headers, nil)
end

function response(status, headers, body)
   local dt = now_us() - t0
   local xs = kind == "next" and hb_lat_next or hb_lat_log
   xs[#xs + 1] = dt
   count(kind .. "_" .. status)
   if kind == "next" then
      if status == 200 then
         lead = body:match('^{"lead":{"id":(%d+)')
         if not lead then count("next_unparsed") end
      end
      -- 404: nothing callable now for this rep; it asks again
   else
      if status == 201 then count("cycles") end
      lead = nil -- logged, or the log failed: either way ask for the next
   end
end

local pause = tonumber(os.getenv("HB_DELAY_MS") or "") or 0
if pause > 0 then
   function delay()
      return pause
   end
end
