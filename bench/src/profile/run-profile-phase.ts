import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createGatewayTarget } from "../client/bench-targets.js";
import { createHttpClient } from "../client/create-http-client.js";
import { runClosedLoop } from "../load/run-closed-loop.js";
import { BENCH_MASTER_KEY, BENCH_MODEL_GROUPS } from "../processes/create-gateway-config.js";
import type { ServiceRegistry } from "../processes/spawn-service.js";
import { startGatewayService } from "../processes/start-gateway-service.js";
import type { ProfileSummary, Skipped } from "../report/bench-results.js";
import type { WorkloadContext } from "../workloads/workload-context.js";
import type { CpuProfile } from "./summarize-cpu-profile.js";
import { summarizeCpuProfile } from "./summarize-cpu-profile.js";

/**
 * The profile mode: a second gateway started under `node --cpu-prof` (on the proxy core), W3 on HTTP/1.1 against
 * it, then a graceful stop so V8 writes the profile, copied to `<resultsDir>/gateway-w3.cpuprofile` and summarized
 * over the measured window (process.hrtime and V8's profile clock are both the monotonic clock).
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
  const target = createGatewayTarget({ url: gateway.url, pid: gateway.pid, apiKey: BENCH_MASTER_KEY, modelGroups: BENCH_MODEL_GROUPS });
  const client = createHttpClient("h1", gateway.url, profile.connections);
  const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);
  const window = { startUs: 0, endUs: 0 };
  let result;
  try {
    const request = await target.prepare({ kind: "converse", bytes: 1024 }, "fast");
    result = await runClosedLoop(client, request, {
      concurrency: profile.connections,
      warmupMs: profile.warmupMs,
      durationMs: profile.durationMs,
      onWindowStart: () => (window.startUs = nowUs()),
      onWindowEnd: () => (window.endUs = nowUs()),
    });
  } finally {
    await client.close();
    await gateway.stop(30_000);
  }
  const written = readdirSync(profileDir).filter((name) => name.endsWith(".cpuprofile"));
  if (written.length === 0) return { skipped: "the gateway exited without writing a CPU profile" };
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, "gateway-w3.cpuprofile");
  copyFileSync(join(profileDir, pickMainThreadProfile(written)), file);
  // only the measured window: start-up (module loading) and shutdown would otherwise dominate a short run
  const summary = summarizeCpuProfile(JSON.parse(readFileSync(file, "utf8")) as CpuProfile, profile.top, window);
  return { file, requests: result.completed, rps: result.rps, ...summary };
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
