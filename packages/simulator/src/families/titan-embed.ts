import { readNumber, readString } from "../operations/read-json-body.js";
import { createEmbedding } from "./create-embedding.js";
import type { FamilyCodec } from "./family-codec.js";
import { malformedInput, requireKeys } from "./family-codec.js";

const ALLOWED_DIMENSIONS = new Set([256, 512, 1024]);

/** Amazon Titan Text Embeddings: `{inputText, dimensions?, normalize?}` → `{embedding, inputTextTokenCount}`. */
export const titanEmbedCodec: FamilyCodec = {
  embedding: true,
  readPrompt(body) {
    requireKeys(body, ["inputText"]);
    const dimensions = readNumber(body, "dimensions");
    if (dimensions !== undefined && !ALLOWED_DIMENSIONS.has(dimensions)) {
      throw malformedInput(`#/dimensions: ${dimensions} is not a valid enum value`);
    }
    const inputText = readString(body, "inputText") ?? "";
    return { segments: [{ text: inputText }], lastUserText: inputText };
  },
  renderBody(answer) {
    const dimensions = readNumber(answer.request, "dimensions") ?? (answer.modelName.endsWith("v1") ? 1536 : 1024);
    const embedding = createEmbedding(readString(answer.request, "inputText") ?? "", dimensions);
    return { embedding, embeddingsByType: { float: embedding }, inputTextTokenCount: answer.usage.totalInputTokens };
  },
};
