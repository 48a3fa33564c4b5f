import { describe, expect, it } from "vitest";
import { resolveBaseModelId, resolveModelFamily } from "./resolve-model-family.js";

describe("resolveBaseModelId", () => {
  it.each([
    ["anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-haiku-20240307-v1:0"],
    ["us.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0"],
    ["eu.amazon.nova-pro-v1:0", "amazon.nova-pro-v1:0"],
    ["apac.amazon.nova-lite-v1:0", "amazon.nova-lite-v1:0"],
    ["jp.anthropic.claude-haiku-4-5-20251001-v1:0", "anthropic.claude-haiku-4-5-20251001-v1:0"],
    ["au.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0"],
    ["us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0"],
    ["global.anthropic.claude-opus-4-5-20251101-v1:0", "anthropic.claude-opus-4-5-20251101-v1:0"],
    ["us.deepseek.r1-v1:0", "deepseek.r1-v1:0"],
    ["arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0", "amazon.titan-embed-text-v2:0"],
    [
      "arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.meta.llama3-3-70b-instruct-v1:0",
      "us.meta.llama3-3-70b-instruct-v1:0",
    ],
    ["arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-haiku-20240307-v1:0"],
    ["us.anthropic.claude-3-haiku-20240307-v1%3A0", "anthropic.claude-3-haiku-20240307-v1:0"],
  ])("%s → %s", (id, base) => {
    expect(resolveBaseModelId(id)).toBe(base);
  });

  it.each([
    "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz",
    "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc",
    "arn:aws:bedrock:us-east-1:123456789012:custom-model/anthropic.claude-v2/abc",
    "arn:aws:bedrock:us-east-1:123456789012:imported-model/abc",
    "arn:aws:s3:::bucket/key",
  ])("%s names no model", (arn) => {
    expect(resolveBaseModelId(arn)).toBeUndefined();
  });

  it("does not strip a prefix that is the whole provider", () => {
    expect(resolveBaseModelId("us.x")).toBe("us.x");
  });
});

describe("resolveModelFamily", () => {
  it.each([
    ["anthropic.claude-3-5-haiku-20241022-v1:0", "anthropic"],
    ["global.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic"],
    ["us.amazon.nova-premier-v1:0", "nova"],
    ["amazon.nova-2-lite-v1:0", "nova"],
    ["amazon.titan-text-express-v1", "titan-text"],
    ["amazon.titan-tg1-large", "titan-text"],
    ["amazon.titan-embed-text-v2:0", "titan-embed"],
    ["us.meta.llama4-scout-17b-instruct-v1:0", "llama"],
    ["mistral.mistral-large-2407-v1:0", "mistral"],
    ["cohere.command-r-plus-v1:0", "cohere-command"],
    ["cohere.embed-english-v3", "cohere-embed"],
    ["openai.gpt-oss-120b-1:0", "other"],
    ["us.deepseek.r1-v1:0", "other"],
    ["arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "anthropic"],
    ["arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-1-8b-instruct-v1:0", "llama"],
    ["arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123", "other"],
  ] as const)("%s → %s", (id, family) => {
    expect(resolveModelFamily(id)).toBe(family);
  });
});
