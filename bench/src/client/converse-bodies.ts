/** The Bedrock model every benchmark call names (in the simulator's catalog, priced in the gateway's table). */
export const BENCH_MODEL_ID = "us.anthropic.claude-sonnet-4-20250514-v1:0";

const FILLER_WORDS = "the quick brown fox jumps over the lazy dog while a gateway relays every byte ";

function fill(length: number): string {
  const repeats = Math.ceil(Math.max(0, length) / FILLER_WORDS.length);
  return FILLER_WORDS.repeat(repeats).slice(0, Math.max(0, length));
}

function padJson(build: (text: string) => unknown, bytes: number): Buffer {
  const overhead = Buffer.byteLength(JSON.stringify(build("")));
  return Buffer.from(JSON.stringify(build(fill(bytes - overhead))));
}

/**
 * A Converse request body of exactly `bytes` bytes (at least its fixed part): one user message padded with words.
 *
 * @example
 * createConverseBody(1024).length; // 1024
 */
export function createConverseBody(bytes: number): Buffer {
  return padJson((text) => ({ messages: [{ role: "user", content: [{ text }] }], inferenceConfig: { maxTokens: 256 } }), bytes);
}

/**
 * The peer's OpenAI-style chat body for the same call, `bytes` bytes long.
 *
 * @example
 * createOpenAiChatBody(1024, BENCH_MODEL_ID).length; // 1024
 */
export function createOpenAiChatBody(bytes: number, model: string): Buffer {
  return padJson((text) => ({ model, messages: [{ role: "user", content: text }], max_tokens: 256 }), bytes);
}

/**
 * A ConverseStream body that forces a tool call with a 200-character query: the simulator then streams its
 * longest answer (messageStart, contentBlockStart, 18 tool-input deltas, contentBlockStop, messageStop, metadata).
 *
 * @example
 * createToolStreamBody().toString(); // '{"messages":[...],"toolConfig":{...}}'
 */
export function createToolStreamBody(): Buffer {
  return Buffer.from(
    JSON.stringify({
      messages: [{ role: "user", content: [{ text: fill(220) }] }],
      toolConfig: {
        tools: [
          {
            toolSpec: {
              name: "lookup",
              description: "Looks a phrase up.",
              inputSchema: { json: { type: "object", properties: { query: { type: "string" } }, required: ["query"] } },
            },
          },
        ],
        toolChoice: { tool: { name: "lookup" } },
      },
    }),
  );
}
