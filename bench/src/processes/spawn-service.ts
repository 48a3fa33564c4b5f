import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { Pinning } from "./create-pinning.js";

export interface ServiceSpec {
  name: string;
  /** what follows `node`: flags, script, script arguments */
  nodeArgs: string[];
  /** taskset cpu list, or undefined for unpinned */
  cpus: string | undefined;
  env: Record<string, string>;
  /** stdout and stderr are appended here (so a chatty service never slows the load generator) */
  logFile: string;
  /** matched against the log; the first group, when there is one, is the service's URL */
  readyPattern: RegExp;
  /** used when readyPattern has no group */
  url?: string;
  cwd?: string;
  startTimeoutMs?: number;
}

export interface Service {
  name: string;
  pid: number;
  url: string;
  logFile: string;
  /** the process has exited */
  readonly exited: boolean;
  readLog(): string;
  /** SIGTERM, then SIGKILL after graceMs */
  stop(graceMs?: number): Promise<number | null>;
}

/** Tracks every child started, so a failed or timed-out run leaves no process behind. */
export interface ServiceRegistry {
  start(spec: ServiceSpec): Promise<Service>;
  stopAll(): Promise<void>;
  /** synchronous last resort (process "exit" handler) */
  killAll(): void;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function waitForReady(child: ChildProcess, spec: ServiceSpec): Promise<string> {
  const deadline = Date.now() + (spec.startTimeoutMs ?? 20_000);
  for (;;) {
    const log = readFileSync(spec.logFile, "utf8");
    const match = spec.readyPattern.exec(log);
    if (match) return match[1] ?? spec.url ?? "";
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${spec.name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${log.slice(-2000)}`);
    }
    if (Date.now() > deadline) throw new Error(`${spec.name} was not ready in time:\n${log.slice(-2000)}`);
    await sleep(25);
  }
}

/**
 * A registry that spawns `node` services (pinned when asked), waits for their ready line, and stops them all.
 *
 * @example
 * const services = createServiceRegistry(pinning);
 * const sim = await services.start({ name: "simulator", nodeArgs: [script], cpus: "0", env: {}, logFile, readyPattern: /listening on (\S+)/ });
 * await services.stopAll();
 */
export function createServiceRegistry(pinning: Pinning): ServiceRegistry {
  const children = new Set<ChildProcess>();
  const services = new Set<Service>();

  async function start(spec: ServiceSpec): Promise<Service> {
    const fd = openSync(spec.logFile, "a");
    const { command, args } = pinning.wrap(spec.cpus, spec.nodeArgs);
    const child = spawn(command, args, { env: spec.env, stdio: ["ignore", fd, fd], cwd: spec.cwd ?? process.cwd() });
    closeSync(fd);
    children.add(child);
    child.once("exit", () => children.delete(child));
    try {
      const url = await waitForReady(child, spec);
      const service: Service = {
        name: spec.name,
        pid: child.pid!,
        url,
        logFile: spec.logFile,
        get exited() {
          return child.exitCode !== null || child.signalCode !== null;
        },
        readLog: () => readFileSync(spec.logFile, "utf8"),
        async stop(graceMs = 10_000) {
          services.delete(service);
          if (!service.exited) child.kill("SIGTERM");
          if (!(await waitForExit(child, graceMs))) {
            child.kill("SIGKILL");
            await waitForExit(child, 2_000);
          }
          return child.exitCode;
        },
      };
      services.add(service);
      return service;
    } catch (error) {
      child.kill("SIGKILL");
      throw error;
    }
  }

  return {
    start,
    async stopAll() {
      await Promise.all([...services].map((service) => service.stop(5_000)));
      for (const child of children) child.kill("SIGKILL");
    },
    killAll() {
      for (const child of children) child.kill("SIGKILL");
    },
  };
}
