/**
 * State that several gateway processes must agree on: rate windows, budget spend, parallel requests, cooldowns,
 * latency stats, and a message bus for cache invalidation. Implementations: in memory (one process), Redis
 * (instances and workers), and cluster IPC (`serve --workers N` without Redis: the primary holds the state).
 * Every implementation passes one shared suite. All operations are atomic per key. A backend that cannot be reached
 * rejects calls at once with `StateUnavailableError` (never waits for it to return); `createResilientState` turns
 * that into serving on local counters.
 */
export interface SharedState {
  /**
   * Adds `amount` to a sliding window counter if allowed, atomically:
   * - mode "fits": allowed when used + amount <= limit (request counts: rpm);
   * - mode "under": allowed when used < limit (tokens and spend, whose amount is only known afterwards).
   * When refused nothing is added, and `retryAfterMs` says when enough of the window will have expired.
   * The window is sliding (two fixed sub-windows, the older one weighted by its remaining overlap).
   */
  consume(key: string, amount: number, limit: number, windowMs: number, mode: "fits" | "under"): Promise<ConsumeResult>;
  /** adds `amount` (may be negative) to the same sliding window counter without a limit (settling actual usage) */
  record(key: string, amount: number, windowMs: number): Promise<void>;
  /** the sliding window total now */
  peek(key: string, windowMs: number): Promise<number>;

  /**
   * A counter for a fixed period that ends at `expiresAt` (budgets: spend in the current budget window).
   * `reserveBudget` adds `amount` when the total before it is < limit; `adjustBudget` adds a delta unconditionally.
   * `initial` seeds a counter that does not exist yet (e.g. spend already in the database for this window).
   * A counter past its `expiresAt` no longer exists (`readBudget` gives undefined; the next reservation seeds it
   * again). Concurrent reservations of a missing counter run one `initial()` per process; across processes the first
   * seed stored wins. `adjustBudget` changes only a live counter of a period not yet over (`expiresAt` > now): on a
   * missing counter it does nothing, because the next `reserveBudget` seeds it from `initial()`, which already holds
   * settled spend; seeding it from a lone delta would hide the period's earlier spend.
   */
  reserveBudget(key: string, amount: number, limit: number, expiresAt: number, initial: () => Promise<number>): Promise<ConsumeResult>;
  adjustBudget(key: string, delta: number, expiresAt: number): Promise<void>;
  readBudget(key: string): Promise<number | undefined>;

  /** takes one slot of `limit` concurrent slots for `id`; a slot not released within `ttlMs` frees itself (a crashed process) */
  acquire(key: string, id: string, limit: number, ttlMs: number): Promise<{ allowed: boolean; current: number }>;
  release(key: string, id: string): Promise<void>;
  /** slots taken now */
  countSlots(key: string): Promise<number>;

  /** a value that expires (cooldowns, latency stats) */
  setValue(key: string, value: string, ttlMs: number): Promise<void>;
  getValues(keys: readonly string[]): Promise<Array<string | undefined>>;

  /** cross-process messages (key revocation); handlers run in every process, the publisher's included */
  publish(channel: string, message: string): Promise<void>;
  /**
   * `handler` gets every message published on `channel` while this process is connected to the shared backend, and
   * `BUS_GAP` once delivery resumes after messages may have been lost (the backend was unreachable, or the
   * subscription's connection was re-established): whatever the missed messages would have said must be assumed.
   */
  subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>>;

  /** "ok", or why the shared backend is not in use right now (e.g. Redis down, serving on local counters) */
  health(): Promise<{ backend: string; status: "ok" | "degraded"; detail?: string }>;
  close(): Promise<void>;
}

export interface ConsumeResult {
  allowed: boolean;
  /** the total after the operation (or the current total when refused) */
  used: number;
  /** when refused: ms until the request could be allowed (for Retry-After) */
  retryAfterMs: number;
}

/**
 * Delivered to bus handlers instead of a message when messages on their channel may have been missed: a handler
 * that keeps copies (a key cache) drops them all. Never a published message (publishers send key hashes).
 */
export const BUS_GAP = "*";
