import type { Usage } from "./types.js";

/** Token counts as a response gave them; a count the response did not give stays undefined. */
export interface UsageCounts {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
  cacheWrite5mInputTokens?: number;
  cacheWrite1hInputTokens?: number;
}

/**
 * Builds a `Usage` from the counts a response gave: absent counts are 0, and the cache-write total is never below
 * the sum of its TTL split (the split is kept only when the response gave one).
 *
 * @example
 * createUsage({ inputTokens: 12, outputTokens: 3, cacheWrite1hInputTokens: 100 })
 * // { inputTokens: 12, outputTokens: 3, cacheReadInputTokens: 0, cacheWriteInputTokens: 100,
 * //   cacheWrite5mInputTokens: 0, cacheWrite1hInputTokens: 100 }
 */
export function createUsage(counts: UsageCounts): Usage {
  const split5m = counts.cacheWrite5mInputTokens;
  const split1h = counts.cacheWrite1hInputTokens;
  const usage: Usage = {
    inputTokens: counts.inputTokens ?? 0,
    outputTokens: counts.outputTokens ?? 0,
    cacheReadInputTokens: counts.cacheReadInputTokens ?? 0,
    cacheWriteInputTokens: Math.max(counts.cacheWriteInputTokens ?? 0, (split5m ?? 0) + (split1h ?? 0)),
  };
  if (split5m !== undefined || split1h !== undefined) {
    usage.cacheWrite5mInputTokens = split5m ?? 0;
    usage.cacheWrite1hInputTokens = split1h ?? 0;
  }
  return usage;
}

/** A token count from JSON: a finite non-negative number (floored), else undefined. */
export function readCount(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}

/** The value as a plain JSON object, else undefined. */
export function readRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Follows a path of object keys through parsed JSON; undefined as soon as a step is not an object. */
export function readPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    const record = readRecord(current);
    if (record === undefined) return undefined;
    current = record[key];
  }
  return current;
}

/** True when the response gave input or output tokens: the minimum for counts to be usage. */
export function hasTokenCounts(counts: UsageCounts | undefined): counts is UsageCounts {
  return counts !== undefined && (counts.inputTokens !== undefined || counts.outputTokens !== undefined);
}

/** Adds two usages field by field (agent traces sum their model invocations). */
export function addUsage(a: Usage, b: Usage): Usage {
  const sum: Usage = {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadInputTokens: a.cacheReadInputTokens + b.cacheReadInputTokens,
    cacheWriteInputTokens: a.cacheWriteInputTokens + b.cacheWriteInputTokens,
  };
  if (hasTtlSplit(a) || hasTtlSplit(b)) {
    sum.cacheWrite5mInputTokens = (a.cacheWrite5mInputTokens ?? 0) + (b.cacheWrite5mInputTokens ?? 0);
    sum.cacheWrite1hInputTokens = (a.cacheWrite1hInputTokens ?? 0) + (b.cacheWrite1hInputTokens ?? 0);
  }
  return sum;
}

function hasTtlSplit(usage: Usage): boolean {
  return usage.cacheWrite5mInputTokens !== undefined || usage.cacheWrite1hInputTokens !== undefined;
}
