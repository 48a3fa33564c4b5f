import { createBoundedBody } from "./bounded-body.js";
import { createUsage, hasTokenCounts, readCount, readRecord } from "./create-usage.js";
import { readConverseUsage } from "./read-provider-usage.js";
import type { Usage } from "./types.js";
import type { UsageReader, UsageReaderContext } from "./usage-reader.js";

/** Finds the usage in a parsed JSON response body. */
export type BodyUsageExtractor = (body: Record<string, unknown>) => Usage | undefined;

/**
 * A reader for operations whose usage is in their JSON body (Converse, CountTokens, ApplyGuardrail): it keeps a
 * bounded copy of the body and parses it once, when the relay ends.
 *
 * @example
 * const reader = createJsonBodyReader(context, readConverseBodyUsage);
 */
export function createJsonBodyReader(context: UsageReaderContext, extract: BodyUsageExtractor): UsageReader {
  const body = createBoundedBody(context.maxBodyBytes);
  return {
    onChunk: (chunk) => body.push(chunk),
    finish() {
      if (body.overflowed) {
        return { source: "none", detail: `the response body exceeded ${context.maxBodyBytes} bytes, so its usage was not read` };
      }
      const json = body.readJson();
      const usage = json === undefined ? undefined : extract(json);
      return usage === undefined ? { source: "none" } : { usage, source: "body" };
    },
  };
}

/** Converse: the body's `usage` (fact sheet §2.4). */
export function readConverseBodyUsage(body: Record<string, unknown>): Usage | undefined {
  const counts = readConverseUsage(body.usage);
  return hasTokenCounts(counts) ? createUsage(counts) : undefined;
}

/** CountTokens: `{"inputTokens": n}` (the call is free; the count is kept for the record). */
export function readCountTokensUsage(body: Record<string, unknown>): Usage | undefined {
  const inputTokens = readCount(body.inputTokens);
  return inputTokens === undefined ? undefined : createUsage({ inputTokens });
}

/** ApplyGuardrail: every numeric field of `usage` is a policy-unit count (fact sheet §2.5). */
export function readGuardrailUsage(body: Record<string, unknown>): Usage | undefined {
  const usage = readRecord(body.usage);
  if (usage === undefined) return undefined;
  const guardrailUnits: Record<string, number> = {};
  for (const [name, value] of Object.entries(usage)) {
    const count = readCount(value);
    if (count !== undefined) guardrailUnits[name] = count;
  }
  return { ...createUsage({}), guardrailUnits };
}
