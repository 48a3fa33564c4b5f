import { BedrockAgentRuntimeServiceException, ThrottlingException as AgentThrottlingException } from "@aws-sdk/client-bedrock-agent-runtime";
import { BedrockRuntimeServiceException, ServiceQuotaExceededException, ThrottlingException } from "@aws-sdk/client-bedrock-runtime";
import { getGatewayMetadata } from "@bedrock-gw/client";
import { describe, expect, it } from "vitest";
import { MASTER_KEY } from "../support/fixtures.js";
import { writeConfig } from "../support/gateway-process.js";
import { useSimulateGateway } from "../support/simulate-gateway.js";
import { CLIENT_SETUPS } from "./client-setups.js";

// One deployment per group, no retries, no fallbacks, no cooldowns: each throttled call reaches the client as the
// simulator's own 429, and one test's throttle never makes the next test's group cool down.
const CONFIG = `
model_list:
  - model_name: claude
    litellm_params: { model: bedrock/us.anthropic.claude-sonnet-4-20250514-v1:0, aws_region_name: us-east-1 }
  - model_name: nova
    litellm_params: { model: bedrock/us.amazon.nova-pro-v1:0, aws_region_name: us-east-1 }
router_settings: { num_retries: 0, cooldown_time: 0 }
`;
const getGateway = useSimulateGateway(["--config", writeConfig(CONFIG)]);
const messages = (text: string) => [{ role: "user" as const, content: [{ text }] }];

/** A virtual key made with the master key (`POST /key/generate`). */
async function generateKey(body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${getGateway().url}/key/generate`, {
    method: "POST",
    headers: { authorization: `Bearer ${MASTER_KEY}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { key: string }).key;
}

/** Runs `call` and returns what it threw (failing the test if it did not throw). */
async function catchError(call: () => Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number }; $fault?: string }> {
  try {
    await call();
  } catch (error) {
    return error as never;
  }
  throw new Error("the call succeeded; an error was expected");
}

describe.each(CLIENT_SETUPS)("gateway errors as the SDK's typed exceptions: $name", (setup) => {
  const runtime = (apiKey: string) => setup.createRuntime({ baseUrl: getGateway().url, apiKey });
  const agent = (apiKey: string) => setup.createAgent({ baseUrl: getGateway().url, apiKey });

  it("an unknown key is a 403 UnrecognizedClientException with the gateway's message and request id", async () => {
    const error = await catchError(() => runtime("sk-not-a-key").send(new setup.runtime.ConverseCommand({ modelId: "claude", messages: messages("hi") })));
    expect(error.name).toBe("UnrecognizedClientException");
    expect(error.$metadata?.httpStatusCode).toBe(403);
    expect(error.$fault).toBe("client");
    expect(error.message).toMatch(/key/i);
    expect(getGatewayMetadata(error)?.requestId).toBeTruthy();
    // the runtime service models no UnrecognizedClientException: it is the service's base exception class
    if (setup.sdk === "latest") expect(error).toBeInstanceOf(BedrockRuntimeServiceException);

    const agentError = await catchError(() =>
      agent("sk-not-a-key").send(new setup.agent.RetrieveCommand({ knowledgeBaseId: "KB12345678", retrievalQuery: { text: "q" } })),
    );
    expect(agentError.name).toBe("UnrecognizedClientException");
    expect(agentError.$metadata?.httpStatusCode).toBe(403);
    if (setup.sdk === "latest") expect(agentError).toBeInstanceOf(BedrockAgentRuntimeServiceException);
  });

  it("a throttled call is a 429 ThrottlingException, for a plain call and a stream", async () => {
    const client = runtime(MASTER_KEY);
    const error = await catchError(() => client.send(new setup.runtime.ConverseCommand({ modelId: "claude", messages: messages("hi [[sim:throttle]]") })));
    expect(error).toBeInstanceOf(setup.runtime.ThrottlingException);
    if (setup.sdk === "latest") expect(error).toBeInstanceOf(ThrottlingException);
    expect(error.$metadata?.httpStatusCode).toBe(429);
    expect(error.message).toMatch(/too many requests/i); // the simulator's (Bedrock's) own message, relayed
    expect(getGatewayMetadata(error)?.requestId).toBeTruthy();

    const streamError = await catchError(() =>
      client.send(new setup.runtime.ConverseStreamCommand({ modelId: "nova", messages: messages("stream [[sim:throttle]]") })),
    );
    expect(streamError).toBeInstanceOf(setup.runtime.ThrottlingException);

    const agentError = await catchError(() =>
      agent(MASTER_KEY).send(new setup.agent.RetrieveCommand({ knowledgeBaseId: "KB12345678", retrievalQuery: { text: "q [[sim:throttle]]" } })),
    );
    expect(agentError).toBeInstanceOf(setup.agent.ThrottlingException);
    if (setup.sdk === "latest") expect(agentError).toBeInstanceOf(AgentThrottlingException);
    expect(agentError.$metadata?.httpStatusCode).toBe(429);
  });

  it("a key over its rpm_limit gets the gateway's own 429 ThrottlingException, naming the limit", async () => {
    const client = runtime(await generateKey({ rpm_limit: 1, key_alias: `rpm-${setup.sdk}-${Math.random()}` }));
    await client.send(new setup.runtime.ConverseCommand({ modelId: "nova", messages: messages("first") }));
    const error = await catchError(() => client.send(new setup.runtime.ConverseCommand({ modelId: "nova", messages: messages("second") })));
    expect(error).toBeInstanceOf(setup.runtime.ThrottlingException);
    expect(error.$metadata?.httpStatusCode).toBe(429);
    expect(error.message).toMatch(/rpm_limit/);
  });

  it("a key over its budget gets the gateway's own 400 ServiceQuotaExceededException, naming the budget", async () => {
    const client = runtime(await generateKey({ max_budget: 0.0000001 }));
    await client.send(new setup.runtime.ConverseCommand({ modelId: "nova", messages: messages("spend it") }));
    // spend is counted off the request path: the budget applies from the next call once the row is written
    let error: Awaited<ReturnType<typeof catchError>> | undefined;
    for (let attempt = 0; attempt < 40 && error === undefined; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      error = await client
        .send(new setup.runtime.ConverseCommand({ modelId: "nova", messages: messages("more") }))
        .then(() => undefined, (caught: unknown) => caught as never);
    }
    expect(error).toBeInstanceOf(setup.runtime.ServiceQuotaExceededException);
    if (setup.sdk === "latest") expect(error).toBeInstanceOf(ServiceQuotaExceededException);
    expect(error!.$metadata?.httpStatusCode).toBe(400);
    expect(error!.message).toMatch(/max_budget/);
  });
});
