import { describe, expect, it } from "vitest";
import type { RoutingStrategy } from "../config/types.js";
import { describeBalancer } from "./balancer.test-suite.js";
import { createBalancer } from "./create-balancer.js";
import { createSeededRandom, makeDeployment } from "./fixtures/deployments.js";

const STRATEGIES: Record<RoutingStrategy, readonly string[]> = {
  "simple-shuffle": [],
  "least-busy": ["inFlight"],
  "latency-based-routing": ["latency"],
  "usage-based-routing": ["usage"],
};

for (const strategy of Object.keys(STRATEGIES) as RoutingStrategy[]) {
  describeBalancer(strategy, () => createBalancer(strategy));
}
describeBalancer("latency-based-routing, buffer 0", () => createBalancer("latency-based-routing", { latency: { buffer: 0 } }));

describe("createBalancer", () => {
  it("builds the balancer named by each routing strategy, reading only what it needs", () => {
    for (const [strategy, needs] of Object.entries(STRATEGIES) as Array<[RoutingStrategy, readonly string[]]>) {
      const balancer = createBalancer(strategy);
      expect(balancer.name).toBe(strategy);
      expect(balancer.needs).toEqual(needs);
    }
  });

  it("passes the latency buffer to latency-based-routing", () => {
    const views = [
      { deployment: makeDeployment("fast"), latencyMs: 100 },
      { deployment: makeDeployment("slower"), latencyMs: 150 },
    ];
    const picks = (buffer: number) => {
      const balancer = createBalancer("latency-based-routing", { latency: { buffer } });
      const random = createSeededRandom(1);
      return new Set(Array.from({ length: 200 }, () => balancer.pick(views, { random })?.id));
    };
    expect(picks(0.1)).toEqual(new Set(["fast"]));
    expect(picks(0.5)).toEqual(new Set(["fast", "slower"]));
  });
});
