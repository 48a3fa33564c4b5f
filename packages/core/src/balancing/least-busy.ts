import type { Balancer } from "./balancer.js";
import { pickUniform } from "./pick-at-random.js";

/**
 * `least-busy`: the candidate with the fewest requests in flight (across instances, from shared state); ties are
 * broken uniformly at random, so equally idle deployments share the load. An unread in-flight count counts as 0.
 *
 * @example
 * createLeastBusyBalancer().pick([{ deployment: a, inFlight: 3 }, { deployment: b, inFlight: 1 }], { random }) // b
 */
export function createLeastBusyBalancer(): Balancer {
  return {
    name: "least-busy",
    needs: ["inFlight"],
    pick(candidates, context) {
      const fewest = Math.min(...candidates.map((view) => view.inFlight ?? 0));
      const idlest = candidates.filter((view) => (view.inFlight ?? 0) === fewest);
      return pickUniform(idlest, context.random)?.deployment;
    },
  };
}
