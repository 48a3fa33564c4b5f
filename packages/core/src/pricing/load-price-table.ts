import { readFileSync } from "node:fs";
import { z } from "zod";
import type { PriceTable } from "./types.js";

const price = z.number().finite().nonnegative();

const tokenPrices = z.strictObject({
  input: price,
  output: price,
  cacheRead: price.optional(),
  cacheWrite5m: price.optional(),
  cacheWrite1h: price.optional(),
});

const priceTableSchema = z.strictObject({
  source: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a YYYY-MM-DD date"),
  notes: z.array(z.string()).optional(),
  guardrailUnitsSource: z.string().optional(),
  guardrailUnits: z.record(z.string(), price).optional(),
  models: z.record(z.string().min(1), tokenPrices.extend({ above200k: tokenPrices.optional() })),
});

/**
 * Checks that `value` is a price table (USD per token, non-negative numbers, no unknown fields) and returns it
 * typed; throws with the path of the first bad field otherwise.
 *
 * @example
 * const table = parsePriceTable(JSON.parse(readFileSync("my-prices.json", "utf8")));
 */
export function parsePriceTable(value: unknown, origin = "price table"): PriceTable {
  const result = priceTableSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map(String).join(".");
  throw new Error(`${origin}: ${path === "" ? "" : `${path}: `}${issue.message}`);
}

/**
 * The price table bundled with bedrock-gw (`prices.json`: Bedrock text and embedding models with their geo/global
 * profile ids, cache and >200k prices, guardrail unit prices). Parsed on every call: keep the result.
 *
 * @example
 * const catalog = createPriceCatalog(loadPriceTable());
 */
export function loadPriceTable(): PriceTable {
  // read, not imported: the JSON stays data, and the package build copies it next to this module
  const url = new URL("./prices.json", import.meta.url);
  return parsePriceTable(JSON.parse(readFileSync(url, "utf8")) as unknown, url.pathname);
}
