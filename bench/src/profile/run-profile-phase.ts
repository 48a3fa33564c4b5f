import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createGatewayTarget } from "../client/bench-targets.js";
import { createHttpClient } from "../client/create-http-client.js";
import { runClosedLoop } from "../load/run-closed-loop.js";
import type { ClosedLoopResult } from "../load/run-closed-loop.js";
import { BENCH_MASTER_KEY, BENCH_MODEL_GROUPS } from "../processes/create-gateway-config.js";
import { BENCH_SCRIPTS } from "../processes/bench-scripts.js";
import type { Service, ServiceRegistry } from "../processes/spawn-service.js";
import { startGatewayService } from "../processes/start-gateway-service.js";
import type { AllocationSummary, ProfileSummary, Skipped } from "../report/bench-results.js";
import type { WorkloadContext } from "../workloads/workload-context.js";
import type { CpuProfile } from "./summarize-cpu-profile.js";
import { summarizeCpuProfile } from "./summarize-cpu-profile.js";
import type { AllocationProfile } from "./summarize-allocation-profile.js";
import { summarizeAllocationProfile } from "./summarize-allocation-profile.js";

/**
 * The profile mode: a second gateway started under `node --cpu-prof` (on the proxy core), W3 on HTTP/1.1 against
 * it, then a graceful stop so V8 writes the profile, copied to `<resultsDir>/gateway-w3.cpuprofile` and summarized
 * over the measured window (process.hrtime and V8's profile clock are both the monotonic clock). Then the same load
 * against a third gateway that samples its allocations over the measured window (`gateway-w3.heapprofile`): bytes
 * allocated per request drive both the garbage collector's CPU and how far the heap grows.
 *
 * @example
 * const summary = await runProfilePhase(context, services, resultsDir, "1");
 */
export async function runProfilePhase(context: WorkloadContext, services: ServiceRegistry, resultsDir: string, cpus: string | undefined): Promise<ProfileSummary | Skipped> {
  const { profile } = context.preset;
  const profileDir = mkdtempSync(join(context.env.workDir, "cpu-prof-"));
  const gateway = await startGatewayService(services, {
    name: "gateway-profiled",
    configPath: context.env.configPath,
    workDir: context.env.workDir,
    cpus,
    nodeFlags: ["--cpu-prof", "--cpu-prof-dir", profileDir],
  });
  context.log(`profile: W3 HTTP/1.1, ${profile.connections} connections for ${profile.durationMs} ms against a gateway under --cpu-prof`);
  const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);
  const window = { startUs: 0, endUs: 0 };
  const result = await loadGateway(context, gateway, {
    onWindowStart: () => (window.startUs = nowUs()),
    onWindowEnd: () => (window.endUs = nowUs()),
  });
  const written = readdirSync(profileDir).filter((name) => name.endsWith(".cpuprofile"));
  if (written.length === 0) return { skipped: "the gateway exited without writing a CPU profile" };
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, "gateway-w3.cpuprofile");
  copyFileSync(join(profileDir, pickMainThreadProfile(written)), file);
  // only the measured window: start-up (module loading) and shutdown would otherwise dominate a short run
  const summary = summarizeCpuProfile(JSON.parse(readFileSync(file, "utf8")) as CpuProfile, profile.top, window);
  const allocation = await runAllocationProfile(context, services, resultsDir, cpus);
  return { file, requests: result.completed, rps: result.rps, ...summary, allocation };
}

/** The same load against a gateway whose allocations are sampled over the measured window (see allocation-sampler.ts). */
async function runAllocationProfile(context: WorkloadContext, services: ServiceRegistry, resultsDir: string, cpus: string | undefined): Promise<AllocationSummary | Skipped> {
  const { profile } = context.preset;
  const file = join(resultsDir, "gateway-w3.heapprofile");
  rmSync(file, { force: true });
  const gateway = await startGatewayService(services, {
    name: "gateway-allocations",
    configPath: context.env.configPath,
    workDir: context.env.workDir,
    cpus,
    nodeFlags: ["--import", BENCH_SCRIPTS.allocationSampler],
    env: { BENCH_ALLOC_PROFILE: file },
  });
  context.log(`profile: the same load against a gateway sampling its allocations`);
  const signal = () => process.kill(gateway.pid, "SIGUSR2");
  const result = await loadGateway(context, gateway, { onWindowStart: signal, onWindowEnd: signal }, () => waitForFile(file, 10_000));
  if (!existsSync(file)) return { skipped: "the gateway wrote no allocation profile" };
  const summary = summarizeAllocationProfile(JSON.parse(readFileSync(file, "utf8")) as AllocationProfile, profile.top);
  const requests = result.completed;
  return { file, requests, bytesPerRequest: requests > 0 ? summary.totalBytes / requests : 0, ...summary };
}

/** W3 on HTTP/1.1 against a gateway, then a graceful stop (after `beforeStop`, e.g. waiting for a file it writes). */
async function loadGateway(
  context: WorkloadContext,
  gateway: Service,
  hooks: { onWindowStart: () => void; onWindowEnd: () => void },
  beforeStop?: () => Promise<void>,
): Promise<ClosedLoopResult> {
  const { profile } = context.preset;
  const target = createGatewayTarget({ url: gateway.url, pid: gateway.pid, apiKey: BENCH_MASTER_KEY, modelGroups: BENCH_MODEL_GROUPS });
  const client = createHttpClient("h1", gateway.url, profile.connections);
  try {
    const request = await target.prepare({ kind: "converse", bytes: 1024 }, "fast");
    return await runClosedLoop(client, request, {
      concurrency: profile.connections,
      warmupMs: profile.warmupMs,
      durationMs: profile.durationMs,
      ...hooks,
    });
  } finally {
    await client.close();
    await beforeStop?.();
    await gateway.stop(30_000);
  }
}

async function waitForFile(path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path) && Date.now() < deadline) await sleep(50);
  // the sampler writes the file in one call; a moment more lets a large one finish
  await sleep(100);
}

/**
 * The main thread's profile among those `--cpu-prof` wrote: one per thread (the spend inserter's worker thread
 * writes its own), named `CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile`, the main thread being 0.
 *
 * @example
 * pickMainThreadProfile(["CPU.20261122.1.42.1.002.cpuprofile", "CPU.20261122.1.42.0.001.cpuprofile"]); // the second
 */
export function pickMainThreadProfile(names: readonly string[]): string {
  const sorted = [...names].sort();
  return sorted.find((name) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(name)) ?? sorted.at(-1)!;
}
