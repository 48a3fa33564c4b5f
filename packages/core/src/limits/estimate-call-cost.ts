import type { PriceCatalog } from "../pricing/create-price-catalog.js";
import type { PriceOverride } from "../config/types.js";

/** where each body shape keeps its output-token cap; the first number found wins */
const MAX_TOKEN_PATHS: ReadonlyArray<readonly string[]> = [
  ["inferenceConfig", "maxTokens"], // Converse, Nova
  ["max_tokens"], // Anthropic, Mistral, Cohere
  ["inferenceConfig", "max_new_tokens"], // Nova InvokeModel
  ["max_gen_len"], // Llama
  ["textGenerationConfig", "maxTokenCount"], // Titan
];
/** output assumed when the body caps nothing */
const DEFAULT_OUTPUT_TOKENS = 1000;
const BYTES_PER_TOKEN = 4;

export interface CostEstimateInput {
  body: Uint8Array | null;
  modelId?: string;
  baseModel?: string;
  override?: PriceOverride;
  prices: PriceCatalog;
}

/**
 * An upper-bound guess of a call's cost, reserved against a budget before the call: input from the body size,
 * output from its token cap. The real cost replaces it when the call ends; an unpriced model estimates 0.
 */
export function estimateCallCost(input: CostEstimateInput): number {
  if (input.modelId === undefined) return 0;
  const found = input.prices.lookup(input.modelId, {
    ...(input.baseModel ? { baseModel: input.baseModel } : {}),
    ...(input.override ? { override: input.override } : {}),
  });
  if (!found) return 0;
  const inputTokens = Math.ceil((input.body?.byteLength ?? 0) / BYTES_PER_TOKEN);
  const outputTokens = readMaxTokens(input.body) ?? DEFAULT_OUTPUT_TOKENS;
  return inputTokens * found.price.input + outputTokens * found.price.output;
}

function readMaxTokens(body: Uint8Array | null): number | undefined {
  if (!body || body.byteLength === 0) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"));
  } catch {
    return undefined;
  }
  for (const path of MAX_TOKEN_PATHS) {
    let value: unknown = json;
    for (const step of path) value = value && typeof value === "object" ? (value as Record<string, unknown>)[step] : undefined;
    if (typeof value === "number" && Number.isFinite(value) && value > 0) return value;
  }
  return undefined;
}
