import {
  InvokeAgentCommand,
  RerankCommand,
  RetrieveAndGenerateCommand,
  RetrieveAndGenerateStreamCommand,
  RetrieveCommand,
} from "@aws-sdk/client-bedrock-agent-runtime";
import { describe, expect, it } from "vitest";
import { TRANSPORTS, captureResponseHeaders, collectEvents, useAgentClient, useSimulator } from "./simulator-harness.test-suite.js";

const MODEL_ARN = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
const ragConfiguration = {
  type: "KNOWLEDGE_BASE" as const,
  knowledgeBaseConfiguration: { knowledgeBaseId: "KB12345678", modelArn: MODEL_ARN },
};

describe.each(TRANSPORTS)("bedrock-agent-runtime over %s", (transport) => {
  it("Retrieve returns deterministic results, best first, as many as asked", async () => {
    const simulator = await useSimulator();
    const client = useAgentClient(simulator.url, { transport });
    const input = {
      knowledgeBaseId: "KB12345678",
      retrievalQuery: { text: "refund policy" },
      retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 3 } },
    };
    const first = await client.send(new RetrieveCommand(input));
    const second = await client.send(new RetrieveCommand(input));
    expect(first.retrievalResults).toHaveLength(3);
    expect(second.retrievalResults).toEqual(first.retrievalResults);
    expect(first.retrievalResults?.[0]).toMatchObject({ content: { type: "TEXT" }, location: { type: "S3" }, score: 0.9 });
    expect(first.retrievalResults?.[0]?.content?.text).toContain("refund policy");
    expect(simulator.requests[0]).toMatchObject({ service: "bedrock-agent-runtime", operation: "Retrieve", labels: { knowledgeBaseId: "KB12345678" } });
  });

  it("RetrieveAndGenerate answers with citations and keeps a given session", async () => {
    const simulator = await useSimulator();
    const client = useAgentClient(simulator.url, { transport });
    const fresh = await client.send(new RetrieveAndGenerateCommand({ input: { text: "What is the refund policy?" }, retrieveAndGenerateConfiguration: ragConfiguration }));
    expect(fresh.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(fresh.output?.text).toContain("What is the refund policy?");
    expect(fresh.citations?.[0]?.retrievedReferences).toHaveLength(2);
    const followUp = await client.send(
      new RetrieveAndGenerateCommand({ sessionId: fresh.sessionId, input: { text: "And exchanges?" }, retrieveAndGenerateConfiguration: ragConfiguration }),
    );
    expect(followUp.sessionId).toBe(fresh.sessionId);
  });

  it("RetrieveAndGenerateStream streams output then a citation, with the session header", async () => {
    const simulator = await useSimulator();
    const client = useAgentClient(simulator.url, { transport });
    const headers = captureResponseHeaders(client);
    const response = await client.send(new RetrieveAndGenerateStreamCommand({ input: { text: "Summarize the policy" }, retrieveAndGenerateConfiguration: ragConfiguration }));
    const events = await collectEvents(response.stream);
    const text = events.map((event) => event.output?.text ?? "").join("");
    expect(text).toContain("Summarize the policy");
    expect(events.at(-1)?.citation?.retrievedReferences).toHaveLength(2);
    expect(response.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers[0]?.["x-amzn-bedrock-knowledge-base-session-id"]).toBe(response.sessionId);
    expect(headers[0]?.["content-type"]).toBe("application/vnd.amazon.eventstream");
  });

  it("InvokeAgent streams the answer in chunks, with orchestration traces carrying usage when enableTrace is set", async () => {
    const simulator = await useSimulator();
    const client = useAgentClient(simulator.url, { transport });
    const response = await client.send(
      new InvokeAgentCommand({ agentId: "AGENT12345", agentAliasId: "TSTALIASID", sessionId: "session-1", inputText: "Book a table", enableTrace: true, memoryId: "mem-1" }),
    );
    expect(response.sessionId).toBe("session-1");
    expect(response.contentType).toBe("application/json");
    expect(response.memoryId).toBe("mem-1");
    const events = await collectEvents(response.completion);
    const answer = events.map((event) => (event.chunk?.bytes ? Buffer.from(event.chunk.bytes).toString("utf8") : "")).join("");
    expect(answer).toContain("Book a table");
    const usage = events.map((event) => event.trace?.trace?.orchestrationTrace?.modelInvocationOutput?.metadata?.usage).find(Boolean);
    expect(usage).toEqual({ inputTokens: 253, outputTokens: Math.ceil(answer.length / 4) });
    const trace = events.find((event) => event.trace)?.trace;
    expect(trace).toMatchObject({ agentId: "AGENT12345", agentAliasId: "TSTALIASID", sessionId: "session-1", agentVersion: "DRAFT" });
    expect(trace?.eventTime).toBeInstanceOf(Date);

    const quiet = await client.send(new InvokeAgentCommand({ agentId: "AGENT12345", agentAliasId: "ALIAS1", sessionId: "session-1", inputText: "Hi" }));
    const quietEvents = await collectEvents(quiet.completion);
    expect(quietEvents.map((event) => Object.keys(event).filter((key) => key !== "$unknown"))).toEqual([["chunk"]]);
  });

  it("Rerank orders sources by relevance to the query", async () => {
    const simulator = await useSimulator();
    const client = useAgentClient(simulator.url, { transport });
    const source = (text: string) => ({ type: "INLINE" as const, inlineDocumentSource: { type: "TEXT" as const, textDocument: { text } } });
    const response = await client.send(
      new RerankCommand({
        queries: [{ type: "TEXT", textQuery: { text: "red apples" } }],
        sources: [source("bananas are yellow"), source("red apples are sweet"), source("apples")],
        rerankingConfiguration: {
          type: "BEDROCK_RERANKING_MODEL",
          bedrockRerankingConfiguration: { numberOfResults: 2, modelConfiguration: { modelArn: "arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0" } },
        },
      }),
    );
    expect(response.results).toEqual([
      { index: 1, relevanceScore: 1 },
      { index: 2, relevanceScore: 0.5 },
    ]);
  });
});

describe("bedrock-agent-runtime validation", () => {
  it("rejects ids outside their patterns", async () => {
    const simulator = await useSimulator();
    const client = useAgentClient(simulator.url);
    await expect(
      client.send(new InvokeAgentCommand({ agentId: "not-valid!", agentAliasId: "A", sessionId: "s-1", inputText: "x" })),
    ).rejects.toMatchObject({ name: "ValidationException" });
    await expect(client.send(new RetrieveCommand({ knowledgeBaseId: "KB1", retrievalQuery: undefined as never }))).rejects.toMatchObject({
      name: "ValidationException",
      message: "1 validation error detected: Value null at 'retrievalQuery' failed to satisfy constraint: Member must not be null",
    });
  });
});
