import type { Problem } from "../src/index";

/** Every Kassa error is a problem; `errors` names each field that is wrong (e.g. `line_items[0].quantity`). */
export function fail(problem: Problem): never {
  const fields = Object.entries(problem.errors ?? {}).map(([field, messages]) => `${field}: ${messages.join(" ")}`);
  throw new Error([`${problem.status} ${problem.title}: ${problem.detail ?? ""}`, ...fields].join("\n"));
}
