import type { CallShape } from "../client/bench-targets.js";
import { createHttpClient } from "../client/create-http-client.js";
import { runWarmUpLoop } from "../load/run-warm-up-loop.js";
import type { Protocol } from "../options/bench-presets.js";
import type { WarmUpRow } from "../report/bench-results.js";
import type { WorkloadContext } from "./workload-context.js";
import { selectTargets } from "./workload-context.js";

/** What each target is warmed with: the call shapes and protocols the measured workloads use. */
const WARM_UPS: ReadonlyArray<{ protocol: Protocol; shape: CallShape }> = [
  { protocol: "h1", shape: { kind: "converse", bytes: 1024 } },
  { protocol: "h2c", shape: { kind: "converse", bytes: 1024 } },
  { protocol: "h1", shape: { kind: "converse-stream" } },
];

/**
 * Brings every target to its steady state before anything is measured: each one, in turn, gets
 * `preset.warmup.durationMs` of closed-loop load per protocol and call shape it supports, at least one call per
 * connection (nothing is timed). A freshly started Node process runs its code in the interpreter until V8 has seen
 * enough calls to optimize it, and a proxy with more code (the gateway, the peer) needs more calls for that than the
 * bare proxy: without this, W1's first rounds would measure start-up, not the cost paid on every call of a running
 * gateway. Every target gets the same warm-up, the bare proxy and direct included.
 *
 * @example
 * const rows = await warmUpTargets(context); // before W1: calls served and errors per target, protocol and shape
 */
export async function warmUpTargets(context: WorkloadContext): Promise<WarmUpRow[]> {
  const { durationMs, connections } = context.preset.warmup;
  const rows: WarmUpRow[] = [];
  if (durationMs <= 0) return rows;
  context.log(`warm-up: ${durationMs} ms of closed-loop load per target, protocol and call shape`);
  for (const { protocol, shape } of WARM_UPS) {
    for (const target of selectTargets(context.env.targets, protocol, shape, "fast")) {
      const client = createHttpClient(protocol, target.origin("fast")!, connections);
      try {
        const request = await target.prepare(shape, "fast");
        const result = await runWarmUpLoop(client, request, { connections, durationMs });
        rows.push({ target: target.name, protocol, shape: shape.kind, completed: result.completed, errors: result.errors, ...(result.lastError ? { lastError: result.lastError } : {}) });
        if (result.errors > 0) context.log(`warm-up: ${target.name} (${protocol}, ${shape.kind}) had ${result.errors} errors: ${result.lastError ?? ""}`);
      } finally {
        await client.close();
      }
    }
  }
  return rows;
}
