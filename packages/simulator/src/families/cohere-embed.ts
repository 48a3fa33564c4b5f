import { readArray, readString } from "../operations/read-json-body.js";
import { createEmbedding } from "./create-embedding.js";
import type { FamilyCodec } from "./family-codec.js";
import { requireKeys } from "./family-codec.js";

const DIMENSIONS = 1024;

const readTexts = (body: Record<string, unknown>): string[] =>
  (readArray(body, "texts") ?? []).filter((text): text is string => typeof text === "string");

/** Cohere Embed: `{texts, input_type, embedding_types?}` → `{id, embeddings, texts, response_type}`. */
export const cohereEmbedCodec: FamilyCodec = {
  embedding: true,
  readPrompt(body) {
    requireKeys(body, ["texts", "input_type"]);
    const texts = readTexts(body);
    return { segments: texts.map((text) => ({ text })), lastUserText: texts.join("\n") };
  },
  renderBody(answer) {
    const texts = readTexts(answer.request);
    const vectors = texts.map((text) => createEmbedding(text, DIMENSIONS));
    const types = readArray(answer.request, "embedding_types");
    if (types && types.length > 0) {
      return { id: answer.responseId, embeddings: { float: vectors }, texts, response_type: "embeddings_by_type" };
    }
    return { id: answer.responseId, embeddings: vectors, texts, response_type: readString(answer.request, "response_type") ?? "embeddings_floats" };
  },
};
