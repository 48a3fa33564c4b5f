import { GatewayOptionsError } from "@bedrock-gw/client";
import { describe, expect, it } from "vitest";
import { askAgent, searchKnowledgeBase } from "../../examples/sdk-app/src/agents.js";
import { ask, streamAnswer } from "../../examples/sdk-app/src/converse.js";
import { createClients } from "../../examples/sdk-app/src/create-clients.js";
import { invokeClaude } from "../../examples/sdk-app/src/invoke.js";
import { MASTER_KEY } from "../support/fixtures.js";
import { useSimulateGateway } from "../support/simulate-gateway.js";
import { waitForSpendRow } from "../support/spend.js";
import { runExampleMain } from "./run-example.js";

const getGateway = useSimulateGateway();
const clients = (endUser?: string) => createClients({ baseUrl: getGateway().url, apiKey: MASTER_KEY, ...(endUser ? { endUser } : {}) });

describe("examples/sdk-app (@bedrock-gw/client) against `serve --simulate`", () => {
  it("ask: Converse with the gateway's request id, cost and overhead, recorded for the end user", async () => {
    const { runtime } = clients("sdk-app-test");
    const answer = await ask(runtime, "claude", "What is a gateway?");
    expect(answer.text).toContain("What is a gateway?");
    expect(answer.outputTokens).toBeGreaterThan(0);
    expect(answer.gateway?.cost).toBeGreaterThan(0);
    expect(answer.gateway?.gatewayMs).toBeGreaterThanOrEqual(0);
    const row = await waitForSpendRow(getGateway().url, answer.gateway!.requestId);
    expect(row).toMatchObject({ end_user: "sdk-app-test", model_group: "claude", operation: "Converse" });
  });

  it("streamAnswer: deltas arrive in order and add up to the whole text", async () => {
    const deltas: string[] = [];
    const streamed = await streamAnswer(clients().runtime, "nova", "Stream please", (delta) => deltas.push(delta));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe(streamed.text);
    expect(streamed.text).toContain("Stream please");
    expect(streamed.outputTokens).toBeGreaterThan(0);
    expect(streamed.requestId).toBeTruthy();
  });

  it("invokeClaude: InvokeModel with Anthropic's native body", async () => {
    expect(await invokeClaude(clients().runtime, "claude", "native body")).toContain("native body");
  });

  it("searchKnowledgeBase and askAgent: the agent-runtime client", async () => {
    const { agents } = clients();
    const passages = await searchKnowledgeBase(agents, "KB12345678", "refunds");
    expect(passages.length).toBeGreaterThan(0);
    expect(passages[0]!.text).toContain("refunds");
    expect(await askAgent(agents, { agentId: "AGENT12345", aliasId: "ALIAS12345", sessionId: "t-1" }, "hello agent")).toContain("hello agent");
  });

  it("createClients without a URL or key fails at once, naming the environment variables", () => {
    expect(() => createClients({ env: {} })).toThrow(GatewayOptionsError);
    expect(() => createClients({ env: { BEDROCK_GW_URL: "http://127.0.0.1:1" } })).toThrow(/BEDROCK_GW_API_KEY/);
  });

  it("npm start (dist/main.js) runs every step with only BEDROCK_GW_URL and BEDROCK_GW_API_KEY set", async () => {
    const run = await runExampleMain("sdk-app", { BEDROCK_GW_URL: getGateway().url, BEDROCK_GW_API_KEY: MASTER_KEY });
    expect(run.code, run.stderr).toBe(0);
    for (const step of ["converse:", "stream:", "invoke:", "retrieve: 5 passages", "agent:"]) expect(run.stdout).toContain(step);
  });

  it("npm start without the variables exits with the client's message", async () => {
    const run = await runExampleMain("sdk-app", {});
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/BEDROCK_GW_URL/);
  });
});
