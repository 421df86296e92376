// The demo storefront: the public catalog, a Voog cart that each change updates with one PUT (If-Match), checkout,
// the payment page of the chosen provider and the order's confirmation. Every problem Kassa answers is shown next to
// the field it names (ui.js). README.md, "A storefront", says why the Voog dialect.
import { Kassa } from "./kassa.js";
import { byId, clearProblems, h, money, notice, percent, showProblem } from "./ui.js";

/** @typedef {import("./kassa.js").Store} Store */
/** @typedef {import("./kassa.js").Product} Product */
/** @typedef {import("./kassa.js").Cart} Cart */
/** @typedef {import("./kassa.js").CartChanges} CartChanges */
/** @typedef {import("./kassa.js").CartItemRequest} CartItemRequest */
/** @typedef {import("./kassa.js").AddressPatch} AddressPatch */
/** @typedef {import("./kassa.js").Order} Order */
/** @typedef {import("./kassa.js").Problem} Problem */
/** @typedef {NonNullable<Cart["items"]>[number]} CartItem */

const params = new URLSearchParams(location.search);
// The page's owner names the API in the page; ?api= is for trying another Kassa.
const apiBase = document.documentElement.dataset.kassaApi || params.get("api") || location.origin;
const savedCartKey = `kassa-cart:${apiBase}`;
const addressParts = ["name", "address1", "zip_code", "city", "country_code"];

/** @type {Kassa} */ let kassa;
/** @type {Store} */ let store;
/** @type {Product[]} */ let products = [];
/** @type {Cart | null} */ let cart = null;
/** @type {string | null} */ let etag = null;
let language = "en";

const shop = byId("shop", HTMLElement);
const form = byId("checkout", HTMLFormElement);

start();

async function start() {
  kassa = new Kassa(apiBase, params.get("lang") ?? "en");
  const facts = await kassa.store();
  if (!facts.ok) return fail(facts.problem);
  store = facts.data;
  setLanguage(store.languages.includes(kassa.language) ? kassa.language : store.languages[0] ?? "en");
  buildForm();
  if (!(await loadProducts())) return;

  // Back from the payment page (?cart=), or back in the shop with a cart: a checked-out cart shows its order.
  const uuid = params.get("cart") ?? localStorage.getItem(savedCartKey);
  const read = uuid ? await kassa.cart(uuid) : null;
  if (read?.ok && read.data.status === "closed") return showOutcome(read.data);
  if (read?.ok) {
    useCart(read.data, read.etag);
    fillForm(read.data);
  } else localStorage.removeItem(savedCartKey);
  keepInUrl("cart", null);
  render();
}

/** @param {Problem} problem */
function fail(problem) {
  if (store) render();
  else setBusy(false);
  showProblem(problem, () => null);
}

/** @param {string} code */
function setLanguage(code) {
  language = code;
  kassa.language = code;
  document.documentElement.lang = code;
  const select = byId("language", HTMLSelectElement);
  select.replaceChildren(...store.languages.map((l) => h("option", { value: l, selected: l === code },
    new Intl.DisplayNames([code], { type: "language" }).of(l) ?? l)));
  select.onchange = async () => {
    setLanguage(select.value);
    keepInUrl("lang", select.value);
    await loadProducts();
    if (cart) {
      const read = await kassa.cart(cart.uuid);
      if (read.ok) useCart(read.data, read.etag);
    }
    render();
  };
}

async function loadProducts() {
  const answer = await kassa.products(store.default_currency);
  if (!answer.ok) {
    fail(answer.problem);
    return false;
  }
  products = answer.data;
  renderProducts();
  return true;
}

/**
 * @param {Cart} next
 * @param {string | null} tag
 */
function useCart(next, tag) {
  cart = next;
  etag = tag;
  localStorage.setItem(savedCartKey, next.uuid);
}

/** @param {string} amount */
const fmt = (amount) => money(amount, cart?.currency ?? store.default_currency, language);

// ---- writing the cart -------------------------------------------------------------------------------------------

/**
 * Sends one change of the cart (creating it first if there is none); on a problem, shows it next to its fields.
 * @param {CartChanges} changes
 * @returns {Promise<boolean>} whether Kassa took it
 */
async function change(changes) {
  setBusy(true);
  const answer = cart ? await kassa.updateCart(cart.uuid, changes, etag) : await kassa.createCart(changes);
  if (answer.ok) {
    useCart(answer.data, answer.etag);
    clearProblems();
    render();
    return true;
  }
  const status = answer.problem.status;
  if (cart && (status === 412 || status === 409 || status === 404)) {
    // Changed, checked out or gone elsewhere (another tab): show the cart as it is now.
    const read = await kassa.cart(cart.uuid);
    if (read.ok && read.data.status !== "closed") useCart(read.data, read.etag);
    else forgetCart();
    render();
  }
  // Refused: the cart is as it was, and the page keeps what the shopper typed beside the messages.
  setBusy(false);
  showProblem(answer.problem, (key) => placeOf(key, changes.items ?? []));
  return false;
}

function forgetCart() {
  cart = null;
  etag = null;
  localStorage.removeItem(savedCartKey);
}

/**
 * Where the page shows a problem about `key`: `items[2].quantity` next to that line (or the product's card when the
 * line is not in the cart yet), `shipping_address.city` next to that input, and so on.
 * @param {string} key
 * @param {CartItemRequest[]} items the items the request sent, in its order
 * @returns {Element | null}
 */
function placeOf(key, items) {
  const item = /^items\[(\d+)\]/.exec(key);
  if (item) {
    const id = items[Number(item[1])]?.product_id;
    return document.querySelector(`[data-field="line:${id}"]`) ?? document.querySelector(`[data-field="product:${id}"]`);
  }
  const field = key === "shipping_method_option" ? "shipping_method_id" : key === "payment_method" ? "gateway_code" : key;
  return document.querySelector(`[data-field="${CSS.escape(field)}"]`);
}

/**
 * The cart's whole item list as the page shows it: each line with the quantity in its input, as typed.
 * @returns {CartItemRequest[]}
 */
function lineItems() {
  return (cart?.items ?? []).map((item) => ({
    product_id: item.product_id,
    quantity: quantityInput(item.product_id)?.value.trim() ?? item.quantity,
    note: item.note,
  }));
}

/** @param {number} productId */
function quantityInput(productId) {
  const input = document.querySelector(`[data-field="line:${productId}"] input`);
  return input instanceof HTMLInputElement ? input : null;
}

/** @param {number} productId */
function add(productId) {
  const items = lineItems();
  const line = items.find((i) => i.product_id === productId);
  if (line) line.quantity = Number(line.quantity) + 1;
  else items.push({ product_id: productId, quantity: 1 });
  return change({ items });
}

/**
 * @param {number} productId
 * @param {string} quantity
 */
function setQuantity(productId, quantity) {
  const items = lineItems();
  for (const item of items) if (item.product_id === productId) item.quantity = quantity;
  return change({ items });
}

// ---- checkout -----------------------------------------------------------------------------------------------------

/** @param {SubmitEvent} event */
async function pay(event) {
  event.preventDefault();
  if (!cart || !form.reportValidity()) return;
  const uuid = cart.uuid;
  const payment = checkedValue("payment")?.split("|") ?? [];
  const [methodId, option] = (checkedValue("shipping") ?? "").split("|");
  // The whole cart in one PUT: whatever is wrong anywhere comes back at once, each message at its field.
  const taken = await change({
    items: lineItems(),
    customer: { name: text("customer.name"), email: text("customer.email"), phone: text("customer.phone"), language },
    shipping_address: address("shipping_address"),
    billing_address: byId("same-billing", HTMLInputElement).checked ? null : address("billing_address"),
    shipping_method_id: methodId ? Number(methodId) : null,
    shipping_method_option: option ?? null,
    custom_field_values: customFieldValues(),
    gateway_code: payment[0] ?? null,
    payment_method: payment[1] ?? null,
    return_url: returnUrl(uuid),
  });
  if (!taken || !cart) return;

  setBusy(true);
  // The key is the cart's version: a retry of this very checkout (a lost answer, a double click) gets its order back.
  const answer = await kassa.checkOut(uuid, {}, `checkout-${uuid}-${etag}`);
  if (!answer.ok) {
    setBusy(false);
    return showProblem(answer.problem, (key) => placeOf(key, lineItems()));
  }
  const target = payable(answer.data);
  if (target) location.assign(target);
  else showOrder(answer.data, uuid);
}

/**
 * Where the shopper pays the order, if they still have to: only an http(s) URL.
 * @param {Order} order
 */
function payable(order) {
  const url = order.urls.payment_url;
  return order.payment_status === "pending" && url && /^https?:\/\//.test(url) ? url : null;
}

/** Where the payment page sends the shopper back: this page, with the cart it was about. */
function returnUrl(/** @type {string} */ uuid) {
  const url = new URL(location.href);
  url.hash = "";
  url.searchParams.set("cart", uuid);
  return url.href;
}

/**
 * Back from the payment page with a checked-out cart: the order as it is now says how the payment went. Repeating a
 * Voog checkout answers the cart's order; once a cancelled or expired payment has cancelled the order it is a 409,
 * and the shopper gets a new cart with the same things in it.
 * @param {Cart} closed
 */
async function showOutcome(closed) {
  const answer = await kassa.checkOut(closed.uuid, {});
  if (answer.ok) return showOrder(answer.data, closed.uuid);
  keepInUrl("cart", null);
  localStorage.removeItem(savedCartKey);
  if (answer.problem.status !== 409) return fail(answer.problem);
  const reopened = await kassa.createCart({
    items: (closed.items ?? []).map((i) => ({ product_id: i.product_id, quantity: i.quantity, note: i.note })),
    discount_code: closed.discount_code,
    shipping_method_id: closed.shipping_method_id,
    shipping_method_option: closed.shipping_method_option,
    customer: closed.customer,
    shipping_address: closed.shipping_address ? addressPatch(closed.shipping_address) : null,
    billing_address: closed.billing_address ? addressPatch(closed.billing_address) : null,
    custom_field_values: closed.custom_field_values,
  });
  if (reopened.ok) {
    useCart(reopened.data, reopened.etag);
    fillForm(reopened.data);
  }
  render();
  notice("The payment was not completed. Your cart is as you left it; you can pay again.", [], "info");
}

/**
 * @param {import("./kassa.js").Schemas["VoogAddress"]} a
 * @returns {AddressPatch}
 */
function addressPatch(a) {
  const { name, company_name, vat_code, address1, address2, city, zip_code, state, country_code, phone, instructions } = a;
  return { name, company_name, vat_code, address1, address2, city, zip_code, state, country_code, phone, instructions };
}

// ---- rendering ----------------------------------------------------------------------------------------------------

function render() {
  renderCart();
  setBusy(false);
}

function renderProducts() {
  byId("products", HTMLDivElement).replaceChildren(...products.map(productCard));
}

/** @param {Product} product */
function productCard(product) {
  const choices = product.variants.length > 0 ? product.variants : [product];
  let chosen = choices.find((c) => c.availability !== "out_of_stock") ?? product;
  const price = h("p", { class: "price" });
  const button = h("button", { type: "button", class: "primary" });
  const card = h("article", { class: "product" });
  const show = () => {
    const p = chosen.price;
    price.replaceChildren(p ? money(p.gross, p.currency, language) : "Not sold in this currency",
      p ? h("small", {}, ` incl. ${percent(p.tax_rate, language)} VAT`) : "");
    const soldOut = chosen.availability === "out_of_stock" || !p;
    button.disabled = soldOut;
    button.textContent = soldOut ? "Sold out" : "Add to cart";
    card.dataset.field = `product:${chosen.id}`;
  };
  button.onclick = () => add(chosen.id);
  const variants = product.variants.length > 0
    ? h("select", { "aria-label": `${product.name}: variant` },
        ...choices.map((c) => h("option", { value: c.id, selected: c === chosen },
          (c.variant_attributes.map((a) => a.variant_value.name).join(" / ") || c.name) + (c.availability === "out_of_stock" ? " (sold out)" : ""))))
    : null;
  if (variants) variants.onchange = () => {
    chosen = choices.find((c) => String(c.id) === variants.value) ?? chosen;
    show();
  };
  show();
  card.append(
    product.image_url ? h("img", { src: product.image_url, alt: "", class: "thumb" }) : h("div", { class: "thumb", "aria-hidden": "true" }, product.name.slice(0, 1)),
    h("h3", {}, product.name),
    product.description ? h("p", { class: "muted" }, product.description) : "",
    variants ?? "",
    h("div", { class: "buy" }, price, button),
    h("small", { class: "field-error" }));
  return card;
}

function renderCart() {
  const items = cart?.items ?? [];
  byId("lines", HTMLUListElement).replaceChildren(...items.map(lineOf));
  byId("cart-empty", HTMLParagraphElement).hidden = items.length > 0;
  byId("discount", HTMLFormElement).hidden = items.length === 0;
  form.hidden = items.length === 0;
  byId("discount-code", HTMLInputElement).value = cart?.discount_code ?? "";
  renderTotals();
  renderDeliveries();
  byId("pay", HTMLButtonElement).textContent = cart ? `Pay ${fmt(cart.total_amount)}` : "Pay";
}

/** @param {CartItem} item */
function lineOf(item) {
  const quantity = h("input", { type: "number", inputmode: "numeric", min: 0, max: 10000, value: item.quantity, "aria-label": `Quantity of ${item.product_name}` });
  quantity.onchange = () => setQuantity(item.product_id, quantity.value.trim());
  const remove = h("button", { type: "button", class: "remove", "aria-label": `Remove ${item.product_name}` }, "×");
  remove.onclick = () => setQuantity(item.product_id, "0");
  return h("li", { class: "line", "data-field": `line:${item.product_id}` },
    h("div", { class: "line-name" }, item.product_name,
      item.product.variant_attributes_text ? h("small", {}, item.product.variant_attributes_text) : ""),
    quantity,
    h("span", { class: "amount" }, fmt(item.amount)),
    remove,
    h("small", { class: "field-error" }));
}

function renderTotals() {
  const totals = byId("totals", HTMLDListElement);
  totals.hidden = !cart || (cart.items ?? []).length === 0;
  if (!cart) return totals.replaceChildren();
  /** @type {[string, string, string?][]} */
  const rows = [["Items", fmt(cart.items_total_amount)]];
  const d = cart.discount;
  if (d) rows.push([`Code ${d.code}`, d.discount_type === "percentage" ? `−${percent(d.amount, language)}` : `−${fmt(d.amount)}`, "discount"]);
  const method = cart.shipping_method;
  rows.push([method ? `Delivery: ${method.name}${method.option ? ` (${method.option})` : ""}` : "Delivery", method ? fmt(cart.shipping_total_amount) : "choose below"]);
  for (const t of cart.tax_amounts) rows.push([`incl. VAT ${percent(t.tax_rate, language)}`, fmt(t.tax_amount), "tax"]);
  rows.push(["Total", fmt(cart.total_amount), "total"]);
  totals.replaceChildren(...rows.flatMap(([label, value, kind]) => [h("dt", { class: kind }, label), h("dd", { class: kind }, value)]));
}

/** The checkout form's parts that come from the store: addresses, delivery, extras, payment. */
function buildForm() {
  const template = byId("address-fields", HTMLTemplateElement);
  for (const prefix of ["shipping_address", "billing_address"]) {
    const fields = /** @type {DocumentFragment} */ (template.content.cloneNode(true));
    for (const field of fields.querySelectorAll("[data-field]")) field.setAttribute("data-field", `${prefix}.${field.getAttribute("data-field")}`);
    for (const input of fields.querySelectorAll("input")) input.name = `${prefix}.${input.name}`;
    byId(prefix.replace("_", "-"), HTMLFieldSetElement).append(fields);
  }
  const same = byId("same-billing", HTMLInputElement);
  const billing = byId("billing-address", HTMLFieldSetElement);
  same.onchange = () => {
    billing.hidden = same.checked;
    billing.disabled = same.checked;
  };
  billing.disabled = true;

  const extras = byId("extras", HTMLFieldSetElement);
  extras.hidden = store.custom_fields.length === 0;
  for (const f of store.custom_fields) {
    const name = `custom_field_values.${f.key}`;
    const type = ["date", "time", "checkbox"].includes(f.kind) ? f.kind : "text";
    const input = h("input", { type, name, required: f.required });
    extras.append(type === "checkbox"
      ? h("label", { class: "check field", "data-field": name }, input, ` ${f.label}`, h("small", { class: "field-error" }))
      : h("label", { class: "field", "data-field": name }, h("span", {}, f.label), input, h("small", { class: "field-error" })));
  }

  const preferred = store.payment_methods.find((m) => m.gateway_code === "sandbox") ?? store.payment_methods[0];
  byId("payment-methods", HTMLDivElement).replaceChildren(...store.payment_methods.map((m) =>
    h("label", { class: "choice" }, h("input", { type: "radio", name: "payment", value: `${m.gateway_code}|${m.code}`, checked: m === preferred, required: true }),
      h("span", {}, m.name))));

  form.onsubmit = pay;
  byId("discount", HTMLFormElement).onsubmit = (event) => {
    event.preventDefault();
    change({ discount_code: byId("discount-code", HTMLInputElement).value.trim() || null });
  };
}

/** The store's deliveries, each option on its own, the cart's choice checked; choosing one changes the cart at once. */
function renderDeliveries() {
  const chosen = cart ? [cart.shipping_method_id, cart.shipping_method_option].filter((v) => v !== null).join("|") : "";
  byId("shipping-methods", HTMLDivElement).replaceChildren(...store.shipping_methods.flatMap((m) => {
    const where = m.countries.length > 0 ? `To ${m.countries.join(", ")}` : "";
    const choices = m.options.length > 0
      ? m.options.map((o) => ({ value: `${m.id}|${o.name}`, label: `${m.name}: ${o.name}`, price: o.price }))
      : [{ value: String(m.id), label: m.name, price: m.price }];
    return choices.map((c) => {
      const radio = h("input", { type: "radio", name: "shipping", value: c.value, checked: c.value === chosen });
      radio.onchange = () => {
        const [id, option] = c.value.split("|");
        change({ shipping_method_id: Number(id), shipping_method_option: option ?? null });
      };
      return h("label", { class: "choice" }, radio,
        h("span", {}, c.label, h("small", {}, [m.description, where].filter(Boolean).join(" · "))),
        h("strong", {}, c.price ? money(c.price.gross, c.price.currency, language) : ""));
    });
  }));
}

/**
 * Puts what the cart holds (customer, addresses, extras) into the form.
 * @param {Cart} c
 */
function fillForm(c) {
  /** @type {Record<string, unknown>} */
  const values = {
    "customer.name": c.customer?.name, "customer.email": c.customer?.email, "customer.phone": c.customer?.phone,
  };
  for (const part of addressParts) {
    values[`shipping_address.${part}`] = c.shipping_address?.[/** @type {keyof AddressPatch} */ (part)];
    values[`billing_address.${part}`] = c.billing_address?.[/** @type {keyof AddressPatch} */ (part)];
  }
  for (const [key, value] of Object.entries(c.custom_field_values)) values[`custom_field_values.${key}`] = value;
  for (const [name, value] of Object.entries(values)) {
    const input = form.elements.namedItem(name);
    if (!(input instanceof HTMLInputElement) || value === null || value === undefined) continue;
    if (input.type === "checkbox") input.checked = value === true;
    else input.value = String(value);
  }
  const same = byId("same-billing", HTMLInputElement);
  same.checked = !c.billing_address;
  same.dispatchEvent(new Event("change"));
}

/** @param {string} name */
function text(name) {
  const input = form.elements.namedItem(name);
  return input instanceof HTMLInputElement && input.value.trim() !== "" ? input.value.trim() : null;
}

/**
 * @param {string} prefix
 * @returns {AddressPatch}
 */
function address(prefix) {
  return Object.fromEntries(addressParts.map((part) => [part, text(`${prefix}.${part}`)]));
}

function customFieldValues() {
  /** @type {Record<string, string | boolean | null>} */
  const values = {};
  for (const f of store.custom_fields) {
    const input = form.elements.namedItem(`custom_field_values.${f.key}`);
    if (input instanceof HTMLInputElement) values[f.key] = input.type === "checkbox" ? input.checked : text(input.name);
  }
  return values;
}

/** @param {string} name */
function checkedValue(name) {
  const checked = form.querySelector(`input[name="${name}"]:checked`);
  return checked instanceof HTMLInputElement ? checked.value : null;
}

/** @param {boolean} busy */
function setBusy(busy) {
  shop.setAttribute("aria-busy", String(busy));
  for (const button of shop.querySelectorAll("button")) if (button instanceof HTMLButtonElement) button.classList.toggle("waiting", busy);
}

/**
 * @param {string} name
 * @param {string | null} value
 */
function keepInUrl(name, value) {
  const url = new URL(location.href);
  if (value === null) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  history.replaceState(null, "", url);
}

// ---- confirmation -------------------------------------------------------------------------------------------------

/**
 * @param {Order} order
 * @param {string} cartUuid the cart it was, kept in the URL so a reload shows this page again
 */
function showOrder(order, cartUuid) {
  const f = (/** @type {string} */ amount) => money(amount, order.currency, language);
  const status = order.payment_status === "paid" ? "Payment received."
    : order.payment_status !== "pending" ? `Payment ${order.payment_status}.`
    : order.gateway_code === "offline" ? "To be paid by invoice." : "Waiting for the payment to be confirmed.";
  const to = order.shipping_address;
  const page = byId("confirmation", HTMLElement);
  page.replaceChildren(h("section", { class: "panel receipt", "aria-labelledby": "order-title" },
    h("p", { class: "eyebrow" }, `Order ${order.code}`),
    h("h1", { id: "order-title" }, order.customer?.name ? `Thank you, ${order.customer.name}!` : "Thank you!"),
    h("p", { class: `status ${order.payment_status}`, id: "payment-status" }, status),
    h("table", {},
      h("tbody", {},
        ...order.items.map((i) => h("tr", {}, h("td", {}, `${i.quantity} × ${i.product_name}`), h("td", {}, f(i.amount)))),
        order.discount ? h("tr", { class: "discount" }, h("td", {}, `Code ${order.discount.code}`), h("td", {}, "applied")) : null,
        order.shipping_method ? h("tr", {}, h("td", {}, `Delivery: ${order.shipping_method.name}${order.shipping_method.option ? ` (${order.shipping_method.option})` : ""}`), h("td", {}, f(order.shipping_total_amount))) : null,
        ...order.tax_amounts.map((t) => h("tr", { class: "tax" }, h("td", {}, `incl. VAT ${percent(t.tax_rate, language)}`), h("td", {}, f(t.tax_amount)))),
        h("tr", { class: "total" }, h("td", {}, "Total"), h("td", { id: "order-total" }, f(order.total_amount))))),
    to ? h("p", { class: "muted" }, `Ships to ${[to.name, to.address1, [to.zip_code, to.city].filter(Boolean).join(" "), to.country_code?.toUpperCase()].filter(Boolean).join(", ")}`) : null,
    h("p", { class: "actions" },
      h("a", { href: order.urls.invoice_url, target: "_blank", rel: "noopener" }, "Invoice"),
      payable(order) ? h("a", { href: payable(order), class: "button primary", id: "pay-now" }, `Pay ${f(order.total_amount)}`)
        : h("a", { href: shopUrl(), class: "button primary" }, "Continue shopping"))));
  // The order is the cart's end: the shop starts a new cart from here (?cart= still shows this page on reload).
  localStorage.removeItem(savedCartKey);
  keepInUrl("cart", cartUuid);
  cart = null;
  shop.hidden = true;
  page.hidden = false;
  notice(null);
}

/** This page without the cart it came back with. */
function shopUrl() {
  const url = new URL(location.href);
  url.searchParams.delete("cart");
  url.hash = "";
  return url.href;
}
