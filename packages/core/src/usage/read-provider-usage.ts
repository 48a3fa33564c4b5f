import { readCount, readPath, readRecord } from "./create-usage.js";
import type { UsageCounts } from "./create-usage.js";

// Each reader takes one provider's usage-bearing JSON and returns the counts it names, or undefined when the JSON
// does not have that provider's shape. Field names: fact sheet §2.4, §2.6, §4.3, §4.4.

/**
 * Converse / ConverseStream `usage` (also Nova's stream `metadata.usage`): `inputTokens` excludes cached tokens;
 * `cacheDetails[{ttl, inputTokens}]` splits the cache writes by TTL.
 *
 * @example
 * readConverseUsage({ inputTokens: 5, outputTokens: 7, cacheWriteInputTokens: 9, cacheDetails: [{ ttl: "1h", inputTokens: 9 }] })
 */
export function readConverseUsage(value: unknown): UsageCounts | undefined {
  const usage = readRecord(value);
  if (usage === undefined) return undefined;
  const counts: UsageCounts = {
    inputTokens: readCount(usage.inputTokens),
    outputTokens: readCount(usage.outputTokens),
    // Nova's native names, so one reader serves Converse and Nova's own bodies and stream metadata
    cacheReadInputTokens: readCount(usage.cacheReadInputTokens ?? usage.cacheReadInputTokenCount),
    cacheWriteInputTokens: readCount(usage.cacheWriteInputTokens ?? usage.cacheWriteInputTokenCount),
    ...readCacheDetails(usage.cacheDetails),
  };
  return counts.inputTokens === undefined && counts.outputTokens === undefined ? undefined : counts;
}

function readCacheDetails(value: unknown): Pick<UsageCounts, "cacheWrite5mInputTokens" | "cacheWrite1hInputTokens"> {
  if (!Array.isArray(value) || value.length === 0) return {};
  let fiveMinutes = 0;
  let oneHour = 0;
  for (const detail of value) {
    const record = readRecord(detail);
    const tokens = readCount(record?.inputTokens) ?? 0;
    // an unknown TTL stays in the unsplit remainder, which is priced as a 5-minute write
    if (record?.ttl === "5m") fiveMinutes += tokens;
    else if (record?.ttl === "1h") oneHour += tokens;
  }
  return { cacheWrite5mInputTokens: fiveMinutes, cacheWrite1hInputTokens: oneHour };
}

/**
 * Anthropic Messages `usage` (InvokeModel body, stream `message_start.message.usage` / `message_delta.usage`):
 * `input_tokens` excludes cached tokens; `cache_creation` splits the writes by TTL.
 *
 * @example
 * readAnthropicUsage({ input_tokens: 10, output_tokens: 2, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 })
 */
export function readAnthropicUsage(value: unknown): UsageCounts | undefined {
  const usage = readRecord(value);
  if (usage === undefined) return undefined;
  const split = readRecord(usage.cache_creation);
  const counts: UsageCounts = {
    inputTokens: readCount(usage.input_tokens),
    outputTokens: readCount(usage.output_tokens),
    cacheReadInputTokens: readCount(usage.cache_read_input_tokens),
    cacheWriteInputTokens: readCount(usage.cache_creation_input_tokens),
  };
  if (split !== undefined) {
    counts.cacheWrite5mInputTokens = readCount(split.ephemeral_5m_input_tokens) ?? 0;
    counts.cacheWrite1hInputTokens = readCount(split.ephemeral_1h_input_tokens) ?? 0;
  }
  return counts.inputTokens === undefined && counts.outputTokens === undefined ? undefined : counts;
}

/** Titan text `{inputTextTokenCount, results[{tokenCount}]}`; Titan embeddings carry only `inputTextTokenCount`. */
export function readTitanUsage(body: Record<string, unknown>): UsageCounts | undefined {
  const inputTokens = readCount(body.inputTextTokenCount);
  if (inputTokens === undefined) return undefined;
  let outputTokens = 0;
  if (Array.isArray(body.results)) for (const result of body.results) outputTokens += readCount(readRecord(result)?.tokenCount) ?? 0;
  return { inputTokens, outputTokens };
}

/** Meta Llama `{prompt_token_count, generation_token_count}` (bodies and stream chunks alike). */
export function readLlamaUsage(body: Record<string, unknown>): UsageCounts | undefined {
  const counts: UsageCounts = {
    inputTokens: readCount(body.prompt_token_count),
    outputTokens: readCount(body.generation_token_count),
  };
  return counts.inputTokens === undefined && counts.outputTokens === undefined ? undefined : counts;
}

/** OpenAI-style `usage{prompt_tokens, completion_tokens}` (Bedrock's OpenAI models, Mistral chat-completion bodies). */
export function readOpenAiUsage(body: Record<string, unknown>): UsageCounts | undefined {
  const usage = readRecord(body.usage);
  const counts: UsageCounts = {
    inputTokens: readCount(usage?.prompt_tokens),
    outputTokens: readCount(usage?.completion_tokens),
  };
  return counts.inputTokens === undefined && counts.outputTokens === undefined ? undefined : counts;
}

/** Cohere `meta.billed_units{input_tokens, output_tokens}`, when a Cohere body carries it. */
export function readCohereUsage(body: Record<string, unknown>): UsageCounts | undefined {
  const billed = readRecord(readPath(body, ["meta", "billed_units"]));
  const counts: UsageCounts = {
    inputTokens: readCount(billed?.input_tokens),
    outputTokens: readCount(billed?.output_tokens),
  };
  return counts.inputTokens === undefined && counts.outputTokens === undefined ? undefined : counts;
}
