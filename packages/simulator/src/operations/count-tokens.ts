import { missingMemberError, validationError } from "../errors/simulated-error.js";
import { FAMILY_CODECS, resolveFamily } from "../families/family-codecs.js";
import { malformedInput } from "../families/family-codec.js";
import { estimateTokensForLength } from "../prompt/estimate-tokens.js";
import type { NormalizedPrompt } from "../prompt/prompt-types.js";
import { readConversePrompt } from "../prompt/read-converse-prompt.js";
import type { OperationContext, OperationResult } from "./operation-types.js";
import { isObject, readJsonBody, readObject, readString } from "./read-json-body.js";

/** Families whose models support CountTokens. */
const COUNTING_FAMILIES = new Set(["anthropic"]);

function readInvokeModelPrompt(invokeModel: Record<string, unknown>, context: OperationContext): NormalizedPrompt {
  const encoded = readString(invokeModel, "body");
  if (encoded === undefined) throw missingMemberError("input.invokeModel.body");
  let native: unknown;
  try {
    native = JSON.parse(Buffer.from(encoded, "base64").toString("utf8"));
  } catch (error) {
    throw malformedInput((error as Error).message);
  }
  if (!isObject(native)) throw malformedInput("#: expected type: JSONObject");
  return FAMILY_CODECS[resolveFamily(context.model?.family, native)].readPrompt(native);
}

/**
 * CountTokens: `{"inputTokens": n}`, the total input tokens the same request would use (cached or not), for a
 * Converse-shaped or an InvokeModel-shaped input. Free, and it does not touch the prompt cache.
 *
 * @example
 * const result = countTokens(context); // { kind: "json", body: { inputTokens: 12 } }
 */
export function countTokens(context: OperationContext): OperationResult {
  const family = context.model?.family;
  if (family !== undefined && !COUNTING_FAMILIES.has(family)) {
    throw validationError("The provided model doesn't support counting tokens.");
  }
  const input = readObject(readJsonBody(context.body), "input");
  if (!input) throw missingMemberError("input");
  const converse = readObject(input, "converse");
  const invokeModel = readObject(input, "invokeModel");
  const prompt = converse ? readConversePrompt(converse) : invokeModel ? readInvokeModelPrompt(invokeModel, context) : undefined;
  if (!prompt) throw validationError("The input must contain exactly one of: converse, invokeModel.");
  const chars = prompt.segments.reduce((sum, segment) => sum + segment.text.length, 0);
  return { kind: "json", body: { inputTokens: estimateTokensForLength(chars) } };
}
