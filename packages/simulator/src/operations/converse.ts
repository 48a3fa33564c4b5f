import { splitIntoDeltas, splitIntoPieces } from "../prompt/compose-reply.js";
import { readConversePrompt } from "../prompt/read-converse-prompt.js";
import type { InputUsage } from "../prompt/prompt-cache.js";
import type { ModelAnswer } from "./compute-answer.js";
import { computeAnswer } from "./compute-answer.js";
import { assertChatModel } from "./assert-chat-model.js";
import type { OperationContext, OperationResult, StreamEvent } from "./operation-types.js";
import { readJsonBody, readObject } from "./read-json-body.js";

/**
 * Converse's `usage` object: `inputTokens` is the uncached input; cache members appear when the request had cache
 * points, `cacheDetails` when something was written.
 *
 * @example
 * toConverseUsage(usage, 12); // { inputTokens, outputTokens: 12, totalTokens, ... }
 */
export function toConverseUsage(usage: InputUsage, outputTokens: number): Record<string, unknown> {
  return {
    inputTokens: usage.inputTokens,
    outputTokens,
    totalTokens: usage.totalInputTokens + outputTokens,
    ...(usage.cacheRequested
      ? { cacheReadInputTokens: usage.cacheReadInputTokens, cacheWriteInputTokens: usage.cacheWriteInputTokens }
      : {}),
    ...(usage.cacheDetails.length > 0 ? { cacheDetails: usage.cacheDetails } : {}),
  };
}

function readAnswer(context: OperationContext): { answer: ModelAnswer; echoes: Record<string, unknown> } {
  assertChatModel(context);
  const input = readJsonBody(context.body);
  const answer = computeAnswer(readConversePrompt(input), context);
  const performanceConfig = readObject(input, "performanceConfig");
  const serviceTier = readObject(input, "serviceTier");
  return { answer, echoes: { ...(performanceConfig ? { performanceConfig } : {}), ...(serviceTier ? { serviceTier } : {}) } };
}

function toContent(answer: ModelAnswer): Array<Record<string, unknown>> {
  return [
    ...(answer.text ? [{ text: answer.text }] : []),
    ...(answer.toolCall ? [{ toolUse: { ...answer.toolCall } }] : []),
  ];
}

/**
 * Converse: `output.message`, `stopReason`, `usage`, `metrics.latencyMs` (fact sheet §2.4).
 *
 * @example
 * const result = converse(context); // { kind: "json", body: { output, stopReason, usage, metrics } }
 */
export function converse(context: OperationContext): OperationResult {
  const { answer, echoes } = readAnswer(context);
  return {
    kind: "json",
    body: {
      output: { message: { role: "assistant", content: toContent(answer) } },
      stopReason: answer.stopReason,
      usage: toConverseUsage(answer.usage, answer.outputTokens),
      metrics: { latencyMs: context.latencyMs },
      ...echoes,
    },
  };
}

function toToolEvents(answer: ModelAnswer, index: number): StreamEvent[] {
  const call = answer.toolCall;
  if (!call) return [];
  const input = JSON.stringify(call.input);
  return [
    { eventType: "contentBlockStart", payload: { start: { toolUse: { toolUseId: call.toolUseId, name: call.name } }, contentBlockIndex: index } },
    ...splitIntoPieces(input, 12).map((piece) => ({
      eventType: "contentBlockDelta",
      payload: { delta: { toolUse: { input: piece } }, contentBlockIndex: index },
    })),
    { eventType: "contentBlockStop", payload: { contentBlockIndex: index } },
  ];
}

/**
 * ConverseStream: `messageStart → contentBlockDelta* → contentBlockStop → messageStop → metadata` (fact sheet §4.3);
 * text blocks get no contentBlockStart, a tool call does.
 *
 * @example
 * const result = converseStream(context); // { kind: "stream", events: [...] }
 */
export function converseStream(context: OperationContext): OperationResult {
  const { answer, echoes } = readAnswer(context);
  const textEvents: StreamEvent[] = answer.text
    ? [
        ...splitIntoDeltas(answer.text).map((text) => ({ eventType: "contentBlockDelta", payload: { delta: { text }, contentBlockIndex: 0 } })),
        { eventType: "contentBlockStop", payload: { contentBlockIndex: 0 } },
      ]
    : [];
  const events: StreamEvent[] = [
    { eventType: "messageStart", payload: { role: "assistant" } },
    ...textEvents,
    ...toToolEvents(answer, answer.text ? 1 : 0),
    { eventType: "messageStop", payload: { stopReason: answer.stopReason } },
  ];
  const latencyMs = context.latencyMs + context.chunkDelayMs * events.length;
  events.push({
    eventType: "metadata",
    payload: { usage: toConverseUsage(answer.usage, answer.outputTokens), metrics: { latencyMs }, ...echoes },
  });
  return { kind: "stream", events, padded: true };
}
