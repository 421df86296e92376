// The Outshifter-style purchase of docs/api.md ("The purchase in one picture"), typed end to end:
// cart → items → checkout → address and shipping → payment → the shopper pays at checkout_url.
import { createKassaClient } from "../src/index";
import { fail } from "./problems";

const kassa = createKassaClient("http://127.0.0.1:5080");

export async function outshifterPurchase(): Promise<string> {
  const cart = await kassa.POST("/api/cart", { body: { customer_session_id: "92sdj34234", currency: "EUR" } });
  if (cart.error) fail(cart.error);
  const id = cart.data.cart_id;

  // A variant is named with its product; price_data may come as strings, as in the seed.
  const added = await kassa.POST("/api/cart/{id}/item/add", {
    params: { path: { id } },
    body: {
      line_items: [
        { product_id: 5, variant_id: 6, quantity: 2 },
        { product_id: 3, quantity: 1, price_data: { unit_price: "9.99", tax: "9", currency: "EUR" } },
      ],
    },
  });
  if (added.error) fail(added.error);
  const line = added.data.line_items[0];
  if (line === undefined) throw new Error("Kassa added no line");

  // If-Match: refuse the change (412) if the cart changed since it was read.
  const etag = added.response.headers.get("ETag") ?? "*";
  const updated = await kassa.PATCH("/api/cart/{id}/item/update/{itemId}", {
    params: { path: { id, itemId: line.id }, header: { "If-Match": etag } },
    body: { qty: 3 },
  });
  if (updated.error) fail(updated.error);

  const rates = await kassa.POST("/api/shipping/flat-rate", {
    body: { items: [{ productId: 1, quantity: 1 }], destination: { country: "NO" }, currency: "EUR" },
  });
  if (rates.error) fail(rates.error);
  console.log(`${rates.data.service_name}: ${rates.data.total_price} ${rates.data.currency}`);

  // The store's payment methods; this call has no error of its own to answer.
  const methods = await kassa.GET("/api/checkout/payment-methods");

  const checkout = await kassa.POST("/api/checkout", { body: { cart_id: id } });
  if (checkout.error) fail(checkout.error);
  const checkoutId = checkout.data.id;

  // Addresses are merged into what the checkout holds: a later PATCH may send only what changed.
  const shipping = await kassa.PATCH("/api/checkout/{id}", {
    params: { path: { id: checkoutId } },
    body: {
      shipping_address: {
        first_name: "John", last_name: "Johnson", email: "john@example.com",
        address1: "Main Street 1", city: "Tallinn", zip: "11612", country_code: "EE",
      },
      shipping_rate: { shipping_method_id: 1 },
    },
  });
  if (shipping.error) fail(shipping.error);
  console.log(`total ${shipping.data.total_price}, shipping ${shipping.data.shipping_rate?.total_price ?? "none"}`);

  // Idempotency-Key: a retry after a lost answer gets the same order instead of a second one.
  const payment = await kassa.PATCH("/api/checkout/{id}/payment", {
    params: { path: { id: checkoutId }, header: { "Idempotency-Key": crypto.randomUUID() } },
    body: {
      success_url: "https://shop.example/?success=true", cancel_url: "https://shop.example/?canceled=true",
      payment_method: methods.data?.[0]?.code ?? "sandbox", email: "john@example.com", first_name: "John", last_name: "Johnson",
      phone_code: "+372", phone: 5551234, address1: "Main Street 1", city: "Tallinn", country_code: "EE", zip: 11612,
    },
  });
  if (payment.error) fail(payment.error);

  const status = await kassa.GET("/api/checkout/{id}/payment", { params: { path: { id: checkoutId } } });
  if (status.error) fail(status.error);
  console.log(`order ${status.data.order_id}: ${status.data.payment_status ?? "not started"}`);

  // The shopper pays there; the provider's webhook then marks the order paid and the checkout COMPLETED.
  return payment.data.checkout_url ?? `/thanks?order=${payment.data.order_id}`;
}
