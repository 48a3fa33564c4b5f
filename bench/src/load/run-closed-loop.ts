import type { BenchRequest, HttpClient } from "../client/http-client.js";

export interface ClosedLoopOptions {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** called when the measured window opens and closes (to read CPU counters) */
  onWindowStart?: () => void;
  onWindowEnd?: () => void;
}

export interface ClosedLoopResult {
  /** successful responses that ended inside the window */
  completed: number;
  errors: number;
  rps: number;
  latencies: number[];
  lastError?: string;
}

/**
 * `concurrency` workers each send a request as soon as their previous one ends (W3 saturation). Responses ending in
 * the window after the warmup are counted; no worker starts a request after the window.
 *
 * @example
 * const { rps } = await runClosedLoop(client, request, { concurrency: 32, warmupMs: 500, durationMs: 2500 });
 */
export async function runClosedLoop(client: HttpClient, request: BenchRequest, options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const windowStart = performance.now() + options.warmupMs;
  const windowEnd = windowStart + options.durationMs;
  const latencies: number[] = [];
  let completed = 0;
  let errors = 0;
  let lastError: string | undefined;
  const window = { started: false, ended: false };
  const openWindow = (): void => {
    if (!window.started) options.onWindowStart?.();
    window.started = true;
  };
  const closeWindow = (): void => {
    if (!window.ended) options.onWindowEnd?.();
    window.ended = true;
  };
  const startTimer = setTimeout(openWindow, options.warmupMs);
  const endTimer = setTimeout(closeWindow, options.warmupMs + options.durationMs);
  const worker = async (): Promise<void> => {
    while (performance.now() < windowEnd) {
      const startedAt = performance.now();
      let ok = false;
      try {
        const response = await client.send(request);
        ok = response.status === 200;
        if (!ok) lastError = `HTTP ${response.status}`;
      } catch (error) {
        lastError = (error as Error).message;
      }
      const endedAt = performance.now();
      if (endedAt < windowStart || endedAt > windowEnd) continue;
      if (ok) {
        completed++;
        latencies.push(endedAt - startedAt);
      } else errors++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  clearTimeout(startTimer);
  clearTimeout(endTimer);
  // the workers can all end before a late timer fires: the window must still be closed (once)
  openWindow();
  closeWindow();
  return { completed, errors, rps: (completed * 1000) / options.durationMs, latencies, ...(lastError ? { lastError } : {}) };
}
