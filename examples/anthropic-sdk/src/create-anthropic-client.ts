import { AnthropicBedrock } from "@anthropic-ai/bedrock-sdk";

/**
 * Anthropic's Bedrock client pointed at the gateway. Two settings change, nothing else:
 * - `baseURL`: the gateway's Bedrock endpoint (`…/bedrock`) instead of `https://bedrock-runtime.<region>.amazonaws.com`;
 * - `apiKey`: the gateway key. The SDK (1.x) treats it as a Bedrock API key and sends `Authorization: Bearer <key>`
 *   instead of SigV4-signing, so no AWS credentials are needed or looked up.
 * The same works with no code at all: `ANTHROPIC_BEDROCK_BASE_URL` and `AWS_BEARER_TOKEN_BEDROCK` are its defaults.
 *
 * @example
 * const client = createAnthropicClient({ gatewayUrl: "http://127.0.0.1:4000", apiKey: "sk-..." });
 */
export function createAnthropicClient(options: { gatewayUrl: string; apiKey: string; endUser?: string }): AnthropicBedrock {
  return new AnthropicBedrock({
    baseURL: `${options.gatewayUrl.replace(/\/+$/, "")}/bedrock`,
    apiKey: options.apiKey,
    awsRegion: "us-east-1", // unused by the gateway, which picks each deployment's region
    maxRetries: 1,
    ...(options.endUser ? { defaultHeaders: { "x-bedrock-gw-end-user": options.endUser } } : {}),
  });
}
