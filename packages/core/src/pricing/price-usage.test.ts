import { describe, expect, it } from "vitest";
import { createUsage } from "../usage/create-usage.js";
import type { Usage } from "../usage/types.js";
import { loadPriceTable } from "./load-price-table.js";
import { lookupPrice } from "./lookup-price.js";
import { priceUsage } from "./price-usage.js";
import type { ModelPrice } from "./types.js";

const table = loadPriceTable();
const paid = { free: false };
const price = (id: string): ModelPrice => {
  const match = lookupPrice(table, id);
  if (match === undefined) throw new Error(`no price for ${id}`);
  return match.price;
};
/** USD from per-1M prices, rounded like priceUsage rounds */
const usd = (micro: number) => Math.round((micro / 1e6) * 1e10) / 1e10;

describe("priceUsage", () => {
  it("prices input and output at the exact id's price", () => {
    const usage = createUsage({ inputTokens: 1000, outputTokens: 500 });
    expect(priceUsage(usage, paid, price("anthropic.claude-3-5-haiku-20241022-v1:0"), table)).toEqual({
      status: "priced",
      cost: usd(1000 * 0.8 + 500 * 4),
      priceId: "anthropic.claude-3-5-haiku-20241022-v1:0",
    });
  });

  it("prices a geo profile at its own price, not the base price", () => {
    const usage = createUsage({ inputTokens: 100_000, outputTokens: 100_000 });
    expect(priceUsage(usage, paid, price("us.anthropic.claude-sonnet-4-5-20250929-v1:0"), table)).toMatchObject({ cost: 0.33 + 1.65 });
    expect(priceUsage(usage, paid, price("global.anthropic.claude-sonnet-4-5-20250929-v1:0"), table)).toMatchObject({ cost: 0.3 + 1.5 });
    expect(priceUsage(usage, paid, price("eu.amazon.nova-pro-v1:0"), table)).toMatchObject({ cost: 0.105 + 0.42 });
  });

  it("prices cache reads and the 5m/1h writes each at their own price", () => {
    const usage = createUsage({
      inputTokens: 100,
      outputTokens: 200,
      cacheReadInputTokens: 10_000,
      cacheWriteInputTokens: 3000,
      cacheWrite5mInputTokens: 1000,
      cacheWrite1hInputTokens: 2000,
    });
    expect(priceUsage(usage, paid, price("anthropic.claude-sonnet-4-5-20250929-v1:0"), table)).toEqual({
      status: "priced",
      cost: usd(100 * 3 + 200 * 15 + 10_000 * 0.3 + 1000 * 3.75 + 2000 * 6),
      priceId: "anthropic.claude-sonnet-4-5-20250929-v1:0",
    });
  });

  it("prices unsplit writes, and writes beyond the split, at the 5-minute price", () => {
    const unsplit = createUsage({ inputTokens: 10, outputTokens: 10, cacheWriteInputTokens: 4000 });
    expect(priceUsage(unsplit, paid, price("anthropic.claude-3-7-sonnet-20250219-v1:0"), table)).toMatchObject({ cost: usd(10 * 3 + 10 * 15 + 4000 * 3.75) });
    const overflowing: Usage = { ...createUsage({ inputTokens: 0, outputTokens: 0 }), cacheWriteInputTokens: 3000, cacheWrite5mInputTokens: 0, cacheWrite1hInputTokens: 1000 };
    expect(priceUsage(overflowing, paid, price("anthropic.claude-haiku-4-5-20251001-v1:0"), table)).toMatchObject({ cost: usd(2000 * 1.25 + 1000 * 2) });
  });

  it("never prices cache tokens without a cache price at 0 (Nova v1 cache read)", () => {
    const usage = createUsage({ inputTokens: 50, outputTokens: 20, cacheReadInputTokens: 1200 });
    expect(priceUsage(usage, paid, price("us.amazon.nova-pro-v1:0"), table)).toEqual({
      status: "unpriced",
      reason: 'no cacheRead price for model "us.amazon.nova-pro-v1:0" (1200 cacheRead tokens)',
    });
  });

  it("never prices 1-hour writes at another TTL's price", () => {
    const usage = createUsage({ inputTokens: 5, outputTokens: 5, cacheWrite1hInputTokens: 100 });
    expect(priceUsage(usage, paid, price("anthropic.claude-3-7-sonnet-20250219-v1:0"), table)).toEqual({
      status: "unpriced",
      reason: 'no cacheWrite1h price for model "anthropic.claude-3-7-sonnet-20250219-v1:0" (100 cacheWrite1h tokens)',
    });
  });

  it("applies the >200k tier to the whole call when total input (with cache) exceeds 200,000 tokens", () => {
    const sonnet45 = price("anthropic.claude-sonnet-4-5-20250929-v1:0");
    const at = createUsage({ inputTokens: 100_000, cacheReadInputTokens: 60_000, cacheWriteInputTokens: 40_000, outputTokens: 1000 });
    expect(priceUsage(at, paid, sonnet45, table)).toMatchObject({ cost: usd(100_000 * 3 + 60_000 * 0.3 + 40_000 * 3.75 + 1000 * 15) });
    const above = createUsage({ inputTokens: 100_001, cacheReadInputTokens: 60_000, cacheWriteInputTokens: 40_000, outputTokens: 1000 });
    expect(priceUsage(above, paid, sonnet45, table)).toMatchObject({ cost: usd(100_001 * 6 + 60_000 * 0.6 + 40_000 * 7.5 + 1000 * 22.5) });
    const sonnet4 = createUsage({ inputTokens: 250_000, outputTokens: 2000 });
    expect(priceUsage(sonnet4, paid, price("us.anthropic.claude-sonnet-4-20250514-v1:0"), table)).toMatchObject({ cost: usd(250_000 * 6 + 2000 * 22.5) });
  });

  it("keeps base prices above 200k for models without a tier", () => {
    const usage = createUsage({ inputTokens: 250_000, outputTokens: 10 });
    expect(priceUsage(usage, paid, price("amazon.nova-pro-v1:0"), table)).toMatchObject({ cost: usd(250_000 * 0.8 + 10 * 3.2) });
  });

  it("names the tier when the >200k price of a field is missing", () => {
    const usage = createUsage({ inputTokens: 250_000, outputTokens: 10, cacheWrite1hInputTokens: 5 });
    expect(priceUsage(usage, paid, price("anthropic.claude-sonnet-4-20250514-v1:0"), table)).toEqual({
      status: "unpriced",
      reason: 'no >200k cacheWrite1h price for model "anthropic.claude-sonnet-4-20250514-v1:0" (5 cacheWrite1h tokens)',
    });
  });

  it("is unpriced for a model without a price, and for a call without usage", () => {
    expect(priceUsage(createUsage({ inputTokens: 5, outputTokens: 1 }), paid, undefined, table)).toEqual({
      status: "unpriced",
      reason: "no price for the model (5 input, 1 output tokens)",
    });
    expect(priceUsage(createUsage({}), paid, undefined, table)).toEqual({ status: "unpriced", reason: "no price for the model" });
    expect(priceUsage(undefined, paid, price("amazon.nova-pro-v1:0"), table)).toEqual({ status: "unpriced", reason: "no usage reported" });
  });

  it("is free for a free operation, whatever its usage", () => {
    expect(priceUsage(createUsage({ inputTokens: 517 }), { free: true }, undefined, table)).toEqual({ status: "free", cost: 0 });
    expect(priceUsage(undefined, { free: true }, undefined)).toEqual({ status: "free", cost: 0 });
  });

  it("prices zero tokens at 0 when the model has a price (embeddings have no output)", () => {
    expect(priceUsage(createUsage({ inputTokens: 0, outputTokens: 0 }), paid, price("amazon.titan-embed-text-v2:0"), table)).toMatchObject({ status: "priced", cost: 0 });
    expect(priceUsage(createUsage({ inputTokens: 1_000_000 }), paid, price("amazon.titan-embed-text-v2:0"), table)).toMatchObject({ cost: 0.02 });
  });

  it("prices guardrail units by the table's unit prices, free units at 0", () => {
    const usage: Usage = {
      ...createUsage({}),
      guardrailUnits: { contentPolicyUnits: 3, topicPolicyUnits: 2, wordPolicyUnits: 5, sensitiveInformationPolicyUnits: 4, sensitiveInformationPolicyFreeUnits: 9, contextualGroundingPolicyUnits: 1 },
    };
    expect(priceUsage(usage, paid, undefined, table)).toEqual({
      status: "priced",
      cost: Math.round((5 * 0.00015 + 5 * 0.0001) * 1e10) / 1e10,
      priceId: "guardrail-units",
    });
  });

  it("is unpriced for guardrail units without a unit price, or without a table", () => {
    const usage: Usage = { ...createUsage({}), guardrailUnits: { contentPolicyUnits: 1, contentPolicyImageUnits: 2 } };
    expect(priceUsage(usage, paid, undefined, table)).toEqual({ status: "unpriced", reason: 'no price for guardrail unit "contentPolicyImageUnits" (2 units)' });
    expect(priceUsage(usage, paid, undefined)).toEqual({ status: "unpriced", reason: 'no price for guardrail unit "contentPolicyUnits" (1 units)' });
    const zeros: Usage = { ...createUsage({}), guardrailUnits: { contentPolicyImageUnits: 0 } };
    expect(priceUsage(zeros, paid, undefined, table)).toEqual({ status: "priced", cost: 0, priceId: "guardrail-units" });
  });

  it("rounds to 1e-10 USD", () => {
    const noisy: ModelPrice = { id: "test.noisy", input: 0.1, output: 0.2 };
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(priceUsage(createUsage({ inputTokens: 1, outputTokens: 1 }), paid, noisy)).toEqual({ status: "priced", cost: 0.3, priceId: "test.noisy" });
    const tiny: ModelPrice = { id: "test.tiny", input: 4e-11, output: 0 };
    expect(priceUsage(createUsage({ inputTokens: 1 }), paid, tiny)).toMatchObject({ cost: 0 });
    expect(priceUsage(createUsage({ inputTokens: 3, outputTokens: 7 }), paid, price("amazon.nova-micro-v1:0"), table)).toMatchObject({ cost: 0.000001085 });
  });
});
