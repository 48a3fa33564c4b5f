/**
 * Clamps an injected random draw into [0, 1), so a misbehaving source (1, negative, NaN) cannot index past a list.
 *
 * @example
 * clampUnit(1)   // 0.9999999999999998
 * clampUnit(NaN) // 0
 */
export function clampUnit(value: number): number {
  if (!(value > 0)) return 0;
  return value < 1 ? value : 1 - Number.EPSILON;
}
