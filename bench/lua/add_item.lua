-- Outshifter add-to-cart: POST /api/cart/{id}/item/add {"line_items":[{"product_id":P,"quantity":1}]}
-- wrk ... -s add_item.lua URL -- IDS_FILE PRODUCT_IDS
-- Carts round-robin from IDS_FILE (one line = the hot-cart scenario, every request on one cart);
-- products round-robin from PRODUCT_IDS, so a cart's lines grow and then their quantities do.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")
setup = common.setup
done = common.done

local next_cart, next_product
local headers = { ["Content-Type"] = "application/json" }

function init(args)
  next_cart = common.cursor(common.read_lines(args[1]), tid)
  next_product = common.cursor(common.split_numbers(args[2]), tid)
end

function request()
  local body = string.format('{"line_items":[{"product_id":%d,"quantity":1}]}', next_product())
  return wrk.format("POST", "/api/cart/" .. next_cart() .. "/item/add", headers, body)
end
