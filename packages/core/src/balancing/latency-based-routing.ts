import type { Balancer } from "./balancer.js";
import { pickUniform } from "./pick-at-random.js";

/** LiteLLM's `routing_strategy_args.lowest_latency_buffer` default. */
export const DEFAULT_LATENCY_BUFFER = 0.1;

export interface LatencyBalancerOptions {
  /** candidates within `lowest × (1 + buffer)` are picked among at random (default 0.1); 0 = always the fastest */
  buffer?: number;
}

/**
 * `latency-based-routing`: picks uniformly among the candidates whose recent latency is within
 * `lowest × (1 + buffer)`. A candidate with no recent latency counts as the fastest (latency 0), so a new or
 * long-idle deployment is tried and measured before the known ones are preferred again.
 *
 * @example
 * const balancer = createLatencyBalancer({ buffer: 0.1 });
 * balancer.pick([{ deployment: a, latencyMs: 100 }, { deployment: b, latencyMs: 105 }, { deployment: c, latencyMs: 300 }], { random })
 * // a or b (105 ≤ 110), never c
 */
export function createLatencyBalancer(options: LatencyBalancerOptions = {}): Balancer {
  const buffer = options.buffer ?? DEFAULT_LATENCY_BUFFER;
  if (!(buffer >= 0) || !Number.isFinite(buffer)) {
    throw new RangeError(`latency buffer must be a finite number >= 0, got ${String(options.buffer)}`);
  }
  return {
    name: "latency-based-routing",
    needs: ["latency"],
    pick(candidates, context) {
      const latencies = candidates.map((view) => readLatency(view.latencyMs));
      const threshold = Math.min(...latencies) * (1 + buffer);
      const fast = candidates.filter((_, index) => (latencies[index] ?? 0) <= threshold);
      return pickUniform(fast, context.random)?.deployment;
    },
  };
}

function readLatency(latencyMs: number | undefined): number {
  return latencyMs !== undefined && Number.isFinite(latencyMs) && latencyMs > 0 ? latencyMs : 0;
}
