import { patternError } from "../errors/simulated-error.js";
import { composeReply, splitIntoDeltas } from "../prompt/compose-reply.js";
import { estimateTokens } from "../prompt/estimate-tokens.js";
import { sha256Hex } from "../util/hash-text.js";
import type { OperationContext, OperationResult, StreamEvent } from "./operation-types.js";
import type { JsonObject } from "./read-json-body.js";
import { readJsonBody, readObject, readString } from "./read-json-body.js";

const AGENT_ID = /^[0-9a-zA-Z]{1,10}$/;
const SESSION_ID = /^[0-9a-zA-Z._:-]{2,100}$/;
/** the prompt overhead an agent's orchestration template adds around the user's input */
const ORCHESTRATION_PROMPT_TOKENS = 250;

function checkLabels(labels: Readonly<Record<string, string>>): void {
  for (const [label, pattern, text] of [
    ["agentId", AGENT_ID, "[0-9a-zA-Z]+"],
    ["agentAliasId", AGENT_ID, "[0-9a-zA-Z]+"],
    ["sessionId", SESSION_ID, "[0-9a-zA-Z._:-]+"],
  ] as const) {
    const value = labels[label] ?? "";
    if (!pattern.test(value)) throw patternError(label, value, text);
  }
}

function createTraces(context: OperationContext, inputText: string, answer: string, base: JsonObject): StreamEvent[] {
  const traceId = `${sha256Hex(`${context.labels.sessionId}|${inputText}`).slice(0, 32)}-0`;
  // agent-runtime trace timestamps are modeled as date-time, so they travel as RFC 3339 strings
  const eventTime = new Date(context.clock()).toISOString();
  const usage = { inputTokens: estimateTokens(inputText) + ORCHESTRATION_PROMPT_TOKENS, outputTokens: estimateTokens(answer) };
  const orchestration = [
    { modelInvocationInput: { traceId, text: inputText, type: "ORCHESTRATION" } },
    {
      modelInvocationOutput: {
        traceId,
        rawResponse: { content: answer },
        metadata: { startTime: eventTime, endTime: eventTime, totalTimeMs: context.latencyMs, usage },
      },
    },
    { observation: { traceId, type: "FINISH", finalResponse: { text: answer } } },
  ];
  return orchestration.map((orchestrationTrace) => ({
    eventType: "trace",
    payload: { ...base, eventTime, trace: { orchestrationTrace } },
  }));
}

/**
 * InvokeAgent: a `completion` stream of `chunk` events (one, or word pieces with `streamFinalResponse`), preceded by
 * orchestration `trace` events carrying `modelInvocationOutput.metadata.usage` when `enableTrace` is true.
 *
 * @example
 * const result = invokeAgent(context); // { kind: "stream", headers: { "x-amz-bedrock-agent-session-id": "s1" }, events }
 */
export function invokeAgent(context: OperationContext): OperationResult {
  checkLabels(context.labels);
  const { agentId = "", agentAliasId = "", sessionId = "" } = context.labels;
  const input = readJsonBody(context.body);
  const inputText = readString(input, "inputText") ?? "";
  const answer = composeReply(inputText).text;
  const streamed = readObject(input, "streamingConfigurations")?.streamFinalResponse === true;
  const base = {
    agentId,
    agentAliasId,
    sessionId,
    agentVersion: agentAliasId === "TSTALIASID" ? "DRAFT" : "1",
    callerChain: [{ agentAliasArn: `arn:aws:bedrock:${context.region}:123456789012:agent-alias/${agentId}/${agentAliasId}` }],
  };
  const traces = input.enableTrace === true ? createTraces(context, inputText, answer, base) : [];
  const pieces = streamed ? splitIntoDeltas(answer) : [answer];
  const chunks = pieces.map((piece) => ({ eventType: "chunk", payload: { bytes: Buffer.from(piece).toString("base64") } }));
  const memoryId = readString(input, "memoryId");
  return {
    kind: "stream",
    headers: {
      "x-amzn-bedrock-agent-content-type": "application/json",
      "x-amz-bedrock-agent-session-id": sessionId,
      ...(memoryId ? { "x-amz-bedrock-agent-memory-id": memoryId } : {}),
    },
    events: [...traces, ...chunks],
    padded: false,
  };
}
