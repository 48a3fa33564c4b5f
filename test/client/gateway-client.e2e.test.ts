import { getGatewayMetadata } from "@bedrock-gw/client";
import type { GatewayMetadata } from "@bedrock-gw/client";
import { describe, expect, it } from "vitest";
import { MASTER_KEY } from "../support/fixtures.js";
import { useSimulateGateway } from "../support/simulate-gateway.js";
import { waitForSpendRow } from "../support/spend.js";
import { CLIENT_SETUPS } from "./client-setups.js";
import type { AgentModule, ClientSetup, RuntimeModule } from "./client-setups.js";

const getGateway = useSimulateGateway();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const messages = (text: string) => [{ role: "user" as const, content: [{ text }] }];
const anthropicBody = (text: string) =>
  JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 100, messages: [{ role: "user", content: text }] });
const decode = (bytes: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;

function expectStreamMetadata(metadata: GatewayMetadata | undefined) {
  expect(metadata?.requestId).toMatch(UUID);
  expect(metadata?.cost).toBeUndefined(); // a stream is priced after its headers went out
  expect(metadata?.gatewayMs).toBeGreaterThanOrEqual(0);
}

type RuntimeClient = ReturnType<ClientSetup["createRuntime"]>;
type AgentClient = ReturnType<ClientSetup["createAgent"]>;
interface Case<C, M> {
  name: string;
  /** the oldest SDK that has the command */
  since: "lowest" | "latest";
  run(client: C, m: M): Promise<void>;
}

const RUNTIME_CASES: Case<RuntimeClient, RuntimeModule>[] = [
  {
    name: "Converse",
    since: "lowest",
    async run(client, m) {
      const out = await client.send(new m.ConverseCommand({ modelId: "claude", messages: messages("Hello gateway") }));
      expect(out.output?.message?.content?.[0]?.text).toContain("Hello gateway");
      const metadata = getGatewayMetadata(out);
      expect(metadata?.requestId).toMatch(UUID);
      expect(metadata?.cost).toBeGreaterThan(0);
      expect(metadata?.upstreamMs).toBeGreaterThanOrEqual(0);
    },
  },
  {
    name: "ConverseStream",
    since: "lowest",
    async run(client, m) {
      const out = await client.send(new m.ConverseStreamCommand({ modelId: "nova", messages: messages("Stream it") }));
      let text = "";
      const kinds: string[] = [];
      for await (const event of out.stream!) {
        kinds.push(Object.keys(event)[0]!);
        text += event.contentBlockDelta?.delta?.text ?? "";
      }
      expect(kinds[0]).toBe("messageStart");
      expect(kinds.at(-1)).toBe("metadata");
      expect(text).toContain("Stream it");
      expectStreamMetadata(getGatewayMetadata(out));
    },
  },
  {
    name: "InvokeModel",
    since: "lowest",
    async run(client, m) {
      const out = await client.send(new m.InvokeModelCommand({ modelId: "claude", contentType: "application/json", body: anthropicBody("Invoke") }));
      expect(decode(out.body)).toMatchObject({ type: "message", role: "assistant" });
      expect(getGatewayMetadata(out)?.cost).toBeGreaterThan(0);
    },
  },
  {
    name: "InvokeModelWithResponseStream",
    since: "lowest",
    async run(client, m) {
      const out = await client.send(
        new m.InvokeModelWithResponseStreamCommand({ modelId: "claude", contentType: "application/json", body: anthropicBody("Stream invoke") }),
      );
      const types: string[] = [];
      for await (const event of out.body!) types.push(String(decode(event.chunk?.bytes).type));
      expect(types[0]).toBe("message_start");
      expect(types.at(-1)).toBe("message_stop");
      expectStreamMetadata(getGatewayMetadata(out));
    },
  },
  {
    name: "CountTokens",
    since: "latest",
    async run(client, m) {
      const out = await client.send(new m.CountTokensCommand({ modelId: "claude", input: { converse: { messages: messages("count me") } } }));
      expect(out.inputTokens).toBeGreaterThan(0);
    },
  },
  {
    name: "ApplyGuardrail and InvokeGuardrailChecks",
    since: "latest",
    async run(client, m) {
      const applied = await client.send(
        new m.ApplyGuardrailCommand({ guardrailIdentifier: "gr12345abc", guardrailVersion: "DRAFT", source: "INPUT", content: [{ text: { text: "fine?" } }] }),
      );
      expect(applied.action).toBeDefined();
      const checks = await client.send(
        new m.InvokeGuardrailChecksCommand({ messages: messages("mail jane@example.com"), checks: { sensitiveInformation: { entities: [{ type: "EMAIL" }] } } }),
      );
      expect(checks.results?.sensitiveInformation?.results?.[0]?.type).toBe("EMAIL");
    },
  },
  {
    name: "StartAsyncInvoke, GetAsyncInvoke, ListAsyncInvokes",
    since: "latest",
    async run(client, m) {
      const started = await client.send(
        new m.StartAsyncInvokeCommand({ modelId: "amazon.nova-lite-v1:0", modelInput: { prompt: "a video" }, outputDataConfig: { s3OutputDataConfig: { s3Uri: "s3://b/o" } } }),
      );
      expect(started.invocationArn).toMatch(/^arn:aws:bedrock:/);
      const job = await client.send(new m.GetAsyncInvokeCommand({ invocationArn: started.invocationArn }));
      expect(job.invocationArn).toBe(started.invocationArn);
      const list = await client.send(new m.ListAsyncInvokesCommand({ maxResults: 10 }));
      expect(list.asyncInvokeSummaries?.some((summary) => summary.invocationArn === started.invocationArn)).toBe(true);
    },
  },
];

const AGENT_CASES: Case<AgentClient, AgentModule>[] = [
  {
    name: "Retrieve",
    since: "lowest",
    async run(client, m) {
      const out = await client.send(new m.RetrieveCommand({ knowledgeBaseId: "KB12345678", retrievalQuery: { text: "what is bedrock?" } }));
      expect(out.retrievalResults?.length).toBeGreaterThan(0);
      expect(getGatewayMetadata(out)?.requestId).toMatch(UUID);
    },
  },
  {
    name: "RetrieveAndGenerate",
    since: "lowest",
    async run(client, m) {
      const out = await client.send(new m.RetrieveAndGenerateCommand(ragInput("summarise the docs")));
      expect(out.output?.text).toBeTruthy();
    },
  },
  {
    name: "RetrieveAndGenerateStream",
    since: "latest",
    async run(client, m) {
      const out = await client.send(new m.RetrieveAndGenerateStreamCommand(ragInput("stream the summary")));
      let text = "";
      for await (const event of out.stream!) text += event.output?.text ?? "";
      expect(text.length).toBeGreaterThan(0);
      expectStreamMetadata(getGatewayMetadata(out));
    },
  },
  {
    name: "InvokeAgent (event stream)",
    since: "lowest",
    async run(client, m) {
      const out = await client.send(
        new m.InvokeAgentCommand({ agentId: "AGENT12345", agentAliasId: "ALIAS12345", sessionId: "session-1", inputText: "hello agent" }),
      );
      let text = "";
      for await (const event of out.completion!) if (event.chunk?.bytes) text += new TextDecoder().decode(event.chunk.bytes);
      expect(text).toContain("hello agent");
    },
  },
  {
    name: "Rerank",
    since: "latest",
    async run(client, m) {
      const source = (text: string) => ({ type: "INLINE" as const, inlineDocumentSource: { type: "TEXT" as const, textDocument: { text } } });
      const out = await client.send(
        new m.RerankCommand({
          queries: [{ type: "TEXT", textQuery: { text: "red apples" } }],
          sources: [source("bananas"), source("red apples are sweet")],
          rerankingConfiguration: {
            type: "BEDROCK_RERANKING_MODEL",
            bedrockRerankingConfiguration: { numberOfResults: 1, modelConfiguration: { modelArn: "arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0" } },
          },
        }),
      );
      expect(out.results).toHaveLength(1);
    },
  },
];

function ragInput(text: string) {
  return {
    input: { text },
    retrieveAndGenerateConfiguration: {
      type: "KNOWLEDGE_BASE" as const,
      knowledgeBaseConfiguration: { knowledgeBaseId: "KB12345678", modelArn: "anthropic.claude-3-haiku-20240307-v1:0" },
    },
  };
}

const supported = <C, M>(cases: Case<C, M>[], setup: ClientSetup) => cases.filter((c) => c.since === "lowest" || setup.sdk === "latest");

describe.each(CLIENT_SETUPS)("@bedrock-gw/client through `serve --simulate`: $name", (setup) => {
  const options = () => ({ baseUrl: getGateway().url, apiKey: MASTER_KEY });

  it.each(supported(RUNTIME_CASES, setup))("runtime: $name", async ({ run }) => {
    const client = setup.createRuntime(options());
    await run(client, setup.runtime);
    client.destroy();
  });

  it.each(supported(AGENT_CASES, setup))("agent-runtime: $name", async ({ run }) => {
    const client = setup.createAgent(options());
    await run(client, setup.agent);
    client.destroy();
  });

  it("end user, session id and tags reach the gateway's spend log", async () => {
    const endUser = `user-${setup.sdk}-${Math.random().toString(36).slice(2, 8)}`;
    const client = setup.createRuntime({ ...options(), endUser, sessionId: "conversation-9", tags: ["example", setup.sdk] });
    const out = await client.send(new setup.runtime.ConverseCommand({ modelId: "llama", messages: messages("who am I?") }));
    const row = await waitForSpendRow(getGateway().url, getGatewayMetadata(out)!.requestId);
    expect(row).toMatchObject({ end_user: endUser, session_id: "conversation-9", request_tags: ["example", setup.sdk], model_group: "llama" });
    client.destroy();
  });
});
