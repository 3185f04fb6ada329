-- wrk script: each request searches for the next address of a list, so that no query repeats.
-- wrk ... URL -- FILE OFFSET: FILE holds one address a line; start after OFFSET of them.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local addresses, position = {}, 0

init = function(args)
  for line in io.lines(args[1]) do
    addresses[#addresses + 1] = line
  end
  position = tonumber(args[2] or "0")
end

request = function()
  position = position + 1
  return wrk.format("GET", addresses[(position - 1) % #addresses + 1])
end
