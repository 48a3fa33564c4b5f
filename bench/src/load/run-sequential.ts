import type { BenchRequest, HttpClient } from "../client/http-client.js";

export interface SequentialResult {
  /** end-to-end time of each measured request, ms */
  latencies: number[];
  errors: number;
  lastError?: string;
}

/**
 * Sends `warmup` then `count` requests one after another on a keep-alive connection (W1): nothing queues, so each
 * latency is the pure cost of the path.
 *
 * @example
 * const { latencies } = await runSequential(client, request, 400, 50);
 */
export async function runSequential(client: HttpClient, request: BenchRequest, count: number, warmup: number): Promise<SequentialResult> {
  const latencies: number[] = [];
  let errors = 0;
  let lastError: string | undefined;
  for (let i = 0; i < warmup + count; i++) {
    const startedAt = performance.now();
    try {
      const response = await client.send(request);
      if (response.status !== 200) {
        errors++;
        lastError = `HTTP ${response.status}`;
      } else if (i >= warmup) latencies.push(response.endedAt - startedAt);
    } catch (error) {
      errors++;
      lastError = (error as Error).message;
    }
  }
  return { latencies, errors, ...(lastError ? { lastError } : {}) };
}
