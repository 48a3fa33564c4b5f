import { describe, expect, it } from "vitest";
import type { RegionSpec } from "./support/router-harness.js";
import {
  converse,
  countCallsByRegion,
  readDeploymentHealth,
  runConcurrently,
  useRouterEnvironment,
} from "./support/router-harness.js";

// Each strategy gets its own gateway process in front of three simulators, one per region; a deployment per
// region, so the simulator that saw a call names the deployment that served it.
const REGIONS = ["us-east-1", "us-west-2", "eu-central-1"] as const;
const regions = (overrides: Partial<Record<(typeof REGIONS)[number], Omit<RegionSpec, "region">>> = {}): RegionSpec[] =>
  REGIONS.map((region) => ({ region, ...overrides[region] }));
const deployments = (group: string, params: Array<Record<string, unknown>> = []) =>
  REGIONS.map((region, index) => ({ group, id: `${group}-${region}`, region, params: params[index] ?? {} }));

describe("simple-shuffle with weights 1 : 2 : 5", () => {
  const getEnv = useRouterEnvironment({
    regions: regions(),
    deployments: deployments("claude", [{ weight: 1 }, { weight: 2 }, { weight: 5 }]),
    router: { routing_strategy: "simple-shuffle" },
  });

  it("spreads 800 calls in proportion to the weights (each share within ±6 points, ≥ 3.5 σ)", async () => {
    const calls = 800;
    const answers = await runConcurrently(calls, 16, (index) => converse(getEnv().gateway.url, "claude", `shuffle ${index}`));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const counts = countCallsByRegion(getEnv());
    const shares = Object.fromEntries(Object.entries(counts).map(([region, count]) => [region, count / calls]));
    expect(counts["us-east-1"]! + counts["us-west-2"]! + counts["eu-central-1"]!).toBe(calls);
    expect(Math.abs(shares["us-east-1"]! - 1 / 8)).toBeLessThanOrEqual(0.06);
    expect(Math.abs(shares["us-west-2"]! - 2 / 8)).toBeLessThanOrEqual(0.06);
    expect(Math.abs(shares["eu-central-1"]! - 5 / 8)).toBeLessThanOrEqual(0.06);
  });
});

describe("least-busy", () => {
  // every region answers after 600 ms, so calls started 20 ms apart are all in flight together
  const getEnv = useRouterEnvironment({
    regions: regions({ "us-east-1": { latencyMs: 600 }, "us-west-2": { latencyMs: 600 }, "eu-central-1": { latencyMs: 600 } }),
    deployments: deployments("claude"),
    router: { routing_strategy: "least-busy" },
  });

  it("sends each new call to the deployment with the fewest in flight: 15 overlapping calls split exactly 5 / 5 / 5, twice", async () => {
    // a random pick would split two waves of 15 exactly evenly with probability (756756 / 3^15)^2 ≈ 0.3 %
    for (let wave = 0; wave < 2; wave++) {
      const pending: Array<Promise<{ status: number }>> = [];
      for (let index = 0; index < 15; index++) {
        pending.push(converse(getEnv().gateway.url, "claude", `busy ${wave}-${index}`));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect((await Promise.all(pending)).map((answer) => answer.status)).toEqual(new Array(15).fill(200));
      const expected = (wave + 1) * 5;
      expect(countCallsByRegion(getEnv())).toEqual({ "us-east-1": expected, "us-west-2": expected, "eu-central-1": expected });
    }
  });
});

describe("latency-based-routing with one slow region", () => {
  const getEnv = useRouterEnvironment({
    regions: regions({ "us-east-1": { latencyMs: 20 }, "us-west-2": { latencyMs: 20 }, "eu-central-1": { latencyMs: 250 } }),
    deployments: deployments("claude"),
    router: { routing_strategy: "latency-based-routing" },
  });

  it("measures each deployment once, then never sends to the slow one (0 of 60 calls)", async () => {
    const url = getEnv().gateway.url;
    // an unmeasured deployment counts as the fastest: three calls in a row measure all three, one each
    for (let index = 0; index < 3; index++) expect((await converse(url, "claude", `warm ${index}`)).status).toBe(200);
    expect(countCallsByRegion(getEnv())).toEqual({ "us-east-1": 1, "us-west-2": 1, "eu-central-1": 1 });
    const answers = await runConcurrently(60, 4, (index) => converse(url, "claude", `fast ${index}`));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const counts = countCallsByRegion(getEnv());
    expect(counts["eu-central-1"]).toBe(1);
    expect(counts["us-east-1"]! + counts["us-west-2"]!).toBe(62);
    const health = await readDeploymentHealth(url);
    expect(health.get("claude-eu-central-1")?.latencyMs).toBeGreaterThanOrEqual(250);
    expect(health.get("claude-us-east-1")?.latencyMs).toBeLessThan(150);
  });
});

describe("usage-based-routing with rpm limits 10 / 20 / 30", () => {
  const getEnv = useRouterEnvironment({
    regions: regions(),
    deployments: deployments("claude", [{ rpm: 10 }, { rpm: 20 }, { rpm: 30 }]),
    router: { routing_strategy: "usage-based-routing" },
  });

  it("keeps the deployments equally far below their limits, fills them exactly, then answers 429 with the wait", async () => {
    const url = getEnv().gateway.url;
    for (let index = 0; index < 30; index++) expect((await converse(url, "claude", `usage ${index}`)).status).toBe(200);
    // halfway through the window's capacity, each has used about half its rpm (±1 for random tie-breaks)
    const half = countCallsByRegion(getEnv());
    expect(Math.abs(half["us-east-1"]! - 5)).toBeLessThanOrEqual(1);
    expect(Math.abs(half["us-west-2"]! - 10)).toBeLessThanOrEqual(1);
    expect(Math.abs(half["eu-central-1"]! - 15)).toBeLessThanOrEqual(1);
    for (let index = 30; index < 60; index++) expect((await converse(url, "claude", `usage ${index}`)).status).toBe(200);
    expect(countCallsByRegion(getEnv())).toEqual({ "us-east-1": 10, "us-west-2": 20, "eu-central-1": 30 });
    const refused = await converse(url, "claude", "one too many");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("x-amzn-errortype")).toBe("ThrottlingException");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(JSON.parse(refused.text).message).toContain(`retry in ${retryAfter} s`);
    expect(countCallsByRegion(getEnv())).toEqual({ "us-east-1": 10, "us-west-2": 20, "eu-central-1": 30 });
    const health = await readDeploymentHealth(url);
    expect([...health.values()].map((entry) => entry.rpmUsed)).toEqual([10, 20, 30]);
  });
});
