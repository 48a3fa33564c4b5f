import type { TargetName } from "../client/bench-targets.js";
import { createH1Client } from "../client/create-h1-client.js";
import type { HttpClient } from "../client/http-client.js";
import { runOpenLoop } from "../load/run-open-loop.js";
import { waitForQuiet } from "../processes/wait-for-quiet.js";
import type { W2Rate } from "../report/bench-results.js";
import { median, summarizeLatencies } from "../stats/summarize-samples.js";
import { runRounds } from "./run-rounds.js";
import { toLatencyRows } from "./to-latency-rows.js";
import type { WorkloadContext } from "./workload-context.js";
import { selectTargets } from "./workload-context.js";

/**
 * A rate counts as sustained when no round had an error, the median round delivered at least this share of it, and
 * the median latency stayed under the bound (a standing queue shows in the median long before requests fail).
 */
const SUSTAINED_SHARE = 0.95;
const SUSTAINED_P50_MS = 10;

/**
 * The highest rate at which a target had no error and kept up: median achieved ≥ 95 % of the rate, p50 ≤ 10 ms.
 *
 * @example
 * findSustainedRate(rates, "bare"); // 2000
 */
export function findSustainedRate(rates: readonly W2Rate[], target: TargetName): number | undefined {
  const sustained = rates.filter((rate) => {
    const row = rate.rows.find((r) => r.target === target);
    return row !== undefined && isSustained(row, rate.rate);
  });
  return sustained.length > 0 ? Math.max(...sustained.map((rate) => rate.rate)) : undefined;
}

function isSustained(row: W2Rate["rows"][number], rate: number): boolean {
  return row.errors === 0 && row.achievedRps >= SUSTAINED_SHARE * rate && row.p50 <= SUSTAINED_P50_MS;
}

/**
 * W2: open-loop Converse (1 KB, HTTP/1.1) at fixed rates, lowest first: achieved rate, p50/p99 from the scheduled
 * send time, and errors (including requests still open after the drain time). A target that did not sustain a rate
 * is not driven at higher ones (it would only queue), and the workload ends when direct itself cannot keep up.
 *
 * @example
 * const { rates, bareSustainedRate } = await measureFixedRates(context);
 */
export async function measureFixedRates(context: WorkloadContext): Promise<{ rates: W2Rate[]; bareSustainedRate?: number; notes: string[] }> {
  const { w2 } = context.preset;
  const shape = { kind: "converse", bytes: 1024 } as const;
  let targets = selectTargets(context.env.targets, "h1", shape, "fast");
  const clients = new Map<TargetName, HttpClient>(targets.map((target) => [target.name, createH1Client(target.origin("fast")!, w2.connections)]));
  const rates: W2Rate[] = [];
  const notes: string[] = [];
  const proxyPids = targets.map((target) => target.pidFor("fast")).filter((pid): pid is number => pid !== undefined);
  try {
    for (const rate of w2.rates) {
      if (!targets.some((target) => target.name === "direct")) break;
      context.log(`W2 open loop ${rate} rps: ${targets.map((target) => target.name).join(", ")}`);
      const byTarget = await runRounds(w2.rounds, targets, async (target) => {
        // every proxy idle first: one that fell behind the last rate must not take the core from this one
        await waitForQuiet(proxyPids);
        const request = await target.prepare(shape, "fast");
        const result = await runOpenLoop(clients.get(target.name)!, request, { rate, warmupMs: w2.warmupMs, durationMs: w2.durationMs, drainMs: w2.drainMs });
        const summary = summarizeLatencies(result.latencies);
        return { p50: summary.p50, p99: summary.p99, errors: result.errors, achievedRps: result.achievedRps, ...(result.lastError ? { lastError: result.lastError } : {}) };
      });
      const rows = toLatencyRows(byTarget).map((row) => ({ ...row, achievedRps: median(byTarget.get(row.target)!.map((round) => round.achievedRps)) }));
      rates.push({ rate, rows });
      const dropped = rows.filter((row) => !isSustained(row, rate)).map((row) => row.target);
      if (dropped.length > 0) notes.push(`not sustained at ${rate} rps, so not driven higher: ${dropped.join(", ")}`);
      targets = targets.filter((target) => !dropped.includes(target.name));
    }
  } finally {
    await Promise.all([...clients.values()].map((client) => client.close()));
  }
  const bareSustainedRate = findSustainedRate(rates, "bare");
  return { rates, notes, ...(bareSustainedRate !== undefined ? { bareSustainedRate } : {}) };
}
