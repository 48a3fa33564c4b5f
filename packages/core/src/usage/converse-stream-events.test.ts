import { describe, expect, it } from "vitest";
import { collect, concat, encodeEvent, encodeException } from "./fixtures/usage-streams.js";

const padding = "abcdefghijklmnopqrstuvwxyzABCDEF";

/** A realistic ConverseStream (fact sheet §4.3): text, a tool call, then metadata with usage. */
function createConverseStream(usage: unknown): Uint8Array[] {
  return [
    encodeEvent("messageStart", { role: "assistant", p: padding }),
    encodeEvent("contentBlockDelta", { delta: { text: "Let me check " }, contentBlockIndex: 0, p: padding.slice(0, 5) }),
    encodeEvent("contentBlockDelta", { delta: { text: "the weather." }, contentBlockIndex: 0, p: "ab" }),
    encodeEvent("contentBlockStop", { contentBlockIndex: 0 }),
    encodeEvent("contentBlockStart", { start: { toolUse: { toolUseId: "tooluse_1", name: "get_weather" } }, contentBlockIndex: 1 }),
    encodeEvent("contentBlockDelta", { delta: { toolUse: { input: '{"city":"usage"}' } }, contentBlockIndex: 1 }),
    encodeEvent("contentBlockStop", { contentBlockIndex: 1 }),
    encodeEvent("messageStop", { stopReason: "tool_use" }),
    encodeEvent("someFutureEvent", { unknown: true }),
    encodeEvent("metadata", { usage, metrics: { latencyMs: 812 }, serviceTier: { type: "default" }, p: padding }),
  ];
}

const cachedUsage = {
  inputTokens: 30,
  outputTokens: 41,
  totalTokens: 3071,
  cacheReadInputTokens: 1000,
  cacheWriteInputTokens: 2000,
  cacheDetails: [
    { ttl: "1h", inputTokens: 1500 },
    { ttl: "5m", inputTokens: 500 },
  ],
  futureField: 7,
};

describe("ConverseStream", () => {
  it("reads the metadata event's usage with the TTL split, across random chunk splits", () => {
    const bytes = concat(createConverseStream(cachedUsage));
    for (let seed = 1; seed <= 20; seed++) {
      expect(collect(bytes, { operation: "ConverseStream", seed, maxChunk: 1 + seed * 9 })).toEqual({
        usage: {
          inputTokens: 30,
          outputTokens: 41,
          cacheReadInputTokens: 1000,
          cacheWriteInputTokens: 2000,
          cacheWrite5mInputTokens: 500,
          cacheWrite1hInputTokens: 1500,
        },
        source: "stream-metadata",
        free: false,
        partial: false,
      });
    }
  });

  it("is partial with no usage when the client left before metadata", () => {
    const events = createConverseStream(cachedUsage);
    const result = collect(concat(events.slice(0, 4)), { operation: "ConverseStream", end: "client-gone" });
    expect(result).toEqual({ source: "none", free: false, partial: true });
  });

  it("is partial when the stream ended without its metadata event", () => {
    const events = createConverseStream(cachedUsage);
    expect(collect(concat(events.slice(0, -1)), { operation: "ConverseStream" })).toMatchObject({ source: "none", partial: true });
  });

  it("is partial when the stream stopped inside a frame", () => {
    const bytes = concat(createConverseStream(cachedUsage));
    const result = collect(bytes.subarray(0, bytes.length - 10), { operation: "ConverseStream" });
    expect(result).toMatchObject({ source: "none", partial: true, detail: "the stream stopped inside a frame" });
  });

  it("is partial after a mid-stream exception", () => {
    const events = createConverseStream(cachedUsage);
    const bytes = concat([...events.slice(0, 3), encodeException("modelStreamErrorException", "the model stream failed")]);
    const result = collect(bytes, { operation: "ConverseStream" });
    expect(result).toMatchObject({ source: "none", partial: true });
    expect(result.detail).toContain("modelStreamErrorException");
  });

  it("keeps the usage it saw when a corrupt frame follows it, but says partial", () => {
    const events = createConverseStream({ inputTokens: 3, outputTokens: 4 });
    const corrupt = events[0]!.slice();
    corrupt[corrupt.length - 1]! ^= 0xff;
    const result = collect(concat([...events, corrupt]), { operation: "ConverseStream" });
    expect(result).toMatchObject({ source: "stream-metadata", partial: true, usage: { inputTokens: 3, outputTokens: 4 } });
    expect(result.detail).toContain("CRC");
  });

  it("stops reading at a corrupt frame", () => {
    const events = createConverseStream({ inputTokens: 3, outputTokens: 4 });
    const corrupt = events[1]!.slice();
    corrupt[20]! ^= 0x01;
    const result = collect(concat([events[0]!, corrupt, ...events.slice(2)]), { operation: "ConverseStream" });
    expect(result).toMatchObject({ source: "none", partial: true });
    expect(result.usage).toBeUndefined();
  });
});
