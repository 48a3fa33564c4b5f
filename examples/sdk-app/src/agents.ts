import { InvokeAgentCommand, RetrieveCommand } from "@aws-sdk/client-bedrock-agent-runtime";
import type { BedrockAgentRuntimeClient } from "@aws-sdk/client-bedrock-agent-runtime";

/**
 * Searches a knowledge base (Retrieve) and returns the passages with their scores.
 *
 * @example
 * const passages = await searchKnowledgeBase(agents, "KB12345678", "refund policy");
 */
export async function searchKnowledgeBase(
  client: BedrockAgentRuntimeClient,
  knowledgeBaseId: string,
  query: string,
): Promise<{ text: string; score: number }[]> {
  const output = await client.send(new RetrieveCommand({ knowledgeBaseId, retrievalQuery: { text: query } }));
  return (output.retrievalResults ?? []).map((result) => ({ text: result.content?.text ?? "", score: result.score ?? 0 }));
}

/**
 * Asks a Bedrock agent (InvokeAgent); its answer arrives as an event stream of chunks.
 *
 * @example
 * const reply = await askAgent(agents, { agentId: "AGENT12345", aliasId: "ALIAS12345", sessionId: "s-1" }, "Book a table");
 */
export async function askAgent(
  client: BedrockAgentRuntimeClient,
  agent: { agentId: string; aliasId: string; sessionId: string },
  text: string,
): Promise<string> {
  const output = await client.send(
    new InvokeAgentCommand({ agentId: agent.agentId, agentAliasId: agent.aliasId, sessionId: agent.sessionId, inputText: text }),
  );
  let reply = "";
  for await (const event of output.completion ?? []) {
    if (event.chunk?.bytes) reply += new TextDecoder().decode(event.chunk.bytes);
  }
  return reply;
}
