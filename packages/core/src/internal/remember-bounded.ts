/**
 * Stores `value` under `key` in a memo that holds at most `max` entries: once full it starts over (the values are
 * cheap to compute again, and a memo keyed by what clients send must not grow without bound).
 *
 * @example
 * let path = paths.get(raw);
 * if (path === undefined) rememberBounded(paths, raw, (path = canonicalize(raw)), 1000);
 */
export function rememberBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  if (map.size >= max) map.clear();
  map.set(key, value);
}
