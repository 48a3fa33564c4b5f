import { createExpiringMap } from "./expiring-map.js";
import type { ExpiringMap } from "./expiring-map.js";
import type { SharedState } from "./shared-state.js";

interface SlotSet {
  /** holder id → when its slot frees itself */
  holders: Map<string, number>;
  /** the latest holder's expiry: the whole set is dropped after it */
  expiresAt: number;
}

/** The slot operations of the memory state, over their own table. */
export function createMemorySlots(clock: () => number): Pick<SharedState, "acquire" | "release" | "countSlots"> & { table: ExpiringMap<SlotSet> } {
  const table = createExpiringMap<SlotSet>();
  const read = (key: string, now: number) => {
    const set = table.get(key, now) ?? { holders: new Map<string, number>(), expiresAt: 0 };
    for (const [id, expiresAt] of set.holders) if (expiresAt <= now) set.holders.delete(id);
    return set;
  };
  const store = (key: string, set: SlotSet, now: number) => {
    set.expiresAt = Math.max(0, ...set.holders.values());
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
      if (allowed) set.holders.set(id, now + ttlMs);
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
