import { splitIntoDeltas } from "../prompt/compose-reply.js";
import { estimateTokens } from "../prompt/estimate-tokens.js";
import { readNumber, readString } from "../operations/read-json-body.js";
import type { FamilyCodec } from "./family-codec.js";
import { requireKeys } from "./family-codec.js";

const toStopReason = (stopReason: string): string => (stopReason === "max_tokens" ? "length" : "stop");

/** Meta Llama: `{prompt, max_gen_len}` → `{generation, prompt_token_count, generation_token_count, stop_reason}`. */
export const llamaCodec: FamilyCodec = {
  readPrompt(body) {
    requireKeys(body, ["prompt"]);
    const prompt = readString(body, "prompt") ?? "";
    const maxTokens = readNumber(body, "max_gen_len");
    return { segments: [{ text: prompt }], lastUserText: prompt, ...(maxTokens !== undefined ? { maxTokens } : {}) };
  },
  renderBody(answer) {
    return {
      generation: answer.text,
      prompt_token_count: answer.usage.totalInputTokens,
      generation_token_count: answer.outputTokens,
      stop_reason: toStopReason(answer.stopReason),
    };
  },
  renderChunks(answer) {
    const deltas = splitIntoDeltas(answer.text);
    let produced = 0;
    return deltas.map((generation, index) => {
      produced += estimateTokens(generation);
      const last = index === deltas.length - 1;
      return {
        generation,
        prompt_token_count: index === 0 ? answer.usage.totalInputTokens : null,
        generation_token_count: last ? answer.outputTokens : produced,
        stop_reason: last ? toStopReason(answer.stopReason) : null,
      };
    });
  },
};
