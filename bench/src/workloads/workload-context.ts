import type { BenchTarget, CallShape, UpstreamName } from "../client/bench-targets.js";
import type { Protocol, BenchPreset } from "../options/bench-presets.js";
import type { BenchEnvironment } from "../processes/start-bench-environment.js";

/** What every workload gets: the counts, the running services, the targets, and a progress line writer. */
export interface WorkloadContext {
  preset: BenchPreset;
  env: BenchEnvironment;
  log(line: string): void;
}

/**
 * The targets that can run a call shape on a protocol against an upstream (the peer only does Converse over
 * HTTP/1.1 against the zero-latency simulator).
 *
 * @example
 * selectTargets(context.env.targets, "h2c", { kind: "converse", bytes: 1024 }, "fast"); // direct, bare, gateway
 */
export function selectTargets(targets: readonly BenchTarget[], protocol: Protocol, shape: CallShape, upstream: UpstreamName): BenchTarget[] {
  return targets.filter((target) => target.supports(protocol, shape) && target.origin(upstream) !== undefined);
}
