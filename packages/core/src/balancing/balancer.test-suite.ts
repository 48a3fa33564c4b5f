import { describe, expect, it } from "vitest";
import type { Balancer, DeploymentView } from "./balancer.js";
import { createSeededRandom, makeDeployment, measureShares } from "./fixtures/deployments.js";

const EDGE_RANDOMS: ReadonlyArray<readonly [string, number]> = [
  ["0", 0],
  ["just under 1", 1 - Number.EPSILON],
  ["1 (a misbehaving source)", 1],
  ["negative", -0.5],
  ["NaN", Number.NaN],
];

/** Candidates with every input a strategy may read set to a random, possibly missing, value. */
function makeRandomViews(random: () => number, count: number): DeploymentView[] {
  const maybe = (value: number) => (random() < 0.3 ? undefined : value);
  return Array.from({ length: count }, (_, index) => {
    const rpm = maybe(1 + Math.floor(random() * 100));
    const tpm = maybe(1000 + Math.floor(random() * 10_000));
    const deployment = makeDeployment(`d${index}`, { index, weight: maybe(Math.floor(random() * 5)), rpm, tpm });
    return {
      deployment,
      inFlight: Math.floor(random() * 4),
      latencyMs: maybe(50 + random() * 500),
      rpmUsed: rpm === undefined ? 0 : Math.floor(random() * rpm),
      tpmUsed: tpm === undefined ? 0 : Math.floor(random() * tpm),
    };
  });
}

const deepFreeze = (views: DeploymentView[]): readonly DeploymentView[] =>
  Object.freeze(views.map((view) => Object.freeze({ ...view, deployment: Object.freeze({ ...view.deployment }) })));

/**
 * The contract every `Balancer` passes, whatever its strategy.
 * Tolerance: equal candidates each get 1/n of 10,000 seeded picks ± 2 percentage points (about 4.5 σ).
 */
export function describeBalancer(name: string, create: () => Balancer): void {
  describe(`${name} (shared balancer suite)`, () => {
    it("returns undefined when there are no candidates", () => {
      const balancer = create();
      expect(balancer.pick([], { random: () => 0.5 })).toBeUndefined();
      for (const [, value] of EDGE_RANDOMS) expect(balancer.pick([], { random: () => value })).toBeUndefined();
    });

    it("always returns the single candidate, whatever the random source gives", () => {
      const balancer = create();
      const only = makeDeployment("only", { weight: 0, rpm: 5, tpm: 10 });
      const views = [{ deployment: only, inFlight: 99, latencyMs: 9999, rpmUsed: 4, tpmUsed: 9 }];
      for (const [, value] of EDGE_RANDOMS) expect(balancer.pick(views, { random: () => value })).toBe(only);
      const random = createSeededRandom(7);
      for (let run = 0; run < 200; run++) expect(balancer.pick(views, { random })).toBe(only);
    });

    it("returns one of the candidates (the same object) over many mixed inputs", () => {
      const balancer = create();
      const random = createSeededRandom(11);
      for (let round = 0; round < 500; round++) {
        const views = makeRandomViews(random, 1 + Math.floor(random() * 6));
        const picked = balancer.pick(views, { random });
        expect(views.some((view) => view.deployment === picked)).toBe(true);
      }
    });

    it("never picks outside the list, even at the edges of the random range", () => {
      const balancer = create();
      const views = makeRandomViews(createSeededRandom(3), 5);
      for (const [label, value] of EDGE_RANDOMS) {
        const picked = balancer.pick(views, { random: () => value });
        expect(views.some((view) => view.deployment === picked), label).toBe(true);
      }
    });

    it("is deterministic for a seeded random source", () => {
      const views = makeRandomViews(createSeededRandom(5), 6);
      const run = (seed: number) => {
        const balancer = create();
        const random = createSeededRandom(seed);
        return Array.from({ length: 300 }, () => balancer.pick(views, { random })?.id);
      };
      expect(run(42)).toEqual(run(42));
    });

    it("does not mutate the candidates", () => {
      const balancer = create();
      const views = makeRandomViews(createSeededRandom(9), 4);
      const before = structuredClone(views);
      expect(() => balancer.pick(deepFreeze(views), { random: createSeededRandom(1) })).not.toThrow();
      balancer.pick(views, { random: createSeededRandom(2) });
      expect(views).toEqual(before);
    });

    it("spreads picks evenly over equal candidates (each 25% ± 2% of 10,000 picks)", () => {
      const balancer = create();
      const views = ["a", "b", "c", "d"].map((id) => ({
        deployment: makeDeployment(id, { rpm: 100, tpm: 10_000 }),
        inFlight: 2,
        latencyMs: 120,
        rpmUsed: 10,
        tpmUsed: 1000,
      }));
      const random = createSeededRandom(2024);
      const shares = measureShares(10_000, () => balancer.pick(views, { random }));
      expect([...shares.keys()].sort()).toEqual(["a", "b", "c", "d"]);
      for (const share of shares.values()) expect(Math.abs(share - 0.25)).toBeLessThanOrEqual(0.02);
    });

    it("declares which measurements it reads", () => {
      const balancer = create();
      expect(balancer.name).toMatch(/^[a-z-]+$/);
      for (const need of balancer.needs) expect(["inFlight", "latency", "usage"]).toContain(need);
      expect(new Set(balancer.needs).size).toBe(balancer.needs.length);
    });
  });
}
