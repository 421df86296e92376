-- Voog update: PUT /admin/api/ecommerce/v1/carts/{uuid}?include=items that replaces the items with
-- two lines of changing quantities and switches the discount code between XMAS and none.
-- wrk ... -s voog_put.lua URL -- IDS_FILE PRODUCT_IDS [DISCOUNT_CODE]
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")
setup = common.setup
done = common.done

local next_cart, products, code
local n = 0
local headers = { ["Content-Type"] = "application/json" }

function init(args)
  next_cart = common.cursor(common.read_lines(args[1]), tid)
  products = common.split_numbers(args[2])
  code = args[3] or "XMAS"
end

function request()
  n = n + 1
  local a = products[(n + tid) % #products + 1]
  local b = products[(n + tid + 1) % #products + 1]
  local discount = (n % 2 == 0) and ('"' .. code .. '"') or "null"
  local body = string.format(
    '{"items":[{"product_id":%d,"quantity":%d},{"product_id":%d,"quantity":%d}],"discount_code":%s}',
    a, 1 + n % 5, b, 1 + (n * 7) % 4, discount)
  return wrk.format("PUT", "/admin/api/ecommerce/v1/carts/" .. next_cart() .. "?include=items", headers, body)
end
