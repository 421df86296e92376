import createClient, { type ClientOptions } from "openapi-fetch";
import type { components, operations, paths } from "./schema";

export type { components, operations, paths };

/** A schema of the Kassa OpenAPI document by name, e.g. `Schema<"VoogCartResponse">`. */
export type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];

/** An RFC 9457 problem, as every Kassa error is answered. */
export type Problem = Schema<"ProblemDetails">;

/**
 * A typed client for a Kassa at `baseUrl` (e.g. `http://127.0.0.1:5080`): every path, parameter, body and answer
 * is checked against Kassa's OpenAPI document. Pass `adminKey` only from a server: it opens the admin API.
 */
export function createKassaClient(baseUrl: string, options: Omit<ClientOptions, "baseUrl"> & { adminKey?: string } = {}) {
  const { adminKey, headers, ...rest } = options;
  return createClient<paths>({
    baseUrl,
    ...rest,
    headers: adminKey === undefined ? headers : { ...(headers as Record<string, string> | undefined), "X-API-TOKEN": adminKey },
  });
}

export type KassaClient = ReturnType<typeof createKassaClient>;
