import { describe, expect, it } from "vitest";
import { chat, streamChat } from "../../examples/langchain/src/chat.js";
import { createChatModel } from "../../examples/langchain/src/create-chat-model.js";
import { MASTER_KEY } from "../support/fixtures.js";
import { useSimulateGateway } from "../support/simulate-gateway.js";
import { fetchSpendLogs } from "../support/spend.js";
import { runExampleMain } from "./run-example.js";

const getGateway = useSimulateGateway();

describe("examples/langchain (ChatBedrockConverse on @bedrock-gw/client) against `serve --simulate`", () => {
  it("invoke: a system prompt and a question, through the gateway with the end user and tags", async () => {
    const model = createChatModel("claude", { baseUrl: getGateway().url, apiKey: MASTER_KEY, endUser: "langchain-test", tags: ["lc"] });
    const reply = await chat(model, "Answer briefly.", "What is LangChain?");
    expect(reply.text).toContain("What is LangChain?");
    expect(reply.outputTokens).toBeGreaterThan(0);
    await expect.poll(async () => (await fetchSpendLogs(getGateway().url, "end_user=langchain-test")).rows[0]?.request_tags).toEqual(["lc"]);
  });

  it("stream: chunks add up to the answer", async () => {
    const deltas: string[] = [];
    const text = await streamChat(createChatModel("nova", { baseUrl: getGateway().url, apiKey: MASTER_KEY }), "stream via LangChain", (delta) =>
      deltas.push(delta),
    );
    expect(deltas.length).toBeGreaterThan(1);
    expect(text).toContain("stream via LangChain");
  });

  it("npm start (dist/main.js) runs against the gateway", async () => {
    const run = await runExampleMain("langchain", { BEDROCK_GW_URL: getGateway().url, BEDROCK_GW_API_KEY: MASTER_KEY });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/invoke: This is a simulated answer/);
    expect(run.stdout).toMatch(/stream: This is a simulated answer/);
  });
});
