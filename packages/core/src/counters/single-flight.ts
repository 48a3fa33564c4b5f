/** Runs at most one `task` per key at a time; callers that arrive meanwhile share its promise. */
export interface SingleFlight<T> {
  run(key: string, task: () => Promise<T>): Promise<T>;
}

/**
 * Why: a budget's `initial()` reads the database; many requests for a cold key must cause one read, not one each.
 *
 * @example
 * const seeds = createSingleFlight<number>();
 * const spend = await seeds.run(keyHash, () => store.sumSpend(keyHash, since));
 */
export function createSingleFlight<T>(): SingleFlight<T> {
  const inFlight = new Map<string, Promise<T>>();
  return {
    run(key, task) {
      const running = inFlight.get(key);
      if (running) return running;
      const started = Promise.resolve()
        .then(task)
        .finally(() => inFlight.delete(key));
      inFlight.set(key, started);
      return started;
    },
  };
}
