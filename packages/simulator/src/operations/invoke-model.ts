import { validationError } from "../errors/simulated-error.js";
import type { FamilyAnswer } from "../families/family-codec.js";
import { malformedInput } from "../families/family-codec.js";
import { FAMILY_CODECS, resolveFamily } from "../families/family-codecs.js";
import type { JsonObject } from "./read-json-body.js";
import { isObject } from "./read-json-body.js";
import { computeAnswer } from "./compute-answer.js";
import type { OperationContext, OperationResult } from "./operation-types.js";
import { createAlphanumericId, createUuid } from "../util/create-uuid.js";

/** Request headers that Bedrock echoes on InvokeModel / IMWRS responses. */
const ECHOED_HEADERS: Readonly<Record<string, string>> = {
  "x-amzn-bedrock-performanceconfig-latency": "X-Amzn-Bedrock-PerformanceConfig-Latency",
  "x-amzn-bedrock-service-tier": "X-Amzn-Bedrock-Service-Tier",
};

function readNativeBody(body: Buffer): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw malformedInput(`${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw malformedInput("#: expected type: JSONObject, found: JSONArray");
  return parsed;
}

function answerInvocation(context: OperationContext): { answer: FamilyAnswer; family: keyof typeof FAMILY_CODECS } {
  const request = readNativeBody(context.body);
  const family = resolveFamily(context.model?.family, request);
  const codec = FAMILY_CODECS[family];
  const prompt = codec.readPrompt(request);
  const base = codec.embedding
    ? { text: "", stopReason: "end_turn" as const, usage: context.promptCache.measure(context.model?.baseModelId ?? "", prompt.segments), outputTokens: 0 }
    : computeAnswer(prompt, context);
  const responseId = codec.responseIdPrefix ? `${codec.responseIdPrefix}${createAlphanumericId(context.random, 22)}` : createUuid(context.random);
  return {
    family,
    answer: {
      ...base,
      request,
      modelName: context.model?.baseModelId ?? context.model?.label ?? family,
      responseId,
      createdSeconds: Math.floor(context.clock() / 1000),
    },
  };
}

function echoHeaders(context: OperationContext): Record<string, string> {
  const echoed: Record<string, string> = {};
  for (const [incoming, outgoing] of Object.entries(ECHOED_HEADERS)) {
    const value = context.headers[incoming];
    if (typeof value === "string") echoed[outgoing] = value;
  }
  return echoed;
}

function toCacheMetrics(answer: FamilyAnswer, names: { read: string; write: string }): Record<string, number> {
  if (!answer.usage.cacheRequested) return {};
  return { [names.read]: answer.usage.cacheReadInputTokens, [names.write]: answer.usage.cacheWriteInputTokens };
}

/**
 * InvokeModel: the provider-native body, plus Bedrock's token-count and latency headers (fact sheet §2.2, §2.6).
 *
 * @example
 * const result = invokeModel(context); // { kind: "bytes", headers: { "X-Amzn-Bedrock-Input-Token-Count": "12", ... } }
 */
export function invokeModel(context: OperationContext): OperationResult {
  const { answer, family } = answerInvocation(context);
  const body: JsonObject = FAMILY_CODECS[family].renderBody(answer);
  if (context.headers["x-amzn-bedrock-guardrailidentifier"] !== undefined) body["amazon-bedrock-guardrailAction"] = "NONE";
  const cacheHeaders = toCacheMetrics(answer, {
    read: "X-Amzn-Bedrock-Cache-Read-Input-Token-Count",
    write: "X-Amzn-Bedrock-Cache-Write-Input-Token-Count",
  });
  return {
    kind: "bytes",
    headers: {
      "Content-Type": "application/json",
      "X-Amzn-Bedrock-Invocation-Latency": String(context.latencyMs),
      "X-Amzn-Bedrock-Output-Token-Count": String(answer.outputTokens),
      "X-Amzn-Bedrock-Input-Token-Count": String(answer.usage.inputTokens),
      ...Object.fromEntries(Object.entries(cacheHeaders).map(([name, value]) => [name, String(value)])),
      ...echoHeaders(context),
    },
    body: Buffer.from(JSON.stringify(body)),
  };
}

/**
 * InvokeModelWithResponseStream: `chunk` events carrying base64 provider-native JSON; the last one also carries
 * `amazon-bedrock-invocationMetrics` (fact sheet §4.4).
 *
 * @example
 * const result = invokeModelWithResponseStream(context); // { kind: "stream", events: [{ eventType: "chunk", ... }] }
 */
export function invokeModelWithResponseStream(context: OperationContext): OperationResult {
  const { answer, family } = answerInvocation(context);
  const renderChunks = FAMILY_CODECS[family].renderChunks;
  if (!renderChunks) throw validationError("The model is unsupported for streaming.");
  const chunks = renderChunks(answer);
  const last = chunks[chunks.length - 1]!;
  last["amazon-bedrock-invocationMetrics"] = {
    inputTokenCount: answer.usage.inputTokens,
    outputTokenCount: answer.outputTokens,
    invocationLatency: context.latencyMs + context.chunkDelayMs * (chunks.length - 1),
    firstByteLatency: context.latencyMs,
    ...toCacheMetrics(answer, { read: "cacheReadInputTokenCount", write: "cacheWriteInputTokenCount" }),
  };
  return {
    kind: "stream",
    headers: { "X-Amzn-Bedrock-Content-Type": "application/json", ...echoHeaders(context) },
    events: chunks.map((chunk) => ({ eventType: "chunk", payload: { bytes: Buffer.from(JSON.stringify(chunk)).toString("base64") } })),
    padded: true,
  };
}
