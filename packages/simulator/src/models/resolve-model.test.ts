import { describe, expect, it } from "vitest";
import { SimulatedError } from "../errors/simulated-error.js";
import { createModelResolver } from "./resolve-model.js";

const resolveModel = createModelResolver({ "acme.custom-v1": "llama" });

function messageOf(label: string, onDemand = true): string {
  try {
    resolveModel(label, onDemand);
  } catch (error) {
    if (error instanceof SimulatedError) return `${error.errorName}: ${error.message}`;
    throw error;
  }
  return "resolved";
}

describe("createModelResolver", () => {
  it("resolves base ids, geo and global profiles, and model ARNs to a family", () => {
    expect(resolveModel("anthropic.claude-3-haiku-20240307-v1:0")).toMatchObject({ family: "anthropic", kind: "base" });
    for (const prefix of ["us.", "eu.", "apac.", "jp.", "au.", "us-gov.", "global."]) {
      expect(resolveModel(`${prefix}anthropic.claude-sonnet-4-20250514-v1:0`)).toMatchObject({
        baseModelId: "anthropic.claude-sonnet-4-20250514-v1:0",
        kind: "profile",
      });
    }
    expect(resolveModel("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0").family).toBe("nova");
    expect(resolveModel("arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.meta.llama3-3-70b-instruct-v1:0").family).toBe("llama");
    expect(resolveModel("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123def456")).toEqual({
      label: "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123def456",
      kind: "arn",
    });
    expect(resolveModel("acme.custom-v1").family).toBe("llama");
  });

  it("rejects unknown ids as Bedrock does", () => {
    for (const label of ["", "anthropic.claude-nope", "xx.anthropic.claude-3-haiku-20240307-v1:0", "arn:aws:bedrock:us-east-1:123456789012:guardrail/abc", "x".repeat(2049)]) {
      expect(messageOf(label)).toBe("ValidationException: The provided model identifier is invalid.");
    }
  });

  it("asks for an inference profile when a profile-only model is called by its base id, except for CountTokens", () => {
    expect(messageOf("anthropic.claude-sonnet-4-20250514-v1:0")).toMatch(
      /^ValidationException: Invocation of model ID anthropic\.claude-sonnet-4-20250514-v1:0 with on-demand throughput isn’t supported\./,
    );
    expect(messageOf("anthropic.claude-sonnet-4-20250514-v1:0", false)).toBe("resolved");
  });
});
