import { InvokeAgentCommand, RetrieveCommand } from "@aws-sdk/client-bedrock-agent-runtime";
import { describe, expect, it } from "vitest";
import { createAgentClient } from "./support/clients.js";
import { AIP_ARN, SONNET, useE2eEnvironment } from "./support/fixtures.js";
import { callBedrock, converseBody, expectGatewayError, generateKey, sleep } from "./support/keys.js";

const getEnv = useE2eEnvironment();
const url = () => getEnv().gateway.url;
const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
const OTHER_AIP_ARN = "arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/zzz999qqq";
const asyncInvokeBody = (modelId: string) => ({
  modelId,
  modelInput: { messages: [{ role: "user", content: [{ text: "later" }] }] },
  outputDataConfig: { s3OutputDataConfig: { s3Uri: "s3://bucket/out/" } },
});

/** Calls `path` with the key; asserts 200 and that the call reached the simulator (or 403 with the reason and that it did not). */
async function expectAllowed(key: string, path: string, body: unknown = converseBody("allowed?")) {
  const before = getEnv().simulator.requests.length;
  const answer = await callBedrock(url(), key, path, body);
  expect(answer.status, `${path}: ${JSON.stringify(answer.json)}`).toBe(200);
  expect(getEnv().simulator.requests.length).toBe(before + 1);
}
async function expectRefused(key: string, path: string, reason: RegExp, body: unknown = converseBody("allowed?")) {
  const before = getEnv().simulator.requests.length;
  const answer = await callBedrock(url(), key, path, body);
  expectGatewayError(answer, 403, "AccessDeniedException", reason);
  expect(getEnv().simulator.requests.length, "a refused call never goes upstream").toBe(before);
}

describe("a key's models allowlist", () => {
  it("config model names: the named group is allowed, another group is refused with the reason", async () => {
    const alias = `e2e-names-${Date.now()}`;
    const { key } = await generateKey(url(), { key_alias: alias, models: ["claude", "claude-two-regions"] });
    await expectAllowed(key, "/model/claude/converse");
    await expectAllowed(key, "/model/claude-two-regions/converse");
    // the refusal names the key by its alias (never the key itself)
    await expectRefused(key, "/model/sonnet45/converse", new RegExp(`^Key "${alias}" may not use model "sonnet45"`));
    await expectRefused(key, "/model/titan-embed/invoke", /may not use model "titan-embed"/, { inputText: "embed me" });
    // a raw id is not a name on the list either
    await expectRefused(key, `/model/${SONNET}/converse`, new RegExp(`may not use model "${SONNET.replace(/\./g, "\\.")}"`));
  });

  it("raw model ids, plain and percent-encoded; the base id covers its inference profiles; globs", async () => {
    const { key } = await generateKey(url(), { models: [SONNET] });
    await expectAllowed(key, `/model/${SONNET}/converse`);
    await expectAllowed(key, `/model/${encodeURIComponent(SONNET)}/converse`);
    // a group whose every deployment runs an allowed model is allowed
    await expectAllowed(key, "/model/claude-two-regions/converse");
    await expectRefused(key, `/model/${HAIKU}/converse`, /may not use model "anthropic\.claude-3-haiku-20240307-v1:0"/);
    await expectRefused(key, `/model/${encodeURIComponent(HAIKU)}/converse`, /may not use model "anthropic\.claude-3-haiku-20240307-v1:0"/);
    await expectRefused(key, "/model/sonnet45/converse", /may not use model "sonnet45"/);

    const base = await generateKey(url(), { models: ["anthropic.claude-sonnet-4-20250514-v1:0"] });
    await expectAllowed(base.key, `/model/${encodeURIComponent(SONNET)}/converse`);
    await expectRefused(base.key, "/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse", /may not use model "us\.anthropic\.claude-sonnet-4-5/);

    const glob = await generateKey(url(), { models: ["anthropic.claude-3-*"] });
    await expectAllowed(glob.key, `/model/${encodeURIComponent(HAIKU)}/converse`);
    await expectRefused(glob.key, `/model/${SONNET}/converse`, /may not use model/);
  });

  it("ARNs, raw and percent-encoded, and the group that deploys one", async () => {
    const { key } = await generateKey(url(), { models: [AIP_ARN] });
    await expectAllowed(key, `/model/${encodeURIComponent(AIP_ARN)}/converse`);
    await expectAllowed(key, `/model/${AIP_ARN}/converse`);
    await expectAllowed(key, "/model/claude-aip/converse");
    const other = new RegExp(`may not use model "${OTHER_AIP_ARN.replace(/[./]/g, "\\$&")}"`);
    await expectRefused(key, `/model/${encodeURIComponent(OTHER_AIP_ARN)}/converse`, other);
    await expectRefused(key, `/model/${OTHER_AIP_ARN}/converse`, other);
    await expectRefused(key, "/model/claude/converse", /may not use model "claude"/);

    const pattern = await generateKey(url(), { models: ["arn:aws:bedrock:*:123456789012:application-inference-profile/abc*"] });
    await expectAllowed(pattern.key, `/model/${encodeURIComponent(AIP_ARN)}/converse`);
    await expectRefused(pattern.key, `/model/${encodeURIComponent(OTHER_AIP_ARN)}/converse`, other);
  });

  it("async invoke: the model in the body is checked", async () => {
    const { key } = await generateKey(url(), { models: ["amazon.nova-reel-v1:0", SONNET] });
    await expectAllowed(key, "/async-invoke", asyncInvokeBody(SONNET));
    await expectRefused(key, "/async-invoke", /may not use model "anthropic\.claude-3-haiku-20240307-v1:0"/, asyncInvokeBody(HAIKU));
    await expectRefused(key, "/async-invoke", /may not use model "arn:aws:bedrock/, asyncInvokeBody(OTHER_AIP_ARN));
  });

  it("an unrestricted key may call any model", async () => {
    const { key } = await generateKey(url());
    await expectAllowed(key, `/model/${encodeURIComponent(HAIKU)}/converse`);
    await expectAllowed(key, "/async-invoke", asyncInvokeBody(HAIKU));
  });
});

describe("a key's agent_resources allowlist (agent-runtime through the stock SDK)", () => {
  it("an allowed agent and knowledge base are served; others are refused with the reason", async () => {
    const { key } = await generateKey(url(), { key_alias: `e2e-agents-${Date.now()}`, agent_resources: ["AGENT12345", "KB12345678"] });
    const client = createAgentClient(url(), key, "http1");
    const invoke = (agentId: string) =>
      client.send(new InvokeAgentCommand({ agentId, agentAliasId: "ALIAS12345", sessionId: "session-1", inputText: "hello agent" }));
    const retrieve = (knowledgeBaseId: string) => client.send(new RetrieveCommand({ knowledgeBaseId, retrievalQuery: { text: "what?" } }));

    const out = await invoke("AGENT12345");
    let text = "";
    for await (const event of out.completion!) if (event.chunk?.bytes) text += new TextDecoder().decode(event.chunk.bytes);
    expect(text).toContain("hello agent");
    expect((await retrieve("KB12345678")).retrievalResults?.length).toBeGreaterThan(0);

    await expect(invoke("AGENT99999")).rejects.toMatchObject({
      name: "AccessDeniedException",
      message: expect.stringMatching(/e2e-agents-\d+.*may not use resource "AGENT99999"/),
      $metadata: { httpStatusCode: 403 },
    });
    await expect(retrieve("KB99999999")).rejects.toMatchObject({
      name: "AccessDeniedException",
      message: expect.stringMatching(/may not use resource "KB99999999"/),
    });
    // the knowledge base named in a RetrieveAndGenerate body is checked too
    await expectRefused(key, "/retrieveAndGenerate", /may not use resource "KB99999999"/, {
      input: { text: "q" },
      retrieveAndGenerateConfiguration: { type: "KNOWLEDGE_BASE", knowledgeBaseConfiguration: { knowledgeBaseId: "KB99999999", modelArn: HAIKU } },
    });
    await expectAllowed(key, "/retrieveAndGenerate", {
      input: { text: "q" },
      retrieveAndGenerateConfiguration: { type: "KNOWLEDGE_BASE", knowledgeBaseConfiguration: { knowledgeBaseId: "KB12345678", modelArn: HAIKU } },
    });
  });
});

describe("key expiry", () => {
  it("a key generated with the shortest duration (1s) works, then is refused with 403 AccessDeniedException", async () => {
    const created = await generateKey(url(), { key_alias: `e2e-expiry-${Date.now()}`, duration: "1s" });
    const expires = Date.parse(created.expires!);
    expect(expires - Date.parse(created.created_at as string)).toBe(1000);
    await expectAllowed(created.key, "/model/claude/converse");
    await sleep(expires - Date.now() + 20);
    await expectRefused(created.key, "/model/claude/converse", new RegExp(`e2e-expiry-\\d+" expired at ${created.expires!.replace(/\./g, "\\.")}`));
  });
});
