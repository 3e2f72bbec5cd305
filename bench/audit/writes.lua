-- wrk script for the audit benchmark: PUT /apps/{id} with a new criticality_level, rotating over
-- the seeded applications app-00000 .. app-(N-1) (N passed after "--"), each thread starting at a
-- different application so that concurrent writers rarely wait for the same row. The bearer token
-- comes from -H. When done, prints one machine-readable RESULT line for run.sh.
--
--   wrk -t2 -c32 -d20s --latency -H "Authorization: Bearer $T" -s writes.lua http://host:port -- 1000

local thread_count = 0

function setup(thread)
   thread_count = thread_count + 1
   thread:set("thread_number", thread_count)
end

local apps = 0
local position = 0
local counter = 0

function init(args)
   apps = tonumber(args[1] or "")
   if apps == nil or apps < 1 then
      error("pass the number of seeded applications after --")
   end
   wrk.headers["Content-Type"] = "application/json"
   position = ((thread_number or 1) - 1) * 7919 % apps
   counter = thread_number or 1
end

function request()
   position = (position + 1) % apps
   counter = counter + 1
   local body = string.format('{"criticality_level":%d}', counter % 4 + 1)
   return wrk.format("PUT", string.format("/apps/app-%05d", position), nil, body)
end

-- done(): the RESULT line, shared with the other wrk scripts.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../result.lua")
