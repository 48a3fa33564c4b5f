/** A Map whose entries carry their own expiry and disappear once it passes. */
export interface ExpiringMap<V extends { expiresAt: number }> {
  /** the live entry, or undefined (an expired one is deleted on the way) */
  get(key: string, now: number): V | undefined;
  set(key: string, value: V, now: number): void;
  delete(key: string): void;
  /** drops every expired entry; returns how many remain */
  sweep(now: number): number;
  readonly size: number;
}

/** Entries below this count are never swept on write (sweeping a small map buys nothing). */
const MIN_SWEEP_SIZE = 1024;

/**
 * Why: counters are keyed by API key and deployment, and keys come and go; expired entries must not pile up. Reads
 * drop what they find expired, and a write that doubles the map since the last sweep sweeps it first, so the map
 * holds at most about twice its live entries without any timer (amortised O(1) per write).
 */
export function createExpiringMap<V extends { expiresAt: number }>(): ExpiringMap<V> {
  const entries = new Map<string, V>();
  let sweepAt = MIN_SWEEP_SIZE;

  const sweep = (now: number) => {
    for (const [key, value] of entries) if (value.expiresAt <= now) entries.delete(key);
    sweepAt = Math.max(MIN_SWEEP_SIZE, entries.size * 2);
    return entries.size;
  };

  return {
    get(key, now) {
      const value = entries.get(key);
      if (value === undefined || value.expiresAt > now) return value;
      entries.delete(key);
      return undefined;
    },
    set(key, value, now) {
      if (entries.size >= sweepAt && !entries.has(key)) sweep(now);
      entries.set(key, value);
    },
    delete(key) {
      entries.delete(key);
    },
    sweep,
    get size() {
      return entries.size;
    },
  };
}
