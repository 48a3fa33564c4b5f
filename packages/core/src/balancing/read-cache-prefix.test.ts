import { describe, expect, it } from "vitest";
import { readCachePrefix } from "./read-cache-prefix.js";

const CACHE_POINT = { cachePoint: { type: "default" } };

describe("readCachePrefix", () => {
  it("Converse: tools, system and messages up to and including the last cachePoint block", () => {
    const body = {
      toolConfig: { tools: [{ toolSpec: { name: "search" } }, CACHE_POINT] },
      system: [{ text: "You are terse." }],
      messages: [
        { role: "user", content: [{ text: "a long document" }, CACHE_POINT, { text: "question 1" }] },
        { role: "assistant", content: [{ text: "answer 1" }] },
      ],
      inferenceConfig: { maxTokens: 10 },
    };
    expect(readCachePrefix("ConverseStream", body)).toEqual({
      format: "converse",
      blocks: [
        ["tools", "", { toolSpec: { name: "search" } }],
        ["tools", "", CACHE_POINT],
        ["system", "", { text: "You are terse." }],
        ["message", "user", { text: "a long document" }],
        ["message", "user", CACHE_POINT],
      ],
    });
  });

  it("InvokeModel (Anthropic): up to and including the last block with cache_control; string content kept", () => {
    const body = {
      anthropic_version: "bedrock-2023-05-31",
      system: [{ type: "text", text: "rules", cache_control: { type: "ephemeral" } }],
      messages: [
        { role: "user", content: "first question" },
        { role: "assistant", content: [{ type: "text", text: "answer", cache_control: { type: "ephemeral" } }] },
        { role: "user", content: [{ type: "text", text: "new question" }] },
      ],
    };
    expect(readCachePrefix("InvokeModel", body)).toEqual({
      format: "invoke",
      blocks: [
        ["system", "", body.system[0]],
        ["message", "user", "first question"],
        ["message", "assistant", { type: "text", text: "answer", cache_control: { type: "ephemeral" } }],
      ],
    });
  });

  it("InvokeModel (Nova): cachePoint blocks in system", () => {
    const body = { system: [{ text: "big context" }, CACHE_POINT], messages: [{ role: "user", content: [{ text: "hi" }] }] };
    expect(readCachePrefix("InvokeModelWithResponseStream", body)?.blocks).toEqual([
      ["system", "", { text: "big context" }],
      ["system", "", CACHE_POINT],
    ]);
  });

  it("returns undefined without a cache point, for other operations, and for bodies that are not objects", () => {
    expect(readCachePrefix("Converse", { system: [{ text: "x" }], messages: [{ role: "user", content: [{ text: "cachePoint" }] }] })).toBeUndefined();
    expect(readCachePrefix("CountTokens", { system: [{ text: "x" }, CACHE_POINT] })).toBeUndefined();
    expect(readCachePrefix("ApplyGuardrail", { content: [CACHE_POINT] })).toBeUndefined();
    expect(readCachePrefix("toString", { system: [CACHE_POINT] })).toBeUndefined();
    for (const body of [null, "text", 3, [CACHE_POINT]]) expect(readCachePrefix("Converse", body)).toBeUndefined();
  });

  it("tolerates odd shapes (non-array fields, messages without content)", () => {
    const body = { toolConfig: "x", system: 5, messages: [null, { role: 3 }, { role: "user", content: [CACHE_POINT] }] };
    expect(readCachePrefix("Converse", body)?.blocks).toEqual([["message", "user", CACHE_POINT]]);
  });
});
