import type { SharedState } from "../counters/shared-state.js";
import { createDeploymentKeyFormatter } from "./deployment-keys.js";

/** Weight of the newest sample in the latency average: about the last 7 calls dominate (LiteLLM averages its last 10). */
export const DEFAULT_LATENCY_ALPHA = 0.25;

/**
 * Folds one latency sample into an exponentially weighted moving average; the first sample starts it. Samples that
 * are not finite and non-negative are ignored.
 *
 * @example
 * foldLatency(undefined, 200, 0.25) // 200
 * foldLatency(200, 400, 0.25)       // 250
 */
export function foldLatency(previous: number | undefined, sampleMs: number, alpha: number = DEFAULT_LATENCY_ALPHA): number | undefined {
  if (!Number.isFinite(sampleMs) || sampleMs < 0) return previous;
  if (previous === undefined || !Number.isFinite(previous)) return sampleMs;
  return previous + alpha * (sampleMs - previous);
}

/**
 * Reads a stored latency average; `undefined` for a missing or unreadable value.
 *
 * @example
 * readLatency("250.5") // 250.5
 */
export function readLatency(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const latency = Number(value);
  return Number.isFinite(latency) && latency >= 0 ? latency : undefined;
}

export interface LatencyTracker {
  /** folds a sample into the deployment's shared average */
  record(id: string, latencyMs: number): Promise<void>;
  /** the current averages, one read for all ids (undefined = no recent sample) */
  read(ids: readonly string[]): Promise<Array<number | undefined>>;
}

/** LiteLLM's latency `ttl`: an average outlives its last sample by an hour. */
export const DEFAULT_LATENCY_TTL_MS = 3_600_000;

/**
 * Per-deployment latency averages in shared state (`dep:{id}:latency`), so every instance routes on the same view.
 *
 * @example
 * const latency = createLatencyTracker({ state });
 * await latency.record("claude-usw2", 840);
 * await latency.read(["claude-usw2", "claude-euc1"]) // [840, undefined]
 */
export function createLatencyTracker(deps: { state: SharedState; alpha?: number; ttlMs?: number }): LatencyTracker {
  const { state } = deps;
  const alpha = deps.alpha ?? DEFAULT_LATENCY_ALPHA;
  const ttlMs = deps.ttlMs ?? DEFAULT_LATENCY_TTL_MS;
  const keyOf = createDeploymentKeyFormatter("latency");
  return {
    // read-modify-write without a lock: two instances folding at once lose one sample, which an average can afford
    async record(id, latencyMs) {
      const [stored] = await state.getValues([keyOf(id)]);
      const next = foldLatency(readLatency(stored), latencyMs, alpha);
      if (next !== undefined) await state.setValue(keyOf(id), String(Math.round(next * 10) / 10), ttlMs);
    },
    async read(ids) {
      return (await state.getValues(ids.map(keyOf))).map(readLatency);
    },
  };
}
