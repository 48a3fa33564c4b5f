import type { Protocol } from "../options/bench-presets.js";
import type { CallShape, TargetName, UpstreamName } from "../client/bench-targets.js";

/** A workload that could not run here, and why (printed in the table instead of numbers). */
export interface Skipped {
  skipped: string;
}

export interface LatencyRow {
  target: TargetName;
  /** medians over rounds of each round's percentile, ms */
  p50: number;
  p99: number;
  /** medians over rounds of (this target's percentile − direct's, same round), ms */
  addedP50: number;
  addedP99: number;
  errors: number;
  lastError?: string;
}

export interface W1Case {
  label: string;
  bytes: number;
  upstream: UpstreamName;
  rows: LatencyRow[];
}

export interface W2Rate {
  rate: number;
  rows: Array<LatencyRow & { achievedRps: number }>;
}

export interface ThroughputRow {
  target: TargetName;
  /** median over rounds */
  rps: number;
  p50: number;
  errors: number;
  /** CPU of the target's process(es) per 1,000 requests, ms (median over rounds) */
  cpuMsPer1k?: number;
  /** CPU of the target's process(es) during the window, % of one core (median over rounds) */
  cpuPercent?: number;
  /** CPU of the load generator + the simulator (they share a core when pinned), % of one core */
  loadGenPercent?: number;
  lastError?: string;
}

export interface W3Case {
  protocol: Protocol;
  connections: number;
  upstream: UpstreamName;
  rows: ThroughputRow[];
}

export interface StreamRow {
  target: TargetName;
  firstEventP50: number;
  addedFirstEventP50: number;
  gapP99: number;
  addedGapP99: number;
  eventsPerStream: number;
  errors: number;
  lastError?: string;
}

export interface OpenStreamsRow {
  target: TargetName;
  opened: number;
  failed: number;
  rssBeforeMb?: number;
  rssPeakMb?: number;
  openMs: number;
  lastError?: string;
}

export interface TargetCheck {
  workload: string;
  /** what is required, in words */
  target: string;
  /** what was measured, in words */
  measured: string;
  /** true pass, false miss, undefined not measured (skipped) */
  pass?: boolean;
  /** for a miss: how far off, in words */
  missedBy?: string;
}

export interface ProfileEntry {
  name: string;
  location: string;
  selfMs: number;
  selfPercent: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  requests: number;
  rps: number;
  top: ProfileEntry[];
  byArea: ProfileEntry[];
  /** a second run of the same load against a gateway sampling its allocations */
  allocation?: AllocationSummary | Skipped;
}

export interface AllocationEntry {
  name: string;
  location: string;
  bytes: number;
  percent: number;
}

export interface AllocationSummary {
  file: string;
  /** bytes allocated over the measured window (V8's sampling estimate), garbage included */
  totalBytes: number;
  requests: number;
  bytesPerRequest: number;
  top: AllocationEntry[];
  byArea: AllocationEntry[];
}

export interface BenchMeta {
  date: string;
  mode: "full" | "smoke" | "profile";
  command: string;
  node: string;
  platform: string;
  cpuModel: string;
  cores: number;
  pinning: string;
  upstream: string;
  gateway: string;
  floor: string;
  client: string;
  peer: string;
  /** how every target was warmed before the first workload (absent in results written before it existed) */
  warmup?: string;
  durationS: number;
  /** CPU other processes on the machine used during the run */
  backgroundLoad: string;
}

/** One target's warm-up on one protocol and call shape (nothing of it is measured; kept to show it ran clean). */
export interface WarmUpRow {
  target: TargetName;
  protocol: Protocol;
  shape: CallShape["kind"];
  completed: number;
  errors: number;
  lastError?: string;
}

export interface BenchResults {
  meta: BenchMeta;
  warmup?: WarmUpRow[];
  w1?: W1Case[];
  w2?: { rates: W2Rate[]; bareSustainedRate?: number; notes: string[] };
  /** `gatewayRssIdleMb`: after `idleMs` without traffic following W3 (informational; the target is right after) */
  w3?: { cases: W3Case[]; gatewayRssAfterMb?: number; gatewayRssAtStartMb?: number; gatewayRssIdleMb?: number; idleMs?: number };
  w4?: { chunkDelayMs: number; rows: StreamRow[] } | Skipped;
  /** `idleMs`: how long every proxy had no traffic before the streams opened */
  w5?: { streams: number; chunkDelayMs: number; idleMs?: number; rows: OpenStreamsRow[] } | Skipped;
  w6?: { connections: number; rows: ThroughputRow[] } | Skipped;
  w7?: { connections: number; rows: ThroughputRow[] } | Skipped;
  checks: TargetCheck[];
  profile?: ProfileSummary | Skipped;
}

/**
 * Whether a workload result is a skip note.
 *
 * @example
 * if (isSkipped(results.w6)) console.log(results.w6.skipped);
 */
export function isSkipped(value: unknown): value is Skipped {
  return typeof value === "object" && value !== null && "skipped" in value;
}
