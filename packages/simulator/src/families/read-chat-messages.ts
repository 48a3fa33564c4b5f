import type { NormalizedPrompt, PromptSegment } from "../prompt/prompt-types.js";
import { isObject } from "../operations/read-json-body.js";

function readContent(content: unknown): string {
  if (typeof content === "string") return content;
  return (Array.isArray(content) ? content : [])
    .map((part) => (isObject(part) && typeof part.text === "string" ? part.text : ""))
    .join("\n");
}

/**
 * Reads OpenAI-style chat messages (`[{role, content}]`, content a string or text parts), as gpt-oss and
 * Mistral's chat format take them.
 *
 * @example
 * readChatMessages([{ role: "user", content: "hi" }]).lastUserText; // "hi"
 */
export function readChatMessages(messages: readonly unknown[], maxTokens: number | undefined): NormalizedPrompt {
  const segments: PromptSegment[] = [];
  let lastUserText = "";
  for (const message of messages) {
    if (!isObject(message)) continue;
    const text = readContent(message.content);
    segments.push({ text });
    if (message.role === "user") lastUserText = text;
  }
  return { segments, lastUserText, ...(maxTokens !== undefined ? { maxTokens } : {}) };
}
