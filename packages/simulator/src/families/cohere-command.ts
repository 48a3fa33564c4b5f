import { splitIntoDeltas } from "../prompt/compose-reply.js";
import type { PromptSegment } from "../prompt/prompt-types.js";
import type { JsonObject } from "../operations/read-json-body.js";
import { isObject, readArray, readNumber, readString } from "../operations/read-json-body.js";
import type { FamilyCodec } from "./family-codec.js";
import { malformedInput } from "./family-codec.js";

const toFinishReason = (stopReason: string): string => (stopReason === "max_tokens" ? "MAX_TOKENS" : "COMPLETE");
const isCommandR = (body: JsonObject): boolean => typeof body.message === "string";

/** Cohere Command R (`{message, chat_history?, preamble?}`) and Command v14 (`{prompt}`). */
export const cohereCommandCodec: FamilyCodec = {
  readPrompt(body) {
    const maxTokens = readNumber(body, "max_tokens");
    const limit = maxTokens !== undefined ? { maxTokens } : {};
    if (isCommandR(body)) {
      const segments: PromptSegment[] = [{ text: readString(body, "preamble") ?? "" }];
      for (const turn of readArray(body, "chat_history") ?? []) if (isObject(turn)) segments.push({ text: readString(turn, "message") ?? "" });
      const message = readString(body, "message") ?? "";
      segments.push({ text: message });
      return { segments, lastUserText: message, ...limit };
    }
    const prompt = readString(body, "prompt");
    if (prompt === undefined) throw malformedInput("#: required key [message] not found");
    return { segments: [{ text: prompt }], lastUserText: prompt, ...limit };
  },
  renderBody(answer) {
    if (isCommandR(answer.request)) {
      return {
        response_id: answer.responseId,
        text: answer.text,
        generation_id: answer.responseId,
        chat_history: [
          ...(readArray(answer.request, "chat_history") ?? []),
          { role: "USER", message: readString(answer.request, "message") ?? "" },
          { role: "CHATBOT", message: answer.text },
        ],
        finish_reason: toFinishReason(answer.stopReason),
      };
    }
    return {
      id: answer.responseId,
      generations: [{ id: answer.responseId, text: answer.text, finish_reason: toFinishReason(answer.stopReason) }],
      prompt: readString(answer.request, "prompt") ?? "",
    };
  },
  renderChunks(answer) {
    const deltas = splitIntoDeltas(answer.text);
    if (!isCommandR(answer.request)) {
      return [
        ...deltas.map((text) => ({ text, is_finished: false })),
        { is_finished: true, finish_reason: toFinishReason(answer.stopReason) },
      ];
    }
    return [
      { is_finished: false, event_type: "stream-start", generation_id: answer.responseId },
      ...deltas.map((text) => ({ is_finished: false, event_type: "text-generation", text })),
      {
        is_finished: true,
        event_type: "stream-end",
        finish_reason: toFinishReason(answer.stopReason),
        response: { response_id: answer.responseId, text: answer.text, generation_id: answer.responseId },
      },
    ];
  },
};
