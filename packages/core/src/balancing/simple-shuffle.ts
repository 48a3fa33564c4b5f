import type { ResolvedDeployment } from "../config/types.js";
import type { Balancer, DeploymentView } from "./balancer.js";
import { pickWeighted } from "./pick-at-random.js";

interface WeightBasis {
  field: "weight" | "rpm" | "tpm";
  /** the weight of a candidate that does not set the field, given the values the others set */
  missing: (given: readonly number[]) => number;
}

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

// LiteLLM's order: `weight`, else `rpm`, else `tpm`, else even. An unset weight means the usual default of 1
// (`weight: 2` next to an unset one is 2:1); an unset rpm/tpm is an unknown capacity, so it gets an average share.
const BASES: readonly WeightBasis[] = [
  { field: "weight", missing: () => 1 },
  { field: "rpm", missing: mean },
  { field: "tpm", missing: mean },
];

/**
 * `simple-shuffle`: a weighted random pick. The weights come from the first of `weight`, `rpm`, `tpm` that any
 * candidate sets; a candidate without it counts as weight 1 (for `weight`) or the mean of the others (for `rpm`
 * and `tpm`). A weight of 0 is never picked unless every weight is 0; with none set the pick is even.
 *
 * @example
 * const balancer = createSimpleShuffleBalancer();
 * balancer.pick([{ deployment: a }, { deployment: b }], { random: Math.random }) // a or b; 3× b if b.weight = 3
 */
export function createSimpleShuffleBalancer(): Balancer {
  return {
    name: "simple-shuffle",
    needs: [],
    pick(candidates, context) {
      const deployments = candidates.map((view) => view.deployment);
      return pickWeighted(deployments, resolveWeights(candidates), context.random);
    },
  };
}

function resolveWeights(candidates: readonly DeploymentView[]): number[] {
  for (const basis of BASES) {
    const values = candidates.map((view) => readField(view.deployment, basis.field));
    const given = values.filter((value): value is number => value !== undefined);
    if (given.length === 0) continue;
    const fill = basis.missing(given);
    return values.map((value) => value ?? fill);
  }
  return candidates.map(() => 1);
}

function readField(deployment: ResolvedDeployment, field: WeightBasis["field"]): number | undefined {
  const value = deployment[field];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
