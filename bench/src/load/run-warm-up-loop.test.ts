import { describe, expect, it } from "vitest";
import type { BenchRequest, HttpClient } from "../client/http-client.js";
import { runWarmUpLoop } from "./run-warm-up-loop.js";

const REQUEST: BenchRequest = { path: "/x", headers: {}, body: Buffer.alloc(0) };

function fakeClient(answer: (call: number) => Promise<number>): HttpClient & { calls: number } {
  const client = {
    protocol: "h1" as const,
    calls: 0,
    send: async () => {
      const status = await answer(++client.calls);
      return { status, bytes: 0, headersAt: 0, endedAt: 0 };
    },
    close: async () => undefined,
  };
  return client;
}

const after = (ms: number, status: number): Promise<number> => new Promise((resolve) => setTimeout(() => resolve(status), ms));

describe("runWarmUpLoop", () => {
  it("counts a call that ends after the deadline: every connection is served at least once", async () => {
    const client = fakeClient(() => after(40, 200));
    const result = await runWarmUpLoop(client, REQUEST, { connections: 3, durationMs: 5 });
    expect(result).toEqual({ completed: 3, errors: 0 });
    expect(client.calls).toBe(3);
  });

  it("keeps each connection busy until the deadline", async () => {
    const client = fakeClient(() => after(1, 200));
    const result = await runWarmUpLoop(client, REQUEST, { connections: 2, durationMs: 60 });
    expect(result.completed).toBe(client.calls);
    expect(result.completed).toBeGreaterThan(4);
  });

  it("reports failed answers and thrown errors with the last one", async () => {
    const client = fakeClient((call) => (call === 1 ? after(1, 503) : Promise.reject(new Error("socket hang up"))));
    const result = await runWarmUpLoop(client, REQUEST, { connections: 1, durationMs: 0 });
    expect(result).toEqual({ completed: 0, errors: 1, lastError: "HTTP 503" });
    const again = await runWarmUpLoop(client, REQUEST, { connections: 1, durationMs: 0 });
    expect(again).toEqual({ completed: 0, errors: 1, lastError: "socket hang up" });
  });
});
