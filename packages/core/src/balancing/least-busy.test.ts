import { describe, expect, it } from "vitest";
import { createSeededRandom, makeDeployment, measureShares } from "./fixtures/deployments.js";
import { createLeastBusyBalancer } from "./least-busy.js";

describe("least-busy", () => {
  it("always picks the deployment with the fewest requests in flight", () => {
    const balancer = createLeastBusyBalancer();
    const views = [
      { deployment: makeDeployment("a"), inFlight: 5 },
      { deployment: makeDeployment("b"), inFlight: 1 },
      { deployment: makeDeployment("c"), inFlight: 3 },
    ];
    const random = createSeededRandom(1);
    const shares = measureShares(1000, () => balancer.pick(views, { random }));
    expect(shares).toEqual(new Map([["b", 1]]));
  });

  it("breaks ties at random: two idlest at 0 → 50% ± 2% each of 10,000 picks, the busy one never", () => {
    const balancer = createLeastBusyBalancer();
    const views = [
      { deployment: makeDeployment("a"), inFlight: 0 },
      { deployment: makeDeployment("busy"), inFlight: 1 },
      { deployment: makeDeployment("b"), inFlight: 0 },
    ];
    const random = createSeededRandom(77);
    const shares = measureShares(10_000, () => balancer.pick(views, { random }));
    expect(shares.has("busy")).toBe(false);
    expect(Math.abs((shares.get("a") ?? 0) - 0.5)).toBeLessThanOrEqual(0.02);
    expect(Math.abs((shares.get("b") ?? 0) - 0.5)).toBeLessThanOrEqual(0.02);
  });

  it("counts an unread in-flight count as 0", () => {
    const balancer = createLeastBusyBalancer();
    const views = [{ deployment: makeDeployment("a"), inFlight: 1 }, { deployment: makeDeployment("unread") }];
    expect(balancer.pick(views, { random: () => 0.99 })?.id).toBe("unread");
  });
});
