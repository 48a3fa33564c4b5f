import { ConverseCommand, ConverseStreamCommand, InvokeModelWithResponseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { InvokeAgentCommand } from "@aws-sdk/client-bedrock-agent-runtime";
import { describe, expect, it } from "vitest";
import { HAIKU, TRANSPORTS, collectEvents, useAgentClient, useRuntimeClient, useSimulator } from "./simulator-harness.test-suite.js";

const ask = (text: string): Message[] => [{ role: "user", content: [{ text }] }];
const failure = (promise: Promise<unknown>) =>
  promise.then(() => undefined, (error: Error & { $metadata?: { httpStatusCode?: number } }) => error);

describe.each(TRANSPORTS)("faults over %s", (transport) => {
  it("throttles with ThrottlingException, and a retrying SDK gets through once the fault is used up", async () => {
    const simulator = await useSimulator();
    simulator.injectFault({ kind: "throttle", operation: "Converse" });
    const client = useRuntimeClient(simulator.url, { transport });
    const error = await failure(client.send(new ConverseCommand({ modelId: HAIKU, messages: ask("hi") })));
    expect([error?.name, error?.message, error?.$metadata?.httpStatusCode]).toEqual([
      "ThrottlingException",
      "Too many requests, please wait before trying again.",
      429,
    ]);
    simulator.injectFault({ kind: "throttle", times: 1 });
    const retrying = useRuntimeClient(simulator.url, { transport, maxAttempts: 2 });
    const response = await retrying.send(new ConverseCommand({ modelId: HAIKU, messages: ask("hi") }));
    expect(response.$metadata.attempts).toBe(2);
    expect(simulator.requests.map((record) => record.status)).toEqual([429, 429, 200]);
  });

  it("sends 5xx and any modeled error by name, matching by model", async () => {
    const simulator = await useSimulator();
    simulator.injectFault({ kind: "error", name: "ServiceUnavailableException", model: HAIKU });
    simulator.injectFault({ kind: "error", name: "ModelErrorException", fields: { originalStatusCode: 400, resourceName: "m" } });
    const client = useRuntimeClient(simulator.url, { transport });
    const other = await client.send(new ConverseCommand({ modelId: "amazon.nova-lite-v1:0", messages: ask("hi") })).catch((e: Error) => e);
    expect((other as Error).name).toBe("ModelErrorException");
    expect((other as { originalStatusCode?: number }).originalStatusCode).toBe(400);
    const unavailable = await failure(client.send(new ConverseCommand({ modelId: `us.${HAIKU}`, messages: ask("hi") })));
    expect([unavailable?.name, unavailable?.$metadata?.httpStatusCode]).toEqual(["ServiceUnavailableException", 503]);
    await expect(client.send(new ConverseCommand({ modelId: HAIKU, messages: ask("hi") }))).resolves.toBeDefined();
  });

  it("throws ModelStreamErrorException from the SDK's iteration after N events", async () => {
    const simulator = await useSimulator();
    simulator.injectFault({ kind: "stream-exception", afterEvents: 2, operation: "ConverseStream" });
    const client = useRuntimeClient(simulator.url, { transport });
    const response = await client.send(new ConverseStreamCommand({ modelId: HAIKU, messages: ask("tell me more") }));
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const event of response.stream ?? []) seen.push(event);
    })().catch((e: Error) => e);
    expect(seen).toHaveLength(2);
    expect((error as Error).name).toBe("ModelStreamErrorException");
    expect(simulator.requests[0]).toMatchObject({ status: 200, eventsSent: 2, errorType: "ModelStreamErrorException" });
    await expect.poll(() => simulator.requests[0]?.completed).toBe(true);
  });

  it("raises an error when the connection drops mid-stream, and before headers", async () => {
    const simulator = await useSimulator();
    simulator.injectFault({ kind: "drop-connection", afterEvents: 2 });
    const client = useRuntimeClient(simulator.url, { transport });
    const body = JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 100, messages: [{ role: "user", content: "a long answer please" }] });
    const response = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: HAIKU, body }));
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const event of response.body ?? []) seen.push(event);
    })().then(() => undefined, (e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(seen).toHaveLength(2);
    simulator.injectFault({ kind: "drop-connection" });
    await expect(client.send(new ConverseCommand({ modelId: HAIKU, messages: ask("hi") }))).rejects.toThrow();
    expect(simulator.requests.map((record) => [record.status, record.completed, record.clientAborted])).toEqual([
      [200, false, false],
      [undefined, false, false],
    ]);
  });

  it("takes faults from directives in the request text", async () => {
    const simulator = await useSimulator();
    const client = useRuntimeClient(simulator.url, { transport });
    const throttled = await failure(client.send(new ConverseCommand({ modelId: HAIKU, messages: ask("please [[sim:throttle]]") })));
    expect(throttled?.name).toBe("ThrottlingException");
    const internal = await failure(client.send(new ConverseCommand({ modelId: HAIKU, messages: ask("[[sim:error status=500]]") })));
    expect([internal?.name, internal?.$metadata?.httpStatusCode]).toEqual(["InternalServerException", 500]);
    const stream = await client.send(new ConverseStreamCommand({ modelId: HAIKU, messages: ask("[[sim:stream-error after=1 type=internalServerException]]") }));
    await expect(collectEvents(stream.stream)).rejects.toMatchObject({ name: "InternalServerException" });
    const started = Date.now();
    const delayed = await client.send(new ConverseCommand({ modelId: HAIKU, messages: ask("slow [[sim:delay ms=120]]") }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(delayed.metrics?.latencyMs).toBe(120);
    expect(delayed.output?.message?.content?.[0]?.text).not.toContain("[[sim:");
  });

  it("records a client that goes away mid-stream", async () => {
    const simulator = await useSimulator({ chunkDelayMs: 40 });
    const client = useRuntimeClient(simulator.url, { transport });
    const controller = new AbortController();
    const response = await client.send(new ConverseStreamCommand({ modelId: HAIKU, messages: ask("a fairly long question to answer") }), {
      abortSignal: controller.signal,
    });
    const iteration = (async () => {
      for await (const _event of response.stream ?? []) controller.abort();
    })();
    await iteration.catch(() => undefined);
    const record = simulator.requests[0]!;
    await expect.poll(() => record.clientAborted, { timeout: 2_000 }).toBe(true);
    expect(record.completed).toBe(false);
    expect(record.eventsSent).toBeLessThan(5);
  });
});

describe("agent-runtime faults", () => {
  it("sends agent exceptions mid-stream by their camelCase member", async () => {
    const simulator = await useSimulator();
    simulator.injectFault({ kind: "stream-exception", afterEvents: 0, exceptionType: "dependencyFailedException", operation: "InvokeAgent" });
    const client = useAgentClient(simulator.url);
    // the agent client reads the first event before send() resolves, so the error may surface from either
    const invocation = (async () => {
      const response = await client.send(new InvokeAgentCommand({ agentId: "AGENT1", agentAliasId: "ALIAS1", sessionId: "s-1", inputText: "hi" }));
      return collectEvents(response.completion);
    })();
    await expect(invocation).rejects.toMatchObject({ name: "DependencyFailedException" });
    expect(simulator.requests[0]).toMatchObject({ status: 200, eventsSent: 0, errorType: "DependencyFailedException" });
  });
});
