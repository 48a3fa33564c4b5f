import { setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import type { BenchRequest, HttpClient } from "../client/http-client.js";
import { readProcessUsage } from "../processes/read-process-usage.js";
import { settleWithin } from "./settle-within.js";

export interface HoldOptions {
  streams: number;
  /** how long to wait for every stream's first event */
  openTimeoutMs: number;
  /** how long to keep them all open while sampling memory */
  holdMs: number;
  /** the process whose memory is sampled */
  pid: number;
}

export interface HoldResult {
  requested: number;
  /** streams that delivered their first event */
  opened: number;
  failed: number;
  rssBeforeBytes?: number;
  /** the highest RSS sampled while the streams were open */
  rssPeakBytes?: number;
  /** time until every stream had its first event (or the timeout), ms */
  openMs: number;
  lastError?: string;
}

/**
 * Opens `streams` event streams at once (W5), waits until each has delivered an event, samples the proxy's RSS
 * while all are open, then aborts them all.
 *
 * @example
 * const { rssPeakBytes } = await holdOpenStreams(client, request, { streams: 1000, openTimeoutMs: 15000, holdMs: 1500, pid });
 */
export async function holdOpenStreams(client: HttpClient, request: BenchRequest, options: HoldOptions): Promise<HoldResult> {
  const rssBefore = readProcessUsage(options.pid, true)?.rssBytes;
  const controller = new AbortController();
  // one signal for every stream: each request listens on it, which is expected here, not a leak
  setMaxListeners(options.streams + 10, controller.signal);
  const result: HoldResult = { requested: options.streams, opened: 0, failed: 0, openMs: 0 };
  const startedAt = performance.now();
  const sends = Array.from({ length: options.streams }, () => {
    let opened = false;
    return client
      .send(request, {
        signal: controller.signal,
        onData: () => {
          if (!opened) result.opened++;
          opened = true;
        },
      })
      .catch((error: Error) => {
        if (controller.signal.aborted) return;
        result.failed++;
        result.lastError = error.message;
      });
  });
  const openDeadline = startedAt + options.openTimeoutMs;
  while (result.opened + result.failed < options.streams && performance.now() < openDeadline) await sleep(20);
  result.openMs = performance.now() - startedAt;
  let peak = readProcessUsage(options.pid, true)?.rssBytes;
  for (const holdEnd = performance.now() + options.holdMs; performance.now() < holdEnd; ) {
    await sleep(50);
    const rss = readProcessUsage(options.pid, true)?.rssBytes;
    if (rss !== undefined && (peak === undefined || rss > peak)) peak = rss;
  }
  controller.abort();
  await settleWithin(sends, 10_000);
  return { ...result, ...(rssBefore !== undefined ? { rssBeforeBytes: rssBefore } : {}), ...(peak !== undefined ? { rssPeakBytes: peak } : {}) };
}
