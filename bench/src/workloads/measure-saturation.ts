import type { BenchTarget, CallShape, UpstreamName } from "../client/bench-targets.js";
import { createHttpClient } from "../client/create-http-client.js";
import { runClosedLoop } from "../load/run-closed-loop.js";
import type { Protocol } from "../options/bench-presets.js";
import { readProcessUsage } from "../processes/read-process-usage.js";
import type { ThroughputRow, W3Case } from "../report/bench-results.js";
import { median, summarizeLatencies } from "../stats/summarize-samples.js";
import { runRounds } from "./run-rounds.js";
import type { WorkloadContext } from "./workload-context.js";
import { selectTargets } from "./workload-context.js";

export interface SaturationRun {
  protocol: Protocol;
  connections: number;
  upstream: UpstreamName;
  rounds: number;
  warmupMs: number;
  durationMs: number;
  /** the simulator process of that upstream, whose CPU counts with the load generator's */
  upstreamPid: number;
}

interface RoundThroughput {
  rps: number;
  p50: number;
  errors: number;
  cpuMsPer1k?: number;
  cpuPercent?: number;
  loadGenPercent?: number;
  lastError?: string;
}

interface CpuReading {
  proxyMs?: number;
  /** load generator (this process) + simulator */
  loadGenMs?: number;
}

function readCpu(proxyPid: number | undefined, upstreamPid: number): CpuReading {
  const own = process.cpuUsage();
  const upstream = readProcessUsage(upstreamPid)?.cpuMs;
  const proxy = proxyPid === undefined ? undefined : readProcessUsage(proxyPid, true)?.cpuMs;
  return {
    ...(proxy !== undefined ? { proxyMs: proxy } : {}),
    ...(upstream !== undefined ? { loadGenMs: (own.user + own.system) / 1000 + upstream } : {}),
  };
}

function toDelta(start: number | undefined, end: number | undefined): number | undefined {
  return start === undefined || end === undefined ? undefined : end - start;
}

/**
 * One closed-loop measurement of a target, with its process's CPU per 1,000 requests and share of a core over the
 * window, and how busy the load generator and the simulator (which share a core) were meanwhile.
 */
async function measureOnce(target: BenchTarget, run: SaturationRun, shape: CallShape): Promise<RoundThroughput> {
  const client = createHttpClient(run.protocol, target.origin(run.upstream)!, run.connections);
  const pid = target.pidFor(run.upstream);
  let atStart: CpuReading = {};
  let atEnd: CpuReading = {};
  try {
    const request = await target.prepare(shape, run.upstream);
    const result = await runClosedLoop(client, request, {
      concurrency: run.connections,
      warmupMs: run.warmupMs,
      durationMs: run.durationMs,
      onWindowStart: () => (atStart = readCpu(pid, run.upstreamPid)),
      onWindowEnd: () => (atEnd = readCpu(pid, run.upstreamPid)),
    });
    const proxyMs = toDelta(atStart.proxyMs, atEnd.proxyMs);
    const loadGenMs = toDelta(atStart.loadGenMs, atEnd.loadGenMs);
    return {
      rps: result.rps,
      p50: summarizeLatencies(result.latencies).p50,
      errors: result.errors,
      ...(proxyMs !== undefined && result.completed > 0 ? { cpuMsPer1k: (proxyMs * 1000) / result.completed } : {}),
      ...(proxyMs !== undefined ? { cpuPercent: (100 * proxyMs) / run.durationMs } : {}),
      ...(loadGenMs !== undefined ? { loadGenPercent: (100 * loadGenMs) / run.durationMs } : {}),
      ...(result.lastError ? { lastError: result.lastError } : {}),
    };
  } finally {
    await client.close();
  }
}

/**
 * Closed-loop rounds over the given targets: one row per target with median requests/s, p50, CPU per 1k requests.
 *
 * @example
 * const rows = await measureThroughput(targets, { protocol: "h1", connections: 32, upstream: "fast", rounds: 3, warmupMs: 500, durationMs: 2500 });
 */
export async function measureThroughput(targets: readonly BenchTarget[], run: SaturationRun): Promise<ThroughputRow[]> {
  const shape = { kind: "converse", bytes: 1024 } as const;
  const byTarget = await runRounds(run.rounds, targets, (target) => measureOnce(target, run, shape));
  return targets.map((target) => {
    const rounds = byTarget.get(target.name)!;
    const cpu = rounds.map((round) => round.cpuMsPer1k).filter((value): value is number => value !== undefined);
    const cpuPercent = rounds.map((round) => round.cpuPercent).filter((value): value is number => value !== undefined);
    const loadGen = rounds.map((round) => round.loadGenPercent).filter((value): value is number => value !== undefined);
    const lastError = rounds.map((round) => round.lastError).find((error) => error !== undefined);
    return {
      target: target.name,
      rps: median(rounds.map((round) => round.rps)),
      p50: median(rounds.map((round) => round.p50)),
      errors: rounds.reduce((sum, round) => sum + round.errors, 0),
      ...(cpu.length > 0 ? { cpuMsPer1k: median(cpu) } : {}),
      ...(cpuPercent.length > 0 ? { cpuPercent: median(cpuPercent) } : {}),
      ...(loadGen.length > 0 ? { loadGenPercent: median(loadGen) } : {}),
      ...(lastError ? { lastError } : {}),
    };
  });
}

/**
 * W3: closed-loop saturation per protocol and connection count (zero-latency simulator), then HTTP/1.1 against the
 * 60 ms simulator; finally the gateway's RSS right after it all, and again once it has been idle for `idleMs` (the
 * gateway collects its heap after 10 s without traffic, `release_memory_after_idle`).
 *
 * @example
 * const { cases, gatewayRssAfterMb } = await measureSaturation(context);
 */
export async function measureSaturation(
  context: WorkloadContext,
): Promise<{ cases: W3Case[]; gatewayRssAfterMb?: number; gatewayRssAtStartMb?: number; gatewayRssIdleMb?: number; idleMs?: number }> {
  const { w3 } = context.preset;
  const shape = { kind: "converse", bytes: 1024 } as const;
  const runs: SaturationRun[] = [
    ...w3.protocols.flatMap((protocol) => w3.connections.map((connections) => ({ protocol, connections, upstream: "fast" as const }))),
    { protocol: "h1" as const, connections: w3.slowConnections, upstream: "slow" as const },
  ].map((run) => ({ ...run, rounds: w3.rounds, warmupMs: w3.warmupMs, durationMs: w3.durationMs, upstreamPid: context.env.simulators[run.upstream].pid }));
  const cases: W3Case[] = [];
  for (const run of runs) {
    context.log(`W3 closed loop ${run.protocol} ${run.connections} connections (${run.upstream} upstream)`);
    const rows = await measureThroughput(selectTargets(context.env.targets, run.protocol, shape, run.upstream), run);
    cases.push({ protocol: run.protocol, connections: run.connections, upstream: run.upstream, rows });
  }
  const rss = readProcessUsage(context.env.gateway.pid, true)?.rssBytes;
  const atStart = context.env.gatewayRssAtStartBytes;
  const idle = w3.idleMs > 0 ? await readRssWhenIdle(context, w3.idleMs) : undefined;
  return {
    cases,
    ...(rss !== undefined ? { gatewayRssAfterMb: rss / 2 ** 20 } : {}),
    ...(atStart !== undefined ? { gatewayRssAtStartMb: atStart / 2 ** 20 } : {}),
    ...(idle !== undefined ? { gatewayRssIdleMb: idle / 2 ** 20, idleMs: w3.idleMs } : {}),
  };
}

async function readRssWhenIdle(context: WorkloadContext, idleMs: number): Promise<number | undefined> {
  context.log(`W3 done: ${idleMs / 1000} s without traffic, then the gateway's RSS again`);
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  return readProcessUsage(context.env.gateway.pid, true)?.rssBytes;
}
