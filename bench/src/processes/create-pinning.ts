import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";

/** Which cores each role runs on; `undefined` cpus means unpinned. */
export interface Pinning {
  enabled: boolean;
  /** why pinning is off, when it is */
  reason?: string;
  /** the orchestrator process, which is also the load generator */
  client?: string;
  /** simulators (the upstream) */
  upstream?: string;
  /** the proxy under test: bare proxy, gateway, peer (one at a time is busy) */
  proxy?: string;
  /** `command, args` that run `node args` on the given cores */
  wrap(cpus: string | undefined, nodeArgs: readonly string[]): { command: string; args: string[] };
  /** a one-line description for the report */
  describe(): string;
}

function hasTaskset(): boolean {
  return spawnSync("taskset", ["-c", "0", "true"], { stdio: "ignore" }).status === 0;
}

/**
 * Pins the load generator and the upstream to core 0 and the proxy under test to core 1, so the proxy has a core of
 * its own and every proxy is measured under the same conditions. Off with fewer than 2 cores or without taskset.
 *
 * @example
 * const pinning = createPinning(true);
 * spawn(...Object.values(pinning.wrap(pinning.proxy, ["server.js"])));
 */
export function createPinning(requested: boolean): Pinning {
  const cores = availableParallelism();
  const reason = !requested ? "--no-pin" : cores < 2 ? `${cores} core` : !hasTaskset() ? "taskset not found" : undefined;
  const enabled = reason === undefined;
  return {
    enabled,
    ...(reason ? { reason } : {}),
    ...(enabled ? { client: "0", upstream: "0", proxy: "1" } : {}),
    wrap(cpus, nodeArgs) {
      if (!enabled || cpus === undefined) return { command: process.execPath, args: [...nodeArgs] };
      return { command: "taskset", args: ["-c", cpus, process.execPath, ...nodeArgs] };
    },
    describe() {
      return enabled
        ? "load generator + simulators on core 0, the proxy under test (bare proxy, gateway, peer) on core 1 (taskset)"
        : `not pinned (${reason})`;
    },
  };
}

/** Pins this process (every thread) to the load generator's cores. */
export function pinCurrentProcess(pinning: Pinning): void {
  if (!pinning.enabled || pinning.client === undefined) return;
  spawnSync("taskset", ["-a", "-p", "-c", pinning.client, String(process.pid)], { stdio: "ignore" });
}
