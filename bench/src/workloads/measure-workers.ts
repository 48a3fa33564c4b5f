import type { BenchTarget } from "../client/bench-targets.js";
import { createGatewayTarget } from "../client/bench-targets.js";
import { BENCH_MASTER_KEY, BENCH_MODEL_GROUPS } from "../processes/create-gateway-config.js";
import type { Service, ServiceRegistry } from "../processes/spawn-service.js";
import { startGatewayService } from "../processes/start-gateway-service.js";
import type { Skipped, ThroughputRow } from "../report/bench-results.js";
import { measureThroughput } from "./measure-saturation.js";
import type { WorkloadContext } from "./workload-context.js";

/** Why `serve --workers 2` could not start: the CLI's own words when it rejects the option. */
function toSkipReason(error: Error): string {
  const line = /error: [^\n]*workers[^\n]*|unknown option[^\n]*/i.exec(error.message)?.[0];
  return line ? `serve --workers 2 is not supported by this build (${line.trim()})` : `serve --workers 2 failed: ${error.message.split("\n")[0]}`;
}

/**
 * W7: `serve --workers 2` allowed on every core, closed loop on HTTP/1.1, against the bare proxy and the
 * single-process gateway (each on its own core). Skipped when the CLI has no `--workers`.
 *
 * @example
 * const result = await measureWorkers(context, services, allCores);
 */
export async function measureWorkers(
  context: WorkloadContext,
  services: ServiceRegistry,
  allCores: string | undefined,
): Promise<{ connections: number; rows: ThroughputRow[] } | Skipped> {
  const { w7 } = context.preset;
  let workers: Service;
  try {
    workers = await startGatewayService(services, { name: "gateway-workers", configPath: context.env.configPath, workDir: context.env.workDir, cpus: allCores, serveArgs: ["--workers", "2"] });
  } catch (error) {
    return { skipped: toSkipReason(error as Error) };
  }
  try {
    context.log(`W7 serve --workers 2, ${w7.connections} connections`);
    const target = createGatewayTarget({ name: "gateway-workers", url: workers.url, pid: workers.pid, apiKey: BENCH_MASTER_KEY, modelGroups: BENCH_MODEL_GROUPS });
    const targets: BenchTarget[] = [...context.env.targets.filter((t) => t.name === "bare" || t.name === "gateway"), target];
    const rows = await measureThroughput(targets, { protocol: "h1", upstream: "fast", upstreamPid: context.env.simulators.fast.pid, ...w7 });
    return { connections: w7.connections, rows };
  } finally {
    await workers.stop();
  }
}
