// BEDROCK_GW_URL=http://127.0.0.1:4000 BEDROCK_GW_API_KEY=sk-... npm start -w @bedrock-gw/example-langchain
import { chat, streamChat } from "./chat.js";
import { createChatModel } from "./create-chat-model.js";

const model = createChatModel("claude", { endUser: "langchain-example", tags: ["examples"] });
const reply = await chat(model, "You answer in one sentence.", "What does ChatBedrockConverse do?");
console.log(`invoke: ${reply.text} (${reply.outputTokens} output tokens)`);
process.stdout.write("stream: ");
await streamChat(createChatModel("nova"), "Stream a short answer.", (delta) => process.stdout.write(delta));
process.stdout.write("\n");
