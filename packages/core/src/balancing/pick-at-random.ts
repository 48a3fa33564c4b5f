import { clampUnit } from "./clamp-unit.js";

/**
 * Picks one item uniformly at random; `undefined` for an empty list.
 *
 * @example
 * pickUniform(["a", "b"], () => 0.7) // "b"
 */
export function pickUniform<T>(items: readonly T[], random: () => number): T | undefined {
  if (items.length === 0) return undefined;
  return items[indexFor(random(), items.length)];
}

/**
 * Picks one item with probability proportional to its weight. Weights that are not positive finite numbers count
 * as 0 (never picked); when no weight is positive the pick is uniform.
 *
 * @example
 * pickWeighted(["a", "b"], [1, 3], () => 0.3) // "b" (0.3 × 4 = 1.2 falls in b's share [1, 4))
 */
export function pickWeighted<T>(items: readonly T[], weights: readonly number[], random: () => number): T | undefined {
  const usable = weights.map((weight) => (Number.isFinite(weight) && weight > 0 ? weight : 0));
  const total = usable.reduce((sum, weight) => sum + weight, 0);
  if (!(total > 0) || !Number.isFinite(total)) return pickUniform(items, random);
  const target = clampUnit(random()) * total;
  let cumulative = 0;
  let lastPositive: T | undefined;
  for (const [index, item] of items.entries()) {
    const weight = usable[index] ?? 0;
    if (weight === 0) continue;
    cumulative += weight;
    lastPositive = item;
    if (target < cumulative) return item;
  }
  // floating-point rounding can leave target == total; the last positive item owns that edge
  return lastPositive;
}

function indexFor(value: number, length: number): number {
  return Math.min(length - 1, Math.floor(clampUnit(value) * length));
}
