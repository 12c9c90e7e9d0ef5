-- bench/http/get.lua — wrk script for the trivial endpoint: every request is
-- wrk's default GET of the URL given (keep-alive; any -H headers added), and
-- done() prints the HB_JSON summary line (report.lua). No response() hook, so
-- wrk does not hand bodies to Lua: the client costs what plain wrk costs.
dofile((os.getenv("HB_DIR") or "bench/http") .. "/report.lua")

function setup(thread)
   hb_keep(thread)
end
