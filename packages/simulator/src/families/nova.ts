import { splitIntoDeltas } from "../prompt/compose-reply.js";
import { readConversePrompt } from "../prompt/read-converse-prompt.js";
import type { JsonObject } from "../operations/read-json-body.js";
import type { FamilyAnswer, FamilyCodec } from "./family-codec.js";
import { requireKeys } from "./family-codec.js";

function toUsage(answer: FamilyAnswer): JsonObject {
  const usage = answer.usage;
  return {
    inputTokens: usage.inputTokens,
    outputTokens: answer.outputTokens,
    totalTokens: usage.totalInputTokens + answer.outputTokens,
    ...(usage.cacheRequested
      ? { cacheReadInputTokenCount: usage.cacheReadInputTokens, cacheWriteInputTokenCount: usage.cacheWriteInputTokens }
      : {}),
  };
}

function toContent(answer: FamilyAnswer): JsonObject[] {
  return [
    ...(answer.text ? [{ text: answer.text }] : []),
    ...(answer.toolCall ? [{ toolUse: { ...answer.toolCall } }] : []),
  ];
}

/** Amazon Nova's native body, which mirrors Converse (`inferenceConfig.max_new_tokens`). */
export const novaCodec: FamilyCodec = {
  readPrompt(body) {
    requireKeys(body, ["messages"]);
    return readConversePrompt(body, "max_new_tokens");
  },
  renderBody(answer) {
    return {
      output: { message: { role: "assistant", content: toContent(answer) } },
      stopReason: answer.stopReason,
      usage: toUsage(answer),
    };
  },
  renderChunks(answer) {
    return [
      { messageStart: { role: "assistant" } },
      ...splitIntoDeltas(answer.text).map((text) => ({ contentBlockDelta: { delta: { text }, contentBlockIndex: 0 } })),
      { contentBlockStop: { contentBlockIndex: 0 } },
      { messageStop: { stopReason: answer.stopReason } },
      { metadata: { usage: { inputTokens: answer.usage.inputTokens, outputTokens: answer.outputTokens }, metrics: {}, trace: {} } },
    ];
  },
};
