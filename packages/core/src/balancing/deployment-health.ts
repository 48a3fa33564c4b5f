import type { ResolvedDeployment } from "../config/types.js";
import type { SharedState } from "../counters/shared-state.js";
import type { BalancerNeed, DeploymentView } from "./balancer.js";
import type { CooldownSettings, DeploymentFailure, FailureOutcome } from "./deployment-cooldowns.js";
import { createDeploymentCooldowns } from "./deployment-cooldowns.js";
import { createDeploymentKeyFormatter } from "./deployment-keys.js";
import type { DeploymentSnapshot } from "./deployment-snapshot.js";
import { readDeploymentSnapshots, readDeploymentViews } from "./deployment-snapshot.js";
import type { LimitCheck } from "./deployment-usage.js";
import { createDeploymentUsage } from "./deployment-usage.js";
import { createLatencyTracker } from "./latency-tracker.js";

export interface DeploymentHealthDeps {
  state: SharedState;
  /** epoch ms */
  clock: () => number;
  settings: CooldownSettings;
  /** weight of the newest latency sample (default 0.25) */
  latencyAlpha?: number;
  /** how long a latency average outlives its last sample (default 1 h, LiteLLM's latency `ttl`) */
  latencyTtlMs?: number;
}

export interface DeploymentHealth {
  /** folds a successful call's latency (time to response headers, for a stream) into the shared average */
  recordSuccess(id: string, latencyMs: number): Promise<void>;
  /** counts a failure and cools the deployment down when due (see `createDeploymentCooldowns`) */
  recordFailure(id: string, failure: DeploymentFailure): Promise<FailureOutcome>;
  /** id → cooling down until (epoch ms), or undefined when available; one read for all ids */
  isCoolingDown(ids: readonly string[]): Promise<Map<string, number | undefined>>;
  /** takes an in-flight slot for `slotId` (e.g. the request id); refused at `max_parallel_requests` */
  acquireSlot(deployment: ResolvedDeployment, slotId: string): Promise<{ allowed: boolean; inFlight: number }>;
  releaseSlot(id: string, slotId: string): Promise<void>;
  /** under its rpm and tpm now? (counts nothing) */
  checkDeploymentLimits(deployment: ResolvedDeployment): Promise<LimitCheck>;
  /** counts one request against rpm when it fits and tpm has room; counts nothing when refused */
  reserveRequest(deployment: ResolvedDeployment): Promise<LimitCheck>;
  /** adds the tokens a call used to the deployment's tpm window */
  recordTokens(id: string, tokens: number): Promise<void>;
  /** the measurements a balancer needs, read for each candidate (nothing else is read) */
  readViews(deployments: readonly ResolvedDeployment[], needs: readonly BalancerNeed[]): Promise<DeploymentView[]>;
  /** everything known about each deployment, for `/model/info` */
  snapshot(deployments: readonly ResolvedDeployment[]): Promise<DeploymentSnapshot[]>;
}

/** LiteLLM's default call timeout; an in-flight slot of a deployment without `timeout` frees itself after it. */
export const DEFAULT_SLOT_TTL_MS = 600_000;
// a finite "no limit", since a Redis script cannot take Infinity
const UNLIMITED = Number.MAX_SAFE_INTEGER;

/**
 * Per-deployment health shared by every gateway instance: cooldowns, in-flight slots, a latency average and
 * rpm/tpm usage, all under `dep:{id}:...` keys of `state`.
 *
 * @example
 * const health = createDeploymentHealth({ state, clock: Date.now, settings: { allowedFails: 3, cooldownTimeSec: 5 } });
 * const cooling = await health.isCoolingDown(group.map((d) => d.id));
 * const views = await health.readViews(group.filter((d) => cooling.get(d.id) === undefined), balancer.needs);
 */
export function createDeploymentHealth(deps: DeploymentHealthDeps): DeploymentHealth {
  const { state } = deps;
  const cooldowns = createDeploymentCooldowns(deps);
  const usage = createDeploymentUsage(state);
  const latency = createLatencyTracker({
    state,
    ...(deps.latencyAlpha !== undefined ? { alpha: deps.latencyAlpha } : {}),
    ...(deps.latencyTtlMs !== undefined ? { ttlMs: deps.latencyTtlMs } : {}),
  });
  const parts = { state, cooldowns, usage, latency };
  const slotsKey = createDeploymentKeyFormatter("inflight");

  return {
    recordSuccess: (id, latencyMs) => latency.record(id, latencyMs),
    async recordFailure(id, failure) {
      const [outcome] = await Promise.all([
        cooldowns.recordFailure(id, failure),
        failure.kind === "timeout" && failure.latencyMs !== undefined ? latency.record(id, failure.latencyMs) : undefined,
      ]);
      return outcome;
    },
    isCoolingDown: (ids) => cooldowns.isCoolingDown(ids),
    async acquireSlot(deployment, slotId) {
      const limit = deployment.maxParallelRequests ?? UNLIMITED;
      const ttlMs = deployment.timeoutMs ?? DEFAULT_SLOT_TTL_MS;
      const { allowed, current } = await state.acquire(slotsKey(deployment.id), slotId, limit, ttlMs);
      return { allowed, inFlight: current };
    },
    releaseSlot: (id, slotId) => state.release(slotsKey(id), slotId),
    checkDeploymentLimits: (deployment) => usage.checkDeploymentLimits(deployment),
    reserveRequest: (deployment) => usage.reserveRequest(deployment),
    recordTokens: (id, tokens) => usage.recordTokens(id, tokens),
    readViews: (deployments, needs) => readDeploymentViews(parts, deployments, needs),
    snapshot: (deployments) => readDeploymentSnapshots(parts, deployments),
  };
}
