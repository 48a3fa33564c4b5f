import type { BenchTarget, TargetName } from "../client/bench-targets.js";

/**
 * Runs `measure` for every target in every round, interleaved (round r starts at target r mod n, so no target is
 * always measured first or last), and collects each target's results in round order.
 *
 * @example
 * const byTarget = await runRounds(3, targets, (target) => measureOnce(target));
 */
export async function runRounds<T>(
  rounds: number,
  targets: readonly BenchTarget[],
  measure: (target: BenchTarget, round: number) => Promise<T>,
): Promise<Map<TargetName, T[]>> {
  const results = new Map<TargetName, T[]>(targets.map((target) => [target.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < targets.length; i++) {
      const target = targets[(i + round) % targets.length]!;
      results.get(target.name)!.push(await measure(target, round));
    }
  }
  return results;
}
