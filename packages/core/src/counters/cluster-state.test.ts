import { describe, expect, it } from "vitest";
import { attachClusterStatePrimary } from "./attach-cluster-state-primary.js";
import { createClusterWorkerState } from "./create-cluster-worker-state.js";
import { createMemoryState } from "./create-memory-state.js";
import { createFakeCluster } from "./fixtures/fake-cluster.js";
import { describeSharedState, waitFor } from "./shared-state.test-suite.js";
import { isStateUnavailableError } from "./state-unavailable-error.js";

describeSharedState(
  "cluster shared state (workers over in-process IPC)",
  async (clock) => {
    const fake = createFakeCluster();
    const primary = createMemoryState({ clock });
    const detach = attachClusterStatePrimary(fake.cluster, primary);
    const state = createClusterWorkerState({ channel: fake.fork().channel, timeoutMs: 2_000 });
    return {
      state,
      openPeer: () => createClusterWorkerState({ channel: fake.fork().channel, timeoutMs: 2_000 }),
      cleanup: async () => {
        await state.close();
        detach();
        await primary.close();
      },
    };
  },
  { peers: true },
);

describe("cluster shared state", () => {
  const setUp = () => {
    const fake = createFakeCluster();
    const primary = createMemoryState();
    const existing = fake.fork();
    const detach = attachClusterStatePrimary(fake.cluster, primary);
    return { fake, primary, existing, detach };
  };

  it("serves workers forked before and after attaching; a worker's publish reaches the primary and every worker", async () => {
    const { fake, primary, existing, detach } = setUp();
    const early = createClusterWorkerState({ channel: existing.channel });
    const late = createClusterWorkerState({ channel: fake.fork().channel });
    const heard: string[] = [];
    await primary.subscribe("revoke", (message) => heard.push(`primary:${message}`));
    await early.subscribe("revoke", (message) => heard.push(`early:${message}`));
    await late.subscribe("revoke", (message) => heard.push(`late:${message}`));
    await late.publish("revoke", "k1");
    await waitFor(() => expect(heard.sort()).toEqual(["early:k1", "late:k1", "primary:k1"]));
    await primary.consume("rpm", 1, 2, 60_000, "fits");
    expect(await early.consume("rpm", 1, 2, 60_000, "fits")).toMatchObject({ allowed: true, used: 2 });
    expect((await late.consume("rpm", 1, 2, 60_000, "fits")).allowed).toBe(false);
    await Promise.all([early.close(), late.close()]);
    detach();
  });

  it("drops an exited worker's subscriptions", async () => {
    const { primary, existing, detach } = setUp();
    const worker = createClusterWorkerState({ channel: existing.channel });
    await worker.subscribe("revoke", () => undefined);
    const received: string[] = [];
    await primary.subscribe("revoke", (message) => received.push(message));
    existing.exit();
    await primary.publish("revoke", "after-exit");
    expect(received).toEqual(["after-exit"]);
    expect(primary.countEntries()).toBe(0);
    detach();
  });

  it("carries errors back to the worker and ignores messages that are not its own", async () => {
    const { existing, detach } = setUp();
    const worker = createClusterWorkerState({ channel: existing.channel });
    await expect(worker.consume("k", 1, 1, 0, "fits")).rejects.toThrow("windowMs must be a positive number");
    existing.channel.send({ hello: "other IPC traffic" }, () => undefined);
    expect(await worker.getValues(["missing"])).toEqual([undefined]);
    expect(await worker.readBudget("missing")).toBeUndefined();
    expect(await worker.health()).toEqual({ backend: "cluster", status: "ok", detail: "primary holds memory state" });
    await worker.close();
    detach();
  });

  it("fails with StateUnavailableError when the primary does not answer in time", async () => {
    const fake = createFakeCluster();
    const worker = createClusterWorkerState({ channel: fake.fork().channel, timeoutMs: 50 });
    const error = await worker.consume("k", 1, 1, 1_000, "fits").catch((caught: unknown) => caught);
    expect(isStateUnavailableError(error)).toBe(true);
    expect(String(error)).toContain('did not answer "consume" within 50 ms');
    expect(await worker.health()).toMatchObject({ backend: "cluster", status: "degraded" });
  });

  it("fails at once when the channel to the primary is closed", async () => {
    const { existing, detach } = setUp();
    const worker = createClusterWorkerState({ channel: existing.channel, timeoutMs: 5_000 });
    existing.exit();
    const started = Date.now();
    await expect(worker.peek("k", 1_000)).rejects.toThrow("cannot reach the cluster primary");
    expect(Date.now() - started).toBeLessThan(1_000);
    detach();
  });
});
