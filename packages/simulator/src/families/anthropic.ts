import { splitIntoDeltas, splitIntoPieces } from "../prompt/compose-reply.js";
import type { CacheTtl, PromptSegment } from "../prompt/prompt-types.js";
import type { JsonObject } from "../operations/read-json-body.js";
import { isObject, readArray, readNumber, readObject, readString } from "../operations/read-json-body.js";
import type { FamilyAnswer, FamilyCodec } from "./family-codec.js";
import { requireKeys } from "./family-codec.js";

function readCacheControl(block: JsonObject): CacheTtl | undefined {
  const control = readObject(block, "cache_control");
  if (!control) return undefined;
  return readString(control, "ttl") === "1h" ? "1h" : "5m";
}

function readBlockText(block: JsonObject): string {
  switch (block.type) {
    case "text":
      return readString(block, "text") ?? "";
    case "tool_use":
      return `${readString(block, "name") ?? ""} ${JSON.stringify(block.input ?? {})}`;
    case "tool_result": {
      const content = block.content;
      if (typeof content === "string") return content;
      return (Array.isArray(content) ? content : []).map((part) => (isObject(part) ? readBlockText(part) : "")).join("\n");
    }
    case "thinking":
      return readString(block, "thinking") ?? "";
    default:
      return `[${String(block.type)}]`;
  }
}

function appendContent(segments: PromptSegment[], content: unknown): void {
  if (typeof content === "string") {
    segments.push({ text: content });
    return;
  }
  for (const block of Array.isArray(content) ? content : []) {
    if (!isObject(block)) continue;
    const cachePoint = readCacheControl(block);
    segments.push({ text: readBlockText(block), ...(cachePoint ? { cachePoint } : {}) });
  }
}

function readForcedTool(body: JsonObject): string | undefined {
  const choice = readObject(body, "tool_choice");
  if (choice?.type === "tool") return readString(choice, "name");
  if (choice?.type !== "any") return undefined;
  const first = (readArray(body, "tools") ?? []).find(isObject);
  return first ? readString(first, "name") : undefined;
}

function readLastUserText(messages: readonly unknown[]): string {
  const last = [...messages].reverse().find((message) => isObject(message) && message.role === "user");
  const segments: PromptSegment[] = [];
  if (isObject(last)) appendContent(segments, last.content);
  return segments.map((segment) => segment.text).join("\n");
}

function toModelName(answer: FamilyAnswer): string {
  return answer.modelName.replace(/^anthropic\./, "").replace(/-v\d+(:\d+)?$/, "");
}

function toUsage(answer: FamilyAnswer, outputTokens: number): JsonObject {
  const fiveMinutes = answer.usage.cacheDetails.find((detail) => detail.ttl === "5m")?.inputTokens ?? 0;
  const oneHour = answer.usage.cacheDetails.find((detail) => detail.ttl === "1h")?.inputTokens ?? 0;
  return {
    input_tokens: answer.usage.inputTokens,
    cache_creation_input_tokens: answer.usage.cacheWriteInputTokens,
    cache_read_input_tokens: answer.usage.cacheReadInputTokens,
    cache_creation: { ephemeral_5m_input_tokens: fiveMinutes, ephemeral_1h_input_tokens: oneHour },
    output_tokens: outputTokens,
  };
}

function toContent(answer: FamilyAnswer): JsonObject[] {
  return [
    ...(answer.text ? [{ type: "text", text: answer.text }] : []),
    ...(answer.toolCall ? [{ type: "tool_use", id: answer.toolCall.toolUseId, name: answer.toolCall.name, input: answer.toolCall.input }] : []),
  ];
}

function toToolChunks(answer: FamilyAnswer, index: number): JsonObject[] {
  const call = answer.toolCall;
  if (!call) return [];
  return [
    { type: "content_block_start", index, content_block: { type: "tool_use", id: call.toolUseId, name: call.name, input: {} } },
    ...splitIntoPieces(JSON.stringify(call.input), 12).map((partial_json) => ({
      type: "content_block_delta",
      index,
      delta: { type: "input_json_delta", partial_json },
    })),
    { type: "content_block_stop", index },
  ];
}

/** Anthropic Messages API on Bedrock (`anthropic_version: bedrock-2023-05-31`). */
export const anthropicCodec: FamilyCodec = {
  responseIdPrefix: "msg_bdrk_01",
  readPrompt(body) {
    requireKeys(body, ["anthropic_version", "max_tokens", "messages"]);
    const segments: PromptSegment[] = [];
    for (const tool of readArray(body, "tools") ?? []) {
      if (!isObject(tool)) continue;
      const cachePoint = readCacheControl(tool);
      const { cache_control: _ignored, ...spec } = tool;
      segments.push({ text: JSON.stringify(spec), ...(cachePoint ? { cachePoint } : {}) });
    }
    appendContent(segments, body.system);
    const messages = readArray(body, "messages") ?? [];
    for (const message of messages) if (isObject(message)) appendContent(segments, message.content);
    const forcedTool = readForcedTool(body);
    return {
      segments,
      lastUserText: readLastUserText(messages),
      ...(readNumber(body, "max_tokens") !== undefined ? { maxTokens: readNumber(body, "max_tokens")! } : {}),
      ...(forcedTool ? { forcedTool } : {}),
    };
  },
  renderBody(answer) {
    return {
      id: answer.responseId,
      type: "message",
      role: "assistant",
      model: toModelName(answer),
      content: toContent(answer),
      stop_reason: answer.stopReason,
      stop_sequence: null,
      usage: toUsage(answer, answer.outputTokens),
    };
  },
  renderChunks(answer) {
    const message = { model: toModelName(answer), id: answer.responseId, type: "message", role: "assistant", content: [], stop_reason: null, stop_sequence: null };
    const textChunks: JsonObject[] = answer.text
      ? [
          { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
          ...splitIntoDeltas(answer.text).map((text) => ({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text } })),
          { type: "content_block_stop", index: 0 },
        ]
      : [];
    return [
      { type: "message_start", message: { ...message, usage: toUsage(answer, 1) } },
      ...textChunks,
      ...toToolChunks(answer, answer.text ? 1 : 0),
      { type: "message_delta", delta: { stop_reason: answer.stopReason, stop_sequence: null }, usage: { output_tokens: answer.outputTokens } },
      { type: "message_stop" },
    ];
  },
};
