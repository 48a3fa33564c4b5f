import type { BenchRequest, HttpClient } from "../client/http-client.js";
import { createFrameCounter } from "./create-frame-counter.js";

export interface StreamsResult {
  /** from send to the first complete event frame, per stream, ms */
  firstEvents: number[];
  /** between consecutive complete event frames, every stream pooled, ms */
  gaps: number[];
  /** complete frames per stream */
  events: number[];
  errors: number;
  lastError?: string;
}

/**
 * Opens `warmup` then `count` event streams one after another (W4) and times each frame's arrival.
 *
 * @example
 * const { firstEvents, gaps } = await runStreams(client, streamRequest, 30, 3);
 */
export async function runStreams(client: HttpClient, request: BenchRequest, count: number, warmup: number): Promise<StreamsResult> {
  const result: StreamsResult = { firstEvents: [], gaps: [], events: [], errors: 0 };
  for (let i = 0; i < warmup + count; i++) {
    const counter = createFrameCounter();
    const arrivals: number[] = [];
    const startedAt = performance.now();
    try {
      const response = await client.send(request, {
        onData: (chunk, at) => {
          for (let n = counter.push(chunk); n > 0; n--) arrivals.push(at);
        },
      });
      if (response.status !== 200 || arrivals.length === 0) throw new Error(`HTTP ${response.status}, ${arrivals.length} events`);
    } catch (error) {
      result.errors++;
      result.lastError = (error as Error).message;
      continue;
    }
    if (i < warmup) continue;
    result.firstEvents.push(arrivals[0]! - startedAt);
    for (let k = 1; k < arrivals.length; k++) result.gaps.push(arrivals[k]! - arrivals[k - 1]!);
    result.events.push(arrivals.length);
  }
  return result;
}
