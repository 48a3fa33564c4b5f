import { ChatBedrockConverse } from "@langchain/aws";
import { createProxiedBedrockClient } from "@bedrock-gw/client";
import type { GatewayOptions } from "@bedrock-gw/client";

/**
 * LangChain's `ChatBedrockConverse` on a client from `@bedrock-gw/client`: LangChain builds the Converse calls, the
 * client sends them to the gateway with the gateway key. With no options the client reads `BEDROCK_GW_URL` and
 * `BEDROCK_GW_API_KEY`. `region` is required by LangChain but unused by the gateway.
 *
 * @example
 * const chat = createChatModel("claude", { endUser: "user-42" });
 * const reply = await chat.invoke("What is LangChain?");
 */
export function createChatModel(model: string, gateway: GatewayOptions = {}): ChatBedrockConverse {
  return new ChatBedrockConverse({
    model,
    region: "us-east-1",
    client: createProxiedBedrockClient({ ...gateway, maxAttempts: 2 }),
    maxTokens: 300,
  });
}
