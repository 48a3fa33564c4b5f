import type { SharedState } from "./shared-state.js";

/**
 * A `SharedState` usable at once whose implementation is still loading (a backend module behind `import()`, so its
 * client library is loaded only when configured). Calls made before it is ready wait for it, in order; later ones
 * go straight to it. A failed load rejects every call with its error, except `close()`: there is nothing to close.
 *
 * @example
 * const state = deferSharedState(import("./open-redis-state.js").then((module) => module.openRedisState(options)));
 */
export function deferSharedState(opening: Promise<SharedState>): SharedState {
  let ready: SharedState | undefined;
  // Also marks a failed load as handled: its error reaches the callers, not the process.
  opening.then(
    (state) => (ready = state),
    () => undefined,
  );
  const call = <T>(command: (state: SharedState) => Promise<T>): Promise<T> => (ready ? command(ready) : opening.then(command));

  return {
    consume: (...args) => call((state) => state.consume(...args)),
    record: (...args) => call((state) => state.record(...args)),
    peek: (...args) => call((state) => state.peek(...args)),
    reserveBudget: (...args) => call((state) => state.reserveBudget(...args)),
    adjustBudget: (...args) => call((state) => state.adjustBudget(...args)),
    readBudget: (...args) => call((state) => state.readBudget(...args)),
    acquire: (...args) => call((state) => state.acquire(...args)),
    release: (...args) => call((state) => state.release(...args)),
    countSlots: (...args) => call((state) => state.countSlots(...args)),
    setValue: (...args) => call((state) => state.setValue(...args)),
    getValues: (...args) => call((state) => state.getValues(...args)),
    publish: (...args) => call((state) => state.publish(...args)),
    subscribe: (...args) => call((state) => state.subscribe(...args)),
    health: () => call((state) => state.health()),
    close: () =>
      opening.then(
        (state) => state.close(),
        () => undefined,
      ),
  };
}
