import { describe, expect, it, vi } from "vitest";
import { createMemoryState } from "./create-memory-state.js";
import { deferSharedState } from "./defer-shared-state.js";
import type { SharedState } from "./shared-state.js";

function createLoading() {
  let resolve!: (state: SharedState) => void;
  let reject!: (error: Error) => void;
  const opening = new Promise<SharedState>((done, fail) => {
    resolve = done;
    reject = fail;
  });
  return { opening, resolve, reject };
}

describe("deferSharedState", () => {
  it("holds calls made while loading, runs them in order once loaded, then forwards directly", async () => {
    const { opening, resolve } = createLoading();
    const state = deferSharedState(opening);
    const early = Array.from({ length: 3 }, () => state.consume("k", 1, 2, 60_000, "fits"));
    const heard: string[] = [];
    const subscribed = state.subscribe("bus", (message) => heard.push(message));

    const memory = createMemoryState();
    resolve(memory);
    expect((await Promise.all(early)).map((result) => result.allowed)).toEqual([true, true, false]);
    await subscribed;
    await state.publish("bus", "hello");
    expect(heard).toEqual(["hello"]);

    const peek = vi.spyOn(memory, "peek");
    expect(await state.peek("k", 60_000)).toBe(2);
    expect(peek).toHaveBeenCalledWith("k", 60_000);
    expect(await state.health()).toEqual({ backend: "memory", status: "ok" });
    const close = vi.spyOn(memory, "close");
    await state.close();
    expect(close).toHaveBeenCalledOnce();
  });

  it("rejects calls with the load's error, and closes without one", async () => {
    const { opening, reject } = createLoading();
    const state = deferSharedState(opening);
    const early = state.record("k", 1, 60_000);
    reject(new Error("Cannot find package 'ioredis'"));
    await expect(early).rejects.toThrow("ioredis");
    await expect(state.health()).rejects.toThrow("ioredis");
    await expect(state.close()).resolves.toBeUndefined();
  });

  it("leaves no unhandled rejection when a failed load is never called", async () => {
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    try {
      deferSharedState(Promise.reject(new Error("not installed")));
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off("unhandledRejection", unhandled);
    }
  });
});
