import { createExpiringMap } from "./expiring-map.js";
import { createLocalBus } from "./local-bus.js";
import { createMemoryBudgets } from "./memory-budgets.js";
import { createMemorySlots } from "./memory-slots.js";
import type { SharedState } from "./shared-state.js";
import { assertWindowMs, isConsumeAllowed, readSlidingTotal, rollWindow, toConsumeResult } from "./sliding-window.js";
import type { WindowCounts } from "./sliding-window.js";

export interface MemoryStateOptions {
  /** epoch milliseconds (default `Date.now`) */
  clock?: () => number;
  /** how often a background sweep drops expired entries (default 60 000; 0 = only the sweeps done on write) */
  sweepIntervalMs?: number;
}

/** The in-process `SharedState`, plus hooks to observe its memory. */
export interface MemoryState extends SharedState {
  /** drops every expired entry now; returns how many entries remain */
  sweep(): number;
  /** entries held (windows, budgets, slot sets, values), expired ones not yet swept included */
  countEntries(): number;
}

type WindowEntry = WindowCounts & { expiresAt: number };

/**
 * `SharedState` for one process: sliding windows, budgets, slots, expiring values and a local bus. Atomic because
 * every check-and-add runs synchronously on one thread; memory stays bounded because expired entries are dropped
 * on access, on writes that double a table, and by an unref'd periodic sweep.
 *
 * @example
 * const state = createMemoryState();
 * const { allowed, retryAfterMs } = await state.consume(`rpm:${keyHash}`, 1, 60, 60_000, "fits");
 */
export function createMemoryState(options: MemoryStateOptions = {}): MemoryState {
  const clock = options.clock ?? Date.now;
  const windows = createExpiringMap<WindowEntry>();
  const budgets = createMemoryBudgets(clock);
  const slots = createMemorySlots(clock);
  const values = createExpiringMap<{ value: string; expiresAt: number }>();
  const tables = [windows, budgets.table, slots.table, values];
  const bus = createLocalBus();
  const sweep = () => tables.reduce((total, table) => total + table.sweep(clock()), 0);
  const interval = options.sweepIntervalMs ?? 60_000;
  const timer = interval > 0 ? setInterval(sweep, interval).unref() : undefined;

  const windowKey = (key: string, windowMs: number) => {
    assertWindowMs(windowMs);
    return `${windowMs}:${key}`;
  };
  /** adds to the stored entry in place when it is the sub-window `counts` was read from, else stores a new one */
  const addToWindow = (mapKey: string, windowMs: number, stored: WindowEntry | undefined, counts: WindowCounts, amount: number, now: number) => {
    if (stored !== undefined && stored.index === counts.index) {
      // same sub-window, so the same expiry (two windows after it starts): no new entry, no second lookup
      stored.current = counts.current + amount;
      return;
    }
    windows.set(mapKey, { index: counts.index, current: counts.current + amount, previous: counts.previous, expiresAt: (counts.index + 2) * windowMs }, now);
  };

  return {
    async consume(key, amount, limit, windowMs, mode) {
      const now = clock();
      const mapKey = windowKey(key, windowMs);
      const stored = windows.get(mapKey, now);
      const counts = rollWindow(stored, now, windowMs);
      const used = readSlidingTotal(counts, now, windowMs);
      const allowed = isConsumeAllowed(mode, used, amount, limit);
      if (allowed) addToWindow(mapKey, windowMs, stored, counts, amount, now);
      return toConsumeResult(allowed, allowed ? used + amount : used, counts, now, windowMs, { mode, amount, limit });
    },
    async record(key, amount, windowMs) {
      const now = clock();
      const mapKey = windowKey(key, windowMs);
      const stored = windows.get(mapKey, now);
      addToWindow(mapKey, windowMs, stored, rollWindow(stored, now, windowMs), amount, now);
    },
    async peek(key, windowMs) {
      const now = clock();
      return readSlidingTotal(rollWindow(windows.get(windowKey(key, windowMs), now), now, windowMs), now, windowMs);
    },
    reserveBudget: budgets.reserveBudget,
    adjustBudget: budgets.adjustBudget,
    readBudget: budgets.readBudget,
    acquire: slots.acquire,
    release: slots.release,
    countSlots: slots.countSlots,
    async setValue(key, value, ttlMs) {
      const now = clock();
      if (ttlMs > 0) values.set(key, { value, expiresAt: now + ttlMs }, now);
      else values.delete(key);
    },
    async getValues(keys) {
      const now = clock();
      return keys.map((key) => values.get(key, now)?.value);
    },
    async publish(channel, message) {
      bus.publish(channel, message);
    },
    async subscribe(channel, handler) {
      const unsubscribe = bus.subscribe(channel, handler);
      return async () => unsubscribe();
    },
    async health() {
      return { backend: "memory", status: "ok" };
    },
    async close() {
      if (timer) clearInterval(timer);
    },
    sweep,
    countEntries: () => tables.reduce((total, table) => total + table.size, 0),
  };
}
