import { describe, expect, it } from "vitest";
import { isBedrockModelId, stripBedrockPrefix } from "./model-id.js";

describe("stripBedrockPrefix", () => {
  it.each([
    ["bedrock/us.anthropic.claude-3-5-sonnet-20240620-v1:0", "us.anthropic.claude-3-5-sonnet-20240620-v1:0"],
    ["bedrock/converse/amazon.nova-pro-v1:0", "amazon.nova-pro-v1:0"],
    ["bedrock/invoke/anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-haiku-20240307-v1:0"],
    ["bedrock/arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc", "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc"],
    ["bedrock/llama/arn:aws:bedrock:us-east-1:123456789012:imported-model/x1", "arn:aws:bedrock:us-east-1:123456789012:imported-model/x1"],
    ["bedrock/invoke/arn:aws:bedrock:us-west-2:123456789012:custom-model/a/b", "arn:aws:bedrock:us-west-2:123456789012:custom-model/a/b"],
    ["meta.llama3-1-8b-instruct-v1:0", "meta.llama3-1-8b-instruct-v1:0"],
  ])("%s → %s", (model, id) => expect(stripBedrockPrefix(model)).toBe(id));
});

describe("isBedrockModelId", () => {
  it.each([
    "amazon.titan-embed-text-v2:0",
    "global.anthropic.claude-sonnet-4-20250514-v1:0",
    "anthropic.claude-3-5-sonnet-20240620-v1:0:200k",
    "cohere.command-r-v1:0",
    "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2",
    "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc",
    "arn:aws:sagemaker:us-west-2:123456789012:endpoint/my-endpoint",
  ])("accepts %s", (id) => expect(isBedrockModelId(id)).toBe(true));

  it.each(["", "gpt-4o", "openai/gpt-4o", "claude 3", "anthropic.claude v2", "arn:aws:bedrock", "x".repeat(2049)])(
    "rejects %j",
    (id) => expect(isBedrockModelId(id)).toBe(false),
  );
});
