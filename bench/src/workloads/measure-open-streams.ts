import { createH1Client } from "../client/create-h1-client.js";
import { holdOpenStreams } from "../load/hold-open-streams.js";
import type { OpenStreamsRow } from "../report/bench-results.js";
import type { WorkloadContext } from "./workload-context.js";

const MB = 2 ** 20;

/**
 * W5: `streams` ConverseStreams held open at once through the bare proxy and the gateway (HTTP/1.1, one connection
 * per stream, the simulator pausing a second between events), sampling each proxy's RSS while they are open. It
 * runs last, after saturating loads, so every proxy first gets `idleMs` without traffic: the figure is then what
 * the streams cost on top of a settled process, not what the loads before them left in the heap.
 *
 * @example
 * const { rows } = await measureOpenStreams(context);
 */
export async function measureOpenStreams(context: WorkloadContext): Promise<{ streams: number; chunkDelayMs: number; idleMs: number; rows: OpenStreamsRow[] }> {
  const { w5 } = context.preset;
  if (w5.idleMs > 0) {
    context.log(`W5: ${w5.idleMs / 1000} s without traffic first`);
    await new Promise((resolve) => setTimeout(resolve, w5.idleMs));
  }
  const shape = { kind: "converse-stream" } as const;
  const targets = context.env.targets.filter((target) => target.name === "bare" || target.name === "gateway");
  const rows: OpenStreamsRow[] = [];
  for (const target of targets) {
    context.log(`W5 ${w5.streams} open streams through ${target.name}`);
    const client = createH1Client(target.origin("hold")!, w5.streams);
    try {
      const request = await target.prepare(shape, "hold");
      const result = await holdOpenStreams(client, request, { streams: w5.streams, openTimeoutMs: w5.openTimeoutMs, holdMs: w5.holdMs, pid: target.pidFor("hold")! });
      rows.push({
        target: target.name,
        opened: result.opened,
        failed: result.failed,
        ...(result.rssBeforeBytes !== undefined ? { rssBeforeMb: result.rssBeforeBytes / MB } : {}),
        ...(result.rssPeakBytes !== undefined ? { rssPeakMb: result.rssPeakBytes / MB } : {}),
        openMs: result.openMs,
        ...(result.lastError ? { lastError: result.lastError } : {}),
      });
    } finally {
      await client.close();
    }
  }
  return { streams: w5.streams, chunkDelayMs: w5.chunkDelayMs, idleMs: w5.idleMs, rows };
}
