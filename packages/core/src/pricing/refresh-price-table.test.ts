import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePriceTable } from "./load-price-table.js";
import { lookupPrice } from "./lookup-price.js";
import { refreshPriceTable } from "./refresh-price-table.js";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/litellm-prices.fixture.json", import.meta.url), "utf8")) as unknown;
const previous = { guardrailUnits: { contentPolicyUnits: 0.00015 }, guardrailUnitsSource: "AWS pricing page" };

describe("refreshPriceTable", () => {
  const { table, skipped } = refreshPriceTable(fixture, { sourceName: "model_prices_and_context_window.json", date: "2026-08-01", previous });

  it("keeps the Bedrock per-token entries, keyed by Bedrock id, with cache, 1h and >200k prices", () => {
    expect(table.models).toEqual({
      "amazon.nova-pro-v1:0": { input: 8e-7, output: 3.2e-6 },
      "amazon.titan-embed-text-v2:0": { input: 2e-8, output: 0 },
      "anthropic.claude-sonnet-4-5-20250929-v1:0": {
        input: 3e-6,
        output: 1.5e-5,
        cacheRead: 3e-7,
        cacheWrite5m: 3.75e-6,
        cacheWrite1h: 6e-6,
        above200k: { input: 6e-6, output: 2.25e-5, cacheRead: 6e-7, cacheWrite5m: 7.5e-6, cacheWrite1h: 1.2e-5 },
      },
      "us.anthropic.claude-sonnet-4-5-20250929-v1:0": { input: 3.3e-6, output: 1.65e-5, cacheRead: 3.3e-7, cacheWrite5m: 4.125e-6 },
    });
    expect(Object.keys(table.models)).toEqual([...Object.keys(table.models)].sort());
  });

  it("writes the source, the date and the kept guardrail prices, as a valid table", () => {
    expect(table.source).toContain("model_prices_and_context_window.json");
    expect(table.date).toBe("2026-08-01");
    expect(table.guardrailUnits).toEqual(previous.guardrailUnits);
    expect(table.guardrailUnitsSource).toBe("AWS pricing page");
    expect(parsePriceTable(table)).toEqual(table);
  });

  it("says which Bedrock entries it left out and why; other providers are not mentioned", () => {
    expect(Object.fromEntries(skipped.map(({ key, reason }) => [key, reason]))).toEqual({
      "bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0": 'duplicate of "us.anthropic.claude-sonnet-4-5-20250929-v1:0"',
      "bedrock/us-east-1/anthropic.claude-3-haiku-20240307-v1:0": "region- or commitment-specific key (prices are by model id)",
      "bedrock/*/1-month-commitment/cohere.command-text-v14": "region- or commitment-specific key (prices are by model id)",
      "amazon.nova-canvas-v1:0": 'mode "image_generation" is not priced per token',
      "anthropic.claude-haiku-4-5@20251001": '"anthropic.claude-haiku-4-5@20251001" is not a Bedrock model id',
      "twelvelabs.pegasus-1-2-v1:0": "no per-token input and output price",
      "amazon.rerank-v1:0": 'mode "rerank" is not priced per token',
    });
  });

  it("produces a table the lookup uses like the bundled one", () => {
    expect(lookupPrice(table, "eu.amazon.nova-pro-v1:0")?.priceId).toBe("amazon.nova-pro-v1:0");
    expect(lookupPrice(table, "us.anthropic.claude-sonnet-4-5-20250929-v1:0")?.price.input).toBe(3.3e-6);
  });

  it("rejects a file that is not an object of entries", () => {
    expect(() => refreshPriceTable([], { sourceName: "prices.json", date: "2026-08-01" })).toThrow("prices.json: expected a JSON object");
  });
});
