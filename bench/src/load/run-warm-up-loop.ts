import type { BenchRequest, HttpClient } from "../client/http-client.js";

export interface WarmUpLoopResult {
  /** responses with status 200, whenever they ended */
  completed: number;
  errors: number;
  lastError?: string;
}

/**
 * Closed-loop load that only exists to be served: `connections` workers each send a request as soon as their
 * previous one ends, until `durationMs` has passed, and every worker sends at least one (so a short warm-up on a
 * busy machine still proves each target answered). Unlike runClosedLoop nothing is timed and no response is left
 * out for ending late.
 *
 * @example
 * const { completed, errors } = await runWarmUpLoop(client, request, { connections: 16, durationMs: 2_000 });
 */
export async function runWarmUpLoop(client: HttpClient, request: BenchRequest, options: { connections: number; durationMs: number }): Promise<WarmUpLoopResult> {
  const deadline = performance.now() + options.durationMs;
  let completed = 0;
  let errors = 0;
  let lastError: string | undefined;
  const worker = async (): Promise<void> => {
    do {
      try {
        const response = await client.send(request);
        if (response.status === 200) completed++;
        else {
          errors++;
          lastError = `HTTP ${response.status}`;
        }
      } catch (error) {
        errors++;
        lastError = (error as Error).message;
      }
    } while (performance.now() < deadline);
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  return { completed, errors, ...(lastError ? { lastError } : {}) };
}
