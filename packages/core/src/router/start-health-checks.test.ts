import { describe, expect, it } from "vitest";
import { createDeploymentHealth } from "../balancing/deployment-health.js";
import { makeDeployment } from "../balancing/fixtures/deployments.js";
import { createTestClock } from "../balancing/fixtures/test-state.js";
import { createMemoryState } from "../counters/create-memory-state.js";
import type { ResolvedDeployment } from "../config/types.js";
import type { UpstreamResponse } from "../upstream/upstream-client.js";
import type { HealthCheckDeps, HealthCheckResult, HealthProbe } from "./start-health-checks.js";
import { startHealthChecks } from "./start-health-checks.js";

const ERROR_TYPES: Record<number, string> = { 400: "ValidationException", 429: "ThrottlingException", 500: "InternalServerException" };

function answer(status: number): UpstreamResponse {
  const errorType = ERROR_TYPES[status];
  return {
    status,
    headers: errorType ? { "x-amzn-errortype": errorType } : {},
    body: Object.assign((async function* () {})(), { destroy: () => undefined, discard: () => undefined, readAll: async () => new Uint8Array(0) }),
  };
}

interface FakeTimer {
  run?: () => void;
  ms?: number;
  unrefed: boolean;
  cleared: boolean;
}

function setup(probe: HealthProbe, deployments: ResolvedDeployment[], allowedFails = 0) {
  const clock = createTestClock();
  const health = createDeploymentHealth({
    state: createMemoryState({ clock, sweepIntervalMs: 0 }),
    clock,
    settings: { allowedFails, cooldownTimeSec: 5 },
  });
  const timer: FakeTimer = { unrefed: false, cleared: false };
  const results: HealthCheckResult[] = [];
  const deps: HealthCheckDeps = {
    deployments,
    intervalMs: 30_000,
    health,
    probe,
    clock,
    onResult: (result) => results.push(result),
    setInterval: (run, ms) => {
      Object.assign(timer, { run, ms });
      return { unref: () => (timer.unrefed = true) };
    },
    clearInterval: () => (timer.cleared = true),
  };
  return { checks: startHealthChecks(deps), health, timer, results, clock };
}

const A = makeDeployment("a");
const B = makeDeployment("b", { region: "us-west-2" });
const C = makeDeployment("c", { region: "eu-central-1" });

describe("startHealthChecks", () => {
  it("cools a failing deployment down like a failed call; a success or a client error records nothing", async () => {
    const statuses: Record<string, number> = { a: 500, b: 200, c: 400 };
    const { checks, health, clock } = setup(async (deployment) => answer(statuses[deployment.id]!), [A, B, C]);
    const results = await checks.checkAll();
    expect(results.map((result) => [result.deployment.id, result.outcome, result.status])).toEqual([
      ["a", "server", 500],
      ["b", "success", 200],
      ["c", "client", 400],
    ]);
    expect(results[0]!.cooldownUntil).toBe(clock() + 5000);
    const cooling = await health.isCoolingDown(["a", "b", "c"]);
    expect([...cooling.values()]).toEqual([clock() + 5000, undefined, undefined]);
    const snapshots = await health.snapshot([A, B, C]);
    // no latency from a CountTokens answer: it would make every deployment look fast to latency-based routing
    expect(snapshots.map((snapshot) => [snapshot.status, snapshot.latencyMs])).toEqual([
      ["cooling-down", undefined],
      ["healthy", undefined],
      ["healthy", undefined],
    ]);
  });

  it("counts failures towards allowed_fails; a throttle or a thrown connection error are failures too", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    const probe: HealthProbe = async (deployment) => {
      if (deployment.id === "c") throw refused;
      return answer(deployment.id === "a" ? 500 : 429);
    };
    const { checks, health } = setup(probe, [A, B, C], 1);
    const first = await checks.checkAll();
    expect(first.map((result) => [result.outcome, result.cooldownUntil !== undefined])).toEqual([
      ["server", false],
      ["throttle", true],
      ["connection", false],
    ]);
    const second = await checks.checkAll();
    // the second failure is more than allowed_fails (1); b's cooldown was already running
    expect(second.map((result) => result.cooldownUntil !== undefined)).toEqual([true, false, true]);
    expect([...(await health.isCoolingDown(["a", "b", "c"])).values()].every((until) => until !== undefined)).toBe(true);
  });

  it("runs a round each interval on an unref'd timer, never two rounds at once, and stop() clears the timer", async () => {
    const pending: Array<() => void> = [];
    let probes = 0;
    const probe: HealthProbe = () => {
      probes++;
      return new Promise((resolve) => pending.push(() => resolve(answer(200))));
    };
    const { checks, timer, results } = setup(probe, [A, B]);
    expect(timer).toMatchObject({ ms: 30_000, unrefed: true, cleared: false });
    timer.run!();
    timer.run!();
    expect(probes).toBe(2);
    for (const resolve of pending.splice(0)) resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(results).toHaveLength(2);
    timer.run!();
    expect(probes).toBe(4);
    checks.stop();
    expect(timer.cleared).toBe(true);
    // checks in flight at stop() are dropped, and the timer's late ticks do nothing
    for (const resolve of pending.splice(0)) resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    timer.run!();
    expect(probes).toBe(4);
    expect(results).toHaveLength(2);
  });

  it("hands the probe a signal that stop() aborts", async () => {
    let signal: AbortSignal | undefined;
    const { checks, timer } = setup((_, given) => {
      signal = given;
      return new Promise(() => undefined);
    }, [A]);
    timer.run!();
    expect(signal?.aborted).toBe(false);
    checks.stop();
    expect(signal?.aborted).toBe(true);
  });
});
