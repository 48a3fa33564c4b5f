/**
 * The part of an `AbortSignal` the gateway uses to learn that a client went away. A web `AbortSignal` satisfies it;
 * so does `createClientAbort().signal`, which is much cheaper to make per request (Node 20 makes every
 * AbortController's signal transferable, a few microseconds each) and which undici accepts as an EventTarget.
 */
export interface ClientSignal {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

export interface ClientAbort {
  readonly signal: ClientSignal;
  /** fires the signal once; later calls do nothing */
  abort(reason?: unknown): void;
}

/**
 * A one-shot abort signal for one request.
 *
 * @example
 * const { signal, abort } = createClientAbort();
 * res.once("close", () => abort());
 * await upstream.send({ ..., signal });
 */
export function createClientAbort(): ClientAbort {
  let listeners: Array<() => void> | undefined;
  const signal = {
    aborted: false,
    reason: undefined as unknown,
    addEventListener(_type: "abort", listener: () => void) {
      // every listener here is one-shot, since the signal fires at most once
      (listeners ??= []).push(listener);
    },
    removeEventListener(_type: "abort", listener: () => void) {
      const index = listeners?.indexOf(listener) ?? -1;
      if (index !== -1) listeners!.splice(index, 1);
    },
  };
  return {
    signal,
    abort(reason = new DOMException("The client went away.", "AbortError")) {
      if (signal.aborted) return;
      signal.aborted = true;
      signal.reason = reason;
      const fired = listeners ?? [];
      listeners = undefined;
      for (const listener of fired) listener();
    },
  };
}
