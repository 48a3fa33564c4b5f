import { sha256Hex } from "../util/hash-text.js";
import { estimateTokensForLength } from "./estimate-tokens.js";
import type { CacheTtl, PromptSegment } from "./prompt-types.js";

export interface InputUsage {
  /** input tokens neither read from nor written to the cache (Bedrock's `inputTokens`) */
  inputTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
  /** cache writes per TTL, 1h listed before 5m */
  cacheDetails: Array<{ ttl: CacheTtl; inputTokens: number }>;
  /** all input tokens, as CountTokens reports them */
  totalInputTokens: number;
  /** the request had at least one cache point */
  cacheRequested: boolean;
}

export interface PromptCache {
  /** measures a prompt and remembers its cached prefixes */
  measure(modelKey: string, segments: readonly PromptSegment[]): InputUsage;
}

const TTL_MS: Readonly<Record<CacheTtl, number>> = { "5m": 5 * 60_000, "1h": 60 * 60_000 };
/** expired prefixes are swept once this many are remembered, so long runs stay bounded */
const SWEEP_THRESHOLD = 10_000;

interface CachePoint {
  key: string;
  /** characters up to and including the segment that carries the point */
  chars: number;
  ttl: CacheTtl;
}

function listCachePoints(modelKey: string, segments: readonly PromptSegment[]): CachePoint[] {
  const points: CachePoint[] = [];
  let chars = 0;
  let prefix = modelKey;
  // a prefix is hashed only up to the last cache point: nothing after it is ever looked up (most prompts have none)
  const last = segments.findLastIndex((segment) => segment.cachePoint !== undefined);
  for (const segment of segments.slice(0, last + 1)) {
    chars += segment.text.length;
    prefix = sha256Hex(`${prefix}\u0000${segment.text}`);
    if (segment.cachePoint) points.push({ key: prefix, chars, ttl: segment.cachePoint });
  }
  return points;
}

/**
 * Prompt-cache memory for one simulator: the longest prefix (up to a cache point) seen before and not expired is
 * reported as cache read, the prefix beyond it up to the last cache point as cache write (per TTL), the rest as plain
 * input. Token counts are taken over prefix lengths, so they add up to exactly what CountTokens reports.
 *
 * @example
 * const cache = createPromptCache(Date.now);
 * cache.measure("anthropic.claude-3-haiku-20240307-v1:0", [{ text: "long system prompt", cachePoint: "5m" }, { text: "hi" }]);
 */
export function createPromptCache(clock: () => number): PromptCache {
  const expiries = new Map<string, number>();
  return {
    measure(modelKey, segments) {
      const now = clock();
      const totalChars = segments.reduce((sum, segment) => sum + segment.text.length, 0);
      const points = listCachePoints(modelKey, segments);
      let hitIndex = -1;
      points.forEach((point, index) => {
        if ((expiries.get(point.key) ?? 0) > now) hitIndex = index;
      });
      const readChars = hitIndex >= 0 ? points[hitIndex]!.chars : 0;
      const writes: Record<CacheTtl, number> = { "1h": 0, "5m": 0 };
      let previousChars = readChars;
      for (const point of points.slice(hitIndex + 1)) {
        writes[point.ttl] += estimateTokensForLength(point.chars) - estimateTokensForLength(previousChars);
        previousChars = point.chars;
      }
      for (const point of points) expiries.set(point.key, Math.max(expiries.get(point.key) ?? 0, now + TTL_MS[point.ttl]));
      if (expiries.size > SWEEP_THRESHOLD) for (const [key, expiry] of expiries) if (expiry <= now) expiries.delete(key);
      const totalInputTokens = estimateTokensForLength(totalChars);
      const cacheReadInputTokens = estimateTokensForLength(readChars);
      const cacheWriteInputTokens = writes["1h"] + writes["5m"];
      return {
        inputTokens: totalInputTokens - cacheReadInputTokens - cacheWriteInputTokens,
        cacheReadInputTokens,
        cacheWriteInputTokens,
        cacheDetails: (["1h", "5m"] as const).filter((ttl) => writes[ttl] > 0).map((ttl) => ({ ttl, inputTokens: writes[ttl] })),
        totalInputTokens,
        cacheRequested: points.length > 0,
      };
    },
  };
}
