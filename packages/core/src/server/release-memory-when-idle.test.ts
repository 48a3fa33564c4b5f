import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import type { IdleMemoryReleaseDeps, MemoryRelease } from "./release-memory-when-idle.js";
import { exposeGc, releaseMemoryWhenIdle } from "./release-memory-when-idle.js";

const MB = 1024 * 1024;

/** A loop whose load, heap and clock the test sets, ticked by hand. A collection shows as load in the next reading. */
function fakeLoop(start: { heap: number }) {
  const state = { now: 0, utilization: 0, heap: start.heap, young: 32 * MB, collections: 0, afterCollect: 20 * MB, youngAfter: [MB], busyFromCollection: 0 };
  let tick: () => void = () => undefined;
  const deps: IdleMemoryReleaseDeps = {
    collect: () => {
      state.collections++;
      state.heap = state.afterCollect;
      state.young = state.youngAfter.shift() ?? state.young;
      state.busyFromCollection = 0.05;
    },
    loopUtilization: () => {
      const reading = Math.max(state.utilization, state.busyFromCollection);
      state.busyFromCollection = 0;
      return reading;
    },
    heapCommitted: () => state.heap,
    youngCommitted: () => state.young,
    now: () => state.now,
    every: (_ms, fn) => {
      tick = fn;
      return { stop: () => (tick = () => undefined) };
    },
  };
  /** `seconds` ticks of one second each at this utilization */
  const run = (seconds: number, utilization: number): void => {
    state.utilization = utilization;
    for (let i = 0; i < seconds; i++) {
      state.now += 1000;
      tick();
    }
  };
  return { state, deps, run };
}

describe("releaseMemoryWhenIdle", () => {
  it("collects once after a quiet spell following start-up, then not again until the heap has grown", () => {
    const loop = fakeLoop({ heap: 55 * MB });
    const released: MemoryRelease[] = [];
    releaseMemoryWhenIdle({ idleMs: 5000, minGrowthBytes: 8 * MB, deps: loop.deps, onRelease: (r) => released.push(r) });
    loop.run(5, 0.001);
    expect(loop.state.collections).toBe(0);
    loop.run(1, 0.001);
    expect(loop.state.collections).toBe(1);
    expect(released).toEqual([{ heapBefore: 55 * MB, heapAfter: 20 * MB, youngAfter: MB, durationMs: 0, attempt: 1 }]);
    // still quiet, nothing new to give back
    loop.run(30, 0);
    expect(loop.state.collections).toBe(1);
    // a little growth is not worth a collection
    loop.state.heap = 27 * MB;
    loop.run(30, 0);
    expect(loop.state.collections).toBe(1);
    // load again, then quiet: a new spell
    loop.state.heap = 90 * MB;
    loop.run(3, 0.5);
    loop.run(6, 0);
    expect(loop.state.collections).toBe(2);
  });

  it("collects again on later checks while V8 keeps its young generation large, up to maxCollections", () => {
    const loop = fakeLoop({ heap: 150 * MB });
    loop.state.youngAfter = [32 * MB, 32 * MB, 2 * MB];
    const released: MemoryRelease[] = [];
    releaseMemoryWhenIdle({ idleMs: 3000, deps: loop.deps, onRelease: (r) => released.push(r) });
    loop.run(4, 0);
    expect(loop.state.collections).toBe(1);
    // the collection's own time does not count as load, so the spell goes on and the next checks retry
    loop.run(2, 0);
    expect(released.map((r) => [r.attempt, r.youngAfter])).toEqual([
      [1, 32 * MB],
      [2, 32 * MB],
      [3, 2 * MB],
    ]);
    loop.run(20, 0);
    expect(loop.state.collections).toBe(3);

    const stubborn = fakeLoop({ heap: 150 * MB });
    stubborn.state.youngAfter = [];
    releaseMemoryWhenIdle({ idleMs: 3000, maxCollections: 4, deps: stubborn.deps });
    stubborn.run(30, 0);
    expect(stubborn.state.collections).toBe(4);
  });

  it("runs afterCollect before measuring, so a young generation grown back there is part of the baseline, not growth", () => {
    const loop = fakeLoop({ heap: 60 * MB });
    loop.state.youngAfter = [2 * MB];
    const released: MemoryRelease[] = [];
    const afterCollect = (): void => {
      // what a held young generation's restore() does: 2 MB back to 8 MB, the committed heap with it
      loop.state.heap += 6 * MB;
      loop.state.young = 8 * MB;
    };
    releaseMemoryWhenIdle({ idleMs: 3000, minGrowthBytes: 4 * MB, youngTargetBytes: 8 * MB, afterCollect, deps: loop.deps, onRelease: (r) => released.push(r) });
    loop.run(4, 0);
    expect(released).toEqual([{ heapBefore: 60 * MB, heapAfter: 26 * MB, youngAfter: 8 * MB, durationMs: 0, attempt: 1 }]);
    // a new quiet spell with no real growth: the regrown 6 MB do not make it worth another collection
    loop.run(2, 0.5);
    loop.run(10, 0);
    expect(loop.state.collections).toBe(1);
  });

  it("never collects while the loop is busy, and a busy second starts the quiet spell over", () => {
    const loop = fakeLoop({ heap: 120 * MB });
    releaseMemoryWhenIdle({ idleMs: 5000, deps: loop.deps });
    loop.run(60, 0.4);
    expect(loop.state.collections).toBe(0);
    loop.run(4, 0.01);
    loop.run(1, 0.05);
    loop.run(4, 0.01);
    expect(loop.state.collections).toBe(0);
    loop.run(2, 0.01);
    expect(loop.state.collections).toBe(1);
  });

  it("never collects while requests come or are in flight, however idle the loop (slow streams use little CPU)", () => {
    const loop = fakeLoop({ heap: 120 * MB });
    const traffic = { started: 0, inFlight: 0 };
    releaseMemoryWhenIdle({ idleMs: 5000, activity: () => traffic.started, inFlight: () => traffic.inFlight, deps: loop.deps });
    // a request every second at 1 % of the loop: never a quiet spell
    for (let i = 0; i < 30; i++) {
      traffic.started++;
      loop.run(1, 0.01);
    }
    expect(loop.state.collections).toBe(0);
    // one long stream open, no new request: still not quiet
    traffic.inFlight = 1;
    loop.run(30, 0.005);
    expect(loop.state.collections).toBe(0);
    // the stream ends: a quiet spell starts from there
    traffic.inFlight = 0;
    loop.run(5, 0.005);
    expect(loop.state.collections).toBe(0);
    loop.run(1, 0.005);
    expect(loop.state.collections).toBe(1);
    // a request mid-spell starts it over
    loop.state.heap = 120 * MB;
    loop.run(3, 0.5);
    loop.run(4, 0);
    traffic.started++;
    loop.run(1, 0);
    loop.run(4, 0);
    expect(loop.state.collections).toBe(1);
    loop.run(2, 0);
    expect(loop.state.collections).toBe(2);
  });

  it("stops looking once stopped", () => {
    const loop = fakeLoop({ heap: 120 * MB });
    const release = releaseMemoryWhenIdle({ idleMs: 2000, deps: loop.deps });
    release.stop();
    loop.run(10, 0);
    expect(loop.state.collections).toBe(0);
  });

  it("collects for real on the real loop's probes when quiet", async () => {
    const released = await new Promise<MemoryRelease>((resolve) => {
      const release = releaseMemoryWhenIdle({
        idleMs: 0,
        checkEveryMs: 20,
        idleUtilization: 1.01,
        minGrowthBytes: 0,
        onRelease: (r) => {
          release.stop();
          resolve(r);
        },
      });
    });
    expect(released.heapBefore).toBeGreaterThan(1024 * 1024);
    expect(released.heapAfter).toBeGreaterThan(0);
    expect(released.durationMs).toBeGreaterThanOrEqual(0);
  });
});

describe("exposeGc", () => {
  it("returns V8's gc() without leaving a global gc in contexts made later", () => {
    const gc = exposeGc();
    expect(typeof gc).toBe("function");
    gc();
    expect(runInNewContext("typeof gc")).toBe("undefined");
  });
});
