-- Outshifter add-to-cart: POST /api/cart/{id}/item/add {"line_items":[{"product_id":P,"quantity":1}]}
-- wrk ... -s add_item.lua URL -- IDS_FILE PRODUCT_IDS [HOT_ADDS]
-- Carts round-robin from IDS_FILE; products round-robin from PRODUCT_IDS, so a cart's lines grow and then their
-- quantities do. With HOT_ADDS (the hot-cart scenario) every request goes to one cart: the first of IDS_FILE, and
-- the next one after each HOT_ADDS requests of this thread, before a cart's lines reach their quantity limit.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")
setup = common.setup
done = common.done

local next_cart, next_product
local headers = { ["Content-Type"] = "application/json" }

function init(args)
  local carts = common.read_lines(args[1])
  local hot_adds = tonumber(args[3])
  if hot_adds then
    local sent = 0
    next_cart = function()
      sent = sent + 1
      return carts[math.floor((sent - 1) / hot_adds) % #carts + 1]
    end
  else
    next_cart = common.cursor(carts, tid)
  end
  next_product = common.cursor(common.split_numbers(args[2]), tid)
end

function request()
  local body = string.format('{"line_items":[{"product_id":%d,"quantity":1}]}', next_product())
  return wrk.format("POST", "/api/cart/" .. next_cart() .. "/item/add", headers, body)
end
