-- Outshifter checkout: each request on the next prepared id, round-robin per thread.
-- wrk ... -s checkout.lua URL -- MODE IDS_FILE
--   create:  POST /api/checkout {"cart_id": ID}          (IDS_FILE: carts with items, no checkout yet)
--   payment: PATCH /api/checkout/ID/payment, sandbox       (IDS_FILE: checkouts of such carts)
-- A cart holds one active checkout and one live order, so a second pass over an id answers the
-- existing checkout/order (still 200); bench.py prepares enough ids that few requests do.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(dir .. "common.lua")
setup = common.setup
done = common.done

local mode, next_id
local headers = { ["Content-Type"] = "application/json" }
local payment = '{"payment_method":"sandbox","success_url":"https://shop.example/?success=true",' ..
  '"cancel_url":"https://shop.example/?canceled=true","email":"bench@example.com","first_name":"Bench",' ..
  '"last_name":"Shopper","phone_code":"+47","phone":"99999999","address1":"Møllergata 6","city":"Oslo",' ..
  '"country":"Norway","country_code":"NO","zip":"0179"}'

function init(args)
  mode = args[1]
  assert(mode == "create" or mode == "payment", "mode must be create or payment")
  next_id = common.cursor(common.read_lines(args[2]), tid)
end

function request()
  if mode == "create" then
    return wrk.format("POST", "/api/checkout", headers, string.format('{"cart_id":"%s"}', next_id()))
  end
  return wrk.format("PATCH", "/api/checkout/" .. next_id() .. "/payment", headers, payment)
end
