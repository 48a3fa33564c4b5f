import { describe, expect, it } from "vitest";
import { collect, concat, encodeChunk, encodeEvent, toBytes } from "../usage/fixtures/usage-streams.js";
import { createPriceCatalog } from "./create-price-catalog.js";
import { loadPriceTable } from "./load-price-table.js";

const table = loadPriceTable();
const usd = (micro: number) => Math.round((micro / 1e6) * 1e10) / 1e10;

describe("createPriceCatalog", () => {
  it("prices a collected ConverseStream call of a geo profile, cache TTL split included", () => {
    const catalog = createPriceCatalog(table);
    const modelId = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    const bytes = concat([
      encodeEvent("messageStart", { role: "assistant" }),
      encodeEvent("metadata", {
        usage: { inputTokens: 100, outputTokens: 50, cacheReadInputTokens: 1000, cacheWriteInputTokens: 300, cacheDetails: [{ ttl: "1h", inputTokens: 300 }] },
        metrics: { latencyMs: 3 },
      }),
    ]);
    const result = collect(bytes, { operation: "ConverseStream", modelId });
    expect(catalog.priceCall(result, modelId)).toEqual({
      status: "priced",
      cost: usd(100 * 3.3 + 50 * 16.5 + 1000 * 0.33 + 300 * 6.6),
      priceId: modelId,
    });
  });

  it("prices an IMWRS call of an application inference profile by its base model", () => {
    const catalog = createPriceCatalog(table);
    const arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/x1y2z3";
    const bytes = concat([
      encodeChunk({ type: "message_start", message: { usage: { input_tokens: 40, output_tokens: 1 } } }),
      encodeChunk({ type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 9 } }),
      encodeChunk({ type: "message_stop", "amazon-bedrock-invocationMetrics": { inputTokenCount: 40, outputTokenCount: 9 } }),
    ]);
    const result = collect(bytes, { operation: "InvokeModelWithResponseStream", modelId: arn });
    expect(catalog.priceCall(result, arn)).toEqual({
      status: "unpriced",
      reason: `no price for model "${arn}" (not in the price table, no override; 40 input, 9 output tokens)`,
    });
    expect(catalog.priceCall(result, arn, { baseModel: "writer.unknown-v1:0" })).toEqual({
      status: "unpriced",
      reason: `no price for model "${arn}" or its base model "writer.unknown-v1:0" (not in the price table, no override; 40 input, 9 output tokens)`,
    });
    expect(catalog.priceCall(result, arn, { baseModel: "us.anthropic.claude-haiku-4-5-20251001-v1:0" })).toEqual({
      status: "priced",
      cost: usd(40 * 1.1 + 9 * 5.5),
      priceId: "us.anthropic.claude-haiku-4-5-20251001-v1:0",
    });
  });

  it("prices an agent call by the model its traces name", () => {
    const catalog = createPriceCatalog(table);
    const trace = (body: unknown) => encodeEvent("trace", { agentId: "A1", trace: body });
    const bytes = concat([
      trace({ orchestrationTrace: { modelInvocationInput: { foundationModel: "anthropic.claude-3-5-haiku-20241022-v1:0", text: "..." } } }),
      trace({ orchestrationTrace: { modelInvocationOutput: { metadata: { usage: { inputTokens: 1000, outputTokens: 100 } } } } }),
    ]);
    const result = collect(bytes, { operation: "InvokeAgent" });
    expect(catalog.priceCall(result, undefined)).toEqual({ status: "priced", cost: usd(1000 * 0.8 + 100 * 4), priceId: "anthropic.claude-3-5-haiku-20241022-v1:0" });
  });

  it("says so when an agent call names no model, instead of costing it 0", () => {
    const catalog = createPriceCatalog(table);
    const bytes = encodeEvent("trace", { trace: { orchestrationTrace: { modelInvocationOutput: { metadata: { usage: { inputTokens: 1, outputTokens: 1 } } } } } });
    expect(catalog.priceCall(collect(bytes, { operation: "InvokeAgent" }), undefined)).toEqual({
      status: "unpriced",
      reason: "the call names no model to price it by (1 input, 1 output tokens)",
    });
  });

  it("prices ApplyGuardrail units without a model, and CountTokens as free", () => {
    const catalog = createPriceCatalog(table);
    const guardrail = collect(toBytes({ usage: { contentPolicyUnits: 10, topicPolicyUnits: 0, wordPolicyUnits: 10 }, action: "NONE" }), { operation: "ApplyGuardrail" });
    expect(catalog.priceCall(guardrail, undefined)).toEqual({ status: "priced", cost: 0.0015, priceId: "guardrail-units" });
    const count = collect(toBytes({ inputTokens: 99 }), { operation: "CountTokens", modelId: "anthropic.claude-3-5-haiku-20241022-v1:0" });
    expect(catalog.priceCall(count, "anthropic.claude-3-5-haiku-20241022-v1:0")).toEqual({ status: "free", cost: 0 });
  });

  it("applies each deployment's override over the cached table match", () => {
    const catalog = createPriceCatalog(table);
    const usage = { usage: { inputTokens: 1_000_000, outputTokens: 0, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 }, source: "body", free: false, partial: false } as const;
    expect(catalog.priceCall(usage, "amazon.nova-pro-v1:0")).toMatchObject({ cost: 0.8 });
    expect(catalog.priceCall(usage, "amazon.nova-pro-v1:0", { override: { inputCostPerToken: 5e-7 } })).toMatchObject({ cost: 0.5 });
    expect(catalog.priceCall(usage, "amazon.nova-pro-v1:0")).toMatchObject({ cost: 0.8 });
  });

  it("caches table matches up to its bound, and stays correct past it", () => {
    let reads = 0;
    const models = new Proxy(table.models, {
      getOwnPropertyDescriptor(target, key) {
        reads++;
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
    });
    const catalog = createPriceCatalog({ ...table, models }, { maxCachedIds: 2 });
    const readsFor = (id: string) => {
      const before = reads;
      expect(catalog.lookup(id)).toBeDefined();
      return reads - before;
    };
    expect(readsFor("amazon.nova-pro-v1:0")).toBeGreaterThan(0);
    expect(readsFor("amazon.nova-pro-v1:0")).toBe(0);
    expect(readsFor("eu.amazon.nova-pro-v1:0")).toBeGreaterThan(0);
    // past the bound: still right, just not cached
    expect(readsFor("apac.amazon.nova-pro-v1:0")).toBeGreaterThan(0);
    expect(readsFor("apac.amazon.nova-pro-v1:0")).toBeGreaterThan(0);
    expect(catalog.lookup("apac.amazon.nova-pro-v1:0")?.price.input).toBe(8.4e-7);
  });
});
