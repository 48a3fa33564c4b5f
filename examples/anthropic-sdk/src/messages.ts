import type { AnthropicBedrock } from "@anthropic-ai/bedrock-sdk";

/**
 * The Messages API (Bedrock's InvokeModel underneath). `model` is a model group of the gateway (e.g. `claude`) or a
 * Bedrock model id such as `us.anthropic.claude-sonnet-4-20250514-v1:0`.
 *
 * @example
 * const { text } = await askClaude(client, "claude", "Name three rivers.");
 */
export async function askClaude(client: AnthropicBedrock, model: string, question: string): Promise<{ text: string; outputTokens: number }> {
  const message = await client.messages.create({ model, max_tokens: 300, messages: [{ role: "user", content: question }] });
  const text = message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
  return { text, outputTokens: message.usage.output_tokens };
}

/**
 * Streams an answer (InvokeModelWithResponseStream underneath), handing text deltas to `onText`.
 *
 * @example
 * await streamClaude(client, "claude", "Tell me a story", (delta) => process.stdout.write(delta));
 */
export async function streamClaude(client: AnthropicBedrock, model: string, question: string, onText: (delta: string) => void): Promise<string> {
  const stream = client.messages.stream({ model, max_tokens: 300, messages: [{ role: "user", content: question }] });
  stream.on("text", onText);
  const final = await stream.finalMessage();
  return final.content.map((block) => (block.type === "text" ? block.text : "")).join("");
}
