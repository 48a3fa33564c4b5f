import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SharedState } from "./shared-state.js";

/** A fresh, empty shared state for one test, on a clock the suite moves. */
export interface SharedStateContext {
  state: SharedState;
  /** another handle on the same shared state, as a second process or instance opens it (closed by the suite) */
  openPeer?: () => SharedState;
  cleanup(): Promise<void>;
}

export type SharedStateFactory = (clock: () => number) => Promise<SharedStateContext>;

export interface SharedStateSuiteOptions {
  skip?: boolean;
  /** the factory's context has `openPeer` (several processes or instances share the state) */
  peers?: boolean;
}

const HOUR = 3_600_000;

/** Resolves once `check` passes (bus messages may arrive asynchronously), or fails with its last error. */
export async function waitFor(check: () => void, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

/** The contract every `SharedState` implementation passes (memory, Redis, cluster IPC). */
export function describeSharedState(name: string, factory: SharedStateFactory, options: SharedStateSuiteOptions = {}): void {
  describe.skipIf(options.skip ?? false)(name, () => {
    // Hour-aligned and in the future, so windows start at a known offset and real TTLs derived from it stay positive.
    const T0 = Math.ceil(Date.now() / HOUR) * HOUR + HOUR;
    let now = T0;
    let context: SharedStateContext;
    let state: SharedState;
    const peers: SharedState[] = [];
    const openPeer = () => {
      if (!context.openPeer) throw new Error(`${name}: the factory gave no openPeer`);
      const peer = context.openPeer();
      peers.push(peer);
      return peer;
    };

    beforeEach(async () => {
      now = T0;
      context = await factory(() => now);
      state = context.state;
    });
    afterEach(async () => {
      await Promise.all(peers.splice(0).map((peer) => peer.close()));
      await context.cleanup();
    });

    describe("sliding windows", () => {
      it('"fits" allows while used + amount <= limit, refuses without adding, and says when to retry', async () => {
        for (const expected of [1, 2, 3]) expect(await state.consume("rpm", 1, 3, 60_000, "fits")).toEqual({ allowed: true, used: expected, retryAfterMs: 0 });
        const refused = await state.consume("rpm", 1, 3, 60_000, "fits");
        expect(refused.allowed).toBe(false);
        expect(refused.used).toBe(3);
        expect(refused.retryAfterMs).toBeGreaterThan(0);
        expect(await state.peek("rpm", 60_000)).toBe(3);
      });

      it('"fits" refuses an amount that would cross the limit but allows a smaller one', async () => {
        await state.consume("k", 2, 3, 60_000, "fits");
        expect((await state.consume("k", 2, 3, 60_000, "fits")).allowed).toBe(false);
        expect(await state.consume("k", 1, 3, 60_000, "fits")).toMatchObject({ allowed: true, used: 3 });
      });

      it('"under" allows while used < limit, whatever the amount, then refuses', async () => {
        expect(await state.consume("tpm", 60, 100, 60_000, "under")).toMatchObject({ allowed: true, used: 60 });
        expect(await state.consume("tpm", 60, 100, 60_000, "under")).toMatchObject({ allowed: true, used: 120 });
        expect(await state.consume("tpm", 1, 100, 60_000, "under")).toMatchObject({ allowed: false, used: 120 });
      });

      it("retryAfterMs is exact: refused one ms before it, allowed at it", async () => {
        for (let i = 0; i < 10; i++) await state.consume("rpm", 1, 10, 60_000, "fits");
        const refused = await state.consume("rpm", 1, 10, 60_000, "fits");
        // 10 in the first minute; in the next one they weigh 10 * (1 - elapsed/60s), <= 9 from 6 s in.
        expect(refused.retryAfterMs).toBe(66_000);
        now = T0 + refused.retryAfterMs - 1;
        expect((await state.consume("rpm", 1, 10, 60_000, "fits")).allowed).toBe(false);
        now = T0 + refused.retryAfterMs;
        expect((await state.consume("rpm", 1, 10, 60_000, "fits")).allowed).toBe(true);
      });

      it('retryAfterMs for "under" counts until the total drops below the limit', async () => {
        now = T0 + 30_000;
        await state.consume("tpm", 200, 100, 60_000, "under");
        now = T0 + 60_000;
        const refused = await state.consume("tpm", 1, 100, 60_000, "under");
        // 200 from the previous sub-window weigh 200 * (1 - elapsed/60s): below 100 once elapsed > 30 s.
        expect(refused).toMatchObject({ allowed: false, used: 200, retryAfterMs: 30_001 });
        now += refused.retryAfterMs;
        expect((await state.consume("tpm", 1, 100, 60_000, "under")).allowed).toBe(true);
      });

      it("weights the previous sub-window by its remaining overlap", async () => {
        now = T0 + 2_000;
        await state.record("w", 10, 10_000);
        expect(await state.peek("w", 10_000)).toBe(10);
        now = T0 + 12_500;
        expect(await state.peek("w", 10_000)).toBeCloseTo(7.5, 9);
        await state.record("w", 2, 10_000);
        now = T0 + 15_000;
        expect(await state.peek("w", 10_000)).toBeCloseTo(7, 9);
        now = T0 + 20_000;
        expect(await state.peek("w", 10_000)).toBeCloseTo(2, 9);
        now = T0 + 30_000;
        expect(await state.peek("w", 10_000)).toBe(0);
      });

      it("record adds negative amounts too, and peek of an unknown key is 0", async () => {
        expect(await state.peek("nothing", 60_000)).toBe(0);
        await state.record("settle", 5, 60_000);
        await state.record("settle", -2, 60_000);
        expect(await state.peek("settle", 60_000)).toBe(3);
        await state.record("settle", -5, 60_000);
        expect(await state.peek("settle", 60_000)).toBe(-2);
        expect(await state.consume("settle", 4, 2, 60_000, "fits")).toMatchObject({ allowed: true, used: 2 });
      });

      it("keeps fractional amounts and separates windows of different lengths under one key", async () => {
        await state.record("spend", 0.1, 60_000);
        await state.record("spend", 0.2, 60_000);
        expect(await state.peek("spend", 60_000)).toBeCloseTo(0.3, 12);
        await state.record("k", 5, 1_000);
        expect(await state.peek("k", 60_000)).toBe(0);
      });

      it("200 parallel consumes against a limit of 50: exactly 50 allowed", async () => {
        const results = await Promise.all(Array.from({ length: 200 }, () => state.consume("burst", 1, 50, 60_000, "fits")));
        expect(results.filter((result) => result.allowed)).toHaveLength(50);
        expect(await state.peek("burst", 60_000)).toBe(50);
      });
    });

    describe("budgets", () => {
      const end = () => T0 + HOUR;

      it("seeds a missing counter with initial() once, even under concurrency", async () => {
        let calls = 0;
        const initial = async () => {
          calls += 1;
          await new Promise((resolve) => setTimeout(resolve, 20));
          return 5;
        };
        const results = await Promise.all(Array.from({ length: 20 }, () => state.reserveBudget("budget", 1, 10, end(), initial)));
        expect(calls).toBe(1);
        // 5, 6, 7, 8, 9 are below 10; from 10 on, refused.
        expect(results.filter((result) => result.allowed)).toHaveLength(5);
        expect(await state.readBudget("budget")).toBe(10);
      });

      it("refuses at the limit with the time until the period ends, and adds nothing", async () => {
        const initial = async () => 9.5;
        expect(await state.reserveBudget("b", 1, 10, end(), initial)).toEqual({ allowed: true, used: 10.5, retryAfterMs: 0 });
        now = T0 + 1_000;
        expect(await state.reserveBudget("b", 1, 10, end(), initial)).toEqual({ allowed: false, used: 10.5, retryAfterMs: HOUR - 1_000 });
        expect(await state.readBudget("b")).toBe(10.5);
      });

      it("adjusts by a delta either way; adjusting a missing or ended counter does nothing", async () => {
        await state.reserveBudget("b", 0.5, 10, end(), async () => 1);
        await state.adjustBudget("b", 0.25, end());
        await state.adjustBudget("b", -1, end());
        expect(await state.readBudget("b")).toBeCloseTo(0.75, 12);
        await state.adjustBudget("b", 5, T0 - 1);
        expect(await state.readBudget("b")).toBeCloseTo(0.75, 12);
        await state.adjustBudget("missing", 3, end());
        expect(await state.readBudget("missing")).toBeUndefined();
      });

      it("expires at expiresAt: the counter is gone and the next reservation seeds it again", async () => {
        let seed = 3;
        const initial = async () => seed;
        await state.reserveBudget("b", 1, 10, T0 + 1_000, initial);
        expect(await state.readBudget("b")).toBe(4);
        now = T0 + 1_000;
        expect(await state.readBudget("b")).toBeUndefined();
        seed = 0;
        expect(await state.reserveBudget("b", 2, 10, T0 + 2_000, initial)).toMatchObject({ allowed: true, used: 2 });
      });

      it("propagates a failing initial() and seeds on the next attempt", async () => {
        await expect(state.reserveBudget("b", 1, 10, end(), () => Promise.reject(new Error("database down")))).rejects.toThrow("database down");
        expect(await state.readBudget("b")).toBeUndefined();
        expect(await state.reserveBudget("b", 1, 10, end(), async () => 2)).toMatchObject({ allowed: true, used: 3 });
      });
    });

    describe("slots", () => {
      it("takes up to limit slots, refuses beyond, frees on release", async () => {
        expect(await state.acquire("par", "a", 2, 60_000)).toEqual({ allowed: true, current: 1 });
        expect(await state.acquire("par", "b", 2, 60_000)).toEqual({ allowed: true, current: 2 });
        expect(await state.acquire("par", "c", 2, 60_000)).toEqual({ allowed: false, current: 2 });
        expect(await state.acquire("par", "a", 2, 60_000)).toEqual({ allowed: true, current: 2 });
        await state.release("par", "a");
        await state.release("par", "never-held");
        expect(await state.countSlots("par")).toBe(1);
        expect(await state.acquire("par", "c", 2, 60_000)).toEqual({ allowed: true, current: 2 });
      });

      it("frees a slot whose holder never released it (a crashed process) after its TTL", async () => {
        await state.acquire("par", "crashed", 2, 1_000);
        await state.acquire("par", "alive", 2, 5_000);
        expect((await state.acquire("par", "new", 2, 5_000)).allowed).toBe(false);
        now = T0 + 1_000;
        expect(await state.countSlots("par")).toBe(1);
        expect(await state.acquire("par", "new", 2, 5_000)).toEqual({ allowed: true, current: 2 });
        now = T0 + 6_000;
        expect(await state.countSlots("par")).toBe(0);
        expect(await state.countSlots("unknown")).toBe(0);
      });

      it("frees a short-lived slot taken after longer-lived ones at its own TTL, and keeps the rest", async () => {
        await state.acquire("par", "long", 3, 10_000);
        now = T0 + 1_000;
        await state.acquire("par", "short", 3, 1_000);
        await state.acquire("par", "medium", 3, 4_000);
        now = T0 + 2_000;
        expect(await state.countSlots("par")).toBe(2);
        await state.release("par", "long");
        expect(await state.countSlots("par")).toBe(1);
        now = T0 + 5_000;
        expect(await state.countSlots("par")).toBe(0);
        expect(await state.acquire("par", "next", 1, 1_000)).toEqual({ allowed: true, current: 1 });
      });
    });

    describe("values", () => {
      it("returns values in key order until their TTL passes", async () => {
        await state.setValue("cooldown:a", "until-later", 1_000);
        await state.setValue("latency:a", JSON.stringify({ p50: 1.5, note: "a:b" }), 5_000);
        expect(await state.getValues(["cooldown:a", "missing", "latency:a"])).toEqual(["until-later", undefined, '{"p50":1.5,"note":"a:b"}']);
        now = T0 + 1_000;
        expect(await state.getValues(["cooldown:a", "latency:a"])).toEqual([undefined, '{"p50":1.5,"note":"a:b"}']);
        expect(await state.getValues([])).toEqual([]);
      });

      it("overwrites a value and its TTL; a TTL of 0 deletes", async () => {
        await state.setValue("v", "one", 1_000);
        await state.setValue("v", "two", 10_000);
        now = T0 + 5_000;
        expect(await state.getValues(["v"])).toEqual(["two"]);
        await state.setValue("v", "gone", 0);
        expect(await state.getValues(["v"])).toEqual([undefined]);
      });
    });

    describe("bus", () => {
      it("delivers to every handler (the publisher's own included) until it unsubscribes", async () => {
        const first: string[] = [];
        const second: string[] = [];
        const barrier: string[] = [];
        const offFirst = await state.subscribe("revoke", (message) => first.push(message));
        await state.subscribe("revoke", (message) => second.push(message));
        await state.subscribe("barrier", (message) => barrier.push(message));
        await state.publish("revoke", "key-1");
        await waitFor(() => expect([first, second]).toEqual([["key-1"], ["key-1"]]));
        await offFirst();
        await offFirst();
        await state.publish("revoke", "key-2");
        await state.publish("other", "not for us");
        // Messages arrive in order, so once the barrier's is in, "key-2" would have been too.
        await state.publish("barrier", "done");
        await waitFor(() => expect(barrier).toEqual(["done"]));
        expect(first).toEqual(["key-1"]);
        expect(second).toEqual(["key-1", "key-2"]);
      });
    });

    it("reports ok health", async () => {
      expect(await state.health()).toMatchObject({ status: "ok" });
    });

    it.skipIf(!options.peers)("a second process or instance shares limits, budgets, slots and values, and hears the bus", async () => {
      const peer = openPeer();
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? state : peer).consume("shared", 1, 25, 60_000, "fits")),
      );
      expect(results.filter((result) => result.allowed)).toHaveLength(25);
      await state.reserveBudget("b", 2, 10, T0 + HOUR, async () => 1);
      expect(await peer.readBudget("b")).toBe(3);
      await peer.acquire("par", "x", 1, 60_000);
      expect((await state.acquire("par", "y", 1, 60_000)).allowed).toBe(false);
      await state.setValue("cooldown", "1", 60_000);
      expect(await peer.getValues(["cooldown"])).toEqual(["1"]);
      const heard: string[] = [];
      await peer.subscribe("revoke", (message) => heard.push(message));
      await state.publish("revoke", "key-9");
      await waitFor(() => expect(heard).toEqual(["key-9"]));
    });
  });
}
