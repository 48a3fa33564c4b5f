import { SimulatedError, missingMemberError, validationError } from "../errors/simulated-error.js";
import type { JsonObject } from "../operations/read-json-body.js";
import { isObject, readArray, readNumber, readObject, readString } from "../operations/read-json-body.js";
import type { CacheTtl, NormalizedPrompt, PromptSegment } from "./prompt-types.js";

const FIRST_MESSAGE_ERROR = "A conversation must start with a user message. Try again with a conversation that starts with a user message.";
const MEDIA_BLOCKS = ["image", "document", "video", "audio"] as const;

function readCacheTtl(block: JsonObject): CacheTtl {
  return readString(readObject(block, "cachePoint"), "ttl") === "1h" ? "1h" : "5m";
}

function readToolResultText(toolResult: JsonObject): string {
  return (readArray(toolResult, "content") ?? [])
    .map((part) => (isObject(part) ? (readString(part, "text") ?? JSON.stringify(part.json ?? "")) : ""))
    .join("\n");
}

/** The text a content block contributes to the prompt, by which union member it carries. */
function readBlockText(block: JsonObject): string {
  const text = readString(block, "text");
  if (text !== undefined) return text;
  const toolUse = readObject(block, "toolUse");
  if (toolUse) return `${readString(toolUse, "name") ?? ""} ${JSON.stringify(toolUse.input ?? {})}`;
  const toolResult = readObject(block, "toolResult");
  if (toolResult) return readToolResultText(toolResult);
  const reasoning = readObject(readObject(block, "reasoningContent"), "reasoningText");
  if (reasoning) return readString(reasoning, "text") ?? "";
  const guard = readObject(readObject(block, "guardContent"), "text");
  if (guard) return readString(guard, "text") ?? "";
  const media = MEDIA_BLOCKS.find((kind) => isObject(block[kind]));
  if (media) return `[${media}:${readString(readObject(block, media), "format") ?? "unknown"}]`;
  return "";
}

/**
 * Appends content blocks as prompt segments; a `cachePoint` block marks a cache breakpoint after what precedes it.
 *
 * @example
 * const segments: PromptSegment[] = [];
 * appendBlocks(segments, [{ text: "hi" }, { cachePoint: { type: "default" } }]);
 */
export function appendBlocks(segments: PromptSegment[], blocks: readonly unknown[]): void {
  for (const block of blocks) {
    if (!isObject(block)) continue;
    if (isObject(block.cachePoint)) segments.push({ text: "", cachePoint: readCacheTtl(block) });
    else segments.push({ text: readBlockText(block) });
  }
}

function readForcedTool(toolConfig: JsonObject | undefined): string | undefined {
  const choice = readObject(toolConfig, "toolChoice");
  const named = readString(readObject(choice, "tool"), "name");
  if (named) return named;
  if (!isObject(choice?.any)) return undefined;
  const first = (readArray(toolConfig, "tools") ?? []).find((tool) => isObject(tool) && isObject(tool.toolSpec));
  return isObject(first) ? readString(readObject(first, "toolSpec"), "name") : undefined;
}

function readToolSegments(toolConfig: JsonObject | undefined): PromptSegment[] {
  const segments: PromptSegment[] = [];
  for (const tool of readArray(toolConfig, "tools") ?? []) {
    if (!isObject(tool)) continue;
    if (isObject(tool.cachePoint)) segments.push({ text: "", cachePoint: readCacheTtl(tool) });
    else segments.push({ text: JSON.stringify(tool.toolSpec ?? tool) });
  }
  return segments;
}

function checkMessages(messages: unknown): JsonObject[] {
  if (!Array.isArray(messages)) throw missingMemberError("messages");
  const objects = messages.filter(isObject);
  if (objects.length === 0 || objects[0]!.role !== "user") throw validationError(FIRST_MESSAGE_ERROR);
  for (const message of objects) {
    if (message.role !== "user" && message.role !== "assistant") {
      throw validationError(
        `1 validation error detected: Value '${String(message.role)}' at 'messages.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]`,
      );
    }
  }
  return objects;
}

function readLastUserText(messages: readonly JsonObject[]): string {
  const last = [...messages].reverse().find((message) => message.role === "user");
  return (readArray(last, "content") ?? []).map((block) => (isObject(block) ? readBlockText(block) : "")).join("\n");
}

/**
 * Reads a Converse-shaped request (Converse, ConverseStream, CountTokens' `converse` input, and Nova's native body,
 * which shares the shape): prompt segments in cache order (tools, system, messages), the last user text, maxTokens.
 *
 * @example
 * readConversePrompt({ messages: [{ role: "user", content: [{ text: "hi" }] }] }).lastUserText; // "hi"
 */
export function readConversePrompt(input: JsonObject, maxTokensField: "maxTokens" | "max_new_tokens" = "maxTokens"): NormalizedPrompt {
  const messages = checkMessages(input.messages);
  const toolConfig = readObject(input, "toolConfig");
  const segments = readToolSegments(toolConfig);
  appendBlocks(segments, readArray(input, "system") ?? []);
  for (const message of messages) appendBlocks(segments, readArray(message, "content") ?? []);

  const inference = readObject(input, "inferenceConfig");
  const maxTokens = readNumber(inference, maxTokensField) ?? readNumber(inference, "maxTokens");
  if (maxTokens !== undefined && maxTokens < 1) {
    throw new SimulatedError(
      "ValidationException",
      `1 validation error detected: Value '${maxTokens}' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1`,
    );
  }
  const forcedTool = readForcedTool(toolConfig);
  return {
    segments,
    lastUserText: readLastUserText(messages),
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    ...(forcedTool ? { forcedTool } : {}),
  };
}
