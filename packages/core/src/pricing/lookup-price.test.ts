import { describe, expect, it } from "vitest";
import { lookupPrice } from "./lookup-price.js";
import type { PriceTable } from "./types.js";

const table: PriceTable = {
  source: "test",
  date: "2026-07-24",
  models: {
    "anthropic.claude-sonnet-4-5-20250929-v1:0": {
      input: 3e-6,
      output: 15e-6,
      cacheRead: 0.3e-6,
      cacheWrite5m: 3.75e-6,
      cacheWrite1h: 6e-6,
      above200k: { input: 6e-6, output: 22.5e-6, cacheRead: 0.6e-6, cacheWrite5m: 7.5e-6, cacheWrite1h: 12e-6 },
    },
    "us.anthropic.claude-sonnet-4-5-20250929-v1:0": { input: 3.3e-6, output: 16.5e-6, cacheRead: 0.33e-6, cacheWrite5m: 4.125e-6 },
    "amazon.nova-pro-v1:0": { input: 0.8e-6, output: 3.2e-6 },
    "anthropic.claude-3-5-haiku-20241022-v1:0": { input: 0.8e-6, output: 4e-6 },
  },
};

describe("lookupPrice", () => {
  it("takes the exact id first: a geo profile has its own price", () => {
    expect(lookupPrice(table, "us.anthropic.claude-sonnet-4-5-20250929-v1:0")).toEqual({
      price: { input: 3.3e-6, output: 16.5e-6, cacheRead: 0.33e-6, cacheWrite5m: 4.125e-6, id: "us.anthropic.claude-sonnet-4-5-20250929-v1:0" },
      priceId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      matchedBy: "exact",
    });
  });

  it("decodes a percent-encoded id before matching it exactly", () => {
    expect(lookupPrice(table, "us.anthropic.claude-sonnet-4-5-20250929-v1%3A0")?.priceId).toBe("us.anthropic.claude-sonnet-4-5-20250929-v1:0");
  });

  it("falls back to the base id for a profile the table does not list", () => {
    expect(lookupPrice(table, "eu.amazon.nova-pro-v1:0")).toMatchObject({ priceId: "amazon.nova-pro-v1:0", matchedBy: "base-id", price: { input: 0.8e-6 } });
  });

  it("resolves foundation-model and inference-profile ARNs", () => {
    expect(lookupPrice(table, "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0")?.priceId).toBe("amazon.nova-pro-v1:0");
    expect(lookupPrice(table, "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0")?.priceId).toBe(
      "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    );
    expect(lookupPrice(table, "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.amazon.nova-pro-v1:0")?.priceId).toBe("amazon.nova-pro-v1:0");
  });

  it("prices an application inference profile ARN by the deployment's base model", () => {
    const arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3";
    expect(lookupPrice(table, arn)).toBeUndefined();
    expect(lookupPrice(table, arn, { baseModel: "anthropic.claude-3-5-haiku-20241022-v1:0" })).toMatchObject({
      priceId: "anthropic.claude-3-5-haiku-20241022-v1:0",
      matchedBy: "base-model",
    });
    // a base model given as a profile id the table lacks still finds its base
    expect(lookupPrice(table, arn, { baseModel: "apac.amazon.nova-pro-v1:0" })?.priceId).toBe("amazon.nova-pro-v1:0");
  });

  it("prefers the id's own base over the base model", () => {
    expect(lookupPrice(table, "eu.amazon.nova-pro-v1:0", { baseModel: "anthropic.claude-3-5-haiku-20241022-v1:0" })?.priceId).toBe("amazon.nova-pro-v1:0");
  });

  it("is undefined for an unknown model", () => {
    expect(lookupPrice(table, "writer.palmyra-x5-v1:0")).toBeUndefined();
    expect(lookupPrice(table, "toString")).toBeUndefined();
  });

  it("lets an override win field by field, keeping the table's other fields", () => {
    const match = lookupPrice(table, "anthropic.claude-sonnet-4-5-20250929-v1:0", { override: { inputCostPerToken: 2e-6, cacheCreationInputTokenCostAbove1hr: 5e-6 } });
    expect(match?.price).toEqual({ input: 2e-6, output: 15e-6, cacheRead: 0.3e-6, cacheWrite5m: 3.75e-6, cacheWrite1h: 5e-6, id: "anthropic.claude-sonnet-4-5-20250929-v1:0" });
    expect(match?.matchedBy).toBe("exact");
  });

  it("drops the >200k tier when an override sets token prices", () => {
    expect(lookupPrice(table, "anthropic.claude-sonnet-4-5-20250929-v1:0", { override: { outputCostPerToken: 1e-5 } })?.price.above200k).toBeUndefined();
    expect(lookupPrice(table, "anthropic.claude-sonnet-4-5-20250929-v1:0", { override: {} })?.price.above200k).toBeDefined();
  });

  it("prices a model the table lacks with an override that has input and output prices", () => {
    expect(lookupPrice(table, "writer.palmyra-x5-v1:0", { override: { inputCostPerToken: 6e-7, outputCostPerToken: 6e-6, cacheReadInputTokenCost: 1e-7 } })).toEqual({
      price: { input: 6e-7, output: 6e-6, cacheRead: 1e-7, id: "writer.palmyra-x5-v1:0" },
      priceId: "writer.palmyra-x5-v1:0",
      matchedBy: "override",
    });
    expect(lookupPrice(table, "writer.palmyra-x5-v1:0", { override: { inputCostPerToken: 6e-7 } })).toBeUndefined();
  });

  it("does not let the override change the table", () => {
    lookupPrice(table, "amazon.nova-pro-v1:0", { override: { inputCostPerToken: 1 } });
    expect(table.models["amazon.nova-pro-v1:0"]).toEqual({ input: 0.8e-6, output: 3.2e-6 });
  });
});
