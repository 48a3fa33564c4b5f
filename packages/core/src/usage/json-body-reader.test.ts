import { describe, expect, it } from "vitest";
import { collect, toBytes } from "./fixtures/usage-streams.js";

const converseBody = (usage: unknown) => ({
  output: { message: { role: "assistant", content: [{ text: "Hello there, how can I help?" }] } },
  stopReason: "end_turn",
  usage,
  metrics: { latencyMs: 812 },
});

describe("Converse", () => {
  it("reads the body usage, whatever the chunking", () => {
    const body = toBytes(converseBody({ inputTokens: 12, outputTokens: 34, totalTokens: 46 }));
    for (const seed of [1, 2, 3, 4, 5]) {
      expect(collect(body, { operation: "Converse", modelId: "amazon.nova-pro-v1:0", seed, maxChunk: 7 })).toEqual({
        usage: { inputTokens: 12, outputTokens: 34, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
        source: "body",
        free: false,
        partial: false,
      });
    }
  });

  it("splits cache writes by TTL from cacheDetails", () => {
    const usage = {
      inputTokens: 20,
      outputTokens: 5,
      totalTokens: 3525,
      cacheReadInputTokens: 1000,
      cacheWriteInputTokens: 2500,
      cacheDetails: [
        { ttl: "1h", inputTokens: 2000 },
        { ttl: "5m", inputTokens: 500 },
      ],
    };
    const result = collect(toBytes(converseBody(usage)), { operation: "Converse" });
    expect(result.usage).toEqual({
      inputTokens: 20,
      outputTokens: 5,
      cacheReadInputTokens: 1000,
      cacheWriteInputTokens: 2500,
      cacheWrite5mInputTokens: 500,
      cacheWrite1hInputTokens: 2000,
    });
  });

  it("keeps writes unsplit when Bedrock gives no cacheDetails", () => {
    const result = collect(toBytes(converseBody({ inputTokens: 1, outputTokens: 2, cacheWriteInputTokens: 300 })), { operation: "Converse" });
    expect(result.usage).toEqual({ inputTokens: 1, outputTokens: 2, cacheReadInputTokens: 0, cacheWriteInputTokens: 300 });
  });

  it("gives up past the body limit", () => {
    const body = toBytes(converseBody({ inputTokens: 12, outputTokens: 34 }));
    const result = collect(body, { operation: "Converse", maxBodyBytes: 64 });
    expect(result).toMatchObject({ source: "none", partial: false });
    expect(result.usage).toBeUndefined();
    expect(result.detail).toContain("exceeded 64 bytes");
  });

  it("has no usage when the client left mid-body (the body does not parse), and says partial", () => {
    const body = toBytes(converseBody({ inputTokens: 12, outputTokens: 34 }));
    const result = collect(body.subarray(0, 40), { operation: "Converse", end: "client-gone" });
    expect(result).toEqual({ source: "none", free: false, partial: true });
  });

  it("has no usage for a body without one", () => {
    expect(collect(toBytes({ output: {} }), { operation: "Converse" })).toEqual({ source: "none", free: false, partial: false });
    expect(collect(toBytes("not json"), { operation: "Converse" })).toEqual({ source: "none", free: false, partial: false });
  });
});

describe("CountTokens", () => {
  it("is free and records the counted input tokens", () => {
    expect(collect(toBytes({ inputTokens: 517 }), { operation: "CountTokens" })).toEqual({
      usage: { inputTokens: 517, outputTokens: 0, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
      source: "body",
      free: true,
      partial: false,
    });
  });

  it("is free even when it failed", () => {
    expect(collect(toBytes({ message: "bad" }), { operation: "CountTokens", status: 400 })).toEqual({ source: "none", free: true, partial: false });
  });
});

describe("ApplyGuardrail", () => {
  it("reads every numeric usage field as policy units", () => {
    const body = {
      usage: {
        topicPolicyUnits: 1,
        contentPolicyUnits: 2,
        wordPolicyUnits: 1,
        sensitiveInformationPolicyUnits: 3,
        sensitiveInformationPolicyFreeUnits: 4,
        contextualGroundingPolicyUnits: 0,
        contentPolicyImageUnits: 1,
      },
      action: "GUARDRAIL_INTERVENED",
      outputs: [{ text: "Sorry, I can't help with that." }],
      assessments: [{ topicPolicy: { topics: [{ name: "Finance", type: "DENY", action: "BLOCKED" }] } }],
    };
    expect(collect(toBytes(body), { operation: "ApplyGuardrail", seed: 9 })).toEqual({
      usage: {
        inputTokens: 0,
        outputTokens: 0,
        cacheReadInputTokens: 0,
        cacheWriteInputTokens: 0,
        guardrailUnits: {
          topicPolicyUnits: 1,
          contentPolicyUnits: 2,
          wordPolicyUnits: 1,
          sensitiveInformationPolicyUnits: 3,
          sensitiveInformationPolicyFreeUnits: 4,
          contextualGroundingPolicyUnits: 0,
          contentPolicyImageUnits: 1,
        },
      },
      source: "body",
      free: false,
      partial: false,
    });
  });
});
