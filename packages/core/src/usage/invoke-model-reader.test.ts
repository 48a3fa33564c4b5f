import { describe, expect, it, vi } from "vitest";
import { collect, toBytes } from "./fixtures/usage-streams.js";
import { readTokenHeaders } from "./invoke-model-reader.js";

const anthropicBody = {
  id: "msg_bdrk_01XyZ",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-5-20250929",
  content: [{ type: "text", text: "Hi!" }],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: {
    input_tokens: 22,
    cache_creation_input_tokens: 3000,
    cache_read_input_tokens: 4000,
    cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
    output_tokens: 9,
  },
};

const tokenHeaders = (input: number, output: number, extra: Record<string, string> = {}) => ({
  "content-type": "application/json",
  "x-amzn-requestid": "2f0c7c1e-0000-4000-8000-000000000000",
  "x-amzn-bedrock-invocation-latency": "425",
  "x-amzn-bedrock-input-token-count": String(input),
  "x-amzn-bedrock-output-token-count": String(output),
  ...extra,
});

describe("InvokeModel headers", () => {
  it("uses the token headers and never parses the body", () => {
    const parse = vi.spyOn(JSON, "parse");
    const body = toBytes({ outputs: [{ text: "hi" }], usage: { prompt_tokens: 999, completion_tokens: 999 } });
    const result = collect(body, { operation: "InvokeModel", modelId: "mistral.mistral-large-2407-v1:0", headers: tokenHeaders(12, 6) });
    expect(parse.mock.calls.filter(([text]) => String(text).includes("prompt_tokens"))).toEqual([]);
    parse.mockRestore();
    expect(result).toEqual({
      usage: { inputTokens: 12, outputTokens: 6, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
      source: "headers",
      free: false,
      partial: false,
    });
  });

  it("reads the cache headers, and the body only for the TTL split of the writes", () => {
    const headers = tokenHeaders(22, 9, {
      "x-amzn-bedrock-cache-read-input-token-count": "4000",
      "x-amzn-bedrock-cache-write-input-token-count": "3000",
    });
    const result = collect(toBytes(anthropicBody), { operation: "InvokeModel", modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", headers });
    expect(result).toEqual({
      usage: {
        inputTokens: 22,
        outputTokens: 9,
        cacheReadInputTokens: 4000,
        cacheWriteInputTokens: 3000,
        cacheWrite5mInputTokens: 1000,
        cacheWrite1hInputTokens: 2000,
      },
      source: "headers",
      free: false,
      partial: false,
    });
  });

  it("ignores a body split that does not add up to the header's writes", () => {
    const headers = tokenHeaders(22, 9, { "x-amzn-bedrock-cache-write-input-token-count": "2999" });
    const result = collect(toBytes(anthropicBody), { operation: "InvokeModel", modelId: "anthropic.claude-sonnet-4-5-20250929-v1:0", headers });
    expect(result.usage).toEqual({ inputTokens: 22, outputTokens: 9, cacheReadInputTokens: 0, cacheWriteInputTokens: 2999 });
  });

  it("needs the input or output header; malformed values are ignored", () => {
    expect(readTokenHeaders(new Headers({ "x-amzn-bedrock-cache-read-input-token-count": "5" }))).toBeUndefined();
    expect(readTokenHeaders(new Headers({ "x-amzn-bedrock-input-token-count": "12abc" }))).toBeUndefined();
    expect(readTokenHeaders(new Headers({ "X-Amzn-Bedrock-Input-Token-Count": " 7 " }))).toEqual({ inputTokens: 7 });
  });
});

describe("InvokeModel bodies, per family (no token headers)", () => {
  it.each([
    [
      "Anthropic, with the cache TTL split",
      "anthropic.claude-3-5-haiku-20241022-v1:0",
      anthropicBody,
      {
        inputTokens: 22,
        outputTokens: 9,
        cacheReadInputTokens: 4000,
        cacheWriteInputTokens: 3000,
        cacheWrite5mInputTokens: 1000,
        cacheWrite1hInputTokens: 2000,
      },
    ],
    [
      "Anthropic, older body without cache_creation",
      "anthropic.claude-3-haiku-20240307-v1:0",
      { content: [], usage: { input_tokens: 5, output_tokens: 6, cache_creation_input_tokens: 7, cache_read_input_tokens: 8 } },
      { inputTokens: 5, outputTokens: 6, cacheReadInputTokens: 8, cacheWriteInputTokens: 7 },
    ],
    [
      "Nova, with cache counts",
      "us.amazon.nova-pro-v1:0",
      {
        output: { message: { role: "assistant", content: [{ text: "ok" }] } },
        stopReason: "end_turn",
        usage: { inputTokens: 11, outputTokens: 3, totalTokens: 514, cacheReadInputTokenCount: 400, cacheWriteInputTokenCount: 100 },
      },
      { inputTokens: 11, outputTokens: 3, cacheReadInputTokens: 400, cacheWriteInputTokens: 100 },
    ],
    [
      "Titan text, summing every result",
      "amazon.titan-text-express-v1",
      {
        inputTextTokenCount: 9,
        results: [
          { tokenCount: 20, outputText: "a", completionReason: "FINISH" },
          { tokenCount: 5, outputText: "b", completionReason: "FINISH" },
        ],
      },
      { inputTokens: 9, outputTokens: 25, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
    ],
    [
      "Titan embeddings",
      "amazon.titan-embed-text-v2:0",
      { embedding: [0.1, -0.2, 0.3], embeddingsByType: { float: [0.1, -0.2, 0.3] }, inputTextTokenCount: 14 },
      { inputTokens: 14, outputTokens: 0, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
    ],
    [
      "Llama",
      "us.meta.llama3-3-70b-instruct-v1:0",
      { generation: "Hello", prompt_token_count: 17, generation_token_count: 4, stop_reason: "stop" },
      { inputTokens: 17, outputTokens: 4, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
    ],
    [
      "Mistral chat-completion body",
      "mistral.mistral-large-2407-v1:0",
      { id: "x", object: "chat.completion", choices: [], usage: { prompt_tokens: 8, completion_tokens: 2, total_tokens: 10 } },
      { inputTokens: 8, outputTokens: 2, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
    ],
    [
      "Cohere billed units",
      "cohere.command-r-v1:0",
      { text: "hi", meta: { billed_units: { input_tokens: 31, output_tokens: 12 } } },
      { inputTokens: 31, outputTokens: 12, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
    ],
    [
      "an OpenAI model (family other)",
      "openai.gpt-oss-120b-1:0",
      { choices: [{ message: { content: "hi" } }], usage: { prompt_tokens: 40, completion_tokens: 9 } },
      { inputTokens: 40, outputTokens: 9, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
    ],
    [
      "an application inference profile answering with an Anthropic body",
      "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123",
      { content: [], usage: { input_tokens: 2, output_tokens: 3 } },
      { inputTokens: 2, outputTokens: 3, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
    ],
  ])("%s", (_name, modelId, body, usage) => {
    for (const seed of [1, 2, 3]) {
      expect(collect(toBytes(body), { operation: "InvokeModel", modelId, seed, maxChunk: 13 })).toEqual({
        usage,
        source: "body",
        free: false,
        partial: false,
      });
    }
  });

  it("has no usage for a body without token fields (Cohere embed counts are only in headers)", () => {
    const body = { id: "x", embeddings: [[0.1]], texts: ["hi"], response_type: "embeddings_floats" };
    expect(collect(toBytes(body), { operation: "InvokeModel", modelId: "cohere.embed-english-v3" })).toEqual({
      source: "none",
      free: false,
      partial: false,
    });
  });

  it("takes an explicit family over the model id", () => {
    const body = { generation: "x", prompt_token_count: 1, generation_token_count: 2 };
    const result = collect(toBytes(body), { operation: "InvokeModel", modelId: "arn:aws:bedrock:us-east-1:1:application-inference-profile/a", modelFamily: "llama" });
    expect(result.usage).toMatchObject({ inputTokens: 1, outputTokens: 2 });
  });

  it("gives up past the body limit", () => {
    const result = collect(toBytes(anthropicBody), { operation: "InvokeModel", modelId: "anthropic.claude-3-haiku-20240307-v1:0", maxBodyBytes: 100 });
    expect(result).toMatchObject({ source: "none", partial: false });
    expect(result.detail).toContain("100 bytes");
  });
});
