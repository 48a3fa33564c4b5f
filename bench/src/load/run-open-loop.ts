import { setTimeout as sleep } from "node:timers/promises";
import type { BenchRequest, HttpClient } from "../client/http-client.js";
import { settleWithin } from "./settle-within.js";

export interface OpenLoopOptions {
  /** requests per second, sent on schedule whether or not earlier ones have ended */
  rate: number;
  warmupMs: number;
  durationMs: number;
  /** how long to wait for stragglers after the last send; what is still open then counts as an error */
  drainMs: number;
}

export interface OpenLoopResult {
  /** requests scheduled in the measured window */
  scheduled: number;
  ok: number;
  errors: number;
  /** successful responses per second of window */
  achievedRps: number;
  /** from each request's scheduled send time to its last byte (so a late sender cannot hide queueing), ms */
  latencies: number[];
  lastError?: string;
}

/**
 * Sends at a fixed rate for warmup + duration (W2), measuring latency from the schedule, not from the actual send.
 *
 * @example
 * const result = await runOpenLoop(client, request, { rate: 1000, warmupMs: 500, durationMs: 1500, drainMs: 5000 });
 */
export async function runOpenLoop(client: HttpClient, request: BenchRequest, options: OpenLoopOptions): Promise<OpenLoopResult> {
  const interval = 1000 / options.rate;
  const total = Math.floor((options.warmupMs + options.durationMs) / interval);
  const firstMeasured = Math.ceil(options.warmupMs / interval);
  const latencies: number[] = [];
  const pending = new Set<Promise<void>>();
  let ok = 0;
  let errors = 0;
  let lastError: string | undefined;
  const start = performance.now();
  const fire = (index: number): void => {
    const scheduledAt = start + index * interval;
    const measured = index >= firstMeasured;
    const settle = (success: boolean, reason?: string): void => {
      if (reason) lastError = reason;
      if (!measured) return;
      if (success) {
        ok++;
        latencies.push(performance.now() - scheduledAt);
      } else errors++;
    };
    const sending = client.send(request).then(
      (response) => settle(response.status === 200, response.status === 200 ? undefined : `HTTP ${response.status}`),
      (error: Error) => settle(false, error.message),
    );
    pending.add(sending);
    void sending.finally(() => pending.delete(sending));
  };
  for (let sent = 0; sent < total; ) {
    const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
    for (; sent < due; sent++) fire(sent);
    if (sent < total) await sleep(1);
  }
  await settleWithin([...pending], options.drainMs);
  const scheduled = total - firstMeasured;
  const unfinished = scheduled - ok - errors;
  return {
    scheduled,
    ok,
    errors: errors + unfinished,
    achievedRps: (ok * 1000) / options.durationMs,
    latencies,
    ...(lastError ? { lastError } : unfinished > 0 ? { lastError: `${unfinished} still open after ${options.drainMs} ms` } : {}),
  };
}
