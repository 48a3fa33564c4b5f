import { describe, expect, it } from "vitest";
import { createBedrockProvider } from "../../examples/ai-sdk/src/create-bedrock-provider.js";
import { answer, embedText, streamAnswer } from "../../examples/ai-sdk/src/generate.js";
import { MASTER_KEY } from "../support/fixtures.js";
import { useSimulateGateway } from "../support/simulate-gateway.js";
import { fetchSpendLogs } from "../support/spend.js";
import { runExampleMain } from "./run-example.js";

const getGateway = useSimulateGateway();
const provider = (apiKey = MASTER_KEY, endUser?: string) =>
  createBedrockProvider({ gatewayUrl: getGateway().url, apiKey, ...(endUser ? { endUser } : {}) });

describe("examples/ai-sdk (@ai-sdk/amazon-bedrock) against `serve --simulate`", () => {
  it("generateText: Converse through the gateway, with the end-user header", async () => {
    const result = await answer(provider(MASTER_KEY, "ai-sdk-test"), "claude", "What is the AI SDK?");
    expect(result.text).toContain("What is the AI SDK?");
    expect(result.outputTokens).toBeGreaterThan(0);
    await expect.poll(async () => (await fetchSpendLogs(getGateway().url, "end_user=ai-sdk-test")).rows[0]?.operation).toBe("Converse");
  });

  it("streamText: ConverseStream deltas", async () => {
    const deltas: string[] = [];
    const text = await streamAnswer(provider(), "nova", "stream via the AI SDK", (delta) => deltas.push(delta));
    expect(deltas.length).toBeGreaterThan(1);
    expect(text).toContain("stream via the AI SDK");
  });

  it("embed: an embedding model group (InvokeModel)", async () => {
    const vector = await embedText(provider(), "titan-embed", "hello");
    expect(vector.length).toBeGreaterThan(100);
    expect(vector.every((value) => Number.isFinite(value))).toBe(true);
  });

  it("a wrong key is refused with the gateway's 403", async () => {
    await expect(answer(provider("sk-wrong"), "claude", "hi")).rejects.toMatchObject({ statusCode: 403 });
  });

  it("npm start (dist/main.js) runs against the gateway", async () => {
    const run = await runExampleMain("ai-sdk", { BEDROCK_GW_URL: getGateway().url, BEDROCK_GW_API_KEY: MASTER_KEY });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/generateText: This is a simulated answer/);
    expect(run.stdout).toMatch(/streamText: This is a simulated answer/);
    expect(run.stdout).toMatch(/embed: \d+ dimensions/);
  });
});
