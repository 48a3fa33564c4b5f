import type { UpstreamName } from "../client/bench-targets.js";
import { createH1Client } from "../client/create-h1-client.js";
import { runSequential } from "../load/run-sequential.js";
import type { BodySize } from "../options/bench-presets.js";
import type { W1Case } from "../report/bench-results.js";
import { summarizeLatencies } from "../stats/summarize-samples.js";
import { runRounds } from "./run-rounds.js";
import { toLatencyRows } from "./to-latency-rows.js";
import type { WorkloadContext } from "./workload-context.js";
import { selectTargets } from "./workload-context.js";

async function measureCase(context: WorkloadContext, size: BodySize, upstream: UpstreamName, rounds: number): Promise<W1Case> {
  const shape = { kind: "converse", bytes: size.bytes } as const;
  const targets = selectTargets(context.env.targets, "h1", shape, upstream);
  const clients = new Map(targets.map((target) => [target.name, createH1Client(target.origin(upstream)!, 1)]));
  try {
    const byTarget = await runRounds(rounds, targets, async (target) => {
      const request = await target.prepare(shape, upstream);
      const result = await runSequential(clients.get(target.name)!, request, size.count, size.warmup);
      const summary = summarizeLatencies(result.latencies);
      return { p50: summary.p50, p99: summary.p99, errors: result.errors, ...(result.lastError ? { lastError: result.lastError } : {}) };
    });
    return { label: size.label, bytes: size.bytes, upstream, rows: toLatencyRows(byTarget) };
  } finally {
    await Promise.all([...clients.values()].map((client) => client.close()));
  }
}

/**
 * W1: sequential Converse calls on one keep-alive HTTP/1.1 connection, per body size against the zero-latency
 * simulator and once (1 KB) against the 60 ms one; added latency is each target's percentile minus direct's.
 *
 * @example
 * const cases = await measureSequentialLatency(context);
 */
export async function measureSequentialLatency(context: WorkloadContext): Promise<W1Case[]> {
  const { w1 } = context.preset;
  const cases: W1Case[] = [];
  for (const size of w1.sizes) {
    context.log(`W1 sequential ${size.label}`);
    cases.push(await measureCase(context, size, "fast", w1.rounds));
  }
  context.log(`W1 sequential ${w1.slow.label}`);
  cases.push(await measureCase(context, w1.slow, "slow", Math.min(3, w1.rounds)));
  return cases;
}
