import type { Balancer, DeploymentView } from "./balancer.js";
import { pickUniform } from "./pick-at-random.js";

// fractions that differ by less than this are ties (float noise, e.g. 0.3 vs 0.30000000000000004)
const TIE_EPSILON = 1e-9;

/**
 * `usage-based-routing`: the candidate furthest below its limits, i.e. with the highest remaining fraction of its
 * 60 s window, taking the tighter of rpm and tpm (`min((rpm - rpmUsed) / rpm, (tpm - tpmUsed) / tpm)`). A deployment
 * without rpm/tpm counts as fully free (1). Ties are broken uniformly at random.
 *
 * @example
 * // a: rpm 100, 90 used → 0.1 left; b: rpm 10, 2 used → 0.8 left
 * createUsageBalancer().pick([{ deployment: a, rpmUsed: 90 }, { deployment: b, rpmUsed: 2 }], { random }) // b
 */
export function createUsageBalancer(): Balancer {
  return {
    name: "usage-based-routing",
    needs: ["usage"],
    pick(candidates, context) {
      const remaining = candidates.map(readRemainingFraction);
      const best = Math.max(...remaining);
      const freest = candidates.filter((_, index) => (remaining[index] ?? 0) >= best - TIE_EPSILON);
      return pickUniform(freest, context.random)?.deployment;
    },
  };
}

/**
 * The share of a deployment's rpm/tpm still free in the current window, 0..1 (the tighter limit wins; no limit = 1).
 *
 * @example
 * readRemainingFraction({ deployment: { ...d, rpm: 100, tpm: 1000 }, rpmUsed: 50, tpmUsed: 900 }) // 0.1
 */
export function readRemainingFraction(view: DeploymentView): number {
  const { rpm, tpm } = view.deployment;
  return Math.min(remainingOf(rpm, view.rpmUsed), remainingOf(tpm, view.tpmUsed));
}

function remainingOf(limit: number | undefined, used: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return 1;
  if (!(limit > 0)) return 0;
  return Math.max(0, Math.min(1, (limit - (used ?? 0)) / limit));
}
