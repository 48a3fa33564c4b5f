import { describe, expect, it } from "vitest";
import type { ResolvedDeployment } from "../config/types.js";
import { createSeededRandom, makeDeployment, measureShares } from "./fixtures/deployments.js";
import { createSimpleShuffleBalancer } from "./simple-shuffle.js";

// Tolerance for every share below: ± 2 percentage points over 10,000 seeded picks (≥ 4.3 σ for these shares).
const RUNS = 10_000;
const TOLERANCE = 0.02;

function sharesOf(deployments: ResolvedDeployment[], seed = 1): Map<string, number> {
  const balancer = createSimpleShuffleBalancer();
  const views = deployments.map((deployment) => ({ deployment }));
  const random = createSeededRandom(seed);
  return measureShares(RUNS, () => balancer.pick(views, { random }));
}

function expectShares(shares: Map<string, number>, expected: Record<string, number>): void {
  for (const [id, share] of Object.entries(expected)) {
    expect(Math.abs((shares.get(id) ?? 0) - share), `${id}: ${shares.get(id)} vs ${share}`).toBeLessThanOrEqual(TOLERANCE);
  }
  expect([...shares.keys()].every((id) => id in expected)).toBe(true);
}

describe("simple-shuffle", () => {
  it("weights 1:3 → 25% / 75%", () => {
    expectShares(sharesOf([makeDeployment("a", { weight: 1 }), makeDeployment("b", { weight: 3 })]), { a: 0.25, b: 0.75 });
  });

  it("uses weight before rpm and tpm", () => {
    const deployments = [makeDeployment("a", { weight: 1, rpm: 900, tpm: 9 }), makeDeployment("b", { weight: 1, rpm: 100, tpm: 1 })];
    expectShares(sharesOf(deployments), { a: 0.5, b: 0.5 });
  });

  it("without weights, weights by rpm: 100:300:600 → 10% / 30% / 60%", () => {
    const deployments = [makeDeployment("a", { rpm: 100 }), makeDeployment("b", { rpm: 300, tpm: 1 }), makeDeployment("c", { rpm: 600 })];
    expectShares(sharesOf(deployments), { a: 0.1, b: 0.3, c: 0.6 });
  });

  it("without weight and rpm, weights by tpm: 20k:60k → 25% / 75%", () => {
    expectShares(sharesOf([makeDeployment("a", { tpm: 20_000 }), makeDeployment("b", { tpm: 60_000 })]), { a: 0.25, b: 0.75 });
  });

  it("without weight, rpm or tpm, picks evenly: 3 deployments → 33.3% each", () => {
    expectShares(sharesOf(["a", "b", "c"].map((id) => makeDeployment(id))), { a: 1 / 3, b: 1 / 3, c: 1 / 3 });
  });

  it("counts an unset weight as 1: weight 2 next to unset → 66.7% / 33.3%", () => {
    expectShares(sharesOf([makeDeployment("a", { weight: 2 }), makeDeployment("b")]), { a: 2 / 3, b: 1 / 3 });
  });

  it("gives an unset rpm the mean of the others: 100, 300, unset (200) → 16.7% / 50% / 33.3%", () => {
    const deployments = [makeDeployment("a", { rpm: 100 }), makeDeployment("b", { rpm: 300 }), makeDeployment("c")];
    expectShares(sharesOf(deployments), { a: 1 / 6, b: 0.5, c: 1 / 3 });
  });

  it("never picks a weight-0 deployment while another has weight, and picks evenly when all are 0", () => {
    expectShares(sharesOf([makeDeployment("a", { weight: 0 }), makeDeployment("b", { weight: 5 })]), { b: 1 });
    expectShares(sharesOf([makeDeployment("a", { weight: 0 }), makeDeployment("b", { weight: 0 })]), { a: 0.5, b: 0.5 });
  });

  it("maps the random number onto cumulative weights in candidate order", () => {
    const balancer = createSimpleShuffleBalancer();
    const views = [makeDeployment("a", { weight: 1 }), makeDeployment("b", { weight: 3 })].map((deployment) => ({ deployment }));
    expect(balancer.pick(views, { random: () => 0.2499 })?.id).toBe("a");
    expect(balancer.pick(views, { random: () => 0.25 })?.id).toBe("b");
    expect(balancer.pick(views, { random: () => 0.9999 })?.id).toBe("b");
  });
});
