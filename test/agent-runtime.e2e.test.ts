import {
  InvokeAgentCommand,
  RetrieveAndGenerateCommand,
  RetrieveAndGenerateStreamCommand,
  RetrieveCommand,
} from "@aws-sdk/client-bedrock-agent-runtime";
import { describe, expect, it } from "vitest";
import { TRANSPORTS, createAgentClient } from "./support/clients.js";
import { MASTER_KEY, useE2eEnvironment } from "./support/fixtures.js";

const getEnv = useE2eEnvironment();

describe.each(TRANSPORTS)("bedrock-agent-runtime through the gateway (%s)", (transport) => {
  const client = () => createAgentClient(getEnv().gateway.url, MASTER_KEY, transport);

  it("Retrieve reaches the knowledge base, SigV4-signed with the defaults' region", async () => {
    const out = await client().send(new RetrieveCommand({ knowledgeBaseId: "KB12345678", retrievalQuery: { text: "what is bedrock?" } }));
    expect(out.retrievalResults?.length).toBeGreaterThan(0);
    const [seen] = getEnv().simulator.requests;
    expect(seen).toMatchObject({ service: "bedrock-agent-runtime", operation: "Retrieve", auth: "sigv4", signatureValid: true });
    expect(seen?.region).toBe("eu-west-1");
    // the client's own (dummy) signature and the gateway key never travel upstream
    expect(seen?.accessKeyId).not.toBe("unused");
    expect(seen?.headers["x-bedrock-gw-api-key"]).toBeUndefined();
  });

  it("RetrieveAndGenerate and its stream pass through", async () => {
    const input = {
      input: { text: "summarise the docs" },
      retrieveAndGenerateConfiguration: {
        type: "KNOWLEDGE_BASE" as const,
        knowledgeBaseConfiguration: { knowledgeBaseId: "KB12345678", modelArn: "anthropic.claude-3-haiku-20240307-v1:0" },
      },
    };
    const out = await client().send(new RetrieveAndGenerateCommand(input));
    expect(out.output?.text).toBeTruthy();
    const stream = await client().send(new RetrieveAndGenerateStreamCommand(input));
    let text = "";
    for await (const event of stream.stream!) text += event.output?.text ?? "";
    expect(text.length).toBeGreaterThan(0);
    expect(getEnv().simulator.requests.every((r) => r.signatureValid)).toBe(true);
  });

  it("InvokeAgent streams its completion with the agent headers relayed", async () => {
    const out = await client().send(
      new InvokeAgentCommand({ agentId: "AGENT12345", agentAliasId: "ALIAS12345", sessionId: "session-1", inputText: "hello agent", enableTrace: true }),
    );
    expect(out.sessionId).toBe("session-1");
    let text = "";
    let traces = 0;
    for await (const event of out.completion!) {
      if (event.chunk?.bytes) text += new TextDecoder().decode(event.chunk.bytes);
      if (event.trace) traces++;
    }
    expect(text).toContain("hello agent");
    expect(traces).toBeGreaterThan(0);
    const [seen] = getEnv().simulator.requests;
    expect(seen).toMatchObject({ operation: "InvokeAgent", path: "/agents/AGENT12345/agentAliases/ALIAS12345/sessions/session-1/text" });
  });
});
