import type { UsageResult } from "../usage/types.js";
import { applyOverride, findTablePrice } from "./lookup-price.js";
import type { LookupPriceOptions, PriceLookup } from "./lookup-price.js";
import { priceUsage } from "./price-usage.js";
import type { CostResult, PriceTable } from "./types.js";

const NO_PRICE = "no price for the model";

export interface PriceCatalog {
  readonly table: PriceTable;
  /** `lookupPrice` over this catalog's table, with the table match cached per (model id, base model) */
  lookup(modelId: string, options?: LookupPriceOptions): PriceLookup | undefined;
  /**
   * Prices a call's usage result: the model is `modelId`, else the model the response named (agent traces); an
   * unpriced result names the model that had no price.
   */
  priceCall(result: UsageResult, modelId: string | undefined, options?: LookupPriceOptions): CostResult;
}

export interface PriceCatalogOptions {
  /** the most model ids whose table match is cached (ids come from requests, so the cache is bounded); default 1024 */
  maxCachedIds?: number;
}

/**
 * A price table with its lookups cached, built once per gateway (no module state). Overrides are laid over the
 * cached table match on each call, so deployments sharing a model id can carry different prices.
 *
 * @example
 * const catalog = createPriceCatalog(loadPriceTable());
 * const cost = catalog.priceCall(collector.finish("complete"), deployment.modelId, { baseModel: deployment.baseModel, override: deployment.prices });
 */
export function createPriceCatalog(table: PriceTable, options: PriceCatalogOptions = {}): PriceCatalog {
  const maxCachedIds = options.maxCachedIds ?? 1024;
  const matches = new Map<string, PriceLookup | undefined>();

  function findCached(modelId: string, baseModel: string | undefined): PriceLookup | undefined {
    const key = baseModel === undefined ? modelId : `${modelId}\n${baseModel}`;
    if (matches.has(key)) return matches.get(key);
    const match = findTablePrice(table, modelId, baseModel);
    if (matches.size < maxCachedIds) matches.set(key, match);
    return match;
  }

  function lookup(modelId: string, lookupOptions: LookupPriceOptions = {}): PriceLookup | undefined {
    return applyOverride(findCached(modelId, lookupOptions.baseModel), modelId, lookupOptions.override);
  }

  return {
    table,
    lookup,
    priceCall(result, modelId, lookupOptions = {}) {
      const id = modelId ?? result.modelId ?? lookupOptions.baseModel;
      const match = id === undefined ? undefined : lookup(id, lookupOptions);
      const cost = priceUsage(result.usage, result, match?.price, table);
      if (cost.status !== "unpriced" || match !== undefined || result.usage === undefined) return cost;
      if (!cost.reason.startsWith(NO_PRICE)) return cost;
      const rest = cost.reason.slice(NO_PRICE.length);
      if (id === undefined) return { status: "unpriced", reason: `the call names no model to price it by${rest}` };
      const tried = lookupOptions.baseModel === undefined ? "" : ` or its base model "${lookupOptions.baseModel}"`;
      const counts = rest === "" ? "" : `; ${rest.slice(2, -1)}`;
      return { status: "unpriced", reason: `no price for model "${id}"${tried} (not in the price table, no override${counts})` };
    },
  };
}
