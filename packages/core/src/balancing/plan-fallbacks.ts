/**
 * The model groups to try, in order, after every deployment of `group` has failed: breadth-first over the
 * configured `fallbacks` lists (a group's own list first, in config order, then each of those groups' lists), each
 * group once, never `group` itself. The config layer rejects cycles; this walk is safe with them anyway.
 *
 * @example
 * const fallbacks = new Map([["claude", ["claude-eu", "nova"]], ["claude-eu", ["claude-apac"]], ["nova", ["claude"]]]);
 * resolveFallbackChain("claude", fallbacks) // ["claude-eu", "nova", "claude-apac"]
 */
export function resolveFallbackChain(group: string, fallbacks: ReadonlyMap<string, readonly string[]>): string[] {
  const seen = new Set([group]);
  const chain: string[] = [];
  const queue = [group];
  for (let head = 0; head < queue.length; head++) {
    for (const next of fallbacks.get(queue[head]!) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      chain.push(next);
      queue.push(next);
    }
  }
  return chain;
}

/**
 * The `Retry-After` (whole seconds, at least 1) for the 429 returned when every deployment is cooling down: the
 * time until the first of them comes back. Cooldowns already over, or none at all, give 1.
 *
 * @example
 * computeAllCoolingRetryAfter([now + 4200, now + 9000], now) // 5
 */
export function computeAllCoolingRetryAfter(cooldownUntil: readonly number[], now: number): number {
  const soonest = Math.min(...cooldownUntil.filter((until) => Number.isFinite(until)));
  if (!Number.isFinite(soonest)) return 1;
  return Math.max(1, Math.ceil((soonest - now) / 1000));
}
