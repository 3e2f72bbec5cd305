-- wrk script for the Kio benchmark: GET requests rotating over the paths listed in a file
-- (one per line, passed after "--"), each thread starting at a different place in the list.
-- Headers given with -H (the bearer token) are sent on every request. When done, prints one
-- machine-readable RESULT line that run.sh turns into its table.
--
--   wrk -t2 -c32 -d20s --latency -H "Authorization: Bearer $T" -s paths.lua http://host:port -- paths.txt

local thread_count = 0

function setup(thread)
   thread_count = thread_count + 1
   thread:set("thread_number", thread_count)
end

local paths = {}
local position = 0

function init(args)
   local file = args[1]
   if file == nil then
      error("pass the file of paths after --")
   end
   for line in io.lines(file) do
      if #line > 0 then
         paths[#paths + 1] = line
      end
   end
   if #paths == 0 then
      error("no paths in " .. file)
   end
   -- Spread the threads over the list so that they do not ask for the same items in step.
   position = ((thread_number or 1) - 1) * 7919 % #paths
end

function request()
   position = position % #paths + 1
   return wrk.format("GET", paths[position])
end

-- done(): the RESULT line, shared with the other wrk scripts.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "../result.lua")
