import nodeCluster from "node:cluster";
import { attachClusterStatePrimary } from "./attach-cluster-state-primary.js";
import type { ClusterLike } from "./attach-cluster-state-primary.js";
import { createClusterWorkerState } from "./create-cluster-worker-state.js";
import { createMemoryState } from "./create-memory-state.js";
import type { SharedState } from "./shared-state.js";

export interface ClusterStateOptions {
  /** default `node:cluster` */
  cluster?: ClusterLike & { readonly isPrimary: boolean };
  /** the primary's clock (epoch ms, default `Date.now`) */
  clock?: () => number;
  /** a worker's call timeout (default 5000 ms) */
  timeoutMs?: number;
}

/**
 * `SharedState` for `serve --workers N` without Redis. In the primary: a memory state served to every worker over
 * IPC (and usable by the primary itself). In a worker: a state whose every call is a round trip to the primary.
 *
 * @example
 * const state = createClusterState(); // same call in the primary and in each worker
 */
export function createClusterState(options: ClusterStateOptions = {}): SharedState {
  const cluster = options.cluster ?? nodeCluster;
  return cluster.isPrimary ? createClusterPrimaryState({ cluster, clock: options.clock }) : createClusterWorkerState({ timeoutMs: options.timeoutMs });
}

/**
 * The primary's side of `createClusterState`: a memory state that serves the cluster's workers until closed.
 *
 * @example
 * const state = createClusterPrimaryState(); // then cluster.fork() the workers
 */
export function createClusterPrimaryState(options: { cluster?: ClusterLike; clock?: () => number } = {}): SharedState {
  const memory = createMemoryState({ clock: options.clock });
  const detach = attachClusterStatePrimary(options.cluster ?? nodeCluster, memory);
  return {
    ...memory,
    async close() {
      detach();
      await memory.close();
    },
  };
}
