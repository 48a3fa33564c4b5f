import { createH1Client } from "../client/create-h1-client.js";
import { runStreams } from "../load/run-streams.js";
import type { StreamRow } from "../report/bench-results.js";
import { median, summarizeLatencies } from "../stats/summarize-samples.js";
import { runRounds } from "./run-rounds.js";
import { toLatencyRows } from "./to-latency-rows.js";
import type { WorkloadContext } from "./workload-context.js";
import { selectTargets } from "./workload-context.js";

/**
 * W4: ConverseStream one stream at a time (HTTP/1.1), the simulator pausing `chunkDelayMs` between events: time to
 * the first complete event frame and the gaps between frames, against direct's in the same round. A proxy that
 * holds an event back shows as a long gap followed by a short one, which raises the gap p99.
 *
 * @example
 * const { rows } = await measureStreamTiming(context);
 */
export async function measureStreamTiming(context: WorkloadContext): Promise<{ chunkDelayMs: number; rows: StreamRow[] }> {
  const { w4 } = context.preset;
  const shape = { kind: "converse-stream" } as const;
  const targets = selectTargets(context.env.targets, "h1", shape, "fast");
  const clients = new Map(targets.map((target) => [target.name, createH1Client(target.origin("fast")!, 1)]));
  context.log(`W4 streams: ${w4.streams} per target and round`);
  try {
    const byTarget = await runRounds(w4.rounds, targets, async (target) => {
      const result = await runStreams(clients.get(target.name)!, await target.prepare(shape, "fast"), w4.streams, w4.warmup);
      return { result, first: summarizeLatencies(result.firstEvents), gaps: summarizeLatencies(result.gaps) };
    });
    const firstRows = toLatencyRows(new Map([...byTarget].map(([name, rounds]) => [name, rounds.map((r) => ({ p50: r.first.p50, p99: r.first.p99, errors: r.result.errors }))])));
    const gapRows = toLatencyRows(new Map([...byTarget].map(([name, rounds]) => [name, rounds.map((r) => ({ p50: r.gaps.p50, p99: r.gaps.p99, errors: 0 }))])));
    const rows = firstRows.map((first, i) => {
      const rounds = byTarget.get(first.target)!;
      const lastError = rounds.map((round) => round.result.lastError).find((error) => error !== undefined);
      return {
        target: first.target,
        firstEventP50: first.p50,
        addedFirstEventP50: first.addedP50,
        gapP99: gapRows[i]!.p99,
        addedGapP99: gapRows[i]!.addedP99,
        eventsPerStream: median(rounds.flatMap((round) => round.result.events)),
        errors: first.errors,
        ...(lastError ? { lastError } : {}),
      };
    });
    return { chunkDelayMs: w4.chunkDelayMs, rows };
  } finally {
    await Promise.all([...clients.values()].map((client) => client.close()));
  }
}
