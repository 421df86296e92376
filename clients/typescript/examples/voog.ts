// The Voog purchase of docs/api.md: a cart with items, customer and code → addresses → checkout → the order's
// payment_url, where the shopper pays. The admin key stays on the server (the last function).
import { createKassaClient } from "../src/index";
import { fail } from "./problems";

const kassa = createKassaClient("http://127.0.0.1:5080");

export async function voogPurchase(): Promise<string> {
  const created = await kassa.POST("/admin/api/ecommerce/v1/carts", {
    params: { query: { include: ["items"] } },
    body: {
      items: [{ product_id: 1, quantity: 1 }],
      shipping_method_id: 1,
      customer: { name: "John Doe", email: "john@doe.com", phone: "1234567" },
      discount_code: "XMAS",
      custom_field_values: { "delivery-date": "2026-12-20", "gift-wrap": true },
    },
  });
  if (created.error) fail(created.error);
  const uuid = created.data.uuid;
  console.log(`items ${created.data.items_total_amount} + shipping ${created.data.shipping_total_amount} = ${created.data.total_amount}`);

  // A partial update: what is left out stays; addresses are merged (null clears a field).
  const updated = await kassa.PUT("/admin/api/ecommerce/v1/carts/{uuid}", {
    params: {
      path: { uuid },
      query: { include: ["items", "shipping_address", "billing_address", "payment_methods", "translations"], language_code: "et" },
      header: { "If-Match": created.response.headers.get("ETag") ?? "*" },
    },
    body: {
      items: [{ product_id: 1, quantity: 2 }, { product_id: 3, quantity: 1, note: "PDF please" }],
      shipping_address: { name: "John Doe", address1: "Main Street 1", city: "Tallinn", zip_code: "11612", country_code: "ee", phone: "1234567" },
      billing_address: { company_name: null },
    },
  });
  if (updated.error) fail(updated.error);
  for (const item of updated.data.items ?? []) console.log(`${item.quantity} × ${item.product_name}: ${item.amount}`);
  if (!updated.data.metainfo.checkout_allowed) throw new Error("The cart cannot be checked out yet");

  const order = await kassa.POST("/admin/api/ecommerce/v1/carts/{uuid}/checkout", {
    params: { path: { uuid }, header: { "Idempotency-Key": `checkout-${uuid}` } },
    body: { gateway_code: "sandbox", return_url: "https://shop.example/thanks" },
  });
  if (order.error) fail(order.error);
  return order.data.urls.payment_url ?? order.data.urls.url;
}

/** On the shop's server: the order, read with the admin key. */
export async function orderStatus(adminKey: string, orderId: number): Promise<string> {
  const admin = createKassaClient("http://127.0.0.1:5080", { adminKey });
  const order = await admin.GET("/admin/api/ecommerce/v1/orders/{id}", { params: { path: { id: orderId } } });
  if (order.error) fail(order.error);
  return `${order.data.code}: ${order.data.payment_status}, ${order.data.shipping_status}`;
}
