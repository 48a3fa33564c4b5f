import {
  ApplyGuardrailCommand,
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  ThrottlingException,
  ModelStreamErrorException,
  ServiceUnavailableException,
} from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import { TRANSPORTS, createRuntimeClient } from "./support/clients.js";
import { AIP_ARN, MASTER_KEY, SONNET, useE2eEnvironment } from "./support/fixtures.js";

const userMessage = (text: string) => [{ role: "user" as const, content: [{ text }] }];
const anthropicBody = (text: string) =>
  JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 200, messages: [{ role: "user", content: text }] });

const getEnv = useE2eEnvironment();

/** every request the simulator saw was SigV4-signed by the gateway, with valid signatures */
function expectAllSignedByGateway() {
  expect(getEnv().simulator.requests.length).toBeGreaterThan(0);
  for (const request of getEnv().simulator.requests) {
    expect(request.auth).toBe("sigv4");
    expect(request.signatureValid).toBe(true);
  }
}

describe.each(TRANSPORTS)("bedrock-runtime through the gateway (%s)", (transport) => {
  const client = () => createRuntimeClient(getEnv().gateway.url, MASTER_KEY, transport);

  it("Converse on a config model name reaches the deployment's model id, signed for its region", async () => {
    const out = await client().send(new ConverseCommand({ modelId: "claude", messages: userMessage("Hello there") }));
    expect(out.output?.message?.content?.[0]?.text).toContain("Hello there");
    expect(out.usage?.inputTokens).toBeGreaterThan(0);
    expect(out.$metadata.httpStatusCode).toBe(200);
    const [seen] = getEnv().simulator.requests;
    expect(seen?.operation).toBe("Converse");
    expect(seen?.modelId).toBe(SONNET);
    expect(seen?.path).toBe(`/model/${encodeURIComponent(SONNET)}/converse`);
    expect(seen?.region).toBe("us-east-1");
    expectAllSignedByGateway();
  });

  it("a 200 KB Converse, which reaches the gateway in many chunks, is signed over exactly the bytes it forwards", async () => {
    const text = "every chunk of this body counts toward its payload hash ".repeat(3600);
    const out = await client().send(new ConverseCommand({ modelId: "claude", messages: userMessage(text) }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    const [seen] = getEnv().simulator.requests;
    expect(seen?.operation).toBe("Converse");
    expect(seen?.body.length).toBeGreaterThan(200_000);
    expectAllSignedByGateway();
  });

  it("ConverseStream relays every event and ends with usage metadata", async () => {
    const out = await client().send(new ConverseStreamCommand({ modelId: "claude", messages: userMessage("Stream this please") }));
    const kinds: string[] = [];
    let text = "";
    for await (const event of out.stream!) {
      kinds.push(Object.keys(event)[0]!);
      text += event.contentBlockDelta?.delta?.text ?? "";
      if (event.metadata) expect(event.metadata.usage?.outputTokens).toBeGreaterThan(0);
    }
    expect(kinds[0]).toBe("messageStart");
    expect(kinds.at(-1)).toBe("metadata");
    expect(text).toContain("Stream this please");
    expectAllSignedByGateway();
  });

  it("InvokeModel relays the native body and the token-count headers", async () => {
    let headers: Record<string, string> = {};
    const c = client();
    c.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        headers = (result.response as { headers: Record<string, string> }).headers;
        return result;
      },
      { step: "deserialize", name: "readTokenHeaders" },
    );
    const out = await c.send(
      new InvokeModelCommand({ modelId: "claude", contentType: "application/json", body: anthropicBody("Invoke me") }),
    );
    const body = JSON.parse(new TextDecoder().decode(out.body));
    expect(body.type).toBe("message");
    expect(body.usage.input_tokens).toBeGreaterThan(0);
    expect(Number(headers["x-amzn-bedrock-input-token-count"])).toBeGreaterThan(0);
    expect(Number(headers["x-amzn-bedrock-output-token-count"])).toBeGreaterThan(0);
    expect(headers["x-bedrock-gw-request-id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expectAllSignedByGateway();
  });

  it("InvokeModelWithResponseStream relays chunks ending with invocation metrics", async () => {
    const out = await client().send(
      new InvokeModelWithResponseStreamCommand({ modelId: "claude", contentType: "application/json", body: anthropicBody("Stream invoke") }),
    );
    const types: string[] = [];
    let metrics: unknown;
    for await (const event of out.body!) {
      const json = JSON.parse(new TextDecoder().decode(event.chunk!.bytes));
      types.push(json.type);
      metrics ??= json["amazon-bedrock-invocationMetrics"];
    }
    expect(types[0]).toBe("message_start");
    expect(types.at(-1)).toBe("message_stop");
    expect(metrics).toMatchObject({ inputTokenCount: expect.any(Number), outputTokenCount: expect.any(Number) });
  });

  it("CountTokens and ApplyGuardrail pass through", async () => {
    const count = await client().send(
      new CountTokensCommand({ modelId: "claude", input: { converse: { messages: userMessage("count these tokens") } } }),
    );
    expect(count.inputTokens).toBeGreaterThan(0);
    const guardrail = await client().send(
      new ApplyGuardrailCommand({
        guardrailIdentifier: "gr12345abc",
        guardrailVersion: "DRAFT",
        source: "INPUT",
        content: [{ text: { text: "is this fine?" } }],
      }),
    );
    expect(guardrail.action).toBeDefined();
    expect(guardrail.usage).toBeDefined();
    const applied = getEnv().simulator.requests.find((r) => r.operation === "ApplyGuardrail");
    expect(applied?.region).toBe("eu-west-1");
    expectAllSignedByGateway();
  });

  it("a raw model id with ':' passes through with the defaults", async () => {
    const out = await client().send(
      new ConverseCommand({ modelId: "anthropic.claude-3-haiku-20240307-v1:0", messages: userMessage("raw id") }),
    );
    expect(out.output?.message?.content?.[0]?.text).toContain("raw id");
    const [seen] = getEnv().simulator.requests;
    expect(seen?.modelId).toBe("anthropic.claude-3-haiku-20240307-v1:0");
    expect(seen?.path).toBe("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
    expect(seen?.region).toBe("eu-west-1");
    expectAllSignedByGateway();
  });

  it("an ARN, by config name and raw, goes upstream as one encoded segment", async () => {
    await client().send(new ConverseCommand({ modelId: "claude-aip", messages: userMessage("via config") }));
    await client().send(new ConverseCommand({ modelId: AIP_ARN, messages: userMessage("raw arn") }));
    const paths = getEnv().simulator.requests.map((r) => r.path);
    expect(paths).toEqual([`/model/${encodeURIComponent(AIP_ARN)}/converse`, `/model/${encodeURIComponent(AIP_ARN)}/converse`]);
    expect(getEnv().simulator.requests.map((r) => r.region)).toEqual(["us-west-2", "eu-west-1"]);
    expectAllSignedByGateway();
  });

  it("two deployments in two regions are each signed for their own region", async () => {
    for (let i = 0; i < 24; i++) {
      await client().send(new ConverseCommand({ modelId: "claude-two-regions", messages: userMessage(`call ${i}`) }));
    }
    const regions = new Set(getEnv().simulator.requests.map((r) => r.region));
    expect(regions).toEqual(new Set(["us-east-1", "us-west-2"]));
    expectAllSignedByGateway();
  });

  it("upstream throttling and 5xx reach the SDK as typed exceptions", async () => {
    getEnv().simulator.injectFault({ kind: "throttle", operation: "Converse" });
    await expect(client().send(new ConverseCommand({ modelId: "claude", messages: userMessage("x") }))).rejects.toBeInstanceOf(
      ThrottlingException,
    );
    getEnv().simulator.injectFault({ kind: "error", name: "ServiceUnavailableException", operation: "Converse" });
    await expect(client().send(new ConverseCommand({ modelId: "claude", messages: userMessage("x") }))).rejects.toBeInstanceOf(
      ServiceUnavailableException,
    );
  });

  it("a mid-stream exception from Bedrock reaches the SDK as the modeled exception", async () => {
    getEnv().simulator.injectFault({ kind: "stream-exception", afterEvents: 2, operation: "ConverseStream" });
    const out = await client().send(new ConverseStreamCommand({ modelId: "claude", messages: userMessage("fail me mid-way please") }));
    const consume = async () => {
      for await (const _ of out.stream!) void _;
    };
    await expect(consume()).rejects.toBeInstanceOf(ModelStreamErrorException);
  });

  it("an upstream connection dropped mid-stream reaches the SDK as an error, not a short answer", async () => {
    getEnv().simulator.injectFault({ kind: "drop-connection", afterEvents: 2, operation: "ConverseStream" });
    const out = await client().send(new ConverseStreamCommand({ modelId: "claude", messages: userMessage("drop me mid-way please") }));
    const seen: string[] = [];
    const consume = async () => {
      for await (const event of out.stream!) seen.push(Object.keys(event)[0]!);
    };
    await expect(consume()).rejects.toMatchObject({ name: "InternalServerException" });
    expect(seen).not.toContain("metadata");
  });
});
