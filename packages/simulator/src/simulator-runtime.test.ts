import {
  ApplyGuardrailCommand,
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  GetAsyncInvokeCommand,
  InvokeGuardrailChecksCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  ListAsyncInvokesCommand,
  StartAsyncInvokeCommand,
} from "@aws-sdk/client-bedrock-runtime";
import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import type { ClientAuth, Transport } from "./simulator-harness.test-suite.js";
import { HAIKU, SONNET_PROFILE, captureResponseHeaders, collectEvents, useRuntimeClient, useSimulator } from "./simulator-harness.test-suite.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const question: Message[] = [{ role: "user", content: [{ text: "What is the capital of France?" }] }];
const decode = (bytes: Uint8Array | undefined): Record<string, unknown> => JSON.parse(Buffer.from(bytes ?? []).toString("utf8"));
const anthropicBody = (text: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 200, messages: [{ role: "user", content: text }], ...extra });

const matrix: Array<[Transport, ClientAuth]> = [
  ["h2", "sigv4"],
  ["http/1.1", "sigv4"],
  ["h2", "bearer"],
  ["http/1.1", "bearer"],
];

describe.each(matrix)("bedrock-runtime over %s with %s", (transport, auth) => {
  it("Converse answers deterministically with usage, metrics and a request id", async () => {
    const simulator = await useSimulator();
    const client = useRuntimeClient(simulator.url, { transport, auth });
    const first = await client.send(new ConverseCommand({ modelId: SONNET_PROFILE, messages: question }));
    const again = await client.send(new ConverseCommand({ modelId: SONNET_PROFILE, messages: question }));
    const text = first.output?.message?.content?.[0]?.text ?? "";
    expect(text).toContain("What is the capital of France?");
    expect(again.output).toEqual(first.output);
    expect(first.stopReason).toBe("end_turn");
    expect(first.usage).toEqual({ inputTokens: 8, outputTokens: Math.ceil(text.length / 4), totalTokens: 8 + Math.ceil(text.length / 4) });
    expect(first.metrics?.latencyMs).toBe(0);
    expect(first.$metadata.requestId).toMatch(UUID);

    const record = simulator.requests[0]!;
    expect(record).toMatchObject({ protocol: transport, service: "bedrock-runtime", operation: "Converse", auth, status: 200, completed: true });
    expect(record.path).toBe("/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse");
    expect(record.modelId).toBe(SONNET_PROFILE);
    if (auth === "sigv4") {
      expect(record).toMatchObject({ signatureValid: true, region: "us-east-1", accessKeyId: "AKIASIMULATOREXAMPLE", payloadHashMatches: true });
      expect(record.signedHeaders).toContain(transport === "h2" ? ":authority" : "host");
    }
  });

  it("ConverseStream sends messageStart, deltas, contentBlockStop, messageStop and metadata with usage", async () => {
    const simulator = await useSimulator();
    const client = useRuntimeClient(simulator.url, { transport, auth });
    const response = await client.send(new ConverseStreamCommand({ modelId: HAIKU, messages: question }));
    const events = await collectEvents(response.stream);
    const kinds = events.map((event) => Object.keys(event).find((key) => (event as unknown as Record<string, unknown>)[key] !== undefined));
    expect(kinds[0]).toBe("messageStart");
    expect(kinds.slice(-3)).toEqual(["contentBlockStop", "messageStop", "metadata"]);
    expect(kinds.filter((kind) => kind === "contentBlockDelta").length).toBeGreaterThan(1);
    const text = events.map((event) => event.contentBlockDelta?.delta?.text ?? "").join("");
    const converse = await client.send(new ConverseCommand({ modelId: HAIKU, messages: question }));
    expect(text).toBe(converse.output?.message?.content?.[0]?.text);
    expect(events.at(-1)?.metadata?.usage).toEqual(converse.usage);
    expect(simulator.requests[0]).toMatchObject({ operation: "ConverseStream", eventsSent: events.length, completed: true });
  });

  it("InvokeModel returns the Anthropic body and Bedrock's token headers", async () => {
    const simulator = await useSimulator();
    const client = useRuntimeClient(simulator.url, { transport, auth });
    const headers = captureResponseHeaders(client);
    const response = await client.send(new InvokeModelCommand({ modelId: HAIKU, contentType: "application/json", body: anthropicBody("Hello Claude") }));
    const body = decode(response.body);
    expect(body).toMatchObject({ type: "message", role: "assistant", model: "claude-3-haiku-20240307", stop_reason: "end_turn" });
    expect(String(body.id)).toMatch(/^msg_bdrk_01/);
    const usage = body.usage as Record<string, number>;
    expect(usage).toMatchObject({ input_tokens: 3, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    expect(headers[0]).toMatchObject({
      "content-type": "application/json",
      "x-amzn-bedrock-input-token-count": "3",
      "x-amzn-bedrock-output-token-count": String(usage.output_tokens),
      "x-amzn-bedrock-invocation-latency": "0",
    });
    expect(headers[0]?.["x-amzn-requestid"]).toMatch(UUID);
    expect(headers[0]?.date).toBeDefined();
    expect(headers[0]?.["x-amzn-bedrock-cache-read-input-token-count"]).toBeUndefined();
  });

  it("InvokeModelWithResponseStream sends Anthropic chunks with invocationMetrics on the last one", async () => {
    const simulator = await useSimulator();
    const client = useRuntimeClient(simulator.url, { transport, auth });
    const response = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: HAIKU, contentType: "application/json", body: anthropicBody("Stream please") }));
    expect(response.contentType).toBe("application/json");
    const chunks = (await collectEvents(response.body)).map((event) => decode(event.chunk?.bytes));
    expect(chunks.map((chunk) => chunk.type)).toEqual([
      "message_start",
      "content_block_start",
      ...chunks.slice(2, -3).map(() => "content_block_delta"),
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    const start = chunks[0]!.message as { usage: Record<string, number> };
    expect(start.usage).toMatchObject({ input_tokens: 4, output_tokens: 1 });
    const outputTokens = (chunks.at(-2)!.usage as { output_tokens: number }).output_tokens;
    expect(chunks.at(-1)!["amazon-bedrock-invocationMetrics"]).toEqual({
      inputTokenCount: 4,
      outputTokenCount: outputTokens,
      invocationLatency: 0,
      firstByteLatency: 0,
    });
  });

  it("CountTokens counts exactly the input Converse and InvokeModel bill", async () => {
    const simulator = await useSimulator();
    const client = useRuntimeClient(simulator.url, { transport, auth });
    const converseCount = await client.send(new CountTokensCommand({ modelId: "anthropic.claude-sonnet-4-20250514-v1:0", input: { converse: { messages: question } } }));
    const converse = await client.send(new ConverseCommand({ modelId: SONNET_PROFILE, messages: question }));
    expect(converseCount.inputTokens).toBe(converse.usage?.inputTokens);
    const invokeCount = await client.send(
      new CountTokensCommand({ modelId: HAIKU, input: { invokeModel: { body: new TextEncoder().encode(anthropicBody("Hello Claude")) } } }),
    );
    expect(invokeCount.inputTokens).toBe(3);
  });

  it("ApplyGuardrail reports policy units and intervenes on the marker", async () => {
    const simulator = await useSimulator();
    const client = useRuntimeClient(simulator.url, { transport, auth });
    const pass = await client.send(
      new ApplyGuardrailCommand({ guardrailIdentifier: "gr123", guardrailVersion: "DRAFT", source: "INPUT", content: [{ text: { text: "x".repeat(1500) } }] }),
    );
    expect(pass.action).toBe("NONE");
    expect(pass.usage).toMatchObject({ topicPolicyUnits: 2, contentPolicyUnits: 2, wordPolicyUnits: 2, sensitiveInformationPolicyUnits: 2, contextualGroundingPolicyUnits: 0 });
    const blocked = await client.send(
      new ApplyGuardrailCommand({ guardrailIdentifier: "gr123", guardrailVersion: "1", source: "OUTPUT", content: [{ text: { text: "bad [[sim:guardrail]]" } }] }),
    );
    expect(blocked.action).toBe("GUARDRAIL_INTERVENED");
    expect(blocked.outputs?.[0]?.text).toBe("Sorry, the model cannot answer this question.");
  });

  it("StartAsyncInvoke, GetAsyncInvoke and ListAsyncInvokes share the job", async () => {
    const simulator = await useSimulator();
    const client = useRuntimeClient(simulator.url, { transport, auth });
    const started = await client.send(
      new StartAsyncInvokeCommand({ modelId: "amazon.nova-lite-v1:0", modelInput: { prompt: "video" }, outputDataConfig: { s3OutputDataConfig: { s3Uri: "s3://bucket/out" } } }),
    );
    expect(started.invocationArn).toMatch(/^arn:aws:bedrock:us-east-1:123456789012:async-invoke\/[a-z0-9]{12}$/);
    const job = await client.send(new GetAsyncInvokeCommand({ invocationArn: started.invocationArn }));
    expect(job).toMatchObject({ invocationArn: started.invocationArn, status: "Completed", modelArn: "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0" });
    expect(job.submitTime).toBeInstanceOf(Date);
    const list = await client.send(new ListAsyncInvokesCommand({ statusEquals: "Completed", maxResults: 10 }));
    expect(list.asyncInvokeSummaries?.map((summary) => summary.invocationArn)).toEqual([started.invocationArn]);
    expect(simulator.requests.at(-2)?.path).toContain("arn%3Aaws%3Abedrock");
  });
});

describe("bedrock-runtime behaviour", () => {
  it("reports cache writes then reads for a Converse cachePoint, and for Anthropic cache_control", async () => {
    const simulator = await useSimulator();
    const client = useRuntimeClient(simulator.url);
    const system = [{ text: "You are a helpful assistant. ".repeat(40) }, { cachePoint: { type: "default" as const } }];
    const first = await client.send(new ConverseCommand({ modelId: SONNET_PROFILE, system, messages: question }));
    const second = await client.send(new ConverseCommand({ modelId: SONNET_PROFILE, system, messages: question }));
    expect(first.usage).toMatchObject({ inputTokens: 8, cacheReadInputTokens: 0, cacheWriteInputTokens: 290, cacheDetails: [{ ttl: "5m", inputTokens: 290 }] });
    expect(second.usage).toMatchObject({ inputTokens: 8, cacheReadInputTokens: 290, cacheWriteInputTokens: 0 });
    expect(second.usage?.totalTokens).toBe(8 + 290 + (second.usage?.outputTokens ?? 0));

    const headers = captureResponseHeaders(client);
    const systemBlocks = [{ type: "text", text: "Long instructions. ".repeat(50), cache_control: { type: "ephemeral", ttl: "1h" } }];
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await client.send(new InvokeModelCommand({ modelId: HAIKU, body: anthropicBody("hi", { system: systemBlocks }) }));
    }
    expect(headers.map((h) => [h["x-amzn-bedrock-cache-write-input-token-count"], h["x-amzn-bedrock-cache-read-input-token-count"]])).toEqual([
      ["238", "0"],
      ["0", "238"],
    ]);
  });

  it("rejects unknown models, base ids of profile-only models and malformed input like Bedrock", async () => {
    const simulator = await useSimulator();
    const client = useRuntimeClient(simulator.url);
    const failure = (promise: Promise<unknown>) => promise.then(() => "resolved", (error: Error) => `${error.name}: ${error.message}`);
    expect(await failure(client.send(new ConverseCommand({ modelId: "anthropic.claude-9", messages: question })))).toBe(
      "ValidationException: The provided model identifier is invalid.",
    );
    expect(await failure(client.send(new ConverseCommand({ modelId: "anthropic.claude-sonnet-4-20250514-v1:0", messages: question })))).toMatch(
      /^ValidationException: Invocation of model ID .* with on-demand throughput isn’t supported/,
    );
    expect(await failure(client.send(new InvokeModelCommand({ modelId: HAIKU, body: "{not json" })))).toMatch(
      /^ValidationException: Malformed input request: .*, please reformat your input and try again\.$/,
    );
    expect(await failure(client.send(new InvokeModelCommand({ modelId: HAIKU, body: JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 5 }) })))).toBe(
      "ValidationException: Malformed input request: #: required key [messages] not found, please reformat your input and try again.",
    );
    expect(await failure(client.send(new ConverseCommand({ modelId: HAIKU, messages: [{ role: "assistant", content: [{ text: "x" }] }] })))).toBe(
      "ValidationException: A conversation must start with a user message. Try again with a conversation that starts with a user message.",
    );
    expect(await failure(client.send(new ConverseCommand({ modelId: "amazon.titan-embed-text-v2:0", messages: question })))).toMatch(/^ValidationException: This action doesn't support the model/);
    expect(simulator.requests.every((record) => record.status === 400)).toBe(true);
  });

  it("forces a tool call when toolChoice asks for one, in Converse and ConverseStream", async () => {
    const simulator = await useSimulator();
    const client = useRuntimeClient(simulator.url);
    const toolConfig = {
      tools: [{ toolSpec: { name: "lookup", inputSchema: { json: { type: "object", properties: { query: { type: "string" } } } } } }],
      toolChoice: { any: {} },
    };
    const response = await client.send(new ConverseCommand({ modelId: HAIKU, messages: question, toolConfig }));
    expect(response.stopReason).toBe("tool_use");
    const toolUse = response.output?.message?.content?.[0]?.toolUse;
    expect(toolUse).toMatchObject({ name: "lookup", input: { query: "What is the capital of France?" } });
    const stream = await client.send(new ConverseStreamCommand({ modelId: HAIKU, messages: question, toolConfig }));
    const events = await collectEvents(stream.stream);
    expect(events[1]?.contentBlockStart?.start?.toolUse).toEqual({ toolUseId: toolUse?.toolUseId, name: "lookup" });
    const input = events.map((event) => event.contentBlockDelta?.delta?.toolUse?.input ?? "").join("");
    expect(JSON.parse(input)).toEqual(toolUse?.input);
  });

  it("answers every InvokeModel family in its own body shape", async () => {
    const simulator = await useSimulator();
    const client = useRuntimeClient(simulator.url);
    const invoke = async (modelId: string, body: unknown) =>
      decode((await client.send(new InvokeModelCommand({ modelId, body: JSON.stringify(body) }))).body);
    expect(await invoke("amazon.nova-lite-v1:0", { messages: question, inferenceConfig: { max_new_tokens: 50 } })).toMatchObject({
      output: { message: { role: "assistant" } },
      stopReason: "end_turn",
      usage: { inputTokens: 8 },
    });
    expect(await invoke("amazon.titan-text-express-v1", { inputText: "hello", textGenerationConfig: { maxTokenCount: 2 } })).toMatchObject({
      inputTextTokenCount: 2,
      results: [{ tokenCount: 2, completionReason: "LENGTH" }],
    });
    const embedding = await invoke("amazon.titan-embed-text-v2:0", { inputText: "hello", dimensions: 256 });
    expect((embedding.embedding as number[]).length).toBe(256);
    expect(embedding.inputTextTokenCount).toBe(2);
    expect(await invoke("meta.llama3-8b-instruct-v1:0", { prompt: "hello", max_gen_len: 100 })).toMatchObject({ prompt_token_count: 2, stop_reason: "stop" });
    expect(await invoke("mistral.mistral-7b-instruct-v0:2", { prompt: "<s>[INST] hi [/INST]" })).toMatchObject({ outputs: [{ stop_reason: "stop" }] });
    expect(await invoke("cohere.command-r-v1:0", { message: "hi" })).toMatchObject({ finish_reason: "COMPLETE" });
    const cohereEmbed = await invoke("cohere.embed-english-v3", { texts: ["a", "b"], input_type: "search_document" });
    expect((cohereEmbed.embeddings as number[][]).length).toBe(2);
    expect(await invoke("openai.gpt-oss-20b-1:0", { messages: [{ role: "user", content: "hi" }] })).toMatchObject({
      object: "chat.completion",
      usage: { prompt_tokens: 1 },
    });
    const arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123def456";
    expect(await invoke(arn, { anthropic_version: "bedrock-2023-05-31", max_tokens: 10, messages: [{ role: "user", content: "hi" }] })).toMatchObject({ type: "message" });
    expect(simulator.requests.at(-1)?.path).toBe(`/model/${encodeURIComponent(arn)}/invoke`);
  });

  it("InvokeGuardrailChecks scores the configured checks and finds e-mail addresses", async () => {
    const simulator = await useSimulator();
    const client = useRuntimeClient(simulator.url);
    const response = await client.send(
      new InvokeGuardrailChecksCommand({
        messages: [{ role: "user", content: [{ text: "mail me at jane@example.com" }] }],
        checks: { contentFilter: { categories: [{ category: "VIOLENCE" }] }, sensitiveInformation: { entities: [{ type: "EMAIL" }] } },
      }),
    );
    expect(response.results?.contentFilter?.results).toEqual([{ category: "VIOLENCE", severityScore: 0 }]);
    expect(response.results?.sensitiveInformation?.results).toEqual([
      { type: "EMAIL", confidenceScore: 0.99, beginOffset: 11, endOffset: 27, messageIndex: 0, contentIndex: 0 },
    ]);
    expect(response.usage).toEqual({ contentFilter: { textUnits: 1 }, sensitiveInformation: { textUnits: 1 } });
  });

  it("keeps async invocations InProgress for asyncInvokeDurationMs of simulator time", async () => {
    let now = Date.now();
    const simulator = await useSimulator({ clock: () => now, asyncInvokeDurationMs: 60_000 });
    const client = useRuntimeClient(simulator.url);
    const { invocationArn } = await client.send(
      new StartAsyncInvokeCommand({ modelId: "amazon.nova-lite-v1:0", modelInput: {}, outputDataConfig: { s3OutputDataConfig: { s3Uri: "s3://b/o" } } }),
    );
    expect((await client.send(new GetAsyncInvokeCommand({ invocationArn }))).status).toBe("InProgress");
    now += 60_000;
    const done = await client.send(new GetAsyncInvokeCommand({ invocationArn }));
    expect(done.status).toBe("Completed");
    expect(done.endTime?.getTime()).toBe(done.submitTime!.getTime() + 60_000);
  });
});
