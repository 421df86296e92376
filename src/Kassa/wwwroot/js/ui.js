// Small DOM helpers: building elements (text is always set as text, never as HTML), money, and problems shown
// next to the fields they name.

/** @typedef {import("./kassa.js").Problem} Problem */

/**
 * An element with attributes (a `false` or `null` one is left out) and children (strings become text).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | number | boolean | null | undefined>} [attributes]
 * @param {...(Node | string | null | undefined | false)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

/**
 * The element with this id, of the type the page has there.
 * @template {HTMLElement} E
 * @param {string} id
 * @param {new () => E} type
 * @returns {E}
 */
export function byId(id, type) {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`#${id} is not a ${type.name}`);
  return element;
}

/** @type {Map<string, Intl.NumberFormat>} */
const formats = new Map();

/**
 * Formats an amount as Kassa sends it ("1675.0", "19.90"): the string goes to Intl as it is, so it is never rounded
 * through a binary float, in the currency's own style for the language ("€1,675.00", "1675,00 €").
 * @param {string} amount
 * @param {string} currency
 * @param {string} language
 */
export function money(amount, currency, language) {
  const key = `${language}|${currency}`;
  let format = formats.get(key);
  if (!format) formats.set(key, format = new Intl.NumberFormat(language, { style: "currency", currency }));
  return format.format(/** @type {`${number}`} */ (amount));
}

/**
 * A percentage as Kassa sends it ("20", "20.0", "9.5"), for the language ("20%", "9,5%"). Shown only, never computed with.
 * @param {string} rate
 * @param {string} language
 */
export function percent(rate, language) {
  return new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 4 }).format(Number(rate) / 100);
}

/** Removes every problem shown. */
export function clearProblems() {
  for (const field of document.querySelectorAll(".invalid")) field.classList.remove("invalid");
  for (const error of document.querySelectorAll(".field-error")) error.textContent = "";
  for (const input of document.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  notice(null);
}

/**
 * Shows a problem: each message of `errors` next to the field it names, found by `placeOf` (null when the page has
 * no such field), and the rest — the problem's detail and messages with no field on the page — in the notice.
 * @param {Problem} problem
 * @param {(key: string) => Element | null} placeOf
 */
export function showProblem(problem, placeOf) {
  clearProblems();
  /** @type {string[]} */
  const elsewhere = [];
  let first = /** @type {Element | null} */ (null);
  for (const [key, messages] of Object.entries(problem.errors ?? {})) {
    const field = placeOf(key);
    const error = field?.querySelector(".field-error");
    if (!field || !error) {
      elsewhere.push(`${key}: ${messages.join(" ")}`);
      continue;
    }
    field.classList.add("invalid");
    error.textContent = [error.textContent, ...messages].filter(Boolean).join(" ");
    field.querySelector("input, select")?.setAttribute("aria-invalid", "true");
    first ??= field;
  }
  if (elsewhere.length > 0) notice(problem.title, elsewhere);
  else if (!first) notice(problem.detail ?? problem.title);
  (first ?? document.getElementById("notice"))?.scrollIntoView({ block: "center", behavior: "smooth" });
}

/**
 * The banner under the header: a message with an optional list, or hidden for null.
 * @param {string | null} message
 * @param {string[]} [lines]
 * @param {"problem" | "info"} [kind]
 */
export function notice(message, lines = [], kind = "problem") {
  const banner = document.getElementById("notice");
  if (!banner) return;
  banner.hidden = message === null;
  banner.className = `notice ${kind}`;
  banner.replaceChildren();
  if (message === null) return;
  banner.append(h("p", {}, message));
  if (lines.length > 0) banner.append(h("ul", {}, ...lines.map((line) => h("li", {}, line))));
}
