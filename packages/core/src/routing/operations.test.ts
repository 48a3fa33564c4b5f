import * as agentRuntimeSdk from "@aws-sdk/client-bedrock-agent-runtime";
import * as runtimeSdk from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import { classifyPath } from "./classify-path.js";
import { OPERATIONS } from "./operations.js";
import { sampleLabels } from "./sample-labels.test-suite.js";
import type { OperationSpec, ServiceName } from "./types.js";

interface SdkClient {
  send(command: unknown): Promise<unknown>;
  destroy(): void;
}
type SdkModule = Record<string, unknown>;

const ignore = (): void => undefined;
const QUIET_LOGGER = { trace: ignore, debug: ignore, info: ignore, warn: ignore, error: ignore };

const SDKS: Record<ServiceName, { module: SdkModule; client: string }> = {
  "bedrock-runtime": { module: runtimeSdk, client: "BedrockRuntimeClient" },
  "bedrock-agent-runtime": { module: agentRuntimeSdk, client: "BedrockAgentRuntimeClient" },
};

function listSdkOperations(module: SdkModule): string[] {
  return Object.keys(module)
    .filter((name) => /^[A-Z]\w*Command$/.test(name))
    .map((name) => name.slice(0, -"Command".length))
    .sort();
}

/** What the real AWS SDK puts on the wire for `spec` with `labels`, captured before anything is sent. */
async function captureSdkRequest(spec: OperationSpec, labels: Record<string, string>): Promise<{ method: string; path: string }> {
  const { module, client: clientName } = SDKS[spec.service];
  const Client = module[clientName] as new (config: object) => SdkClient;
  const Command = module[`${spec.operation}Command`] as new (input: object) => unknown;
  let captured: { method: string; path: string } | undefined;
  const client = new Client({
    region: "us-east-1",
    endpoint: "http://gateway.test/bedrock",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    maxAttempts: 1,
    logger: QUIET_LOGGER,
    requestHandler: {
      handle: async (request: { method: string; path: string }) => {
        captured = { method: request.method, path: request.path };
        throw new Error("captured");
      },
    },
  });
  // Event-stream inputs need an iterable body; nothing is ever sent.
  const input = spec.operation === "InvokeModelWithBidirectionalStream" ? { ...labels, body: (async function* () {})() } : labels;
  await client.send(new Command(input)).catch(() => undefined);
  client.destroy();
  if (captured === undefined) throw new Error(`the SDK sent no request for ${spec.operation}`);
  return { method: captured.method, path: captured.path.replace(/^\/bedrock/, "") };
}

describe("OPERATIONS", () => {
  it.each(Object.keys(SDKS) as ServiceName[])("lists exactly the operations of the %s SDK client", (service) => {
    const inTable = OPERATIONS.filter((spec) => spec.service === service).map((spec) => spec.operation).sort();
    expect(inTable).toEqual(listSdkOperations(SDKS[service].module));
  });

  it.each(OPERATIONS.map((spec) => [spec.operation, spec] as const))(
    "%s: method and path equal what the AWS SDK sends, and classify back to the same row",
    async (_, spec) => {
      const labels = sampleLabels(spec);
      const sent = await captureSdkRequest(spec, labels);
      expect(sent.method).toBe(spec.method);
      const result = classifyPath(sent.method, sent.path);
      if (result.kind !== "operation") throw new Error(`${sent.method} ${sent.path} was ${JSON.stringify(result)}`);
      expect(result.spec).toBe(spec);
      expect(result.labels).toEqual(labels);
      expect(result.toUpstreamPath()).toBe(sent.path);
    },
  );

  it("marks the event-stream responses as streaming", () => {
    const streaming = OPERATIONS.filter((spec) => spec.streaming).map((spec) => spec.operation).sort();
    expect(streaming).toEqual([
      "AgenticRetrieveStream",
      "ConverseStream",
      "InvokeAgent",
      "InvokeFlow",
      "InvokeInlineAgent",
      "InvokeModelWithBidirectionalStream",
      "InvokeModelWithResponseStream",
      "OptimizePrompt",
      "RetrieveAndGenerateStream",
    ]);
  });

  it("names the model label of every /model/ operation and the body field of StartAsyncInvoke", () => {
    for (const spec of OPERATIONS) {
      const hasModelPath = spec.template.startsWith("/model/{modelId}/");
      expect(spec.modelLabel, spec.operation).toBe(hasModelPath ? "modelId" : undefined);
      if (hasModelPath) expect(spec.spanningLabel, spec.operation).toBe("modelId");
    }
    const withBodyModel = OPERATIONS.filter((spec) => spec.bodyModelField !== undefined);
    expect(withBodyModel.map((spec) => [spec.operation, spec.bodyModelField])).toEqual([["StartAsyncInvoke", "modelId"]]);
  });

  it("lets only ARN-holding labels span segments", () => {
    const spanning = new Set(OPERATIONS.flatMap((spec) => (spec.spanningLabel === undefined ? [] : [spec.spanningLabel])));
    expect([...spanning].sort()).toEqual(["guardrailIdentifier", "invocationArn", "modelId", "resourceArn"]);
  });

  it("is frozen", () => {
    expect(Object.isFrozen(OPERATIONS)).toBe(true);
    for (const spec of OPERATIONS) expect(Object.isFrozen(spec)).toBe(true);
  });
});
