import type { HeaderReader } from "../internal/header-reader.js";

/** Token and unit counts of one call, as Bedrock reported them. All counts are non-negative integers. */
export interface Usage {
  /** input tokens that were neither read from nor written to the prompt cache (Bedrock's `inputTokens`) */
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  /** all cache-write tokens; split by TTL below when Bedrock says (`cacheDetails`, Anthropic `cache_creation`) */
  cacheWriteInputTokens: number;
  cacheWrite5mInputTokens?: number;
  cacheWrite1hInputTokens?: number;
  /** ApplyGuardrail policy units by policy (`contentPolicyUnits`, `topicPolicyUnits`, ...) */
  guardrailUnits?: Record<string, number>;
}

/** Where the usage of a call was read from. */
export type UsageSource =
  | "body"
  | "headers"
  | "stream-metadata"
  | "invocation-metrics"
  | "anthropic-stream"
  | "agent-trace"
  | "none";

export interface UsageResult {
  /** undefined when the call reported no usage (e.g. an error, or an agent call without traces) */
  usage?: Usage;
  source: UsageSource;
  /** the operation is free of charge (CountTokens) */
  free: boolean;
  /** the stream ended early (client gone, upstream error, truncated): usage is what was seen so far */
  partial: boolean;
  /** the model the response says it used, when it names one (agent traces: `modelInvocationInput.foundationModel`) */
  modelId?: string;
  /** why the usage is doubtful or missing (two in-stream sources disagreed, the body was too large, ...) */
  detail?: string;
}

export type RelayEnd = "complete" | "client-gone" | "upstream-error";

/**
 * Reads the usage of one call from a COPY of what is relayed: response headers, then each chunk as it passes
 * (never retained beyond what usage needs), then the end of the relay.
 */
export interface UsageCollector {
  onHeaders(status: number, headers: HeaderReader): void;
  onChunk(chunk: Uint8Array): void;
  finish(end: RelayEnd): UsageResult;
}

/** Model families whose InvokeModel bodies carry usage in their own fields. */
export type ModelFamily =
  | "anthropic"
  | "nova"
  | "titan-text"
  | "titan-embed"
  | "llama"
  | "mistral"
  | "cohere-command"
  | "cohere-embed"
  | "other";
