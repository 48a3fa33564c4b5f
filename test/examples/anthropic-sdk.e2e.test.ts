import { describe, expect, it } from "vitest";
import { createAnthropicClient } from "../../examples/anthropic-sdk/src/create-anthropic-client.js";
import { askClaude, streamClaude } from "../../examples/anthropic-sdk/src/messages.js";
import { MASTER_KEY } from "../support/fixtures.js";
import { useSimulateGateway } from "../support/simulate-gateway.js";
import { fetchSpendLogs } from "../support/spend.js";
import { runExampleMain } from "./run-example.js";

const getGateway = useSimulateGateway();

describe("examples/anthropic-sdk (@anthropic-ai/bedrock-sdk) against `serve --simulate`", () => {
  it("messages.create reaches the model group through the gateway with the key as a Bearer token", async () => {
    const client = createAnthropicClient({ gatewayUrl: getGateway().url, apiKey: MASTER_KEY, endUser: "anthropic-sdk-test" });
    const answer = await askClaude(client, "claude", "Which SDK is this?");
    expect(answer.text).toContain("Which SDK is this?");
    expect(answer.outputTokens).toBeGreaterThan(0);
    await expect
      .poll(async () => (await fetchSpendLogs(getGateway().url, "end_user=anthropic-sdk-test")).rows[0])
      .toMatchObject({ operation: "InvokeModel", model_group: "claude" });
  });

  it("messages.stream relays Bedrock's event stream as the SDK's text events", async () => {
    const client = createAnthropicClient({ gatewayUrl: getGateway().url, apiKey: MASTER_KEY });
    const deltas: string[] = [];
    const text = await streamClaude(client, "claude", "stream through the gateway", (delta) => deltas.push(delta));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe(text);
    expect(text).toContain("stream through the gateway");
  });

  it("a wrong key is refused with the gateway's 403", async () => {
    const client = createAnthropicClient({ gatewayUrl: getGateway().url, apiKey: "sk-wrong" });
    await expect(askClaude(client, "claude", "hi")).rejects.toMatchObject({ status: 403 });
  });

  it("npm start (dist/main.js) runs against the gateway", async () => {
    const run = await runExampleMain("anthropic-sdk", { BEDROCK_GW_URL: getGateway().url, BEDROCK_GW_API_KEY: MASTER_KEY });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/messages\.create: This is a simulated answer/);
    expect(run.stdout).toMatch(/messages\.stream: This is a simulated answer/);
  });
});
