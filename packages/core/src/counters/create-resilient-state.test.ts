import { afterEach, describe, expect, it } from "vitest";
import { createMemoryState } from "./create-memory-state.js";
import { createRedisState } from "./create-redis-state.js";
import { createResilientState } from "./create-resilient-state.js";
import type { ResilientStateLogger } from "./create-resilient-state.js";
import { createTestPrefix, deleteTestKeys } from "./fixtures/redis-test-keys.js";
import { createSwitchableState } from "./fixtures/switchable-state.js";
import { startTcpProxy } from "../fixtures/tcp-proxy.js";
import { BUS_GAP } from "./shared-state.js";
import type { SharedState } from "./shared-state.js";
import { describeSharedState } from "./shared-state.test-suite.js";

const REDIS_URL = process.env.REDIS_URL;
const HOUR = 3_600_000;

const createLogSink = () => {
  const lines: Array<{ level: "warn" | "info"; msg: string }> = [];
  const logger: ResilientStateLogger = {
    warn: (_obj, msg) => lines.push({ level: "warn", msg }),
    info: (_obj, msg) => lines.push({ level: "info", msg }),
  };
  return { lines, logger };
};

/** Polls an async condition (health, a peek) until it holds. */
const waitUntil = async (condition: () => Promise<boolean>, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describeSharedState("resilient shared state (primary up)", async (clock) => {
  const primary = createMemoryState({ clock });
  const state = createResilientState({ primary, fallback: createMemoryState({ clock }), clock });
  return { state, cleanup: () => state.close() };
});

describe("createResilientState over a backend that goes down", () => {
  const opened: SharedState[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((state) => state.close()));
  });

  const setUp = () => {
    let now = 10 * HOUR;
    const clock = () => now;
    const inner = createMemoryState({ clock });
    const primary = createSwitchableState(inner);
    const changes: string[] = [];
    const { lines, logger } = createLogSink();
    const state = createResilientState({ primary: primary.state, fallback: createMemoryState({ clock }), clock, logger, probeIntervalMs: 10, onChange: (status) => changes.push(status) });
    opened.push(state);
    return { inner, primary, state, changes, lines, advance: (ms: number) => (now += ms), now: () => now };
  };

  it("serves from the fallback without touching the primary again until a probe finds it back, logging the switch once", async () => {
    const { primary, state, changes, lines } = setUp();
    await state.consume("rpm", 1, 2, 60_000, "fits");
    primary.setDown(true);
    for (let i = 0; i < 5; i++) await state.consume("rpm", 1, 2, 60_000, "fits");
    expect(await state.health()).toMatchObject({ backend: "memory", status: "degraded" });
    expect((await state.health()).detail).toContain("fake backend is down");
    expect(changes).toEqual(["degraded"]);
    expect(lines.filter((line) => line.level === "warn")).toHaveLength(1);
    const callsWhileDown = primary.calls;
    await state.peek("rpm", 60_000);
    expect(primary.calls).toBe(callsWhileDown);
    primary.setDown(false);
    await waitUntil(async () => (await state.health()).status === "ok");
    expect(changes).toEqual(["degraded", "ok"]);
    expect(lines.map((line) => line.level)).toEqual(["warn", "info"]);
  });

  it("enforces limits locally during the outage, each outage starting from fresh local counters", async () => {
    const { inner, primary, state } = setUp();
    primary.setDown(true);
    const results = await Promise.all(Array.from({ length: 10 }, () => state.consume("rpm", 1, 4, 60_000, "fits")));
    expect(results.filter((result) => result.allowed)).toHaveLength(4);
    primary.setDown(false);
    await waitUntil(async () => (await state.health()).status === "ok");
    expect(await inner.peek("rpm", 60_000)).toBe(4);
    primary.setDown(true);
    // A new outage: the primary holds 4 (resynced), but the fallback starts empty again.
    expect(await state.consume("rpm", 1, 4, 60_000, "fits")).toMatchObject({ allowed: true, used: 1 });
  });

  it("resyncs windows (previous sub-window weighted), budget deltas, live values and releases; not expired ones", async () => {
    const { inner, primary, state, advance } = setUp();
    const end = 11 * HOUR;
    await state.reserveBudget("budget", 1, 100, end, async () => 10);
    await state.acquire("par", "held-before", 2, 60_000);
    primary.setDown(true);
    await state.consume("rpm", 5, 100, 60_000, "fits");
    await state.consume("rpm", 500, 100, 60_000, "fits"); // refused: nothing to resync
    await state.record("tpm", 1_000, 60_000);
    await state.reserveBudget("budget", 2, 100, end, async () => 10);
    await state.adjustBudget("budget", 0.5, end);
    await state.setValue("cooldown:live", "1", 120_000);
    await state.setValue("cooldown:short", "1", 1_000);
    await state.release("par", "held-before");
    advance(75_000); // into the next minute: the outage's minute now weighs (60 - 15) / 60 = 0.75
    await state.record("tpm", 100, 60_000);
    primary.setDown(false);
    await waitUntil(async () => (await state.health()).status === "ok");
    expect(await inner.peek("rpm", 60_000)).toBeCloseTo(5 * 0.75, 9);
    expect(await inner.peek("tpm", 60_000)).toBeCloseTo(1_000 * 0.75 + 100, 9);
    expect(await inner.readBudget("budget")).toBeCloseTo(11 + 2 + 0.5, 9);
    expect(await inner.getValues(["cooldown:live", "cooldown:short"])).toEqual(["1", undefined]);
    expect(await inner.countSlots("par")).toBe(0);
  });

  it("keeps bus subscriptions working on both sides and subscribes to the primary once it is back", async () => {
    const { inner, primary, state } = setUp();
    const heard: string[] = [];
    await state.subscribe("early", (message) => heard.push(`early:${message}`));
    primary.setDown(true);
    await state.subscribe("late", (message) => heard.push(`late:${message}`));
    await state.publish("early", "during-outage");
    expect(heard).toEqual(["early:during-outage"]);
    primary.setDown(false);
    await waitUntil(async () => (await state.health()).status === "ok");
    await inner.publish("late", "from-another-instance");
    await inner.publish("early", "from-another-instance");
    // the message published during the outage is published again on the primary when it is back
    expect(heard.filter((message) => !message.endsWith(`:${BUS_GAP}`))).toEqual([
      "early:during-outage",
      "early:during-outage",
      "late:from-another-instance",
      "early:from-another-instance",
    ]);
  });

  it("publishes on the primary, once it is back, what was published during the outage (once per distinct message)", async () => {
    const { inner, primary, state } = setUp();
    const peer = createResilientState({ primary: inner, fallback: createMemoryState() });
    opened.push(peer);
    const heardByPeer: string[] = [];
    await peer.subscribe("keys", (message) => heardByPeer.push(message));
    primary.setDown(true);
    await state.publish("keys", "revoked-here");
    await state.publish("keys", "revoked-here");
    await state.publish("keys", "updated-here");
    expect(heardByPeer).toEqual([]);
    primary.setDown(false);
    await waitUntil(async () => (await state.health()).status === "ok");
    expect(heardByPeer).toEqual(["revoked-here", "updated-here"]);
  });

  it("tells every handler, once the primary is back, that messages published meanwhile were missed (BUS_GAP)", async () => {
    const { primary, state } = setUp();
    const heard: string[] = [];
    await state.subscribe("keys", (message) => heard.push(`keys:${message}`));
    await state.subscribe("other", (message) => {
      heard.push(`other:${message}`);
      throw new Error("a failing handler does not keep the others from hearing");
    });
    primary.setDown(true);
    await expect(state.consume("k", 1, 10, 60_000, "fits")).resolves.toMatchObject({ allowed: true });
    expect(heard).toEqual([]);
    primary.setDown(false);
    await waitUntil(async () => (await state.health()).status === "ok");
    expect(heard.sort()).toEqual([`keys:${BUS_GAP}`, `other:${BUS_GAP}`]);
  });

  it("lets errors that are not outages through", async () => {
    const { state, changes } = setUp();
    await expect(state.consume("k", 1, 1, -5, "fits")).rejects.toThrow(RangeError);
    await expect(state.reserveBudget("b", 1, 1, 11 * HOUR, () => Promise.reject(new Error("db down")))).rejects.toThrow("db down");
    expect(changes).toEqual([]);
  });
});

describe.skipIf(!REDIS_URL)(REDIS_URL ? "createResilientState over Redis behind a proxy that goes away" : "createResilientState over Redis (REDIS_URL not set)", () => {
  it("keeps serving on the fallback, reports degraded, then switches back and resyncs", { timeout: 20_000 }, async () => {
    const target = new URL(REDIS_URL ?? "");
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    const prefix = createTestPrefix();
    const viaProxy = new URL(REDIS_URL ?? "");
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const primary = createRedisState({ url: viaProxy.href, prefix, connectTimeoutMs: 500, commandTimeoutMs: 500, maxReconnectDelayMs: 50 });
    const direct = createRedisState({ url: REDIS_URL ?? "", prefix });
    const changes: string[] = [];
    const { lines, logger } = createLogSink();
    const state = createResilientState({ primary, fallback: createMemoryState(), logger, probeIntervalMs: 25, onChange: (status) => changes.push(status) });
    const end = Date.now() + HOUR;
    const heard: string[] = [];
    try {
      for (let i = 0; i < 3; i++) await state.consume("rpm", 1, 100, 60_000, "fits");
      expect(await state.reserveBudget("budget", 1, 100, end, async () => 10)).toMatchObject({ allowed: true, used: 11 });
      await state.acquire("par", "held-before", 5, 60_000);
      await state.subscribe("revoke", (message) => heard.push(message));
      const heardElsewhere: string[] = [];
      await direct.subscribe("revoke", (message) => heardElsewhere.push(message));
      expect(await direct.peek("rpm", 60_000)).toBe(3);
      expect(await state.health()).toEqual({ backend: "redis", status: "ok" });

      await proxy.stop();
      const started = Date.now();
      for (let i = 0; i < 5; i++) expect((await state.consume("rpm", 1, 100, 60_000, "fits")).allowed).toBe(true);
      await state.record("tpm", 500, 60_000);
      expect(await state.reserveBudget("budget", 2, 100, end, async () => 10)).toMatchObject({ allowed: true, used: 12 });
      await state.adjustBudget("budget", 0.5, end);
      await state.setValue("cooldown:dep-1", "1", 60_000);
      await state.release("par", "held-before");
      await state.publish("revoke", "during-outage");
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(heard).toEqual(["during-outage"]);
      expect(await state.health()).toMatchObject({ backend: "memory", status: "degraded" });
      expect(changes).toEqual(["degraded"]);
      expect(lines.filter((line) => line.level === "warn")).toHaveLength(1);
      expect(await direct.peek("rpm", 60_000)).toBe(3);

      await proxy.start();
      await waitUntil(async () => (await state.health()).status === "ok");
      expect(changes).toEqual(["degraded", "ok"]);
      expect(await direct.peek("rpm", 60_000)).toBe(8);
      expect(await direct.peek("tpm", 60_000)).toBe(500);
      expect(await direct.readBudget("budget")).toBeCloseTo(13.5, 9);
      expect(await direct.getValues(["cooldown:dep-1"])).toEqual(["1"]);
      expect(await direct.countSlots("par")).toBe(0);
      await waitUntil(async () => heardElsewhere.includes("during-outage"));
      // Calls go to Redis again, and Redis's bus reaches this process's handlers (once its subscriber reconnected).
      expect(await state.consume("rpm", 1, 100, 60_000, "fits")).toMatchObject({ allowed: true, used: 9 });
      await waitUntil(async () => {
        await direct.publish("revoke", "after");
        return heard.includes("after");
      });
    } finally {
      await Promise.all([state.close(), direct.close()]);
      await proxy.stop();
      await deleteTestKeys(REDIS_URL ?? "", prefix);
    }
  });
});
