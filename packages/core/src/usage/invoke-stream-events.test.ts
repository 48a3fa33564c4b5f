import { describe, expect, it, vi } from "vitest";
import { collect, concat, encodeChunk, encodeEvent, encodeException } from "./fixtures/usage-streams.js";

const SONNET = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

interface AnthropicStreamOptions {
  startUsage?: Record<string, unknown>;
  outputs?: number[];
  metrics?: Record<string, unknown> | undefined;
}

/** The decoded Anthropic IMWRS sequence of fact sheet §4.4, one chunk event per provider event. */
function createAnthropicStream(options: AnthropicStreamOptions = {}): Uint8Array[] {
  const startUsage = options.startUsage ?? {
    input_tokens: 10,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: 1,
  };
  const outputs = options.outputs ?? [15];
  const metrics = "metrics" in options ? options.metrics : { inputTokenCount: 10, outputTokenCount: 15, invocationLatency: 1798, firstByteLatency: 1507 };
  return [
    encodeChunk({
      type: "message_start",
      message: { model: "claude-sonnet-4-5-20250929", id: "msg_bdrk_012G", type: "message", role: "assistant", content: [], stop_reason: null, stop_sequence: null, usage: startUsage },
    }),
    encodeChunk({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }),
    encodeChunk({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hi, about my usage" } }),
    encodeChunk({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: " of tokens." } }),
    encodeChunk({ type: "content_block_stop", index: 0 }),
    ...outputs.map((output_tokens) => encodeChunk({ type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens } })),
    encodeChunk({ type: "message_stop", ...(metrics === undefined ? {} : { "amazon-bedrock-invocationMetrics": metrics }) }),
  ];
}

const cachedStart = {
  input_tokens: 50,
  cache_creation_input_tokens: 3000,
  cache_read_input_tokens: 7000,
  cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
  output_tokens: 1,
};

describe("InvokeModelWithResponseStream, Anthropic", () => {
  it("uses the Anthropic usage when it agrees with invocationMetrics, across random chunk splits", () => {
    const bytes = concat(createAnthropicStream());
    for (let seed = 1; seed <= 25; seed++) {
      expect(collect(bytes, { operation: "InvokeModelWithResponseStream", modelId: SONNET, seed, maxChunk: seed * 11 })).toEqual({
        usage: {
          inputTokens: 10,
          outputTokens: 15,
          cacheReadInputTokens: 0,
          cacheWriteInputTokens: 0,
          cacheWrite5mInputTokens: 0,
          cacheWrite1hInputTokens: 0,
        },
        source: "anthropic-stream",
        free: false,
        partial: false,
      });
    }
  });

  it("keeps the cache TTL split of message_start when the metrics agree", () => {
    const metrics = { inputTokenCount: 50, outputTokenCount: 120, cacheReadInputTokenCount: 7000, cacheWriteInputTokenCount: 3000 };
    const result = collect(concat(createAnthropicStream({ startUsage: cachedStart, outputs: [60, 120], metrics })), {
      operation: "InvokeModelWithResponseStream",
      modelId: SONNET,
    });
    expect(result).toEqual({
      usage: {
        inputTokens: 50,
        outputTokens: 120,
        cacheReadInputTokens: 7000,
        cacheWriteInputTokens: 3000,
        cacheWrite5mInputTokens: 1000,
        cacheWrite1hInputTokens: 2000,
      },
      source: "anthropic-stream",
      free: false,
      partial: false,
    });
  });

  it("takes the metrics' counts when the two sources disagree, and says so", () => {
    const metrics = { inputTokenCount: 50, outputTokenCount: 121, cacheReadInputTokenCount: 7000, cacheWriteInputTokenCount: 3000 };
    const result = collect(concat(createAnthropicStream({ startUsage: cachedStart, outputs: [120], metrics })), {
      operation: "InvokeModelWithResponseStream",
      modelId: SONNET,
    });
    expect(result).toMatchObject({
      usage: { inputTokens: 50, outputTokens: 121, cacheReadInputTokens: 7000, cacheWriteInputTokens: 3000, cacheWrite5mInputTokens: 1000, cacheWrite1hInputTokens: 2000 },
      source: "invocation-metrics",
      partial: false,
    });
    expect(result.detail).toContain("disagree");
  });

  it("drops the TTL split when the metrics report other cache writes", () => {
    const metrics = { inputTokenCount: 50, outputTokenCount: 120, cacheWriteInputTokenCount: 2500 };
    const result = collect(concat(createAnthropicStream({ startUsage: cachedStart, outputs: [120], metrics })), {
      operation: "InvokeModelWithResponseStream",
      modelId: SONNET,
    });
    expect(result.usage).toEqual({ inputTokens: 50, outputTokens: 120, cacheReadInputTokens: 7000, cacheWriteInputTokens: 2500 });
    expect(result.source).toBe("invocation-metrics");
  });

  it("client gone after message_start: input and cache counts so far, partial", () => {
    const events = createAnthropicStream({ startUsage: cachedStart });
    const result = collect(concat(events.slice(0, 3)), { operation: "InvokeModelWithResponseStream", modelId: SONNET, end: "client-gone" });
    expect(result).toEqual({
      usage: {
        inputTokens: 50,
        outputTokens: 1,
        cacheReadInputTokens: 7000,
        cacheWriteInputTokens: 3000,
        cacheWrite5mInputTokens: 1000,
        cacheWrite1hInputTokens: 2000,
      },
      source: "anthropic-stream",
      free: false,
      partial: true,
    });
  });

  it("upstream error after a message_delta: the last cumulative output, partial", () => {
    const events = createAnthropicStream({ outputs: [7, 11, 15] });
    const result = collect(concat(events.slice(0, -2)), { operation: "InvokeModelWithResponseStream", modelId: SONNET, end: "upstream-error" });
    expect(result).toMatchObject({ usage: { inputTokens: 10, outputTokens: 11 }, source: "anthropic-stream", partial: true });
  });

  it("a stream that ends without message_stop or metrics is partial even if the relay completed", () => {
    const events = createAnthropicStream();
    expect(collect(concat(events.slice(0, -1)), { operation: "InvokeModelWithResponseStream", modelId: SONNET })).toMatchObject({
      usage: { inputTokens: 10, outputTokens: 15 },
      partial: true,
    });
  });

  it("an exception after message_start: usage so far, partial", () => {
    const events = createAnthropicStream();
    const bytes = concat([...events.slice(0, 3), encodeException("modelStreamErrorException", "Model stream error")]);
    const result = collect(bytes, { operation: "InvokeModelWithResponseStream", modelId: SONNET });
    expect(result).toMatchObject({ usage: { inputTokens: 10, outputTokens: 1 }, partial: true });
    expect(result.detail).toContain("modelStreamErrorException");
  });

  it("message_stop without metrics completes the Anthropic usage", () => {
    const result = collect(concat(createAnthropicStream({ metrics: undefined })), { operation: "InvokeModelWithResponseStream", modelId: SONNET });
    expect(result).toMatchObject({ usage: { inputTokens: 10, outputTokens: 15 }, source: "anthropic-stream", partial: false });
  });

  it("parses only the chunks that can carry usage", () => {
    const parse = vi.spyOn(JSON, "parse");
    collect(concat(createAnthropicStream()), { operation: "InvokeModelWithResponseStream", modelId: SONNET });
    const parsed = parse.mock.calls.map(([text]) => String(text));
    parse.mockRestore();
    // the delta whose text says "usage" is parsed (and ignored); the other deltas and block events are not
    expect(parsed.filter((text) => /content_block_(start|stop)|of tokens/.test(text))).toEqual([]);
    expect(parsed.filter((text) => text.includes('"type":"message_'))).toHaveLength(3);
  });
});

describe("InvokeModelWithResponseStream, other families", () => {
  it("Nova: metadata usage with cache counts, agreeing with the metrics", () => {
    const bytes = concat([
      encodeChunk({ messageStart: { role: "assistant" } }),
      encodeChunk({ contentBlockDelta: { delta: { text: "Hello" }, contentBlockIndex: 0 } }),
      encodeChunk({ contentBlockStop: { contentBlockIndex: 0 } }),
      encodeChunk({ messageStop: { stopReason: "end_turn" } }),
      encodeChunk({
        metadata: { usage: { inputTokens: 8, outputTokens: 5, cacheReadInputTokenCount: 300, cacheWriteInputTokenCount: 0 } },
        "amazon-bedrock-invocationMetrics": { inputTokenCount: 8, outputTokenCount: 5, cacheReadInputTokenCount: 300, cacheWriteInputTokenCount: 0, invocationLatency: 200, firstByteLatency: 90 },
      }),
    ]);
    expect(collect(bytes, { operation: "InvokeModelWithResponseStream", modelId: "us.amazon.nova-lite-v1:0", seed: 3 })).toEqual({
      usage: { inputTokens: 8, outputTokens: 5, cacheReadInputTokens: 300, cacheWriteInputTokens: 0 },
      source: "stream-metadata",
      free: false,
      partial: false,
    });
  });

  it("Mistral: invocationMetrics on the last chunk is the only source", () => {
    const bytes = concat([
      encodeChunk({ outputs: [{ text: "Bonjour", stop_reason: null }] }),
      encodeChunk({
        outputs: [{ text: "!", stop_reason: "stop" }],
        "amazon-bedrock-invocationMetrics": { inputTokenCount: 21, outputTokenCount: 3, invocationLatency: 300, firstByteLatency: 100 },
      }),
    ]);
    expect(collect(bytes, { operation: "InvokeModelWithResponseStream", modelId: "mistral.mistral-7b-instruct-v0:2", seed: 4 })).toEqual({
      usage: { inputTokens: 21, outputTokens: 3, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
      source: "invocation-metrics",
      free: false,
      partial: false,
    });
  });

  const llamaChunks = [
    encodeChunk({ generation: "Hello", prompt_token_count: 17, generation_token_count: 1, stop_reason: null }),
    encodeChunk({ generation: " world", prompt_token_count: null, generation_token_count: 2, stop_reason: null }),
    encodeChunk({ generation: "!", prompt_token_count: null, generation_token_count: 3, stop_reason: null }),
    encodeChunk({
      generation: "",
      prompt_token_count: null,
      generation_token_count: 4,
      stop_reason: "stop",
      "amazon-bedrock-invocationMetrics": { inputTokenCount: 17, outputTokenCount: 4, invocationLatency: 500, firstByteLatency: 120 },
    }),
  ];

  it("Llama: chunk counts agree with the metrics", () => {
    expect(collect(concat(llamaChunks), { operation: "InvokeModelWithResponseStream", modelId: "meta.llama3-1-8b-instruct-v1:0" })).toMatchObject({
      usage: { inputTokens: 17, outputTokens: 4 },
      partial: false,
    });
  });

  it("Llama: the chunk counts stand in when the stream dies before the metrics", () => {
    const result = collect(concat(llamaChunks.slice(0, 3)), { operation: "InvokeModelWithResponseStream", modelId: "meta.llama3-1-8b-instruct-v1:0", end: "upstream-error" });
    expect(result).toEqual({
      usage: { inputTokens: 17, outputTokens: 3, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
      source: "stream-metadata",
      free: false,
      partial: true,
    });
  });

  it("Titan text: the chunk counts stand in when the stream is truncated", () => {
    const bytes = concat([
      encodeChunk({ outputText: "One", index: 0, totalOutputTextTokenCount: 6, completionReason: null, inputTextTokenCount: 12 }),
      encodeChunk({ outputText: " two", index: 0, totalOutputTextTokenCount: 9, completionReason: null, inputTextTokenCount: 12 }),
    ]);
    expect(collect(bytes, { operation: "InvokeModelWithResponseStream", modelId: "amazon.titan-text-express-v1" })).toMatchObject({
      usage: { inputTokens: 12, outputTokens: 9 },
      source: "stream-metadata",
      partial: true,
    });
  });

  it("no usage at all when the stream ends before anything that counts", () => {
    const bytes = concat([encodeChunk({ outputs: [{ text: "Bon" }] })]);
    expect(collect(bytes, { operation: "InvokeModelWithResponseStream", modelId: "mistral.mistral-7b-instruct-v0:2" })).toEqual({
      source: "none",
      free: false,
      partial: true,
    });
  });

  it("ignores unknown events and chunks whose bytes are not JSON", () => {
    const bytes = concat([
      encodeEvent("someNewEvent", { usage: { inputTokens: 999 } }),
      encodeEvent("chunk", { bytes: Buffer.from("not json usage").toString("base64") }),
      encodeEvent("chunk", { p: "x", bytes: Buffer.from(JSON.stringify({ "amazon-bedrock-invocationMetrics": { inputTokenCount: 1, outputTokenCount: 2 } })).toString("base64") }),
    ]);
    expect(collect(bytes, { operation: "InvokeModelWithResponseStream", modelId: "cohere.command-r-v1:0" })).toMatchObject({
      usage: { inputTokens: 1, outputTokens: 2 },
      source: "invocation-metrics",
      partial: false,
    });
  });
});
