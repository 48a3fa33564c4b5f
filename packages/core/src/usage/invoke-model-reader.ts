import type { HeaderReader } from "../internal/header-reader.js";
import { createBoundedBody } from "./bounded-body.js";
import { createUsage, hasTokenCounts } from "./create-usage.js";
import type { UsageCounts } from "./create-usage.js";
import {
  readAnthropicUsage,
  readCohereUsage,
  readConverseUsage,
  readLlamaUsage,
  readOpenAiUsage,
  readTitanUsage,
} from "./read-provider-usage.js";
import type { ModelFamily, Usage } from "./types.js";
import type { UsageReader, UsageReaderContext, UsageReading } from "./usage-reader.js";

type BodyCounts = (body: Record<string, unknown>) => UsageCounts | undefined;

/** Where each family's native InvokeModel body keeps its usage (fact sheet §2.6). */
const INVOKE_BODY_USAGE: Readonly<Record<ModelFamily, BodyCounts>> = {
  anthropic: (body) => readAnthropicUsage(body.usage),
  nova: (body) => readConverseUsage(body.usage),
  "titan-text": readTitanUsage,
  "titan-embed": readTitanUsage,
  llama: readLlamaUsage,
  mistral: readOpenAiUsage,
  "cohere-command": readCohereUsage,
  "cohere-embed": readCohereUsage,
  other: readOpenAiUsage,
};

// An opaque id (application inference profile) has family "other": its body is tried against every known shape.
// The shapes use distinct field names, so the first one that matches is the right one.
const ALL_BODY_USAGE: readonly BodyCounts[] = [...new Set(Object.values(INVOKE_BODY_USAGE))];

/** The token headers Bedrock adds to InvokeModel responses (fact sheet §2.2); input counts uncached tokens only. */
const TOKEN_HEADERS = [
  ["inputTokens", "x-amzn-bedrock-input-token-count"],
  ["outputTokens", "x-amzn-bedrock-output-token-count"],
  ["cacheReadInputTokens", "x-amzn-bedrock-cache-read-input-token-count"],
  ["cacheWriteInputTokens", "x-amzn-bedrock-cache-write-input-token-count"],
] as const satisfies readonly (readonly [keyof UsageCounts, string])[];

/**
 * InvokeModel: the token-count headers when Bedrock sent them (the body is then not kept or parsed), else the
 * family's body fields. Headers carry no TTL split, so when they report cache writes the body is kept too, only to
 * split those writes into 5-minute and 1-hour ones.
 *
 * @example
 * const reader = createInvokeModelReader({ headers, modelFamily: "anthropic", maxBodyBytes: 8 << 20 });
 */
export function createInvokeModelReader(context: UsageReaderContext): UsageReader {
  const fromHeaders = readTokenHeaders(context.headers);
  const needsBody = fromHeaders === undefined || (fromHeaders.cacheWriteInputTokens ?? 0) > 0;
  const body = needsBody ? createBoundedBody(context.maxBodyBytes) : undefined;
  return {
    onChunk(chunk) {
      body?.push(chunk);
    },
    finish(): UsageReading {
      const json = body?.readJson();
      const fromBody = json === undefined ? undefined : readInvokeBodyCounts(json, context.modelFamily);
      if (fromHeaders !== undefined) return { usage: withTtlSplit(createUsage(fromHeaders), fromBody), source: "headers" };
      if (fromBody !== undefined) return { usage: createUsage(fromBody), source: "body" };
      if (body?.overflowed) {
        return { source: "none", detail: `no token headers and the body exceeded ${context.maxBodyBytes} bytes` };
      }
      return { source: "none" };
    },
  };
}

/** Reads the `X-Amzn-Bedrock-*-Token-Count` headers; undefined unless the input or output count is there. */
export function readTokenHeaders(headers: HeaderReader): UsageCounts | undefined {
  const counts: UsageCounts = {};
  for (const [field, name] of TOKEN_HEADERS) {
    const value = headers.get(name);
    if (value !== null && /^\d+$/.test(value.trim())) counts[field] = Number(value.trim());
  }
  return hasTokenCounts(counts) ? counts : undefined;
}

/** The family's own body reader first, then every other known shape. */
export function readInvokeBodyCounts(body: Record<string, unknown>, family: ModelFamily): UsageCounts | undefined {
  const readOwn = INVOKE_BODY_USAGE[family];
  const own = readOwn(body);
  if (hasTokenCounts(own)) return own;
  for (const read of ALL_BODY_USAGE) {
    if (read === readOwn) continue;
    const counts = read(body);
    if (hasTokenCounts(counts)) return counts;
  }
  return undefined;
}

/** Takes the body's TTL split when it accounts for exactly the cache writes the headers report. */
function withTtlSplit(usage: Usage, fromBody: UsageCounts | undefined): Usage {
  if (fromBody === undefined) return usage;
  const split = createUsage(fromBody);
  if (split.cacheWrite5mInputTokens === undefined || split.cacheWriteInputTokens !== usage.cacheWriteInputTokens) return usage;
  return { ...usage, cacheWrite5mInputTokens: split.cacheWrite5mInputTokens, cacheWrite1hInputTokens: split.cacheWrite1hInputTokens };
}
