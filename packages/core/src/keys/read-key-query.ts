import { GatewayError } from "../errors/gateway-error.js";
import type { KeyListFilter } from "./virtual-key.js";

/** LiteLLM `/key/list` query parameters bedrock-gw does not implement. */
const UNSUPPORTED_LIST_PARAMS = new Set([
  "organization_id",
  "project_id",
  "key_hash",
  "include_team_keys",
  "include_created_by_keys",
  "sort_by",
  "sort_order",
  "expand",
  "status",
]);
/** `/key/list` parameter → filter field, for the exact-match filters */
const LIST_FILTERS = [
  ["user_id", "userId"],
  ["team_id", "teamId"],
  ["key_alias", "keyAlias"],
] as const;
const LIST_PARAMS = new Set(["page", "size", "return_full_object", ...LIST_FILTERS.map(([param]) => param)]);
const MAX_PAGE_SIZE = 1000;

/**
 * Reads `/key/list` query parameters (LiteLLM's names: `page`, `size`, `user_id`, `team_id`, `key_alias`,
 * `return_full_object`). Unknown or unimplemented parameters and bad numbers are a 400 with the reason.
 *
 * @example
 * readKeyListQuery(new URLSearchParams("team_id=t1&page=2&size=50")) // { filter: { teamId: "t1", page: 2, size: 50 }, fullObjects: false }
 */
export function readKeyListQuery(params: URLSearchParams): { filter: KeyListFilter; fullObjects: boolean } {
  assertKnownParams(params, LIST_PARAMS, "/key/list", UNSUPPORTED_LIST_PARAMS);
  const filter: KeyListFilter = {};
  for (const [param, field] of LIST_FILTERS) {
    const value = params.get(param);
    if (value !== null && value !== "") filter[field] = value;
  }
  const page = readWholeNumber(params, "page", 1, Number.MAX_SAFE_INTEGER);
  if (page !== undefined) filter.page = page;
  const size = readWholeNumber(params, "size", 1, MAX_PAGE_SIZE);
  if (size !== undefined) filter.size = size;
  const full = params.get("return_full_object");
  if (full !== null && full !== "true" && full !== "false") throw bad(`return_full_object must be true or false, not "${full}"`);
  return { filter, fullObjects: full === "true" };
}

/**
 * Reads the `key` parameter of `/key/info` (the key or its hash). A missing key is a 404, as for an unknown one.
 *
 * @example
 * readKeyInfoQuery(new URLSearchParams("key=sk-1234")) // "sk-1234"
 */
export function readKeyInfoQuery(params: URLSearchParams): string {
  assertKnownParams(params, new Set(["key"]), "/key/info");
  const key = params.get("key");
  if (!key) throw new GatewayError("not-found", "no key given: name it as /key/info?key=<key or its hash>");
  return key;
}

function assertKnownParams(params: URLSearchParams, known: ReadonlySet<string>, route: string, unsupported: ReadonlySet<string> = new Set()): void {
  for (const name of new Set(params.keys())) {
    if (unsupported.has(name)) throw bad(`${route} parameter ${name} is a LiteLLM parameter bedrock-gw does not implement`);
    if (!known.has(name)) throw bad(`unknown ${route} parameter ${name}; known: ${[...known].join(", ")}`);
  }
}

function readWholeNumber(params: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const text = params.get(name);
  if (text === null) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw bad(`${name} must be a whole number ${range}, not "${text}"`);
  }
  return value;
}

function bad(message: string): GatewayError {
  return new GatewayError("bad-request", message);
}
