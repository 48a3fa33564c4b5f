import { describe, expect, it } from "vitest";
import type { DeploymentView } from "./balancer.js";
import { createSeededRandom, makeDeployment, measureShares } from "./fixtures/deployments.js";
import { createUsageBalancer, readRemainingFraction } from "./usage-based-routing.js";

function sharesOf(views: DeploymentView[]): Map<string, number> {
  const balancer = createUsageBalancer();
  const random = createSeededRandom(5);
  return measureShares(10_000, () => balancer.pick(views, { random }));
}

describe("usage-based-routing", () => {
  it("picks the deployment with the highest remaining fraction, not the most remaining requests", () => {
    const views = [
      { deployment: makeDeployment("big", { rpm: 1000 }), rpmUsed: 600 }, // 40% left, 400 requests
      { deployment: makeDeployment("small", { rpm: 10 }), rpmUsed: 5 }, // 50% left, 5 requests
    ];
    expect(sharesOf(views)).toEqual(new Map([["small", 1]]));
  });

  it("takes the tighter of rpm and tpm", () => {
    const views = [
      { deployment: makeDeployment("a", { rpm: 100, tpm: 1000 }), rpmUsed: 0, tpmUsed: 950 }, // 5% (tpm)
      { deployment: makeDeployment("b", { rpm: 100, tpm: 1000 }), rpmUsed: 80, tpmUsed: 0 }, // 20% (rpm)
    ];
    expect(sharesOf(views)).toEqual(new Map([["b", 1]]));
  });

  it("counts a deployment without limits as fully free, and ties among them at random (50% ± 2%)", () => {
    const views = [
      { deployment: makeDeployment("limited", { rpm: 100 }), rpmUsed: 1 },
      { deployment: makeDeployment("free1") },
      { deployment: makeDeployment("free2"), rpmUsed: 10_000, tpmUsed: 10_000 },
    ];
    const shares = sharesOf(views);
    expect([...shares.keys()].sort()).toEqual(["free1", "free2"]);
    expect(Math.abs((shares.get("free1") ?? 0) - 0.5)).toBeLessThanOrEqual(0.02);
  });

  it("treats float-noise differences as ties", () => {
    const views = [
      { deployment: makeDeployment("a", { rpm: 10 }), rpmUsed: 7 },
      { deployment: makeDeployment("b", { rpm: 100 }), rpmUsed: 70.00000000000001 },
    ];
    expect([...sharesOf(views).keys()].sort()).toEqual(["a", "b"]);
  });

  it("readRemainingFraction clamps to 0..1 and counts unread usage as 0", () => {
    expect(readRemainingFraction({ deployment: makeDeployment("a", { rpm: 100, tpm: 1000 }), rpmUsed: 50, tpmUsed: 900 })).toBeCloseTo(0.1);
    expect(readRemainingFraction({ deployment: makeDeployment("a", { rpm: 10 }), rpmUsed: 15 })).toBe(0);
    expect(readRemainingFraction({ deployment: makeDeployment("a", { rpm: 10 }), rpmUsed: -3 })).toBe(1);
    expect(readRemainingFraction({ deployment: makeDeployment("a", { tpm: 10 }) })).toBe(1);
    expect(readRemainingFraction({ deployment: makeDeployment("a", { rpm: 0 }) })).toBe(0);
  });
});
