import { createExpiringMap } from "./expiring-map.js";
import type { ExpiringMap } from "./expiring-map.js";
import type { SharedState } from "./shared-state.js";

interface SlotSet {
  /** holder id → when its slot frees itself */
  holders: Map<string, number>;
  /** no holder's slot frees itself later than this: the whole set can be dropped after it */
  expiresAt: number;
  /** no holder's slot frees itself before this: until then a read needs no scan for lapsed holders */
  sweepAt: number;
}

/**
 * The slot operations of the memory state, over their own table. Every operation is O(1) amortized: lapsed holders
 * are looked for only once the earliest expiry may have passed (not on each call, which cost a scan of every
 * holder per call under load), and the set's own expiry is a running maximum.
 */
export function createMemorySlots(clock: () => number): Pick<SharedState, "acquire" | "release" | "countSlots"> & { table: ExpiringMap<SlotSet> } {
  const table = createExpiringMap<SlotSet>();
  const read = (key: string, now: number): SlotSet => {
    const set = table.get(key, now);
    if (set === undefined) return { holders: new Map<string, number>(), expiresAt: 0, sweepAt: Number.POSITIVE_INFINITY };
    if (set.sweepAt <= now) {
      let earliest = Number.POSITIVE_INFINITY;
      set.holders.forEach((expiresAt, id) => {
        if (expiresAt <= now) set.holders.delete(id);
        else if (expiresAt < earliest) earliest = expiresAt;
      });
      set.sweepAt = earliest;
    }
    return set;
  };
  const store = (key: string, set: SlotSet, now: number) => {
    if (set.holders.size === 0) table.delete(key);
    else table.set(key, set, now);
  };
  return {
    table,
    async acquire(key, id, limit, ttlMs) {
      const now = clock();
      const set = read(key, now);
      // A holder asking again keeps its slot (with a fresh TTL) rather than taking a second one.
      const allowed = set.holders.has(id) || set.holders.size < limit;
      if (allowed) {
        const expiresAt = now + ttlMs;
        set.holders.set(id, expiresAt);
        if (expiresAt > set.expiresAt) set.expiresAt = expiresAt;
        if (expiresAt < set.sweepAt) set.sweepAt = expiresAt;
      }
      store(key, set, now);
      return { allowed, current: set.holders.size };
    },
    async release(key, id) {
      const now = clock();
      const set = read(key, now);
      set.holders.delete(id);
      store(key, set, now);
    },
    async countSlots(key) {
      return read(key, clock()).holders.size;
    },
  };
}
