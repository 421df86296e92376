// The calls this storefront makes to Kassa, all anonymous: the public catalog, then the Voog cart and its checkout.
// The types are the ones generated from Kassa's OpenAPI document; tsc --checkJs holds this file to them.

/** @typedef {import("../../../../clients/typescript/src/schema").components["schemas"]} Schemas */
/** @typedef {Schemas["StorefrontStore"]} Store */
/** @typedef {Schemas["StorefrontProduct"]} Product */
/** @typedef {Schemas["StorefrontPrice"]} Price */
/** @typedef {Schemas["VoogCartResponse"]} Cart */
/** @typedef {Schemas["VoogCartRequest"]} CartChanges */
/** @typedef {Schemas["VoogCartItemRequest"]} CartItemRequest */
/** @typedef {Schemas["VoogAddressPatch"]} AddressPatch */
/** @typedef {Schemas["VoogCheckoutRequest"]} CheckoutChoices */
/** @typedef {Schemas["VoogOrderResponse"]} Order */
/** @typedef {Schemas["ProblemDetails"]} Problem */

/**
 * What a call gave: the answer with its ETag, or the problem Kassa described (RFC 9457).
 * @template T
 * @typedef {{ ok: true, data: T, etag: string | null } | { ok: false, problem: Problem }} Answer
 */

const voogCarts = "/admin/api/ecommerce/v1/carts";
// The blocks the page shows; without include= a Voog cart has no items or addresses.
const cartBlocks = "items,shipping_address,billing_address";

export class Kassa {
  /**
   * @param {string} base Kassa's origin, e.g. "https://kassa.example"
   * @param {string} language the language for product names, e.g. "en"
   */
  constructor(base, language) {
    this.base = base.replace(/\/+$/, "");
    this.language = language;
  }

  /** @returns {Promise<Answer<Store>>} */
  store() {
    return this.#send("GET", "/api/store");
  }

  /**
   * The live products of the store, all pages.
   * @param {string} currency
   * @returns {Promise<Answer<Product[]>>}
   */
  async products(currency) {
    /** @type {Product[]} */
    const all = [];
    for (let page = 1; ; page++) {
      /** @type {Answer<Product[]>} */
      const answer = await this.#send("GET", `/api/products?per_page=250&page=${page}&currency=${enc(currency)}&language_code=${enc(this.language)}`);
      if (!answer.ok || answer.data.length < 250) return answer.ok ? { ...answer, data: all.concat(answer.data) } : answer;
      all.push(...answer.data);
    }
  }

  /**
   * @param {CartChanges} changes
   * @returns {Promise<Answer<Cart>>}
   */
  createCart(changes) {
    return this.#send("POST", `${voogCarts}?${this.#cartQuery()}`, changes);
  }

  /**
   * @param {string} uuid
   * @returns {Promise<Answer<Cart>>}
   */
  cart(uuid) {
    return this.#send("GET", `${voogCarts}/${enc(uuid)}?${this.#cartQuery()}`);
  }

  /**
   * Changes what `changes` names, only if the cart is still the one read (`If-Match`; else a 412).
   * @param {string} uuid
   * @param {CartChanges} changes
   * @param {string | null} etag
   * @returns {Promise<Answer<Cart>>}
   */
  updateCart(uuid, changes, etag) {
    return this.#send("PUT", `${voogCarts}/${enc(uuid)}?${this.#cartQuery()}`, changes, etag ? { "If-Match": etag } : {});
  }

  /**
   * Turns the cart into an order and closes it. Repeating it answers the cart's order as it is now (paid, pending),
   * or a 409 once that order was cancelled: how the page learns how the payment went.
   * @param {string} uuid
   * @param {CheckoutChoices} choices
   * @param {string} [idempotencyKey]
   * @returns {Promise<Answer<Order>>}
   */
  checkOut(uuid, choices, idempotencyKey) {
    return this.#send("POST", `${voogCarts}/${enc(uuid)}/checkout?language_code=${enc(this.language)}`, choices,
      idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {});
  }

  #cartQuery() {
    return `include=${cartBlocks}&language_code=${enc(this.language)}`;
  }

  /**
   * @template T
   * @param {string} method
   * @param {string} path
   * @param {object} [body]
   * @param {Record<string, string>} [headers]
   * @returns {Promise<Answer<T>>}
   */
  async #send(method, path, body, headers = {}) {
    /** @type {Response} */
    let response;
    try {
      response = await fetch(this.base + path, {
        method,
        // A cart is personal: never from a cache.
        cache: path.startsWith(voogCarts) ? "no-store" : "default",
        headers: body === undefined ? headers : { ...headers, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      // A network failure, or an origin Kassa does not allow (the browser hides the answer: Kassa__Cors__AllowedOrigins).
      return { ok: false, problem: { status: 0, title: "Kassa cannot be reached", detail: `No answer from ${this.base}. Is it running, and does it allow this page's origin (${location.origin})?` } };
    }
    if (response.ok) return { ok: true, data: await response.json(), etag: response.headers.get("ETag") };
    const isProblem = (response.headers.get("Content-Type") ?? "").includes("json");
    return { ok: false, problem: isProblem ? await response.json() : { status: response.status, title: response.statusText || `HTTP ${response.status}` } };
  }
}

/** @param {string} value */
const enc = (value) => encodeURIComponent(value);
