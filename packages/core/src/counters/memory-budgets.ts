import { createExpiringMap } from "./expiring-map.js";
import type { ExpiringMap } from "./expiring-map.js";
import type { SharedState } from "./shared-state.js";
import { createSingleFlight } from "./single-flight.js";

interface BudgetEntry {
  value: number;
  expiresAt: number;
}

/** The budget operations of the memory state, over their own table. */
export function createMemoryBudgets(
  clock: () => number,
): Pick<SharedState, "reserveBudget" | "adjustBudget" | "readBudget"> & { table: ExpiringMap<BudgetEntry> } {
  const table = createExpiringMap<BudgetEntry>();
  const seeds = createSingleFlight<number>();
  return {
    table,
    async reserveBudget(key, amount, limit, expiresAt, initial) {
      let entry = table.get(key, clock());
      if (!entry) {
        const seed = await seeds.run(key, initial);
        const now = clock();
        // Concurrent callers share one `initial()`; the first to resume stores it, the others find it stored.
        entry = table.get(key, now);
        if (!entry) {
          entry = { value: seed, expiresAt };
          if (expiresAt > now) table.set(key, entry, now);
        }
      }
      if (entry.value >= limit) return { allowed: false, used: entry.value, retryAfterMs: Math.max(0, entry.expiresAt - clock()) };
      entry.value += amount;
      return { allowed: true, used: entry.value, retryAfterMs: 0 };
    },
    async adjustBudget(key, delta, expiresAt) {
      const now = clock();
      const entry = table.get(key, now);
      if (entry && expiresAt > now) entry.value += delta;
    },
    async readBudget(key) {
      return table.get(key, clock())?.value;
    },
  };
}
