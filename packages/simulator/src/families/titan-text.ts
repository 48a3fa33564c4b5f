import { splitIntoDeltas } from "../prompt/compose-reply.js";
import { estimateTokens } from "../prompt/estimate-tokens.js";
import { readNumber, readObject, readString } from "../operations/read-json-body.js";
import type { FamilyCodec } from "./family-codec.js";
import { requireKeys } from "./family-codec.js";

const toCompletionReason = (stopReason: string): string => (stopReason === "max_tokens" ? "LENGTH" : "FINISH");

/** Amazon Titan Text: `{inputText, textGenerationConfig}`. */
export const titanTextCodec: FamilyCodec = {
  readPrompt(body) {
    requireKeys(body, ["inputText"]);
    const inputText = readString(body, "inputText") ?? "";
    const maxTokens = readNumber(readObject(body, "textGenerationConfig"), "maxTokenCount");
    return { segments: [{ text: inputText }], lastUserText: inputText, ...(maxTokens !== undefined ? { maxTokens } : {}) };
  },
  renderBody(answer) {
    return {
      inputTextTokenCount: answer.usage.totalInputTokens,
      results: [{ tokenCount: answer.outputTokens, outputText: answer.text, completionReason: toCompletionReason(answer.stopReason) }],
    };
  },
  renderChunks(answer) {
    const deltas = splitIntoDeltas(answer.text);
    let produced = 0;
    return deltas.map((outputText, index) => {
      produced += estimateTokens(outputText);
      const last = index === deltas.length - 1;
      return {
        outputText,
        index: 0,
        totalOutputTextTokenCount: last ? answer.outputTokens : produced,
        completionReason: last ? toCompletionReason(answer.stopReason) : null,
        inputTextTokenCount: index === 0 ? answer.usage.totalInputTokens : null,
      };
    });
  },
};
