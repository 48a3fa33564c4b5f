import { describe, expect, it } from "vitest";
import type { DeploymentHealthDeps } from "./deployment-health.js";
import { createDeploymentHealth, DEFAULT_SLOT_TTL_MS } from "./deployment-health.js";
import { formatDeploymentKey } from "./deployment-keys.js";
import { makeDeployment } from "./fixtures/deployments.js";
import { createCountingState, createTestClock } from "./fixtures/test-state.js";

function setup(settings: Partial<DeploymentHealthDeps["settings"]> = {}) {
  const clock = createTestClock();
  const { state, calls } = createCountingState(clock);
  const deps = { state, clock, settings: { allowedFails: 3, cooldownTimeSec: 5, ...settings } };
  return { clock, state, calls, deps, health: createDeploymentHealth(deps) };
}

const cooldownOf = async (health: ReturnType<typeof setup>["health"], id: string) => (await health.isCoolingDown([id])).get(id);

describe("deployment health: cooldowns", () => {
  it("cools a deployment down for cooldown_time after more than allowed_fails failures within a minute", async () => {
    const { health, clock } = setup({ allowedFails: 3, cooldownTimeSec: 5 });
    for (let fail = 1; fail <= 3; fail++) {
      expect(await health.recordFailure("a", { kind: "server" })).toEqual({ recentFailures: fail });
      clock.advance(1000);
    }
    expect(await cooldownOf(health, "a")).toBeUndefined();
    const until = clock() + 5000;
    expect(await health.recordFailure("a", { kind: "timeout" })).toEqual({ recentFailures: 4, cooldownUntil: until, cooldownStarted: true });
    expect(await cooldownOf(health, "a")).toBe(until);
    clock.advance(4999);
    expect(await cooldownOf(health, "a")).toBe(until);
    clock.advance(1);
    expect(await cooldownOf(health, "a")).toBeUndefined();
  });

  it("forgets failures older than the minute window", async () => {
    const { health, clock } = setup({ allowedFails: 2 });
    await health.recordFailure("a", { kind: "server" });
    await health.recordFailure("a", { kind: "connection" });
    clock.advance(120_000);
    expect(await health.recordFailure("a", { kind: "server" })).toEqual({ recentFailures: 1 });
    expect(await cooldownOf(health, "a")).toBeUndefined();
  });

  it("cools down at once on a throttle, and on the first failure when allowed_fails is 0", async () => {
    const throttled = setup({ allowedFails: 3, cooldownTimeSec: 5 });
    const outcome = await throttled.health.recordFailure("a", { kind: "throttle" });
    expect(outcome).toEqual({ recentFailures: 1, cooldownUntil: throttled.clock() + 5000, cooldownStarted: true });
    const strict = setup({ allowedFails: 0, cooldownTimeSec: 7 });
    expect((await strict.health.recordFailure("a", { kind: "server" })).cooldownUntil).toBe(strict.clock() + 7000);
  });

  it("honours a longer Retry-After (from any failure, at once), capped at 5 minutes; a shorter one keeps cooldown_time", async () => {
    const { health, clock } = setup({ allowedFails: 3, cooldownTimeSec: 5 });
    expect((await health.recordFailure("long", { kind: "server", retryAfterMs: 20_000 })).cooldownUntil).toBe(clock() + 20_000);
    expect((await health.recordFailure("short", { kind: "throttle", retryAfterMs: 1000 })).cooldownUntil).toBe(clock() + 5000);
    expect((await health.recordFailure("huge", { kind: "throttle", retryAfterMs: 3_600_000 })).cooldownUntil).toBe(clock() + 300_000);
    const capped = setup({ cooldownTimeSec: 5, maxRetryAfterMs: 10_000 });
    expect((await capped.health.recordFailure("a", { kind: "throttle", retryAfterMs: 60_000 })).cooldownUntil).toBe(capped.clock() + 10_000);
  });

  it("never shortens a running cooldown", async () => {
    const { health, clock } = setup({ cooldownTimeSec: 5 });
    const long = (await health.recordFailure("a", { kind: "throttle", retryAfterMs: 60_000 })).cooldownUntil;
    clock.advance(1000);
    expect(await health.recordFailure("a", { kind: "throttle" })).toMatchObject({ cooldownUntil: long, cooldownStarted: false });
    expect(await cooldownOf(health, "a")).toBe(long);
    clock.advance(58_000);
    const extended = clock() + 5000;
    expect(await health.recordFailure("a", { kind: "throttle" })).toMatchObject({ cooldownUntil: extended, cooldownStarted: true });
  });

  it("with cooldown_time 0 only an upstream Retry-After cools down", async () => {
    const { health, clock } = setup({ allowedFails: 0, cooldownTimeSec: 0 });
    expect(await health.recordFailure("a", { kind: "throttle" })).toEqual({ recentFailures: 1 });
    expect(await cooldownOf(health, "a")).toBeUndefined();
    expect((await health.recordFailure("a", { kind: "throttle", retryAfterMs: 2000 })).cooldownUntil).toBe(clock() + 2000);
  });

  it("answers for many ids in one read, and is shared by every instance over the same state", async () => {
    const { deps, calls, clock } = setup({ allowedFails: 0 });
    const instanceA = createDeploymentHealth(deps);
    const instanceB = createDeploymentHealth(deps);
    await instanceA.recordFailure("b", { kind: "server" });
    calls.clear();
    const cooling = await instanceB.isCoolingDown(["a", "b", "c"]);
    expect(cooling).toEqual(new Map([["a", undefined], ["b", clock() + 5000], ["c", undefined]]));
    expect(calls).toEqual(new Map([["getValues", 1]]));
  });

  it("keeps its records under dep:{id}:... keys, with the id percent-encoded", async () => {
    const { health, state, clock } = setup({ allowedFails: 0 });
    await health.recordFailure("group:eu-1", { kind: "server" });
    expect(await state.getValues(["dep:group%3Aeu-1:cooldown"])).toEqual([String(clock() + 5000)]);
    expect(await state.peek(formatDeploymentKey("group:eu-1", "fails"), 60_000)).toBe(1);
  });
});

describe("deployment health: in-flight slots", () => {
  it("admits up to max_parallel_requests and frees a slot on release", async () => {
    const { health } = setup();
    const deployment = makeDeployment("a", { maxParallelRequests: 2 });
    expect(await health.acquireSlot(deployment, "r1")).toEqual({ allowed: true, inFlight: 1 });
    expect(await health.acquireSlot(deployment, "r2")).toEqual({ allowed: true, inFlight: 2 });
    expect(await health.acquireSlot(deployment, "r3")).toEqual({ allowed: false, inFlight: 2 });
    await health.releaseSlot("a", "r1");
    expect(await health.acquireSlot(deployment, "r3")).toEqual({ allowed: true, inFlight: 2 });
  });

  it("frees a slot never released after the deployment's timeout (default 600 s)", async () => {
    const { health, clock } = setup();
    const timed = makeDeployment("timed", { timeoutMs: 30_000 });
    const plain = makeDeployment("plain");
    await health.acquireSlot(timed, "r1");
    await health.acquireSlot(plain, "r1");
    clock.advance(30_000);
    expect((await health.readViews([timed, plain], ["inFlight"])).map((view) => view.inFlight)).toEqual([0, 1]);
    clock.advance(DEFAULT_SLOT_TTL_MS - 30_000);
    expect((await health.readViews([plain], ["inFlight"]))[0]?.inFlight).toBe(0);
  });

  it("has no parallel limit without max_parallel_requests", async () => {
    const { health } = setup();
    const deployment = makeDeployment("a");
    for (let slot = 0; slot < 500; slot++) expect((await health.acquireSlot(deployment, `r${slot}`)).allowed).toBe(true);
  });
});

describe("deployment health: latency", () => {
  it("keeps an exponentially weighted average (alpha 0.25) shared across instances", async () => {
    const { health, deps } = setup();
    await health.recordSuccess("a", 200);
    await health.recordSuccess("a", 400);
    const other = createDeploymentHealth(deps);
    expect((await other.readViews([makeDeployment("a")], ["latency"]))[0]?.latencyMs).toBe(250);
  });

  it("folds a timed-out attempt's duration in, so a deployment that times out stops looking fast", async () => {
    const { health } = setup();
    await health.recordSuccess("a", 100);
    await health.recordFailure("a", { kind: "timeout", latencyMs: 10_100 });
    await health.recordFailure("a", { kind: "server", latencyMs: 99_999 });
    expect((await health.readViews([makeDeployment("a")], ["latency"]))[0]?.latencyMs).toBe(2600);
  });

  it("forgets the average an hour after the last sample (configurable)", async () => {
    const { health, clock, deps } = setup();
    await health.recordSuccess("a", 100);
    clock.advance(3_600_000);
    expect((await health.readViews([makeDeployment("a")], ["latency"]))[0]).not.toHaveProperty("latencyMs");
    const short = createDeploymentHealth({ ...deps, latencyTtlMs: 1000, latencyAlpha: 0.5 });
    await short.recordSuccess("b", 100);
    await short.recordSuccess("b", 300);
    expect((await short.readViews([makeDeployment("b")], ["latency"]))[0]?.latencyMs).toBe(200);
    clock.advance(1000);
    expect((await short.readViews([makeDeployment("b")], ["latency"]))[0]?.latencyMs).toBeUndefined();
  });
});

describe("deployment health: rpm/tpm", () => {
  it("counts requests against rpm and refuses the one that does not fit, with a Retry-After", async () => {
    const { health, clock } = setup();
    const deployment = makeDeployment("a", { rpm: 2 });
    expect(await health.reserveRequest(deployment)).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(await health.checkDeploymentLimits(deployment)).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(await health.reserveRequest(deployment)).toEqual({ allowed: true, retryAfterMs: 0 });
    const refused = await health.reserveRequest(deployment);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect((await health.checkDeploymentLimits(deployment)).allowed).toBe(false);
    clock.advance(refused.retryAfterMs);
    expect((await health.reserveRequest(deployment)).allowed).toBe(true);
  });

  it("refuses a deployment whose tpm is used up, without counting the refused request", async () => {
    const { health, state } = setup();
    const deployment = makeDeployment("a", { rpm: 10, tpm: 1000 });
    await health.reserveRequest(deployment);
    await health.recordTokens("a", 999);
    expect((await health.checkDeploymentLimits(deployment)).allowed).toBe(true);
    await health.recordTokens("a", 1);
    const check = await health.checkDeploymentLimits(deployment);
    expect(check.allowed).toBe(false);
    expect(check.retryAfterMs).toBeGreaterThan(0);
    expect((await health.reserveRequest(deployment)).allowed).toBe(false);
    expect(await state.peek(formatDeploymentKey("a", "rpm"), 60_000)).toBe(1);
    const unlimitedRpm = makeDeployment("b", { tpm: 10 });
    await health.recordTokens("b", 10);
    expect((await health.reserveRequest(unlimitedRpm)).allowed).toBe(false);
    expect(await state.peek(formatDeploymentKey("b", "rpm"), 60_000)).toBe(0);
  });

  it("checks a deployment without limits without any read, and still counts its requests and tokens", async () => {
    const { health, calls } = setup();
    const deployment = makeDeployment("free");
    calls.clear();
    expect(await health.checkDeploymentLimits(deployment)).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(calls.size).toBe(0);
    await health.reserveRequest(deployment);
    await health.recordTokens("free", 300);
    await health.recordTokens("free", 0);
    await health.recordTokens("free", Number.NaN);
    const [snapshot] = await health.snapshot([deployment]);
    expect(snapshot).toMatchObject({ rpmUsed: 1, tpmUsed: 300 });
  });
});

describe("deployment health: views and snapshot", () => {
  it("reads only what the balancer needs", async () => {
    const { health, calls } = setup();
    const deployments = [makeDeployment("a", { rpm: 10 }), makeDeployment("b")];
    await health.reserveRequest(deployments[0]!);
    await health.acquireSlot(deployments[1]!, "r1");
    await health.recordSuccess("a", 120);

    calls.clear();
    expect(await health.readViews(deployments, [])).toEqual(deployments.map((deployment) => ({ deployment })));
    expect(calls.size).toBe(0);

    calls.clear();
    expect((await health.readViews(deployments, ["inFlight"])).map((view) => view.inFlight)).toEqual([0, 1]);
    expect([...calls.keys()]).toEqual(["countSlots"]);

    calls.clear();
    expect((await health.readViews(deployments, ["latency"])).map((view) => view.latencyMs)).toEqual([120, undefined]);
    expect(calls).toEqual(new Map([["getValues", 1]]));

    calls.clear();
    const usage = await health.readViews(deployments, ["usage"]);
    expect(usage.map((view) => [view.rpmUsed, view.tpmUsed])).toEqual([[1, 0], [0, 0]]);
    expect(calls).toEqual(new Map([["peek", 1]])); // only a's rpm: b has no limits, a no tpm
  });

  it("snapshots health, cooldown, in-flight, latency and usage for /model/info", async () => {
    const { health, clock } = setup({ allowedFails: 1 });
    const deployments = [
      makeDeployment("ok", { rpm: 100, tpm: 5000, maxParallelRequests: 4 }),
      makeDeployment("flaky"),
      makeDeployment("cold"),
    ];
    await health.reserveRequest(deployments[0]!);
    await health.recordTokens("ok", 420);
    await health.acquireSlot(deployments[0]!, "r1");
    await health.recordSuccess("ok", 300);
    await health.recordFailure("flaky", { kind: "server" });
    await health.recordFailure("cold", { kind: "throttle", retryAfterMs: 9000 });

    expect(await health.snapshot(deployments)).toEqual([
      { id: "ok", modelName: "claude", status: "healthy", recentFailures: 0, inFlight: 1, latencyMs: 300, rpmUsed: 1, tpmUsed: 420, rpm: 100, tpm: 5000, maxParallelRequests: 4 },
      { id: "flaky", modelName: "claude", status: "degraded", recentFailures: 1, inFlight: 0, rpmUsed: 0, tpmUsed: 0 },
      { id: "cold", modelName: "claude", status: "cooling-down", cooldownUntil: clock() + 9000, recentFailures: 1, inFlight: 0, rpmUsed: 0, tpmUsed: 0 },
    ]);
  });
});
