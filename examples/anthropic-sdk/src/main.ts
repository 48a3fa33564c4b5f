// BEDROCK_GW_URL=http://127.0.0.1:4000 BEDROCK_GW_API_KEY=sk-... npm start -w @bedrock-gw/example-anthropic-sdk
import { createAnthropicClient } from "./create-anthropic-client.js";
import { askClaude, streamClaude } from "./messages.js";

const gatewayUrl = process.env.BEDROCK_GW_URL;
const apiKey = process.env.BEDROCK_GW_API_KEY;
if (!gatewayUrl || !apiKey) throw new Error("Set BEDROCK_GW_URL (e.g. http://127.0.0.1:4000) and BEDROCK_GW_API_KEY.");

const client = createAnthropicClient({ gatewayUrl, apiKey, endUser: "anthropic-sdk-example" });
const answer = await askClaude(client, "claude", "What is a model group?");
console.log(`messages.create: ${answer.text} (${answer.outputTokens} output tokens)`);
process.stdout.write("messages.stream: ");
await streamClaude(client, "claude", "Stream a short answer.", (delta) => process.stdout.write(delta));
process.stdout.write("\n");
