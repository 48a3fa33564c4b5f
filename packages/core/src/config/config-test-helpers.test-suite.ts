import { expect } from "vitest";
import { isConfigError } from "./config-error.js";

/** Runs `run`, expects a ConfigError and returns its issues as `path: message` lines. */
export function readIssues(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(isConfigError(error), String(error)).toBe(true);
    if (isConfigError(error)) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  throw new Error("expected a ConfigError, but the config resolved");
}

/** A minimal valid deployment entry. */
export function deployment(modelName: string, params: Record<string, unknown> = {}, modelInfo?: Record<string, unknown>) {
  return {
    model_name: modelName,
    litellm_params: { model: "bedrock/anthropic.claude-3-haiku-20240307-v1:0", ...params },
    ...(modelInfo !== undefined ? { model_info: modelInfo } : {}),
  };
}
