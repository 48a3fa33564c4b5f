import { describe, expect, it } from "vitest";
import type { DeploymentView } from "./balancer.js";
import { createSeededRandom, makeDeployment, measureShares } from "./fixtures/deployments.js";
import { createLatencyBalancer, DEFAULT_LATENCY_BUFFER } from "./latency-based-routing.js";

const view = (id: string, latencyMs?: number): DeploymentView => ({
  deployment: makeDeployment(id),
  ...(latencyMs !== undefined ? { latencyMs } : {}),
});

function sharesOf(views: DeploymentView[], buffer?: number): Map<string, number> {
  const balancer = createLatencyBalancer(buffer === undefined ? {} : { buffer });
  const random = createSeededRandom(9);
  return measureShares(10_000, () => balancer.pick(views, { random }));
}

describe("latency-based-routing", () => {
  it("defaults to LiteLLM's 10% buffer", () => {
    expect(DEFAULT_LATENCY_BUFFER).toBe(0.1);
  });

  it("picks among deployments within lowest × 1.1 at random: 100, 105 → 50% ± 2% each; 111 and 300 never", () => {
    const shares = sharesOf([view("a", 100), view("b", 105), view("c", 111), view("d", 300)]);
    expect([...shares.keys()].sort()).toEqual(["a", "b"]);
    expect(Math.abs((shares.get("a") ?? 0) - 0.5)).toBeLessThanOrEqual(0.02);
  });

  it("includes a deployment exactly on the buffer edge", () => {
    expect([...sharesOf([view("a", 100), view("edge", 110)]).keys()].sort()).toEqual(["a", "edge"]);
  });

  it("with buffer 0 always picks the fastest; with buffer 1 everything up to 2× the fastest", () => {
    expect(sharesOf([view("a", 100), view("b", 101)], 0)).toEqual(new Map([["a", 1]]));
    expect([...sharesOf([view("a", 100), view("b", 200), view("c", 201)], 1).keys()].sort()).toEqual(["a", "b"]);
  });

  it("treats unknown latency as the best, so new deployments are tried first (ties at random)", () => {
    const shares = sharesOf([view("known", 50), view("new1"), view("new2")]);
    expect([...shares.keys()].sort()).toEqual(["new1", "new2"]);
    expect(Math.abs((shares.get("new1") ?? 0) - 0.5)).toBeLessThanOrEqual(0.02);
  });

  it("treats a non-finite or non-positive latency as unknown", () => {
    expect(sharesOf([view("known", 50), view("nan", Number.NaN)])).toEqual(new Map([["nan", 1]]));
  });

  it("rejects a negative or non-finite buffer", () => {
    expect(() => createLatencyBalancer({ buffer: -0.1 })).toThrow(RangeError);
    expect(() => createLatencyBalancer({ buffer: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});
