import { createAmazonBedrock } from "@ai-sdk/amazon-bedrock";
import type { AmazonBedrockProvider } from "@ai-sdk/amazon-bedrock";

/**
 * The Vercel AI SDK's Bedrock provider pointed at the gateway: `baseURL` is the gateway's Bedrock endpoint and
 * `apiKey` the gateway key, which the provider (v3) sends as a Bedrock API key (`Authorization: Bearer`) instead of
 * SigV4-signing. Without code changes: `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` and `AWS_BEARER_TOKEN_BEDROCK` are its defaults.
 *
 * @example
 * const bedrock = createBedrockProvider({ gatewayUrl: "http://127.0.0.1:4000", apiKey: "sk-..." });
 * const { text } = await generateText({ model: bedrock("claude"), prompt: "Hi" });
 */
export function createBedrockProvider(options: { gatewayUrl: string; apiKey: string; endUser?: string }): AmazonBedrockProvider {
  return createAmazonBedrock({
    baseURL: `${options.gatewayUrl.replace(/\/+$/, "")}/bedrock`,
    apiKey: options.apiKey,
    region: "us-east-1", // unused by the gateway, which picks each deployment's region
    ...(options.endUser ? { headers: { "x-bedrock-gw-end-user": options.endUser } } : {}),
  });
}
