import { validationError } from "../errors/simulated-error.js";
import type { SimulatedError } from "../errors/simulated-error.js";
import type { ModelAnswer } from "../operations/compute-answer.js";
import type { JsonObject } from "../operations/read-json-body.js";
import type { NormalizedPrompt } from "../prompt/prompt-types.js";

/** An answer plus what a provider-native body needs around it. */
export interface FamilyAnswer extends ModelAnswer {
  request: JsonObject;
  /** the provider's model name, e.g. `claude-3-haiku-20240307` */
  modelName: string;
  /** a response id in the provider's style source (derived from the request id) */
  responseId: string;
  /** epoch seconds, for bodies that carry `created` */
  createdSeconds: number;
}

/** How one model family's InvokeModel body reads and answers (fact sheet §2.6, §4.4). */
export interface FamilyCodec {
  readPrompt(body: JsonObject): NormalizedPrompt;
  renderBody(answer: FamilyAnswer): JsonObject;
  /** provider-native stream chunks in order; absent for families that cannot stream (embeddings) */
  renderChunks?(answer: FamilyAnswer): JsonObject[];
  /** embedding models produce no output tokens */
  embedding?: boolean;
  /** prefix of the provider's response ids (default: a UUID) */
  responseIdPrefix?: string;
}

/**
 * Bedrock's wording for a body that fails the provider's schema.
 *
 * @example
 * malformedInput("#: required key [messages] not found");
 */
export function malformedInput(detail: string): SimulatedError {
  return validationError(`Malformed input request: ${detail}, please reformat your input and try again.`);
}

/**
 * Checks the required keys of a provider body in order, failing on the first missing one.
 *
 * @example
 * requireKeys(body, ["anthropic_version", "max_tokens", "messages"]);
 */
export function requireKeys(body: JsonObject, keys: readonly string[]): void {
  for (const key of keys) {
    if (body[key] === undefined || body[key] === null) throw malformedInput(`#: required key [${key}] not found`);
  }
}
