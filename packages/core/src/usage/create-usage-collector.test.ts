import { describe, expect, it } from "vitest";
import { createUsageCollector } from "./create-usage-collector.js";
import { collect, concat, encodeChunk, encodeEvent, toBytes } from "./fixtures/usage-streams.js";

const converseStream = concat([
  encodeEvent("messageStart", { role: "assistant" }),
  encodeEvent("metadata", { usage: { inputTokens: 4, outputTokens: 2, totalTokens: 6 }, metrics: { latencyMs: 1 } }),
]);

describe("createUsageCollector", () => {
  it.each([400, 403, 429, 500, 503])("a %i response has no usage and is not partial, whatever the body says", (status) => {
    const body = toBytes({ message: "Too many tokens", usage: { inputTokens: 5, outputTokens: 5 } });
    expect(collect(body, { operation: "Converse", status })).toEqual({ source: "none", free: false, partial: false });
    expect(collect(converseStream, { operation: "ConverseStream", status, end: "upstream-error" })).toEqual({
      source: "none",
      free: false,
      partial: false,
    });
  });

  it("has no usage when no response headers ever arrived", () => {
    const collector = createUsageCollector({ operation: "Converse" });
    collector.onChunk(toBytes({ usage: { inputTokens: 1, outputTokens: 1 } }));
    expect(collector.finish("upstream-error")).toEqual({ source: "none", free: false, partial: false });
  });

  it("an operation without usage is still marked partial when its relay was cut", () => {
    expect(collect(toBytes({ output: { text: "x" } }), { operation: "RetrieveAndGenerate", end: "client-gone" })).toEqual({
      source: "none",
      free: false,
      partial: true,
    });
  });

  it("a completed stream with usage is marked partial when the relay itself was cut", () => {
    expect(collect(converseStream, { operation: "ConverseStream", end: "upstream-error" })).toMatchObject({
      usage: { inputTokens: 4, outputTokens: 2 },
      partial: true,
    });
  });

  it("is not fooled by an inherited property name as an operation", () => {
    for (const operation of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      expect(collect(toBytes({}), { operation })).toEqual({ source: "none", free: false, partial: false });
    }
  });

  it("never throws into the relay, even when fed garbage", () => {
    const collector = createUsageCollector({ operation: "InvokeModelWithResponseStream", modelId: "anthropic.claude-3-haiku-20240307-v1:0" });
    collector.onHeaders(200, new Headers({ "content-type": "application/vnd.amazon.eventstream" }));
    expect(() => {
      collector.onChunk(new Uint8Array([0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]));
      collector.onChunk(encodeChunk({ type: "message_start" }));
    }).not.toThrow();
    expect(collector.finish("complete")).toMatchObject({ source: "none", partial: true });
  });

  it("turns a reader that throws into a call without usage, partial, with the reason", () => {
    const collector = createUsageCollector({ operation: "InvokeModel", modelId: "meta.llama3-1-8b-instruct-v1:0" });
    const headers = {
      get: () => {
        throw new Error("header store unavailable");
      },
    } as unknown as Headers;
    expect(() => collector.onHeaders(200, headers)).not.toThrow();
    collector.onChunk(toBytes({ prompt_token_count: 1, generation_token_count: 2 }));
    expect(collector.finish("complete")).toEqual({
      source: "none",
      free: false,
      partial: true,
      detail: "usage reader for InvokeModel failed in onHeaders: header store unavailable",
    });
  });

  it("copies what it keeps: a relay reusing its buffer does not change the usage", () => {
    const body = toBytes({ usage: { inputTokens: 12, outputTokens: 34 } });
    const collector = createUsageCollector({ operation: "Converse" });
    collector.onHeaders(200, new Headers());
    const buffer = new Uint8Array(8);
    for (let offset = 0; offset < body.length; offset += buffer.length) {
      const part = body.subarray(offset, offset + buffer.length);
      buffer.set(part);
      collector.onChunk(buffer.subarray(0, part.length));
      buffer.fill(0x20);
    }
    expect(collector.finish("complete").usage).toMatchObject({ inputTokens: 12, outputTokens: 34 });
  });
});
