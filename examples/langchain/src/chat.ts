import type { ChatBedrockConverse } from "@langchain/aws";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";

const toText = (content: unknown): string =>
  typeof content === "string"
    ? content
    : Array.isArray(content)
      ? content.map((part) => (typeof part === "string" ? part : ((part as { text?: string }).text ?? ""))).join("")
      : "";

/**
 * One chat turn with a system prompt (`invoke`).
 *
 * @example
 * const text = await chat(model, "You are terse.", "What is Bedrock?");
 */
export async function chat(model: ChatBedrockConverse, system: string, question: string): Promise<{ text: string; outputTokens: number }> {
  const reply = await model.invoke([new SystemMessage(system), new HumanMessage(question)]);
  return { text: toText(reply.content), outputTokens: reply.usage_metadata?.output_tokens ?? 0 };
}

/**
 * Streams a reply (`stream`, ConverseStream underneath), handing each chunk's text to `onText`.
 *
 * @example
 * await streamChat(model, "Tell me a story", (delta) => process.stdout.write(delta));
 */
export async function streamChat(model: ChatBedrockConverse, question: string, onText: (delta: string) => void): Promise<string> {
  let text = "";
  for await (const chunk of await model.stream([new HumanMessage(question)])) {
    const delta = toText(chunk.content);
    text += delta;
    if (delta) onText(delta);
  }
  return text;
}
