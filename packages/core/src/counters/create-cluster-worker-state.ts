import { createClusterRpc, readProcessChannel } from "./cluster-rpc.js";
import type { ClusterChannel, ClusterRpc } from "./cluster-rpc.js";
import { createLocalBus } from "./local-bus.js";
import type { SharedState } from "./shared-state.js";
import { createSingleFlight } from "./single-flight.js";

export type { ClusterChannel } from "./cluster-rpc.js";

export interface ClusterWorkerStateOptions {
  /** a call without an answer from the primary after this long fails with `StateUnavailableError` (default 5000) */
  timeoutMs?: number;
  /** default: this process's IPC channel */
  channel?: ClusterChannel;
}

/**
 * `SharedState` for a cluster worker: every call is a round trip to the primary (see `attachClusterStatePrimary`),
 * which holds the one memory state all workers share. Bus messages from any worker reach every subscribed worker.
 *
 * @example
 * if (cluster.isWorker) state = createClusterWorkerState({ timeoutMs: 2000 });
 */
export function createClusterWorkerState(options: ClusterWorkerStateOptions = {}): SharedState {
  const local = createLocalBus();
  const rpc = createClusterRpc({
    channel: options.channel ?? readProcessChannel(),
    timeoutMs: options.timeoutMs ?? 5000,
    onPush: (channel, message) => local.publish(channel, message),
  });
  const { call } = rpc;
  const seeds = createSingleFlight<number>();
  const channels = createChannelSubscriptions(rpc);

  return {
    consume: (...args) => call("consume", args),
    record: (...args) => call("record", args),
    peek: (...args) => call("peek", args),
    async reserveBudget(key, amount, limit, expiresAt, initial) {
      let reply = await call("reserveBudget", [key, amount, limit, expiresAt, null]);
      if (reply === "missing") reply = await call("reserveBudget", [key, amount, limit, expiresAt, await seeds.run(key, initial)]);
      if (reply === "missing") throw new Error(`budget counter "${key}" could not be seeded by the cluster primary`);
      return reply;
    },
    adjustBudget: (...args) => call("adjustBudget", args),
    readBudget: (...args) => call("readBudget", args),
    acquire: (...args) => call("acquire", args),
    release: (...args) => call("release", args),
    countSlots: (...args) => call("countSlots", args),
    setValue: (...args) => call("setValue", args),
    // Missing values cross IPC as null inside the array; the contract says undefined.
    getValues: async (keys) => (await call("getValues", [[...keys]])).map((value) => value ?? undefined),
    publish: (...args) => call("publish", args),
    async subscribe(name, handler) {
      const unsubscribe = local.subscribe(name, handler);
      try {
        await channels.add(name);
      } catch (error) {
        unsubscribe();
        await channels.remove(name);
        throw error;
      }
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        unsubscribe();
        await channels.remove(name);
      };
    },
    async health() {
      try {
        const primary = await call("health", []);
        return { backend: "cluster", status: primary.status, detail: primary.detail ?? `primary holds ${primary.backend} state` };
      } catch (error) {
        return { backend: "cluster", status: "degraded", detail: error instanceof Error ? error.message : String(error) };
      }
    },
    async close() {
      await channels.removeAll();
      rpc.close();
    },
  };
}

/** Which channels this worker asked the primary to forward; one subscription per channel, shared by its handlers. */
function createChannelSubscriptions(rpc: ClusterRpc) {
  const subscribed = new Map<string, { count: number; ready: Promise<unknown> }>();
  return {
    add(name: string): Promise<unknown> {
      const entry = subscribed.get(name);
      if (entry) {
        entry.count += 1;
        return entry.ready;
      }
      const ready = rpc.call("subscribe", [name]);
      subscribed.set(name, { count: 1, ready });
      return ready;
    },
    async remove(name: string) {
      const entry = subscribed.get(name);
      if (!entry) return;
      entry.count -= 1;
      if (entry.count > 0) return;
      subscribed.delete(name);
      await rpc.call("unsubscribe", [name]).catch(() => undefined);
    },
    async removeAll() {
      const names = [...subscribed.keys()];
      subscribed.clear();
      await Promise.all(names.map((name) => rpc.call("unsubscribe", [name]).catch(() => undefined)));
    },
  };
}
