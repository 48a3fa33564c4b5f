import type { ConsumeResult } from "./shared-state.js";

/** The two sub-windows of one sliding window counter, as stored (index = floor(time / windowMs)). */
export interface WindowCounts {
  index: number;
  current: number;
  previous: number;
}

export type ConsumeMode = "fits" | "under";

/**
 * The counts as seen at `now`: a stored window one step old becomes the previous sub-window, an older one is empty.
 * A stored index ahead of `now` (a clock that stepped back) is kept as current rather than dropped.
 */
export function rollWindow(stored: WindowCounts | undefined, now: number, windowMs: number): WindowCounts {
  const index = Math.floor(now / windowMs);
  if (!stored || stored.index < index - 1) return { index, current: 0, previous: 0 };
  if (stored.index === index - 1) return { index, current: 0, previous: stored.current };
  return { ...stored };
}

/** The sliding total: the current sub-window plus the previous one weighted by how much of it still overlaps. */
export function readSlidingTotal(counts: WindowCounts, now: number, windowMs: number): number {
  const elapsed = now - counts.index * windowMs;
  const weight = Math.min(1, (windowMs - elapsed) / windowMs);
  return counts.current + counts.previous * weight;
}

/** Whether `amount` may be added when the window holds `used` (the one rule memory and Redis share). */
export function isConsumeAllowed(mode: ConsumeMode, used: number, amount: number, limit: number): boolean {
  return mode === "fits" ? used + amount <= limit : used < limit;
}

/**
 * Milliseconds until a refused `consume` would be allowed, assuming nothing else is added meanwhile. A closed-form
 * estimate (the previous sub-window drains linearly, then the current one does) that is then checked with the very
 * rule the decision uses, so `now + retryAfterMs` is allowed and one millisecond earlier is not.
 */
export function computeRetryAfter(
  counts: WindowCounts,
  now: number,
  windowMs: number,
  request: { mode: ConsumeMode; amount: number; limit: number },
): number {
  const { mode, amount, limit } = request;
  const allowedAt = (at: number) => {
    const rolled = rollWindow(counts, at, windowMs);
    return isConsumeAllowed(mode, readSlidingTotal(rolled, at, windowMs), amount, limit);
  };
  if (allowedAt(now)) return 0;
  // Never allowed (e.g. "fits" with amount > limit): report when the window will have drained completely.
  const drained = (counts.index + 2) * windowMs;
  if (!allowedAt(drained)) return Math.max(1, drained - now);
  let estimate = Math.max(1, estimateDrainTime(counts, now, windowMs, request));
  // The estimate is exact up to rounding; walk the last millisecond or two with the real rule.
  while (estimate > 1 && allowedAt(now + estimate - 1)) estimate -= 1;
  while (!allowedAt(now + estimate)) estimate += 1;
  return estimate;
}

function estimateDrainTime(
  counts: WindowCounts,
  now: number,
  windowMs: number,
  request: { mode: ConsumeMode; amount: number; limit: number },
): number {
  const used = readSlidingTotal(counts, now, windowMs);
  const excess = request.mode === "fits" ? used + request.amount - request.limit : used - request.limit;
  const remaining = (counts.index + 1) * windowMs - now;
  const previousLeft = counts.previous * (remaining / windowMs);
  if (counts.previous > 0 && excess < previousLeft) return Math.ceil((excess * windowMs) / counts.previous);
  const excessAtRoll = excess - previousLeft;
  if (excessAtRoll < 0 || counts.current <= 0) return remaining;
  return remaining + Math.ceil((excessAtRoll * windowMs) / counts.current);
}

/** Builds the result of a window operation from the counts the backend decided on. */
export function toConsumeResult(
  allowed: boolean,
  used: number,
  counts: WindowCounts,
  now: number,
  windowMs: number,
  request: { mode: ConsumeMode; amount: number; limit: number },
): ConsumeResult {
  return { allowed, used, retryAfterMs: allowed ? 0 : computeRetryAfter(counts, now, windowMs, request) };
}

/** Rejects a window length no counter can be built on (zero, negative, NaN). */
export function assertWindowMs(windowMs: number): void {
  if (!(windowMs > 0) || !Number.isFinite(windowMs)) {
    throw new RangeError(`windowMs must be a positive number of milliseconds, got ${windowMs}`);
  }
}
