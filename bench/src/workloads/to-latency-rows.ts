import type { TargetName } from "../client/bench-targets.js";
import type { LatencyRow } from "../report/bench-results.js";
import { median } from "../stats/summarize-samples.js";

export interface RoundLatency {
  p50: number;
  p99: number;
  errors: number;
  lastError?: string;
}

/**
 * One row per target: medians over rounds of p50 and p99, and of the difference to direct's figure of the same
 * round ("added"), with errors summed.
 *
 * @example
 * toLatencyRows(new Map([["direct", [{ p50: 1, p99: 2, errors: 0 }]], ["gateway", [{ p50: 1.5, p99: 3, errors: 0 }]]]));
 * // [..., { target: "gateway", p50: 1.5, addedP50: 0.5, p99: 3, addedP99: 1, errors: 0 }]
 */
export function toLatencyRows(byTarget: ReadonlyMap<TargetName, readonly RoundLatency[]>): LatencyRow[] {
  const direct = byTarget.get("direct") ?? [];
  const addedBy = (rounds: readonly RoundLatency[], pick: (round: RoundLatency) => number): number =>
    median(rounds.map((round, i) => (direct[i] ? pick(round) - pick(direct[i]) : Number.NaN)));
  return [...byTarget].map(([target, rounds]) => {
    const lastError = rounds.map((round) => round.lastError).find((error) => error !== undefined);
    return {
      target,
      p50: median(rounds.map((round) => round.p50)),
      p99: median(rounds.map((round) => round.p99)),
      addedP50: addedBy(rounds, (round) => round.p50),
      addedP99: addedBy(rounds, (round) => round.p99),
      errors: rounds.reduce((sum, round) => sum + round.errors, 0),
      ...(lastError ? { lastError } : {}),
    };
  });
}
