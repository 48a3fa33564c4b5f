import type { ResolvedDeployment } from "../config/types.js";

/**
 * What a balancer knows about one candidate deployment when it picks. Only the fields named in the balancer's
 * `needs` are read from shared state (a field that is not needed is left out, so `simple-shuffle` costs no reads).
 */
export interface DeploymentView {
  deployment: ResolvedDeployment;
  /** requests in flight on this deployment now, across every gateway instance; absent = not read (counts as 0) */
  inFlight?: number;
  /** recent latency (exponentially smoothed) in ms; absent = no recent measurement */
  latencyMs?: number;
  /** requests sent to it in the last 60 s; absent = not read (counts as 0) */
  rpmUsed?: number;
  /** tokens it processed in the last 60 s; absent = not read (counts as 0) */
  tpmUsed?: number;
}

/** The measurements a balancer reads; the router fetches only these before it calls `pick`. */
export type BalancerNeed = "inFlight" | "latency" | "usage";

/** Per-pick inputs, injected so picks are deterministic in tests. */
export interface PickContext {
  /** uniform in [0, 1), like `Math.random` (values outside are clamped) */
  random: () => number;
}

/**
 * Chooses one deployment among candidates. The candidates are already healthy: the router has removed the ones
 * cooling down or over their rpm/tpm/parallel limits. `pick` never returns anything outside the list, returns
 * `undefined` only for an empty list, and never mutates the list.
 */
export interface Balancer {
  /** the strategy name, e.g. `least-busy` */
  readonly name: string;
  readonly needs: readonly BalancerNeed[];
  pick(candidates: readonly DeploymentView[], context: PickContext): ResolvedDeployment | undefined;
}
