import type { Usage } from "../usage/types.js";
import type { CostResult, ModelPrice, PriceTable, TokenPrices } from "./types.js";

/** Input (uncached + cache read + cache write) above which a model's `above200k` prices apply to the whole call. */
export const LONG_CONTEXT_INPUT_TOKENS = 200_000;

// Costs are rounded to 1e-10 USD: finer than any single token's price (the cheapest is ~2e-8), so nothing is lost,
// and sums of many calls stay free of float noise like 0.30000000000000004.
const COST_STEPS_PER_USD = 1e10;

type Outcome = { cost: number } | { reason: string };

/**
 * Prices one call: every usage count × its price (input, output, cache read, cache writes split into 5-minute and
 * 1-hour by their own prices, unsplit writes at the 5-minute price), the >200k tier when the call's total input
 * exceeds 200,000 tokens, and guardrail policy units × the table's unit prices. A count above 0 whose price is
 * missing makes the call `unpriced` with a reason naming the field and the model, never a cost of 0.
 *
 * @example
 * const match = lookupPrice(table, "us.anthropic.claude-sonnet-4-5-20250929-v1:0"); // $3.30 / $16.50 per 1M
 * priceUsage({ inputTokens: 1000, outputTokens: 500, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 }, { free: false }, match?.price, table)
 * // { status: "priced", cost: 0.01155, priceId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0" }
 */
export function priceUsage(
  usage: Usage | undefined,
  result: { free: boolean },
  price: ModelPrice | undefined,
  table?: Pick<PriceTable, "guardrailUnits">,
): CostResult {
  if (result.free) return { status: "free", cost: 0 };
  if (usage === undefined) return { status: "unpriced", reason: "no usage reported" };
  const units = usage.guardrailUnits;
  if (price === undefined && units === undefined) {
    const counts = readTokenCounts(usage).filter(([, count]) => count > 0);
    return { status: "unpriced", reason: counts.length === 0 ? "no price for the model" : `no price for the model (${describeCounts(counts)})` };
  }
  const tokens = priceTokens(usage, price);
  if ("reason" in tokens) return { status: "unpriced", reason: tokens.reason };
  const guardrail = priceGuardrailUnits(units, table?.guardrailUnits);
  if ("reason" in guardrail) return { status: "unpriced", reason: guardrail.reason };
  const cost = Math.round((tokens.cost + guardrail.cost) * COST_STEPS_PER_USD) / COST_STEPS_PER_USD;
  return { status: "priced", cost, priceId: price?.id ?? "guardrail-units" };
}

/** The token counts of a usage, by the price field that prices them. */
function readTokenCounts(usage: Usage): [keyof TokenPrices, number][] {
  const split5m = usage.cacheWrite5mInputTokens ?? 0;
  const split1h = usage.cacheWrite1hInputTokens ?? 0;
  // writes without a TTL split (or beyond it) are 5-minute writes, Bedrock's default TTL
  const unsplit = Math.max(0, usage.cacheWriteInputTokens - split5m - split1h);
  return [
    ["input", usage.inputTokens],
    ["output", usage.outputTokens],
    ["cacheRead", usage.cacheReadInputTokens],
    ["cacheWrite5m", split5m + unsplit],
    ["cacheWrite1h", split1h],
  ];
}

function priceTokens(usage: Usage, price: ModelPrice | undefined): Outcome {
  const counts = readTokenCounts(usage).filter(([, count]) => count > 0);
  if (counts.length === 0) return { cost: 0 };
  if (price === undefined) return { reason: `no price for the model (${describeCounts(counts)})` };
  const totalInput = usage.inputTokens + usage.cacheReadInputTokens + usage.cacheWriteInputTokens;
  const longContext = totalInput > LONG_CONTEXT_INPUT_TOKENS && price.above200k !== undefined;
  const prices: TokenPrices = longContext ? price.above200k! : price;
  const model = price.id === undefined ? "the model" : `model "${price.id}"`;
  let cost = 0;
  for (const [field, count] of counts) {
    const perToken = prices[field];
    if (perToken === undefined) {
      return { reason: `no ${longContext ? ">200k " : ""}${field} price for ${model} (${count} ${field} tokens)` };
    }
    cost += count * perToken;
  }
  return { cost };
}

function priceGuardrailUnits(units: Record<string, number> | undefined, unitPrices: Record<string, number> | undefined): Outcome {
  let cost = 0;
  for (const [name, count] of Object.entries(units ?? {})) {
    if (count <= 0) continue;
    const perUnit = unitPrices !== undefined && Object.hasOwn(unitPrices, name) ? unitPrices[name] : undefined;
    if (perUnit === undefined) return { reason: `no price for guardrail unit "${name}" (${count} units)` };
    cost += count * perUnit;
  }
  return { cost };
}

function describeCounts(counts: readonly [keyof TokenPrices, number][]): string {
  return `${counts.map(([field, count]) => `${count} ${field}`).join(", ")} tokens`;
}
