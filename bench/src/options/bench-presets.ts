export type Protocol = "h1" | "h2c";

export interface BodySize {
  label: string;
  bytes: number;
  /** measured requests per target and round */
  count: number;
  warmup: number;
}

/** Every count and duration of one benchmark mode: all loops are bounded by these. */
export interface BenchPreset {
  /** before W1, every target gets this much closed-loop load per protocol and call shape (0: none); see warmUpTargets */
  warmup: { durationMs: number; connections: number };
  /** W1: sequential added latency per body size, and the 1 KB call against the 60 ms upstream */
  w1: { rounds: number; sizes: BodySize[]; slow: BodySize };
  /** W2: open-loop fixed rates */
  w2: { rounds: number; rates: number[]; warmupMs: number; durationMs: number; connections: number; drainMs: number };
  /** W3: closed-loop saturation; `slowConnections` runs against the 60 ms upstream (HTTP/1.1); the gateway's RSS is
   * read right after, and again after `idleMs` without traffic (0: not again) */
  w3: { rounds: number; connections: number[]; protocols: Protocol[]; warmupMs: number; durationMs: number; slowConnections: number; idleMs: number };
  /** W4: ConverseStream, one stream at a time */
  w4: { rounds: number; streams: number; warmup: number; chunkDelayMs: number };
  /** W5: this many streams held open at once, after every proxy has had `idleMs` without traffic */
  w5: { streams: number; openTimeoutMs: number; holdMs: number; chunkDelayMs: number; idleMs: number };
  /** W6 / W7: closed loop like W3 (HTTP/1.1) */
  w6: { rounds: number; connections: number; warmupMs: number; durationMs: number };
  w7: { rounds: number; connections: number; warmupMs: number; durationMs: number };
  /** the profile phase: W3 on HTTP/1.1 against a gateway started with --cpu-prof */
  profile: { connections: number; warmupMs: number; durationMs: number; top: number };
  /** whether the npm peer gateway takes part */
  peer: boolean;
  /** the whole run is stopped (children killed) past this */
  deadlineMs: number;
}

const KB = 1024;

/** The full run: about 7 minutes on 2 cores. */
const FULL: BenchPreset = {
  warmup: { durationMs: 2_000, connections: 16 },
  w1: {
    rounds: 5,
    sizes: [
      { label: "1 KB", bytes: KB, count: 400, warmup: 50 },
      { label: "100 KB", bytes: 100 * KB, count: 120, warmup: 15 },
      { label: "1 MB", bytes: KB * KB, count: 15, warmup: 3 },
    ],
    slow: { label: "1 KB, 60 ms upstream", bytes: KB, count: 30, warmup: 3 },
  },
  w2: { rounds: 3, rates: [500, 1000, 2000, 3000], warmupMs: 500, durationMs: 1500, connections: 256, drainMs: 2_000 },
  w3: { rounds: 3, connections: [32, 128], protocols: ["h1", "h2c"], warmupMs: 500, durationMs: 2500, slowConnections: 128, idleMs: 15_000 },
  w4: { rounds: 3, streams: 30, warmup: 3, chunkDelayMs: 2 },
  w5: { streams: 1000, openTimeoutMs: 15_000, holdMs: 1_500, chunkDelayMs: 1_000, idleMs: 15_000 },
  w6: { rounds: 3, connections: 32, warmupMs: 500, durationMs: 2500 },
  w7: { rounds: 3, connections: 128, warmupMs: 500, durationMs: 2500 },
  profile: { connections: 32, warmupMs: 1000, durationMs: 8000, top: 25 },
  peer: true,
  deadlineMs: 15 * 60_000,
};

/** Seconds, tiny counts: proves the harness works end to end, says nothing about speed. */
const SMOKE: BenchPreset = {
  warmup: { durationMs: 50, connections: 2 },
  w1: {
    rounds: 1,
    sizes: [
      { label: "1 KB", bytes: KB, count: 5, warmup: 1 },
      { label: "100 KB", bytes: 100 * KB, count: 2, warmup: 1 },
      { label: "1 MB", bytes: KB * KB, count: 1, warmup: 0 },
    ],
    slow: { label: "1 KB, 60 ms upstream", bytes: KB, count: 2, warmup: 0 },
  },
  w2: { rounds: 1, rates: [100], warmupMs: 20, durationMs: 150, connections: 8, drainMs: 2_000 },
  w3: { rounds: 1, connections: [4], protocols: ["h1", "h2c"], warmupMs: 20, durationMs: 150, slowConnections: 4, idleMs: 0 },
  w4: { rounds: 1, streams: 2, warmup: 0, chunkDelayMs: 1 },
  w5: { streams: 10, openTimeoutMs: 5_000, holdMs: 100, chunkDelayMs: 500, idleMs: 0 },
  w6: { rounds: 1, connections: 4, warmupMs: 20, durationMs: 150 },
  w7: { rounds: 1, connections: 4, warmupMs: 20, durationMs: 150 },
  profile: { connections: 4, warmupMs: 50, durationMs: 300, top: 10 },
  peer: false,
  deadlineMs: 90_000,
};

/** Presets by mode; `profile` mode uses the full preset's profile phase only. */
export const BENCH_PRESETS: Readonly<Record<"full" | "smoke", BenchPreset>> = { full: FULL, smoke: SMOKE };
