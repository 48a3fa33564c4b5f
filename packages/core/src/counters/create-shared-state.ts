import { createClusterPrimaryState } from "./create-cluster-state.js";
import { createClusterWorkerState } from "./create-cluster-worker-state.js";
import { createMemoryState } from "./create-memory-state.js";
import { createRedisState } from "./create-redis-state.js";
import { createResilientState } from "./create-resilient-state.js";
import type { ResilientStateLogger } from "./create-resilient-state.js";
import type { SharedState } from "./shared-state.js";

export interface SharedStateConfig {
  /** `redis_url`: every process and instance shares state through this Redis */
  redisUrl?: string;
  /** the process's role under `serve --workers N`; undefined for a single process */
  cluster?: "primary" | "worker" | undefined;
  logger?: ResilientStateLogger;
  /** Redis key and channel prefix (default `bedrock-gw:`) */
  redisPrefix?: string;
}

/**
 * The `SharedState` a gateway process should use:
 * - `redisUrl` set: Redis, wrapped by `createResilientState` with a memory fallback (in every process, workers
 *   included: each talks to Redis itself);
 * - a cluster worker without Redis: a round trip to the primary per call;
 * - the cluster primary without Redis: a memory state served to the workers over IPC;
 * - otherwise: memory.
 *
 * @example
 * const state = createSharedState({ redisUrl: config.redisUrl, cluster: cluster.isPrimary ? "primary" : "worker", logger });
 */
export function createSharedState(config: SharedStateConfig = {}): SharedState {
  if (config.redisUrl) {
    return createResilientState({
      primary: createRedisState({ url: config.redisUrl, prefix: config.redisPrefix }),
      fallback: createMemoryState(),
      logger: config.logger,
    });
  }
  if (config.cluster === "worker") return createClusterWorkerState();
  if (config.cluster === "primary") return createClusterPrimaryState();
  return createMemoryState();
}
