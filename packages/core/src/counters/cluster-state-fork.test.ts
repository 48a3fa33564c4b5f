import cluster from "node:cluster";
import type { Worker } from "node:cluster";
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClusterPrimaryState } from "./create-cluster-state.js";
import { transpileCounters } from "./fixtures/transpile-counters.js";
import { waitFor } from "./shared-state.test-suite.js";

interface FixtureMessage {
  fixture: true;
  type: "ready" | "consumed" | "heard";
  allowed?: number;
  message?: string;
}

const isFixtureMessage = (value: unknown): value is FixtureMessage => (value as { fixture?: unknown } | null)?.fixture === true;

describe("cluster shared state across real processes (node:cluster)", () => {
  let countersDir = "";
  beforeAll(async () => {
    countersDir = await transpileCounters();
  });
  afterAll(async () => {
    await rm(countersDir, { recursive: true, force: true });
  });

  it("4 workers × 50 attempts on a limit of 100: exactly 100 allowed; a worker's publish reaches every process", { timeout: 30_000 }, async () => {
    const primary = createClusterPrimaryState({ cluster });
    const heardByPrimary: string[] = [];
    await primary.subscribe("revoke", (message) => heardByPrimary.push(message));
    cluster.setupPrimary({ exec: fileURLToPath(new URL("./fixtures/cluster-worker.mjs", import.meta.url)), execArgv: [], silent: false });
    const messages = new Map<number, FixtureMessage[]>();
    const env = { BGW_COUNTERS_DIR: countersDir, BGW_KEY: "rpm:shared", BGW_LIMIT: "100", BGW_ATTEMPTS: "50" };
    const workers: Worker[] = Array.from({ length: 4 }, () => cluster.fork(env));
    for (const worker of workers) {
      messages.set(worker.id, []);
      worker.on("message", (message: unknown) => {
        if (isFixtureMessage(message)) messages.get(worker.id)?.push(message);
      });
    }
    const ofType = (type: FixtureMessage["type"]) => workers.map((worker) => (messages.get(worker.id) ?? []).filter((m) => m.type === type));
    try {
      await waitFor(() => expect(ofType("ready").every((list) => list.length === 1)).toBe(true), 15_000);
      for (const worker of workers) worker.send({ fixture: true, type: "go" });
      await waitFor(() => expect(ofType("consumed").every((list) => list.length === 1)).toBe(true), 10_000);
      const allowed = ofType("consumed").map((list) => list[0]?.allowed ?? 0);
      expect(allowed.reduce((sum, count) => sum + count, 0)).toBe(100);
      expect(await primary.peek("rpm:shared", 60_000)).toBe(100);

      workers[0]?.send({ fixture: true, type: "publish", text: "key-7" });
      await waitFor(() => expect(ofType("heard").map((list) => list.map((m) => m.message))).toEqual([["key-7"], ["key-7"], ["key-7"], ["key-7"]]));
      expect(heardByPrimary).toEqual(["key-7"]);
    } finally {
      const exited = workers.map((worker) => new Promise((resolve) => worker.once("exit", resolve)));
      for (const worker of workers) worker.send({ fixture: true, type: "close" }, () => undefined);
      const deadline = setTimeout(() => workers.forEach((worker) => worker.kill()), 5_000);
      await Promise.all(exited);
      clearTimeout(deadline);
      await primary.close();
    }
  });
});
