import { missingMemberError, patternError, validationError } from "../errors/simulated-error.js";
import type { OperationContext, OperationResult } from "./operation-types.js";
import type { JsonObject } from "./read-json-body.js";
import { isObject, readArray, readJsonBody, readObject, readString } from "./read-json-body.js";

const GUARDRAIL_ID = /^(([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail\/[a-z0-9]+))$/;
const GUARDRAIL_VERSION = /^(([1-9][0-9]{0,7})|(DRAFT))$/;
/** the request text that makes the simulated guardrail intervene */
const BLOCK_MARKER = "[[sim:guardrail]]";
const BLOCKED_MESSAGE = "Sorry, the model cannot answer this question.";
const CHARS_PER_TEXT_UNIT = 1000;

const countTextUnits = (texts: readonly string[]): number =>
  texts.reduce((units, text) => units + Math.max(1, Math.ceil(text.length / CHARS_PER_TEXT_UNIT)), 0);

function readGuardrailTexts(content: readonly unknown[]): string[] {
  return content.flatMap((block) => {
    const text = readString(readObject(isObject(block) ? block : undefined, "text"), "text");
    return text === undefined ? [] : [text];
  });
}

/**
 * ApplyGuardrail: usage in policy units (one text unit per started 1,000 characters of each text block), action,
 * outputs and assessments. The guardrail intervenes when a text contains `[[sim:guardrail]]`.
 *
 * @example
 * const result = applyGuardrail(context); // { kind: "json", body: { usage, action: "NONE", outputs: [], assessments } }
 */
export function applyGuardrail(context: OperationContext): OperationResult {
  const identifier = context.labels.guardrailIdentifier ?? "";
  const version = context.labels.guardrailVersion ?? "";
  if (!GUARDRAIL_ID.test(identifier)) throw patternError("guardrailIdentifier", identifier, GUARDRAIL_ID.source);
  if (!GUARDRAIL_VERSION.test(version)) throw patternError("guardrailVersion", version, GUARDRAIL_VERSION.source);
  const input = readJsonBody(context.body);
  const source = input.source;
  if (source === undefined) throw missingMemberError("source");
  if (source !== "INPUT" && source !== "OUTPUT") {
    throw validationError(`1 validation error detected: Value '${String(source)}' at 'source' failed to satisfy constraint: Member must satisfy enum value set: [INPUT, OUTPUT]`);
  }
  const content = readArray(input, "content");
  if (!content) throw missingMemberError("content");
  const texts = readGuardrailTexts(content);
  const units = countTextUnits(texts);
  const characters = texts.reduce((sum, text) => sum + text.length, 0);
  const intervened = texts.some((text) => text.includes(BLOCK_MARKER));
  const usage = {
    topicPolicyUnits: units,
    contentPolicyUnits: units,
    wordPolicyUnits: units,
    sensitiveInformationPolicyUnits: units,
    sensitiveInformationPolicyFreeUnits: 0,
    contextualGroundingPolicyUnits: 0,
    contentPolicyImageUnits: 0,
  };
  const guardrailCoverage = { textCharacters: { guarded: characters, total: characters } };
  const topicPolicy = { topics: [{ name: "simulated-blocked-topic", type: "DENY", action: "BLOCKED", detected: true }] };
  return {
    kind: "json",
    body: {
      usage,
      action: intervened ? "GUARDRAIL_INTERVENED" : "NONE",
      actionReason: intervened ? "Guardrail blocked." : "No action.",
      outputs: intervened ? [{ text: BLOCKED_MESSAGE }] : [],
      assessments: [
        {
          ...(intervened ? { topicPolicy } : {}),
          invocationMetrics: { guardrailProcessingLatency: context.latencyMs, usage, guardrailCoverage },
        },
      ],
      guardrailCoverage,
    },
  };
}

const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

function readChecksTexts(messages: readonly unknown[]): Array<{ text: string; messageIndex: number; contentIndex: number }> {
  return messages.flatMap((message, messageIndex) =>
    (readArray(isObject(message) ? message : undefined, "content") ?? []).flatMap((block, contentIndex) => {
      const text = readString(isObject(block) ? block : undefined, "text");
      return text === undefined ? [] : [{ text, messageIndex, contentIndex }];
    }),
  );
}

function readCategories(config: JsonObject | undefined, member: string, key: string): string[] {
  return (readArray(config, member) ?? []).flatMap((entry) => {
    const value = readString(isObject(entry) ? entry : undefined, key);
    return value ? [value] : [];
  });
}

/**
 * InvokeGuardrailChecks: per-check results (scores 0.9 when a text contains `[[sim:guardrail]]`, else 0; e-mail
 * addresses found when the EMAIL entity is checked) and text units per configured check.
 *
 * @example
 * const result = invokeGuardrailChecks(context); // { kind: "json", body: { results, usage } }
 */
export function invokeGuardrailChecks(context: OperationContext): OperationResult {
  const input = readJsonBody(context.body);
  const messages = readArray(input, "messages");
  if (!messages) throw missingMemberError("messages");
  const checks = readObject(input, "checks");
  if (!checks) throw missingMemberError("checks");
  const texts = readChecksTexts(messages);
  const textUnits = countTextUnits(texts.map((entry) => entry.text));
  const score = texts.some((entry) => entry.text.includes(BLOCK_MARKER)) ? 0.9 : 0;
  const results: JsonObject = {};
  const usage: JsonObject = {};
  for (const check of ["contentFilter", "promptAttack"] as const) {
    const config = readObject(checks, check);
    if (!config) continue;
    results[check] = { results: readCategories(config, "categories", "category").map((category) => ({ category, severityScore: score })) };
    usage[check] = { textUnits };
  }
  const sensitive = readObject(checks, "sensitiveInformation");
  if (sensitive) {
    const wantsEmail = readCategories(sensitive, "entities", "type").includes("EMAIL");
    const found = wantsEmail
      ? texts.flatMap((entry) =>
          [...entry.text.matchAll(EMAIL_PATTERN)].map((match) => ({
            type: "EMAIL",
            confidenceScore: 0.99,
            beginOffset: match.index,
            endOffset: match.index + match[0].length,
            messageIndex: entry.messageIndex,
            contentIndex: entry.contentIndex,
          })),
        )
      : [];
    results.sensitiveInformation = { results: found, truncated: false };
    usage.sensitiveInformation = { textUnits };
  }
  return { kind: "json", body: { results, usage } };
}
