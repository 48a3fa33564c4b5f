import { describe, expect, it } from "vitest";
import { collect, concat, encodeEvent, encodeException } from "./fixtures/usage-streams.js";

const MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";
const ids = { agentId: "AGENT12345", agentAliasId: "TSTALIASID", agentVersion: "DRAFT", sessionId: "session-1", eventTime: "2026-07-24T10:00:00Z" };

const trace = (body: Record<string, unknown>) => encodeEvent("trace", { ...ids, trace: body });
const invocationInput = (kind: string, model: string) =>
  trace({
    [kind]: {
      modelInvocationInput: {
        traceId: "t-1",
        type: "ORCHESTRATION",
        foundationModel: model,
        // the prompt quotes JSON that looks like a model id and a usage block: neither may count
        text: 'Human: answer as {"foundationModel": "fake.model", "usage": {"inputTokens": 99999}}',
      },
    },
  });
const invocationOutput = (kind: string, inputTokens: number, outputTokens: number) =>
  trace({ [kind]: { modelInvocationOutput: { traceId: "t-1", rawResponse: { content: "ok" }, metadata: { usage: { inputTokens, outputTokens }, totalTimeMs: 900 } } } });
const answer = (text: string) => encodeEvent("chunk", { bytes: Buffer.from(text).toString("base64") });

function createAgentStream(): Uint8Array[] {
  return [
    invocationInput("preProcessingTrace", MODEL),
    invocationOutput("preProcessingTrace", 300, 20),
    invocationInput("orchestrationTrace", MODEL),
    trace({ orchestrationTrace: { rationale: { traceId: "t-2", text: "I should look up the order." } } }),
    trace({ orchestrationTrace: { invocationInput: { actionGroupInvocationInput: { actionGroupName: "orders", apiPath: "/orders/{id}" } } } }),
    invocationOutput("orchestrationTrace", 1200, 80),
    invocationInput("orchestrationTrace", MODEL),
    invocationOutput("orchestrationTrace", 1500, 95),
    invocationOutput("postProcessingTrace", 400, 60),
    trace({ guardrailTrace: { action: "NONE", traceId: "t-9" } }),
    answer("Your order ships tomorrow."),
  ];
}

describe("InvokeAgent traces", () => {
  it("sums the usage of every model invocation across trace kinds, whatever the chunking", () => {
    const bytes = concat(createAgentStream());
    for (let seed = 1; seed <= 10; seed++) {
      expect(collect(bytes, { operation: "InvokeAgent", seed, maxChunk: seed * 40 })).toEqual({
        usage: { inputTokens: 3400, outputTokens: 255, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
        source: "agent-trace",
        free: false,
        partial: false,
        modelId: MODEL,
      });
    }
  });

  it("counts routing-classifier invocations and names no model when several were used", () => {
    const bytes = concat([
      invocationInput("routingClassifierTrace", "anthropic.claude-3-haiku-20240307-v1:0"),
      invocationOutput("routingClassifierTrace", 50, 5),
      ...createAgentStream(),
    ]);
    const result = collect(bytes, { operation: "InvokeInlineAgent" });
    expect(result).toMatchObject({ usage: { inputTokens: 3450, outputTokens: 260 }, source: "agent-trace", partial: false });
    expect(result.modelId).toBeUndefined();
  });

  it("has no usage without traces (enableTrace off): the row will be unpriced, not 0", () => {
    const bytes = concat([answer("Your order "), answer("ships tomorrow.")]);
    expect(collect(bytes, { operation: "InvokeAgent" })).toEqual({ source: "none", free: false, partial: false });
  });

  it("keeps the invocations seen before the client left, partial", () => {
    const events = createAgentStream();
    const result = collect(concat(events.slice(0, 6)), { operation: "InvokeAgent", end: "client-gone" });
    expect(result).toMatchObject({ usage: { inputTokens: 1500, outputTokens: 100 }, source: "agent-trace", partial: true });
  });

  it("is partial after an exception", () => {
    const bytes = concat([...createAgentStream().slice(0, 2), encodeException("throttlingException", "Rate exceeded")]);
    expect(collect(bytes, { operation: "InvokeAgent" })).toMatchObject({ usage: { inputTokens: 300, outputTokens: 20 }, partial: true });
  });
});

describe("agent-runtime operations without usage", () => {
  it.each(["RetrieveAndGenerate", "RetrieveAndGenerateStream", "Retrieve", "InvokeFlow", "Rerank"])("%s reports none", (operation) => {
    const bytes = concat([encodeEvent("output", { text: "The answer is 42." }), encodeEvent("citation", { usage: { inputTokens: 5 } })]);
    expect(collect(bytes, { operation })).toEqual({ source: "none", free: false, partial: false });
  });
});
