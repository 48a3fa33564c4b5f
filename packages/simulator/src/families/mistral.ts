import { splitIntoDeltas } from "../prompt/compose-reply.js";
import { readArray, readNumber, readString } from "../operations/read-json-body.js";
import type { FamilyCodec } from "./family-codec.js";
import { requireKeys } from "./family-codec.js";
import { readChatMessages } from "./read-chat-messages.js";

const toStopReason = (stopReason: string): string => (stopReason === "max_tokens" ? "length" : "stop");

/** Mistral: the text format `{prompt}` → `{outputs}`, and the chat format `{messages}` → `{choices}`. */
export const mistralCodec: FamilyCodec = {
  readPrompt(body) {
    const maxTokens = readNumber(body, "max_tokens");
    const messages = readArray(body, "messages");
    if (messages) return readChatMessages(messages, maxTokens);
    requireKeys(body, ["prompt"]);
    const prompt = readString(body, "prompt") ?? "";
    return { segments: [{ text: prompt }], lastUserText: prompt, ...(maxTokens !== undefined ? { maxTokens } : {}) };
  },
  renderBody(answer) {
    const stop_reason = toStopReason(answer.stopReason);
    if (readArray(answer.request, "messages")) {
      return { choices: [{ index: 0, message: { role: "assistant", content: answer.text }, stop_reason }] };
    }
    return { outputs: [{ text: answer.text, stop_reason }] };
  },
  renderChunks(answer) {
    const chat = readArray(answer.request, "messages") !== undefined;
    const deltas = splitIntoDeltas(answer.text);
    return deltas.map((text, index) => {
      const stop_reason = index === deltas.length - 1 ? toStopReason(answer.stopReason) : null;
      return chat
        ? { choices: [{ index: 0, message: { role: "assistant", content: text }, stop_reason }] }
        : { outputs: [{ text, stop_reason }] };
    });
  },
};
