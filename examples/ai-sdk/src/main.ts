// BEDROCK_GW_URL=http://127.0.0.1:4000 BEDROCK_GW_API_KEY=sk-... npm start -w @bedrock-gw/example-ai-sdk
import { createBedrockProvider } from "./create-bedrock-provider.js";
import { answer, embedText, streamAnswer } from "./generate.js";

const gatewayUrl = process.env.BEDROCK_GW_URL;
const apiKey = process.env.BEDROCK_GW_API_KEY;
if (!gatewayUrl || !apiKey) throw new Error("Set BEDROCK_GW_URL (e.g. http://127.0.0.1:4000) and BEDROCK_GW_API_KEY.");

const bedrock = createBedrockProvider({ gatewayUrl, apiKey, endUser: "ai-sdk-example" });
const generated = await answer(bedrock, "claude", "What is the Vercel AI SDK?");
console.log(`generateText: ${generated.text} (${generated.outputTokens} output tokens)`);
process.stdout.write("streamText: ");
await streamAnswer(bedrock, "nova", "Stream a short answer.", (delta) => process.stdout.write(delta));
process.stdout.write("\n");
const vector = await embedText(bedrock, "titan-embed", "bedrock gateway");
console.log(`embed: ${vector.length} dimensions`);
