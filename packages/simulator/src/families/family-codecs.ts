import type { ModelFamily } from "../types.js";
import type { JsonObject } from "../operations/read-json-body.js";
import { anthropicCodec } from "./anthropic.js";
import { cohereCommandCodec } from "./cohere-command.js";
import { cohereEmbedCodec } from "./cohere-embed.js";
import type { FamilyCodec } from "./family-codec.js";
import { malformedInput } from "./family-codec.js";
import { llamaCodec } from "./llama.js";
import { mistralCodec } from "./mistral.js";
import { novaCodec } from "./nova.js";
import { openaiCodec } from "./openai.js";
import { titanEmbedCodec } from "./titan-embed.js";
import { titanTextCodec } from "./titan-text.js";

/** Every InvokeModel body family the simulator speaks. */
export const FAMILY_CODECS: Readonly<Record<ModelFamily, FamilyCodec>> = {
  anthropic: anthropicCodec,
  nova: novaCodec,
  "titan-text": titanTextCodec,
  "titan-embed": titanEmbedCodec,
  llama: llamaCodec,
  mistral: mistralCodec,
  "cohere-command": cohereCommandCodec,
  "cohere-embed": cohereEmbedCodec,
  openai: openaiCodec,
};

/** Body-shape rules, in order, for models whose family the id does not tell (opaque ARNs). */
const SHAPE_RULES: ReadonlyArray<[ModelFamily, (body: JsonObject) => boolean]> = [
  ["anthropic", (body) => body.anthropic_version !== undefined],
  ["nova", (body) => body.schemaVersion !== undefined || (Array.isArray(body.messages) && body.inferenceConfig !== undefined)],
  ["titan-text", (body) => body.inputText !== undefined && body.textGenerationConfig !== undefined],
  ["titan-embed", (body) => body.inputText !== undefined],
  ["cohere-embed", (body) => Array.isArray(body.texts)],
  ["cohere-command", (body) => typeof body.message === "string"],
  ["llama", (body) => body.prompt !== undefined && body.max_gen_len !== undefined],
  ["mistral", (body) => body.prompt !== undefined],
  ["openai", (body) => Array.isArray(body.messages)],
];

/**
 * The family of an InvokeModel body: from the model id when known, else from the body's shape.
 *
 * @example
 * resolveFamily(undefined, { anthropic_version: "bedrock-2023-05-31", messages: [] }); // "anthropic"
 */
export function resolveFamily(fromModel: ModelFamily | undefined, body: JsonObject): ModelFamily {
  if (fromModel) return fromModel;
  const rule = SHAPE_RULES.find(([, test]) => test(body));
  if (!rule) throw malformedInput("#: the request body matches no model's input schema");
  return rule[0];
}
