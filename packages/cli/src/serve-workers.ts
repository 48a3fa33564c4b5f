import type { Cluster, Worker } from "node:cluster";
import type { SpendRecord } from "@bedrock-gw/core";
import { createClusterWorkerState, createLogger, createSpendWriter, createStore, attachClusterStatePrimary, createMemoryState, DEFAULT_DATA_DIR, loadConfig, parseConfigText, simulateConfigText } from "@bedrock-gw/core";
import { join } from "node:path";
import { holdYoungGeneration } from "./hold-young-generation.js";

/** IPC message a worker sends its primary for each spend row (one writer, one database connection, per machine). */
export const SPEND_MESSAGE = "bedrock-gw:spend";

export interface WorkersOptions {
  cluster: Cluster;
  workers: number;
  configPath?: string;
  simulate: boolean;
  env: Record<string, string | undefined>;
  out: (line: string) => void;
  err: (line: string) => void;
  onSignal: (handler: (signal: string) => void) => void;
  exit: (code: number) => void;
  /** how long a worker may take to drain on SIGTERM */
  drainMs: number;
}

/**
 * `serve --workers N`, the primary's side: N worker processes share the port (node:cluster), limits and budgets
 * stay exact across them through the primary (its memory state answers every worker over IPC; with `redis_url`
 * the workers use Redis), and the primary alone writes spend rows, so the embedded database has one writer.
 * A worker that dies is replaced; SIGTERM drains every worker, then flushes the rows.
 */
export async function runWorkersPrimary(options: WorkersOptions): Promise<void> {
  const { cluster } = options;
  const logger = createLogger({ level: options.env.LOG_LEVEL ?? "info" });
  // validates the config once, before forking, so a bad one fails with one clear message
  const config = options.configPath
    ? loadConfig(options.configPath, { env: options.env })
    : options.simulate
      ? parseConfigText(simulateConfigText(), { env: options.env })
      : undefined;
  // the primary relays every worker's spend rows and shared state: its young generation follows the same setting
  const youngGeneration = config ? holdYoungGeneration(config) : undefined;
  const dataDir = config?.general.dataDir ?? options.env.BEDROCK_GW_DATA_DIR ?? DEFAULT_DATA_DIR;
  const store = createStore({ ...(config?.general.databaseUrl ? { databaseUrl: config.general.databaseUrl } : {}), dataDir });
  await store.migrate();
  const writer = createSpendWriter({ store, spillPath: join(dataDir, "spend-spill.jsonl"), logger });
  void writer.replaySpill().catch((error: unknown) => logger.warn({ err: (error as Error).message }, "spill replay failed"));
  const detachState = config?.router.redisUrl ? undefined : attachClusterStatePrimary(cluster, createMemoryState());
  let shuttingDown = false;

  cluster.on("message", (_worker: Worker, message: unknown) => {
    if (isSpendMessage(message)) writer.enqueue(reviveRecord(message.record));
  });
  cluster.on("exit", (worker: Worker, code: number | null) => {
    if (shuttingDown) return;
    logger.error({ pid: worker.process.pid, code }, "a worker exited; starting a new one");
    cluster.fork();
  });

  const listening = waitForListening(cluster, options.workers);
  for (let i = 0; i < options.workers; i++) cluster.fork();
  const address = await listening;
  options.out(`bedrock-gw listening on ${address} (HTTP/1.1 and HTTP/2; ${options.workers} workers)`);

  options.onSignal(async (signal) => {
    shuttingDown = true;
    options.err(`${signal}: draining ${options.workers} workers...`);
    await stopWorkers(cluster, options.drainMs + 5_000);
    detachState?.();
    await writer.close({ deadlineMs: 5_000 });
    await store.close();
    youngGeneration?.stop();
    options.exit(0);
  });
}

function waitForListening(cluster: Cluster, count: number): Promise<string> {
  return new Promise((resolve) => {
    let seen = 0;
    const onListening = (_worker: Worker, address: { address: string | null; port: number }) => {
      seen++;
      if (seen < count) return;
      cluster.off("listening", onListening);
      const host = !address.address || address.address === "::" || address.address === "0.0.0.0" ? "127.0.0.1" : address.address;
      resolve(`http://${host.includes(":") ? `[${host}]` : host}:${address.port}`);
    };
    cluster.on("listening", onListening);
  });
}

function stopWorkers(cluster: Cluster, deadlineMs: number): Promise<void> {
  const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  return new Promise((resolve) => {
    let left = workers.length;
    if (left === 0) return resolve();
    const timer = setTimeout(() => {
      for (const worker of workers) worker.process.kill("SIGKILL");
      resolve();
    }, deadlineMs);
    for (const worker of workers) {
      worker.once("exit", () => {
        if (--left === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
      worker.process.kill("SIGTERM");
    }
  });
}

/** The worker's side: shared state and spend rows go to the primary (without Redis). */
export function createWorkerDeps(redisUrl: string | undefined, send: (message: unknown) => void) {
  return {
    ...(redisUrl ? {} : { state: createClusterWorkerState() }),
    spendSink: (record: SpendRecord) => send({ type: SPEND_MESSAGE, record }),
  };
}

function isSpendMessage(message: unknown): message is { type: string; record: Record<string, unknown> } {
  return typeof message === "object" && message !== null && (message as { type?: unknown }).type === SPEND_MESSAGE;
}

/** IPC carries JSON: dates arrive as strings */
function reviveRecord(record: Record<string, unknown>): SpendRecord {
  return { ...record, startTime: new Date(record.startTime as string), endTime: new Date(record.endTime as string) } as unknown as SpendRecord;
}
