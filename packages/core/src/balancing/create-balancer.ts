import type { RoutingStrategy } from "../config/types.js";
import type { Balancer } from "./balancer.js";
import type { LatencyBalancerOptions } from "./latency-based-routing.js";
import { createLatencyBalancer } from "./latency-based-routing.js";
import { createLeastBusyBalancer } from "./least-busy.js";
import { createSimpleShuffleBalancer } from "./simple-shuffle.js";
import { createUsageBalancer } from "./usage-based-routing.js";

/** Strategy arguments (LiteLLM's `routing_strategy_args`); each strategy reads only its own. */
export interface BalancerOptions {
  latency?: LatencyBalancerOptions;
}

const FACTORIES: Record<RoutingStrategy, (options: BalancerOptions) => Balancer> = {
  "simple-shuffle": () => createSimpleShuffleBalancer(),
  "least-busy": () => createLeastBusyBalancer(),
  "latency-based-routing": (options) => createLatencyBalancer(options.latency),
  "usage-based-routing": () => createUsageBalancer(),
};

/**
 * Creates the balancer for a `router_settings.routing_strategy`.
 *
 * @example
 * const balancer = createBalancer("latency-based-routing", { latency: { buffer: 0.2 } });
 * balancer.needs // ["latency"]: read only recent latencies before picking
 */
export function createBalancer(strategy: RoutingStrategy, options: BalancerOptions = {}): Balancer {
  return FACTORIES[strategy](options);
}
