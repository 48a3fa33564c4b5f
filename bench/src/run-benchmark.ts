import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, platform, release, tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchPreset } from "./options/bench-presets.js";
import { BENCH_PRESETS } from "./options/bench-presets.js";
import type { BenchOptions, BenchPhase } from "./options/read-bench-options.js";
import { resolveBenchDir } from "./options/read-bench-options.js";
import { runProfilePhase } from "./profile/run-profile-phase.js";
import type { Pinning } from "./processes/create-pinning.js";
import { createPinning, pinCurrentProcess } from "./processes/create-pinning.js";
import type { ServiceRegistry } from "./processes/spawn-service.js";
import { describeBackgroundLoad, readCpuTimes } from "./processes/read-machine-load.js";
import { createServiceRegistry } from "./processes/spawn-service.js";
import type { BenchEnvironment } from "./processes/start-bench-environment.js";
import { startBenchEnvironment } from "./processes/start-bench-environment.js";
import type { BenchMeta, BenchResults } from "./report/bench-results.js";
import { checkTargets } from "./report/check-targets.js";
import { measureFixedRates } from "./workloads/measure-fixed-rates.js";
import { measureGovernance } from "./workloads/measure-governance.js";
import { measureOpenStreams } from "./workloads/measure-open-streams.js";
import { measureSaturation } from "./workloads/measure-saturation.js";
import { measureSequentialLatency } from "./workloads/measure-sequential-latency.js";
import { measureStreamTiming } from "./workloads/measure-stream-timing.js";
import { measureWorkers } from "./workloads/measure-workers.js";
import { warmUpTargets } from "./workloads/warm-up-targets.js";
import type { WorkloadContext } from "./workloads/workload-context.js";

export interface RunInput {
  options: BenchOptions;
  /** the command line as the user would type it, for the report */
  command: string;
  log: (line: string) => void;
}

function describeCommit(): string {
  const cwd = join(resolveBenchDir(), "..");
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd, encoding: "utf8" }).stdout.trim();
  const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd, encoding: "utf8" }).stdout.trim() !== "";
  return head ? `commit ${head}${dirty ? " with uncommitted changes" : ""}` : "not a git checkout";
}

function createMeta(input: RunInput, pinning: Pinning, env: BenchEnvironment, preset: BenchPreset, startedAt: number): BenchMeta {
  return {
    date: new Date(startedAt).toISOString(),
    mode: input.options.profileOnly ? "profile" : input.options.smoke ? "smoke" : "full",
    command: input.command,
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpuModel: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    pinning: pinning.describe(),
    upstream:
      `@bedrock-gw/simulator (SigV4 verified on every call, TCP_NODELAY), one process each: 0 ms (${env.upstreams.fast}, ` +
      `${preset.w4.chunkDelayMs} ms between stream events), 60 ms before headers, and ${preset.w5.chunkDelayMs} ms between events for W5`,
    gateway: `bedrock-gw serve (built CLI, ${describeCommit()}): master key as Bearer, SigV4 re-signing, spend rows to the embedded database, one info log line per request (to a file)`,
    floor: "node:http + node:http2 (h2c) on one port (TCP_NODELAY), undici Pool upstream, bytes piped, Host kept, no auth or signing",
    client: "in the orchestrator process: undici Pool (HTTP/1.1 keep-alive, no pipelining), node:http2 (h2c, one session)",
    peer: env.peerNote,
    warmup:
      preset.warmup.durationMs > 0
        ? `before W1, every target (direct included) had ${preset.warmup.durationMs / 1000} s of closed-loop load at ${preset.warmup.connections} connections per protocol and call shape (Converse on HTTP/1.1 and h2c, ConverseStream on HTTP/1.1), unrecorded`
        : "none",
    durationS: (Date.now() - startedAt) / 1000,
    backgroundLoad: "measured once every process has stopped",
  };
}

async function runWorkloads(context: WorkloadContext, services: ServiceRegistry, pinning: Pinning, only: readonly BenchPhase[] | undefined): Promise<Omit<BenchResults, "meta" | "checks">> {
  const wanted = (phase: BenchPhase): boolean => only === undefined || only.includes(phase);
  const results: Omit<BenchResults, "meta" | "checks"> = {};
  results.warmup = await warmUpTargets(context);
  if (wanted("w1")) results.w1 = await measureSequentialLatency(context);
  if (wanted("w2")) results.w2 = await measureFixedRates(context);
  if (wanted("w3")) results.w3 = await measureSaturation(context);
  if (wanted("w4")) results.w4 = await measureStreamTiming(context);
  if (wanted("w6")) results.w6 = await measureGovernance(context);
  // cpus(), not availableParallelism(): this process is pinned to one core by now
  const allCores = pinning.enabled ? `0-${cpus().length - 1}` : undefined;
  if (wanted("w7")) results.w7 = await measureWorkers(context, services, allCores);
  // last: holding many streams open grows the gateway's heap, which would colour the "after W3" figure
  if (wanted("w5")) results.w5 = await measureOpenStreams(context);
  return results;
}

/**
 * Runs the whole benchmark (or only the profile phase): starts every process, runs the workloads interleaved,
 * checks the targets, profiles the gateway under W3, stops everything. Bounded by the preset's deadline.
 *
 * @example
 * const results = await runBenchmark({ options, command: "npm run bench", log: console.error });
 */
export async function runBenchmark(input: RunInput): Promise<BenchResults> {
  const startedAt = Date.now();
  const cpuBefore = readCpuTimes();
  const preset = input.options.smoke ? BENCH_PRESETS.smoke : BENCH_PRESETS.full;
  const pinning = createPinning(input.options.pin);
  pinCurrentProcess(pinning);
  const workDir = mkdtempSync(join(tmpdir(), "bedrock-gw-bench-"));
  const services = createServiceRegistry(pinning);
  const killAll = (): void => services.killAll();
  process.once("exit", killAll);
  const deadline = setTimeout(() => {
    input.log(`deadline of ${preset.deadlineMs / 1000} s passed: stopping every process (logs kept in ${workDir})`);
    services.killAll();
    process.exit(3);
  }, preset.deadlineMs);
  let failed = true;
  let results: BenchResults;
  try {
    const env = await startBenchEnvironment({ services, pinning, preset, options: input.options, workDir, log: input.log });
    const context: WorkloadContext = { preset, env, log: input.log };
    const { only } = input.options;
    const workloads = input.options.profileOnly ? {} : await runWorkloads(context, services, pinning, only);
    const profile = only && !only.includes("profile") ? undefined : await runProfilePhase(context, services, join(input.options.outDir, "results"), pinning.proxy);
    const partial: BenchResults = { meta: createMeta(input, pinning, env, preset, startedAt), ...workloads, ...(profile ? { profile } : {}), checks: [] };
    results = { ...partial, checks: input.options.profileOnly ? [] : checkTargets(partial) };
    failed = false;
  } finally {
    clearTimeout(deadline);
    await services.stopAll();
    process.off("exit", killAll);
    if (failed) input.log(`logs of every process kept in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
  const elapsedMs = Date.now() - startedAt;
  const backgroundLoad = describeBackgroundLoad(cpuBefore, readCpuTimes(), cpus().length, elapsedMs);
  return { ...results, meta: { ...results.meta, durationS: elapsedMs / 1000, backgroundLoad } };
}
