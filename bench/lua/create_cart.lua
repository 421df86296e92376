-- Create carts. wrk ... -s create_cart.lua URL -- DIALECT PRODUCT_IDS
--   voog:       POST /admin/api/ecommerce/v1/carts?include=items with one item (how a Voog
--               storefront starts a cart: with the product the shopper just added)
--   outshifter: POST /api/cart {"customer_session_id": ...}, an empty cart (Outshifter's flow:
--               create, then add items)
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")
setup = common.setup
done = common.done

local dialect, next_product
local n = 0
local headers = { ["Content-Type"] = "application/json" }

function init(args)
  dialect = args[1]
  assert(dialect == "voog" or dialect == "outshifter", "dialect must be voog or outshifter")
  next_product = common.cursor(common.split_numbers(args[2] or "1"), tid)
end

function request()
  n = n + 1
  if dialect == "voog" then
    local body = string.format('{"items":[{"product_id":%d,"quantity":%d}]}', next_product(), 1 + n % 3)
    return wrk.format("POST", "/admin/api/ecommerce/v1/carts?include=items", headers, body)
  end
  local body = string.format('{"customer_session_id":"bench-%d-%d"}', tid, n)
  return wrk.format("POST", "/api/cart", headers, body)
end
