import { splitIntoDeltas } from "../prompt/compose-reply.js";
import { readArray, readNumber } from "../operations/read-json-body.js";
import type { FamilyCodec } from "./family-codec.js";
import { requireKeys } from "./family-codec.js";
import { readChatMessages } from "./read-chat-messages.js";

const toFinishReason = (stopReason: string): string => (stopReason === "max_tokens" ? "length" : "stop");

/** OpenAI gpt-oss on Bedrock: Chat Completions bodies. */
export const openaiCodec: FamilyCodec = {
  responseIdPrefix: "chatcmpl-",
  readPrompt(body) {
    requireKeys(body, ["messages"]);
    const maxTokens = readNumber(body, "max_completion_tokens") ?? readNumber(body, "max_tokens");
    return readChatMessages(readArray(body, "messages") ?? [], maxTokens);
  },
  renderBody(answer) {
    return {
      id: answer.responseId,
      object: "chat.completion",
      created: answer.createdSeconds,
      model: answer.modelName,
      choices: [{ index: 0, message: { role: "assistant", content: answer.text }, finish_reason: toFinishReason(answer.stopReason) }],
      usage: {
        prompt_tokens: answer.usage.totalInputTokens,
        completion_tokens: answer.outputTokens,
        total_tokens: answer.usage.totalInputTokens + answer.outputTokens,
      },
    };
  },
  renderChunks(answer) {
    const base = { id: answer.responseId, object: "chat.completion.chunk", created: answer.createdSeconds, model: answer.modelName };
    const deltas = splitIntoDeltas(answer.text);
    return [
      ...deltas.map((content, index) => ({
        ...base,
        choices: [{ index: 0, delta: index === 0 ? { role: "assistant", content } : { content }, finish_reason: null }],
      })),
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: toFinishReason(answer.stopReason) }] },
    ];
  },
};
