import type { PriceOverride } from "../config/types.js";
import { decodeModelId, resolveBaseModelId } from "../usage/resolve-model-family.js";
import type { ModelPrice, PriceTable, TokenPrices } from "./types.js";

export interface LookupPriceOptions {
  /** `model_info.base_model`: the model an opaque id (application inference profile ARN) is priced as */
  baseModel?: string;
  /** per-deployment prices; each field set wins over the table's */
  override?: PriceOverride;
}

/** How a price was found: the id itself, its base id, the deployment's base model, or the override alone. */
export type PriceMatchKind = "exact" | "base-id" | "base-model" | "override";

export interface PriceLookup {
  /** the price, with `id` set to `priceId` */
  price: ModelPrice;
  /** the table key that matched (or the model id, for an override-only price) */
  priceId: string;
  matchedBy: PriceMatchKind;
}

/** Override field → price field. */
const OVERRIDE_FIELDS = [
  ["inputCostPerToken", "input"],
  ["outputCostPerToken", "output"],
  ["cacheReadInputTokenCost", "cacheRead"],
  ["cacheCreationInputTokenCost", "cacheWrite5m"],
  ["cacheCreationInputTokenCostAbove1hr", "cacheWrite1h"],
] as const satisfies readonly (readonly [keyof PriceOverride, keyof TokenPrices])[];

/**
 * Finds the price of a model: the exact id (a geo profile has its own price), then its base id (profile prefix
 * stripped, ARN resolved), then the deployment's `baseModel` (how application-inference-profile ARNs get priced).
 * An override wins field by field; an override with input and output prices prices even a model the table lacks.
 * An override of any token price drops the table's >200k tier: the override is taken as a flat price.
 *
 * @example
 * lookupPrice(table, "eu.amazon.nova-pro-v1:0")                // { priceId: "eu.amazon.nova-pro-v1:0", matchedBy: "exact", ... }
 * lookupPrice(table, "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc",
 *   { baseModel: "anthropic.claude-3-5-haiku-20241022-v1:0" }) // { matchedBy: "base-model", ... }
 */
export function lookupPrice(table: PriceTable, modelId: string, options: LookupPriceOptions = {}): PriceLookup | undefined {
  return applyOverride(findTablePrice(table, modelId, options.baseModel), modelId, options.override);
}

/** The table's own match, before any override (what a catalog caches). */
export function findTablePrice(table: PriceTable, modelId: string, baseModel?: string): PriceLookup | undefined {
  const decoded = decodeModelId(modelId);
  const exact = findEntry(table, decoded);
  if (exact !== undefined) return toLookup(exact, decoded, "exact");
  for (let id = resolveBaseModelId(decoded), step = 0; id !== undefined && step < 2; id = resolveBaseModelId(id), step++) {
    const entry = findEntry(table, id);
    if (entry !== undefined) return toLookup(entry, id, "base-id");
  }
  if (baseModel === undefined) return undefined;
  for (let id: string | undefined = baseModel, step = 0; id !== undefined && step < 3; id = resolveBaseModelId(id), step++) {
    const entry = findEntry(table, id);
    if (entry !== undefined) return toLookup(entry, id, "base-model");
  }
  return undefined;
}

/** Lays a deployment's override over a table match, field by field. */
export function applyOverride(match: PriceLookup | undefined, modelId: string, override: PriceOverride | undefined): PriceLookup | undefined {
  if (override === undefined) return match;
  const fields: Partial<TokenPrices> = {};
  for (const [from, to] of OVERRIDE_FIELDS) {
    const value = override[from];
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) fields[to] = value;
  }
  if (Object.keys(fields).length === 0) return match;
  if (match === undefined) {
    if (fields.input === undefined || fields.output === undefined) return undefined;
    return toLookup({ ...fields, input: fields.input, output: fields.output }, modelId, "override");
  }
  const { above200k: _tier, ...base } = match.price;
  return { ...match, price: { ...base, ...fields } };
}

function findEntry(table: PriceTable, id: string): ModelPrice | undefined {
  return Object.hasOwn(table.models, id) ? table.models[id] : undefined;
}

function toLookup(price: ModelPrice, priceId: string, matchedBy: PriceMatchKind): PriceLookup {
  return { price: { ...price, id: priceId }, priceId, matchedBy };
}
