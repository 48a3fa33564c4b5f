import { readProcessUsage } from "./read-process-usage.js";

export interface QuietOptions {
  /** the window over which CPU use is measured (ms) */
  windowMs?: number;
  /** quiet means less than this share of one core over a window */
  maxShare?: number;
  /** give up waiting after this long (ms); the caller measures anyway */
  timeoutMs?: number;
}

/**
 * Waits until every given process uses (almost) no CPU: a proxy still working off a backlog from the previous
 * measurement (a peer that fell behind an open-loop rate keeps answering for seconds) would otherwise take CPU
 * from the next target pinned to the same core. Resolves with how long it waited; never rejects.
 *
 * @example
 * await waitForQuiet([bare.pid, gateway.pid, peer.pid]);
 */
export async function waitForQuiet(pids: readonly number[], options: QuietOptions = {}): Promise<number> {
  const windowMs = options.windowMs ?? 200;
  const maxShare = options.maxShare ?? 0.05;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const started = Date.now();
  const cpu = () => pids.reduce((sum, pid) => sum + (readProcessUsage(pid, true)?.cpuMs ?? 0), 0);
  let before = cpu();
  while (Date.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const after = cpu();
    if (after - before <= windowMs * maxShare) return Date.now() - started;
    before = after;
  }
  return Date.now() - started;
}
