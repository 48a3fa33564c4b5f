import { isArn } from "./aws-regions.js";

// LiteLLM route prefixes after `bedrock/`: `converse/` and `invoke/` pick LiteLLM's API, and a provider route such as
// `llama/`, `deepseek_r1/` or `qwen3/` in front of an imported-model ARN picks its request format. None of them is
// part of the Bedrock model id.
const ROUTE_PREFIX = /^(?:converse|invoke)\//;
const PROVIDER_ROUTE_BEFORE_ARN = /^[a-z0-9_-]+\/(?=arn:)/;

/**
 * Removes LiteLLM's `bedrock/` provider prefix and its route prefixes from a `model` value.
 *
 * @example
 * stripBedrockPrefix("bedrock/us.anthropic.claude-3-5-sonnet-20240620-v1:0") // "us.anthropic.claude-3-5-sonnet-20240620-v1:0"
 * stripBedrockPrefix("bedrock/converse/amazon.nova-pro-v1:0")                // "amazon.nova-pro-v1:0"
 * stripBedrockPrefix("bedrock/llama/arn:aws:bedrock:us-east-1:123456789012:imported-model/abc")
 * // "arn:aws:bedrock:us-east-1:123456789012:imported-model/abc"
 */
export function stripBedrockPrefix(model: string): string {
  if (!model.startsWith("bedrock/")) return model;
  return model.slice("bedrock/".length).replace(ROUTE_PREFIX, "").replace(PROVIDER_ROUTE_BEFORE_ARN, "");
}

// `provider.model-name-vN:M`, with an optional geo prefix (`us.`, `eu.`, `global.`) that is itself a dotted segment.
const MODEL_ID = /^[a-z0-9-]+\.[A-Za-z0-9._:-]+$/;
const MAX_MODEL_ID_LENGTH = 2048;

/**
 * True when `value` is a plausible Bedrock model id, inference-profile id or ARN (no prefix). Catches other
 * providers' models (`gpt-4o`, `openai/gpt-4o`) and typos with spaces or slashes.
 *
 * @example
 * isBedrockModelId("amazon.titan-embed-text-v2:0")                                         // true
 * isBedrockModelId("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/x") // true
 * isBedrockModelId("gpt-4o")                                                               // false
 */
export function isBedrockModelId(value: string): boolean {
  if (value.length === 0 || value.length > MAX_MODEL_ID_LENGTH) return false;
  if (value.startsWith("arn:")) return isArn(value) && !/\s/.test(value);
  return MODEL_ID.test(value);
}
