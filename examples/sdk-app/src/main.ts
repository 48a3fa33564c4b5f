// BEDROCK_GW_URL=http://127.0.0.1:4000 BEDROCK_GW_API_KEY=sk-... npm start -w @bedrock-gw/example-sdk-app
// Against `npx bedrock-gw serve --simulate` (model groups claude, nova, llama; any knowledge base or agent id).
import { askAgent, searchKnowledgeBase } from "./agents.js";
import { ask, streamAnswer } from "./converse.js";
import { createClients } from "./create-clients.js";
import { invokeClaude } from "./invoke.js";

const { runtime, agents } = createClients({ endUser: "sdk-app-example", tags: ["examples"] });

const answer = await ask(runtime, "claude", "What does a gateway in front of Bedrock do?");
console.log(`converse: ${answer.text}`);
console.log(`  tokens ${answer.inputTokens} in / ${answer.outputTokens} out; gateway`, answer.gateway);

process.stdout.write("stream: ");
const streamed = await streamAnswer(runtime, "nova", "Stream a short answer, please.", (delta) => process.stdout.write(delta));
process.stdout.write(`\n  ${streamed.outputTokens} tokens, request ${streamed.requestId}\n`);

console.log(`invoke: ${await invokeClaude(runtime, "claude", "Say hello in Anthropic's native format.")}`);

const passages = await searchKnowledgeBase(agents, "KB12345678", "how are keys checked?");
console.log(`retrieve: ${passages.length} passages, best score ${passages[0]?.score}`);

console.log(`agent: ${await askAgent(agents, { agentId: "AGENT12345", aliasId: "ALIAS12345", sessionId: "sdk-app-1" }, "hello agent")}`);

runtime.destroy();
agents.destroy();
