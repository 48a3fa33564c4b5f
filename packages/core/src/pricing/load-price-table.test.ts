import { describe, expect, it } from "vitest";
import { resolveBaseModelId } from "../usage/resolve-model-family.js";
import { loadPriceTable, parsePriceTable } from "./load-price-table.js";

const table = loadPriceTable();
const perMillion = (id: string) => {
  const price = table.models[id];
  if (price === undefined) throw new Error(`${id} is not in the table`);
  const scale = (value: number | undefined) => (value === undefined ? undefined : Math.round(value * 1e6 * 1e6) / 1e6);
  return {
    input: scale(price.input),
    output: scale(price.output),
    cacheRead: scale(price.cacheRead),
    cacheWrite5m: scale(price.cacheWrite5m),
    cacheWrite1h: scale(price.cacheWrite1h),
    above200k: price.above200k && { input: scale(price.above200k.input), output: scale(price.above200k.output) },
  };
};

describe("the bundled price table", () => {
  it("says where its numbers come from and when", () => {
    expect(table.source).toContain("LiteLLM");
    expect(table.date).toBe("2026-07-24");
    expect(table.guardrailUnitsSource).toContain("aws.amazon.com/bedrock/pricing");
  });

  // fact sheet §9, USD per 1M tokens
  it.each([
    ["anthropic.claude-3-haiku-20240307-v1:0", { input: 0.25, output: 1.25, cacheRead: 0.025, cacheWrite5m: 0.3125 }],
    ["anthropic.claude-3-5-haiku-20241022-v1:0", { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite5m: 1 }],
    ["anthropic.claude-haiku-4-5-20251001-v1:0", { input: 1, output: 5, cacheRead: 0.1, cacheWrite5m: 1.25, cacheWrite1h: 2 }],
    ["anthropic.claude-3-5-sonnet-20240620-v1:0", { input: 3, output: 15, cacheRead: 0.3, cacheWrite5m: 3.75 }],
    ["anthropic.claude-3-5-sonnet-20241022-v2:0", { input: 3, output: 15, cacheRead: 0.3, cacheWrite5m: 3.75 }],
    ["anthropic.claude-3-7-sonnet-20250219-v1:0", { input: 3, output: 15, cacheRead: 0.3, cacheWrite5m: 3.75 }],
    ["anthropic.claude-sonnet-4-20250514-v1:0", { input: 3, output: 15, cacheRead: 0.3, cacheWrite5m: 3.75, above200k: { input: 6, output: 22.5 } }],
    [
      "anthropic.claude-sonnet-4-5-20250929-v1:0",
      { input: 3, output: 15, cacheRead: 0.3, cacheWrite5m: 3.75, cacheWrite1h: 6, above200k: { input: 6, output: 22.5 } },
    ],
    ["anthropic.claude-opus-4-20250514-v1:0", { input: 15, output: 75, cacheRead: 1.5, cacheWrite5m: 18.75 }],
    ["anthropic.claude-opus-4-1-20250805-v1:0", { input: 15, output: 75, cacheRead: 1.5, cacheWrite5m: 18.75 }],
    ["anthropic.claude-opus-4-5-20251101-v1:0", { input: 5, output: 25, cacheRead: 0.5, cacheWrite5m: 6.25 }],
    ["us.anthropic.claude-sonnet-4-5-20250929-v1:0", { input: 3.3, output: 16.5, cacheRead: 0.33, cacheWrite5m: 4.125 }],
    ["us.anthropic.claude-haiku-4-5-20251001-v1:0", { input: 1.1, output: 5.5 }],
    ["us.anthropic.claude-opus-4-5-20251101-v1:0", { input: 5.5, output: 27.5 }],
    ["us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0", { input: 3.6, output: 18 }],
    ["global.anthropic.claude-sonnet-4-5-20250929-v1:0", { input: 3, output: 15 }],
    ["amazon.nova-micro-v1:0", { input: 0.035, output: 0.14 }],
    ["amazon.nova-lite-v1:0", { input: 0.06, output: 0.24 }],
    ["amazon.nova-pro-v1:0", { input: 0.8, output: 3.2 }],
    ["eu.amazon.nova-pro-v1:0", { input: 1.05, output: 4.2 }],
    ["apac.amazon.nova-pro-v1:0", { input: 0.84, output: 3.36 }],
    ["us.amazon.nova-premier-v1:0", { input: 2.5, output: 12.5 }],
    ["meta.llama3-1-8b-instruct-v1:0", { input: 0.22, output: 0.22 }],
    ["meta.llama3-1-70b-instruct-v1:0", { input: 0.99, output: 0.99 }],
    ["meta.llama3-1-405b-instruct-v1:0", { input: 5.32, output: 16 }],
    ["meta.llama3-3-70b-instruct-v1:0", { input: 0.72, output: 0.72 }],
    ["meta.llama4-maverick-17b-instruct-v1:0", { input: 0.24, output: 0.97 }],
    ["meta.llama4-scout-17b-instruct-v1:0", { input: 0.17, output: 0.66 }],
    ["mistral.mistral-large-2407-v1:0", { input: 3, output: 9 }],
    ["mistral.mistral-large-2402-v1:0", { input: 8, output: 24 }],
    ["mistral.mixtral-8x7b-instruct-v0:1", { input: 0.45, output: 0.7 }],
    ["mistral.mistral-7b-instruct-v0:2", { input: 0.15, output: 0.2 }],
    ["cohere.command-r-v1:0", { input: 0.5, output: 1.5 }],
    ["cohere.command-r-plus-v1:0", { input: 3, output: 15 }],
    ["amazon.titan-embed-text-v2:0", { input: 0.02, output: 0 }],
    ["amazon.titan-embed-text-v1", { input: 0.1, output: 0 }],
    ["cohere.embed-english-v3", { input: 0.1, output: 0 }],
    ["cohere.embed-multilingual-v3", { input: 0.1, output: 0 }],
    ["cohere.embed-v4:0", { input: 0.12, output: 0 }],
    ["openai.gpt-oss-120b-1:0", { input: 0.15, output: 0.6 }],
    ["openai.gpt-oss-20b-1:0", { input: 0.07, output: 0.3 }],
    ["us.deepseek.r1-v1:0", { input: 1.35, output: 5.4 }],
  ])("%s matches fact sheet §9", (id, expected) => {
    expect(perMillion(id)).toMatchObject(expected);
  });

  it("keys geo and global profiles of current models by their full id", () => {
    const profiles = [
      "us.anthropic.claude-3-5-haiku-20241022-v1:0",
      "eu.anthropic.claude-3-7-sonnet-20250219-v1:0",
      "apac.anthropic.claude-sonnet-4-20250514-v1:0",
      "global.anthropic.claude-sonnet-4-20250514-v1:0",
      "jp.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "au.anthropic.claude-haiku-4-5-20251001-v1:0",
      "global.anthropic.claude-opus-4-5-20251101-v1:0",
      "us.anthropic.claude-opus-4-1-20250805-v1:0",
      "us.amazon.nova-micro-v1:0",
      "eu.amazon.nova-lite-v1:0",
      "apac.amazon.nova-micro-v1:0",
      "us.meta.llama3-2-11b-instruct-v1:0",
      "eu.meta.llama3-2-3b-instruct-v1:0",
      "us.meta.llama3-3-70b-instruct-v1:0",
      "us.meta.llama4-maverick-17b-instruct-v1:0",
    ];
    for (const id of profiles) expect(table.models[id], id).toBeDefined();
  });

  it("prices 4.5-era geo profiles about 10% over base, and Nova by source region", () => {
    for (const model of ["anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-haiku-4-5-20251001-v1:0"]) {
      for (const geo of ["us", "eu", "jp", "au"]) {
        const base = table.models[model]!;
        const profile = table.models[`${geo}.${model}`]!;
        expect(profile.input / base.input, `${geo}.${model}`).toBeCloseTo(1.1, 10);
        expect(profile.output / base.output).toBeCloseTo(1.1, 10);
        expect(profile.cacheWrite1h! / base.cacheWrite1h!).toBeCloseTo(1.1, 10);
      }
    }
    expect(table.models["eu.amazon.nova-micro-v1:0"]!.input).toBeGreaterThan(table.models["amazon.nova-micro-v1:0"]!.input);
  });

  it("gives every profile id a base model the table also knows (except profile-only models)", () => {
    const profileOnly = new Set(["amazon.nova-premier-v1:0"]);
    for (const id of Object.keys(table.models)) {
      const base = resolveBaseModelId(id)!;
      if (base !== id && !profileOnly.has(base)) expect(table.models[base], `base of ${id}`).toBeDefined();
    }
  });

  it("prices guardrail units per unit (per 1,000 text units / 1,000)", () => {
    expect(table.guardrailUnits).toMatchObject({
      contentPolicyUnits: 0.00015,
      topicPolicyUnits: 0.00015,
      sensitiveInformationPolicyUnits: 0.0001,
      contextualGroundingPolicyUnits: 0.0001,
      wordPolicyUnits: 0,
      sensitiveInformationPolicyFreeUnits: 0,
    });
    expect(table.guardrailUnits?.contentPolicyImageUnits).toBeUndefined();
  });
});

describe("parsePriceTable", () => {
  const valid = { source: "test", date: "2026-01-02", models: { "a.b": { input: 1e-6, output: 2e-6 } } };

  it("accepts a valid table", () => {
    expect(parsePriceTable(valid)).toEqual(valid);
  });

  it.each([
    [{ ...valid, models: { "a.b": { input: -1, output: 0 } } }, "models.a.b.input"],
    [{ ...valid, models: { "a.b": { output: 0 } } }, "models.a.b.input"],
    [{ ...valid, models: { "a.b": { input: 0, output: 0, cacheWrite: 1 } } }, "models.a.b"],
    [{ ...valid, date: "July 24" }, "date"],
    [{ ...valid, guardrailUnits: { contentPolicyUnits: "0.15" } }, "guardrailUnits.contentPolicyUnits"],
  ])("rejects a bad table with the path of the bad field (%#)", (bad, path) => {
    expect(() => parsePriceTable(bad, "my.json")).toThrow(`my.json: ${path}`);
  });
});
