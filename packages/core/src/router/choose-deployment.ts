import type { Balancer } from "../balancing/balancer.js";
import type { DeploymentHealth } from "../balancing/deployment-health.js";
import type { AffinityTable } from "../balancing/session-affinity.js";
import type { ResolvedDeployment } from "../config/types.js";

export type Choice =
  /** the chosen deployment: its in-flight slot is taken for the request and one request is counted against its rpm */
  | { kind: "chosen"; deployment: ResolvedDeployment }
  /** nobody left to try: `coolingUntil` holds when each cooling deployment returns, `limitedRetryMs` the rpm/tpm/parallel waits */
  | { kind: "none"; coolingUntil: number[]; limitedRetryMs: number[] };

export interface ChooseDeps {
  health: DeploymentHealth;
  balancer: Balancer;
  random: () => number;
  affinity?: AffinityTable;
}

export interface ChooseRequest {
  /** names the in-flight slot (the request id) */
  slotId: string;
  /** the session's key in the affinity table */
  affinityKey?: string;
}

// a full deployment (max_parallel_requests) frees a slot when one of its calls ends, which nobody can predict
const PARALLEL_RETRY_MS = 1000;

/**
 * Picks the deployment for the next attempt: the ones not tried yet, not cooling down, with a free in-flight slot
 * (`max_parallel_requests`) and under their rpm/tpm, then the session's sticky deployment when it is among them,
 * else the balancing strategy's pick. The chosen deployment's slot is taken and its rpm counted at once, so
 * concurrent calls cannot all take the last slot; the caller releases the slot when the attempt is over.
 */
export async function chooseDeployment(
  deployments: readonly ResolvedDeployment[],
  tried: ReadonlySet<string>,
  deps: ChooseDeps,
  request: ChooseRequest,
): Promise<Choice> {
  const untried = tried.size === 0 ? deployments : deployments.filter((d) => !tried.has(d.id));
  const cooling = await deps.health.isCoolingDown(untried.map((d) => d.id));
  const coolingUntil: number[] = [];
  const warm = untried.filter((d) => {
    const until = cooling.get(d.id);
    if (until !== undefined) coolingUntil.push(until);
    return until === undefined;
  });
  const limitedRetryMs: number[] = [];
  let candidates = warm;
  while (candidates.length > 0) {
    const deployment = await pickOne(candidates, deps, request.affinityKey);
    if (!deployment) break;
    const refusedMs = await reserve(deployment, deps.health, request.slotId);
    if (refusedMs === undefined) {
      if (request.affinityKey && deps.affinity) await deps.affinity.remember(request.affinityKey, deployment.id);
      return { kind: "chosen", deployment };
    }
    limitedRetryMs.push(refusedMs);
    candidates = candidates.filter((d) => d !== deployment);
  }
  return { kind: "none", coolingUntil, limitedRetryMs };
}

/** takes a slot, then counts the request against rpm/tpm; undefined when both fit, else the wait (nothing kept) */
async function reserve(deployment: ResolvedDeployment, health: DeploymentHealth, slotId: string): Promise<number | undefined> {
  // the slot first: a refused slot needs no undoing, a refused rpm only gives the slot back
  const slot = await health.acquireSlot(deployment, slotId);
  if (!slot.allowed) return PARALLEL_RETRY_MS;
  const reserved = await health.reserveRequest(deployment);
  if (reserved.allowed) return undefined;
  await health.releaseSlot(deployment.id, slotId);
  return reserved.retryAfterMs;
}

async function pickOne(candidates: readonly ResolvedDeployment[], deps: ChooseDeps, affinityKey?: string) {
  // one candidate is every strategy's (and every sticky session's) pick: nothing to read from shared state
  if (candidates.length === 1) return candidates[0];
  if (affinityKey && deps.affinity) {
    const sticky = await deps.affinity.lookup(affinityKey);
    const match = sticky === undefined ? undefined : candidates.find((d) => d.id === sticky);
    if (match) return match;
  }
  const views = await deps.health.readViews(candidates, deps.balancer.needs);
  return deps.balancer.pick(views, { random: deps.random });
}
