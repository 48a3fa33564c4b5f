import { BUS_GAP } from "../counters/shared-state.js";
import type { KeyStore, VirtualKey } from "../keys/virtual-key.js";

export interface KeyCache {
  /** the key record for a hash (from memory when fresh; one store read for concurrent misses) */
  get(keyHash: string): Promise<VirtualKey | undefined>;
  /**
   * drops a hash, so the next call reads the store (revoke, block, update: from any instance via the bus);
   * `BUS_GAP` (`"*"`, the bus may have lost invalidations) drops every record
   */
  invalidate(keyHash: string): void;
}

export interface KeyCacheOptions {
  store: Pick<KeyStore, "getKey">;
  clock: () => number;
  /** how long a record (or a miss) is trusted without an invalidation (default 60 s) */
  ttlMs?: number;
  /** most records kept (default 10,000; the oldest go first) */
  maxEntries?: number;
}

/**
 * Key lookups cached in memory, so authenticating a call costs no database round trip. Changes take effect
 * through `invalidate` (published to every instance on a change), not after the TTL; the TTL only bounds how long
 * a lost invalidation could matter.
 */
export function createKeyCache(options: KeyCacheOptions): KeyCache {
  const ttlMs = options.ttlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, { key: VirtualKey | undefined; loadedAt: number }>();
  const loading = new Map<string, Promise<VirtualKey | undefined>>();
  let generation = 0;
  const generations = new Map<string, number>();
  /** the generation of the last drop-everything; a load that started before it is not cached */
  let clearedAt = 0;

  return {
    async get(keyHash) {
      const entry = entries.get(keyHash);
      if (entry && options.clock() - entry.loadedAt < ttlMs) return entry.key;
      const pending = loading.get(keyHash);
      if (pending) return await pending;
      const startedAt = generations.get(keyHash) ?? 0;
      const clearedBefore = clearedAt;
      const load = options.store
        .getKey(keyHash)
        .then((key) => {
          // an invalidation that arrived while loading wins: the record read may already be stale
          if ((generations.get(keyHash) ?? 0) === startedAt && clearedAt === clearedBefore) {
            if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
            entries.set(keyHash, { key, loadedAt: options.clock() });
          }
          return key;
        })
        .finally(() => loading.delete(keyHash));
      loading.set(keyHash, load);
      return await load;
    },
    invalidate(keyHash) {
      if (keyHash === BUS_GAP) {
        entries.clear();
        loading.clear();
        clearedAt = ++generation;
        return;
      }
      entries.delete(keyHash);
      loading.delete(keyHash);
      generations.set(keyHash, ++generation);
      if (generations.size > maxEntries) generations.delete(generations.keys().next().value!);
    },
  };
}
