-- GET over a list of ids, round-robin per thread.
-- wrk ... -s get.lua URL -- PATH_TEMPLATE [IDS_FILE]
-- PATH_TEMPLATE has "{id}" where the id goes, e.g. /api/cart/{id}; without IDS_FILE it is used as is.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")
setup = common.setup
done = common.done

local template, next_id

function init(args)
  template = args[1] or "/"
  if args[2] and #args[2] > 0 then next_id = common.cursor(common.read_lines(args[2]), tid) end
end

function request()
  if not next_id then return wrk.format("GET", template) end
  local path = template:gsub("{id}", (next_id()))
  return wrk.format("GET", path)
end
