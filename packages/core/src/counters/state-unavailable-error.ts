/**
 * The shared backend could not be reached (Redis down, a command timed out, the cluster primary did not answer).
 * `createResilientState` switches to its local fallback on exactly this error; any other error (a script bug, a
 * rejected `initial()`) propagates to the caller unchanged.
 */
export class StateUnavailableError extends Error {
  override readonly name = "StateUnavailableError";
  readonly backend: string;

  constructor(backend: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.backend = backend;
  }
}

/**
 * @example
 * try { await state.consume(key, 1, 60, 60_000, "fits"); } catch (error) { if (isStateUnavailableError(error)) useLocal(); }
 */
export function isStateUnavailableError(error: unknown): error is StateUnavailableError {
  return error instanceof StateUnavailableError || (error instanceof Error && error.name === "StateUnavailableError");
}
